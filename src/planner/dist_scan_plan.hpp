// Scans of distributed hypertables: the relation's paths are replaced by one
// DistributedScan path that queries the data nodes (dist_scan_nodes) with the
// pushable conditions (dist/deparse) and only the columns needed. Joins,
// aggregates, ORDER BY and LIMIT run on the access node above it.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/pathnodes.h"
}

namespace tsdist::planner
{

// Before planning: marks the range table entries that read a distributed
// hypertable with ONLY (they scan the access node's empty table).
void mark_only_scans(Query *parse);

// True when restriction `ri` of distributed hypertable `rel` may be sent to
// the data nodes: pushable, and leakproof unless it belongs to the lowest
// security level (conditions of security-barrier views come first).
bool may_push_clause(RestrictInfo *ri, RelOptInfo *rel);

// Installs the set_rel_pathlist hook (chaining the previous one).
void dist_scan_hook_install();

} // namespace tsdist::planner
