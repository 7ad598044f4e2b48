// Running SQL on several data nodes in parallel, in the distributed transaction.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "dist/node_commands.hpp"
#include "remote/request.hpp"
#include "txn/dist_txn.hpp"

namespace tsdist::dist
{

// The first value of a result, or NULL.
static char *
first_value(const remote::Result *r)
{
	if (r == NULL || PQntuples(r->pg) == 0 || PQnfields(r->pg) == 0)
		return NULL;
	return remote::result_value(r, 0, 0);
}

char **
node_commands_run(List *nodes, const char *sql)
{
	int n = list_length(nodes);
	auto **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	auto **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	char **values = (char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		ForeignServer *server = catalog::data_node_get((const char *) list_nth(nodes, i), false);
		txn::dist_txn_mark_written(server->serverid);
		conns[i] = txn::dist_txn_connection(server->serverid);
	}
	for (int i = 0; i < n; i++)
		remote::send_query(conns[i], sql);
	remote::collect_results(conns, n, results);
	for (int i = 0; i < n; i++)
	{
		values[i] = first_value(results[i]);
		remote::result_free(results[i]);
	}
	return values;
}

// The rows of a result as strings.
static NodeRows
rows_of(const char *node_name, const remote::Result *r)
{
	NodeRows rows = {node_name, PQntuples(r->pg), PQnfields(r->pg), NULL};
	rows.values = (char **) palloc0(sizeof(char *) * (rows.nrows * rows.nfields + 1));
	for (int i = 0; i < rows.nrows; i++)
		for (int j = 0; j < rows.nfields; j++)
			rows.values[i * rows.nfields + j] = remote::result_value(r, i, j);
	return rows;
}

NodeRows *
node_queries_run(List *nodes, const char *sql, int nparams, const char *const *params)
{
	int n = list_length(nodes);
	auto **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	auto **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	NodeRows *rows = (NodeRows *) palloc0(sizeof(NodeRows) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		ForeignServer *server = catalog::data_node_get((const char *) list_nth(nodes, i), false);
		conns[i] = txn::dist_txn_connection(server->serverid);
	}
	for (int i = 0; i < n; i++)
		remote::send_query_params(conns[i], sql, nparams, params);
	remote::collect_results(conns, n, results);
	for (int i = 0; i < n; i++)
	{
		rows[i] = rows_of((const char *) list_nth(nodes, i), results[i]);
		remote::result_free(results[i]);
	}
	return rows;
}

} // namespace tsdist::dist
