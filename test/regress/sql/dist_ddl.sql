-- DDL on distributed hypertables: what is forwarded to the members on the
-- data nodes (in the same distributed transaction), what is refused. The
-- access node is dist_ddl_an; data nodes node1..node3 are databases
-- dist_ddl_dn1..3 of the same instance. describe() (on every database)
-- shows a table's definition; on_nodes() runs a query on every node (whose
-- search_path is pg_catalog: names are qualified).
\set VERBOSITY default
CREATE DATABASE dist_ddl_an;
\c dist_ddl_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'dist_ddl_dn1');
SELECT node_name FROM add_data_node('node2', host => '127.0.0.1', database => 'dist_ddl_dn2');
SELECT node_name FROM add_data_node('node3', host => '127.0.0.1', database => 'dist_ddl_dn3');
SET client_min_messages = notice;

-- describe(): columns (with defaults, NOT NULL), constraints, indexes, owner
-- and privileges, one per line. chunk_info(): on a data node, the number of
-- chunks, of their indexes, and whether every chunk has the member's columns
-- and owner.
CREATE FUNCTION describe_sql() RETURNS text LANGUAGE sql AS $f$ SELECT $d$
CREATE OR REPLACE FUNCTION public.describe(rel text) RETURNS text LANGUAGE sql
SET search_path = pg_catalog AS $$
SELECT concat_ws(E'\n',
  (SELECT 'columns: ' || string_agg(attname || ' ' || format_type(atttypid, atttypmod)
          || coalesce(' default ' || pg_get_expr(adbin, adrelid), '')
          || CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum)
   FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
   WHERE attrelid = rel::regclass AND attnum > 0 AND NOT attisdropped),
  (SELECT 'constraints: ' || coalesce(string_agg(conname || ' ' || pg_get_constraintdef(oid),
          ', ' ORDER BY conname), '')
   FROM pg_constraint WHERE conrelid = rel::regclass),
  (SELECT 'indexes: ' || coalesce(string_agg(pg_get_indexdef(indexrelid), ', '
          ORDER BY indexrelid::regclass::text), '')
   FROM pg_index WHERE indrelid = rel::regclass),
  (SELECT 'owner: ' || relowner::regrole || ', acl: ' || coalesce(relacl::text, '')
   FROM pg_class WHERE oid = rel::regclass))
$$;
CREATE OR REPLACE FUNCTION public.columns_of(rel regclass) RETURNS text LANGUAGE sql
SET search_path = pg_catalog AS $$
  SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attname)
  FROM pg_attribute WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped
$$;
CREATE OR REPLACE FUNCTION public.chunk_info(rel text) RETURNS text LANGUAGE sql
SET search_path = pg_catalog AS $$
  SELECT 'chunks: ' || count(*) || ', chunk indexes: '
         || coalesce(sum((SELECT count(*) FROM pg_index i WHERE i.indrelid = inhrelid)), 0)
         || ', chunk columns as member: '
         || coalesce(bool_and(public.columns_of(inhrelid) = public.columns_of(inhparent)), true)
         || ', chunk owners as member: ' || coalesce(bool_and(c.relowner = p.relowner), true)
  FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid JOIN pg_class p ON p.oid = inhparent
  WHERE inhparent = rel::regclass
$$ $d$ $f$;
DO $$ BEGIN EXECUTE describe_sql(); END $$;
SELECT node_name, result FROM _timescaledb_dist_functions.data_node_query_all(describe_sql());
CREATE FUNCTION on_nodes(query text) RETURNS TABLE(node_name name, result text)
LANGUAGE sql AS $$
  SELECT * FROM _timescaledb_dist_functions.data_node_query_all(query) ORDER BY 1
