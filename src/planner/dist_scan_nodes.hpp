// Which data nodes a scan of a distributed hypertable queries, and which
// chunks each one reads. PG zone.
//
// When the access node's catalog knows no chunk of the hypertable, every
// attached data node is queried without restriction (each excludes its own
// chunks). Otherwise the catalog is authoritative: chunks are excluded by
// constant conditions on the dimensions, each surviving chunk is assigned to
// one of its replicas (the one with the fewest chunks so far), nodes without
// assigned chunks are skipped, and a node that also holds surviving chunks
// assigned elsewhere gets a restriction to the hypercubes of its own chunks
// (the same expressions as the chunks' CHECK constraints, so the data node
// excludes the others).
#pragma once

#include "pg/pg.hpp"
#include "catalog/hypertable_store.hpp"

namespace tsdist::planner
{

// One data node to query.
struct NodeTarget
{
	char *name;
	Oid server;
	char *restriction; // SQL condition, or NULL for the whole member
};

// The targets (NodeTarget *) of a scan of `ht` whose relation is range table
// entry `relid`, given its restriction clauses `quals` (Exprs).
List *dist_scan_targets(const catalog::Hypertable *ht, List *quals, Index relid);

} // namespace tsdist::planner
