-- Writing to distributed hypertables through the access node: INSERT (single,
-- multi-row, INSERT ... SELECT, RETURNING, prepared) and COPY put every row
-- on the data nodes of its chunk, creating chunks there on demand. The
-- access node is dist_insert_an; data nodes node1..node3 are databases
-- dist_insert_dn1..3 of the same instance. Rows on the nodes are counted
-- with data_node_query_all (run outside transactions: it uses the session's
-- connections).
\set VERBOSITY default
CREATE DATABASE dist_insert_an;
\c dist_insert_an
SET client_min_messages = notice;
SET timezone = 'UTC';
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'dist_insert_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'dist_insert_dn2');
SELECT node_name FROM add_data_node('node3', host => '127.0.0.1', database => 'dist_insert_dn3');

-- Rows per data node of a table (count and the distinct locations).
CREATE FUNCTION node_rows(tbl text)
RETURNS TABLE(node name, result text) LANGUAGE sql AS $$
    SELECT node_name, result FROM _timescaledb_dist_functions.data_node_query_all(
        format('SELECT count(*) || '' '' || coalesce(string_agg(DISTINCT location, '','' '
               'ORDER BY location), '''') FROM %s', tbl)) ORDER BY 1
$$;
-- Chunk tables per data node.
CREATE FUNCTION node_chunks()
RETURNS TABLE(node name, result text) LANGUAGE sql AS $$
    SELECT node_name, result FROM _timescaledb_dist_functions.data_node_query_all(
        'SELECT count(*) || '' '' || coalesce(string_agg(table_name, '','' ORDER BY table_name), '''')'
        ' FROM _timescaledb_dist_catalog.chunk') ORDER BY 1
$$;

CREATE TABLE conditions (
  time        timestamptz NOT NULL,
  location    text        NOT NULL,
  temperature float,
  note        text DEFAULT 'from the access node'
);
SELECT hypertable_id, table_name, created FROM create_distributed_hypertable(
    'conditions', 'time', 'location', 3, chunk_time_interval => interval '1 day');

---------------------------------------------------------------------------
-- Single and multi-row INSERT: chunks are created on their nodes, each
-- space partition lands on the same node on every day
---------------------------------------------------------------------------
INSERT INTO conditions VALUES ('2024-01-01 01:00', 'a', 1.5);
INSERT INTO conditions VALUES
    ('2024-01-01 02:00', 'b', 2.5), ('2024-01-01 03:00', 'c', 3.5),
    ('2024-01-02 01:00', 'a', 4.5), ('2024-01-02 02:00', 'b', 5.5),
    ('2024-01-02 03:00', 'c', 6.5), ('2024-01-02 04:00', 'd', NULL);
SELECT chunk_name, range_start, range_end, data_nodes
FROM timescaledb_information.chunks ORDER BY chunk_name;
-- The AN keeps catalog rows and a column-less placeholder table per chunk
-- (what show_chunks returns), never rows.
SELECT c.relname, c.relnatts, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = '_timescaledb_dist_internal' ORDER BY c.relname;
SELECT show_chunks('conditions');
SELECT show_chunks('conditions', older_than => '2024-01-02'::timestamptz);
SELECT count(*) FROM ONLY conditions;
SELECT * FROM node_rows('public.conditions');
SELECT * FROM node_chunks();
-- chunk_data_node records the node's own chunk id.
SELECT c.table_name, cdn.node_name, cdn.node_chunk_id IS NOT NULL AS has_node_chunk_id
FROM _timescaledb_dist_catalog.chunk_data_node cdn
JOIN _timescaledb_dist_catalog.chunk c ON c.id = cdn.chunk_id ORDER BY 1, 2;
-- Values arrive unchanged (floats, NULL, text, timestamps).
SELECT result FROM _timescaledb_dist_functions.data_node_query_all(
    'SELECT string_agg(format(''%s|%s|%s|%s'', time, location, temperature, note), '' / '''
    ' ORDER BY time) FROM public.conditions') ORDER BY 1;

---------------------------------------------------------------------------
-- INSERT ... SELECT, RETURNING (as computed on the access node), prepared
---------------------------------------------------------------------------
INSERT INTO conditions (time, location, temperature)
SELECT '2024-01-03'::timestamptz + n * interval '1 hour', 'loc' || (n % 5), n
FROM generate_series(0, 23) n;
INSERT INTO conditions (time, location) VALUES ('2024-01-03 00:30', 'e')
RETURNING time, location, temperature, note;
WITH ins AS (INSERT INTO conditions VALUES ('2024-01-03 00:40', 'e', 7) RETURNING *)
SELECT count(*) FROM ins;
-- A generated column is computed by the data node; RETURNING shows it too.
CREATE TABLE gen (time timestamptz NOT NULL, f float, c float GENERATED ALWAYS AS (f * 2) STORED);
SELECT table_name FROM create_distributed_hypertable('gen', 'time', data_nodes => '{node1}');
INSERT INTO gen (time, f) VALUES ('2024-01-01', 1.5) RETURNING *;
COPY gen (time, f) FROM STDIN;
2024-01-01 01:00:00+00	2.5
\.
SELECT _timescaledb_dist_functions.data_node_query('node1',
    'SELECT string_agg(f || ''->'' || c, '','' ORDER BY time) FROM public.gen');
DROP TABLE gen;
PREPARE ins(timestamptz, text, float) AS INSERT INTO conditions VALUES ($1, $2, $3);
EXECUTE ins('2024-01-04 00:00', 'a', 1);
EXECUTE ins('2024-01-04 01:00', 'b', 2);
EXECUTE ins('2024-01-04 02:00', 'c', 3);
EXECUTE ins('2024-01-04 03:00', 'd', 4);
EXECUTE ins('2024-01-04 04:00', 'e', 5);
EXECUTE ins('2024-01-04 05:00', 'a', 6);
EXECUTE ins('2024-01-04 06:00', 'b', 7);
DEALLOCATE ins;
SELECT * FROM node_rows('public.conditions');
SELECT count(*) FROM timescaledb_information.chunks;

---------------------------------------------------------------------------
-- COPY text and csv
---------------------------------------------------------------------------
COPY conditions (time, location, temperature) FROM STDIN;
2024-01-05 00:00:00+00	a	10
2024-01-05 01:00:00+00	b	11
2024-01-05 02:00:00+00	c	12
2024-01-05 03:00:00+00	d	\N
\.
COPY conditions FROM STDIN WITH (FORMAT csv, HEADER true);
time,location,temperature,note
2024-01-05 04:00:00+00,a,13,"comma, quote "" and tab	here"
2024-01-05 05:00:00+00,e,14,
\.
COPY conditions FROM STDIN WITH (FORMAT csv) WHERE location = 'b';
2024-01-05 06:00:00+00,a,15,x
2024-01-05 07:00:00+00,b,16,y
\.
SELECT * FROM node_rows('public.conditions');
SELECT result FROM _timescaledb_dist_functions.data_node_query_all(
    'SELECT string_agg(note, '' / '' ORDER BY time) FROM public.conditions'
    ' WHERE time >= ''2024-01-05''') ORDER BY 1;
-- A NULL time is refused before anything is sent.
COPY conditions FROM STDIN WITH (FORMAT csv);
,a,1,x
\.
INSERT INTO conditions VALUES (NULL, 'a', 1);

---------------------------------------------------------------------------
-- Transactions: ROLLBACK leaves nothing on any node (rows or new chunks);
-- an error on one node aborts the statement everywhere
---------------------------------------------------------------------------
BEGIN;
INSERT INTO conditions VALUES ('2024-02-01', 'a', 1), ('2024-02-01', 'b', 2),
                              ('2024-02-01', 'c', 3);
SELECT count(*) FROM timescaledb_information.chunks WHERE range_start >= '2024-02-01';
ROLLBACK;
SELECT count(*) FROM timescaledb_information.chunks WHERE range_start >= '2024-02-01';
SELECT * FROM node_chunks();
SELECT * FROM node_rows('public.conditions');
-- A CHECK constraint only the data nodes have: the row for 'c' violates it.
SELECT * FROM _timescaledb_dist_functions.data_node_query_all(
    'ALTER TABLE public.conditions ADD CONSTRAINT not_hot CHECK (temperature < 100)');
INSERT INTO conditions VALUES ('2024-01-06', 'a', 1), ('2024-01-06', 'b', 2),
                              ('2024-01-06', 'c', 300), ('2024-01-06', 'd', 4);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM node_rows('public.conditions');
-- The same through COPY.
COPY conditions FROM STDIN WITH (FORMAT csv);
2024-01-06 01:00:00+00,a,1,x
2024-01-06 01:00:00+00,c,500,y
\.
SELECT * FROM node_rows('public.conditions');
-- Savepoints: the rolled back part is gone on the nodes.
BEGIN;
INSERT INTO conditions VALUES ('2024-01-07', 'a', 1);
SAVEPOINT s;
INSERT INTO conditions VALUES ('2024-01-07 01:00', 'a', 2), ('2024-01-07 01:00', 'b', 2);
ROLLBACK TO SAVEPOINT s;
INSERT INTO conditions VALUES ('2024-01-07 02:00', 'c', 3);
COMMIT;
SELECT * FROM node_rows('public.conditions');

---------------------------------------------------------------------------
-- ON CONFLICT is refused
---------------------------------------------------------------------------
INSERT INTO conditions VALUES ('2024-01-01', 'a', 1) ON CONFLICT DO NOTHING;
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE keyed (time timestamptz NOT NULL, location text, v int,
                    PRIMARY KEY (time, location));
SELECT table_name FROM create_distributed_hypertable('keyed', 'time',
                                                     data_nodes => '{node1,node2}');
INSERT INTO keyed VALUES ('2024-01-01', 'a', 1)
ON CONFLICT (time, location) DO UPDATE SET v = 0;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO keyed VALUES ('2024-01-01', 'a', 1) ON CONFLICT DO NOTHING;
-- Without ON CONFLICT a duplicate key fails on its node.
INSERT INTO keyed VALUES ('2024-01-01', 'a', 1);
INSERT INTO keyed VALUES ('2024-01-01', 'a', 2);
\echo :LAST_ERROR_SQLSTATE
SELECT _timescaledb_dist_functions.data_node_query('node1', 'SELECT count(*) FROM public.keyed')
    AS node1,
       _timescaledb_dist_functions.data_node_query('node2', 'SELECT count(*) FROM public.keyed')
    AS node2;

---------------------------------------------------------------------------
-- Replication factor 2: every chunk on 2 nodes, every row twice
---------------------------------------------------------------------------
CREATE TABLE replicated (time timestamptz NOT NULL, location text, v int);
SELECT table_name FROM create_distributed_hypertable(
    'replicated', 'time', 'location', 3, chunk_time_interval => interval '1 day',
    replication_factor => 2);
INSERT INTO replicated
SELECT '2024-01-01'::timestamptz + n * interval '1 hour', 'l' || (n % 7), n
FROM generate_series(0, 71) n;
SELECT chunk_name, data_nodes FROM timescaledb_information.chunks
WHERE hypertable_name = 'replicated' ORDER BY chunk_name;
SELECT sum(split_part(result, ' ', 1)::int) FROM node_rows('public.replicated');

---------------------------------------------------------------------------
-- Blocked and unavailable nodes get no new chunks
---------------------------------------------------------------------------
CREATE TABLE single (time timestamptz NOT NULL, location text, v int);
SELECT table_name FROM create_distributed_hypertable(
    'single', 'time', chunk_time_interval => interval '1 day');
SELECT node_name FROM alter_data_node('node2', available => false);
INSERT INTO single SELECT '2024-01-01'::timestamptz + n * interval '1 day', 'x', n
FROM generate_series(0, 3) n;
SELECT chunk_name, data_nodes FROM timescaledb_information.chunks
WHERE hypertable_name = 'single' ORDER BY chunk_name;
SELECT node_name FROM alter_data_node('node2', available => true);

---------------------------------------------------------------------------
-- drop_chunks drops the chunks on every node holding them
---------------------------------------------------------------------------
SELECT * FROM drop_chunks('conditions', older_than => '2024-01-03'::timestamptz, verbose => true);
SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'conditions';
SELECT * FROM node_rows('public.conditions');
SELECT * FROM drop_chunks('replicated', newer_than => '2024-01-03'::timestamptz);
SELECT * FROM drop_chunks('replicated', older_than => '2024-01-03'::timestamptz);
SELECT count(*) FROM _timescaledb_dist_catalog.chunk_data_node cdn
JOIN _timescaledb_dist_catalog.chunk c ON c.id = cdn.chunk_id
JOIN _timescaledb_dist_catalog.hypertable h ON h.id = c.hypertable_id
WHERE h.table_name = 'replicated';
SELECT * FROM node_rows('public.replicated');
-- Rolled back drop_chunks keeps them on the nodes.
BEGIN;
SELECT count(*) FROM drop_chunks('conditions', older_than => '2024-02-01'::timestamptz);
ROLLBACK;
SELECT * FROM node_rows('public.conditions');
-- show_chunks names the placeholders; dropping one drops the chunk on its nodes.
SELECT show_chunks('conditions');
SELECT chunk_name AS first_chunk FROM timescaledb_information.chunks
WHERE hypertable_name = 'conditions' ORDER BY chunk_name LIMIT 1 \gset
SELECT count(*) FROM conditions;
SELECT format('DROP TABLE _timescaledb_dist_internal.%I', :'first_chunk') \gexec
SELECT count(*) FROM conditions;
SELECT show_chunks('conditions');
SELECT * FROM node_rows('public.conditions');
SELECT count(*) FROM timescaledb_information.chunks WHERE chunk_name = :'first_chunk';
-- Called for chunks whose placeholder exists, the trigger's function does nothing.
SELECT count(*) FROM (SELECT _timescaledb_dist_functions.drop_remote_chunk(id)
                      FROM _timescaledb_dist_catalog.chunk) s;
SELECT count(*) FROM conditions;
-- Placeholders go with their hypertable, also with DROP SCHEMA ... CASCADE.
CREATE SCHEMA gone;
CREATE TABLE gone.t (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('gone.t', 'time');
INSERT INTO gone.t VALUES ('2024-01-01', 1), ('2024-03-01', 2);
SELECT count(*) FROM show_chunks('gone.t');
DROP SCHEMA gone CASCADE;
DROP TABLE replicated;
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = '_timescaledb_dist_internal'::regnamespace
  AND NOT EXISTS (SELECT FROM _timescaledb_dist_catalog.chunk ch
                  WHERE ch.table_name = c.relname);
SELECT count(*) FROM _timescaledb_dist_catalog.chunk ch
WHERE to_regclass(format('%I.%I', ch.schema_name, ch.table_name)) IS NULL;

\c regression
DROP DATABASE dist_insert_an;
DROP DATABASE dist_insert_dn1;
DROP DATABASE dist_insert_dn2;
DROP DATABASE dist_insert_dn3;
