#include "core/time_bucket.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

using namespace tsdist::core;

namespace
{

constexpr int64_t kHour = 3'600'000'000;
constexpr int64_t kMinute = 60'000'000;
constexpr int64_t kSecond = 1'000'000;

// Microseconds since 2000-01-01 of a calendar time (year 0 = 1 BC).
int64_t
ts(int64_t year, int32_t month, int32_t day, int64_t hour = 0, int64_t minute = 0, int64_t usec = 0)
{
	return days_from_civil(year, month, day) * kUsecsPerDay + hour * kHour + minute * kMinute +
	       usec;
}

// Days since 2000-01-01 of a calendar date.
int32_t
date(int64_t year, int32_t month, int32_t day)
{
	return static_cast<int32_t>(days_from_civil(year, month, day));
}

BucketWidth
days(int32_t n)
{
	return BucketWidth{0, n, 0};
}

BucketWidth
usecs(int64_t n)
{
	return BucketWidth{0, 0, n};
}

BucketWidth
months(int32_t n)
{
	return BucketWidth{n, 0, 0};
}

// Expects an ok result with the given value.
void
expect_bucket(BucketResult r, int64_t expected)
{
	EXPECT_EQ(r.status, BucketStatus::ok);
	EXPECT_EQ(r.value, expected);
}

} // namespace

// Golden values from PostgreSQL: date 'X' - date '2000-01-01'.
TEST(Calendar, DaysFromCivilMatchesPostgres)
{
	EXPECT_EQ(days_from_civil(2000, 1, 1), 0);
	EXPECT_EQ(days_from_civil(1970, 1, 1), -10957);
	EXPECT_EQ(days_from_civil(1900, 3, 1), -36465);
	EXPECT_EQ(days_from_civil(2000, 2, 29), 59);
	EXPECT_EQ(days_from_civil(2000, 3, 1), 60);
	EXPECT_EQ(days_from_civil(2100, 3, 1), 36584);
	EXPECT_EQ(days_from_civil(2024, 2, 29), 8825);
	EXPECT_EQ(days_from_civil(1600, 2, 29), -146038);
	EXPECT_EQ(days_from_civil(1, 1, 1), -730119);
	EXPECT_EQ(days_from_civil(0, 12, 31), -730120); // 0001-12-31 BC
	EXPECT_EQ(days_from_civil(0, 1, 1), -730485);   // 0001-01-01 BC
	EXPECT_EQ(days_from_civil(-4713, 11, 24), kDateMin);
	EXPECT_EQ(days_from_civil(5874897, 12, 31), kDateEnd - 1);
}

TEST(Calendar, CivilFromDaysRoundTrips)
{
	for (int64_t d = -800'000; d <= 800'000; d += 13)
	{
		CivilDate c = civil_from_days(d);
		ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
		ASSERT_GE(c.month, 1);
		ASSERT_LE(c.month, 12);
		ASSERT_GE(c.day, 1);
		ASSERT_LE(c.day, 31);
	}
	CivilDate leap = civil_from_days(59);
	EXPECT_EQ(leap.year, 2000);
	EXPECT_EQ(leap.month, 2);
	EXPECT_EQ(leap.day, 29);
	CivilDate bc = civil_from_days(-730120);
	EXPECT_EQ(bc.year, 0);
	EXPECT_EQ(bc.month, 12);
	EXPECT_EQ(bc.day, 31);
}

TEST(Calendar, FloorDivRoundsDown)
{
	EXPECT_EQ(floor_div(7, 2), 3);
	EXPECT_EQ(floor_div(-7, 2), -4);
	EXPECT_EQ(floor_div(-8, 2), -4);
	EXPECT_EQ(floor_div(0, 5), 0);
	EXPECT_EQ(floor_div(std::numeric_limits<int64_t>::min(), 10),
	          std::numeric_limits<int64_t>::min() / 10 - 1);
}

TEST(IntegerBucket, FloorsTowardsMinusInfinity)
{
	const int64_t lo = std::numeric_limits<int32_t>::min();
	const int64_t hi = std::numeric_limits<int32_t>::max();
	expect_bucket(bucket_integer(10, 23, 0, lo, hi), 20);
	expect_bucket(bucket_integer(10, 20, 0, lo, hi), 20);
	expect_bucket(bucket_integer(10, 19, 0, lo, hi), 10);
	expect_bucket(bucket_integer(10, 0, 0, lo, hi), 0);
	expect_bucket(bucket_integer(10, -1, 0, lo, hi), -10);
	expect_bucket(bucket_integer(10, -10, 0, lo, hi), -10);
	expect_bucket(bucket_integer(10, -11, 0, lo, hi), -20);
	expect_bucket(bucket_integer(1, -7, 0, lo, hi), -7);
}

