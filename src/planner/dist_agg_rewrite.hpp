// Partial aggregation of distributed hypertables, step 1 (before planning):
// a query (or subquery) that reads exactly one distributed hypertable and groups or
// aggregates it with pushable GROUP BY expressions and count / sum / min /
// max / avg of pushable arguments is rewritten into
//   SELECT <combining expressions> FROM (SELECT <group exprs>, <partials>
//     FROM hypertable WHERE ... GROUP BY <group exprs>) GROUP BY ... HAVING ...
// The inner query is marked (see is_partial_query) so that dist_agg_plan
// sends it whole to every data node; each node returns one row per group and
// the access node combines them (count: sum()::bigint, sum: sum() of the
// partial type, min/max: min/max, avg: sum / count with avg's result type).
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
}

namespace tsdist::planner
{

// Rewrites every level of `parse` (subqueries too) that qualifies, in place,
// when the setting
// timescaledb_dist.enable_aggregate_pushdown is on.
void rewrite_partial_aggregation(Query *parse);

// True for an inner query made by rewrite_partial_aggregation.
bool is_partial_query(Query *parse);

} // namespace tsdist::planner
