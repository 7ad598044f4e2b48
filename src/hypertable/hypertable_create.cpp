// create_hypertable: validation, catalog rows, NOT NULL, default indexes,
// insert blocker and data migration.
#include "pg/pg.hpp"
#include "pg/search_path.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/dimension_value.hpp"
#include "hypertable/hypertable_create.hpp"

extern "C"
{
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_proc.h"
#include "executor/spi.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tsdist::hypertable
{

// Refuses relations that cannot be hypertables and callers who do not own them.
static void
validate_table(Oid relid)
{
	char kind = get_rel_relkind(relid);
	if (kind != RELKIND_RELATION)
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
		                errmsg("table \"%s\" is not a regular table", get_rel_name(relid)),
		                errhint("Hypertables are made from plain tables (not partitioned, "
		                        "foreign or views).")));
	// Its catalog rows would outlive the session and name another session's table.
	if (get_rel_persistence(relid) == RELPERSISTENCE_TEMP)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("table \"%s\" is temporary", get_rel_name(relid)),
		                errdetail("Hypertables cannot be made from temporary tables."),
		                errhint("Use a permanent table.")));
	if (!pg_class_ownercheck(relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(relid));
}

// Hypertables are inheritance parents of their chunks and nothing else.
static void
refuse_inheritance(Oid relid)
{
	if (has_superclass(relid) || has_subclass(relid))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("table \"%s\" uses inheritance", get_rel_name(relid)),
		                errdetail("Hypertables use inheritance for their chunks.")));
}

// Attribute number and type of `column` in `relid`; raises if missing.
static AttrNumber
resolve_column(Oid relid, const char *column, Oid *type)
{
	AttrNumber attno = get_attnum(relid, column);
	if (attno == InvalidAttrNumber || attno < 0)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
		                errmsg("column \"%s\" does not exist", column)));
	*type = get_atttype(relid, attno);
	return attno;
}

// True when `relid` has no rows of its own.
static bool
table_is_empty(Oid relid)
{
	int level = pg::search_path_pin();
	SPI_connect();
	SPI_execute(psprintf("SELECT FROM ONLY %s LIMIT 1",
	                     quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
	                                                get_rel_name(relid))),
	            true, 1);
	bool empty = SPI_processed == 0;
	SPI_finish();
	pg::search_path_restore(level);
	return empty;
}

// Raises unless the index key `attnos` holds `attno` (a partitioning column).
static void
require_index_column(const int16 *attnos, int n, AttrNumber attno, const char *colname)
{
	for (int i = 0; i < n; i++)
		if (attnos[i] == attno)
			return;
	ereport(ERROR, (errcode(ERRCODE_INVALID_TABLE_DEFINITION),
	                errmsg("cannot create a unique index without the column \"%s\" (used in "
	                       "partitioning)",
	                       colname),
	                errhint("If you're creating a hypertable on a table with a primary key, "
	                        "ensure the partitioning column is part of the primary or composite "
	                        "key.")));
}

void
check_unique_index_columns(Oid relid, const int16 *attnos, int nattnos)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return;
	for (int d = 0; d < ht->num_dimensions; d++)
		require_index_column(attnos, nattnos, ht->dimensions[d].attno,
		                     NameStr(ht->dimensions[d].column_name));
}

// Every existing unique index must include the partitioning columns.
static void
check_existing_indexes(Oid relid, AttrNumber *dims, const char **names, int ndims)
{
	Relation rel = table_open(relid, AccessShareLock);
	ListCell *lc;
	foreach (lc, RelationGetIndexList(rel))
	{
		HeapTuple tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index index = (Form_pg_index) GETSTRUCT(tup);
		if (index->indisunique || index->indisexclusion)
			for (int d = 0; d < ndims; d++)
				require_index_column(index->indkey.values, index->indnkeyatts, dims[d], names[d]);
		ReleaseSysCache(tup);
	}
	table_close(rel, NoLock);
}

// True when an index of `relid` starts with the columns `first` (and `second`).
static bool
has_index_starting_with(Oid relid, AttrNumber first, AttrNumber second)
{
	Relation rel = table_open(relid, AccessShareLock);
	bool found = false;
	ListCell *lc;
	foreach (lc, RelationGetIndexList(rel))
	{
		HeapTuple tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index index = (Form_pg_index) GETSTRUCT(tup);
		if (index->indkey.values[0] == first &&
		    (second == InvalidAttrNumber ||
		     (index->indnkeyatts > 1 && index->indkey.values[1] == second)))
			found = true;
		ReleaseSysCache(tup);
	}
	table_close(rel, NoLock);
	return found;
}

