// DDL on distributed hypertables: dispatch, CREATE / DROP INDEX, RENAME,
// SET SCHEMA, TRUNCATE, and running the forwarded commands.
#include "pg/pg.hpp"
#include "ddl/dist_ddl_internal.hpp"
#include "catalog/catalog.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/member_deparse.hpp"
#include "dist/node_commands.hpp"
#include "dist/row_security.hpp"

extern "C"
{
#include "access/table.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tsdist::ddl
{

catalog::Hypertable *
distributed_hypertable(Oid relid)
{
	if (!OidIsValid(relid))
		return NULL;
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	return ht != NULL && ht->replication_factor > 0 ? ht : NULL;
}

// Refuses DDL while data node `name` is marked unavailable: its member would
// miss the change.
static void
check_available(const char *name)
{
	ForeignServer *server = catalog::data_node_get(name, false);
	if (catalog::data_node_options(server).available)
		return;
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	                errmsg("some data nodes are not available for DDL commands"),
	                errdetail("Data node \"%s\" is not available.", name),
	                errhint("Make the data node available again with alter_data_node('%s', "
	                        "available => true).",
	                        name)));
}

List *
hypertable_node_names(const catalog::Hypertable *ht)
{
	List *names = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
	{
		char *name = pstrdup(NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name));
		check_available(name);
		names = lappend(names, name);
	}
	return names;
}

char *
qualified_relation_name(Oid relid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
	                                  get_rel_name(relid));
}

void
add_forward(DistDdl **ddl, List *nodes, char *sql)
{
	if (*ddl == NULL)
		*ddl = (DistDdl *) palloc0(sizeof(DistDdl));
	Forward *f = (Forward *) palloc(sizeof(Forward));
	f->nodes = nodes;
	f->sql = sql;
	(*ddl)->forwards = lappend((*ddl)->forwards, f);
}

void
refuse(const char *detail)
{
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("operation not supported on distributed hypertable"),
	                errdetail_internal("%s", detail)));
}

// The distributed hypertable a RangeVar names (NULL when it is not one).
static catalog::Hypertable *
distributed_hypertable_rv(RangeVar *rv)
{
	return rv != NULL ? distributed_hypertable(RangeVarGetRelid(rv, NoLock, true)) : NULL;
}

// The indexes of `relid`.
static List *
index_list(Oid relid)
{
	Relation rel = table_open(relid, AccessShareLock);
	List *indexes = list_copy(RelationGetIndexList(rel));
	table_close(rel, AccessShareLock);
	return indexes;
}

// CREATE INDEX: remembers the indexes that exist before.
static DistDdl *
index_before(IndexStmt *stmt)
{
	catalog::Hypertable *ht = distributed_hypertable_rv(stmt->relation);
	if (ht == NULL)
		return NULL;
	DistDdl *ddl = (DistDdl *) palloc0(sizeof(DistDdl));
	ddl->stmt = (Node *) stmt;
	ddl->relid = ht->relid;
	ddl->nodes = hypertable_node_names(ht);
	ddl->before = index_list(ht->relid);
	return ddl;
}

// CREATE INDEX after it ran: the new index, as pg_get_indexdef shows it.
static void
index_after(DistDdl *ddl)
{
	CommandCounterIncrement();
	List *created = list_difference_oid(index_list(ddl->relid), ddl->before);
	StringInfoData sql;
	initStringInfo(&sql);
	int level = dist::deparse_qualified_begin();
	ListCell *lc;
	foreach (lc, created)
		appendStringInfo(&sql, "%s; ",
		                 TextDatumGetCString(DirectFunctionCall1(
		                     pg_get_indexdef, ObjectIdGetDatum(lfirst_oid(lc)))));
	dist::deparse_qualified_end(level);
	if (created != NIL)
		add_forward(&ddl, ddl->nodes, sql.data);
}

