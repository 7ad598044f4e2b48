// The one way the distributed-hypertable code runs SQL on data nodes. PG zone.
//
// Every node runs its command string inside the distributed transaction
// (txn/dist_txn.hpp), the nodes in parallel, and counts as written: the
// command commits on all nodes with the local transaction or on none.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Runs `sql` on every node of `nodes` (a List of node name strings) in
// parallel. Returns the first value of each node's result (NULL where there
// is none), in the order of `nodes`. Raises the first failed node's error
// ("[node]: ..."); the local transaction's abort rolls every node back.
char **node_commands_run(List *nodes, const char *sql);

} // namespace tsdist::dist
