-- The seed example ("Scaling out using Distributed Hypertables"), end to end.
-- psql variables: dn1, dn2, dn3 (data node ports). Host names are the local ones.
CREATE EXTENSION timescaledb_dist;

-- Working with data nodes.
SELECT add_data_node('node1', host => '127.0.0.1', port => :dn1);
SELECT add_data_node('node2', host => '127.0.0.1', port => :dn2);

-- Information schema for data nodes.
SELECT * FROM timescaledb_information.data_node;

-- Creating a distributed hypertable.
CREATE TABLE conditions (
  time        TIMESTAMPTZ       NOT NULL,
  location    TEXT              NOT NULL,
  temperature DOUBLE PRECISION  NULL,
  humidity    DOUBLE PRECISION  NULL
);

SELECT create_distributed_hypertable('conditions', 'time', 'location');

-- Inserting data: two days, every 10 minutes, six locations.
INSERT INTO conditions
SELECT t, loc, 10 + 2 * length(loc) + (extract(hour FROM t)::int % 12),
       40 + length(loc) + (extract(minute FROM t)::int % 30)
FROM generate_series('2026-11-01 00:00+00'::timestamptz, '2026-11-02 23:50+00', '10 minutes') t,
     unnest(ARRAY['office', 'garage', 'kitchen', 'attic', 'cellar', 'garden']) loc;

-- Querying: the access node asks every data node at once.
SELECT location, count(*), avg(temperature) AS avg_temp, max(humidity) AS max_hum
FROM conditions GROUP BY location ORDER BY location;
SELECT time_bucket('1 day', time) AS day, count(*), round(avg(temperature)::numeric, 2) AS avg_temp
FROM conditions WHERE location IN ('office', 'garage') GROUP BY day ORDER BY day;
-- Each node gets one query with the filter and a partial GROUP BY.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT location, avg(temperature) FROM conditions
WHERE time >= '2026-11-02' GROUP BY location;
SELECT hypertable_name, chunk_name, range_start, data_nodes
FROM timescaledb_information.chunks ORDER BY range_start, chunk_name;

-- Changing the number of data nodes: add node3 and attach it.
SELECT add_data_node('node3', host => '127.0.0.1', port => :dn3);
SELECT attach_data_node('node3', hypertable => 'conditions');

-- New chunks also go to node3.
INSERT INTO conditions
SELECT t, loc, 10, 50
FROM generate_series('2026-11-20 00:00+00'::timestamptz, '2026-11-20 23:50+00', '10 minutes') t,
     unnest(ARRAY['office', 'garage', 'kitchen', 'attic', 'cellar', 'garden']) loc;
SELECT chunk_name, range_start, data_nodes
FROM timescaledb_information.chunks WHERE range_start >= '2026-11-15' ORDER BY chunk_name;
SELECT count(*) FROM conditions;

-- Detaching or deleting a data node that holds data: refused.
\set ON_ERROR_STOP 0
SELECT detach_data_node('node1', hypertable => 'conditions');
SELECT delete_data_node('node1');
\set ON_ERROR_STOP 1

-- Deleting a data node without data works.
SELECT add_data_node('spare', host => '127.0.0.1', port => :dn3, database => 'demo_spare');
SELECT delete_data_node('spare', drop_database => true);
SELECT node_name FROM timescaledb_information.data_nodes ORDER BY node_name;
