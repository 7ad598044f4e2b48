// Remote transactions that follow the local one: lazy BEGIN, savepoints
// mirrored per subtransaction level, and the callbacks that end them.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/data_node_available.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"
#include "txn/dist_txn.hpp"
#include "txn/node_txn.hpp"

extern "C"
{
#include "access/xact.h"
}

namespace tsdist::txn
{

static List *nodes = NIL; /* of NodeTxn *, in TopTransactionContext */

// The remote transaction on a server for a user in this transaction, or
// NULL. Keyed by both: remote work always runs as the current user, never on
// a remote transaction another role (e.g. a SECURITY DEFINER function's
// owner) opened earlier in the same local transaction.
static NodeTxn *
find_node(Oid server_oid, Oid user_oid)
{
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		if (node->server_oid == server_oid && node->user_oid == user_oid)
			return node;
	}
	return NULL;
}

// BEGIN with the isolation level the remote side needs.
static const char *
begin_command()
{
	if (IsolationIsSerializable())
		return "START TRANSACTION ISOLATION LEVEL SERIALIZABLE";
	return "START TRANSACTION ISOLATION LEVEL REPEATABLE READ";
}

// Raises the error for a remote transaction that is gone.
static void
raise_lost(const NodeTxn *node)
{
	ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
	                errmsg("connection to data node \"%s\" was lost", node->node_name),
	                errdetail("The remote transaction on the data node was aborted.")));
}

void
check_remote_open(NodeTxn *node)
{
	if (node->broken || node->conn->pg == NULL || PQstatus(node->conn->pg) != CONNECTION_OK)
	{
		node->broken = true;
		raise_lost(node);
	}
	if (PQtransactionStatus(node->conn->pg) == PQTRANS_INTRANS)
		return;
	node->broken = true;
	ereport(ERROR,
	        (errcode(ERRCODE_INVALID_TRANSACTION_STATE),
	         errmsg("remote transaction on data node \"%s\" is no longer open", node->node_name),
	         errdetail("A command ended or aborted the data node's transaction before the "
	                   "access node's transaction ended; the local transaction cannot "
	                   "commit.")));
}

// Opens the remote transaction on a new entry for (server, user), on the
// cached connection of that pair. A cached connection that the data node
// closed meanwhile (e.g. it restarted) is replaced once. An unavailable data
// node is refused.
static NodeTxn *
open_node(Oid server_oid, Oid user_oid)
{
	catalog::data_node_check_available(server_oid);
	remote::Connection *conn = remote::connection_cache_get(server_oid, user_oid);
	const char *begin = begin_command();
	char *error = NULL;
	remote::exec_commands_quietly(&conn, 1, &begin, &error);
	if (error != NULL)
	{
		conn = remote::connection_cache_get(server_oid, user_oid);
		remote::exec_command(conn, begin);
	}
	NodeTxn *node = (NodeTxn *) MemoryContextAllocZero(TopTransactionContext, sizeof(NodeTxn));
	node->server_oid = server_oid;
	node->user_oid = user_oid;
	node->conn = conn;
	strlcpy(node->node_name, conn->node_name, NAMEDATALEN);
	node->depth = 1;
	MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
	nodes = lappend(nodes, node);
	MemoryContextSwitchTo(old);
	return node;
}

// Brings the node's savepoints up to the current subtransaction level.
static void
sync_depth(NodeTxn *node)
{
	int level = GetCurrentTransactionNestLevel();
	while (node->depth < level)
	{
		remote::exec_command(node->conn, psprintf("SAVEPOINT s%d", node->depth + 1));
		node->depth++;
	}
}

