-- Time column types (timestamptz, timestamp, date, smallint, integer,
-- bigint), the stable partition hash, and custom partitioning functions.
CREATE DATABASE hypertable_types_db;
\c hypertable_types_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

-- Golden values: the hash never changes (MurmurHash3 x86_32 of the binary
-- send format, & 0x7fffffff).
SELECT _timescaledb_dist_functions.get_partition_hash(1::int4) AS int4_1,
       _timescaledb_dist_functions.get_partition_hash(1::int8) AS int8_1,
       _timescaledb_dist_functions.get_partition_hash('hello'::text) AS text_hello,
       _timescaledb_dist_functions.get_partition_hash('hello'::varchar) AS varchar_hello,
       _timescaledb_dist_functions.get_partition_hash('The quick brown fox jumps over the lazy dog'::text) AS fox,
       _timescaledb_dist_functions.get_partition_hash('2020-01-01 00:00+00'::timestamptz) AS ts,
       _timescaledb_dist_functions.get_partition_hash('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid) AS uuid,
       _timescaledb_dist_functions.get_partition_hash(NULL::int) AS null_hash;
-- client_encoding does not change the hash of text
SET client_encoding = 'LATIN1';
SELECT _timescaledb_dist_functions.get_partition_hash('h' || chr(233) || 'llo') AS latin1_client;
RESET client_encoding;
SELECT _timescaledb_dist_functions.get_partition_hash('h' || chr(233) || 'llo') AS utf8_client;

-- integer time needs an integer interval
CREATE TABLE ints (t int, v int);
SELECT create_hypertable('ints', 't');
SELECT create_hypertable('ints', 't', chunk_time_interval => interval '1 day');
SELECT * FROM create_hypertable('ints', 't', chunk_time_interval => 10);
INSERT INTO ints SELECT i, i FROM generate_series(-25, 25, 5) i;
INSERT INTO ints VALUES (2147483647, 0), (-2147483648, 0);
SELECT c.chunk_name, range_start_integer, range_end_integer, range_start
FROM timescaledb_information.chunks c ORDER BY range_start_integer;
SELECT pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid IN (SELECT show_chunks('ints')) AND contype = 'c' ORDER BY 1;
SELECT tableoid::regclass, t FROM ints WHERE t IN (-25, -1, -5, 0, 5) ORDER BY t;
SELECT integer_interval, time_interval FROM timescaledb_information.dimensions;

CREATE TABLE smalls (t smallint NOT NULL);
SELECT create_hypertable('smalls', 't', chunk_time_interval => 20000);
INSERT INTO smalls VALUES (32767), (-32768), (0);
SELECT pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid IN (SELECT show_chunks('smalls')) AND contype = 'c' ORDER BY 1;
CREATE TABLE bigs (t bigint NOT NULL);
SELECT create_hypertable('bigs', 't', chunk_time_interval => 1000000000000);
INSERT INTO bigs VALUES (9223372036854775807), (-9223372036854775808), (0);
SELECT pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid IN (SELECT show_chunks('bigs')) AND contype = 'c' ORDER BY 1;

-- date and timestamp columns; intervals as integers (µs) or intervals
CREATE TABLE days (d date NOT NULL, v int);
SELECT create_hypertable('days', 'd', chunk_time_interval => interval '2 days');
INSERT INTO days VALUES ('2020-01-01', 1), ('2020-01-02', 2), ('2020-01-03', 3), ('1969-12-31', 4);
SELECT tableoid::regclass, d FROM days ORDER BY d;
SELECT pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid IN (SELECT show_chunks('days')) AND contype = 'c' ORDER BY 1;
CREATE TABLE stamps (ts timestamp NOT NULL);
SELECT create_hypertable('stamps', 'ts', chunk_time_interval => 3600000000);
INSERT INTO stamps VALUES ('2020-01-01 10:30'), ('2020-01-01 11:30'), ('infinity'), ('-infinity');
SELECT chunk_name, range_start, range_end FROM timescaledb_information.chunks
WHERE hypertable_name = 'stamps' ORDER BY range_start;

-- a custom partitioning function
CREATE FUNCTION my_part(val anyelement) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN length(val::text) > 5 THEN 2000000000 ELSE 1 END $$;
CREATE TABLE custom (time timestamptz NOT NULL, name text);
SELECT create_hypertable('custom', 'time', 'name', 3, partitioning_func => 'my_part');
INSERT INTO custom VALUES ('2020-01-01', 'a'), ('2020-01-01', 'bbbbbbbbbb');
SELECT tableoid::regclass, name FROM custom ORDER BY name;
CREATE FUNCTION not_immutable(val anyelement) RETURNS integer
    LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TABLE custom2 (time timestamptz NOT NULL, name text);
SELECT create_hypertable('custom2', 'time', 'name', 3, partitioning_func => 'not_immutable');

\c regression
DROP DATABASE hypertable_types_db;
