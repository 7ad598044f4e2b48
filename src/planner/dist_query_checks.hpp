// Refusals made before a statement touching distributed hypertables is
// planned, for what the data nodes would not do as the query says and which
// would otherwise succeed with a wrong result.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::planner
{

// Raises (0A000), anywhere in `parse` (subqueries, WITH queries, views
// already expanded), for a distributed hypertable read or written with
// row-level security in force, read with a TABLESAMPLE the data nodes cannot
// run, or updated or deleted from inside a WITH query. ONLY (the access node's own empty table) is
// left alone.
void check_distributed_query(Query *parse);

} // namespace tsdist::planner
