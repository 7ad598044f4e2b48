// Settings (GUCs) of distributed hypertables. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Defines the settings of this file. Called once
// from _PG_init.
void settings_init();

// The replication factor of a distributed hypertable created without one.
int replication_factor_default();

// timescaledb_dist.enable_aggregate_pushdown: partial aggregation on the data
// nodes.
bool aggregate_pushdown_enabled();

} // namespace tsdist::dist
