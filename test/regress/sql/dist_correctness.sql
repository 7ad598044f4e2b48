-- Exact answers on distributed hypertables where pushing work to the data
-- nodes is tempting but can change the result: LIMIT forms, collations
-- (nondeterministic ones and space exclusion; explicit COLLATE), and data
-- nodes whose database sorts text differently (an ICU default collation).
-- Every answer is compared with the same query on a plain table holding the
-- same rows. The access node is dist_correct_an; its data nodes are databases
-- of the same instance that add_data_node creates.
\set VERBOSITY default
CREATE DATABASE dist_correct_an;
\c dist_correct_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('cn1', host => '127.0.0.1', database => 'dist_correct_dn1');
SELECT node_name FROM add_data_node('cn2', host => '127.0.0.1', database => 'dist_correct_dn2');
SELECT node_name FROM add_data_node('cn3', host => '127.0.0.1', database => 'dist_correct_dn3');

-- same(q): q with %1$s = the distributed table, then the plain one; the row
-- count and the number of rows in one answer but not the other.
CREATE FUNCTION same(q text, dist text = 'm', plain text = 'plain_m')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text := format(q, dist);
    l text := format(q, plain);
    n bigint;
    diff bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM (%s) x', d) INTO n;
    EXECUTE format('SELECT count(*) FROM (((%s) EXCEPT ALL (%s)) UNION ALL ((%s) EXCEPT ALL (%s))) x',
                   d, l, l, d) INTO diff;
    RETURN format('%s rows, %s differences', n, diff);
END
$$;
-- ordered(q): the same rows in the same order?
CREATE FUNCTION ordered(q text, dist text = 'm', plain text = 'plain_m')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text[];
    l text[];
BEGIN
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, dist)) INTO d;
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, plain)) INTO l;
    RETURN format('%s rows, %s', coalesce(array_length(d, 1), 0),
                  CASE WHEN d IS NOT DISTINCT FROM l THEN 'same order' ELSE 'DIFFERENT' END);
END
$$;

