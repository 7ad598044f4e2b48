// COPY ... FROM STDIN on several data node connections at once. PG zone.
//
//   remote::copy_start(conns, n, "COPY s.t (a, b) FROM STDIN");
//   remote::copy_send(conns[i], data, len);   // any number of times
//   remote::copy_finish(conns, n);            // ends all, collects all
//
// Remote errors are raised as "[node]: message". A failure leaves the
// connections in COPY state; the transaction's abort cancels and closes
// them (remote/connection_cache). While copying, the connections are in
// non-blocking mode: every wait watches the latch (cancel works).
#pragma once

#include "remote/connection.hpp"

namespace tsdist::remote
{

// Sends `sql` (a COPY FROM STDIN) on every connection, then waits until each
// one accepts data. Raises the first node's error.
void copy_start(Connection **conns, int nconns, const char *sql);

// Sends a block of COPY data (whole rows) on one connection.
void copy_send(Connection *conn, const char *data, int len);

// Ends the COPY on every connection and waits for all of them; raises the
// first node's error (e.g. a constraint violation on that node).
void copy_finish(Connection **conns, int nconns);

} // namespace tsdist::remote
