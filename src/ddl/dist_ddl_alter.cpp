// ALTER TABLE on a distributed hypertable: which subcommands reach the
// members, and the one ALTER TABLE the members get.
#include "pg/pg.hpp"
#include "ddl/dist_ddl_internal.hpp"
#include "catalog/catalog.hpp"
#include "dist/member_deparse.hpp"
#include "dist/row_security.hpp"

extern "C"
{
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tsdist::ddl
{

// One constraint of the table as pg_get_constraintdef shows it.
struct ConstraintDef
{
	char *name;
	char *def;
	char type;
};

// Raises the error for a foreign key on a distributed hypertable.
static void
refuse_foreign_key()
{
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("foreign keys are not supported on distributed hypertables"),
	                errdetail("The referenced table would have to exist on every data node."),
	                errhint("Enforce the relationship with a trigger or in the application.")));
}

// True when the column definition of ADD COLUMN has a REFERENCES clause.
static bool
column_has_foreign_key(ColumnDef *def)
{
	ListCell *lc;
	foreach (lc, def->constraints)
		if (((Constraint *) lfirst(lc))->contype == CONSTR_FOREIGN)
			return true;
	return false;
}

// Refuses a subcommand the members cannot get.
static void
check_subcommand(Oid relid, AlterTableCmd *cmd)
{
	switch (cmd->subtype)
	{
		case AT_EnableRowSecurity:
			dist::refuse_row_security_command(relid, "ENABLE ROW LEVEL SECURITY");
		case AT_ForceRowSecurity:
			dist::refuse_row_security_command(relid, "FORCE ROW LEVEL SECURITY");
		case AT_DisableRowSecurity:
		case AT_NoForceRowSecurity:
			break; // the access node's own: nothing to forward
		case AT_AddColumn:
			if (column_has_foreign_key((ColumnDef *) cmd->def))
				refuse_foreign_key();
			break;
		case AT_AlterColumnType:
			if (((ColumnDef *) cmd->def)->raw_default != NULL)
				refuse("ALTER COLUMN ... TYPE ... USING cannot be forwarded to the data nodes.");
			break;
		case AT_AddConstraint:
			if (((Constraint *) cmd->def)->contype == CONSTR_FOREIGN)
				refuse_foreign_key();
			if (((Constraint *) cmd->def)->indexname != NULL)
				refuse("ADD CONSTRAINT ... USING INDEX cannot be forwarded to the data nodes.");
			break;
		case AT_SetRelOptions:
		case AT_ResetRelOptions:
		case AT_DropColumn:
		case AT_ColumnDefault:
		case AT_SetNotNull:
		case AT_DropNotNull:
		case AT_DropConstraint:
		case AT_ValidateConstraint:
		case AT_ChangeOwner:
			break;
		default:
			refuse("Only ADD / DROP / ALTER COLUMN (TYPE, SET / DROP DEFAULT, SET / DROP NOT "
			       "NULL), ADD / DROP / VALIDATE CONSTRAINT, SET / RESET (storage parameters) and "
			       "OWNER TO are forwarded to the data nodes.");
	}
}