TEST(IntegerBucket, OffsetShiftsTheGrid)
{
	const int64_t lo = std::numeric_limits<int32_t>::min();
	const int64_t hi = std::numeric_limits<int32_t>::max();
	expect_bucket(bucket_integer(10, 23, 2, lo, hi), 22);
	expect_bucket(bucket_integer(10, 21, 2, lo, hi), 12);
	expect_bucket(bucket_integer(10, 7, -2, lo, hi), -2);
	expect_bucket(bucket_integer(10, 8, -2, lo, hi), 8);
	expect_bucket(bucket_integer(10, 23, 12, lo, hi), 22);  // offset taken modulo width
	expect_bucket(bucket_integer(10, 23, -12, lo, hi), 18); // -12 % 10 = -2
	expect_bucket(bucket_integer(10, -5, 3, lo, hi), -7);
}

TEST(IntegerBucket, WidthMustBePositive)
{
	EXPECT_EQ(bucket_integer(0, 5, 0, -100, 100).status, BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_integer(-3, 5, 0, -100, 100).status, BucketStatus::period_not_positive);
}

TEST(IntegerBucket, SmallintBoundaries)
{
	const int64_t lo = std::numeric_limits<int16_t>::min();
	const int64_t hi = std::numeric_limits<int16_t>::max();
	expect_bucket(bucket_integer(8, lo, 0, lo, hi), lo);
	expect_bucket(bucket_integer(10, hi, 0, lo, hi), 32760);
	// The bucket of -32768 by 10 starts at -32770, below smallint.
	EXPECT_EQ(bucket_integer(10, lo, 0, lo, hi).status, BucketStatus::out_of_range);
	// value - offset must stay in range (TimescaleDB's rule).
	EXPECT_EQ(bucket_integer(10, hi, -5, lo, hi).status, BucketStatus::out_of_range);
	EXPECT_EQ(bucket_integer(10, lo, 5, lo, hi).status, BucketStatus::out_of_range);
	expect_bucket(bucket_integer(10, hi - 5, -5, lo, hi), 32755);
}

TEST(IntegerBucket, BigintBoundariesDoNotOverflow)
{
	const int64_t lo = std::numeric_limits<int64_t>::min();
	const int64_t hi = std::numeric_limits<int64_t>::max();
	expect_bucket(bucket_integer(2, lo, 0, lo, hi), lo);
	expect_bucket(bucket_integer(10, hi, 0, lo, hi), 9'223'372'036'854'775'800);
	expect_bucket(bucket_integer(hi, hi, 0, lo, hi), hi);
	expect_bucket(bucket_integer(hi, -1, 0, lo, hi), -hi);
	EXPECT_EQ(bucket_integer(10, lo, 0, lo, hi).status, BucketStatus::out_of_range);
	EXPECT_EQ(bucket_integer(hi, lo, 0, lo, hi).status, BucketStatus::out_of_range);
	EXPECT_EQ(bucket_integer(10, hi, -1, lo, hi).status, BucketStatus::out_of_range);
	EXPECT_EQ(bucket_integer(10, lo, 1, lo, hi).status, BucketStatus::out_of_range);
}

// Expected values checked against PostgreSQL's date_bin(width, ts, '2000-01-03').
TEST(TimestampBucket, DefaultOriginIsMonday)
{
	expect_bucket(bucket_timestamp(days(7), ts(2000, 1, 1), {}), ts(1999, 12, 27));
	expect_bucket(bucket_timestamp(days(7), ts(2000, 1, 3), {}), ts(2000, 1, 3));
	expect_bucket(bucket_timestamp(days(7), ts(2024, 5, 19, 23, 59), {}), ts(2024, 5, 13));
	expect_bucket(bucket_timestamp(days(1), ts(1999, 12, 31, 23), {}), ts(1999, 12, 31));
	expect_bucket(bucket_timestamp(usecs(15 * kMinute), ts(2020, 5, 17, 10, 37, 12'345'678), {}),
	              ts(2020, 5, 17, 10, 30));
	expect_bucket(bucket_timestamp(usecs(kSecond), -1, {}), -kSecond);
}

TEST(TimestampBucket, BoundariesBelongToTheLaterBucket)
{
	expect_bucket(bucket_timestamp(days(1), ts(2000, 1, 3), {}), ts(2000, 1, 3));
	expect_bucket(bucket_timestamp(days(1), ts(2000, 1, 3) - 1, {}), ts(2000, 1, 2));
	expect_bucket(bucket_timestamp(usecs(1), 12345, {}), 12345);
}

