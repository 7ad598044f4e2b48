// timescaledb_dist.hypertable_replication_factor_default.
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

void
settings_init()
{
	DefineCustomIntVariable("timescaledb_dist.hypertable_replication_factor_default",
	                        "Replication factor of distributed hypertables created without one.",
	                        NULL, &replication_factor_default_value, 1, 1, kMaxReplicationFactor,
	                        PGC_USERSET, 0, NULL, NULL, NULL);
}

int
replication_factor_default()
{
	return replication_factor_default_value;
}

} // namespace tsdist::dist
