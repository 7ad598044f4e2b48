-- Size and row count functions of TimescaleDB 2.13 for local and distributed
-- hypertables. Sizes vary between runs: only relations between them are
-- shown (> 0, sums, node counts, a distributed hypertable against a local
-- one holding the same rows). The access node is compat_sizes_an; data nodes
-- are compat_sizes_dn1/2 of the same instance.
\set VERBOSITY default
CREATE DATABASE compat_sizes_an;
\c compat_sizes_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'compat_sizes_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'compat_sizes_dn2');
CREATE ROLE compat_sizes_user LOGIN;
GRANT USAGE ON FOREIGN SERVER dn1, dn2 TO compat_sizes_user;

CREATE TABLE conditions (time timestamptz NOT NULL, location text NOT NULL, note text);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time', 'location',
                                                     chunk_time_interval => interval '1 day');
CREATE TABLE metrics (time timestamptz NOT NULL, device int, value float8);
SELECT table_name FROM create_distributed_hypertable('metrics', 'time', replication_factor => 2,
                                                     chunk_time_interval => interval '1 day');
CREATE TABLE local_conditions (time timestamptz NOT NULL, location text NOT NULL, note text);
SELECT table_name FROM create_hypertable('local_conditions', 'time',
                                         chunk_time_interval => interval '1 day');
CREATE INDEX conditions_location ON conditions (location, time);
CREATE INDEX local_conditions_location ON local_conditions (location, time);
CREATE TABLE plain (a int);
INSERT INTO conditions
SELECT '2026-01-01 00:00+00'::timestamptz + i * interval '5 minutes', 'loc' || (i % 7),
       CASE WHEN i % 100 = 0 THEN repeat(md5(i::text), 200) END
FROM generate_series(0, 2999) i;
INSERT INTO local_conditions SELECT * FROM conditions;
INSERT INTO metrics
SELECT '2026-01-01 00:00+00'::timestamptz + i * interval '10 minutes', i % 4, i
FROM generate_series(0, 999) i;
INSERT INTO plain SELECT generate_series(1, 500);

---------------------------------------------------------------------------
-- hypertable_detailed_size: the access node's row (node_name NULL), one per
-- data node; the parts add up
---------------------------------------------------------------------------
SELECT node_name, table_bytes > 0 AS has_table, index_bytes > 0 AS has_index,
       toast_bytes >= 0 AS toast, table_bytes + index_bytes + toast_bytes = total_bytes AS adds_up
FROM hypertable_detailed_size('conditions');
SELECT node_name, total_bytes > 0 AS has_bytes, table_bytes + index_bytes + toast_bytes = total_bytes AS adds_up
FROM hypertable_detailed_size('local_conditions');
-- The data nodes hold the rows: each node's part is bigger than the access node's.
SELECT count(*) FILTER (WHERE node_name IS NOT NULL) AS data_nodes,
       bool_and(total_bytes > (SELECT total_bytes FROM hypertable_detailed_size('conditions') WHERE node_name IS NULL))
         FILTER (WHERE node_name IS NOT NULL) AS nodes_bigger
FROM hypertable_detailed_size('conditions');
-- Not a hypertable: no rows.
SELECT count(*) FROM hypertable_detailed_size('plain');

---------------------------------------------------------------------------
-- hypertable_size: the sum of the detailed rows
---------------------------------------------------------------------------
SELECT hypertable_size('conditions') = (SELECT sum(total_bytes) FROM hypertable_detailed_size('conditions')) AS dist_sum,
       hypertable_size('local_conditions') = (SELECT sum(total_bytes) FROM hypertable_detailed_size('local_conditions')) AS local_sum,
       hypertable_size('local_conditions') > 0 AS local_positive,
       hypertable_size('plain') IS NULL AS plain_null;
-- Replication factor 2: both nodes hold rows.
SELECT count(*) AS nodes, bool_and(total_bytes > 0) AS all_positive
FROM hypertable_detailed_size('metrics') WHERE node_name IS NOT NULL;

