// Catalog rows of distributed hypertables: hypertable_data_node (which data
// nodes a hypertable uses) and chunk_data_node (where each chunk lives),
// plus the few hypertable/dimension fields distribution changes. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

// One data node attached to a hypertable.
struct HypertableDataNode
{
	NameData node_name;
	int32 node_hypertable_id;
	bool block_chunks;
};

// Records that `node` holds the member hypertable `node_ht_id` of `ht_id`.
void hypertable_data_node_insert(int32 ht_id, const char *node, int32 node_ht_id);

// Forgets the attachment of `node` to `ht_id`.
void hypertable_data_node_delete(int32 ht_id, const char *node);

// The data nodes attached to `ht_id` (HypertableDataNode *), sorted by name.
List *hypertable_data_nodes(int32 ht_id);

// True when `node` is attached to `ht_id`.
bool hypertable_has_data_node(int32 ht_id, const char *node);

// Ids of the hypertables `node` is attached to (an integer List), ascending.
List *hypertables_of_data_node(const char *node);

// The schema and table name of hypertable `ht_id`; false when there is none.
bool hypertable_name_by_id(int32 ht_id, char **schema, char **table);

// The relation of hypertable `ht_id`, InvalidOid when it has none.
Oid hypertable_relid_by_id(int32 ht_id);

// Sets the replication factor of a hypertable.
void hypertable_set_replication_factor(int32 ht_id, int16 replication_factor);

// Sets the number of partitions of a space dimension (new chunks only).
void dimension_set_num_slices(int32 dimension_id, int16 num_slices);

// Chunks of `ht_id` whose only replica is on `node`.
int64 chunks_only_on_data_node(int32 ht_id, const char *node);

// Chunks of `ht_id` on `node` that have replicas elsewhere too.
int64 chunks_replicated_on_data_node(int32 ht_id, const char *node);

// Chunks of `ht_id` with fewer than `replicas` replicas.
int64 chunks_with_fewer_replicas(int32 ht_id, int replicas);

// Removes every chunk replica of `ht_id` on `node` from the catalog.
void chunk_data_node_delete_for(int32 ht_id, const char *node);

// Records a replica of chunk `chunk_id` on `node`.
void chunk_data_node_insert(int32 chunk_id, int32 node_chunk_id, const char *node);

} // namespace tsdist::catalog
