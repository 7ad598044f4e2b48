// DistributedScan paths and plans of partial aggregation queries.
#include "pg/pg.hpp"
#include "planner/dist_agg_plan.hpp"
#include "planner/dist_agg_rewrite.hpp"
#include "planner/dist_scan_plan.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse.hpp"
#include "dist/deparse_plan.hpp"
#include "dist/scan_targets.hpp"

extern "C"
{
#include "nodes/extensible.h"
#include "optimizer/pathnode.h"
#include "optimizer/planner.h"
#include "optimizer/restrictinfo.h"
#include "parser/parsetree.h"
}

namespace tsdist::planner
{

static create_upper_paths_hook_type prev_upper_hook = NULL;

extern "C" Plan *tsdist_plan_dist_agg(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path,
                                      List *tlist, List *clauses, List *custom_plans);

static const CustomPathMethods agg_path_methods = {
    .CustomName = dist::kDistributedScanNode,
    .PlanCustomPath = tsdist_plan_dist_agg,
    .ReparameterizeCustomPathByChild = NULL,
};

// True when every restriction of the hypertable can be sent to the nodes.
static bool
all_conditions_pushable(RelOptInfo *rel)
{
	ListCell *lc;
	foreach (lc, rel->baserestrictinfo)
	{
		RestrictInfo *ri = lfirst_node(RestrictInfo, lc);
		if (ri->pseudoconstant || !may_push_clause(ri, rel))
			return false;
	}
	return true;
}

// True when `rel` is read by a DistributedScan path.
static bool
read_by_dist_scan(RelOptInfo *rel)
{
	if (rel->reloptkind != RELOPT_BASEREL || rel->relid != 1 || rel->pathlist == NIL)
		return false;
	Path *path = (Path *) linitial(rel->pathlist);
	if (IsA(path, ProjectionPath))
		path = ((ProjectionPath *) path)->subpath;
	return IsA(path, CustomPath) &&
	       strcmp(((CustomPath *) path)->methods->CustomName, dist::kDistributedScanNode) == 0;
}

// What with_transmission_settings runs: the remote query's text.
struct AggDeparse
{
	List *tlist;
	List *conditions;
	dist::DeparseContext *ctx;
	StringInfo out;
};

// with_transmission_settings callback: "SELECT exprs FROM member [WHERE ...]".
extern "C" void
deparse_partial_query(void *arg)
{
	AggDeparse *d = (AggDeparse *) arg;
	appendStringInfoString(d->out, "SELECT ");
	ListCell *lc;
	foreach (lc, d->tlist)
	{
		if (lc != list_head(d->tlist))
			appendStringInfoString(d->out, ", ");
		dist::deparse_expr(d->out, (Node *) lfirst_node(TargetEntry, lc)->expr, d->ctx);
	}
	appendStringInfo(d->out, " FROM %s", dist::deparse_relation(d->ctx->reloid));
	if (d->conditions != NIL)
		appendStringInfoString(d->out, " WHERE ");
	dist::deparse_and_list(d->out, d->conditions, d->ctx);
}

// " GROUP BY 1, 2" for the grouped columns of `tlist`, or "".
static char *
group_by_suffix(List *tlist)
{
	StringInfoData buf;
	initStringInfo(&buf);
	ListCell *lc;
	foreach (lc, tlist)
	{
		TargetEntry *tle = lfirst_node(TargetEntry, lc);
		if (tle->ressortgroupref != 0)
			appendStringInfo(&buf, "%s%d", buf.len == 0 ? " GROUP BY " : ", ", tle->resno);
	}
	return buf.data;
}

extern "C" Plan *
tsdist_plan_dist_agg(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path, List *tlist,
                     List *clauses, List *custom_plans)
{
	(void) rel;
	(void) best_path;
	(void) clauses;
	(void) custom_plans;
	RelOptInfo *base = root->simple_rel_array[1];
	RangeTblEntry *rte = planner_rt_fetch(1, root);
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	List *conditions = extract_actual_clauses(base->baserestrictinfo, false);
	List *scan_tlist = root->processed_tlist;

	dist::DeparseContext ctx = {1, rte->relid, NIL};
	StringInfoData sql;
	initStringInfo(&sql);
	AggDeparse d = {scan_tlist, conditions, &ctx, &sql};
	dist::with_transmission_settings(deparse_partial_query, &d);
	int64 lo[catalog::kMaxDimensions];
	int64 hi[catalog::kMaxDimensions];
	dist::scan_bounds(ht, conditions, 1, lo, hi);

	CustomScan *cscan = makeNode(CustomScan);
	cscan->scan.plan.targetlist = tlist;
	cscan->scan.scanrelid = 0;
	cscan->custom_scan_tlist = scan_tlist;
	cscan->custom_exprs = ctx.params;
	cscan->custom_private = list_make4(makeString(sql.data), makeInteger(conditions != NIL), NIL,
	                                   dist::bounds_to_list(ht, lo, hi));
	cscan->custom_private = lappend(cscan->custom_private, makeString(group_by_suffix(scan_tlist)));
	cscan->custom_private = lappend(cscan->custom_private, NIL);
	cscan->custom_private = lappend(cscan->custom_private, makeInteger((int) rte->relid));
	cscan->methods = GetCustomScanMethods(dist::kDistributedScanNode, false);
	return &cscan->scan.plan;
}

// The DistributedScan path computing the whole partial query remotely.
static Path *
make_agg_path(RelOptInfo *grouped)
{
	CustomPath *path = makeNode(CustomPath);
	path->path.pathtype = T_CustomScan;
	path->path.parent = grouped;
	path->path.pathtarget = grouped->reltarget;
	path->path.rows = grouped->rows > 0 ? grouped->rows : 1;
	path->path.startup_cost = 50.0;
	path->path.total_cost = 50.0 + path->path.rows * 0.01;
	path->methods = &agg_path_methods;
	return &path->path;
}

// create_upper_paths_hook: partial queries are computed on the data nodes.
extern "C" void
tsdist_create_upper_paths(PlannerInfo *root, UpperRelationKind stage, RelOptInfo *input_rel,
                          RelOptInfo *output_rel, void *extra)
{
	if (prev_upper_hook != NULL)
		prev_upper_hook(root, stage, input_rel, output_rel, extra);
	if (stage != UPPERREL_GROUP_AGG || !is_partial_query(root->parse) ||
	    root->parse->havingQual != NULL || !read_by_dist_scan(input_rel) ||
	    !all_conditions_pushable(input_rel))
		return;
	add_path(output_rel, make_agg_path(output_rel));
}

void
dist_agg_hook_install()
{
	prev_upper_hook = create_upper_paths_hook;
	create_upper_paths_hook = tsdist_create_upper_paths;
}

} // namespace tsdist::planner
