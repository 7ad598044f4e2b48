// UPDATE and DELETE on distributed hypertables: the whole statement is sent
// to every attached data node when it references only the hypertable and
// pushable expressions (dist/deparse); anything else is refused (0A000),
// RETURNING too. The plan is a DistributedModify node that reports the
// number of rows changed: with replicas, each chunk's rows are counted on
// one replica only (the one a scan would read).
#pragma once

#include "pg/pg.hpp"

namespace tsdist::planner
{

// Before planning: for an UPDATE/DELETE of a distributed hypertable, checks
// that it can be pushed (raises otherwise) and returns its remote plan data
// (custom_private + params, opaque); NULL for any other statement.
List *dist_modify_prepare(Query *parse);

// After planning: replaces the plan tree of `stmt` by the DistributedModify
// node built from `prepared` (the range table stays, so the executor still
// checks the UPDATE/DELETE privilege).
void dist_modify_replace(PlannedStmt *stmt, List *prepared);

} // namespace tsdist::planner