// DROP INDEX: one DROP per index of a distributed hypertable.
static DistDdl *
drop_index_before(DropStmt *stmt)
{
	DistDdl *ddl = NULL;
	ListCell *lc;
	foreach (lc, stmt->objects)
	{
		RangeVar *rv = makeRangeVarFromNameList((List *) lfirst(lc));
		Oid index = RangeVarGetRelid(rv, NoLock, true);
		catalog::Hypertable *ht =
		    OidIsValid(index) ? distributed_hypertable(IndexGetRelation(index, true)) : NULL;
		if (ht == NULL)
			continue;
		if (stmt->concurrent)
			ereport(
			    ERROR,
			    (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			     errmsg("DROP INDEX CONCURRENTLY is not supported on distributed hypertables")));
		add_forward(&ddl, hypertable_node_names(ht),
		            psprintf("DROP INDEX IF EXISTS %s%s", qualified_relation_name(index),
		                     stmt->behavior == DROP_CASCADE ? " CASCADE" : ""));
	}
	return ddl;
}

// ALTER TABLE / ALTER INDEX ... RENAME on a distributed hypertable.
static DistDdl *
rename_before(RenameStmt *stmt)
{
	if (stmt->relation == NULL)
		return NULL;
	Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
	// ALTER TABLE also renames an index.
	bool index = (stmt->renameType == OBJECT_INDEX || stmt->renameType == OBJECT_TABLE) &&
	             get_rel_relkind(relid) == RELKIND_INDEX;
	catalog::Hypertable *ht =
	    distributed_hypertable(index && OidIsValid(relid) ? IndexGetRelation(relid, true) : relid);
	if (ht == NULL)
		return NULL;
	const char *name = qualified_relation_name(relid);
	const char *to = quote_identifier(stmt->newname);
	char *sql;
	if (index)
		sql = psprintf("ALTER INDEX %s RENAME TO %s", name, to);
	else if (stmt->renameType == OBJECT_TABLE)
		sql = psprintf("ALTER TABLE %s RENAME TO %s", name, to);
	else if (stmt->renameType == OBJECT_COLUMN)
		sql = psprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", name,
		               quote_identifier(stmt->subname), to);
	else if (stmt->renameType == OBJECT_TABCONSTRAINT)
		sql = psprintf("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", name,
		               quote_identifier(stmt->subname), to);
	else
		return NULL; // triggers, policies, rules: the access node's own
	DistDdl *ddl = NULL;
	add_forward(&ddl, hypertable_node_names(ht), sql);
	return ddl;
}

// ALTER TABLE ... SET SCHEMA: the schema is created on the nodes if needed.
static DistDdl *
set_schema_before(AlterObjectSchemaStmt *stmt)
{
	if (stmt->objectType != OBJECT_TABLE)
		return NULL;
	catalog::Hypertable *ht = distributed_hypertable_rv(stmt->relation);
	if (ht == NULL)
		return NULL;
	const char *schema = quote_identifier(stmt->newschema);
	DistDdl *ddl = NULL;
	add_forward(&ddl, hypertable_node_names(ht),
	            psprintf("CREATE SCHEMA IF NOT EXISTS %s; ALTER TABLE %s SET SCHEMA %s", schema,
	                     qualified_relation_name(ht->relid), schema));
	return ddl;
}

// TRUNCATE: every distributed hypertable of the statement on its nodes.
static DistDdl *
truncate_before(TruncateStmt *stmt)
{
	DistDdl *ddl = NULL;
	ListCell *lc;
	foreach (lc, stmt->relations)
	{
		RangeVar *rv = (RangeVar *) lfirst(lc);
		catalog::Hypertable *ht = distributed_hypertable_rv(rv);
		if (ht != NULL)
			add_forward(&ddl, hypertable_node_names(ht),
			            psprintf("TRUNCATE %s%s%s%s", rv->inh ? "" : "ONLY ",
			                     qualified_relation_name(ht->relid),
			                     stmt->restart_seqs ? " RESTART IDENTITY" : "",
			                     stmt->behavior == DROP_CASCADE ? " CASCADE" : ""));
	}
	return ddl;
}

