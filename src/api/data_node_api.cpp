// SQL entry points: add_data_node, delete_data_node, alter_data_node and
// internal helpers. Arguments, their shape, the result row; dist does the rest.
#include "pg/pg.hpp"
#include "core/data_node_options.hpp"
#include "dist/data_node_ops.hpp"
#include "dist/data_node_query.hpp"
#include "pg/hide_statement.hpp"

extern "C"
{
#include "access/xact.h"
#include "commands/dbcommands.h"
#include "postmaster/postmaster.h"
#include "utils/tuplestore.h"
}

namespace
{

// A text or name argument as a C string, NULL for SQL NULL.
const char *
arg_cstring(FunctionCallInfo fcinfo, int n, bool is_name)
{
	if (PG_ARGISNULL(n))
		return NULL;
	if (is_name)
		return pstrdup(NameStr(*PG_GETARG_NAME(n)));
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

// The port argument: the access node's own port when NULL; validated.
int
arg_port(FunctionCallInfo fcinfo, int n, int default_port)
{
	if (PG_ARGISNULL(n))
		return default_port;
	int port = PG_GETARG_INT32(n);
	if (!tsdist::core::port_in_range(port))
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid port number %d", port),
		         errhint("The port number must be between %d and %d.", tsdist::core::kMinPort,
		                 tsdist::core::kMaxPort)));
	return port;
}

// The node name argument (first argument of every function); never NULL.
const char *
arg_node_name(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
		        (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("data node name cannot be NULL")));
	return arg_cstring(fcinfo, 0, true);
}

// A name Datum from a C string (NULL stays NULL through `isnull`).
Datum
name_datum(const char *value)
{
	Name name = (Name) palloc0(NAMEDATALEN);
	namestrcpy(name, value);
	return NameGetDatum(name);
}

// Builds the composite result of a function returning one row.
Datum
result_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc tupdesc;
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a record called in a context that cannot accept it");
	tupdesc = BlessTupleDesc(tupdesc);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

// The arguments and result of add_data_node, for run_hiding_statement.
struct AddDataNodeCall
{
	FunctionCallInfo fcinfo;
	Datum result;
};

// add_data_node's body; its statement text may hold a password.
void
add_data_node_call(void *arg)
{
	AddDataNodeCall *call = (AddDataNodeCall *) arg;
	FunctionCallInfo fcinfo = call->fcinfo;
	PreventInTransactionBlock(true, "add_data_node()");
	tsdist::dist::AddDataNodeArgs args;
	args.node_name = arg_node_name(fcinfo);
	args.host = arg_cstring(fcinfo, 1, false);
	if (args.host == NULL || args.host[0] == '\0')
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("a host needs to be specified"),
		         errhint("Provide a host name or IP address of a data node to add.")));
	args.database = arg_cstring(fcinfo, 2, true);
	if (args.database == NULL)
		args.database = get_database_name(MyDatabaseId);
	if (args.database[0] == '\0')
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("data node database name cannot be empty")));
	args.port = arg_port(fcinfo, 3, PostPortNumber);
	args.if_not_exists = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	args.bootstrap = PG_ARGISNULL(5) || PG_GETARG_BOOL(5);
	args.password = arg_cstring(fcinfo, 6, false);

	tsdist::dist::AddDataNodeResult r = tsdist::dist::data_node_add(args);
	Datum values[7] = {name_datum(r.node_name),
	                   CStringGetTextDatum(r.host),
	                   Int32GetDatum(r.port),
	                   name_datum(r.database),
	                   BoolGetDatum(r.node_created),
	                   BoolGetDatum(r.database_created),
	                   BoolGetDatum(r.extension_created)};
	bool nulls[7] = {false, r.host == NULL, false, r.database == NULL, false, false, false};
	if (r.host == NULL)
		values[1] = (Datum) 0;
	if (r.database == NULL)
		values[3] = (Datum) 0;
	call->result = result_row(fcinfo, values, nulls);
}

} // namespace

// add_data_node(node_name, host, database, port, if_not_exists, bootstrap,
// password): no message it raises logs the statement (it may hold the password).
TSDIST_FUNCTION(tsdist_add_data_node)
{
	AddDataNodeCall call = {fcinfo, (Datum) 0};
	tsdist::pg::run_hiding_statement(add_data_node_call, &call);
	PG_RETURN_DATUM(call.result);
}

// delete_data_node(node_name, if_exists, force, repartition, drop_database)
TSDIST_FUNCTION(tsdist_delete_data_node)
{
	const char *node_name = arg_node_name(fcinfo);
	bool if_exists = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
	bool force = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	bool repartition = PG_ARGISNULL(3) || PG_GETARG_BOOL(3);
	bool drop_database = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	if (drop_database)
		PreventInTransactionBlock(true, "delete_data_node() with drop_database");
	PG_RETURN_BOOL(
	    tsdist::dist::data_node_delete(node_name, if_exists, force, repartition, drop_database));
}

// alter_data_node(node_name, host, database, port, available)
TSDIST_FUNCTION(tsdist_alter_data_node)
{
	const char *node_name = arg_node_name(fcinfo);
	const char *host = arg_cstring(fcinfo, 1, false);
	const char *database = arg_cstring(fcinfo, 2, true);
	int port = arg_port(fcinfo, 3, 0);
	int available = PG_ARGISNULL(4) ? -1 : (PG_GETARG_BOOL(4) ? 1 : 0);

	tsdist::dist::DataNodeRow r =
	    tsdist::dist::data_node_alter_options(node_name, host, database, port, available);
	Datum values[5] = {name_datum(r.node_name), r.host ? CStringGetTextDatum(r.host) : (Datum) 0,
	                   Int32GetDatum(r.port), r.database ? name_datum(r.database) : (Datum) 0,
	                   BoolGetDatum(r.available)};
	bool nulls[5] = {false, r.host == NULL, r.port == 0, r.database == NULL, false};
	PG_RETURN_DATUM(result_row(fcinfo, values, nulls));
}

// _timescaledb_dist_functions.data_node_query(node_name, command)
TSDIST_FUNCTION(tsdist_data_node_query)
{
	char *value = tsdist::dist::data_node_query(NameStr(*PG_GETARG_NAME(0)),
	                                            text_to_cstring(PG_GETARG_TEXT_PP(1)));
	if (value == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(value));
}

// _timescaledb_dist_functions.data_node_query_all(command): every node at once.
TSDIST_FUNCTION(tsdist_data_node_query_all)
{
	char **names;
	char **values;
	int n =
	    tsdist::dist::data_node_query_all(text_to_cstring(PG_GETARG_TEXT_PP(0)), &names, &values);
	InitMaterializedSRF(fcinfo, 0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	for (int i = 0; i < n; i++)
	{
		Datum row[2] = {name_datum(names[i]),
		                values[i] ? CStringGetTextDatum(values[i]) : (Datum) 0};
		bool nulls[2] = {false, values[i] == NULL};
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, row, nulls);
	}
	return (Datum) 0;
}

// _timescaledb_dist_functions.data_node_connection_count(node_name)
TSDIST_FUNCTION(tsdist_data_node_connection_count)
{
	PG_RETURN_INT32(tsdist::dist::data_node_connection_count(NameStr(*PG_GETARG_NAME(0))));
}
