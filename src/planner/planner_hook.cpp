// planner_hook: INSERTs on hypertables get the HypertableInsert node; chunk
// scans get run-time exclusion for stable time restrictions; conditions on
// space columns get implied partition-hash conditions.
#include "pg/pg.hpp"
#include "planner/planner_hook.hpp"
#include "planner/dist_agg_plan.hpp"
#include "planner/dist_agg_rewrite.hpp"
#include "planner/dist_modify_plan.hpp"
#include "planner/dist_query_checks.hpp"
#include "planner/dist_scan_plan.hpp"
#include "planner/insert_plan.hpp"
#include "planner/runtime_exclusion.hpp"
#include "planner/space_exclusion.hpp"

extern "C"
{
#include "optimizer/planner.h"
}

namespace tsdist::planner
{

static planner_hook_type prev_hook = NULL;

extern "C" PlannedStmt *
tsdist_planner(Query *parse, const char *query_string, int cursor_options, ParamListInfo params)
{
	check_distributed_query(parse);
	List *dist_modify = dist_modify_prepare(parse); // before any rewrite of parse
	mark_only_scans(parse);
	if (parse->commandType == CMD_SELECT || parse->commandType == CMD_UPDATE ||
	    parse->commandType == CMD_DELETE)
		add_space_partition_quals(parse);
	List *restrictions = collect_stable_restrictions(parse);
	rewrite_partial_aggregation(parse);
	PlannedStmt *stmt = prev_hook != NULL
	                        ? prev_hook(parse, query_string, cursor_options, params)
	                        : standard_planner(parse, query_string, cursor_options, params);
	rewrite_hypertable_inserts(stmt);
	add_runtime_exclusion(stmt, restrictions);
	if (dist_modify != NIL)
		dist_modify_replace(stmt, dist_modify);
	return stmt;
}

void
planner_hook_install()
{
	prev_hook = planner_hook;
	planner_hook = tsdist_planner;
	dist_scan_hook_install();
	dist_agg_hook_install();
}

} // namespace tsdist::planner