-- Rows written through the access node (chunks in its catalog), space
-- partitioned on dev: 'D05' and 'd05' hash to different partitions.
CREATE TABLE m (time timestamptz NOT NULL, dev text NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('m', 'time', 'dev', number_partitions => 3,
    chunk_time_interval => interval '10 days');
CREATE VIEW gen AS
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '10 minutes' AS time,
       (ARRAY['D05', 'd05', 'D01', 'd01', 'a', 'B', 'b', 'A', 'D07', 'd07'])[i % 10 + 1] AS dev,
       i % 37 AS v
FROM generate_series(1, 3000) i;
INSERT INTO m SELECT * FROM gen;
CREATE TABLE plain_m AS SELECT * FROM gen;
SELECT count(*) FROM m;
SELECT _timescaledb_dist_functions.get_partition_hash('D05'::text) / 715827883 AS d05_partition,
       _timescaledb_dist_functions.get_partition_hash('d05'::text) / 715827883 AS lower_partition;

---------------------------------------------------------------------------
-- LIMIT forms: only an exact limit goes to the nodes
---------------------------------------------------------------------------
SELECT same('SELECT * FROM %s ORDER BY dev FETCH FIRST 1 ROWS WITH TIES');
SELECT same('SELECT * FROM %s ORDER BY dev FETCH FIRST 301 ROWS WITH TIES');
-- (only the sort columns: which rows of a tie group the offset skips is
-- arbitrary)
SELECT same('SELECT dev, v FROM %s ORDER BY dev, v DESC OFFSET 5 ROWS FETCH FIRST 2 ROWS WITH TIES');
SELECT same('SELECT dev FROM %s ORDER BY dev OFFSET 299 ROWS FETCH FIRST 2 ROWS WITH TIES');
SELECT same('SELECT * FROM %s ORDER BY dev FETCH FIRST 0 ROWS WITH TIES');
-- The nodes return their first rows and those tied with them.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT * FROM m ORDER BY dev OFFSET 2 ROWS FETCH FIRST 3 ROWS WITH TIES;
SELECT ordered('SELECT * FROM %s ORDER BY time LIMIT ALL');
SELECT ordered('SELECT * FROM %s ORDER BY time LIMIT NULL OFFSET 2990');
SELECT ordered('SELECT * FROM %s ORDER BY time OFFSET 2990');
SELECT ordered('SELECT * FROM %s ORDER BY time DESC LIMIT 4 OFFSET 2990');
SELECT ordered('SELECT * FROM %s ORDER BY time LIMIT 0');
SELECT same('SELECT DISTINCT dev FROM %s ORDER BY dev LIMIT 3');
SELECT same('SELECT dev, count(*) FROM %s GROUP BY dev ORDER BY dev LIMIT 3');
SELECT same('SELECT dev, row_number() OVER (ORDER BY time) FROM %s ORDER BY time LIMIT 3');
SELECT same('SELECT generate_series(1, 2), time FROM %s ORDER BY time LIMIT 3');
-- LIMIT $1: a generic plan sends no limit; a custom plan the value it is for.
PREPARE lim(bigint) AS SELECT time, dev FROM m ORDER BY time LIMIT $1;
PREPARE plim(bigint) AS SELECT time, dev FROM plain_m ORDER BY time LIMIT $1;
SET plan_cache_mode = force_generic_plan;
CREATE TEMP TABLE r_dist AS EXECUTE lim(7);
CREATE TEMP TABLE r_plain AS EXECUTE plim(7);
SELECT (SELECT count(*) FROM r_dist), (SELECT count(*) FROM (TABLE r_dist EXCEPT ALL TABLE r_plain) x);
DROP TABLE r_dist, r_plain;
SET plan_cache_mode = force_custom_plan;
CREATE TEMP TABLE r_dist AS EXECUTE lim(9);
CREATE TEMP TABLE r_plain AS EXECUTE plim(9);
SELECT (SELECT count(*) FROM r_dist), (SELECT count(*) FROM (TABLE r_dist EXCEPT ALL TABLE r_plain) x);
DROP TABLE r_dist, r_plain;
RESET plan_cache_mode;
-- A LIMIT computed at run time from a setting: the cached plan is reused
-- after the setting changes, so its value is not frozen into the remote SQL.
SET correctness.rows = '5';
PREPARE slim AS SELECT count(*), count(*) FILTER (WHERE time NOT IN (SELECT time FROM plain_m
                                                  ORDER BY time LIMIT 40)) AS wrong
FROM (SELECT time FROM m ORDER BY time LIMIT current_setting('correctness.rows')::int) x;
EXECUTE slim;
SET correctness.rows = '40';
EXECUTE slim;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE slim;

---------------------------------------------------------------------------
-- Nondeterministic collation: 'D05' = 'd05', so neither the access node nor
-- a local hypertable may exclude by the hash of 'D05'
---------------------------------------------------------------------------
CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
SELECT same($$SELECT * FROM %s WHERE dev = 'D05' COLLATE ci$$);
SELECT same($$SELECT * FROM %s WHERE 'd07' COLLATE ci = dev AND v < 20$$);
SELECT same($$SELECT * FROM %s WHERE dev = 'D05'$$);
SELECT same($$SELECT count(*) FROM %s WHERE dev = 'D01' COLLATE ci GROUP BY dev COLLATE ci$$);
-- Kept on the access node; a deterministic equality still excludes.
EXPLAIN (VERBOSE, COSTS OFF) SELECT count(*) FROM m WHERE dev = 'D05' COLLATE ci;
EXPLAIN (COSTS OFF) SELECT * FROM m WHERE dev = 'D05';
CREATE TABLE lm (LIKE plain_m);
SELECT table_name FROM create_hypertable('lm', 'time', 'dev', 3, create_default_indexes => false);
INSERT INTO lm SELECT * FROM gen;
SELECT same($$SELECT * FROM %s WHERE dev = 'D05' COLLATE ci$$, 'lm');
SELECT same($$SELECT * FROM %s WHERE dev = 'd01'$$, 'lm');
-- Nor where equal values of the type differ in bytes: numeric 1.0 = 1.00.
CREATE TABLE n (time timestamptz NOT NULL, x numeric NOT NULL);
SELECT table_name FROM create_distributed_hypertable('n', 'time', 'x', number_partitions => 3);
CREATE TABLE ln (LIKE n);
SELECT table_name FROM create_hypertable('ln', 'time', 'x', 3, create_default_indexes => false);
CREATE VIEW ngen AS
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '1 hour' AS time,
       (ARRAY[1.0, 1.00, 1.000, 2.5, 2.50, 3])[i % 6 + 1] AS x
FROM generate_series(1, 60) i;
INSERT INTO n SELECT * FROM ngen;
INSERT INTO ln SELECT * FROM ngen;
CREATE TABLE plain_n AS SELECT * FROM ngen;
SELECT count(DISTINCT _timescaledb_dist_functions.get_partition_hash(x) / 715827883) AS partitions
FROM plain_n WHERE x = 1;
SELECT same('SELECT * FROM %s WHERE x = 1.0', 'n', 'plain_n');
EXPLAIN (COSTS OFF) SELECT * FROM ln WHERE x = 1.00;
SELECT x::text, count(*) FROM ln WHERE x = 1 GROUP BY 1 ORDER BY 1;
-- (at the top level: the hash condition is added to the statement's own WHERE)
SELECT count(*) FROM ln WHERE x = 1.00;
SELECT count(*) FROM plain_n WHERE x = 1.00;
SELECT same('SELECT * FROM %s WHERE x = 2.50', 'ln', 'plain_n');
SELECT same('SELECT * FROM %s WHERE x = 3', 'ln', 'plain_n');
-- Explicit collations are not sent (the nodes might not know them, and the
-- remote text would not say them): min/max under another collation are
-- computed on the access node.
SELECT same($$SELECT max(dev COLLATE "und-x-icu"), min(dev COLLATE "und-x-icu") FROM %s$$);
SELECT same($$SELECT v, max(dev COLLATE "und-x-icu") FROM %s GROUP BY v$$);
SELECT same($$SELECT * FROM %s WHERE dev > 'a' COLLATE "und-x-icu"$$);
SELECT ordered($$SELECT dev, time FROM %s ORDER BY dev COLLATE "und-x-icu", time LIMIT 20$$);

---------------------------------------------------------------------------
-- An access node whose default collation is ICU: add_data_node creates the
-- node databases with the same provider and locale, so what the nodes sort,
-- compare and aggregate agrees with the access node
---------------------------------------------------------------------------
CREATE DATABASE dist_correct_icu LOCALE_PROVIDER icu ICU_LOCALE 'und' TEMPLATE template0;
\c dist_correct_icu
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('in1', host => '127.0.0.1', database => 'dist_correct_icu_dn1');
SELECT node_name FROM add_data_node('in2', host => '127.0.0.1', database => 'dist_correct_icu_dn2');
SELECT datname, datlocprovider, daticulocale, datcollate = (SELECT datcollate FROM pg_database
       WHERE datname = current_database()) AS same_collate
FROM pg_database WHERE datname LIKE 'dist_correct_icu%' ORDER BY datname;
CREATE FUNCTION same(q text, dist text = 't', plain text = 'plain_t')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text := format(q, dist);
    l text := format(q, plain);
    n bigint;
    diff bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM (%s) x', d) INTO n;
    EXECUTE format('SELECT count(*) FROM (((%s) EXCEPT ALL (%s)) UNION ALL ((%s) EXCEPT ALL (%s))) x',
                   d, l, l, d) INTO diff;
    RETURN format('%s rows, %s differences', n, diff);
END
$$;
CREATE FUNCTION ordered(q text, dist text = 't', plain text = 'plain_t')
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text[];
    l text[];
BEGIN
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, dist)) INTO d;
    EXECUTE format('SELECT array_agg(x::text) FROM (%s) x', format(q, plain)) INTO l;
    RETURN format('%s rows, %s', coalesce(array_length(d, 1), 0),
                  CASE WHEN d IS NOT DISTINCT FROM l THEN 'same order' ELSE 'DIFFERENT' END);
