// Whether the library was loaded through shared_preload_libraries.
#pragma once

namespace tsdist::pg
{

// Set once by _PG_init when it runs during shared_preload_libraries.
void mark_preloaded();
bool is_preloaded();

// Raises a clear error unless the library was preloaded (hooks need it).
void require_preloaded();

} // namespace tsdist::pg
