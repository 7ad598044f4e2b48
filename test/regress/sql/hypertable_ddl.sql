-- DDL on hypertables: CREATE INDEX reaches existing and new chunks, DROP
-- INDEX, RENAME, DROP TABLE, DROP EXTENSION.
CREATE DATABASE hypertable_ddl_db;
\c hypertable_ddl_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

CREATE TABLE d (time timestamptz NOT NULL, device int, v float);
SELECT create_hypertable('d', 'time', create_default_indexes => false);
INSERT INTO d VALUES ('2020-01-01', 1, 1), ('2020-02-01', 2, 2);
CREATE INDEX d_device_idx ON d (device);
CREATE UNIQUE INDEX d_time_device ON d (time, device);
CREATE INDEX IF NOT EXISTS d_device_idx ON d (device);
INSERT INTO d VALUES ('2020-03-01', 3, 3);
SELECT c.relname AS chunk, i.indexrelid::regclass AS index, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE i.indrelid IN (SELECT show_chunks('d')) ORDER BY 1, 2;
-- the unique index works in every chunk
INSERT INTO d VALUES ('2020-01-01', 1, 5);
DROP INDEX d_device_idx;
SELECT count(*) FROM pg_index WHERE indrelid IN (SELECT show_chunks('d'));
CREATE INDEX CONCURRENTLY d_v_idx ON d (v);

-- ALTER TABLE ADD PRIMARY KEY / UNIQUE: checked, and created on every chunk
ALTER TABLE d ADD CONSTRAINT d_device_unique UNIQUE (device);
ALTER TABLE d ADD CONSTRAINT d_pkey PRIMARY KEY (time, device);
SELECT conrelid::regclass, conname, contype FROM pg_constraint
WHERE contype IN ('p', 'u') AND (conrelid = 'd'::regclass OR conrelid IN (SELECT show_chunks('d')))
ORDER BY 1, 2;
-- ALTER COLUMN TYPE rebuilds the indexes of the hypertable and its chunks
CREATE INDEX d_v_idx ON d (v);
ALTER TABLE d ALTER COLUMN v TYPE numeric;
SELECT c.relname, count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE i.indrelid IN (SELECT show_chunks('d')) OR i.indrelid = 'd'::regclass
GROUP BY 1 ORDER BY 1;
DROP INDEX d_v_idx;
SELECT count(*) FROM pg_index WHERE indrelid IN (SELECT show_chunks('d'));
-- DROP CONSTRAINT drops the chunks' copies (and their indexes) too
ALTER TABLE d DROP CONSTRAINT d_pkey;
SELECT count(*) FROM pg_constraint
WHERE contype IN ('p', 'u') AND conrelid IN (SELECT show_chunks('d'));
SELECT count(*) FROM pg_index WHERE indrelid IN (SELECT show_chunks('d'));

-- the time column cannot be dropped, change type or become nullable
ALTER TABLE d DROP COLUMN time;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE d ALTER COLUMN time TYPE timestamp;
\echo :LAST_ERROR_SQLSTATE
ALTER TABLE d ALTER COLUMN time DROP NOT NULL;
\echo :LAST_ERROR_SQLSTATE

-- rename the table, a column, the schema: the hypertable keeps working
ALTER TABLE d RENAME TO d2;
ALTER TABLE d2 RENAME COLUMN time TO ts;
CREATE SCHEMA other;
ALTER TABLE d2 SET SCHEMA other;
INSERT INTO other.d2 VALUES ('2020-04-01', 4, 4);
SELECT hypertable_schema, hypertable_name, num_chunks FROM timescaledb_information.hypertables;
SELECT column_name FROM timescaledb_information.dimensions;
SELECT count(*) FROM other.d2;

-- ALTER TABLE ADD COLUMN reaches chunks through inheritance
ALTER TABLE other.d2 ADD COLUMN note text DEFAULT 'x';
INSERT INTO other.d2 VALUES ('2020-05-01', 5, 5, 'y');
SELECT ts, note FROM other.d2 ORDER BY ts;

-- DROP TABLE drops chunks and catalog rows
DROP TABLE other.d2;
SELECT count(*) FROM _timescaledb_dist_catalog.hypertable;
SELECT count(*) FROM _timescaledb_dist_catalog.chunk;
SELECT count(*) FROM _timescaledb_dist_catalog.dimension_slice;
SELECT count(*) FROM pg_class WHERE relnamespace = '_timescaledb_dist_internal'::regnamespace;

-- DROP EXTENSION refuses while chunks hold rows, CASCADE drops them
CREATE TABLE e (time timestamptz NOT NULL);
SELECT create_hypertable('e', 'time');
INSERT INTO e VALUES ('2020-01-01');
DROP EXTENSION timescaledb_dist;
DROP EXTENSION timescaledb_dist CASCADE;
SELECT count(*) FROM pg_class WHERE relname LIKE '\_hyper%';
\d e
INSERT INTO e VALUES ('2020-01-02');
SELECT * FROM e;
-- and the extension comes back
CREATE EXTENSION timescaledb_dist;
DROP TABLE e;
DROP EXTENSION timescaledb_dist;

\c regression
DROP DATABASE hypertable_ddl_db;