---------------------------------------------------------------------------
-- chunks_detailed_size: a row per chunk replica and node (local: per chunk)
---------------------------------------------------------------------------
SELECT count(*) AS rows, count(DISTINCT chunk_name) AS chunks,
       count(DISTINCT node_name) AS nodes, bool_and(total_bytes > 0) AS positive,
       bool_and(table_bytes + index_bytes + toast_bytes = total_bytes) AS adds_up
FROM chunks_detailed_size('conditions');
-- The chunks are those show_chunks names.
SELECT (SELECT array_agg(DISTINCT chunk_name ORDER BY chunk_name) FROM chunks_detailed_size('conditions'))
     = (SELECT array_agg(c.relname ORDER BY c.relname) FROM show_chunks('conditions') s
        JOIN pg_class c ON c.oid = s) AS same_chunks;
-- Replication factor 2: every chunk on both nodes.
SELECT count(*) AS rows, count(DISTINCT chunk_name) AS chunks, count(DISTINCT node_name) AS nodes
FROM chunks_detailed_size('metrics');
SELECT count(*) AS rows, count(DISTINCT chunk_name) AS chunks, count(node_name) AS with_node,
       sum(total_bytes) < hypertable_size('local_conditions') AS less_than_hypertable
FROM chunks_detailed_size('local_conditions');
-- The data nodes' rows add up to their hypertable_detailed_size rows minus the member's own table.
SELECT c.node_name, c.bytes <= h.total_bytes AS within
FROM (SELECT node_name, sum(total_bytes) AS bytes FROM chunks_detailed_size('conditions') GROUP BY 1) c
JOIN hypertable_detailed_size('conditions') h USING (node_name) ORDER BY 1;

---------------------------------------------------------------------------
-- hypertable_index_size: the index on every chunk, on every node
---------------------------------------------------------------------------
SELECT hypertable_index_size('conditions_location') > hypertable_index_size('local_conditions_location') / 2 AS dist_comparable,
       hypertable_index_size('local_conditions_location') > pg_total_relation_size('local_conditions_location') AS local_has_chunks,
       hypertable_index_size('plain') IS NULL AS not_an_index;
-- The indexes of a hypertable add up to its index_bytes.
SELECT (SELECT sum(hypertable_index_size(indexrelid)) FROM pg_index WHERE indrelid = 'local_conditions'::regclass)
     = (SELECT index_bytes FROM hypertable_detailed_size('local_conditions')) AS local_indexes,
       (SELECT sum(hypertable_index_size(indexrelid)) FROM pg_index WHERE indrelid = 'conditions'::regclass)
     = (SELECT sum(index_bytes) FROM hypertable_detailed_size('conditions')) AS dist_indexes;

---------------------------------------------------------------------------
-- approximate_row_count: after ANALYZE (forwarded), the exact counts here;
-- each replicated chunk counted once
---------------------------------------------------------------------------
SELECT approximate_row_count('conditions') AS before_analyze;
ANALYZE conditions, local_conditions, metrics, plain;
SELECT approximate_row_count('conditions') AS conditions, approximate_row_count('local_conditions') AS local,
       approximate_row_count('metrics') AS metrics, approximate_row_count('plain') AS plain;

---------------------------------------------------------------------------
-- Any user may call them (as pg_total_relation_size); remote work runs as
-- that user
---------------------------------------------------------------------------
SET ROLE compat_sizes_user;
SELECT count(*) AS rows, bool_and(total_bytes > 0) AS positive FROM hypertable_detailed_size('conditions');
SELECT approximate_row_count('metrics');
SELECT count(*) FROM chunks_detailed_size('metrics');
RESET ROLE;
SELECT hypertable_size(0);
SELECT hypertable_size(NULL);
SELECT * FROM _timescaledb_dist_functions.data_node_relation_rows('conditions', 'pg_sleep');

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
DROP TABLE conditions, metrics, local_conditions, plain;
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE compat_sizes_an;
DROP ROLE compat_sizes_user;
SELECT datname FROM pg_database WHERE datname LIKE 'compat_sizes%';
