// Which data nodes a new chunk of a distributed hypertable goes to.
//
// A chunk's placement ordinal is the index of its space slice among the
// dimension's partitions (or, for a hypertable with only a time dimension, the
// number of its time slice). The chunk goes to `replication_factor`
// consecutive nodes of the eligible node list starting at ordinal mod n, so a
// space partition keeps landing on the same nodes while the list is unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tsdist::core
{

// Ordinal of a space slice that starts at hash `range_start` when the
// dimension has `partitions` (> 0) partitions. Starts outside the hash space
// are clamped into it.
int64_t space_slice_ordinal(int64_t range_start, int32_t partitions);

// Ordinal of a time slice starting at `range_start` for `interval` (> 0):
// floor(range_start / interval), so consecutive slices rotate over the nodes.
int64_t time_slice_ordinal(int64_t range_start, int64_t interval);

// Indices (into a node list of `num_nodes`) of the nodes for a chunk with
// placement ordinal `ordinal`: min(replication_factor, num_nodes) consecutive
// indices from ordinal mod num_nodes, wrapping around. Empty when there are
// no nodes or replication_factor < 1.
std::vector<size_t> place_chunk(size_t num_nodes, int replication_factor, int64_t ordinal);

} // namespace tsdist::core
