-- A user with INSERT (not the owner) inserts rows that need new chunks, as in
-- TimescaleDB 2.13: the chunk is created with the hypertable owner's rights
-- once the user's INSERT privilege is checked, on the access node and on the
-- data nodes (_timescaledb_dist_functions.create_chunk). A user without
-- INSERT is still refused, and a user with INSERT cannot choose where the
-- chunk goes. The access node is compat_priv_an; data nodes are
-- compat_priv_dn1/2 of the same instance (roles are shared).
\set VERBOSITY default
CREATE DATABASE compat_priv_an;
\c compat_priv_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'compat_priv_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'compat_priv_dn2');
CREATE ROLE compat_owner LOGIN;
CREATE ROLE compat_writer LOGIN;
CREATE ROLE compat_reader LOGIN;
GRANT USAGE ON FOREIGN SERVER dn1, dn2 TO compat_owner, compat_writer, compat_reader;
GRANT CREATE ON SCHEMA public TO compat_owner;
CALL distributed_exec($$GRANT CREATE ON SCHEMA public TO compat_owner$$);

SET ROLE compat_owner;
CREATE TABLE conditions (time timestamptz NOT NULL, location text NOT NULL, temp float8);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time', 'location',
                                                     chunk_time_interval => interval '1 day');
CREATE TABLE local_conditions (time timestamptz NOT NULL, location text NOT NULL, temp float8);
SELECT table_name FROM create_hypertable('local_conditions', 'time',
                                         chunk_time_interval => interval '1 day');
INSERT INTO conditions VALUES ('2026-01-01 00:00+00', 'a', 1), ('2026-01-01 00:00+00', 'b', 2);
INSERT INTO local_conditions VALUES ('2026-01-01 00:00+00', 'a', 1);
-- GRANT on the distributed hypertable is forwarded to its members.
GRANT SELECT, INSERT ON conditions, local_conditions TO compat_writer;
GRANT SELECT ON conditions, local_conditions TO compat_reader;
RESET ROLE;
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name,
         $$SELECT has_table_privilege('compat_writer', 'public.conditions', 'INSERT')::text$$)
FROM timescaledb_information.data_nodes ORDER BY node_name;

---------------------------------------------------------------------------
-- INSERT privilege: rows in new chunks, distributed and local
---------------------------------------------------------------------------
SET ROLE compat_writer;
INSERT INTO conditions
SELECT '2026-01-02 00:00+00'::timestamptz + i * interval '6 hours', l, i
FROM generate_series(0, 7) i, (VALUES ('a'), ('b'), ('c')) v(l);
COPY conditions FROM STDIN;
2026-01-05 12:00:00+00	d	42
\.
INSERT INTO local_conditions
SELECT '2026-01-02 00:00+00'::timestamptz + i * interval '6 hours', 'a', i
FROM generate_series(0, 7) i;
SELECT count(*) FROM conditions;
SELECT count(*) FROM local_conditions;
RESET ROLE;
-- The new chunks belong to the hypertable owner, everywhere.
SELECT count(*) AS chunks, count(*) FILTER (WHERE pg_get_userbyid(relowner) = 'compat_owner') AS owned
FROM pg_class WHERE oid IN (SELECT show_chunks('conditions') UNION ALL SELECT show_chunks('local_conditions'));
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name,
         $$SELECT count(*) || ' chunks, owners: ' || string_agg(DISTINCT pg_get_userbyid(relowner), ',')
           FROM pg_class WHERE oid IN (SELECT public.show_chunks('public.conditions'))$$)
FROM timescaledb_information.data_nodes ORDER BY node_name;

---------------------------------------------------------------------------
-- No INSERT privilege: refused, on the access node and on the data nodes
---------------------------------------------------------------------------
SET ROLE compat_reader;
INSERT INTO conditions VALUES ('2026-02-01 00:00+00', 'a', 1);
INSERT INTO local_conditions VALUES ('2026-02-01 00:00+00', 'a', 1);
RESET ROLE;
-- Called directly on a data node (where the member grants compat_reader only SELECT).
\c compat_priv_dn1
SET ROLE compat_reader;
SELECT created FROM _timescaledb_dist_functions.create_chunk('public.conditions',
  '{1893456000000000, 0}', '{1893542400000000, 1073741823}');
-- compat_writer may create a chunk, but only in the associated schema and
-- with a name of the hypertable's own form.
SET ROLE compat_writer;
SELECT created FROM _timescaledb_dist_functions.create_chunk('public.conditions',
  '{1893456000000000, 0}', '{1893542400000000, 1073741823}', 'public', 'my_table');
SELECT created FROM _timescaledb_dist_functions.create_chunk('public.conditions',
  '{1893456000000000, 0}', '{1893542400000000, 1073741823}', '_timescaledb_dist_internal', 'my_table');
SELECT created, schema_name, table_name
FROM _timescaledb_dist_functions.create_chunk('public.conditions',
  '{1893456000000000, 0}', '{1893542400000000, 1073741823}',
  '_timescaledb_dist_internal', '_hyper_1_900_chunk');
SELECT pg_get_userbyid(relowner) AS owner FROM pg_class
WHERE oid = '_timescaledb_dist_internal._hyper_1_900_chunk'::regclass;
RESET ROLE;
\c compat_priv_an

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
SET client_min_messages = warning;
DROP TABLE conditions, local_conditions;
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE compat_priv_an;
DROP ROLE compat_owner;
DROP ROLE compat_writer;
DROP ROLE compat_reader;
SELECT datname FROM pg_database WHERE datname LIKE 'compat_priv%';
