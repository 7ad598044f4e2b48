// Errors from data nodes turned into PostgreSQL errors. PG zone.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::remote
{

// Raises the error in `result` with the remote SQLSTATE, detail, hint and
// context, the message prefixed with "[node_name]: ". The result stays with its owner.
[[noreturn]] void raise_result_error(const Connection *conn, const PGresult *result);

// Raises a lost or broken connection ("[node_name]: <libpq message>", 08006).
[[noreturn]] void raise_connection_error(const Connection *conn);

} // namespace tsdist::remote
