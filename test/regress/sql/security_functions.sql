-- Who may call the extension's functions, and under which search_path they
-- run. The first list is pinned on purpose: a new function is granted to
-- PUBLIC because users must call it, or not at all (internal functions check
-- the caller themselves when they must stay callable, see docs/security.md).
-- Every SQL and PL/pgSQL function pins search_path; C functions resolve no
-- name through the caller's path (their own SQL runs under a pinned one).
\set VERBOSITY default
CREATE DATABASE security_functions_db;
\c security_functions_db
CREATE EXTENSION timescaledb_dist;
SET search_path = pg_catalog;

CREATE TEMP VIEW ext_functions AS
SELECT p.oid, p.oid::regprocedure::text AS function, l.lanname AS language,
       EXISTS (SELECT FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS public_may_execute,
       p.proconfig
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'timescaledb_dist';

-- Executable by PUBLIC (the internal ones check the caller themselves).
SELECT function, language FROM ext_functions WHERE public_may_execute ORDER BY 1;
-- Not executable by PUBLIC.
SELECT function, language FROM ext_functions WHERE NOT public_may_execute ORDER BY 1;
-- SQL and PL/pgSQL functions without a pinned search_path: none.
SELECT function FROM ext_functions
WHERE language <> 'c'
  AND NOT coalesce(proconfig @> ARRAY['search_path=pg_catalog, pg_temp'], false);

---------------------------------------------------------------------------
-- Operators and functions planted in the extension's schema before CREATE
-- EXTENSION (its script runs with that schema in the path): the views do
-- not pick them, a superuser reading them stays the only superuser.
---------------------------------------------------------------------------
\c regression
CREATE DATABASE security_functions_planted;
\c security_functions_planted
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE ROLE security_functions_attacker;
GRANT CREATE ON SCHEMA public TO security_functions_attacker;
SET ROLE security_functions_attacker;
CREATE FUNCTION public.sec_escalate() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE security_functions_attacker SUPERUSER';
    RETURN true;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN true;
END $$;
CREATE FUNCTION public.sec_eq(regtype, regtype) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = regtype, RIGHTARG = regtype, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_eq(bigint, numeric) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN RETURN public.sec_escalate() AND $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = numeric, FUNCTION = public.sec_eq);
CREATE FUNCTION public.sec_mul(bigint, interval) RETURNS interval LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.sec_escalate();
         RETURN $2 OPERATOR(pg_catalog.*) $1::pg_catalog.float8; END $$;
CREATE OPERATOR public.* (LEFTARG = bigint, RIGHTARG = interval, FUNCTION = public.sec_mul);
CREATE FUNCTION public.sec_accum(name[], name) RETURNS name[] LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.sec_escalate(); RETURN pg_catalog.array_append($1, $2); END $$;
CREATE AGGREGATE public.array_agg(name) (SFUNC = public.sec_accum, STYPE = name[]);
RESET ROLE;
CREATE EXTENSION timescaledb_dist;
CREATE TABLE t (time timestamptz NOT NULL, i bigint NOT NULL);
SELECT table_name FROM create_hypertable('t', 'time');
INSERT INTO t VALUES ('2020-01-01', 1);
CREATE TABLE ti (i bigint NOT NULL);
SELECT table_name FROM create_hypertable('ti', 'i', chunk_time_interval => 10);
INSERT INTO ti VALUES (1);
SELECT hypertable_name, num_chunks, data_nodes FROM timescaledb_information.hypertables
ORDER BY 1;
SELECT hypertable_name, time_interval, integer_interval FROM timescaledb_information.dimensions
ORDER BY 1;
SELECT hypertable_name, range_start, range_end, range_start_integer
FROM timescaledb_information.chunks ORDER BY 1;
SELECT rolsuper AS attacker_is_superuser FROM pg_roles
WHERE rolname = 'security_functions_attacker';

\c regression
DROP DATABASE security_functions_db;
DROP DATABASE security_functions_planted;
DROP ROLE security_functions_attacker;
