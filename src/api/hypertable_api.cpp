// SQL entry points for hypertables: create_hypertable, set_chunk_time_interval,
// get_partition_hash and the insert blocker trigger.
#include "pg/pg.hpp"
#include "api/create_kind.hpp"
#include "api/relation_arg.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/dist_hypertable.hpp"
#include "hypertable/dimension_value.hpp"
#include "hypertable/hypertable_create.hpp"
#include "hypertable/space_hash.hpp"
#include "hypertable/update_guard.hpp"

extern "C"
{
#include "commands/trigger.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
}

using namespace tsdist;

// A name argument as a C string, or NULL.
static const char *
name_arg(FunctionCallInfo fcinfo, int i)
{
	return PG_ARGISNULL(i) ? NULL : pstrdup(NameStr(*PG_GETARG_NAME(i)));
}

// Refuses adaptive chunking and time partitioning functions.
static void
refuse_unsupported_args(FunctionCallInfo fcinfo)
{
	if (!PG_ARGISNULL(11) || !PG_ARGISNULL(13))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("adaptive chunking and time partitioning functions are not "
		                       "supported"),
		                errhint("Leave chunk_target_size and time_partitioning_func NULL.")));
}

// Reads the create_hypertable arguments.
static hypertable::CreateOptions
read_options(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("relation cannot be NULL")));
	if (PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("time_column_name cannot be NULL")));
	hypertable::CreateOptions o = {};
	o.relid = api::relation_arg(fcinfo, 0);
	o.time_column = name_arg(fcinfo, 1);
	o.space_column = name_arg(fcinfo, 2);
	o.number_partitions = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3);
	if (o.space_column != NULL && PG_ARGISNULL(3))
		o.number_partitions = -1;
	o.associated_schema = name_arg(fcinfo, 4);
	o.associated_prefix = name_arg(fcinfo, 5);
	o.has_interval = !PG_ARGISNULL(6);
	o.interval = o.has_interval ? PG_GETARG_DATUM(6) : (Datum) 0;
	o.interval_type = get_fn_expr_argtype(fcinfo->flinfo, 6);
	o.create_default_indexes = PG_ARGISNULL(7) || PG_GETARG_BOOL(7);
	o.if_not_exists = !PG_ARGISNULL(8) && PG_GETARG_BOOL(8);
	o.partitioning_func = PG_ARGISNULL(9) ? InvalidOid : PG_GETARG_OID(9);
	o.migrate_data = !PG_ARGISNULL(10) && PG_GETARG_BOOL(10);
	return o;
}

// create_hypertable(...) and create_distributed_hypertable(...) RETURNS
// TABLE(hypertable_id, schema_name, table_name, created)
TSDIST_FUNCTION(tsdist_create_hypertable)
{
	refuse_unsupported_args(fcinfo);
	hypertable::CreateOptions o = read_options(fcinfo);
	hypertable::CreateResult r = api::create_hypertable_of_kind(fcinfo, &o);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "create_hypertable must return a composite type");
	desc = BlessTupleDesc(desc);
	NameData schema, table;
	namestrcpy(&schema, get_namespace_name(get_rel_namespace(o.relid)));
	namestrcpy(&table, get_rel_name(o.relid));
	Datum values[4] = {Int32GetDatum(r.hypertable_id), NameGetDatum(&schema), NameGetDatum(&table),
	                   BoolGetDatum(r.created)};
	bool nulls[4] = {false, false, false, false};
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

// set_chunk_time_interval(hypertable, chunk_time_interval, dimension_name): new chunks only.
TSDIST_FUNCTION(tsdist_set_chunk_time_interval)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("hypertable and chunk_time_interval cannot be NULL")));
	catalog::Hypertable *ht = api::hypertable_arg(fcinfo, 0);
	Oid relid = ht->relid;
	if (!pg_class_ownercheck(relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(relid));
	const char *dim_name = name_arg(fcinfo, 2);
	catalog::Dimension *dim = NULL;
	for (int i = 0; i < ht->num_dimensions; i++)
		if (!ht->dimensions[i].is_space &&
		    (dim_name == NULL || strcmp(dim_name, NameStr(ht->dimensions[i].column_name)) == 0))
			dim = &ht->dimensions[i];
	if (dim == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("time dimension \"%s\" does not exist in hypertable \"%s\"",
		                       dim_name, get_rel_name(relid))));
	int64 interval =
	    hypertable::interval_to_internal(PG_GETARG_DATUM(1), get_fn_expr_argtype(fcinfo->flinfo, 1),
	                                     dim->column_type, NameStr(dim->column_name));
	LockRelationOid(relid, ShareUpdateExclusiveLock);
	catalog::dimension_set_interval(dim->id, interval);
	catalog::hypertable_cache_invalidate(relid);
	PG_RETURN_VOID();
}

