// UPDATE of a partitioning column: a row may change its values only within
// its chunk's hypercube. Moving rows between chunks is not supported; the
// guard trigger on every chunk says so before the chunk's CHECK constraint
// would fail with a less telling message.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::hypertable
{

// The hypertable `relid` is a chunk of (its inheritance parent, when that is
// a hypertable), or InvalidOid.
Oid chunk_hypertable(Oid relid);

// Raises unless `tuple` (new version of a row of chunk `chunk_rel`) still
// belongs to that chunk.
void check_row_stays_in_chunk(Relation chunk_rel, HeapTuple tuple);

} // namespace tsdist::hypertable
