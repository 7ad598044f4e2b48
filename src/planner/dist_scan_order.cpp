// Sort keys and LIMIT of remote queries.
#include "pg/pg.hpp"
#include "planner/dist_scan_order.hpp"
#include "dist/deparse.hpp"

extern "C"
{
#include "access/stratnum.h"
#include "access/transam.h"
#include "catalog/pg_am.h"
#include "commands/defrem.h"
#include "common/int.h"
#include "utils/lsyscache.h"
}

namespace tsdist::planner
{

// The column of `rel` in equivalence class `ec`, or NULL.
static Var *
column_of(EquivalenceClass *ec, Index relid)
{
	ListCell *lc;
	foreach (lc, ec->ec_members)
	{
		Expr *e = ((EquivalenceMember *) lfirst(lc))->em_expr;
		while (IsA(e, RelabelType))
			e = ((RelabelType *) e)->arg;
		if (IsA(e, Var) && ((Var *) e)->varno == (int) relid && ((Var *) e)->varattno > 0 &&
		    ((Var *) e)->varlevelsup == 0)
			return (Var *) e;
	}
	return NULL;
}

// One sort key as (attno, sort operator, collation, nulls first, desc), or
// NIL. The remote ORDER BY names the bare column, so the data node sorts by
// the column's own collation: the key's must be that one (not, say, an
// explicit COLLATE "C" over a column of the default collation).
static List *
sort_key(PathKey *pk, Index relid)
{
	EquivalenceClass *ec = pk->pk_eclass;
	if (ec->ec_has_volatile)
		return NIL;
	Var *var = column_of(ec, relid);
	if (var == NULL || var->varcollid != ec->ec_collation)
		return NIL;
	Oid opclass = GetDefaultOpClass(var->vartype, BTREE_AM_OID);
	if (!OidIsValid(opclass) || get_opclass_family(opclass) != pk->pk_opfamily)
		return NIL;
	Oid sortop = get_opfamily_member(pk->pk_opfamily, var->vartype, var->vartype, pk->pk_strategy);
	if (!OidIsValid(sortop) || sortop >= FirstGenbkiObjectId)
		return NIL;
	List *key = list_make4_int(var->varattno, (int) sortop, (int) ec->ec_collation,
	                           pk->pk_nulls_first ? 1 : 0);
	return lappend_int(key, pk->pk_strategy == BTGreaterStrategyNumber ? 1 : 0);
}

List *
dist_sort_keys(PlannerInfo *root, RelOptInfo *rel)
{
	List *keys = NIL;
	ListCell *lc;
	foreach (lc, root->query_pathkeys)
	{
		List *key = sort_key((PathKey *) lfirst(lc), rel->relid);
		if (key == NIL)
			return NIL;
		keys = lappend(keys, key);
	}
	return keys;
}

// A LIMIT or OFFSET value known when planning: -1 when absent, NULL (LIMIT
// ALL) or computed at run time (a generic plan's $1, a stable expression:
// the plan may be reused for other values); -2 when negative (an error).
static int64
planned_value(Node *value)
{
	if (value == NULL || !IsA(value, Const) || ((Const *) value)->constisnull)
		return -1;
	int64 v = DatumGetInt64(((Const *) value)->constvalue);
	return v < 0 ? -2 : v;
}

// How many rows each data node must return so that the access node's
// LIMIT / OFFSET / FETCH stays exact: LIMIT + OFFSET (the access node skips
// the offset), or -1 when no limit may be pushed.
static int64
rows_per_node(Query *parse)
{
	int64 count = planned_value(parse->limitCount);
	int64 offset = parse->limitOffset == NULL ? 0 : planned_value(parse->limitOffset);
	int64 total;
	if (count < 0 || offset < 0 || pg_add_s64_overflow(count, offset, &total))
		return -1;
	return total;
}

// True when a limit may go to the nodes: nothing between the scan and the
// LIMIT (limit_tuples is unset under grouping, aggregates, DISTINCT, window
// functions and set-returning functions), the only relation, nothing
// filtered locally, and no order or a pushed one (WITH TIES needs it).
static bool
limit_pushable(PlannerInfo *root, RelOptInfo *rel, List *sort_keys, bool has_local_quals)
{
	bool with_ties = root->parse->limitOption == LIMIT_OPTION_WITH_TIES;
	return root->limit_tuples > 0 && rel->reloptkind == RELOPT_BASEREL &&
	       bms_membership(root->all_baserels) == BMS_SINGLETON && !has_local_quals &&
	       (root->query_pathkeys == NIL ? !with_ties : sort_keys != NIL);
}

char *
dist_order_suffix(PlannerInfo *root, RelOptInfo *rel, Oid reloid, List *sort_keys,
                  bool has_local_quals)
{
	StringInfoData buf;
	initStringInfo(&buf);
	ListCell *lc;
	foreach (lc, sort_keys)
	{
		List *key = (List *) lfirst(lc);
		bool desc = list_nth_int(key, 4) != 0;
		appendStringInfo(&buf, "%s%s %s NULLS %s", lc == list_head(sort_keys) ? " ORDER BY " : ", ",
		                 dist::deparse_column(reloid, (AttrNumber) linitial_int(key)),
		                 desc ? "DESC" : "ASC", lfourth_int(key) ? "FIRST" : "LAST");
	}
	int64 rows = rows_per_node(root->parse);
	if (rows < 0 || !limit_pushable(root, rel, sort_keys, has_local_quals))
		return buf.data;
	// With ties, each node returns its first rows and the rows tied with the
	// last one: a superset of its share of the access node's answer.
	if (root->parse->limitOption == LIMIT_OPTION_WITH_TIES)
		appendStringInfo(&buf, " FETCH FIRST " INT64_FORMAT " ROWS WITH TIES", rows);
	else
		appendStringInfo(&buf, " LIMIT " INT64_FORMAT, rows);
	return buf.data;
}

} // namespace tsdist::planner
