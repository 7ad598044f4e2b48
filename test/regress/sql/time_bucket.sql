-- time_bucket(): TimescaleDB 2.13's signatures and semantics. Results are
-- compared with references computed by PostgreSQL itself (date_bin, date_trunc,
-- integer arithmetic) over many values; then NULL, infinity and every error.
CREATE DATABASE time_bucket;
\c time_bucket
SET client_min_messages = warning;
CREATE EXTENSION timescaledb_dist;
RESET client_min_messages;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';
\set VERBOSITY default

-- Signatures: plain C functions, immutable and parallel safe; strict except
-- the time zone variant (its origin and offset default to NULL).
SELECT p.oid::regprocedure AS function, pg_get_function_arguments(p.oid) AS arguments,
       p.prorettype::regtype AS returns, l.lanname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.proname = 'time_bucket'
ORDER BY pg_get_function_arguments(p.oid);

-- The planner treats them as ordinary immutable functions: constants fold,
-- nothing is inlined, and they can be indexed.
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time_bucket('1 day', timestamp '2020-01-01 12:00'),
       time_bucket('1 day', timestamptz '2020-01-01 12:00+00', 'Europe/Berlin');
CREATE TABLE metrics (ts timestamptz NOT NULL, day date, n bigint);
CREATE INDEX metrics_bucket ON metrics (time_bucket('1 day', ts));
CREATE INDEX metrics_local_bucket ON metrics (time_bucket('1 day', ts, 'Europe/Berlin'));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT * FROM metrics WHERE time_bucket('1 day', ts) = '2020-01-01';
RESET enable_seqscan;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT time_bucket('1 day', ts, interval '1 hour'), time_bucket(10, n, 3),
       time_bucket('1 week', day, date '2000-01-02')
FROM metrics;
DROP TABLE metrics;

-- Readable examples. Weekly buckets start on Mondays (origin 2000-01-03);
-- month buckets count months from 2000-01.
SELECT time_bucket('1 week', timestamp '2000-01-01') AS saturday_to_monday,
       time_bucket('1 week', date '2024-05-19') AS sunday_to_monday,
       time_bucket('15 minutes', timestamp '2020-05-17 10:37:12.345678') AS quarter_hour,
       time_bucket('1 day', timestamp '1999-12-31 23:59:59.999999') AS before_origin,
       time_bucket('1 day', timestamp '0500-06-15 12:00 BC') AS bc;
SELECT time_bucket('1 month', timestamp '2000-03-15 10:00') AS month,
       time_bucket('3 months', date '2000-05-20') AS quarter,
       time_bucket('1 year', timestamptz '1999-07-04 12:00+00') AS year,
       time_bucket('5 months', timestamp '1999-12-31 23:59') AS five_months,
       time_bucket('12 months', timestamp '0002-06-01 BC') AS year_2_bc;
SELECT time_bucket('1 hour', timestamp '2000-01-01 00:10', timestamp '2000-01-01 00:30') AS origin,
       time_bucket('1 week', date '2024-05-15', date '2000-01-02') AS sunday_weeks,
       time_bucket('2 months', timestamp '2000-01-31', timestamp '2000-02-15 12:00') AS month_origin,
       time_bucket('1 hour', timestamp '2000-01-01 00:10', interval '30 minutes') AS offset_ts,
       time_bucket('1 month', date '2000-03-31', interval '1 day') AS offset_date,
       time_bucket('1 day', date '2020-01-01', interval '1 hour') AS sub_day_offset;
SELECT time_bucket(10, 23) AS int4, time_bucket(10, -3) AS negative,
       time_bucket(10::smallint, 23::smallint, 2::smallint) AS int2_offset,
       time_bucket(10::bigint, 23::bigint, -12::bigint) AS int8_offset,
       time_bucket(8::smallint, (-32768)::smallint) AS int2_min,
       time_bucket(10::bigint, 9223372036854775807) AS int8_max;
-- timestamptz buckets are computed in UTC, whatever the session time zone;
-- the time zone variant buckets local wall-clock time (DST included).
SET timezone = 'America/New_York';
SELECT time_bucket('1 day', timestamptz '2023-03-26 12:00+00') AS utc_day,
       time_bucket('1 month', timestamptz '2023-03-01 02:00+00') AS utc_month;
