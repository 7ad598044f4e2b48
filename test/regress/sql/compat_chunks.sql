-- show_chunks / drop_chunks by creation time (TimescaleDB 2.13:
-- created_before, created_after) on local and distributed hypertables. The
-- chunks' creation times are set in the catalog so that the output is
-- stable; they run opposite to the chunks' time ranges, so choosing by one
-- cannot pass for choosing by the other. The access node is compat_chunks_an;
-- data nodes are compat_chunks_dn1/2 of the same instance.
\set VERBOSITY default
CREATE DATABASE compat_chunks_an;
\c compat_chunks_an
SET client_min_messages = warning;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'compat_chunks_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'compat_chunks_dn2');

CREATE TABLE conditions (time timestamptz NOT NULL, device int NOT NULL, v float8);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time',
    chunk_time_interval => interval '1 day');
CREATE TABLE local_conditions (time timestamptz NOT NULL, device int NOT NULL, v float8);
SELECT table_name FROM create_hypertable('local_conditions', 'time',
    chunk_time_interval => interval '1 day');
CREATE TABLE ints (time bigint NOT NULL, v int);
SELECT table_name FROM create_hypertable('ints', 'time', chunk_time_interval => 10);
INSERT INTO conditions SELECT '2026-01-01'::timestamptz + i * interval '1 hour', i % 5, i
FROM generate_series(0, 95) i;
INSERT INTO local_conditions SELECT * FROM conditions ORDER BY time;
INSERT INTO ints SELECT i, i FROM generate_series(0, 39) i;

-- Chunk n (by id, so by time) of each hypertable was created on 2020-01-(10 - n).
UPDATE _timescaledb_dist_catalog.chunk c SET creation_time = '2020-01-10'::timestamptz - n.n * interval '1 day'
FROM (SELECT id, row_number() OVER (PARTITION BY hypertable_id ORDER BY id) AS n
      FROM _timescaledb_dist_catalog.chunk) n
WHERE n.id = c.id;
SELECT hypertable_name, chunk_name, range_start, range_end_integer, chunk_creation_time
FROM timescaledb_information.chunks ORDER BY 1, 2;

---------------------------------------------------------------------------
-- show_chunks
---------------------------------------------------------------------------
SELECT show_chunks('conditions', created_before => '2020-01-08'::timestamptz);
SELECT show_chunks('conditions', created_after => '2020-01-08'::date);
SELECT show_chunks('local_conditions', created_before => '2020-01-09'::timestamp,
                   created_after => '2020-01-07'::timestamptz);
SELECT show_chunks('ints', created_before => '2020-01-08'::timestamptz);
-- An interval counts back from now(): every chunk was created more than a day ago.
SELECT count(*) FROM show_chunks('conditions', created_before => interval '1 day');
SELECT count(*) FROM show_chunks('conditions', created_after => interval '1 day');
-- NULL is "not given".
SELECT show_chunks('conditions', older_than => '2026-01-03'::timestamptz, created_after => NULL);
SELECT count(*) FROM show_chunks('conditions', NULL, NULL, NULL, NULL);

---------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------
SELECT show_chunks('conditions', older_than => '2026-01-03'::timestamptz,
                   created_before => '2020-01-08'::timestamptz);
SELECT drop_chunks('conditions', newer_than => '2026-01-03'::timestamptz,
                   created_after => '2020-01-08'::timestamptz);
SELECT show_chunks('conditions', created_before => '2020-01-07'::timestamptz,
                   created_after => '2020-01-08'::timestamptz);
SELECT show_chunks('ints', created_before => 5);
SELECT show_chunks('conditions', created_after => 5::bigint);
SELECT drop_chunks('conditions');
SELECT drop_chunks('conditions', created_before => NULL::timestamptz);

---------------------------------------------------------------------------
-- drop_chunks: the chunks created before 2020-01-08 (the two latest by time)
---------------------------------------------------------------------------
SELECT drop_chunks('conditions', created_before => '2020-01-08'::timestamptz);
SELECT drop_chunks('local_conditions', created_before => '2020-01-08'::date, verbose => true);
SELECT drop_chunks('ints', created_after => '2020-01-08'::timestamptz);
SELECT hypertable_name, chunk_name, chunk_creation_time
FROM timescaledb_information.chunks ORDER BY 1, 2;
-- The remaining rows: the same on the access node as in the local hypertable.
SELECT min(time), max(time), count(*), sum(v) FROM conditions;
SELECT min(time), max(time), count(*), sum(v) FROM local_conditions;
SELECT min(time), max(time), count(*) FROM ints;
-- The data nodes dropped their chunks too.
\c compat_chunks_dn1
SELECT count(*) AS chunks FROM timescaledb_information.chunks;
\c compat_chunks_dn2
SELECT count(*) AS chunks FROM timescaledb_information.chunks;
\c compat_chunks_an
SET client_min_messages = warning;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
DROP TABLE conditions, local_conditions, ints;
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE compat_chunks_an;
SELECT datname FROM pg_database WHERE datname LIKE 'compat_chunks%';