END
$$;
CREATE TABLE t (time timestamptz NOT NULL, dev text NOT NULL, dev_c text COLLATE "C", v int);
SELECT table_name FROM create_distributed_hypertable('t', 'time', 'dev', number_partitions => 2);
CREATE VIEW tgen AS
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '10 minutes' AS time,
       (ARRAY['a', 'B', 'b', 'A', 'c', 'C', 'é', 'E'])[i % 8 + 1] AS dev,
       (ARRAY['a', 'B', 'b', 'A', 'c', 'C'])[i % 6 + 1] AS dev_c, i % 5 AS v
FROM generate_series(1, 400) i;
INSERT INTO t SELECT * FROM tgen;
CREATE TABLE plain_t (time timestamptz NOT NULL, dev text NOT NULL, dev_c text COLLATE "C", v int);
INSERT INTO plain_t SELECT * FROM tgen;
SELECT ordered('SELECT dev FROM %s ORDER BY dev, time LIMIT 8');
SELECT (SELECT string_agg(dev, ',') FROM (SELECT dev FROM t ORDER BY dev, time LIMIT 8) x) AS dist,
       (SELECT string_agg(dev, ',') FROM (SELECT dev FROM plain_t ORDER BY dev, time LIMIT 8) x) AS plain;
SELECT ordered('SELECT dev, time FROM %s ORDER BY dev DESC, time LIMIT 60');
SELECT same($$SELECT * FROM %s WHERE dev < 'b'$$);
SELECT same('SELECT min(dev), max(dev), min(dev_c), max(dev_c) FROM %s');
SELECT same('SELECT v, min(dev), max(dev) FROM %s GROUP BY v');
SELECT same('SELECT * FROM %s ORDER BY dev FETCH FIRST 10 ROWS WITH TIES');
-- The column's own collation goes with it; an explicit other one does not.
SELECT ordered('SELECT dev_c, time FROM %s ORDER BY dev_c, time LIMIT 30');
SELECT ordered('SELECT dev, time FROM %s ORDER BY dev COLLATE "C", time LIMIT 30');
SELECT ordered('SELECT dev_c, time FROM %s ORDER BY dev_c COLLATE "default", time LIMIT 30');
SELECT same($$SELECT * FROM %s WHERE dev < 'a' COLLATE "C"$$);
SELECT same($$SELECT * FROM %s WHERE dev_c < 'b'$$);
SELECT same($$SELECT * FROM %s WHERE dev_c < 'b' COLLATE "default"$$);
SELECT same($$SELECT * FROM %s WHERE dev_c < dev COLLATE "default"$$);
SELECT same('SELECT min(dev COLLATE "C"), max(dev_c COLLATE "default") FROM %s');
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM t WHERE dev_c < 'b' AND dev > 'a' ORDER BY dev_c LIMIT 3;
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM t WHERE dev < 'a' COLLATE "C" ORDER BY dev COLLATE "C" LIMIT 3;

-- Existing databases must have the same locale provider and ICU locale, with
-- and without bootstrap.
CREATE DATABASE dist_correct_libc LOCALE_PROVIDER libc TEMPLATE template0;
SELECT node_name FROM add_data_node('bad1', host => '127.0.0.1', database => 'dist_correct_libc');
\echo :LAST_ERROR_SQLSTATE
CREATE DATABASE dist_correct_de LOCALE_PROVIDER icu ICU_LOCALE 'de' TEMPLATE template0;
SELECT node_name FROM add_data_node('bad2', host => '127.0.0.1', database => 'dist_correct_de');
\c dist_correct_libc
CREATE EXTENSION timescaledb_dist;
\c dist_correct_de
CREATE EXTENSION timescaledb_dist;
\c dist_correct_icu
SELECT node_name FROM add_data_node('bad1', host => '127.0.0.1', database => 'dist_correct_libc',
                                    bootstrap => false);
SELECT node_name FROM add_data_node('bad2', host => '127.0.0.1', database => 'dist_correct_de',
                                    bootstrap => false);
SELECT node_name FROM timescaledb_information.data_nodes ORDER BY 1;
