// Commands on data node connections: send, then wait on every socket and the
// latch at once, then read. Never a blocking libpq call.
#include "pg/pg.hpp"
#include "remote/remote_error.hpp"
#include "remote/request.hpp"

extern "C"
{
#include "pgstat.h"
#include "storage/latch.h"
}

namespace tsdist::remote
{

// Memory context reset callback: clears a result nobody freed.
extern "C" void
free_on_reset(void *arg)
{
	result_free((Result *) arg);
}

// Wraps a PGresult so the current memory context owns it.
static Result *
own_result(PGresult *pg)
{
	Result *result = (Result *) palloc0(sizeof(Result));
	result->pg = pg;
	result->free_cb.func = free_on_reset;
	result->free_cb.arg = result;
	MemoryContextRegisterResetCallback(CurrentMemoryContext, &result->free_cb);
	return result;
}

void
result_free(Result *result)
{
	if (result == NULL || result->pg == NULL)
		return;
	PQclear(result->pg);
	result->pg = NULL;
}

char *
result_value(const Result *result, int row, int column)
{
	if (PQgetisnull(result->pg, row, column))
		return NULL;
	return pstrdup(PQgetvalue(result->pg, row, column));
}

void
send_query(Connection *conn, const char *sql)
{
	if (conn->pg == NULL || !PQsendQuery(conn->pg, sql))
		raise_connection_error(conn);
}

void
send_query_params(Connection *conn, const char *sql, int nparams, const char *const *values)
{
	if (conn->pg == NULL || !PQsendQueryParams(conn->pg, sql, nparams, NULL, values, NULL, NULL, 0))
		raise_connection_error(conn);
}

// True for a result that reports a failed command.
static bool
is_error(const Result *result)
{
	ExecStatusType status = PQresultStatus(result->pg);
	return status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY;
}

// Reads every result that is ready without blocking. Keeps the first error,
// else the last result. Returns true when the command has finished.
static bool
drain(Connection *conn, Result **slot)
{
	while (!PQisBusy(conn->pg))
	{
		PGresult *pg = PQgetResult(conn->pg);
		if (pg == NULL)
			return true;
		Result *result = own_result(pg);
		ExecStatusType status = PQresultStatus(pg);
		bool copy =
		    status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH;
		if (copy)
		{
			/* COPY is not for this path: report it; the connection, left in
			 * COPY state, is closed by its owner's cleanup. */
			result_free(*slot);
			*slot = result;
			return true;
		}
		if (*slot != NULL && is_error(*slot))
			result_free(result);
		else
		{
			result_free(*slot);
			*slot = result;
		}
	}
	return false;
}

// A wait set over the latch, postmaster death and the sockets of the
// connections that are still running (their index is the user data).
static WaitEventSet *
build_wait_set(Connection **conns, int nconns, const bool *done)
{
	WaitEventSet *set = CreateWaitEventSet(CurrentMemoryContext, nconns + 2);
	AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
	AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, NULL, NULL);
	for (int i = 0; i < nconns; i++)
		if (!done[i])
			AddWaitEventToSet(set, WL_SOCKET_READABLE, PQsocket(conns[i]->pg), NULL,
			                  (void *) (intptr_t) i);
	return set;
}

// Handles one wake-up of a connection's socket; returns true when it finished.
// A lost connection counts as finished and is remembered in *lost.
static bool
on_readable(Connection *conn, Result **slot, bool *lost)
{
	if (!PQconsumeInput(conn->pg))
	{
		*lost = true;
		return true;
	}
	return drain(conn, slot);
}

// The wait loop of collect_results; *set is the current wait set (rebuilt
// whenever a connection finishes).
static void
wait_loop(Connection **conns, int nconns, Result **results, bool *done, bool *lost, int pending,
          WaitEventSet **set)
{
	WaitEvent *events = (WaitEvent *) palloc(sizeof(WaitEvent) * (nconns + 2));
	while (pending > 0)
	{
		if (*set == NULL)
			*set = build_wait_set(conns, nconns, done);
		int n = WaitEventSetWait(*set, -1, events, nconns + 2, PG_WAIT_EXTENSION);
		for (int e = 0; e < n; e++)
		{
			if (events[e].events & WL_LATCH_SET)
			{
				ResetLatch(MyLatch);
				CHECK_FOR_INTERRUPTS();
				continue;
			}
			int i = (int) (intptr_t) events[e].user_data;
			if (done[i] || !on_readable(conns[i], &results[i], &lost[i]))
				continue;
			done[i] = true;
			pending--;
			FreeWaitEventSet(*set);
			*set = NULL;
			break; /* the other events referred to the old set */
		}
	}
}

// Runs wait_loop. The wait set holds a file descriptor: it is freed on every
// exit, including an error (e.g. a cancel seen in CHECK_FOR_INTERRUPTS).
static void
wait_all(Connection **conns, int nconns, Result **results, bool *done, bool *lost, int pending)
{
	WaitEventSet **set = (WaitEventSet **) palloc0(sizeof(WaitEventSet *));
	PG_TRY();
	{
		wait_loop(conns, nconns, results, done, lost, pending, set);
	}
	PG_FINALLY();
	{
		if (*set != NULL)
			FreeWaitEventSet(*set);
	}
	PG_END_TRY();
}

void
collect_results(Connection **conns, int nconns, Result **results)
{
	bool *done = (bool *) palloc0(sizeof(bool) * nconns);
	bool *lost = (bool *) palloc0(sizeof(bool) * nconns);
	int pending = 0;

	for (int i = 0; i < nconns; i++)
	{
		results[i] = NULL;
		done[i] = conns[i]->pg == NULL || drain(conns[i], &results[i]);
		lost[i] = conns[i]->pg == NULL;
		pending += done[i] ? 0 : 1;
	}
	wait_all(conns, nconns, results, done, lost, pending);
	for (int i = 0; i < nconns; i++)
	{
		if (lost[i])
			raise_connection_error(conns[i]);
		if (results[i] != NULL && is_error(results[i]))
			raise_result_error(conns[i], results[i]->pg);
	}
}

Result *
get_result(Connection *conn)
{
	Result *result = NULL;
	collect_results(&conn, 1, &result);
	return result;
}

void
exec_command(Connection *conn, const char *sql)
{
	send_query(conn, sql);
	result_free(get_result(conn));
}

Result *
exec_query(Connection *conn, const char *sql, int nparams, const char *const *values)
{
	send_query_params(conn, sql, nparams, values);
	return get_result(conn);
}

} // namespace tsdist::remote
