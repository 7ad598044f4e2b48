// The background recovery of in-doubt distributed transactions. PG zone.
//
// One launcher worker per instance (registered in _PG_init) wakes up every
// timescaledb_dist.recovery_interval seconds, lists the databases that accept
// connections (templates skipped) and starts, one after the other, a
// short-lived worker in each. That worker does nothing unless the database
// has the extension and is an access node; then it runs the recovery of every
// data node (as recover_distributed_transactions() does) as the bootstrap
// superuser, and exits.
#pragma once

namespace tsdist::txn
{

// Registers the launcher. Called from _PG_init while preloading.
void recovery_worker_register();

} // namespace tsdist::txn
