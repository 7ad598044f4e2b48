-- Catalog of distributed hypertables (access node): which data nodes a
-- hypertable uses and where each chunk lives. Only the extension writes them.

-- node_hypertable_id: the member hypertable's id in the data node's catalog.
-- block_chunks: no new chunks go to the node (it stays attached).
CREATE TABLE _timescaledb_dist_catalog.hypertable_data_node (
    hypertable_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.hypertable (id) ON DELETE CASCADE,
    node_name name NOT NULL,
    node_hypertable_id integer,
    block_chunks boolean NOT NULL DEFAULT false,
    PRIMARY KEY (hypertable_id, node_name)
);
CREATE INDEX hypertable_data_node_node_name_idx
    ON _timescaledb_dist_catalog.hypertable_data_node (node_name);

-- One row per replica of a chunk; node_chunk_id is the chunk's id on the node.
CREATE TABLE _timescaledb_dist_catalog.chunk_data_node (
    chunk_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.chunk (id) ON DELETE CASCADE,
    node_chunk_id integer,
    node_name name NOT NULL,
    PRIMARY KEY (chunk_id, node_name)
);
CREATE INDEX chunk_data_node_node_name_idx
    ON _timescaledb_dist_catalog.chunk_data_node (node_name);

SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.hypertable_data_node', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.chunk_data_node', '');
GRANT SELECT ON _timescaledb_dist_catalog.hypertable_data_node,
    _timescaledb_dist_catalog.chunk_data_node TO PUBLIC;
