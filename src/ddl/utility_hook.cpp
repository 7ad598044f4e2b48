// The ProcessUtility hook: hypertable statements go to hypertable_ddl /
// copy_from, everything else straight to PostgreSQL.
#include "pg/pg.hpp"
#include "ddl/utility_hook.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "ddl/copy_from.hpp"
#include "ddl/hypertable_ddl.hpp"

extern "C"
{
#include "catalog/namespace.h"
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

// COPY FROM into a hypertable; false when the statement is something else.
static bool
try_copy(CopyStmt *stmt, const char *query, QueryCompletion *qc)
{
	if (!stmt->is_from || stmt->relation == NULL)
		return false;
	Oid relid = RangeVarGetRelidExtended(stmt->relation, NoLock, RVR_MISSING_OK, NULL, NULL);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return false;
	uint64 processed = copy_into_hypertable(stmt, query, ht);
	if (qc != NULL)
		SetQueryCompletion(qc, CMDTAG_COPY, processed);
	return true;
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
		{
			DropStmt *stmt = (DropStmt *) node;
			if (stmt->removeType == OBJECT_TABLE)
				before_drop_tables(stmt);
			else if (stmt->removeType == OBJECT_EXTENSION)
				before_drop_extension(stmt);
			return false;
		}
		case T_IndexStmt:
		{
			Oid relid;
			List *before = before_create_index((IndexStmt *) node, &relid);
			if (!OidIsValid(relid))
				return false;
			run_standard(pstmt, query, read_only, context, params, env, dest, qc);
			after_create_index(relid, before);
			return true;
		}
		case T_CreateTrigStmt:
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
		default:
			return false;
	}
}

extern "C" void
tsdist_process_utility(PlannedStmt *pstmt, const char *query, bool read_only,
                       ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *env,
                       DestReceiver *dest, QueryCompletion *qc)
{
	if (catalog::extension_is_active() &&
	    handle(pstmt, query, read_only, context, params, env, dest, qc))
		return;
	run_standard(pstmt, query, read_only, context, params, env, dest, qc);
}

void
utility_hook_install()
{
	prev_hook = ProcessUtility_hook;
	ProcessUtility_hook = tsdist_process_utility;
}

} // namespace tsdist::ddl
