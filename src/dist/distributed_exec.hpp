// distributed_exec: a command on some or all data nodes, in parallel, inside
// the distributed transaction or in autocommit. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Runs `command` on the data nodes (server oids, no duplicates). With
// transactional it runs in the distributed transaction and every node counts
// as written; otherwise each node runs it in autocommit.
void distributed_exec(const char *command, List *server_oids, bool transactional);

// Like distributed_exec, with commands[i] for the i-th server of server_oids.
void distributed_exec_each(const char *const *commands, List *server_oids, bool transactional);

// Raises 0A000 when the command holds a transaction control statement
// (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION, COMMIT PREPARED,
// ...), parsed as the data nodes parse it; a syntax error is raised here.
void distributed_exec_check_command(const char *command);

// The data nodes distributed_exec runs on: every data node when node_names is
// NIL, else the named ones (duplicates dropped). Raises `no data nodes to
// execute command on` when there are none, and 42501 without USAGE on one.
List *distributed_exec_targets(List *node_names);

} // namespace tsdist::dist
