// The validator of timescaledb_dist_fdw: only known options, valid values.
#include "pg/pg.hpp"
#include "core/data_node_options.hpp"

extern "C"
{
#include "access/reloptions.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_user_mapping.h"
#include "commands/defrem.h"
}

namespace
{

using tsdist::core::OptionScope;

// Which options a catalog (server, user mapping, others) accepts.
OptionScope
scope_of(Oid catalog)
{
	if (catalog == ForeignServerRelationId)
		return OptionScope::Server;
	if (catalog == UserMappingRelationId)
		return OptionScope::UserMapping;
	return OptionScope::Other;
}

// Raises for an option name the scope does not accept.
void
check_name(OptionScope scope, const DefElem *def)
{
	if (tsdist::core::option_allowed(scope, def->defname))
		return;
	std::string_view valid = tsdist::core::allowed_options(scope);
	ereport(ERROR, (errcode(ERRCODE_FDW_INVALID_OPTION_NAME),
	                errmsg("invalid option \"%s\"", def->defname),
	                valid.empty() ? errhint("There are no valid options in this context.")
	                              : errhint("Valid options in this context are: %.*s.",
	                                        (int) valid.size(), valid.data())));
}

// Raises for a bad value of a known option.
void
check_value(DefElem *def)
{
	const char *value = defGetString(def);
	if (strcmp(def->defname, "port") == 0 && !tsdist::core::parse_port(value))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid port number \"%s\"", value),
		                errhint("The port number must be between %d and %d.",
		                        tsdist::core::kMinPort, tsdist::core::kMaxPort)));
	if (strcmp(def->defname, "available") == 0)
		(void) defGetBoolean(def); /* raises "... requires a Boolean value" */
	if ((strcmp(def->defname, "host") == 0 || strcmp(def->defname, "dbname") == 0) &&
	    value[0] == '\0')
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("option \"%s\" cannot be empty", def->defname)));
}

} // namespace

// timescaledb_dist_fdw's validator(options text[], catalog oid).
TSDIST_FUNCTION(tsdist_fdw_validator)
{
	List *options = untransformRelOptions(PG_GETARG_DATUM(0));
	OptionScope scope = scope_of(PG_GETARG_OID(1));
	ListCell *lc;
	foreach (lc, options)
	{
		DefElem *def = (DefElem *) lfirst(lc);
		check_name(scope, def);
		check_value(def);
	}
	PG_RETURN_VOID();
}
