#include "core/gid.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace tsdist::core;

static const char *kUuid = "6e22d1f6-3013-70f7-8a4b-0123456789ab";

TEST(Gid, FormatGolden)
{
	char buf[kGidSize];
	ASSERT_TRUE(gid_format(buf, kUuid, 742, 3));
	EXPECT_STREQ("tsdist-6e22d1f6-3013-70f7-8a4b-0123456789ab-742-3", buf);
	ASSERT_TRUE(gid_prefix(buf, kUuid));
	EXPECT_STREQ("tsdist-6e22d1f6-3013-70f7-8a4b-0123456789ab-", buf);
}

TEST(Gid, ParsesBack)
{
	char buf[kGidSize];
	ASSERT_TRUE(gid_format(buf, kUuid, UINT64_MAX, UINT32_MAX));
	EXPECT_LT(std::strlen(buf), kGidSize);
	GidParts parts;
	ASSERT_TRUE(gid_parse(buf, &parts));
	EXPECT_STREQ(kUuid, parts.an_id);
	EXPECT_EQ(UINT64_MAX, parts.xid);
	EXPECT_EQ(UINT32_MAX, parts.counter);
}

TEST(Gid, LongestFitsTheLimit)
{
	std::string id(kMaxAnIdLength, 'a');
	char buf[kGidSize];
	ASSERT_TRUE(gid_format(buf, id.c_str(), UINT64_MAX, UINT32_MAX));
	EXPECT_LT(std::strlen(buf), kGidSize);
}

TEST(Gid, DistinctPerXidAndCounter)
{
	char a[kGidSize], b[kGidSize], c[kGidSize];
	ASSERT_TRUE(gid_format(a, kUuid, 10, 1));
	ASSERT_TRUE(gid_format(b, kUuid, 10, 2));
	ASSERT_TRUE(gid_format(c, kUuid, 101, 1));
	EXPECT_STRNE(a, b);
	EXPECT_STRNE(a, c);
}

TEST(Gid, RejectsBadAnId)
{
	char buf[kGidSize];
	EXPECT_FALSE(gid_format(buf, "", 1, 1));
	EXPECT_FALSE(gid_format(buf, "a'b", 1, 1));
	EXPECT_FALSE(gid_format(buf, std::string(kMaxAnIdLength + 1, 'a').c_str(), 1, 1));
	EXPECT_FALSE(gid_prefix(buf, nullptr));
}

TEST(Gid, RejectsForeignOrMalformed)
{
	GidParts parts;
	EXPECT_FALSE(gid_parse("", &parts));
	EXPECT_FALSE(gid_parse("ts-1-2-3", &parts));
	EXPECT_FALSE(gid_parse("tsdist-", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-12", &parts));
	EXPECT_FALSE(gid_parse("tsdist--12-1", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-12-", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-012-1", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-1x-1", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-1-4294967296", &parts));
	EXPECT_FALSE(gid_parse("tsdist-abc-18446744073709551616-1", &parts));
	EXPECT_TRUE(gid_parse("tsdist-abc-0-0", &parts));
	EXPECT_STREQ("abc", parts.an_id);
}