TEST(TimestampBucket, BeforeTheOriginFloors)
{
	expect_bucket(bucket_timestamp(days(1), ts(-499, 6, 15, 12), {}), ts(-499, 6, 15));
	expect_bucket(bucket_timestamp(usecs(kHour), ts(1969, 12, 31, 23, 59), {}),
	              ts(1969, 12, 31, 23));
	expect_bucket(bucket_timestamp(days(3), ts(1999, 12, 31), {}), ts(1999, 12, 31));
	expect_bucket(bucket_timestamp(days(3), ts(1999, 12, 30, 23), {}), ts(1999, 12, 28));
}

TEST(TimestampBucket, ExplicitOrigin)
{
	expect_bucket(bucket_timestamp(usecs(kHour), ts(2000, 1, 1, 0, 10), ts(2000, 1, 1, 0, 30)),
	              ts(1999, 12, 31, 23, 30));
	// An origin after the value works the same way.
	expect_bucket(bucket_timestamp(days(1), ts(2000, 1, 1, 3), ts(2100, 1, 1, 6)),
	              ts(1999, 12, 31, 6));
	// Weeks starting on Sunday.
	expect_bucket(bucket_timestamp(days(7), ts(2024, 5, 15), ts(2000, 1, 2)), ts(2024, 5, 12));
	EXPECT_EQ(bucket_timestamp(days(1), 0, kTimestampInfinity).status,
	          BucketStatus::origin_not_finite);
	EXPECT_EQ(bucket_timestamp(months(1), 0, kTimestampMinusInfinity).status,
	          BucketStatus::origin_not_finite);
}

TEST(TimestampBucket, WidthMustBePositive)
{
	EXPECT_EQ(bucket_timestamp(usecs(0), 0, {}).status, BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_timestamp(usecs(-kHour), 0, {}).status, BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_timestamp(BucketWidth{0, 1, -kUsecsPerDay}, 0, {}).status,
	          BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_timestamp(months(-1), 0, {}).status, BucketStatus::period_not_positive);
	// '1 day -1 hour' is a 23-hour width.
	expect_bucket(bucket_timestamp(BucketWidth{0, 1, -kHour}, ts(2000, 1, 3, 22), {}),
	              ts(2000, 1, 3));
}

TEST(TimestampBucket, HugeWidthIsAnError)
{
	EXPECT_EQ(bucket_timestamp(days(std::numeric_limits<int32_t>::max()), 0, {}).status,
	          BucketStatus::width_out_of_range);
	EXPECT_EQ(bucket_timestamp(days(106'751'992), 0, {}).status, BucketStatus::width_out_of_range);
	// The widest widths that fit put everything near 2000 into one bucket.
	expect_bucket(bucket_timestamp(days(106'751'991), ts(2020, 1, 1), {}), kDefaultOrigin);
	expect_bucket(bucket_timestamp(days(100'000'000), ts(2020, 1, 1), {}), kDefaultOrigin);
}

TEST(TimestampBucket, InfinityPassesThrough)
{
	expect_bucket(bucket_timestamp(days(1), kTimestampInfinity, {}), kTimestampInfinity);
	expect_bucket(bucket_timestamp(months(1), kTimestampMinusInfinity, ts(2000, 1, 1)),
	              kTimestampMinusInfinity);
	// Like TimescaleDB: infinity is returned before the width is looked at.
	expect_bucket(bucket_timestamp(usecs(0), kTimestampInfinity, {}), kTimestampInfinity);
}

TEST(TimestampBucket, RangeLimits)
{
	// 4714-11-24 BC is a Monday: one-week buckets still fit, two-week ones do not.
	expect_bucket(bucket_timestamp(days(7), kTimestampMin, {}), kTimestampMin);
	EXPECT_EQ(bucket_timestamp(days(14), kTimestampMin, {}).status, BucketStatus::out_of_range);
	expect_bucket(bucket_timestamp(days(1), kTimestampEnd - 1, {}), ts(294276, 12, 31));
	EXPECT_EQ(bucket_timestamp(months(1), kTimestampMin, {}).status, BucketStatus::out_of_range);
}

TEST(TimestampBucket, Months)
{
	expect_bucket(bucket_timestamp(months(1), ts(2000, 3, 15, 10), {}), ts(2000, 3, 1));
	expect_bucket(bucket_timestamp(months(3), ts(2000, 5, 20), {}), ts(2000, 4, 1));
	expect_bucket(bucket_timestamp(months(12), ts(1999, 7, 4), {}), ts(1999, 1, 1));
	expect_bucket(bucket_timestamp(months(5), ts(1999, 12, 31, 23, 59), {}), ts(1999, 8, 1));
	expect_bucket(bucket_timestamp(months(1), ts(2000, 3, 1) - 1, {}), ts(2000, 2, 1));
	// Before year 1: 1 BC is year 0, 2 BC is year -1.
	expect_bucket(bucket_timestamp(months(1), ts(0, 3, 15), {}), ts(0, 3, 1));
	expect_bucket(bucket_timestamp(months(12), ts(0, 6, 1), {}), ts(0, 1, 1));
	expect_bucket(bucket_timestamp(months(12), ts(-1, 6, 1), {}), ts(-1, 1, 1));
	expect_bucket(bucket_timestamp(months(7), ts(-1, 6, 1), {}), ts(-1, 3, 1));
}

