// Fault points: simulated or real failures of the access node's backend.
#include "pg/pg.hpp"
#include "remote/connection.hpp"
#include "txn/fault.hpp"
#include "txn/node_txn.hpp"

extern "C"
{
#include "pgstat.h"
#include <signal.h>
}

namespace tsdist::txn
{

// The setting's name of a fault point.
static const char *
fault_point_name(FaultPoint point)
{
	switch (point)
	{
		case FaultPoint::before_prepare:
			return "before_prepare";
		case FaultPoint::after_first_prepare:
			return "after_first_prepare";
		case FaultPoint::after_prepare:
			return "after_prepare";
		case FaultPoint::after_local_commit:
			return "after_local_commit";
		default:
			return "none";
	}
}

// Simulates losing the data nodes: closes every connection of the
// transaction, so nothing more can be sent on them.
static void
drop_connections(List *nodes)
{
	ListCell *lc;
	foreach (lc, nodes)
	{
		NodeTxn *node = (NodeTxn *) lfirst(lc);
		remote::connection_close(node->conn);
		node->broken = true;
	}
}

// Pauses, showing the fault point in pg_stat_activity.query so a test can
// wait for it.
static void
fault_sleep(const char *name)
{
	pgstat_report_activity(STATE_RUNNING,
	                       psprintf("timescaledb_dist fault point %s: sleeping", name));
	pg_usleep(5000000L);
}

void
fault_at(FaultPoint point, List *nodes, bool can_raise)
{
	if (debug_fault_point != (int) point)
		return;
	const char *name = fault_point_name(point);
	switch ((FaultAction) debug_fault_action)
	{
		case FaultAction::sleep:
			fault_sleep(name);
			return;
		case FaultAction::crash:
			(void) kill(MyProcPid, SIGKILL);
			for (;;)
				pg_usleep(1000000L);
		case FaultAction::error:
			break;
	}
	drop_connections(nodes);
	ereport(can_raise ? ERROR : WARNING,
	        (errcode(ERRCODE_CONNECTION_FAILURE),
	         errmsg("debug fault point %s: connections to the data nodes closed", name)));
}

} // namespace tsdist::txn
