-- set_number_partitions (TimescaleDB 2.13): new chunks of a local or a
-- distributed hypertable get the new number of space slices, existing chunks
-- keep theirs; queries return what a plain table returns and space exclusion
-- stays right for old and new chunks. The access node is compat_partitions_an;
-- data nodes are compat_partitions_dn1/2 of the same instance.
\set VERBOSITY default
CREATE DATABASE compat_partitions_an;
\c compat_partitions_an
SET client_min_messages = warning;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'compat_partitions_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'compat_partitions_dn2');
CREATE ROLE compat_partitions_other LOGIN;
GRANT USAGE ON FOREIGN SERVER dn1, dn2 TO compat_partitions_other;

CREATE TABLE conditions (time timestamptz NOT NULL, device int NOT NULL, v float8);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time', 'device',
    number_partitions => 2, chunk_time_interval => interval '1 day');
CREATE TABLE local_conditions (time timestamptz NOT NULL, device int NOT NULL, v float8);
SELECT table_name FROM create_hypertable('local_conditions', 'time', 'device',
    number_partitions => 2, chunk_time_interval => interval '1 day',
    create_default_indexes => false);
CREATE TABLE plain (time timestamptz NOT NULL, device int NOT NULL, v float8);
CREATE TABLE nospace (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_hypertable('nospace', 'time');
GRANT ALL ON conditions, local_conditions TO compat_partitions_other;

-- Chunks per day and hypertable.
CREATE VIEW layout AS
SELECT hypertable_name, range_start::date AS day, count(*) AS chunks
FROM timescaledb_information.chunks GROUP BY 1, 2 ORDER BY 1, 2;

-- Day 1 with 2 partitions.
INSERT INTO plain SELECT '2026-01-01'::timestamptz + i * interval '15 minutes', i % 40, i
FROM generate_series(0, 95) i;
INSERT INTO conditions SELECT * FROM plain;
INSERT INTO local_conditions SELECT * FROM plain;

---------------------------------------------------------------------------
-- Changing the number of partitions
---------------------------------------------------------------------------
SELECT set_number_partitions('conditions', 4);
SELECT set_number_partitions('local_conditions', 3, 'device');
SELECT hypertable_name, column_name, num_partitions FROM timescaledb_information.dimensions
WHERE dimension_type = 'Space' ORDER BY 1;

-- Day 2 with the new counts; day 1 rows (old chunks) once more.
INSERT INTO plain SELECT '2026-01-02'::timestamptz + i * interval '15 minutes', i % 40, i
FROM generate_series(0, 95) i;
INSERT INTO plain SELECT '2026-01-01 00:05'::timestamptz + i * interval '15 minutes', i % 40, -i - 1
FROM generate_series(0, 95) i;
INSERT INTO conditions SELECT * FROM plain WHERE time >= '2026-01-02' OR v < 0;
INSERT INTO local_conditions SELECT * FROM plain WHERE time >= '2026-01-02' OR v < 0;
SELECT * FROM layout;

-- The same rows as the plain table, in total and through space conditions.
SELECT count(*), sum(v) FROM conditions;
SELECT (SELECT count(*) FROM (SELECT * FROM conditions EXCEPT SELECT * FROM plain) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM plain EXCEPT SELECT * FROM conditions) d) AS extra;
SELECT (SELECT count(*) FROM (SELECT * FROM local_conditions EXCEPT SELECT * FROM plain) d)
           AS missing,
       (SELECT count(*) FROM (SELECT * FROM plain EXCEPT SELECT * FROM local_conditions) d)
           AS extra;
SELECT d,
       (SELECT count(*) FROM conditions WHERE device = d) =
           (SELECT count(*) FROM plain WHERE device = d) AS dist_ok,
       (SELECT count(*) FROM local_conditions WHERE device = d) =
           (SELECT count(*) FROM plain WHERE device = d) AS local_ok
FROM generate_series(0, 39) d
WHERE (SELECT count(*) FROM conditions WHERE device = d) <>
          (SELECT count(*) FROM plain WHERE device = d)
   OR (SELECT count(*) FROM local_conditions WHERE device = d) <>
          (SELECT count(*) FROM plain WHERE device = d);
SELECT device, count(*), sum(v) FROM conditions WHERE device IN (3, 17) GROUP BY 1 ORDER BY 1;
SELECT device, count(*), sum(v) FROM plain WHERE device IN (3, 17) GROUP BY 1 ORDER BY 1;

-- Space exclusion: one old chunk and one new chunk hold device 7.
SELECT count(*) AS chunks_scanned FROM (
    SELECT DISTINCT tableoid FROM local_conditions WHERE device = 7) s;
EXPLAIN (COSTS OFF) SELECT * FROM local_conditions WHERE device = 7;

-- The data nodes' members have the new count too.
\c compat_partitions_dn1
SELECT hypertable_name, num_partitions FROM timescaledb_information.dimensions
WHERE dimension_type = 'Space';
\c compat_partitions_dn2
SELECT hypertable_name, num_partitions FROM timescaledb_information.dimensions
WHERE dimension_type = 'Space';
\c compat_partitions_an
SET client_min_messages = warning;

---------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------
SELECT set_number_partitions('conditions', 0);
SELECT set_number_partitions('conditions', 32768);
SELECT set_number_partitions('conditions', NULL);
SELECT set_number_partitions('conditions', 2, 'time');
SELECT set_number_partitions('conditions', 2, 'nosuch');
SELECT set_number_partitions('nospace', 2);
SELECT set_number_partitions('plain', 2);
-- Fewer partitions than data nodes: done, with the warning of create_distributed_hypertable.
SET client_min_messages = notice;
SELECT set_number_partitions('conditions', 1);
SELECT set_number_partitions('conditions', 4);
SET client_min_messages = warning;
SET ROLE compat_partitions_other;
SELECT set_number_partitions('conditions', 2);
SELECT set_number_partitions('local_conditions', 2);
RESET ROLE;
SELECT hypertable_name, num_partitions FROM timescaledb_information.dimensions
WHERE dimension_type = 'Space' ORDER BY 1;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
DROP VIEW layout;
DROP TABLE conditions, local_conditions, plain, nospace;
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE compat_partitions_an;
DROP ROLE compat_partitions_other;
SELECT datname FROM pg_database WHERE datname LIKE 'compat_partitions%';
