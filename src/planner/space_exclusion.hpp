// Plan-time exclusion by space partition.
//
// Chunks carry "partition_hash(column) >= lo AND < hi" CHECK constraints, but
// PostgreSQL cannot refute them from "column = 'value'". For every such
// condition on a hypertable's space column in the top-level WHERE clause,
// this adds the implied "partition_hash(column) = <hash of value>", which
// constraint exclusion compares with the chunks' CHECK constraints.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
}

namespace tsdist::planner
{

// Adds the implied hash conditions to `parse` (before planning).
void add_space_partition_quals(Query *parse);

} // namespace tsdist::planner
