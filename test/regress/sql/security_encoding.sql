-- Issue 9 item 7: values reach the data nodes exactly as the access node
-- stores them, whatever the client_encoding (LATIN1, WIN1252, SQL_ASCII; every
-- database is UTF8). Each write (INSERT with a literal, PREPARE/EXECUTE, COPY
-- text and csv) goes to a distributed hypertable d and to a plain table l;
-- both must hold the same bytes as the reference strings, on the access node
-- and on the data node itself. Non-ASCII text is only printed as hex or
-- compared in SQL, so this file's output is pure ASCII. Statements carrying
-- non-ASCII text are built by the server (\gexec) and so travel in the client
-- encoding; COPY data comes from printf's octal escapes.
\set VERBOSITY terse
CREATE DATABASE security_encoding_an;
\c security_encoding_an
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
SELECT node_name FROM add_data_node('dn1', host => '127.0.0.1', database => 'security_encoding_dn1');
SELECT node_name FROM add_data_node('dn2', host => '127.0.0.1', database => 'security_encoding_dn2');

-- Reference strings: id 1..3 exist in LATIN1, id 4 (euro sign) only in WIN1252.
CREATE TABLE ref (id int PRIMARY KEY, s text);
INSERT INTO ref VALUES (1, U&'caf\00e9'), (2, U&'\00fcber'), (3, U&'Stra\00dfe'), (4, U&'\20ac 5');

-- The space dimension is a text[]: its hash goes through array_send, so it
-- must not depend on the client encoding either.
CREATE TABLE d (time timestamptz NOT NULL, enc text, method text, id int, s text, a text[] NOT NULL);
SELECT table_name FROM create_distributed_hypertable('d', 'time', 'a', 2);
CREATE TABLE l (LIKE d);

-- Writes every reference row whose string exists in encoding :enc, four ways.
\set write 'SELECT format(''INSERT INTO %s VALUES (''''2024-01-01'''', %L, ''''literal'''', %s, %L, ARRAY[%L])'', t, :''enc'', id, s, s) FROM ref, unnest(ARRAY[''d'', ''l'']) t WHERE id <= :maxid ORDER BY t, id \\gexec'
\set prepare 'SELECT format(''PREPARE ins_%s(text, int, text, text[]) AS INSERT INTO %s VALUES (''''2024-01-02'''', $1, ''''prepared'''', $2, $3, $4)'', t, t) FROM unnest(ARRAY[''d'', ''l'']) t \\gexec'
\set execute 'SELECT format(''EXECUTE ins_%s(%L, %s, %L, ARRAY[%L])'', t, :''enc'', id, s, s) FROM ref, unnest(ARRAY[''d'', ''l'']) t WHERE id <= :maxid ORDER BY t, id \\gexec'
\set deallocate 'DEALLOCATE ALL;'