SET timezone = 'UTC';
SELECT time_bucket('1 day', timestamptz '2023-03-25 12:00+00', 'Europe/Berlin') AS before_dst,
       time_bucket('1 day', timestamptz '2023-03-26 12:00+00', 'Europe/Berlin') AS dst_day,
       time_bucket('1 day', timestamptz '2023-03-27 12:00+00', 'Europe/Berlin') AS after_dst,
       time_bucket('1 month', timestamptz '2023-03-31 23:30+00', 'Europe/Berlin') AS local_month;
SELECT time_bucket('1 day', timestamptz '2023-03-26 12:00+00', 'Europe/Berlin',
                   origin => '2000-01-01 06:00+01') AS origin,
       time_bucket('1 day', timestamptz '2023-03-26 12:00+00', 'Europe/Berlin',
                   "offset" => '6 hours') AS "offset",
       time_bucket('1 day', timestamptz '2023-03-26 12:00+00', 'Europe/Berlin',
                   '2000-01-01 00:00+01', '6 hours') AS both,
       time_bucket('1 day', timestamptz '2023-03-26 12:00+00', 'Europe/Berlin', NULL, NULL)
           AS null_defaults;

-- Values for the comparisons: irregular steps across 2000-01-01, a wide
-- modern range, years before the common era, and exact boundaries.
CREATE TABLE ts_values AS
SELECT ts FROM generate_series(timestamp '1999-11-20', '2000-03-10',
                               interval '1 hour 7 minutes 13.000017 seconds') ts
UNION ALL
SELECT ts FROM generate_series(timestamp '1900-01-01', '2100-01-01',
                               interval '17 days 3 hours 1 minute 7 seconds') ts
UNION ALL
SELECT ts FROM generate_series(timestamp '0400-01-01 BC', '0400-01-01',
                               interval '1013 days 5 hours 3 minutes') ts
UNION ALL
SELECT ts::timestamp FROM (VALUES ('2000-01-03 00:00'), ('2000-01-02 23:59:59.999999'),
    ('2000-01-01 00:00'), ('1999-12-31 23:59:59.999999'), ('1970-01-01'),
    ('1969-12-31 23:59:59.999999'), ('0001-01-01'), ('0001-12-31 23:59:59.999999 BC'),
    ('2000-02-29 12:00'), ('2100-03-01')) v(ts);
CREATE TABLE widths (w interval);
INSERT INTO widths VALUES ('1 microsecond'), ('1 second'), ('7 seconds'), ('1 minute'),
    ('15 minutes'), ('1 hour'), ('90 minutes'), ('1 day'), ('1 day 1 hour'), ('3 days'),
    ('1 week'), ('2 weeks'), ('30 days'), ('1000 days'), ('1 day -1 hour');
CREATE TABLE origins (o timestamp);
INSERT INTO origins VALUES ('2000-01-01'), ('1999-12-31 17:45:12.5'), ('2100-06-06 06:06'),
    ('0100-01-01 BC'), ('2000-01-03');
CREATE TABLE month_widths (n int);
INSERT INTO month_widths VALUES (1), (2), (3), (5), (7), (12), (18), (120);
-- Month number (year * 12 + month - 1) of a timestamp from year 1 on.
CREATE FUNCTION month_no(t timestamp) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT extract(year FROM t)::int * 12 + extract(month FROM t)::int - 1 $$;
-- The first day of a month number.
CREATE FUNCTION month_start(m int) RETURNS timestamp LANGUAGE sql IMMUTABLE
    AS $$ SELECT make_date(m / 12, m % 12 + 1, 1)::timestamp $$;
SELECT count(*) AS values FROM ts_values;

-- Fixed widths: date_bin with the same origin.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(w, ts) IS DISTINCT FROM
                              date_bin(w, ts, timestamp '2000-01-03')) AS timestamp_differ,
       count(*) FILTER (WHERE time_bucket(w, ts::timestamptz) IS DISTINCT FROM
                              date_bin(w, ts::timestamptz, timestamptz '2000-01-03+00'))
           AS timestamptz_differ
FROM ts_values, widths;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(w, ts, o) IS DISTINCT FROM date_bin(w, ts, o))
           AS origin_differ,
       count(*) FILTER (WHERE time_bucket(w, ts, o - timestamp '2000-01-03')
                              IS DISTINCT FROM date_bin(w, ts, o)) AS offset_differ
FROM ts_values, widths, origins;

