// Settings of the distributed transaction (GUCs under timescaledb_dist.*).
// PG zone.
#pragma once

namespace tsdist::txn
{

// Named points of the two-phase commit where a test can make the access
// node's backend fail (timescaledb_dist.debug_fault_point).
enum class FaultPoint
{
	none,
	before_prepare,      // GIDs logged, no PREPARE sent yet
	after_first_prepare, // PREPARE done on the first written node only
	after_prepare,       // every node prepared, before the local commit
	after_local_commit,  // local commit done, before COMMIT PREPARED
};

// What happens at the fault point (timescaledb_dist.debug_fault_action).
enum class FaultAction
{
	error, // lose the data nodes' connections and fail (WARNING after the local commit)
	crash, // the backend kills itself (SIGKILL): the instance restarts
	sleep, // pause 5 seconds, then go on normally
};

// timescaledb_dist.enable_2pc (user, on): two-phase commit when several data
// nodes were written in one transaction; off = one COMMIT per node.
extern bool enable_2pc;

// timescaledb_dist.recovery_interval (sighup, seconds, 30; 0 = off): how
// often the background worker recovers in-doubt transactions.
extern int recovery_interval;

// timescaledb_dist.debug_fault_point / debug_fault_action (superuser, none /
// error): a fault point for tests.
extern int debug_fault_point;
extern int debug_fault_action;

// Defines the settings. Called once from _PG_init.
void settings_init();

} // namespace tsdist::txn
