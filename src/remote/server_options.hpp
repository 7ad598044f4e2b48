// Connection options of a foreign server for a user: the server's host,
// port and dbname, the user's name and the user mapping's password. PG zone.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::remote
{

// Options to connect to `server_oid` as `user_oid`; dbname_override, when not
// NULL, replaces the server's dbname (e.g. "postgres" for maintenance).
ConnOptions server_conn_options(Oid server_oid, Oid user_oid, const char *dbname_override);

// The syscache hash of the user mapping used for (server, user), 0 when none.
uint32 server_mapping_hashvalue(Oid server_oid, Oid user_oid);

} // namespace tsdist::remote
