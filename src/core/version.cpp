// Version compatibility between access node and data nodes.
#include "core/version.hpp"

namespace tsdist::core
{

// "1.2.3" → "1.2": everything before the second dot.
static std::string_view
major_minor(std::string_view version)
{
	auto first = version.find('.');
	if (first == std::string_view::npos)
		return version;
	auto second = version.find('.', first + 1);
	return version.substr(0, second);
}

bool
versions_compatible(std::string_view ours, std::string_view theirs)
{
	return !ours.empty() && major_minor(ours) == major_minor(theirs);
}

} // namespace tsdist::core
