-- GROUP BY and aggregates of distributed hypertables computed partially on
-- the data nodes (one row per group and node) and combined on the access
-- node. Every answer is compared with the same query on a plain local table
-- holding the same rows. The access node is dist_agg_an; data nodes
-- node1..node3 are databases dist_agg_dn1..3 of the same instance.
\set VERBOSITY default
CREATE DATABASE dist_agg_an;
\c dist_agg_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'dist_agg_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'dist_agg_dn2');
SELECT node_name FROM add_data_node('node3', host => '127.0.0.1', database => 'dist_agg_dn3');

CREATE TABLE m (time timestamptz NOT NULL, location text NOT NULL, device int, i4 int,
                i8 bigint, f8 float8, n numeric, f4 real);
SELECT table_name FROM create_distributed_hypertable('m', 'time', 'location',
    number_partitions => 3, chunk_time_interval => interval '1 day');
-- Large integers (sums beyond the argument type), NULLs, and a location
-- whose values are all NULL.
INSERT INTO m
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '3 minutes',
       (ARRAY['a', 'b', 'c', 'd', 'e', 'f'])[i % 6 + 1], i % 7,
       CASE WHEN i % 10 = 0 THEN NULL ELSE 2000000000 - i END,
       CASE WHEN i % 9 = 0 THEN NULL ELSE 9000000000000000000 - i END,
       CASE WHEN i % 8 = 0 THEN NULL ELSE (i % 100) / 7.0 END,
       CASE WHEN i % 12 = 0 THEN NULL ELSE round(i / 7.0, 3) END,
       (i % 50)::real / 3
FROM generate_series(1, 3000) i;
INSERT INTO m (time, location, device)
SELECT '2024-01-02 00:00+00'::timestamptz + i * interval '1 hour', 'z', 99
FROM generate_series(1, 5) i;
CREATE TABLE local_m AS SELECT * FROM m;
SELECT count(*) FROM local_m;
-- The rows are on all three nodes.
SELECT count(DISTINCT node_name) FROM _timescaledb_dist_catalog.chunk_data_node;

CREATE FUNCTION same(q text, dist text = 'm', local text = 'local_m')
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

---------------------------------------------------------------------------
-- Each aggregate, several types (EXCEPT also requires the same result types)
---------------------------------------------------------------------------
SELECT same('SELECT count(*), count(i4), count(i8), count(f8), count(n) FROM %s');
SELECT same('SELECT sum(i4), sum(i8), sum(n), round(sum(f8)::numeric, 6), sum(f4) > 0 FROM %s');
SELECT same('SELECT min(i4), max(i4), min(i8), max(i8), min(f8), max(f8), min(n), max(n) FROM %s');
SELECT same('SELECT min(time), max(time), min(location), max(location), min(f4), max(f4) FROM %s');
SELECT same('SELECT avg(i4), avg(i8), avg(n), avg(device::smallint), round(avg(f8)::numeric, 9) FROM %s');
SELECT pg_typeof(count(*)) c, pg_typeof(sum(i4)) s4, pg_typeof(sum(i8)) s8,
       pg_typeof(avg(i4)) a4, pg_typeof(avg(f8)) af, pg_typeof(min(time)) mt FROM m;
-- sum(bigint) beyond the bigint range is numeric, as locally.
SELECT sum(i8), avg(i8), sum(i4), avg(i4) FROM m;
SELECT sum(i8), avg(i8), sum(i4), avg(i4) FROM local_m;

