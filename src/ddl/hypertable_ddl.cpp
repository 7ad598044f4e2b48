// DDL on hypertables: DROP, DROP EXTENSION, CREATE INDEX, RENAME.
#include "pg/pg.hpp"
#include "ddl/hypertable_ddl.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_store.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/hypertable_create.hpp"
#include "hypertable/update_guard.hpp"

extern "C"
{
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "nodes/makefuncs.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"
}

namespace tsdist::ddl
{

// Drops every chunk table of `ht`, as the catalog owner.
static void
drop_chunks_of(const catalog::Hypertable *ht)
{
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		if (!OidIsValid(hypertable::chunk_relid(c)))
			continue;
		SPI_connect();
		catalog::catalog_exec(
		    psprintf("DROP TABLE IF EXISTS %s",
		             quote_qualified_identifier(NameStr(c->schema_name), NameStr(c->table_name))),
		    0, NULL, NULL, NULL);
		SPI_finish();
	}
}

void
before_drop_tables(DropStmt *stmt)
{
	ListCell *lc;
	foreach (lc, stmt->objects)
	{
		RangeVar *rv = makeRangeVarFromNameList((List *) lfirst(lc));
		Oid relid = RangeVarGetRelid(rv, NoLock, true);
		catalog::Hypertable *ht = catalog::hypertable_get(relid);
		// Without ownership PostgreSQL's own DROP reports the error. (A
		// distributed hypertable's chunk tables here are placeholders.)
		if (ht == NULL || !pg_class_ownercheck(relid, GetUserId()))
			continue;
		drop_chunks_of(ht);
	}
}

// True when `stmt` drops our extension.
static bool
drops_our_extension(DropStmt *stmt)
{
	ListCell *lc;
	foreach (lc, stmt->objects)
		if (strcmp(strVal(lfirst(lc)), catalog::kExtensionName) == 0)
			return true;
	return false;
}

// Number of chunks in the catalog.
static int64
count_chunks()
{
	SPI_connect();
	catalog::catalog_exec("SELECT count(*) FROM _timescaledb_dist_catalog.chunk", 0, NULL, NULL,
	                      NULL);
	int64 n = catalog::spi_int64(0, 1);
	SPI_finish();
	return n;
}

// Removes chunks and insert blockers of every hypertable.
static void
drop_all_hypertable_objects()
{
	SPI_connect();
	uint64 n = catalog::catalog_exec(
	    "SELECT format('%I.%I', schema_name, table_name) FROM _timescaledb_dist_catalog.hypertable",
	    0, NULL, NULL, NULL);
	List *tables = NIL;
	for (uint64 i = 0; i < n; i++)
		tables = lappend(tables, catalog::spi_text(i, 1));
	ListCell *lc;
	foreach (lc, tables)
	{
		Oid relid = RangeVarGetRelid(
		    makeRangeVarFromNameList(stringToQualifiedNameList((char *) lfirst(lc))), NoLock, true);
		catalog::Hypertable *ht = catalog::hypertable_get(relid);
		if (ht != NULL)
			drop_chunks_of(ht);
		catalog::catalog_exec(psprintf("DROP TRIGGER IF EXISTS %s ON %s",
		                               catalog::kInsertBlockerTrigger, (char *) lfirst(lc)),
		                      0, NULL, NULL, NULL);
	}
	SPI_finish();
}

void
before_drop_extension(DropStmt *stmt)
{
	if (!drops_our_extension(stmt) || !catalog::extension_is_active())
		return;
	int64 chunks = count_chunks();
	if (chunks > 0 && stmt->behavior != DROP_CASCADE)
		ereport(ERROR,
		        (errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
		         errmsg("cannot drop extension %s because hypertables have chunks",
		                catalog::kExtensionName),
		         errdetail("%lld chunk tables hold the rows of hypertables.", (long long) chunks),
		         errhint("Drop the hypertables first, or use DROP ... CASCADE to drop their chunks "
		                 "(and the rows in them) too.")));
	drop_all_hypertable_objects();
}

