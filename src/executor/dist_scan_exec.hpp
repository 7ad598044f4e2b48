// Execution of DistributedScan (see planner/dist_scan_plan.hpp).
//
// Each data node gets its remote query as a cursor inside the distributed
// transaction: the first execution sends DECLARE to every node, then the
// first FETCH to every node, and waits for all of them at once, so the nodes
// work in parallel. Rows then stream in batches of dist::kFetchSize (one
// FETCH at a time, node after node); nothing is materialised beyond one
// batch per node. Cursors let several scans share a node's connection (self
// joins, subqueries, rescans). A rescan closes the cursors and declares them
// again with the current parameter values.
#pragma once

namespace tsdist::executor
{

// Registers the node's methods by name; called once from _PG_init.
void dist_scan_register();

} // namespace tsdist::executor
