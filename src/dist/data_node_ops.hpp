// Data node operations of an access node: add, delete, alter. PG zone.
//
// The API layer has checked the arguments' shape (NULL name/host, port
// range, transaction block); these functions check permissions and state,
// talk to the data node and change the local catalog.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

struct AddDataNodeArgs
{
	const char *node_name;
	const char *host;
	const char *database;
	int port;
	bool if_not_exists;
	bool bootstrap;
	const char *password; // NULL: no user mapping
};

// The result row of add_data_node.
struct AddDataNodeResult
{
	const char *node_name;
	const char *host;
	int port;
	const char *database;
	bool node_created;
	bool database_created;
	bool extension_created;
};

// The result row of alter_data_node.
struct DataNodeRow
{
	const char *node_name;
	const char *host;
	int port;
	const char *database;
	bool available;
};

// add_data_node: bootstraps (or validates) the remote database, records the
// membership there and creates the foreign server (and user mapping). On a
// failure after the remote database was created it is dropped again.
AddDataNodeResult data_node_add(const AddDataNodeArgs &args);

// delete_data_node: false (with a NOTICE) for a missing node with if_exists.
// Detaches the node from every hypertable first (force / repartition as in
// detach_data_node; it refuses while the node holds the only replica of data).
bool data_node_delete(const char *node_name, bool if_exists, bool force, bool repartition,
                      bool drop_database);

// alter_data_node: changes the given options (NULL / 0 / -1 = keep).
DataNodeRow data_node_alter_options(const char *node_name, const char *host, const char *database,
                                    int port, int available);

} // namespace tsdist::dist
