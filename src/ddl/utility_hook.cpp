// The ProcessUtility hook: hypertable statements go to hypertable_ddl /
// copy_from (DDL on distributed hypertables also to dist_ddl), everything
// else straight to PostgreSQL.
#include "pg/pg.hpp"
#include "ddl/utility_hook.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "ddl/copy_from.hpp"
#include "ddl/dist_ddl.hpp"
#include "ddl/hypertable_ddl.hpp"
#include "ddl/vacuum.hpp"

extern "C"
{
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "utils/lsyscache.h"
#include "tcop/cmdtag.h"
#include "tcop/utility.h"
}

namespace tsdist::ddl
{

static ProcessUtility_hook_type prev_hook = NULL;

// Runs the statement with the previous hook or PostgreSQL's own code.
static void
run_standard(PlannedStmt *pstmt, const char *query, bool read_only, ProcessUtilityContext context,
             ParamListInfo params, QueryEnvironment *env, DestReceiver *dest, QueryCompletion *qc)
{
	if (prev_hook != NULL)
		prev_hook(pstmt, query, read_only, context, params, env, dest, qc);
	else
		standard_ProcessUtility(pstmt, query, read_only, context, params, env, dest, qc);
}

// COPY hypertable TO copies the root table, which holds no row. That is what
// pg_dump needs (it copies the chunks themselves, and a restore would load
// rows given here twice), so the rows are not given, but never silently:
// TimescaleDB 2.13's NOTICE (without its hint's "COPY ONLY", which is no
// COPY syntax).
static void
note_copy_to()
{
	ereport(NOTICE, (errmsg("hypertable data are in the chunks, no data will be copied"),
	                 errdetail("Data for hypertables are stored in the chunks of a hypertable so "
	                           "COPY TO of a hypertable will not copy any data."),
	                 errhint("Use \"COPY (SELECT * FROM <hypertable>) TO ...\" to copy all data in "
	                         "hypertable.")));
}

// COPY FROM into a hypertable (COPY TO: the NOTICE, then PostgreSQL's own
// COPY); false when the statement is something else.
static bool
try_copy(CopyStmt *stmt, const char *query, QueryCompletion *qc)
{
	if (stmt->relation == NULL)
		return false;
	Oid relid = RangeVarGetRelidExtended(stmt->relation, NoLock, RVR_MISSING_OK, NULL, NULL);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return false;
	if (!stmt->is_from)
	{
		note_copy_to();
		return false;
	}
	uint64 processed = copy_into_hypertable(stmt, query, ht);
	if (qc != NULL)
		SetQueryCompletion(qc, CMDTAG_COPY, processed);
	return true;
}

// CREATE INDEX / CREATE TRIGGER on a chunk, as pg_restore runs them after
// the hypertable's, which already created them on the chunks: the index runs
// as CREATE INDEX IF NOT EXISTS, an existing trigger of that name is kept.
// False when the statement is not about a chunk.
static bool
try_chunk_statement(PlannedStmt *pstmt, const char *query, bool, ProcessUtilityContext context,
                    ParamListInfo params, QueryEnvironment *env, DestReceiver *dest,
                    QueryCompletion *qc)
{
	Node *node = pstmt->utilityStmt;
	bool index = IsA(node, IndexStmt);
	RangeVar *rv = index ? ((IndexStmt *) node)->relation : ((CreateTrigStmt *) node)->relation;
	if ((index && ((IndexStmt *) node)->idxname == NULL) ||
	    (!index && ((CreateTrigStmt *) node)->isconstraint))
		return false;
	Oid chunk = chunk_of(rv);
	if (!OidIsValid(chunk))
		return false;
	if (!index)
	{
		if (!OidIsValid(get_trigger_oid(chunk, ((CreateTrigStmt *) node)->trigname, true)))
			return false;
		ereport(NOTICE, (errmsg("trigger \"%s\" already exists on chunk \"%s\", skipping",
		                        ((CreateTrigStmt *) node)->trigname, get_rel_name(chunk))));
		return true;
	}
	PlannedStmt *copy = (PlannedStmt *) copyObjectImpl(pstmt);
	((IndexStmt *) copy->utilityStmt)->if_not_exists = true;
	run_standard(copy, query, false, context, params, env, dest, qc);
	return true;
}

// CREATE INDEX: checked and propagated on hypertables, idempotent on chunks.
static bool
handle_index(PlannedStmt *pstmt, const char *query, bool read_only, ProcessUtilityContext context,
             ParamListInfo params, QueryEnvironment *env, DestReceiver *dest, QueryCompletion *qc)
{
	Oid relid = before_create_index((IndexStmt *) pstmt->utilityStmt);
	if (!OidIsValid(relid))
		return try_chunk_statement(pstmt, query, read_only, context, params, env, dest, qc);
	run_standard(pstmt, query, read_only, context, params, env, dest, qc);
	after_create_index(relid);
	return true;
}

// DROP TABLE / DROP EXTENSION: chunks go first.
static void
before_drop(DropStmt *stmt)
{
	if (stmt->removeType == OBJECT_TABLE)
		before_drop_tables(stmt);
	else if (stmt->removeType == OBJECT_EXTENSION)
		before_drop_extension(stmt);
}

// Our part of one statement; returns true when it ran the statement itself.
static bool
handle(PlannedStmt *pstmt, const char *query, bool read_only, ProcessUtilityContext context,
       ParamListInfo params, QueryEnvironment *env, DestReceiver *dest, QueryCompletion *qc)
{
	Node *node = pstmt->utilityStmt;
	switch (nodeTag(node))
	{
		case T_CopyStmt:
			return try_copy((CopyStmt *) node, query, qc);
		case T_DropStmt:
			before_drop((DropStmt *) node);
			return false;
		case T_IndexStmt:
			return handle_index(pstmt, query, read_only, context, params, env, dest, qc);
		case T_AlterTableStmt:
		{
			Oid relid = before_alter_table((AlterTableStmt *) node);
			if (!OidIsValid(relid))
				return false;
			run_standard(pstmt, query, read_only, context, params, env, dest, qc);
			after_alter_table(relid, (AlterTableStmt *) node);
			return true;
		}
		case T_CreateTrigStmt:
			if (try_chunk_statement(pstmt, query, read_only, context, params, env, dest, qc))
				return true;
			run_standard(pstmt, query, read_only, context, params, env, dest, qc);
			after_create_trigger((CreateTrigStmt *) node);
			return true;
		case T_RenameStmt:
		case T_AlterObjectSchemaStmt:
		{
			RenameTarget target = rename_target(node);
			run_standard(pstmt, query, read_only, context, params, env, dest, qc);
			after_rename(node, target);
			return true;
		}
		case T_VacuumStmt:
			run_standard(vacuum_prepare(pstmt, context == PROCESS_UTILITY_TOPLEVEL), query,
			             read_only, context, params, env, dest, qc);
			return true;
		default:
			return false;
	}
}

extern "C" void
tsdist_process_utility(PlannedStmt *pstmt, const char *query, bool read_only,
                       ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *env,
                       DestReceiver *dest, QueryCompletion *qc)
{
	bool active = catalog::extension_is_active();
	DistDdl *forward = active ? dist_ddl_before(pstmt->utilityStmt) : NULL;
	if (!active || !handle(pstmt, query, read_only, context, params, env, dest, qc))
		run_standard(pstmt, query, read_only, context, params, env, dest, qc);
	if (forward != NULL)
		dist_ddl_after(forward);
}

void
utility_hook_install()
{
	prev_hook = ProcessUtility_hook;
	ProcessUtility_hook = tsdist_process_utility;
}

} // namespace tsdist::ddl
