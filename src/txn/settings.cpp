// Definitions of the timescaledb_dist.* settings of the txn layer.
#include "pg/pg.hpp"
#include "txn/settings.hpp"

extern "C"
{
#include "utils/guc.h"
}

namespace tsdist::txn
{

bool enable_2pc = true;
int recovery_interval = 30;
int debug_fault_point = (int) FaultPoint::none;
int debug_fault_action = (int) FaultAction::error;

static const struct config_enum_entry fault_points[] = {
    {"none", (int) FaultPoint::none, false},
    {"before_prepare", (int) FaultPoint::before_prepare, false},
    {"after_first_prepare", (int) FaultPoint::after_first_prepare, false},
    {"after_prepare", (int) FaultPoint::after_prepare, false},
    {"after_local_commit", (int) FaultPoint::after_local_commit, false},
    {NULL, 0, false},
};

static const struct config_enum_entry fault_actions[] = {
    {"error", (int) FaultAction::error, false},
    {"crash", (int) FaultAction::crash, false},
    {"sleep", (int) FaultAction::sleep, false},
    {NULL, 0, false},
};

// The test-only fault point settings.
static void
define_fault_settings()
{
	DefineCustomEnumVariable("timescaledb_dist.debug_fault_point",
	                         "Makes the two-phase commit fail at the named step (tests only).",
	                         NULL, &debug_fault_point, (int) FaultPoint::none, fault_points,
	                         PGC_SUSET, GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
	DefineCustomEnumVariable("timescaledb_dist.debug_fault_action",
	                         "What happens at timescaledb_dist.debug_fault_point (tests only).",
	                         NULL, &debug_fault_action, (int) FaultAction::error, fault_actions,
	                         PGC_SUSET, GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
}

void
settings_init()
{
	DefineCustomBoolVariable("timescaledb_dist.enable_2pc",
	                         "Use two-phase commit when a transaction wrote to several data nodes.",
	                         NULL, &enable_2pc, true, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable(
	    "timescaledb_dist.recovery_interval",
	    "Seconds between runs of the background recovery of in-doubt distributed transactions.",
	    "0 turns the background recovery off.", &recovery_interval, 30, 0, INT_MAX / 1000,
	    PGC_SIGHUP, GUC_UNIT_S, NULL, NULL, NULL);
	define_fault_settings();
	MarkGUCPrefixReserved("timescaledb_dist");
}

} // namespace tsdist::txn
