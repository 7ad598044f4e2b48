// Refusing row-level security on distributed hypertables.
#include "pg/pg.hpp"
#include "dist/row_security.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/table.h"
#include "catalog/pg_policy.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/rls.h"
}

namespace tsdist::dist
{

static const char *const kUnsupported = "row-level security is not supported on distributed "
                                        "hypertables";
static const char *const kHint = "Restrict access with privileges or views on the access node, or "
                                 "use a local hypertable.";

// True when some policy is defined on table `relid`.
static bool
has_policies(Oid relid)
{
	Relation catalog = table_open(PolicyRelationId, AccessShareLock);
	ScanKeyData key;
	ScanKeyInit(&key, Anum_pg_policy_polrelid, BTEqualStrategyNumber, F_OIDEQ,
	            ObjectIdGetDatum(relid));
	SysScanDesc scan =
	    systable_beginscan(catalog, PolicyPolrelidPolnameIndexId, true, NULL, 1, &key);
	bool found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
	return found;
}

void
check_no_row_security(Oid relid)
{
	Relation rel = table_open(relid, AccessShareLock);
	bool enabled = rel->rd_rel->relrowsecurity || rel->rd_rel->relforcerowsecurity;
	table_close(rel, AccessShareLock);
	if (!enabled && !has_policies(relid))
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s", kUnsupported),
	                errdetail("Table \"%s\" has row-level security enabled or row security "
	                          "policies, which the data nodes would not apply.",
	                          get_rel_name(relid)),
	                errhint("Drop the policies and disable row-level security first, or use a "
	                        "local hypertable.")));
}

void
refuse_row_security_command(Oid relid, const char *command)
{
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s", kUnsupported),
	                errdetail("%s on \"%s\" would not restrict the rows the data nodes read and "
	                          "change.",
	                          command, get_rel_name(relid)),
	                errhint("%s", kHint)));
}

void
check_row_security_not_applied(Oid relid, Oid check_as_user)
{
	if (check_enable_rls(relid, check_as_user, true) != RLS_ENABLED)
		return;
	ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("%s", kUnsupported),
	                errdetail("Row-level security is enabled on distributed hypertable \"%s\", "
	                          "and the data nodes would not apply its policies.",
	                          get_rel_name(relid)),
	                errhint("Disable row-level security on the table, or use a local "
	                        "hypertable.")));
}

} // namespace tsdist::dist
