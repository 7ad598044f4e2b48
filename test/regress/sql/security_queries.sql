-- Queries that must neither lose writes nor give wrong answers on
-- distributed hypertables (and local ones): data-modifying WITH queries,
-- ±infinity in the time column, TABLESAMPLE, COPY TO, statement triggers.
-- Every answer is compared with a plain table holding the same rows.
-- Data nodes sq_dn1, sq_dn2 are databases of the same instance.
\set VERBOSITY default
CREATE DATABASE sq_an;
\c sq_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'sq_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'sq_dn2');

-- dq: distributed; hq: local hypertable; pq: plain table. Same rows.
CREATE TABLE dq (time timestamptz NOT NULL, dev int NOT NULL, val float8);
SELECT table_name FROM create_distributed_hypertable('dq', 'time', 'dev',
                                                     chunk_time_interval => interval '1 day');
CREATE TABLE hq (time timestamptz NOT NULL, dev int NOT NULL, val float8);
SELECT table_name FROM create_hypertable('hq', 'time', chunk_time_interval => interval '1 day');
CREATE TABLE pq (time timestamptz NOT NULL, dev int NOT NULL, val float8);
CREATE VIEW rows AS
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '5 hours' AS time, i % 4 AS dev,
       i::float8 AS val
FROM generate_series(1, 40) i
UNION ALL SELECT 'infinity', 1, 1000
UNION ALL SELECT '-infinity', 2, -1000;
INSERT INTO dq SELECT * FROM rows;
INSERT INTO hq SELECT * FROM rows;
INSERT INTO pq SELECT * FROM rows;