---------------------------------------------------------------------------
-- GROUP BY
---------------------------------------------------------------------------
-- The space column, a non-space column, time_bucket, several columns.
SELECT same('SELECT location, count(*), sum(i4), avg(i8), min(time), max(n) FROM %s GROUP BY location');
SELECT same('SELECT device, count(i8), sum(i8), avg(n), min(location), max(f8) FROM %s GROUP BY device');
SELECT same($$SELECT time_bucket('1 day', time) b, count(*), sum(i4), avg(i4), max(i8) FROM %s GROUP BY b$$);
SELECT same($$SELECT time_bucket('6 hours', time), location, count(*), sum(n), round(avg(f8)::numeric, 9) FROM %s GROUP BY 1, 2$$);
SELECT same('SELECT location, device, count(*), sum(i8), min(i4) FROM %s GROUP BY 1, 2');
-- A grouped column not selected; expressions over groups and aggregates.
SELECT same('SELECT count(*), sum(i4) FROM %s GROUP BY device');
SELECT same('SELECT device * 2 + 1, sum(i4) / 2, max(i8) - min(i8), count(*) + 1 FROM %s GROUP BY device');
SELECT same('SELECT lower(location) || device, count(*) FROM %s GROUP BY lower(location) || device');
-- GROUP BY without aggregates.
SELECT same('SELECT location FROM %s GROUP BY location');
-- A NULL-only group.
SELECT same('SELECT location, count(*), count(i4), sum(i4), sum(i8), avg(i4), avg(n), min(f8), round(avg(f8)::numeric, 9) FROM %s GROUP BY location');
SELECT location, count(*), count(i4), sum(i4), sum(i8), avg(i4), avg(f8), min(f8)
FROM m WHERE location = 'z' GROUP BY location;

---------------------------------------------------------------------------
-- FILTER with a pushable condition is applied on the nodes.
SELECT same('SELECT location, count(*) FILTER (WHERE device > 2), sum(i4) FILTER (WHERE f8 < 5), avg(i8) FILTER (WHERE device = 1), max(time) FILTER (WHERE i4 IS NULL), count(*) FROM %s GROUP BY 1');
SELECT count(*) FILTER (WHERE device > 2), sum(i4) FILTER (WHERE f8 < 5), avg(n) FILTER (WHERE device = 1), min(f8) FILTER (WHERE location = 'z') FROM m;
SELECT count(*) FILTER (WHERE device > 2), sum(i4) FILTER (WHERE f8 < 5), avg(n) FILTER (WHERE device = 1), min(f8) FILTER (WHERE location = 'z') FROM local_m;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FILTER (WHERE device > 2), max(i4) FILTER (WHERE f8 < 5) FROM m;

-- WHERE, HAVING, ORDER BY, LIMIT, DISTINCT, prepared statements
---------------------------------------------------------------------------
SELECT same($$SELECT location, avg(i4), count(*) FROM %s WHERE time < '2024-01-03' AND device <> 2 GROUP BY location$$);
SELECT same('SELECT location, count(*) FROM %s GROUP BY location HAVING sum(i4) > 1000 AND count(*) > 10');
SELECT same('SELECT device, count(*) FROM %s GROUP BY device HAVING device > 3');
SELECT same('SELECT count(*) FROM %s HAVING count(*) > 5');
SELECT same('SELECT DISTINCT count(*) > 400 FROM %s GROUP BY device');
SELECT location, count(*), sum(i4) FROM m GROUP BY location ORDER BY sum(i4) DESC NULLS LAST LIMIT 3;
SELECT location, count(*), sum(i4) FROM local_m GROUP BY location ORDER BY sum(i4) DESC NULLS LAST LIMIT 3;
SELECT device, avg(i8) FROM m GROUP BY device ORDER BY 2, 1;
SELECT device, avg(i8) FROM local_m GROUP BY device ORDER BY 2, 1;
PREPARE p(int) AS SELECT location, sum(i4), avg(n) FROM m WHERE device = $1 GROUP BY location ORDER BY 1;
PREPARE lp(int) AS SELECT location, sum(i4), avg(n) FROM local_m WHERE device = $1 GROUP BY location ORDER BY 1;
EXECUTE p(3);
EXECUTE lp(3);
SET plan_cache_mode = force_generic_plan;
PREPARE g(int) AS SELECT count(*), max(i4) FROM m WHERE device = $1;
EXECUTE g(4);
SELECT count(*), max(i4) FROM local_m WHERE device = 4;
RESET plan_cache_mode;

---------------------------------------------------------------------------
-- Empty inputs: count is 0, the others NULL; no groups
---------------------------------------------------------------------------
SELECT count(*), count(i4), sum(i4), sum(i8), avg(i4), avg(f8), min(time), max(n)
FROM m WHERE time > '2030-01-01';
SELECT same($$SELECT count(*), count(i4), sum(i4), sum(i8), avg(i4), avg(f8), min(time), max(n) FROM %s WHERE time > '2030-01-01'$$);
SELECT same($$SELECT location, count(*) FROM %s WHERE time > '2030-01-01' GROUP BY location$$);
SELECT same($$SELECT count(*), sum(i4) FROM %s WHERE location = 'nowhere'$$);

