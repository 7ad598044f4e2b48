#include "core/time_slice.hpp"

#include <gtest/gtest.h>

using namespace tsdist::core;

TEST(TimeSlice, FloorDivisionIsCorrectForNegatives)
{
	EXPECT_EQ(floor_div(7, 2), 3);
	EXPECT_EQ(floor_div(-7, 2), -4);
	EXPECT_EQ(floor_div(-8, 2), -4);
	EXPECT_EQ(floor_div(0, 5), 0);
	EXPECT_EQ(floor_div(-1, 5), -1);
	EXPECT_EQ(floor_div(INT64_MIN, 1), INT64_MIN);
}

TEST(TimeSlice, SliceHoldsValue)
{
	TimeRange r = time_slice(15, 10);
	EXPECT_EQ(r.start, 10);
	EXPECT_EQ(r.end, 20);
	r = time_slice(10, 10);
	EXPECT_EQ(r.start, 10);
	EXPECT_EQ(r.end, 20);
	r = time_slice(-1, 10);
	EXPECT_EQ(r.start, -10);
	EXPECT_EQ(r.end, 0);
	r = time_slice(-10, 10);
	EXPECT_EQ(r.start, -10);
	EXPECT_EQ(r.end, 0);
}

TEST(TimeSlice, SevenDayChunksStartOnThursdays)
{
	// 2020-01-02 12:00 UTC in Unix µs; its 7-day slice starts Thursday 2020-01-02 00:00.
	const int64_t week = 7 * kUsecPerDay;
	TimeRange r = time_slice(INT64_C(1577966400000000), week);
	EXPECT_EQ(r.start, INT64_C(1577923200000000));
	EXPECT_EQ(r.end, INT64_C(1577923200000000) + week);
}

TEST(TimeSlice, EndsAreOpenInsteadOfOverflowing)
{
	TimeRange r = time_slice(INT64_MAX, 1000);
	EXPECT_EQ(r.end, kTimeMax);
	EXPECT_LE(r.start, INT64_MAX);
	EXPECT_GT(r.start, INT64_MAX - 1000);
	r = time_slice(INT64_MIN, 1000);
	EXPECT_EQ(r.start, kTimeMin);
	EXPECT_GT(r.end, INT64_MIN);
	r = time_slice(INT64_MIN + 5, INT64_MAX);
	EXPECT_EQ(r.start, -INT64_MAX);
	EXPECT_EQ(r.end, 0);
	r = time_slice(INT64_MIN, INT64_MAX);
	EXPECT_EQ(r.start, kTimeMin);
	r = time_slice(5, INT64_MAX);
	EXPECT_EQ(r.start, 0);
	EXPECT_EQ(r.end, kTimeMax);
}

TEST(TimeSlice, SaturatingArithmetic)
{
	EXPECT_EQ(saturating_add(INT64_MAX, 1), INT64_MAX);
	EXPECT_EQ(saturating_add(INT64_MIN, -1), INT64_MIN);
	EXPECT_EQ(saturating_add(1, 2), 3);
	EXPECT_EQ(saturating_mul(INT64_MAX / 2, 3), INT64_MAX);
	EXPECT_EQ(saturating_mul(INT64_MAX / 2, -3), INT64_MIN);
	EXPECT_EQ(saturating_mul(-4, 5), -20);
}

TEST(TimeSlice, EpochConversions)
{
	EXPECT_EQ(pg_timestamp_to_unix_usec(0), kUnixToPgEpochUsec);
	EXPECT_EQ(unix_usec_to_pg_timestamp(kUnixToPgEpochUsec), 0);
	EXPECT_EQ(pg_timestamp_to_unix_usec(INT64_MAX), INT64_MAX);
	EXPECT_EQ(unix_usec_to_pg_timestamp(INT64_MIN), INT64_MIN);
	EXPECT_EQ(pg_date_to_unix_usec(1), kUnixToPgEpochUsec + kUsecPerDay);
	EXPECT_EQ(pg_date_to_unix_usec(-10957), 0); // 1970-01-01
	EXPECT_EQ(pg_date_to_unix_usec(INT64_C(3000000000000)), INT64_MAX);
}

TEST(TimeSlice, DateCeiling)
{
	EXPECT_EQ(unix_usec_to_pg_date_ceil(kUnixToPgEpochUsec), 0);
	EXPECT_EQ(unix_usec_to_pg_date_ceil(kUnixToPgEpochUsec + 1), 1);
	EXPECT_EQ(unix_usec_to_pg_date_ceil(kUnixToPgEpochUsec - 1), 0);
	EXPECT_EQ(unix_usec_to_pg_date_ceil(kUnixToPgEpochUsec - kUsecPerDay), -1);
	EXPECT_EQ(unix_usec_to_pg_date_ceil(0), -10957);
}

TEST(TimeSlice, CutRangeAroundOlderChunk)
{
	TimeRange r{0, 100};
	EXPECT_EQ(cut_range_around(r, {-50, 30}, 40).start, 30);
	EXPECT_EQ(cut_range_around(r, {-50, 30}, 40).end, 100);
	EXPECT_EQ(cut_range_around(r, {60, 200}, 40).end, 60);
	EXPECT_EQ(cut_range_around(r, {60, 200}, 40).start, 0);
	EXPECT_EQ(cut_range_around(r, {100, 200}, 40).end, 100);
	EXPECT_EQ(cut_range_around(r, {-100, 0}, 40).start, 0);
}
