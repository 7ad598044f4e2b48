// Preparing a database on a remote server to be a data node: checks of the
// server, CREATE DATABASE, CREATE EXTENSION, membership. PG zone.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::dist
{

// Where a data node lives and how to log in (as the current user).
struct NodeTarget
{
	const char *node_name;
	const char *host;
	int port;
	const char *dbname;
	const char *password; // NULL: none (trust, passfile, ...)
};

// What bootstrapping did on the remote server, for the result row and for
// cleanup after a later failure.
struct BootstrapState
{
	bool database_created;
	bool extension_created;
	bool membership_set;
	remote::Connection *db_conn; // connection to the data node's database
};

// Connection options for the target, to database `dbname`.
remote::ConnOptions target_options(const NodeTarget &target, const char *dbname);

// Connects to the server's maintenance database: postgres, else template1.
// Raises `could not connect to "node"` with the first failure's reason.
remote::Connection *connect_maintenance(const char *node_name, const remote::ConnOptions &base);

// Bootstraps: server checks, CREATE DATABASE (or checks the existing one),
// CREATE EXTENSION (or checks the existing one), then the membership.
void bootstrap_data_node(const NodeTarget &target, const char *dist_uuid, BootstrapState *state);

// Without bootstrap: the database must exist with the extension; the same
// server checks and the membership follow.
void validate_data_node(const NodeTarget &target, const char *dist_uuid, BootstrapState *state);

// After a failure: drops the database bootstrap created, or clears the
// membership it set. Reports problems as WARNING only.
void undo_bootstrap(const NodeTarget &target, BootstrapState *state, const char *dist_uuid);

// DROP DATABASE on the data node's server (raises on failure).
void drop_remote_database(const char *node_name, const remote::ConnOptions &base,
                          const char *dbname);

} // namespace tsdist::dist
