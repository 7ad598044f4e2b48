// Partial aggregation of distributed hypertables: the query rewrite.
#include "pg/pg.hpp"
#include "planner/dist_agg_rewrite.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse.hpp"
#include "dist/settings.hpp"

extern "C"
{
#include "access/transam.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
}

namespace tsdist::planner
{

// The aggregates that can be computed partially.
enum class AggKind
{
	None,
	Count,
	Sum,
	MinMax,
	Avg
};

// State of one rewrite.
struct Rewrite
{
	List *group_exprs; // the original GROUP BY expressions
	List *inner_tlist; // target list of the inner query (grows)
	bool failed;       // something cannot be rewritten
};

bool
is_partial_query(Query *parse)
{
	// The inner query's hypertable entry carries self_reference, which only
	// CTE entries use otherwise.
	if (list_length(parse->rtable) != 1)
		return false;
	RangeTblEntry *rte = linitial_node(RangeTblEntry, parse->rtable);
	return rte->rtekind == RTE_RELATION && rte->self_reference;
}

// True for the range table entry of a distributed hypertable read with
// its chunks (not ONLY, which mark_only_scans records in security_barrier).
static bool
distributed_entry(RangeTblEntry *rte)
{
	if (rte->rtekind != RTE_RELATION || !rte->inh || rte->security_barrier || rte->self_reference ||
	    rte->tablesample != NULL) // sampled by the scan, aggregated here
		return false;
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	return ht != NULL && ht->replication_factor > 0;
}

// True when the shape of `parse` allows the rewrite.
static bool
query_qualifies(Query *parse)
{
	if (parse->commandType != CMD_SELECT || parse->utilityStmt != NULL || parse->hasWindowFuncs ||
	    parse->hasTargetSRFs || parse->hasSubLinks || parse->hasRecursive ||
	    parse->hasModifyingCTE || parse->hasForUpdate || parse->cteList != NIL ||
	    parse->setOperations != NULL || parse->groupingSets != NIL || parse->groupDistinct ||
	    parse->rowMarks != NIL || (!parse->hasAggs && parse->groupClause == NIL))
		return false;
	// References to outer queries would need their levels adjusted.
	if (list_length(parse->rtable) != 1 || list_length(parse->jointree->fromlist) != 1 ||
	    contain_vars_of_level((Node *) parse, 1))
		return false;
	Node *from = (Node *) linitial(parse->jointree->fromlist);
	return IsA(from, RangeTblRef) && ((RangeTblRef *) from)->rtindex == 1 &&
	       distributed_entry(linitial_node(RangeTblEntry, parse->rtable));
}

// True for a pushable expression of a built-in type.
static bool
pushable_value(Node *expr)
{
	return dist::is_pushable(expr, 1) && exprType(expr) < FirstGenbkiObjectId;
}

// Which aggregate `agg` is, or None when it cannot be computed partially.
static AggKind
agg_kind(Aggref *agg)
{
	if (agg->aggfnoid >= FirstGenbkiObjectId || agg->aggdistinct != NIL || agg->aggorder != NIL ||
	    (agg->aggfilter != NULL && !pushable_value((Node *) agg->aggfilter)) || agg->aggvariadic ||
	    agg->aggkind != AGGKIND_NORMAL || agg->agglevelsup != 0 || agg->aggdirectargs != NIL ||
	    agg->aggtype >= FirstGenbkiObjectId || !dist::is_pushable_aggregate(agg, 1))
		return AggKind::None;
	ListCell *lc;
	foreach (lc, agg->args)
		if (!pushable_value((Node *) lfirst_node(TargetEntry, lc)->expr))
			return AggKind::None;
	const char *name = get_func_name(agg->aggfnoid);
	if (strcmp(name, "count") == 0)
		return AggKind::Count;
	if (list_length(agg->args) != 1)
		return AggKind::None;
	Oid arg = linitial_oid(agg->aggargtypes);
	if (strcmp(name, "sum") == 0)
		return AggKind::Sum;
	if ((strcmp(name, "min") == 0 || strcmp(name, "max") == 0) && arg == agg->aggtype)
		return AggKind::MinMax;
	if (strcmp(name, "avg") == 0 && (arg == INT2OID || arg == INT4OID || arg == INT8OID ||
	                                 arg == NUMERICOID || arg == FLOAT8OID))
		return AggKind::Avg;
	return AggKind::None;
}

// The built-in aggregate `name`(argtype).
static Oid
builtin_agg(const char *name, Oid argtype)
{
	List *qualified = list_make2(makeString(pstrdup("pg_catalog")), makeString(pstrdup(name)));
	return LookupFuncName(qualified, 1, &argtype, false);
}

// `agg` turned into aggregate `name` of the same arguments.
static Aggref *
same_args_agg(Aggref *agg, const char *name, Oid argtype)
{
	Aggref *copy = (Aggref *) copyObjectImpl(agg);
	copy->aggfnoid = builtin_agg(name, argtype);
	copy->aggtype = get_func_rettype(copy->aggfnoid);
	copy->aggcollid = InvalidOid;
	return copy;
}

// A Var of the inner query's column computing `expr` (added when new).
static Var *
inner_column(Rewrite *rw, Expr *expr)
{
	int resno = 0;
	ListCell *lc;
	foreach (lc, rw->inner_tlist)
	{
		resno++;
		if (equal(lfirst_node(TargetEntry, lc)->expr, expr))
			break;
	}
	if (lc == NULL)
	{
		resno = list_length(rw->inner_tlist) + 1;
		rw->inner_tlist =
		    lappend(rw->inner_tlist,
		            makeTargetEntry(expr, (AttrNumber) resno, psprintf("partial%d", resno), false));
	}
	return makeVar(1, (AttrNumber) resno, exprType((Node *) expr), exprTypmod((Node *) expr),
	               exprCollation((Node *) expr), 0);
}

// sum(column) on the access node (the built-in sum of the column's type).
static Expr *
sum_of(Var *column)
{
	Aggref *agg = makeNode(Aggref);
	agg->aggfnoid = builtin_agg("sum", column->vartype);
	agg->aggtype = get_func_rettype(agg->aggfnoid);
	agg->aggargtypes = list_make1_oid(column->vartype);
	agg->args = list_make1(makeTargetEntry((Expr *) column, 1, NULL, false));
	agg->aggkind = AGGKIND_NORMAL;
	agg->aggsplit = AGGSPLIT_SIMPLE;
	agg->aggno = -1;
	agg->aggtransno = -1;
	agg->location = -1;
	return (Expr *) agg;
}

// A call of built-in function `fn` returning `type`.
static Expr *
call(Oid fn, Oid type, List *args)
{
	return (Expr *) makeFuncExpr(fn, type, args, InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
}

// count: coalesce(sum(partial counts)::bigint, 0).
static Expr *
combine_count(Rewrite *rw, Aggref *agg)
{
	CoalesceExpr *c = makeNode(CoalesceExpr);
	c->coalescetype = INT8OID;
	c->args =
	    list_make2(call(F_INT8_NUMERIC, INT8OID, list_make1(sum_of(inner_column(rw, &agg->xpr)))),
	               makeConst(INT8OID, -1, InvalidOid, 8, Int64GetDatum(0), false, true));
	c->location = -1;
	return (Expr *) c;
}

// sum: sum of the partial sums, back to bigint for sum(smallint/integer).
static Expr *
combine_sum(Rewrite *rw, Aggref *agg)
{
	Expr *sum = sum_of(inner_column(rw, &agg->xpr));
	if (exprType((Node *) sum) == agg->aggtype)
		return sum;
	if (agg->aggtype == INT8OID && exprType((Node *) sum) == NUMERICOID)
		return call(F_INT8_NUMERIC, INT8OID, list_make1(sum));
	rw->failed = true;
	return &agg->xpr;
}

// min / max: the same aggregate over the partial results.
static Expr *
combine_min_max(Rewrite *rw, Aggref *agg)
{
	Aggref *combine = (Aggref *) copyObjectImpl(agg);
	combine->aggfilter = NULL; // applied on the nodes
	combine->args =
	    list_make1(makeTargetEntry((Expr *) inner_column(rw, &agg->xpr), 1, NULL, false));
	return &combine->xpr;
}

// avg: sum of the partial sums divided by the sum of the partial counts,
// in numeric (integer and numeric arguments) or float8.
static Expr *
combine_avg(Rewrite *rw, Aggref *agg)
{
	Oid arg = linitial_oid(agg->aggargtypes);
	Expr *sum = sum_of(inner_column(rw, &same_args_agg(agg, "sum", arg)->xpr));
	Expr *count = sum_of(inner_column(rw, &same_args_agg(agg, "count", ANYOID)->xpr));
	if (arg == FLOAT8OID)
		return call(F_FLOAT8DIV, FLOAT8OID,
		            list_make2(sum, call(F_FLOAT8_NUMERIC, FLOAT8OID, list_make1(count))));
	return call(F_NUMERIC_DIV, NUMERICOID, list_make2(sum, count));
}

// The access node's expression for aggregate `agg` over the partials.
static Expr *
combine(Rewrite *rw, Aggref *agg)
{
	switch (agg_kind(agg))
	{
		case AggKind::Count:
			return combine_count(rw, agg);
		case AggKind::Sum:
			return combine_sum(rw, agg);
		case AggKind::MinMax:
			return combine_min_max(rw, agg);
		case AggKind::Avg:
			return combine_avg(rw, agg);
		case AggKind::None:
			break;
	}
	rw->failed = true;
	return &agg->xpr;
}

// expression_tree_mutator callback: group expressions become inner columns,
// aggregates their combining expressions; any other column reference fails.
extern "C" Node *
combine_mutator(Node *node, void *context)
{
	Rewrite *rw = (Rewrite *) context;
	if (node == NULL || rw->failed)
		return node;
	int i = 0;
	ListCell *lc;
	foreach (lc, rw->group_exprs)
	{
		i++;
		if (equal(node, lfirst(lc)))
			return (Node *) makeVar(1, (AttrNumber) i, exprType(node), exprTypmod(node),
			                        exprCollation(node), 0);
	}
	if (IsA(node, Aggref))
		return (Node *) combine(rw, (Aggref *) node);
	if (IsA(node, Var) || IsA(node, GroupingFunc))
	{
		rw->failed = true;
		return node;
	}
	return expression_tree_mutator(node, (Node * (*) ())(void *) combine_mutator, context);
}

// The inner query's group columns and GROUP BY; false when an expression
// cannot be pushed.
static bool
add_group_columns(Rewrite *rw, Query *parse, List **group_clause)
{
	ListCell *lc;
	foreach (lc, parse->groupClause)
	{
		SortGroupClause *sgc = (SortGroupClause *) copyObjectImpl(lfirst(lc));
		Node *expr = get_sortgroupclause_expr(sgc, parse->targetList);
		if (!pushable_value(expr) || !contain_var_clause(expr))
			return false;
		int resno = list_length(rw->inner_tlist) + 1;
		TargetEntry *tle = makeTargetEntry((Expr *) copyObjectImpl(expr), (AttrNumber) resno,
		                                   psprintf("group%d", resno), false);
		tle->ressortgroupref = sgc->tleSortGroupRef = (Index) resno;
		rw->inner_tlist = lappend(rw->inner_tlist, tle);
		rw->group_exprs = lappend(rw->group_exprs, expr);
		*group_clause = lappend(*group_clause, sgc);
	}
	return true;
}

// The inner query over the original FROM and WHERE.
static Query *
make_inner(Query *parse, Rewrite *rw, List *group_clause)
{
	Query *inner = makeNode(Query);
	inner->commandType = CMD_SELECT;
	inner->querySource = QSRC_ORIGINAL;
	inner->canSetTag = true;
	inner->rtable = parse->rtable;
	inner->jointree = parse->jointree;
	inner->targetList = rw->inner_tlist;
	inner->groupClause = group_clause;
	ListCell *lc;
	foreach (lc, rw->inner_tlist)
		inner->hasAggs |= IsA(lfirst_node(TargetEntry, lc)->expr, Aggref);
	linitial_node(RangeTblEntry, inner->rtable)->self_reference = true;
	return inner;
}

// The subquery range table entry of the outer query.
static RangeTblEntry *
subquery_entry(Query *inner)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_SUBQUERY;
	rte->subquery = inner;
	List *names = NIL;
	ListCell *lc;
	foreach (lc, inner->targetList)
		names = lappend(names, makeString(lfirst_node(TargetEntry, lc)->resname));
	rte->eref = makeAlias("partial", names);
	rte->inFromCl = true;
	return rte;
}

// Rewrites one query level when it qualifies.
static void
rewrite_query(Query *parse)
{
	if (!query_qualifies(parse))
		return;
	Rewrite rw = {NIL, NIL, false};
	List *group_clause = NIL;
	if (!add_group_columns(&rw, parse, &group_clause))
		return;
	List *tlist = (List *) combine_mutator((Node *) copyObjectImpl(parse->targetList), &rw);
	Node *having = combine_mutator((Node *) copyObjectImpl(parse->havingQual), &rw);
	if (rw.failed)
		return;
	Query *inner = make_inner(parse, &rw, group_clause);
	parse->targetList = tlist;
	parse->havingQual = having;
	parse->rtable = list_make1(subquery_entry(inner));
	parse->jointree = makeFromExpr(list_make1(makeNode(RangeTblRef)), NULL);
	linitial_node(RangeTblRef, parse->jointree->fromlist)->rtindex = 1;
	ListCell *lc;
	parse->hasAggs = false;
	foreach (lc, parse->targetList)
		parse->hasAggs |= contain_agg_clause((Node *) lfirst_node(TargetEntry, lc)->expr);
	parse->hasAggs |= contain_agg_clause(having);
}

// query_tree_walker callback: rewrites every query level (subqueries, CTEs,
// sublinks included), the innermost first.
extern "C" bool
rewrite_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		Query *query = (Query *) node;
		query_tree_walker(query, (bool (*)())(void *) rewrite_walker, context, 0);
		rewrite_query(query);
		return false;
	}
	return expression_tree_walker(node, (bool (*)())(void *) rewrite_walker, context);
}

void
rewrite_partial_aggregation(Query *parse)
{
	if (dist::aggregate_pushdown_enabled())
		rewrite_walker((Node *) parse, NULL);
}

} // namespace tsdist::planner
