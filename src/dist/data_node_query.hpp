// Running commands on data nodes over the session's cached connections,
// outside any distributed transaction (internal functions for tests and
// diagnostics; distributed_exec will build on the same fan-out). PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Runs a command on a data node and returns the first value of the result
// (NULL when there is none).
char *data_node_query(const char *node_name, const char *command);

// Sends the command to every data node first, then collects all results;
// names[i] / values[i] per node in name order. Returns the number of nodes.
int data_node_query_all(const char *command, char ***names, char ***values);

// Open cached connections of this session to the data node.
int data_node_connection_count(const char *node_name);

} // namespace tsdist::dist
