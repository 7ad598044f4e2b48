// Implied partition-hash conditions for "space_column = constant".
#include "pg/pg.hpp"
#include "planner/space_exclusion.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"
#include "hypertable/space_hash.hpp"

extern "C"
{
#include "access/stratnum.h"
#include "catalog/pg_operator.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "parser/parse_oper.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
#include "utils/pg_locale.h"
#include "utils/typcache.h"
}

namespace tsdist::planner
{

// The space dimension of `ht` on column `attno`, or NULL.
static const catalog::Dimension *
space_dimension_of(const catalog::Hypertable *ht, AttrNumber attno)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (ht->dimensions[i].is_space && ht->dimensions[i].attno == attno)
			return &ht->dimensions[i];
	return NULL;
}

// OID of the function the chunks' CHECK constraints call for `d`.
static Oid
hash_function(const catalog::Dimension *d)
{
	bool custom = NameStr(d->partitioning_func)[0] != '\0';
	List *name = list_make2(
	    makeString(
	        pstrdup(custom ? NameStr(d->partitioning_func_schema) : catalog::kFunctionsSchema)),
	    makeString(pstrdup(custom ? NameStr(d->partitioning_func) : "get_partition_hash")));
	Oid argtypes[1] = {ANYELEMENTOID};
	Oid func = LookupFuncName(name, 1, argtypes, true);
	return OidIsValid(func) ? func : LookupFuncName(name, -1, NULL, true);
}

// The expression of the chunks' CHECK constraints for `d` over `var`:
// hash(var), or (func(var) & 2147483647) for a custom function.
static Expr *
hash_expression(const catalog::Dimension *d, Var *var)
{
	Oid func = hash_function(d);
	if (!OidIsValid(func))
		return NULL;
	Expr *call = (Expr *) makeFuncExpr(func, INT4OID, list_make1(copyObjectImpl(var)), InvalidOid,
	                                   exprCollation((Node *) var), COERCE_EXPLICIT_CALL);
	if (NameStr(d->partitioning_func)[0] == '\0')
		return call;
	// The built-in operator, whatever the user's search_path holds.
	Oid and_op = OpernameGetOprid(
	    list_make2(makeString(pstrdup("pg_catalog")), makeString(pstrdup("&"))), INT4OID, INT4OID);
	Expr *mask =
	    (Expr *) makeConst(INT4OID, -1, InvalidOid, 4, Int32GetDatum(0x7fffffff), false, true);
	return make_opclause(and_op, INT4OID, false, call, mask, InvalidOid, InvalidOid);
}

// "hash(column) = K" implied by `e` when it is "space_column = constant".
static Expr *
implied_qual(Query *parse, Expr *e)
{
	if (!IsA(e, OpExpr) || list_length(((OpExpr *) e)->args) != 2)
		return NULL;
	Node *left = (Node *) linitial(((OpExpr *) e)->args);
	Node *right = (Node *) lsecond(((OpExpr *) e)->args);
	if (IsA(left, Const) && IsA(right, Var))
	{
		Node *tmp = left;
		left = right;
		right = tmp;
	}
	if (!IsA(left, Var) || !IsA(right, Const) || ((Const *) right)->constisnull ||
	    ((Var *) left)->varlevelsup != 0)
		return NULL;
	Var *var = (Var *) left;
	RangeTblEntry *rte = rt_fetch(var->varno, parse->rtable);
	if (rte->rtekind != RTE_RELATION || !rte->inh)
		return NULL;
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	const catalog::Dimension *d = ht != NULL ? space_dimension_of(ht, var->varattno) : NULL;
	// Same type on both sides, the type's own equality, under a collation
	// (the comparison's, not the column's) where equal means same bytes.
	if (d == NULL || ((Const *) right)->consttype != var->vartype ||
	    !hypertable::equality_keeps_hash(var->vartype, ((OpExpr *) e)->inputcollid))
		return NULL;
	TypeCacheEntry *tc = lookup_type_cache(var->vartype, TYPECACHE_EQ_OPR);
	Expr *hash = tc->eq_opr == ((OpExpr *) e)->opno ? hash_expression(d, var) : NULL;
	if (hash == NULL)
		return NULL;
	int32 value = hypertable::space_hash(hypertable::space_hasher_for_dimension(d),
	                                     ((Const *) right)->constvalue);
	Expr *k = (Expr *) makeConst(INT4OID, -1, InvalidOid, 4, Int32GetDatum(value), false, true);
	Expr *qual = make_opclause(Int4EqualOperator, BOOLOID, false, hash, k, InvalidOid, InvalidOid);
	fix_opfuncids((Node *) qual);
	return qual;
}

void
add_space_partition_quals(Query *parse)
{
	if (parse->jointree == NULL || parse->jointree->quals == NULL ||
	    !catalog::extension_is_active())
		return;
	List *added = NIL;
	ListCell *lc;
	foreach (lc, make_ands_implicit((Expr *) parse->jointree->quals))
	{
		Expr *qual = implied_qual(parse, (Expr *) lfirst(lc));
		if (qual != NULL)
			added = lappend(added, qual);
	}
	if (added != NIL)
		parse->jointree->quals = (Node *) make_ands_explicit(
		    list_concat(make_ands_implicit((Expr *) parse->jointree->quals), added));
}

} // namespace tsdist::planner
