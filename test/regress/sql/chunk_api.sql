-- show_chunks, drop_chunks, set_chunk_time_interval.
CREATE DATABASE chunk_api_db;
\c chunk_api_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

CREATE TABLE m (time timestamptz NOT NULL, v int);
SELECT create_hypertable('m', 'time', chunk_time_interval => interval '1 day');
INSERT INTO m SELECT '2020-01-01'::timestamptz + i * interval '12 hours', i
FROM generate_series(0, 9) i;
SELECT show_chunks('m');
SELECT show_chunks('m', older_than => '2020-01-03'::timestamptz);
SELECT show_chunks('m', newer_than => '2020-01-04'::timestamptz);
SELECT show_chunks('m', older_than => '2020-01-04'::timestamptz,
                   newer_than => '2020-01-02'::timestamptz);
SELECT show_chunks('m', older_than => '2020-01-02'::date);
-- intervals count back from now(): every chunk is older than a day ago
SELECT count(*) FROM show_chunks('m', older_than => interval '1 day');
SELECT count(*) FROM show_chunks('m', newer_than => interval '1 day');
-- bad arguments
SELECT show_chunks('m', older_than => 5);
SELECT show_chunks('m', older_than => '2020-01-02'::timestamptz,
                   newer_than => '2020-01-04'::timestamptz);
SELECT drop_chunks('m');
-- drop_chunks returns the dropped chunks and removes their catalog rows
SELECT drop_chunks('m', older_than => '2020-01-03'::timestamptz);
SELECT drop_chunks('m', newer_than => '2020-01-05'::timestamptz, verbose => true);
SELECT show_chunks('m');
SELECT count(*) FROM _timescaledb_dist_catalog.chunk;
SELECT min(time), max(time), count(*) FROM m;
-- a chunk dropped by hand leaves the catalog too
DROP TABLE _timescaledb_dist_internal._hyper_1_3_chunk;
SELECT show_chunks('m');

-- set_chunk_time_interval affects new chunks only; new chunks do not overlap old ones
SELECT set_chunk_time_interval('m', interval '7 days');
SELECT time_interval FROM timescaledb_information.dimensions WHERE hypertable_name = 'm';
INSERT INTO m VALUES ('2020-01-04 06:00', 100), ('2020-01-10', 101), ('2019-12-20', 102);
-- the week of 2020-01-06 is cut so it does not overlap the one-day chunk of 2020-01-04
INSERT INTO m VALUES ('2020-01-06', 103), ('2020-01-02', 104);
SELECT chunk_name, range_start, range_end FROM timescaledb_information.chunks
WHERE hypertable_name = 'm' ORDER BY range_start;
SELECT tableoid::regclass, time, v FROM m ORDER BY time;
SELECT set_chunk_time_interval('m', interval '0 days');
SELECT set_chunk_time_interval('m', interval '1 day', dimension_name => 'v');

-- integer hypertables take integer bounds
CREATE TABLE n (t bigint NOT NULL);
SELECT create_hypertable('n', 't', chunk_time_interval => 100);
INSERT INTO n SELECT generate_series(0, 450, 50);
SELECT drop_chunks('n', older_than => 200);
SELECT show_chunks('n', newer_than => 300);
SELECT drop_chunks('n', older_than => interval '1 day');

\c regression
DROP DATABASE chunk_api_db;
