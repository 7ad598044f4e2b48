// Names of our custom plan nodes: the planner builds them by name
// (GetCustomScanMethods), the executor registers them, so neither layer
// calls the other.
#pragma once

namespace tsdist::hypertable
{

// INSERT into a hypertable: routes each row to its chunk. Its custom_private
// holds the original ModifyTable node (without subplan), custom_plans the
// subplan.
inline constexpr const char *kHypertableInsertNode = "HypertableInsert";

} // namespace tsdist::hypertable
