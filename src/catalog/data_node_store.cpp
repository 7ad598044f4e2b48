// Data nodes stored as foreign servers of timescaledb_dist_fdw.
#include "pg/pg.hpp"
#include "catalog/data_node_store.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/xact.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_foreign_server.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
}

namespace tsdist::catalog
{

Oid
data_node_fdw_oid()
{
	return GetForeignDataWrapperByName(kDataNodeFdw, false)->fdwid;
}

ForeignServer *
data_node_get(const char *name, bool missing_ok)
{
	ForeignServer *server = GetForeignServerByName(name, missing_ok);
	if (server != NULL && server->fdwid != data_node_fdw_oid())
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
		                errmsg("server \"%s\" is not a data node", name),
		                errdetail("Data nodes are foreign servers of the foreign-data wrapper "
		                          "\"%s\".",
		                          kDataNodeFdw)));
	return server;
}

DataNodeOptions
data_node_options(const ForeignServer *server)
{
	DataNodeOptions o = {NULL, 0, NULL, true};
	ListCell *lc;
	foreach (lc, server->options)
	{
		DefElem *def = (DefElem *) lfirst(lc);
		if (strcmp(def->defname, "host") == 0)
			o.host = defGetString(def);
		else if (strcmp(def->defname, "port") == 0)
			o.port = atoi(defGetString(def));
		else if (strcmp(def->defname, "dbname") == 0)
			o.dbname = defGetString(def);
		else if (strcmp(def->defname, "available") == 0)
			o.available = defGetBoolean(def);
	}
	return o;
}

void
data_node_check_create_permission()
{
	AclResult acl = pg_foreign_data_wrapper_aclcheck(data_node_fdw_oid(), GetUserId(), ACL_USAGE);
	if (acl != ACLCHECK_OK)
		aclcheck_error(acl, OBJECT_FDW, kDataNodeFdw);
}

void
data_node_check_owner(const ForeignServer *server)
{
	if (!pg_foreign_server_ownercheck(server->serverid, GetUserId()))
		aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_FOREIGN_SERVER, server->servername);
}

// An option definition for CREATE/ALTER SERVER; action DEFELEM_UNSPEC for CREATE.
static DefElem *
option(const char *name, const char *value, DefElemAction action)
{
	DefElem *def = makeDefElem(pstrdup(name), (Node *) makeString(pstrdup(value)), -1);
	def->defaction = action;
	return def;
}

void
data_node_create(const char *name, const DataNodeOptions &options, const char *password)
{
	CreateForeignServerStmt *stmt = makeNode(CreateForeignServerStmt);
	stmt->servername = pstrdup(name);
	stmt->fdwname = pstrdup(kDataNodeFdw);
	stmt->options = list_make3(option("host", options.host, DEFELEM_UNSPEC),
	                           option("port", psprintf("%d", options.port), DEFELEM_UNSPEC),
	                           option("dbname", options.dbname, DEFELEM_UNSPEC));
	CreateForeignServer(stmt);
	CommandCounterIncrement();
	if (password == NULL)
		return;
	/* Built as a node, never as SQL text: the password cannot show up in logs or error contexts. */
	CreateUserMappingStmt *mapping = makeNode(CreateUserMappingStmt);
	mapping->user = makeNode(RoleSpec);
	mapping->user->roletype = ROLESPEC_CURRENT_USER;
	mapping->user->location = -1;
	mapping->servername = pstrdup(name);
	mapping->options = list_make1(option("password", password, DEFELEM_UNSPEC));
	CreateUserMapping(mapping);
	CommandCounterIncrement();
}

void
data_node_drop(const ForeignServer *server)
{
	/* The caller checked ownership; user mappings go with the server, quietly. */
	ObjectAddress address;
	ObjectAddressSet(address, ForeignServerRelationId, server->serverid);
	performDeletion(&address, DROP_CASCADE, PERFORM_DELETION_QUIETLY);
	CommandCounterIncrement();
}

// SET when the server has the option already, else ADD.
static DefElemAction
set_or_add(const ForeignServer *server, const char *name)
{
	ListCell *lc;
	foreach (lc, server->options)
		if (strcmp(((DefElem *) lfirst(lc))->defname, name) == 0)
			return DEFELEM_SET;
	return DEFELEM_ADD;
}

void
data_node_alter(const ForeignServer *server, const char *host, const char *dbname, int port,
                int available)
{
	List *options = NIL;
	if (host != NULL)
		options = lappend(options, option("host", host, set_or_add(server, "host")));
	if (port > 0)
		options =
		    lappend(options, option("port", psprintf("%d", port), set_or_add(server, "port")));
	if (dbname != NULL)
		options = lappend(options, option("dbname", dbname, set_or_add(server, "dbname")));
	if (available >= 0)
		options = lappend(options, option("available", available ? "true" : "false",
		                                  set_or_add(server, "available")));
	if (options == NIL)
		return;
	AlterForeignServerStmt *stmt = makeNode(AlterForeignServerStmt);
	stmt->servername = pstrdup(server->servername);
	stmt->options = options;
	AlterForeignServer(stmt);
	CommandCounterIncrement();
}

// list_sort comparator: servers by name.
static int
compare_names(const ListCell *a, const ListCell *b)
{
	return strcmp(((ForeignServer *) lfirst(a))->servername,
	              ((ForeignServer *) lfirst(b))->servername);
}

List *
data_node_list()
{
	Oid fdw = data_node_fdw_oid();
	List *servers = NIL;
	Relation rel = table_open(ForeignServerRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple tuple;
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_foreign_server form = (Form_pg_foreign_server) GETSTRUCT(tuple);
		if (form->srvfdw == fdw)
			servers = lappend(servers, GetForeignServer(form->oid));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	list_sort(servers, compare_names);
	return servers;
}

} // namespace tsdist::catalog
