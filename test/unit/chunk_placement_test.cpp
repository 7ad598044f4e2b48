// Chunk placement: round-robin from the slice ordinal, golden values.
#include "core/chunk_placement.hpp"
#include "core/partition_hash.hpp"

#include <gtest/gtest.h>

using tsdist::core::partition_range;
using tsdist::core::place_chunk;
using tsdist::core::space_slice_ordinal;
using tsdist::core::time_slice_ordinal;
using Nodes = std::vector<size_t>;

TEST(ChunkPlacement, OneReplicaFollowsTheOrdinal)
{
	EXPECT_EQ(place_chunk(3, 1, 0), (Nodes{0}));
	EXPECT_EQ(place_chunk(3, 1, 1), (Nodes{1}));
	EXPECT_EQ(place_chunk(3, 1, 2), (Nodes{2}));
	EXPECT_EQ(place_chunk(3, 1, 3), (Nodes{0}));
	EXPECT_EQ(place_chunk(3, 1, 7), (Nodes{1}));
}

TEST(ChunkPlacement, ReplicasAreConsecutiveAndWrap)
{
	EXPECT_EQ(place_chunk(3, 2, 0), (Nodes{0, 1}));
	EXPECT_EQ(place_chunk(3, 2, 2), (Nodes{2, 0}));
	EXPECT_EQ(place_chunk(4, 3, 3), (Nodes{3, 0, 1}));
	EXPECT_EQ(place_chunk(3, 3, 1), (Nodes{1, 2, 0}));
}

TEST(ChunkPlacement, NeverMoreReplicasThanNodes)
{
	EXPECT_EQ(place_chunk(2, 5, 1), (Nodes{1, 0}));
	EXPECT_EQ(place_chunk(1, 3, 9), (Nodes{0}));
}

TEST(ChunkPlacement, NoNodesOrNoReplicas)
{
	EXPECT_TRUE(place_chunk(0, 1, 0).empty());
	EXPECT_TRUE(place_chunk(3, 0, 0).empty());
	EXPECT_TRUE(place_chunk(3, -1, 0).empty());
}

TEST(ChunkPlacement, NegativeOrdinalsWrapLikeModulo)
{
	EXPECT_EQ(place_chunk(3, 1, -1), (Nodes{2}));
	EXPECT_EQ(place_chunk(3, 2, -3), (Nodes{0, 1}));
	EXPECT_EQ(place_chunk(3, 1, INT64_MIN), (Nodes{1})); // INT64_MIN mod 3 = -2
}

TEST(ChunkPlacement, SpaceOrdinalIsThePartitionIndex)
{
	for (int32_t p = 0; p < 4; p++)
		EXPECT_EQ(space_slice_ordinal(partition_range(p, 4).start, 4), p);
	EXPECT_EQ(space_slice_ordinal(INT64_MIN, 4), 0);
	EXPECT_EQ(space_slice_ordinal(INT64_MAX, 4), 3);
}

TEST(ChunkPlacement, TimeOrdinalIsTheSliceNumber)
{
	const int64_t day = INT64_C(86400000000);
	EXPECT_EQ(time_slice_ordinal(0, day), 0);
	EXPECT_EQ(time_slice_ordinal(3 * day, day), 3);
	EXPECT_EQ(time_slice_ordinal(-day, day), -1);
	EXPECT_EQ(time_slice_ordinal(-1, day), -1);
}

TEST(ChunkPlacement, SameLocationSameNodeWhileNodesUnchanged)
{
	// Chunks of one space partition in successive time slices: same node.
	int64_t ordinal = space_slice_ordinal(partition_range(2, 3).start, 3);
	EXPECT_EQ(place_chunk(3, 1, ordinal), (Nodes{2}));
	EXPECT_EQ(place_chunk(3, 1, ordinal), place_chunk(3, 1, ordinal));
}
