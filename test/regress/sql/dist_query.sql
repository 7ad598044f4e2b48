-- Queries on distributed hypertables through the access node: every answer
-- is compared with the same query on a plain local table holding the same
-- rows. The access node is dist_query_an; data nodes node1..node3 are
-- databases dist_query_dn1..3 of the same instance. Rows are put on the data
-- nodes directly (\c), so the access node's chunk catalog knows nothing of
-- `conditions` (every node is queried); `metrics` (replication factor 2) gets
-- chunk catalog rows from test_chunk() and each of its rows on two nodes.
\set VERBOSITY default
CREATE DATABASE dist_query_an;
\c dist_query_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'dist_query_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'dist_query_dn2');
SELECT node_name FROM add_data_node('node3', host => '127.0.0.1', database => 'dist_query_dn3');

CREATE TABLE conditions (
  time        TIMESTAMPTZ       NOT NULL,
  location    TEXT              NOT NULL,
  temperature DOUBLE PRECISION  NULL,
  humidity    DOUBLE PRECISION  NULL
);
SELECT * FROM create_distributed_hypertable('conditions', 'time', 'location');
CREATE TABLE metrics (time TIMESTAMPTZ NOT NULL, device INT, value DOUBLE PRECISION);
SELECT * FROM create_distributed_hypertable('metrics', 'time', replication_factor => 2,
                                            chunk_time_interval => interval '1 day');

-- The rows: row i goes to node (i % 3) + 1; all of them into the plain tables.
CREATE VIEW gen AS
SELECT i, '2024-01-01 00:00+00'::timestamptz + i * interval '17 minutes' AS time,
       (ARRAY['a', 'b', 'c', 'd', 'e'])[i % 5 + 1] AS location,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 40)::float8 - 5 END AS temperature,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 97)::float8 / 2 END AS humidity
FROM generate_series(1, 5000) i;
CREATE TABLE local_conditions AS SELECT time, location, temperature, humidity FROM gen;
CREATE VIEW mgen AS
SELECT i * 7 / (24 * 60) AS day,
       '2024-01-01 00:00+00'::timestamptz + i * interval '7 minutes' AS time, i % 4 AS device,
       (i % 50)::float8 AS value
FROM generate_series(0, 3 * 24 * 60 / 7 - 1) i;
CREATE TABLE local_metrics AS SELECT time, device, value FROM mgen;
SELECT count(*) FROM local_conditions;
SELECT count(*) FROM local_metrics;

