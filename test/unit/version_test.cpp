#include "core/version.hpp"

#include <gtest/gtest.h>

using tsdist::core::versions_compatible;

TEST(Version, SameMajorMinorIsCompatible)
{
	EXPECT_TRUE(versions_compatible("0.1.0", "0.1.0"));
	EXPECT_TRUE(versions_compatible("0.1.0", "0.1.7"));
}

TEST(Version, DifferentMinorOrEmptyIsNot)
{
	EXPECT_FALSE(versions_compatible("0.1.0", "0.2.0"));
	EXPECT_FALSE(versions_compatible("1.1.0", "0.1.0"));
	EXPECT_FALSE(versions_compatible("", ""));
	EXPECT_FALSE(versions_compatible("0.1.0", ""));
}
