-- Data nodes: add_data_node, delete_data_node, alter_data_node, the views and
-- the FDW validator. The access node is the database data_node_an; data nodes
-- are other databases of the same instance (data_node_dn*). Ports are the
-- instance's own port, so the output shows them only as comparisons.
\set VERBOSITY default
CREATE DATABASE data_node_an;
\c data_node_an
SET client_min_messages = notice;
CREATE EXTENSION timescaledb_dist;
SELECT current_setting('port')::int AS port \gset

-- A view that hides the instance's port.
CREATE VIEW nodes AS
SELECT node_name, owner,
       array_replace(options, 'port=' || current_setting('port'), 'port=PORT') AS options
FROM timescaledb_information.data_nodes ORDER BY node_name;

---------------------------------------------------------------------------
-- add_data_node: bootstrap creates the database and the extension
---------------------------------------------------------------------------
SELECT node_name, host, port = :port AS default_port, database, node_created,
       database_created, extension_created
FROM add_data_node('dn1', host => '127.0.0.1', database => 'data_node_dn1');
SELECT * FROM nodes;
SELECT node_name, owner FROM timescaledb_information.data_node WHERE node_name = 'dn1' AND
    options = ARRAY['host=127.0.0.1', 'port=' || :port, 'dbname=data_node_dn1'];
-- The access node got its uuid and role; the data node records both.
SELECT key, value ~ '^[0-9a-f-]{36}$' OR value = 'access_node' AS ok
FROM _timescaledb_dist_catalog.metadata ORDER BY key;
SELECT value AS an_uuid FROM _timescaledb_dist_catalog.metadata WHERE key = 'dist_uuid' \gset
\c data_node_dn1
SELECT extname FROM pg_extension WHERE extname = 'timescaledb_dist';
SELECT key, CASE key WHEN 'dist_uuid' THEN value = :'an_uuid' ELSE value = 'data_node' END AS ok
FROM _timescaledb_dist_catalog.metadata ORDER BY key;
-- A data node cannot have data nodes of its own.
SELECT * FROM add_data_node('dnx', host => '127.0.0.1', database => 'data_node_dnx');
\echo :LAST_ERROR_SQLSTATE
\c data_node_an
SET client_min_messages = notice;

---------------------------------------------------------------------------
-- add_data_node: duplicates and if_not_exists
---------------------------------------------------------------------------
SELECT * FROM add_data_node('dn1', host => '127.0.0.1', database => 'data_node_dn1');
\echo :LAST_ERROR_SQLSTATE
SELECT node_name, host, port = :port AS same_port, database, node_created,
       database_created, extension_created
FROM add_data_node('dn1', host => '127.0.0.1', database => 'data_node_dn1', if_not_exists => true);