-- metrics: day d (0..2) is a chunk on nodes d+1 and (d+1)%3+1.
CREATE FUNCTION test_chunk(ht regclass, start bigint, nodes name[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h integer;
    c integer;
    s integer;
    n name;
BEGIN
    SELECT id INTO h FROM _timescaledb_dist_catalog.hypertable
    WHERE format('%I.%I', schema_name, table_name)::regclass = ht;
    INSERT INTO _timescaledb_dist_catalog.chunk (hypertable_id, schema_name, table_name)
    VALUES (h, '_timescaledb_dist_internal', format('_dist_hyper_%s_%s_chunk', h, start))
    RETURNING id INTO c;
    INSERT INTO _timescaledb_dist_catalog.dimension_slice (dimension_id, range_start, range_end)
    SELECT min(id), start, start + 86400000000 FROM _timescaledb_dist_catalog.dimension
    WHERE hypertable_id = h RETURNING id INTO s;
    INSERT INTO _timescaledb_dist_catalog.chunk_constraint VALUES (c, s, 'constraint_' || s);
    FOREACH n IN ARRAY nodes LOOP
        INSERT INTO _timescaledb_dist_catalog.chunk_data_node VALUES (c, c, n);
    END LOOP;
END
$$;
SELECT test_chunk('metrics', 1704067200000000, '{node1,node2}');
SELECT test_chunk('metrics', 1704153600000000, '{node2,node3}');
SELECT test_chunk('metrics', 1704240000000000, '{node3,node1}');

SELECT pg_get_viewdef('gen') AS gen_sql, pg_get_viewdef('mgen') AS mgen_sql \gset

\c dist_query_dn1
CREATE TEMP VIEW gen AS :gen_sql
CREATE TEMP VIEW mgen AS :mgen_sql
INSERT INTO conditions SELECT time, location, temperature, humidity FROM gen WHERE i % 3 = 0;
INSERT INTO metrics SELECT time, device, value FROM mgen WHERE day IN (0, 2);
\c dist_query_dn2
CREATE TEMP VIEW gen AS :gen_sql
CREATE TEMP VIEW mgen AS :mgen_sql
INSERT INTO conditions SELECT time, location, temperature, humidity FROM gen WHERE i % 3 = 1;
INSERT INTO metrics SELECT time, device, value FROM mgen WHERE day IN (0, 1);
\c dist_query_dn3
CREATE TEMP VIEW gen AS :gen_sql
CREATE TEMP VIEW mgen AS :mgen_sql
INSERT INTO conditions SELECT time, location, temperature, humidity FROM gen WHERE i % 3 = 2;
INSERT INTO metrics SELECT time, device, value FROM mgen WHERE day IN (1, 2);

\c dist_query_an
SET client_min_messages = warning;
-- same(q): q with %1$s = the distributed table, then the local one; the row
-- count and the number of rows in one answer but not the other.
CREATE FUNCTION same(q text, dist text = 'conditions', local text = 'local_conditions')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text := format(q, dist);
    l text := format(q, local);
    n bigint;
    diff bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM (%s) x', d) INTO n;
    EXECUTE format('SELECT count(*) FROM (((%s) EXCEPT ALL (%s)) UNION ALL ((%s) EXCEPT ALL (%s))) x',
                   d, l, l, d) INTO diff;
    RETURN format('%s rows, %s differences', n, diff);
END
$$;
CREATE FUNCTION msame(q text) RETURNS text LANGUAGE sql
AS $$ SELECT same(q, 'metrics', 'local_metrics') $$;

---------------------------------------------------------------------------
-- Filters
---------------------------------------------------------------------------
SELECT same('SELECT * FROM %s');
SELECT same('SELECT time, temperature FROM %s');
SELECT same($$SELECT * FROM %s WHERE time > '2024-01-20' AND time <= '2024-01-25 12:00'$$);
SELECT same($$SELECT * FROM %s WHERE location = 'b'$$);
SELECT same($$SELECT * FROM %s WHERE location IN ('a', 'c', 'x')$$);
SELECT same($$SELECT * FROM %s WHERE location <> ALL ('{a,c}')$$);
SELECT same($$SELECT * FROM %s WHERE temperature > 30 OR humidity < 2$$);
SELECT same($$SELECT * FROM %s WHERE NOT (temperature > 0)$$);
SELECT same($$SELECT * FROM %s WHERE temperature IS NULL$$);
SELECT same($$SELECT * FROM %s WHERE humidity IS NOT NULL AND temperature IS NULL$$);
SELECT same($$SELECT * FROM %s WHERE (temperature > 10) IS NOT TRUE$$);
SELECT same($$SELECT * FROM %s WHERE temperature IS DISTINCT FROM 7$$);
SELECT same($$SELECT * FROM %s WHERE upper(location) = 'D' AND abs(temperature) < 3$$);
SELECT same($$SELECT * FROM %s WHERE location ~ '^[ab]$' AND humidity * 2 > 90$$);
SELECT same($$SELECT * FROM %s WHERE time_bucket('1 day', time) = '2024-01-03 00:00+00'$$);
SELECT same($$SELECT * FROM %s WHERE time > now() - interval '100 years'$$);
-- Conditions with Vars that cannot go remote are evaluated on the access node.
SELECT same($$SELECT * FROM %s WHERE to_char(time, 'DD') = '05' AND temperature > 3$$);
SELECT same($$SELECT * FROM %s WHERE location::varchar(1) = 'e'$$);
SELECT same($$SELECT * FROM %s WHERE time::date = '2024-01-05'$$);
SELECT same($$SELECT * FROM %s WHERE false$$);
-- ONLY reads the access node's own table, which is always empty (as in
-- TimescaleDB).
SELECT count(*) FROM ONLY conditions;
SELECT count(*) FROM (SELECT * FROM ONLY conditions UNION ALL SELECT * FROM conditions) x;

---------------------------------------------------------------------------
-- Aggregates, ORDER BY, LIMIT, DISTINCT, window functions
---------------------------------------------------------------------------
SELECT same('SELECT count(*), count(temperature), sum(temperature), min(humidity), max(time) FROM %s');
SELECT same($$SELECT time_bucket('1 day', time) AS day, location, count(*), avg(temperature),
                     max(humidity) FROM %s GROUP BY 1, 2$$);
SELECT same($$SELECT location, count(*) FROM %s GROUP BY location HAVING count(*) > 999$$);
SELECT time_bucket('7 days', time) AS week, count(*), sum(temperature), max(humidity)
FROM conditions WHERE time < '2024-01-29' GROUP BY week ORDER BY week;
SELECT * FROM conditions ORDER BY time DESC, location LIMIT 5;
SELECT * FROM local_conditions ORDER BY time DESC, location LIMIT 5;
SELECT same('SELECT * FROM %s ORDER BY time LIMIT 10 OFFSET 300');
-- ORDER BY on columns is pushed (each node sorts, the access node merges),
-- and LIMIT with it when nothing is filtered locally. ordered(q) compares
-- the rows in order.
CREATE FUNCTION ordered(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text[];
    l text[];
BEGIN
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, 'conditions')) INTO d;
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, 'local_conditions')) INTO l;
    RETURN format('%s rows, %s', coalesce(array_length(d, 1), 0),
                  CASE WHEN d IS NOT DISTINCT FROM l THEN 'same order' ELSE 'DIFFERENT' END);
