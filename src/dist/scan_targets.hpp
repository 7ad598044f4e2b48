// Which data nodes a scan of a distributed hypertable queries, and which
// chunks each one reads. Decided when the plan starts, not when it is made,
// so cached plans follow chunk creation. PG zone.
//
// When the access node's catalog knows no chunk of the hypertable, every
// attached data node is queried without restriction (each excludes its own
// chunks). Otherwise the catalog is authoritative: chunks are excluded by
// constant conditions on the dimensions, each surviving chunk is assigned to
// one of its replicas (an available one with the fewest chunks so far; nodes
// marked available => false only when no other replica is), nodes without
// assigned chunks are skipped, and a node that also holds surviving chunks
// assigned elsewhere gets a restriction to the hypercubes of its own chunks
// (the same expressions as the chunks' CHECK constraints, so the data node
// excludes the others).
#pragma once

#include "pg/pg.hpp"
#include "catalog/hypertable_store.hpp"

namespace tsdist::dist
{

// One data node to query.
struct NodeTarget
{
	char *name;
	Oid server;
	char *restriction; // SQL condition, or NULL for the whole member
};

// Plan time: the range [lo[i], hi[i]) of each dimension implied by
// "dimension column <op> constant" conditions among `quals` (Exprs) of range
// table entry `relid`; unbounded dimensions get INT64 min / max.
void scan_bounds(const catalog::Hypertable *ht, List *quals, Index relid, int64 *lo, int64 *hi);

// Bounds as a List of String nodes (for custom_private), and back.
List *bounds_to_list(const catalog::Hypertable *ht, const int64 *lo, const int64 *hi);
void bounds_from_list(List *list, int64 *lo, int64 *hi);

// Execution time: the data nodes (NodeTarget *) to query for the bounds,
// from the catalog as it is now (chunks created after planning included).
List *scan_targets(const catalog::Hypertable *ht, const int64 *lo, const int64 *hi);

} // namespace tsdist::dist
