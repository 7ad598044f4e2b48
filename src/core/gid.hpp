// Global transaction ids (GIDs) of the two-phase commit: the name a data node
// knows a prepared transaction by. Plain C++, no allocation, so PostgreSQL
// code may call it from any frame.
//
// Format: "tsdist-<an_id>-<xid>-<n>"
//   an_id  the access node's dist_uuid (letters, digits, '-'; 1..64 chars)
//   xid    the access node's local (64-bit, epoch-qualified) transaction id
//   n      the data node's number within that transaction (1, 2, ...)
// The prefix "tsdist-<an_id>-" selects the transactions of one access node;
// xid and n make the id unique, also when data nodes share one instance.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tsdist::core
{

// PostgreSQL's limit (GIDSIZE) including the terminating NUL.
inline constexpr std::size_t kGidSize = 200;
inline constexpr std::size_t kMaxAnIdLength = 64;

struct GidParts
{
	char an_id[kMaxAnIdLength + 1];
	std::uint64_t xid;
	std::uint32_t counter;
};

// Writes the GID into buf (kGidSize bytes). False for an invalid an_id.
bool gid_format(char *buf, const char *an_id, std::uint64_t xid, std::uint32_t counter);

// Writes "tsdist-<an_id>-" (the prefix of every GID of that access node) into
// buf (kGidSize bytes). False for an invalid an_id.
bool gid_prefix(char *buf, const char *an_id);

// Parses a GID. False when it is not one of ours (or malformed).
bool gid_parse(const char *gid, GidParts *parts);

} // namespace tsdist::core
