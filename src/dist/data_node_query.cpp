// Commands on data nodes over cached connections: one node, or all at once.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "dist/data_node_query.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"

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

char *
data_node_query(const char *node_name, const char *command)
{
	ForeignServer *server = catalog::data_node_get(node_name, false);
	remote::Connection *conn = remote::connection_cache_get(server->serverid, GetUserId());
	remote::send_query(conn, command);
	remote::Result *r = remote::get_result(conn);
	char *value = first_value(r);
	remote::result_free(r);
	return value;
}

int
data_node_query_all(const char *command, char ***names, char ***values)
{
	List *servers = catalog::data_node_list();
	int n = list_length(servers);
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	*names = (char **) palloc0(sizeof(char *) * (n + 1));
	*values = (char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		ForeignServer *server = (ForeignServer *) list_nth(servers, i);
		(*names)[i] = server->servername;
		conns[i] = remote::connection_cache_get(server->serverid, GetUserId());
	}
	for (int i = 0; i < n; i++)
		remote::send_query(conns[i], command);
	remote::collect_results(conns, n, results);
	for (int i = 0; i < n; i++)
	{
		(*values)[i] = first_value(results[i]);
		remote::result_free(results[i]);
	}
	return n;
}

int
data_node_connection_count(const char *node_name)
{
	ForeignServer *server = catalog::data_node_get(node_name, false);
	return remote::connection_cache_count(server->serverid);
}

} // namespace tsdist::dist
