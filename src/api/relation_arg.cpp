// regclass arguments of the SQL API.
#include "pg/pg.hpp"
#include "api/relation_arg.hpp"
#include "catalog/hypertable_cache.hpp"

extern "C"
{
#include "utils/lsyscache.h"
#include "utils/syscache.h"
}

namespace tsdist::api
{

void
check_relation_exists(Oid relid)
{
	if (!OidIsValid(relid) || !SearchSysCacheExists1(RELOID, ObjectIdGetDatum(relid)))
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
		                errmsg("relation with OID %u does not exist", relid)));
}

Oid
relation_arg(FunctionCallInfo fcinfo, int i)
{
	Oid relid = PG_GETARG_OID(i);
	check_relation_exists(relid);
	return relid;
}

catalog::Hypertable *
hypertable_arg(FunctionCallInfo fcinfo, int i)
{
	Oid relid = relation_arg(fcinfo, i);
	catalog::Hypertable *ht = catalog::hypertable_get(relid);
	if (ht == NULL)
		ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
		                errmsg("table \"%s\" is not a hypertable", get_rel_name(relid))));
	return ht;
}

} // namespace tsdist::api
