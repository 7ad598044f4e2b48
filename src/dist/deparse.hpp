// Deparser of the conditions and statements the access node sends to data
// nodes: which expressions are safe to evaluate remotely, and their SQL text.
// PG zone (functions raise).
//
// Pushable: Vars of the scanned relation (user columns), Consts and Params of
// built-in types, built-in immutable operators and functions (OID below
// FirstGenbkiObjectId), immutable functions of this extension (time_bucket,
// get_partition_hash), AND/OR/NOT, IS [NOT] NULL, IS [NOT] TRUE/FALSE,
// ScalarArrayOp (IN lists, = ANY), ARRAY[...], binary-compatible relabels.
// Collations follow postgres_fdw's rule, since the deparsed text never says
// COLLATE: every collation-sensitive operation (and the result) must use the
// collation of the scanned columns it reads, or the database default when no
// column imposes one; an explicit COLLATE (or a constant of another
// collation) keeps the expression on the access node. A subexpression without Vars,
// volatile functions or subqueries (a Param, now() - interval '1 day') is
// evaluated on the access node when the scan starts and sent as a parameter.
// Everything else is evaluated on the access node row by row.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
#include "nodes/primnodes.h"
}

namespace tsdist::dist
{

// What the deparser needs: the scanned relation and the Params met so far
// (each becomes $n, n = its position in `params`).
struct DeparseContext
{
	Index relid;  // varno of the relation's Vars
	Oid reloid;   // the relation, for column names
	List *params; // values computed locally (Exprs), in $n order (grows)
};

// True when `expr` can be evaluated on the data node.
bool is_pushable(Node *expr, Index relid);

// True when aggregate call `agg` (its arguments, FILTER and input collation)
// can be computed on the data node; the caller checks the aggregate itself.
bool is_pushable_aggregate(Aggref *agg, Index relid);

// Appends the SQL of a pushable expression (or of a plain aggregate call of
// pushable arguments) to `buf` (constants printed with
// ISO DateStyle, so the text means the same on the data node).
void deparse_expr(StringInfo buf, Node *expr, DeparseContext *ctx);

// Appends "a AND b AND ..." of a list of pushable expressions.
void deparse_and_list(StringInfo buf, List *exprs, DeparseContext *ctx);

// True when TABLESAMPLE `sample` can be sent: a built-in sampling method
// (SYSTEM, BERNOULLI) and pushable arguments.
bool is_tablesample_pushable(TableSampleClause *sample, Index relid);

// Appends " TABLESAMPLE method(args) [REPEATABLE (seed)]". Each data node
// samples its own rows; REPEATABLE repeats a sample only while the rows stay
// on the same nodes and pages.
void deparse_tablesample(StringInfo buf, TableSampleClause *sample, DeparseContext *ctx);

// A column name of `reloid`, quoted.
const char *deparse_column(Oid reloid, AttrNumber attno);

// The schema-qualified, quoted name of relation `reloid`.
const char *deparse_relation(Oid reloid);

// Runs `fn(arg)` with DateStyle ISO, IntervalStyle postgres and
// extra_float_digits 3 (values printed the way data nodes read them).
void with_transmission_settings(void (*fn)(void *), void *arg);

} // namespace tsdist::dist
