// The table _timescaledb_dist_catalog.remote_txn: which GIDs a committed
// local transaction prepared on which data node. Written as the table's
// owner (any user's transaction logs its own commits). PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::txn
{

// Blocks two-phase commits until the current transaction ends: an EXCLUSIVE
// lock on the log table, which every two-phase commit writes (ROW EXCLUSIVE)
// before its first PREPARE and keeps until its COMMIT PREPARED were sent. Once
// it is granted, no distributed transaction is between PREPARE and COMMIT
// PREPARED, and none starts preparing.
void remote_txn_log_block_commits();

// Logs a prepared transaction in the current local transaction.
void remote_txn_log_insert(const char *node_name, const char *gid);

// True when the GID is logged for that node (visible to a new snapshot).
bool remote_txn_log_exists(const char *node_name, const char *gid);

// The GIDs logged for a node (palloc'd strings).
List *remote_txn_log_gids(const char *node_name);

// Deletes one row.
void remote_txn_log_delete(const char *gid);

// Deletes the rows of data nodes that no longer exist; returns how many.
int remote_txn_log_delete_orphans();

} // namespace tsdist::txn
