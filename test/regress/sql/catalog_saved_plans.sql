-- Catalog lookups on the insert path (chunks of a point, a chunk's data
-- nodes, a hypertable's dimensions) keep their plans for the session
-- (catalog_exec_saved). They must stay right when the catalog tables are
-- dropped and created again in the same session (DROP / CREATE EXTENSION)
-- and when chunks come and go.
\set VERBOSITY default
CREATE DATABASE catalog_saved_plans;
\c catalog_saved_plans
SET client_min_messages = warning;
SET timezone = 'UTC';
CREATE EXTENSION timescaledb_dist;
CREATE TABLE conditions (time timestamptz NOT NULL, location text, temperature float8);
SELECT table_name FROM create_hypertable('conditions', 'time', chunk_time_interval => interval '1 day');
-- More than five runs of each statement, so the plan cache may settle on a generic plan.
INSERT INTO conditions SELECT timestamptz '2024-01-01' + n * interval '1 hour', 'a', n
FROM generate_series(0, 23) n;
INSERT INTO conditions VALUES ('2024-01-01 05:30', 'b', 1);
INSERT INTO conditions VALUES ('2024-01-02 05:30', 'b', 2);
INSERT INTO conditions VALUES ('2024-01-03 05:30', 'b', 3);
INSERT INTO conditions VALUES ('2024-01-01 06:30', 'b', 4);
INSERT INTO conditions VALUES ('2024-01-02 06:30', 'b', 5);
INSERT INTO conditions VALUES ('2024-01-03 06:30', 'b', 6);
SELECT tableoid::regclass AS chunk, count(*) FROM conditions GROUP BY 1 ORDER BY 1;
-- A dropped chunk is created again (a new chunk id) for the same range.
SELECT count(*) FROM drop_chunks('conditions', older_than => timestamptz '2024-01-02');
INSERT INTO conditions VALUES ('2024-01-01 07:30', 'c', 7);
SELECT tableoid::regclass AS chunk, count(*) FROM conditions GROUP BY 1 ORDER BY 1;

-- The extension dropped and created again in this session: new catalog tables.
DROP TABLE conditions;
DROP EXTENSION timescaledb_dist;
CREATE EXTENSION timescaledb_dist;
CREATE TABLE conditions (time timestamptz NOT NULL, location text, temperature float8);
SELECT table_name FROM create_hypertable('conditions', 'time', chunk_time_interval => interval '7 days');
INSERT INTO conditions VALUES ('2024-01-01 05:30', 'b', 1), ('2024-01-09 05:30', 'b', 2);
INSERT INTO conditions VALUES ('2024-01-02 05:30', 'b', 3);
SELECT tableoid::regclass AS chunk, count(*) FROM conditions GROUP BY 1 ORDER BY 1;
SELECT count(*) AS chunks FROM _timescaledb_dist_catalog.chunk;

\c postgres
DROP DATABASE catalog_saved_plans;
