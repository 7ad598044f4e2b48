-- Data nodes are foreign servers of this wrapper (options host, port, dbname,
-- available); credentials live in user mappings (option password). It has no
-- handler: the extension itself talks to the servers, nothing else uses it.
CREATE FUNCTION _timescaledb_dist_functions.fdw_validator(text[], oid) RETURNS void
    AS 'MODULE_PATHNAME', 'tsdist_fdw_validator' LANGUAGE C STRICT;
-- PostgreSQL calls a validator without checking EXECUTE.
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.fdw_validator(text[], oid) FROM PUBLIC;
CREATE FOREIGN DATA WRAPPER timescaledb_dist_fdw
    VALIDATOR _timescaledb_dist_functions.fdw_validator;
