// Releasing data node memberships when the deleting transaction commits.
#include "pg/pg.hpp"
#include "dist/data_node_checks.hpp"
#include "dist/membership_release.hpp"
#include "dist/subxact.hpp"

extern "C"
{
#include "access/xact.h"
}

namespace tsdist::dist
{

// One queued release; lives in TopTransactionContext.
struct PendingRelease
{
	char node_name[NAMEDATALEN];
	remote::ConnOptions options;
	char *dist_uuid;
};

static List *pending = NIL; /* of PendingRelease, in TopTransactionContext */
static bool callback_registered = false;

// Step for try_or_warn: connect to the data node and clear the membership.
static void
release_one(void *arg)
{
	PendingRelease *release = (PendingRelease *) arg;
	remote::Connection *conn =
	    remote::connection_open(release->node_name, release->options, CurrentMemoryContext, true);
	clear_membership(conn, release->dist_uuid);
	remote::connection_close(conn);
}

// Runs the queued releases (each in its own subtransaction, failures as WARNING).
static void
release_all()
{
	List *releases = pending;
	pending = NIL;
	ListCell *lc;
	foreach (lc, releases)
	{
		PendingRelease *release = (PendingRelease *) lfirst(lc);
		try_or_warn(
		    release_one, release,
		    psprintf("could not clear the membership of data node \"%s\"", release->node_name));
	}
}

// Transaction callback: release before commit, forget on abort.
extern "C" void
membership_release_xact_callback(XactEvent event, void *)
{
	if (event == XACT_EVENT_PRE_COMMIT)
		release_all();
	else if (event == XACT_EVENT_ABORT || event == XACT_EVENT_COMMIT ||
	         event == XACT_EVENT_PARALLEL_ABORT || event == XACT_EVENT_PREPARE)
		pending = NIL;
}

void
release_membership_at_commit(const char *node_name, const remote::ConnOptions &options,
                             const char *dist_uuid)
{
	if (!callback_registered)
	{
		RegisterXactCallback(membership_release_xact_callback, NULL);
		callback_registered = true;
	}
	MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
	PendingRelease *release = (PendingRelease *) palloc0(sizeof(PendingRelease));
	strlcpy(release->node_name, node_name, NAMEDATALEN);
	release->options = remote::conn_options_copy(options, TopTransactionContext);
	release->dist_uuid = pstrdup(dist_uuid);
	pending = lappend(pending, release);
	MemoryContextSwitchTo(old);
}

} // namespace tsdist::dist
