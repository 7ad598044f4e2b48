// Hypertable and dimension rows of the catalog.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

inline constexpr int kMaxDimensions = 4;

// One partitioning dimension: time (interval_length > 0) or space (num_slices > 0).
struct Dimension
{
	int32 id;
	NameData column_name;
	AttrNumber attno; // in the hypertable (resolved when loaded)
	Oid column_type;
	bool is_space;
	int16 num_slices;                  // space only
	NameData partitioning_func_schema; // space only; empty = our default hash
	NameData partitioning_func;
	int64 interval_length; // time only: µs for time types, the integer otherwise
};

// A hypertable as the catalog describes it; plain data, safe to copy.
struct Hypertable
{
	int32 id;
	Oid relid;
	NameData schema_name;
	NameData table_name;
	NameData associated_schema_name;
	NameData associated_table_prefix;
	int16 replication_factor; // 0 = local
	int num_dimensions;
	Dimension dimensions[kMaxDimensions]; // time dimension first
};

// Reads the hypertable of relation `relid` from the catalog; NULL if it is
// not one. Uncached (see hypertable_cache.hpp). Result in CurrentMemoryContext.
Hypertable *hypertable_load(Oid relid);

// What create_hypertable writes.
struct NewDimension
{
	const char *column_name;
	Oid column_type;
	int16 num_slices;
	const char *func_schema; // NULL = default hash
	const char *func_name;
	int64 interval_length;
};

// Inserts a hypertable row with its dimensions; returns its id.
int32 hypertable_insert(const char *schema, const char *table, const char *assoc_schema,
                        const char *assoc_prefix, int16 replication_factor, int ndims,
                        const NewDimension *dims);

// Next value the hypertable id sequence will hand out (for default prefixes).
int32 hypertable_next_id();

// Sets the interval of a time dimension (new chunks only).
void dimension_set_interval(int32 dimension_id, int64 interval_length);

// Renames the hypertable in the catalog (after ALTER TABLE RENAME / SET SCHEMA).
void hypertable_rename(int32 hypertable_id, const char *schema, const char *table);

// Renames a dimension column (after ALTER TABLE RENAME COLUMN).
void dimension_rename_column(int32 hypertable_id, const char *old_name, const char *new_name);

// Deletes hypertable rows (and dimensions, slices, chunks) by table name.
void hypertable_delete_by_name(const char *schema, const char *table);

} // namespace tsdist::catalog
