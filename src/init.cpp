// Library entry: module magic and _PG_init (settings, hooks, callbacks).
#include "pg/pg.hpp"
#include "pg/entry.hpp"
#include "pg/hide_statement.hpp"
#include "pg/preload.hpp"
#include "pg/progress.hpp"
#include "remote/connection_cache.hpp"
#include "catalog/hypertable_cache.hpp"
#include "ddl/utility_hook.hpp"
#include "dist/settings.hpp"
#include "executor/dist_modify_exec.hpp"
#include "executor/dist_scan_exec.hpp"
#include "executor/hypertable_insert.hpp"
#include "planner/planner_hook.hpp"
#include "txn/dist_txn.hpp"
#include "txn/recovery_worker.hpp"
#include "txn/settings.hpp"

extern "C"
{
	PG_MODULE_MAGIC;
}

// Hooks and shared state only work when loaded at server start; a library
// loaded later (e.g. by CREATE EXTENSION) installs nothing and every entry
// point that needs the hooks refuses with a hint (pg::require_preloaded).
extern "C" void
_PG_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;
	tsdist::pg::mark_preloaded();
	tsdist::pg::hide_statement_init();
	tsdist::pg::progress_init();
	tsdist::remote::connection_settings_init();
	tsdist::txn::settings_init();
	tsdist::remote::connection_cache_init();
	// Local hypertables: catalog cache, INSERT routing, COPY and DDL.
	tsdist::catalog::hypertable_cache_init();
	tsdist::executor::hypertable_insert_register();
	tsdist::planner::planner_hook_install();
	tsdist::ddl::utility_hook_install();
	// Distributed hypertables.
	tsdist::dist::settings_init();
	tsdist::executor::dist_scan_register();
	tsdist::executor::dist_modify_register();
	/* After the cache: the distributed transaction ends before its cleanup. */
	tsdist::txn::dist_txn_init();
	tsdist::txn::recovery_worker_register();
}
