// Progress slots in shared memory (one per backend, indexed by backend id)
// and the rate-limited NOTICEs of long operations.
#include "pg/pg.hpp"
#include "pg/progress.hpp"

extern "C"
{
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/acl.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

namespace tsdist::pg
{

namespace
{

struct Slot
{
	slock_t mutex;
	ProgressRow row; // row.pid == 0: free
};

Slot *slots = nullptr;
int slot_count = 0;
shmem_request_hook_type prev_shmem_request_hook = nullptr;
shmem_startup_hook_type prev_shmem_startup_hook = nullptr;

// timescaledb_dist.progress_notice_interval (ms; 0 = no NOTICEs).
int notice_interval_ms = 2000;

// This backend's running report (not in shared memory).
struct Local
{
	bool active;
	int nest_level; // transaction nest level that started it
	char unit[kProgressTextSize];
	char label[2 * NAMEDATALEN + kProgressTextSize]; // `command on "relation"`
	TimestampTz last_notice;
};
Local local;

Size
shmem_size()
{
	return mul_size(sizeof(Slot), MaxBackends);
}

void
request_shmem()
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(shmem_size());
}

void
startup_shmem()
{
	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	bool found;
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	slots = (Slot *) ShmemInitStruct("timescaledb_dist progress", shmem_size(), &found);
	slot_count = MaxBackends;
	if (!found)
		for (int i = 0; i < slot_count; i++)
		{
			SpinLockInit(&slots[i].mutex);
			memset(&slots[i].row, 0, sizeof(ProgressRow));
		}
	LWLockRelease(AddinShmemInitLock);
}

// This backend's slot, or NULL (no shared memory, or no backend id).
Slot *
my_slot()
{
	if (slots == nullptr || MyBackendId == InvalidBackendId || MyBackendId > slot_count)
		return nullptr;
	return &slots[MyBackendId - 1];
}

void
clear_slot()
{
	local.active = false;
	Slot *slot = my_slot();
	if (slot == nullptr)
		return;
	SpinLockAcquire(&slot->mutex);
	slot->row.pid = 0;
	SpinLockRelease(&slot->mutex);
}

void
xact_callback(XactEvent event, void *)
{
	if (local.active && (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
	                     event == XACT_EVENT_COMMIT || event == XACT_EVENT_PARALLEL_COMMIT))
		clear_slot();
}

void
subxact_callback(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
	if (local.active && event == SUBXACT_EVENT_ABORT_SUB &&
	    GetCurrentTransactionNestLevel() <= local.nest_level)
		clear_slot();
}

void
exit_callback(int, Datum)
{
	if (local.active)
		clear_slot();
}

} // namespace

void
progress_init()
{
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = request_shmem;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = startup_shmem;
	DefineCustomIntVariable(
	    "timescaledb_dist.progress_notice_interval",
	    "Interval between the progress NOTICEs of long operations.",
	    "The first NOTICE comes once the operation has run for an interval; 0 sends none.",
	    &notice_interval_ms, 2000, 0, INT_MAX, PGC_USERSET, GUC_UNIT_MS, NULL, NULL, NULL);
	RegisterXactCallback(xact_callback, NULL);
	RegisterSubXactCallback(subxact_callback, NULL);
	before_shmem_exit(exit_callback, (Datum) 0);
}

void
progress_start(const char *command, Oid relid, const char *phase, int64 total, const char *unit)
{
	local.active = true;
	local.nest_level = GetCurrentTransactionNestLevel();
	strlcpy(local.unit, unit, kProgressTextSize);
	char *rel = OidIsValid(relid) ? get_rel_name(relid) : NULL;
	if (rel != NULL)
		snprintf(local.label, sizeof(local.label), "%s on \"%s\"", command, rel);
	else
		strlcpy(local.label, command, sizeof(local.label));
	local.last_notice = GetCurrentTimestamp();
	Slot *slot = my_slot();
	if (slot == nullptr)
		return;
	SpinLockAcquire(&slot->mutex);
	slot->row.pid = MyProcPid;
	slot->row.database = MyDatabaseId;
	slot->row.user = GetUserId();
	slot->row.relid = relid;
	strlcpy(slot->row.command, command, kProgressTextSize);
	strlcpy(slot->row.phase, phase, kProgressTextSize);
	slot->row.total = total;
	slot->row.done = 0;
	slot->row.started = local.last_notice;
	SpinLockRelease(&slot->mutex);
}

void
progress_update(int64 done)
{
	if (!local.active)
		return;
	int64 total = 0;
	Slot *slot = my_slot();
	if (slot != nullptr)
	{
		SpinLockAcquire(&slot->mutex);
		slot->row.done = done;
		total = slot->row.total;
		SpinLockRelease(&slot->mutex);
	}
	if (notice_interval_ms <= 0 || slot == nullptr)
		return;
	TimestampTz now = GetCurrentTimestamp();
	if (!TimestampDifferenceExceeds(local.last_notice, now, notice_interval_ms))
		return;
	local.last_notice = now;
	ereport(NOTICE, (errmsg("%s: %lld of %lld %s done", local.label, (long long) done,
	                        (long long) total, local.unit)));
}

void
progress_end()
{
	if (local.active)
		clear_slot();
}

int
progress_snapshot(ProgressRow **rows)
{
	*rows = (ProgressRow *) palloc0(sizeof(ProgressRow) * (slot_count + 1));
	bool read_all = has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS);
	int n = 0;
	for (int i = 0; i < slot_count; i++)
	{
		ProgressRow row;
		SpinLockAcquire(&slots[i].mutex);
		row = slots[i].row;
		SpinLockRelease(&slots[i].mutex);
		if (row.pid == 0 || !(read_all || has_privs_of_role(GetUserId(), row.user)))
			continue;
		(*rows)[n++] = row;
	}
	return n;
}

} // namespace tsdist::pg
