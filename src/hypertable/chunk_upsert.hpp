// ON CONFLICT DO UPDATE into a chunk: lock the conflicting row, evaluate the
// DO UPDATE WHERE and SET over it and the proposed (excluded) row, update it.
#pragma once

#include "hypertable/chunk_insert.hpp"

namespace tsdist::hypertable
{

enum class StoreResult
{
	Stored,
	Skipped,
	Updated,
	Retry // the conflicting row changed concurrently: check the indexes again
};

// Handles the conflict of `excluded` with row `conflict` of the chunk.
StoreResult chunk_upsert(ChunkRouter *r, ChunkInsertState *cis, ItemPointer conflict,
                         TupleTableSlot *excluded, TupleTableSlot **updated);

} // namespace tsdist::hypertable
