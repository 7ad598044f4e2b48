// Connection options of a foreign server for a user.
#include "pg/pg.hpp"
#include "remote/server_options.hpp"

extern "C"
{
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "postmaster/postmaster.h"
#include "utils/syscache.h"
}

namespace tsdist::remote
{

// The user mapping for (user or PUBLIC, server), or NULL: a mapping is
// optional for data nodes (GetUserMapping raises when there is none).
static UserMapping *
find_mapping(Oid server_oid, Oid user_oid)
{
	if (SearchSysCacheExists2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(user_oid),
	                          ObjectIdGetDatum(server_oid)) ||
	    SearchSysCacheExists2(USERMAPPINGUSERSERVER, ObjectIdGetDatum(InvalidOid),
	                          ObjectIdGetDatum(server_oid)))
		return GetUserMapping(user_oid, server_oid);
	return NULL;
}

// The password option of a user mapping, or NULL.
static const char *
mapping_password(UserMapping *mapping)
{
	if (mapping == NULL)
		return NULL;
	ListCell *lc;
	foreach (lc, mapping->options)
	{
		DefElem *def = (DefElem *) lfirst(lc);
		if (strcmp(def->defname, "password") == 0)
			return defGetString(def);
	}
	return NULL;
}

// A server option's value, or NULL.
static const char *
server_option(ForeignServer *server, const char *name)
{
	ListCell *lc;
	foreach (lc, server->options)
	{
		DefElem *def = (DefElem *) lfirst(lc);
		if (strcmp(def->defname, name) == 0)
			return defGetString(def);
	}
	return NULL;
}

ConnOptions
server_conn_options(Oid server_oid, Oid user_oid, const char *dbname_override)
{
	ForeignServer *server = GetForeignServer(server_oid);
	const char *port = server_option(server, "port");
	const char *dbname = dbname_override ? dbname_override : server_option(server, "dbname");
	return conn_options(server_option(server, "host"), port ? atoi(port) : PostPortNumber, dbname,
	                    GetUserNameFromId(user_oid, false),
	                    mapping_password(find_mapping(server_oid, user_oid)));
}

uint32
server_mapping_hashvalue(Oid server_oid, Oid user_oid)
{
	UserMapping *mapping = find_mapping(server_oid, user_oid);
	if (mapping == NULL)
		return 0;
	return GetSysCacheHashValue1(USERMAPPINGOID, ObjectIdGetDatum(mapping->umid));
}

} // namespace tsdist::remote
