// VACUUM and ANALYZE of hypertables. PG zone.
//
// PostgreSQL does not recurse into inheritance children, so a local
// hypertable's chunks are added to the statement. A distributed hypertable's
// rows are on the data nodes: its members are vacuumed or analyzed there
// (as TimescaleDB 2.13 did, outside two-phase commit), as the current user,
// every node in parallel, before the access node runs the statement.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::ddl
{

// Forwards the statement to the data nodes of the distributed hypertables it
// names (or, without a table list, of every distributed hypertable the user
// may vacuum), and returns the statement to run locally: `pstmt` itself, or
// a copy naming the chunks of its local hypertables too. VACUUM/ANALYZE
// (VERBOSE) of a distributed hypertable is refused (0A000), as in 2.13.
PlannedStmt *vacuum_prepare(PlannedStmt *pstmt, bool top_level);

} // namespace tsdist::ddl
