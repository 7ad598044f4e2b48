// Data node operations of an access node: add, delete, alter.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/bootstrap.hpp"
#include "dist/data_node_attach.hpp"
#include "dist/data_node_checks.hpp"
#include "dist/data_node_ops.hpp"
#include "dist/membership_release.hpp"
#include "dist/subxact.hpp"
#include "remote/connection_cache.hpp"
#include "remote/server_options.hpp"
#include "txn/dist_txn.hpp"

namespace tsdist::dist
{

// Everything add_data_node does after its local checks, for run_in_subtransaction.
struct AddSteps
{
	const AddDataNodeArgs *args;
	NodeTarget target;
	BootstrapState state;
	char *dist_uuid;
};

// The remote work and the local catalog rows of add_data_node.
static void
add_steps(void *arg)
{
	AddSteps *steps = (AddSteps *) arg;
	steps->dist_uuid = catalog::metadata_ensure_access_node_uuid();
	if (steps->args->bootstrap)
		bootstrap_data_node(steps->target, steps->dist_uuid, &steps->state);
	else
		validate_data_node(steps->target, steps->dist_uuid, &steps->state);
	remote::connection_close(steps->state.db_conn);
	catalog::DataNodeOptions options = {steps->target.host, steps->target.port,
	                                    steps->target.dbname, true};
	catalog::data_node_create(steps->target.node_name, options, steps->args->password);
}

// The row add_data_node returns for a node that exists already.
static AddDataNodeResult
existing_node_row(const ForeignServer *server)
{
	catalog::DataNodeOptions o = catalog::data_node_options(server);
	return {server->servername, o.host, o.port, o.dbname, false, false, false};
}

// Raises when this database is a data node itself.
static void
check_not_data_node()
{
	char *role = catalog::metadata_get(catalog::kDistRoleKey);
	if (role != NULL && strcmp(role, catalog::kRoleDataNode) == 0)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("unable to assign data nodes from an existing distributed database"),
		                errdetail("This database is a data node of another distributed "
		                          "database.")));
}

AddDataNodeResult
data_node_add(const AddDataNodeArgs &args)
{
	catalog::data_node_check_create_permission();
	check_not_data_node();
	ForeignServer *existing = catalog::data_node_get(args.node_name, true);
	if (existing != NULL && args.if_not_exists)
	{
		ereport(NOTICE, (errmsg("data node \"%s\" already exists, skipping", args.node_name)));
		return existing_node_row(existing);
	}
	if (existing != NULL)
		ereport(ERROR, (errcode(ERRCODE_DUPLICATE_OBJECT),
		                errmsg("server \"%s\" already exists", args.node_name)));

	AddSteps steps = {};
	steps.args = &args;
	steps.target = {args.node_name, args.host, args.port, args.database, args.password};
	ErrorData *error = run_in_subtransaction(add_steps, &steps);
	if (error != NULL)
	{
		undo_bootstrap(steps.target, &steps.state, steps.dist_uuid);
		ReThrowError(error);
	}
	return {args.node_name,
	        args.host,
	        args.port,
	        args.database,
	        true,
	        steps.state.database_created,
	        steps.state.extension_created};
}

// Raises when this transaction has a remote transaction on the data node:
// deleting it closes the connections that remote transaction still runs on.
static void
check_not_in_use(const ForeignServer *server)
{
	if (!txn::dist_txn_uses_server(server->serverid))
		return;
	ereport(ERROR, (errcode(ERRCODE_OBJECT_IN_USE),
	                errmsg("cannot delete data node \"%s\" in a transaction that used it",
	                       server->servername),
	                errdetail("The transaction has a remote transaction open on the data node."),
	                errhint("Run delete_data_node() in its own transaction.")));
}

// Raises when drop_database cannot work for lack of a dbname option.
static void
check_droppable(const ForeignServer *server, const catalog::DataNodeOptions &options)
{
	if (options.dbname == NULL)
		ereport(ERROR,
		        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		         errmsg("could not drop the database on data node \"%s\"", server->servername),
		         errdetail("The data node configuration lacks the \"dbname\" option.")));
}

bool
data_node_delete(const char *node_name, bool if_exists, bool force, bool repartition,
                 bool drop_database)
{
	ForeignServer *server = catalog::data_node_get(node_name, true);
	if (server == NULL && if_exists)
	{
		ereport(NOTICE, (errmsg("data node \"%s\" does not exist, skipping", node_name)));
		return false;
	}
	if (server == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("server \"%s\" does not exist", node_name)));
	catalog::data_node_check_owner(server);
	check_not_in_use(server);
	catalog::DataNodeOptions options = catalog::data_node_options(server);
	if (drop_database)
		check_droppable(server, options);
	detach_data_node_everywhere(server->servername, force, repartition);
	char *dist_uuid = catalog::metadata_get(catalog::kDistUuidKey);
	remote::ConnOptions conn_options =
	    remote::server_conn_options(server->serverid, GetUserId(), NULL);

	if (!drop_database && dist_uuid != NULL)
		release_membership_at_commit(node_name, conn_options, dist_uuid);
	remote::connection_cache_remove_server(server->serverid);
	catalog::data_node_drop(server);
	if (drop_database)
		drop_remote_database(node_name, conn_options, options.dbname);
	if (catalog::data_node_list() == NIL)
	{
		catalog::metadata_delete(catalog::kDistUuidKey);
		catalog::metadata_delete(catalog::kDistRoleKey);
	}
	return true;
}

DataNodeRow
data_node_alter_options(const char *node_name, const char *host, const char *database, int port,
                        int available)
{
	ForeignServer *server = catalog::data_node_get(node_name, false);
	catalog::data_node_check_owner(server);
	catalog::data_node_alter(server, host, database, port, available);
	server = GetForeignServer(server->serverid);
	catalog::DataNodeOptions o = catalog::data_node_options(server);
	return {server->servername, o.host, o.port, o.dbname, o.available};
}

} // namespace tsdist::dist
