// Conversions between time column values, intervals and internal int64s.
#include "pg/pg.hpp"
#include "hypertable/dimension_value.hpp"
#include "core/time_slice.hpp"

extern "C"
{
#include "access/xact.h"
#include "datatype/timestamp.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
}

namespace tsdist::hypertable
{

bool
is_integer_time_type(Oid type)
{
	return type == INT2OID || type == INT4OID || type == INT8OID;
}

bool
is_valid_time_type(Oid type)
{
	return type == TIMESTAMPTZOID || type == TIMESTAMPOID || type == DATEOID ||
	       is_integer_time_type(type);
}

int64
time_value_to_internal(Datum value, Oid type)
{
	switch (type)
	{
		case TIMESTAMPTZOID:
		case TIMESTAMPOID:
			return core::pg_timestamp_to_unix_usec(DatumGetTimestamp(value));
		case DATEOID:
			return core::pg_date_to_unix_usec(DatumGetDateADT(value));
		case INT2OID:
			return DatumGetInt16(value);
		case INT4OID:
			return DatumGetInt32(value);
		case INT8OID:
			return DatumGetInt64(value);
		default:
			elog(ERROR, "unsupported time type %u", type);
	}
	pg_unreachable();
}

// Quoted literal of `value` (of `type`) with an explicit cast.
static char *
typed_literal(Datum value, Oid type)
{
	Oid out;
	bool varlena;
	getTypeOutputInfo(type, &out, &varlena);
	return psprintf("%s::%s", quote_literal_cstr(OidOutputFunctionCall(out, value)),
	                format_type_be(type));
}

// Literal of an integer bound if it fits the column type, else NULL.
static char *
integer_bound(int64 v, int64 min, int64 max)
{
	if (v < min || v > max)
		return NULL;
	return psprintf(INT64_FORMAT, v);
}

char *
time_bound_literal(int64 internal, Oid type)
{
	if (internal == core::kTimeMin || internal == core::kTimeMax)
		return NULL;
	switch (type)
	{
		case TIMESTAMPTZOID:
		case TIMESTAMPOID:
		{
			Timestamp ts = core::unix_usec_to_pg_timestamp(internal);
			return IS_VALID_TIMESTAMP(ts) ? typed_literal(TimestampGetDatum(ts), type) : NULL;
		}
		case DATEOID:
		{
			int64 d = core::unix_usec_to_pg_date_ceil(internal);
			if (d < DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE ||
			    d >= DATE_END_JULIAN - POSTGRES_EPOCH_JDATE)
				return NULL;
			return typed_literal(DateADTGetDatum((DateADT) d), type);
		}
		case INT2OID:
			return integer_bound(internal, PG_INT16_MIN, PG_INT16_MAX);
		case INT4OID:
			return integer_bound(internal, PG_INT32_MIN, PG_INT32_MAX);
		default:
			return integer_bound(internal, PG_INT64_MIN, PG_INT64_MAX);
	}
}

bool
time_bound_datum(int64 internal, Oid type, Datum *out)
{
	if (internal == core::kTimeMin || internal == core::kTimeMax)
		return false;
	switch (type)
	{
		case TIMESTAMPTZOID:
		case TIMESTAMPOID:
		{
			Timestamp ts = core::unix_usec_to_pg_timestamp(internal);
			*out = TimestampGetDatum(ts);
			return IS_VALID_TIMESTAMP(ts);
		}
		case DATEOID:
		{
			int64 d = core::unix_usec_to_pg_date_ceil(internal);
			*out = DateADTGetDatum((DateADT) d);
			return d >= DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE &&
			       d < DATE_END_JULIAN - POSTGRES_EPOCH_JDATE;
		}
		case INT2OID:
			*out = Int16GetDatum((int16) internal);
			return internal >= PG_INT16_MIN && internal <= PG_INT16_MAX;
		case INT4OID:
			*out = Int32GetDatum((int32) internal);
			return internal >= PG_INT32_MIN && internal <= PG_INT32_MAX;
		default:
			*out = Int64GetDatum(internal);
			return true;
	}
}

// Largest interval a column of `coltype` accepts.
static int64
max_interval(Oid coltype)
{
	if (coltype == INT2OID)
		return PG_INT16_MAX;
	if (coltype == INT4OID)
		return PG_INT32_MAX;
	return PG_INT64_MAX;
}

// Value of an integer-typed Datum.
static int64
integer_datum(Datum value, Oid type)
{
	return type == INT2OID ? DatumGetInt16(value)
	                       : (type == INT4OID ? DatumGetInt32(value) : DatumGetInt64(value));
}

// An interval Datum as µs; months count as 30 days (as TimescaleDB).
static int64
interval_usec(Interval *iv)
{
	int64 days = (int64) iv->month * DAYS_PER_MONTH + iv->day;
	return core::saturating_add(core::saturating_mul(days, USECS_PER_DAY), iv->time);
}

int64
interval_to_internal(Datum value, Oid argtype, Oid coltype, const char *colname)
{
	int64 result;
	if (is_integer_time_type(argtype))
		result = integer_datum(value, argtype);
	else if (argtype == INTERVALOID && !is_integer_time_type(coltype))
		result = interval_usec(DatumGetIntervalP(value));
	else if ((argtype == TEXTOID || argtype == UNKNOWNOID) && !is_integer_time_type(coltype))
		result = interval_usec(DatumGetIntervalP(
		    DirectFunctionCall3(interval_in,
		                        CStringGetDatum(argtype == TEXTOID ? TextDatumGetCString(value)
		                                                           : DatumGetCString(value)),
		                        ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1))));
	else
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid interval type for %s dimension", format_type_be(coltype)),
		                errhint(is_integer_time_type(coltype)
		                            ? "Use an interval of type integer."
		                            : "Use an interval of type integer or interval."),
		                errdetail("Column \"%s\" has type %s and the interval has type %s.",
		                          colname, format_type_be(coltype), format_type_be(argtype))));
	int64 max = max_interval(coltype);
	if (result <= 0 || result > max)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		                errmsg("invalid interval: must be between 1 and " INT64_FORMAT, max)));
	return result;
}

