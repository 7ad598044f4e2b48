// Ending the remote transactions at commit: one-phase or two-phase commit.
// The protocol and its failure points are described in docs/architecture.md,
// "Distributed transactions".
#include "pg/pg.hpp"
#include "catalog/metadata_store.hpp"
#include "remote/connection.hpp"
#include "remote/request.hpp"
#include "txn/commit_lock.hpp"
#include "txn/fault.hpp"
#include "txn/node_txn.hpp"
#include "txn/remote_txn_log.hpp"
#include "txn/settings.hpp"

extern "C"
{
#include "access/transam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "utils/snapmgr.h"
}

namespace tsdist::txn
{

// The local transaction whose commit lock this backend holds (0: none).
static uint64 locked_xid = 0;

// Sends `sqls[i]` to nodes[i] (all at once) and waits; raises the first error.
static void
run_on(NodeTxn **nodes, int n, const char *const *sqls)
{
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		check_remote_open(nodes[i]);
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
assign_gids(NodeTxn **nodes, int n, uint64 xid)
{
	char *an_id = catalog::metadata_get(catalog::kDistUuidKey);
	for (int i = 0; i < n; i++)
	{
		if (an_id == NULL || !core::gid_format(nodes[i]->gid, an_id, xid, i + 1))
			ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			                errmsg("this database is not an access node"),
			                errdetail("A two-phase commit needs the distributed database's id.")));
		remote_txn_log_insert(nodes[i]->node_name, nodes[i]->gid);
	}
}

// PREPARE TRANSACTION on nodes[0..n), all at once. Every node whose PREPARE
// succeeded is marked prepared, also when another one failed (then the
// first failure is raised and the abort rolls the prepared ones back).
static void
run_prepare(NodeTxn **nodes, int n)
{
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	bool *failed = (bool *) palloc0(sizeof(bool) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		check_remote_open(nodes[i]);
		conns[i] = nodes[i]->conn;
	}
	for (int i = 0; i < n; i++)
	{
		nodes[i]->prepare_sent = true;
		remote::send_query(conns[i],
		                   psprintf("PREPARE TRANSACTION %s", quote_literal_cstr(nodes[i]->gid)));
	}
	int first = remote::collect_results_status(conns, n, results, failed);
	for (int i = 0; i < n; i++)
		nodes[i]->prepared = !failed[i];
	if (first >= 0)
		remote::raise_collect_failure(conns[first], results[first]);
}

// Phase one: log the GIDs, make the local transaction id durable, take the
// commit lock and prepare every written node.
static void
prepare_written(List *all, NodeTxn **written, int n)
{
	uint64 xid = U64FromFullTransactionId(GetTopFullTransactionId());
	/* The GIDs are logged through SPI, which needs a snapshot; a top-level
	 * CALL commits without one. */
	bool push = !ActiveSnapshotSet();
	if (push)
		PushActiveSnapshot(GetTransactionSnapshot());
	assign_gids(written, n, xid);
	if (push)
		PopActiveSnapshot();
	/* The xid must survive a crash before a data node knows it (else it
	 * could be reused), and the local commit must be durable before
	 * COMMIT PREPARED is sent. */
	ForceSyncCommit();
	XLogFlush(XactLastRecEnd);
	commit_lock_acquire(xid);
	locked_xid = xid;
	fault_at(FaultPoint::before_prepare, all, true);
	if (debug_fault_point == (int) FaultPoint::after_first_prepare)
	{
		run_prepare(written, 1);
		fault_at(FaultPoint::after_first_prepare, all, true);
		run_prepare(written + 1, n - 1);
	}
	else
		run_prepare(written, n);
	fault_at(FaultPoint::after_prepare, all, true);
}

void
commit_before_local_commit(List *nodes)
{
	int nwritten, nread;
	NodeTxn **written = select_nodes(nodes, true, &nwritten);
	NodeTxn **read = select_nodes(nodes, false, &nread);
	if (nwritten > 1 && enable_2pc)
		prepare_written(nodes, written, nwritten);
	else
		finish_with(written, nwritten, "COMMIT");
	finish_with(read, nread, "COMMIT");
}

void
commit_lock_release_held()
{
	if (locked_xid != 0)
		commit_lock_release(locked_xid);
	locked_xid = 0;
}

void
commit_after_local_commit(List *nodes)
{
	int n;
	NodeTxn **written = select_nodes(nodes, true, &n);
	if (n == 0 || !written[0]->prepared)
	{
		commit_lock_release_held();
		return;
	}
	fault_at(FaultPoint::after_local_commit, nodes, false);
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
			                 "transactions (recover_distributed_transactions()).")));
	commit_lock_release_held();
}

} // namespace tsdist::txn