TEST(TimestampBucket, MonthsWithOriginUseOnlyItsMonth)
{
	int64_t origin = ts(2000, 2, 15, 12);
	expect_bucket(bucket_timestamp(months(2), ts(2000, 2, 1), origin), ts(2000, 2, 1));
	expect_bucket(bucket_timestamp(months(2), ts(2000, 1, 31), origin), ts(1999, 12, 1));
	expect_bucket(bucket_timestamp(months(12), ts(2023, 3, 1), ts(2000, 4, 1)), ts(2022, 4, 1));
	// The origin's day is floored, also before 2000-01-01 00:00.
	expect_bucket(bucket_timestamp(months(2), ts(2000, 1, 5), ts(1999, 12, 31, 23)),
	              ts(1999, 12, 1));
}

TEST(TimestampBucket, MonthsCannotMixWithDaysOrTime)
{
	EXPECT_EQ(bucket_timestamp(BucketWidth{1, 1, 0}, 0, {}).status,
	          BucketStatus::months_mixed_with_days);
	EXPECT_EQ(bucket_timestamp(BucketWidth{1, 0, kHour}, 0, {}).status,
	          BucketStatus::months_mixed_with_days);
	EXPECT_EQ(bucket_timestamp(BucketWidth{-1, 0, kHour}, 0, {}).status,
	          BucketStatus::months_mixed_with_days);
}

TEST(DateBucket, Days)
{
	expect_bucket(bucket_date(days(7), date(2000, 1, 1), {}), date(1999, 12, 27));
	expect_bucket(bucket_date(days(1), date(1999, 5, 5), {}), date(1999, 5, 5));
	expect_bucket(bucket_date(days(3), date(1999, 12, 30), {}), date(1999, 12, 28));
	expect_bucket(bucket_date(BucketWidth{0, 1, kUsecsPerDay}, date(2000, 1, 6), {}),
	              date(2000, 1, 5));
	expect_bucket(bucket_date(usecs(48 * kHour), date(2000, 1, 6), {}), date(2000, 1, 5));
	expect_bucket(bucket_date(days(7), date(2024, 5, 15), date(2000, 1, 2)), date(2024, 5, 12));
	expect_bucket(bucket_date(days(1), kDateEnd - 1, {}), kDateEnd - 1);
	EXPECT_EQ(bucket_date(days(14), kDateMin, {}).status, BucketStatus::out_of_range);
}

TEST(DateBucket, Months)
{
	expect_bucket(bucket_date(months(1), date(2000, 3, 31), {}), date(2000, 3, 1));
	expect_bucket(bucket_date(months(6), date(1999, 6, 30), {}), date(1999, 1, 1));
	expect_bucket(bucket_date(months(2), date(2000, 1, 31), date(2000, 2, 20)), date(1999, 12, 1));
	expect_bucket(bucket_date(months(12), kDateEnd - 1, {}), date(5874897, 1, 1));
	EXPECT_EQ(bucket_date(months(1), kDateMin, {}).status, BucketStatus::out_of_range);
}

TEST(DateBucket, WidthErrors)
{
	EXPECT_EQ(bucket_date(usecs(kHour), 0, {}).status, BucketStatus::date_width_below_one_day);
	EXPECT_EQ(bucket_date(usecs(36 * kHour), 0, {}).status,
	          BucketStatus::date_width_not_whole_days);
	EXPECT_EQ(bucket_date(days(0), 0, {}).status, BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_date(days(-7), 0, {}).status, BucketStatus::period_not_positive);
	EXPECT_EQ(bucket_date(BucketWidth{1, 1, 0}, 0, {}).status,
	          BucketStatus::months_mixed_with_days);
	EXPECT_EQ(bucket_date(days(1), 0, kDateInfinity).status, BucketStatus::origin_not_finite);
}

TEST(DateBucket, InfinityPassesThrough)
{
	expect_bucket(bucket_date(days(1), kDateInfinity, {}), kDateInfinity);
	expect_bucket(bucket_date(months(1), kDateMinusInfinity, {}), kDateMinusInfinity);
}
