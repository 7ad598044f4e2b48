// regclass arguments of the SQL API. A regclass argument may be 0 or the OID
// of a dropped relation ('12345'::regclass does not check): every function
// checks it here before anything prints its name. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{
struct Hypertable;
}

namespace tsdist::api
{

// Raises `relation with OID %u does not exist` (42P01) unless `relid` names
// a relation (0 never does).
void check_relation_exists(Oid relid);

// The relation OID of argument `i`, which the caller has checked is not NULL;
// raises as check_relation_exists.
Oid relation_arg(FunctionCallInfo fcinfo, int i);

// The hypertable of the relation of argument `i` (not NULL); raises when the
// relation does not exist or is not a hypertable.
catalog::Hypertable *hypertable_arg(FunctionCallInfo fcinfo, int i);

} // namespace tsdist::api
