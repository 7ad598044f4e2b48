// Recovery of in-doubt prepared transactions on data nodes.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/metadata_store.hpp"
#include "core/gid.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"
#include "txn/commit_lock.hpp"
#include "txn/recovery.hpp"
#include "txn/remote_txn_log.hpp"

extern "C"
{
#include "access/xact.h"
#include "utils/fmgrprotos.h"
#include "utils/resowner.h"
#include "utils/xid8.h"
}

namespace tsdist::txn
{

// pg_xact_status() of a local transaction: "in progress", "committed",
// "aborted", or NULL when it is too old to know.
static char *
xact_status(uint64 xid)
{
	LOCAL_FCINFO(fcinfo, 1);
	InitFunctionCallInfoData(*fcinfo, NULL, 1, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = FullTransactionIdGetDatum(FullTransactionIdFromU64(xid));
	fcinfo->args[0].isnull = false;
	Datum status = pg_xact_status(fcinfo);
	return fcinfo->isnull ? NULL : text_to_cstring(DatumGetTextPP(status));
}

// The GIDs of this access node's transactions prepared in the data node's database.
static List *
prepared_gids(remote::Connection *conn, const char *prefix)
{
	const char *values[1] = {prefix};
	remote::Result *r = remote::exec_query(
	    conn,
	    "SELECT gid FROM pg_catalog.pg_prepared_xacts WHERE database OPERATOR(pg_catalog.=) "
	    "pg_catalog.current_database() AND pg_catalog.starts_with(gid, $1) ORDER BY gid",
	    1, values);
	List *gids = NIL;
	for (int i = 0; i < PQntuples(r->pg); i++)
		gids = lappend(gids, remote::result_value(r, i, 0));
	remote::result_free(r);
	return gids;
}

// Commits (true) or rolls back one prepared transaction; false with a WARNING
// when the data node refused (e.g. another session is finishing it).
static bool
finish_prepared(remote::Connection *conn, const char *gid, bool commit)
{
	const char *sql =
	    psprintf("%s PREPARED %s", commit ? "COMMIT" : "ROLLBACK", quote_literal_cstr(gid));
	char *error = NULL;
	remote::exec_commands_quietly(&conn, 1, &sql, &error);
	if (error == NULL)
		return true;
	ereport(WARNING, (errmsg("could not %s prepared transaction on data node \"%s\"",
	                         commit ? "commit" : "roll back", conn->node_name),
	                  errdetail_internal("%s", error),
	                  errhint("To retry, manually run \"%s\" on the data node.", sql)));
	return false;
}

// Decides one prepared transaction. A transaction whose backend still holds
// its commit lock is left alone (that backend finishes it). The status is
// read before the log, so a transaction seen as finished has its log row
// visible (or never will). A committed one's log row is deleted at once.
static void
resolve(remote::Connection *conn, const char *an_id, const char *gid, RecoveryCounts *counts)
{
	core::GidParts parts;
	if (!core::gid_parse(gid, &parts) || strcmp(parts.an_id, an_id) != 0)
		return;
	char *status = commit_lock_busy(parts.xid) ? pstrdup("in progress") : xact_status(parts.xid);
	if (status != NULL && strcmp(status, "in progress") == 0)
	{
		counts->in_progress++;
		return;
	}
	bool commit = (status != NULL && strcmp(status, "committed") == 0) ||
	              remote_txn_log_exists(conn->node_name, gid);
	if (!finish_prepared(conn, gid, commit))
		counts->failed++;
	else if (commit)
	{
		remote_txn_log_delete(gid);
		counts->committed++;
	}
	else
		counts->rolled_back++;
}

// True when the list of strings holds s.
static bool
list_has_string(List *list, const char *s)
{
	ListCell *lc;
	foreach (lc, list)
		if (strcmp((const char *) lfirst(lc), s) == 0)
			return true;
	return false;
}

RecoveryCounts
recover_data_node(Oid server_oid)
{
	RecoveryCounts counts = {0, 0, 0, 0};
	char *an_id = catalog::metadata_get(catalog::kDistUuidKey);
	char prefix[core::kGidSize];
	if (an_id == NULL || !core::gid_prefix(prefix, an_id))
		return counts;
	ForeignServer *server = GetForeignServer(server_oid);
	/* Logged rows first: a row seen now belongs to a transaction that
	 * prepared before the list below was read. */
	List *logged = remote_txn_log_gids(server->servername);
	remote::Connection *conn = remote::connection_cache_get(server_oid, GetUserId());
	List *gids = prepared_gids(conn, prefix);
	ListCell *lc;
	foreach (lc, gids)
		resolve(conn, an_id, (const char *) lfirst(lc), &counts);
	foreach (lc, logged)
		if (!list_has_string(gids, (const char *) lfirst(lc)))
			remote_txn_log_delete((const char *) lfirst(lc));
	return counts;
}

// Runs recover_data_node in an internal subtransaction; false (with a
// WARNING naming the node) when it raised.
static bool
recover_in_subtransaction(ForeignServer *server, RecoveryCounts *counts)
{
	MemoryContext caller = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool ok = true;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(caller);
	PG_TRY();
	{
		*counts = recover_data_node(server->serverid);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(caller);
		ErrorData *edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		ereport(WARNING,
		        (errmsg("could not recover transactions on data node \"%s\"", server->servername),
		         errdetail_internal("%s", edata->message)));
		ok = false;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(caller);
	CurrentResourceOwner = owner;
	return ok;
}

void
recover_all_data_nodes(RecoveryReport report, void *arg)
{
	List *servers = catalog::data_node_list();
	ListCell *lc;
	foreach (lc, servers)
	{
		ForeignServer *server = (ForeignServer *) lfirst(lc);
		RecoveryCounts counts = {0, 0, 0, 0};
		bool reached = recover_in_subtransaction(server, &counts);
		if (report != NULL)
			report(server->servername, &counts, reached, arg);
	}
	remote_txn_log_delete_orphans();
}

} // namespace tsdist::txn
