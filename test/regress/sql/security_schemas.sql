-- Chunk tables are created as the catalog owner, so only in a schema where
-- the caller may create tables (42501 otherwise; the extension's own chunk
-- schema excepted), and never under a name a table already has (42P07): a
-- user cannot place tables in another user's schema, nor make a table of its
-- own become someone else's chunk.
\set VERBOSITY default
CREATE DATABASE security_schemas_db;
\c security_schemas_db
CREATE EXTENSION timescaledb_dist;
CREATE ROLE security_schemas_victim LOGIN;
CREATE ROLE security_schemas_attacker LOGIN;
CREATE SCHEMA victim AUTHORIZATION security_schemas_victim;
GRANT USAGE ON SCHEMA victim TO security_schemas_attacker;
GRANT CREATE ON SCHEMA public TO security_schemas_victim, security_schemas_attacker;

-- A name squatted in a schema others may write: the victim's chunk is refused.
SET ROLE security_schemas_attacker;
CREATE TABLE public.vt_1_chunk (time bigint, v int);
RESET ROLE;
SET ROLE security_schemas_victim;
CREATE TABLE vt (time bigint NOT NULL, v int);
SELECT table_name FROM create_hypertable('vt', 'time', chunk_time_interval => 10,
                                         associated_schema_name => 'public',
                                         associated_table_prefix => 'vt');
INSERT INTO vt VALUES (1, 1);
\echo :LAST_ERROR_SQLSTATE
GRANT SELECT, INSERT ON vt TO security_schemas_attacker;
RESET ROLE;

SET ROLE security_schemas_attacker;
SELECT count(*) FROM public.vt_1_chunk;
CREATE TABLE mine (time bigint NOT NULL, v int);
-- Into the victim's schema: refused, nothing created.
SELECT * FROM create_hypertable('mine', 'time', chunk_time_interval => 10,
                                associated_schema_name => 'victim');
\echo :LAST_ERROR_SQLSTATE
-- A schema that does not exist is created as the caller (who may not here).
SELECT * FROM create_hypertable('mine', 'time', chunk_time_interval => 10,
                                associated_schema_name => 'new_schema');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable;
SELECT to_regnamespace('new_schema');
-- Its own schema and the extension's are fine.
SELECT table_name FROM create_hypertable('mine', 'time', chunk_time_interval => 10,
                                         associated_schema_name => 'public');
-- create_chunk (what an access node runs on a data node): not into the
-- victim's schema; for the victim's hypertable (INSERT granted) only chunks
-- named in the hypertable's own form.
SELECT * FROM _timescaledb_dist_functions.create_chunk('mine', '{0}', '{10}', 'victim', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM _timescaledb_dist_functions.create_chunk('mine', '{0}', '{10}', 'nope', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM _timescaledb_dist_functions.create_chunk('vt', '{20}', '{30}', 'public', 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM _timescaledb_dist_functions.create_chunk('mine', '{0}', '{10}', 'public', 'vt');
\echo :LAST_ERROR_SQLSTATE
SELECT to_regclass('victim.x'), to_regclass('public.x');
SELECT schema_name, table_name, created
FROM _timescaledb_dist_functions.create_chunk('mine', '{0}', '{10}', 'public', 'mine_chunk');
-- In the extension's schema, shared by all, only names of its own form: not
-- the name another hypertable's next chunk will have.
SELECT * FROM _timescaledb_dist_functions.create_chunk('mine', '{10}', '{20}',
                                                       '_timescaledb_dist_internal',
                                                       '_hyper_1_9_chunk');
\echo :LAST_ERROR_SQLSTATE
SELECT schema_name, table_name, created
FROM _timescaledb_dist_functions.create_chunk('mine', '{10}', '{20}',
                                              '_timescaledb_dist_internal', '_hyper_2_9_chunk');
INSERT INTO mine VALUES (5, 5), (15, 15);
SELECT tableoid::regclass, * FROM mine ORDER BY time;
DROP TABLE mine;
RESET ROLE;

\c regression
DROP DATABASE security_schemas_db;
DROP ROLE security_schemas_victim;
DROP ROLE security_schemas_attacker;
