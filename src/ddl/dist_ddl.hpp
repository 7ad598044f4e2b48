// DDL on distributed hypertables: what reaches the member hypertables on the
// data nodes, and what is refused. The statement runs locally first; then
// the command deparsed for the members runs on the hypertable's data nodes in
// the distributed transaction, so a failure on any node rolls back the whole
// statement. PG zone.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
}

namespace tsdist::ddl
{

// What one statement forwards (opaque; palloc'd in the statement's context).
struct DistDdl;

// Before the statement runs: refuses what cannot reach the members
// (0A000) and remembers what must be forwarded; NULL when the statement
// touches no distributed hypertable.
DistDdl *dist_ddl_before(Node *stmt);

// After the statement ran locally: runs the forwarded commands on the data
// nodes.
void dist_ddl_after(DistDdl *ddl);

} // namespace tsdist::ddl