-- same(q): q with %1$s = each table; the row counts and the differences
-- with the plain table's answer.
CREATE FUNCTION same(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    p text := format(q, 'pq');
    t text;
    n bigint;
    diff bigint;
    result text := '';
BEGIN
    FOREACH t IN ARRAY ARRAY['dq', 'hq'] LOOP
        EXECUTE format('SELECT count(*) FROM (%s) x', format(q, t)) INTO n;
        EXECUTE format('SELECT count(*) FROM (((%s) EXCEPT ALL (%s)) UNION ALL ((%s) EXCEPT ALL (%s))) x',
                       format(q, t), p, p, format(q, t)) INTO diff;
        result := result || format('%s: %s rows, %s differences; ', t, n, diff);
    END LOOP;
    RETURN result;
END
$$;

---------------------------------------------------------------------------
-- ±infinity in the time column
---------------------------------------------------------------------------
SELECT same($$SELECT * FROM %s WHERE time = 'infinity'$$);
SELECT same($$SELECT * FROM %s WHERE time >= 'infinity'$$);
SELECT same($$SELECT * FROM %s WHERE time > '2024-01-05'$$);
SELECT same($$SELECT * FROM %s WHERE time = '-infinity'$$);
SELECT same($$SELECT * FROM %s WHERE time <= '-infinity'$$);
SELECT same($$SELECT * FROM %s WHERE time < '2024-01-02'$$);
SELECT same($$SELECT * FROM %s WHERE time > '-infinity' AND time < 'infinity'$$);
SELECT same($$SELECT * FROM %s WHERE time IN ('infinity', '-infinity')$$);
SELECT same($$SELECT * FROM %s WHERE time = 'infinity' AND dev = 1$$);
-- timestamp and date time columns
CREATE TABLE dts (time timestamp NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('dts', 'time');
CREATE TABLE dd (time date NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('dd', 'time');
INSERT INTO dts VALUES ('infinity', 1), ('-infinity', 2), ('2024-01-01', 3);
INSERT INTO dd VALUES ('infinity', 1), ('-infinity', 2), ('2024-01-01', 3);
-- a date past the int64 microsecond range shares +infinity's chunk
INSERT INTO dd VALUES ('300000-01-01', 4);
-- local hypertables of the same types answer the same
CREATE TABLE lts (time timestamp NOT NULL, v int);
SELECT table_name FROM create_hypertable('lts', 'time');
CREATE TABLE ld (time date NOT NULL, v int);
SELECT table_name FROM create_hypertable('ld', 'time');
INSERT INTO lts SELECT * FROM dts;
INSERT INTO ld SELECT * FROM dd;
CREATE FUNCTION both_ways(cond text, tables text[] = '{dts,lts,dd,ld}') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text := '';
    t text;
    a int[];
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('SELECT array_agg(v ORDER BY v) FROM %I WHERE %s', t, cond) INTO a;
        r := r || format('%s: %s  ', t, a);
    END LOOP;
    RETURN r;
END
$$;
SELECT cond, both_ways(cond)
FROM unnest(ARRAY[$$time = 'infinity'$$, $$time >= 'infinity'$$, $$time > '2023-12-31'$$,
                  $$time = '-infinity'$$, $$time <= '-infinity'$$, $$time < '2024-01-02'$$,
                  $$time > '-infinity' AND time < 'infinity'$$]) cond;
SELECT cond, both_ways(cond, '{dd,ld}')
FROM unnest(ARRAY[$$time = '300000-01-01'$$, $$time >= '295000-01-01'$$,
                  $$time < '295000-01-01'$$]) cond;
-- and the same for UPDATE / DELETE, which choose their nodes the same way
BEGIN;
UPDATE dts SET v = v + 10 WHERE time = 'infinity';
DELETE FROM dd WHERE time >= 'infinity';
SELECT v FROM dts ORDER BY v;
SELECT v FROM dd ORDER BY v;
ROLLBACK;

---------------------------------------------------------------------------
-- Data-modifying WITH queries: never a success that changed nothing
---------------------------------------------------------------------------
WITH w AS (DELETE FROM dq WHERE dev = 1 RETURNING *) SELECT count(*) FROM w;
WITH w AS (UPDATE dq SET val = 0 WHERE dev = 1 RETURNING *) SELECT count(*) FROM w;
WITH w AS (DELETE FROM dq WHERE dev = 1) SELECT 1;
WITH w AS (UPDATE dq SET val = 0) SELECT 1;
-- a plain top-level DELETE still works (rolled back)
BEGIN;
DELETE FROM dq WHERE dev = 1;
SELECT count(*) FROM dq WHERE dev = 1;
ROLLBACK;
-- a top-level DELETE with a WITH that only reads
WITH x AS (SELECT 1) DELETE FROM dq WHERE dev = 1;
SELECT count(*) FROM dq WHERE dev = 1;
-- INSERT in WITH works and its rows are there
WITH w AS (INSERT INTO dq VALUES ('2024-02-01', 9, 9) RETURNING dev) SELECT * FROM w;
SELECT count(*) FROM dq WHERE dev = 9;
DELETE FROM dq WHERE dev = 9;
SELECT count(*) FROM dq WHERE dev = 9;
-- writes in functions, prepared statements and EXPLAIN ANALYZE
CREATE FUNCTION del_sql(d int) RETURNS bigint LANGUAGE sql AS $$
  WITH w AS (DELETE FROM dq WHERE dev = d RETURNING 1) SELECT count(*) FROM w $$;
SELECT del_sql(1);
CREATE FUNCTION del_plain(d int) RETURNS void LANGUAGE sql AS $$ DELETE FROM dq WHERE dev = d $$;
CREATE FUNCTION del_plpgsql(d int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  DELETE FROM dq WHERE dev = d;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
BEGIN;
SELECT del_plain(1);
SELECT count(*) FROM dq WHERE dev = 1;
ROLLBACK;
BEGIN;
SELECT del_plpgsql(1);
SELECT count(*) FROM dq WHERE dev = 1;
ROLLBACK;
PREPARE p(int) AS WITH w AS (DELETE FROM dq WHERE dev = $1 RETURNING 1) SELECT count(*) FROM w;
EXECUTE p(1);
DEALLOCATE p;
PREPARE p2(int) AS DELETE FROM dq WHERE dev = $1;
BEGIN;
EXECUTE p2(1);
SELECT count(*) FROM dq WHERE dev = 1;
ROLLBACK;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
WITH w AS (DELETE FROM dq WHERE dev = 1 RETURNING 1) SELECT count(*) FROM w;
SELECT count(*) FROM dq WHERE dev = 1;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM dq WHERE dev = 1;
SELECT count(*) FROM dq WHERE dev = 1;
ROLLBACK;

---------------------------------------------------------------------------
-- TABLESAMPLE
---------------------------------------------------------------------------
SELECT count(*) FROM pq TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM hq TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM hq TABLESAMPLE BERNOULLI (100);
SELECT count(*) FROM hq TABLESAMPLE SYSTEM (0);
-- distributed: each data node samples its own rows
SELECT count(*) FROM dq TABLESAMPLE BERNOULLI (0);
SELECT count(*) FROM dq TABLESAMPLE SYSTEM (0);
SELECT same($$SELECT * FROM %s TABLESAMPLE BERNOULLI (100)$$);
SELECT same($$SELECT * FROM %s TABLESAMPLE SYSTEM (100) REPEATABLE (7) WHERE dev = 2$$);
SELECT dev, count(*) FROM dq TABLESAMPLE BERNOULLI (0) GROUP BY dev;
SELECT count(*) FROM ONLY dq TABLESAMPLE BERNOULLI (0);
-- BERNOULLI (50) REPEATABLE: a sample of some rows, the same one each time
SELECT count(*) > 0 AND count(*) < 42 AS some_rows FROM dq TABLESAMPLE BERNOULLI (50) REPEATABLE (1);
SELECT (SELECT array_agg(val ORDER BY val) FROM dq TABLESAMPLE BERNOULLI (50) REPEATABLE (1)) =
       (SELECT array_agg(val ORDER BY val) FROM dq TABLESAMPLE BERNOULLI (50) REPEATABLE (1)) AS same_sample;
PREPARE s(float4) AS SELECT count(*) FROM dq TABLESAMPLE BERNOULLI ($1);
EXECUTE s(0);
EXECUTE s(100);
DEALLOCATE s;
EXPLAIN (VERBOSE, COSTS OFF) SELECT val FROM dq TABLESAMPLE BERNOULLI (10) REPEATABLE (3) WHERE dev = 1;
-- what the data nodes cannot run is refused, never dropped
SELECT count(*) FROM dq TABLESAMPLE BERNOULLI (random() * 0);

---------------------------------------------------------------------------
-- COPY hypertable TO copies the root table, which holds no row (pg_dump
-- copies the chunks), and says so as TimescaleDB 2.13 does; COPY (SELECT ...)
-- TO gives every row.
---------------------------------------------------------------------------
SET client_min_messages = notice;
COPY dq TO STDOUT;
COPY hq (val, dev) TO STDOUT (FORMAT csv, HEADER);
SET client_min_messages = warning;
CREATE TABLE copied (LIKE pq);
SELECT '/tmp/sq_copy_' || pg_backend_pid() || '.csv' AS f \gset
COPY (SELECT * FROM dq) TO :'f' (FORMAT csv);
COPY copied FROM :'f' (FORMAT csv);
SELECT count(*) AS rows,
       (SELECT count(*) FROM ((TABLE copied EXCEPT ALL TABLE pq) UNION ALL (TABLE pq EXCEPT ALL TABLE copied)) x) AS differences
FROM copied;
TRUNCATE copied;
COPY (SELECT * FROM hq) TO :'f' (FORMAT csv);
COPY copied FROM :'f' (FORMAT csv);
SELECT count(*) AS rows,
       (SELECT count(*) FROM ((TABLE copied EXCEPT ALL TABLE pq) UNION ALL (TABLE pq EXCEPT ALL TABLE copied)) x) AS differences
FROM copied;

---------------------------------------------------------------------------
-- Conditions of a security-barrier view run before the caller's leaky ones
---------------------------------------------------------------------------
-- val = 5 is the row of dev 1 the view hides; the division fails on it.
CREATE VIEW hidden_dev1 WITH (security_barrier) AS
SELECT * FROM dq WHERE dev + 0 + 0 + 0 + 0 + 0 <> 1;
SELECT count(*) FROM hidden_dev1 WHERE 1 / (val - 5) > 0;
CREATE VIEW hidden_pq WITH (security_barrier) AS
SELECT * FROM pq WHERE dev + 0 + 0 + 0 + 0 + 0 <> 1;
SELECT count(*) FROM hidden_pq WHERE 1 / (val - 5) > 0;
-- leakproof conditions are still sent to the data nodes
EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM hidden_dev1 WHERE val > 5 AND 1 / (val - 5) > 0;

---------------------------------------------------------------------------
-- Statement triggers on UPDATE/DELETE of a distributed hypertable
---------------------------------------------------------------------------
CREATE TABLE fired (what text);
CREATE FUNCTION note_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fired VALUES (TG_WHEN || ' ' || TG_OP || ' ' || TG_LEVEL);
  RETURN NULL;
END $$;
CREATE TRIGGER bs BEFORE UPDATE OR DELETE ON dq FOR EACH STATEMENT EXECUTE FUNCTION note_statement();
CREATE TRIGGER as_ AFTER UPDATE OR DELETE ON dq FOR EACH STATEMENT EXECUTE FUNCTION note_statement();
UPDATE dq SET val = val WHERE dev = 3;
DELETE FROM dq WHERE dev = 42;
SELECT * FROM fired;
DELETE FROM fired;
-- once per statement: not for EXPLAIN, for each EXECUTE, inside functions
EXPLAIN (COSTS OFF) DELETE FROM dq WHERE dev = 42;
PREPARE up AS UPDATE dq SET val = val WHERE dev = 42;
EXECUTE up;
EXECUTE up;
SELECT del_plain(42);
SELECT what, count(*) FROM fired GROUP BY what ORDER BY what;
DELETE FROM fired;
-- transition tables cannot be given for rows changed on the data nodes
CREATE FUNCTION count_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fired SELECT 'old rows ' || count(*) FROM old_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER tt AFTER DELETE ON dq REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION count_old();

\c regression
DROP DATABASE sq_an;
DROP DATABASE sq_dn1;
DROP DATABASE sq_dn2;
