// Partial aggregation of distributed hypertables, step 2 (planning): the
// inner query made by dist_agg_rewrite gets a DistributedScan path on its
// grouped relation whose remote SQL is the whole query
// (SELECT <group exprs>, <partials> FROM member WHERE ... GROUP BY 1, ...),
// cheaper than aggregating the fetched rows on the access node.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::planner
{

// Installs the create_upper_paths_hook.
void dist_agg_hook_install();

} // namespace tsdist::planner
