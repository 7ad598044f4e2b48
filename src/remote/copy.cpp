// COPY FROM STDIN on data node connections: start on all, stream, end on all.
#include "pg/pg.hpp"
#include "remote/copy.hpp"
#include "remote/remote_error.hpp"
#include "remote/request.hpp"

extern "C"
{
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
}

namespace tsdist::remote
{

// Waits until the socket is readable (or, with `write`, writable) or the
// latch is set, handling interrupts; reads what arrived.
static void
wait_socket(Connection *conn, bool write)
{
	int events = WL_LATCH_SET | WL_SOCKET_READABLE | WL_EXIT_ON_PM_DEATH;
	if (write)
		events |= WL_SOCKET_WRITEABLE;
	int rc = WaitLatchOrSocket(MyLatch, events, PQsocket(conn->pg), -1, PG_WAIT_EXTENSION);
	if (rc & WL_LATCH_SET)
	{
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
	if ((rc & WL_SOCKET_READABLE) && !PQconsumeInput(conn->pg))
		raise_connection_error(conn);
}

// Waits (watching the latch) until the connection has a result ready and
// returns it; raises when the connection breaks.
static PGresult *
wait_result(Connection *conn)
{
	for (;;)
	{
		if (conn->pg == NULL || !PQconsumeInput(conn->pg))
			raise_connection_error(conn);
		if (!PQisBusy(conn->pg))
			return PQgetResult(conn->pg);
		wait_socket(conn, false);
	}
}

// Sends everything libpq has queued, waiting on the socket and the latch.
static void
flush_all(Connection *conn)
{
	int rc;
	while ((rc = PQflush(conn->pg)) == 1)
		wait_socket(conn, true);
	if (rc < 0)
		raise_connection_error(conn);
}

// Raises the error result of a COPY that did not start, after reading the
// rest of that command's results.
[[noreturn]] static void
raise_start_failure(Connection *conn, PGresult *pg)
{
	if (pg == NULL)
		raise_connection_error(conn);
	Result *result = (Result *) palloc0(sizeof(Result));
	result->pg = pg;
	PGresult *rest;
	while ((rest = PQgetResult(conn->pg)) != NULL)
		PQclear(rest);
	PG_TRY();
	{
		raise_result_error(conn, pg);
	}
	PG_FINALLY();
	{
		PQclear(pg);
	}
	PG_END_TRY();
	pg_unreachable();
}

void
copy_start(Connection **conns, int nconns, const char *sql)
{
	for (int i = 0; i < nconns; i++)
		send_query(conns[i], sql);
	for (int i = 0; i < nconns; i++)
	{
		PGresult *pg = wait_result(conns[i]);
		if (pg == NULL || PQresultStatus(pg) != PGRES_COPY_IN)
			raise_start_failure(conns[i], pg);
		PQclear(pg);
		// Non-blocking while copying: every wait watches the latch.
		if (PQsetnonblocking(conns[i]->pg, 1) != 0)
			raise_connection_error(conns[i]);
	}
}

void
copy_send(Connection *conn, const char *data, int len)
{
	int rc;
	if (conn->pg == NULL)
		raise_connection_error(conn);
	while ((rc = PQputCopyData(conn->pg, data, len)) == 0)
		wait_socket(conn, true);
	if (rc < 0)
		raise_connection_error(conn);
}

// Ends the COPY data on one connection and sends all of it.
static void
end_copy(Connection *conn)
{
	int rc;
	if (conn->pg == NULL)
		raise_connection_error(conn);
	while ((rc = PQputCopyEnd(conn->pg, NULL)) == 0)
		wait_socket(conn, true);
	if (rc < 0)
		raise_connection_error(conn);
	flush_all(conn);
	if (PQsetnonblocking(conn->pg, 0) != 0)
		raise_connection_error(conn);
}

void
copy_finish(Connection **conns, int nconns)
{
	for (int i = 0; i < nconns; i++)
		end_copy(conns[i]);
	Result **results = (Result **) palloc0(sizeof(Result *) * nconns);
	collect_results(conns, nconns, results);
	for (int i = 0; i < nconns; i++)
		result_free(results[i]);
	pfree(results);
}

} // namespace tsdist::remote
