// Per-backend cache of recently used chunks, by hypercube.
//
// An INSERT or COPY routes each row through its statement's own list of
// chunks (chunk_insert.hpp, dist_insert.hpp); the first row of each chunk in a
// statement asks this cache before the catalog, so a session that keeps
// writing into the same recent chunks skips the catalog lookup. Entries are
// plain copies of catalog rows, checked on every hit against the chunk's
// table (gone after drop_chunks, DROP TABLE or a rolled-back creation) and
// dropped with the hypertable's relcache invalidation.
#pragma once

#include "catalog/chunk_store.hpp"

namespace tsdist::hypertable
{

// The cached chunk of `ht` holding `point` whose table still exists, or NULL
// (a copy in CurrentMemoryContext).
catalog::ChunkInfo *chunk_cache_find(const catalog::Hypertable *ht, const int64 *point);

// Remembers `chunk` of `ht`, replacing the least recently added entry when full.
void chunk_cache_add(const catalog::Hypertable *ht, const catalog::ChunkInfo *chunk);

} // namespace tsdist::hypertable
