-- create_hypertable, chunk creation by INSERT, catalog views, results
-- compared row for row with a plain table holding the same data.
CREATE DATABASE hypertable_db;
\c hypertable_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

CREATE TABLE conditions (
    time timestamptz,
    location text NOT NULL,
    temperature double precision
);
SELECT * FROM create_hypertable('conditions', 'time', 'location', 2);
\d conditions
SELECT * FROM timescaledb_information.hypertables;
SELECT hypertable_name, dimension_number, column_name, column_type, dimension_type,
       time_interval, integer_interval, integer_now_func, num_partitions
FROM timescaledb_information.dimensions ORDER BY dimension_number;

-- single row, multi-row, INSERT ... SELECT, RETURNING
INSERT INTO conditions VALUES ('2020-01-01 10:00+00', 'office', 20.5);
INSERT INTO conditions VALUES
    ('2020-01-01 11:00+00', 'garage', 10.0),
    ('2020-01-09 11:00+00', 'office', 21.0),
    ('2019-12-25 08:00+00', 'attic', 30.0);
INSERT INTO conditions
SELECT t, CASE WHEN i % 3 = 0 THEN 'office' WHEN i % 3 = 1 THEN 'garage' ELSE 'attic' END,
       i / 10.0
FROM generate_series(1, 300) i,
     LATERAL (SELECT '2019-12-01'::timestamptz + i * interval '4 hours') AS g(t);
INSERT INTO conditions VALUES ('2020-02-01 00:00+00', 'basement', 5.0)
RETURNING time, location, temperature, tableoid::regclass;

SELECT count(*) FROM conditions;
SELECT count(*) FROM ONLY conditions;
SELECT chunk_schema, chunk_name, primary_dimension, primary_dimension_type,
       range_start, range_end, range_start_integer, is_compressed, data_nodes
FROM timescaledb_information.chunks ORDER BY chunk_name;
SELECT show_chunks('conditions');
SELECT num_chunks FROM timescaledb_information.hypertables;

-- Every chunk has CHECK constraints for its time range and space partition.
SELECT conrelid::regclass, conname, pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid IN (SELECT show_chunks('conditions')) AND contype = 'c'
ORDER BY conrelid::regclass::text, conname LIMIT 4;
-- ... and the hypertable's indexes, and the same owner.
SELECT indexrelid::regclass FROM pg_index
WHERE indrelid = (SELECT min(c) FROM show_chunks('conditions') c) ORDER BY 1;
SELECT count(DISTINCT relowner) FROM pg_class
WHERE oid IN (SELECT show_chunks('conditions')) OR oid = 'conditions'::regclass;

-- The same data in a plain table: every query gives the same answer.
CREATE TABLE plain (LIKE conditions);
INSERT INTO plain SELECT * FROM conditions;
SELECT count(*) FROM (SELECT * FROM conditions EXCEPT ALL SELECT * FROM plain) d;
SELECT count(*) FROM (SELECT * FROM plain EXCEPT ALL SELECT * FROM conditions) d;
SELECT (SELECT array_agg(c::text ORDER BY time, location) FROM conditions c
        WHERE location = 'office')
     = (SELECT array_agg(p::text ORDER BY time, location) FROM plain p
        WHERE location = 'office') AS same_office_rows;
SELECT location, count(*), round(avg(temperature)::numeric, 3) FROM conditions
WHERE time >= '2019-12-20' AND time < '2020-01-05' GROUP BY location ORDER BY location;
SELECT location, count(*), round(avg(temperature)::numeric, 3) FROM plain
WHERE time >= '2019-12-20' AND time < '2020-01-05' GROUP BY location ORDER BY location;

-- UPDATE and DELETE work through inheritance.
UPDATE conditions SET temperature = temperature + 1 WHERE location = 'attic';
UPDATE plain SET temperature = temperature + 1 WHERE location = 'attic';
DELETE FROM conditions WHERE time < '2019-12-05';
DELETE FROM plain WHERE time < '2019-12-05';
SELECT count(*) FROM (SELECT * FROM conditions EXCEPT ALL SELECT * FROM plain) d;
SELECT count(*) FROM (SELECT * FROM plain EXCEPT ALL SELECT * FROM conditions) d;

-- TRUNCATE empties every chunk.
TRUNCATE conditions;
SELECT count(*) FROM conditions;

\c regression
DROP DATABASE hypertable_db;
