// Commands on data node connections: send without blocking, then collect.
//
// Fan-out: send_query()/send_query_params() on several connections first, then
// collect_results() waits on all their sockets at once, so the nodes work in
// parallel. exec_*() are the one-connection shortcuts. Every wait also
// watches the process latch, so cancel and terminate work. PG zone.
//
// Results are owned by the memory context current when they were collected:
// they are PQclear'ed when that context goes away (also when an error aborts
// the transaction), or earlier with result_free().
#pragma once

#include "remote/connection.hpp"

namespace tsdist::remote
{

struct Result
{
	PGresult *pg; // NULL once freed
	MemoryContextCallback free_cb;
};

// Sends a command (one or more statements); raises when it cannot be sent.
void send_query(Connection *conn, const char *sql);

// Sends one statement with text parameters ($1, $2, ...; NULL values allowed).
void send_query_params(Connection *conn, const char *sql, int nparams, const char *const *values);

// Waits until every connection has finished its command and stores each
// one's last result in results[i]. The first node to fail wins: the others
// still running get a cancel request and are drained, then that node's
// error is raised.
void collect_results(Connection **conns, int nconns, Result **results);

// Like collect_results, but never raises for a failed node: failed[i] tells
// which connections failed (error result or lost connection; a node still
// running when another failed gets a cancel and fails too). Returns the index
// of the first failure, or -1 when every node succeeded.
int collect_results_status(Connection **conns, int nconns, Result **results, bool *failed);

// Raises the failure of one node as collected by collect_results_status.
[[noreturn]] void raise_collect_failure(Connection *conn, const Result *result);

// Runs sqls[i] on conns[i], all at once, and waits for all of them (a
// failure cancels nothing). errors[i] is NULL on success, else "[node]:
// message". Never raises for remote errors or lost connections: for the
// commit and abort paths, where an ERROR is no longer possible. Interrupts
// are expected to be held there.
void exec_commands_quietly(Connection **conns, int nconns, const char *const *sqls, char **errors);

// Waits for the one command on conn; raises a remote error.
Result *get_result(Connection *conn);

// Runs a command and discards its result; raises a remote error.
void exec_command(Connection *conn, const char *sql);

// Runs a query with text parameters and returns its result (PGRES_TUPLES_OK or
// PGRES_COMMAND_OK); raises a remote error.
Result *exec_query(Connection *conn, const char *sql, int nparams, const char *const *values);

// PQclear's the result now. Never raises.
void result_free(Result *result);

// The value at (row, column) as a palloc'd string, NULL for SQL NULL.
char *result_value(const Result *result, int row, int column);

} // namespace tsdist::remote