-- LATIN1: e-acute \351, u-umlaut \374, sharp s \337.
SET client_encoding = LATIN1;
\set enc LATIN1
\set maxid 3
\set ECHO none
:write
:prepare
:execute
\set ECHO all
:deallocate
\copy d (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tLATIN1\tcopy_text\t1\tcaf\351\t{caf\351}\n2024-01-03\tLATIN1\tcopy_text\t2\t\374ber\t{\374ber}\n2024-01-03\tLATIN1\tcopy_text\t3\tStra\337e\t{Stra\337e}\n"'
\copy l (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tLATIN1\tcopy_text\t1\tcaf\351\t{caf\351}\n2024-01-03\tLATIN1\tcopy_text\t2\t\374ber\t{\374ber}\n2024-01-03\tLATIN1\tcopy_text\t3\tStra\337e\t{Stra\337e}\n"'
\copy d (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-04,LATIN1,copy_csv,1,caf\351,{caf\351}\n2024-01-04,LATIN1,copy_csv,3,Stra\337e,{Stra\337e}\n"' WITH (FORMAT csv)
\copy l (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-04,LATIN1,copy_csv,1,caf\351,{caf\351}\n2024-01-04,LATIN1,copy_csv,3,Stra\337e,{Stra\337e}\n"' WITH (FORMAT csv)
-- Read back in LATIN1: the value psql received, sent back, is the reference.
SELECT s AS got FROM d WHERE enc = 'LATIN1' AND method = 'copy_text' AND id = 1 \gset
SELECT :'got' = s AS read_back_latin1 FROM ref WHERE id = 1;
SELECT max(s) AS got FROM d WHERE enc = 'LATIN1' AND id = 2 \gset
SELECT :'got' = s AS partial_aggregate_latin1 FROM ref WHERE id = 2;
\set ECHO none
SELECT format('SELECT count(*) AS filtered_latin1 FROM d WHERE s = %L', s) FROM ref WHERE id = 3 \gexec
\set ECHO all

-- WIN1252: also the euro sign \200.
SET client_encoding = WIN1252;
\set enc WIN1252
\set maxid 4
\set ECHO none
:write
:prepare
:execute
\set ECHO all
:deallocate
\copy d (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tWIN1252\tcopy_text\t4\t\200 5\t{\200 5}\n2024-01-03\tWIN1252\tcopy_text\t1\tcaf\351\t{caf\351}\n"'
\copy l (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tWIN1252\tcopy_text\t4\t\200 5\t{\200 5}\n2024-01-03\tWIN1252\tcopy_text\t1\tcaf\351\t{caf\351}\n"'
\copy d (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-04,WIN1252,copy_csv,4,\200 5,{\200 5}\n"' WITH (FORMAT csv)
\copy l (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-04,WIN1252,copy_csv,4,\200 5,{\200 5}\n"' WITH (FORMAT csv)
SELECT s AS got FROM d WHERE enc = 'WIN1252' AND method = 'literal' AND id = 4 \gset
SELECT :'got' = s AS read_back_win1252 FROM ref WHERE id = 4;
\set ECHO none
SELECT format('SELECT count(*) AS filtered_win1252 FROM d WHERE s = %L', s) FROM ref WHERE id = 4 \gexec
\set ECHO all

-- SQL_ASCII: no conversion at all, psql sends the UTF-8 bytes as they are.
SET client_encoding = SQL_ASCII;
\set enc SQL_ASCII
\set ECHO none
:write
:prepare
:execute
\set ECHO all
:deallocate
\copy d (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tSQL_ASCII\tcopy_text\t4\t\342\202\254 5\t{\342\202\254 5}\n2024-01-03\tSQL_ASCII\tcopy_text\t1\tcaf\303\251\t{caf\303\251}\n"'
\copy l (time, enc, method, id, s, a) FROM PROGRAM 'printf "2024-01-03\tSQL_ASCII\tcopy_text\t4\t\342\202\254 5\t{\342\202\254 5}\n2024-01-03\tSQL_ASCII\tcopy_text\t1\tcaf\303\251\t{caf\303\251}\n"'
RESET client_encoding;

-- Every row arrived, in both tables, with the reference bytes.
SELECT enc, method, count(*) FROM d GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS rows_differing_from_local
FROM (SELECT enc, method, id, s, a FROM d EXCEPT SELECT enc, method, id, s, a FROM l) x;
SELECT count(*) AS local_rows_not_in_distributed
FROM (SELECT enc, method, id, s, a FROM l EXCEPT SELECT enc, method, id, s, a FROM d) x;
SELECT d.enc, d.method, d.id, encode(convert_to(d.s, 'UTF8'), 'hex') AS stored
FROM d JOIN ref r USING (id)
WHERE d.s IS DISTINCT FROM r.s OR d.a IS DISTINCT FROM ARRAY[r.s];
SELECT id, encode(convert_to(s, 'UTF8'), 'hex') AS utf8_hex FROM ref ORDER BY id;
-- Space exclusion computes the hash of each value now: every row is found
-- in the partition its hash names.
SELECT r.id, count(d.*) AS found
FROM ref r LEFT JOIN d ON d.a = ARRAY[r.s] GROUP BY r.id ORDER BY r.id;
SELECT r.id, (SELECT count(*) FROM d WHERE a = ARRAY[r.s]) AS found_by_partition FROM ref r ORDER BY r.id;

-- What the data nodes store, read directly on them.
CREATE FUNCTION node_bytes()
RETURNS TABLE(node name, result text) LANGUAGE sql AS $$
    SELECT node_name, result FROM _timescaledb_dist_functions.data_node_query_all(
        'SELECT count(*) || '' '' || string_agg(DISTINCT encode(convert_to(s, ''UTF8''), ''hex''), '','' ORDER BY encode(convert_to(s, ''UTF8''), ''hex'')) FROM public.d')
    ORDER BY 1
$$;
SELECT * FROM node_bytes();
\c security_encoding_dn1
SELECT count(*) AS dn1_rows_not_in_reference FROM d WHERE s NOT IN
    (U&'caf\00e9', U&'\00fcber', U&'Stra\00dfe', U&'\20ac 5');
\c security_encoding_dn2
SELECT count(*) AS dn2_rows_not_in_reference FROM d WHERE s NOT IN
    (U&'caf\00e9', U&'\00fcber', U&'Stra\00dfe', U&'\20ac 5');
\c security_encoding_an

-- Errors raised on a data node carry its text unchanged.
DO $$
DECLARE msg text;
BEGIN
    CALL distributed_exec(format('DO $x$ BEGIN RAISE EXCEPTION %L, %L; END $x$', 'bad %', U&'caf\00e9'),
                          node_list => '{dn1}');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
    RAISE WARNING 'node message exact: %', msg = '[dn1]: bad ' || U&'caf\00e9';
END $$;
-- The remote SQL of EXPLAIN carries the constant in the database encoding.
CREATE FUNCTION remote_sql_has(q text, needle text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        IF line LIKE '%Remote SQL%' AND position(needle IN line) > 0 THEN RETURN true; END IF;
    END LOOP;
    RETURN false;
END $$;
SET client_encoding = LATIN1;
SELECT remote_sql_has(format('SELECT * FROM d WHERE s = %L', s), s) AS explain_latin1 FROM ref WHERE id = 1;
RESET client_encoding;

-- A data node whose database has another encoding is refused.
\c regression
CREATE DATABASE security_encoding_latin1 ENCODING LATIN1 LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c security_encoding_latin1
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
\c security_encoding_an
SELECT node_name FROM add_data_node('dn_latin1', host => '127.0.0.1',
    database => 'security_encoding_latin1', bootstrap => false);
-- Also when an existing data node is pointed at one.
SELECT node_name FROM add_data_node('dn3', host => '127.0.0.1', database => 'security_encoding_dn3');
SELECT database FROM alter_data_node('dn3', database => 'security_encoding_latin1');
SELECT * FROM _timescaledb_dist_functions.data_node_query_all('SELECT 1') ORDER BY 1;
CALL distributed_exec('SELECT 1', node_list => '{dn3}');

\c regression
DROP DATABASE security_encoding_an;
DROP DATABASE security_encoding_dn1;
DROP DATABASE security_encoding_dn2;
DROP DATABASE security_encoding_dn3;
DROP DATABASE security_encoding_latin1;