// The key column numbers of the index `stmt` describes, on relation `relid`.
static int
index_key_attnos(IndexStmt *stmt, Oid relid, int16 *attnos)
{
	int n = 0;
	ListCell *lc;
	foreach (lc, stmt->indexParams)
	{
		IndexElem *elem = (IndexElem *) lfirst(lc);
		attnos[n++] = elem->name ? get_attnum(relid, elem->name) : InvalidAttrNumber;
	}
	return n;
}

Oid
before_create_index(IndexStmt *stmt)
{
	Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
	if (!catalog::is_hypertable(relid))
		return InvalidOid;
	if (stmt->concurrent)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("CREATE INDEX CONCURRENTLY is not supported on hypertables")));
	if (stmt->unique || stmt->primary || stmt->excludeOpNames != NIL)
	{
		int16 attnos[INDEX_MAX_KEYS];
		int n = index_key_attnos(stmt, relid, attnos);
		hypertable::check_unique_index_columns(relid, attnos, n);
	}
	return relid;
}

// Checks one added constraint's key columns (unique kinds only).
static void
check_added_constraint(Oid relid, Constraint *con)
{
	if (con->contype != CONSTR_PRIMARY && con->contype != CONSTR_UNIQUE &&
	    con->contype != CONSTR_EXCLUSION)
		return;
	int16 attnos[INDEX_MAX_KEYS];
	int n = 0;
	ListCell *lc;
	if (con->contype == CONSTR_EXCLUSION)
		foreach (lc, con->exclusions)
		{
			IndexElem *elem = (IndexElem *) linitial((List *) lfirst(lc));
			if (n < INDEX_MAX_KEYS)
				attnos[n++] = elem->name ? get_attnum(relid, elem->name) : InvalidAttrNumber;
		}
	else
		foreach (lc, con->keys)
			if (n < INDEX_MAX_KEYS)
				attnos[n++] = get_attnum(relid, strVal(lfirst(lc)));
	hypertable::check_unique_index_columns(relid, attnos, n);
}

// ADD COLUMN ... UNIQUE / PRIMARY KEY: a new column alone never holds the
// partitioning columns, so the index is refused as for CREATE UNIQUE INDEX.
static void
check_column_constraints(Oid relid, ColumnDef *def)
{
	ListCell *lc;
	foreach (lc, def->constraints)
	{
		ConstrType type = ((Constraint *) lfirst(lc))->contype;
		int16 attnos[1] = {InvalidAttrNumber};
		if (type == CONSTR_PRIMARY || type == CONSTR_UNIQUE)
			hypertable::check_unique_index_columns(relid, attnos, 1);
	}
}

// The dimension of `ht` on column `name` (NULL when it partitions by none).
static const catalog::Dimension *
dimension_of(const catalog::Hypertable *ht, const char *name)
{
	for (int i = 0; name != NULL && i < ht->num_dimensions; i++)
		if (strcmp(NameStr(ht->dimensions[i].column_name), name) == 0)
			return &ht->dimensions[i];
	return NULL;
}

// Refuses DROP COLUMN, ALTER COLUMN TYPE and DROP NOT NULL on a partitioning
// column: chunks and the catalog are built on it.
static void
check_dimension_change(const catalog::Hypertable *ht, AlterTableCmd *cmd)
{
	const catalog::Dimension *dim = dimension_of(ht, cmd->name);
	if (dim == NULL)
		return;
	if (cmd->subtype == AT_DropColumn)
		ereport(ERROR,
		        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		         errmsg("cannot drop column named in partition key"),
		         errdetail("Cannot drop column that is a hypertable partitioning (space or time) "
		                   "dimension.")));
	if (cmd->subtype == AT_AlterColumnType)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("cannot change the type of partitioning column \"%s\"", cmd->name),
		                errdetail("The chunks of hypertable \"%s\" are partitioned by its values.",
		                          NameStr(ht->table_name))));
	if (cmd->subtype == AT_DropNotNull && !dim->is_space)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("cannot drop not-null constraint from a time-partitioned column")));
}

