// Statement-wide refusals for distributed hypertables, before planning.
#include "pg/pg.hpp"
#include "planner/dist_query_checks.hpp"
#include "catalog/hypertable_cache.hpp"
#include "dist/deparse.hpp"
#include "dist/row_security.hpp"

extern "C"
{
#include "nodes/nodeFuncs.h"
#include "parser/parsetree.h"
#include "utils/lsyscache.h"
}

namespace tsdist::planner
{

// True for a range table entry that reads a distributed hypertable with its
// chunks (not ONLY).
static bool
reads_distributed(RangeTblEntry *rte)
{
	if (rte->rtekind != RTE_RELATION || !rte->inh)
		return false;
	catalog::Hypertable *ht = catalog::hypertable_get(rte->relid);
	return ht != NULL && ht->replication_factor > 0;
}

// TABLESAMPLE is sent to the data nodes (planner/dist_scan_plan) when they
// can run it; it is never dropped.
static void
check_tablesample(RangeTblEntry *rte)
{
	if (rte->tablesample == NULL || dist::is_tablesample_pushable(rte->tablesample, 0))
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("this TABLESAMPLE is not supported on distributed hypertable \"%s\"",
	                       get_rel_name(rte->relid)),
	                errdetail("Only the built-in SYSTEM and BERNOULLI methods with arguments that "
	                          "can be sent to the data nodes are supported."),
	                errhint("Use TABLESAMPLE SYSTEM or BERNOULLI with constant arguments.")));
}

// An UPDATE/DELETE inside a WITH query would be planned as a write to the
// access node's empty table and change nothing; the statement on its own is
// pushed to the data nodes (planner/dist_modify_plan).
static void
check_not_nested_write(Query *query)
{
	if (query->commandType != CMD_UPDATE && query->commandType != CMD_DELETE &&
	    query->commandType != CMD_MERGE)
		return;
	RangeTblEntry *rte = rt_fetch(query->resultRelation, query->rtable);
	if (!reads_distributed(rte))
		return;
	const char *command = query->commandType == CMD_UPDATE
	                          ? "UPDATE"
	                          : (query->commandType == CMD_DELETE ? "DELETE" : "MERGE");
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
	                errmsg("%s in a WITH query is not supported on distributed hypertable \"%s\"",
	                       command, get_rel_name(rte->relid)),
	                errdetail("Data-modifying WITH queries and RETURNING are not supported for "
	                          "UPDATE and DELETE on distributed hypertables."),
	                errhint("Run the %s as a statement of its own.", command)));
}

// query_tree_walker callback; `context` is the statement's top query.
extern "C" bool
dist_query_check_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		Query *query = (Query *) node;
		if (query != (Query *) context)
			check_not_nested_write(query);
		return query_tree_walker(query, (bool (*)())(void *) dist_query_check_walker, context,
		                         QTW_EXAMINE_RTES_BEFORE);
	}
	if (IsA(node, RangeTblEntry))
	{
		RangeTblEntry *rte = (RangeTblEntry *) node;
		if (reads_distributed(rte))
		{
			dist::check_row_security_not_applied(rte->relid, rte->checkAsUser);
			check_tablesample(rte);
		}
		return false;
	}
	return expression_tree_walker(node, (bool (*)())(void *) dist_query_check_walker, context);
}

void
check_distributed_query(Query *parse)
{
	dist_query_check_walker((Node *) parse, parse);
}

} // namespace tsdist::planner
