// Rows written through the access node into a distributed hypertable.
//
// One DistInserter per INSERT or COPY statement. Each row is routed to its
// chunk (the last chunk is checked first; a new chunk is created on its data
// nodes), encoded once in binary COPY format and appended to the buffer of
// every node holding the chunk. Buffers are sent with one COPY ... FROM STDIN
// per node into the node's member hypertable (which routes the rows to the
// chunk tables already created there), started on all nodes, streamed, then
// ended on all nodes: when a buffer limit is reached and at the end of the
// statement. Every written node is marked written in the distributed
// transaction. PG zone.
#pragma once

#include "catalog/chunk_store.hpp"

extern "C"
{
#include "executor/tuptable.h"
}

namespace tsdist::dist
{

struct DistInserter;

// An inserter for rows of distributed hypertable `ht` whose table has
// layout `desc`. Allocated in the current memory context.
DistInserter *dist_inserter_create(const catalog::Hypertable *ht, TupleDesc desc, bool for_copy);

// Routes and buffers one row (hypertable layout); may flush.
void dist_inserter_add(DistInserter *di, TupleTableSlot *slot);

// Sends every buffered row to its nodes.
void dist_inserter_flush(DistInserter *di);

} // namespace tsdist::dist
