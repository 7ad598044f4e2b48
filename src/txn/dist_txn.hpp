// The distributed transaction: remote transactions on data nodes that follow
// the local one. This is the API every layer above uses to run SQL on a data
// node inside the current transaction. PG zone (functions raise).
//
//   remote::Connection *conn = txn::dist_txn_connection(server_oid);
//   txn::dist_txn_mark_written(server_oid);   // before or after writing
//   remote::exec_command(conn, sql);          // or send_query + collect_results
//
// - The connection is the session's cached one for (data node, current user).
//   The remote transaction is per (data node, current user): after a role
//   switch (SECURITY DEFINER, SET ROLE) the same local transaction opens
//   another one on the same node, and every one of them takes part in the
//   commit (two-phase when more than one wrote), abort and recovery.
//   The remote transaction opens on first use in a local transaction:
//   BEGIN ISOLATION LEVEL REPEATABLE READ when the local level is READ
//   COMMITTED (one snapshot per node for the whole transaction), otherwise the
//   local level.
// - Subtransactions (SAVEPOINT, PL/pgSQL exception blocks) are mirrored as
//   SAVEPOINT s<level> on the nodes in use, released or rolled back with the
//   local subtransaction.
// - Commit (at XACT_EVENT_PRE_COMMIT): nodes only read are committed; one
//   written node is committed with COMMIT; several written nodes use the
//   two-phase commit (timescaledb_dist.enable_2pc, see docs/architecture.md
//   "Distributed transactions"). Abort rolls back every node.
// - PREPARE TRANSACTION of the local transaction is refused once a remote
//   transaction is open.
// - Never send COMMIT, ROLLBACK, PREPARE or SAVEPOINT commands yourself on
//   these connections.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::txn
{

// The connection to data node `server_oid` for the current user inside this
// local transaction's distributed transaction (opened lazily). Raises
// `connection to data node "%s" was lost` when a connection this transaction
// used broke.
remote::Connection *dist_txn_connection(Oid server_oid);

// Records that the transaction wrote on the data node, so it takes part in
// the commit protocol (opens the remote transaction if needed).
void dist_txn_mark_written(Oid server_oid);

// Raises unless the current user's remote transaction on the data node is
// still open and idle in its transaction block (e.g. after running a user's
// command in it); the local transaction then cannot commit.
void dist_txn_check_open(Oid server_oid);

// True when this local transaction has a remote transaction open.
bool dist_txn_active();

// True when this local transaction has a remote transaction open on the
// data node (for any user).
bool dist_txn_uses_server(Oid server_oid);

// Registers the transaction callbacks. Called once from _PG_init, after the
// connection cache's (so these run first).
void dist_txn_init();

} // namespace tsdist::txn
