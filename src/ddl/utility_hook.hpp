// ProcessUtility hook for hypertables: COPY FROM, CREATE INDEX, DROP TABLE,
// ALTER TABLE RENAME / SET SCHEMA, DROP EXTENSION, VACUUM / ANALYZE.
#pragma once

namespace tsdist::ddl
{

// Installs the hook (chaining the previous one); called once from _PG_init.
void utility_hook_install();

} // namespace tsdist::ddl
