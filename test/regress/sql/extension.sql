-- The extension installs into a database of a preloaded server and drops cleanly.
CREATE EXTENSION timescaledb_dist;
SELECT extname, extversion FROM pg_extension WHERE extname = 'timescaledb_dist';
SELECT nspname FROM pg_namespace
WHERE nspname LIKE '%timescaledb%' ORDER BY nspname;
DROP EXTENSION timescaledb_dist;
SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%timescaledb%';
