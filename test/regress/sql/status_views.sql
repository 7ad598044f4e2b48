-- timescaledb_experimental.data_node_status and operation_progress. The
-- access node is status_an; data nodes node1, node2 are databases
-- status_dn1, status_dn2 of the same instance.
\set VERBOSITY default
CREATE DATABASE status_an;
\c status_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT current_setting('port')::int AS port \gset
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'status_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'status_dn2');
RESET client_min_messages;

-- The columns of the views.
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'timescaledb_experimental.data_node_status'::regclass AND attnum > 0
ORDER BY attnum;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'timescaledb_experimental.operation_progress'::regclass AND attnum > 0
ORDER BY attnum;

-- No chunks yet: both nodes reachable, nothing held, nothing in doubt.
SELECT node_name, host, port = :port AS same_port, database, available, reachable,
       latency_ms >= 0 AS has_latency, error, in_doubt_transactions, logged_transactions,
       chunks, bytes
FROM timescaledb_experimental.data_node_status ORDER BY node_name;

CREATE TABLE metrics (time timestamptz NOT NULL, device int, value float8);
SELECT table_name FROM create_distributed_hypertable('metrics', 'time', replication_factor => 1,
                                                     chunk_time_interval => interval '1 day');
INSERT INTO metrics
SELECT '2024-01-01 00:00+00'::timestamptz + i * interval '1 hour', i % 4, i
FROM generate_series(0, 24 * 5 - 1) i;

-- Chunk counts are the catalog's; bytes > 0 where chunks are; the probe
-- used new connections, the session's cached ones are counted.
SELECT s.node_name, s.reachable, s.chunks,
       s.chunks = (SELECT count(*) FROM _timescaledb_dist_catalog.chunk_data_node c
                   WHERE c.node_name = s.node_name) AS chunks_match_catalog,
       (s.bytes > 0) = (s.chunks > 0) AS bytes_where_chunks, s.connections,
       s.in_doubt_transactions
FROM timescaledb_experimental.data_node_status s ORDER BY node_name;
SELECT sum(chunks) AS total_chunks FROM timescaledb_experimental.data_node_status;

-- A node on a port where nothing listens: a row saying so, quickly, no ERROR.
SELECT node_name FROM alter_data_node('node2', port => 1);
SELECT clock_timestamp() AS t0 \gset
SELECT node_name, reachable, latency_ms IS NOT NULL AS has_latency, error LIKE '%port 1 failed%' AS says_why,
       in_doubt_transactions, chunks > 0 AS has_chunks, bytes > 0 AS has_bytes
FROM timescaledb_experimental.data_node_status ORDER BY node_name;
SELECT clock_timestamp() - :'t0'::timestamptz < interval '5 seconds' AS quick;
SELECT node_name FROM alter_data_node('node2', port => :port);
SELECT node_name, reachable FROM timescaledb_experimental.data_node_status ORDER BY node_name;

-- Permissions: a user with USAGE on node1 only sees node2 unprobed (NULL
-- probe columns); the probe of node1 runs as that user.
CREATE ROLE status_user LOGIN;
GRANT USAGE ON FOREIGN SERVER node1 TO status_user;
SET ROLE status_user;
SELECT node_name, reachable, error, in_doubt_transactions, chunks > 0 AS has_chunks,
       bytes > 0 AS has_bytes
FROM timescaledb_experimental.data_node_status ORDER BY node_name;
SELECT count(*) FROM _timescaledb_dist_functions.data_node_status();
RESET ROLE;

-- drop_chunks reports progress while it runs; done, it leaves no row, and a
-- short operation sends no NOTICE.
SELECT count(*) FROM timescaledb_experimental.operation_progress;
SELECT count(*) FROM drop_chunks('metrics', older_than => '2024-01-03 00:00+00'::timestamptz);
SELECT count(*) FROM timescaledb_experimental.operation_progress;
-- An operation that fails (node2 down) leaves no row either.
SELECT node_name FROM alter_data_node('node2', port => 1);
SELECT count(*) FROM drop_chunks('metrics', older_than => '2024-01-06 00:00+00'::timestamptz);
SELECT node_name FROM alter_data_node('node2', port => :port);
SELECT count(*) FROM timescaledb_experimental.operation_progress;
-- Both functions are PUBLIC: they check the caller themselves.
SELECT has_function_privilege('public', '_timescaledb_dist_functions.operation_progress()', 'EXECUTE'),
       has_function_privilege('public', '_timescaledb_dist_functions.data_node_status()', 'EXECUTE');

\c regression
DROP DATABASE status_an WITH (FORCE);
DROP DATABASE status_dn1 WITH (FORCE);
DROP DATABASE status_dn2 WITH (FORCE);
DROP ROLE status_user;
