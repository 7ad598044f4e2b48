// Ending the remote transactions: one-phase or two-phase commit, rollback.
// The protocol and its failure points are described in docs/architecture.md,
// "Distributed transactions".
#include "pg/pg.hpp"
#include "catalog/metadata_store.hpp"
#include "remote/connection.hpp"
#include "remote/request.hpp"
#include "txn/node_txn.hpp"
#include "txn/remote_txn_log.hpp"
#include "txn/settings.hpp"

extern "C"
{
#include "access/transam.h"
#include "access/xact.h"
#include "utils/snapmgr.h"
}

namespace tsdist::txn
{

// True when the fault point is set (superusers only, tests).
static bool
fault(FaultPoint point)
{
	return debug_fail_at == (int) point;
}

// Simulates losing the data nodes: closes every connection of the
// transaction, so nothing more can be sent on them.
static void
drop_connections(List *nodes)
{
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		remote::connection_close(node->conn);
		node->broken = true;
	}
}

// Sends `sqls[i]` to nodes[i] (all at once) and waits; raises the first error.
static void
run_on(NodeTxn **nodes, int n, const char *const *sqls)
{
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		if (nodes[i]->broken)
			ereport(ERROR,
			        (errcode(ERRCODE_CONNECTION_FAILURE),
			         errmsg("connection to data node \"%s\" was lost", nodes[i]->node_name)));
		conns[i] = nodes[i]->conn;
	}
	for (int i = 0; i < n; i++)
		remote::send_query(conns[i], sqls[i]);
	remote::collect_results(conns, n, results);
	for (int i = 0; i < n; i++)
		remote::result_free(results[i]);
}

// The nodes of the list that are (not) written and not done yet.
static NodeTxn **
select_nodes(List *nodes, bool written, int *n)
{
	NodeTxn **out = (NodeTxn **) palloc0(sizeof(void *) * (list_length(nodes) + 1));
	*n = 0;
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		if (node->written == written && !node->done)
			out[(*n)++] = node;
	}
	return out;
}

// Runs the same command on each of the nodes and marks them done.
static void
finish_with(NodeTxn **nodes, int n, const char *sql)
{
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
		sqls[i] = sql;
	run_on(nodes, n, sqls);
	for (int i = 0; i < n; i++)
		nodes[i]->done = true;
}

// Gives every written node its GID and logs it in the local transaction.
static void
assign_gids(NodeTxn **nodes, int n)
{
	char *an_id = catalog::metadata_get(catalog::kDistUuidKey);
	uint64 xid = U64FromFullTransactionId(GetTopFullTransactionId());
	for (int i = 0; i < n; i++)
	{
		if (an_id == NULL || !core::gid_format(nodes[i]->gid, an_id, xid, i + 1))
			ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			                errmsg("this database is not an access node"),
			                errdetail("A two-phase commit needs the distributed database's id.")));
		remote_txn_log_insert(nodes[i]->node_name, nodes[i]->gid);
	}
}

// PREPARE TRANSACTION on the written nodes, all at once.
static void
prepare_all(List *all, NodeTxn **nodes, int n)
{
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
		sqls[i] = psprintf("PREPARE TRANSACTION %s", quote_literal_cstr(nodes[i]->gid));
	if (fault(FaultPoint::prepare_partial))
	{
		run_on(nodes, 1, sqls);
		nodes[0]->prepared = true;
		drop_connections(all);
		elog(ERROR, "debug_fail_at: failing after PREPARE on data node \"%s\"",
		     nodes[0]->node_name);
	}
	run_on(nodes, n, sqls);
	for (int i = 0; i < n; i++)
		nodes[i]->prepared = true;
	if (fault(FaultPoint::after_prepare))
	{
		drop_connections(all);
		elog(ERROR, "debug_fail_at: failing after PREPARE on every data node");
	}
}

void
commit_before_local_commit(List *nodes)
{
	int nwritten, nread;
	NodeTxn **written = select_nodes(nodes, true, &nwritten);
	NodeTxn **read = select_nodes(nodes, false, &nread);
	if (nwritten > 1 && enable_2pc)
	{
		/* The GIDs are logged through SPI, which needs a snapshot; a
		 * top-level CALL commits without one. */
		bool push = !ActiveSnapshotSet();
		if (push)
			PushActiveSnapshot(GetTransactionSnapshot());
		assign_gids(written, nwritten);
		if (push)
			PopActiveSnapshot();
		prepare_all(nodes, written, nwritten);
	}
	else
		finish_with(written, nwritten, "COMMIT");
	finish_with(read, nread, "COMMIT");
}

void
commit_after_local_commit(List *nodes)
{
	int n;
	NodeTxn **written = select_nodes(nodes, true, &n);
	if (n == 0 || !written[0]->prepared)
		return;
	if (fault(FaultPoint::after_local_commit))
	{
		drop_connections(nodes);
		elog(WARNING, "debug_fail_at: leaving %d prepared transactions after the local commit", n);
		return;
	}
	if (fault(FaultPoint::sleep_after_local_commit))
		pg_usleep(3000000L);
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	char **errors = (char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		conns[i] = written[i]->conn;
		sqls[i] = psprintf("COMMIT PREPARED %s", quote_literal_cstr(written[i]->gid));
	}
	remote::exec_commands_quietly(conns, n, sqls, errors);
	for (int i = 0; i < n; i++)
		if (errors[i] != NULL)
			ereport(WARNING,
			        (errmsg("could not commit prepared transaction on data node \"%s\"",
			                written[i]->node_name),
			         errdetail_internal("%s", errors[i]),
			         errhint("The transaction is committed by the next recovery of distributed "
			                 "transactions. To retry now, manually run \"COMMIT PREPARED '%s'\" "
			                 "on the data node.",
			                 written[i]->gid)));
}

// The command that undoes a node's remote transaction, or NULL when the
// connection cannot take one (the connection cache closes it instead, which
// aborts an unprepared remote transaction).
static const char *
rollback_command(const NodeTxn *node)
{
	if (node->done || node->broken || node->conn->pg == NULL ||
	    PQstatus(node->conn->pg) != CONNECTION_OK)
		return NULL;
	PGTransactionStatusType status = PQtransactionStatus(node->conn->pg);
	if (node->prepared && status == PQTRANS_IDLE)
		return psprintf("ROLLBACK PREPARED %s", quote_literal_cstr(node->gid));
	if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
		return "ROLLBACK";
	return NULL;
}

void
rollback_all(List *nodes)
{
	int n = list_length(nodes), m = 0;
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	char **errors = (char **) palloc0(sizeof(char *) * (n + 1));
	NodeTxn **which = (NodeTxn **) palloc0(sizeof(void *) * (n + 1));
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		const char *sql = rollback_command(node);
		if (sql != NULL)
		{
			which[m] = node;
			conns[m] = node->conn;
			sqls[m++] = sql;
		}
		else if (node->prepared && !node->done)
			ereport(WARNING,
			        (errmsg("could not roll back prepared transaction on data node \"%s\"",
			                node->node_name),
			         errhint("The next recovery of distributed transactions rolls it back.")));
	}
	remote::exec_commands_quietly(conns, m, sqls, errors);
	for (int i = 0; i < m; i++)
		if (errors[i] != NULL && which[i]->prepared)
			ereport(WARNING,
			        (errmsg("could not roll back prepared transaction on data node \"%s\"",
			                which[i]->node_name),
			         errdetail_internal("%s", errors[i]),
			         errhint("The next recovery of distributed transactions rolls it back.")));
}

} // namespace tsdist::txn
