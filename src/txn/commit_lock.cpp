// The commit lock: an advisory lock tag no SQL function can take.
#include "pg/pg.hpp"
#include "txn/commit_lock.hpp"

extern "C"
{
#include "storage/lock.h"
}

namespace tsdist::txn
{

// Advisory lock tags use field4 1 (bigint) and 2 (two integers) from SQL;
// this value is ours.
static const uint16 kCommitLockField4 = 29812;

// The lock tag of local transaction `xid` in this database.
static LOCKTAG
commit_lock_tag(uint64 xid)
{
	LOCKTAG tag;
	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, (uint32) (xid >> 32), (uint32) xid, kCommitLockField4);
	return tag;
}

void
commit_lock_acquire(uint64 xid)
{
	LOCKTAG tag = commit_lock_tag(xid);
	(void) LockAcquire(&tag, ExclusiveLock, true, false);
}

void
commit_lock_release(uint64 xid)
{
	LOCKTAG tag = commit_lock_tag(xid);
	if (LockHeldByMe(&tag, ExclusiveLock))
		(void) LockRelease(&tag, ExclusiveLock, true);
}

bool
commit_lock_busy(uint64 xid)
{
	LOCKTAG tag = commit_lock_tag(xid);
	if (LockAcquire(&tag, ExclusiveLock, false, true) == LOCKACQUIRE_NOT_AVAIL)
		return true;
	(void) LockRelease(&tag, ExclusiveLock, false);
	return false;
}

} // namespace tsdist::txn