-- Month widths: date_trunc where it applies, month arithmetic otherwise.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket('1 month', ts) <> date_trunc('month', ts)) AS month,
       count(*) FILTER (WHERE time_bucket('3 months', ts) <> date_trunc('quarter', ts)) AS quarter,
       count(*) FILTER (WHERE time_bucket('1 year', ts) <> date_trunc('year', ts)) AS year,
       count(*) FILTER (WHERE time_bucket('1 month', ts::date) <> date_trunc('month', ts)::date)
           AS date_month,
       count(*) FILTER (WHERE time_bucket('1 year', ts::timestamptz)
                              <> date_trunc('year', ts::timestamptz, 'UTC')) AS timestamptz_year
FROM ts_values;
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(make_interval(months => n), ts)
           <> month_start(month_no(ts) - ((month_no(ts) - 24000) % n + n) % n)) AS default_origin,
       count(*) FILTER (WHERE time_bucket(make_interval(months => n), ts, o)
           <> month_start(month_no(ts) - ((month_no(ts) - month_no(o)) % n + n) % n))
           AS with_origin,
       count(*) FILTER (WHERE time_bucket(make_interval(months => n), ts::date, o::date)
           <> month_start(month_no(ts) - ((month_no(ts) - month_no(o)) % n + n) % n)::date)
           AS date_with_origin
FROM ts_values, month_widths, origins
WHERE ts >= '0100-01-01' AND o >= '0001-01-01';

-- Dates: whole-day widths against date_bin on midnight.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(make_interval(days => n), ts::date)
           <> date_bin(make_interval(days => n), ts::date::timestamp, '2000-01-03')::date)
           AS default_origin,
       count(*) FILTER (WHERE time_bucket(make_interval(days => n), ts::date, date '1999-12-29')
           <> date_bin(make_interval(days => n), ts::date::timestamp, '1999-12-29')::date)
           AS with_origin
FROM ts_values, generate_series(1, 40, 3) n;

-- Offsets: the bucket of ts - offset, plus the offset (months and days in the
-- offset follow PostgreSQL's calendar arithmetic).
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(w, ts, off)
           <> date_bin(w, ts - off, timestamp '2000-01-03') + off) AS timestamp_differ,
       count(*) FILTER (WHERE time_bucket(w, ts::timestamptz, off)
           <> date_bin(w, ts::timestamptz - off, timestamptz '2000-01-03+00') + off)
           AS timestamptz_differ
FROM ts_values, widths,
     (VALUES (interval '0'), ('90 minutes'), ('-3 days 2 hours'), ('1 month 1 second')) v(off);
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket('1 month', ts, off)
           <> date_trunc('month', ts - off) + off) AS month_offset
FROM ts_values, (VALUES (interval '1 day'), ('-10 days 3 hours'), ('2 months')) v(off);

-- The time zone variant: local wall-clock buckets in zones with DST.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(w, ts::timestamptz, tz)
           <> date_bin(w, ts::timestamptz AT TIME ZONE tz, '2000-01-03') AT TIME ZONE tz)
           AS fixed_differ,
       count(*) FILTER (WHERE time_bucket(w, ts::timestamptz, tz, origin => '2000-01-01 05:00+00')
           <> date_bin(w, ts::timestamptz AT TIME ZONE tz,
                       timestamptz '2000-01-01 05:00+00' AT TIME ZONE tz) AT TIME ZONE tz)
           AS origin_differ,
       count(*) FILTER (WHERE time_bucket(w, ts::timestamptz, tz, "offset" => '2 hours')
           <> (date_bin(w, (ts::timestamptz AT TIME ZONE tz) - interval '2 hours', '2000-01-03')
               + interval '2 hours') AT TIME ZONE tz) AS offset_differ
FROM ts_values, widths, (VALUES ('Europe/Berlin'), ('America/New_York'), ('Asia/Kolkata')) z(tz)
WHERE ts >= '1900-01-01';
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket('1 month', ts::timestamptz, tz)
           <> date_trunc('month', ts::timestamptz, tz)) AS month_differ,
       count(*) FILTER (WHERE time_bucket('1 year', ts::timestamptz, tz)
           <> date_trunc('year', ts::timestamptz, tz)) AS year_differ
FROM ts_values, (VALUES ('Europe/Berlin'), ('America/New_York'), ('Asia/Kolkata')) z(tz)
WHERE ts >= '1900-01-01';

