-- The chunk of a row is found with index scans of the catalog (issue 10):
-- its cost does not grow with the number of chunks, and it finds the right
-- chunk at the edges of ranges, at ±infinity and among time slices that
-- overlap across space partitions.
\set VERBOSITY default
CREATE DATABASE chunk_lookup;
\c chunk_lookup
SET client_min_messages = warning;
SET timezone = 'UTC';
CREATE EXTENSION timescaledb_dist;

-- The index the lookup walks.
SELECT indexdef FROM pg_indexes
WHERE schemaname = '_timescaledb_dist_catalog' AND indexname = 'dimension_slice_range_end_idx';

-- 2,000 chunks of one row each (integer time, interval 1).
CREATE TABLE readings (t integer NOT NULL, v integer);
SELECT table_name FROM create_hypertable('readings', 't', chunk_time_interval => 1);
INSERT INTO readings SELECT t, t FROM generate_series(0, 999) t;
INSERT INTO readings SELECT t, t FROM generate_series(1000, 1999) t;
SELECT count(*) AS chunks FROM show_chunks('readings');

-- Counters of this transaction only; \c gives a session with no cached chunks.
CREATE VIEW lookup_reads AS
SELECT (SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_xact_user_tables
        WHERE schemaname = '_timescaledb_dist_catalog'
          AND relname IN ('dimension_slice', 'chunk', 'chunk_constraint')) AS catalog_seq_scans,
       pg_stat_get_xact_tuples_returned(
           '_timescaledb_dist_catalog.dimension_slice_range_end_idx'::regclass) AS slices_read;
\c chunk_lookup
-- A row for the newest, the oldest and a middle chunk: a few index entries
-- each, no sequential scan of a catalog table.
BEGIN;
INSERT INTO readings VALUES (1999, -1);
INSERT INTO readings VALUES (0, -1);
INSERT INTO readings VALUES (1000, -1);
-- (At least one entry a lookup: the counters count these scans.)
SELECT catalog_seq_scans, slices_read BETWEEN 3 AND 6 AS few_slices_read FROM lookup_reads;
COMMIT;
-- A new chunk after the newest: the lookups before creating it read few entries too.
BEGIN;
INSERT INTO readings VALUES (2000, -1);
SELECT catalog_seq_scans, slices_read <= 6 AS few_slices_read FROM lookup_reads;
COMMIT;
SELECT count(*) AS chunks FROM show_chunks('readings');
-- Every row is in the chunk whose range holds it.
SELECT count(*) AS rows_outside_their_chunk
FROM readings r
JOIN pg_class k ON k.oid = r.tableoid
JOIN _timescaledb_dist_catalog.chunk c ON c.table_name = k.relname
JOIN _timescaledb_dist_catalog.chunk_constraint cc ON cc.chunk_id = c.id
JOIN _timescaledb_dist_catalog.dimension_slice s ON s.id = cc.dimension_slice_id
WHERE NOT (r.t >= s.range_start AND r.t < s.range_end);

-- Range edges: a chunk's start goes to it, its end to the next chunk.
CREATE TABLE edges (t integer NOT NULL);
SELECT table_name FROM create_hypertable('edges', 't', chunk_time_interval => 10);
INSERT INTO edges VALUES (10), (19), (20), (9), (0), (-1), (-10), (-11);
SELECT t, tableoid::regclass AS chunk FROM edges ORDER BY t;
INSERT INTO edges VALUES (10), (19), (20), (9), (0), (-1), (-10), (-11);
SELECT tableoid::regclass AS chunk, count(*) FROM edges GROUP BY 1 ORDER BY 1;

-- ±infinity: stored at the ends of the internal range; rows at the same
-- infinity find their chunk again instead of colliding with it.
CREATE TABLE stamps (time timestamptz NOT NULL);
SELECT table_name FROM create_hypertable('stamps', 'time', chunk_time_interval => interval '1 day');
INSERT INTO stamps VALUES ('infinity'), ('-infinity'), ('2024-01-01 10:00');
INSERT INTO stamps VALUES ('infinity'), ('-infinity'), ('2024-01-01 11:00');
SELECT time, tableoid::regclass AS chunk FROM stamps ORDER BY time, chunk;
SELECT count(*) AS chunks FROM show_chunks('stamps');

-- Time slices that overlap across space partitions (the interval changed in
-- between): a point whose nearest slice belongs to the other partition still
-- finds its own chunk.
CREATE TABLE spaced (t integer NOT NULL, device integer NOT NULL);
SELECT table_name FROM create_hypertable('spaced', 't', 'device', 2, chunk_time_interval => 10);
CREATE FUNCTION partition_of(integer) RETURNS integer LANGUAGE sql AS
$$ SELECT (_timescaledb_dist_functions.get_partition_hash($1) >= 1073741823)::integer $$;
-- Two devices in different space partitions.
SELECT d1.d AS dev_a, d2.d AS dev_b
FROM (SELECT min(d) AS d FROM generate_series(1, 50) d WHERE partition_of(d) = 0) d1,
     (SELECT min(d) AS d FROM generate_series(1, 50) d WHERE partition_of(d) = 1) d2 \gset
INSERT INTO spaced VALUES (5, :dev_a);
SELECT set_chunk_time_interval('spaced', 100);
INSERT INTO spaced VALUES (5, :dev_b), (50, :dev_a);
SELECT s.range_start, s.range_end
FROM _timescaledb_dist_catalog.dimension_slice s
JOIN _timescaledb_dist_catalog.dimension d ON d.id = s.dimension_id
WHERE d.column_name = 't' AND d.hypertable_id = (SELECT id FROM _timescaledb_dist_catalog.hypertable
                                                 WHERE table_name = 'spaced')
ORDER BY 1, 2;
\c chunk_lookup
INSERT INTO spaced VALUES (7, :dev_b), (9, :dev_a), (10, :dev_a), (99, :dev_b);
SELECT t, device = :dev_a AS dev_a, tableoid::regclass AS chunk FROM spaced ORDER BY t, dev_a;
SELECT count(*) AS chunks FROM show_chunks('spaced');

\c postgres
DROP DATABASE chunk_lookup;
