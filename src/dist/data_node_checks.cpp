// Checks of remote servers and databases, and the membership records.
#include "pg/pg.hpp"
#include "core/version.hpp"
#include "dist/data_node_checks.hpp"
#include "remote/request.hpp"

extern "C"
{
#include "access/xlog.h"
#include "commands/dbcommands.h"
}

namespace tsdist::dist
{

static const char *const kExtension = "timescaledb_dist";

// Raises when the remote database is this very database.
static void
check_not_self(const char *sysid, const char *target_dbname)
{
	char local[32];
	snprintf(local, sizeof(local), UINT64_FORMAT, GetSystemIdentifier());
	if (sysid == NULL || strcmp(sysid, local) != 0 ||
	    strcmp(target_dbname, get_database_name(MyDatabaseId)) != 0)
		return;
	ereport(ERROR,
	        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
	         errmsg("cannot add the current database as a data node to itself"),
	         errdetail("Adding the current database as a data node to itself would create a "
	                   "cycle. Use a different instance or database for the data node."),
	         errhint("Check that the 'port' parameter refers to a different instance or that "
	                 "the 'database' parameter refers to a different database.")));
}

// Raises when prepared transactions are off; warns when they are too few.
static void
check_prepared_transactions(int max_prepared, int max_connections)
{
	if (max_prepared == 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("prepared transactions need to be enabled"),
		                errdetail("Parameter max_prepared_transactions=%d.", max_prepared),
		                errhint("Configuration parameter max_prepared_transactions must be set >0 "
		                        "(changes will require restart).")));
	if (max_prepared < max_connections)
		ereport(WARNING,
		        (errmsg("max_prepared_transactions is set low"),
		         errdetail("Parameters max_prepared_transactions=%d, max_connections=%d.",
		                   max_prepared, max_connections),
		         errhint("It is recommended that max_prepared_transactions >= max_connections "
		                 "(changes will require restart).")));
}

void
check_server(remote::Connection *conn, const char *target_dbname)
{
	remote::Result *r =
	    remote::exec_query(conn,
	                       "SELECT pg_catalog.current_setting('max_prepared_transactions'), "
	                       "pg_catalog.current_setting('max_connections'), "
	                       "(SELECT system_identifier::text FROM pg_catalog.pg_control_system())",
	                       0, NULL);
	int max_prepared = atoi(remote::result_value(r, 0, 0));
	int max_connections = atoi(remote::result_value(r, 0, 1));
	char *sysid = remote::result_value(r, 0, 2);
	remote::result_free(r);
	check_not_self(sysid, target_dbname);
	check_prepared_transactions(max_prepared, max_connections);
}

void
check_extension_version(const char *version)
{
	if (core::versions_compatible(TSDIST_VERSION, version))
		return;
	ereport(ERROR,
	        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	         errmsg("remote PostgreSQL instance has an incompatible timescaledb extension "
	                "version"),
	         errdetail("Access node version: %s, remote version: %s.", TSDIST_VERSION, version)));
}

void
check_extension_available(remote::Connection *conn)
{
	const char *params[1] = {kExtension};
	remote::Result *r =
	    remote::exec_query(conn,
	                       "SELECT pg_catalog.string_agg(version, ', ' ORDER BY version) FROM "
	                       "pg_catalog.pg_available_extension_versions WHERE name = $1",
	                       1, params);
	char *versions = remote::result_value(r, 0, 0);
	remote::result_free(r);
	if (versions == NULL)
		ereport(ERROR,
		        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		         errmsg("TimescaleDB extension not available on remote PostgreSQL instance"),
		         errhint("Install the TimescaleDB extension on the remote PostgreSQL instance.")));
	char *rest = versions;
	char *version;
	while ((version = strsep(&rest, ",")) != NULL)
		if (core::versions_compatible(TSDIST_VERSION, version + strspn(version, " ")))
			return;
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	                errmsg("remote PostgreSQL instance has an incompatible timescaledb extension "
	                       "version"),
	                errdetail("Access node version: %s, available remote versions: %s.",
	                          TSDIST_VERSION, versions)));
}

char *
installed_extension_version(remote::Connection *conn)
{
	const char *params[1] = {kExtension};
	remote::Result *r = remote::exec_query(
	    conn, "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = $1", 1, params);
	char *version = PQntuples(r->pg) > 0 ? remote::result_value(r, 0, 0) : NULL;
	remote::result_free(r);
	return version;
}

void
set_membership(remote::Connection *conn, const char *dist_uuid)
{
	const char *get[1] = {"dist_uuid"};
	remote::Result *r = remote::exec_query(
	    conn, "SELECT value FROM _timescaledb_dist_catalog.metadata WHERE key = $1", 1, get);
	bool member = PQntuples(r->pg) > 0;
	remote::result_free(r);
	if (member)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("database is already a member of a distributed database"),
		                errhint("Delete the data node on its access node first, or use another "
		                        "database.")));
	const char *set[4] = {"dist_uuid", dist_uuid, "dist_role", "data_node"};
	remote::result_free(remote::exec_query(
	    conn,
	    "INSERT INTO _timescaledb_dist_catalog.metadata (key, value) VALUES ($1, $2), ($3, $4)", 4,
	    set));
}

void
clear_membership(remote::Connection *conn, const char *dist_uuid)
{
	const char *params[1] = {dist_uuid};
	remote::result_free(remote::exec_query(
	    conn,
	    "DELETE FROM _timescaledb_dist_catalog.metadata WHERE key IN ('dist_uuid', 'dist_role') "
	    "AND (SELECT value FROM _timescaledb_dist_catalog.metadata WHERE key = 'dist_uuid') = $1",
	    1, params));
}

} // namespace tsdist::dist
