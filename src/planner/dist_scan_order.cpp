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

// True when LIMIT may go to the nodes: the only relation, nothing filtered
// locally, and no order or a pushed one.
static bool
limit_pushable(PlannerInfo *root, RelOptInfo *rel, List *sort_keys, bool has_local_quals)
{
	return root->limit_tuples > 0 && rel->reloptkind == RELOPT_BASEREL &&
	       bms_membership(root->all_baserels) == BMS_SINGLETON && !has_local_quals &&
	       (root->query_pathkeys == NIL || sort_keys != NIL);
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
	if (limit_pushable(root, rel, sort_keys, has_local_quals))
		appendStringInfo(&buf, " LIMIT " INT64_FORMAT, (int64) root->limit_tuples);
	return buf.data;
}

} // namespace tsdist::planner
