-- Planted operators and functions never run with rights their author lacks.
-- The extension runs its catalog SQL as the bootstrap superuser (also on data
-- nodes, for the user who connected), and superusers read its views. A
-- non-superuser with CREATE on public plants there operators and functions
-- whose body makes it superuser (they work normally otherwise); then the
-- attacker (public first in its path) and a superuser (default path) use every
-- elevated path. After each part the attacker must still not be superuser.
\set VERBOSITY default
CREATE DATABASE security_elevated_an;
\c security_elevated_an
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
CREATE ROLE security_elevated_attacker LOGIN;
SELECT node_name FROM add_data_node('sec_dn1', host => '127.0.0.1',
                                    database => 'security_elevated_dn1');
SELECT node_name FROM add_data_node('sec_dn2', host => '127.0.0.1',
                                    database => 'security_elevated_dn2');
GRANT USAGE ON FOREIGN SERVER sec_dn1, sec_dn2 TO security_elevated_attacker;

-- Shows whether the attacker became superuser (must be f), and undoes it so
-- the next part is judged on its own.
\set escalated 'SELECT rolsuper AS attacker_is_superuser FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) ''security_elevated_attacker''; ALTER ROLE security_elevated_attacker NOSUPERUSER;'

SELECT $plant$
GRANT CREATE ON SCHEMA public TO security_elevated_attacker;
SET ROLE security_elevated_attacker;
CREATE FUNCTION public.sec_escalate() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE security_elevated_attacker SUPERUSER';
    RETURN true;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN true;
END $$;
CREATE FUNCTION public.sec_eq(name, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1::text OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = text, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_eq(text, name) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.=) $2::text; END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = name, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_eq(oid, oid) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_eq(integer, integer) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_lt(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.<) $2; END $$;
CREATE OPERATOR public.< (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.sec_lt);
CREATE FUNCTION public.sec_mul(bigint, interval) RETURNS interval LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.sec_escalate();
         RETURN $2 OPERATOR(pg_catalog.*) $1::pg_catalog.float8; END $$;
CREATE OPERATOR public.* (LEFTARG = bigint, RIGHTARG = interval, FUNCTION = public.sec_mul);
CREATE FUNCTION public.sec_accum(integer[], integer) RETURNS integer[] LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.sec_escalate(); RETURN pg_catalog.array_append($1, $2); END $$;
CREATE AGGREGATE public.array_agg(integer) (SFUNC = public.sec_accum, STYPE = integer[]);
CREATE FUNCTION public.format(text, name, name) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.sec_escalate(); RETURN pg_catalog.format($1, $2, $3); END $$;
-- A trigger function of the attacker's, named without its schema below.
CREATE FUNCTION public.sec_trigger() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RETURN NEW; END $$;
RESET ROLE;
$plant$ AS plant \gset
:plant
\c security_elevated_dn1
:plant
\c security_elevated_dn2
:plant
\c security_elevated_an
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
:escalated

---------------------------------------------------------------------------
-- The attacker, public first in its path: a local hypertable
---------------------------------------------------------------------------
SET ROLE security_elevated_attacker;
SET search_path = public, pg_catalog;
CREATE TABLE a_local (time timestamptz NOT NULL, device int, v float8);
SELECT table_name FROM create_hypertable('a_local', 'time', 'device', 2,
                                         chunk_time_interval => interval '1 day');
INSERT INTO a_local VALUES ('2020-01-01', 1, 1), ('2020-01-02', 2, 2);
COPY a_local FROM STDIN;
2020-01-03 00:00:00+00	3	3
\.
CREATE INDEX ON a_local (v);
CREATE TRIGGER a_local_trigger BEFORE INSERT ON a_local
    FOR EACH ROW EXECUTE FUNCTION sec_trigger();
INSERT INTO a_local VALUES ('2020-01-05', 1, 5);
UPDATE a_local SET time = time + interval '1 hour', device = device WHERE v > 0;
SELECT set_chunk_time_interval('a_local', interval '2 days');
SELECT count(*) FROM show_chunks('a_local');
SELECT count(*) FROM timescaledb_information.hypertables;
SELECT count(*) FROM timescaledb_information.dimensions;
SELECT count(*) FROM timescaledb_information.chunks;
SELECT count(*) FROM drop_chunks('a_local', older_than => '2020-01-02'::timestamptz);
ALTER TABLE a_local ADD COLUMN extra int;
SELECT count(*) FROM a_local;
DROP TABLE a_local;
RESET ROLE;
RESET search_path;
:escalated

