-- Distributed hypertables (TimescaleDB 2.13 signatures). create_hypertable
-- with replication_factor / data_nodes / distributed => true makes one too.
CREATE FUNCTION create_distributed_hypertable(
    relation regclass,
    time_column_name name,
    partitioning_column name = NULL,
    number_partitions integer = NULL,
    associated_schema_name name = NULL,
    associated_table_prefix name = NULL,
    chunk_time_interval anyelement = NULL::bigint,
    create_default_indexes boolean = true,
    if_not_exists boolean = false,
    partitioning_func regproc = NULL,
    migrate_data boolean = false,
    chunk_target_size text = NULL,
    chunk_sizing_func regproc = NULL,
    time_partitioning_func regproc = NULL,
    replication_factor integer = NULL,
    data_nodes name[] = NULL)
    RETURNS TABLE(hypertable_id integer, schema_name name, table_name name, created boolean)
    AS 'MODULE_PATHNAME', 'tsdist_create_hypertable' LANGUAGE C VOLATILE;

CREATE FUNCTION attach_data_node(
    node_name name,
    hypertable regclass,
    if_not_attached boolean = false,
    repartition boolean = true)
    RETURNS TABLE(hypertable_id integer, node_hypertable_id integer, node_name name)
    AS 'MODULE_PATHNAME', 'tsdist_attach_data_node' LANGUAGE C VOLATILE;

CREATE FUNCTION detach_data_node(
    node_name name,
    hypertable regclass = NULL,
    if_attached boolean = false,
    force boolean = false,
    repartition boolean = true,
    drop_remote_data boolean = false)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'tsdist_detach_data_node' LANGUAGE C VOLATILE;

CREATE FUNCTION set_replication_factor(hypertable regclass, replication_factor integer)
    RETURNS void
    AS 'MODULE_PATHNAME', 'tsdist_set_replication_factor' LANGUAGE C VOLATILE;

-- The data nodes a new chunk whose slices start at range_starts (internal
-- values, one per dimension in dimension order) goes to.
CREATE FUNCTION _timescaledb_dist_functions.chunk_placement(
    hypertable regclass, range_starts bigint[])
    RETURNS name[]
    AS 'MODULE_PATHNAME', 'tsdist_chunk_placement' LANGUAGE C STABLE STRICT;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.chunk_placement(regclass, bigint[]) FROM PUBLIC;

-- Drops the members of a dropped distributed hypertable on its data nodes,
-- as the current user (a hypertable whose table still exists is left alone).
CREATE FUNCTION _timescaledb_dist_functions.drop_members(hypertable_id integer)
    RETURNS void
    AS 'MODULE_PATHNAME', 'tsdist_drop_members' LANGUAGE C VOLATILE STRICT;

-- After DROP TABLE of a distributed chunk's placeholder on the access node:
-- drops the chunk on its data nodes, as the current user (nothing while the
-- placeholder exists or when its hypertable is gone).
CREATE FUNCTION _timescaledb_dist_functions.drop_remote_chunk(chunk_id integer)
    RETURNS void
    AS 'MODULE_PATHNAME', 'tsdist_drop_remote_chunk' LANGUAGE C VOLATILE STRICT;

-- DROP TABLE of a distributed hypertable drops its members on the data
-- nodes, as the user who dropped it. Event triggers fire in name order: this
-- one runs before timescaledb_dist_sql_drop deletes the catalog rows it reads.
CREATE FUNCTION _timescaledb_dist_functions.on_sql_drop_members() RETURNS event_trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    ht_id integer;
    chunk_id integer;
BEGIN
    FOR ht_id IN
        SELECT h.id FROM pg_event_trigger_dropped_objects() d
        JOIN _timescaledb_dist_catalog.hypertable h
            ON h.schema_name = d.schema_name AND h.table_name = d.object_name
        WHERE d.object_type = 'table' AND h.replication_factor > 0
    LOOP
        PERFORM _timescaledb_dist_functions.drop_members(ht_id);
    END LOOP;
    FOR chunk_id IN
        SELECT c.id FROM pg_event_trigger_dropped_objects() d
        JOIN _timescaledb_dist_catalog.chunk c
            ON c.schema_name = d.schema_name AND c.table_name = d.object_name
        JOIN _timescaledb_dist_catalog.hypertable h ON h.id = c.hypertable_id
        WHERE d.object_type = 'table' AND h.replication_factor > 0
    LOOP
        PERFORM _timescaledb_dist_functions.drop_remote_chunk(chunk_id);
    END LOOP;
END
$$;
-- Event triggers fire without an EXECUTE check.
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.on_sql_drop_members() FROM PUBLIC;
CREATE EVENT TRIGGER timescaledb_dist_drop_members ON sql_drop
    EXECUTE FUNCTION _timescaledb_dist_functions.on_sql_drop_members();
