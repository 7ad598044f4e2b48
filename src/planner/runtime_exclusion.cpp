// Gating chunk scans with one-time filters on stable time restrictions.
#include "pg/pg.hpp"
#include "planner/runtime_exclusion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "catalog/chunk_store.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/dimension_value.hpp"

extern "C"
{
#include "access/stratnum.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

namespace tsdist::planner
{

// "time_column <strategy> expr" on the hypertable at range table index rti.
struct StableRestriction
{
	Index rti;
	Oid coltype;
	int dimension; // index of the time dimension
	int strategy;  // btree strategy of the operator
	Oid righttype;
	Expr *expr;
};

// Rejects what a one-time filter cannot evaluate once: executor parameters
// and sublinks.
static bool
has_non_extern_params(Node *node, void *)
{
	if (node == NULL)
		return false;
	if (IsA(node, Param))
		return ((Param *) node)->paramkind != PARAM_EXTERN;
	if (IsA(node, SubLink))
		return true;
	return expression_tree_walker(node, (bool (*)())(void *) has_non_extern_params, NULL);
}

// True for an expression whose value is fixed during one execution but not
// at plan time: no columns, nothing volatile, not a constant.
static bool
is_stable_value(Node *expr)
{
	return !IsA(expr, Const) && !contain_var_clause(expr) && !contain_volatile_functions(expr) &&
	       !has_non_extern_params(expr, NULL);
}

// The time dimension of `ht` on column `attno`, or -1.
static int
time_dimension_of(const catalog::Hypertable *ht, AttrNumber attno)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (!ht->dimensions[i].is_space && ht->dimensions[i].attno == attno)
			return i;
	return -1;
}

// The restriction `e` states, or NULL when it is not "time op stable-expr".
static StableRestriction *
try_restriction(Query *parse, Expr *e)
{
	if (!IsA(e, OpExpr) || list_length(((OpExpr *) e)->args) != 2)
		return NULL;
	OpExpr *op = (OpExpr *) e;
	Node *left = (Node *) linitial(op->args);
	Node *right = (Node *) lsecond(op->args);
	Oid opno = op->opno;
	if (!IsA(left, Var) && IsA(right, Var))
	{
		Node *tmp = left;
		left = right;
		right = tmp;
		opno = get_commutator(opno);
	}
	if (!OidIsValid(opno) || !IsA(left, Var) || ((Var *) left)->varlevelsup != 0)
		return NULL;
	Var *var = (Var *) left;
	RangeTblEntry *rte = rt_fetch(var->varno, parse->rtable);
	if (rte->rtekind != RTE_RELATION || !rte->inh || !is_stable_value(right))
		return NULL;
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	int dim = ht != NULL ? time_dimension_of(ht, var->varattno) : -1;
	if (dim < 0)
		return NULL;
	Oid coltype = ht->dimensions[dim].column_type;
	TypeCacheEntry *tc = lookup_type_cache(coltype, TYPECACHE_BTREE_OPFAMILY);
	int strategy = get_op_opfamily_strategy(opno, tc->btree_opf);
	Oid lefttype, righttype;
	op_input_types(opno, &lefttype, &righttype);
	if (strategy == 0 || lefttype != coltype)
		return NULL;
	StableRestriction *r = (StableRestriction *) palloc0(sizeof(StableRestriction));
	*r = {(Index) var->varno, coltype, dim, strategy, righttype, (Expr *) copyObjectImpl(right)};
	fix_opfuncids((Node *) r->expr);
	return r;
}

List *
collect_stable_restrictions(Query *parse)
{
	if (parse->commandType != CMD_SELECT || parse->jointree == NULL ||
	    parse->jointree->quals == NULL || !catalog::extension_is_active())
		return NIL;
	List *result = NIL;
	ListCell *lc;
	foreach (lc, make_ands_implicit((Expr *) parse->jointree->quals))
	{
		StableRestriction *r = try_restriction(parse, (Expr *) lfirst(lc));
		if (r != NULL)
			result = lappend(result, r);
	}
	return result;
}

// "bound <strategy> expr" as an expression, or NULL if no such operator.
static Expr *
bound_test(const StableRestriction *r, int strategy, Datum bound)
{
	TypeCacheEntry *tc = lookup_type_cache(r->coltype, TYPECACHE_BTREE_OPFAMILY);
	Oid opno = get_opfamily_member(tc->btree_opf, r->coltype, r->righttype, strategy);
	if (!OidIsValid(opno))
		return NULL;
	int16 len;
	bool byval;
	get_typlenbyval(r->coltype, &len, &byval);
	Const *c = makeConst(r->coltype, -1, InvalidOid, len, bound, false, byval);
	Expr *test = make_opclause(opno, BOOLOID, false, (Expr *) c, (Expr *) copyObjectImpl(r->expr),
	                           InvalidOid, InvalidOid);
	fix_opfuncids((Node *) test);
	return test;
}

// Conditions under which `chunk` can hold rows satisfying `r`.
static List *
chunk_gates(const StableRestriction *r, const catalog::ChunkInfo *chunk)
{
	Datum start, end;
	bool has_start =
	    hypertable::time_bound_datum(chunk->range_start[r->dimension], r->coltype, &start);
	bool has_end = hypertable::time_bound_datum(chunk->range_end[r->dimension], r->coltype, &end);
	List *gates = NIL;
	Expr *g = NULL;
	// time < e needs start < e; time <= e and time = e need start <= e.
	if (has_start && r->strategy == BTLessStrategyNumber)
		g = bound_test(r, BTLessStrategyNumber, start);
	else if (has_start && r->strategy != BTGreaterStrategyNumber &&
	         r->strategy != BTGreaterEqualStrategyNumber)
		g = bound_test(r, BTLessEqualStrategyNumber, start);
	if (g != NULL)
		gates = lappend(gates, g);
	// time > e, time >= e and time = e need end > e.
	if (has_end && r->strategy != BTLessStrategyNumber && r->strategy != BTLessEqualStrategyNumber)
	{
		g = bound_test(r, BTGreaterStrategyNumber, end);
		if (g != NULL)
			gates = lappend(gates, g);
	}
	return gates;
}

// A Result above `child` that runs it only when `quals` hold at start.
static Plan *
gate_plan(Plan *child, List *quals)
{
	Result *res = makeNode(Result);
	ListCell *lc;
	foreach (lc, child->targetlist)
	{
		TargetEntry *tle = (TargetEntry *) lfirst(lc);
		Var *var = makeVarFromTargetEntry(OUTER_VAR, tle);
		res->plan.targetlist =
		    lappend(res->plan.targetlist,
		            makeTargetEntry((Expr *) var, tle->resno, tle->resname, tle->resjunk));
	}
	res->plan.startup_cost = child->startup_cost;
	res->plan.total_cost = child->total_cost;
	res->plan.plan_rows = child->plan_rows;
	res->plan.plan_width = child->plan_width;
	res->plan.parallel_safe = child->parallel_safe;
	res->plan.plan_node_id = child->plan_node_id;
	res->resconstantqual = (Node *) quals;
	res->plan.lefttree = child;
	return &res->plan;
}

// The chunk scanned by `plan` among `chunks`, or NULL.
static catalog::ChunkInfo *
scanned_chunk(Plan *plan, List *rtable, List *chunks)
{
	switch (nodeTag(plan))
	{
		case T_SeqScan:
		case T_IndexScan:
		case T_IndexOnlyScan:
		case T_BitmapHeapScan:
		case T_TidScan:
			break;
		default:
			return NULL;
	}
	Oid relid = rt_fetch(((Scan *) plan)->scanrelid, rtable)->relid;
	ListCell *lc;
	foreach (lc, chunks)
		if (hypertable::chunk_relid((catalog::ChunkInfo *) lfirst(lc)) == relid)
			return (catalog::ChunkInfo *) lfirst(lc);
	return NULL;
}

// Gates the children of an Append/MergeAppend over hypertable rti's chunks.
static void
gate_children(List *children, Bitmapset *relids, List *restrictions, List *rtable)
{
	ListCell *lc;
	foreach (lc, restrictions)
	{
		StableRestriction *r = (StableRestriction *) lfirst(lc);
		if (!bms_is_member((int) r->rti, relids))
			continue;
		catalog::Hypertable *ht = catalog::hypertable_get(rt_fetch(r->rti, rtable)->relid);
		List *chunks = catalog::chunk_list(ht);
		ListCell *child;
		foreach (child, children)
		{
			Plan *plan = (Plan *) lfirst(child);
			Plan *scan = IsA(plan, Result) ? plan->lefttree : plan;
			catalog::ChunkInfo *chunk = scan != NULL ? scanned_chunk(scan, rtable, chunks) : NULL;
			List *gates = chunk != NULL ? chunk_gates(r, chunk) : NIL;
			if (gates == NIL)
				continue;
			if (IsA(plan, Result) && ((Result *) plan)->resconstantqual != NULL)
				((Result *) plan)->resconstantqual =
				    (Node *) list_concat((List *) ((Result *) plan)->resconstantqual, gates);
			else
				lfirst(child) = gate_plan(plan, gates);
		}
	}
}

// Walks the plan tree, gating chunk scans under appends of hypertables.
static void
walk_plan(Plan *plan, List *restrictions, List *rtable)
{
	if (plan == NULL)
		return;
	walk_plan(plan->lefttree, restrictions, rtable);
	walk_plan(plan->righttree, restrictions, rtable);
	if (IsA(plan, Append))
		gate_children(((Append *) plan)->appendplans, ((Append *) plan)->apprelids, restrictions,
		              rtable);
	else if (IsA(plan, MergeAppend))
		gate_children(((MergeAppend *) plan)->mergeplans, ((MergeAppend *) plan)->apprelids,
		              restrictions, rtable);
	else if (IsA(plan, SubqueryScan))
		walk_plan(((SubqueryScan *) plan)->subplan, restrictions, rtable);
}

void
add_runtime_exclusion(PlannedStmt *stmt, List *restrictions)
{
	if (restrictions == NIL || stmt->commandType != CMD_SELECT || stmt->parallelModeNeeded)
		return;
	walk_plan(stmt->planTree, restrictions, stmt->rtable);
}

} // namespace tsdist::planner