int64
default_interval(Oid coltype, const char *colname)
{
	if (is_integer_time_type(coltype))
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		         errmsg("integer dimensions require an explicit interval"),
		         errhint("Pass chunk_time_interval for column \"%s\", e.g. 100000.", colname)));
	return 7 * USECS_PER_DAY;
}

// Converts a time Datum between timestamptz, timestamp and date.
static Datum
convert_time(Datum value, Oid from, Oid to)
{
	if (from == to)
		return value;
	if (from == DATEOID)
		return DirectFunctionCall1(to == TIMESTAMPOID ? date_timestamp : date_timestamptz, value);
	if (from == TIMESTAMPOID)
		return DirectFunctionCall1(to == DATEOID ? timestamp_date : timestamp_timestamptz, value);
	return DirectFunctionCall1(to == DATEOID ? timestamptz_date : timestamptz_timestamp, value);
}

int64
cutoff_to_internal(Datum value, Oid argtype, Oid coltype, const char *argname)
{
	bool col_is_int = is_integer_time_type(coltype);
	if (col_is_int && is_integer_time_type(argtype))
		return integer_datum(value, argtype);
	if (!col_is_int && argtype == INTERVALOID)
	{
		Datum now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		Datum cutoff = DirectFunctionCall2(timestamptz_mi_interval, now, value);
		return time_value_to_internal(convert_time(cutoff, TIMESTAMPTZOID, coltype), coltype);
	}
	if (!col_is_int && (argtype == TIMESTAMPTZOID || argtype == TIMESTAMPOID || argtype == DATEOID))
		return time_value_to_internal(convert_time(value, argtype, coltype), coltype);
	ereport(ERROR,
	        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
	         errmsg("invalid time argument type \"%s\"", format_type_be(argtype)),
	         errhint(col_is_int ? "Argument \"%s\" must be an integer for an integer time column."
	                            : "Argument \"%s\" must be an interval or a time value.",
	                 argname)));
	pg_unreachable();
}

TimestampTz
creation_cutoff(Datum value, Oid argtype, const char *argname)
{
	if (argtype == INTERVALOID)
		return DatumGetTimestampTz(
		    DirectFunctionCall2(timestamptz_mi_interval,
		                        TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()), value));
	if (argtype == TIMESTAMPTZOID || argtype == TIMESTAMPOID || argtype == DATEOID)
		return DatumGetTimestampTz(convert_time(value, argtype, TIMESTAMPTZOID));
	ereport(ERROR,
	        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
	         errmsg("invalid time argument type \"%s\"", format_type_be(argtype)),
	         errhint("Argument \"%s\" must be an interval or a time value: it is compared with "
	                 "the creation time of chunks.",
	                 argname)));
	pg_unreachable();
}

} // namespace tsdist::hypertable
