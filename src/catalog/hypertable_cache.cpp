// The hypertable cache and its invalidation.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_cache.hpp"

extern "C"
{
#include "utils/hsearch.h"
#include "utils/inval.h"
}

namespace tsdist::catalog
{

struct CacheEntry
{
	Oid relid; // hash key
	bool is_hypertable;
	Hypertable ht;
};

static HTAB *cache = NULL;

// Relcache callback: forget one relation, or everything on InvalidOid.
extern "C" void
tsdist_hypertable_cache_callback(Datum, Oid relid)
{
	if (cache == NULL)
		return;
	if (!OidIsValid(relid))
	{
		hash_destroy(cache);
		cache = NULL;
		return;
	}
	hash_search(cache, &relid, HASH_REMOVE, NULL);
}

void
hypertable_cache_init()
{
	CacheRegisterRelcacheCallback(tsdist_hypertable_cache_callback, (Datum) 0);
}

// Creates the hash table in CacheMemoryContext on first use.
static void
ensure_cache()
{
	if (cache != NULL)
		return;
	HASHCTL ctl;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(CacheEntry);
	ctl.hcxt = CacheMemoryContext;
	cache = hash_create("timescaledb_dist hypertables", 64, &ctl,
	                    HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

Hypertable *
hypertable_get(Oid relid)
{
	if (!OidIsValid(relid) || !extension_is_active())
		return NULL;
	ensure_cache();
	bool found;
	CacheEntry *entry = (CacheEntry *) hash_search(cache, &relid, HASH_FIND, &found);
	if (entry == NULL)
	{
		// Loading may process invalidations, so the entry is added afterwards.
		Hypertable *ht = hypertable_load(relid);
		ensure_cache();
		entry = (CacheEntry *) hash_search(cache, &relid, HASH_ENTER, &found);
		entry->is_hypertable = ht != NULL;
		if (ht != NULL)
			entry->ht = *ht;
		return ht;
	}
	if (!entry->is_hypertable)
		return NULL;
	Hypertable *copy = (Hypertable *) palloc(sizeof(Hypertable));
	*copy = entry->ht;
	return copy;
}

bool
is_hypertable(Oid relid)
{
	Hypertable *ht = hypertable_get(relid);
	if (ht == NULL)
		return false;
	pfree(ht);
	return true;
}

void
hypertable_cache_invalidate(Oid relid)
{
	CacheInvalidateRelcacheByRelid(relid);
}

} // namespace tsdist::catalog
