// Session-wide connection cache keyed by (foreign server, user).
#include "pg/pg.hpp"
#include "remote/connection_cache.hpp"
#include "remote/server_options.hpp"

extern "C"
{
#include "access/xact.h"
#include "foreign/foreign.h"
#include "mb/pg_wchar.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/syscache.h"
}

namespace tsdist::remote
{

struct CacheKey
{
	Oid server_oid;
	Oid user_oid;
};

struct CacheEntry
{
	CacheKey key;             // hash key, must be first
	Connection *conn;         // NULL when not connected
	bool invalidated;         // server or user mapping changed: reopen on next use
	uint32 server_hashvalue;  // syscache hash of the server row
	bool has_mapping;         // a user mapping was used
	uint32 mapping_hashvalue; // syscache hash of that user mapping row
};

static HTAB *cache = NULL;
static MemoryContext cache_context = NULL;

// Creates the hash table in its own context under TopMemoryContext.
static void
ensure_cache()
{
	if (cache != NULL)
		return;
	cache_context =
	    AllocSetContextCreate(TopMemoryContext, "tsdist connection cache", ALLOCSET_SMALL_SIZES);
	HASHCTL ctl;
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(CacheKey);
	ctl.entrysize = sizeof(CacheEntry);
	ctl.hcxt = cache_context;
	cache = hash_create("tsdist connections", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

// Closes an entry's connection and forgets it. Never raises. The struct is
// not freed: a remote transaction of the txn layer may still point to it and
// must find it closed (conn->pg == NULL), never freed memory. A few bytes per
// replaced connection stay in the cache's context.
static void
entry_disconnect(CacheEntry *entry)
{
	if (entry->conn == NULL)
		return;
	connection_close(entry->conn);
	entry->conn = NULL;
}

// Disconnects and raises unless the data node's database has this database's
// encoding: the connection converts text, but a node in another encoding
// would reject characters or give other results for the functions it runs.
static void
entry_check_encoding(CacheEntry *entry)
{
	const char *remote = PQparameterStatus(entry->conn->pg, "server_encoding");
	if (remote != NULL && pg_char_to_encoding(remote) == GetDatabaseEncoding())
		return;
	char *encoding = pstrdup(remote != NULL ? remote : "unknown");
	char *node = pstrdup(entry->conn->node_name);
	entry_disconnect(entry);
	ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
	                errmsg("data node \"%s\" has database encoding \"%s\"", node, encoding),
	                errdetail("The access node's database encoding is \"%s\"; they must be the "
	                          "same.",
	                          GetDatabaseEncodingName()),
	                errhint("Use a data node database created with encoding \"%s\".",
	                        GetDatabaseEncodingName())));
}

// Opens the connection of an entry from the catalog's current options.
static void
entry_connect(CacheEntry *entry)
{
	ForeignServer *server = GetForeignServer(entry->key.server_oid);
	ConnOptions options = server_conn_options(entry->key.server_oid, entry->key.user_oid, NULL);
	entry->conn = connection_open(server->servername, options, cache_context, false);
	entry_check_encoding(entry);
	entry->invalidated = false;
	entry->server_hashvalue =
	    GetSysCacheHashValue1(FOREIGNSERVEROID, ObjectIdGetDatum(entry->key.server_oid));
	entry->mapping_hashvalue = server_mapping_hashvalue(entry->key.server_oid, entry->key.user_oid);
	entry->has_mapping = entry->mapping_hashvalue != 0;
}

Connection *
connection_cache_get(Oid server_oid, Oid user_oid)
{
	ensure_cache();
	CacheKey key = {server_oid, user_oid};
	bool found;
	CacheEntry *entry = (CacheEntry *) hash_search(cache, &key, HASH_ENTER, &found);
	if (!found)
	{
		entry->conn = NULL;
		entry->invalidated = false;
	}
	/* An invalidated connection is replaced only between remote transactions. */
	if (entry->conn != NULL && (PQstatus(entry->conn->pg) != CONNECTION_OK ||
	                            (entry->invalidated && connection_is_idle(entry->conn))))
		entry_disconnect(entry);
	if (entry->conn == NULL)
		entry_connect(entry);
	return entry->conn;
}

// Calls fn(entry) for every cache entry; fn may remove the entry it gets.
template <typename F>
static void
for_each_entry(F &&fn)
{
	if (cache == NULL)
		return;
	HASH_SEQ_STATUS scan;
	CacheEntry *entry;
	hash_seq_init(&scan, cache);
	while ((entry = (CacheEntry *) hash_seq_search(&scan)) != NULL)
		fn(entry);
}

void
connection_cache_remove_server(Oid server_oid)
{
	for_each_entry(
	    [&](CacheEntry *entry)
	    {
		    if (entry->key.server_oid != server_oid)
			    return;
		    entry_disconnect(entry);
		    hash_search(cache, &entry->key, HASH_REMOVE, NULL);
	    });
}

int
connection_cache_count(Oid server_oid)
{
	int count = 0;
	for_each_entry(
	    [&](CacheEntry *entry)
	    {
		    if (entry->key.server_oid == server_oid && entry->conn != NULL)
			    count++;
	    });
	return count;
}

// After an abort: a connection with a command in flight gets a cancel request
// and is closed, as is one that is broken. After a top-level abort also one
// still inside a remote transaction (its state is unknown: whoever opened
// the transaction should have ended it). Never raises (it runs while aborting).
static void
cleanup_after_abort(bool top_level)
{
	for_each_entry(
	    [&](CacheEntry *entry)
	    {
		    PGconn *pg = entry->conn != NULL ? entry->conn->pg : NULL;
		    if (pg == NULL)
			    return;
		    PGTransactionStatusType status = PQtransactionStatus(pg);
		    bool broken = PQstatus(pg) != CONNECTION_OK || status == PQTRANS_UNKNOWN;
		    if (status == PQTRANS_ACTIVE)
			    connection_cancel(entry->conn);
		    if (broken || status == PQTRANS_ACTIVE || (top_level && status != PQTRANS_IDLE))
			    entry_disconnect(entry);
	    });
}

// Transaction callback: cleanup of connections an abort left busy.
extern "C" void
connection_cache_xact_callback(XactEvent event, void *)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		cleanup_after_abort(true);
}

// Subtransaction callback: same cleanup when a subtransaction aborts.
extern "C" void
connection_cache_subxact_callback(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		cleanup_after_abort(false);
}

// Syscache callback for foreign servers and user mappings: marks the
// affected connections (all of them when hashvalue is 0).
extern "C" void
connection_cache_inval_callback(Datum, int cacheid, uint32 hashvalue)
{
	for_each_entry(
	    [&](CacheEntry *entry)
	    {
		    bool hit = cacheid == FOREIGNSERVEROID
		                   ? entry->server_hashvalue == hashvalue
		                   : !entry->has_mapping || entry->mapping_hashvalue == hashvalue;
		    if (hashvalue == 0 || hit)
			    entry->invalidated = true;
	    });
}

void
connection_cache_init()
{
	RegisterXactCallback(connection_cache_xact_callback, NULL);
	RegisterSubXactCallback(connection_cache_subxact_callback, NULL);
	CacheRegisterSyscacheCallback(FOREIGNSERVEROID, connection_cache_inval_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(USERMAPPINGOID, connection_cache_inval_callback, (Datum) 0);
}

} // namespace tsdist::remote
