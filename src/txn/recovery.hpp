// Recovery of in-doubt two-phase commits (presumed abort; see
// docs/architecture.md, "Distributed transactions"). PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::txn
{

// What one recovery of a data node did.
struct RecoveryCounts
{
	int committed;   // COMMIT PREPARED: the local transaction committed
	int rolled_back; // ROLLBACK PREPARED: it aborted (or never logged the GID)
	int in_progress; // left alone: the local transaction is still running
	int failed;      // COMMIT/ROLLBACK PREPARED failed (WARNING)
};

// Resolves this access node's prepared transactions on one data node and
// deletes log rows of transactions that are complete. Raises when the node
// cannot be reached.
RecoveryCounts recover_data_node(Oid server_oid);

// Per data node result of recover_all_data_nodes.
typedef void (*RecoveryReport)(const char *node_name, const RecoveryCounts *counts, bool reached,
                               void *arg);

// Recovers every data node, each in its own subtransaction: a node that
// cannot be reached gets a WARNING and the others still run. Log rows of
// deleted data nodes are removed. report (may be NULL) gets each node's result.
void recover_all_data_nodes(RecoveryReport report, void *arg);

} // namespace tsdist::txn
