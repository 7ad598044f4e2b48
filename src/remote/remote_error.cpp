// Errors from data nodes turned into PostgreSQL errors.
#include "pg/pg.hpp"
#include "remote/remote_error.hpp"

namespace tsdist::remote
{

// A palloc'd copy of one error field of a result, or NULL.
static char *
field_copy(const PGresult *result, int field)
{
	const char *value = PQresultErrorField(result, field);
	return value != NULL ? pstrdup(value) : NULL;
}

// The remote SQLSTATE as PostgreSQL's packed code; 08006 when there is none.
static int
remote_sqlstate(const char *sqlstate)
{
	if (sqlstate == NULL || strlen(sqlstate) != 5)
		return ERRCODE_CONNECTION_FAILURE;
	return MAKE_SQLSTATE(sqlstate[0], sqlstate[1], sqlstate[2], sqlstate[3], sqlstate[4]);
}

void
raise_result_error(const Connection *conn, const PGresult *result)
{
	char *sqlstate = field_copy(result, PG_DIAG_SQLSTATE);
	char *message = field_copy(result, PG_DIAG_MESSAGE_PRIMARY);
	char *detail = field_copy(result, PG_DIAG_MESSAGE_DETAIL);
	char *hint = field_copy(result, PG_DIAG_MESSAGE_HINT);
	char *context = field_copy(result, PG_DIAG_CONTEXT);

	if (message == NULL)
		message = psprintf("unexpected result \"%s\"", PQresStatus(PQresultStatus(result)));
	ereport(ERROR, (errcode(remote_sqlstate(sqlstate)),
	                errmsg_internal("[%s]: %s", conn->node_name, message),
	                detail ? errdetail_internal("%s", detail) : 0, hint ? errhint("%s", hint) : 0,
	                context ? errcontext("%s", context) : 0));
	pg_unreachable();
}

void
raise_connection_error(const Connection *conn)
{
	const char *message = conn->pg != NULL ? PQerrorMessage(conn->pg) : "connection closed";
	ereport(ERROR, (errcode(ERRCODE_CONNECTION_FAILURE),
	                errmsg_internal("[%s]: %s", conn->node_name, pchomp(message))));
	pg_unreachable();
}

} // namespace tsdist::remote
