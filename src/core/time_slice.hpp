// Time partitioning math on the internal int64 value of a time dimension.
//
// Internal values: microseconds since the Unix epoch for timestamp, timestamptz
// and date columns (as TimescaleDB, so 7-day chunks start on Thursdays); the
// plain value for smallint, integer and bigint columns. A slice is the
// half-open range [start, end); end == kTimeMax means "no upper bound" and
// start == kTimeMin "no lower bound".
#pragma once

#include "core/floor_div.hpp"

#include <cstdint>

namespace tsdist::core
{

inline constexpr int64_t kTimeMin = INT64_MIN;
inline constexpr int64_t kTimeMax = INT64_MAX;

// Microseconds between 1970-01-01 (Unix) and 2000-01-01 (PostgreSQL's epoch).
inline constexpr int64_t kUnixToPgEpochUsec = INT64_C(946684800000000);
inline constexpr int64_t kUsecPerDay = INT64_C(86400000000);

struct TimeRange
{
	int64_t start; // inclusive
	int64_t end;   // exclusive
};

// The slice of `interval` (> 0) that holds `value`:
// [floor(value / interval) * interval, + interval). A slice reaching the
// int64 limits is open there (start kTimeMin / end kTimeMax), so INT64_MAX
// (PostgreSQL's +infinity) still belongs to the last slice.
TimeRange time_slice(int64_t value, int64_t interval);

// a + b, saturating at the int64 limits instead of overflowing.
int64_t saturating_add(int64_t a, int64_t b);

// a * b, saturating at the int64 limits instead of overflowing.
int64_t saturating_mul(int64_t a, int64_t b);

// PostgreSQL timestamp (µs since 2000-01-01) → Unix µs, saturating.
int64_t pg_timestamp_to_unix_usec(int64_t pg_usec);

// Unix µs → PostgreSQL timestamp µs, saturating.
int64_t unix_usec_to_pg_timestamp(int64_t unix_usec);

// PostgreSQL date (days since 2000-01-01) → Unix µs, saturating.
int64_t pg_date_to_unix_usec(int64_t pg_days);

// Unix µs → the first PostgreSQL date whose start is at or after it (ceiling),
// so "date >= result" is the same as "date's µs >= unix_usec".
int64_t unix_usec_to_pg_date_ceil(int64_t unix_usec);

// Narrows `range` so that it does not overlap `other` while still holding
// `value` (value lies in range and outside other). Used when a new chunk's
// computed slice collides with a chunk made under an older interval.
TimeRange cut_range_around(TimeRange range, TimeRange other, int64_t value);

} // namespace tsdist::core
