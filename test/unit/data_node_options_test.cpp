#include "core/data_node_options.hpp"

#include <gtest/gtest.h>

using namespace tsdist::core;

TEST(DataNodeOptions, PortRange)
{
	EXPECT_FALSE(port_in_range(0));
	EXPECT_TRUE(port_in_range(1));
	EXPECT_TRUE(port_in_range(65535));
	EXPECT_FALSE(port_in_range(65536));
	EXPECT_FALSE(port_in_range(-5432));
}

TEST(DataNodeOptions, ParsePort)
{
	EXPECT_EQ(parse_port("5432"), 5432);
	EXPECT_EQ(parse_port("1"), 1);
	EXPECT_EQ(parse_port("65535"), 65535);
	EXPECT_EQ(parse_port("65536"), std::nullopt);
	EXPECT_EQ(parse_port("0"), std::nullopt);
	EXPECT_EQ(parse_port(""), std::nullopt);
	EXPECT_EQ(parse_port("-1"), std::nullopt);
	EXPECT_EQ(parse_port("54a"), std::nullopt);
	EXPECT_EQ(parse_port(" 5432"), std::nullopt);
	EXPECT_EQ(parse_port("000000001"), std::nullopt);
}

TEST(DataNodeOptions, AllowedOptions)
{
	EXPECT_TRUE(option_allowed(OptionScope::Server, "host"));
	EXPECT_TRUE(option_allowed(OptionScope::Server, "port"));
	EXPECT_TRUE(option_allowed(OptionScope::Server, "dbname"));
	EXPECT_TRUE(option_allowed(OptionScope::Server, "available"));
	EXPECT_FALSE(option_allowed(OptionScope::Server, "password"));
	EXPECT_FALSE(option_allowed(OptionScope::Server, "user"));
	EXPECT_TRUE(option_allowed(OptionScope::UserMapping, "password"));
	EXPECT_FALSE(option_allowed(OptionScope::UserMapping, "user"));
	EXPECT_FALSE(option_allowed(OptionScope::Other, "host"));
	EXPECT_EQ(allowed_options(OptionScope::UserMapping), "password");
}
