-- timescaledb_information views over hypertables, dimensions and chunks,
-- with TimescaleDB 2.13's columns. Distributed-only columns are NULL/false
-- for local hypertables (replication_factor 0).
--
-- A view's functions and operators are chosen when CREATE EXTENSION runs,
-- with the extension's schema in the path: those without an exact match in
-- pg_catalog (polymorphic aggregates, regtype comparisons) are qualified, so
-- none a user planted in that schema is picked.

-- Internal µs (Unix epoch) → timestamptz; the int64 limits are infinities.
CREATE FUNCTION _timescaledb_dist_functions.to_timestamptz(usec bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
SELECT CASE usec
    WHEN -9223372036854775808 THEN '-infinity'::timestamptz
    WHEN 9223372036854775807 THEN 'infinity'::timestamptz
    ELSE CASE WHEN usec < -210866803200000000 THEN '-infinity'::timestamptz ELSE 'epoch'::timestamptz + usec * interval '1 microsecond' END END
$$;

-- Internal µs → interval in days and time, as TimescaleDB shows intervals.
CREATE FUNCTION _timescaledb_dist_functions.to_interval(usec bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
SELECT make_interval(days => (usec / 86400000000)::int)
    + (usec % 86400000000) * interval '1 microsecond'
$$;

CREATE VIEW timescaledb_information.hypertables AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner,
       h.num_dimensions,
       (SELECT pg_catalog.count(*) FROM _timescaledb_dist_catalog.chunk ch
        WHERE ch.hypertable_id = h.id) AS num_chunks,
       false AS compression_enabled,
       h.replication_factor > 0 AS is_distributed,
       CASE WHEN h.replication_factor > 0 THEN h.replication_factor END AS replication_factor,
       (SELECT pg_catalog.array_agg(hdn.node_name ORDER BY hdn.node_name)
        FROM _timescaledb_dist_catalog.hypertable_data_node hdn
        WHERE hdn.hypertable_id = h.id) AS data_nodes,
       NULL::name[] AS tablespaces
FROM _timescaledb_dist_catalog.hypertable h
JOIN pg_catalog.pg_class c ON c.relname = h.table_name
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = h.schema_name;

CREATE VIEW timescaledb_information.dimensions AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       pg_catalog.row_number() OVER (PARTITION BY h.id ORDER BY d.id) AS dimension_number,
       d.column_name,
       d.column_type,
       CASE WHEN d.interval_length IS NULL THEN 'Space' ELSE 'Time' END AS dimension_type,
       CASE WHEN d.interval_length IS NOT NULL
                 AND NOT d.column_type OPERATOR(pg_catalog.=)
                     ANY ('{smallint,integer,bigint}'::pg_catalog.regtype[])
            THEN _timescaledb_dist_functions.to_interval(d.interval_length) END AS time_interval,
       CASE WHEN d.column_type OPERATOR(pg_catalog.=)
                 ANY ('{smallint,integer,bigint}'::pg_catalog.regtype[])
            THEN d.interval_length END AS integer_interval,
       NULL::regproc AS integer_now_func,
       d.num_slices AS num_partitions
FROM _timescaledb_dist_catalog.hypertable h
JOIN _timescaledb_dist_catalog.dimension d ON d.hypertable_id = h.id;

CREATE VIEW timescaledb_information.chunks AS
SELECT h.schema_name AS hypertable_schema,
       h.table_name AS hypertable_name,
       ch.schema_name AS chunk_schema,
       ch.table_name AS chunk_name,
       d.column_name AS primary_dimension,
       d.column_type AS primary_dimension_type,
       CASE WHEN NOT is_int THEN _timescaledb_dist_functions.to_timestamptz(s.range_start)
            END AS range_start,
       CASE WHEN NOT is_int THEN _timescaledb_dist_functions.to_timestamptz(s.range_end)
            END AS range_end,
       CASE WHEN is_int THEN s.range_start END AS range_start_integer,
       CASE WHEN is_int THEN s.range_end END AS range_end_integer,
       false AS is_compressed,
       (SELECT spcname FROM pg_catalog.pg_tablespace t
        JOIN pg_catalog.pg_class c ON c.reltablespace = t.oid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = ch.table_name AND n.nspname = ch.schema_name) AS chunk_tablespace,
       (SELECT pg_catalog.array_agg(cdn.node_name ORDER BY cdn.node_name)
        FROM _timescaledb_dist_catalog.chunk_data_node cdn
        WHERE cdn.chunk_id = ch.id) AS data_nodes,
       ch.creation_time AS chunk_creation_time
FROM _timescaledb_dist_catalog.chunk ch
JOIN _timescaledb_dist_catalog.hypertable h ON h.id = ch.hypertable_id
JOIN LATERAL (SELECT dd.*, dd.column_type OPERATOR(pg_catalog.=)
                  ANY ('{smallint,integer,bigint}'::pg_catalog.regtype[]) AS is_int
              FROM _timescaledb_dist_catalog.dimension dd
              WHERE dd.hypertable_id = h.id AND dd.interval_length IS NOT NULL
              ORDER BY dd.id LIMIT 1) d ON true
JOIN _timescaledb_dist_catalog.chunk_constraint cc ON cc.chunk_id = ch.id
JOIN _timescaledb_dist_catalog.dimension_slice s
    ON s.id = cc.dimension_slice_id AND s.dimension_id = d.id;

GRANT SELECT ON timescaledb_information.hypertables, timescaledb_information.dimensions,
    timescaledb_information.chunks TO PUBLIC;
