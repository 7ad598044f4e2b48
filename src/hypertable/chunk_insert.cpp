// Routing rows to chunks and storing them (INSERT and COPY).
#include "pg/pg.hpp"
#include "hypertable/chunk_insert.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/chunk_upsert.hpp"
#include "hypertable/dimension_value.hpp"
#include "core/time_slice.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/heapam.h"
#include "access/table.h"
#include "access/tupconvert.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/nodeModifyTable.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "storage/lmgr.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
}

namespace tsdist::hypertable
{

using catalog::ChunkInfo;
using catalog::Dimension;

// Rows per COPY batch over all chunks.
static const int kMaxBuffered = 1000;

ChunkRouter *
router_create(catalog::Hypertable *ht, EState *estate, ResultRelInfo *ht_rri, bool for_copy,
              OnConflictAction on_conflict, List *arbiters)
{
	// A distributed hypertable's rows go to data nodes (dist/dist_insert),
	// never into local chunks.
	if (ht->replication_factor > 0)
		elog(ERROR, "rows of distributed hypertable \"%s\" cannot be stored locally",
		     NameStr(ht->table_name));
	ChunkRouter *r = (ChunkRouter *) palloc0(sizeof(ChunkRouter));
	r->ht = ht;
	r->estate = estate;
	r->ht_rri = ht_rri;
	r->for_copy = for_copy;
	r->on_conflict = on_conflict;
	r->ht_arbiters = arbiters;
	r->mcxt = CurrentMemoryContext;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const Dimension *d = &ht->dimensions[i];
		if (d->is_space)
			r->hashers[i] = space_hasher_for_dimension(d);
	}
	return r;
}

void
row_point(const catalog::Hypertable *ht, SpaceHasher *const *hashers, bool for_copy,
          TupleTableSlot *slot, int64 *point)
{
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const Dimension *d = &ht->dimensions[i];
		bool isnull;
		Datum v = slot_getattr(slot, d->attno, &isnull);
		if (d->is_space)
			point[i] = isnull ? 0 : space_hash(hashers[i], v);
		else if (isnull)
			ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
			                errmsg("NULL value in column \"%s\" violates not-null constraint",
			                       NameStr(d->column_name)),
			                errhint(for_copy ? "Columns used for partitioning cannot be NULL"
			                                 : "Columns used for time partitioning cannot be "
			                                   "NULL.")));
		else
			point[i] = time_value_to_internal(v, d->column_type);
	}
}

bool
chunk_holds(const ChunkInfo *chunk, int ndims, const int64 *point)
{
	for (int i = 0; i < ndims; i++)
	{
		if (point[i] < chunk->range_start[i])
			return false;
		if (point[i] >= chunk->range_end[i] && chunk->range_end[i] != core::kTimeMax)
			return false;
	}
	return true;
}

// The chunk indexes matching the hypertable's ON CONFLICT arbiter indexes.
static List *
map_arbiters(ChunkRouter *r, ResultRelInfo *rri)
{
	if (r->ht_arbiters == NIL)
		return NIL;
	Relation ht_rel = r->ht_rri->ri_RelationDesc;
	AttrMap *map =
	    build_attrmap_by_name(RelationGetDescr(rri->ri_RelationDesc), RelationGetDescr(ht_rel));
	List *result = NIL;
	ListCell *lc;
	foreach (lc, r->ht_arbiters)
	{
		Relation parent = index_open(lfirst_oid(lc), AccessShareLock);
		IndexInfo *pinfo = BuildIndexInfo(parent);
		for (int i = 0; i < rri->ri_NumIndices; i++)
		{
			Relation child = rri->ri_IndexRelationDescs[i];
			if (CompareIndexInfo(rri->ri_IndexRelationInfo[i], pinfo, child->rd_indcollation,
			                     parent->rd_indcollation, child->rd_opfamily, parent->rd_opfamily,
			                     map))
				result = lappend_oid(result, RelationGetRelid(child));
		}
		index_close(parent, AccessShareLock);
	}
	return result;
}