// Runs one SQL statement as the current user.
static void
run_sql(const char *sql)
{
	int level = pg::search_path_pin();
	SPI_connect();
	if (SPI_execute(sql, false, 0) < 0)
		elog(ERROR, "could not run \"%s\"", sql);
	SPI_finish();
	pg::search_path_restore(level);
}

// The time column becomes NOT NULL (with a NOTICE), as in TimescaleDB.
static void
set_not_null(Oid relid, AttrNumber attno, const char *qualified, const char *colname)
{
	HeapTuple tup = SearchSysCache2(ATTNUM, ObjectIdGetDatum(relid), Int16GetDatum(attno));
	bool notnull = ((Form_pg_attribute) GETSTRUCT(tup))->attnotnull;
	ReleaseSysCache(tup);
	if (notnull)
		return;
	ereport(NOTICE, (errmsg("adding not-null constraint to column \"%s\"", colname),
	                 errdetail("Dimensions cannot have NULL values.")));
	run_sql(psprintf("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", qualified,
	                 quote_identifier(colname)));
}

// Time index, and (space, time) index with a space column, unless present.
static void
create_default_indexes(const CreateOptions *o, const char *qualified, AttrNumber time_attno,
                       AttrNumber space_attno)
{
	const char *time = quote_identifier(o->time_column);
	if (!has_index_starting_with(o->relid, time_attno, InvalidAttrNumber))
		run_sql(psprintf("CREATE INDEX ON %s (%s DESC)", qualified, time));
	if (o->space_column != NULL && !has_index_starting_with(o->relid, space_attno, time_attno))
		run_sql(psprintf("CREATE INDEX ON %s (%s, %s DESC)", qualified,
		                 quote_identifier(o->space_column), time));
}

// Validates number_partitions and the partitioning function of a space column.
static void
check_space_options(const CreateOptions *o)
{
	if (o->space_column == NULL)
	{
		if (o->number_partitions != 0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			                errmsg("number_partitions given without partitioning_column"),
			                errhint("Pass partitioning_column to add a space dimension.")));
		return;
	}
	if (o->number_partitions < 1 || o->number_partitions > PG_INT16_MAX)
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		         errmsg("invalid number of partitions for dimension \"%s\"", o->space_column),
		         errhint("A closed (space) dimension must specify between 1 and %d partitions.",
		                 PG_INT16_MAX)));
	if (!OidIsValid(o->partitioning_func))
		return;
	if (get_func_rettype(o->partitioning_func) != INT4OID ||
	    get_func_nargs(o->partitioning_func) != 1 ||
	    func_volatile(o->partitioning_func) != PROVOLATILE_IMMUTABLE)
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid partitioning function"),
		         errhint("A partitioning function for a closed (space) dimension must be "
		                 "IMMUTABLE and have the signature (anyelement) -> integer.")));
}

// Creates the associated schema when it does not exist yet.
static void
ensure_schema(const char *schema)
{
	if (!OidIsValid(get_namespace_oid(schema, true)))
		run_sql(psprintf("CREATE SCHEMA %s", quote_identifier(schema)));
}

// Moves the rows of the table itself into chunks (migrate_data).
static void
migrate_rows(const char *qualified)
{
	ereport(NOTICE, (errmsg("migrating data to chunks"),
	                 errdetail("Migration might take a while depending on the amount of data.")));
	run_sql(psprintf("WITH moved AS (DELETE FROM ONLY %s RETURNING *) INSERT INTO %s SELECT * "
	                 "FROM moved",
	                 qualified, qualified));
}

// An existing hypertable: NOTICE with if_not_exists, otherwise an error.
static CreateResult
existing(const CreateOptions *o, catalog::Hypertable *ht)
{
	if (!o->if_not_exists)
		ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
		                errmsg("table \"%s\" is already a hypertable", get_rel_name(o->relid))));
	ereport(NOTICE,
	        (errmsg("table \"%s\" is already a hypertable, skipping", get_rel_name(o->relid))));
	return {ht->id, false};
}

