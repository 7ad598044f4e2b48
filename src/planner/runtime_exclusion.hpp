// Run-time chunk exclusion for stable expressions.
//
// Constants in WHERE exclude chunks at plan time (their CHECK constraints).
// A restriction like "time > now() - interval '1 day'" cannot: its value is
// known only when the query runs, and cached plans run many times. For such
// restrictions on a hypertable's time column, each chunk scan below the
// hypertable's Append gets a gating Result whose one-time filter compares
// the chunk's range with the expression when execution starts; chunks that
// cannot match are then never scanned.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
#include "nodes/plannodes.h"
}

namespace tsdist::planner
{

// Before planning: the WHERE restrictions of `parse` that qualify (a List).
List *collect_stable_restrictions(Query *parse);

// After planning: adds the one-time filters to the chunk scans of `stmt`.
void add_runtime_exclusion(PlannedStmt *stmt, List *restrictions);

} // namespace tsdist::planner
