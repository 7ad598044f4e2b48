// DistributedModify plans: UPDATE/DELETE pushed whole to the data nodes.
#include "pg/pg.hpp"
#include "planner/dist_modify_plan.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse.hpp"
#include "dist/deparse_plan.hpp"
#include "dist/scan_targets.hpp"

extern "C"
{
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
}

namespace tsdist::planner
{

// Raises the refusal of an UPDATE/DELETE that cannot be pushed.
[[noreturn]] static void
refuse(Query *parse, const char *table, const char *detail)
{
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("%s on distributed hypertable \"%s\" is not supported",
	                       parse->commandType == CMD_UPDATE ? "this UPDATE" : "this DELETE", table),
	                errdetail("%s", detail),
	                errhint("Use only the hypertable's own columns, constants, parameters and "
	                        "immutable built-in functions and operators in SET and WHERE.")));
}

// Raises unless the statement references only the hypertable and pushable
// expressions.
static void
check_pushable(Query *parse, const char *table)
{
	Index rti = parse->resultRelation;
	if (rt_fetch(rti, parse->rtable)->securityQuals != NIL || parse->withCheckOptions != NIL)
		refuse(parse, table,
		       "Security-barrier view conditions and WITH CHECK OPTION cannot be enforced on "
		       "the data nodes.");
	if (parse->returningList != NIL)
		refuse(parse, table, "RETURNING is not supported on distributed hypertables.");
	if (list_length(parse->rtable) != 1 || list_length(parse->jointree->fromlist) != 1 ||
	    parse->cteList != NIL)
		refuse(parse, table, "The statement references other tables or WITH queries.");
	if (parse->hasSubLinks || parse->hasTargetSRFs)
		refuse(parse, table, "The statement contains a subquery or a set-returning function.");
	if (parse->jointree->quals != NULL && !dist::is_pushable(parse->jointree->quals, rti))
		refuse(parse, table, "The WHERE clause cannot be evaluated on the data nodes.");
	ListCell *lc;
	foreach (lc, parse->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		if (!tle->resjunk && !dist::is_pushable((Node *) tle->expr, rti))
			refuse(parse, table, "A SET expression cannot be evaluated on the data nodes.");
	}
}

// Folds immutable expressions of constants in WHERE and SET (as the planner
// would), so they are sent as literals.
static void
fold_constants(Query *parse)
{
	if (parse->jointree->quals != NULL)
		parse->jointree->quals = eval_const_expressions(NULL, parse->jointree->quals);
	ListCell *lc;
	foreach (lc, parse->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		tle->expr = (Expr *) eval_const_expressions(NULL, (Node *) tle->expr);
	}
}

// "UPDATE t SET ... " or "DELETE FROM t " of the statement (without WHERE).
static void
append_head(StringInfo buf, Query *parse, dist::DeparseContext *ctx)
{
	const char *rel = dist::deparse_relation(ctx->reloid);
	if (parse->commandType == CMD_DELETE)
	{
		appendStringInfo(buf, "DELETE FROM %s", rel);
		return;
	}
	appendStringInfo(buf, "UPDATE %s SET ", rel);
	bool first = true;
	ListCell *lc;
	foreach (lc, parse->targetList)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		if (tle->resjunk)
			continue;
		appendStringInfo(buf, "%s%s = ", first ? "" : ", ",
		                 dist::deparse_column(ctx->reloid, tle->resno));
		dist::deparse_expr(buf, (Node *) tle->expr, ctx);
		first = false;
	}
}

// What with_transmission_settings runs: the statement head and its WHERE.
struct ModifyCall
{
	Query *parse;
	dist::DeparseContext *ctx;
	StringInfo head;
	StringInfo where;
};

// with_transmission_settings callback.
extern "C" void
deparse_modify(void *arg)
{
	ModifyCall *call = (ModifyCall *) arg;
	append_head(call->head, call->parse, call->ctx);
	if (call->parse->jointree->quals != NULL)
		dist::deparse_expr(call->where, call->parse->jointree->quals, call->ctx);
}

List *
dist_modify_prepare(Query *parse)
{
	if (parse->commandType != CMD_UPDATE && parse->commandType != CMD_DELETE &&
	    parse->commandType != CMD_MERGE)
		return NULL;
	RangeTblEntry *rte = rt_fetch(parse->resultRelation, parse->rtable);
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	if (ht == NULL || ht->replication_factor <= 0 || !rte->inh)
		return NULL; // ONLY: the access node's empty table
	if (parse->commandType == CMD_MERGE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("MERGE into distributed hypertable \"%s\" is not supported",
		                       get_rel_name(rte->relid))));
	fold_constants(parse);
	check_pushable(parse, get_rel_name(rte->relid));
	dist::DeparseContext ctx = {(Index) parse->resultRelation, rte->relid, NIL};
	StringInfoData head, where;
	initStringInfo(&head);
	initStringInfo(&where);
	ModifyCall call = {parse, &ctx, &head, &where};
	dist::with_transmission_settings(deparse_modify, &call);
	int64 lo[catalog::kMaxDimensions];
	int64 hi[catalog::kMaxDimensions];
	dist::scan_bounds(ht, make_ands_implicit((Expr *) parse->jointree->quals),
	                  parse->resultRelation, lo, hi);
	List *priv = list_make5(list_make1_oid(rte->relid), makeString(head.data),
	                        makeString(where.data), dist::bounds_to_list(ht, lo, hi),
	                        list_make2_int(parse->resultRelation, (int) parse->commandType));
	return list_make2(priv, ctx.params);
}

void
dist_modify_replace(PlannedStmt *stmt, List *prepared)
{
	CustomScan *cscan = makeNode(CustomScan);
	cscan->custom_private = (List *) linitial(prepared);
	cscan->custom_exprs = (List *) lsecond(prepared);
	fix_opfuncids((Node *) cscan->custom_exprs); // set_plan_refs does not see this node
	cscan->methods = GetCustomScanMethods(dist::kDistributedModifyNode, false);
	stmt->planTree = &cscan->scan.plan;
	stmt->resultRelations = NIL;
	stmt->rowMarks = NIL;
}

} // namespace tsdist::planner
