-- Metadata of this database's place in a distributed database, one row per key.
--   dist_uuid   the id of the distributed database (the access node's uuid;
--               a data node stores the uuid of the access node it belongs to)
--   dist_role   'access_node' or 'data_node'
-- Only the extension writes it (add_data_node / delete_data_node).
CREATE TABLE _timescaledb_dist_catalog.metadata (
    key text PRIMARY KEY,
    value text NOT NULL
);
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.metadata', '');
REVOKE ALL ON _timescaledb_dist_catalog.metadata FROM PUBLIC;
GRANT SELECT ON _timescaledb_dist_catalog.metadata TO PUBLIC;
