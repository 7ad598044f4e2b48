// Connections to data nodes kept for the session, one per (foreign server,
// user). PG zone.
//
// Entries live in a long-lived memory context. A transaction callback closes
// connections that an aborted transaction left with a command in flight or in
// an unknown state (after a cancel request); syscache callbacks mark
// connections whose server or user mapping changed, and they are reopened on
// next use outside a remote transaction. Remote transactions (BEGIN / PREPARE
// TRANSACTION) belong to the txn layer: it opens them on the connections it
// gets here and ends them in its own transaction callbacks, which run before
// this cleanup (PostgreSQL calls the callback registered last first).
#pragma once

#include "remote/connection.hpp"

namespace tsdist::remote
{

// Registers the transaction and syscache callbacks. Called once from _PG_init.
void connection_cache_init();

// The cached connection to server `server_oid` for `user_oid`, opened (with
// the server's and user mapping's options) when there is none or the cached
// one was invalidated or broken.
Connection *connection_cache_get(Oid server_oid, Oid user_oid);

// Closes and forgets every cached connection to the server (any user).
void connection_cache_remove_server(Oid server_oid);

// Number of open cached connections to a server (for tests and views).
int connection_cache_count(Oid server_oid);

} // namespace tsdist::remote
