// MurmurHash3 x86_32 and the partition ranges of the space dimension.
#include "core/partition_hash.hpp"

namespace tsdist::core
{

// Rotates x left by r bits.
static uint32_t
rotl32(uint32_t x, int r)
{
	return (x << r) | (x >> (32 - r));
}

// Reads 4 bytes as a little-endian word, on any host.
static uint32_t
read_le32(const uint8_t *p)
{
	return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

// The final avalanche of MurmurHash3.
static uint32_t
fmix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

uint32_t
murmur3_32(const void *data, size_t len, uint32_t seed)
{
	const uint8_t *bytes = static_cast<const uint8_t *>(data);
	const uint32_t c1 = 0xcc9e2d51U;
	const uint32_t c2 = 0x1b873593U;
	uint32_t h = seed;
	size_t nblocks = len / 4;

	for (size_t i = 0; i < nblocks; i++)
	{
		uint32_t k = read_le32(bytes + i * 4);
		k = rotl32(k * c1, 15) * c2;
		h ^= k;
		h = rotl32(h, 13) * 5 + 0xe6546b64U;
	}

	const uint8_t *tail = bytes + nblocks * 4;
	uint32_t k = 0;
	switch (len & 3)
	{
		case 3:
			k ^= uint32_t(tail[2]) << 16;
			[[fallthrough]];
		case 2:
			k ^= uint32_t(tail[1]) << 8;
			[[fallthrough]];
		case 1:
			k ^= tail[0];
			k = rotl32(k * c1, 15) * c2;
			h ^= k;
	}
	h ^= static_cast<uint32_t>(len);
	return fmix32(h);
}

int32_t
partition_hash(const void *data, size_t len)
{
	return static_cast<int32_t>(murmur3_32(data, len, 0) & 0x7fffffffU);
}

HashRange
partition_range(int32_t index, int32_t partitions)
{
	int64_t width = INT32_MAX / partitions;
	int64_t start = width * index;
	int64_t end = (index == partitions - 1) ? kHashEnd : start + width;
	return {start, end};
}

int32_t
partition_index(int32_t hash, int32_t partitions)
{
	int64_t width = INT32_MAX / partitions;
	int64_t index = hash / width;
	return static_cast<int32_t>(index >= partitions ? partitions - 1 : index);
}

} // namespace tsdist::core
