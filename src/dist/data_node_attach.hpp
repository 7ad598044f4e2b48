// Attaching data nodes to distributed hypertables and detaching them, and
// the replication factor. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// The result row of attach_data_node.
struct AttachResult
{
	int32 hypertable_id;
	int32 node_hypertable_id;
	const char *node_name;
};

// attach_data_node: creates the member on the node and records it; with
// `repartition` raises the space partitions to the number of nodes.
AttachResult attach_data_node(const char *node, Oid relid, bool if_not_attached, bool repartition);

// detach_data_node: `relid` InvalidOid = every hypertable the node is
// attached to. Returns the number of hypertables detached.
int detach_data_node(const char *node, Oid relid, bool if_attached, bool force, bool repartition,
                     bool drop_remote_data);

// delete_data_node's first step: detaches the node from every hypertable
// with the same checks (messages say "deleting").
void detach_data_node_everywhere(const char *node, bool force, bool repartition);

// set_replication_factor: new chunks only; WARNING for under-replicated chunks.
void set_replication_factor(Oid relid, int replication_factor);

// The data nodes (a List of names) for a new chunk of `ht_id` whose slices
// start at range_starts[d] (one per dimension, in dimension order).
List *chunk_placement(int32 ht_id, const int64 *range_starts, int nslices);

} // namespace tsdist::dist
