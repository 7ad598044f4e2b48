// SQL entry points for chunks: show_chunks and drop_chunks.
#include "pg/pg.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/chunk_select.hpp"

extern "C"
{
#include "executor/spi.h"
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
	Oid relid = PG_GETARG_OID(0);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("table \"%s\" is not a hypertable", get_rel_name(relid))));
	return ht;
}

// An optional time bound argument.
static hypertable::TimeBound
bound_arg(FunctionCallInfo fcinfo, int i)
{
	if (PG_ARGISNULL(i))
		return {false, (Datum) 0, InvalidOid};
	return {true, PG_GETARG_DATUM(i), get_fn_expr_argtype(fcinfo->flinfo, i)};
}

// show_chunks(relation, older_than, newer_than) RETURNS SETOF regclass
TSDIST_FUNCTION(tsdist_show_chunks)
{
	catalog::Hypertable *ht = hypertable_of(fcinfo);
	List *chunks = hypertable::chunks_in_range(ht, bound_arg(fcinfo, 1), bound_arg(fcinfo, 2));
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

// Drops one chunk table; returns its qualified name.
static char *
drop_chunk(catalog::ChunkInfo *c, bool verbose)
{
	char *name = quote_qualified_identifier(NameStr(c->schema_name), NameStr(c->table_name));
	if (verbose)
		ereport(INFO, (errmsg("dropping chunk %s", name)));
	SPI_connect();
	if (SPI_execute(psprintf("DROP TABLE %s", name), false, 0) < 0)
		elog(ERROR, "could not drop chunk %s", name);
	SPI_finish();
	return name;
}

// drop_chunks(relation, older_than, newer_than, verbose) RETURNS SETOF text
TSDIST_FUNCTION(tsdist_drop_chunks)
{
	catalog::Hypertable *ht = hypertable_of(fcinfo);
	if (!pg_class_ownercheck(ht->relid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, get_rel_name(ht->relid));
	hypertable::TimeBound older = bound_arg(fcinfo, 1), newer = bound_arg(fcinfo, 2);
	if (!older.given && !newer.given)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid time range for dropping chunks"),
		                errhint("At least one of older_than and newer_than must be provided.")));
	bool verbose = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	// Chunk creation takes this lock too: no chunk appears while we choose.
	LockRelationOid(ht->relid, ShareUpdateExclusiveLock);
	List *chunks = hypertable::chunks_in_range(ht, older, newer);
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ListCell *lc;
	foreach (lc, chunks)
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		if (!OidIsValid(hypertable::chunk_relid(c)))
			continue;
		Datum value = CStringGetTextDatum(drop_chunk(c, verbose));
		bool isnull = false;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	return (Datum) 0;
}
