// The custom plan nodes that carry deparsed remote SQL, shared by the planner
// (builds them by name) and the executor (registers them), which never call
// each other.
#pragma once

namespace tsdist::dist
{

// SELECT on a distributed hypertable: one remote query per data node.
// custom_private = (node names: String list, server OIDs: OID list, remote
// SQL: String list, fetched columns: attno int list); custom_exprs = the
// Params sent as $1, $2, ...
inline constexpr const char *kDistributedScanNode = "DistributedScan";

// UPDATE/DELETE pushed to the data nodes. custom_private = (node names,
// server OIDs, remote SQL) as above; custom_exprs = the Params.
inline constexpr const char *kDistributedModifyNode = "DistributedModify";

// Rows fetched per FETCH from a data node cursor.
inline constexpr int kFetchSize = 1000;

} // namespace tsdist::dist
