// Reads and writes _timescaledb_dist_catalog.remote_txn through SPI.
#include "pg/pg.hpp"
#include "txn/remote_txn_log.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tsdist::txn
{

// The owner of the remote_txn table (the extension's owner).
static Oid
log_owner()
{
	Oid nsp = get_namespace_oid("_timescaledb_dist_catalog", false);
	Oid relid = get_relname_relid("remote_txn", nsp);
	if (!OidIsValid(relid))
		elog(ERROR, "table _timescaledb_dist_catalog.remote_txn is missing");
	HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	Oid owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

// Runs a statement with text parameters as the table's owner; returns the
// first column of every row (palloc'd in the caller's context). An error
// restores the user id as part of the (sub)transaction abort.
static List *
log_exec(const char *sql, int nparams, const char **values)
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
	SetUserIdAndSecContext(log_owner(), saved_sec | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	int rc = SPI_execute_with_args(sql, nparams, types, args, NULL, false, 0);
	if (rc < 0)
		elog(ERROR, "could not run \"%s\": %s", sql, SPI_result_code_string(rc));
	for (uint64 i = 0; SPI_tuptable != NULL && i < SPI_processed; i++)
	{
		char *value = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		MemoryContext old = MemoryContextSwitchTo(caller);
		rows = lappend(rows, pstrdup(value != NULL ? value : ""));
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	SetUserIdAndSecContext(saved_user, saved_sec);
	return rows;
}

void
remote_txn_log_insert(const char *node_name, const char *gid)
{
	const char *values[2] = {node_name, gid};
	log_exec("INSERT INTO _timescaledb_dist_catalog.remote_txn "
	         "(data_node_name, remote_transaction_id) VALUES ($1::pg_catalog.name, $2)",
	         2, values);
}

bool
remote_txn_log_exists(const char *node_name, const char *gid)
{
	const char *values[2] = {node_name, gid};
	return log_exec("SELECT 1 FROM _timescaledb_dist_catalog.remote_txn WHERE data_node_name "
	                "OPERATOR(pg_catalog.=) $1::pg_catalog.name AND remote_transaction_id "
	                "OPERATOR(pg_catalog.=) $2",
	                2, values) != NIL;
}

List *
remote_txn_log_gids(const char *node_name)
{
	const char *values[1] = {node_name};
	return log_exec("SELECT remote_transaction_id FROM _timescaledb_dist_catalog.remote_txn "
	                "WHERE data_node_name OPERATOR(pg_catalog.=) $1::pg_catalog.name",
	                1, values);
}

void
remote_txn_log_delete(const char *gid)
{
	const char *values[1] = {gid};
	log_exec("DELETE FROM _timescaledb_dist_catalog.remote_txn "
	         "WHERE remote_transaction_id OPERATOR(pg_catalog.=) $1",
	         1, values);
}

int
remote_txn_log_delete_orphans()
{
	List *gone = log_exec(
	    "DELETE FROM _timescaledb_dist_catalog.remote_txn r WHERE NOT EXISTS (SELECT FROM "
	    "pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid "
	    "OPERATOR(pg_catalog.=) s.srvfdw WHERE s.srvname OPERATOR(pg_catalog.=) r.data_node_name "
	    "AND w.fdwname OPERATOR(pg_catalog.=) 'timescaledb_dist_fdw') "
	    "RETURNING r.remote_transaction_id",
	    0, NULL);
	return list_length(gone);
}

} // namespace tsdist::txn
