// Routing rows to chunks and storing them (INSERT and COPY).
#include "pg/pg.hpp"
#include "hypertable/chunk_insert.hpp"
#include "hypertable/chunk_create.hpp"
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

// The OID of the custom partitioning function of `d`, or InvalidOid.
static Oid
partitioning_func(const Dimension *d)
{
	if (NameStr(d->partitioning_func)[0] == '\0')
		return InvalidOid;
	List *name = list_make2(makeString(pstrdup(NameStr(d->partitioning_func_schema))),
	                        makeString(pstrdup(NameStr(d->partitioning_func))));
	Oid argtypes[1] = {ANYELEMENTOID};
	Oid func = LookupFuncName(name, 1, argtypes, true);
	if (!OidIsValid(func))
		func = LookupFuncName(name, -1, NULL, false);
	return func;
}

ChunkRouter *
router_create(catalog::Hypertable *ht, EState *estate, ResultRelInfo *ht_rri, bool for_copy,
              OnConflictAction on_conflict, List *arbiters)
{
	// A distributed hypertable's rows live on data nodes, never in local chunks.
	if (ht->replication_factor > 0)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("cannot insert into distributed hypertable \"%s\" yet",
		                       NameStr(ht->table_name)),
		                errdetail("Writing rows through the access node is not implemented in "
		                          "this version.")));
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
			r->hashers[i] = space_hasher_create(d->column_type, partitioning_func(d));
	}
	return r;
}

// The dimension values of the row in `slot`; the time column must not be NULL.
static void
row_point(ChunkRouter *r, TupleTableSlot *slot, int64 *point)
{
	for (int i = 0; i < r->ht->num_dimensions; i++)
	{
		const Dimension *d = &r->ht->dimensions[i];
		bool isnull;
		Datum v = slot_getattr(slot, d->attno, &isnull);
		if (d->is_space)
			point[i] = isnull ? 0 : space_hash(r->hashers[i], v);
		else if (isnull)
			ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION),
			                errmsg("NULL value in column \"%s\" violates not-null constraint",
			                       NameStr(d->column_name)),
			                errhint(r->for_copy ? "Columns used for partitioning cannot be NULL"
			                                    : "Columns used for time partitioning cannot be "
			                                      "NULL.")));
		else
			point[i] = time_value_to_internal(v, d->column_type);
	}
}

// True when `point` lies in the hypercube of `chunk`.
static bool
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
	MemoryContextSwitchTo(old);
	return cis;
}

ChunkInsertState *
router_route(ChunkRouter *r, TupleTableSlot *slot)
{
	int64 point[catalog::kMaxDimensions];
	int ndims = r->ht->num_dimensions;
	row_point(r, slot, point);
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

// Errors under REPEATABLE READ or SERIALIZABLE when the conflicting row is
// invisible to our snapshot (DO NOTHING must not hide a concurrent insert).
static void
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

// Speculative insertion for ON CONFLICT DO NOTHING; false when skipped.
static bool
store_speculative(ChunkInsertState *cis, EState *estate, TupleTableSlot *slot, List **recheck)
{
	ResultRelInfo *rri = cis->rri;
	Relation rel = rri->ri_RelationDesc;
	for (;;)
	{
		ItemPointerData conflict;
		if (!ExecCheckIndexConstraints(rri, slot, estate, &conflict, cis->arbiter_indexes))
		{
			check_conflict_visible(estate, rel, &conflict);
			return false;
		}
		uint32 token = SpeculativeInsertionLockAcquire(GetCurrentTransactionId());
		table_tuple_insert_speculative(rel, slot, estate->es_output_cid, 0, NULL, token);
		bool spec_conflict = false;
		*recheck = ExecInsertIndexTuples(rri, slot, estate, false, true, &spec_conflict,
		                                 cis->arbiter_indexes);
		table_tuple_complete_speculative(rel, slot, token, !spec_conflict);
		SpeculativeInsertionLockRelease(GetCurrentTransactionId());
		if (!spec_conflict)
			return true;
		list_free(*recheck);
	}
}

bool
chunk_store_row(ChunkRouter *r, ChunkInsertState *cis, TupleTableSlot *slot)
{
	ResultRelInfo *rri = cis->rri;
	EState *estate = r->estate;
	List *recheck = NIL;
	if (r->on_conflict == ONCONFLICT_NOTHING && rri->ri_NumIndices > 0)
	{
		if (!store_speculative(cis, estate, slot, &recheck))
			return false;
	}
	else
	{
		table_tuple_insert(rri->ri_RelationDesc, slot, estate->es_output_cid, 0, NULL);
		if (rri->ri_NumIndices > 0)
			recheck = ExecInsertIndexTuples(rri, slot, estate, false, false, NULL, NIL);
	}
	ExecARInsertTriggers(estate, rri, slot, recheck, NULL);
	list_free(recheck);
	return true;
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
	table_multi_insert(rri->ri_RelationDesc, cis->buffer, cis->nbuffered, estate->es_output_cid, 0,
	                   cis->bistate);
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
