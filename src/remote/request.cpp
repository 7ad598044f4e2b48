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

// The state of one collect_results call (palloc'd: the wait loop runs inside
// PG_TRY, and heap state is not clobbered by its longjmp).
struct Collect
{
	Connection **conns;
	int nconns;
	Result **results;
	bool *done;        // finished (result, error or lost connection)
	bool *lost;        // the connection broke
	int pending;       // connections not done yet
	int first_failed;  // index of the first connection that failed, or -1
	bool cancel;       // cancel the others when one fails
	WaitEventSet *set; // sockets of the pending connections + latch; NULL to rebuild
	WaitEvent *events; // buffer for WaitEventSetWait
};

// A wait set over the latch, postmaster death and the sockets of the
// connections that are still running (their index is the user data).
static WaitEventSet *
build_wait_set(const Collect *c)
{
	WaitEventSet *set = CreateWaitEventSet(CurrentMemoryContext, c->nconns + 2);
	AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
	AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, NULL, NULL);
	for (int i = 0; i < c->nconns; i++)
		if (!c->done[i])
			AddWaitEventToSet(set, WL_SOCKET_READABLE, PQsocket(c->conns[i]->pg), NULL,
			                  (void *) (intptr_t) i);
	return set;
}

// Marks connection i finished. The first failure wins: the connections still
// running get a cancel request, so the call ends without waiting for them.
static void
finish(Collect *c, int i)
{
	c->done[i] = true;
	c->pending--;
	bool failed = c->lost[i] || (c->results[i] != NULL && is_error(c->results[i]));
	if (!failed || c->first_failed >= 0)
		return;
	c->first_failed = i;
	if (!c->cancel)
		return;
	for (int j = 0; j < c->nconns; j++)
		if (!c->done[j])
			connection_cancel(c->conns[j]);
}

// Handles one wake-up of connection i's socket.
static void
on_readable(Collect *c, int i)
{
	Connection *conn = c->conns[i];
	if (!PQconsumeInput(conn->pg))
		c->lost[i] = true;
	if (c->lost[i] || drain(conn, &c->results[i]))
		finish(c, i);
}

// Waits until no connection is pending, handling interrupts.
static void
wait_loop(Collect *c)
{
	while (c->pending > 0)
	{
		if (c->set == NULL)
			c->set = build_wait_set(c);
		int n = WaitEventSetWait(c->set, -1, c->events, c->nconns + 2, PG_WAIT_EXTENSION);
		for (int e = 0; e < n; e++)
		{
			if (c->events[e].events & WL_LATCH_SET)
			{
				ResetLatch(MyLatch);
				CHECK_FOR_INTERRUPTS();
				continue;
			}
			int i = (int) (intptr_t) c->events[e].user_data;
			if (c->done[i])
				continue;
			on_readable(c, i);
			if (!c->done[i])
				continue;
			FreeWaitEventSet(c->set);
			c->set = NULL;
			break; /* the other events referred to the old set */
		}
	}
}

// Runs wait_loop. The wait set holds a file descriptor: it is freed on every
// exit, including an error (e.g. a cancel seen in CHECK_FOR_INTERRUPTS).
static void
wait_all(Collect *c)
{
	PG_TRY();
	{
		wait_loop(c);
	}
	PG_CATCH();
	{
		if (c->set != NULL)
			FreeWaitEventSet(c->set);
		c->set = NULL;
		PG_RE_THROW();
	}
	PG_END_TRY();
	if (c->set != NULL)
		FreeWaitEventSet(c->set);
	c->set = NULL;
}

// Waits for every connection (see collect_results); returns the state, whose
// first_failed is the index of the first that failed, or -1.
static Collect *
collect(Connection **conns, int nconns, Result **results, bool cancel)
{
	Collect *c = (Collect *) palloc0(sizeof(Collect));
	c->conns = conns;
	c->nconns = nconns;
	c->results = results;
	c->done = (bool *) palloc0(sizeof(bool) * nconns);
	c->lost = (bool *) palloc0(sizeof(bool) * nconns);
	c->events = (WaitEvent *) palloc(sizeof(WaitEvent) * (nconns + 2));
	c->pending = nconns;
	c->first_failed = -1;
	c->cancel = cancel;
	for (int i = 0; i < nconns; i++)
		results[i] = NULL;
	for (int i = 0; i < nconns; i++)
	{
		c->lost[i] = conns[i]->pg == NULL || PQstatus(conns[i]->pg) != CONNECTION_OK;
		if (c->lost[i] || drain(conns[i], &results[i]))
			finish(c, i);
	}
	wait_all(c);
	return c;
}

int
collect_results_status(Connection **conns, int nconns, Result **results, bool *failed)
{
	Collect *c = collect(conns, nconns, results, true);
	for (int i = 0; i < nconns; i++)
		failed[i] = c->lost[i] || (results[i] != NULL && is_error(results[i]));
	return c->first_failed;
}

void
raise_collect_failure(Connection *conn, const Result *result)
{
	if (result == NULL || conn->pg == NULL || PQstatus(conn->pg) != CONNECTION_OK)
		raise_connection_error(conn);
	raise_result_error(conn, result->pg);
}

void
collect_results(Connection **conns, int nconns, Result **results)
{
	bool *failed = (bool *) palloc0(sizeof(bool) * (nconns + 1));
	int i = collect_results_status(conns, nconns, results, failed);
	if (i >= 0)
		raise_collect_failure(conns[i], results[i]);
}

// "[node]: message" for a failed result or a lost connection.
static char *
failure_text(const Connection *conn, const Result *result)
{
	const char *msg = result != NULL     ? PQresultErrorMessage(result->pg)
	                  : conn->pg != NULL ? PQerrorMessage(conn->pg)
	                                     : "connection closed";
	char *text = psprintf("[%s]: %s", conn->node_name, msg);
	int len = strlen(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	return text;
}

void
exec_commands_quietly(Connection **conns, int nconns, const char *const *sqls, char **errors)
{
	Connection **sent = (Connection **) palloc0(sizeof(void *) * (nconns + 1));
	int *index = (int *) palloc0(sizeof(int) * (nconns + 1));
	Result **results = (Result **) palloc0(sizeof(void *) * (nconns + 1));
	int nsent = 0;
	for (int i = 0; i < nconns; i++)
	{
		errors[i] = NULL;
		if (conns[i]->pg == NULL || PQstatus(conns[i]->pg) != CONNECTION_OK ||
		    !PQsendQuery(conns[i]->pg, sqls[i]))
			errors[i] = failure_text(conns[i], NULL);
		else
		{
			sent[nsent] = conns[i];
			index[nsent++] = i;
		}
	}
	Collect *c = collect(sent, nsent, results, false);
	for (int k = 0; k < nsent; k++)
	{
		if (c->lost[k])
			errors[index[k]] = failure_text(sent[k], NULL);
		else if (results[k] == NULL || is_error(results[k]))
			errors[index[k]] = failure_text(sent[k], results[k]);
		result_free(results[k]);
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
