// ON CONFLICT DO UPDATE for rows routed to chunks.
#include "pg/pg.hpp"
#include "hypertable/chunk_upsert.hpp"

extern "C"
{
#include "access/heapam.h"
#include "access/xact.h"
#include "commands/trigger.h"
#include "utils/rel.h"
}

namespace tsdist::hypertable
{

// Locks the conflicting row into `existing`; Retry when it changed.
static StoreResult
lock_conflicting_row(EState *estate, ResultRelInfo *rri, ItemPointer tid, TupleTableSlot *existing)
{
	TM_FailureData tmfd;
	LockTupleMode mode = ExecUpdateLockMode(estate, rri);
	TM_Result res = table_tuple_lock(rri->ri_RelationDesc, tid, estate->es_snapshot, existing,
	                                 estate->es_output_cid, mode, LockWaitBlock, 0, &tmfd);
	if (res == TM_Ok)
		return StoreResult::Stored;
	if (res == TM_Invisible)
	{
		bool isnull;
		Datum xmin = slot_getsysattr(existing, MinTransactionIdAttributeNumber, &isnull);
		if (TransactionIdIsCurrentTransactionId(DatumGetTransactionId(xmin)))
			ereport(ERROR, (errcode(ERRCODE_CARDINALITY_VIOLATION),
			                errmsg("ON CONFLICT DO UPDATE command cannot affect row a second time"),
			                errhint("Ensure that no rows proposed for insertion within the same "
			                        "command have duplicate constrained values.")));
		elog(ERROR, "attempted to lock invisible tuple");
	}
	if (res == TM_SelfModified)
		elog(ERROR, "unexpected self-updated tuple");
	if (IsolationUsesXactSnapshot())
		ereport(ERROR, (errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
		                errmsg("could not serialize access due to concurrent update")));
	ExecClearTuple(existing);
	return StoreResult::Retry;
}

// Writes `row` over `tid`: triggers, constraints, heap, indexes.
static bool
update_row(EState *estate, ResultRelInfo *rri, ItemPointer tid, TupleTableSlot *row)
{
	TriggerDesc *trig = rri->ri_TrigDesc;
	if (trig != NULL && trig->trig_update_before_row &&
	    !ExecBRUpdateTriggers(estate, NULL, rri, tid, NULL, row, NULL))
		return false;
	if (RelationGetDescr(rri->ri_RelationDesc)->constr != NULL)
		ExecConstraints(rri, row, estate);
	TM_FailureData tmfd;
	LockTupleMode mode;
	bool update_indexes;
	TM_Result res = table_tuple_update(rri->ri_RelationDesc, tid, row, estate->es_output_cid,
	                                   estate->es_snapshot, estate->es_crosscheck_snapshot, true,
	                                   &tmfd, &mode, &update_indexes);
	if (res != TM_Ok)
		elog(ERROR, "could not update the locked conflicting row (%d)", (int) res);
	List *recheck = NIL;
	if (rri->ri_NumIndices > 0 && update_indexes)
		recheck = ExecInsertIndexTuples(rri, row, estate, true, false, NULL, NIL);
	ExecARUpdateTriggers(estate, rri, NULL, NULL, tid, NULL, row, recheck, NULL, false);
	list_free(recheck);
	return true;
}

StoreResult
chunk_upsert(ChunkRouter *r, ChunkInsertState *cis, ItemPointer conflict, TupleTableSlot *excluded,
             TupleTableSlot **updated)
{
	EState *estate = r->estate;
	ResultRelInfo *rri = cis->rri;
	UpsertState *u = r->upsert;
	if (cis->to_chunk != NULL)
		ereport(ERROR,
		        (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		         errmsg("ON CONFLICT DO UPDATE is not supported for chunk \"%s\"",
		                RelationGetRelationName(rri->ri_RelationDesc)),
		         errdetail("The chunk's columns are laid out differently from the hypertable's "
		                   "(the hypertable had columns dropped before the chunk was created).")));
	if (cis->existing == NULL)
		cis->existing = table_slot_create(rri->ri_RelationDesc, &estate->es_tupleTable);
	StoreResult locked = lock_conflicting_row(estate, rri, conflict, cis->existing);
	if (locked == StoreResult::Retry)
		return locked;
	check_conflict_visible(estate, rri->ri_RelationDesc, conflict);
	u->econtext->ecxt_scantuple = cis->existing;
	u->econtext->ecxt_innertuple = excluded;
	u->econtext->ecxt_outertuple = NULL;
	if (u->where != NULL && !ExecQual(u->where, u->econtext))
	{
		ExecClearTuple(cis->existing);
		return StoreResult::Skipped;
	}
	TupleTableSlot *row = ExecProject(u->set);
	ExecMaterializeSlot(row);
	bool done = update_row(estate, rri, &cis->existing->tts_tid, row);
	ExecClearTuple(cis->existing);
	if (!done)
		return StoreResult::Skipped;
	*updated = row;
	return StoreResult::Updated;
}

} // namespace tsdist::hypertable
