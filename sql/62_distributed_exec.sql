-- distributed_exec (TimescaleDB 2.13 signature): runs a command on every data
-- node (node_list NULL) or the listed ones, in parallel. transactional: in the
-- distributed transaction (two-phase commit with several nodes); false:
-- autocommit on each node, refused inside a transaction block.
CREATE PROCEDURE distributed_exec(
    query text,
    node_list name[] = NULL,
    transactional boolean = true
) AS 'MODULE_PATHNAME', 'tsdist_distributed_exec' LANGUAGE C;