// The two dimension rows create_hypertable writes.
static int
build_dimensions(const CreateOptions *o, Oid time_type, Oid space_type, catalog::NewDimension *dims)
{
	dims[0] = {o->time_column, time_type, 0, NULL, NULL, 0};
	dims[0].interval_length = o->has_interval ? interval_to_internal(o->interval, o->interval_type,
	                                                                 time_type, o->time_column)
	                                          : default_interval(time_type, o->time_column);
	if (o->space_column == NULL)
		return 1;
	dims[1] = {o->space_column, space_type, (int16) o->number_partitions, NULL, NULL, 0};
	if (OidIsValid(o->partitioning_func))
	{
		dims[1].func_schema = get_namespace_name(get_func_namespace(o->partitioning_func));
		dims[1].func_name = get_func_name(o->partitioning_func);
	}
	return 2;
}

// What validation found out: the dimension rows and their columns.
struct Validated
{
	catalog::NewDimension dims[2];
	int ndims;
	AttrNumber time_attno;
	AttrNumber space_attno;
	bool empty;
};

// Refuses a chunk table name prefix that leaves no room for the chunk suffix
// ("_<chunk id>_chunk"): longer names would be cut and every chunk would get
// the same name.
static void
check_prefix(const char *prefix)
{
	const int max_suffix = (int) strlen("_2147483647_chunk");
	const int max_prefix = NAMEDATALEN - 1 - max_suffix;
	if (prefix == NULL || (int) strlen(prefix) <= max_prefix)
		return;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
	                errmsg("associated_table_prefix \"%s\" is too long", prefix),
	                errdetail("Chunk names add up to %d bytes to the prefix; it may have at most "
	                          "%d bytes.",
	                          max_suffix, max_prefix)));
}

// Checks columns, types, options, indexes and contents before anything changes.
static Validated
validate(const CreateOptions *o)
{
	Validated v = {};
	Oid time_type, space_type = InvalidOid;
	v.time_attno = resolve_column(o->relid, o->time_column, &time_type);
	if (!is_valid_time_type(time_type))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid type for dimension \"%s\"", o->time_column),
		                errhint("Use an integer, timestamp, or date type.")));
	v.space_attno = InvalidAttrNumber;
	if (o->space_column != NULL)
		v.space_attno = resolve_column(o->relid, o->space_column, &space_type);
	check_space_options(o);
	check_prefix(o->associated_prefix);
	v.ndims = build_dimensions(o, time_type, space_type, v.dims);
	AttrNumber dim_attnos[2] = {v.time_attno, v.space_attno};
	const char *dim_names[2] = {o->time_column, o->space_column};
	check_existing_indexes(o->relid, dim_attnos, dim_names, v.ndims);
	v.empty = table_is_empty(o->relid);
	if (!v.empty && !o->migrate_data)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("table \"%s\" is not empty", get_rel_name(o->relid)),
		                errhint("You can migrate data by specifying 'migrate_data => true' when "
		                        "calling this function.")));
	return v;
}

CreateResult
hypertable_create(const CreateOptions *o)
{
	validate_table(o->relid);
	LockRelationOid(o->relid, AccessExclusiveLock);
	catalog::Hypertable *ht = catalog::hypertable_get(o->relid);
	if (ht != NULL)
		return existing(o, ht);
	refuse_inheritance(o->relid);
	Validated v = validate(o);

	char *schema = get_namespace_name(get_rel_namespace(o->relid));
	char *table = get_rel_name(o->relid);
	char *qualified = quote_qualified_identifier(schema, table);
	const char *assoc_schema =
	    o->associated_schema ? o->associated_schema : catalog::kInternalSchema;
	ensure_schema(assoc_schema);
	chunk_schema_check_create(assoc_schema, GetUserId());
	const char *prefix = o->associated_prefix
	                         ? o->associated_prefix
	                         : psprintf("_hyper_%d", catalog::hypertable_next_id());
	set_not_null(o->relid, v.time_attno, qualified, o->time_column);
	int32 id = catalog::hypertable_insert(schema, table, assoc_schema, prefix,
	                                      o->replication_factor, v.ndims, v.dims);
	if (o->create_default_indexes)
		create_default_indexes(o, qualified, v.time_attno, v.space_attno);
	// As the catalog owner: users may not execute the trigger function.
	catalog::catalog_run(psprintf("CREATE TRIGGER %s BEFORE INSERT ON %s FOR EACH ROW "
	                              "EXECUTE FUNCTION %s.insert_blocker()",
	                              catalog::kInsertBlockerTrigger, qualified,
	                              catalog::kFunctionsSchema));
	catalog::hypertable_cache_invalidate(o->relid);
	CommandCounterIncrement();
	if (!v.empty)
		migrate_rows(qualified);
	return {id, true};
}

} // namespace tsdist::hypertable
