// Settings of the distributed transaction (GUCs under timescaledb_dist.*).
// PG zone.
#pragma once

namespace tsdist::txn
{

// Fault points of the two-phase commit (timescaledb_dist.debug_fail_at).
enum class FaultPoint
{
	none,
	prepare_partial,          // PREPARE on the first written node only, then fail
	after_prepare,            // every node prepared, before the local commit
	after_local_commit,       // local commit done, COMMIT PREPARED never sent
	sleep_after_local_commit, // local commit done, 3 s pause before COMMIT PREPARED
};

// timescaledb_dist.enable_2pc (user, on): two-phase commit when several data
// nodes were written in one transaction; off = one COMMIT per node.
extern bool enable_2pc;

// timescaledb_dist.recovery_interval (sighup, seconds, 30; 0 = off): how
// often the background worker recovers in-doubt transactions.
extern int recovery_interval;

// timescaledb_dist.debug_fail_at (superuser, none): a fault point for tests.
extern int debug_fail_at;

// Defines the settings. Called once from _PG_init.
void settings_init();

} // namespace tsdist::txn
