// Statements on catalog tables as their owner, through SPI.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/owner_query.hpp"
#include "pg/search_path.hpp"

extern "C"
{
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "utils/syscache.h"
}

namespace tsdist::catalog
{

// The owner of _timescaledb_dist_catalog.`table`.
static Oid
table_owner(const char *table)
{
	Oid relid = catalog_table_relid(table);
	if (!OidIsValid(relid))
		elog(ERROR, "table %s.%s is missing", kCatalogSchema, table);
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	Oid owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

List *
owner_query(const char *table, const char *sql, int nparams, const char **values)
{
	Oid types[2] = {TEXTOID, TEXTOID};
	Datum args[2];
	Oid saved_user;
	int saved_sec;
	List *rows = NIL;
	MemoryContext caller = CurrentMemoryContext;

	Assert(nparams <= 2);
	for (int i = 0; i < nparams; i++)
		args[i] = CStringGetTextDatum(values[i]);
	GetUserIdAndSecContext(&saved_user, &saved_sec);
	SetUserIdAndSecContext(table_owner(table), saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	int level = pg::search_path_pin();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	int rc = SPI_execute_with_args(sql, nparams, types, args, NULL, false, 0);
	if (rc < 0)
		elog(ERROR, "could not run \"%s\": %s", sql, SPI_result_code_string(rc));
	for (uint64 i = 0; SPI_tuptable != NULL && i < SPI_processed; i++)
	{
		char *value = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		MemoryContext old = MemoryContextSwitchTo(caller);
		rows = lappend(rows, value != NULL ? pstrdup(value) : NULL);
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	pg::search_path_restore(level);
	SetUserIdAndSecContext(saved_user, saved_sec);
	return rows;
}

} // namespace tsdist::catalog