remote::Connection *
dist_txn_connection(Oid server_oid)
{
	Oid user_oid = catalog::acting_user();
	NodeTxn *node = find_node(server_oid, user_oid);
	if (node == NULL)
		node = open_node(server_oid, user_oid);
	else if (node->broken || node->conn->pg == NULL ||
	         PQtransactionStatus(node->conn->pg) == PQTRANS_IDLE ||
	         PQtransactionStatus(node->conn->pg) == PQTRANS_UNKNOWN)
	{
		node->broken = true;
		raise_lost(node);
	}
	sync_depth(node);
	return node->conn;
}

void
dist_txn_mark_written(Oid server_oid)
{
	if (find_node(server_oid, catalog::acting_user()) == NULL)
		dist_txn_connection(server_oid);
	find_node(server_oid, catalog::acting_user())->written = true;
}

void
dist_txn_check_open(Oid server_oid)
{
	NodeTxn *node = find_node(server_oid, catalog::acting_user());
	if (node != NULL)
		check_remote_open(node);
}

bool
dist_txn_active()
{
	return nodes != NIL;
}

bool
dist_txn_uses_server(Oid server_oid)
{
	ListCell *lc;
	foreach (lc, nodes)
		if (((NodeTxn *) lfirst(lc))->server_oid == server_oid)
			return true;
	return false;
}

// A node whose connection is idle inside its transaction (or in an aborted one).
static bool
usable(const NodeTxn *node)
{
	if (node->broken || node->conn->pg == NULL || PQstatus(node->conn->pg) != CONNECTION_OK)
		return false;
	PGTransactionStatusType status = PQtransactionStatus(node->conn->pg);
	return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

// Subtransaction `level` ends: release its savepoint on every node that has
// it (commit), or roll back to it (abort, never raises).
static void
end_subxact(int level, bool commit)
{
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		if (node->depth < level)
			continue;
		node->depth = level - 1;
		if (commit)
		{
			if (!usable(node))
				raise_lost(node);
			remote::exec_command(node->conn, psprintf("RELEASE SAVEPOINT s%d", level));
			continue;
		}
		drain_running(list_make1(node));
		const char *sql =
		    psprintf("ROLLBACK TO SAVEPOINT s%d; RELEASE SAVEPOINT s%d", level, level);
		char *error = NULL;
		if (usable(node))
			remote::exec_commands_quietly(&node->conn, 1, &sql, &error);
		if (!usable(node) || error != NULL)
			node->broken = true;
	}
}

// Refuses PREPARE TRANSACTION of a transaction with remote work.
static void
refuse_prepare()
{
	if (nodes == NIL)
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("cannot prepare a transaction that modified remote tables"),
	                errdetail("The transaction ran commands on data nodes.")));
}

// Transaction callback: ends the remote transactions with the local one.
extern "C" void
dist_txn_xact_callback(XactEvent event, void *)
{
	if (nodes == NIL)
		return; /* no remote work: nothing to end, no commit lock taken */
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
			commit_before_local_commit(nodes);
			break;
		case XACT_EVENT_PRE_PREPARE:
			refuse_prepare();
			break;
		case XACT_EVENT_COMMIT:
			commit_after_local_commit(nodes);
			nodes = NIL;
			break;
		case XACT_EVENT_ABORT:
			rollback_all(nodes);
			nodes = NIL;
			break;
		case XACT_EVENT_PREPARE:
			nodes = NIL;
			break;
		default:
			break;
	}
}

// Subtransaction callback: mirrors the end of a subtransaction on the nodes.
extern "C" void
dist_txn_subxact_callback(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
	if (nodes == NIL)
		return;
	if (event == SUBXACT_EVENT_PRE_COMMIT_SUB)
		end_subxact(GetCurrentTransactionNestLevel(), true);
	else if (event == SUBXACT_EVENT_ABORT_SUB)
		end_subxact(GetCurrentTransactionNestLevel(), false);
}

void
dist_txn_init()
{
	RegisterXactCallback(dist_txn_xact_callback, NULL);
	RegisterSubXactCallback(dist_txn_subxact_callback, NULL);
}

} // namespace tsdist::txn
