// Rules for the options of a data node (a foreign server of timescaledb_dist_fdw).
#pragma once

#include <optional>
#include <string_view>

namespace tsdist::core
{

inline constexpr int kMinPort = 1;
inline constexpr int kMaxPort = 65535;

// True for a TCP port a data node can listen on.
bool port_in_range(long port);

// "5432" → 5432; nullopt for anything that is not a decimal number in range.
std::optional<int> parse_port(std::string_view text);

// Where an option is set: on the foreign server or on a user mapping.
enum class OptionScope
{
	Server,
	UserMapping,
	Other
};

// True when `name` is a valid option for that scope (host, port, dbname,
// available on servers; password on user mappings; nothing elsewhere).
bool option_allowed(OptionScope scope, std::string_view name);

// The valid option names of a scope, comma separated, for error hints.
std::string_view allowed_options(OptionScope scope);

} // namespace tsdist::core
