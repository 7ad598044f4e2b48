-- A non-superuser owns hypertables: creates them, inserts (chunks get the
-- same owner), drops chunks; other roles need the usual privileges.
CREATE DATABASE hypertable_permissions_db;
\c hypertable_permissions_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default
CREATE ROLE hypertable_permissions_owner LOGIN;
CREATE ROLE hypertable_permissions_other LOGIN;
GRANT CREATE ON SCHEMA public TO hypertable_permissions_owner;

SET ROLE hypertable_permissions_owner;
CREATE TABLE owned (time timestamptz NOT NULL, v int);
SELECT create_hypertable('owned', 'time');
INSERT INTO owned VALUES ('2020-01-01', 1), ('2020-02-01', 2);
COPY owned FROM STDIN;
2020-03-01 00:00:00+00	3
\.
SELECT count(*) FROM owned;
SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class
WHERE oid IN (SELECT show_chunks('owned'));
-- the catalog is readable, not writable
SELECT count(*) FROM _timescaledb_dist_catalog.chunk;
DELETE FROM _timescaledb_dist_catalog.chunk;
SELECT drop_chunks('owned', older_than => '2020-01-15'::timestamptz);
RESET ROLE;

SET ROLE hypertable_permissions_other;
SELECT create_hypertable('owned', 'time', if_not_exists => true);
INSERT INTO owned VALUES ('2020-04-01', 4);
COPY owned FROM STDIN;
2020-04-01 00:00:00+00	4
\.
SELECT drop_chunks('owned', older_than => '2021-01-01'::timestamptz);
SELECT set_chunk_time_interval('owned', interval '1 day');
RESET ROLE;
GRANT INSERT, SELECT ON owned TO hypertable_permissions_other;
SET ROLE hypertable_permissions_other;
INSERT INTO owned VALUES ('2020-04-01', 4);
SELECT count(*) FROM owned;
RESET ROLE;
SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class
WHERE oid IN (SELECT show_chunks('owned'));

DROP TABLE owned;
\c regression
DROP DATABASE hypertable_permissions_db;
DROP ROLE hypertable_permissions_owner;
DROP ROLE hypertable_permissions_other;
