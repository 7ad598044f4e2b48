-- time_bucket(): TimescaleDB 2.13's signatures, in the extension schema.
-- Plain C functions, IMMUTABLE and PARALLEL SAFE (so the planner folds
-- constants, allows them in index expressions and may ship them to data nodes);
-- all STRICT except the time zone variant, whose origin and offset default to NULL.

CREATE FUNCTION time_bucket(bucket_width smallint, ts smallint) RETURNS smallint
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int16' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width integer, ts integer) RETURNS integer
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int32' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width bigint, ts bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int64' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width smallint, ts smallint, "offset" smallint)
    RETURNS smallint
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int16' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width integer, ts integer, "offset" integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int32' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width bigint, ts bigint, "offset" bigint)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_int64' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- timestamptz is bucketed in UTC (both types are microseconds; one C function).
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp) RETURNS timestamp
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts date) RETURNS date
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp, origin timestamp)
    RETURNS timestamp
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, origin timestamptz)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts date, origin date) RETURNS date
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamp, "offset" interval)
    RETURNS timestamp
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamp_offset'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, "offset" interval)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timestamptz_offset'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION time_bucket(bucket_width interval, ts date, "offset" interval) RETURNS date
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_date_offset'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz, timezone text,
    origin timestamptz DEFAULT NULL, "offset" interval DEFAULT NULL) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'tsdist_time_bucket_timezone' LANGUAGE C IMMUTABLE PARALLEL SAFE;
