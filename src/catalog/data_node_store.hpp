// Data nodes as the catalog knows them: foreign servers of the extension's
// FDW timescaledb_dist_fdw, credentials in user mappings. PG zone.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "foreign/foreign.h"
}

namespace tsdist::catalog
{

inline constexpr const char *kDataNodeFdw = "timescaledb_dist_fdw";

// The connection-relevant options of a data node.
struct DataNodeOptions
{
	const char *host;
	int port;
	const char *dbname;
	bool available;
};

// Oid of timescaledb_dist_fdw.
Oid data_node_fdw_oid();

// The data node (server) called `name`. Missing: NULL with missing_ok, else
// `server "%s" does not exist` (42704). A server of another FDW is an error.
ForeignServer *data_node_get(const char *name, bool missing_ok);

// The options of a data node (port 0 and NULL strings when not set).
DataNodeOptions data_node_options(const ForeignServer *server);

// Raises 42501 unless the current user may create data nodes (USAGE on the FDW).
void data_node_check_create_permission();

// Raises 42501 unless the current user owns the data node.
void data_node_check_owner(const ForeignServer *server);

// Creates the server, and with a password a user mapping for the current user.
void data_node_create(const char *name, const DataNodeOptions &options, const char *password);

// Drops the server and its user mappings.
void data_node_drop(const ForeignServer *server);

// Sets host/dbname/port/available where given (NULL / 0 / -1 = keep).
void data_node_alter(const ForeignServer *server, const char *host, const char *dbname, int port,
                     int available);

// The data nodes of this database (ForeignServer *), sorted by name.
List *data_node_list();

} // namespace tsdist::catalog