---------------------------------------------------------------------------
-- Not pushed, computed on the access node as before
---------------------------------------------------------------------------
CREATE FUNCTION twice(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 * 2';
SELECT same('SELECT location, count(DISTINCT device) FROM %s GROUP BY 1');
SELECT same('SELECT location, count(*) FILTER (WHERE twice(device) > 2) FROM %s GROUP BY 1');
SELECT same('SELECT location, round(avg(f4)::numeric, 4) FROM %s GROUP BY 1');
SELECT same('SELECT twice(device), count(*) FROM %s GROUP BY 1');
SELECT same('SELECT location, string_agg(device::text, '','' ORDER BY time) FROM %s GROUP BY 1');
SELECT same('SELECT location, device, count(*) FROM %s GROUP BY ROLLUP (location, device)');
SELECT same('SELECT a.location, count(*) FROM %s a JOIN (VALUES (1), (2)) v(d) ON a.device = v.d GROUP BY 1');
SELECT same('SELECT location, c FROM (SELECT location, count(*) c FROM %s GROUP BY 1) s WHERE c > 3');
SELECT count(*) FROM ONLY m;

---------------------------------------------------------------------------
-- EXPLAIN: the remote query groups and sends partial aggregates
---------------------------------------------------------------------------
EXPLAIN (VERBOSE, COSTS OFF)
SELECT location, count(*), sum(i4), avg(i8), min(time) FROM m
WHERE device = 3 GROUP BY location HAVING count(*) > 1;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time_bucket('1 day', time), max(f8), round(avg(f8)::numeric, 2) FROM m GROUP BY 1 ORDER BY 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM m;
-- Subqueries (so the comparisons above are pushed too) and CTEs.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT count(*) FROM (SELECT device, max(i4) FROM m GROUP BY device) x;
EXPLAIN (COSTS OFF)
WITH c AS (SELECT location, count(*) cnt FROM m GROUP BY 1) SELECT * FROM c JOIN local_m USING (location) WHERE cnt < 0;
-- Correlated subqueries are not rewritten (they refer to the outer query).
SELECT d, (SELECT count(*) FROM m WHERE m.device = d) FROM generate_series(1, 3) d;
SELECT d, (SELECT count(*) FROM local_m WHERE device = d) FROM generate_series(1, 3) d;
SELECT d, x.* FROM generate_series(1, 2) d,
    LATERAL (SELECT location, sum(i4) FROM m WHERE device = d GROUP BY 1 ORDER BY 1 LIMIT 2) x;
-- Not pushed.
EXPLAIN (COSTS OFF) SELECT location, count(DISTINCT device) FROM m GROUP BY 1;
EXPLAIN (COSTS OFF) SELECT twice(device), count(*) FROM m GROUP BY 1;
EXPLAIN (COSTS OFF) SELECT count(*) FILTER (WHERE twice(device) > 2) FROM m;
-- The setting turns it off (the rows are aggregated on the access node).
SET timescaledb_dist.enable_aggregate_pushdown = off;
EXPLAIN (COSTS OFF) SELECT location, count(*) FROM m GROUP BY location;
SELECT same('SELECT location, count(*), sum(i4), avg(i8) FROM %s GROUP BY location');
RESET timescaledb_dist.enable_aggregate_pushdown;
SHOW timescaledb_dist.enable_aggregate_pushdown;

---------------------------------------------------------------------------
-- Replication factor 2: each chunk is counted once
---------------------------------------------------------------------------
CREATE TABLE r2 (time timestamptz NOT NULL, sensor int NOT NULL, v float8);
SELECT table_name FROM create_distributed_hypertable('r2', 'time', 'sensor',
    number_partitions => 3, replication_factor => 2, chunk_time_interval => interval '1 day');
INSERT INTO r2
SELECT '2024-03-01 00:00+00'::timestamptz + i * interval '5 minutes', i % 7, i % 100
FROM generate_series(0, 2000) i;
CREATE TABLE local_r2 AS SELECT * FROM r2;
SELECT same('SELECT count(*), sum(v), min(v), max(v), avg(v) FROM %s', 'r2', 'local_r2');
SELECT same('SELECT sensor, count(*), sum(v), avg(sensor) FROM %s GROUP BY sensor', 'r2', 'local_r2');
SELECT same($$SELECT time_bucket('1 day', time), count(*), sum(v) FROM %s GROUP BY 1$$, 'r2', 'local_r2');
SELECT same($$SELECT sensor, count(*) FROM %s WHERE time < '2024-03-02 12:00+00' GROUP BY 1$$, 'r2', 'local_r2');
SELECT count(*) FROM r2;
-- Each node reads the chunks assigned to it (restricted to their hypercubes
-- before grouping).
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM r2 WHERE time < '2024-03-02 00:00+00';

---------------------------------------------------------------------------
-- After attach_data_node repartitions, one location is on two nodes
---------------------------------------------------------------------------
CREATE TABLE rp (time timestamptz NOT NULL, location text NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('rp', 'time', 'location',
    data_nodes => '{node1,node2}', chunk_time_interval => interval '1 day');
INSERT INTO rp
SELECT '2024-05-01 00:00+00'::timestamptz + i * interval '10 minutes',
       (ARRAY['a', 'b', 'c', 'd', 'e', 'f'])[i % 6 + 1], i
FROM generate_series(0, 143) i;
SELECT node_name FROM attach_data_node('node3', 'rp');
INSERT INTO rp
SELECT '2024-05-02 00:00+00'::timestamptz + i * interval '10 minutes',
       (ARRAY['a', 'b', 'c', 'd', 'e', 'f'])[i % 6 + 1], i
FROM generate_series(0, 287) i;
CREATE TABLE local_rp AS SELECT * FROM rp;
-- Locations held by more than one node.
\c dist_agg_dn1
SELECT string_agg(DISTINCT location, ',') AS l1 FROM rp \gset
\c dist_agg_dn2
SELECT string_agg(DISTINCT location, ',') AS l2 FROM rp \gset
\c dist_agg_dn3
SELECT string_agg(DISTINCT location, ',') AS l3 FROM rp \gset
\c dist_agg_an
SELECT count(*) > 0 AS split_locations FROM (
    SELECT l FROM unnest(string_to_array(:'l1', ',') || string_to_array(:'l2', ',')
                         || string_to_array(:'l3', ',')) l
    GROUP BY l HAVING count(*) > 1) x;
SELECT same('SELECT location, count(*), sum(v), avg(v), min(v), max(time) FROM %s GROUP BY location', 'rp', 'local_rp');
SELECT location, count(*), sum(v) FROM rp GROUP BY location ORDER BY 1;
SELECT location, count(*), sum(v) FROM local_rp GROUP BY location ORDER BY 1;
EXPLAIN (VERBOSE, COSTS OFF) SELECT location, sum(v) FROM rp GROUP BY location;

---------------------------------------------------------------------------
-- Unordered scans read one batch (1000 rows) of every node, then fetch the
-- next batches of all nodes at once: the first 3000 rows are 1000 per node.
---------------------------------------------------------------------------
CREATE TABLE bt (time timestamptz NOT NULL, node int);
SELECT table_name FROM create_distributed_hypertable('bt', 'time');
\c dist_agg_dn1
INSERT INTO bt SELECT '2024-01-01'::timestamptz + i * interval '1 minute', 1 FROM generate_series(1, 1500) i;
\c dist_agg_dn2
INSERT INTO bt SELECT '2024-01-01'::timestamptz + i * interval '1 minute', 2 FROM generate_series(1, 1500) i;
\c dist_agg_dn3
INSERT INTO bt SELECT '2024-01-01'::timestamptz + i * interval '1 minute', 3 FROM generate_series(1, 1500) i;
\c dist_agg_an
SELECT node, count(*) FROM (SELECT node, row_number() OVER () rn FROM bt) x
WHERE rn <= 3000 GROUP BY node ORDER BY node;
SELECT count(*), count(DISTINCT time) FROM (SELECT * FROM bt) x;

\c regression
DROP DATABASE dist_agg_an;
DROP DATABASE dist_agg_dn1;
DROP DATABASE dist_agg_dn2;
DROP DATABASE dist_agg_dn3;
