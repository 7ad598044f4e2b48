// Data node selection for distributed scans: chunk exclusion on the access
// node, one replica per chunk, per-node chunk restrictions.
#include "pg/pg.hpp"
#include "pg/search_path.hpp"
#include "dist/scan_targets.hpp"
#include "dist/deparse.hpp"
#include "catalog/chunk_store.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/dist_store.hpp"
#include "core/partition_hash.hpp"
#include "core/time_slice.hpp"
#include "hypertable/dimension_value.hpp"
#include "hypertable/space_hash.hpp"

extern "C"
{
#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "foreign/foreign.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
}

namespace tsdist::dist
{

using catalog::ChunkInfo;
using catalog::Dimension;
using catalog::Hypertable;

// One chunk replica: chunk id and node.
struct Replica
{
	int32 chunk_id;
	char *node;
};

// Narrows [lo, hi) of dimension `d` by "var <strategy> value".
static void
narrow(const Dimension *d, int strategy, Datum value, int64 *lo, int64 *hi)
{
	if (d->is_space)
	{
		if (strategy != BTEqualStrategyNumber)
			return;
		int64 h = hypertable::space_hash(hypertable::space_hasher_for_dimension(d), value);
		*lo = Max(*lo, h);
		*hi = Min(*hi, h + 1);
		return;
	}
	int64 v = hypertable::time_value_to_internal(value, d->column_type);
	if (strategy == BTEqualStrategyNumber || strategy == BTGreaterEqualStrategyNumber)
		*lo = Max(*lo, v);
	if ((strategy == BTEqualStrategyNumber || strategy == BTLessEqualStrategyNumber) &&
	    v < PG_INT64_MAX)
		*hi = Min(*hi, v + 1);
	if (strategy == BTGreaterStrategyNumber && v < PG_INT64_MAX)
		*lo = Max(*lo, v + 1);
	if (strategy == BTLessStrategyNumber)
		*hi = Min(*hi, v);
}

// The btree strategy of `opno` for `type`, with the Var on the right side
// commuted; 0 when it is not a btree comparison of that type.
static int
strategy_of(Oid opno, Oid type, bool var_on_right)
{
	Oid opclass = GetDefaultOpClass(type, BTREE_AM_OID);
	if (!OidIsValid(opclass))
		return 0;
	int s = get_op_opfamily_strategy(opno, get_opclass_family(opclass));
	if (s == 0 || !var_on_right)
		return s;
	return BTMaxStrategyNumber + 1 - s; // < ↔ >, <= ↔ >=, = stays
}

// Applies one qual "dimension column op constant" to the bounds.
static void
apply_qual(const Hypertable *ht, Node *qual, Index relid, int64 *lo, int64 *hi)
{
	if (!IsA(qual, OpExpr) || list_length(((OpExpr *) qual)->args) != 2)
		return;
	OpExpr *op = (OpExpr *) qual;
	Node *l = strip_implicit_coercions((Node *) linitial(op->args));
	Node *r = strip_implicit_coercions((Node *) lsecond(op->args));
	bool var_on_right = IsA(r, Var);
	Var *var = (Var *) (var_on_right ? r : l);
	Const *c = (Const *) (var_on_right ? l : r);
	if (!IsA(var, Var) || !IsA(c, Const) || c->constisnull || (Index) var->varno != relid)
		return;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const Dimension *d = &ht->dimensions[i];
		if (d->attno != var->varattno || c->consttype != var->vartype)
			continue;
		int s = strategy_of(op->opno, var->vartype, var_on_right);
		// Hash exclusion holds only where equal values hash alike.
		if (d->is_space && !hypertable::equality_keeps_hash(var->vartype, op->inputcollid))
			continue;
		if (s != 0)
			narrow(d, s, c->constvalue, &lo[i], &hi[i]);
	}
}

void
scan_bounds(const Hypertable *ht, List *quals, Index relid, int64 *lo, int64 *hi)
{
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		lo[i] = PG_INT64_MIN;
		hi[i] = PG_INT64_MAX;
	}
	ListCell *lc;
	foreach (lc, quals)
		apply_qual(ht, (Node *) lfirst(lc), relid, lo, hi);
}

// True when a chunk's [start, end) holds values from [lo, hi). A range
// ending at kTimeMax has no upper bound: it also holds kTimeMax itself, the
// internal value of +infinity (and of dates past the int64 µs range), which
// inserts route there, so lo == kTimeMax ("= 'infinity'") still finds it.
static bool
range_overlaps(int64 start, int64 end, int64 lo, int64 hi)
{
	return start < hi && (end > lo || end == core::kTimeMax);
}

