// DistributedScan paths and plans for distributed hypertables.
#include "pg/pg.hpp"
#include "planner/dist_scan_plan.hpp"
#include "planner/dist_scan_order.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse.hpp"
#include "dist/deparse_plan.hpp"
#include "dist/scan_targets.hpp"

extern "C"
{
#include "access/sysattr.h"
#include "access/table.h"
#include "nodes/extensible.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/planmain.h"
#include "optimizer/prep.h"
#include "optimizer/restrictinfo.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tsdist::planner
{

static set_rel_pathlist_hook_type prev_rel_hook = NULL;

extern "C" Plan *tsdist_plan_dist_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path,
                                       List *tlist, List *clauses, List *custom_plans);

static const CustomPathMethods path_methods = {
    .CustomName = dist::kDistributedScanNode,
    .PlanCustomPath = tsdist_plan_dist_scan,
    .ReparameterizeCustomPathByChild = NULL,
};

bool
may_push_clause(RestrictInfo *ri, RelOptInfo *rel)
{
	if (!dist::is_pushable((Node *) ri->clause, rel->relid))
		return false;
	// The data node orders its conditions by cost alone: above a security
	// barrier only leakproof conditions may run there, beside the barrier's.
	return ri->security_level <= rel->baserestrict_min_security ||
	       !contain_leaked_vars((Node *) ri->clause);
}

// Splits restriction clauses into pushable (remote) and local ones.
static void
split_clauses(List *clauses, RelOptInfo *rel, List **remote, List **local)
{
	ListCell *lc;
	foreach (lc, clauses)
	{
		RestrictInfo *ri = lfirst_node(RestrictInfo, lc);
		if (ri->pseudoconstant)
			continue; // a gating Result above evaluates it
		if (may_push_clause(ri, rel))
			*remote = lappend(*remote, ri->clause);
		else
			*local = lappend(*local, ri->clause);
	}
}

// Raises for system columns other than tableoid: rows come from the data
// nodes, which have their own.
static void
refuse_system_columns(Bitmapset *attrs, Oid reloid)
{
	for (int a = FirstLowInvalidHeapAttributeNumber + 1; a < 0; a++)
		if (a != TableOidAttributeNumber &&
		    bms_is_member(a - FirstLowInvalidHeapAttributeNumber, attrs))
			ereport(ERROR,
			        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			         errmsg("system column \"%s\" is not available on distributed hypertable "
			                "\"%s\"",
			                get_attname(reloid, (AttrNumber) a, false), get_rel_name(reloid))));
}

// The columns the access node needs (reltarget + local conditions); all of
// them for a whole-row reference.
static List *
needed_columns(RelOptInfo *rel, Oid reloid, List *local)
{
	Bitmapset *attrs = NULL;
	pull_varattnos((Node *) rel->reltarget->exprs, rel->relid, &attrs);
	pull_varattnos((Node *) local, rel->relid, &attrs);
	refuse_system_columns(attrs, reloid);
	bool whole_row = bms_is_member(0 - FirstLowInvalidHeapAttributeNumber, attrs);
	List *attnos = NIL;
	Relation rel_desc = table_open(reloid, NoLock); // locked by the planner
	TupleDesc desc = RelationGetDescr(rel_desc);
	for (AttrNumber a = 1; a <= desc->natts; a++)
	{
		if (TupleDescAttr(desc, a - 1)->attisdropped)
			continue;
		if (whole_row || bms_is_member(a - FirstLowInvalidHeapAttributeNumber, attrs))
			attnos = lappend_int(attnos, a);
	}
	table_close(rel_desc, NoLock);
	return attnos;
}

// "SELECT cols FROM member" of a scan (without WHERE).
static char *
select_clause(Oid reloid, List *attnos)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoString(&buf, "SELECT ");
	ListCell *lc;
	foreach (lc, attnos)
		appendStringInfo(&buf, "%s%s", lc == list_head(attnos) ? "" : ", ",
		                 dist::deparse_column(reloid, (AttrNumber) lfirst_int(lc)));
	if (attnos == NIL)
		appendStringInfoString(&buf, "NULL");
	appendStringInfo(&buf, " FROM %s", dist::deparse_relation(reloid));
	return buf.data;
}

// What with_transmission_settings runs: the TABLESAMPLE clause and the
// remote conditions' text.
struct DeparseCall
{
	TableSampleClause *sample;
	List *remote;
	dist::DeparseContext *ctx;
	StringInfo out;
};

// with_transmission_settings callback.
extern "C" void
deparse_remote_conditions(void *arg)
{
	DeparseCall *call = (DeparseCall *) arg;
	if (call->sample != NULL)
		dist::deparse_tablesample(call->out, call->sample, call->ctx);
	if (call->remote != NIL)
		appendStringInfoString(call->out, " WHERE ");
	dist::deparse_and_list(call->out, call->remote, call->ctx);
}