Oid
before_alter_table(AlterTableStmt *stmt)
{
	Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
	if (stmt->objtype != OBJECT_TABLE || !catalog::is_hypertable(relid))
		return InvalidOid;
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	ListCell *lc;
	foreach (lc, stmt->cmds)
	{
		AlterTableCmd *cmd = (AlterTableCmd *) lfirst(lc);
		if (cmd->subtype == AT_AddConstraint && IsA(cmd->def, Constraint))
			check_added_constraint(relid, (Constraint *) cmd->def);
		if (cmd->subtype == AT_AddColumn)
			check_column_constraints(relid, (ColumnDef *) cmd->def);
		check_dimension_change(ht, cmd);
	}
	return relid;
}

// OWNER TO on a hypertable: its chunks get the same owner (as the catalog
// owner; the statement's own checks already passed on the hypertable).
static void
chunks_change_owner(const catalog::Hypertable *ht, RoleSpec *owner)
{
	const char *role = quote_identifier(get_rolespec_name(owner));
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		catalog::catalog_run(psprintf(
		    "ALTER TABLE %s OWNER TO %s",
		    quote_qualified_identifier(NameStr(c->schema_name), NameStr(c->table_name)), role));
	}
}

void
after_alter_table(Oid relid, AlterTableStmt *stmt)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return; // e.g. renamed: RENAME is a statement of its own
	CommandCounterIncrement();
	hypertable::chunk_sync_indexes(ht);
	ListCell *lc;
	foreach (lc, stmt->cmds)
		if (((AlterTableCmd *) lfirst(lc))->subtype == AT_ChangeOwner)
			chunks_change_owner(ht, ((AlterTableCmd *) lfirst(lc))->newowner);
}

void
after_create_index(Oid relid)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return;
	CommandCounterIncrement();
	hypertable::chunk_sync_indexes(ht);
}

void
after_create_trigger(CreateTrigStmt *stmt)
{
	if (!stmt->row || stmt->transitionRels != NIL ||
	    strcmp(stmt->trigname, catalog::kInsertBlockerTrigger) == 0)
		return;
	Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return;
	CommandCounterIncrement();
	Oid trigger = get_trigger_oid(relid, stmt->trigname, false);
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		Oid chunk = hypertable::chunk_relid((catalog::ChunkInfo *) lfirst(lc));
		if (OidIsValid(chunk))
			hypertable::chunk_clone_trigger(relid, trigger, stmt->trigname, chunk);
	}
}

Oid
chunk_of(RangeVar *rv)
{
	Oid relid = RangeVarGetRelid(rv, NoLock, true);
	return OidIsValid(relid) && OidIsValid(hypertable::chunk_hypertable(relid)) ? relid
	                                                                            : InvalidOid;
}

RenameTarget
rename_target(Node *node)
{
	RangeVar *rv = IsA(node, RenameStmt) ? ((RenameStmt *) node)->relation
	                                     : ((AlterObjectSchemaStmt *) node)->relation;
	RenameTarget t = {InvalidOid, 0};
	if (rv == NULL)
		return t;
	Oid relid = RangeVarGetRelid(rv, NoLock, true);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht != NULL)
		t = {relid, ht->id};
	return t;
}

void
after_rename(Node *node, RenameTarget t)
{
	if (!OidIsValid(t.relid))
		return;
	if (IsA(node, RenameStmt) && ((RenameStmt *) node)->renameType == OBJECT_COLUMN)
	{
		RenameStmt *stmt = (RenameStmt *) node;
		catalog::dimension_rename_column(t.hypertable_id, stmt->subname, stmt->newname);
	}
	else
		catalog::hypertable_rename(t.hypertable_id, get_namespace_name(get_rel_namespace(t.relid)),
		                           get_rel_name(t.relid));
	catalog::hypertable_cache_invalidate(t.relid);
}

} // namespace tsdist::ddl
