// Statements on one of our catalog tables run as that table's owner (the
// extension's owner), for tables users may not write themselves. PG zone.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

// Runs `sql` with up to two text parameters as the owner of
// _timescaledb_dist_catalog.`table`, under the pinned search_path (like
// catalog_exec); returns the first column of every row
// (palloc'd in the caller's context; NULL for a NULL value). An error restores
// the user id as part of the (sub)transaction abort.
List *owner_query(const char *table, const char *sql, int nparams, const char **values);

} // namespace tsdist::catalog
