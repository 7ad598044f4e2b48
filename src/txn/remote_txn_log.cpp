// Reads and writes _timescaledb_dist_catalog.remote_txn through SPI.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/owner_query.hpp"
#include "txn/remote_txn_log.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "storage/lmgr.h"
#include "utils/lsyscache.h"
}

namespace tsdist::txn
{

// Runs a statement on remote_txn as its owner; the first column of every row.
static List *
log_exec(const char *sql, int nparams, const char **values)
{
	return catalog::owner_query("remote_txn", sql, nparams, values);
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

void
remote_txn_log_block_commits()
{
	Oid nsp = get_namespace_oid(catalog::kCatalogSchema, false);
	Oid relid = get_relname_relid("remote_txn", nsp);
	if (!OidIsValid(relid))
		elog(ERROR, "table %s.remote_txn is missing", catalog::kCatalogSchema);
	LockRelationOid(relid, ExclusiveLock);
}

} // namespace tsdist::txn
