// ORDER BY and LIMIT pushed into the remote queries of a DistributedScan:
// a sorted path when every sort key of the query is a column of the
// distributed hypertable with its type's default btree order (the executor
// merges the sorted node streams), and LIMIT when the hypertable is the
// query's only relation, every condition is pushed and the order (if any) is
// pushed too. The limit pushed is exact: constant LIMIT + OFFSET, and
// FETCH FIRST n ROWS WITH TIES as itself.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/pathnodes.h"
}

namespace tsdist::planner
{

// The sort keys of the query's ORDER BY for `rel` (each an int List:
// attno, sort operator, collation, nulls first, desc), or NIL when they cannot
// be pushed.
List *dist_sort_keys(PlannerInfo *root, RelOptInfo *rel);

// " ORDER BY ... [LIMIT n | FETCH FIRST n ROWS WITH TIES]" / " LIMIT n" / ""
// for the remote query.
char *dist_order_suffix(PlannerInfo *root, RelOptInfo *rel, Oid reloid, List *sort_keys,
                        bool has_local_quals);

} // namespace tsdist::planner
