-- Chunks: show_chunks and drop_chunks (TimescaleDB 2.13 signatures without
-- created_before / created_after).
CREATE FUNCTION show_chunks(
    relation regclass,
    older_than "any" = NULL,
    newer_than "any" = NULL)
    RETURNS SETOF regclass AS 'MODULE_PATHNAME', 'tsdist_show_chunks' LANGUAGE C STABLE;

CREATE FUNCTION drop_chunks(
    relation regclass,
    older_than "any" = NULL,
    newer_than "any" = NULL,
    verbose boolean = false)
    RETURNS SETOF text AS 'MODULE_PATHNAME', 'tsdist_drop_chunks' LANGUAGE C VOLATILE;
