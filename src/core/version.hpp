// Version of the extension, as the install script and data nodes see it.
#pragma once

#include <string_view>

namespace tsdist::core
{

inline constexpr std::string_view kExtensionName = "timescaledb_dist";

// True when an access node at version `ours` may use a data node at `theirs`:
// the same major.minor (patch releases keep the remote protocol).
bool versions_compatible(std::string_view ours, std::string_view theirs);

} // namespace tsdist::core
