// INSERT on a hypertable: the ModifyTable node becomes a HypertableInsert
// custom scan that routes rows to chunks (PostgreSQL would insert them into
// the inheritance parent itself).
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/plannodes.h"
}

namespace tsdist::planner
{

// Replaces every INSERT ModifyTable on a hypertable in `stmt` (top plan and
// subplans, e.g. writable CTEs).
void rewrite_hypertable_inserts(PlannedStmt *stmt);

} // namespace tsdist::planner
