-- distributed_exec: all nodes or a list, transactional or autocommit, every
-- error, permissions. The access node is dist_exec_an; data nodes are other
-- databases of the same instance (dist_exec_dn1, dist_exec_dn2).
\set VERBOSITY default
CREATE DATABASE dist_exec_an;
\c dist_exec_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;

-- No data nodes yet.
CALL distributed_exec('SELECT 1');
\echo :LAST_ERROR_SQLSTATE

SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'dist_exec_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'dist_exec_dn2');

-- A helper that reads one value on a data node (outside the transaction).
CREATE FUNCTION on_node(node name, q text) RETURNS text LANGUAGE sql
AS $$ SELECT _timescaledb_dist_functions.data_node_query(node, q) $$;

---------------------------------------------------------------------------
-- Happy paths
---------------------------------------------------------------------------
-- Every node (NULL list), several statements in one command.
CALL distributed_exec('CREATE TABLE t (id int, node text); INSERT INTO t VALUES (1, current_database())');
SELECT on_node('dn1', 'SELECT string_agg(id || node, '','') FROM public.t') AS dn1,
       on_node('dn2', 'SELECT string_agg(id || node, '','') FROM public.t') AS dn2;
-- Named nodes, with a duplicate.
CALL distributed_exec('INSERT INTO t VALUES (2, ''only dn2'')', node_list => '{dn2,dn2}');
SELECT on_node('dn1', 'SELECT count(*) FROM public.t') AS dn1, on_node('dn2', 'SELECT count(*) FROM public.t') AS dn2;
-- Autocommit: for commands that cannot run in a transaction block.
CALL distributed_exec('CREATE DATABASE dist_exec_extra', node_list => '{dn1}', transactional => false);
SELECT datname FROM pg_database WHERE datname = 'dist_exec_extra';
CALL distributed_exec('DROP DATABASE dist_exec_extra', '{dn1}', false);
SELECT count(*) FROM pg_database WHERE datname = 'dist_exec_extra';
-- Positional arguments and an explicit transactional => true.
CALL distributed_exec('INSERT INTO t VALUES (3, ''both'')', NULL, true);
SELECT on_node('dn1', 'SELECT count(*) FROM public.t') AS dn1, on_node('dn2', 'SELECT count(*) FROM public.t') AS dn2;
-- Two written nodes: two-phase commit, no prepared transaction left behind.
SELECT count(*) AS prepared FROM pg_prepared_xacts WHERE database LIKE 'dist_exec_dn%';

---------------------------------------------------------------------------
-- Errors
---------------------------------------------------------------------------
CALL distributed_exec('');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('  ');
CALL distributed_exec(NULL);
CALL distributed_exec('SELECT 1', node_list => '{}');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('SELECT 1', node_list => '{dn1,NULL}');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('SELECT 1', node_list => '{{dn1},{dn2}}');
CALL distributed_exec('SELECT 1', node_list => '{dn1,nosuch}');
\echo :LAST_ERROR_SQLSTATE
-- Remote errors keep the node prefix and the SQLSTATE; nothing is committed.
CALL distributed_exec('INSERT INTO t VALUES (4, ''x''); '
                      'SELECT 1 / (current_database() <> ''dist_exec_dn2'')::int');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('INSERT INTO t VALUES (4, ''x'')', '{dn1}');
CALL distributed_exec('INSERT INTO nosuch VALUES (1)', '{dn2}');
\echo :LAST_ERROR_SQLSTATE
SELECT on_node('dn1', 'SELECT count(*) FROM public.t') AS dn1, on_node('dn2', 'SELECT count(*) FROM public.t') AS dn2;
-- Autocommit mode is refused in a transaction block.
BEGIN;
CALL distributed_exec('SELECT 1', transactional => false);
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- A top-level DO block is no transaction block: allowed there.
DO $$ BEGIN CALL distributed_exec('SELECT 1', transactional => false); END $$;
-- Inside a function (an atomic context) it is refused.
CREATE FUNCTION exec_in_function() RETURNS void LANGUAGE plpgsql
AS $$ BEGIN CALL distributed_exec('SELECT 1', transactional => false); END $$;
SELECT exec_in_function();
-- Several statements in one command are one implicit transaction on the
-- node, so a command that refuses transaction blocks fails there.
CALL distributed_exec('CREATE DATABASE dist_exec_x; SELECT 1', '{dn1}', false);
\echo :LAST_ERROR_SQLSTATE
-- On a data node.
\c dist_exec_dn1
CALL distributed_exec('SELECT 1');
\echo :LAST_ERROR_SQLSTATE
\c dist_exec_an
SET client_min_messages = warning;

---------------------------------------------------------------------------
-- Permissions: USAGE on every data node involved
---------------------------------------------------------------------------
CREATE ROLE dist_exec_user;
GRANT USAGE ON FOREIGN SERVER dn1 TO dist_exec_user;
SET ROLE dist_exec_user;
CALL distributed_exec('SELECT 1', '{dn2}');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('SELECT 1');
RESET ROLE;

---------------------------------------------------------------------------
-- An unavailable data node is refused, in both modes, until it is back
---------------------------------------------------------------------------
SELECT node_name, available FROM alter_data_node('dn2', available => false);
SELECT options[3:] FROM timescaledb_information.data_nodes WHERE node_name = 'dn2';
CALL distributed_exec('INSERT INTO t VALUES (5, ''x'')');
\echo :LAST_ERROR_SQLSTATE
CALL distributed_exec('SELECT 1', '{dn2}', transactional => false);
-- The other nodes still work.
CALL distributed_exec('INSERT INTO t VALUES (5, ''dn1'')', '{dn1}');
SELECT node_name, available FROM alter_data_node('dn2', available => true);
SELECT options[3:] FROM timescaledb_information.data_nodes WHERE node_name = 'dn2';
CALL distributed_exec('INSERT INTO t VALUES (6, ''both'')');
SELECT on_node('dn1', 'SELECT count(*) FROM public.t') AS dn1, on_node('dn2', 'SELECT count(*) FROM public.t') AS dn2;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE dist_exec_an;
DROP ROLE dist_exec_user;
SELECT datname FROM pg_database WHERE datname LIKE 'dist_exec%';
