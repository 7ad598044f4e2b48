// Ending the remote transactions at abort: cancel what still runs, then
// ROLLBACK or ROLLBACK PREPARED. Runs while aborting: never raises.
#include "pg/pg.hpp"
#include "remote/connection.hpp"
#include "remote/request.hpp"
#include "txn/node_txn.hpp"

namespace tsdist::txn
{

// True when the node's connection still runs a command.
static bool
running(const NodeTxn *node)
{
	return !node->done && !node->broken && node->conn->pg != NULL &&
	       PQstatus(node->conn->pg) == CONNECTION_OK &&
	       PQtransactionStatus(node->conn->pg) == PQTRANS_ACTIVE;
}

void
drain_running(List *nodes)
{
	int n = list_length(nodes), m = 0;
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	bool *failed = (bool *) palloc0(sizeof(bool) * (n + 1));
	NodeTxn **which = (NodeTxn **) palloc0(sizeof(void *) * (n + 1));
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		if (!running(node))
			continue;
		remote::connection_cancel(node->conn);
		which[m] = node;
		conns[m++] = node->conn;
	}
	if (m == 0)
		return;
	(void) remote::collect_results_status(conns, m, results, failed);
	for (int i = 0; i < m; i++)
	{
		if (which[i]->prepare_sent)
			which[i]->prepared = !failed[i];
		if (conns[i]->pg == NULL || PQstatus(conns[i]->pg) != CONNECTION_OK)
			which[i]->broken = true;
		remote::result_free(results[i]);
	}
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

// True when the node may hold a prepared transaction: PREPARE succeeded, or
// its outcome is unknown because the connection broke.
static bool
maybe_prepared(const NodeTxn *node)
{
	return !node->done && (node->prepared || (node->prepare_sent && node->broken));
}

// WARNING for a prepared transaction that is left to recovery.
static void
warn_left_prepared(const NodeTxn *node, const char *error)
{
	ereport(WARNING, (errmsg("could not roll back prepared transaction on data node \"%s\"",
	                         node->node_name),
	                  error != NULL ? errdetail_internal("%s", error) : 0,
	                  errhint("The next recovery of distributed transactions rolls it back.")));
}

// Aborting without network work (error recursion): connections of
// unprepared transactions are closed by the cache; prepared ones are left to
// recovery.
static void
give_up(List *nodes)
{
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		node->broken = true;
		if (maybe_prepared(node))
			warn_left_prepared(node, NULL);
	}
}

void
rollback_all(List *nodes)
{
	if (in_error_recursion_trouble())
	{
		give_up(nodes);
		commit_lock_release_held();
		return;
	}
	drain_running(nodes);
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
		else if (maybe_prepared(node))
			warn_left_prepared(node, NULL);
	}
	remote::exec_commands_quietly(conns, m, sqls, errors);
	for (int i = 0; i < m; i++)
		if (errors[i] != NULL && which[i]->prepared)
			warn_left_prepared(which[i], errors[i]);
	commit_lock_release_held();
}

} // namespace tsdist::txn
