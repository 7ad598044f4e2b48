// Reading and writing chunk rows (through SPI).
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/chunk_store.hpp"

extern "C"
{
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/timestamp.h"
}

namespace tsdist::catalog
{

// Chunks with their slices; ranges come back as arrays ordered like the
// hypertable's dimensions (by id).
#define CHUNK_SELECT                                                                               \
	"SELECT c.id, c.schema_name, c.table_name,"                                                    \
	" array_agg(s.range_start ORDER BY s.dimension_id),"                                           \
	" array_agg(s.range_end ORDER BY s.dimension_id),"                                             \
	" array_agg(s.id ORDER BY s.dimension_id), c.creation_time"                                    \
	" FROM _timescaledb_dist_catalog.chunk c"                                                      \
	" JOIN _timescaledb_dist_catalog.chunk_constraint cc ON cc.chunk_id = c.id"                    \
	" JOIN _timescaledb_dist_catalog.dimension_slice s ON s.id = cc.dimension_slice_id"

static const char *const kListSql =
    CHUNK_SELECT " WHERE c.hypertable_id = $1 GROUP BY c.id ORDER BY c.id";

// Copies the int8/int4 array in column `col` of `row` into `out` (n values).
static void
read_array(uint64 row, int col, int n, bool is_int4, void *out)
{
	bool isnull;
	Datum d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, &isnull);
	ArrayType *arr = DatumGetArrayTypeP(d);
	Datum *elems;
	int nelems;
	deconstruct_array(arr, is_int4 ? INT4OID : INT8OID, is_int4 ? 4 : 8, true,
	                  is_int4 ? TYPALIGN_INT : TYPALIGN_DOUBLE, &elems, NULL, &nelems);
	for (int i = 0; i < n && i < nelems; i++)
	{
		if (is_int4)
			((int32 *) out)[i] = DatumGetInt32(elems[i]);
		else
			((int64 *) out)[i] = DatumGetInt64(elems[i]);
	}
}

// Turns the rows of kListSql into ChunkInfo in context `mcxt`.
static List *
read_chunks(uint64 n, int ndims, MemoryContext mcxt)
{
	List *result = NIL;
	for (uint64 row = 0; row < n; row++)
	{
		MemoryContext old = MemoryContextSwitchTo(mcxt);
		ChunkInfo *c = (ChunkInfo *) palloc0(sizeof(ChunkInfo));
		result = lappend(result, c);
		MemoryContextSwitchTo(old);
		c->id = spi_int32(row, 1);
		namestrcpy(&c->schema_name, spi_text(row, 2));
		namestrcpy(&c->table_name, spi_text(row, 3));
		read_array(row, 4, ndims, false, c->range_start);
		read_array(row, 5, ndims, false, c->range_end);
		read_array(row, 6, ndims, true, c->slice_id);
		bool isnull;
		c->creation_time = DatumGetTimestampTz(
		    SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 7, &isnull));
	}
	return result;
}

List *
chunk_list(const Hypertable *ht)
{
	Oid types[1] = {INT4OID};
	Datum values[1] = {Int32GetDatum(ht->id)};
	MemoryContext mcxt = CurrentMemoryContext;
	SPI_connect();
	uint64 rows = catalog_exec(kListSql, 1, types, values, NULL);
	List *result = read_chunks(rows, ht->num_dimensions, mcxt);
	SPI_finish();
	return result;
}

int32
slice_get_or_create(int32 dimension_id, int64 start, int64 end)
{
	Oid types[3] = {INT4OID, INT8OID, INT8OID};
	Datum values[3] = {Int32GetDatum(dimension_id), Int64GetDatum(start), Int64GetDatum(end)};
	SPI_connect();
	uint64 n = catalog_exec("INSERT INTO _timescaledb_dist_catalog.dimension_slice"
	                        " (dimension_id, range_start, range_end) VALUES ($1, $2, $3)"
	                        " ON CONFLICT DO NOTHING RETURNING id",
	                        3, types, values, NULL);
	if (n == 0)
		n = catalog_exec("SELECT id FROM _timescaledb_dist_catalog.dimension_slice"
		                 " WHERE dimension_id = $1 AND range_start = $2 AND range_end = $3",
		                 3, types, values, NULL);
	if (n == 0)
		elog(ERROR, "dimension slice of dimension %d not found", dimension_id);
	int32 id = spi_int32(0, 1);
	SPI_finish();
	return id;
}

int32
chunk_next_id()
{
	SPI_connect();
	catalog_exec("SELECT nextval('_timescaledb_dist_catalog.chunk_id_seq')::int4", 0, NULL, NULL,
	             NULL);
	int32 id = spi_int32(0, 1);
	SPI_finish();
	return id;
}

void
chunk_insert(const Hypertable *ht, const ChunkInfo *chunk, char **constraint_names)
{
	Oid types[4] = {INT4OID, INT4OID, TEXTOID, TEXTOID};
	Datum values[4] = {Int32GetDatum(chunk->id), Int32GetDatum(ht->id),
	                   CStringGetTextDatum(NameStr(chunk->schema_name)),
	                   CStringGetTextDatum(NameStr(chunk->table_name))};
	SPI_connect();
	catalog_exec("INSERT INTO _timescaledb_dist_catalog.chunk (id, hypertable_id, schema_name,"
	             " table_name) VALUES ($1, $2, $3, $4)",
	             4, types, values, NULL);
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		Oid ctypes[3] = {INT4OID, INT4OID, TEXTOID};
		Datum cvalues[3] = {Int32GetDatum(chunk->id), Int32GetDatum(chunk->slice_id[i]),
		                    CStringGetTextDatum(constraint_names[i])};
		catalog_exec("INSERT INTO _timescaledb_dist_catalog.chunk_constraint (chunk_id,"
		             " dimension_slice_id, constraint_name) VALUES ($1, $2, $3)",
		             3, ctypes, cvalues, NULL);
	}
	SPI_finish();
}

} // namespace tsdist::catalog
