-- Data node management (TimescaleDB 2.13 signatures).
CREATE FUNCTION add_data_node(
    node_name name,
    host text,
    database name = NULL,
    port integer = NULL,
    if_not_exists boolean = false,
    bootstrap boolean = true,
    password text = NULL
) RETURNS TABLE(node_name name, host text, port integer, database name,
                node_created bool, database_created bool, extension_created bool)
    AS 'MODULE_PATHNAME', 'tsdist_add_data_node' LANGUAGE C VOLATILE;

CREATE FUNCTION delete_data_node(
    node_name name,
    if_exists boolean = false,
    force boolean = false,
    repartition boolean = true,
    drop_database boolean = false
) RETURNS boolean
    AS 'MODULE_PATHNAME', 'tsdist_delete_data_node' LANGUAGE C VOLATILE;

CREATE FUNCTION alter_data_node(
    node_name name,
    host text = NULL,
    database name = NULL,
    port integer = NULL,
    available boolean = NULL
) RETURNS TABLE(node_name name, host text, port integer, database name, available boolean)
    AS 'MODULE_PATHNAME', 'tsdist_alter_data_node' LANGUAGE C VOLATILE;

-- Number of open cached connections to a data node in this session (tests).
CREATE FUNCTION _timescaledb_dist_functions.data_node_connection_count(node_name name)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'tsdist_data_node_connection_count' LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.data_node_connection_count(name) FROM PUBLIC;

-- Runs a command on a data node over the cached connection (tests: remote
-- errors, session settings); returns the first column of the first row.
CREATE FUNCTION _timescaledb_dist_functions.data_node_query(node_name name, command text)
    RETURNS text
    AS 'MODULE_PATHNAME', 'tsdist_data_node_query' LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.data_node_query(name, text) FROM PUBLIC;

-- Sends a command to every data node first, then collects all results
-- (tests: the fan-out runs the nodes in parallel).
CREATE FUNCTION _timescaledb_dist_functions.data_node_query_all(command text)
    RETURNS TABLE(node_name name, result text)
    AS 'MODULE_PATHNAME', 'tsdist_data_node_query_all' LANGUAGE C STRICT VOLATILE;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.data_node_query_all(text) FROM PUBLIC;
