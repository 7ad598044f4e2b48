// VACUUM and ANALYZE of hypertables: chunks of local hypertables added,
// distributed hypertables forwarded to their data nodes.
#include "pg/pg.hpp"
#include "ddl/vacuum.hpp"
#include "catalog/chunk_store.hpp"
#include "catalog/data_node_available.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/distributed_exec.hpp"

extern "C"
{
#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/namespace.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tsdist::ddl
{

// One data node and the tables to send it.
struct NodeTables
{
	Oid server;
	StringInfoData tables;
};

// The nodes to forward to, in the order first met (List of NodeTables *).
struct Forward
{
	List *nodes;
};

// What VACUUM itself requires of the current user (else it skips the table
// with a WARNING): owning the table, or the database for a non-shared table.
static bool
may_vacuum(Oid relid)
{
	return pg_class_ownercheck(relid, GetUserId()) ||
	       (pg_database_ownercheck(MyDatabaseId, GetUserId()) && !IsSharedRelation(relid));
}

// The entry of `server` in `fwd`, added when missing.
static NodeTables *
node_entry(Forward *fwd, Oid server)
{
	ListCell *lc;
	foreach (lc, fwd->nodes)
		if (((NodeTables *) lfirst(lc))->server == server)
			return (NodeTables *) lfirst(lc);
	NodeTables *node = (NodeTables *) palloc0(sizeof(NodeTables));
	node->server = server;
	initStringInfo(&node->tables);
	fwd->nodes = lappend(fwd->nodes, node);
	return node;
}

// The qualified table name with its column list (va_cols), quoted.
static char *
table_with_columns(const catalog::Hypertable *ht, List *columns)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoString(
	    &buf, quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name)));
	ListCell *lc;
	foreach (lc, columns)
		appendStringInfo(&buf, "%s%s", lc == list_head(columns) ? " (" : ", ",
		                 quote_identifier(strVal(lfirst(lc))));
	if (columns != NIL)
		appendStringInfoChar(&buf, ')');
	return buf.data;
}

// A maintenance command is not worth failing for a node marked unavailable,
// but it is never skipped silently.
static void
warn_unavailable(const ForeignServer *server, const catalog::Hypertable *ht)
{
	ereport(WARNING, (errmsg("data node \"%s\" is not available: \"%s\" is not processed there",
	                         server->servername, NameStr(ht->table_name)),
	                  errhint("Run the command again once the node is available.")));
}

// Adds the distributed hypertable to the command of each of its available
// data nodes.
static void
forward_hypertable(Forward *fwd, const catalog::Hypertable *ht, List *columns)
{
	char *table = table_with_columns(ht, columns);
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
	{
		auto *hdn = (catalog::HypertableDataNode *) lfirst(lc);
		ForeignServer *server = catalog::data_node_get(NameStr(hdn->node_name), false);
		if (!catalog::data_node_is_available(server->serverid))
		{
			warn_unavailable(server, ht);
			continue;
		}
		NodeTables *node = node_entry(fwd, server->serverid);
		appendStringInfo(&node->tables, "%s%s", node->tables.len > 0 ? ", " : "", table);
	}
}

// True when the options ask for VERBOSE.
static bool
is_verbose(const VacuumStmt *stmt)
{
	ListCell *lc;
	foreach (lc, stmt->options)
	{
		DefElem *opt = lfirst_node(DefElem, lc);
		if (strcmp(opt->defname, "verbose") == 0 && defGetBoolean(opt))
			return true;
	}
	return false;
}

// Raises 0A000: the data nodes' VERBOSE output cannot be shown (as 2.13).
static void
refuse_verbose(const catalog::Hypertable *ht)
{
	ereport(ERROR,
	        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	         errmsg("VERBOSE is not supported on distributed hypertable \"%s\"",
	                NameStr(ht->table_name)),
	         errdetail("VACUUM and ANALYZE of a distributed hypertable run on its data nodes, "
	                   "whose VERBOSE output cannot be shown."),
	         errhint("Run the statement without VERBOSE, or on the data nodes with "
	                 "distributed_exec().")));
}

// "(opt value, ...) " of the statement for the data nodes, VERBOSE left out.
static char *
deparse_options(const VacuumStmt *stmt)
{
	StringInfoData buf;
	initStringInfo(&buf);
	ListCell *lc;
	foreach (lc, stmt->options)
	{
		DefElem *opt = lfirst_node(DefElem, lc);
		if (strcmp(opt->defname, "verbose") == 0)
			continue;
		appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "(", quote_identifier(opt->defname));
		if (opt->arg == NULL)
			continue;
		const char *value = defGetString(opt);
		appendStringInfo(&buf, " %s", IsA(opt->arg, String) ? quote_literal_cstr(value) : value);
	}
	if (buf.len > 0)
		appendStringInfoString(&buf, ") ");
	return buf.data;
}

