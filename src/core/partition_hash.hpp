// The stable 32-bit hash of space-partitioning values and its mapping onto
// partitions. Both are part of the on-disk contract: a value must land in
// the same partition on every platform, compiler and PostgreSQL version, for
// as long as data exists. Never change them.
//
// Hash: MurmurHash3 x86_32 (Austin Appleby's public-domain algorithm,
// reimplemented here), seed 0, over the value's canonical bytes (its type's
// binary send format; see src/hypertable/space_value.cpp). Blocks are read
// little-endian regardless of the host byte order.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tsdist::core
{

// MurmurHash3 x86_32 of `len` bytes at `data` with `seed`.
uint32_t murmur3_32(const void *data, size_t len, uint32_t seed = 0);

// The partition hash of canonical bytes: murmur3_32(..., 0) & 0x7fffffff.
int32_t partition_hash(const void *data, size_t len);

// A space slice: hash values in [start, end).
struct HashRange
{
	int64_t start;
	int64_t end;
};

// Exclusive upper end of the hash space: every hash is in [0, kHashEnd).
inline constexpr int64_t kHashEnd = INT64_C(2147483648);

// Partition `index` of `partitions` equal ranges of [0, INT32_MAX); the last
// one also holds INT32_MAX itself (it ends at kHashEnd).
HashRange partition_range(int32_t index, int32_t partitions);

// Index of the partition (of `partitions`) that holds `hash` (>= 0).
int32_t partition_index(int32_t hash, int32_t partitions);

} // namespace tsdist::core
