// Choosing chunks by time for show_chunks and drop_chunks.
#pragma once

#include "catalog/chunk_store.hpp"

namespace tsdist::hypertable
{

// A time bound argument (older_than / newer_than) as given in SQL.
struct TimeBound
{
	bool given;
	Datum value;
	Oid type;
};

// Chunks of `ht` entirely before `older_than` and entirely at or after
// `newer_than` (either may be absent), ordered by chunk id.
List *chunks_in_range(const catalog::Hypertable *ht, TimeBound older_than, TimeBound newer_than);

// Chunks of `ht` created before `created_before` and at or after
// `created_after` (either may be absent; timestamptz, timestamp, date, or an
// interval back from now()), ordered by chunk id.
List *chunks_created_in_range(const catalog::Hypertable *ht, TimeBound created_before,
                              TimeBound created_after);

} // namespace tsdist::hypertable
