-- Row-level security and hypertables. Distributed hypertables refuse it
-- everywhere (their rows are read and changed on the data nodes, which do
-- not know the access node's policies); local hypertables apply the policies
-- through their chunks. Data node sr_dn1 is a database of the same instance.
\set VERBOSITY default
CREATE ROLE sr_alice LOGIN;
CREATE ROLE sr_bob LOGIN;
CREATE DATABASE sr_an;
\c sr_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('node1', host => '127.0.0.1', database => 'sr_dn1');
GRANT USAGE ON FOREIGN SERVER node1 TO sr_alice, sr_bob;
CALL distributed_exec('GRANT ALL ON SCHEMA public TO sr_alice, sr_bob');

---------------------------------------------------------------------------
-- A table with row-level security or policies cannot become distributed
---------------------------------------------------------------------------
CREATE TABLE docs (time timestamptz NOT NULL, owner name NOT NULL DEFAULT current_user, v int);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (owner = current_user);
SELECT table_name FROM create_distributed_hypertable('docs', 'time');
ALTER TABLE docs DISABLE ROW LEVEL SECURITY;
SELECT table_name FROM create_distributed_hypertable('docs', 'time');
DROP POLICY own ON docs;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
SELECT table_name FROM create_distributed_hypertable('docs', 'time');
ALTER TABLE docs NO FORCE ROW LEVEL SECURITY;
SELECT table_name FROM create_distributed_hypertable('docs', 'time');

---------------------------------------------------------------------------
-- ... nor get them later
---------------------------------------------------------------------------
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (owner = current_user);
ALTER TABLE docs DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY;
GRANT ALL ON docs TO sr_alice, sr_bob;
INSERT INTO docs VALUES ('2024-01-01', 'sr_alice', 1), ('2024-01-02', 'sr_alice', 2),
                        ('2024-01-03', 'sr_bob', 3);

---------------------------------------------------------------------------
-- Row-level security switched on behind the extension's back is never
-- ignored: whoever it applies to cannot read or write the table at all.
---------------------------------------------------------------------------
UPDATE pg_class SET relrowsecurity = true WHERE oid = 'docs'::regclass;
SET ROLE sr_bob;
SELECT count(*) FROM docs;
DELETE FROM docs;
UPDATE docs SET v = 0;
INSERT INTO docs (time, v) VALUES ('2024-01-04', 4);
SELECT * FROM (SELECT count(*) FROM docs) s;
WITH d AS (SELECT * FROM docs) SELECT count(*) FROM d;
COPY docs FROM STDIN;
\.
RESET ROLE;
-- the owner bypasses the policies (no FORCE), and so does a superuser
ALTER TABLE docs OWNER TO sr_alice;
SET ROLE sr_alice;
SELECT owner, v FROM docs ORDER BY v;
RESET ROLE;
SELECT owner, v FROM docs ORDER BY v;
-- a view owned by the owner reads as its owner
CREATE VIEW docs_view AS SELECT owner, v FROM docs;
ALTER VIEW docs_view OWNER TO sr_alice;
GRANT SELECT ON docs_view TO sr_bob;
SET ROLE sr_bob;
SELECT owner, v FROM docs_view ORDER BY v;
RESET ROLE;
UPDATE pg_class SET relforcerowsecurity = true WHERE oid = 'docs'::regclass;
SET ROLE sr_alice;
SELECT count(*) FROM docs;
RESET ROLE;
UPDATE pg_class SET relrowsecurity = false, relforcerowsecurity = false
WHERE oid = 'docs'::regclass;
SET ROLE sr_bob;
SELECT count(*) FROM docs;
RESET ROLE;

---------------------------------------------------------------------------
-- Local hypertables: the policies hold for every statement
---------------------------------------------------------------------------
CREATE TABLE notes (time timestamptz NOT NULL, owner name NOT NULL DEFAULT current_user, v int);
SELECT table_name FROM create_hypertable('notes', 'time', chunk_time_interval => interval '1 day');
CREATE TABLE plain_notes (time timestamptz NOT NULL, owner name NOT NULL DEFAULT current_user, v int);
INSERT INTO notes VALUES ('2024-01-01', 'sr_alice', 1), ('2024-01-02', 'sr_alice', 2),
                         ('2024-01-03', 'sr_bob', 3), ('2024-01-04', 'sr_bob', 0);
INSERT INTO plain_notes SELECT * FROM notes;
GRANT ALL ON notes, plain_notes TO sr_alice, sr_bob;
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE plain_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON notes USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY own ON plain_notes USING (owner = current_user) WITH CHECK (owner = current_user);
-- a leaky function: its NOTICE shows which rows it saw
CREATE FUNCTION peek(v int) RETURNS bool LANGUAGE plpgsql COST 0.0001 AS $$
BEGIN RAISE NOTICE 'saw %', v; RETURN true; END $$;
SET client_min_messages = notice;
SET ROLE sr_bob;
SELECT owner, v FROM notes WHERE peek(v) ORDER BY v;
SELECT owner, v FROM plain_notes WHERE peek(v) ORDER BY v;
-- 10 / (v - 1) fails on alice's row v = 1, which bob's query never reaches
SELECT count(*) FROM notes WHERE 10 / (v - 1) > 0;
UPDATE notes SET v = v + 10 WHERE peek(v);
DELETE FROM notes WHERE v = 1;
UPDATE notes SET owner = 'sr_alice';
INSERT INTO notes VALUES ('2024-01-05', 'sr_alice', 5);
INSERT INTO notes (time, v) VALUES ('2024-01-05', 5);
COPY notes (time, v) FROM STDIN;
2024-01-06	6
\.
RESET ROLE;
SET client_min_messages = warning;
SELECT owner, v FROM notes ORDER BY owner, v;

\c regression
DROP DATABASE sr_an;
DROP DATABASE sr_dn1;
DROP ROLE sr_alice;
DROP ROLE sr_bob;
