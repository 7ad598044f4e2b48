// Names of our catalog objects and access to them as the catalog owner.
#pragma once

#include "pg/pg.hpp"

struct _SPI_plan; // executor/spi.h: SPIPlanPtr

namespace tsdist::catalog
{

inline constexpr const char *kCatalogSchema = "_timescaledb_dist_catalog";
inline constexpr const char *kInternalSchema = "_timescaledb_dist_internal";
inline constexpr const char *kFunctionsSchema = "_timescaledb_dist_functions";
inline constexpr const char *kExtensionName = "timescaledb_dist";
// The row trigger create_hypertable puts on the root table (rows go to chunks).
inline constexpr const char *kInsertBlockerTrigger = "ts_insert_blocker";

// True when the extension is installed in this database and usable now (not
// while CREATE/DROP EXTENSION of it runs). Cheap: syscache lookups only.
bool extension_is_active();

// OID of a table in _timescaledb_dist_catalog, InvalidOid if missing.
Oid catalog_table_relid(const char *table_name);

// The user remote work runs as: the caller of the extension's elevated
// statement in progress (catalog_exec and friends), else GetUserId(). Work on
// data nodes never runs with the rights the extension borrowed for its catalog.
Oid acting_user();

// Runs SQL through SPI as the bootstrap superuser, so catalog rows and chunk
// tables are written whatever the caller's privileges (the caller's own
// rights are checked before). search_path is pinned to pg_catalog, pg_temp
// meanwhile (pg/search_path.hpp): name every other object with its schema.
// Raises on error. Returns SPI_processed.
uint64 catalog_exec(const char *sql, int nargs, Oid *argtypes, Datum *values, const char *nulls);

// catalog_exec in a connection of its own (SPI_connect ... SPI_finish), for
// statements whose result is not needed.
void catalog_run(const char *sql, int nargs = 0, Oid *argtypes = nullptr, Datum *values = nullptr,
                 const char *nulls = nullptr);

// Like catalog_exec for a read with the latest snapshot, so rows committed by
// other sessions after our snapshot are seen (chunk creation re-check).
uint64 catalog_read_latest(const char *sql, int nargs, Oid *argtypes, Datum *values,
                           const char *nulls);

// catalog_exec (or, with `latest`, catalog_read_latest) of a constant
// statement run on a hot path (per statement, per chunk): prepared once per
// session and kept in *saved (a static of the caller, NULL at first), so it is
// not parsed and planned on every call; PostgreSQL's plan cache plans it again
// when the catalog tables change (also after DROP and CREATE EXTENSION).
uint64 catalog_exec_saved(_SPI_plan **saved, bool latest, const char *sql, int nargs, Oid *argtypes,
                          Datum *values, const char *nulls);

// Column `col` (1-based) of row `row` of the last SPI result as int64/int32/name.
int64 spi_int64(uint64 row, int col, bool *isnull = nullptr);
int32 spi_int32(uint64 row, int col, bool *isnull = nullptr);
char *spi_text(uint64 row, int col);

} // namespace tsdist::catalog
