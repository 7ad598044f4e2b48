// Checks an access node runs against a remote server or database before it
// makes it a data node, and the membership records. PG zone; all raise.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::dist
{

// The target database must not be this database (same instance by
// system_identifier, same name), and prepared transactions must be enabled
// (WARNING when fewer than max_connections).
void check_server(remote::Connection *conn, const char *target_dbname);

// The extension must be available on the server in a compatible version.
void check_extension_available(remote::Connection *conn);

// The installed extension's version, or NULL when not installed.
char *installed_extension_version(remote::Connection *conn);

// Raises unless `version` of the remote extension is compatible with ours.
void check_extension_version(const char *version);

// The database must not belong to a distributed database yet; then records
// that it belongs to `dist_uuid` as a data node.
void set_membership(remote::Connection *conn, const char *dist_uuid);

// Removes the membership when it is the one of `dist_uuid`.
void clear_membership(remote::Connection *conn, const char *dist_uuid);

} // namespace tsdist::dist
