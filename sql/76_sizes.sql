-- Sizes and row counts of hypertables (TimescaleDB 2.13 signatures). Anyone
-- may call them, as pg_total_relation_size. A distributed hypertable's
-- figures come from its data nodes: data_node_relation_rows runs one of the
-- *_local_* functions below on every node at once, as the current user.

-- The size of one relation, split as 2.13 shows it (table + index + toast = total).
CREATE FUNCTION _timescaledb_dist_functions.relation_local_size(relation regclass)
    RETURNS TABLE(table_bytes bigint, index_bytes bigint, toast_bytes bigint, total_bytes bigint)
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT pg_total_relation_size(c.oid) - pg_indexes_size(c.oid) - t.toast, pg_indexes_size(c.oid),
       t.toast, pg_total_relation_size(c.oid)
FROM pg_class c,
     LATERAL (SELECT coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0::oid)), 0) AS toast) t
WHERE c.oid = relation
$$;

-- The chunk tables of a hypertable on this node: its inheritance children
-- (a distributed hypertable's access node has none).
CREATE FUNCTION _timescaledb_dist_functions.chunk_relations(hypertable regclass)
    RETURNS TABLE(relid oid, chunk_schema name, chunk_name name)
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT c.oid, n.nspname, c.relname
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.inhparent = hypertable
$$;

-- The hypertable's replication_factor (0 local, > 0 distributed, -1 member
-- on a data node); NULL for a relation that is not a hypertable.
CREATE FUNCTION _timescaledb_dist_functions.hypertable_replication(relation regclass)
    RETURNS smallint LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT h.replication_factor
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN _timescaledb_dist_catalog.hypertable h ON h.schema_name = n.nspname AND h.table_name = c.relname
WHERE c.oid = relation
$$;

-- This node's part: the hypertable's table and its chunks, summed.
CREATE FUNCTION _timescaledb_dist_functions.hypertable_local_size(hypertable regclass)
    RETURNS TABLE(table_bytes bigint, index_bytes bigint, toast_bytes bigint, total_bytes bigint)
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT sum(s.table_bytes)::bigint, sum(s.index_bytes)::bigint, sum(s.toast_bytes)::bigint,
       sum(s.total_bytes)::bigint
FROM (SELECT hypertable::oid AS relid
      UNION ALL SELECT relid FROM _timescaledb_dist_functions.chunk_relations(hypertable)) r,
     LATERAL _timescaledb_dist_functions.relation_local_size(r.relid::regclass) s
$$;

-- This node's chunks of the hypertable, one row each.
CREATE FUNCTION _timescaledb_dist_functions.chunks_local_size(hypertable regclass)
    RETURNS TABLE(chunk_schema name, chunk_name name, table_bytes bigint, index_bytes bigint,
                  toast_bytes bigint, total_bytes bigint)
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT r.chunk_schema, r.chunk_name, s.table_bytes, s.index_bytes, s.toast_bytes, s.total_bytes
FROM _timescaledb_dist_functions.chunk_relations(hypertable) r,
     LATERAL _timescaledb_dist_functions.relation_local_size(r.relid::regclass) s
$$;

-- This node's size of an index of a hypertable and of its chunk copies
-- (which go with it on DROP INDEX: an automatic dependency on it, directly
-- or through the chunk constraint they back); NULL when it is no index.
CREATE FUNCTION _timescaledb_dist_functions.index_local_size(index_name regclass)
    RETURNS bigint LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT CASE WHEN c.relkind = 'i' THEN
    (pg_total_relation_size(c.oid) +
     (SELECT coalesce(sum(pg_total_relation_size(copy)), 0)
      FROM (SELECT d.objid::regclass AS copy FROM pg_depend d
            WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = c.oid AND d.deptype = 'a'
            UNION ALL
            SELECT con.conindid::regclass FROM pg_depend d JOIN pg_constraint con ON con.oid = d.objid
            WHERE d.classid = 'pg_constraint'::regclass AND d.refclassid = 'pg_class'::regclass
              AND d.refobjid = c.oid AND d.deptype = 'a') copies))::bigint
    END
FROM pg_class c WHERE c.oid = index_name
$$;

-- This node's estimated rows of the relation and of each chunk, from
-- pg_class.reltuples (kept by VACUUM and ANALYZE; 0 for a table never
-- vacuumed or analyzed).
CREATE FUNCTION _timescaledb_dist_functions.chunks_local_row_count(relation regclass)
    RETURNS TABLE(chunk_schema name, chunk_name name, row_count bigint)
    LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT n.nspname, c.relname, greatest(c.reltuples, 0)::bigint
FROM (SELECT relation::oid AS relid
      UNION ALL SELECT relid FROM _timescaledb_dist_functions.chunk_relations(relation)) r
