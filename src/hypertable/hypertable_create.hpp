// Turning a table into a local hypertable (create_hypertable).
#pragma once

#include "pg/pg.hpp"

namespace tsdist::hypertable
{

// The arguments of create_hypertable, already read from SQL.
struct CreateOptions
{
	Oid relid;
	const char *time_column;
	const char *space_column; // NULL: no space dimension
	int32 number_partitions;  // 0: not given
	const char *associated_schema;
	const char *associated_prefix;
	bool has_interval;
	Datum interval;
	Oid interval_type;
	bool create_default_indexes;
	bool if_not_exists;
	Oid partitioning_func; // InvalidOid: the default hash
	bool migrate_data;
	int16 replication_factor; // 0 local, > 0 distributed (access node), -1 member (data node)
};

struct CreateResult
{
	int32 hypertable_id;
	bool created;
};

// Creates the hypertable (or reports an existing one with if_not_exists).
CreateResult hypertable_create(const CreateOptions *opts);

// Checks that a unique index on `relid` with key columns `attnos` includes
// every partitioning column of the hypertable `relid` (no-op otherwise).
void check_unique_index_columns(Oid relid, const int16 *attnos, int nattnos);

} // namespace tsdist::hypertable
