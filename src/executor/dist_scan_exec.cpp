// DistributedScan: remote cursors on the data nodes, rows into scan slots.
#include "pg/pg.hpp"
#include "executor/dist_scan_exec.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse_plan.hpp"
#include "dist/scan_targets.hpp"
#include "executor/dist_explain.hpp"
#include "executor/dist_params.hpp"
#include "remote/request.hpp"
#include "txn/dist_txn.hpp"

extern "C"
{
#include "commands/explain.h"
#include "executor/executor.h"
#include "nodes/extensible.h"
#include "utils/lsyscache.h"
#include "utils/sortsupport.h"
#include "utils/rel.h"
}

namespace tsdist::executor
{

// One data node's cursor.
struct NodeCursor
{
	const char *name;
	Oid server;
	const char *sql;
	remote::Connection *conn;
	remote::Result *batch; // the current FETCH result, or NULL
	int row;               // next row of batch
	bool open;             // the cursor is declared
	bool eof;              // the last batch has been fetched
	char cursor[NAMEDATALEN];
};

struct DistScanState
{
	CustomScanState css;
	int nnodes;
	NodeCursor *nodes;
	int nfetched;       // columns in each remote row
	AttrNumber *attnos; // their attribute numbers
	FmgrInfo *in_funcs; // their input functions
	Oid *ioparams;
	int32 *typmods;
	List *param_states; // ExprState * of the $n values
	int nkeys;          // sort keys: the nodes' sorted streams are merged
	int *key_columns;   // index of each key among the fetched columns
	SortSupport sort;   // comparison of each key
	MemoryContext key_cxt;
	Oid hypertable; // the distributed hypertable read
	bool started;
	int current; // node being read
	MemoryContext row_cxt;
};

static uint32 cursor_counter = 0;

extern "C" Node *tsdist_dist_scan_create(CustomScan *cscan);
extern "C" void tsdist_dist_scan_begin(CustomScanState *node, EState *estate, int eflags);
extern "C" TupleTableSlot *tsdist_dist_scan_exec(CustomScanState *node);
extern "C" void tsdist_dist_scan_end(CustomScanState *node);
extern "C" void tsdist_dist_scan_rescan(CustomScanState *node);
extern "C" void tsdist_dist_scan_explain(CustomScanState *node, List *ancestors, ExplainState *es);

static CustomScanMethods plan_methods = {
    .CustomName = dist::kDistributedScanNode,
    .CreateCustomScanState = tsdist_dist_scan_create,
};

static CustomExecMethods exec_methods = {
    .CustomName = dist::kDistributedScanNode,
    .BeginCustomScan = tsdist_dist_scan_begin,
    .ExecCustomScan = tsdist_dist_scan_exec,
    .EndCustomScan = tsdist_dist_scan_end,
    .ReScanCustomScan = tsdist_dist_scan_rescan,
    .ExplainCustomScan = tsdist_dist_scan_explain,
};

void
dist_scan_register()
{
	RegisterCustomScanMethods(&plan_methods);
}

extern "C" Node *
tsdist_dist_scan_create(CustomScan *cscan)
{
	(void) cscan;
	DistScanState *state = (DistScanState *) newNode(sizeof(DistScanState), T_CustomScanState);
	state->css.methods = &exec_methods;
	return (Node *) state;
}

// The data nodes to read, from the catalog as it is now.
static void
init_nodes(DistScanState *state, CustomScan *cscan)
{
	const char *sql = strVal(linitial(cscan->custom_private));
	bool has_where = intVal(lsecond(cscan->custom_private)) != 0;
	const char *suffix = strVal(list_nth(cscan->custom_private, 4));
	int64 lo[catalog::kMaxDimensions];
	int64 hi[catalog::kMaxDimensions];
	dist::bounds_from_list((List *) lfourth(cscan->custom_private), lo, hi);
	catalog::Hypertable *ht = catalog::hypertable_get(state->hypertable);
	List *targets = ht != NULL ? dist::scan_targets(ht, lo, hi) : NIL;
	state->nnodes = list_length(targets);
	state->nodes = (NodeCursor *) palloc0(sizeof(NodeCursor) * (state->nnodes + 1));
	for (int i = 0; i < state->nnodes; i++)
	{
		dist::NodeTarget *t = (dist::NodeTarget *) list_nth(targets, i);
		state->nodes[i].name = t->name;
		state->nodes[i].server = t->server;
		state->nodes[i].sql =
		    psprintf("%s%s", dist::add_condition(sql, has_where, t->restriction), suffix);
	}
}

// Input functions of the fetched columns: `attnos` of the hypertable, or
// every column of the scan tuple (partial aggregation).
static void
init_columns(DistScanState *state, List *attnos)
{
	TupleDesc desc = state->css.ss.ss_ScanTupleSlot->tts_tupleDescriptor;
	if (state->css.ss.ss_currentRelation == NULL)
		for (int a = 1; a <= desc->natts; a++)
			attnos = lappend_int(attnos, a);
	int n = list_length(attnos);
	state->nfetched = n;
	state->attnos = (AttrNumber *) palloc(sizeof(AttrNumber) * (n + 1));
	state->in_funcs = (FmgrInfo *) palloc(sizeof(FmgrInfo) * (n + 1));
	state->ioparams = (Oid *) palloc(sizeof(Oid) * (n + 1));
	state->typmods = (int32 *) palloc(sizeof(int32) * (n + 1));
	for (int k = 0; k < n; k++)
	{
		AttrNumber a = (AttrNumber) list_nth_int(attnos, k);
		Form_pg_attribute att = TupleDescAttr(desc, a - 1);
		Oid in;
		getTypeInputInfo(att->atttypid, &in, &state->ioparams[k]);
		fmgr_info(in, &state->in_funcs[k]);
		state->attnos[k] = a;
		state->typmods[k] = att->atttypmod;
	}
}

// Sort support of the pushed ORDER BY keys (merging needs more than one node).
static void
init_sort(DistScanState *state, List *keys)
{
	if (keys == NIL || state->nnodes < 2)
		return;
	state->nkeys = list_length(keys);
	state->key_columns = (int *) palloc0(sizeof(int) * state->nkeys);
	state->sort = (SortSupport) palloc0(sizeof(SortSupportData) * state->nkeys);
	state->key_cxt =
	    AllocSetContextCreate(CurrentMemoryContext, "DistributedScan keys", ALLOCSET_SMALL_SIZES);
	for (int k = 0; k < state->nkeys; k++)
	{
		List *key = (List *) list_nth(keys, k);
		for (int c = 0; c < state->nfetched; c++)
			if (state->attnos[c] == linitial_int(key))
				state->key_columns[k] = c;
		SortSupport ssup = &state->sort[k];
		ssup->ssup_cxt = CurrentMemoryContext;
		ssup->ssup_collation = (Oid) lthird_int(key);
		ssup->ssup_nulls_first = lfourth_int(key) != 0;
		PrepareSortSupportFromOrderingOp((Oid) lsecond_int(key), ssup);
	}
}

extern "C" void
tsdist_dist_scan_begin(CustomScanState *node, EState *estate, int eflags)
{
	(void) estate;
	(void) eflags;
	DistScanState *state = (DistScanState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	state->hypertable = (Oid) intVal(list_nth(cscan->custom_private, 6));
	init_columns(state, (List *) lthird(cscan->custom_private));
	init_nodes(state, cscan);
	init_sort(state, (List *) list_nth(cscan->custom_private, 5));
	state->param_states = ExecInitExprList(cscan->custom_exprs, &node->ss.ps);
	state->row_cxt =
	    AllocSetContextCreate(CurrentMemoryContext, "DistributedScan rows", ALLOCSET_DEFAULT_SIZES);
}

// Stores batch `result` of node `nc` (taking ownership).
static void
set_batch(NodeCursor *nc, remote::Result *result)
{
	nc->batch = result;
	nc->row = 0;
	nc->eof = PQntuples(result->pg) < dist::kFetchSize;
}

// Sends `sqls[i]` to every node with cursor `open` == want_open, waits for
// all; the results are returned in results[i] (NULL for the others).
static void
run_on_nodes(DistScanState *state, const char *const *sqls, int nparams, const char **values,
             remote::Result **results)
{
	remote::Connection **conns =
	    (remote::Connection **) palloc0(sizeof(remote::Connection *) * (state->nnodes + 1));
	remote::Result **collected =
	    (remote::Result **) palloc0(sizeof(remote::Result *) * (state->nnodes + 1));
	int n = 0;
	for (int i = 0; i < state->nnodes; i++)
	{
		if (sqls[i] == NULL)
			continue;
		remote::send_query_params(state->nodes[i].conn, sqls[i], nparams, values);
		conns[n++] = state->nodes[i].conn;
	}
	remote::collect_results(conns, n, collected);
	for (int i = 0, k = 0; i < state->nnodes; i++)
		results[i] = sqls[i] == NULL ? NULL : collected[k++];
	pfree(conns);
	pfree(collected);
}

// Declares every node's cursor and fetches the first batch of each, all
// nodes at once.
static void
start_scan(DistScanState *state)
{
	EState *estate = state->css.ss.ps.state;
	MemoryContext old = MemoryContextSwitchTo(estate->es_query_cxt);
	const char **values = dist_param_values(state->param_states, state->css.ss.ps.ps_ExprContext);
	int n = state->nnodes;
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	remote::Result **results = (remote::Result **) palloc0(sizeof(remote::Result *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		NodeCursor *nc = &state->nodes[i];
		nc->conn = txn::dist_txn_connection(nc->server);
		snprintf(nc->cursor, NAMEDATALEN, "tsdist_c%u", ++cursor_counter);
		sqls[i] = psprintf("DECLARE %s NO SCROLL CURSOR FOR %s", nc->cursor, nc->sql);
	}
	run_on_nodes(state, sqls, list_length(state->param_states), values, results);
	for (int i = 0; i < n; i++)
	{
		remote::result_free(results[i]);
		state->nodes[i].open = true;
		sqls[i] = psprintf("FETCH %d FROM %s", dist::kFetchSize, state->nodes[i].cursor);
	}
	run_on_nodes(state, sqls, 0, NULL, results);
	for (int i = 0; i < n; i++)
		set_batch(&state->nodes[i], results[i]);
	state->started = true;
	state->current = 0;
	MemoryContextSwitchTo(old);
}

// Fetches the next batch of one node.
static void
fetch_next(DistScanState *state, NodeCursor *nc)
{
	MemoryContext old = MemoryContextSwitchTo(state->css.ss.ps.state->es_query_cxt);
	remote::send_query(nc->conn, psprintf("FETCH %d FROM %s", dist::kFetchSize, nc->cursor));
	set_batch(nc, remote::get_result(nc->conn));
	MemoryContextSwitchTo(old);
}

// Drops every node's batch and makes the per-node commands: CLOSE for open
// cursors (`close`) or else the next FETCH for nodes with more rows; NULL
// when no node needs one.
static const char **
cursor_commands(DistScanState *state, bool close)
{
	const char **sqls = (const char **) palloc0(sizeof(char *) * (state->nnodes + 1));
	bool any = false;
	for (int i = 0; i < state->nnodes; i++)
	{
		NodeCursor *nc = &state->nodes[i];
		remote::result_free(nc->batch);
		nc->batch = NULL;
		if (close ? nc->open && nc->conn->pg != NULL : !nc->eof)
		{
			sqls[i] = close ? psprintf("CLOSE %s", nc->cursor)
			                : psprintf("FETCH %d FROM %s", dist::kFetchSize, nc->cursor);
			any = true;
		}
		if (close)
			nc->open = false;
	}
	if (any)
		return sqls;
	pfree(sqls);
	return NULL;
}

// Unordered scans: once every node's batch is read, fetches the next batch of
// every node that has more rows, all at once; false when none has.
static bool
fetch_all_next(DistScanState *state)
{
	MemoryContext old = MemoryContextSwitchTo(state->css.ss.ps.state->es_query_cxt);
	const char **sqls = cursor_commands(state, false);
	bool any = sqls != NULL;
	if (any)
	{
		remote::Result **results =
		    (remote::Result **) palloc0(sizeof(remote::Result *) * (state->nnodes + 1));
		run_on_nodes(state, sqls, 0, NULL, results);
		for (int i = 0; i < state->nnodes; i++)
			if (sqls[i] != NULL)
				set_batch(&state->nodes[i], results[i]);
		pfree(sqls);
		pfree(results);
	}
	MemoryContextSwitchTo(old);
	return any;
}

// Fills the scan slot from row nc->row of the node's batch.
static TupleTableSlot *
store_row(DistScanState *state, NodeCursor *nc)
{
	TupleTableSlot *slot = state->css.ss.ss_ScanTupleSlot;
	ExecClearTuple(slot);
	MemoryContextReset(state->row_cxt);
	MemoryContext old = MemoryContextSwitchTo(state->row_cxt);
	int natts = slot->tts_tupleDescriptor->natts;
	for (int a = 0; a < natts; a++)
	{
		slot->tts_values[a] = (Datum) 0;
		slot->tts_isnull[a] = true;
	}
	PGresult *res = nc->batch->pg;
	for (int k = 0; k < state->nfetched; k++)
	{
		int a = state->attnos[k] - 1;
		bool isnull = PQgetisnull(res, nc->row, k);
		char *text = isnull ? NULL : PQgetvalue(res, nc->row, k);
		slot->tts_values[a] =
		    InputFunctionCall(&state->in_funcs[k], text, state->ioparams[k], state->typmods[k]);
		slot->tts_isnull[a] = isnull;
	}
	MemoryContextSwitchTo(old);
	nc->row++;
	slot = ExecStoreVirtualTuple(slot);
	slot->tts_tableOid = state->hypertable;
	return slot;
}

// True when node `nc` has a current row, fetching its next batch if needed.
static bool
ensure_row(DistScanState *state, NodeCursor *nc)
{
	while (nc->batch == NULL || nc->row >= PQntuples(nc->batch->pg))
	{
		remote::result_free(nc->batch);
		nc->batch = NULL;
		if (nc->eof)
			return false;
		fetch_next(state, nc);
	}
	return true;
}

// Key `k` of the current row of `nc`.
static Datum
key_value(DistScanState *state, NodeCursor *nc, int k, bool *isnull)
{
	int c = state->key_columns[k];
	*isnull = PQgetisnull(nc->batch->pg, nc->row, c);
	char *text = *isnull ? NULL : PQgetvalue(nc->batch->pg, nc->row, c);
	return InputFunctionCall(&state->in_funcs[c], text, state->ioparams[c], state->typmods[c]);
}

// Compares the current rows of two nodes by the sort keys.
static int
compare_rows(DistScanState *state, NodeCursor *a, NodeCursor *b)
{
	for (int k = 0; k < state->nkeys; k++)
	{
		bool anull, bnull;
		Datum av = key_value(state, a, k, &anull);
		Datum bv = key_value(state, b, k, &bnull);
		int cmp = ApplySortComparator(av, anull, bv, bnull, &state->sort[k]);
		if (cmp != 0)
			return cmp;
	}
	return 0;
}

// The next row of the merged sorted node streams.
static TupleTableSlot *
merge_next(DistScanState *state)
{
	NodeCursor *best = NULL;
	for (int i = 0; i < state->nnodes; i++)
	{
		NodeCursor *nc = &state->nodes[i];
		if (!ensure_row(state, nc))
			continue;
		MemoryContext old = MemoryContextSwitchTo(state->key_cxt);
		if (best == NULL || compare_rows(state, nc, best) < 0)
			best = nc;
		MemoryContextSwitchTo(old);
		MemoryContextReset(state->key_cxt);
	}
	if (best == NULL)
		return ExecClearTuple(state->css.ss.ss_ScanTupleSlot);
	return store_row(state, best);
}

// ExecScan access method: the next remote row, batch after batch of each
// node (or merged).
extern "C" TupleTableSlot *
dist_scan_next(ScanState *node)
{
	DistScanState *state = (DistScanState *) node;
	if (!state->started)
		start_scan(state);
	if (state->nkeys > 0)
		return merge_next(state);
	for (;;)
	{
		for (; state->current < state->nnodes; state->current++)
		{
			NodeCursor *nc = &state->nodes[state->current];
			if (nc->batch != NULL && nc->row < PQntuples(nc->batch->pg))
				return store_row(state, nc);
		}
		if (!fetch_all_next(state))
			return ExecClearTuple(node->ss_ScanTupleSlot);
		state->current = 0;
	}
}

// ExecScan recheck method: remote rows need no recheck.
extern "C" bool
dist_scan_recheck(ScanState *node, TupleTableSlot *slot)
{
	(void) node;
	(void) slot;
	return true;
}

extern "C" TupleTableSlot *
tsdist_dist_scan_exec(CustomScanState *node)
{
	return ExecScan(&node->ss, dist_scan_next, dist_scan_recheck);
}

// Closes the open cursors (all nodes at once) and drops the batches.
static void
close_cursors(DistScanState *state)
{
	const char **sqls = cursor_commands(state, true);
	if (sqls != NULL)
	{
		remote::Result **results =
		    (remote::Result **) palloc0(sizeof(remote::Result *) * (state->nnodes + 1));
		run_on_nodes(state, sqls, 0, NULL, results);
		for (int i = 0; i < state->nnodes; i++)
			remote::result_free(results[i]);
	}
	state->started = false;
}

extern "C" void
tsdist_dist_scan_end(CustomScanState *node)
{
	close_cursors((DistScanState *) node);
}

extern "C" void
tsdist_dist_scan_rescan(CustomScanState *node)
{
	close_cursors((DistScanState *) node);
	ExecScanReScan(&node->ss);
}

extern "C" void
tsdist_dist_scan_explain(CustomScanState *node, List *ancestors, ExplainState *es)
{
	(void) ancestors;
	DistScanState *state = (DistScanState *) node;
	const char **names = (const char **) palloc0(sizeof(char *) * (state->nnodes + 1));
	const char **sqls = (const char **) palloc0(sizeof(char *) * (state->nnodes + 1));
	for (int i = 0; i < state->nnodes; i++)
	{
		names[i] = state->nodes[i].name;
		sqls[i] = state->nodes[i].sql;
	}
	explain_data_nodes(es, state->nnodes, names, sqls);
}

} // namespace tsdist::executor
