// Releasing a deleted data node's membership when the deleting transaction
// commits. PG zone.
//
// delete_data_node drops the local server at once, but the data node's
// membership record must only go away if that transaction commits, or a
// rolled-back delete would leave a registered node that no longer knows it
// belongs here. Until the txn layer runs remote work inside a distributed
// transaction, the release runs just before the local commit
// (XACT_EVENT_PRE_COMMIT), best effort: a node that cannot be reached gets a
// WARNING and the delete still commits.
#pragma once

#include "remote/connection.hpp"

namespace tsdist::dist
{

// Queues the release of the membership of `dist_uuid` in the database that
// `options` connect to, to run when the current transaction commits.
void release_membership_at_commit(const char *node_name, const remote::ConnOptions &options,
                                  const char *dist_uuid);

} // namespace tsdist::dist