-- Integers: floor((value - offset) / width) * width + offset.
SELECT count(*) AS compared,
       count(*) FILTER (WHERE time_bucket(w::smallint, v::smallint, o::smallint)
           <> v - (((v - o) % w) + w) % w) AS int2_differ,
       count(*) FILTER (WHERE time_bucket(w, v, o) <> v - (((v - o) % w) + w) % w) AS int4_differ,
       count(*) FILTER (WHERE time_bucket(w::bigint, v::bigint * 1000003, o::bigint)
           <> v::bigint * 1000003 - (((v::bigint * 1000003 - o) % w) + w) % w) AS int8_differ,
       count(*) FILTER (WHERE time_bucket(w, v) <> v - ((v % w) + w) % w) AS no_offset_differ
FROM generate_series(-1000, 1000, 7) v, (VALUES (1), (2), (3), (7), (10), (100)) a(w),
     (VALUES (0), (1), (-4), (15), (-150)) b(o);

DROP FUNCTION month_no(timestamp), month_start(int);
DROP TABLE ts_values, widths, origins, month_widths;

-- NULL in, NULL out.
SELECT time_bucket(NULL::interval, now()) IS NULL AS width,
       time_bucket('1 day', NULL::timestamp) IS NULL AS ts,
       time_bucket('1 day', NULL::date, date '2000-01-01') IS NULL AS date_origin,
       time_bucket('1 day', now(), NULL::interval) IS NULL AS "offset",
       time_bucket(NULL::int, 5) IS NULL AS int4,
       time_bucket(10::smallint, 5::smallint, NULL::smallint) IS NULL AS int2_offset,
       time_bucket('1 day', NULL::timestamptz, 'UTC') IS NULL AS tz_ts,
       time_bucket('1 day', now(), NULL::text) IS NULL AS tz_zone,
       time_bucket(NULL, now(), 'UTC') IS NULL AS tz_width;

-- Infinity passes through every variant.
SELECT time_bucket('1 day', timestamp 'infinity') AS ts,
       time_bucket('1 month', timestamptz '-infinity') AS tstz,
       time_bucket('1 week', date 'infinity', date '2000-01-01') AS date,
       time_bucket('1 day', timestamp '-infinity', interval '1 hour') AS ts_offset,
       time_bucket('1 day', timestamptz 'infinity', interval '1 hour') AS tstz_offset,
       time_bucket('1 day', date '-infinity', interval '1 day') AS date_offset,
       time_bucket('1 day', timestamptz 'infinity', 'Europe/Berlin') AS tz;

-- Errors.
SELECT time_bucket(0, 5);
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket(-1::smallint, 5::smallint);
SELECT time_bucket(0::bigint, 5::bigint, 1::bigint);
SELECT time_bucket('0', timestamp '2000-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('-1 hour', timestamptz '2000-01-01');
SELECT time_bucket('1 day -24 hours', timestamp '2000-01-01');
SELECT time_bucket('-1 month', date '2000-01-01');
SELECT time_bucket('0', timestamp '2000-01-01', interval '1 hour');
SELECT time_bucket('0', timestamptz '2000-01-01', 'Europe/Berlin');
SELECT time_bucket('-7 days', date '2000-01-01');
SELECT time_bucket('1 month 1 day', timestamp '2000-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 year 2 hours', date '2000-01-01');
SELECT time_bucket('-1 month 1 hour', timestamptz '2000-01-01', 'UTC');
SELECT time_bucket('200000000 days', timestamp '2000-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 hour', date '2000-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('36 hours', date '2000-01-01');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 day', timestamp '2000-01-01', timestamp 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 month', timestamptz '2000-01-01', timestamptz '-infinity');
SELECT time_bucket('1 day', date '2000-01-01', date 'infinity');
SELECT time_bucket('1 day', timestamptz '2000-01-01', 'UTC', origin => 'infinity');
-- Out of range: the bucket of 4714-11-24 BC by two weeks starts before it.
SELECT time_bucket('2 weeks', timestamp '4714-11-24 00:00 BC');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 month', timestamptz '4714-11-24 00:00+00 BC');
SELECT time_bucket('2 weeks', date '4714-11-24 BC');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket(10::smallint, (-32768)::smallint);
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket(10::smallint, 32767::smallint, -5::smallint);
SELECT time_bucket(10, (-2147483648)::int);
SELECT time_bucket(10::bigint, (-9223372036854775808)::bigint);
-- PostgreSQL's own range check, when the offset leaves the timestamp range.
SELECT time_bucket('1 day', timestamp '294276-12-31', interval '-10 days');
\echo :LAST_ERROR_SQLSTATE
SELECT time_bucket('1 day', now(), 'Mars/Olympus_Mons');

\c regression
DROP DATABASE time_bucket;
