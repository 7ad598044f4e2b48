-- create_hypertable: bad input gives clear errors; if_not_exists; migrate_data.
CREATE DATABASE hypertable_errors_db;
\c hypertable_errors_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

CREATE TABLE t (time timestamptz NOT NULL, device int, value float, name text);
-- unknown table, unknown column, unsupported type
SELECT create_hypertable('missing', 'time');
SELECT create_hypertable('t', 'nope');
SELECT create_hypertable('t', 'name');
\echo :LAST_ERROR_SQLSTATE
-- space column without partitions, bad partition count, partitions without a column
SELECT create_hypertable('t', 'time', 'device');
SELECT create_hypertable('t', 'time', 'device', 0);
SELECT create_hypertable('t', 'time', number_partitions => 2);
-- negative and zero intervals, wrong interval type
SELECT create_hypertable('t', 'time', chunk_time_interval => interval '-1 day');
SELECT create_hypertable('t', 'time', chunk_time_interval => 0);
SELECT create_hypertable('t', 'time', chunk_time_interval => 'abc'::text);
-- distributed: needs data nodes
SELECT create_hypertable('t', 'time', replication_factor => 2);
\echo :LAST_ERROR_SQLSTATE
SELECT create_hypertable('t', 'time', distributed => false, replication_factor => 1);
SELECT create_hypertable('t', 'time', chunk_target_size => '1MB');
-- a unique index must include the time column
CREATE UNIQUE INDEX t_device_key ON t (device);
SELECT create_hypertable('t', 'time');
\echo :LAST_ERROR_SQLSTATE
DROP INDEX t_device_key;
-- non-empty table
INSERT INTO t VALUES ('2021-01-01', 1, 1.0, 'a');
SELECT create_hypertable('t', 'time');
-- not a plain table
CREATE VIEW v AS SELECT * FROM t;
SELECT create_hypertable('v', 'time');
-- migrate_data moves the rows into chunks
SELECT * FROM create_hypertable('t', 'time', migrate_data => true);
SELECT count(*) AS total, (SELECT count(*) FROM ONLY t) AS in_root FROM t;
-- already a hypertable
SELECT create_hypertable('t', 'time');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM create_hypertable('t', 'time', if_not_exists => true);
-- unique indexes on the hypertable must include the partitioning columns
CREATE UNIQUE INDEX ON t (device);
CREATE UNIQUE INDEX t_time_device_key ON t (time, device);
-- NULL time values are refused before any chunk is created
INSERT INTO t VALUES (NULL, 1, 1.0, 'a');
\echo :LAST_ERROR_SQLSTATE
-- CHECK and NOT NULL constraints of the hypertable apply in chunks
ALTER TABLE t ADD CONSTRAINT value_positive CHECK (value > 0);
INSERT INTO t VALUES ('2021-01-02', 2, -1.0, 'b');
-- unique violations in a chunk
INSERT INTO t VALUES ('2021-01-01', 1, 2.0, 'dup');
-- ON CONFLICT DO UPDATE updates the conflicting row in its chunk
INSERT INTO t VALUES ('2021-01-01', 1, 2.0, 'dup'), ('2021-03-01', 1, 9.0, 'fresh')
ON CONFLICT (time, device) DO UPDATE SET value = t.value + excluded.value, name = 'upserted'
RETURNING *;
INSERT INTO t VALUES ('2021-01-01', 1, 100.0, 'dup')
ON CONFLICT (time, device) DO UPDATE SET value = excluded.value WHERE t.value > 1000
RETURNING *;
INSERT INTO t VALUES ('2021-01-01', 1, 5.0, 'a'), ('2021-01-01', 1, 6.0, 'b')
ON CONFLICT (time, device) DO UPDATE SET value = excluded.value;
-- ... and cannot move the row to another chunk
INSERT INTO t VALUES ('2021-01-01', 1, 5.0, 'a')
ON CONFLICT (time, device) DO UPDATE SET time = '2022-01-01';
SELECT * FROM t WHERE device = 1 ORDER BY time;
-- ... DO NOTHING works, with and without a conflict target
INSERT INTO t VALUES ('2021-01-01', 1, 2.0, 'dup'), ('2021-01-01', 2, 3.0, 'new')
ON CONFLICT (time, device) DO NOTHING RETURNING *;
INSERT INTO t VALUES ('2021-01-01', 1, 2.0, 'dup'), ('2021-02-01', 2, 3.0, 'new chunk')
ON CONFLICT DO NOTHING RETURNING *;
SELECT * FROM t ORDER BY time, device;
-- not a hypertable
CREATE TABLE plain (time timestamptz);
SELECT show_chunks('plain');
SELECT set_chunk_time_interval('plain', interval '1 day');

\c regression
DROP DATABASE hypertable_errors_db;
