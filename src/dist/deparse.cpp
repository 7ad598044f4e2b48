// Deparser: pushability test and SQL text of remote conditions.
#include "pg/pg.hpp"
#include "dist/deparse.hpp"
#include "catalog/catalog.hpp"

extern "C"
{
#include "access/transam.h"
#include "catalog/dependency.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "commands/extension.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteManip.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
}

namespace tsdist::dist
{

// True for a type the data node surely knows the same way (built in).
static bool
builtin_type(Oid type)
{
	return type < FirstGenbkiObjectId;
}

// True for an immutable function that is built in or belongs to this extension.
static bool
pushable_function(Oid func)
{
	if (func_volatile(func) != PROVOLATILE_IMMUTABLE)
		return false;
	if (func < FirstGenbkiObjectId)
		return true;
	Oid ext = get_extension_oid(catalog::kExtensionName, true);
	return OidIsValid(ext) && getExtensionOfObject(ProcedureRelationId, func) == ext;
}

// True for a built-in operator with an immutable function.
static bool
pushable_operator(Oid opno)
{
	return opno < FirstGenbkiObjectId && pushable_function(get_opcode(opno));
}

// Checks the node itself (not its children) for pushability; collations are
// checked by `walk`. Aggregate calls only in `aggregates` mode.
static bool
node_pushable(Node *node, Index relid, bool aggregates)
{
	switch (nodeTag(node))
	{
		case T_Var:
		{
			Var *var = (Var *) node;
			return (Index) var->varno == relid && var->varlevelsup == 0 && var->varattno > 0;
		}
		case T_Const:
			return builtin_type(((Const *) node)->consttype);
		case T_Param:
		{
			Param *p = (Param *) node;
			return (p->paramkind == PARAM_EXTERN || p->paramkind == PARAM_EXEC) &&
			       builtin_type(p->paramtype);
		}
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			return pushable_operator(((OpExpr *) node)->opno);
		case T_ScalarArrayOpExpr:
			return pushable_operator(((ScalarArrayOpExpr *) node)->opno);
		case T_FuncExpr:
		{
			FuncExpr *f = (FuncExpr *) node;
			return !f->funcvariadic && pushable_function(f->funcid) &&
			       builtin_type(f->funcresulttype);
		}
		case T_RelabelType:
			return builtin_type(((RelabelType *) node)->resulttype);
		case T_ArrayExpr:
			return builtin_type(((ArrayExpr *) node)->array_typeid) &&
			       !((ArrayExpr *) node)->multidims;
		case T_BoolExpr:
		case T_NullTest:
		case T_BooleanTest:
		case T_List:
			return true;
		case T_Aggref:
		case T_TargetEntry: // an aggregate's argument
			return aggregates;
		default:
			return false;
	}
}

// True for an expression the access node evaluates once per scan and sends
// as a parameter: no Vars, nothing volatile, no subplans, a built-in result
// type (e.g. now() - interval '1 day').
static bool
is_local_value(Node *node)
{
	return !IsA(node, Const) && !IsA(node, Var) && !IsA(node, List) &&
	       builtin_type(exprType(node)) && !contain_var_clause(node) &&
	       !contain_volatile_functions(node) && !contain_subplans(node) &&
	       !contain_agg_clause(node) && !checkExprHasSubLink(node);
}

// Where the collation of an expression comes from, as the data node's
// parser derives it again from the deparsed text (which never says COLLATE).
// Ordered: merging keeps the strongest.
enum class CollationSource
{
	None,   // not collatable, or the database default not taken from a column
	Column, // a column of the scanned table: its member column has the same one
	Other   // anything else (an explicit COLLATE): the data node would not know
};

struct CollationState
{
	CollationSource source;
	Oid collation; // for Column
};

// State of one pushability walk.
struct PushWalk
{
	Index relid;
	bool aggregates;      // aggregate calls allowed (partial aggregation)
	CollationState state; // of the expressions walked so far at this level
};

// A literal or a value sent as a parameter: the data node gives it its
// type's default collation.
static CollationState
value_collation(Oid collation)
{
	if (!OidIsValid(collation) || collation == DEFAULT_COLLATION_OID)
		return {CollationSource::None, InvalidOid};
	return {CollationSource::Other, collation};
}

// True when an operation using `input` collation computes the same on the
// data node: it is the one of the columns its inputs come from, or the
// database default when no column imposes one (as the data node's parser
// would choose; node databases have the access node's default collation).
static bool
input_collation_matches(Oid input, CollationState inner)
{
	if (!OidIsValid(input))
		return true;
	if (inner.source == CollationSource::Column)
		return input == inner.collation;
	return inner.source == CollationSource::None && input == DEFAULT_COLLATION_OID;
}

// The state of a result with collation `result` computed from `inner`.
static CollationState
result_collation(Oid result, CollationState inner)
{
	if (!OidIsValid(result))
		return {CollationSource::None, InvalidOid};
	if (input_collation_matches(result, inner))
		return inner;
	return {CollationSource::Other, result};
}

// Merges a sibling's state into the level's, as the parser combines implicit
// collations: a non-default column collation beats the default one; two
// different ones conflict.
static void
merge_collation(CollationState *level, CollationState own)
{
	if (own.source > level->source)
		*level = own;
	else if (own.source == CollationSource::Column && own.collation != level->collation)
	{
		if (level->collation == DEFAULT_COLLATION_OID)
			level->collation = own.collation;
		else if (own.collation != DEFAULT_COLLATION_OID)
			level->source = CollationSource::Other;
	}
}

static bool walk(Node *node, PushWalk *level);

// expression_tree_walker callback: true (stop) when a child is not pushable.
extern "C" bool
walk_child(Node *node, void *context)
{
	return !walk(node, (PushWalk *) context);
}

// The collation state of a pushable node with children; false when the
// node or a child is not pushable.
static bool
walk_children(Node *node, PushWalk *level, CollationState *own)
{
	PushWalk inner = {level->relid, level->aggregates, {CollationSource::None, InvalidOid}};
	if (expression_tree_walker(node, (bool (*)())(void *) walk_child, &inner))
		return false;
	if (!input_collation_matches(exprInputCollation(node), inner.state))
		return false;
	*own = IsA(node, List) || IsA(node, TargetEntry)
	           ? inner.state
	           : result_collation(exprCollation(node), inner.state);
	return true;
}

// True when `node` can be evaluated on the data node; merges its collation
// state into `level`.
static bool
walk(Node *node, PushWalk *level)
{
	if (node == NULL)
		return true;
	CollationState own;
	if (!IsA(node, TargetEntry) && is_local_value(node))
		own = value_collation(exprCollation(node));
	else if (!node_pushable(node, level->relid, level->aggregates))
		return false;
	else if (IsA(node, Var))
		own = {OidIsValid(((Var *) node)->varcollid) ? CollationSource::Column
		                                             : CollationSource::None,
		       ((Var *) node)->varcollid};
	else if (IsA(node, Const))
		own = value_collation(((Const *) node)->constcollid);
	else if (!walk_children(node, level, &own))
		return false;
	merge_collation(&level->state, own);
	return true;
}

// True when `expr` is pushable with a collation the data node derives too.
static bool
pushable(Node *expr, Index relid, bool aggregates)
{
	PushWalk walk_state = {relid, aggregates, {CollationSource::None, InvalidOid}};
	return walk(expr, &walk_state) && walk_state.state.source != CollationSource::Other;
}

bool
is_pushable(Node *expr, Index relid)
{
	return pushable(expr, relid, false);
}

bool
is_pushable_aggregate(Aggref *agg, Index relid)
{
	return pushable((Node *) agg, relid, true);
}

const char *
deparse_column(Oid reloid, AttrNumber attno)
{
	return quote_identifier(get_attname(reloid, attno, false));
}

const char *
deparse_relation(Oid reloid)
{
	return quote_qualified_identifier(get_namespace_name(get_rel_namespace(reloid)),
	                                  get_rel_name(reloid));
}

// "::type" for a built-in type with its typmod.
static void
append_cast(StringInfo buf, Oid type, int32 typmod)
{
	appendStringInfo(buf, "::%s", format_type_with_typemod(type, typmod));
}

// A constant as a quoted literal with its type.
static void
deparse_const(StringInfo buf, Const *c)
{
	if (c->constisnull)
		appendStringInfoString(buf, "NULL");
	else
	{
		Oid out;
		bool varlena;
		getTypeOutputInfo(c->consttype, &out, &varlena);
		appendStringInfoString(buf, quote_literal_cstr(OidOutputFunctionCall(out, c->constvalue)));
	}
	append_cast(buf, c->consttype, c->consttypmod);
}

// A value computed on the access node as $n (its position in ctx->params,
// added when new).
static void
deparse_param(StringInfo buf, Node *value, DeparseContext *ctx)
{
	int n = 0;
	ListCell *lc;
	foreach (lc, ctx->params)
	{
		n++;
		if (equal(lfirst(lc), value))
			break;
	}
	if (lc == NULL)
	{
		ctx->params = lappend(ctx->params, value);
		n = list_length(ctx->params);
	}
	appendStringInfo(buf, "$%d", n);
	append_cast(buf, exprType(value), exprTypmod(value));
}

// " OPERATOR(pg_catalog.op) " for built-in operator `opno`.
static void
append_operator(StringInfo buf, Oid opno)
{
	appendStringInfo(buf, " OPERATOR(pg_catalog.%s) ", get_opname(opno));
}

// A binary or unary operator expression.
static void
deparse_op(StringInfo buf, Oid opno, List *args, DeparseContext *ctx)
{
	appendStringInfoChar(buf, '(');
	if (list_length(args) == 2)
		deparse_expr(buf, (Node *) linitial(args), ctx);
	append_operator(buf, opno);
	deparse_expr(buf, (Node *) llast(args), ctx);
	appendStringInfoChar(buf, ')');
}

// "(a op ANY (b))" or ALL.
static void
deparse_scalar_array_op(StringInfo buf, ScalarArrayOpExpr *op, DeparseContext *ctx)
{
	appendStringInfoChar(buf, '(');
	deparse_expr(buf, (Node *) linitial(op->args), ctx);
	append_operator(buf, op->opno);
	appendStringInfoString(buf, op->useOr ? "ANY (" : "ALL (");
	deparse_expr(buf, (Node *) lsecond(op->args), ctx);
	appendStringInfoString(buf, "))");
}

// Appends the expressions of `list` separated by `sep`.
static void
deparse_list(StringInfo buf, List *list, const char *sep, DeparseContext *ctx)
{
	ListCell *lc;
	foreach (lc, list)
	{
		if (lc != list_head(list))
			appendStringInfoString(buf, sep);
		deparse_expr(buf, (Node *) lfirst(lc), ctx);
	}
}

// A function call by its qualified name (casts included).
static void
deparse_func(StringInfo buf, FuncExpr *f, DeparseContext *ctx)
{
	appendStringInfo(buf, "%s(",
	                 quote_qualified_identifier(get_namespace_name(get_func_namespace(f->funcid)),
	                                            get_func_name(f->funcid)));
	deparse_list(buf, f->args, ", ", ctx);
	appendStringInfoChar(buf, ')');
}

// A plain aggregate call (partial aggregation): name(args) or name(*), with
// its FILTER.
static void
deparse_aggref(StringInfo buf, Aggref *agg, DeparseContext *ctx)
{
	appendStringInfo(
	    buf, "%s(",
	    quote_qualified_identifier(get_namespace_name(get_func_namespace(agg->aggfnoid)),
	                               get_func_name(agg->aggfnoid)));
	if (agg->aggstar)
		appendStringInfoChar(buf, '*');
	ListCell *lc;
	foreach (lc, agg->args)
	{
		if (lc != list_head(agg->args))
			appendStringInfoString(buf, ", ");
		deparse_expr(buf, (Node *) lfirst_node(TargetEntry, lc)->expr, ctx);
	}
	appendStringInfoChar(buf, ')');
	if (agg->aggfilter != NULL)
	{
		appendStringInfoString(buf, " FILTER (WHERE ");
		deparse_expr(buf, (Node *) agg->aggfilter, ctx);
		appendStringInfoChar(buf, ')');
	}
}

// AND / OR / NOT.
static void
deparse_bool(StringInfo buf, BoolExpr *b, DeparseContext *ctx)
{
	if (b->boolop == NOT_EXPR)
	{
		appendStringInfoString(buf, "(NOT ");
		deparse_expr(buf, (Node *) linitial(b->args), ctx);
		appendStringInfoChar(buf, ')');
		return;
	}
	appendStringInfoChar(buf, '(');
	deparse_list(buf, b->args, b->boolop == AND_EXPR ? " AND " : " OR ", ctx);
	appendStringInfoChar(buf, ')');
}

// ARRAY[a, b, ...]::type[].
static void
deparse_array(StringInfo buf, ArrayExpr *a, DeparseContext *ctx)
{
	appendStringInfoString(buf, "ARRAY[");
	deparse_list(buf, a->elements, ", ", ctx);
	appendStringInfoChar(buf, ']');
	append_cast(buf, a->array_typeid, -1);
}

// x IS [NOT] TRUE / FALSE / UNKNOWN.
static void
deparse_boolean_test(StringInfo buf, BooleanTest *t, DeparseContext *ctx)
{
	static const char *const tests[] = {" IS TRUE)",      " IS NOT TRUE)", " IS FALSE)",
	                                    " IS NOT FALSE)", " IS UNKNOWN)",  " IS NOT UNKNOWN)"};
	appendStringInfoChar(buf, '(');
	deparse_expr(buf, (Node *) t->arg, ctx);
	appendStringInfoString(buf, tests[t->booltesttype]);
}

void
deparse_expr(StringInfo buf, Node *expr, DeparseContext *ctx)
{
	if (is_local_value(expr))
	{
		deparse_param(buf, expr, ctx);
		return;
	}
	switch (nodeTag(expr))
	{
		case T_Var:
			appendStringInfoString(buf, deparse_column(ctx->reloid, ((Var *) expr)->varattno));
			break;
		case T_Const:
			deparse_const(buf, (Const *) expr);
			break;
		case T_OpExpr:
			deparse_op(buf, ((OpExpr *) expr)->opno, ((OpExpr *) expr)->args, ctx);
			break;
		case T_DistinctExpr:
			appendStringInfoChar(buf, '(');
			deparse_list(buf, ((OpExpr *) expr)->args, " IS DISTINCT FROM ", ctx);
			appendStringInfoChar(buf, ')');
			break;
		case T_NullIfExpr:
			appendStringInfoString(buf, "NULLIF(");
			deparse_list(buf, ((OpExpr *) expr)->args, ", ", ctx);
			appendStringInfoChar(buf, ')');
			break;
		case T_ScalarArrayOpExpr:
			deparse_scalar_array_op(buf, (ScalarArrayOpExpr *) expr, ctx);
			break;
		case T_FuncExpr:
			deparse_func(buf, (FuncExpr *) expr, ctx);
			break;
		case T_RelabelType:
			appendStringInfoChar(buf, '(');
			deparse_expr(buf, (Node *) ((RelabelType *) expr)->arg, ctx);
			appendStringInfoChar(buf, ')');
			append_cast(buf, ((RelabelType *) expr)->resulttype,
			            ((RelabelType *) expr)->resulttypmod);
			break;
		case T_ArrayExpr:
			deparse_array(buf, (ArrayExpr *) expr, ctx);
			break;
		case T_Aggref:
			deparse_aggref(buf, (Aggref *) expr, ctx);
			break;
		case T_BoolExpr:
			deparse_bool(buf, (BoolExpr *) expr, ctx);
			break;
		case T_NullTest:
			appendStringInfoChar(buf, '(');
			deparse_expr(buf, (Node *) ((NullTest *) expr)->arg, ctx);
			appendStringInfoString(
			    buf, ((NullTest *) expr)->nulltesttype == IS_NULL ? " IS NULL)" : " IS NOT NULL)");
			break;
		case T_BooleanTest:
			deparse_boolean_test(buf, (BooleanTest *) expr, ctx);
			break;
		default:
			elog(ERROR, "cannot deparse node type %d", (int) nodeTag(expr));
	}
}

void
deparse_and_list(StringInfo buf, List *exprs, DeparseContext *ctx)
{
	deparse_list(buf, exprs, " AND ", ctx);
}

bool
is_tablesample_pushable(TableSampleClause *sample, Index relid)
{
	return sample->tsmhandler < FirstGenbkiObjectId && is_pushable((Node *) sample->args, relid) &&
	       (sample->repeatable == NULL || is_pushable((Node *) sample->repeatable, relid));
}

void
deparse_tablesample(StringInfo buf, TableSampleClause *sample, DeparseContext *ctx)
{
	appendStringInfo(buf, " TABLESAMPLE pg_catalog.%s(",
	                 quote_identifier(get_func_name(sample->tsmhandler)));
	deparse_list(buf, sample->args, ", ", ctx);
	appendStringInfoChar(buf, ')');
	if (sample->repeatable == NULL)
		return;
	appendStringInfoString(buf, " REPEATABLE (");
	deparse_expr(buf, (Node *) sample->repeatable, ctx);
	appendStringInfoChar(buf, ')');
}

void
with_transmission_settings(void (*fn)(void *), void *arg)
{
	int level = NewGUCNestLevel();
	set_config_option("datestyle", "ISO", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
	                  false);
	set_config_option("intervalstyle", "postgres", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
	                  true, 0, false);
	set_config_option("extra_float_digits", "3", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true,
	                  0, false);
	fn(arg);
	AtEOXact_GUC(true, level);
}

} // namespace tsdist::dist
