// HypertableInsert: pulls rows from the INSERT's subplan, routes each to its
// chunk and stores it there (triggers, constraints, indexes, ON CONFLICT DO
// NOTHING, RETURNING), counting rows like ModifyTable does.
#include "pg/pg.hpp"
#include "executor/hypertable_insert.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/dist_insert.hpp"
#include "hypertable/chunk_insert.hpp"
#include "hypertable/custom_nodes.hpp"

extern "C"
{
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/nodeModifyTable.h"
#include "nodes/execnodes.h"
#include "nodes/extensible.h"
#include "parser/parsetree.h"
}

namespace tsdist::executor
{

using hypertable::ChunkInsertState;
using hypertable::ChunkRouter;

struct InsertState
{
	CustomScanState css;
	ModifyTable *mt;
	ResultRelInfo *ht_rri;
	ChunkRouter *router;       // local hypertable
	dist::DistInserter *dist;  // distributed hypertable
	TupleTableSlot *ht_slot;   // the row in the hypertable's layout
	ProjectionInfo *returning; // NULL without RETURNING
	bool statement_triggers_fired;
	bool done;
};

extern "C" Node *tsdist_insert_create_state(CustomScan *cscan);
extern "C" void tsdist_insert_begin(CustomScanState *node, EState *estate, int eflags);
extern "C" TupleTableSlot *tsdist_insert_exec(CustomScanState *node);
extern "C" void tsdist_insert_end(CustomScanState *node);
extern "C" void tsdist_insert_rescan(CustomScanState *node);

static CustomScanMethods plan_methods = {
    .CustomName = hypertable::kHypertableInsertNode,
    .CreateCustomScanState = tsdist_insert_create_state,
};

static CustomExecMethods exec_methods = {
    .CustomName = hypertable::kHypertableInsertNode,
    .BeginCustomScan = tsdist_insert_begin,
    .ExecCustomScan = tsdist_insert_exec,
    .EndCustomScan = tsdist_insert_end,
    .ReScanCustomScan = tsdist_insert_rescan,
};

void
hypertable_insert_register()
{
	RegisterCustomScanMethods(&plan_methods);
}

extern "C" Node *
tsdist_insert_create_state(CustomScan *cscan)
{
	InsertState *state = (InsertState *) newNode(sizeof(InsertState), T_CustomScanState);
	state->css.methods = &exec_methods;
	state->mt = (ModifyTable *) linitial(cscan->custom_private);
	return (Node *) state;
}

// RETURNING projection over the hypertable-layout row.
static ProjectionInfo *
build_returning(InsertState *state, EState *estate)
{
	if (state->mt->returningLists == NIL)
		return NULL;
	List *rlist = (List *) linitial(state->mt->returningLists);
	ExprContext *econtext = CreateExprContext(estate);
	return ExecBuildProjectionInfo(rlist, econtext, state->css.ss.ps.ps_ResultTupleSlot,
	                               &state->css.ss.ps,
	                               RelationGetDescr(state->ht_rri->ri_RelationDesc));
}

// ON CONFLICT DO UPDATE: the SET projection and WHERE over the existing row
// (scan tuple) and the proposed one (inner tuple, EXCLUDED).
static hypertable::UpsertState *
build_upsert(InsertState *state, EState *estate)
{
	ModifyTable *mt = state->mt;
	if (mt->onConflictAction != ONCONFLICT_UPDATE)
		return NULL;
	PlanState *ps = &state->css.ss.ps;
	Relation rel = state->ht_rri->ri_RelationDesc;
	auto *u = (hypertable::UpsertState *) palloc0(sizeof(hypertable::UpsertState));
	u->econtext = CreateExprContext(estate);
	u->new_row = table_slot_create(rel, &estate->es_tupleTable);
	u->set = ExecBuildUpdateProjection(mt->onConflictSet, true, mt->onConflictCols,
	                                   RelationGetDescr(rel), u->econtext, u->new_row, ps);
	if (mt->onConflictWhere != NULL)
		u->where = ExecInitQual((List *) mt->onConflictWhere, ps);
	return u;
}

// A distributed hypertable: rows go to data nodes (no ON CONFLICT).
static void
begin_distributed(InsertState *state, catalog::Hypertable *ht)
{
	if (state->mt->onConflictAction != ONCONFLICT_NONE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("ON CONFLICT is not supported on distributed hypertables"),
		                errdetail("Hypertable \"%s\" is distributed.", NameStr(ht->table_name))));
	Relation rel = state->ht_rri->ri_RelationDesc;
	state->dist = dist::dist_inserter_create(ht, RelationGetDescr(rel), false);
}

