// One libpq connection: non-blocking connect that waits on the socket and the
// process latch (so cancel and terminate work), session setup, close.
#include "pg/pg.hpp"
#include "remote/connection.hpp"
#include "remote/request.hpp"

extern "C"
{
#include "mb/pg_wchar.h"
#include "pgstat.h"
#include "storage/fd.h"
#include "storage/latch.h"
#include "utils/guc.h"
#include "utils/timestamp.h"
}

namespace tsdist::remote
{

// Every session speaks the same dialect whatever the data node's defaults are,
// so text values mean the same on both ends; nothing the extension sends
// resolves through a schema another role can create objects in (pg_temp,
// searched first for tables and types when not listed, comes last); and
// string literals are lexed the way distributed_exec checks them.
static const char *const kSessionSetup =
    "SET search_path = pg_catalog, pg_temp; SET datestyle = ISO; SET intervalstyle = postgres; "
    "SET extra_float_digits = 3; SET timezone = 'UTC'; SET standard_conforming_strings = on";

int connect_timeout = 10;

// Appends one keyword/value pair at position *n.
static void
add_option(ConnOptions &o, int *n, const char *keyword, const char *value)
{
	o.keywords[*n] = keyword;
	o.values[*n] = value;
	(*n)++;
}

ConnOptions
conn_options(const char *host, int port, const char *dbname, const char *user, const char *password)
{
	const int max = 8; /* the pairs below and the terminating NULL */
	ConnOptions o;
	int n = 0;
	o.keywords = (const char **) palloc0(sizeof(char *) * max);
	o.values = (const char **) palloc0(sizeof(char *) * max);
	add_option(o, &n, "host", host);
	add_option(o, &n, "port", psprintf("%d", port));
	add_option(o, &n, "dbname", dbname);
	add_option(o, &n, "user", user);
	if (password != NULL)
		add_option(o, &n, "password", password);
	add_option(o, &n, "application_name", "timescaledb_dist");
	add_option(o, &n, "client_encoding", GetDatabaseEncodingName());
	return o;
}

ConnOptions
conn_options_with_dbname(const ConnOptions &options, const char *dbname)
{
	int n = 0;
	while (options.keywords[n] != NULL)
		n++;
	ConnOptions copy;
	copy.keywords = (const char **) palloc0(sizeof(char *) * (n + 1));
	copy.values = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		copy.keywords[i] = options.keywords[i];
		copy.values[i] = strcmp(options.keywords[i], "dbname") == 0 ? dbname : options.values[i];
	}
	return copy;
}

ConnOptions
conn_options_copy(const ConnOptions &options, MemoryContext context)
{
	int n = 0;
	while (options.keywords[n] != NULL)
		n++;
	ConnOptions copy;
	copy.keywords = (const char **) MemoryContextAllocZero(context, sizeof(char *) * (n + 1));
	copy.values = (const char **) MemoryContextAllocZero(context, sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		copy.keywords[i] = MemoryContextStrdup(context, options.keywords[i]);
		copy.values[i] = options.values[i] ? MemoryContextStrdup(context, options.values[i]) : NULL;
	}
	return copy;
}

// Memory context reset callback: closes a context-owned connection.
extern "C" void
close_on_reset(void *arg)
{
	connection_close((Connection *) arg);
}

const char *
session_restore_sql()
{
	return psprintf("RESET SESSION AUTHORIZATION; RESET ROLE; RESET ALL; %s", kSessionSetup);
}

// Milliseconds left until `deadline` (at least 0), or -1 (wait forever)
// when there is no deadline.
static long
ms_until(TimestampTz deadline)
{
	if (deadline == 0)
		return -1;
	long secs;
	int usecs;
	TimestampDifference(GetCurrentTimestamp(), deadline, &secs, &usecs);
	return secs * 1000 + usecs / 1000;
}

