// Catalog access: extension state, SPI as the catalog owner, result helpers.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "pg/search_path.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "catalog/pg_authid_d.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
}

namespace tsdist::catalog
{

bool
extension_is_active()
{
	if (!IsTransactionState())
		return false;
	Oid nsp = get_namespace_oid(kCatalogSchema, true);
	if (!OidIsValid(nsp))
		return false;
	if (creating_extension && CurrentExtensionObject == get_extension_oid(kExtensionName, true))
		return false;
	return OidIsValid(get_relname_relid("hypertable", nsp));
}

Oid
catalog_table_relid(const char *table_name)
{
	Oid nsp = get_namespace_oid(kCatalogSchema, true);
	return OidIsValid(nsp) ? get_relname_relid(table_name, nsp) : InvalidOid;
}

// The plan of `sql`: the one kept in *saved (prepared and kept on first
// use), or, when `saved` is NULL, a plan for this call only.
static SPIPlanPtr
prepare_plan(const char *sql, int nargs, Oid *argtypes, SPIPlanPtr *saved)
{
	if (saved != NULL && *saved != NULL)
		return *saved;
	SPIPlanPtr plan = SPI_prepare(sql, nargs, argtypes);
	if (plan == NULL)
		elog(ERROR, "could not prepare catalog query: %s", SPI_result_code_string(SPI_result));
	if (saved != NULL)
	{
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "could not keep catalog query plan: %s", sql);
		*saved = plan;
	}
	return plan;
}

// The caller of the elevated statement in progress, InvalidOid when none.
static Oid elevated_caller = InvalidOid;

Oid
acting_user()
{
	return OidIsValid(elevated_caller) ? elevated_caller : GetUserId();
}

// Runs one statement through SPI; `snapshot` and `saved` may be NULL.
static int
run_statement(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls,
              Snapshot snapshot, SPIPlanPtr *saved)
{
	if (snapshot == NULL && saved == NULL)
		return SPI_execute_with_args(sql, nargs, argtypes, values, nulls, false, 0);
	SPIPlanPtr plan = prepare_plan(sql, nargs, argtypes, saved);
	if (snapshot == NULL)
		return SPI_execute_plan(plan, values, nulls, false, 0);
	return SPI_execute_snapshot(plan, values, nulls, snapshot, InvalidSnapshot, true, false, 0);
}

// Runs one statement as the bootstrap superuser, under the pinned search_path
// (nothing of the caller's path is looked up with these rights, also when a
// kept plan is planned again); `snapshot` and `saved` may be NULL. The
// caller stays the acting user for remote work the statement sets off (the
// sql_drop event trigger dropping chunks on data nodes).
static uint64
exec_as_owner(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls,
              Snapshot snapshot, SPIPlanPtr *saved)
{
	Oid saved_user;
	int saved_sec;
	GetUserIdAndSecContext(&saved_user, &saved_sec);
	Oid outer_caller = elevated_caller;
	if (!OidIsValid(elevated_caller))
		elevated_caller = saved_user;
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID, saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	int level = pg::search_path_pin();
	volatile int rc = 0;
	PG_TRY();
	{
		rc = run_statement(sql, nargs, argtypes, values, nulls, snapshot, saved);
	}
	PG_FINALLY();
	{
		elevated_caller = outer_caller;
	}
	PG_END_TRY();
	pg::search_path_restore(level);
	SetUserIdAndSecContext(saved_user, saved_sec);
	if (rc < 0)
		elog(ERROR, "catalog query failed (%s): %s", SPI_result_code_string(rc), sql);
	return SPI_processed;
}

uint64
catalog_exec(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls)
{
	return exec_as_owner(sql, nargs, argtypes, values, nulls, NULL, NULL);
}

void
catalog_run(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls)
{
	SPI_connect();
	catalog_exec(sql, nargs, argtypes, values, nulls);
	SPI_finish();
}

uint64
catalog_read_latest(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls)
{
	return exec_as_owner(sql, nargs, argtypes, values, nulls, GetLatestSnapshot(), NULL);
}

uint64
catalog_exec_saved(SPIPlanPtr *saved, bool latest, const char *sql, int nargs, Oid *argtypes,
                   Datum *values, const char *nulls)
{
	return exec_as_owner(sql, nargs, argtypes, values, nulls, latest ? GetLatestSnapshot() : NULL,
	                     saved);
}

// The Datum of column `col` of result row `row`.
static Datum
spi_datum(uint64 row, int col, bool *isnull)
{
	bool null_here;
	Datum d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &null_here);
	if (isnull != nullptr)
		*isnull = null_here;
	return null_here ? (Datum) 0 : d;
}

int64
spi_int64(uint64 row, int col, bool *isnull)
{
	Datum d = spi_datum(row, col, isnull);
	return (isnull != nullptr && *isnull) ? 0 : DatumGetInt64(d);
}

int32
spi_int32(uint64 row, int col, bool *isnull)
{
	Datum d = spi_datum(row, col, isnull);
	return (isnull != nullptr && *isnull) ? 0 : DatumGetInt32(d);
}

char *
spi_text(uint64 row, int col)
{
	return SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col);
}

} // namespace tsdist::catalog
