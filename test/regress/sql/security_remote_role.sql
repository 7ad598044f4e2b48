-- Remote work runs as the current user: within one transaction, a remote
-- transaction opened on a data node by another role (here a superuser's
-- SECURITY DEFINER function) is never reused for the caller. Every
-- (data node, user) pair gets its own remote transaction, and all of them
-- commit (two-phase) or roll back together. Also: delete_data_node is
-- refused in a transaction that used the node. The access node is
-- sec_remote_an; data nodes are sec_remote_dn1/2 of the same instance (so
-- roles are shared: a role changed on a data node is changed everywhere).
\set VERBOSITY default
CREATE DATABASE sec_remote_an;
\c sec_remote_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'sec_remote_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'sec_remote_dn2');
CREATE ROLE sec_remote_bob LOGIN;
GRANT USAGE ON FOREIGN SERVER dn1, dn2 TO sec_remote_bob;

-- Who ran what, on every node (anyone may write it).
CALL distributed_exec($$CREATE TABLE public.who (node text, usr text);
                       GRANT ALL ON public.who TO PUBLIC$$);
CREATE VIEW who AS
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name,
         $$SELECT coalesce(string_agg(r, ',' ORDER BY r), '-') FROM (SELECT CASE usr
             WHEN 'sec_remote_bob' THEN 'bob' ELSE 'definer' END AS r FROM public.who) w$$) AS rows
FROM timescaledb_information.data_nodes ORDER BY node_name;
CREATE VIEW prepared AS
SELECT count(*) AS prepared FROM pg_prepared_xacts WHERE database LIKE 'sec_remote%';

-- A distributed hypertable bob may not read.
CREATE TABLE secret (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('secret', 'time');
INSERT INTO secret VALUES ('2026-01-01', 1), ('2026-06-01', 2);

-- Superuser-owned SECURITY DEFINER functions that touch the data nodes.
CREATE FUNCTION definer_write() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ BEGIN CALL public.distributed_exec('INSERT INTO public.who SELECT current_database(), current_user'); END $$;
CREATE FUNCTION definer_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT count(*) FROM public.secret $$;
GRANT EXECUTE ON FUNCTION definer_write(), definer_count() TO sec_remote_bob;

---------------------------------------------------------------------------
-- bob's command after the definer touched the node runs as bob
---------------------------------------------------------------------------
SET ROLE sec_remote_bob;
BEGIN;
SELECT definer_write();
CALL distributed_exec($$ALTER ROLE sec_remote_bob SUPERUSER$$, '{dn1}');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
BEGIN;
SELECT definer_count();
CALL distributed_exec($$SELECT count(*) FROM public.secret$$, node_list => '{dn1}');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
RESET ROLE;
SELECT rolsuper FROM pg_roles WHERE rolname = 'sec_remote_bob';
SELECT * FROM who;

---------------------------------------------------------------------------
-- Both remote transactions on a node commit together (two-phase commit)
---------------------------------------------------------------------------
SET ROLE sec_remote_bob;
BEGIN;
SELECT definer_write();
CALL distributed_exec($$INSERT INTO public.who SELECT current_database(), current_user$$);
-- The definer again: its own remote transaction, not bob's.
SELECT definer_write();
SELECT definer_count();
COMMIT;
RESET ROLE;
SELECT * FROM who;
SELECT * FROM prepared;

---------------------------------------------------------------------------
-- ... or roll back together, also to a savepoint
---------------------------------------------------------------------------
CALL distributed_exec('TRUNCATE public.who');
SET ROLE sec_remote_bob;
BEGIN;
SELECT definer_write();
CALL distributed_exec($$INSERT INTO public.who SELECT current_database(), current_user$$);
ROLLBACK;
BEGIN;
SELECT definer_write();
SAVEPOINT a;
CALL distributed_exec($$INSERT INTO public.who SELECT current_database(), current_user$$, '{dn1}');
SELECT definer_write();
ROLLBACK TO SAVEPOINT a;
CALL distributed_exec($$INSERT INTO public.who SELECT current_database(), current_user$$, '{dn2}');
COMMIT;
RESET ROLE;
SELECT * FROM who;
SELECT * FROM prepared;

---------------------------------------------------------------------------
-- A user's DROP TABLE of its distributed hypertable drops the chunks on the
-- nodes as that user, never as the superuser the extension borrows for its
-- catalog (a second remote session as superuser used to deadlock with the
-- user's own)
---------------------------------------------------------------------------
GRANT CREATE ON SCHEMA public TO sec_remote_bob;
CALL distributed_exec($$GRANT CREATE ON SCHEMA public TO sec_remote_bob$$);
\c sec_remote_an
SET ROLE sec_remote_bob;
CREATE TABLE bob_dist (time timestamptz NOT NULL, device int);
SELECT table_name FROM create_distributed_hypertable('bob_dist', 'time', 'device');
INSERT INTO bob_dist VALUES ('2020-01-01', 1), ('2020-01-02', 2), ('2020-02-01', 3);
SELECT string_agg(quote_literal(chunk_name), ',') AS bob_chunks
FROM timescaledb_information.chunks WHERE hypertable_name = 'bob_dist' \gset
SET statement_timeout = '20s';
BEGIN;
DROP TABLE bob_dist;
RESET ROLE;
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1') AS dn1_connections,
       _timescaledb_dist_functions.data_node_connection_count('dn2') AS dn2_connections;
COMMIT;
RESET statement_timeout;
SELECT _timescaledb_dist_functions.data_node_query('dn1',
    'SELECT count(*) FROM pg_catalog.pg_class WHERE relname IN (''bob_dist'', ' || :'bob_chunks' || ')')
    AS dn1_tables_left;

---------------------------------------------------------------------------
-- delete_data_node in a transaction that used the node is refused (its
-- connection would be closed under the open remote transaction)
---------------------------------------------------------------------------
DROP TABLE secret;
BEGIN;
CALL distributed_exec('SELECT 1', '{dn2}');
SELECT delete_data_node('dn2');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
BEGIN;
SAVEPOINT s;
CALL distributed_exec('SELECT 1', '{dn2}');
ROLLBACK TO SAVEPOINT s;
SELECT delete_data_node('dn2');
ROLLBACK;
SELECT * FROM who;
-- In its own transaction it works.
SELECT delete_data_node('dn2');
SELECT node_name FROM timescaledb_information.data_nodes;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
SELECT delete_data_node('dn1', drop_database => true);
\c regression
DROP DATABASE sec_remote_an;
DROP DATABASE sec_remote_dn2;
DROP ROLE sec_remote_bob;
SELECT datname FROM pg_database WHERE datname LIKE 'sec_remote%';
