// Per-backend cache: relation OID → hypertable (or "not a hypertable").
//
// Entries are dropped by relcache invalidation of the relation, so every
// catalog change to a hypertable calls hypertable_cache_invalidate(relid),
// which reaches all backends at commit.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::catalog
{

// Registers the relcache callback; called once from _PG_init.
void hypertable_cache_init();

// The hypertable of `relid` (a copy in CurrentMemoryContext), or NULL when the
// relation is not a hypertable or the extension is not active.
Hypertable *hypertable_get(Oid relid);

// True when `relid` is a hypertable (cached).
bool is_hypertable(Oid relid);

// Sends a relcache invalidation for `relid` (other backends drop their entry).
void hypertable_cache_invalidate(Oid relid);

} // namespace tsdist::catalog
