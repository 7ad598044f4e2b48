// Formatting and parsing two-phase commit GIDs.
#include "core/gid.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace tsdist::core
{

static constexpr const char *kPrefix = "tsdist-";

// True for a non-empty an_id of letters, digits and '-' within the length limit.
static bool
an_id_valid(const char *an_id, std::size_t len)
{
	if (len == 0 || len > kMaxAnIdLength)
		return false;
	for (std::size_t i = 0; i < len; i++)
	{
		char c = an_id[i];
		bool ok =
		    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

bool
gid_format(char *buf, const char *an_id, std::uint64_t xid, std::uint32_t counter)
{
	if (an_id == nullptr || !an_id_valid(an_id, std::strlen(an_id)))
		return false;
	int n = std::snprintf(buf, kGidSize, "%s%s-%" PRIu64 "-%" PRIu32, kPrefix, an_id, xid, counter);
	return n > 0 && static_cast<std::size_t>(n) < kGidSize;
}

bool
gid_prefix(char *buf, const char *an_id)
{
	if (an_id == nullptr || !an_id_valid(an_id, std::strlen(an_id)))
		return false;
	std::snprintf(buf, kGidSize, "%s%s-", kPrefix, an_id);
	return true;
}

// Parses the decimal number in [begin, end) into *value; false on overflow,
// an empty field, a leading zero or a non-digit.
static bool
parse_decimal(const char *begin, const char *end, std::uint64_t max, std::uint64_t *value)
{
	if (begin == end || (end - begin > 1 && *begin == '0'))
		return false;
	std::uint64_t v = 0;
	for (const char *p = begin; p < end; p++)
	{
		if (*p < '0' || *p > '9')
			return false;
		std::uint64_t digit = static_cast<std::uint64_t>(*p - '0');
		if (v > (max - digit) / 10)
			return false;
		v = v * 10 + digit;
	}
	*value = v;
	return true;
}

// The last '-' in [begin, end), or nullptr.
static const char *
last_dash(const char *begin, const char *end)
{
	for (const char *p = end; p > begin; p--)
		if (p[-1] == '-')
			return p - 1;
	return nullptr;
}

bool
gid_parse(const char *gid, GidParts *parts)
{
	std::size_t prefix_len = std::strlen(kPrefix);
	std::size_t len = gid == nullptr ? 0 : std::strlen(gid);
	if (len >= kGidSize || len <= prefix_len || std::strncmp(gid, kPrefix, prefix_len) != 0)
		return false;
	const char *id = gid + prefix_len;
	const char *end = gid + len;
	const char *dash2 = last_dash(id, end);
	const char *dash1 = dash2 == nullptr ? nullptr : last_dash(id, dash2);
	if (dash1 == nullptr)
		return false;
	std::uint64_t xid, counter;
	std::size_t id_len = static_cast<std::size_t>(dash1 - id);
	if (!an_id_valid(id, id_len) || !parse_decimal(dash1 + 1, dash2, UINT64_MAX, &xid) ||
	    !parse_decimal(dash2 + 1, end, UINT32_MAX, &counter))
		return false;
	std::memcpy(parts->an_id, id, id_len);
	parts->an_id[id_len] = '\0';
	parts->xid = xid;
	parts->counter = static_cast<std::uint32_t>(counter);
	return true;
}

} // namespace tsdist::core
