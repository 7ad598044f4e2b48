// SQL entry points for chunks: show_chunks, drop_chunks and the internal
// create_chunk (chunk placement on a data node).
#include "pg/pg.hpp"
#include "pg/progress.hpp"
#include "pg/search_path.hpp"
#include "api/relation_arg.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/dist_chunk.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/chunk_select.hpp"

extern "C"
{
#include "executor/spi.h"
#include "utils/array.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
}

using namespace tsdist;

// The hypertable of argument 0; raises if it is NULL or not a hypertable.
static catalog::Hypertable *
hypertable_of(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid hypertable or continuous aggregate"),
		                errhint("Specify a hypertable or continuous aggregate.")));
	return api::hypertable_arg(fcinfo, 0);
}

// An optional time bound argument.
static hypertable::TimeBound
bound_arg(FunctionCallInfo fcinfo, int i)
{
	if (PG_ARGISNULL(i))
		return {false, (Datum) 0, InvalidOid};
	return {true, PG_GETARG_DATUM(i), get_fn_expr_argtype(fcinfo->flinfo, i)};
}

// The chunks the time arguments choose: by their time range (older_than at
// `older`, newer_than at `older` + 1) or by their creation time
// (created_before at `created`, created_after at `created` + 1), not both.
// With `required`, at least one must be given (`what` names the operation).
static List *
chunks_chosen(FunctionCallInfo fcinfo, const catalog::Hypertable *ht, int older, int created,
              bool required, const char *what)
{
	hypertable::TimeBound older_than = bound_arg(fcinfo, older),
	                      newer_than = bound_arg(fcinfo, older + 1),
	                      before = bound_arg(fcinfo, created),
	                      after = bound_arg(fcinfo, created + 1);
	bool by_range = older_than.given || newer_than.given;
	bool by_creation = before.given || after.given;
	if (by_range && by_creation)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("cannot specify \"older_than\" or \"newer_than\" together with "
		                       "\"created_before\" or \"created_after\""),
		                errhint("Choose chunks either by their time range or by their creation "
		                        "time.")));
	if (required && !by_range && !by_creation)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid time range for %s", what),
		                errhint("At least one of older_than, newer_than, created_before and "
		                        "created_after must be provided.")));
	if (by_creation)
		return hypertable::chunks_created_in_range(ht, before, after);
	return hypertable::chunks_in_range(ht, older_than, newer_than);
}

// show_chunks(relation, older_than, newer_than, created_before, created_after)
// RETURNS SETOF regclass
TSDIST_FUNCTION(tsdist_show_chunks)
{
	catalog::Hypertable *ht = hypertable_of(fcinfo);
	List *chunks = chunks_chosen(fcinfo, ht, 1, 3, false, "showing chunks");
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ListCell *lc;
	foreach (lc, chunks)
	{
		Oid relid = hypertable::chunk_relid((catalog::ChunkInfo *) lfirst(lc));
		if (!OidIsValid(relid))
			continue;
		Datum value = ObjectIdGetDatum(relid);
		bool isnull = false;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	return (Datum) 0;
}

// Drops one chunk (of a distributed hypertable: on its data nodes); returns
// its qualified name.
static char *
drop_chunk(const catalog::Hypertable *ht, catalog::ChunkInfo *c, bool verbose)
{
	char *name = quote_qualified_identifier(NameStr(c->schema_name), NameStr(c->table_name));
	if (verbose)
		ereport(INFO, (errmsg("dropping chunk %s", name)));
	if (ht->replication_factor > 0)
	{
		dist::dist_chunk_drop(c);
		return name;
	}
	int level = pg::search_path_pin();
	SPI_connect();
	if (SPI_execute(psprintf("DROP TABLE %s", name), false, 0) < 0)
		elog(ERROR, "could not drop chunk %s", name);
	SPI_finish();
	pg::search_path_restore(level);
	return name;
}

// drop_chunks(relation, older_than, newer_than, verbose, created_before,
// created_after) RETURNS SETOF text
TSDIST_FUNCTION(tsdist_drop_chunks)
{
	catalog::Hypertable *ht = hypertable_of(fcinfo);
	if (!pg_class_ownercheck(ht->relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(ht->relid));
	bool verbose = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	// Chunk creation takes this lock too: no chunk appears while we choose.
	LockRelationOid(ht->relid, ShareUpdateExclusiveLock);
	List *chunks = chunks_chosen(fcinfo, ht, 1, 4, true, "dropping chunks");
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	pg::progress_start("drop_chunks", ht->relid, "dropping chunks", list_length(chunks), "chunks");
	ListCell *lc;
	foreach (lc, chunks)
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		if (ht->replication_factor <= 0 && !OidIsValid(hypertable::chunk_relid(c)))
			continue;
		Datum value = CStringGetTextDatum(drop_chunk(ht, c, verbose));
		bool isnull = false;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
		pg::progress_update(foreach_current_index(lc) + 1);
	}
	pg::progress_end();
	return (Datum) 0;
}

// The int8 array argument `i` with exactly `n` elements.
static void
int8_array_arg(FunctionCallInfo fcinfo, int i, int n, int64 *out)
{
	Datum *elems;
	bool *nulls;
	int count = 0;
	if (!PG_ARGISNULL(i))
		deconstruct_array(PG_GETARG_ARRAYTYPE_P(i), INT8OID, 8, true, TYPALIGN_DOUBLE, &elems,
		                  &nulls, &count);
	if (count != n)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid hypercube: expected %d ranges, got %d", n, count)));
	for (int k = 0; k < n; k++)
	{
		if (nulls[k])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			                errmsg("invalid hypercube: range bounds cannot be NULL")));
		out[k] = DatumGetInt64(elems[k]);
	}
}

// Raises (42501) unless the current user owns the hypertable or may INSERT
// into it (an INSERT that needs a new chunk, as in TimescaleDB 2.13, where
// chunks are created with the owner's rights once INSERT was checked).
// Returns true for the owner.
static bool
check_may_create_chunk(const catalog::Hypertable *ht)
{
	if (pg_class_ownercheck(ht->relid, GetUserId()))
		return true;
	if (pg_class_aclcheck(ht->relid, GetUserId(), ACL_INSERT) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(ht->relid));
	return false;
}

// _timescaledb_dist_functions.create_chunk(hypertable, range_start, range_end,
// schema_name, table_name) RETURNS TABLE(chunk_id, schema_name, table_name, created)
TSDIST_FUNCTION(tsdist_create_chunk)
{
	catalog::Hypertable *ht = hypertable_of(fcinfo);
	bool by_owner = check_may_create_chunk(ht);
	int64 start[catalog::kMaxDimensions], end[catalog::kMaxDimensions];
	int8_array_arg(fcinfo, 1, ht->num_dimensions, start);
	int8_array_arg(fcinfo, 2, ht->num_dimensions, end);
	const char *schema = PG_ARGISNULL(3) ? NULL : NameStr(*PG_GETARG_NAME(3));
	const char *table = PG_ARGISNULL(4) ? NULL : NameStr(*PG_GETARG_NAME(4));
	// The table is created as the catalog owner: only where the owner may.
	hypertable::chunk_check_target(ht, schema, table, by_owner);
	bool created;
	catalog::ChunkInfo *c = hypertable::chunk_create_exact(ht, start, end, schema, table, &created);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "create_chunk must return a composite type");
	Datum values[4] = {Int32GetDatum(c->id), NameGetDatum(&c->schema_name),
	                   NameGetDatum(&c->table_name), BoolGetDatum(created)};
	bool nulls[4] = {false, false, false, false};
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
