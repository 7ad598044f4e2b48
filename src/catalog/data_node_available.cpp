// The "available" option of data nodes.
#include "pg/pg.hpp"
#include "catalog/data_node_available.hpp"
#include "catalog/data_node_store.hpp"

namespace tsdist::catalog
{

bool
data_node_is_available(Oid server_oid)
{
	return data_node_options(GetForeignServer(server_oid)).available;
}

bool
data_node_is_available_by_name(const char *node_name)
{
	ForeignServer *server = data_node_get(node_name, true);
	return server != NULL && data_node_options(server).available;
}

void
data_node_check_available(Oid server_oid)
{
	ForeignServer *server = GetForeignServer(server_oid);
	if (data_node_options(server).available)
		return;
	ereport(ERROR,
	        (errcode(ERRCODE_CONNECTION_FAILURE),
	         errmsg("data node \"%s\" is not available", server->servername),
	         errdetail("The data node is marked unavailable."),
	         errhint("Run alter_data_node('%s', available => true) when the data node is back.",
	                 server->servername)));
}

} // namespace tsdist::catalog
