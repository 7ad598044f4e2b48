-- Chunk exclusion: constants exclude chunks at plan time (CHECK constraints),
-- space values too; stable expressions like now() at run time.
CREATE DATABASE hypertable_exclusion_db;
\c hypertable_exclusion_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;

CREATE TABLE m (time timestamptz NOT NULL, device int NOT NULL, v float);
SELECT create_hypertable('m', 'time', chunk_time_interval => interval '1 day',
                         create_default_indexes => false);
INSERT INTO m SELECT '2020-01-01'::timestamptz + i * interval '6 hours', i % 4, i
FROM generate_series(0, 15) i;
ANALYZE m;

EXPLAIN (COSTS OFF) SELECT * FROM m;
EXPLAIN (COSTS OFF) SELECT * FROM m WHERE time >= '2020-01-03';
EXPLAIN (COSTS OFF) SELECT * FROM m WHERE time < '2020-01-02' AND time >= '2020-01-01 12:00';
EXPLAIN (COSTS OFF) UPDATE m SET v = 0 WHERE time = '2020-01-02 06:00';
EXPLAIN (COSTS OFF) DELETE FROM m WHERE time > '2020-01-04';
SELECT count(*) FROM m WHERE time >= '2020-01-03';

-- an UPDATE that moves a row to another chunk violates that chunk's CHECK
UPDATE m SET time = time + interval '1 day' WHERE time = '2020-01-01 00:00';
UPDATE m SET time = time + interval '1 hour' WHERE time = '2020-01-01 00:00';
SELECT time, v FROM m WHERE v = 0;

-- stable expressions: now() - interval is evaluated at run time
EXPLAIN (COSTS OFF) SELECT * FROM m WHERE time > now() - interval '1 day';

\c regression
DROP DATABASE hypertable_exclusion_db;
