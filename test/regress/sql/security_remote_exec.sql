-- distributed_exec refuses transaction control commands (they would end or
-- split the data nodes' transactions behind the access node's back, so a
-- local COMMIT would lose or half-commit the work), in both modes and however
-- they are hidden in the command string; and it puts the remote session's
-- pinned settings (role, search_path, DateStyle, ...) back after the user's
-- command. The access node is sec_rexec_an; data nodes are databases of the
-- same instance.
\set VERBOSITY default
CREATE DATABASE sec_rexec_an;
\c sec_rexec_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'sec_rexec_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'sec_rexec_dn2');
CALL distributed_exec('CREATE TABLE public.t (i int)');
CREATE TABLE local_t (i int);
CREATE VIEW state AS
SELECT (SELECT coalesce(string_agg(i::text, ',' ORDER BY i), '-') FROM local_t) AS local,
       _timescaledb_dist_functions.data_node_query('dn1',
           $$SELECT coalesce(string_agg(i::text, ',' ORDER BY i), '-') FROM public.t$$) AS dn1,
       _timescaledb_dist_functions.data_node_query('dn2',
           $$SELECT coalesce(string_agg(i::text, ',' ORDER BY i), '-') FROM public.t$$) AS dn2,
       (SELECT count(*) FROM pg_prepared_xacts WHERE database LIKE 'sec_rexec%') AS prepared;

---------------------------------------------------------------------------
-- The reported case: the remote ROLLBACK is refused, nothing is half-committed
---------------------------------------------------------------------------
BEGIN;
INSERT INTO local_t VALUES (1);
CALL distributed_exec('INSERT INTO public.t VALUES (1)');
CALL distributed_exec('ROLLBACK');
\echo :LAST_ERROR_SQLSTATE
COMMIT;
SELECT * FROM state;
-- Without the refused command everything commits.
BEGIN;
INSERT INTO local_t VALUES (2);
CALL distributed_exec('INSERT INTO public.t VALUES (2)');
COMMIT;
SELECT * FROM state;

---------------------------------------------------------------------------
-- Every transaction control command, alone or among others
---------------------------------------------------------------------------
\set VERBOSITY terse
CALL distributed_exec('COMMIT');
CALL distributed_exec('commit work');
CALL distributed_exec('END');
CALL distributed_exec('ABORT');
CALL distributed_exec('BEGIN');
CALL distributed_exec('START TRANSACTION ISOLATION LEVEL SERIALIZABLE');
CALL distributed_exec('SAVEPOINT x');
CALL distributed_exec('RELEASE SAVEPOINT x');
CALL distributed_exec('ROLLBACK TO SAVEPOINT x');
CALL distributed_exec('ROLLBACK TO x');
CALL distributed_exec($$PREPARE TRANSACTION 'x'$$);
CALL distributed_exec($$COMMIT PREPARED 'x'$$);
CALL distributed_exec($$ROLLBACK PREPARED 'x'$$);
CALL distributed_exec('INSERT INTO public.t VALUES (3); COMMIT; INSERT INTO public.t VALUES (4)');
CALL distributed_exec('SELECT 1; /* a comment */ ROLLBACK -- and another');
-- Autocommit mode too (BEGIN would leave the node's session in a transaction).
CALL distributed_exec('BEGIN; INSERT INTO public.t VALUES (5)', transactional => false);
CALL distributed_exec('INSERT INTO public.t VALUES (6); COMMIT', transactional => false);
-- Autocommit mode after this transaction already used the node (a
-- top-level DO block is no transaction block) would run inside that remote
-- transaction: refused.
DO $$ BEGIN
  CALL distributed_exec('SELECT 1', '{dn1}');
  CALL distributed_exec('INSERT INTO public.t VALUES (7)', '{dn1}', transactional => false);
END $$;
-- Parsed as the data nodes lex it (standard_conforming_strings pinned on
-- there): with it off here this is one SELECT of a string, there the quote
-- ends at the backslash and COMMIT follows.
SET standard_conforming_strings = off;
CALL distributed_exec($$SELECT 'a\'; COMMIT; SELECT 1 --'$$);
RESET standard_conforming_strings;
-- Inside string literals, dollar quotes and identifiers it is no command.
CALL distributed_exec($q$SELECT 'COMMIT', $x$ROLLBACK$x$, 1 AS "BEGIN"$q$);
-- A syntax error is now reported by the access node.
CALL distributed_exec('SELEC 1');
\set VERBOSITY default
SELECT * FROM state;

---------------------------------------------------------------------------
-- The remote session's settings are restored after the command
---------------------------------------------------------------------------
CREATE ROLE sec_rexec_alice;
CREATE VIEW session_dn1 AS
SELECT _timescaledb_dist_functions.data_node_query('dn1',
    $$SELECT current_setting('search_path') || ' | ' || current_setting('datestyle') || ' | '
          || current_setting('intervalstyle') || ' | ' || current_setting('extra_float_digits')
          || ' | ' || current_setting('timezone') || ' | '
          || current_setting('standard_conforming_strings') || ' | '
          || current_setting('work_mem') || ' | '
          || (current_user = session_user)::text$$) AS settings;
SELECT * FROM session_dn1;
CALL distributed_exec($$SET search_path = public; SET datestyle = 'SQL, DMY';
                        SET intervalstyle = sql_standard; SET extra_float_digits = 0;
                        SET timezone = 'Asia/Tokyo'; SET standard_conforming_strings = off;
                        SET work_mem = '8MB'; SET ROLE sec_rexec_alice$$, '{dn1}');
SELECT * FROM session_dn1;
CALL distributed_exec($$SET datestyle = 'SQL, DMY'; SET ROLE sec_rexec_alice$$, '{dn1}',
                      transactional => false);
SELECT * FROM session_dn1;
-- Also when the command fails.
CALL distributed_exec($$SET datestyle = 'SQL, DMY'; SELECT 1/0$$, '{dn1}', transactional => false);
SELECT * FROM session_dn1;

---------------------------------------------------------------------------
-- Cleanup
---------------------------------------------------------------------------
SELECT delete_data_node('dn1', drop_database => true);
SELECT delete_data_node('dn2', drop_database => true);
\c regression
DROP DATABASE sec_rexec_an;
DROP ROLE sec_rexec_alice;
SELECT datname FROM pg_database WHERE datname LIKE 'sec_rexec%';
