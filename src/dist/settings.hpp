// Settings (GUCs) of distributed hypertables. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Defines timescaledb_dist.hypertable_replication_factor_default. Called once
// from _PG_init.
void settings_init();

// The replication factor of a distributed hypertable created without one.
int replication_factor_default();

} // namespace tsdist::dist
