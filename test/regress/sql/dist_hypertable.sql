-- Distributed hypertables, definition side: create_distributed_hypertable,
-- create_hypertable(replication_factor =>), members on the data nodes,
-- attach / detach / delete_data_node, set_replication_factor, placement, the
-- views and DROP TABLE. The access node is dist_hypertable_an; data nodes
-- node1..node4 are databases dist_hypertable_dn1..4 of the same instance.
-- Members are checked by connecting to the data node databases with \c.
-- Chunks are catalog rows inserted by test_chunk() below, so the data-loss
-- checks of detach and delete control placement (dist_insert tests the write
-- path that creates real chunks).
\set VERBOSITY default
CREATE DATABASE dist_hypertable_an;
\c dist_hypertable_an
SET client_min_messages = notice;
CREATE EXTENSION timescaledb_dist;

CREATE TABLE conditions (
  time        TIMESTAMPTZ       NOT NULL,
  location    TEXT              NOT NULL,
  temperature DOUBLE PRECISION  NULL,
  humidity    DOUBLE PRECISION  NULL
);

---------------------------------------------------------------------------
-- No data nodes: an error, nothing is created
---------------------------------------------------------------------------
SELECT create_distributed_hypertable('conditions', 'time', 'location');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'conditions'::regclass;

SELECT node_name, database_created
FROM add_data_node('node1', host => '127.0.0.1', database => 'dist_hypertable_dn1');
SELECT node_name, database_created
FROM add_data_node('node2', host => '127.0.0.1', database => 'dist_hypertable_dn2');
SELECT node_name, database_created
FROM add_data_node('node3', host => '127.0.0.1', database => 'dist_hypertable_dn3');

---------------------------------------------------------------------------
-- Bad arguments: each an error, nothing created anywhere
---------------------------------------------------------------------------
SELECT create_distributed_hypertable('conditions', 'time', 'location', migrate_data => true);
SELECT create_distributed_hypertable('conditions', 'time', 'location', replication_factor => 0);
\echo :LAST_ERROR_SQLSTATE
SELECT create_distributed_hypertable('conditions', 'time', 'location', replication_factor => -1);
SELECT create_distributed_hypertable('conditions', 'time', 'location', replication_factor => 4);
\echo :LAST_ERROR_SQLSTATE
SELECT create_distributed_hypertable('conditions', 'time', data_nodes => '{}');
SELECT create_distributed_hypertable('conditions', 'time', data_nodes => '{{node1},{node2}}');
SELECT create_distributed_hypertable('conditions', 'time', data_nodes => '{node1,NULL}');
SELECT create_distributed_hypertable('conditions', 'time', data_nodes => '{node1,nope}');
\echo :LAST_ERROR_SQLSTATE
SELECT create_hypertable('conditions', 'time', replication_factor => 1, distributed => false);
-- -1 (a member hypertable) only on a data node.
SELECT create_hypertable('conditions', 'time', replication_factor => -1);
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable;
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable_data_node;

---------------------------------------------------------------------------
-- The seed's example: all data nodes, number_partitions = number of nodes
---------------------------------------------------------------------------
SELECT * FROM create_distributed_hypertable('conditions', 'time', 'location');
SELECT hypertable_name, num_dimensions, num_chunks, is_distributed, replication_factor,
       data_nodes
FROM timescaledb_information.hypertables;
SELECT dimension_number, column_name, dimension_type, time_interval, num_partitions
FROM timescaledb_information.dimensions WHERE hypertable_name = 'conditions';
SELECT h.table_name, h.replication_factor, hdn.node_name, hdn.node_hypertable_id,
       hdn.block_chunks
FROM _timescaledb_dist_catalog.hypertable_data_node hdn
JOIN _timescaledb_dist_catalog.hypertable h ON h.id = hdn.hypertable_id ORDER BY node_name;
-- Again: an error, or a NOTICE with if_not_exists.
SELECT * FROM create_distributed_hypertable('conditions', 'time', 'location');
SELECT * FROM create_distributed_hypertable('conditions', 'time', 'location',
                                            if_not_exists => true);

-- Rows never go into local chunks on the access node (dist_insert tests writing).
COPY conditions FROM '/dev/null';
SELECT count(*) FROM ONLY conditions;

