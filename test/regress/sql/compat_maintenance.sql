-- VACUUM and ANALYZE of hypertables, as TimescaleDB 2.13: a distributed
-- hypertable's members are vacuumed/analyzed on the data nodes (outside
-- two-phase commit, as the current user), VERBOSE is refused there; a local
-- hypertable's chunks are vacuumed/analyzed with it. The access node is
-- compat_maint_an; data nodes are compat_maint_dn1/2 of the same instance.
\set VERBOSITY default
CREATE DATABASE compat_maint_an;
\c compat_maint_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'compat_maint_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'compat_maint_dn2');
CREATE ROLE compat_maint_other LOGIN;
GRANT USAGE ON FOREIGN SERVER dn1, dn2 TO compat_maint_other;

CREATE TABLE conditions (time timestamptz NOT NULL, location text NOT NULL, temp float8);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time', 'location',
                                                     chunk_time_interval => interval '1 day');
CREATE TABLE local_conditions (time timestamptz NOT NULL, location text NOT NULL, temp float8);
SELECT table_name FROM create_hypertable('local_conditions', 'time',
                                         chunk_time_interval => interval '1 day');
INSERT INTO conditions
SELECT '2026-01-01 00:00+00'::timestamptz + i * interval '10 minutes', 'loc' || (i % 7), i
FROM generate_series(0, 999) i;
INSERT INTO local_conditions SELECT * FROM conditions;
GRANT SELECT, INSERT ON conditions TO compat_maint_other;

-- Per data node: its chunks of conditions, how many were vacuumed and how
-- many have column statistics (counts, never sizes or times).
CREATE VIEW node_state AS
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name, $$
  SELECT count(*) || ' chunks, ' ||
         count(*) FILTER (WHERE pg_stat_get_vacuum_count(c) > 0) || ' vacuumed, ' ||
         count(*) FILTER (WHERE EXISTS (SELECT FROM pg_statistic s WHERE s.starelid = c)) || ' analyzed'
  FROM public.show_chunks('public.conditions') c$$) AS state
FROM timescaledb_information.data_nodes ORDER BY node_name;
CREATE VIEW local_state AS
SELECT count(*) || ' chunks, ' ||
       count(*) FILTER (WHERE pg_stat_get_vacuum_count(c) > 0) || ' vacuumed, ' ||
       count(*) FILTER (WHERE EXISTS (SELECT FROM pg_statistic s WHERE s.starelid = c)) || ' analyzed'
       AS state
FROM show_chunks('local_conditions') c;
SELECT * FROM node_state;
SELECT * FROM local_state;

---------------------------------------------------------------------------
-- ANALYZE: forwarded (a column list too), local chunks analyzed
---------------------------------------------------------------------------
ANALYZE conditions (temp);
ANALYZE local_conditions;
SELECT * FROM node_state;
SELECT * FROM local_state;
-- Inside a transaction block it runs in the distributed transaction.
BEGIN;
SELECT count(*) FROM conditions;
ANALYZE conditions;
COMMIT;

---------------------------------------------------------------------------
-- VACUUM: forwarded, with options; local chunks vacuumed
---------------------------------------------------------------------------
VACUUM (FREEZE, INDEX_CLEANUP 'auto', PARALLEL 1) conditions;
VACUUM local_conditions;
SELECT * FROM node_state;
SELECT * FROM local_state;
VACUUM ANALYZE conditions (location), local_conditions;
-- Not in a transaction block: refused before any node is asked.
BEGIN;
VACUUM conditions;
ROLLBACK;
-- VERBOSE output of the nodes cannot be shown: refused, as in 2.13.
VACUUM (VERBOSE) conditions;
\echo :LAST_ERROR_SQLSTATE
ANALYZE VERBOSE conditions;
\echo :LAST_ERROR_SQLSTATE
VACUUM (VERBOSE false) conditions;

---------------------------------------------------------------------------
-- VACUUM without a table list: the distributed hypertables the user may
-- vacuum are forwarded too
---------------------------------------------------------------------------
CREATE VIEW vacuum_counts AS
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name, $$
  SELECT sum(pg_stat_get_vacuum_count(c))::text FROM public.show_chunks('public.conditions') c$$) AS vacuums
FROM timescaledb_information.data_nodes ORDER BY node_name;
CREATE TEMP TABLE before AS SELECT * FROM vacuum_counts;
VACUUM;
SELECT v.node_name, v.vacuums::int - b.vacuums::int AS new_vacuums
FROM vacuum_counts v JOIN before b USING (node_name) ORDER BY 1;

-- A node marked unavailable is skipped with a warning.
SELECT node_name FROM alter_data_node('dn2', available => false);
DELETE FROM before;
INSERT INTO before SELECT * FROM vacuum_counts;
VACUUM conditions;
SELECT v.node_name, v.vacuums::int - b.vacuums::int AS new_vacuums
FROM vacuum_counts v JOIN before b USING (node_name) ORDER BY 1;
SELECT node_name FROM alter_data_node('dn2', available => true);

---------------------------------------------------------------------------
-- A user who may not vacuum the table: PostgreSQL's warning, nothing
-- forwarded
---------------------------------------------------------------------------
DELETE FROM before;
INSERT INTO before SELECT * FROM vacuum_counts;
SET ROLE compat_maint_other;
VACUUM conditions;
ANALYZE conditions;
RESET ROLE;
SELECT v.node_name, v.vacuums::int - b.vacuums::int AS new_vacuums
FROM vacuum_counts v JOIN before b USING (node_name) ORDER BY 1;

---------------------------------------------------------------------------
-- create_distributed_restore_point: the access node's row (node_name NULL),
-- one per data node; two-phase commits blocked until the transaction ends
---------------------------------------------------------------------------
SELECT node_name, node_type, restore_point <= pg_current_wal_insert_lsn() AS written
FROM create_distributed_restore_point('compat_maint_rp');
BEGIN;
SELECT count(*) FROM create_distributed_restore_point('compat_maint_rp2');
SELECT mode, granted FROM pg_locks
WHERE relation = '_timescaledb_dist_catalog.remote_txn'::regclass AND pid = pg_backend_pid();
COMMIT;
SELECT create_distributed_restore_point(repeat('x', 64));
\echo :LAST_ERROR_SQLSTATE
SELECT create_distributed_restore_point(NULL);
SET ROLE compat_maint_other;
SELECT create_distributed_restore_point('compat_maint_rp3');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- Not on a data node.
\c compat_maint_dn1
SELECT create_distributed_restore_point('compat_maint_rp4');
\echo :LAST_ERROR_SQLSTATE
\c compat_maint_an
SET client_min_messages = warning;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
DROP TABLE conditions, local_conditions CASCADE;
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE compat_maint_an;
DROP ROLE compat_maint_other;
SELECT datname FROM pg_database WHERE datname LIKE 'compat_maint%';
