// distributed_exec: send the command to every target node, then collect.
#include "pg/pg.hpp"
#include "catalog/data_node_available.hpp"
#include "catalog/data_node_store.hpp"
#include "dist/distributed_exec.hpp"
#include "remote/connection_cache.hpp"
#include "remote/request.hpp"
#include "txn/dist_txn.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "parser/parser.h"
#include "utils/acl.h"
}

namespace tsdist::dist
{

// Raises 42501 unless the current user has USAGE on the data node.
static void
check_usage(const ForeignServer *server)
{
	AclResult acl = pg_foreign_server_aclcheck(server->serverid, GetUserId(), ACL_USAGE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FOREIGN_SERVER, server->servername);
}

List *
distributed_exec_targets(List *node_names)
{
	List *servers = NIL;
	if (node_names == NIL)
		servers = catalog::data_node_list();
	ListCell *lc;
	foreach (lc, node_names)
		servers = lappend(servers, catalog::data_node_get((const char *) lfirst(lc), false));
	if (servers == NIL)
		ereport(ERROR,
		        (errcode(ERRCODE_UNDEFINED_OBJECT), errmsg("no data nodes to execute command on"),
		         errhint("Add data nodes with add_data_node().")));
	List *oids = NIL;
	foreach (lc, servers)
	{
		ForeignServer *server = (ForeignServer *) lfirst(lc);
		check_usage(server);
		oids = list_append_unique_oid(oids, server->serverid);
	}
	return oids;
}

// `command` n times.
static const char **
repeated(const char *command, int n)
{
	const char **commands = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
		commands[i] = command;
	return commands;
}

// Sends commands[i] to connection i, then waits for all of them.
static void
run_each(remote::Connection **conns, int n, const char *const *commands)
{
	remote::Result **results = (remote::Result **) palloc0(sizeof(void *) * (n + 1));
	for (int i = 0; i < n; i++)
		remote::send_query(conns[i], commands[i]);
	remote::collect_results(conns, n, results);
	for (int i = 0; i < n; i++)
		remote::result_free(results[i]);
}

// Sends the command to every connection, then waits for all of them.
static void
run_all(remote::Connection **conns, int n, const char *command)
{
	run_each(conns, n, repeated(command, n));
}

// The statements of `command` as the data nodes' sessions parse them
// (standard_conforming_strings is pinned on there, whatever it is here).
static List *
parse_as_data_node(const char *command)
{
	bool saved = standard_conforming_strings;
	List *stmts = NIL;
	standard_conforming_strings = true;
	PG_TRY();
	{
		stmts = raw_parser(command, RAW_PARSE_DEFAULT);
	}
	PG_FINALLY();
	{
		standard_conforming_strings = saved;
	}
	PG_END_TRY();
	return stmts;
}

void
distributed_exec_check_command(const char *command)
{
	ListCell *lc;
	foreach (lc, parse_as_data_node(command))
	{
		if (!IsA(lfirst_node(RawStmt, lc)->stmt, TransactionStmt))
			continue;
		ereport(ERROR,
		        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		         errmsg("distributed_exec cannot run transaction control commands"),
		         errdetail("BEGIN, COMMIT, ROLLBACK, SAVEPOINT, PREPARE TRANSACTION and the like "
		                   "would end or split the data nodes' transactions behind the access "
		                   "node's back."),
		         errhint("Run the transaction control command on the access node: "
		                 "distributed_exec follows the access node's transaction.")));
	}
}

// Refuses autocommit on a node this transaction already has a remote
// transaction on (e.g. a top-level DO block that read a distributed
// hypertable first): the command would run inside that transaction.
static void
check_no_remote_transaction(Oid server_oid)
{
	if (!txn::dist_txn_uses_server(server_oid))
		return;
	ereport(ERROR, (errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
	                errmsg("distributed_exec() with transactional => false cannot run in a "
	                       "transaction that already used data node \"%s\"",
	                       GetForeignServer(server_oid)->servername),
	                errhint("Run it as a top-level CALL outside BEGIN ... COMMIT, or use "
	                        "transactional => true.")));
}

