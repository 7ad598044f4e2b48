// Time slice math: floor division, saturation, epoch conversions.
#include "core/time_slice.hpp"

namespace tsdist::core
{

int64_t
saturating_add(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return b > 0 ? kTimeMax : kTimeMin;
	return r;
}

int64_t
saturating_mul(int64_t a, int64_t b)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r))
		return ((a < 0) != (b < 0)) ? kTimeMin : kTimeMax;
	return r;
}

TimeRange
time_slice(int64_t value, int64_t interval)
{
	__int128 start = static_cast<__int128>(floor_div(value, interval)) * interval;
	__int128 end = start + interval;
	return {start <= kTimeMin ? kTimeMin : static_cast<int64_t>(start),
	        end >= kTimeMax ? kTimeMax : static_cast<int64_t>(end)};
}

int64_t
pg_timestamp_to_unix_usec(int64_t pg_usec)
{
	return saturating_add(pg_usec, kUnixToPgEpochUsec);
}

int64_t
unix_usec_to_pg_timestamp(int64_t unix_usec)
{
	return saturating_add(unix_usec, -kUnixToPgEpochUsec);
}

int64_t
pg_date_to_unix_usec(int64_t pg_days)
{
	return saturating_add(saturating_mul(pg_days, kUsecPerDay), kUnixToPgEpochUsec);
}

int64_t
unix_usec_to_pg_date_ceil(int64_t unix_usec)
{
	// -(floor(-x / d)) is the ceiling; the epoch shift is a whole number of days.
	int64_t pg_usec = saturating_add(unix_usec, -kUnixToPgEpochUsec);
	if (pg_usec == kTimeMin)
		return floor_div(kTimeMin, kUsecPerDay);
	return -floor_div(-pg_usec, kUsecPerDay);
}

TimeRange
cut_range_around(TimeRange range, TimeRange other, int64_t value)
{
	if (other.end <= range.start || other.start >= range.end)
		return range;
	if (other.end <= value)
		range.start = other.end;
	else if (other.start > value)
		range.end = other.start;
	return range;
}

} // namespace tsdist::core
