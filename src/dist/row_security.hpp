// Row-level security is refused on distributed hypertables: their rows are
// read, changed and checked on the data nodes, which never see the access
// node's policies, so a policy there would be silently ignored by UPDATE,
// DELETE and pushed-down conditions. These checks run when a table becomes
// distributed, on ALTER TABLE / CREATE POLICY, and when a query is planned.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// Raises when table `relid` has row-level security enabled or forced, or
// any policy: it cannot become a distributed hypertable.
void check_no_row_security(Oid relid);

// Raises the refusal of ENABLE / FORCE ROW LEVEL SECURITY or CREATE POLICY
// (`command`) on distributed hypertable `relid`.
[[noreturn]] void refuse_row_security_command(Oid relid, const char *command);

// Raises when row-level security would apply to distributed hypertable
// `relid` read or written with the rights of `check_as_user` (InvalidOid:
// the current user); a user who bypasses the policies (owner without FORCE,
// BYPASSRLS, superuser) passes.
void check_row_security_not_applied(Oid relid, Oid check_as_user);

} // namespace tsdist::dist
