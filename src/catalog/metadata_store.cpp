// Reads and writes _timescaledb_dist_catalog.metadata through SPI.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/metadata_store.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tsdist::catalog
{

// The owner of the metadata table (the extension's owner).
static Oid
metadata_owner()
{
	Oid nsp = get_namespace_oid("_timescaledb_dist_catalog", false);
	Oid relid = get_relname_relid("metadata", nsp);
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	Oid owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

// Runs a statement on the metadata table with text parameters as the table's
// owner and returns the first column of the first row (or NULL). An error
// restores the user id as part of the (sub)transaction abort.
static char *
metadata_exec(const char *sql, int nparams, const char **values)
{
	Oid types[2] = {TEXTOID, TEXTOID};
	Datum args[2];
	Oid saved_user;
	int saved_sec;
	char *result = NULL;
	MemoryContext caller = CurrentMemoryContext;

	Assert(nparams <= 2);
	for (int i = 0; i < nparams; i++)
		args[i] = CStringGetTextDatum(values[i]);
	GetUserIdAndSecContext(&saved_user, &saved_sec);
	SetUserIdAndSecContext(metadata_owner(), saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	int rc = SPI_execute_with_args(sql, nparams, types, args, NULL, false, 1);
	if (rc < 0)
		elog(ERROR, "could not run \"%s\": %s", sql, SPI_result_code_string(rc));
	if (SPI_processed > 0 && SPI_tuptable != NULL)
	{
		char *value = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		if (value != NULL)
			result = MemoryContextStrdup(caller, value);
	}
	SPI_finish();
	SetUserIdAndSecContext(saved_user, saved_sec);
	return result;
}

char *
metadata_get(const char *key)
{
	const char *values[1] = {key};
	return metadata_exec(
	    "SELECT value FROM _timescaledb_dist_catalog.metadata WHERE key OPERATOR(pg_catalog.=) $1",
	    1, values);
}

void
metadata_set(const char *key, const char *value)
{
	const char *values[2] = {key, value};
	metadata_exec("INSERT INTO _timescaledb_dist_catalog.metadata (key, value) VALUES ($1, $2) "
	              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	              2, values);
}

void
metadata_delete(const char *key)
{
	const char *values[1] = {key};
	metadata_exec(
	    "DELETE FROM _timescaledb_dist_catalog.metadata WHERE key OPERATOR(pg_catalog.=) $1", 1,
	    values);
}

char *
metadata_ensure_access_node_uuid()
{
	char *uuid = metadata_get(kDistUuidKey);
	if (uuid != NULL)
		return uuid;
	const char *values[1] = {kDistUuidKey};
	uuid = metadata_exec("INSERT INTO _timescaledb_dist_catalog.metadata (key, value) "
	                     "VALUES ($1, pg_catalog.gen_random_uuid()::text) RETURNING value",
	                     1, values);
	metadata_set(kDistRoleKey, kRoleAccessNode);
	return uuid;
}

char *
extension_schema()
{
	const char *values[1] = {kExtensionName};
	char *schema = metadata_exec("SELECT n.nspname::text FROM pg_catalog.pg_extension e"
	                             " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
	                             " WHERE e.extname OPERATOR(pg_catalog.=) $1::name",
	                             1, values);
	if (schema == NULL)
		elog(ERROR, "extension \"%s\" is not installed", kExtensionName);
	return schema;
}

} // namespace tsdist::catalog
