// COPY FROM into hypertables.
#include "pg/pg.hpp"
#include "ddl/copy_from.hpp"
#include "dist/dist_insert.hpp"
#include "hypertable/chunk_insert.hpp"

extern "C"
{
#include "access/sysattr.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_authid.h"
#include "commands/copy.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_collate.h"
#include "parser/parse_expr.h"
#include "parser/parse_relation.h"
#include "utils/acl.h"
#include "utils/rls.h"
}

namespace tsdist::ddl
{

// The privilege checks of PostgreSQL's COPY FROM: server files and programs,
// INSERT on the copied columns, no row-level security.
static ParseNamespaceItem *
check_copy_permissions(ParseState *pstate, CopyStmt *stmt, Relation rel)
{
	if (stmt->filename != NULL && stmt->is_program &&
	    !has_privs_of_role(GetUserId(), ROLE_PG_EXECUTE_SERVER_PROGRAM))
		ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
		                errmsg("must be superuser or have privileges of the "
		                       "pg_execute_server_program role to COPY to or from an external "
		                       "program"),
		                errhint("Anyone can COPY to stdout or from stdin. psql's \\copy command "
		                        "also works for anyone.")));
	if (stmt->filename != NULL && !stmt->is_program &&
	    !has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
		                errmsg("must be superuser or have privileges of the pg_read_server_files "
		                       "role to COPY from a file"),
		                errhint("Anyone can COPY to stdout or from stdin. psql's \\copy command "
		                        "also works for anyone.")));
	ParseNamespaceItem *nsitem =
	    addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, NULL, false, false);
	RangeTblEntry *rte = nsitem->p_rte;
	rte->requiredPerms = ACL_INSERT;
	ListCell *lc;
	foreach (lc, CopyGetAttnums(RelationGetDescr(rel), rel, stmt->attlist))
		rte->insertedCols =
		    bms_add_member(rte->insertedCols, lfirst_int(lc) - FirstLowInvalidHeapAttributeNumber);
	ExecCheckRTPerms(pstate->p_rtable, true);
	if (check_enable_rls(RelationGetRelid(rel), InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("COPY FROM not supported with row-level security"),
		                errhint("Use INSERT statements instead.")));
	return nsitem;
}

// The WHERE clause of COPY FROM, ready to run on hypertable rows (or NULL).
static ExprState *
prepare_where(ParseState *pstate, ParseNamespaceItem *nsitem, Node *where)
{
	if (where == NULL)
		return NULL;
	addNSItemToQuery(pstate, nsitem, false, true, true);
	Node *expr = transformExpr(pstate, where, EXPR_KIND_COPY_WHERE);
	expr = coerce_to_boolean(pstate, expr, "WHERE");
	assign_expr_collations(pstate, expr);
	expr = eval_const_expressions(NULL, expr);
	expr = (Node *) canonicalize_qual((Expr *) expr, false);
	return ExecInitQual(make_ands_implicit((Expr *) expr), NULL);
}

// Reads the next row that passes `where` into `slot`; false at the end. The
// row's values live in the per-tuple memory, which the next call resets:
// NextCopyFrom allocates them in the current context, which is the portal's
// (it would keep every row until the statement ends).
static bool
next_row(CopyFromState cstate, EState *estate, TupleTableSlot *slot, ExprState *where)
{
	ExprContext *econtext = GetPerTupleExprContext(estate);
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		ResetPerTupleExprContext(estate);
		ExecClearTuple(slot);
		MemoryContext old = MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
		bool found = NextCopyFrom(cstate, econtext, slot->tts_values, slot->tts_isnull);
		MemoryContextSwitchTo(old);
		if (!found)
			return false;
		ExecStoreVirtualTuple(slot);
		econtext->ecxt_scantuple = slot;
		if (where == NULL || ExecQual(where, econtext))
			return true;
	}
}

// Reads every row, routes it and buffers it per chunk; returns the count.
static uint64
copy_rows(CopyFromState cstate, hypertable::ChunkRouter *router, TupleTableSlot *slot,
          ExprState *where)
{
	EState *estate = router->estate;
	uint64 processed = 0;
	while (next_row(cstate, estate, slot, where))
	{
		hypertable::ChunkInsertState *cis = hypertable::router_route(router, slot);
		TupleTableSlot *row = hypertable::to_chunk_slot(cis, slot);
		row = hypertable::chunk_prepare_row(cis, estate, row);
		if (row == NULL)
			continue;
		hypertable::router_buffer_row(router, cis, row);
		processed++;
	}
	hypertable::router_flush(router);
	return processed;
}

// Distributed hypertable: reads every row and buffers it for its data nodes
// (sending full buffers); returns the count. The caller sends the rest.
static uint64
copy_rows_distributed(CopyFromState cstate, dist::DistInserter *di, EState *estate,
                      TupleTableSlot *slot, ExprState *where)
{
	uint64 processed = 0;
	while (next_row(cstate, estate, slot, where))
	{
		dist::dist_inserter_add(di, slot);
		processed++;
	}
	return processed;
}

uint64
copy_into_hypertable(CopyStmt *stmt, const char *query_string, catalog::Hypertable *ht)
{
	Relation rel = table_open(ht->relid, RowExclusiveLock);
	ParseState *pstate = make_parsestate(NULL);
	pstate->p_sourcetext = query_string;
	ParseNamespaceItem *nsitem = check_copy_permissions(pstate, stmt, rel);
	ExprState *where = prepare_where(pstate, nsitem, stmt->whereClause);

	EState *estate = CreateExecutorState();
	ExecInitRangeTable(estate, pstate->p_rtable);
	ResultRelInfo *ht_rri = makeNode(ResultRelInfo);
	ExecInitResultRelation(estate, ht_rri, 1);
	estate->es_output_cid = GetCurrentCommandId(true);
	AfterTriggerBeginQuery();
	ExecBSInsertTriggers(estate, ht_rri);

	CopyFromState cstate = BeginCopyFrom(pstate, rel, NULL, stmt->filename, stmt->is_program, NULL,
	                                     stmt->attlist, stmt->options);
	bool distributed = ht->replication_factor > 0;
	hypertable::ChunkRouter *router =
	    distributed ? NULL
	                : hypertable::router_create(ht, estate, ht_rri, true, ONCONFLICT_NONE, NIL);
	dist::DistInserter *di =
	    distributed ? dist::dist_inserter_create(ht, RelationGetDescr(rel), true) : NULL;
	TupleTableSlot *slot = ExecInitExtraTupleSlot(estate, RelationGetDescr(rel), &TTSOpsVirtual);
	ErrorContextCallback errcallback = {error_context_stack, CopyFromErrorCallback, cstate};
	error_context_stack = &errcallback;
	uint64 processed = distributed ? copy_rows_distributed(cstate, di, estate, slot, where)
	                               : copy_rows(cstate, router, slot, where);
	error_context_stack = errcallback.previous;
	if (di != NULL)
		dist::dist_inserter_flush(di); // node errors have no local line
	EndCopyFrom(cstate);

	ExecASInsertTriggers(estate, ht_rri, NULL);
	AfterTriggerEndQuery(estate);
	if (router != NULL)
		hypertable::router_finish(router);
	ExecResetTupleTable(estate->es_tupleTable, false);
	ExecCloseResultRelations(estate);
	ExecCloseRangeTableRelations(estate);
	FreeExecutorState(estate);
	table_close(rel, NoLock);
	return processed;
}

} // namespace tsdist::ddl
