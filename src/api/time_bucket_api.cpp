// SQL entry points of time_bucket() (TimescaleDB 2.13 signatures): they read
// arguments, call core/time_bucket and turn a failed computation into an error.
// Offsets and time zones use PostgreSQL's own interval and zone arithmetic so
// that results match TimescaleDB's exactly. Every frame here holds only
// trivially destructible locals, so ereport may leave it directly.
#include "pg/pg.hpp"

#include "core/time_bucket.hpp"

extern "C"
{
#include "datatype/timestamp.h"
#include "utils/date.h"
#include "utils/timestamp.h"
}

using tsdist::core::BucketResult;
using tsdist::core::BucketStatus;
using tsdist::core::BucketWidth;

namespace
{

// The type a bucket is computed for; it decides the out-of-range message.
enum class ValueKind
{
	integer,
	timestamp,
	date,
};

// Raises the error for a bucket that could not be computed.
[[noreturn]] void
report_bucket_error(BucketStatus status, ValueKind kind)
{
	switch (status)
	{
		case BucketStatus::period_not_positive:
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			                errmsg("period must be greater than 0")));
			break;
		case BucketStatus::months_mixed_with_days:
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			                errmsg("month intervals cannot have day or time component")));
			break;
		case BucketStatus::width_out_of_range:
			ereport(ERROR,
			        (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("interval out of range"),
			         errdetail("A bucket width must be shorter than 106751992 days.")));
			break;
		case BucketStatus::date_width_below_one_day:
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			                errmsg("interval must not have sub-day precision")));
			break;
		case BucketStatus::date_width_not_whole_days:
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			                errmsg("interval must be a multiple of a day")));
			break;
		case BucketStatus::origin_not_finite:
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			                errmsg("invalid origin value: infinity")));
			break;
		case BucketStatus::out_of_range:
		case BucketStatus::ok:
			break;
	}
	if (kind == ValueKind::integer)
		ereport(ERROR,
		        (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("timestamp out of range")));
	ereport(ERROR,
	        (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
	         errmsg(kind == ValueKind::date ? "date out of range" : "timestamp out of range")));
	pg_unreachable();
}

// The bucket start, or an error when it could not be computed.
int64
bucket_value(BucketResult result, ValueKind kind)
{
	if (result.status != BucketStatus::ok)
		report_bucket_error(result.status, kind);
	return result.value;
}

// Argument n as a bucket width.
BucketWidth
width_arg(FunctionCallInfo fcinfo, int n)
{
	const Interval *interval = PG_GETARG_INTERVAL_P(n);
	return BucketWidth{interval->month, interval->day, interval->time};
}

// Buckets a timestamp (or a timestamptz in UTC); errors on failure.
Timestamp
bucket_timestamp_or_error(const BucketWidth &width, Timestamp ts, std::optional<int64_t> origin)
{
	return bucket_value(tsdist::core::bucket_timestamp(width, ts, origin), ValueKind::timestamp);
}

// Buckets a date; errors on failure.
DateADT
bucket_date_or_error(const BucketWidth &width, DateADT date, std::optional<int32_t> origin)
{
	return static_cast<DateADT>(
	    bucket_value(tsdist::core::bucket_date(width, date, origin), ValueKind::date));
}

// Integer bucket of a value of the range [min, max]; errors on failure.
int64
integer_bucket(int64 width, int64 value, int64 offset, int64 min, int64 max)
{
	return bucket_value(tsdist::core::bucket_integer(width, value, offset, min, max),
	                    ValueKind::integer);
}

} // namespace

// time_bucket(smallint, smallint[, "offset" smallint])
TSDIST_FUNCTION(tsdist_time_bucket_int16)
{
	int64 offset = PG_NARGS() > 2 ? PG_GETARG_INT16(2) : 0;
	PG_RETURN_INT16(static_cast<int16>(integer_bucket(PG_GETARG_INT16(0), PG_GETARG_INT16(1),
	                                                  offset, PG_INT16_MIN, PG_INT16_MAX)));
}

// time_bucket(integer, integer[, "offset" integer])
TSDIST_FUNCTION(tsdist_time_bucket_int32)
{
	int64 offset = PG_NARGS() > 2 ? PG_GETARG_INT32(2) : 0;
	PG_RETURN_INT32(static_cast<int32>(integer_bucket(PG_GETARG_INT32(0), PG_GETARG_INT32(1),
	                                                  offset, PG_INT32_MIN, PG_INT32_MAX)));
}

// time_bucket(bigint, bigint[, "offset" bigint])
TSDIST_FUNCTION(tsdist_time_bucket_int64)
{
	int64 offset = PG_NARGS() > 2 ? PG_GETARG_INT64(2) : 0;
	PG_RETURN_INT64(
	    integer_bucket(PG_GETARG_INT64(0), PG_GETARG_INT64(1), offset, PG_INT64_MIN, PG_INT64_MAX));
}

