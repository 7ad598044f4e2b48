-- Distributed transactions: rollback, one- and two-phase commit, savepoints,
-- PREPARE TRANSACTION refused, failures at PREPARE, cancel, and recovery of
-- in-doubt transactions left by the fault points. The access node is txn_an;
-- data nodes are the databases txn_dn1..3 of the same instance.
\set VERBOSITY default
-- The background recovery would race with the checks below.
ALTER SYSTEM SET timescaledb_dist.recovery_interval = 0;
SELECT pg_reload_conf();
CREATE DATABASE txn_an;
\c txn_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'txn_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'txn_dn2');
SELECT node_name FROM add_data_node('dn3', host => '127.0.0.1', database => 'txn_dn3');
CALL distributed_exec('CREATE TABLE t (i int)');
-- Recovery finds nothing in doubt and clears the log of that commit.
CREATE VIEW recovered AS
SELECT sum(committed) AS committed, sum(rolled_back) AS rolled_back,
       sum(in_progress) AS in_progress, sum(failed) AS failed
FROM recover_distributed_transactions();

-- Rows per node (run outside a transaction), prepared transactions of the
-- data nodes, and the log of two-phase commits.
CREATE VIEW rows_per_node AS
SELECT node_name, _timescaledb_dist_functions.data_node_query(node_name,
           'SELECT coalesce(string_agg(i::text, '','' ORDER BY i), ''-'') FROM public.t') AS rows
FROM timescaledb_information.data_nodes ORDER BY node_name;
CREATE VIEW prepared AS
SELECT count(*) AS prepared FROM pg_prepared_xacts WHERE database LIKE 'txn_dn%';
CREATE VIEW logged AS
SELECT data_node_name, remote_transaction_id ~ '^tsdist-[0-9a-f-]{36}-[0-9]+-[0-9]+$' AS gid_ok
FROM _timescaledb_dist_catalog.remote_txn ORDER BY 1;
SELECT * FROM logged;
SELECT * FROM recovered;
SELECT * FROM logged;

---------------------------------------------------------------------------
-- ROLLBACK leaves nothing on any node
---------------------------------------------------------------------------
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (1)');
CALL distributed_exec('INSERT INTO t VALUES (2)', '{dn1}');
ROLLBACK;
SELECT * FROM rows_per_node;
SELECT * FROM prepared;

---------------------------------------------------------------------------
-- COMMIT: one written node commits directly; several use two-phase commit
---------------------------------------------------------------------------
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (1)', '{dn1}');
COMMIT;
SELECT * FROM logged;
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (2)', '{dn1,dn2}');
-- The remote transactions run at REPEATABLE READ under READ COMMITTED.
SELECT _timescaledb_dist_functions.data_node_query('dn1', 'SHOW transaction_isolation');
COMMIT;
SELECT * FROM rows_per_node;
SELECT * FROM prepared;
-- The GIDs stay logged until recovery finds their transactions complete.
SELECT * FROM logged;
SELECT * FROM recover_distributed_transactions();
SELECT * FROM logged;
-- With enable_2pc off, every node gets a plain COMMIT.
SET timescaledb_dist.enable_2pc = off;
CALL distributed_exec('INSERT INTO t VALUES (3)', '{dn2,dn3}');
RESET timescaledb_dist.enable_2pc;
SELECT * FROM logged;
SELECT * FROM rows_per_node;

---------------------------------------------------------------------------
-- Savepoints and exception blocks are mirrored on the nodes
---------------------------------------------------------------------------
CALL distributed_exec('TRUNCATE t');
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (10)');
SAVEPOINT a;
CALL distributed_exec('INSERT INTO t VALUES (11)');
SAVEPOINT b;
CALL distributed_exec('INSERT INTO t VALUES (12)', '{dn3}');
RELEASE SAVEPOINT b;
ROLLBACK TO SAVEPOINT a;
CALL distributed_exec('INSERT INTO t VALUES (13)', '{dn1}');
SAVEPOINT c;
CALL distributed_exec('INSERT INTO t VALUES (14)', '{dn2}');
RELEASE SAVEPOINT c;
COMMIT;
SELECT * FROM rows_per_node;
-- A remote error inside a savepoint: rolling back to it makes the node usable again.
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (15)', '{dn1}');
SAVEPOINT a;
CALL distributed_exec('SELECT 1/0', '{dn1}');
ROLLBACK TO SAVEPOINT a;
CALL distributed_exec('INSERT INTO t VALUES (16)', '{dn1}');
COMMIT;
SELECT * FROM rows_per_node;
-- A PL/pgSQL exception block: the inner part is undone on every node.
DO $$
BEGIN
    CALL distributed_exec('INSERT INTO t VALUES (20)');
    BEGIN
        CALL distributed_exec('INSERT INTO t VALUES (21)');
        CALL distributed_exec('SELECT 1/0', '{dn2}');
    EXCEPTION WHEN division_by_zero THEN
        RAISE WARNING 'caught: %', SQLERRM;
    END;
END $$;
SELECT * FROM rows_per_node;