extern "C" Plan *
tsdist_plan_dist_scan(PlannerInfo *root, RelOptInfo *rel, CustomPath *best_path, List *tlist,
                      List *clauses, List *custom_plans)
{
	(void) custom_plans;
	RangeTblEntry *rte = planner_rt_fetch(rel->relid, root);
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	List *remote = NIL;
	List *local = NIL;
	split_clauses(clauses, rel, &remote, &local);
	List *attnos = needed_columns(rel, rte->relid, local);

	dist::DeparseContext ctx = {rel->relid, rte->relid, NIL};
	StringInfoData sql;
	initStringInfo(&sql);
	appendStringInfoString(&sql, select_clause(rte->relid, attnos));
	DeparseCall call = {rte->tablesample, remote, &ctx, &sql};
	dist::with_transmission_settings(deparse_remote_conditions, &call);
	int64 lo[catalog::kMaxDimensions];
	int64 hi[catalog::kMaxDimensions];
	dist::scan_bounds(ht, extract_actual_clauses(rel->baserestrictinfo, false), rel->relid, lo, hi);

	CustomScan *cscan = makeNode(CustomScan);
	cscan->scan.plan.targetlist = tlist;
	cscan->scan.plan.qual = local;
	cscan->scan.scanrelid = rel->relid;
	cscan->custom_exprs = ctx.params;
	List *sort_keys = best_path->custom_private;
	char *suffix = dist_order_suffix(root, rel, rte->relid, sort_keys, local != NIL);
	cscan->custom_private = list_make4(makeString(sql.data), makeInteger(remote != NIL), attnos,
	                                   dist::bounds_to_list(ht, lo, hi));
	cscan->custom_private = lappend(cscan->custom_private, makeString(suffix));
	cscan->custom_private = lappend(cscan->custom_private, sort_keys);
	cscan->custom_private = lappend(cscan->custom_private, makeInteger((int) rte->relid));
	cscan->methods = GetCustomScanMethods(dist::kDistributedScanNode, false);
	return &cscan->scan.plan;
}

// Refuses row locks on a distributed hypertable (they need a ctid).
static void
refuse_row_marks(PlannerInfo *root, Index rti)
{
	if (get_plan_rowmark(root->rowMarks, rti) == NULL)
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("row-level locks are not supported on distributed hypertables"),
	                errdetail("SELECT FOR UPDATE/SHARE and UPDATE or DELETE of other tables that "
	                          "read a distributed hypertable lock rows by ctid.")));
}

// A DistributedScan path; sorted by `sort_keys` (custom_private) if any.
static CustomPath *
make_path(RelOptInfo *rel, List *sort_keys, List *pathkeys)
{
	CustomPath *path = makeNode(CustomPath);
	path->path.pathtype = T_CustomScan;
	path->path.parent = rel;
	path->path.pathtarget = rel->reltarget;
	path->path.rows = rel->rows;
	path->path.startup_cost = 100.0;
	path->path.total_cost = 100.0 + rel->rows * (sort_keys != NIL ? 0.03 : 0.02);
	path->path.pathkeys = pathkeys;
	path->custom_private = sort_keys;
	path->methods = &path_methods;
	return path;
}

// Replaces the paths of a distributed hypertable with DistributedScan paths:
// unsorted, and sorted by the query's ORDER BY when it can be pushed.
static void
add_dist_scan_path(PlannerInfo *root, RelOptInfo *rel, Index rti)
{
	refuse_row_marks(root, rti);
	rel->pathlist = NIL;
	rel->partial_pathlist = NIL;
	rel->consider_parallel = false;
	add_path(rel, &make_path(rel, NIL, NIL)->path);
	List *sort_keys = dist_sort_keys(root, rel);
	if (sort_keys != NIL)
		add_path(rel, &make_path(rel, sort_keys, root->query_pathkeys)->path);
}

// True for a distributed hypertable.
static bool
is_distributed(Oid relid)
{
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	return ht != NULL && ht->replication_factor > 0;
}

// query_tree_walker callback: marks "ONLY distributed_hypertable" entries.
// The planner clears `inh` of tables without children, so the parser's
// ONLY is recorded in security_barrier, which nothing reads for relations.
extern "C" bool
mark_only_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *) node, (bool (*)())(void *) mark_only_walker, context,
		                         QTW_EXAMINE_RTES_BEFORE);
	if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;
		if (rte->rtekind == RTE_RELATION && !rte->inh && is_distributed(rte->relid))
			rte->security_barrier = true;
		return false;
	}
	return expression_tree_walker(node, (bool (*)())(void *) mark_only_walker, context);
}

void
mark_only_scans(Query *parse)
{
	mark_only_walker((Node *) parse, NULL);
}

// set_rel_pathlist hook: distributed hypertables are read on the data nodes.
extern "C" void
tsdist_set_rel_pathlist(PlannerInfo *root, RelOptInfo *rel, Index rti, RangeTblEntry *rte)
{
	if (prev_rel_hook != NULL)
		prev_rel_hook(root, rel, rti, rte);
	// Members of flattened UNION ALLs are "other member" relations.
	if (rte->rtekind != RTE_RELATION ||
	    (rel->reloptkind != RELOPT_BASEREL && rel->reloptkind != RELOPT_OTHER_MEMBER_REL))
		return;
	// UPDATE/DELETE targets are pushed whole (dist_modify_plan).
	if (root->parse->resultRelation == (int) rti && root->parse->commandType != CMD_SELECT)
		return;
	// ONLY reads the access node's own (always empty) table, as in TimescaleDB.
	if (!rte->security_barrier && is_distributed(rte->relid))
		add_dist_scan_path(root, rel, rti);
}

void
dist_scan_hook_install()
{
	prev_rel_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = tsdist_set_rel_pathlist;
}

} // namespace tsdist::planner
