// Building the HypertableInsert custom scan from a finished ModifyTable plan.
#include "pg/pg.hpp"
#include "planner/insert_plan.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/custom_nodes.hpp"

extern "C"
{
#include "nodes/extensible.h"
#include "nodes/makefuncs.h"
#include "parser/parsetree.h"
}

namespace tsdist::planner
{

// The hypertable an INSERT ModifyTable writes, or InvalidOid.
static Oid
insert_target(ModifyTable *mt, List *rtable)
{
	if (mt->operation != CMD_INSERT || list_length(mt->resultRelations) != 1)
		return InvalidOid;
	RangeTblEntry *rte = rt_fetch(linitial_int(mt->resultRelations), rtable);
	if (rte->rtekind != RTE_RELATION || !catalog::is_hypertable(rte->relid))
		return InvalidOid;
	return rte->relid;
}

// Refuses what the custom scan does not implement, with the reason.
static void
check_supported(ModifyTable *mt)
{
	if (mt->withCheckOptionLists != NIL)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("INSERT with WITH CHECK OPTION or row-level security is not "
		                       "supported on hypertables"),
		                errdetail("Inserts into hypertables cannot evaluate WITH CHECK options or "
		                          "row-level security policies."),
		                errhint("Insert as the table owner or a role that bypasses row-level "
		                        "security, or through a view without CHECK OPTION.")));
}

// The custom scan that replaces `mt`.
static Plan *
make_insert_scan(ModifyTable *mt)
{
	check_supported(mt);
	CustomScan *cscan = makeNode(CustomScan);
	cscan->scan.plan.startup_cost = mt->plan.startup_cost;
	cscan->scan.plan.total_cost = mt->plan.total_cost;
	cscan->scan.plan.plan_rows = mt->plan.plan_rows;
	cscan->scan.plan.plan_width = mt->plan.plan_width;
	cscan->scan.plan.targetlist = mt->plan.targetlist;
	cscan->scan.plan.initPlan = mt->plan.initPlan;
	cscan->scan.plan.extParam = mt->plan.extParam;
	cscan->scan.plan.allParam = mt->plan.allParam;
	cscan->scan.scanrelid = 0;
	cscan->custom_plans = list_make1(outerPlan(mt));
	ModifyTable *copy = (ModifyTable *) copyObjectImpl(mt);
	outerPlan(copy) = NULL;
	copy->plan.initPlan = NIL;
	cscan->custom_private = list_make1(copy);
	cscan->methods = GetCustomScanMethods(hypertable::kHypertableInsertNode, false);
	return &cscan->scan.plan;
}

// Replaces a hypertable INSERT at the top of `plan` (returns the new top).
static Plan *
rewrite_plan(Plan *plan, List *rtable)
{
	if (plan == NULL || !IsA(plan, ModifyTable))
		return plan;
	ModifyTable *mt = (ModifyTable *) plan;
	if (!OidIsValid(insert_target(mt, rtable)))
		return plan;
	return make_insert_scan(mt);
}

void
rewrite_hypertable_inserts(PlannedStmt *stmt)
{
	if (!catalog::extension_is_active())
		return;
	if (stmt->commandType != CMD_INSERT && !stmt->hasModifyingCTE)
		return;
	stmt->planTree = rewrite_plan(stmt->planTree, stmt->rtable);
	ListCell *lc;
	foreach (lc, stmt->subplans)
		lfirst(lc) = rewrite_plan((Plan *) lfirst(lc), stmt->rtable);
}

} // namespace tsdist::planner
