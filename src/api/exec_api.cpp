// SQL entry point of distributed_exec.
#include "pg/pg.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/distributed_exec.hpp"

extern "C"
{
#include "access/xact.h"
#include "nodes/parsenodes.h"
#include "utils/array.h"
}

namespace
{

// Raises on a data node: distributed_exec belongs to the access node.
void
require_access_node()
{
	char *role = tsdist::catalog::metadata_get(tsdist::catalog::kDistRoleKey);
	if (role != NULL && strcmp(role, tsdist::catalog::kRoleDataNode) == 0)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
		                errmsg("function must be run on the access node only")));
}

// The command argument; raises for NULL or only white space.
const char *
arg_command(FunctionCallInfo fcinfo)
{
	const char *command = PG_ARGISNULL(0) ? "" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	if (strspn(command, " \t\n\r\f\v") == strlen(command))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("empty command string")));
	return command;
}

// The node_list argument as a List of names (NIL for NULL = every node);
// raises for a multi-dimensional array or NULL elements.
List *
arg_node_names(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(1))
		return NIL;
	ArrayType *array = PG_GETARG_ARRAYTYPE_P(1);
	Datum *elems;
	bool *nulls;
	int n;
	bool bad = ARR_NDIM(array) > 1;
	if (!bad)
		deconstruct_array(array, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR, &elems, &nulls, &n);
	for (int i = 0; !bad && i < n; i++)
		bad = nulls[i];
	if (bad)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid data nodes list"),
		                errdetail("The data nodes list must be a one-dimensional array of data "
		                          "node names without NULL elements.")));
	List *names = NIL;
	for (int i = 0; i < n; i++)
		names = lappend(names, pstrdup(NameStr(*DatumGetName(elems[i]))));
	if (names == NIL)
		ereport(ERROR,
		        (errcode(ERRCODE_UNDEFINED_OBJECT), errmsg("no data nodes to execute command on")));
	return names;
}

// Refuses autocommit mode inside a transaction block or an atomic CALL.
void
check_autocommit_allowed(FunctionCallInfo fcinfo)
{
	bool atomic = fcinfo->context != NULL && IsA(fcinfo->context, CallContext) &&
	              ((CallContext *) fcinfo->context)->atomic;
	if (IsTransactionBlock() || IsSubTransaction() || atomic)
		ereport(ERROR, (errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
		                errmsg("distributed_exec() with transactional => false cannot run inside a "
		                       "transaction block"),
		                errhint("Run it as a top-level CALL outside BEGIN ... COMMIT, or use "
		                        "transactional => true.")));
}

} // namespace

// PROCEDURE distributed_exec(query text, node_list name[], transactional boolean)
TSDIST_FUNCTION(tsdist_distributed_exec)
{
	require_access_node();
	const char *command = arg_command(fcinfo);
	List *names = arg_node_names(fcinfo);
	bool transactional = PG_ARGISNULL(2) || PG_GETARG_BOOL(2);
	if (!transactional)
		check_autocommit_allowed(fcinfo);
	List *servers = tsdist::dist::distributed_exec_targets(names);
	tsdist::dist::distributed_exec(command, servers, transactional);
	PG_RETURN_VOID();
}
