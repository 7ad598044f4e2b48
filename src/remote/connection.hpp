// One libpq connection to a data node: interrupt-aware connect, session
// setup, close. PG zone: functions raise with ereport.
//
// Ownership: a Connection is either owned by a memory context (it is closed
// when that context is reset or deleted, also when an error aborts the
// transaction) or by the connection cache (closed by the cache).
#pragma once

#include "pg/pg.hpp"

#include <libpq-fe.h>

namespace tsdist::remote
{

struct Connection
{
	PGconn *pg;                     // NULL once closed
	char node_name[NAMEDATALEN];    // for error messages: "[node_name]: ..."
	MemoryContextCallback close_cb; // that callback, when owned_by_context
};

// libpq keyword/value pairs for one connection; the arrays end with NULL.
struct ConnOptions
{
	const char **keywords;
	const char **values;
};

// Builds options from host/port/dbname/user/password (password may be NULL),
// adding application_name and client_encoding.
ConnOptions conn_options(const char *host, int port, const char *dbname, const char *user,
                         const char *password);

// A copy of `options` that connects to another database of the same server.
ConnOptions conn_options_with_dbname(const ConnOptions &options, const char *dbname);

// A deep copy of `options` allocated in `context` (e.g. to use them at commit).
ConnOptions conn_options_copy(const ConnOptions &options, MemoryContext context);

// Opens and sets up a connection, raising `could not connect to "node"` (08001)
// with libpq's reason as DETAIL (also when timescaledb_dist.connect_timeout
// expired). A cancel or statement_timeout interrupts the wait. Allocated in `context`; when `owned`
// the connection closes itself when that context goes away.
Connection *connection_open(const char *node_name, const ConnOptions &options,
                            MemoryContext context, bool owned);

// Like connection_open, but returns NULL and sets *error (libpq's message)
// instead of raising when the server refuses or cannot be reached (a
// timeout still raises).
Connection *connection_try_open(const char *node_name, const ConnOptions &options,
                                MemoryContext context, bool owned, char **error);

// Connects to n nodes at once (for probes that must not wait for one node
// after another): conns[i] is the open connection owned by `context`, or NULL
// with errors[i] saying why (libpq's reason, or that the node did not answer
// within timescaledb_dist.connect_timeout). Never raises for a node; a
// cancel or statement_timeout still interrupts the wait. The sessions are
// not set up yet: run connection_setup on each before using it.
void connection_try_open_all(const char *const *node_names, const ConnOptions *options, int n,
                             MemoryContext context, Connection **conns, char **errors);

// Sets up a session opened by connection_try_open_all; raises a remote error.
void connection_setup(Connection *conn);

// timescaledb_dist.connect_timeout (user, seconds, 10; 0 = no limit): how long
// connection_open waits for a data node to answer.
extern int connect_timeout;

// Defines timescaledb_dist.connect_timeout. Called once from _PG_init.
void connection_settings_init();

// SQL that puts a session back to the settings every connection starts with
// (role, every setting, then the pinned search_path, DateStyle, IntervalStyle,
// extra_float_digits, timezone, standard_conforming_strings): run after a
// user command that may have changed them.
const char *session_restore_sql();

// Closes the connection (idempotent). Never raises.
void connection_close(Connection *conn);

// Sends a cancel request for a running command; gives up quietly. Never raises.
void connection_cancel(Connection *conn);

// True when the connection is open and idle (no command running, no remote
// transaction open).
bool connection_is_idle(const Connection *conn);

} // namespace tsdist::remote
