-- Recovery of in-doubt two-phase commits on one data node: commits the
-- prepared transactions whose local transaction committed, rolls back those
-- whose local transaction aborted. Returns how many it resolved.
CREATE FUNCTION _timescaledb_dist_functions.remote_txn_heal_data_node(node_name name)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'tsdist_remote_txn_heal_data_node' LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.remote_txn_heal_data_node(name) FROM PUBLIC;

-- The same for every data node; one row per node (NULL counts: the node could
-- not be reached, see the WARNING).
CREATE FUNCTION recover_distributed_transactions()
    RETURNS TABLE(node_name name, committed integer, rolled_back integer,
                  in_progress integer, failed integer)
    AS 'MODULE_PATHNAME', 'tsdist_recover_distributed_transactions' LANGUAGE C VOLATILE;
REVOKE ALL ON FUNCTION recover_distributed_transactions() FROM PUBLIC;

-- A restore point of the same name on the access node and on every data
-- node, created while two-phase commits are blocked (TimescaleDB 2.13
-- signature). Superusers only.
CREATE FUNCTION create_distributed_restore_point(name text)
    RETURNS TABLE(node_name name, node_type text, restore_point pg_lsn)
    AS 'MODULE_PATHNAME', 'tsdist_create_distributed_restore_point' LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION create_distributed_restore_point(text) FROM PUBLIC;