// Sets search_path on the data nodes to this session's.
static const char *
set_search_path(const char *path)
{
	return psprintf("SELECT pg_catalog.set_config('search_path', %s, false)",
	                quote_literal_cstr(path));
}

// Raises unless every connection is idle after an autocommit command (no
// transaction left open); such a connection is closed, which aborts it.
static void
check_autocommit_ended(remote::Connection **conns, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (conns[i]->pg == NULL || PQtransactionStatus(conns[i]->pg) == PQTRANS_IDLE)
			continue;
		remote::connection_close(conns[i]);
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_TRANSACTION_STATE),
		         errmsg("distributed_exec left a transaction open on data node \"%s\"",
		                conns[i]->node_name),
		         errdetail("The connection was closed, which rolled that transaction back.")));
	}
}

// Sets the search_path on the cached connections; one that the data node
// closed meanwhile (e.g. it restarted) is replaced once.
static void
prepare_autocommit(remote::Connection **conns, const Oid *oids, int n)
{
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	char **errors = (char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
		sqls[i] = set_search_path(namespace_search_path);
	remote::exec_commands_quietly(conns, n, sqls, errors);
	for (int i = 0; i < n; i++)
	{
		if (errors[i] == NULL)
			continue;
		conns[i] = remote::connection_cache_get(oids[i], GetUserId());
		run_all(&conns[i], 1, sqls[i]);
	}
}

// Autocommit: each statement of the command is its own transaction, so the
// search_path is set before and the session's settings (role included) are
// restored after it, also when it fails.
static void
run_autocommit(remote::Connection **conns, const Oid *oids, int n, const char *const *commands)
{
	prepare_autocommit(conns, oids, n);
	PG_TRY();
	{
		run_each(conns, n, commands);
	}
	PG_CATCH();
	{
		const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
		char **errors = (char **) palloc0(sizeof(char *) * (n + 1));
		for (int i = 0; i < n; i++)
			sqls[i] = remote::session_restore_sql();
		remote::exec_commands_quietly(conns, n, sqls, errors);
		PG_RE_THROW();
	}
	PG_END_TRY();
	check_autocommit_ended(conns, n);
	run_all(conns, n, remote::session_restore_sql());
}

// In the distributed transaction the command runs with this session's
// search_path; the session's settings (role included) are restored after it,
// and an error rolls them back with the remote (sub)transaction. The remote
// transaction must still be open afterwards.
static void
run_transactional(remote::Connection **conns, const Oid *oids, int n, const char *const *commands)
{
	const char **wrapped = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
		wrapped[i] = psprintf("%s;\n%s\n;%s", set_search_path(namespace_search_path), commands[i],
		                      remote::session_restore_sql());
	run_each(conns, n, wrapped);
	for (int i = 0; i < n; i++)
		txn::dist_txn_check_open(oids[i]);
}

void
distributed_exec(const char *command, List *server_oids, bool transactional)
{
	distributed_exec_each(repeated(command, list_length(server_oids)), server_oids, transactional);
}

void
distributed_exec_each(const char *const *commands, List *server_oids, bool transactional)
{
	int n = list_length(server_oids);
	for (int i = 0; i < n; i++)
		distributed_exec_check_command(commands[i]);
	remote::Connection **conns = (remote::Connection **) palloc0(sizeof(void *) * (n + 1));
	Oid *oids = (Oid *) palloc0(sizeof(Oid) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Oid server_oid = list_nth_oid(server_oids, i);
		oids[i] = server_oid;
		if (transactional)
		{
			conns[i] = txn::dist_txn_connection(server_oid);
			txn::dist_txn_mark_written(server_oid);
		}
		else
		{
			catalog::data_node_check_available(server_oid);
			check_no_remote_transaction(server_oid);
			conns[i] = remote::connection_cache_get(server_oid, GetUserId());
		}
	}
	if (transactional)
		run_transactional(conns, oids, n, commands);
	else
		run_autocommit(conns, oids, n, commands);
}

} // namespace tsdist::dist
