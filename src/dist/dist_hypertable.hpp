// Distributed hypertables on the access node: creation with member
// hypertables on data nodes, attach / detach of data nodes, replication
// factor, and dropping the members. PG zone.
#pragma once

#include "catalog/hypertable_store.hpp"
#include "hypertable/hypertable_create.hpp"

namespace tsdist::dist
{

// Largest replication factor (as in TimescaleDB 2.13: smallint).
inline constexpr int kMaxReplicationFactor = PG_INT16_MAX;

// Raises `invalid replication factor` unless 1 <= rf <= kMaxReplicationFactor.
void check_replication_factor(int replication_factor);

// create_distributed_hypertable / create_hypertable(replication_factor =>):
// chooses the data nodes (`data_nodes` NULL: every node the user has USAGE
// on), creates the hypertable locally with `replication_factor` and its
// member on every chosen node.
hypertable::CreateResult distributed_hypertable_create(hypertable::CreateOptions *opts,
                                                       int replication_factor,
                                                       ArrayType *data_nodes);

// Creates the member of `ht` on `nodes` (names) and records the attachments.
// When a node fails, the members already created are dropped again.
void create_members(const catalog::Hypertable *ht, List *nodes);

// Drops the members of distributed hypertable `ht_id` (schema.table as it is
// named in the catalog) on its data nodes once its table is gone on the
// access node; nothing for other hypertables or a table that still exists.
void drop_members(int32 ht_id);

// WARNING `insufficient number of partitions` when `partitions` < `nodes`.
void warn_if_too_few_partitions(const char *column, int partitions, int nodes);

// Sets the number of partitions of space dimension `column` on every member
// of distributed hypertable `ht`, in the distributed transaction, as the
// current user. Chunk placement and slices are decided on the access node;
// this keeps the members' catalogs (and their own inserts) consistent.
void members_set_number_partitions(const catalog::Hypertable *ht, const char *column,
                                   int partitions);

} // namespace tsdist::dist
