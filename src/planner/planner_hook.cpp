// planner_hook: INSERTs on hypertables get the HypertableInsert node.
#include "pg/pg.hpp"
#include "planner/planner_hook.hpp"
#include "planner/insert_plan.hpp"

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
	PlannedStmt *stmt = prev_hook != NULL
	                        ? prev_hook(parse, query_string, cursor_options, params)
	                        : standard_planner(parse, query_string, cursor_options, params);
	rewrite_hypertable_inserts(stmt);
	return stmt;
}

void
planner_hook_install()
{
	prev_hook = planner_hook;
	planner_hook = tsdist_planner;
}

} // namespace tsdist::planner