---------------------------------------------------------------------------
-- create_hypertable(replication_factor =>): a richer table definition
---------------------------------------------------------------------------
CREATE TABLE metrics (
  time    timestamptz NOT NULL,
  device  integer NOT NULL DEFAULT 0,
  id      bigserial,
  label   text COLLATE "C" DEFAULT 'none',
  value   numeric(10,2) CHECK (value > 0),
  created timestamptz DEFAULT now(),
  PRIMARY KEY (time, device),
  CONSTRAINT label_length CHECK (length(label) < 100)
);
CREATE INDEX metrics_label_idx ON metrics (label, time DESC) WHERE label <> 'x';
SELECT * FROM create_hypertable('metrics', 'time', 'device', number_partitions => 2,
                                chunk_time_interval => interval '1 day',
                                replication_factor => 2);
SELECT hypertable_name, is_distributed, replication_factor, data_nodes
FROM timescaledb_information.hypertables ORDER BY 1;

-- Time only, integer time, a quoted name in another schema, two nodes.
CREATE SCHEMA app;
CREATE TABLE app."Readings" (ts bigint NOT NULL, "Value" int);
SELECT * FROM create_hypertable('app."Readings"', 'ts', chunk_time_interval => 100,
                                data_nodes => '{node3,node1}');
-- One node: a WARNING.
CREATE TABLE single (time timestamptz NOT NULL);
SELECT * FROM create_hypertable('single', 'time', distributed => true, data_nodes => '{node2}');
-- The default replication factor is a setting.
SET timescaledb_dist.hypertable_replication_factor_default = 2;
CREATE TABLE rf_default (time timestamptz NOT NULL);
SELECT table_name FROM create_distributed_hypertable('rf_default', 'time');
RESET timescaledb_dist.hypertable_replication_factor_default;
SELECT hypertable_schema, hypertable_name, replication_factor, data_nodes
FROM timescaledb_information.hypertables ORDER BY 1, 2;
DROP TABLE rf_default;
-- The user's tables on the access node stay plain and empty.
SELECT c.relname, c.relkind, (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)
FROM pg_class c WHERE c.relname IN ('conditions', 'metrics', 'Readings', 'single') ORDER BY 1;

---------------------------------------------------------------------------
-- The members on the data nodes
---------------------------------------------------------------------------
\c dist_hypertable_dn1
SELECT schema_name, table_name, associated_table_prefix, num_dimensions, replication_factor
FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
SELECT h.table_name, d.column_name, d.column_type, d.num_slices, d.interval_length
FROM _timescaledb_dist_catalog.dimension d
JOIN _timescaledb_dist_catalog.hypertable h ON h.id = d.hypertable_id ORDER BY d.id;
SELECT hypertable_schema, hypertable_name, is_distributed, replication_factor, data_nodes
FROM timescaledb_information.hypertables ORDER BY 1, 2;
\d conditions
\d metrics
\d app."Readings"
\c dist_hypertable_dn2
SELECT table_name, replication_factor FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
\c dist_hypertable_dn3
SELECT table_name, replication_factor FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
-- A member is a local hypertable: it works on its own on the data node.
INSERT INTO conditions VALUES ('2024-01-01 00:00+00', 'x', 1, 2);
SELECT count(*) FROM conditions;
SELECT count(*) FROM show_chunks('conditions');
TRUNCATE conditions;
SELECT drop_chunks('conditions', older_than => now() + interval '100 years') IS NOT NULL;

---------------------------------------------------------------------------
-- A member that cannot be created: the others are dropped again
---------------------------------------------------------------------------
\c dist_hypertable_dn2
CREATE TABLE clash (x int);
\c dist_hypertable_an
SET client_min_messages = notice;
CREATE TABLE clash (time timestamptz NOT NULL, v int);
SELECT * FROM create_distributed_hypertable('clash', 'time');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'clash';
\c dist_hypertable_dn1
SELECT to_regclass('public.clash');
\c dist_hypertable_dn3
SELECT to_regclass('public.clash');
\c dist_hypertable_dn2
SELECT count(*) FROM clash;
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'clash';
DROP TABLE clash;
-- A data node that cannot be reached: nothing is created anywhere.
\c dist_hypertable_an
SET client_min_messages = notice;
SELECT node_name FROM alter_data_node('node3', port => 1);
\set VERBOSITY terse
SELECT * FROM create_distributed_hypertable('clash', 'time');
\set VERBOSITY default
\echo :LAST_ERROR_SQLSTATE
SELECT node_name FROM alter_data_node('node3', port => current_setting('port')::int);
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'clash';
SELECT node_name, result
FROM _timescaledb_dist_functions.data_node_query_all(
    'SELECT pg_catalog.to_regclass(''public.clash'')::text') ORDER BY 1;