// The CHECK / PRIMARY KEY / UNIQUE / EXCLUDE / FOREIGN KEY constraints of
// `relid` (names deparsed qualified).
static List *
constraint_defs(Oid relid)
{
	Oid types[1] = {OIDOID};
	Datum values[1] = {ObjectIdGetDatum(relid)};
	MemoryContext caller = CurrentMemoryContext;
	int level = dist::deparse_qualified_begin();
	SPI_connect();
	if (SPI_execute_with_args("SELECT conname, pg_catalog.pg_get_constraintdef(oid),"
	                          " contype::text FROM pg_catalog.pg_constraint"
	                          " WHERE conrelid = $1 AND contype IN ('c', 'p', 'u', 'x', 'f')",
	                          1, types, values, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the constraints of \"%s\"", get_rel_name(relid));
	List *defs = NIL;
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple tuple = SPI_tuptable->vals[row];
		TupleDesc desc = SPI_tuptable->tupdesc;
		MemoryContext spi = MemoryContextSwitchTo(caller);
		ConstraintDef *c = (ConstraintDef *) palloc(sizeof(ConstraintDef));
		c->name = pstrdup(SPI_getvalue(tuple, desc, 1));
		c->def = pstrdup(SPI_getvalue(tuple, desc, 2));
		c->type = SPI_getvalue(tuple, desc, 3)[0];
		defs = lappend(defs, c);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	dist::deparse_qualified_end(level);
	return defs;
}

// True when `defs` holds a constraint with the name and definition of `c`.
static bool
has_constraint(List *defs, const ConstraintDef *c)
{
	ListCell *lc;
	foreach (lc, defs)
	{
		const ConstraintDef *d = (const ConstraintDef *) lfirst(lc);
		if (strcmp(d->name, c->name) == 0 && strcmp(d->def, c->def) == 0)
			return true;
	}
	return false;
}

static DistDdl *alter_index_before(AlterTableStmt *stmt);

DistDdl *
alter_table_before(AlterTableStmt *stmt)
{
	if (stmt->objtype == OBJECT_INDEX)
		return alter_index_before(stmt);
	if (stmt->objtype != OBJECT_TABLE)
		return NULL;
	Oid relid = RangeVarGetRelid(stmt->relation, NoLock, true);
	catalog::Hypertable *ht = distributed_hypertable(relid);
	if (ht == NULL)
		return NULL;
	ListCell *lc;
	foreach (lc, stmt->cmds)
		check_subcommand(relid, (AlterTableCmd *) lfirst(lc));
	DistDdl *ddl = (DistDdl *) palloc0(sizeof(DistDdl));
	ddl->stmt = (Node *) stmt;
	ddl->relid = relid;
	ddl->nodes = hypertable_node_names(ht);
	ddl->before = constraint_defs(relid);
	return ddl;
}

// Appends ", " unless `buf` is empty.
static void
separate(StringInfo buf)
{
	if (buf->len > 0)
		appendStringInfoString(buf, ", ");
}

// The deparsed ALTER COLUMN ... SET / DROP DEFAULT as the column now is.
static char *
default_sql(Oid relid, const char *column)
{
	AttrNumber attnum = get_attnum(relid, column);
	if (attnum == InvalidAttrNumber)
		return NULL;
	char *def = dist::member_default_sql(relid, attnum);
	return def != NULL ? psprintf("ALTER COLUMN %s SET DEFAULT %s", quote_identifier(column), def)
	                   : psprintf("ALTER COLUMN %s DROP DEFAULT", quote_identifier(column));
}

// SET (name = 'value', ...) / RESET (name, ...) of storage parameters.
static char *
reloptions_sql(List *options, bool set)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoString(&buf, set ? "SET (" : "RESET (");
	ListCell *lc;
	foreach (lc, options)
	{
		DefElem *def = (DefElem *) lfirst(lc);
		if (lc != list_head(options))
			appendStringInfoString(&buf, ", ");
		if (def->defnamespace != NULL)
			appendStringInfo(&buf, "%s.", quote_identifier(def->defnamespace));
		appendStringInfoString(&buf, quote_identifier(def->defname));
		if (set && def->arg != NULL)
			appendStringInfo(&buf, " = %s", quote_literal_cstr(defGetString(def)));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

// The member's version of one subcommand (NULL: nothing to forward).
static char *
subcommand_sql(Oid relid, AlterTableCmd *cmd)
{
	const char *col = cmd->name != NULL ? quote_identifier(cmd->name) : NULL;
	AttrNumber attnum = cmd->subtype == AT_AddColumn
	                        ? get_attnum(relid, ((ColumnDef *) cmd->def)->colname)
	                        : (col != NULL ? get_attnum(relid, cmd->name) : InvalidAttrNumber);
	if ((cmd->subtype == AT_AddColumn || cmd->subtype == AT_AlterColumnType) &&
	    attnum == InvalidAttrNumber)
		return NULL; // dropped again later in the statement
	switch (cmd->subtype)
	{
		case AT_AddColumn:
			return psprintf("ADD COLUMN %s%s", cmd->missing_ok ? "IF NOT EXISTS " : "",
			                dist::member_column_sql(relid, attnum));
		case AT_DropColumn:
			return psprintf("DROP COLUMN %s%s%s", cmd->missing_ok ? "IF EXISTS " : "", col,
			                cmd->behavior == DROP_CASCADE ? " CASCADE" : "");
		case AT_AlterColumnType:
			return psprintf("ALTER COLUMN %s TYPE %s", col,
			                dist::member_column_type_sql(relid, attnum));
		case AT_ColumnDefault:
			return default_sql(relid, cmd->name);
		case AT_SetNotNull:
			return psprintf("ALTER COLUMN %s SET NOT NULL", col);
		case AT_DropNotNull:
			return psprintf("ALTER COLUMN %s DROP NOT NULL", col);
		case AT_ValidateConstraint:
			return psprintf("VALIDATE CONSTRAINT %s", col);
		case AT_SetRelOptions:
		case AT_ResetRelOptions:
			return reloptions_sql((List *) cmd->def, cmd->subtype == AT_SetRelOptions);
		case AT_ChangeOwner:
			return psprintf("OWNER TO %s", quote_identifier(get_rolespec_name(cmd->newowner)));
		default:
			return NULL; // constraints: compared below
	}
}

// Appends a subcommand for each constraint of `from` that `to` lacks: DROP
// for the old ones (from = before), ADD for the new ones (from = after).
static void
append_constraint_changes(StringInfo buf, List *from, List *to, bool add)
{
	ListCell *lc;
	foreach (lc, from)
	{
		const ConstraintDef *c = (const ConstraintDef *) lfirst(lc);
		if (has_constraint(to, c))
			continue;
		if (add && c->type == 'f')
			refuse_foreign_key();
		separate(buf);
		if (add)
			appendStringInfo(buf, "ADD CONSTRAINT %s %s", quote_identifier(c->name), c->def);
		else
			appendStringInfo(buf, "DROP CONSTRAINT IF EXISTS %s", quote_identifier(c->name));
	}
}

void
alter_table_after(DistDdl *ddl)
{
	CommandCounterIncrement();
	List *after = constraint_defs(ddl->relid);
	StringInfoData cmds;
	initStringInfo(&cmds);
	append_constraint_changes(&cmds, ddl->before, after, false);
	int level = dist::deparse_qualified_begin();
	ListCell *lc;
	foreach (lc, ((AlterTableStmt *) ddl->stmt)->cmds)
	{
		char *sql = subcommand_sql(ddl->relid, (AlterTableCmd *) lfirst(lc));
		if (sql != NULL)
		{
			separate(&cmds);
			appendStringInfoString(&cmds, sql);
		}
	}
	dist::deparse_qualified_end(level);
	append_constraint_changes(&cmds, after, ddl->before, true);
	if (cmds.len > 0)
		add_forward(&ddl, ddl->nodes,
		            psprintf("ALTER TABLE %s %s", qualified_relation_name(ddl->relid), cmds.data));
}

// ALTER INDEX on an index of a distributed hypertable: SET / RESET of
// storage parameters is forwarded, anything else refused.
static DistDdl *
alter_index_before(AlterTableStmt *stmt)
{
	Oid index = RangeVarGetRelid(stmt->relation, NoLock, true);
	catalog::Hypertable *ht =
	    OidIsValid(index) ? distributed_hypertable(IndexGetRelation(index, true)) : NULL;
	if (ht == NULL)
		return NULL;
	StringInfoData cmds;
	initStringInfo(&cmds);
	ListCell *lc;
	foreach (lc, stmt->cmds)
	{
		AlterTableCmd *cmd = (AlterTableCmd *) lfirst(lc);
		if (cmd->subtype != AT_SetRelOptions && cmd->subtype != AT_ResetRelOptions)
			refuse("Only SET / RESET (storage parameters) of an index are forwarded to the data "
			       "nodes.");
		separate(&cmds);
		appendStringInfoString(&cmds,
		                       reloptions_sql((List *) cmd->def, cmd->subtype == AT_SetRelOptions));
	}
	DistDdl *ddl = NULL;
	add_forward(&ddl, hypertable_node_names(ht),
	            psprintf("ALTER INDEX %s %s", qualified_relation_name(index), cmds.data));
	return ddl;
}

} // namespace tsdist::ddl
