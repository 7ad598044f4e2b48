// Running SQL on several data nodes in parallel, with compensation on failure.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "dist/node_commands.hpp"
#include "dist/subxact.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"

namespace tsdist::dist
{

// The compensation step: `sql` on the connections that succeeded.
struct Undo
{
	remote::Connection **conns;
	int nconns;
	const char *sql;
};

// Sends the undo command to every connection, then waits for all of them.
static void
run_undo(void *arg)
{
	Undo *undo = (Undo *) arg;
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (undo->nconns + 1));
	for (int i = 0; i < undo->nconns; i++)
		remote::send_query(undo->conns[i], undo->sql);
	remote::collect_results(undo->conns, undo->nconns, results);
	for (int i = 0; i < undo->nconns; i++)
		remote::result_free(results[i]);
}

// Runs the undo command on the connections that did not fail.
static void
compensate(remote::Connection **conns, const bool *failed, int n, const char *undo_sql)
{
	Undo undo = {(remote::Connection **) palloc0(sizeof(void *) * (n + 1)), 0, undo_sql};
	for (int i = 0; i < n; i++)
		if (!failed[i])
			undo.conns[undo.nconns++] = conns[i];
	if (undo.nconns > 0)
		try_or_warn(run_undo, &undo, "could not undo a command on data nodes");
}

// The first value of a result, or NULL.
static char *
first_value(const remote::Result *r)
{
	if (r == NULL || PQntuples(r->pg) == 0 || PQnfields(r->pg) == 0)
		return NULL;
	return remote::result_value(r, 0, 0);
}

char **
node_commands_run(List *nodes, const char *sql, const char *undo_sql)
{
	int n = list_length(nodes);
	auto **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	auto **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	bool *failed = (bool *) palloc0(sizeof(bool) * (n + 1));
	char **values = (char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		ForeignServer *server = catalog::data_node_get((const char *) list_nth(nodes, i), false);
		conns[i] = remote::connection_cache_get(server->serverid, GetUserId());
	}
	for (int i = 0; i < n; i++)
		remote::send_query(conns[i], sql);
	int first = remote::collect_results_status(conns, n, results, failed);
	if (first >= 0)
	{
		if (undo_sql != NULL)
			compensate(conns, failed, n, undo_sql);
		remote::raise_collect_failure(conns[first], results[first]);
	}
	for (int i = 0; i < n; i++)
	{
		values[i] = first_value(results[i]);
		remote::result_free(results[i]);
	}
	return values;
}

} // namespace tsdist::dist
