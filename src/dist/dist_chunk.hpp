// Chunks of distributed hypertables: the access node keeps catalog rows, the
// chunk tables live on the data nodes chosen by placement. PG zone.
#pragma once

#include "catalog/chunk_store.hpp"

namespace tsdist::dist
{

// The chunk of distributed hypertable `ht` holding `point`, created when
// missing: catalog rows on the access node (under the chunk creation lock),
// the chunk table on each node chosen by chunk_placement (create_chunk with
// the same hypercube and name, in the distributed transaction) and its
// chunk_data_node rows. *nodes gets the names (char *) of the nodes holding it.
catalog::ChunkInfo *dist_chunk_find_or_create(const catalog::Hypertable *ht, const int64 *point,
                                              List **nodes);

// drop_chunks of one chunk of a distributed hypertable: drops its table on
// every data node holding it (in the distributed transaction; the nodes' own
// event trigger removes their catalog rows), then its catalog rows and its
// placeholder table here.
void dist_chunk_drop(const catalog::ChunkInfo *chunk);

// After the placeholder table of chunk `chunk_id` was dropped on the access
// node (DROP TABLE of it, called from the sql_drop event trigger): drops the
// chunk on its data nodes and its catalog rows, as dist_chunk_drop. Nothing
// while the placeholder still exists, or when the hypertable is gone too
// (its members are dropped whole).
void dist_chunk_dropped(int32 chunk_id);

} // namespace tsdist::dist
