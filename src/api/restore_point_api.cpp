// create_distributed_restore_point: a restore point on the access node and
// every data node, with two-phase commits blocked meanwhile, so that
// restoring every node to it gives a consistent distributed database.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/node_commands.hpp"
#include "txn/remote_txn_log.hpp"

extern "C"
{
#include "access/xlog.h"
#include "access/xlog_internal.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/pg_lsn.h"
#include "utils/tuplestore.h"
}

using namespace tsdist;

// What PostgreSQL's pg_create_restore_point requires, checked before any node
// is asked, plus: superuser (as 2.13), on an access node.
static void
check_restore_point(const char *name)
{
	if (!superuser())
		ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
		                errmsg("must be superuser to create a distributed restore point")));
	if (RecoveryInProgress())
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("recovery is in progress"),
		                errhint("WAL control functions cannot be executed during recovery.")));
	if (!XLogIsNeeded())
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
		                errmsg("WAL level not sufficient for creating a restore point"),
		                errhint("wal_level must be set to \"replica\" or \"logical\" at server "
		                        "start.")));
	if (strlen(name) >= MAXFNAMELEN)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("value too long for restore point (maximum %d characters)",
		                       MAXFNAMELEN - 1)));
	const char *role = catalog::metadata_get(catalog::kDistRoleKey);
	if (role != NULL && strcmp(role, catalog::kRoleAccessNode) != 0)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("create_distributed_restore_point() must run on the access node"),
		                errdetail("This database is a data node of a distributed database.")));
}

// Names of every data node.
static List *
all_node_names()
{
	List *names = NIL;
	ListCell *lc;
	foreach (lc, catalog::data_node_list())
		names = lappend(names, pstrdup(((ForeignServer *) lfirst(lc))->servername));
	return names;
}

// Adds one result row.
static void
put_row(ReturnSetInfo *rsinfo, const char *node_name, const char *type, XLogRecPtr lsn)
{
	Name name = (Name) palloc0(NAMEDATALEN);
	if (node_name != NULL)
		namestrcpy(name, node_name);
	Datum values[3] = {NameGetDatum(name), CStringGetTextDatum(type), LSNGetDatum(lsn)};
	bool nulls[3] = {node_name == NULL, false, false};
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

// create_distributed_restore_point(name text) RETURNS TABLE(node_name name,
// node_type text, restore_point pg_lsn): the access node's row first
// (node_name NULL), then one per data node.
TSDIST_FUNCTION(tsdist_create_distributed_restore_point)
{
	char *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	check_restore_point(name);
	// Held to the end of the transaction: no two-phase commit is half done
	// on the nodes while the restore points are written.
	txn::remote_txn_log_block_commits();
	InitMaterializedSRF(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	put_row(rsinfo, NULL, "access_node", XLogRestorePoint(name));
	List *nodes = all_node_names();
	const char *params[1] = {name};
	dist::NodeRows *rows =
	    dist::node_queries_run(nodes, "SELECT pg_catalog.pg_create_restore_point($1)", 1, params);
	for (int i = 0; i < list_length(nodes); i++)
	{
		if (rows[i].nrows != 1 || rows[i].nfields != 1 || rows[i].values[0] == NULL)
			elog(ERROR, "data node \"%s\" returned no restore point", rows[i].node_name);
		XLogRecPtr lsn =
		    DatumGetLSN(DirectFunctionCall1(pg_lsn_in, CStringGetDatum(rows[i].values[0])));
		put_row(rsinfo, rows[i].node_name, "data_node", lsn);
	}
	return (Datum) 0;
}
