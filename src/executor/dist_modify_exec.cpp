// DistributedModify: UPDATE/DELETE statements run on the data nodes.
#include "pg/pg.hpp"
#include "executor/dist_modify_exec.hpp"
#include "catalog/dist_store.hpp"
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
#include "commands/trigger.h"
#include "executor/executor.h"
#include "foreign/foreign.h"
#include "nodes/extensible.h"
#include "utils/rel.h"
}

namespace tsdist::executor
{

struct DistModifyState
{
	CustomScanState css;
	List *param_states;
	List *names;           // data nodes (String)
	List *servers;         // their server OIDs
	List *sqls;            // the statement for each (String)
	List *counted;         // whether its row count is reported (int)
	ResultRelInfo *target; // the hypertable, for its statement triggers
	CmdType operation;
	bool done;
};

extern "C" Node *tsdist_dist_modify_create(CustomScan *cscan);
extern "C" void tsdist_dist_modify_begin(CustomScanState *node, EState *estate, int eflags);
extern "C" TupleTableSlot *tsdist_dist_modify_exec(CustomScanState *node);
extern "C" void tsdist_dist_modify_end(CustomScanState *node);
extern "C" void tsdist_dist_modify_rescan(CustomScanState *node);
extern "C" void tsdist_dist_modify_explain(CustomScanState *node, List *ancestors,
                                           ExplainState *es);

static CustomScanMethods plan_methods = {
    .CustomName = dist::kDistributedModifyNode,
    .CreateCustomScanState = tsdist_dist_modify_create,
};

static CustomExecMethods exec_methods = {
    .CustomName = dist::kDistributedModifyNode,
    .BeginCustomScan = tsdist_dist_modify_begin,
    .ExecCustomScan = tsdist_dist_modify_exec,
    .EndCustomScan = tsdist_dist_modify_end,
    .ReScanCustomScan = tsdist_dist_modify_rescan,
    .ExplainCustomScan = tsdist_dist_modify_explain,
};

void
dist_modify_register()
{
	RegisterCustomScanMethods(&plan_methods);
}

extern "C" Node *
tsdist_dist_modify_create(CustomScan *cscan)
{
	(void) cscan;
	DistModifyState *state =
	    (DistModifyState *) newNode(sizeof(DistModifyState), T_CustomScanState);
	state->css.methods = &exec_methods;
	return (Node *) state;
}

// The statement for one node. `counted` is the chunk restriction of the rows
// this node reports (NULL = all of them); with one, the rest is changed by a
// second data-modifying CTE and only the first is counted.
static char *
node_statement(const char *head, const char *where, const char *counted)
{
	const char *w = where[0] == '\0' ? "true" : where;
	if (counted == NULL)
		return psprintf("%s WHERE %s", head, w);
	return psprintf("WITH counted AS (%s WHERE %s AND %s RETURNING 1), "
	                "other AS (%s WHERE %s AND (%s) IS NOT TRUE RETURNING 1) "
	                "SELECT count(*) FROM counted",
	                head, w, counted, head, w, counted);
}

// The target among `targets` for node `name`, or NULL.
static dist::NodeTarget *
find_target(List *targets, const char *name)
{
	ListCell *lc;
	foreach (lc, targets)
		if (strcmp(((dist::NodeTarget *) lfirst(lc))->name, name) == 0)
			return (dist::NodeTarget *) lfirst(lc);
	return NULL;
}

// The statement of every attached data node, with the chunk assignment of
// the catalog as it is now.
static void
init_statements(DistModifyState *state, CustomScan *cscan)
{
	Oid relid = linitial_oid((List *) linitial(cscan->custom_private));
	const char *head = strVal(lsecond(cscan->custom_private));
	const char *where = strVal(lthird(cscan->custom_private));
	int64 lo[catalog::kMaxDimensions];
	int64 hi[catalog::kMaxDimensions];
	dist::bounds_from_list((List *) lfourth(cscan->custom_private), lo, hi);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		return;
	List *targets = dist::scan_targets(ht, lo, hi);
	ListCell *lc;
	foreach (lc, catalog::hypertable_data_nodes(ht->id))
	{
		const char *name = NameStr(((catalog::HypertableDataNode *) lfirst(lc))->node_name);
		dist::NodeTarget *t = find_target(targets, name);
		state->names = lappend(state->names, makeString(pstrdup(name)));
		state->servers = lappend_oid(state->servers, GetForeignServerByName(name, false)->serverid);
		state->sqls =
		    lappend(state->sqls,
		            makeString(node_statement(head, where, t != NULL ? t->restriction : NULL)));
		state->counted = lappend_int(state->counted, t != NULL);
	}
}

// Transition tables would have to hold rows changed on the data nodes.
static void
refuse_transition_tables(ResultRelInfo *target, CmdType operation)
{
	TriggerDesc *td = target->ri_TrigDesc;
	if (td == NULL ||
	    !(operation == CMD_UPDATE ? td->trig_update_old_table || td->trig_update_new_table
	                              : td->trig_delete_old_table))
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("transition tables are not supported on distributed hypertables"),
	                errdetail("Distributed hypertable \"%s\" has a trigger with REFERENCING "
	                          "OLD / NEW TABLE; the changed rows stay on the data nodes.",
	                          RelationGetRelationName(target->ri_RelationDesc)),
	                errhint("Drop the trigger or remove its REFERENCING clause.")));
}

