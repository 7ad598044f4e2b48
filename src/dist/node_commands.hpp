// The one way the distributed-hypertable code runs SQL on data nodes. PG zone.
//
// Today every node runs its command string on the session's cached
// connection as one implicit transaction (all statements or none), the nodes
// in parallel; a node that fails leads to `undo_sql` on the nodes that
// succeeded (compensation). The transaction layer will plug in here: the
// command then runs inside the distributed transaction (2PC) and the undo
// becomes unnecessary.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Runs `sql` on every node of `nodes` (a List of node name strings) in
// parallel. Returns the first value of each node's result (NULL where there
// is none), in the order of `nodes`. When a node fails, runs `undo_sql` (if
// not NULL) on the nodes that succeeded (a WARNING when that fails too) and
// raises the failed node's error ("[node]: ...").
char **node_commands_run(List *nodes, const char *sql, const char *undo_sql);

} // namespace tsdist::dist
