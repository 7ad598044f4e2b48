// Arithmetic of time_bucket(): the start of the bucket a value falls into.
//
// Works on PostgreSQL's internal representations so the SQL layer only
// converts arguments: timestamps are microseconds since 2000-01-01 00:00
// (timestamptz buckets are computed in UTC), dates are days since 2000-01-01,
// and the extremes of each type mean -infinity / infinity. Buckets are
// floored: a value before the origin belongs to the bucket that starts at or
// before it, never to the one after.
#pragma once

#include "core/floor_div.hpp"

#include <cstdint>
#include <limits>
#include <optional>

namespace tsdist::core
{

inline constexpr int64_t kUsecsPerDay = 86'400'000'000;

inline constexpr int64_t kTimestampMinusInfinity = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kTimestampInfinity = std::numeric_limits<int64_t>::max();
// Finite timestamps PostgreSQL accepts: [4714-11-24 00:00 BC, 294277-01-01 00:00).
inline constexpr int64_t kTimestampMin = -211'813'488'000'000'000;
inline constexpr int64_t kTimestampEnd = 9'223'371'331'200'000'000;

inline constexpr int32_t kDateMinusInfinity = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kDateInfinity = std::numeric_limits<int32_t>::max();
// Finite dates PostgreSQL accepts: [4714-11-24 BC, 5874898-01-01).
inline constexpr int32_t kDateMin = -2'451'545;
inline constexpr int32_t kDateEnd = 2'145'031'949;

// Default origin of day/hour/... buckets: Monday 2000-01-03, so weekly buckets
// start on Mondays. Month buckets count months from 2000-01 instead.
inline constexpr int64_t kDefaultOrigin = 2 * kUsecsPerDay;
inline constexpr int32_t kDefaultOriginDate = 2;

// A bucket width as PostgreSQL's interval stores it.
struct BucketWidth
{
	int32_t months = 0;
	int32_t days = 0;
	int64_t time = 0; // microseconds
};

// Why a bucket could not be computed; the SQL layer turns each into an error.
enum class BucketStatus
{
	ok,
	period_not_positive,       // width <= 0
	months_mixed_with_days,    // '1 month 2 days'
	width_out_of_range,        // days * 24h overflows int64
	date_width_below_one_day,  // date buckets of '1 hour'
	date_width_not_whole_days, // date buckets of '36 hours'
	origin_not_finite,         // origin => 'infinity'
	out_of_range,              // the value or its bucket leaves the type's range
};

// A bucket start, valid when status is ok.
struct BucketResult
{
	int64_t value = 0;
	BucketStatus status = BucketStatus::ok;
};

// Integer buckets of the range [min, max] (smallint, integer, bigint): the
// largest multiple of width, shifted by offset, that is <= value. value - offset
// must stay in the range, like TimescaleDB.
BucketResult bucket_integer(int64_t width, int64_t value, int64_t offset, int64_t min, int64_t max);

// Buckets a timestamp (or a timestamptz in UTC). Infinite values pass through.
// Without an origin, buckets align on kDefaultOrigin (month buckets on 2000-01).
// Month buckets ignore the day and time of the origin: they start on the 1st.
BucketResult bucket_timestamp(const BucketWidth &width, int64_t ts, std::optional<int64_t> origin);

// Buckets a date; widths are whole days or whole months.
BucketResult bucket_date(const BucketWidth &width, int32_t date, std::optional<int32_t> origin);

// A proleptic Gregorian calendar date; year 0 is 1 BC (PostgreSQL's convention).
struct CivilDate
{
	int64_t year;
	int32_t month; // 1..12
	int32_t day;   // 1..31
};

// Days since 2000-01-01 → calendar date, and back.
CivilDate civil_from_days(int64_t days);
int64_t days_from_civil(int64_t year, int32_t month, int32_t day);

} // namespace tsdist::core
