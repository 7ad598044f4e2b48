// Fault points of the two-phase commit, for tests (settings
// timescaledb_dist.debug_fault_point / debug_fault_action). PG zone.
#pragma once

#include "pg/pg.hpp"
#include "txn/settings.hpp"

namespace tsdist::txn
{

// Runs the configured action when `point` is the configured fault point:
// error closes the connections of `nodes` (as if the data nodes were lost)
// and raises, or only warns when !can_raise (after the local commit); crash
// kills this backend; sleep pauses 5 seconds and returns.
void fault_at(FaultPoint point, List *nodes, bool can_raise);

} // namespace tsdist::txn