-- Now it works.
\c dist_hypertable_an
SET client_min_messages = notice;
SELECT * FROM create_distributed_hypertable('clash', 'time');
DROP TABLE clash;

---------------------------------------------------------------------------
-- Permissions: the data nodes a user has USAGE on; members are created as
-- that user
---------------------------------------------------------------------------
CREATE ROLE dist_hypertable_user LOGIN;
GRANT CREATE ON SCHEMA public TO dist_hypertable_user;
SET ROLE dist_hypertable_user;
CREATE TABLE owned (time timestamptz NOT NULL, v int);
SELECT * FROM create_distributed_hypertable('owned', 'time');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM create_distributed_hypertable('owned', 'time', data_nodes => '{node1}');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
GRANT USAGE ON FOREIGN SERVER node1 TO dist_hypertable_user;
\c dist_hypertable_dn1
GRANT CREATE ON SCHEMA public TO dist_hypertable_user;
\c dist_hypertable_an
SET client_min_messages = notice;
SET ROLE dist_hypertable_user;
SELECT * FROM create_distributed_hypertable('owned', 'time');
-- Only the owner attaches, detaches or changes the replication factor.
RESET ROLE;
CREATE TABLE not_owned (time timestamptz NOT NULL);
SELECT table_name FROM create_distributed_hypertable('not_owned', 'time',
                                                     data_nodes => '{node1,node2}');
SET ROLE dist_hypertable_user;
SELECT * FROM attach_data_node('node1', 'not_owned');
\echo :LAST_ERROR_SQLSTATE
SELECT detach_data_node('node1', 'not_owned');
SELECT set_replication_factor('not_owned', 1);
SELECT detach_data_node('node1');
\echo :LAST_ERROR_SQLSTATE
-- The owner drops the table: the member goes, dropped as that user.
DROP TABLE owned;
RESET ROLE;
DROP TABLE not_owned;
\c dist_hypertable_dn1
SELECT to_regclass('public.owned'), to_regclass('public.not_owned');
\c dist_hypertable_an
SET client_min_messages = notice;
-- drop_members leaves a hypertable whose table exists alone.
SELECT _timescaledb_dist_functions.drop_members(id)
FROM _timescaledb_dist_catalog.hypertable WHERE table_name = 'conditions';
SELECT hypertable_name, data_nodes FROM timescaledb_information.hypertables
WHERE hypertable_name = 'conditions';
SELECT _timescaledb_dist_functions.data_node_query('node1',
    'SELECT pg_catalog.to_regclass(''public.conditions'')::text');

---------------------------------------------------------------------------
-- Placement of new chunks: round-robin from the space slice (time slice
-- without a space dimension) over the attached nodes
---------------------------------------------------------------------------
-- conditions: 3 space partitions of 715827882 hashes, replication factor 1.
SELECT p, _timescaledb_dist_functions.chunk_placement('conditions', ARRAY[0, p * 715827882])
FROM generate_series(0, 3) p;
-- Other time slices of one space partition: the same node.
SELECT _timescaledb_dist_functions.chunk_placement('conditions', ARRAY[t, 715827882])
FROM unnest(ARRAY[-604800000000, 0, 604800000000]) t;
-- metrics: 2 partitions, replication factor 2.
SELECT _timescaledb_dist_functions.chunk_placement('metrics', ARRAY[0, 0]),
       _timescaledb_dist_functions.chunk_placement('metrics', ARRAY[0, 1073741823]);
-- Time only: the time slice rotates over node1, node3.
SELECT t, _timescaledb_dist_functions.chunk_placement('app."Readings"', ARRAY[t])
FROM generate_series(-100, 200, 100) t;
SELECT _timescaledb_dist_functions.chunk_placement('conditions', ARRAY[0]);
-- Blocked and unavailable nodes get no new chunks.
UPDATE _timescaledb_dist_catalog.hypertable_data_node SET block_chunks = true
WHERE node_name = 'node1';
SELECT _timescaledb_dist_functions.chunk_placement('metrics', ARRAY[0, 0]);
SELECT node_name FROM alter_data_node('node3', available => false);
SELECT _timescaledb_dist_functions.chunk_placement('metrics', ARRAY[0, 0]);
SELECT node_name FROM alter_data_node('node3', available => true);
UPDATE _timescaledb_dist_catalog.hypertable_data_node SET block_chunks = false
WHERE node_name = 'node1';