// The hypertable as result relation (triggers only: no row is changed
// here); the executor closes it at the end.
static void
init_target(DistModifyState *state, CustomScan *cscan, EState *estate)
{
	List *slots = (List *) list_nth(cscan->custom_private, 4);
	state->operation = (CmdType) lsecond_int(slots);
	state->target = makeNode(ResultRelInfo);
	ExecInitResultRelation(estate, state->target, (Index) linitial_int(slots));
	refuse_transition_tables(state->target, state->operation);
}

extern "C" void
tsdist_dist_modify_begin(CustomScanState *node, EState *estate, int eflags)
{
	(void) eflags;
	DistModifyState *state = (DistModifyState *) node;
	CustomScan *cscan = (CustomScan *) node->ss.ps.plan;
	state->param_states = ExecInitExprList(cscan->custom_exprs, &node->ss.ps);
	init_target(state, cscan, estate);
	init_statements(state, cscan);
}

// BEFORE (before) or AFTER statement triggers, fired as ModifyTable does.
static void
fire_statement_triggers(DistModifyState *state, EState *estate, bool before)
{
	if (state->operation == CMD_UPDATE && before)
		ExecBSUpdateTriggers(estate, state->target);
	else if (state->operation == CMD_UPDATE)
		ExecASUpdateTriggers(estate, state->target, NULL);
	else if (before)
		ExecBSDeleteTriggers(estate, state->target);
	else
		ExecASDeleteTriggers(estate, state->target, NULL);
}

// The rows one node reports: a count(*) row or the command's row count.
static uint64
rows_of(remote::Result *result)
{
	if (PQresultStatus(result->pg) == PGRES_TUPLES_OK)
		return strtoull(PQgetvalue(result->pg, 0, 0), NULL, 10);
	return strtoull(PQcmdTuples(result->pg), NULL, 10);
}

// Sends the statement to every node at once; returns the counted rows.
static uint64
run_statement(DistModifyState *state)
{
	List *servers = state->servers;
	List *sqls = state->sqls;
	List *counts = state->counted;
	int n = list_length(servers);
	const char **values = dist_param_values(state->param_states, state->css.ss.ps.ps_ExprContext);
	auto **conns = (remote::Connection **) palloc0(sizeof(remote::Connection *) * (n + 1));
	auto **results = (remote::Result **) palloc0(sizeof(remote::Result *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Oid server = list_nth_oid(servers, i);
		conns[i] = txn::dist_txn_connection(server);
		txn::dist_txn_mark_written(server);
		remote::send_query_params(conns[i], strVal(list_nth(sqls, i)),
		                          list_length(state->param_states), values);
	}
	remote::collect_results(conns, n, results);
	uint64 total = 0;
	for (int i = 0; i < n; i++)
	{
		if (list_nth_int(counts, i))
			total += rows_of(results[i]);
		remote::result_free(results[i]);
	}
	return total;
}

extern "C" TupleTableSlot *
tsdist_dist_modify_exec(CustomScanState *node)
{
	DistModifyState *state = (DistModifyState *) node;
	if (!state->done)
	{
		EState *estate = node->ss.ps.state;
		state->done = true;
		fire_statement_triggers(state, estate, true);
		estate->es_processed += run_statement(state);
		fire_statement_triggers(state, estate, false);
	}
	return NULL;
}

extern "C" void
tsdist_dist_modify_end(CustomScanState *node)
{
	(void) node;
}

extern "C" void
tsdist_dist_modify_rescan(CustomScanState *node)
{
	((DistModifyState *) node)->done = false;
}

extern "C" void
tsdist_dist_modify_explain(CustomScanState *node, List *ancestors, ExplainState *es)
{
	(void) ancestors;
	DistModifyState *state = (DistModifyState *) node;
	int n = list_length(state->names);
	const char **names = (const char **) palloc0(sizeof(char *) * (n + 1));
	const char **sqls = (const char **) palloc0(sizeof(char *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		names[i] = strVal(list_nth(state->names, i));
		sqls[i] = strVal(list_nth(state->sqls, i));
	}
	explain_data_nodes(es, n, names, sqls);
}

} // namespace tsdist::executor
