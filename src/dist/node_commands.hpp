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

// Every row of a read-only query on each node, gathered in parallel.
struct NodeRows
{
	const char *node_name;
	int nrows;
	int nfields;
	char **values; // nrows * nfields, row-major; NULL for SQL NULL
};

// Runs the read-only `sql` with text parameters on every node of `nodes`
// (node name strings) in parallel, in the distributed transaction (read, not
// written: no two-phase commit for it), as the current user. Returns one
// NodeRows per node, in the order of `nodes`; raises the first failed node's
// error.
NodeRows *node_queries_run(List *nodes, const char *sql, int nparams, const char *const *params);

} // namespace tsdist::dist
