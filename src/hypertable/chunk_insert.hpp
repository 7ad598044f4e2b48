// Routing rows of a hypertable to their chunks, and storing them there.
//
// One ChunkRouter per INSERT or COPY statement. It opens each chunk it routes
// to once (a ResultRelInfo with indexes, registered with the EState so the
// executor closes it and AFTER triggers find it) and remembers the last chunk
// used, so consecutive rows of one chunk cost one range check.
#pragma once

#include "catalog/chunk_store.hpp"
#include "hypertable/space_hash.hpp"

extern "C"
{
#include "access/heapam.h"
#include "access/tableam.h"
#include "executor/executor.h"
#include "nodes/nodes.h"
}

namespace tsdist::hypertable
{

// What the router keeps per chunk.
struct ChunkInsertState
{
	catalog::ChunkInfo chunk;
	ResultRelInfo *rri;
	TupleConversionMap *to_chunk; // NULL when the row layouts match
	TupleConversionMap *to_hypertable;
	TupleTableSlot *chunk_slot; // target of to_chunk
	List *arbiter_indexes;      // chunk indexes for ON CONFLICT
	bool single_insert;         // BEFORE ROW triggers: no batching (COPY)
	// COPY batching
	TupleTableSlot **buffer;
	int nbuffered;
	BulkInsertState bistate;
};

struct ChunkRouter
{
	catalog::Hypertable *ht;
	EState *estate;
	ResultRelInfo *ht_rri;
	SpaceHasher *hashers[catalog::kMaxDimensions];
	List *states;
	ChunkInsertState *last;
	OnConflictAction on_conflict;
	List *ht_arbiters;
	bool for_copy;
	int nbuffered; // COPY: rows buffered over all chunks
	MemoryContext mcxt;
};

// A router for rows of `ht` in the statement run by `estate`; `ht_rri` is the
// hypertable's result relation.
ChunkRouter *router_create(catalog::Hypertable *ht, EState *estate, ResultRelInfo *ht_rri,
                           bool for_copy, OnConflictAction on_conflict, List *arbiters);

// The chunk of the row in `slot` (hypertable layout), created if needed.
ChunkInsertState *router_route(ChunkRouter *r, TupleTableSlot *slot);

// The row of `slot` (hypertable layout) in the chunk's layout.
TupleTableSlot *to_chunk_slot(ChunkInsertState *cis, TupleTableSlot *slot);

// BEFORE ROW triggers, stored generated columns and constraints of the chunk
// for a row about to be stored; NULL when a trigger skipped the row.
TupleTableSlot *chunk_prepare_row(ChunkInsertState *cis, EState *estate, TupleTableSlot *slot);

// Stores one row in the chunk with its index entries and AFTER ROW
// triggers; with ON CONFLICT DO NOTHING returns false when it was skipped.
bool chunk_store_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot);

// COPY: adds the row to the chunk's batch (flushing when batches are full).
void router_buffer_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot);

// COPY: writes every buffered batch.
void router_flush(ChunkRouter *r);

// Releases what the router holds beyond the executor's own cleanup.
void router_finish(ChunkRouter *r);

} // namespace tsdist::hypertable
