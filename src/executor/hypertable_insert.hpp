// Execution of the HypertableInsert custom scan (see planner/insert_plan.hpp).
#pragma once

namespace tsdist::executor
{

// Registers the node's methods by name; called once from _PG_init.
void hypertable_insert_register();

} // namespace tsdist::executor