// time_bucket(interval, timestamp[, origin]) and the same for timestamptz:
// both are int64 microseconds, and timestamptz buckets are computed in UTC.
TSDIST_FUNCTION(tsdist_time_bucket_timestamp)
{
	std::optional<int64_t> origin;
	if (PG_NARGS() > 2)
		origin = PG_GETARG_TIMESTAMP(2);
	PG_RETURN_TIMESTAMP(
	    bucket_timestamp_or_error(width_arg(fcinfo, 0), PG_GETARG_TIMESTAMP(1), origin));
}

// time_bucket(interval, timestamp, "offset" interval): the bucket of ts - offset, plus offset.
TSDIST_FUNCTION(tsdist_time_bucket_timestamp_offset)
{
	Datum ts = PG_GETARG_DATUM(1);
	Datum offset = PG_GETARG_DATUM(2);
	if (TIMESTAMP_NOT_FINITE(DatumGetTimestamp(ts)))
		PG_RETURN_DATUM(ts);
	Timestamp shifted = DatumGetTimestamp(DirectFunctionCall2(timestamp_mi_interval, ts, offset));
	Timestamp start = bucket_timestamp_or_error(width_arg(fcinfo, 0), shifted, std::nullopt);
	PG_RETURN_DATUM(DirectFunctionCall2(timestamp_pl_interval, TimestampGetDatum(start), offset));
}

// time_bucket(interval, timestamptz, "offset" interval): like the timestamp
// version; the offset is applied in the session time zone (PostgreSQL's
// timestamptz - interval), as TimescaleDB does.
TSDIST_FUNCTION(tsdist_time_bucket_timestamptz_offset)
{
	Datum ts = PG_GETARG_DATUM(1);
	Datum offset = PG_GETARG_DATUM(2);
	if (TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(ts)))
		PG_RETURN_DATUM(ts);
	TimestampTz shifted =
	    DatumGetTimestampTz(DirectFunctionCall2(timestamptz_mi_interval, ts, offset));
	TimestampTz start = bucket_timestamp_or_error(width_arg(fcinfo, 0), shifted, std::nullopt);
	PG_RETURN_DATUM(
	    DirectFunctionCall2(timestamptz_pl_interval, TimestampTzGetDatum(start), offset));
}

// time_bucket(interval, timestamptz, timezone text, origin timestamptz = NULL,
// "offset" interval = NULL): buckets the wall-clock time in that zone. Not
// strict: a NULL origin or offset means none.
TSDIST_FUNCTION(tsdist_time_bucket_timezone)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	Datum zone = PG_GETARG_DATUM(2);
	bool has_origin = PG_NARGS() > 3 && !PG_ARGISNULL(3);
	bool has_offset = PG_NARGS() > 4 && !PG_ARGISNULL(4);
	Datum local = DirectFunctionCall2(timestamptz_zone, zone, PG_GETARG_DATUM(1));
	if (has_offset)
		local = DirectFunctionCall2(timestamp_mi_interval, local, PG_GETARG_DATUM(4));
	std::optional<int64_t> origin;
	if (has_origin)
		origin = DatumGetTimestamp(DirectFunctionCall2(timestamptz_zone, zone, PG_GETARG_DATUM(3)));
	Datum start = TimestampGetDatum(
	    bucket_timestamp_or_error(width_arg(fcinfo, 0), DatumGetTimestamp(local), origin));
	if (has_offset)
		start = DirectFunctionCall2(timestamp_pl_interval, start, PG_GETARG_DATUM(4));
	PG_RETURN_DATUM(DirectFunctionCall2(timestamp_zone, zone, start));
}

// time_bucket(interval, date[, origin date])
TSDIST_FUNCTION(tsdist_time_bucket_date)
{
	std::optional<int32_t> origin;
	if (PG_NARGS() > 2)
		origin = PG_GETARG_DATEADT(2);
	PG_RETURN_DATEADT(bucket_date_or_error(width_arg(fcinfo, 0), PG_GETARG_DATEADT(1), origin));
}

// time_bucket(interval, date, "offset" interval): the bucket of date - offset
// (a timestamp, floored to its date), plus offset, floored to a date again.
TSDIST_FUNCTION(tsdist_time_bucket_date_offset)
{
	Datum date = PG_GETARG_DATUM(1);
	Datum offset = PG_GETARG_DATUM(2);
	if (DATE_NOT_FINITE(DatumGetDateADT(date)))
		PG_RETURN_DATUM(date);
	Datum shifted = DirectFunctionCall2(date_mi_interval, date, offset);
	DateADT shifted_date = DatumGetDateADT(DirectFunctionCall1(timestamp_date, shifted));
	DateADT start = bucket_date_or_error(width_arg(fcinfo, 0), shifted_date, std::nullopt);
	Datum end = DirectFunctionCall2(date_pl_interval, DateADTGetDatum(start), offset);
	PG_RETURN_DATUM(DirectFunctionCall1(timestamp_date, end));
}