END
$$;
SELECT ordered('SELECT * FROM %s ORDER BY time DESC LIMIT 7');
SELECT ordered('SELECT * FROM %s ORDER BY temperature NULLS FIRST, time DESC LIMIT 300');
SELECT ordered('SELECT * FROM %s ORDER BY temperature DESC, humidity, time');
SELECT ordered('SELECT time, location FROM %s WHERE location > ''b'' ORDER BY location, time LIMIT 2000 OFFSET 5');
SELECT ordered('SELECT * FROM %s WHERE humidity > random() - 2 ORDER BY time LIMIT 40');
SELECT ordered('SELECT * FROM %s ORDER BY upper(location), time LIMIT 40');
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM conditions ORDER BY time DESC LIMIT 7;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time FROM conditions WHERE humidity > random() ORDER BY time LIMIT 40;
EXPLAIN (COSTS OFF) SELECT * FROM conditions ORDER BY upper(location), time LIMIT 40;
SELECT same('SELECT DISTINCT location FROM %s');
SELECT same('SELECT DISTINCT ON (location) location, time FROM %s ORDER BY location, time DESC');
SELECT same($$SELECT location, time, row_number() OVER (PARTITION BY location ORDER BY time),
                     sum(temperature) OVER (PARTITION BY location ORDER BY time)
              FROM %s$$);

---------------------------------------------------------------------------
-- Joins with local tables, subqueries, CTEs, set operations
---------------------------------------------------------------------------
CREATE TABLE locations (location text PRIMARY KEY, name text);
INSERT INTO locations VALUES ('a', 'attic'), ('b', 'basement'), ('c', 'cellar'), ('z', 'zoo');
SELECT same('SELECT l.name, c.time, c.temperature FROM %s c JOIN locations l USING (location)');
SELECT same('SELECT l.name, count(c.time) FROM locations l LEFT JOIN %s c USING (location) GROUP BY 1');
SELECT same($$SELECT * FROM %s WHERE location IN (SELECT location FROM locations WHERE name LIKE 'c%%')$$);
SELECT same('SELECT * FROM %1$s c WHERE temperature > (SELECT avg(temperature) FROM %1$s)');
SELECT same('SELECT * FROM %1$s c WHERE EXISTS (SELECT 1 FROM locations l WHERE l.location = c.location AND l.name > ''b'')');
SELECT same('SELECT a.time, b.location FROM %1$s a JOIN %1$s b ON a.time = b.time + interval ''17 minutes'' WHERE a.temperature = 3');
SELECT same('WITH w AS (SELECT location, max(time) AS t FROM %1$s GROUP BY 1) SELECT * FROM w JOIN %1$s c ON c.time = w.t');
SELECT same('SELECT location FROM %1$s WHERE temperature = 1 UNION SELECT location FROM %1$s WHERE humidity = 2');
SELECT same('SELECT location FROM %1$s WHERE temperature = 1 UNION ALL SELECT location FROM %1$s WHERE humidity = 2');
SELECT same('SELECT * FROM (SELECT time, location FROM %1$s UNION ALL SELECT time, location FROM %1$s) u WHERE location = ''c''');
-- Nested loop: the distributed scan is rescanned for every outer row.
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_material = off;
SELECT same('SELECT l.name, c.time FROM locations l JOIN %s c ON c.location = l.location AND c.temperature = 12');
EXPLAIN (COSTS OFF)
SELECT l.name, c.time FROM locations l JOIN conditions c ON c.location = l.location AND c.temperature = 12;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_material;
-- Parallel plans keep the distributed scan in the leader.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT same('SELECT l.time, c.location FROM local_conditions l JOIN %s c USING (time) WHERE l.temperature = 5');
SELECT same('SELECT count(*) FROM %s c WHERE c.time IN (SELECT time FROM local_conditions WHERE humidity = 3)');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

