// Bootstrapping a data node on a remote server: database, extension, membership.
#include "pg/pg.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/bootstrap.hpp"
#include "dist/data_node_checks.hpp"
#include "dist/subxact.hpp"
#include "remote/request.hpp"

extern "C"
{
#include "catalog/pg_collation.h"
#include "catalog/pg_database.h"
#include "mb/pg_wchar.h"
#include "utils/syscache.h"
}

namespace tsdist::dist
{

// The encoding and locale of a database: what makes its comparisons, sorts
// and case mappings those of the access node.
struct DatabaseLocale
{
	const char *encoding;
	int encoding_id;
	const char *collate;
	const char *ctype;
	const char *provider;   // "libc" or "icu" (the default collation's provider)
	const char *icu_locale; // NULL unless the provider is ICU
};

remote::ConnOptions
target_options(const NodeTarget &target, const char *dbname)
{
	return remote::conn_options(target.host, target.port, dbname,
	                            GetUserNameFromId(GetUserId(), false), target.password);
}

remote::Connection *
connect_maintenance(const char *node_name, const remote::ConnOptions &base)
{
	char *first_error = NULL;
	char *error = NULL;
	remote::Connection *conn =
	    remote::connection_try_open(node_name, remote::conn_options_with_dbname(base, "postgres"),
	                                CurrentMemoryContext, true, &first_error);
	if (conn == NULL)
		conn = remote::connection_try_open(node_name,
		                                   remote::conn_options_with_dbname(base, "template1"),
		                                   CurrentMemoryContext, true, &error);
	if (conn == NULL)
		ereport(ERROR, (errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
		                errmsg("could not connect to \"%s\"", node_name),
		                errdetail_internal("%s", first_error)));
	return conn;
}

// The name of a pg_database.datlocprovider value.
static const char *
provider_name(char provider)
{
	return provider == COLLPROVIDER_ICU ? "icu" : (provider == COLLPROVIDER_LIBC ? "libc" : "?");
}

// The locale of this (the access node's) database.
static DatabaseLocale
local_locale()
{
	HeapTuple tuple = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for database %u", MyDatabaseId);
	Form_pg_database db = (Form_pg_database) GETSTRUCT(tuple);
	bool isnull;
	Datum collate = SysCacheGetAttr(DATABASEOID, tuple, Anum_pg_database_datcollate, &isnull);
	Datum ctype = SysCacheGetAttr(DATABASEOID, tuple, Anum_pg_database_datctype, &isnull);
	Datum icu = SysCacheGetAttr(DATABASEOID, tuple, Anum_pg_database_daticulocale, &isnull);
	DatabaseLocale locale = {
	    GetDatabaseEncodingName(),
	    GetDatabaseEncoding(),
	    TextDatumGetCString(collate),
	    TextDatumGetCString(ctype),
	    provider_name(db->datlocprovider),
	    db->datlocprovider == COLLPROVIDER_ICU && !isnull ? TextDatumGetCString(icu) : NULL};
	ReleaseSysCache(tuple);
	return locale;
}

// Raises "database exists but has wrong <what>" when `want` and `have` differ.
static void
check_locale_part(const char *what, const char *want, const char *have)
{
	if (strcmp(want != NULL ? want : "", have != NULL ? have : "") == 0)
		return;
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	                errmsg("database exists but has wrong %s", what),
	                errdetail("Expected %s \"%s\" but it was \"%s\".", what,
	                          want != NULL ? want : "", have != NULL ? have : "")));
}

// Raises when an existing remote database's locale differs from ours.
static void
check_locale(const DatabaseLocale &want, const DatabaseLocale &have)
{
	if (want.encoding_id != have.encoding_id)
		ereport(ERROR,
		        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		         errmsg("database exists but has wrong encoding"),
		         errdetail("Expected database encoding to be \"%s\" (%d) but it was \"%s\" "
		                   "(%d).",
		                   want.encoding, want.encoding_id, have.encoding, have.encoding_id)));
	check_locale_part("collation", want.collate, have.collate);
	check_locale_part("LC_CTYPE", want.ctype, have.ctype);
	check_locale_part("locale provider", want.provider, have.provider);
	check_locale_part("ICU locale", want.icu_locale, have.icu_locale);
}

// Reads the locale of the remote database `dbname`; false when there is none.
static bool
remote_locale(remote::Connection *conn, const char *dbname, DatabaseLocale *have)
{
	const char *params[1] = {dbname};
	remote::Result *r = remote::exec_query(
	    conn,
	    "SELECT pg_catalog.pg_encoding_to_char(encoding), encoding, datcollate, datctype, "
	    "CASE datlocprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' ELSE '?' END, "
	    "CASE WHEN datlocprovider = 'i' THEN daticulocale END "
	    "FROM pg_catalog.pg_database WHERE datname = $1",
	    1, params);
	bool found = PQntuples(r->pg) > 0;
	if (found)
		*have = {remote::result_value(r, 0, 0), atoi(remote::result_value(r, 0, 1)),
		         remote::result_value(r, 0, 2), remote::result_value(r, 0, 3),
		         remote::result_value(r, 0, 4), remote::result_value(r, 0, 5)};
	remote::result_free(r);
	return found;
}

