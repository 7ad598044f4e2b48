-- Chunk exclusion: constants exclude chunks at plan time (CHECK constraints);
-- stable expressions like now() and parameters of generic plans at run time.
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

-- an UPDATE that would move a row to another chunk is refused with the reason
\set VERBOSITY default
UPDATE m SET time = time + interval '1 day' WHERE time = '2020-01-01 00:00';
UPDATE m SET time = time + interval '1 hour' WHERE time = '2020-01-01 00:00';
SELECT time, v FROM m WHERE v = 0;

-- stable expressions: each chunk scan gets a one-time filter comparing its
-- range with the expression when the query starts; chunks that cannot match
-- are never executed
EXPLAIN (COSTS OFF) SELECT * FROM m WHERE time > now() - interval '1 day';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT * FROM m WHERE time > now() - interval '1 day';
-- parameters of cached generic plans too
SET plan_cache_mode = force_generic_plan;
PREPARE recent(timestamptz) AS SELECT count(*) FROM m WHERE $1 <= time;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE recent('2020-01-03 12:00');
EXECUTE recent('2020-01-03 12:00');
EXECUTE recent('2020-01-01');
PREPARE between_(timestamptz, timestamptz) AS
    SELECT time, v FROM m WHERE time >= $1 AND time < $2;
EXECUTE between_('2020-01-02', '2020-01-02 12:00');
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
    EXECUTE between_('2020-01-02', '2020-01-02 12:00');
RESET plan_cache_mode;

-- space partitions: "column = constant" excludes the other partitions' chunks
CREATE TABLE s (time timestamptz NOT NULL, device int NOT NULL, name text NOT NULL);
SELECT create_hypertable('s', 'time', 'device', 4, create_default_indexes => false);
INSERT INTO s SELECT '2020-01-01', i, 'n' || i FROM generate_series(1, 12) i;
CREATE TABLE s2 (time timestamptz NOT NULL, name text NOT NULL);
SELECT create_hypertable('s2', 'time', 'name', 3, create_default_indexes => false);
INSERT INTO s2 SELECT '2020-01-01', 'n' || i FROM generate_series(1, 12) i;
ANALYZE s, s2;
SELECT count(*) AS chunks FROM show_chunks('s');
EXPLAIN (COSTS OFF) SELECT * FROM s WHERE device = 3;
EXPLAIN (COSTS OFF) SELECT * FROM s2 WHERE name = 'n5';
EXPLAIN (COSTS OFF) DELETE FROM s WHERE 7 = device;
SELECT tableoid::regclass, * FROM s WHERE device = 3;
SELECT tableoid::regclass, * FROM s2 WHERE name = 'n5';
-- every device is found through its partition
SELECT count(*) FROM generate_series(1, 12) i
WHERE (SELECT count(*) FROM s WHERE device = i) = 1;
-- other conditions are left alone
EXPLAIN (COSTS OFF) SELECT * FROM s WHERE device = 3::bigint OR device = 4;

\c regression
DROP DATABASE hypertable_exclusion_db;