---------------------------------------------------------------------------
-- The attacker: a distributed hypertable (members and chunks on the nodes are
-- created as the attacker, two-phase commit logs its transactions)
---------------------------------------------------------------------------
SET ROLE security_elevated_attacker;
SET search_path = public, pg_catalog;
CREATE TABLE a_dist (time timestamptz NOT NULL, device int, v float8);
SELECT table_name FROM create_distributed_hypertable('a_dist', 'time', 'device',
                                                     replication_factor => 2);
INSERT INTO a_dist VALUES ('2020-01-01', 1, 1), ('2020-01-02', 2, 2), ('2020-02-01', 3, 3);
COPY a_dist FROM STDIN;
2020-03-01 00:00:00+00	4	4
\.
SELECT count(*) FROM a_dist WHERE device = 1;
UPDATE a_dist SET v = 0 WHERE device OPERATOR(pg_catalog.=) 2;
DELETE FROM a_dist WHERE v = 0;
ALTER TABLE a_dist ADD COLUMN extra int;
CREATE INDEX ON a_dist (v);
SELECT count(*) FROM timescaledb_information.chunks;
SELECT count(*) FROM timescaledb_experimental.chunk_replication_status;
SELECT count(*) FROM drop_chunks('a_dist', older_than => '2020-01-15'::timestamptz);
-- On the nodes with the attacker's path: its member gets a chunk of its own.
CALL distributed_exec($$INSERT INTO a_dist VALUES ('2021-01-01', 1, 1)$$, '{sec_dn1}');
SELECT count(*) FROM a_dist;
DROP TABLE a_dist;
RESET ROLE;
RESET search_path;
:escalated

---------------------------------------------------------------------------
-- The attacker on a data node: create_chunk, the function the access node
-- calls there, with public first in the path
---------------------------------------------------------------------------
\c security_elevated_dn1
SET ROLE security_elevated_attacker;
SET search_path = public, pg_catalog;
CREATE TABLE a_node (time bigint NOT NULL, v int);
SELECT table_name FROM create_hypertable('a_node', 'time', chunk_time_interval => 10);
SELECT chunk_id > 0 AS created, schema_name, table_name
FROM _timescaledb_dist_functions.create_chunk('a_node', '{0}', '{10}', 'public', 'a_node_chunk');
SELECT count(*) FROM show_chunks('a_node');
DROP TABLE a_node;
RESET ROLE;
RESET search_path;
\c security_elevated_an
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
:escalated

---------------------------------------------------------------------------
-- A superuser with the default path (public in it, after pg_catalog)
---------------------------------------------------------------------------
CREATE TABLE s_local (time timestamptz NOT NULL, device int, v float8);
SELECT table_name FROM create_hypertable('s_local', 'time', 'device', 2,
                                         chunk_time_interval => interval '1 day');
INSERT INTO s_local VALUES ('2020-01-01', 1, 1), ('2020-01-02', 2, 2);
CREATE TRIGGER s_local_trigger BEFORE INSERT ON s_local
    FOR EACH ROW EXECUTE FUNCTION sec_trigger();
INSERT INTO s_local VALUES ('2020-01-05', 1, 5);
UPDATE s_local SET time = time + interval '1 hour' WHERE v > 0;
SELECT set_chunk_time_interval('s_local', interval '2 days');
SELECT count(*) FROM show_chunks('s_local');
SELECT hypertable_name, num_chunks FROM timescaledb_information.hypertables;
SELECT hypertable_name, column_name, time_interval, integer_interval
FROM timescaledb_information.dimensions ORDER BY 1, 2;
SELECT chunk_name, range_start, range_end FROM timescaledb_information.chunks ORDER BY 1;
SELECT count(*) FROM drop_chunks('s_local', older_than => '2020-01-02'::timestamptz);
CREATE TABLE s_dist (time timestamptz NOT NULL, device int, v float8);
SELECT table_name FROM create_distributed_hypertable('s_dist', 'time', 'device',
                                                     replication_factor => 2);
INSERT INTO s_dist VALUES ('2020-01-01', 1, 1), ('2020-02-01', 2, 2);
SELECT count(*) FROM s_dist;
SELECT chunk_name, replica_nodes FROM timescaledb_experimental.chunk_replication_status
ORDER BY 1;
SELECT node_name, committed FROM recover_distributed_transactions() ORDER BY 1;
SELECT node_name FROM add_data_node('sec_dn3', host => '127.0.0.1',
                                    database => 'security_elevated_dn3');
SELECT delete_data_node('sec_dn3', drop_database => true);
DROP TABLE s_local, s_dist;
:escalated

\c regression
DROP DATABASE security_elevated_an;
DROP DATABASE security_elevated_dn1;
DROP DATABASE security_elevated_dn2;
DROP ROLE security_elevated_attacker;
