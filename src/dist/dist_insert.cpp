// Routing rows of a distributed hypertable to data nodes and sending them in
// COPY batches.
#include "pg/pg.hpp"
#include "dist/dist_insert.hpp"
#include "catalog/data_node_store.hpp"
#include "dist/dist_chunk.hpp"
#include "hypertable/chunk_insert.hpp"
#include "pg/encoding.hpp"
#include "remote/copy.hpp"
#include "txn/dist_txn.hpp"

extern "C"
{
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
}

namespace tsdist::dist
{

// Buffered bytes over all nodes that trigger a flush.
static const int kFlushBytes = 4 * 1024 * 1024;

// One data node written by the statement.
struct NodeBuffer
{
	char name[NAMEDATALEN];
	Oid server;
	StringInfoData data; // binary COPY tuples not sent yet
};

// A chunk the statement wrote to, with the indexes of its nodes.
struct ChunkNodes
{
	catalog::ChunkInfo chunk;
	int nnodes;
	int *nodes;
};

struct DistInserter
{
	const catalog::Hypertable *ht;
	hypertable::SpaceHasher *hashers[catalog::kMaxDimensions];
	bool for_copy;
	int ncols;           // columns sent
	AttrNumber *attnums; // their attribute numbers
	FmgrInfo *send;      // their binary output functions
	char *copy_sql;
	NodeBuffer *nodes;
	int nnodes;
	int max_nodes;
	List *chunks; // ChunkNodes *
	ChunkNodes *last;
	StringInfoData row; // the current row, encoded
	int64 buffered;     // bytes in all node buffers
	MemoryContext mcxt;
	MemoryContext row_cxt; // reset for every row
};

// The COPY command for the member hypertable with the columns sent.
static char *
build_copy_sql(DistInserter *di, TupleDesc desc)
{
	StringInfoData sql;
	initStringInfo(&sql);
	appendStringInfo(
	    &sql, "COPY %s (",
	    quote_qualified_identifier(NameStr(di->ht->schema_name), NameStr(di->ht->table_name)));
	for (int i = 0; i < di->ncols; i++)
		appendStringInfo(
		    &sql, "%s%s", i > 0 ? ", " : "",
		    quote_identifier(NameStr(TupleDescAttr(desc, di->attnums[i] - 1)->attname)));
	appendStringInfoString(&sql, ") FROM STDIN WITH (FORMAT binary)");
	return sql.data;
}

// Chooses the columns sent (not dropped, not generated) and their send functions.
static void
prepare_columns(DistInserter *di, TupleDesc desc)
{
	di->attnums = (AttrNumber *) palloc(sizeof(AttrNumber) * (desc->natts + 1));
	di->send = (FmgrInfo *) palloc0(sizeof(FmgrInfo) * (desc->natts + 1));
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		if (att->attisdropped || att->attgenerated)
			continue;
		Oid func;
		bool varlena;
		getTypeBinaryOutputInfo(att->atttypid, &func, &varlena);
		fmgr_info(func, &di->send[di->ncols]);
		di->attnums[di->ncols++] = att->attnum;
	}
}

DistInserter *
dist_inserter_create(const catalog::Hypertable *ht, TupleDesc desc, bool for_copy)
{
	DistInserter *di = (DistInserter *) palloc0(sizeof(DistInserter));
	di->ht = ht;
	di->for_copy = for_copy;
	di->mcxt = CurrentMemoryContext;
	di->row_cxt =
	    AllocSetContextCreate(CurrentMemoryContext, "tsdist insert row", ALLOCSET_DEFAULT_SIZES);
	for (int i = 0; i < ht->num_dimensions; i++)
		if (ht->dimensions[i].is_space)
			di->hashers[i] = hypertable::space_hasher_for_dimension(&ht->dimensions[i]);
	prepare_columns(di, desc);
	di->copy_sql = build_copy_sql(di, desc);
	initStringInfo(&di->row);
	return di;
}

// The index of node `name` in di->nodes, added when new.
static int
node_index(DistInserter *di, const char *name)
{
	for (int i = 0; i < di->nnodes; i++)
		if (strcmp(di->nodes[i].name, name) == 0)
			return i;
	if (di->nnodes == di->max_nodes)
	{
		int max = di->max_nodes == 0 ? 4 : di->max_nodes * 2;
		di->nodes = di->nodes == NULL
		                ? (NodeBuffer *) MemoryContextAllocZero(di->mcxt, sizeof(NodeBuffer) * max)
		                : (NodeBuffer *) repalloc(di->nodes, sizeof(NodeBuffer) * max);
		di->max_nodes = max;
	}
	NodeBuffer *node = &di->nodes[di->nnodes];
	strlcpy(node->name, name, NAMEDATALEN);
	node->server = catalog::data_node_get(name, false)->serverid;
	MemoryContext old = MemoryContextSwitchTo(di->mcxt);
	initStringInfo(&node->data);
	MemoryContextSwitchTo(old);
	return di->nnodes++;
}

// Remembers a chunk and its nodes for the rest of the statement.
static ChunkNodes *
remember_chunk(DistInserter *di, const catalog::ChunkInfo *chunk, List *names)
{
	MemoryContext old = MemoryContextSwitchTo(di->mcxt);
	ChunkNodes *cn = (ChunkNodes *) palloc0(sizeof(ChunkNodes));
	cn->chunk = *chunk;
	cn->nodes = (int *) palloc(sizeof(int) * (list_length(names) + 1));
	MemoryContextSwitchTo(old);
	ListCell *lc;
	foreach (lc, names)
		cn->nodes[cn->nnodes++] = node_index(di, (const char *) lfirst(lc));
	old = MemoryContextSwitchTo(di->mcxt);
	di->chunks = lappend(di->chunks, cn);
	MemoryContextSwitchTo(old);
	return cn;
}