// Chunks of `ht` whose hypercube overlaps the bounds.
static List *
surviving_chunks(const Hypertable *ht, List *chunks, const int64 *lo, const int64 *hi)
{
	List *result = NIL;
	ListCell *lc;
	foreach (lc, chunks)
	{
		ChunkInfo *c = (ChunkInfo *) lfirst(lc);
		bool overlaps = true;
		for (int i = 0; i < ht->num_dimensions; i++)
			overlaps = overlaps && range_overlaps(c->range_start[i], c->range_end[i], lo[i], hi[i]);
		if (overlaps)
			result = lappend(result, c);
	}
	return result;
}

List *
bounds_to_list(const Hypertable *ht, const int64 *lo, const int64 *hi)
{
	List *list = NIL;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		list = lappend(list, makeString(psprintf(INT64_FORMAT, lo[i])));
		list = lappend(list, makeString(psprintf(INT64_FORMAT, hi[i])));
	}
	return list;
}

void
bounds_from_list(List *list, int64 *lo, int64 *hi)
{
	for (int i = 0; i < list_length(list) / 2; i++)
	{
		lo[i] = pg_strtoint64(strVal(list_nth(list, 2 * i)));
		hi[i] = pg_strtoint64(strVal(list_nth(list, 2 * i + 1)));
	}
}

// Every replica (Replica *) of the chunks of `ht`, by chunk id and node name.
static List *
replicas_of(int32 ht_id)
{
	MemoryContext caller = CurrentMemoryContext;
	List *result = NIL;
	Oid argtypes[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(ht_id)};
	int level = pg::search_path_pin();
	SPI_connect();
	SPI_execute_with_args("SELECT cdn.chunk_id, cdn.node_name::text"
	                      " FROM _timescaledb_dist_catalog.chunk_data_node cdn"
	                      " JOIN _timescaledb_dist_catalog.chunk c ON c.id = cdn.chunk_id"
	                      " WHERE c.hypertable_id = $1 ORDER BY 1, 2",
	                      1, argtypes, values, NULL, true, 0);
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		HeapTuple tuple = SPI_tuptable->vals[row];
		bool isnull;
		int32 id = DatumGetInt32(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 1, &isnull));
		char *node = SPI_getvalue(tuple, SPI_tuptable->tupdesc, 2);
		MemoryContext spi = MemoryContextSwitchTo(caller);
		Replica *r = (Replica *) palloc(sizeof(Replica));
		r->chunk_id = id;
		r->node = pstrdup(node);
		result = lappend(result, r);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	pg::search_path_restore(level);
	return result;
}

// The target for `node` in `targets`, added when missing.
static NodeTarget *
target_for(List **targets, const char *node)
{
	ListCell *lc;
	foreach (lc, *targets)
		if (strcmp(((NodeTarget *) lfirst(lc))->name, node) == 0)
			return (NodeTarget *) lfirst(lc);
	NodeTarget *t = (NodeTarget *) palloc0(sizeof(NodeTarget));
	t->name = pstrdup(node);
	t->server = GetForeignServerByName(node, false)->serverid;
	*targets = lappend(*targets, t);
	return t;
}

// Every attached data node, unrestricted.
static List *
all_attached(const Hypertable *ht)
{
	List *targets = NIL;
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
		target_for(&targets, NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name));
	return targets;
}

// A node's share of the scan while chunks are assigned.
struct Share
{
	char *node;
	List *chunks; // ChunkInfo * assigned to this node
	bool shared;  // also holds a chunk assigned elsewhere
};

// The share of `node`, added when missing.
static Share *
share_for(List **shares, const char *node)
{
	ListCell *lc;
	foreach (lc, *shares)
		if (strcmp(((Share *) lfirst(lc))->node, node) == 0)
			return (Share *) lfirst(lc);
	Share *s = (Share *) palloc0(sizeof(Share));
	s->node = pstrdup(node);
	*shares = lappend(*shares, s);
	return s;
}

// True when data node `node` exists and is not marked available => false.
static bool
node_available(const char *node)
{
	ForeignServer *server = catalog::data_node_get(node, true);
	return server != NULL && catalog::data_node_options(server).available;
}

