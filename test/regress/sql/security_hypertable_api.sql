-- Issue 9 item 11 (hypertable API): every function taking a regclass refuses
-- NULL, 0 and an OID that names no relation with a clear error (never
-- 'table "(null)"'); temporary tables cannot become hypertables; an
-- associated_table_prefix that leaves no room for the chunk suffix is refused
-- (chunk names would be cut and collide).
\set VERBOSITY default
CREATE DATABASE security_hypertable_api;
\c security_hypertable_api
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'security_hypertable_api_dn1');
RESET client_min_messages;

-- NULL, 0 and a missing OID for every regclass argument.
SELECT create_hypertable(NULL, 'time');
SELECT create_hypertable(0, 'time');
SELECT create_hypertable(4000000000, 'time');
SELECT create_distributed_hypertable(NULL, 'time');
SELECT create_distributed_hypertable(0, 'time');
SELECT set_chunk_time_interval(NULL, 10);
SELECT set_chunk_time_interval(0, 10);
SELECT set_chunk_time_interval(4000000000, 10);
SELECT show_chunks(NULL);
SELECT show_chunks(0);
SELECT show_chunks(4000000000);
SELECT drop_chunks(NULL, older_than => 10);
SELECT drop_chunks(0, older_than => 10);
SELECT drop_chunks(4000000000, older_than => 10);
SELECT attach_data_node('dn1', NULL);
SELECT attach_data_node('dn1', 0);
SELECT attach_data_node('dn1', 4000000000);
-- NULL means every hypertable; 0 is not a way to say it.
SELECT detach_data_node('dn1', 0);
SELECT detach_data_node('dn1', 4000000000);
SELECT set_replication_factor(NULL, 1);
SELECT set_replication_factor(0, 1);
SELECT set_replication_factor(4000000000, 1);
SELECT _timescaledb_dist_functions.chunk_placement(0, '{1}');
SELECT _timescaledb_dist_functions.chunk_placement(4000000000, '{1}');
SELECT _timescaledb_dist_functions.create_chunk(NULL, '{1}', '{2}');
SELECT _timescaledb_dist_functions.create_chunk(0, '{1}', '{2}');
SELECT _timescaledb_dist_functions.create_chunk(4000000000, '{1}', '{2}');
-- An existing relation that is not a hypertable is named.
CREATE TABLE plain (time timestamptz NOT NULL, v int);
SELECT show_chunks('plain');
SELECT set_replication_factor('plain', 1);
SELECT attach_data_node('dn1', 'plain');
SELECT _timescaledb_dist_functions.chunk_placement('plain', '{1}');

-- Temporary tables: refused, and nothing is left in the catalog.
CREATE TEMP TABLE temp_metrics (time timestamptz NOT NULL, v int);
SELECT create_hypertable('temp_metrics', 'time');
SELECT create_distributed_hypertable('temp_metrics', 'time');
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'temp_metrics';
\c security_hypertable_api
-- A later session's temporary table of the same name is an ordinary table.
CREATE TEMP TABLE temp_metrics (time timestamptz NOT NULL, v int);
INSERT INTO temp_metrics VALUES ('2024-01-01', 1);
SELECT count(*) FROM temp_metrics;
-- Unlogged tables stay allowed.
CREATE UNLOGGED TABLE unlogged_metrics (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_hypertable('unlogged_metrics', 'time');

-- associated_table_prefix: chunk names are <prefix>_<id>_chunk, at most 63 bytes.
CREATE TABLE long_prefix (time timestamptz NOT NULL, v int);
SELECT create_hypertable('long_prefix', 'time', associated_table_prefix => repeat('p', 47));
-- A name argument is cut at 63 bytes: a longer prefix is refused too.
SELECT create_hypertable('long_prefix', 'time', associated_table_prefix => repeat('q', 80));
SELECT create_distributed_hypertable('long_prefix', 'time', associated_table_prefix => repeat('d', 50));
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'long_prefix';
-- The longest prefix allowed gives every chunk its own name.
SELECT table_name FROM create_hypertable('long_prefix', 'time',
    associated_table_prefix => repeat('p', 46), chunk_time_interval => interval '1 day');
INSERT INTO long_prefix SELECT timestamptz '2024-01-01' + n * interval '1 day', n FROM generate_series(1, 3) n;
SELECT count(*) AS chunks, count(DISTINCT c) AS distinct_names, max(length(c::text)) AS longest
FROM show_chunks('long_prefix') c;
SELECT count(*) FROM long_prefix;

\c regression
DROP DATABASE security_hypertable_api;
DROP DATABASE security_hypertable_api_dn1;
