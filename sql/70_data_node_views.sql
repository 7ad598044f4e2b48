-- Data nodes known to this database: never user mappings, so no passwords.
CREATE VIEW timescaledb_information.data_nodes AS
SELECT s.srvname AS node_name,
       s.srvowner::pg_catalog.regrole::pg_catalog.name AS owner,
       s.srvoptions AS options
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE w.fdwname = 'timescaledb_dist_fdw';

-- The same under the name the 2.0 documentation uses.
CREATE VIEW timescaledb_information.data_node AS
SELECT node_name, owner, options FROM timescaledb_information.data_nodes;

GRANT SELECT ON timescaledb_information.data_nodes, timescaledb_information.data_node
    TO PUBLIC;
