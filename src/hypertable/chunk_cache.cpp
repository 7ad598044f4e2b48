// The per-backend chunk cache: a small array searched linearly (a few
// dozen entries cost less to scan than to hash).
#include "pg/pg.hpp"
#include "hypertable/chunk_cache.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/chunk_insert.hpp"

extern "C"
{
#include "utils/inval.h"
}

namespace tsdist::hypertable
{

static constexpr int kCachedChunks = 64;

struct CachedChunk
{
	Oid ht_relid; // InvalidOid: a free slot
	int32 ht_id;
	catalog::ChunkInfo chunk;
};

static CachedChunk cached[kCachedChunks];
static int next_slot = 0;
static bool callback_registered = false;

// Relcache callback: forgets the chunks of one hypertable, or all on InvalidOid.
extern "C" void
tsdist_chunk_cache_callback(Datum, Oid relid)
{
	for (int i = 0; i < kCachedChunks; i++)
		if (!OidIsValid(relid) || cached[i].ht_relid == relid)
			cached[i].ht_relid = InvalidOid;
}

catalog::ChunkInfo *
chunk_cache_find(const catalog::Hypertable *ht, const int64 *point)
{
	for (int i = 0; i < kCachedChunks; i++)
	{
		CachedChunk *c = &cached[i];
		if (c->ht_relid != ht->relid || c->ht_id != ht->id ||
		    !chunk_holds(&c->chunk, ht->num_dimensions, point))
			continue;
		if (!OidIsValid(chunk_relid(&c->chunk)))
		{
			c->ht_relid = InvalidOid; // dropped, or its creation rolled back
			continue;
		}
		catalog::ChunkInfo *copy = (catalog::ChunkInfo *) palloc(sizeof(catalog::ChunkInfo));
		*copy = c->chunk;
		return copy;
	}
	return NULL;
}

void
chunk_cache_add(const catalog::Hypertable *ht, const catalog::ChunkInfo *chunk)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(tsdist_chunk_cache_callback, (Datum) 0);
		callback_registered = true;
	}
	CachedChunk *c = &cached[next_slot];
	next_slot = (next_slot + 1) % kCachedChunks;
	c->ht_relid = ht->relid;
	c->ht_id = ht->id;
	c->chunk = *chunk;
}

} // namespace tsdist::hypertable