// Assigns `chunk` to the available replica with the fewest chunks so far
// (any replica when none is available: reading it then reports the node's
// error); the other replicas are marked shared.
static void
assign_chunk(List **shares, ChunkInfo *chunk, List *replicas)
{
	Share *best = NULL;
	bool best_available = false;
	ListCell *lc;
	foreach (lc, replicas)
	{
		Replica *r = (Replica *) lfirst(lc);
		if (r->chunk_id != chunk->id)
			continue;
		Share *s = share_for(shares, r->node);
		bool available = node_available(r->node);
		if (best == NULL || (available && !best_available) ||
		    (available == best_available && list_length(s->chunks) < list_length(best->chunks)))
		{
			best = s;
			best_available = available;
		}
	}
	if (best == NULL)
		return; // a chunk without replicas has no rows anywhere
	best->chunks = lappend(best->chunks, chunk);
	foreach (lc, replicas)
	{
		Replica *r = (Replica *) lfirst(lc);
		if (r->chunk_id == chunk->id && strcmp(r->node, best->node) != 0)
			share_for(shares, r->node)->shared = true;
	}
}

// The partitioning expression of space dimension `d`, as the chunks' CHECK
// constraints write it.
static char *
space_expression(const Dimension *d)
{
	const char *col = quote_identifier(NameStr(d->column_name));
	if (NameStr(d->partitioning_func)[0] == '\0')
		return psprintf("_timescaledb_dist_functions.get_partition_hash(%s)", col);
	return psprintf("(%s(%s) & 2147483647)",
	                quote_qualified_identifier(NameStr(d->partitioning_func_schema),
	                                           NameStr(d->partitioning_func)),
	                col);
}

// Appends the hypercube of `chunk` as "(a >= lo AND a < hi AND ...)".
static void
append_hypercube(StringInfo buf, const Hypertable *ht, const ChunkInfo *chunk)
{
	appendStringInfoChar(buf, '(');
	bool first = true;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const Dimension *d = &ht->dimensions[i];
		const char *expr =
		    d->is_space ? space_expression(d) : quote_identifier(NameStr(d->column_name));
		const char *lo = NULL;
		const char *hi = NULL;
		if (d->is_space)
		{
			if (chunk->range_start[i] > 0)
				lo = psprintf(INT64_FORMAT, chunk->range_start[i]);
			if (chunk->range_end[i] < core::kHashEnd)
				hi = psprintf(INT64_FORMAT, chunk->range_end[i]);
		}
		else
		{
			lo = hypertable::time_bound_literal(chunk->range_start[i], d->column_type);
			hi = hypertable::time_bound_literal(chunk->range_end[i], d->column_type);
		}
		if (lo != NULL)
			appendStringInfo(buf, "%s%s >= %s", first ? "" : " AND ", expr, lo);
		first = first && lo == NULL;
		if (hi != NULL)
			appendStringInfo(buf, "%s%s < %s", first ? "" : " AND ", expr, hi);
		first = first && hi == NULL;
	}
	appendStringInfoString(buf, first ? "true)" : ")");
}

// "(cube1 OR cube2 ...)" of the chunks assigned to a share.
static char *
restriction_of(const Hypertable *ht, const Share *s)
{
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	ListCell *lc;
	foreach (lc, s->chunks)
	{
		if (lc != list_head(s->chunks))
			appendStringInfoString(&buf, " OR ");
		append_hypercube(&buf, ht, (ChunkInfo *) lfirst(lc));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

// What with_transmission_settings runs: the targets (restrictions hold time
// literals, printed as the data nodes read them).
struct TargetsCall
{
	const Hypertable *ht;
	const int64 *lo;
	const int64 *hi;
	List *targets;
};

// with_transmission_settings callback.
extern "C" void
compute_targets(void *arg)
{
	TargetsCall *call = (TargetsCall *) arg;
	List *chunks = catalog::chunk_list(call->ht);
	if (chunks == NIL)
	{
		call->targets = all_attached(call->ht);
		return;
	}
	List *replicas = replicas_of(call->ht->id);
	List *shares = NIL;
	ListCell *lc;
	foreach (lc, surviving_chunks(call->ht, chunks, call->lo, call->hi))
		assign_chunk(&shares, (ChunkInfo *) lfirst(lc), replicas);
	foreach (lc, shares)
	{
		Share *s = (Share *) lfirst(lc);
		if (s->chunks == NIL)
			continue;
		NodeTarget *t = target_for(&call->targets, s->node);
		t->restriction = s->shared ? restriction_of(call->ht, s) : NULL;
	}
}

List *
scan_targets(const Hypertable *ht, const int64 *lo, const int64 *hi)
{
	TargetsCall call = {ht, lo, hi, NIL};
	with_transmission_settings(compute_targets, &call);
	return call.targets;
}

} // namespace tsdist::dist
