-- Chunks whose column layout differs from the hypertable's (dropped columns),
-- rolled back chunk creation, and prepared INSERTs.
CREATE DATABASE hypertable_layout_db;
\c hypertable_layout_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

-- a dropped column: chunks created later have one attribute fewer
CREATE TABLE l (a int, time timestamptz NOT NULL, gone text, device int, v text);
ALTER TABLE l DROP COLUMN gone;
SELECT create_hypertable('l', 'time', 'device', 2, create_default_indexes => false);
ALTER TABLE l DROP COLUMN a;
CREATE UNIQUE INDEX ON l (time, device);
INSERT INTO l VALUES ('2020-01-01', 1, 'one'), ('2020-01-01', 2, 'two')
RETURNING time, device, v, tableoid::regclass;
COPY l FROM STDIN;
2020-01-02 00:00:00+00	3	three
\.
INSERT INTO l VALUES ('2020-01-01', 1, 'dup'), ('2020-01-03', 4, 'four')
ON CONFLICT (time, device) DO NOTHING RETURNING *;
SELECT attname, attnum FROM pg_attribute
WHERE attrelid = (SELECT min(c) FROM show_chunks('l') c) AND attnum > 0 ORDER BY attnum;
SELECT * FROM l ORDER BY time, device;
-- the hypertable's CHECK constraints apply to rows routed to chunks
ALTER TABLE l ADD CONSTRAINT v_not_bad CHECK (v <> 'bad');
INSERT INTO l VALUES ('2020-01-01', 5, 'bad');

-- chunk creation rolls back with its transaction (and savepoint)
BEGIN;
INSERT INTO l VALUES ('2021-06-01', 1, 'rolled back');
SELECT count(*) FROM show_chunks('l');
ROLLBACK;
SELECT count(*) FROM show_chunks('l');
BEGIN;
SAVEPOINT s;
INSERT INTO l VALUES ('2021-06-01', 1, 'rolled back');
ROLLBACK TO SAVEPOINT s;
INSERT INTO l VALUES ('2021-06-01', 1, 'kept');
COMMIT;
SELECT count(*) FROM show_chunks('l');
SELECT v FROM l WHERE time = '2021-06-01';

-- a prepared INSERT keeps routing rows after new chunks appear
PREPARE ins(timestamptz, int, text) AS INSERT INTO l VALUES ($1, $2, $3);
EXECUTE ins('2022-01-01', 1, 'p1');
EXECUTE ins('2022-02-01', 1, 'p2');
EXECUTE ins('2022-01-01', 2, 'p3');
SELECT time, device, v FROM l WHERE time >= '2022-01-01' ORDER BY time, device;
SELECT count(*) FROM ONLY l;

\c regression
DROP DATABASE hypertable_layout_db;