---------------------------------------------------------------------------
-- add_data_node: bad arguments (each leaves the catalog unchanged)
---------------------------------------------------------------------------
SELECT * FROM add_data_node(NULL, host => '127.0.0.1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('dn2', host => NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', port => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', port => 65536);
SELECT * FROM add_data_node('dn2', host => '');
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', database => '');
\echo :LAST_ERROR_SQLSTATE
-- Nothing listens on port 1: libpq's reason is the DETAIL.
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', port => 1, database => 'data_node_dn2');
\echo :LAST_ERROR_SQLSTATE
-- Not inside a transaction block.
BEGIN;
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', database => 'data_node_dn2');
ROLLBACK;
\echo :LAST_ERROR_SQLSTATE
-- The access node's own database, with and without bootstrap.
SELECT * FROM add_data_node('dn2', host => '127.0.0.1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', database => 'data_node_an',
                            bootstrap => false);
-- A database that already belongs to a distributed database (the NOTICE's
-- DETAIL names the port: terse).
\set VERBOSITY terse
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', database => 'data_node_dn1');
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('dn2', host => '127.0.0.1', database => 'data_node_dn1',
                            bootstrap => false);
SELECT * FROM nodes;
SELECT datname FROM pg_database WHERE datname LIKE 'data_node%' ORDER BY 1;

---------------------------------------------------------------------------
-- add_data_node: existing databases
---------------------------------------------------------------------------
-- An existing empty database: NOTICE, the extension is created.
CREATE DATABASE data_node_dn2;
SELECT node_name, database, node_created, database_created, extension_created
FROM add_data_node('dn2', host => '127.0.0.1', database => 'data_node_dn2');
-- Existing databases with another encoding or collation are refused.
CREATE DATABASE data_node_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'
    TEMPLATE template0;
SELECT * FROM add_data_node('dn3', host => '127.0.0.1', database => 'data_node_latin1');
\echo :LAST_ERROR_SQLSTATE
CREATE DATABASE data_node_collate LC_COLLATE 'C' TEMPLATE template0;
SELECT * FROM add_data_node('dn3', host => '127.0.0.1', database => 'data_node_collate');
-- Without bootstrap the database needs the extension already (port in DETAIL: terse).
\set VERBOSITY terse
SELECT * FROM add_data_node('dn3', host => '127.0.0.1', database => 'data_node_collate',
                            bootstrap => false);
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE
CREATE DATABASE data_node_dn3;
\c data_node_dn3
CREATE EXTENSION timescaledb_dist;
\c data_node_an
SET client_min_messages = notice;
SELECT node_name, database, node_created, database_created, extension_created
FROM add_data_node('dn3', host => '127.0.0.1', database => 'data_node_dn3', bootstrap => false);
-- A password goes into a user mapping, never into the view.
SELECT node_name, database_created
FROM add_data_node('dn4', host => '127.0.0.1', database => 'data_node_dn4', password => 'secret');
SELECT * FROM nodes;
SELECT srvname, usename FROM pg_user_mappings WHERE srvname = 'dn4';
SELECT count(*) FROM timescaledb_information.data_nodes
WHERE array_to_string(options, ',') LIKE '%secret%';

-- Names that need quoting, on both ends.
SELECT node_name, database, database_created, extension_created
FROM add_data_node('dn "odd" name', host => '127.0.0.1', database => 'data_node_dn "odd" db');
\c "data_node_dn ""odd"" db"
SELECT key FROM _timescaledb_dist_catalog.metadata ORDER BY key;
\c data_node_an
SET client_min_messages = notice;
SELECT delete_data_node('dn "odd" name', drop_database => true);
SELECT count(*) FROM pg_database WHERE datname = 'data_node_dn "odd" db';
-- A server of another foreign-data wrapper is no data node.
CREATE FOREIGN DATA WRAPPER data_node_other_fdw;
CREATE SERVER data_node_other FOREIGN DATA WRAPPER data_node_other_fdw;
SELECT delete_data_node('data_node_other');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM add_data_node('data_node_other', host => '127.0.0.1', if_not_exists => true);
DROP FOREIGN DATA WRAPPER data_node_other_fdw CASCADE;

---------------------------------------------------------------------------
-- Permissions
---------------------------------------------------------------------------
CREATE ROLE data_node_user LOGIN;
CREATE ROLE data_node_creator LOGIN CREATEDB;
SET ROLE data_node_user;
-- USAGE on the FDW is needed to add data nodes (superusers only by default).
SELECT * FROM add_data_node('dn5', host => '127.0.0.1', database => 'data_node_dn5');
\echo :LAST_ERROR_SQLSTATE
-- Deleting and altering need ownership of the server.
SELECT delete_data_node('dn1');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM alter_data_node('dn1', available => false);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
GRANT USAGE ON FOREIGN DATA WRAPPER timescaledb_dist_fdw TO data_node_user, data_node_creator;
-- Bootstrap runs as the current user: it may not create databases.
SET ROLE data_node_user;
SELECT * FROM add_data_node('dn5', host => '127.0.0.1', database => 'data_node_dn5');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- This one may create the database but not the extension (superuser only):
-- the database it created is dropped again.
SET ROLE data_node_creator;
SELECT * FROM add_data_node('dn5', host => '127.0.0.1', database => 'data_node_dn5');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT count(*) FROM pg_database WHERE datname = 'data_node_dn5';
SELECT * FROM nodes;

---------------------------------------------------------------------------
-- The FDW validator
---------------------------------------------------------------------------
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (host 'h', bogus 'b');
\echo :LAST_ERROR_SQLSTATE
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (password 'p');
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (port 'abc');
\echo :LAST_ERROR_SQLSTATE
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (port '70000');
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (available 'maybe');
CREATE SERVER bad FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (host '');
ALTER SERVER dn1 OPTIONS (ADD password 'p');
CREATE USER MAPPING FOR data_node_user SERVER dn1 OPTIONS (user 'postgres');
ALTER FOREIGN DATA WRAPPER timescaledb_dist_fdw OPTIONS (host 'h');
SELECT * FROM nodes;

---------------------------------------------------------------------------
-- Connections: cache, session setup, remote errors, invalidation, abort
---------------------------------------------------------------------------
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1');
SELECT _timescaledb_dist_functions.data_node_query('dn1',
    'SELECT current_setting(''search_path'') || '' '' || current_setting(''datestyle'') || '' '' || '
    'current_setting(''intervalstyle'') || '' '' || current_setting(''extra_float_digits'') || '' '' || '
    'current_setting(''timezone'') || '' '' || current_setting(''application_name'') || '' '' || '
    'current_user || '' '' || current_database()');
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1');
-- Remote errors keep SQLSTATE, DETAIL, HINT and CONTEXT, prefixed with the node.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT 1/0');
\echo :LAST_ERROR_SQLSTATE
SELECT _timescaledb_dist_functions.data_node_query('dn1', $q$DO $do$ BEGIN RAISE EXCEPTION 'boom'
    USING DETAIL = 'Remote detail.', HINT = 'Remote hint.', ERRCODE = '22023'; END $do$$q$);
\echo :LAST_ERROR_SQLSTATE
-- The connection survives remote errors (same backend).
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') = :'pid'
    AS same_backend;
-- COPY is not for this path: an error; the connection left in COPY state is closed.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'COPY (SELECT 1) TO STDOUT');
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1');
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT 1');
-- A command still running when the local statement is cancelled: the
-- connection is cancelled and closed, the next use reconnects.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
SET statement_timeout = '200ms';
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_sleep(30)');
RESET statement_timeout;
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1');
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') <> :'pid'
    AS new_backend;
SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active';
-- ALTER SERVER invalidates the cached connection: the next use reconnects.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
SELECT node_name, host, database, available FROM alter_data_node('dn1', available => true);
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') <> :'pid'
    AS new_backend;
SELECT _timescaledb_dist_functions.data_node_connection_count('dn1');
-- So does a new or changed user mapping.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
CREATE USER MAPPING FOR CURRENT_USER SERVER dn1 OPTIONS (password 'unused');
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') <> :'pid'
    AS new_backend;
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
ALTER USER MAPPING FOR CURRENT_USER SERVER dn1 OPTIONS (SET password 'changed');
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') <> :'pid'
    AS new_backend;
-- Fan-out: every node gets the command before any result is read, so four
-- one-second sleeps take about one second, not four.
SELECT clock_timestamp() AS t0 \gset
SELECT node_name, result
FROM _timescaledb_dist_functions.data_node_query_all(
    'SELECT pg_sleep(1)::text || current_database()');
SELECT clock_timestamp() - :'t0' < interval '3 seconds' AS parallel;
-- One failing node fails the call; the others' connections stay usable.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') AS pid \gset
SELECT * FROM _timescaledb_dist_functions.data_node_query_all(
    $$SELECT 1 / (current_database() <> 'data_node_dn3')::int$$);
\echo :LAST_ERROR_SQLSTATE
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SELECT pg_backend_pid()') = :'pid'
    AS same_backend;
-- The first failure wins: the nodes still running are cancelled, not awaited.
SELECT clock_timestamp() AS t0 \gset
SELECT * FROM _timescaledb_dist_functions.data_node_query_all(
    $$SELECT CASE WHEN current_database() = 'data_node_dn3'
             THEN (1 / (current_database() <> 'data_node_dn3')::int)::text
             ELSE pg_sleep(30)::text END$$);
SELECT clock_timestamp() - :'t0' < interval '10 seconds' AS cancelled;
SELECT node_name, result FROM _timescaledb_dist_functions.data_node_query_all('SELECT 1');
SELECT _timescaledb_dist_functions.data_node_query('nope', 'SELECT 1');
\echo :LAST_ERROR_SQLSTATE

---------------------------------------------------------------------------
-- alter_data_node
---------------------------------------------------------------------------
SELECT node_name, host, port = :port AS same_port, database, available
FROM alter_data_node('dn2', available => false);
SELECT node_name, host, port, database, available
FROM alter_data_node('dn2', host => 'localhost', port => 6543, database => 'other_db');
SELECT * FROM nodes WHERE node_name = 'dn2';
SELECT node_name, host, port = :port AS same_port, database, available
FROM alter_data_node('dn2', host => '127.0.0.1', port => :port, database => 'data_node_dn2',
                     available => true);
SELECT * FROM alter_data_node('dn2', port => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM alter_data_node('nope', available => false);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM alter_data_node(NULL);

---------------------------------------------------------------------------
-- delete_data_node
---------------------------------------------------------------------------
SELECT delete_data_node('nope');
\echo :LAST_ERROR_SQLSTATE
SELECT delete_data_node('nope', if_exists => true);
BEGIN;
SELECT delete_data_node('dn2', drop_database => true);
ROLLBACK;
-- Without drop_database the database stays, without its membership, and
-- can be added again.
SELECT delete_data_node('dn1', force => false, repartition => true);
SELECT * FROM nodes;
\c data_node_dn1
SELECT count(*) FROM _timescaledb_dist_catalog.metadata;
\c data_node_an
SET client_min_messages = notice;
\set VERBOSITY terse
SELECT node_name, node_created, database_created, extension_created
FROM add_data_node('dn1', host => '127.0.0.1', database => 'data_node_dn1');
\set VERBOSITY default
-- Plain delete in a transaction block is fine and rolls back, also on the
-- data node: the membership is released only when the delete commits.
BEGIN;
SELECT delete_data_node('dn1');
ROLLBACK;
SELECT count(*) FROM nodes;
\c data_node_dn1
SELECT count(*) FROM _timescaledb_dist_catalog.metadata;
\c data_node_an
SET client_min_messages = notice;
-- drop_database drops the remote database.
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
SELECT delete_data_node('dn3', drop_database => true);
SELECT datname FROM pg_database WHERE datname LIKE 'data_node%' ORDER BY 1;
SELECT key FROM _timescaledb_dist_catalog.metadata ORDER BY key;
SELECT delete_data_node('dn4', drop_database => true);
-- No data node left: this database is no access node any more.
SELECT key FROM _timescaledb_dist_catalog.metadata ORDER BY key;
SELECT * FROM nodes;

\c regression
DROP DATABASE data_node_an;
DROP DATABASE data_node_latin1;
DROP DATABASE data_node_collate;
DROP ROLE data_node_user;
DROP ROLE data_node_creator;
SELECT datname FROM pg_database WHERE datname LIKE 'data_node%';
