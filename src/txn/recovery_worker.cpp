// Launcher and per-database workers of the background recovery.
#include "pg/pg.hpp"
#include "catalog/metadata_store.hpp"
#include "txn/recovery.hpp"
#include "txn/recovery_worker.hpp"
#include "txn/settings.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_database.h"
#include "commands/extension.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "utils/snapmgr.h"
#include "tcop/tcopprot.h"
}

namespace tsdist::txn
{

// Fills the common fields of a worker that runs `function` of this library.
static void
worker_init(BackgroundWorker *worker, const char *name, const char *function)
{
	memset(worker, 0, sizeof(*worker));
	worker->bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker->bgw_start_time = BgWorkerStart_RecoveryFinished;
	strlcpy(worker->bgw_library_name, "timescaledb_dist", BGW_MAXLEN);
	strlcpy(worker->bgw_function_name, function, BGW_MAXLEN);
	strlcpy(worker->bgw_name, name, BGW_MAXLEN);
	strlcpy(worker->bgw_type, name, BGW_MAXLEN);
}

void
recovery_worker_register()
{
	BackgroundWorker worker;
	worker_init(&worker, "timescaledb_dist recovery launcher", "tsdist_recovery_launcher_main");
	worker.bgw_restart_time = 10;
	RegisterBackgroundWorker(&worker);
}

// The databases a recovery worker may visit (allow connections, no template).
static List *
database_oids()
{
	List *oids = NIL;
	MemoryContext caller = CurrentMemoryContext;
	StartTransactionCommand();
	Relation rel = table_open(DatabaseRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tuple;
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_database db = (Form_pg_database) GETSTRUCT(tuple);
		if (db->datallowconn && !db->datistemplate)
		{
			MemoryContext old = MemoryContextSwitchTo(caller);
			oids = lappend_oid(oids, db->oid);
			MemoryContextSwitchTo(old);
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	CommitTransactionCommand();
	return oids;
}

// Starts the worker for one database and waits until it has exited.
static void
run_database_worker(Oid dboid)
{
	BackgroundWorker worker;
	BackgroundWorkerHandle *handle;
	worker_init(&worker, "timescaledb_dist recovery", "tsdist_recovery_database_main");
	worker.bgw_restart_time = BGW_NEVER_RESTART;
	worker.bgw_main_arg = ObjectIdGetDatum(dboid);
	worker.bgw_notify_pid = MyProcPid;
	if (!RegisterDynamicBackgroundWorker(&worker, &handle))
		return; /* no free worker slot: next round */
	WaitForBackgroundWorkerShutdown(handle);
}

// Sleeps for the recovery interval (a minute while it is 0), reloading the
// configuration on SIGHUP.
static void
launcher_sleep()
{
	long ms = recovery_interval > 0 ? recovery_interval * 1000L : 60000L;
	(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, ms,
	                 PG_WAIT_EXTENSION);
	ResetLatch(MyLatch);
	CHECK_FOR_INTERRUPTS();
	if (ConfigReloadPending)
	{
		ConfigReloadPending = false;
		ProcessConfigFile(PGC_SIGHUP);
	}
}

// Launcher main loop.
extern "C" PGDLLEXPORT void
tsdist_recovery_launcher_main(Datum)
{
	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	BackgroundWorkerInitializeConnection(NULL, NULL, 0);
	for (;;)
	{
		launcher_sleep();
		if (recovery_interval <= 0)
			continue;
		ListCell *lc;
		foreach (lc, database_oids())
			run_database_worker(lfirst_oid(lc));
	}
}

// Recovery of one database, when it is an access node of timescaledb_dist.
static void
recover_database()
{
	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	PushActiveSnapshot(GetTransactionSnapshot());
	pgstat_report_activity(STATE_RUNNING, "recovering distributed transactions");
	if (OidIsValid(get_extension_oid("timescaledb_dist", true)))
	{
		char *role = catalog::metadata_get(catalog::kDistRoleKey);
		if (role != NULL && strcmp(role, catalog::kRoleAccessNode) == 0)
			recover_all_data_nodes(NULL, NULL);
	}
	PopActiveSnapshot();
	CommitTransactionCommand();
	pgstat_report_activity(STATE_IDLE, NULL);
}

// Per-database worker main: one recovery, then exit.
extern "C" PGDLLEXPORT void
tsdist_recovery_database_main(Datum arg)
{
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	BackgroundWorkerInitializeConnectionByOid(DatumGetObjectId(arg), InvalidOid, 0);
	recover_database();
	proc_exit(0);
}

} // namespace tsdist::txn
