-- The extension's C trigger functions: ordinary users may not attach them
-- (not granted), and each refuses every call but the one it is made for
-- (39P01) before touching a tuple. Attached by hand as BEFORE DELETE, AFTER,
-- FOR EACH STATEMENT or called directly: an error, and the server stays up.
\set VERBOSITY default
CREATE DATABASE security_triggers_db;
\c security_triggers_db
SET timezone = 'UTC';
CREATE EXTENSION timescaledb_dist;
CREATE ROLE security_triggers_user LOGIN;
GRANT CREATE ON SCHEMA public TO security_triggers_user;

SET ROLE security_triggers_user;
CREATE TABLE ht (time timestamptz NOT NULL, v int);
SELECT table_name FROM create_hypertable('ht', 'time');
INSERT INTO ht VALUES ('2020-01-01', 1);
SELECT chunk_name AS chunk FROM timescaledb_information.chunks \gset
CREATE TABLE plain (time timestamptz NOT NULL, v int);
INSERT INTO plain VALUES ('2020-01-01', 1);
-- Not granted: CREATE TRIGGER needs EXECUTE on the function.
CREATE TRIGGER guard BEFORE DELETE ON _timescaledb_dist_internal.:chunk
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
\echo :LAST_ERROR_SQLSTATE
CREATE TRIGGER blocker AFTER UPDATE ON plain
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.insert_blocker();
\echo :LAST_ERROR_SQLSTATE
SELECT _timescaledb_dist_functions.chunk_update_guard();
RESET ROLE;

-- Granted anyway (an administrator's mistake): every wrong use is refused.
GRANT EXECUTE ON FUNCTION _timescaledb_dist_functions.chunk_update_guard(),
    _timescaledb_dist_functions.insert_blocker() TO security_triggers_user;
SET ROLE security_triggers_user;
CREATE TRIGGER guard BEFORE DELETE ON _timescaledb_dist_internal.:chunk
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
DELETE FROM ht;
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER guard ON _timescaledb_dist_internal.:chunk;
CREATE TRIGGER guard BEFORE INSERT ON _timescaledb_dist_internal.:chunk
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
INSERT INTO ht VALUES ('2020-01-01 01:00', 2);
DROP TRIGGER guard ON _timescaledb_dist_internal.:chunk;
CREATE TRIGGER guard AFTER UPDATE ON _timescaledb_dist_internal.:chunk
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
UPDATE ht SET v = 2;
DROP TRIGGER guard ON _timescaledb_dist_internal.:chunk;
CREATE TRIGGER guard BEFORE UPDATE ON _timescaledb_dist_internal.:chunk
    FOR EACH STATEMENT EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
UPDATE _timescaledb_dist_internal.:chunk SET v = 2;
DROP TRIGGER guard ON _timescaledb_dist_internal.:chunk;
CREATE TRIGGER guard BEFORE DELETE ON plain
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.chunk_update_guard();
DELETE FROM plain;
DROP TRIGGER guard ON plain;
CREATE TRIGGER blocker AFTER UPDATE ON plain
    FOR EACH ROW EXECUTE FUNCTION _timescaledb_dist_functions.insert_blocker();
UPDATE plain SET v = 2;
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER blocker ON plain;
CREATE TRIGGER blocker BEFORE INSERT ON plain
    FOR EACH STATEMENT EXECUTE FUNCTION _timescaledb_dist_functions.insert_blocker();
INSERT INTO plain VALUES ('2020-01-02', 2);
DROP TRIGGER blocker ON plain;
SELECT _timescaledb_dist_functions.insert_blocker();
-- The triggers the extension made still work.
UPDATE ht SET time = '2021-01-01';
SELECT count(*) FROM ht;
SELECT count(*) FROM plain;
RESET ROLE;

\c regression
DROP DATABASE security_triggers_db;
DROP ROLE security_triggers_user;
