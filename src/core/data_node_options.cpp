// Rules for the options of a data node.
#include "core/data_node_options.hpp"

#include <array>

namespace tsdist::core
{

static constexpr std::array<std::string_view, 4> kServerOptions = {"host", "port", "dbname",
                                                                   "available"};
static constexpr std::array<std::string_view, 1> kUserMappingOptions = {"password"};

bool
port_in_range(long port)
{
	return port >= kMinPort && port <= kMaxPort;
}

std::optional<int>
parse_port(std::string_view text)
{
	if (text.empty() || text.size() > 5)
		return std::nullopt;
	long value = 0;
	for (char c : text)
	{
		if (c < '0' || c > '9')
			return std::nullopt;
		value = value * 10 + (c - '0');
	}
	if (!port_in_range(value))
		return std::nullopt;
	return static_cast<int>(value);
}

// Whether `name` is one of `names`.
template <std::size_t N>
static bool
contains(const std::array<std::string_view, N> &names, std::string_view name)
{
	for (auto n : names)
		if (n == name)
			return true;
	return false;
}

bool
option_allowed(OptionScope scope, std::string_view name)
{
	switch (scope)
	{
		case OptionScope::Server:
			return contains(kServerOptions, name);
		case OptionScope::UserMapping:
			return contains(kUserMappingOptions, name);
		case OptionScope::Other:
			return false;
	}
	return false;
}

std::string_view
allowed_options(OptionScope scope)
{
	switch (scope)
	{
		case OptionScope::Server:
			return "host, port, dbname, available";
		case OptionScope::UserMapping:
			return "password";
		case OptionScope::Other:
			return "";
	}
	return "";
}

} // namespace tsdist::core