// "CREATE DATABASE" of `dbname` with the locale `want`, from template0 (the
// only template whose locale may differ from the new database's).
static char *
create_database_command(const char *dbname, const DatabaseLocale &want)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfo(&buf,
	                 "CREATE DATABASE %s ENCODING %s LC_COLLATE %s LC_CTYPE %s "
	                 "LOCALE_PROVIDER %s",
	                 quote_identifier(dbname), quote_literal_cstr(want.encoding),
	                 quote_literal_cstr(want.collate), quote_literal_cstr(want.ctype),
	                 want.provider);
	if (want.icu_locale != NULL)
		appendStringInfo(&buf, " ICU_LOCALE %s", quote_literal_cstr(want.icu_locale));
	appendStringInfoString(&buf, " TEMPLATE template0");
	return buf.data;
}

// Creates the database with our locale, or checks the one that exists.
// Returns true when it created it.
static bool
ensure_database(remote::Connection *conn, const char *dbname)
{
	DatabaseLocale want = local_locale();
	DatabaseLocale have;
	if (remote_locale(conn, dbname, &have))
	{
		ereport(NOTICE, (errmsg("database \"%s\" already exists on data node, skipping", dbname)));
		check_locale(want, have);
		return false;
	}
	remote::exec_command(conn, create_database_command(dbname, want));
	return true;
}

// Creates the extension in the data node's database, or checks the one there.
// Returns true when it created it.
static bool
ensure_extension(remote::Connection *conn, const NodeTarget &target)
{
	char *version = installed_extension_version(conn);
	if (version == NULL)
	{
		// In the access node's schema (the session's search_path is pg_catalog).
		const char *schema = quote_identifier(catalog::extension_schema());
		remote::exec_command(conn, psprintf("CREATE SCHEMA IF NOT EXISTS %s; CREATE EXTENSION "
		                                    "timescaledb_dist WITH SCHEMA %s",
		                                    schema, schema));
		return true;
	}
	ereport(NOTICE,
	        (errmsg("extension \"%s\" already exists on data node, skipping", "timescaledb_dist"),
	         errdetail("TimescaleDB extension version on %s:%d was %s.", target.host, target.port,
	                   version)));
	check_extension_version(version);
	return false;
}

void
bootstrap_data_node(const NodeTarget &target, const char *dist_uuid, BootstrapState *state)
{
	remote::ConnOptions base = target_options(target, target.dbname);
	remote::Connection *maintenance = connect_maintenance(target.node_name, base);
	check_server(maintenance, target.dbname);
	check_extension_available(maintenance);
	state->database_created = ensure_database(maintenance, target.dbname);
	remote::connection_close(maintenance);

	state->db_conn = remote::connection_open(target.node_name, base, CurrentMemoryContext, true);
	state->extension_created = ensure_extension(state->db_conn, target);
	set_membership(state->db_conn, dist_uuid);
	state->membership_set = true;
}

void
validate_data_node(const NodeTarget &target, const char *dist_uuid, BootstrapState *state)
{
	remote::ConnOptions options = target_options(target, target.dbname);
	state->db_conn = remote::connection_open(target.node_name, options, CurrentMemoryContext, true);
	check_server(state->db_conn, target.dbname);
	char *version = installed_extension_version(state->db_conn);
	if (version == NULL)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("database does not have TimescaleDB extension loaded"),
		                errdetail("The TimescaleDB extension is not loaded in database %s on node "
		                          "at %s:%d.",
		                          target.dbname, target.host, target.port)));
	check_extension_version(version);
	// Not created here, so its encoding and locale are checked as when it exists.
	DatabaseLocale have;
	if (remote_locale(state->db_conn, target.dbname, &have))
		check_locale(local_locale(), have);
	set_membership(state->db_conn, dist_uuid);
	state->membership_set = true;
}

void
drop_remote_database(const char *node_name, const remote::ConnOptions &base, const char *dbname)
{
	remote::Connection *conn = connect_maintenance(node_name, base);
	remote::exec_command(conn, psprintf("DROP DATABASE %s", quote_identifier(dbname)));
	remote::connection_close(conn);
}

// Arguments of the undo steps, run through try_or_warn.
struct UndoArgs
{
	const NodeTarget *target;
	BootstrapState *state;
	const char *dist_uuid;
};

// Drops the database this call created (forcing out leftover sessions).
static void
undo_database(void *arg)
{
	UndoArgs *undo = (UndoArgs *) arg;
	remote::Connection *conn =
	    connect_maintenance(undo->target->node_name, target_options(*undo->target, "postgres"));
	remote::exec_command(conn, psprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)",
	                                    quote_identifier(undo->target->dbname)));
	remote::connection_close(conn);
}

// Clears the membership this call recorded in an existing database.
static void
undo_membership(void *arg)
{
	UndoArgs *undo = (UndoArgs *) arg;
	remote::Connection *conn = remote::connection_open(
	    undo->target->node_name, target_options(*undo->target, undo->target->dbname),
	    CurrentMemoryContext, true);
	clear_membership(conn, undo->dist_uuid);
	remote::connection_close(conn);
}

void
undo_bootstrap(const NodeTarget &target, BootstrapState *state, const char *dist_uuid)
{
	UndoArgs undo = {&target, state, dist_uuid};
	remote::connection_close(state->db_conn);
	if (state->database_created)
		try_or_warn(undo_database, &undo,
		            psprintf("could not drop database \"%s\" on data node \"%s\"", target.dbname,
		                     target.node_name));
	else if (state->membership_set && dist_uuid != NULL)
		try_or_warn(
		    undo_membership, &undo,
		    psprintf("could not clear the membership of data node \"%s\"", target.node_name));
}

} // namespace tsdist::dist