---------------------------------------------------------------------------
-- Prepared statements, cursors
---------------------------------------------------------------------------
SET plan_cache_mode = force_generic_plan;
PREPARE q(timestamptz, text) AS
  SELECT time, location, temperature FROM conditions WHERE time >= $1 AND location = $2;
PREPARE lq(timestamptz, text) AS
  SELECT time, location, temperature FROM local_conditions WHERE time >= $1 AND location = $2;
CREATE TEMP TABLE r_dist AS EXECUTE q('2024-02-01', 'c');
CREATE TEMP TABLE r_local AS EXECUTE lq('2024-02-01', 'c');
SELECT (SELECT count(*) FROM r_dist), (SELECT count(*) FROM (TABLE r_dist EXCEPT ALL TABLE r_local) x);
DROP TABLE r_dist, r_local;
CREATE TEMP TABLE r_dist AS EXECUTE q('2024-01-10', 'a');
CREATE TEMP TABLE r_local AS EXECUTE lq('2024-01-10', 'a');
SELECT (SELECT count(*) FROM r_dist), (SELECT count(*) FROM (TABLE r_dist EXCEPT ALL TABLE r_local) x);
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE q('2024-01-10', 'a');
RESET plan_cache_mode;

BEGIN;
DECLARE cur CURSOR FOR SELECT time, location FROM conditions WHERE temperature = 20 ORDER BY time;
FETCH 3 FROM cur;
FETCH 2 FROM cur;
CLOSE cur;
DECLARE cur2 SCROLL CURSOR FOR SELECT count(*) FROM conditions WHERE location = 'a';
FETCH cur2;
FETCH PRIOR FROM cur2;
FETCH FIRST FROM cur2;
COMMIT;
-- A holdable cursor is read to the end at commit and lives on.
BEGIN;
DECLARE held CURSOR WITH HOLD FOR SELECT time, location FROM conditions ORDER BY time LIMIT 3;
FETCH 1 FROM held;
COMMIT;
FETCH ALL FROM held;
CLOSE held;
-- In a subtransaction that fails, and in PL/pgSQL exception blocks.
BEGIN;
SAVEPOINT s1;
-- (metrics: only node1 has rows of the first half day, so the error is deterministic)
SELECT count(*) FROM metrics WHERE time < '2024-01-01 12:00+00' AND 1 / (value - value) > 0;
ROLLBACK TO SAVEPOINT s1;
SELECT count(*) FROM conditions;
COMMIT;
SET client_min_messages = notice;
DO $$
DECLARE n bigint;
BEGIN
    BEGIN
        SELECT count(*) INTO n FROM conditions WHERE 1 / (temperature - temperature) > 0;
    EXCEPTION WHEN division_by_zero THEN
        RAISE NOTICE 'caught division by zero';
    END;
    SELECT count(*) INTO n FROM conditions;
    RAISE NOTICE 'count %', n;
END
$$;
SET client_min_messages = warning;

---------------------------------------------------------------------------
-- EXPLAIN: per-node scans, remote SQL with the pushed conditions
---------------------------------------------------------------------------
EXPLAIN (COSTS OFF) SELECT * FROM conditions;
EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON) SELECT value FROM metrics WHERE device = 1;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time, temperature FROM conditions
WHERE time > '2024-01-20' AND location IN ('a', 'b') AND temperature IS NOT NULL
  AND humidity > random();
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time_bucket('1 day', time), count(*) FROM conditions
WHERE time > now() - interval '1 year' GROUP BY 1;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT * FROM conditions WHERE temperature > (SELECT avg(temperature) FROM local_conditions);
-- time_bucket of the extension and casts are pushed; stable casts are not.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT location FROM conditions
WHERE time_bucket('1 day', time) = '2024-01-03 00:00+00' AND time::date = '2024-01-03'
  AND location::varchar(1) = 'e' AND temperature::int IS DISTINCT FROM 7;

