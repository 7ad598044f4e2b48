// Reads and writes _timescaledb_dist_catalog.metadata through SPI.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/metadata_store.hpp"
#include "catalog/owner_query.hpp"

namespace tsdist::catalog
{

// Runs a statement on the metadata table as its owner; the first column of
// the first row, or NULL.
static char *
metadata_exec(const char *sql, int nparams, const char **values)
{
	List *rows = owner_query("metadata", sql, nparams, values);
	return rows != NIL ? (char *) linitial(rows) : NULL;
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
