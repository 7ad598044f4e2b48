// SQL entry points of distributed hypertables: the distributed variants of
// create_hypertable, attach_data_node, detach_data_node,
// set_replication_factor and internal helpers.
#include "pg/pg.hpp"
#include "api/create_kind.hpp"
#include "api/relation_arg.hpp"
#include "catalog/hypertable_cache.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/data_node_attach.hpp"
#include "dist/dist_chunk.hpp"
#include "dist/dist_hypertable.hpp"
#include "dist/settings.hpp"

extern "C"
{
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
}

using namespace tsdist;

namespace
{

constexpr int kArgReplicationFactor = 14;
constexpr int kArgDataNodes = 15;
constexpr int kArgDistributed = 16;

// True when this database is a data node of a distributed database.
bool
is_data_node()
{
	char *role = catalog::metadata_get(catalog::kDistRoleKey);
	return role != NULL && strcmp(role, catalog::kRoleDataNode) == 0;
}

// A replication factor of -1 makes a member hypertable; only on a data node.
hypertable::CreateResult
create_member(hypertable::CreateOptions *o)
{
	if (!is_data_node())
		dist::check_replication_factor(-1);
	o->replication_factor = -1;
	return hypertable::hypertable_create(o);
}

// A name Datum from a C string.
Datum
name_datum(const char *value)
{
	Name name = (Name) palloc0(NAMEDATALEN);
	namestrcpy(name, value);
	return NameGetDatum(name);
}

// The node name argument; never NULL.
const char *
node_name_arg(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
		        (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("data node name cannot be NULL")));
	return pstrdup(NameStr(*PG_GETARG_NAME(0)));
}

} // namespace

hypertable::CreateResult
api::create_hypertable_of_kind(FunctionCallInfo fcinfo, hypertable::CreateOptions *o)
{
	bool always = PG_NARGS() <= kArgDistributed;
	bool flag_given = !always && !PG_ARGISNULL(kArgDistributed);
	bool flag = flag_given && PG_GETARG_BOOL(kArgDistributed);
	bool rf_given = !PG_ARGISNULL(kArgReplicationFactor);
	int rf = rf_given ? PG_GETARG_INT32(kArgReplicationFactor) : dist::replication_factor_default();
	bool nodes_given = !PG_ARGISNULL(kArgDataNodes);
	if (flag_given && !flag && rf_given)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("local hypertables cannot set replication_factor")));
	if (!always && rf_given && rf == -1)
		return create_member(o);
	bool distributed = always || flag || (!flag_given && (rf_given || nodes_given));
	if (!distributed)
		return hypertable::hypertable_create(o);
	return dist::distributed_hypertable_create(
	    o, rf, nodes_given ? PG_GETARG_ARRAYTYPE_P(kArgDataNodes) : NULL);
}

// attach_data_node(node_name, hypertable, if_not_attached, repartition)
// RETURNS TABLE(hypertable_id, node_hypertable_id, node_name)
TSDIST_FUNCTION(tsdist_attach_data_node)
{
	const char *node = node_name_arg(fcinfo);
	if (PG_ARGISNULL(1))
		ereport(ERROR,
		        (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("hypertable cannot be NULL")));
	bool if_not_attached = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	bool repartition = PG_ARGISNULL(3) || PG_GETARG_BOOL(3);
	dist::AttachResult r =
	    dist::attach_data_node(node, api::relation_arg(fcinfo, 1), if_not_attached, repartition);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "attach_data_node must return a composite type");
	desc = BlessTupleDesc(desc);
	Datum values[3] = {Int32GetDatum(r.hypertable_id), Int32GetDatum(r.node_hypertable_id),
	                   name_datum(r.node_name)};
	bool nulls[3] = {false, false, false};
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

// detach_data_node(node_name, hypertable, if_attached, force, repartition,
// drop_remote_data) RETURNS integer: the number of hypertables detached.
TSDIST_FUNCTION(tsdist_detach_data_node)
{
	const char *node = node_name_arg(fcinfo);
	// NULL means every hypertable; 0 names none.
	Oid relid = PG_ARGISNULL(1) ? InvalidOid : api::relation_arg(fcinfo, 1);
	bool if_attached = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	bool force = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	bool repartition = PG_ARGISNULL(4) || PG_GETARG_BOOL(4);
	bool drop_remote_data = !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
	PG_RETURN_INT32(
	    dist::detach_data_node(node, relid, if_attached, force, repartition, drop_remote_data));
}

// set_replication_factor(hypertable, replication_factor) RETURNS void
TSDIST_FUNCTION(tsdist_set_replication_factor)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
		        (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("hypertable cannot be NULL")));
	if (PG_ARGISNULL(1))
		dist::check_replication_factor(0);
	dist::set_replication_factor(api::relation_arg(fcinfo, 0), PG_GETARG_INT32(1));
	PG_RETURN_VOID();
}

// _timescaledb_dist_functions.chunk_placement(hypertable, range_starts)
// RETURNS name[]: the data nodes a new chunk with these slices would go to.
TSDIST_FUNCTION(tsdist_chunk_placement)
{
	ArrayType *starts = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(starts) != 1 || array_contains_nulls(starts))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("range_starts must be a one-dimensional array without NULLs")));
	Datum *elems;
	int n;
	deconstruct_array(starts, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, &n);
	int64 *values = (int64 *) palloc0(sizeof(int64) * (n + 1));
	for (int i = 0; i < n; i++)
		values[i] = DatumGetInt64(elems[i]);
	catalog::Hypertable *ht = api::hypertable_arg(fcinfo, 0);
	List *nodes = dist::chunk_placement(ht->id, values, n);
	Datum *names = (Datum *) palloc0(sizeof(Datum) * (list_length(nodes) + 1));
	for (int i = 0; i < list_length(nodes); i++)
		names[i] = name_datum((const char *) list_nth(nodes, i));
	PG_RETURN_ARRAYTYPE_P(
	    construct_array(names, list_length(nodes), NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR));
}

// _timescaledb_dist_functions.drop_members(hypertable_id): called by the
// sql_drop event trigger before the catalog rows go.
TSDIST_FUNCTION(tsdist_drop_members)
{
	dist::drop_members(PG_GETARG_INT32(0));
	PG_RETURN_VOID();
}

// _timescaledb_dist_functions.drop_remote_chunk(chunk_id): called by the
// sql_drop event trigger when a distributed chunk's placeholder was dropped.
TSDIST_FUNCTION(tsdist_drop_remote_chunk)
{
	dist::dist_chunk_dropped(PG_GETARG_INT32(0));
	PG_RETURN_VOID();
}