---------------------------------------------------------------------------
-- Replication factor 2: each chunk read once, chunk exclusion on the
-- access node
---------------------------------------------------------------------------
SELECT msame('SELECT * FROM %s');
SELECT msame('SELECT device, count(*), sum(value) FROM %s GROUP BY device');
SELECT msame($$SELECT * FROM %s WHERE time >= '2024-01-02 00:00+00' AND device = 1$$);
SELECT msame($$SELECT * FROM %s WHERE time < '2024-01-01 12:00+00'$$);
SELECT count(*), count(DISTINCT time) FROM metrics;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM metrics;
-- A node marked unavailable is not read while its chunks have other replicas.
SELECT node_name, available FROM alter_data_node('node1', available => false);
EXPLAIN (COSTS OFF) SELECT * FROM metrics;
SELECT msame('SELECT * FROM %s');
SELECT node_name, available FROM alter_data_node('node1', available => true);
-- Only the first day's chunk: one node.
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM metrics WHERE time < '2024-01-01 12:00+00';
-- Nothing matches in the catalog: no node at all.
EXPLAIN (COSTS OFF) SELECT * FROM metrics WHERE time > '2025-01-01';
SELECT count(*) FROM metrics WHERE time > '2025-01-01';

---------------------------------------------------------------------------
-- UPDATE and DELETE are pushed whole
---------------------------------------------------------------------------
EXPLAIN (VERBOSE, COSTS OFF)
UPDATE conditions SET humidity = humidity + 1 WHERE location = 'a' AND temperature > 10;
-- The row counts are the sums over the nodes.
UPDATE conditions SET humidity = humidity + 1 WHERE location = 'a' AND temperature > 10;
\echo :ROW_COUNT
UPDATE local_conditions SET humidity = humidity + 1 WHERE location = 'a' AND temperature > 10;
\echo :ROW_COUNT
DELETE FROM conditions WHERE temperature IS NULL AND time < '2024-01-15';
\echo :ROW_COUNT
DELETE FROM local_conditions WHERE temperature IS NULL AND time < '2024-01-15';
\echo :ROW_COUNT
PREPARE u(float8, text) AS UPDATE conditions SET temperature = $1 WHERE location = $2 AND time > now() - interval '100 years' AND temperature = 4;
EXECUTE u(100, 'e');
\echo :ROW_COUNT
UPDATE local_conditions SET temperature = 100 WHERE location = 'e' AND temperature = 4;
SELECT same('SELECT * FROM %s');
-- With replicas: both copies change, each row is counted once.
UPDATE metrics SET value = value * 10 WHERE device = 2;
\echo :ROW_COUNT
UPDATE local_metrics SET value = value * 10 WHERE device = 2;
\echo :ROW_COUNT
DELETE FROM metrics WHERE time >= '2024-01-03' AND device = 3;
\echo :ROW_COUNT
DELETE FROM local_metrics WHERE time >= '2024-01-03' AND device = 3;
\echo :ROW_COUNT
SELECT msame('SELECT * FROM %s');
EXPLAIN (VERBOSE, COSTS OFF) DELETE FROM metrics WHERE device = 3;
-- What cannot be pushed is refused.
UPDATE conditions SET humidity = random() WHERE location = 'a';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM conditions WHERE location IN (SELECT location FROM locations);
UPDATE conditions c SET humidity = 1 FROM locations l WHERE l.location = c.location;
DELETE FROM conditions WHERE location = 'a' RETURNING *;
SELECT * FROM conditions WHERE location = 'a' LIMIT 1 FOR UPDATE;
\echo :LAST_ERROR_SQLSTATE
MERGE INTO conditions c USING locations l ON l.location = c.location
WHEN MATCHED THEN DELETE;
SELECT ctid FROM conditions LIMIT 1;
SELECT DISTINCT tableoid::regclass FROM conditions;
UPDATE ONLY conditions SET humidity = 0;
\echo :ROW_COUNT
-- Rolled back: nothing changed on the nodes.
BEGIN;
DELETE FROM conditions;
SELECT count(*) FROM conditions;
ROLLBACK;
SELECT count(*) FROM conditions;

\c dist_query_dn1
SELECT count(*), sum(value) FROM metrics WHERE device = 2;
\c dist_query_dn2
SELECT count(*), sum(value) FROM metrics WHERE device = 2;
SELECT count(*) FROM conditions WHERE location = 'a' AND temperature > 10 AND humidity::int % 2 = 0;

