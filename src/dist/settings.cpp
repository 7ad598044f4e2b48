// timescaledb_dist.hypertable_replication_factor_default and
// timescaledb_dist.enable_aggregate_pushdown.
#include "pg/pg.hpp"
#include "dist/dist_hypertable.hpp"
#include "dist/settings.hpp"

extern "C"
{
#include "utils/guc.h"
}

namespace tsdist::dist
{

static int replication_factor_default_value = 1;
static bool aggregate_pushdown_value = true;

void
settings_init()
{
	DefineCustomIntVariable("timescaledb_dist.hypertable_replication_factor_default",
	                        "Replication factor of distributed hypertables created without one.",
	                        NULL, &replication_factor_default_value, 1, 1, kMaxReplicationFactor,
	                        PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable(
	    "timescaledb_dist.enable_aggregate_pushdown",
	    "Computes GROUP BY and aggregates of distributed hypertables partially "
	    "on the data nodes.",
	    NULL, &aggregate_pushdown_value, true, PGC_USERSET, 0, NULL, NULL, NULL);
}

bool
aggregate_pushdown_enabled()
{
	return aggregate_pushdown_value;
}

int
replication_factor_default()
{
	return replication_factor_default_value;
}

} // namespace tsdist::dist