// The chunk of the row in `slot`, created on its data nodes if needed.
static ChunkNodes *
route(DistInserter *di, TupleTableSlot *slot)
{
	int64 point[catalog::kMaxDimensions];
	int ndims = di->ht->num_dimensions;
	hypertable::row_point(di->ht, di->hashers, di->for_copy, slot, point);
	if (di->last != NULL && hypertable::chunk_holds(&di->last->chunk, ndims, point))
		return di->last;
	ListCell *lc;
	foreach (lc, di->chunks)
	{
		ChunkNodes *cn = (ChunkNodes *) lfirst(lc);
		if (hypertable::chunk_holds(&cn->chunk, ndims, point))
			return di->last = cn;
	}
	List *names = NIL;
	catalog::ChunkInfo *chunk = dist_chunk_find_or_create(di->ht, point, &names);
	if (names == NIL)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
		                errmsg("chunk \"%s\" has no data nodes", NameStr(chunk->table_name))));
	return di->last = remember_chunk(di, chunk, names);
}

// Appends a 16-bit or 32-bit integer in network byte order.
static void
append_int16(StringInfo buf, int16 v)
{
	uint16 n = pg_hton16((uint16) v);
	appendBinaryStringInfo(buf, (const char *) &n, 2);
}

static void
append_int32(StringInfo buf, int32 v)
{
	uint32 n = pg_hton32((uint32) v);
	appendBinaryStringInfo(buf, (const char *) &n, 4);
}

// The row encode_values works on.
struct RowToEncode
{
	DistInserter *di;
	TupleTableSlot *slot;
};

// Appends the fields of one binary COPY tuple to di->row.
static void
encode_values(void *arg)
{
	DistInserter *di = ((RowToEncode *) arg)->di;
	TupleTableSlot *slot = ((RowToEncode *) arg)->slot;
	append_int16(&di->row, (int16) di->ncols);
	for (int i = 0; i < di->ncols; i++)
	{
		int att = di->attnums[i] - 1;
		if (slot->tts_isnull[att])
		{
			append_int32(&di->row, -1);
			continue;
		}
		bytea *value = SendFunctionCall(&di->send[i], slot->tts_values[att]);
		append_int32(&di->row, (int32) (VARSIZE(value) - VARHDRSZ));
		appendBinaryStringInfo(&di->row, VARDATA(value), VARSIZE(value) - VARHDRSZ);
	}
}

// Encodes the row of `slot` as one binary COPY tuple in di->row (binary:
// independent of DateStyle, extra_float_digits and other output settings).
// Text leaves in the database encoding, which the node connections speak,
// whatever the user's client_encoding.
static void
encode_row(DistInserter *di, TupleTableSlot *slot)
{
	resetStringInfo(&di->row);
	slot_getallattrs(slot);
	RowToEncode row = {di, slot};
	pg::with_database_encoding(encode_values, &row);
}

void
dist_inserter_add(DistInserter *di, TupleTableSlot *slot)
{
	MemoryContextReset(di->row_cxt);
	MemoryContext old = MemoryContextSwitchTo(di->row_cxt);
	ChunkNodes *cn = route(di, slot);
	encode_row(di, slot);
	MemoryContextSwitchTo(old);
	for (int i = 0; i < cn->nnodes; i++)
		appendBinaryStringInfo(&di->nodes[cn->nodes[i]].data, di->row.data, di->row.len);
	di->buffered += (int64) di->row.len * cn->nnodes;
	if (di->buffered >= kFlushBytes)
		dist_inserter_flush(di);
}

void
dist_inserter_flush(DistInserter *di)
{
	if (di->buffered == 0)
		return;
	auto **conns = (remote::Connection **) palloc0(sizeof(void *) * (di->nnodes + 1));
	NodeBuffer **bufs = (NodeBuffer **) palloc0(sizeof(void *) * (di->nnodes + 1));
	int n = 0;
	for (int i = 0; i < di->nnodes; i++)
	{
		if (di->nodes[i].data.len == 0)
			continue;
		txn::dist_txn_mark_written(di->nodes[i].server);
		bufs[n] = &di->nodes[i];
		conns[n++] = txn::dist_txn_connection(di->nodes[i].server);
	}
	// Binary COPY: signature, flags, header extension length; -1 ends the data.
	static const char header[19] = "PGCOPY\n\377\r\n\0";
	static const char trailer[2] = {'\377', '\377'};
	remote::copy_start(conns, n, di->copy_sql);
	for (int i = 0; i < n; i++)
	{
		remote::copy_send(conns[i], header, sizeof(header));
		remote::copy_send(conns[i], bufs[i]->data.data, bufs[i]->data.len);
		remote::copy_send(conns[i], trailer, sizeof(trailer));
	}
	remote::copy_finish(conns, n);
	for (int i = 0; i < n; i++)
		resetStringInfo(&bufs[i]->data);
	di->buffered = 0;
	pfree(conns);
	pfree(bufs);
}

} // namespace tsdist::dist