extern "C" void
tsdist_insert_begin(CustomScanState *node, EState *estate, int eflags)
{
	InsertState *state = (InsertState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	Index rti = linitial_int(state->mt->resultRelations);
	state->ht_rri = makeNode(ResultRelInfo);
	ExecInitResultRelation(estate, state->ht_rri, rti);
	Plan *subplan = (Plan *) linitial(cscan->custom_plans);
	node->custom_ps = list_make1(ExecInitNode(subplan, estate, eflags));
	Relation rel = state->ht_rri->ri_RelationDesc;
	state->ht_slot = table_slot_create(rel, &estate->es_tupleTable);
	catalog::Hypertable *ht = catalog::hypertable_get(RelationGetRelid(rel));
	if (ht == NULL)
		elog(ERROR, "relation \"%s\" is no longer a hypertable", RelationGetRelationName(rel));
	// RETURNING reads rows of several slot types (hypertable or chunk layout):
	// its expressions must not assume the custom scan's virtual scan slot.
	node->ss.ps.scanopsset = false;
	state->returning = build_returning(state, estate);
	if (ht->replication_factor > 0)
		begin_distributed(state, ht);
	else
	{
		state->router =
		    hypertable::router_create(ht, estate, state->ht_rri, false, state->mt->onConflictAction,
		                              state->mt->arbiterIndexes);
		state->router->upsert = build_upsert(state, estate);
	}
	// A writable CTE may not be read to its end: the executor finishes it.
	if (!state->mt->canSetTag)
		estate->es_auxmodifytables = lcons(node, estate->es_auxmodifytables);
}

// Buffers one row for its data nodes; returns the RETURNING row (as the
// access node computed it) or NULL.
static TupleTableSlot *
insert_one_distributed(InsertState *state, EState *estate)
{
	dist::dist_inserter_add(state->dist, state->ht_slot);
	if (state->mt->canSetTag)
		estate->es_processed++;
	if (state->returning == NULL)
		return NULL;
	// Generated columns are not sent (the node computes them): for RETURNING only.
	TupleConstr *constr = RelationGetDescr(state->ht_rri->ri_RelationDesc)->constr;
	if (constr != NULL && constr->has_generated_stored)
		ExecComputeStoredGenerated(state->ht_rri, estate, state->ht_slot, CMD_INSERT);
	state->ht_slot->tts_tableOid = RelationGetRelid(state->ht_rri->ri_RelationDesc);
	state->returning->pi_exprContext->ecxt_scantuple = state->ht_slot;
	return ExecProject(state->returning);
}

// Routes and stores one row; returns the RETURNING row or NULL.
static TupleTableSlot *
insert_one(InsertState *state, EState *estate, TupleTableSlot *plan_slot)
{
	ExecCopySlot(state->ht_slot, plan_slot);
	if (state->dist != NULL)
		return insert_one_distributed(state, estate);
	ChunkInsertState *cis = hypertable::router_route(state->router, state->ht_slot);
	TupleTableSlot *slot = hypertable::to_chunk_slot(cis, state->ht_slot);
	slot = hypertable::chunk_prepare_row(cis, estate, slot);
	if (slot != NULL)
		slot = hypertable::chunk_store_row(state->router, cis, slot);
	if (slot == NULL)
		return NULL;
	if (state->mt->canSetTag)
		estate->es_processed++;
	if (state->returning == NULL)
		return NULL;
	TupleTableSlot *row = slot;
	if (cis->to_hypertable != NULL)
		row = execute_attr_map_slot(cis->to_hypertable->attrMap, slot, state->ht_slot);
	row->tts_tableOid = slot->tts_tableOid;
	row->tts_tid = slot->tts_tid;
	state->returning->pi_exprContext->ecxt_scantuple = row;
	return ExecProject(state->returning);
}

extern "C" TupleTableSlot *
tsdist_insert_exec(CustomScanState *node)
{
	InsertState *state = (InsertState *) node;
	EState *estate = node->ss.ps.state;
	if (state->done)
		return NULL;
	if (!state->statement_triggers_fired)
	{
		ExecBSInsertTriggers(estate, state->ht_rri);
		state->statement_triggers_fired = true;
	}
	PlanState *subplan = (PlanState *) linitial(node->custom_ps);
	for (;;)
	{
		ResetPerTupleExprContext(estate);
		if (state->returning != NULL)
			ResetExprContext(state->returning->pi_exprContext);
		if (state->router != NULL && state->router->upsert != NULL)
			ResetExprContext(state->router->upsert->econtext);
		TupleTableSlot *plan_slot = ExecProcNode(subplan);
		if (TupIsNull(plan_slot))
			break;
		TupleTableSlot *out = insert_one(state, estate, plan_slot);
		if (out != NULL)
			return out;
	}
	if (state->dist != NULL)
		dist::dist_inserter_flush(state->dist);
	ExecASInsertTriggers(estate, state->ht_rri, NULL);
	state->done = true;
	return NULL;
}

extern "C" void
tsdist_insert_end(CustomScanState *node)
{
	InsertState *state = (InsertState *) node;
	if (state->router != NULL)
		hypertable::router_finish(state->router);
	ExecEndNode((PlanState *) linitial(node->custom_ps));
}

extern "C" void
tsdist_insert_rescan(CustomScanState *)
{
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("rescan of an INSERT into a hypertable is not supported")));
}

} // namespace tsdist::executor