// Row triggers would never fire: rows go to the data nodes, not to the
// access node's table. Statement triggers fire on the access node.
static DistDdl *
trigger_before(CreateTrigStmt *stmt)
{
	if (stmt->transitionRels != NIL && distributed_hypertable_rv(stmt->relation) != NULL)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("transition tables are not supported on distributed hypertables"),
		                errdetail("The changed rows stay on the data nodes."),
		                errhint("Create the trigger without a REFERENCING clause.")));
	if (!stmt->row || strcmp(stmt->trigname, catalog::kInsertBlockerTrigger) == 0 ||
	    distributed_hypertable_rv(stmt->relation) == NULL)
		return NULL;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("row triggers are not supported on distributed hypertables"),
	                errdetail("Rows are stored on the data nodes, where a trigger of the access "
	                          "node's table never fires."),
	                errhint("Create the trigger on the data nodes with distributed_exec, or use a "
	                        "statement trigger.")));
	return NULL;
}

// CREATE POLICY would be ignored by the data nodes (dist/row_security).
static DistDdl *
policy_before(CreatePolicyStmt *stmt)
{
	catalog::Hypertable *ht = distributed_hypertable_rv(stmt->table);
	if (ht != NULL)
		dist::refuse_row_security_command(ht->relid, "CREATE POLICY");
	return NULL;
}

// REINDEX TABLE / CLUSTER would only touch the access node's empty table.
static DistDdl *
maintenance_before(RangeVar *relation, const char *command)
{
	if (distributed_hypertable_rv(relation) == NULL)
		return NULL;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("%s is not supported on distributed hypertables", command),
	                errdetail("The rows and indexes are on the data nodes."),
	                errhint("Run it on the data nodes with distributed_exec.")));
	return NULL;
}

DistDdl *
dist_ddl_before(Node *stmt)
{
	switch (nodeTag(stmt))
	{
		case T_IndexStmt:
			return index_before((IndexStmt *) stmt);
		case T_DropStmt:
			return ((DropStmt *) stmt)->removeType == OBJECT_INDEX
			           ? drop_index_before((DropStmt *) stmt)
			           : NULL;
		case T_AlterTableStmt:
			return alter_table_before((AlterTableStmt *) stmt);
		case T_RenameStmt:
			return rename_before((RenameStmt *) stmt);
		case T_AlterObjectSchemaStmt:
			return set_schema_before((AlterObjectSchemaStmt *) stmt);
		case T_TruncateStmt:
			return truncate_before((TruncateStmt *) stmt);
		case T_GrantStmt:
			return grant_before((GrantStmt *) stmt);
		case T_CreateTrigStmt:
			return trigger_before((CreateTrigStmt *) stmt);
		case T_CreatePolicyStmt:
			return policy_before((CreatePolicyStmt *) stmt);
		case T_ReindexStmt:
			return ((ReindexStmt *) stmt)->kind == REINDEX_OBJECT_TABLE
			           ? maintenance_before(((ReindexStmt *) stmt)->relation, "REINDEX")
			           : NULL;
		case T_ClusterStmt:
			return maintenance_before(((ClusterStmt *) stmt)->relation, "CLUSTER");
		default:
			return NULL;
	}
}

void
dist_ddl_after(DistDdl *ddl)
{
	if (ddl->stmt != NULL && IsA(ddl->stmt, IndexStmt))
		index_after(ddl);
	else if (ddl->stmt != NULL && IsA(ddl->stmt, AlterTableStmt))
		alter_table_after(ddl);
	ListCell *lc;
	foreach (lc, ddl->forwards)
	{
		Forward *f = (Forward *) lfirst(lc);
		if (f->nodes != NIL)
			dist::node_commands_run(f->nodes, f->sql);
	}
}

} // namespace tsdist::ddl