// Drives PQconnectPoll until the connection is made or failed, waiting on the
// socket and the latch (so a cancel or statement_timeout interrupts it).
// Returns NULL when connected, else libpq's reason. Raises when
// timescaledb_dist.connect_timeout seconds passed (no point in trying another
// database of a server that does not answer).
static char *
poll_until_connected(PGconn *pg, const char *node_name)
{
	PostgresPollingStatusType status = PGRES_POLLING_WRITING;
	TimestampTz deadline =
	    connect_timeout > 0
	        ? TimestampTzPlusMilliseconds(GetCurrentTimestamp(), connect_timeout * 1000L)
	        : 0;

	while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
	{
		int events = WL_LATCH_SET | WL_EXIT_ON_PM_DEATH | (deadline != 0 ? WL_TIMEOUT : 0);
		events |= status == PGRES_POLLING_READING ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE;
		int rc =
		    WaitLatchOrSocket(MyLatch, events, PQsocket(pg), ms_until(deadline), PG_WAIT_EXTENSION);
		if (rc & WL_LATCH_SET)
		{
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
		if (rc & (WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE))
			status = PQconnectPoll(pg);
		else if (deadline != 0 && ms_until(deadline) <= 0)
			ereport(ERROR,
			        (errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
			         errmsg("could not connect to \"%s\"", node_name),
			         errdetail("The data node did not answer within %d seconds.", connect_timeout),
			         errhint("Check that the data node is up, or raise "
			                 "timescaledb_dist.connect_timeout.")));
	}
	return status == PGRES_POLLING_OK ? NULL : pchomp(PQerrorMessage(pg));
}

// Allocates the Connection for an open PGconn and registers its owner.
static Connection *
wrap_connection(PGconn *pg, const char *node_name, MemoryContext context, bool owned)
{
	Connection *conn = (Connection *) MemoryContextAllocZero(context, sizeof(Connection));
	conn->pg = pg;
	strlcpy(conn->node_name, node_name, NAMEDATALEN);
	if (owned)
	{
		conn->close_cb.func = close_on_reset;
		conn->close_cb.arg = conn;
		MemoryContextRegisterResetCallback(context, &conn->close_cb);
	}
	return conn;
}

Connection *
connection_try_open(const char *node_name, const ConnOptions &options, MemoryContext context,
                    bool owned, char **error)
{
	if (!AcquireExternalFD())
		ereport(ERROR, (errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
		                errmsg("could not connect to \"%s\"", node_name),
		                errdetail("There are too many open files on the local server."),
		                errhint("Raise the server's max_files_per_process and/or \"ulimit -n\" "
		                        "limits.")));
	PGconn *pg = PQconnectStartParams(options.keywords, options.values, 0);
	if (pg == NULL)
	{
		ReleaseExternalFD();
		*error = pstrdup("out of memory");
		return NULL;
	}
	/* Until set up, the current context owns it: any error closes it. */
	Connection *conn = wrap_connection(pg, node_name, CurrentMemoryContext, true);
	*error = PQstatus(pg) == CONNECTION_BAD ? pchomp(PQerrorMessage(pg))
	                                        : poll_until_connected(pg, node_name);
	if (*error != NULL)
	{
		connection_close(conn);
		return NULL;
	}
	exec_command(conn, kSessionSetup);
	if (context == CurrentMemoryContext && owned)
		return conn;
	/* Hand the connection to its real owner; the temporary one lets go. */
	conn->pg = NULL;
	return wrap_connection(pg, node_name, context, owned);
}

Connection *
connection_open(const char *node_name, const ConnOptions &options, MemoryContext context,
                bool owned)
{
	char *error = NULL;
	Connection *conn = connection_try_open(node_name, options, context, owned, &error);
	if (conn == NULL)
		ereport(ERROR, (errcode(ERRCODE_SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION),
		                errmsg("could not connect to \"%s\"", node_name),
		                errdetail_internal("%s", error)));
	return conn;
}

void
connection_close(Connection *conn)
{
	if (conn == NULL || conn->pg == NULL)
		return;
	PQfinish(conn->pg);
	conn->pg = NULL;
	ReleaseExternalFD();
}

void
connection_cancel(Connection *conn)
{
	if (conn == NULL || conn->pg == NULL)
		return;
	PGcancel *cancel = PQgetCancel(conn->pg);
	if (cancel == NULL)
		return;
	char errbuf[256];
	(void) PQcancel(cancel, errbuf, sizeof(errbuf));
	PQfreeCancel(cancel);
}

bool
connection_is_idle(const Connection *conn)
{
	return conn != NULL && conn->pg != NULL && PQstatus(conn->pg) == CONNECTION_OK &&
	       PQtransactionStatus(conn->pg) == PQTRANS_IDLE;
}

// Starts a non-blocking connect owned by `context`; NULL with *error when it
// failed at once.
static Connection *
start_connect(const char *node_name, const ConnOptions &options, MemoryContext context,
              char **error)
{
	if (!AcquireExternalFD())
	{
		*error = pstrdup("There are too many open files on the local server.");
		return NULL;
	}
	PGconn *pg = PQconnectStartParams(options.keywords, options.values, 0);
	if (pg == NULL)
	{
		ReleaseExternalFD();
		*error = pstrdup("out of memory");
		return NULL;
	}
	Connection *conn = wrap_connection(pg, node_name, context, true);
	if (PQstatus(pg) == CONNECTION_BAD)
	{
		*error = pchomp(PQerrorMessage(pg));
		connection_close(conn);
		return NULL;
	}
	return conn;
}

// Waits (up to `timeout_ms`, -1 = no limit) until one of the pending
// connections' sockets is ready, then advances those with PQconnectPoll.
// Returns false on timeout.
static bool
poll_pending(Connection **conns, PostgresPollingStatusType *status, int n, long timeout_ms)
{
	WaitEventSet *set = CreateWaitEventSet(CurrentMemoryContext, n + 2);
	AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
	AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, NULL, NULL);
	for (int i = 0; i < n; i++)
		if (conns[i] != NULL && status[i] != PGRES_POLLING_OK)
			AddWaitEventToSet(
			    set, status[i] == PGRES_POLLING_READING ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE,
			    PQsocket(conns[i]->pg), NULL, (void *) (intptr_t) i);
	WaitEvent *events = (WaitEvent *) palloc(sizeof(WaitEvent) * (n + 2));
	int nevents = WaitEventSetWait(set, timeout_ms, events, n + 2, PG_WAIT_EXTENSION);
	/* Freed before anything may raise: the set holds a file descriptor. */
	FreeWaitEventSet(set);
	bool latch_set = false;
	for (int e = 0; e < nevents; e++)
	{
		if (events[e].events & WL_LATCH_SET)
			latch_set = true;
		else if (events[e].events & (WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE))
		{
			int i = (int) (intptr_t) events[e].user_data;
			status[i] = PQconnectPoll(conns[i]->pg);
		}
	}
	pfree(events);
	if (latch_set)
	{
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
	return nevents > 0;
}

void
connection_try_open_all(const char *const *node_names, const ConnOptions *options, int n,
                        MemoryContext context, Connection **conns, char **errors)
{
	PostgresPollingStatusType *status =
	    (PostgresPollingStatusType *) palloc(sizeof(PostgresPollingStatusType) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		errors[i] = NULL;
		conns[i] = start_connect(node_names[i], options[i], context, &errors[i]);
		status[i] = PGRES_POLLING_WRITING;
	}
	TimestampTz deadline =
	    connect_timeout > 0
	        ? TimestampTzPlusMilliseconds(GetCurrentTimestamp(), connect_timeout * 1000L)
	        : 0;
	for (;;)
	{
		bool pending = false;
		for (int i = 0; i < n; i++)
		{
			if (conns[i] == NULL || status[i] == PGRES_POLLING_OK)
				continue;
			if (status[i] == PGRES_POLLING_FAILED)
			{
				errors[i] = pchomp(PQerrorMessage(conns[i]->pg));
				connection_close(conns[i]);
				conns[i] = NULL;
			}
			else
				pending = true;
		}
		if (!pending)
			break;
		long timeout_ms = ms_until(deadline);
		if ((deadline != 0 && timeout_ms <= 0) || !poll_pending(conns, status, n, timeout_ms))
		{
			if (deadline == 0 || ms_until(deadline) > 0)
				continue; /* woken without a ready socket */
			for (int i = 0; i < n; i++)
				if (conns[i] != NULL && status[i] != PGRES_POLLING_OK)
				{
					errors[i] = psprintf("The data node did not answer within %d seconds.",
					                     connect_timeout);
					connection_close(conns[i]);
					conns[i] = NULL;
				}
			break;
		}
	}
}

void
connection_setup(Connection *conn)
{
	exec_command(conn, kSessionSetup);
}

void
connection_settings_init()
{
	DefineCustomIntVariable("timescaledb_dist.connect_timeout",
	                        "Seconds to wait for a connection to a data node.",
	                        "0 waits until the connection is made or fails.", &connect_timeout, 10,
	                        0, INT_MAX / 1000, PGC_USERSET, GUC_UNIT_S, NULL, NULL, NULL);
}

} // namespace tsdist::remote