---------------------------------------------------------------------------
-- Rows written through the access node (chunks in its catalog): space
-- partitions, replication factor 2
---------------------------------------------------------------------------
\c dist_query_an
SET client_min_messages = warning;
CREATE TABLE readings (time timestamptz NOT NULL, sensor int NOT NULL, v float8);
SELECT table_name FROM create_distributed_hypertable('readings', 'time', 'sensor',
    number_partitions => 3, replication_factor => 2, chunk_time_interval => interval '1 day');
INSERT INTO readings
SELECT '2024-03-01 00:00+00'::timestamptz + i * interval '5 minutes', i % 7, i % 100
FROM generate_series(0, 2000) i;
CREATE TABLE local_readings AS SELECT * FROM readings;
SELECT count(*) FROM local_readings;
SELECT count(*) > 0 AS has_chunks FROM _timescaledb_dist_catalog.chunk_data_node;
CREATE FUNCTION rsame(q text) RETURNS text LANGUAGE sql
AS $$ SELECT same(q, 'readings', 'local_readings') $$;
SELECT rsame('SELECT * FROM %s');
SELECT rsame('SELECT sensor, count(*), sum(v) FROM %s GROUP BY sensor');
SELECT rsame('SELECT * FROM %s WHERE sensor = 3');
SELECT rsame('SELECT * FROM %s WHERE sensor IN (1, 2) AND v > 50');
SELECT rsame($$SELECT * FROM %s WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-04 00:00+00'$$);
SELECT rsame($$SELECT time_bucket('6 hours', time), max(v) FROM %s GROUP BY 1$$);
-- One day, one sensor: one chunk, so one node.
EXPLAIN (COSTS OFF)
SELECT * FROM readings WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-03 00:00+00' AND sensor = 3;
-- The first day: each node reads the chunks assigned to it, restricted to
-- their hypercubes (the same expressions as the chunks' CHECK constraints).
EXPLAIN (VERBOSE, COSTS OFF) SELECT v FROM readings WHERE time < '2024-03-02 00:00+00';
UPDATE readings SET v = v + 1000 WHERE sensor = 5;
\echo :ROW_COUNT
UPDATE local_readings SET v = v + 1000 WHERE sensor = 5;
\echo :ROW_COUNT
DELETE FROM readings WHERE v < 10;
\echo :ROW_COUNT
DELETE FROM local_readings WHERE v < 10;
\echo :ROW_COUNT
-- Cached plans choose their data nodes when they start, so they see chunks
-- created after planning.
SET plan_cache_mode = force_generic_plan;
PREPARE rq AS SELECT count(*), sum(v) FROM readings WHERE time >= '2024-03-10 00:00+00';
PREPARE rd AS DELETE FROM readings WHERE time >= '2024-03-10 00:00+00';
EXECUTE rq;
INSERT INTO readings VALUES ('2024-03-10 01:00+00', 1, 1), ('2024-03-11 01:00+00', 2, 2),
                            ('2024-03-12 01:00+00', 3, 3), ('2024-03-13 01:00+00', 4, 4);
EXECUTE rq;
EXECUTE rd;
\echo :ROW_COUNT
EXECUTE rq;
RESET plan_cache_mode;
SELECT rsame('SELECT * FROM %s');

---------------------------------------------------------------------------
-- Privileges: the access node checks them like for a local table
---------------------------------------------------------------------------
\c dist_query_an
CREATE ROLE dist_query_user LOGIN;
SET ROLE dist_query_user;
SELECT count(*) FROM conditions;
\echo :LAST_ERROR_SQLSTATE
UPDATE conditions SET humidity = 1;
DELETE FROM conditions;
RESET ROLE;
GRANT SELECT ON conditions TO dist_query_user;
SET ROLE dist_query_user;
DELETE FROM conditions;
EXPLAIN (COSTS OFF) SELECT count(*) FROM conditions;
RESET ROLE;
-- The data nodes see the same user, who has no rights on the members yet
-- (metrics: this query reads one node only, so the error is deterministic).
GRANT SELECT ON metrics TO dist_query_user;
SET ROLE dist_query_user;
SELECT count(*) FROM metrics WHERE time < '2024-01-01 12:00+00';
RESET ROLE;
CALL distributed_exec('GRANT SELECT ON conditions TO dist_query_user');
SET ROLE dist_query_user;
SELECT count(*) FROM conditions;
RESET ROLE;

\c regression
DROP DATABASE dist_query_an;
DROP DATABASE dist_query_dn1;
DROP DATABASE dist_query_dn2;
DROP DATABASE dist_query_dn3;
DROP ROLE dist_query_user;
