-- timescaledb_dist install script. Built by concatenating sql/*.sql in name order.
\echo Use "CREATE EXTENSION timescaledb_dist" to load this file. \quit

-- Internal functions first: the install refuses to go on without preloading.
CREATE SCHEMA _timescaledb_dist_functions;
CREATE FUNCTION _timescaledb_dist_functions.assert_preloaded() RETURNS void
    AS 'MODULE_PATHNAME', 'tsdist_assert_preloaded' LANGUAGE C VOLATILE;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.assert_preloaded() FROM PUBLIC;
SELECT _timescaledb_dist_functions.assert_preloaded();

-- Catalog tables (only the extension writes them), chunk tables, user views.
CREATE SCHEMA _timescaledb_dist_catalog;
CREATE SCHEMA _timescaledb_dist_internal;
CREATE SCHEMA timescaledb_information;
CREATE SCHEMA timescaledb_experimental;
GRANT USAGE ON SCHEMA _timescaledb_dist_catalog, _timescaledb_dist_internal,
    timescaledb_information, timescaledb_experimental, _timescaledb_dist_functions TO PUBLIC;
