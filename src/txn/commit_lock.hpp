// The commit lock of a two-phase commit: a session-level lock on the local
// transaction id, held by the committing backend from before the first
// PREPARE TRANSACTION until every prepared transaction is finished (COMMIT /
// ROLLBACK PREPARED sent). Recovery leaves a prepared transaction alone while
// its lock is held, so it never races with the backend that is still ending
// it; a crashed backend's lock is gone with it. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::txn
{

// Takes the lock for local transaction `xid` (session level).
void commit_lock_acquire(uint64 xid);

// Releases it if this backend holds it. Never raises.
void commit_lock_release(uint64 xid);

// True when another backend holds the lock of `xid` (needs a transaction).
bool commit_lock_busy(uint64 xid);

} // namespace tsdist::txn
