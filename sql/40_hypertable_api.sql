-- Hypertables: create_hypertable, set_chunk_time_interval and what they rely on.

-- The stable space-partitioning hash (MurmurHash3 x86_32 of the value's binary
-- send format, & 0x7fffffff). Part of the on-disk contract: never changes.
CREATE FUNCTION _timescaledb_dist_functions.get_partition_hash(val anyelement)
    RETURNS integer AS 'MODULE_PATHNAME', 'tsdist_get_partition_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Row trigger on every hypertable: rows are routed to chunks before they
-- could reach the table itself, so this only fires when routing was bypassed.
-- Trigger functions are not granted: the extension creates the triggers as
-- the catalog owner, and PostgreSQL checks EXECUTE only at CREATE TRIGGER.
CREATE FUNCTION _timescaledb_dist_functions.insert_blocker() RETURNS trigger
    AS 'MODULE_PATHNAME', 'tsdist_insert_blocker' LANGUAGE C;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.insert_blocker() FROM PUBLIC;

-- Row trigger on every chunk (BEFORE UPDATE OF the partitioning columns):
-- refuses an UPDATE that would move a row to another chunk, with the reason.
CREATE FUNCTION _timescaledb_dist_functions.chunk_update_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'tsdist_chunk_update_guard' LANGUAGE C;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.chunk_update_guard() FROM PUBLIC;

-- TimescaleDB 2.13's signature. replication_factor, data_nodes and
-- distributed make a distributed hypertable (see 45_dist_hypertable_api.sql);
-- chunk_target_size / chunk_sizing_func / time_partitioning_func
-- (adaptive chunking) are accepted only as NULL.
CREATE FUNCTION create_hypertable(
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
    data_nodes name[] = NULL,
    distributed boolean = NULL)
    RETURNS TABLE(hypertable_id integer, schema_name name, table_name name, created boolean)
    AS 'MODULE_PATHNAME', 'tsdist_create_hypertable' LANGUAGE C VOLATILE;

CREATE FUNCTION set_chunk_time_interval(
    hypertable regclass,
    chunk_time_interval anyelement,
    dimension_name name = NULL)
    RETURNS void AS 'MODULE_PATHNAME', 'tsdist_set_chunk_time_interval' LANGUAGE C VOLATILE;

-- The number of space partitions of new chunks; existing chunks keep theirs.
CREATE FUNCTION set_number_partitions(
    hypertable regclass,
    number_partitions integer,
    dimension_name name = NULL)
    RETURNS void AS 'MODULE_PATHNAME', 'tsdist_set_number_partitions' LANGUAGE C VOLATILE;

-- Keeps the catalog in step with dropped hypertables and chunk tables, however
-- they were dropped (DROP TABLE, drop_chunks, DROP SCHEMA ... CASCADE).
CREATE FUNCTION _timescaledb_dist_functions.on_sql_drop() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    dropped record;
    removed integer := 0;
    n integer;
BEGIN
    FOR dropped IN
        SELECT schema_name, object_name FROM pg_event_trigger_dropped_objects()
        WHERE object_type = 'table'
    LOOP
        DELETE FROM _timescaledb_dist_catalog.chunk
        WHERE schema_name = dropped.schema_name AND table_name = dropped.object_name;
        GET DIAGNOSTICS n = ROW_COUNT;
        removed := removed + n;
        DELETE FROM _timescaledb_dist_catalog.hypertable
        WHERE schema_name = dropped.schema_name AND table_name = dropped.object_name;
        GET DIAGNOSTICS n = ROW_COUNT;
        removed := removed + n;
    END LOOP;
    IF removed > 0 THEN
        DELETE FROM _timescaledb_dist_catalog.dimension_slice s
        WHERE NOT EXISTS (SELECT FROM _timescaledb_dist_catalog.chunk_constraint cc
                          WHERE cc.dimension_slice_id = s.id);
    END IF;
END
$$;
REVOKE ALL ON FUNCTION _timescaledb_dist_functions.on_sql_drop() FROM PUBLIC;
CREATE EVENT TRIGGER timescaledb_dist_sql_drop ON sql_drop
    EXECUTE FUNCTION _timescaledb_dist_functions.on_sql_drop();