---------------------------------------------------------------------------
-- attach_data_node
---------------------------------------------------------------------------
SELECT node_name, database_created
FROM add_data_node('node4', host => '127.0.0.1', database => 'dist_hypertable_dn4');
SELECT * FROM attach_data_node('node4', hypertable => 'conditions');
SELECT num_partitions FROM timescaledb_information.dimensions
WHERE hypertable_name = 'conditions' AND dimension_type = 'Space';
SELECT * FROM attach_data_node('node4', hypertable => 'conditions');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM attach_data_node('node4', hypertable => 'conditions', if_not_attached => true);
-- Enough partitions already, or repartition => false: no change.
SELECT * FROM attach_data_node('node4', 'metrics', repartition => false);
SELECT num_partitions FROM timescaledb_information.dimensions
WHERE hypertable_name = 'metrics' AND dimension_type = 'Space';
SELECT hypertable_name, data_nodes FROM timescaledb_information.hypertables ORDER BY 1;
-- Errors.
CREATE TABLE local_ht (time timestamptz NOT NULL);
SELECT table_name FROM create_hypertable('local_ht', 'time');
SELECT * FROM attach_data_node('node4', 'local_ht');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM attach_data_node('nope', 'conditions');
SELECT * FROM attach_data_node(NULL, 'conditions');
SELECT * FROM attach_data_node('node4', NULL);
SELECT * FROM attach_data_node('node4', 'pg_class');
\c dist_hypertable_dn4
SELECT table_name, replication_factor FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
\d conditions

