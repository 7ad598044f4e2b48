-- COPY FROM into a hypertable: rows routed to chunks, count reported,
-- columns lists, WHERE, constraints, triggers, and the same rows as a plain table.
CREATE DATABASE hypertable_copy_db;
\c hypertable_copy_db
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
CREATE EXTENSION timescaledb_dist;
\set VERBOSITY default

CREATE TABLE readings (time timestamptz NOT NULL, device int NOT NULL, value float);
SELECT create_hypertable('readings', 'time', 'device', 3,
                         chunk_time_interval => interval '1 day');
CREATE TABLE plain (LIKE readings);

COPY readings FROM STDIN;
2020-01-01 00:00:00+00	1	1.5
2020-01-01 06:00:00+00	2	2.5
2020-01-02 00:00:00+00	3	3.5
2020-01-03 12:00:00+00	4	\N
\.
COPY readings (device, time) FROM STDIN WITH (FORMAT csv);
5,2020-01-04 00:00:00+00
6,2020-01-04 01:00:00+00
\.
COPY readings FROM STDIN WHERE device > 7;
2020-01-05 00:00:00+00	7	7
2020-01-05 00:00:00+00	8	8
\.
SELECT count(*) FROM ONLY readings;
SELECT tableoid::regclass, * FROM readings ORDER BY time, device;

INSERT INTO plain SELECT * FROM readings;
-- many rows over many chunks (batches are flushed per chunk)
COPY (SELECT '2020-01-01'::timestamptz + i * interval '17 minutes', i % 10, i
      FROM generate_series(1, 5000) i) TO '/tmp/hypertable_copy_db.csv' WITH (FORMAT csv);
COPY readings FROM '/tmp/hypertable_copy_db.csv' WITH (FORMAT csv);
COPY plain FROM '/tmp/hypertable_copy_db.csv' WITH (FORMAT csv);
SELECT count(*) FROM readings;
SELECT count(*) FROM plain;
SELECT count(*) FROM (SELECT * FROM readings EXCEPT ALL SELECT * FROM plain) d;
SELECT count(*) FROM (SELECT * FROM plain EXCEPT ALL SELECT * FROM readings) d;
SELECT count(*) AS chunks FROM show_chunks('readings');

-- errors: NULL time, constraint violations, bad data (whole COPY rolls back)
COPY readings FROM STDIN;
\N	1	1
\.
ALTER TABLE readings ADD CONSTRAINT value_limit CHECK (value < 100000);
COPY readings FROM STDIN;
2020-01-01 00:00:00+00	1	1
2020-01-01 00:00:00+00	1	100000
\.
COPY readings FROM STDIN;
2020-01-01 00:00:00+00	1	1
not a time	1	1
\.
SELECT count(*) FROM readings;

-- row triggers of the hypertable fire for COPY and INSERT rows
CREATE TABLE audit (op text, device int);
CREATE FUNCTION log_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit VALUES (TG_WHEN || ' ' || TG_LEVEL, NEW.device);
    IF TG_WHEN = 'BEFORE' THEN NEW.value := coalesce(NEW.value, 0) + 1000; END IF;
    RETURN NEW;
END $$;
CREATE FUNCTION log_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit VALUES (TG_WHEN || ' ' || TG_LEVEL, NULL);
    RETURN NULL;
END $$;
CREATE TRIGGER before_row BEFORE INSERT ON readings FOR EACH ROW EXECUTE FUNCTION log_row();
CREATE TRIGGER after_row AFTER INSERT ON readings FOR EACH ROW EXECUTE FUNCTION log_row();
CREATE TRIGGER after_stmt AFTER INSERT ON readings FOR EACH STATEMENT
    EXECUTE FUNCTION log_statement();
COPY readings FROM STDIN;
2020-01-01 00:00:00+00	91	1
2030-01-01 00:00:00+00	92	2
\.
INSERT INTO readings VALUES ('2020-01-01', 93, 3) RETURNING value;
SELECT * FROM audit ORDER BY op, device;
SELECT device, value FROM readings WHERE device > 90 ORDER BY device;

\c regression
DROP DATABASE hypertable_copy_db;