---------------------------------------------------------------------------
-- Failures: nothing is committed anywhere
---------------------------------------------------------------------------
CALL distributed_exec('TRUNCATE t');
SELECT * FROM recovered;
-- An error on one node aborts the whole transaction.
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (30)');
CALL distributed_exec('SELECT 1/0', '{dn2}');
COMMIT;
SELECT * FROM rows_per_node;
-- PREPARE fails on one node (deferred unique check): every node rolls back,
-- including those already prepared.
CALL distributed_exec('CREATE TABLE u (i int UNIQUE DEFERRABLE INITIALLY DEFERRED)');
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (31)');
CALL distributed_exec('INSERT INTO u VALUES (1), (1)', '{dn3}');
COMMIT;
SELECT * FROM rows_per_node;
SELECT * FROM prepared;
SELECT * FROM logged;
-- PREPARE TRANSACTION of a transaction with remote work is refused.
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (32)');
PREPARE TRANSACTION 'txn_user_gid';
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM rows_per_node;
SELECT count(*) FROM pg_prepared_xacts WHERE gid = 'txn_user_gid';
-- A statement timeout cancels the remote command too: it has ended on the
-- node when the abort is over, and the node stays usable.
SET statement_timeout = '300ms';
CALL distributed_exec('SELECT pg_sleep(30)', '{dn1}');
RESET statement_timeout;
SELECT count(*) AS still_sleeping FROM pg_stat_activity
WHERE datname = 'txn_dn1' AND query LIKE '%pg_sleep(30)%' AND state = 'active';
-- The same inside a savepoint: rolling back to it keeps the remote
-- transaction, and the rest commits.
BEGIN;
CALL distributed_exec('INSERT INTO t VALUES (32)', '{dn1}');
SAVEPOINT a;
SET LOCAL statement_timeout = '300ms';
CALL distributed_exec('SELECT pg_sleep(30)', '{dn1}');
ROLLBACK TO SAVEPOINT a;
SELECT count(*) AS still_sleeping FROM pg_stat_activity
WHERE datname = 'txn_dn1' AND query LIKE '%pg_sleep(30)%' AND state = 'active';
COMMIT;
CALL distributed_exec('INSERT INTO t VALUES (33)', '{dn1}');
SELECT * FROM rows_per_node;

---------------------------------------------------------------------------
-- Recovery of in-doubt transactions left by the fault points (action
-- error: the connections are closed, as if the data nodes were lost)
---------------------------------------------------------------------------
CALL distributed_exec('TRUNCATE t');
SELECT * FROM recovered;
-- The rollback's WARNINGs about prepared transactions left to recovery
-- race with the ERROR in psql's output: only the ERROR is shown.
SET client_min_messages = error;
-- Before PREPARE: nothing is prepared, nothing committed.
SET timescaledb_dist.debug_fault_point = 'before_prepare';
CALL distributed_exec('INSERT INTO t VALUES (40)');
RESET timescaledb_dist.debug_fault_point;
SELECT * FROM prepared;
SELECT * FROM logged;
-- After PREPARE on the first node only: it stays prepared (the connection is
-- gone), the other nodes roll back; recovery of that node rolls it back.
SET timescaledb_dist.debug_fault_point = 'after_first_prepare';
CALL distributed_exec('INSERT INTO t VALUES (41)');
RESET timescaledb_dist.debug_fault_point;
SELECT * FROM prepared;
SELECT _timescaledb_dist_functions.remote_txn_heal_data_node('dn1');
SELECT * FROM prepared;
-- After PREPARE on every node, before the local commit: rolled back.
SET timescaledb_dist.debug_fault_point = 'after_prepare';
CALL distributed_exec('INSERT INTO t VALUES (42)');
RESET timescaledb_dist.debug_fault_point;
SELECT * FROM prepared;
SELECT * FROM logged;
SELECT * FROM recover_distributed_transactions();
SELECT * FROM prepared;
SET client_min_messages = warning;
-- Local commit done, COMMIT PREPARED not delivered: committed by recovery,
-- node by node; the log rows go with them.
SET timescaledb_dist.debug_fault_point = 'after_local_commit';
CALL distributed_exec('INSERT INTO t VALUES (43)');
RESET timescaledb_dist.debug_fault_point;
SELECT * FROM prepared;
SELECT * FROM logged;
SELECT _timescaledb_dist_functions.remote_txn_heal_data_node('dn2');
SELECT * FROM logged;
SELECT * FROM recover_distributed_transactions();
SELECT * FROM prepared;
SELECT * FROM logged;
SELECT * FROM rows_per_node;
-- Nothing left to do.
SELECT * FROM recover_distributed_transactions();
-- Log rows whose prepared transaction is gone (e.g. finished by hand) and
-- rows of data nodes that no longer exist are deleted.
SET timescaledb_dist.debug_fault_point = 'after_local_commit';
CALL distributed_exec('INSERT INTO t VALUES (44)', '{dn1,dn2}');
RESET timescaledb_dist.debug_fault_point;
SELECT format('COMMIT PREPARED %L', gid) AS finish FROM pg_prepared_xacts
WHERE database = 'txn_dn1' \gset
\c txn_dn1
:finish;
\c txn_an
SET client_min_messages = warning;
INSERT INTO _timescaledb_dist_catalog.remote_txn VALUES ('gone', 'tsdist-x-1-1');
SELECT * FROM logged;
SELECT * FROM recover_distributed_transactions();
SELECT * FROM logged;
SELECT * FROM prepared;
SELECT * FROM rows_per_node;
-- Recovery refuses a transaction block; the fault points are superuser-only.
BEGIN;
SELECT * FROM recover_distributed_transactions();
ROLLBACK;
BEGIN;
SELECT _timescaledb_dist_functions.remote_txn_heal_data_node('dn1');
ROLLBACK;
SELECT _timescaledb_dist_functions.remote_txn_heal_data_node('nosuch');
CREATE ROLE txn_user;
SET ROLE txn_user;
SET timescaledb_dist.debug_fault_point = 'after_prepare';
SELECT * FROM recover_distributed_transactions();
RESET ROLE;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
SELECT delete_data_node('dn3', drop_database => true);
\c regression
DROP DATABASE txn_an;
DROP ROLE txn_user;
ALTER SYSTEM RESET timescaledb_dist.recovery_interval;
SELECT pg_reload_conf();
SELECT datname FROM pg_database WHERE datname LIKE 'txn%';
