-- The log of two-phase commits: one row per (data node, GID) that a local
-- transaction prepared, inserted in that same local transaction. A row exists
-- exactly when the local transaction committed, which is what recovery uses
-- to finish (COMMIT PREPARED) or undo (ROLLBACK PREPARED) in-doubt
-- transactions on the data nodes. Recovery deletes rows whose prepared
-- transaction is gone. Only the extension writes it.
CREATE TABLE _timescaledb_dist_catalog.remote_txn (
    data_node_name name NOT NULL,
    remote_transaction_id text PRIMARY KEY
        CHECK (pg_catalog.length(remote_transaction_id) < 200)
);
CREATE INDEX remote_txn_data_node_name_idx
    ON _timescaledb_dist_catalog.remote_txn (data_node_name);
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.remote_txn', '');
REVOKE ALL ON _timescaledb_dist_catalog.remote_txn FROM PUBLIC;
GRANT SELECT ON _timescaledb_dist_catalog.remote_txn TO PUBLIC;