// The space dimension `dim_name` of `ht` (NULL: the first one).
static catalog::Dimension *
space_dimension_arg(catalog::Hypertable *ht, const char *dim_name)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (ht->dimensions[i].is_space &&
		    (dim_name == NULL || strcmp(dim_name, NameStr(ht->dimensions[i].column_name)) == 0))
			return &ht->dimensions[i];
	if (dim_name == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("hypertable \"%s\" has no space dimension", get_rel_name(ht->relid)),
		                errhint("Add a space dimension with partitioning_column when creating "
		                        "the hypertable.")));
	ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
	                errmsg("space dimension \"%s\" does not exist in hypertable \"%s\"", dim_name,
	                       get_rel_name(ht->relid))));
	pg_unreachable();
}

// set_number_partitions(hypertable, number_partitions, dimension_name): the
// space slices of new chunks; existing chunks keep theirs. A distributed
// hypertable's members get the same count in the distributed transaction.
TSDIST_FUNCTION(tsdist_set_number_partitions)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("hypertable and number_partitions cannot be NULL")));
	catalog::Hypertable *ht = api::hypertable_arg(fcinfo, 0);
	Oid relid = ht->relid;
	if (!pg_class_ownercheck(relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(relid));
	catalog::Dimension *dim = space_dimension_arg(ht, name_arg(fcinfo, 2));
	int32 partitions = PG_GETARG_INT32(1);
	if (partitions < 1 || partitions > PG_INT16_MAX)
		ereport(
		    ERROR,
		    (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		     errmsg("invalid number of partitions for dimension \"%s\"", NameStr(dim->column_name)),
		     errhint("A closed (space) dimension must specify between 1 and %d partitions.",
		             PG_INT16_MAX)));
	LockRelationOid(relid, ShareUpdateExclusiveLock);
	catalog::dimension_set_num_slices(dim->id, (int16) partitions);
	catalog::hypertable_cache_invalidate(relid);
	if (ht->replication_factor > 0)
		dist::members_set_number_partitions(ht, NameStr(dim->column_name), partitions);
	PG_RETURN_VOID();
}

// get_partition_hash(anyelement) → integer in [0, INT32_MAX]: the space hash.
TSDIST_FUNCTION(tsdist_get_partition_hash)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra =
		    hypertable::space_hasher_create(get_fn_expr_argtype(fcinfo->flinfo, 0), InvalidOid);
		MemoryContextSwitchTo(old);
	}
	auto *hasher = (hypertable::SpaceHasher *) fcinfo->flinfo->fn_extra;
	PG_RETURN_INT32(hypertable::space_hash(hasher, PG_GETARG_DATUM(0)));
}

// The trigger data of a call of trigger function `name`, which the extension
// only ever attaches BEFORE `event` (named `event_name`) FOR EACH ROW. Anyone
// may attach a C trigger function to a table of their own, so any other call
// is refused before a tuple is touched.
static TriggerData *
before_row_trigger(FunctionCallInfo fcinfo, const char *name, TriggerEvent event,
                   const char *event_name)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		                errmsg("function \"%s\" was not called by trigger manager", name)));
	TriggerData *data = (TriggerData *) fcinfo->context;
	if (!TRIGGER_FIRED_BEFORE(data->tg_event) || !TRIGGER_FIRED_FOR_ROW(data->tg_event) ||
	    (data->tg_event & TRIGGER_EVENT_OPMASK) != event)
		ereport(ERROR,
		        (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
		         errmsg("function \"%s\" must be fired BEFORE %s FOR EACH ROW", name, event_name)));
	return data;
}

// Trigger on every chunk: BEFORE UPDATE OF the partitioning columns.
TSDIST_FUNCTION(tsdist_chunk_update_guard)
{
	TriggerData *data =
	    before_row_trigger(fcinfo, "chunk_update_guard", TRIGGER_EVENT_UPDATE, "UPDATE");
	hypertable::check_row_stays_in_chunk(data->tg_relation, data->tg_newtuple);
	return PointerGetDatum(data->tg_newtuple);
}

// Trigger on every hypertable: a row reaching the table itself was not routed.
TSDIST_FUNCTION(tsdist_insert_blocker)
{
	TriggerData *data =
	    before_row_trigger(fcinfo, "insert_blocker", TRIGGER_EVENT_INSERT, "INSERT");
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("invalid INSERT on the root table of hypertable \"%s\"",
	                       RelationGetRelationName(data->tg_relation)),
	                errhint("Make sure timescaledb_dist is in shared_preload_libraries.")));
	PG_RETURN_NULL();
}
