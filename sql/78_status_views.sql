-- Watching the cluster: the state of every data node, and the progress of
-- long operations (as PostgreSQL's pg_stat_progress_* views show theirs).

-- Probes every data node as the current user (nodes without USAGE for the
-- user are not probed: NULL probe columns). Checks USAGE itself.
CREATE FUNCTION _timescaledb_dist_functions.data_node_status()
    RETURNS TABLE (node_name name, host text, port integer, database text, available boolean,
                   connections integer, reachable boolean, latency_ms float8, error text,
                   in_doubt_transactions bigint, bytes bigint)
    AS 'MODULE_PATHNAME', 'tsdist_data_node_status' LANGUAGE C VOLATILE;

-- The running operations of roles the current user has the privileges of
-- (all with pg_read_all_stats).
CREATE FUNCTION _timescaledb_dist_functions.operation_progress()
    RETURNS TABLE (pid integer, datid oid, userid oid, command text, relid oid, phase text,
                   total bigint, done bigint, started timestamptz)
    AS 'MODULE_PATHNAME', 'tsdist_operation_progress' LANGUAGE C VOLATILE;

-- One row per data node of this database:
--   connections            open cached connections of this backend (session) to the node
--   reachable, latency_ms, error
--                          a new connection as the current user and the round trip of an
--                          empty query; NULL without USAGE on the node's server
--   in_doubt_transactions  prepared transactions of this access node still on the node
--   logged_transactions    rows of this access node's two-phase commit log for the node
--                          (a committed transaction's, until recovery removes them)
--   chunks                 chunk replicas the catalog places on the node
--   bytes                  total size of the chunk tables on the node
CREATE VIEW timescaledb_experimental.data_node_status AS
SELECT s.node_name, s.host, s.port, s.database, s.available, s.reachable, s.latency_ms,
       s.error, s.connections, s.in_doubt_transactions,
       (SELECT pg_catalog.count(*) FROM _timescaledb_dist_catalog.remote_txn t
        WHERE t.data_node_name OPERATOR(pg_catalog.=) s.node_name) AS logged_transactions,
       (SELECT pg_catalog.count(*) FROM _timescaledb_dist_catalog.chunk_data_node cdn
        WHERE cdn.node_name OPERATOR(pg_catalog.=) s.node_name) AS chunks,
       s.bytes
FROM _timescaledb_dist_functions.data_node_status() s;

-- Long operations running now (drop_chunks), one row per backend.
CREATE VIEW timescaledb_experimental.operation_progress AS
SELECT p.pid, p.datid, d.datname, pg_catalog.pg_get_userbyid(p.userid) AS usename,
       p.command,
       CASE WHEN p.datid OPERATOR(pg_catalog.=) d2.oid THEN p.relid::pg_catalog.regclass END
           AS relation,
       p.phase, p.total, p.done,
       CASE WHEN p.total OPERATOR(pg_catalog.>) 0
            THEN pg_catalog.round(100.0 OPERATOR(pg_catalog.*) p.done
                                  OPERATOR(pg_catalog./) p.total, 1) END AS percent_done,
       p.started
FROM _timescaledb_dist_functions.operation_progress() p
LEFT JOIN pg_catalog.pg_database d ON d.oid OPERATOR(pg_catalog.=) p.datid
LEFT JOIN pg_catalog.pg_database d2
       ON d2.datname OPERATOR(pg_catalog.=) pg_catalog.current_database();

GRANT SELECT ON timescaledb_experimental.data_node_status,
    timescaledb_experimental.operation_progress TO PUBLIC;
