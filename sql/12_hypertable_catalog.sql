-- Catalog of hypertables, dimensions, slices and chunks (every node keeps one).
-- Only the extension writes these tables; pg_dump keeps their rows.

-- replication_factor: 0 = local hypertable; > 0 = distributed (access node);
-- -1 = member hypertable on a data node.
CREATE TABLE _timescaledb_dist_catalog.hypertable (
    id serial PRIMARY KEY,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    associated_schema_name name NOT NULL,
    associated_table_prefix name NOT NULL,
    num_dimensions smallint NOT NULL CHECK (num_dimensions > 0),
    replication_factor smallint NOT NULL DEFAULT 0,
    UNIQUE (schema_name, table_name),
    UNIQUE (associated_schema_name, associated_table_prefix)
);

-- A time dimension has interval_length (µs for time types); a space
-- dimension has num_slices and a partitioning function.
CREATE TABLE _timescaledb_dist_catalog.dimension (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.hypertable (id) ON DELETE CASCADE,
    column_name name NOT NULL,
    column_type regtype NOT NULL,
    aligned boolean NOT NULL,
    num_slices smallint,
    partitioning_func_schema name,
    partitioning_func name,
    interval_length bigint CHECK (interval_length > 0),
    UNIQUE (hypertable_id, column_name),
    CHECK ((num_slices IS NULL) <> (interval_length IS NULL))
);

-- Ranges in internal values: Unix µs (time types), the integer (integer
-- time), the partition hash (space). Open ends are the int64 limits.
CREATE TABLE _timescaledb_dist_catalog.dimension_slice (
    id serial PRIMARY KEY,
    dimension_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.dimension (id) ON DELETE CASCADE,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    CHECK (range_start < range_end),
    UNIQUE (dimension_id, range_start, range_end)
);
-- The chunk lookup (catalog/chunk_lookup.cpp) walks a dimension's slices
-- from a point upwards by range_end: few index entries for recent points,
-- whatever the number of chunks.
CREATE INDEX dimension_slice_range_end_idx
    ON _timescaledb_dist_catalog.dimension_slice (dimension_id, range_end);

CREATE TABLE _timescaledb_dist_catalog.chunk (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.hypertable (id) ON DELETE CASCADE,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    creation_time timestamptz NOT NULL DEFAULT now(),
    UNIQUE (schema_name, table_name)
);
CREATE INDEX chunk_hypertable_id_idx ON _timescaledb_dist_catalog.chunk (hypertable_id);

-- One row per dimension of a chunk: its slice and the CHECK constraint for it.
CREATE TABLE _timescaledb_dist_catalog.chunk_constraint (
    chunk_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.chunk (id) ON DELETE CASCADE,
    dimension_slice_id integer NOT NULL
        REFERENCES _timescaledb_dist_catalog.dimension_slice (id),
    constraint_name name NOT NULL,
    PRIMARY KEY (chunk_id, dimension_slice_id)
);
CREATE INDEX chunk_constraint_slice_idx
    ON _timescaledb_dist_catalog.chunk_constraint (dimension_slice_id);

SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.hypertable', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.hypertable_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.dimension', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.dimension_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.dimension_slice', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.dimension_slice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.chunk', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.chunk_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('_timescaledb_dist_catalog.chunk_constraint', '');

GRANT SELECT ON ALL TABLES IN SCHEMA _timescaledb_dist_catalog TO PUBLIC;