---------------------------------------------------------------------------
-- detach_data_node
---------------------------------------------------------------------------
\c dist_hypertable_an
SET client_min_messages = notice;
-- A chunk of `ht` with time slice [start, start + 1 day) and replicas on `nodes`.
CREATE FUNCTION test_chunk(ht regclass, start bigint, nodes name[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h integer;
    c integer;
    s integer;
    n name;
BEGIN
    SELECT id INTO h FROM _timescaledb_dist_catalog.hypertable
    WHERE format('%I.%I', schema_name, table_name)::regclass = ht;
    INSERT INTO _timescaledb_dist_catalog.chunk (hypertable_id, schema_name, table_name)
    VALUES (h, '_timescaledb_dist_internal', format('_dist_hyper_%s_%s_chunk', h, start))
    RETURNING id INTO c;
    INSERT INTO _timescaledb_dist_catalog.dimension_slice (dimension_id, range_start, range_end)
    SELECT min(id), start, start + 86400000000 FROM _timescaledb_dist_catalog.dimension
    WHERE hypertable_id = h RETURNING id INTO s;
    INSERT INTO _timescaledb_dist_catalog.chunk_constraint VALUES (c, s, 'constraint_' || s);
    FOREACH n IN ARRAY nodes LOOP
        INSERT INTO _timescaledb_dist_catalog.chunk_data_node VALUES (c, c, n);
    END LOOP;
END
$$;
SELECT test_chunk('conditions', 0, '{node1}');
SELECT test_chunk('metrics', 0, '{node1,node2}');
SELECT test_chunk('metrics', 86400000000, '{node2,node3}');
SELECT hypertable_name, chunk_name, range_start, data_nodes
FROM timescaledb_information.chunks ORDER BY 1, 2;
SELECT * FROM timescaledb_experimental.chunk_replication_status ORDER BY 1, 2, 4;

-- The seed's error: node1 holds the only replica of a chunk of conditions.
SELECT detach_data_node('node1', hypertable => 'conditions');
\echo :LAST_ERROR_SQLSTATE
SELECT detach_data_node('node1', hypertable => 'conditions', force => true);
SELECT delete_data_node('node1');
SELECT delete_data_node('node1', force => true);
-- Replicated data: an error without force.
SELECT detach_data_node('node1', hypertable => 'metrics');
\echo :LAST_ERROR_SQLSTATE
-- With force: a WARNING, the replica is forgotten.
SELECT detach_data_node('node1', hypertable => 'metrics', force => true);
SELECT * FROM timescaledb_experimental.chunk_replication_status ORDER BY 1, 2, 4;
SELECT hypertable_name, data_nodes FROM timescaledb_information.hypertables ORDER BY 1;
-- Not attached.
SELECT detach_data_node('node1', hypertable => 'metrics');
\echo :LAST_ERROR_SQLSTATE
SELECT detach_data_node('node1', hypertable => 'metrics', if_attached => true);
-- Fewer available nodes than the replication factor: an error, a WARNING
-- with force (single: replication factor 1 on node2 only; pair: replication
-- factor 2 on node3 and node4, node4 unavailable).
SELECT detach_data_node('node2', hypertable => 'single');
\echo :LAST_ERROR_SQLSTATE
SELECT node_name FROM alter_data_node('node4', available => false);
CREATE TABLE pair (time timestamptz NOT NULL);
SELECT table_name FROM create_distributed_hypertable('pair', 'time', replication_factor => 2,
                                                     data_nodes => '{node3,node4}');
SELECT detach_data_node('node3', hypertable => 'pair');
SELECT detach_data_node('node3', hypertable => 'pair', force => true);
SELECT node_name FROM alter_data_node('node4', available => true);
DROP TABLE pair;
-- Other errors.
SELECT detach_data_node('node1', hypertable => 'local_ht');
SELECT detach_data_node('nope', hypertable => 'conditions');
SELECT detach_data_node(NULL);
-- Repartition: 4 partitions for conditions; detaching node4 lowers them to 3.
SELECT num_partitions FROM timescaledb_information.dimensions
WHERE hypertable_name = 'conditions' AND dimension_type = 'Space';
-- NULL hypertable: every hypertable node4 is attached to (conditions, metrics),
-- and drop_remote_data drops the members there.
SELECT detach_data_node('node4', drop_remote_data => true);
SELECT hypertable_name, num_partitions FROM timescaledb_information.dimensions
WHERE dimension_type = 'Space' ORDER BY 1;
\c dist_hypertable_dn4
SELECT table_name FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
SELECT to_regclass('public.conditions'), to_regclass('public.metrics');
\c dist_hypertable_an
SET client_min_messages = notice;
-- Detach without drop_remote_data keeps the member.
SELECT detach_data_node('node3', 'app."Readings"');
\c dist_hypertable_dn3
SELECT table_name FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
\c dist_hypertable_an
SET client_min_messages = notice;

---------------------------------------------------------------------------
-- set_replication_factor
---------------------------------------------------------------------------
SELECT set_replication_factor('metrics', 1);
SELECT set_replication_factor('metrics', 2);
SELECT set_replication_factor('metrics', 3);
\echo :LAST_ERROR_SQLSTATE
SELECT set_replication_factor('metrics', 0);
SELECT set_replication_factor('metrics', NULL);
SELECT set_replication_factor('local_ht', 1);
SELECT set_replication_factor('pg_class', 1);
SELECT hypertable_name, replication_factor FROM timescaledb_information.hypertables ORDER BY 1;

---------------------------------------------------------------------------
-- delete_data_node detaches the node from every hypertable first
---------------------------------------------------------------------------
-- node3 holds a replicated chunk of metrics.
SELECT delete_data_node('node3');
\echo :LAST_ERROR_SQLSTATE
SELECT delete_data_node('node3', force => true);
SELECT hypertable_name, data_nodes FROM timescaledb_information.hypertables ORDER BY 1;
SELECT * FROM timescaledb_experimental.chunk_replication_status ORDER BY 1, 2, 4;
-- node4 holds no data: it goes without force.
SELECT delete_data_node('node4');
SELECT node_name FROM timescaledb_information.data_nodes ORDER BY 1;

---------------------------------------------------------------------------
-- DROP TABLE drops the members on the data nodes and the catalog rows
---------------------------------------------------------------------------
DROP TABLE conditions;
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable_data_node hdn
WHERE NOT EXISTS (SELECT FROM _timescaledb_dist_catalog.hypertable h
                  WHERE h.id = hdn.hypertable_id);
SELECT hypertable_name, data_nodes FROM timescaledb_information.hypertables ORDER BY 1;
\c dist_hypertable_dn1
SELECT table_name FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
SELECT to_regclass('public.conditions');
\c dist_hypertable_dn2
SELECT table_name FROM _timescaledb_dist_catalog.hypertable ORDER BY id;
-- Dropping a member on a data node touches nothing else.
DROP TABLE single;
SELECT table_name FROM _timescaledb_dist_catalog.hypertable ORDER BY id;

\c regression
DROP DATABASE dist_hypertable_an;
DROP DATABASE dist_hypertable_dn1;
DROP DATABASE dist_hypertable_dn2;
DROP DATABASE dist_hypertable_dn3;
DROP DATABASE dist_hypertable_dn4;
DROP ROLE dist_hypertable_user;
SELECT datname FROM pg_database WHERE datname LIKE 'dist_hypertable%';
