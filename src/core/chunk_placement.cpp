// Chunk placement over data nodes: round-robin from the slice ordinal.
#include "core/chunk_placement.hpp"
#include "core/floor_div.hpp"
#include "core/partition_hash.hpp"

#include <algorithm>

namespace tsdist::core
{

int64_t
space_slice_ordinal(int64_t range_start, int32_t partitions)
{
	int64_t clamped = std::clamp<int64_t>(range_start, 0, kHashEnd - 1);
	return partition_index(static_cast<int32_t>(clamped), partitions);
}

int64_t
time_slice_ordinal(int64_t range_start, int64_t interval)
{
	return floor_div(range_start, interval);
}

std::vector<size_t>
place_chunk(size_t num_nodes, int replication_factor, int64_t ordinal)
{
	std::vector<size_t> chosen;
	if (num_nodes == 0 || replication_factor < 1)
		return chosen;
	int64_t n = static_cast<int64_t>(num_nodes);
	int64_t first = ((ordinal % n) + n) % n;
	size_t count = std::min(num_nodes, static_cast<size_t>(replication_factor));
	for (size_t k = 0; k < count; k++)
		chosen.push_back(static_cast<size_t>((first + static_cast<int64_t>(k)) % n));
	return chosen;
}

} // namespace tsdist::core