// True when CHECK constraint `name` is one of the chunk's dimension constraints.
static bool
is_dimension_check(const ChunkInfo *chunk, int ndims, const char *name)
{
	for (int i = 0; i < ndims; i++)
	{
		char expected[NAMEDATALEN];
		snprintf(expected, sizeof(expected), "constraint_%d", chunk->slice_id[i]);
		if (strcmp(name, expected) == 0)
			return true;
	}
	return false;
}

// Prepares the chunk's CHECK constraints for ExecConstraints, leaving out the
// dimension constraints: routing already put the row in the right hypercube
// (only valid without BEFORE ROW triggers, which could change the row).
static void
prepare_checks(ChunkRouter *r, ChunkInsertState *cis)
{
	TupleConstr *constr = RelationGetDescr(cis->rri->ri_RelationDesc)->constr;
	if (constr == NULL || constr->num_check == 0 || cis->single_insert)
		return;
	ExprState **exprs = (ExprState **) palloc0(sizeof(ExprState *) * constr->num_check);
	for (int i = 0; i < constr->num_check; i++)
		if (!is_dimension_check(&cis->chunk, r->ht->num_dimensions, constr->check[i].ccname))
			exprs[i] = ExecPrepareExpr((Expr *) stringToNode(constr->check[i].ccbin), r->estate);
	cis->rri->ri_ConstraintExprs = exprs; // a NULL entry always passes (ExecCheck)
}

// Opens `chunk` for inserting: ResultRelInfo, indexes, layout conversion.
static ChunkInsertState *
open_chunk(ChunkRouter *r, ChunkInfo *chunk)
{
	MemoryContext old = MemoryContextSwitchTo(r->estate->es_query_cxt);
	ChunkInsertState *cis = (ChunkInsertState *) palloc0(sizeof(ChunkInsertState));
	cis->chunk = *chunk;
	Relation rel = table_open(chunk_relid(chunk), RowExclusiveLock);
	cis->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(cis->rri, rel, 0, r->ht_rri, r->estate->es_instrument);
	ExecOpenIndices(cis->rri, r->on_conflict != ONCONFLICT_NONE);
	r->estate->es_opened_result_relations =
	    lappend(r->estate->es_opened_result_relations, cis->rri);
	TupleDesc ht_desc = RelationGetDescr(r->ht_rri->ri_RelationDesc);
	cis->to_chunk = convert_tuples_by_name(ht_desc, RelationGetDescr(rel));
	cis->rri->ri_RootToPartitionMap = cis->to_chunk;
	if (cis->to_chunk != NULL)
	{
		cis->to_hypertable = convert_tuples_by_name(RelationGetDescr(rel), ht_desc);
		cis->chunk_slot = table_slot_create(rel, &r->estate->es_tupleTable);
	}
	TriggerDesc *trig = cis->rri->ri_TrigDesc;
	cis->single_insert = trig != NULL && trig->trig_insert_before_row;
	cis->arbiter_indexes = map_arbiters(r, cis->rri);
	prepare_checks(r, cis);
	MemoryContextSwitchTo(old);
	return cis;
}

// The chunk of the row in `slot`, computing its `point` first.
static ChunkInsertState *
route_point(ChunkRouter *r, TupleTableSlot *slot, int64 *point, int ndims)
{
	row_point(r->ht, r->hashers, r->for_copy, slot, point);
	if (r->last != NULL && chunk_holds(&r->last->chunk, ndims, point))
		return r->last;
	ListCell *lc;
	foreach (lc, r->states)
	{
		ChunkInsertState *cis = (ChunkInsertState *) lfirst(lc);
		if (chunk_holds(&cis->chunk, ndims, point))
			return r->last = cis;
	}
	ChunkInfo *chunk = chunk_find_or_create(r->ht, point);
	ChunkInsertState *cis = open_chunk(r, chunk);
	MemoryContext old = MemoryContextSwitchTo(r->estate->es_query_cxt);
	r->states = lappend(r->states, cis);
	MemoryContextSwitchTo(old);
	return r->last = cis;
}

