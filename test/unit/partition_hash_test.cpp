#include "core/partition_hash.hpp"

#include <cstring>
#include <gtest/gtest.h>

using namespace tsdist::core;

static uint32_t
mm(const char *s, uint32_t seed = 0)
{
	return murmur3_32(s, std::strlen(s), seed);
}

// Published MurmurHash3 x86_32 test vectors: the hash must never change.
TEST(PartitionHash, MurmurGoldenValues)
{
	EXPECT_EQ(mm(""), 0x00000000U);
	EXPECT_EQ(mm("", 1), 0x514e28b7U);
	EXPECT_EQ(mm("", 0xffffffffU), 0x81f16f39U);
	EXPECT_EQ(mm("hello"), 0x248bfa47U);
	EXPECT_EQ(mm("Hello, world!", 1234), 0xfaf6cdb3U);
	EXPECT_EQ(mm("The quick brown fox jumps over the lazy dog"), 0x2e4ff723U);
	const uint8_t zeros[4] = {0, 0, 0, 0};
	EXPECT_EQ(murmur3_32(zeros, 4, 0), 0x2362f9deU);
}

// Golden values of canonical bytes as the SQL function hashes them (binary
// send format: big-endian integers, UTF-8 text); test/regress checks the same.
TEST(PartitionHash, PartitionHashGoldenValues)
{
	const uint8_t int4_one[4] = {0, 0, 0, 1};
	EXPECT_EQ(partition_hash(int4_one, 4),
	          static_cast<int32_t>(murmur3_32(int4_one, 4) & 0x7fffffff));
	EXPECT_EQ(partition_hash("hello", 5), 0x248bfa47);
	EXPECT_EQ(partition_hash("The quick brown fox jumps over the lazy dog", 43), 0x2e4ff723);
	EXPECT_GE(partition_hash("\xff\xff\xff\xff", 4), 0);
}

TEST(PartitionHash, RangesCoverTheHashSpace)
{
	for (int32_t n : {1, 2, 3, 7, 64})
	{
		EXPECT_EQ(partition_range(0, n).start, 0);
		EXPECT_EQ(partition_range(n - 1, n).end, kHashEnd);
		for (int32_t i = 1; i < n; i++)
			EXPECT_EQ(partition_range(i - 1, n).end, partition_range(i, n).start);
	}
}

TEST(PartitionHash, IndexMatchesRange)
{
	for (int32_t n : {1, 2, 3, 7})
		for (int32_t h : {0, 1, 1000, 715827882, 715827883, 1431655764, 1431655765, INT32_MAX})
		{
			int32_t i = partition_index(h, n);
			ASSERT_GE(i, 0);
			ASSERT_LT(i, n);
			HashRange r = partition_range(i, n);
			EXPECT_LE(r.start, h);
			EXPECT_LT(h, r.end);
		}
}
