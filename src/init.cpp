// Library entry: module magic and _PG_init (settings, hooks, callbacks).
#include "pg/pg.hpp"
#include "pg/entry.hpp"
#include "pg/preload.hpp"
#include "remote/connection_cache.hpp"

extern "C"
{
	PG_MODULE_MAGIC;
}

// Hooks and shared state only work when loaded at server start; a library
// loaded later (e.g. by CREATE EXTENSION) installs nothing and every entry
// point that needs the hooks refuses with a hint (pg::require_preloaded).
extern "C" void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;
	tsdist::pg::mark_preloaded();
	tsdist::remote::connection_cache_init();
}