ChunkInsertState *
router_route(ChunkRouter *r, TupleTableSlot *slot)
{
	int64 point[catalog::kMaxDimensions];
	int ndims = r->ht->num_dimensions;
	// Hashing and catalog lookups allocate: per-row memory, reset by the caller.
	MemoryContext caller = MemoryContextSwitchTo(GetPerTupleMemoryContext(r->estate));
	ChunkInsertState *cis = route_point(r, slot, point, ndims);
	MemoryContextSwitchTo(caller);
	return cis;
}

TupleTableSlot *
to_chunk_slot(ChunkInsertState *cis, TupleTableSlot *slot)
{
	if (cis->to_chunk == NULL)
		return slot;
	return execute_attr_map_slot(cis->to_chunk->attrMap, slot, cis->chunk_slot);
}

TupleTableSlot *
chunk_prepare_row(ChunkInsertState *cis, EState *estate, TupleTableSlot *slot)
{
	ResultRelInfo *rri = cis->rri;
	Relation rel = rri->ri_RelationDesc;
	if (cis->single_insert && !ExecBRInsertTriggers(estate, rri, slot))
		return NULL;
	TupleConstr *constr = RelationGetDescr(rel)->constr;
	if (constr != NULL && constr->has_generated_stored)
		ExecComputeStoredGenerated(rri, estate, slot, CMD_INSERT);
	if (constr != NULL)
		ExecConstraints(rri, slot, estate);
	return slot;
}

void
check_conflict_visible(EState *estate, Relation rel, ItemPointer tid)
{
	if (!IsolationUsesXactSnapshot())
		return;
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	if (!table_tuple_fetch_row_version(rel, tid, SnapshotAny, slot))
		elog(ERROR, "failed to fetch conflicting tuple for ON CONFLICT");
	bool visible = table_tuple_satisfies_snapshot(rel, slot, estate->es_snapshot);
	bool own = false;
	if (!visible)
	{
		bool should_free;
		HeapTuple tuple = ExecFetchSlotHeapTuple(slot, false, &should_free);
		own = TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tuple->t_data));
	}
	ExecDropSingleTupleTableSlot(slot);
	if (!visible && !own)
		ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
		                errmsg("could not serialize access due to concurrent update")));
}

// Speculative insertion for ON CONFLICT: Stored, Skipped (DO NOTHING, or a
// DO UPDATE whose WHERE failed) or Updated (*updated = the new row).
static StoreResult
store_speculative(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot, List **recheck,
                  TupleTableSlot **updated)
{
	ResultRelInfo *rri = cis->rri;
	EState *estate = r->estate;
	Relation rel = rri->ri_RelationDesc;
	for (;;)
	{
		ItemPointerData conflict;
		if (!ExecCheckIndexConstraints(rri, slot, estate, &conflict, cis->arbiter_indexes))
		{
			if (r->on_conflict == ONCONFLICT_NOTHING)
			{
				check_conflict_visible(estate, rel, &conflict);
				return StoreResult::Skipped;
			}
			StoreResult result = chunk_upsert(r, cis, &conflict, slot, updated);
			if (result != StoreResult::Retry)
				return result;
			continue;
		}
		uint32 token = SpeculativeInsertionLockAcquire(GetCurrentTransactionId());
		table_tuple_insert_speculative(rel, slot, estate->es_output_cid, 0, NULL, token);
		bool spec_conflict = false;
		*recheck = ExecInsertIndexTuples(rri, slot, estate, false, true, &spec_conflict,
		                                 cis->arbiter_indexes);
		table_tuple_complete_speculative(rel, slot, token, !spec_conflict);
		SpeculativeInsertionLockRelease(GetCurrentTransactionId());
		if (!spec_conflict)
			return StoreResult::Stored;
		list_free(*recheck);
	}
}

