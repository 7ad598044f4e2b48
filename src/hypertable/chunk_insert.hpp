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
	TupleTableSlot *existing;   // ON CONFLICT DO UPDATE: the conflicting row
	// COPY batching
	TupleTableSlot **buffer;
	int nbuffered;
	BulkInsertState bistate;
};

// ON CONFLICT DO UPDATE of the statement, built over the hypertable's layout.
struct UpsertState
{
	ProjectionInfo *set; // the SET list (scan = existing, inner = excluded)
	ExprState *where;    // the WHERE of DO UPDATE, or NULL
	ExprContext *econtext;
	TupleTableSlot *new_row; // where `set` puts the updated row
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
	UpsertState *upsert; // set by the caller for ON CONFLICT DO UPDATE
	bool for_copy;
	int nbuffered; // COPY: rows buffered over all chunks
	MemoryContext mcxt;
};

// A router for rows of `ht` in the statement run by `estate`; `ht_rri` is the
// hypertable's result relation.
ChunkRouter *router_create(catalog::Hypertable *ht, EState *estate, ResultRelInfo *ht_rri,
                           bool for_copy, OnConflictAction on_conflict, List *arbiters);

// The dimension values (internal int64s) of the row in `slot` (hypertable
// layout); `hashers` has one per space dimension. Raises when the time
// column is NULL.
void row_point(const catalog::Hypertable *ht, SpaceHasher *const *hashers, bool for_copy,
               TupleTableSlot *slot, int64 *point);

// True when `point` lies in the hypercube of `chunk`.
bool chunk_holds(const catalog::ChunkInfo *chunk, int ndims, const int64 *point);

// The chunk of the row in `slot` (hypertable layout), created if needed.
ChunkInsertState *router_route(ChunkRouter *r, TupleTableSlot *slot);

// The row of `slot` (hypertable layout) in the chunk's layout.
TupleTableSlot *to_chunk_slot(ChunkInsertState *cis, TupleTableSlot *slot);

// BEFORE ROW triggers, stored generated columns and constraints of the chunk
// for a row about to be stored; NULL when a trigger skipped the row.
TupleTableSlot *chunk_prepare_row(ChunkInsertState *cis, EState *estate, TupleTableSlot *slot);

// Stores one row in the chunk with its index entries and AFTER ROW
// triggers. Returns the row stored: `slot`, or with ON CONFLICT DO UPDATE the
// updated row; NULL when ON CONFLICT skipped it.
TupleTableSlot *chunk_store_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot);

// Errors under REPEATABLE READ or SERIALIZABLE when the conflicting row
// `tid` is invisible to our snapshot (ON CONFLICT must not act on it).
void check_conflict_visible(EState *estate, Relation rel, ItemPointer tid);

// COPY: adds the row to the chunk's batch (flushing when batches are full).
void router_buffer_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot);

// COPY: writes every buffered batch.
void router_flush(ChunkRouter *r);

// Releases what the router holds beyond the executor's own cleanup.
void router_finish(ChunkRouter *r);

} // namespace tsdist::hypertable
