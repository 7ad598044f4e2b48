// The remote transactions of the current local transaction (internal to the
// txn layer). PG zone.
#pragma once

#include "core/gid.hpp"
#include "remote/connection.hpp"

namespace tsdist::txn
{

// One remote transaction on a data node, for one user (a local transaction
// that switched users, e.g. through a SECURITY DEFINER function, holds one
// per (data node, user)); lives in TopTransactionContext.
struct NodeTxn
{
	Oid server_oid;
	Oid user_oid;             // the role it runs as on the data node
	remote::Connection *conn; // owned by the connection cache
	char node_name[NAMEDATALEN];
	int depth;         // remote nesting: 1 after BEGIN, n after SAVEPOINT s2..sn
	bool written;      // takes part in the commit protocol
	bool broken;       // the connection was lost or left in an unknown state
	bool prepare_sent; // PREPARE TRANSACTION was sent
	bool prepared;     // PREPARE TRANSACTION succeeded
	bool done;         // committed or rolled back already
	char gid[core::kGidSize];
};

// Raises (and marks the node broken) unless its connection is up and inside
// its open, not failed, remote transaction: `connection to data node "%s" was
// lost` (08006) or `remote transaction on data node "%s" is no longer open`
// (25000). Sending COMMIT or PREPARE anywhere else would end nothing (a
// WARNING on the data node) or roll back silently.
void check_remote_open(NodeTxn *node);

// Two-phase commit steps (txn/commit.cpp), called from the xact callback.

// XACT_EVENT_PRE_COMMIT: commits read-only nodes; COMMIT on one written node,
// or PREPARE on several (and logs their GIDs). Raises on failure.
void commit_before_local_commit(List *nodes);

// XACT_EVENT_COMMIT: COMMIT PREPARED on every prepared node; failures are
// WARNINGs (recovery finishes them). Never raises.
void commit_after_local_commit(List *nodes);

// XACT_EVENT_ABORT: ROLLBACK (PREPARED) on every node still open. Never raises.
void rollback_all(List *nodes);

// While aborting: cancels the commands still running on the nodes and waits
// for them to end (a PREPARE that finished counts as prepared), so the
// connections can take a ROLLBACK. Never raises (interrupts are held).
void drain_running(List *nodes);

// Releases the commit lock (txn/commit_lock.hpp) of this backend's two-phase
// commit, if it holds one. Never raises.
void commit_lock_release_held();

} // namespace tsdist::txn