TupleTableSlot *
chunk_store_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot)
{
	ResultRelInfo *rri = cis->rri;
	EState *estate = r->estate;
	List *recheck = NIL;
	if (r->on_conflict != ONCONFLICT_NONE && rri->ri_NumIndices > 0)
	{
		TupleTableSlot *updated = NULL;
		StoreResult result = store_speculative(r, cis, slot, &recheck, &updated);
		if (result == StoreResult::Skipped)
			return NULL;
		if (result == StoreResult::Updated)
			return updated;
	}
	else
	{
		table_tuple_insert(rri->ri_RelationDesc, slot, estate->es_output_cid, 0, NULL);
		if (rri->ri_NumIndices > 0)
			recheck = ExecInsertIndexTuples(rri, slot, estate, false, false, NULL, NIL);
	}
	ExecARInsertTriggers(estate, rri, slot, recheck, NULL);
	list_free(recheck);
	return slot;
}

// Writes the batch of one chunk: multi-insert, then index entries and AFTER
// ROW triggers per row.
static void
flush_chunk(ChunkRouter *r, ChunkInsertState *cis)
{
	if (cis->nbuffered == 0)
		return;
	ResultRelInfo *rri = cis->rri;
	EState *estate = r->estate;
	if (cis->bistate == NULL)
		cis->bistate = GetBulkInsertState();
	// The multi-insert allocates per batch (tuple arrays, toasted copies):
	// per-tuple memory, reset before the first index entry is made.
	MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
	table_multi_insert(rri->ri_RelationDesc, cis->buffer, cis->nbuffered, estate->es_output_cid, 0,
	                   cis->bistate);
	MemoryContextSwitchTo(old);
	ResetPerTupleExprContext(estate);
	for (int i = 0; i < cis->nbuffered; i++)
	{
		TupleTableSlot *slot = cis->buffer[i];
		List *recheck = NIL;
		if (rri->ri_NumIndices > 0)
		{
			recheck = ExecInsertIndexTuples(rri, slot, estate, false, false, NULL, NIL);
			ResetPerTupleExprContext(estate);
		}
		ExecARInsertTriggers(estate, rri, slot, recheck, NULL);
		list_free(recheck);
		ExecClearTuple(slot);
	}
	r->nbuffered -= cis->nbuffered;
	cis->nbuffered = 0;
}

void
router_flush(ChunkRouter *r)
{
	ListCell *lc;
	foreach (lc, r->states)
		flush_chunk(r, (ChunkInsertState *) lfirst(lc));
}

void
router_buffer_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot)
{
	if (cis->buffer == NULL)
		cis->buffer = (TupleTableSlot **) MemoryContextAllocZero(
		    r->estate->es_query_cxt, sizeof(TupleTableSlot *) * kMaxBuffered);
	if (cis->buffer[cis->nbuffered] == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(r->estate->es_query_cxt);
		cis->buffer[cis->nbuffered] = table_slot_create(cis->rri->ri_RelationDesc, NULL);
		MemoryContextSwitchTo(old);
	}
	ExecCopySlot(cis->buffer[cis->nbuffered], slot);
	cis->nbuffered++;
	r->nbuffered++;
	if (cis->single_insert)
		flush_chunk(r, cis);
	else if (r->nbuffered >= kMaxBuffered)
		router_flush(r);
}

void
router_finish(ChunkRouter *r)
{
	ListCell *lc;
	foreach (lc, r->states)
	{
		ChunkInsertState *cis = (ChunkInsertState *) lfirst(lc);
		if (cis->bistate != NULL)
		{
			FreeBulkInsertState(cis->bistate);
			table_finish_bulk_insert(cis->rri->ri_RelationDesc, 0);
		}
		if (cis->buffer != NULL)
			for (int i = 0; i < kMaxBuffered && cis->buffer[i] != NULL; i++)
				ExecDropSingleTupleTableSlot(cis->buffer[i]);
		// The executor closes the indexes of result relations, not the
		// relations it did not open itself.
		table_close(cis->rri->ri_RelationDesc, NoLock);
	}
}

} // namespace tsdist::hypertable