JOIN pg_class c ON c.oid = r.relid JOIN pg_namespace n ON n.oid = c.relnamespace
$$;

-- Internal: the rows of local_function(relation) (one of the functions
-- above) on every data node of the distributed hypertable of `relation` (a
-- hypertable or one of its indexes), as the current user, all nodes at once;
-- no rows for any other relation.
CREATE FUNCTION _timescaledb_dist_functions.data_node_relation_rows(relation regclass,
                                                                    local_function text)
    RETURNS TABLE(node_name name, fields text[])
    AS 'MODULE_PATHNAME', 'tsdist_data_node_relation_rows' LANGUAGE C VOLATILE STRICT;

-- A row for this node (node_name NULL) and, for a distributed hypertable,
-- one per data node. No rows when `hypertable` is not a hypertable.
CREATE FUNCTION hypertable_detailed_size(hypertable regclass)
    RETURNS TABLE(table_bytes bigint, index_bytes bigint, toast_bytes bigint, total_bytes bigint,
                  node_name name)
    LANGUAGE sql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT * FROM (
    SELECT s.table_bytes, s.index_bytes, s.toast_bytes, s.total_bytes, NULL::name AS node_name
    FROM _timescaledb_dist_functions.hypertable_local_size(hypertable) s
    WHERE _timescaledb_dist_functions.hypertable_replication(hypertable) IS NOT NULL
    UNION ALL
    SELECT r.fields[1]::bigint, r.fields[2]::bigint, r.fields[3]::bigint, r.fields[4]::bigint,
           r.node_name
    FROM _timescaledb_dist_functions.data_node_relation_rows(hypertable, 'hypertable_local_size') r
) s ORDER BY node_name NULLS FIRST
$$;

-- The sum of hypertable_detailed_size's total_bytes; NULL when `hypertable`
-- is not a hypertable.
CREATE FUNCTION hypertable_size(hypertable regclass) RETURNS bigint
    LANGUAGE sql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT sum(total_bytes)::bigint FROM (
    SELECT s.total_bytes FROM _timescaledb_dist_functions.hypertable_local_size(hypertable) s
    WHERE _timescaledb_dist_functions.hypertable_replication(hypertable) IS NOT NULL
    UNION ALL
    SELECT r.fields[4]::bigint
    FROM _timescaledb_dist_functions.data_node_relation_rows(hypertable, 'hypertable_local_size') r
) s
$$;

-- One row per chunk (per chunk replica and data node for a distributed
-- hypertable, node_name NULL for a local one).
CREATE FUNCTION chunks_detailed_size(hypertable regclass)
    RETURNS TABLE(chunk_schema name, chunk_name name, table_bytes bigint, index_bytes bigint,
                  toast_bytes bigint, total_bytes bigint, node_name name)
    LANGUAGE sql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT * FROM (
    SELECT s.*, NULL::name AS node_name
    FROM _timescaledb_dist_functions.chunks_local_size(hypertable) s
    WHERE _timescaledb_dist_functions.hypertable_replication(hypertable) <= 0
    UNION ALL
    SELECT r.fields[1]::name, r.fields[2]::name, r.fields[3]::bigint, r.fields[4]::bigint,
           r.fields[5]::bigint, r.fields[6]::bigint, r.node_name
    FROM _timescaledb_dist_functions.data_node_relation_rows(hypertable, 'chunks_local_size') r
) s ORDER BY chunk_schema, chunk_name, node_name
$$;

-- The index and its copies on every chunk, on this node and (distributed
-- hypertable) on every data node; NULL when `index_name` is not an index.
CREATE FUNCTION hypertable_index_size(index_name regclass) RETURNS bigint
    LANGUAGE sql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT _timescaledb_dist_functions.index_local_size(index_name) +
       coalesce((SELECT sum(r.fields[1]::bigint)
                 FROM _timescaledb_dist_functions.data_node_relation_rows(index_name,
                                                                         'index_local_size') r), 0)::bigint
$$;

-- Estimated rows of a table, a hypertable (its chunks) or a distributed
-- hypertable (each chunk counted once, from the replica with most rows).
CREATE FUNCTION approximate_row_count(relation regclass) RETURNS bigint
    LANGUAGE sql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS
$$
SELECT (SELECT coalesce(sum(row_count), 0)
        FROM _timescaledb_dist_functions.chunks_local_row_count(relation))::bigint +
       (SELECT coalesce(sum(replica_rows), 0)
        FROM (SELECT max(r.fields[3]::bigint) AS replica_rows
              FROM _timescaledb_dist_functions.data_node_relation_rows(relation,
                                                                      'chunks_local_row_count') r
              GROUP BY r.fields[1], r.fields[2]) chunks)::bigint
$$;
