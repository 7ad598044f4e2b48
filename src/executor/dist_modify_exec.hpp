// Execution of DistributedModify (see planner/dist_modify_plan.hpp): sends
// the statement to every node at once inside the distributed transaction
// (the nodes are marked written) and adds the rows the counted replicas
// report to the statement's row count.
#pragma once

namespace tsdist::executor
{

// Registers the node's methods by name; called once from _PG_init.
void dist_modify_register();

} // namespace tsdist::executor
