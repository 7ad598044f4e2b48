// Scans of distributed hypertables: the relation's paths are replaced by one
// DistributedScan path that queries the data nodes (dist_scan_nodes) with the
// pushable conditions (dist/deparse) and only the columns needed. Joins,
// aggregates, ORDER BY and LIMIT run on the access node above it.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::planner
{

// Before planning: marks the range table entries that read a distributed
// hypertable with ONLY (they scan the access node's empty table).
void mark_only_scans(Query *parse);

// Installs the set_rel_pathlist hook (chaining the previous one).
void dist_scan_hook_install();

} // namespace tsdist::planner
