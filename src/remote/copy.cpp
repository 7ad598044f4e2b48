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
		int rc = WaitLatchOrSocket(MyLatch, WL_LATCH_SET | WL_SOCKET_READABLE | WL_EXIT_ON_PM_DEATH,
		                           PQsocket(conn->pg), -1, PG_WAIT_EXTENSION);
		if (rc & WL_LATCH_SET)
		{
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
	}
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
	}
}

void
copy_send(Connection *conn, const char *data, int len)
{
	if (conn->pg == NULL || PQputCopyData(conn->pg, data, len) != 1)
		raise_connection_error(conn);
}

void
copy_finish(Connection **conns, int nconns)
{
	for (int i = 0; i < nconns; i++)
		if (conns[i]->pg == NULL || PQputCopyEnd(conns[i]->pg, NULL) != 1)
			raise_connection_error(conns[i]);
	Result **results = (Result **) palloc0(sizeof(Result *) * nconns);
	collect_results(conns, nconns, results);
	for (int i = 0; i < nconns; i++)
		result_free(results[i]);
	pfree(results);
}

} // namespace tsdist::remote
