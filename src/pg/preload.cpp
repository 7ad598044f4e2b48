// Preload state: hooks and callbacks are only installed when preloaded.
#include "pg/pg.hpp"
#include "pg/preload.hpp"

namespace tsdist::pg
{

static bool preloaded = false;

void
mark_preloaded()
{
	preloaded = true;
}

bool
is_preloaded()
{
	return preloaded;
}

void
require_preloaded()
{
	if (!preloaded)
		ereport(ERROR,
		        (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		         errmsg("extension \"timescaledb_dist\" must be preloaded"),
		         errdetail("Its planner, executor and transaction hooks are installed only when "
		                   "the library is loaded at server start."),
		         errhint("Add timescaledb_dist to shared_preload_libraries in postgresql.conf "
		                 "and restart the server.")));
}

} // namespace tsdist::pg