// The chunks of a local hypertable as VacuumRelations with `columns`.
static List *
chunk_relations(const catalog::Hypertable *ht, List *columns)
{
	List *rels = NIL;
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		auto *c = (catalog::ChunkInfo *) lfirst(lc);
		RangeVar *rv =
		    makeRangeVar(pstrdup(NameStr(c->schema_name)), pstrdup(NameStr(c->table_name)), -1);
		rels = lappend(rels, makeVacuumRelation(rv, InvalidOid, columns));
	}
	return rels;
}

// The hypertable a VacuumRelation names, or NULL. An unknown name is left to
// PostgreSQL's error.
static catalog::Hypertable *
hypertable_of(const VacuumRelation *rel)
{
	if (rel->relation == NULL)
		return NULL;
	Oid relid = RangeVarGetRelid(rel->relation, NoLock, true);
	return OidIsValid(relid) ? catalog::hypertable_get(relid) : NULL;
}

// The explicit table list: distributed hypertables to `fwd`, local
// hypertables' chunks appended. Returns the new list.
static List *
expand_relations(const VacuumStmt *stmt, Forward *fwd)
{
	bool verbose = is_verbose(stmt);
	List *rels = NIL;
	ListCell *lc;
	foreach (lc, stmt->rels)
	{
		VacuumRelation *rel = lfirst_node(VacuumRelation, lc);
		rels = lappend(rels, rel);
		catalog::Hypertable *ht = hypertable_of(rel);
		if (ht == NULL || !may_vacuum(ht->relid))
			continue;
		if (ht->replication_factor <= 0)
			rels = list_concat(rels, chunk_relations(ht, rel->va_cols));
		else if (verbose)
			refuse_verbose(ht);
		else
			forward_hypertable(fwd, ht, rel->va_cols);
	}
	return rels;
}

// No table list: every distributed hypertable the user may vacuum. Local
// chunks are ordinary tables, which PostgreSQL visits anyway.
static void
forward_all(Forward *fwd)
{
	List *ids = NIL;
	ListCell *lc;
	foreach (lc, catalog::data_node_list())
		ids = list_concat_unique_int(
		    ids, catalog::hypertables_of_data_node(((ForeignServer *) lfirst(lc))->servername));
	foreach (lc, ids)
	{
		Oid relid = catalog::hypertable_relid_by_id(lfirst_int(lc));
		catalog::Hypertable *ht = OidIsValid(relid) ? catalog::hypertable_get(relid) : NULL;
		if (ht != NULL && ht->replication_factor > 0 && may_vacuum(relid))
			forward_hypertable(fwd, ht, NIL);
	}
}

// Runs the commands on the nodes: in autocommit (VACUUM cannot run in a
// transaction block, and 2.13 did not use 2PC for either), except ANALYZE in
// a transaction block, which runs in the distributed transaction.
static void
run_forward(const VacuumStmt *stmt, const Forward *fwd, bool top_level)
{
	int n = list_length(fwd->nodes);
	if (n == 0)
		return;
	const char **commands = (const char **) palloc0(sizeof(char *) * (n + 1));
	List *servers = NIL;
	char *options = deparse_options(stmt);
	for (int i = 0; i < n; i++)
	{
		auto *node = (NodeTables *) list_nth(fwd->nodes, i);
		commands[i] = psprintf("%s %s%s", stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE", options,
		                       node->tables.data);
		servers = lappend_oid(servers, node->server);
	}
	bool transactional = !stmt->is_vacuumcmd && (!top_level || IsTransactionBlock());
	dist::distributed_exec_each(commands, servers, transactional);
}

PlannedStmt *
vacuum_prepare(PlannedStmt *pstmt, bool top_level)
{
	VacuumStmt *stmt = (VacuumStmt *) pstmt->utilityStmt;
	// Before anything reaches a node, as PostgreSQL would refuse it.
	if (stmt->is_vacuumcmd)
		PreventInTransactionBlock(top_level, "VACUUM");
	Forward fwd = {NIL};
	if (stmt->rels == NIL)
	{
		forward_all(&fwd);
		run_forward(stmt, &fwd, top_level);
		return pstmt;
	}
	List *rels = expand_relations(stmt, &fwd);
	run_forward(stmt, &fwd, top_level);
	if (list_length(rels) == list_length(stmt->rels))
		return pstmt;
	PlannedStmt *copy = (PlannedStmt *) copyObjectImpl(pstmt);
	((VacuumStmt *) copy->utilityStmt)->rels = rels;
	return copy;
}

} // namespace tsdist::ddl