$$;
-- Describes `rel` on the access node (first row) and on every node ("same
-- as access node" when the member matches it), with the node's chunks.
CREATE FUNCTION everywhere(rel text) RETURNS TABLE(node_name name, result text)
LANGUAGE sql AS $$
  WITH an AS (SELECT describe(rel) AS d)
  SELECT 'access node'::name, d FROM an
  UNION ALL
  SELECT n.node_name,
         CASE WHEN split_part(n.result, '#', 1) = an.d THEN 'same as access node'
              ELSE split_part(n.result, '#', 1) END
         || E'\n' || split_part(n.result, '#', 2)
  FROM on_nodes(format('SELECT public.describe(%L) || ''#'' || public.chunk_info(%L)',
                       rel, rel)) n, an
$$;

CREATE TABLE conditions (
  time        TIMESTAMPTZ       NOT NULL,
  location    TEXT              NOT NULL,
  temperature DOUBLE PRECISION  NULL,
  humidity    DOUBLE PRECISION  NULL
);
SELECT table_name FROM create_distributed_hypertable('conditions', 'time', 'location',
                                                     create_default_indexes => false);
-- Chunks on the nodes: rows inserted into the members directly.
SELECT * FROM on_nodes($$INSERT INTO public.conditions
  SELECT '2024-01-01'::timestamptz + i * interval '10 days', 'x' || i, i, i
  FROM generate_series(0, 2) i RETURNING 'inserted'$$);
SELECT * FROM everywhere('public.conditions');

---------------------------------------------------------------------------
-- CREATE INDEX: on every member and every chunk of the nodes
---------------------------------------------------------------------------
CREATE INDEX conditions_time_idx ON conditions (time DESC);
CREATE INDEX ON conditions (location, time) WHERE temperature > 0;
CREATE UNIQUE INDEX conditions_uniq ON conditions (time, location);
SELECT * FROM everywhere('public.conditions');
-- A unique index must hold the partitioning columns; CONCURRENTLY is refused.
CREATE UNIQUE INDEX bad_uniq ON conditions (time);
\echo :LAST_ERROR_SQLSTATE
CREATE INDEX CONCURRENTLY bad_conc ON conditions (humidity);
\echo :LAST_ERROR_SQLSTATE
-- IF NOT EXISTS on an existing index forwards nothing.
CREATE INDEX IF NOT EXISTS conditions_time_idx ON conditions (humidity);
-- DROP INDEX / ALTER INDEX RENAME
ALTER INDEX conditions_location_time_idx RENAME TO conditions_li;
ALTER TABLE conditions_li RENAME TO conditions_loc_idx;
DROP INDEX conditions_time_idx;
SELECT * FROM on_nodes($$SELECT string_agg(indexrelid::regclass::text, ', ' ORDER BY 1)
  FROM pg_index WHERE indrelid = 'public.conditions'::regclass$$);
SELECT * FROM everywhere('public.conditions');
DROP INDEX CONCURRENTLY conditions_loc_idx;
\echo :LAST_ERROR_SQLSTATE
-- ALTER INDEX: storage parameters only.
ALTER INDEX conditions_uniq SET (fillfactor = 80);
SELECT * FROM on_nodes($$SELECT reloptions::text FROM pg_class
  WHERE oid = 'public.conditions_uniq'::regclass$$);
ALTER INDEX conditions_uniq RESET (fillfactor);
ALTER INDEX conditions_uniq ALTER COLUMN 1 SET STATISTICS 100;
\echo :LAST_ERROR_SQLSTATE

---------------------------------------------------------------------------
-- ALTER TABLE: columns, defaults, NOT NULL, types, constraints
---------------------------------------------------------------------------
ALTER TABLE conditions ADD COLUMN pressure numeric(10, 2) DEFAULT 1013.25 NOT NULL,
                       ADD COLUMN note varchar(20) COLLATE "C" CHECK (note <> '');
ALTER TABLE conditions ALTER COLUMN humidity SET DEFAULT 50,
                       ALTER COLUMN temperature SET NOT NULL;
ALTER TABLE conditions ALTER COLUMN humidity TYPE numeric;
SELECT * FROM everywhere('public.conditions');
ALTER TABLE conditions ALTER COLUMN humidity DROP DEFAULT,
                       ALTER COLUMN temperature DROP NOT NULL,
                       DROP COLUMN note;
ALTER TABLE conditions ADD CONSTRAINT temp_range CHECK (temperature > -100) NOT VALID,
                       ADD CONSTRAINT conditions_pk PRIMARY KEY (location, time);
ALTER TABLE conditions VALIDATE CONSTRAINT temp_range;
ALTER TABLE conditions RENAME COLUMN pressure TO air_pressure;
ALTER TABLE conditions RENAME CONSTRAINT temp_range TO temperature_range;
SELECT * FROM everywhere('public.conditions');
-- A volatile default stays on the access node (it evaluates it for each row).
ALTER TABLE conditions ALTER COLUMN humidity SET DEFAULT random();
SELECT * FROM on_nodes($$SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef
  WHERE adrelid = 'public.conditions'::regclass$$);
ALTER TABLE conditions DROP CONSTRAINT temperature_range, DROP CONSTRAINT conditions_pk,
                       ALTER COLUMN humidity DROP DEFAULT;
ALTER TABLE conditions ADD COLUMN IF NOT EXISTS air_pressure int;
-- Storage parameters
ALTER TABLE conditions SET (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled);
ALTER TABLE conditions RESET (autovacuum_enabled);
SELECT c.reloptions::text || ' ' || t.reloptions::text
FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = 'conditions'::regclass;
SELECT * FROM on_nodes($$SELECT c.reloptions::text || ' ' || t.reloptions::text
  FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid
  WHERE c.oid = 'public.conditions'::regclass$$);
ALTER TABLE conditions RESET (fillfactor, toast.autovacuum_enabled);
SELECT * FROM everywhere('public.conditions');

---------------------------------------------------------------------------
-- Refused: nothing changes on the access node or the data nodes
---------------------------------------------------------------------------
CREATE TABLE locations (name text PRIMARY KEY);
ALTER TABLE conditions ADD CONSTRAINT conditions_location_fk
  FOREIGN KEY (location) REFERENCES locations (name);
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions ADD COLUMN loc text REFERENCES locations (name);
ALTER TABLE conditions ALTER COLUMN humidity TYPE int USING humidity::int * 2;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions REPLICA IDENTITY FULL;
\echo :LAST_ERROR_SQLSTATE
-- A row trigger would never fire (rows live on the nodes); a statement trigger does.
CREATE FUNCTION note_insert() RETURNS trigger LANGUAGE plpgsql AS
$$BEGIN RAISE NOTICE 'insert into %', TG_TABLE_NAME; RETURN NULL; END$$;
CREATE TRIGGER conditions_row BEFORE INSERT ON conditions
  FOR EACH ROW EXECUTE FUNCTION note_insert();
\echo :LAST_ERROR_SQLSTATE
CREATE TRIGGER conditions_stmt AFTER INSERT ON conditions
  FOR EACH STATEMENT EXECUTE FUNCTION note_insert();
SELECT tgname FROM pg_trigger WHERE tgrelid = 'conditions'::regclass AND NOT tgisinternal
  AND tgname LIKE 'conditions_%' ORDER BY tgname;
DROP TRIGGER conditions_stmt ON conditions;
-- REINDEX / CLUSTER would only touch the access node's empty table.
REINDEX TABLE conditions;
\echo :LAST_ERROR_SQLSTATE
CLUSTER conditions USING conditions_time_idx;
ALTER TABLE conditions ADD COLUMN ok int, CLUSTER ON conditions_uniq;
CREATE UNIQUE INDEX conditions_loc_uniq ON conditions (location, time);
ALTER TABLE conditions ADD CONSTRAINT conditions_loc_uniq UNIQUE USING INDEX conditions_loc_uniq;
DROP INDEX conditions_loc_uniq;
-- The partitioning columns: refused as for local hypertables.
ALTER TABLE conditions DROP COLUMN time;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions DROP COLUMN location;
ALTER TABLE conditions ALTER COLUMN time TYPE timestamp;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions ALTER COLUMN time DROP NOT NULL;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions ADD CONSTRAINT bad_uniq UNIQUE (location);
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions ADD COLUMN serial_no int UNIQUE;
\echo :LAST_ERROR_SQLSTATE
-- A data node marked unavailable would miss the change: DDL is refused.
SELECT node_name, available FROM alter_data_node('node3', available => false);
ALTER TABLE conditions ADD COLUMN missed int;
\echo :LAST_ERROR_SQLSTATE
TRUNCATE conditions;
SELECT node_name, available FROM alter_data_node('node3', available => true);
SELECT * FROM everywhere('public.conditions');

---------------------------------------------------------------------------
-- A failure on one node rolls the statement back everywhere
---------------------------------------------------------------------------
SELECT * FROM _timescaledb_dist_functions.data_node_query('node2',
  'CREATE TABLE public.clash (x int); CREATE INDEX conditions_hum_idx ON public.clash (x); SELECT 1');
CREATE INDEX conditions_hum_idx ON conditions (humidity);
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE conditions ADD COLUMN x int, ADD CONSTRAINT conditions_hum_idx UNIQUE (time, location);
SELECT * FROM everywhere('public.conditions');
-- In a transaction block too; a rolled back ALTER leaves nothing behind.
BEGIN;
ALTER TABLE conditions ADD COLUMN wind int;
CREATE INDEX conditions_wind_idx ON conditions (wind);
ROLLBACK;
SELECT * FROM on_nodes($$SELECT count(*) FROM pg_attribute
  WHERE attrelid = 'public.conditions'::regclass AND attname = 'wind'$$);
BEGIN;
ALTER TABLE conditions ADD COLUMN wind int;
CREATE INDEX conditions_wind_idx ON conditions (wind);
COMMIT;
SELECT * FROM everywhere('public.conditions');
-- A failed statement inside a savepoint: rolled back to it, the transaction
-- goes on and its other DDL commits everywhere.
BEGIN;
SAVEPOINT a;
CREATE INDEX conditions_hum_idx ON conditions (humidity);
ROLLBACK TO SAVEPOINT a;
ALTER TABLE conditions ADD COLUMN gust int;
SAVEPOINT b;
ALTER TABLE conditions ADD COLUMN dropped int;
ROLLBACK TO SAVEPOINT b;
COMMIT;
SELECT * FROM on_nodes($$SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
  WHERE attrelid = 'public.conditions'::regclass AND attname IN ('gust', 'dropped')$$);
SELECT count(*) FROM pg_indexes WHERE indexname = 'conditions_hum_idx';
ALTER TABLE conditions DROP COLUMN gust;

---------------------------------------------------------------------------
-- TRUNCATE: every member; mixed with local tables
---------------------------------------------------------------------------
CREATE TABLE plain (x int);
INSERT INTO plain VALUES (1);
SELECT * FROM on_nodes('SELECT count(*) FROM public.conditions');
TRUNCATE conditions, plain;
SELECT count(*) FROM plain;
SELECT * FROM on_nodes('SELECT count(*) FROM public.conditions');

---------------------------------------------------------------------------
-- Owner and privileges, as the user who runs the statement
---------------------------------------------------------------------------
CREATE ROLE dist_ddl_owner LOGIN;
CREATE ROLE dist_ddl_reader;
CREATE ROLE "Dist DDL writer";
ALTER TABLE conditions OWNER TO dist_ddl_owner;
SELECT * FROM on_nodes($$SELECT relowner::regrole::text FROM pg_class
  WHERE oid = 'public.conditions'::regclass$$);
SET ROLE dist_ddl_owner;
GRANT SELECT ON conditions TO dist_ddl_reader;
GRANT INSERT, UPDATE (temperature, humidity) ON TABLE conditions
  TO "Dist DDL writer" WITH GRANT OPTION;
GRANT ALL ON conditions, plain TO dist_ddl_reader;
\echo :LAST_ERROR_SQLSTATE
REVOKE GRANT OPTION FOR INSERT ON conditions FROM "Dist DDL writer";
RESET ROLE;
SELECT * FROM everywhere('public.conditions');
SELECT string_agg(attname || ' ' || attacl::text, ', ' ORDER BY attnum)
FROM pg_attribute WHERE attrelid = 'public.conditions'::regclass AND attacl IS NOT NULL;
SELECT * FROM on_nodes($$SELECT string_agg(attname || ' ' || attacl::text, ', ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = 'public.conditions'::regclass AND attacl IS NOT NULL$$);
SET ROLE dist_ddl_owner;
REVOKE ALL ON conditions FROM dist_ddl_reader, "Dist DDL writer";
RESET ROLE;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;
SELECT * FROM everywhere('public.conditions');
REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM PUBLIC;
SELECT * FROM on_nodes($$SELECT relacl::text FROM pg_class
  WHERE oid = 'public.conditions'::regclass$$);
-- COMMENT stays on the access node.
COMMENT ON TABLE conditions IS 'weather';
SELECT obj_description('conditions'::regclass);

---------------------------------------------------------------------------
-- RENAME and SET SCHEMA: the members follow, catalogs too
---------------------------------------------------------------------------
ALTER TABLE conditions RENAME TO weather;
CREATE SCHEMA archive;
ALTER TABLE weather SET SCHEMA archive;
SELECT hypertable_schema, hypertable_name FROM timescaledb_information.hypertables;
SELECT * FROM on_nodes($$SELECT schema_name || '.' || table_name
  FROM _timescaledb_dist_catalog.hypertable$$);
SELECT * FROM everywhere('archive.weather');
-- DDL after the rename still reaches the members.
CREATE INDEX weather_air_idx ON archive.weather (air_pressure);
SELECT * FROM on_nodes($$SELECT count(*) FROM pg_indexes WHERE indexname = 'weather_air_idx'$$);
-- Renaming the time column renames the dimension everywhere.
ALTER TABLE archive.weather RENAME COLUMN time TO observed;
SELECT column_name FROM timescaledb_information.dimensions ORDER BY dimension_number;
SELECT * FROM on_nodes($$SELECT string_agg(column_name, ', ' ORDER BY id)
  FROM _timescaledb_dist_catalog.dimension$$);

---------------------------------------------------------------------------
-- DROP TABLE: several tables, CASCADE; DROP SCHEMA
---------------------------------------------------------------------------
CREATE TABLE other (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_distributed_hypertable('other', 'time',
                                                     data_nodes => '{node1,node2}');
-- Only the hypertable's own data nodes get its DDL.
CREATE INDEX other_v_idx ON other (v);
SELECT * FROM on_nodes($$SELECT count(*) FROM pg_indexes WHERE indexname = 'other_v_idx'$$);
-- A node attached later gets the member as it is now, privileges included.
ALTER TABLE other ADD COLUMN w text DEFAULT 'w';
GRANT SELECT ON other TO dist_ddl_reader;
GRANT UPDATE (v) ON other TO "Dist DDL writer" WITH GRANT OPTION;
SELECT node_name FROM attach_data_node('node3', 'other');
SELECT * FROM everywhere('public.other');
SELECT * FROM on_nodes($$SELECT string_agg(attname || ' ' || attacl::text, ', ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = 'public.other'::regclass AND attacl IS NOT NULL$$);
CREATE VIEW other_view AS SELECT * FROM other;
DROP TABLE other, plain;
\echo :LAST_ERROR_SQLSTATE
DROP TABLE other, plain CASCADE;
DROP TABLE locations;
-- DROP SCHEMA ... CASCADE drops the members too.
DROP SCHEMA archive CASCADE;
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable;
SELECT * FROM on_nodes($$SELECT count(*) || ' hypertables, '
  || (SELECT count(*) FROM pg_class WHERE relname IN ('weather', 'other')) || ' tables'
  FROM _timescaledb_dist_catalog.hypertable$$);

\c regression
DROP DATABASE dist_ddl_an;
DROP DATABASE dist_ddl_dn1;
DROP DATABASE dist_ddl_dn2;
DROP DATABASE dist_ddl_dn3;
DROP ROLE dist_ddl_owner;
DROP ROLE dist_ddl_reader;
DROP ROLE "Dist DDL writer";
SELECT datname FROM pg_database WHERE datname LIKE 'dist_ddl%';
