-- Replication state of every chunk of a distributed hypertable.
CREATE VIEW timescaledb_experimental.chunk_replication_status AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       ch.schema_name AS chunk_schema,
       ch.table_name AS chunk_name,
       h.replication_factor AS desired_num_replicas,
       (SELECT pg_catalog.count(*) FROM _timescaledb_dist_catalog.chunk_data_node cdn
        WHERE cdn.chunk_id = ch.id) AS num_replicas,
       (SELECT pg_catalog.array_agg(cdn.node_name ORDER BY cdn.node_name)
        FROM _timescaledb_dist_catalog.chunk_data_node cdn
        WHERE cdn.chunk_id = ch.id) AS replica_nodes,
       (SELECT pg_catalog.array_agg(hdn.node_name ORDER BY hdn.node_name)
        FROM _timescaledb_dist_catalog.hypertable_data_node hdn
        WHERE hdn.hypertable_id = h.id
          AND NOT EXISTS (SELECT FROM _timescaledb_dist_catalog.chunk_data_node cdn
                          WHERE cdn.chunk_id = ch.id AND cdn.node_name = hdn.node_name))
           AS non_replica_nodes
FROM _timescaledb_dist_catalog.chunk ch
JOIN _timescaledb_dist_catalog.hypertable h ON h.id = ch.hypertable_id
WHERE h.replication_factor > 0;

GRANT SELECT ON timescaledb_experimental.chunk_replication_status TO PUBLIC;
