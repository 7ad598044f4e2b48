-- Chunks: show_chunks and drop_chunks (TimescaleDB 2.13 signatures): by time
-- range (older_than / newer_than) or by creation time (created_before /
-- created_after).
CREATE FUNCTION show_chunks(
    relation regclass,
    older_than "any" = NULL,
    newer_than "any" = NULL,
    created_before "any" = NULL,
    created_after "any" = NULL)
    RETURNS SETOF regclass AS 'MODULE_PATHNAME', 'tsdist_show_chunks' LANGUAGE C STABLE;

CREATE FUNCTION drop_chunks(
    relation regclass,
    older_than "any" = NULL,
    newer_than "any" = NULL,
    verbose boolean = false,
    created_before "any" = NULL,
    created_after "any" = NULL)
    RETURNS SETOF text AS 'MODULE_PATHNAME', 'tsdist_drop_chunks' LANGUAGE C VOLATILE;

-- Internal: the chunk with exactly this hypercube (one range per dimension,
-- in internal values), created if no chunk overlaps it. An access node calls
-- it on a data node to place a chunk there; idempotent for the same cube.
CREATE FUNCTION _timescaledb_dist_functions.create_chunk(
    hypertable regclass,
    range_start bigint[],
    range_end bigint[],
    schema_name name = NULL,
    table_name name = NULL)
    RETURNS TABLE(chunk_id integer, schema_name name, table_name name, created boolean)
    AS 'MODULE_PATHNAME', 'tsdist_create_chunk' LANGUAGE C VOLATILE;
