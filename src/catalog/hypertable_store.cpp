// Reading and writing hypertable and dimension rows (through SPI).
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/hypertable_store.hpp"

extern "C"
{
#include "executor/spi.h"
#include "utils/lsyscache.h"
}

namespace tsdist::catalog
{

static const char *const kLoadSql =
    "SELECT h.id, h.associated_schema_name, h.associated_table_prefix, h.replication_factor,"
    " d.id, d.column_name, d.column_type::oid, d.num_slices, d.partitioning_func_schema,"
    " d.partitioning_func, d.interval_length"
    " FROM _timescaledb_dist_catalog.hypertable h"
    " JOIN _timescaledb_dist_catalog.dimension d ON d.hypertable_id = h.id"
    " WHERE h.schema_name = $1 AND h.table_name = $2 ORDER BY d.id";

// Copies a possibly NULL text column into a NameData (empty when NULL).
static void
set_name(NameData *dst, uint64 row, int col)
{
	char *v = spi_text(row, col);
	namestrcpy(dst, v != NULL ? v : "");
}

// Fills dimension `d` from result row `row` of kLoadSql.
static void
read_dimension(Dimension *d, uint64 row, Oid relid)
{
	bool isnull;
	d->id = spi_int32(row, 5);
	set_name(&d->column_name, row, 6);
	d->attno = get_attnum(relid, NameStr(d->column_name));
	d->column_type =
	    DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 7, &isnull));
	int16 slices =
	    DatumGetInt16(SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 8, &isnull));
	d->is_space = !isnull;
	d->num_slices = isnull ? 0 : slices;
	set_name(&d->partitioning_func_schema, row, 9);
	set_name(&d->partitioning_func, row, 10);
	d->interval_length = spi_int64(row, 11, &isnull);
}

Hypertable *
hypertable_load(Oid relid)
{
	char *schema = get_namespace_name(get_rel_namespace(relid));
	char *table = get_rel_name(relid);
	if (schema == NULL || table == NULL)
		return NULL;
	Hypertable *ht = (Hypertable *) palloc0(sizeof(Hypertable));
	Oid types[2] = {TEXTOID, TEXTOID};
	Datum values[2] = {CStringGetTextDatum(schema), CStringGetTextDatum(table)};
	static SPIPlanPtr plan;
	SPI_connect();
	uint64 n = catalog_exec_saved(&plan, false, kLoadSql, 2, types, values, NULL);
	for (uint64 row = 0; row < n && row < (uint64) kMaxDimensions; row++)
		read_dimension(&ht->dimensions[row], row, relid);
	if (n > 0)
	{
		bool isnull;
		ht->id = spi_int32(0, 1);
		set_name(&ht->associated_schema_name, 0, 2);
		set_name(&ht->associated_table_prefix, 0, 3);
		ht->replication_factor =
		    DatumGetInt16(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 4, &isnull));
	}
	SPI_finish();
	if (n == 0)
		return NULL;
	ht->relid = relid;
	namestrcpy(&ht->schema_name, schema);
	namestrcpy(&ht->table_name, table);
	ht->num_dimensions = (int) Min(n, (uint64) kMaxDimensions);
	return ht;
}

// Inserts one dimension row of hypertable `ht_id`.
static void
dimension_insert(int32 ht_id, const NewDimension *d)
{
	Oid types[7] = {INT4OID, TEXTOID, OIDOID, INT2OID, TEXTOID, TEXTOID, INT8OID};
	Datum values[7] = {Int32GetDatum(ht_id),
	                   CStringGetTextDatum(d->column_name),
	                   ObjectIdGetDatum(d->column_type),
	                   Int16GetDatum(d->num_slices),
	                   CStringGetTextDatum(d->func_schema ? d->func_schema : ""),
	                   CStringGetTextDatum(d->func_name ? d->func_name : ""),
	                   Int64GetDatum(d->interval_length)};
	bool space = d->num_slices > 0;
	char nulls[7] = {' ',
	                 ' ',
	                 ' ',
	                 space ? ' ' : 'n',
	                 d->func_schema ? ' ' : 'n',
	                 d->func_name ? ' ' : 'n',
	                 space ? 'n' : ' '};
	catalog_exec("INSERT INTO _timescaledb_dist_catalog.dimension (hypertable_id, column_name,"
	             " column_type, aligned, num_slices, partitioning_func_schema, partitioning_func,"
	             " interval_length) VALUES ($1, $2, $3::regtype, $4 IS NULL, $4, $5, $6, $7)",
	             7, types, values, nulls);
}

int32
hypertable_insert(const char *schema, const char *table, const char *assoc_schema,
                  const char *assoc_prefix, int16 replication_factor, int ndims,
                  const NewDimension *dims)
{
	Oid types[6] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT2OID, INT2OID};
	Datum values[6] = {CStringGetTextDatum(schema),
	                   CStringGetTextDatum(table),
	                   CStringGetTextDatum(assoc_schema),
	                   CStringGetTextDatum(assoc_prefix),
	                   Int16GetDatum(ndims),
	                   Int16GetDatum(replication_factor)};
	SPI_connect();
	catalog_exec("INSERT INTO _timescaledb_dist_catalog.hypertable (schema_name, table_name,"
	             " associated_schema_name, associated_table_prefix, num_dimensions,"
	             " replication_factor) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	             6, types, values, NULL);
	int32 id = spi_int32(0, 1);
	for (int i = 0; i < ndims; i++)
		dimension_insert(id, &dims[i]);
	SPI_finish();
	return id;
}

int32
hypertable_next_id()
{
	SPI_connect();
	catalog_exec("SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END"
	             " FROM _timescaledb_dist_catalog.hypertable_id_seq",
	             0, NULL, NULL, NULL);
	int32 id = (int32) spi_int64(0, 1);
	SPI_finish();
	return id;
}

void
dimension_set_interval(int32 dimension_id, int64 interval_length)
{
	Oid types[2] = {INT4OID, INT8OID};
	Datum values[2] = {Int32GetDatum(dimension_id), Int64GetDatum(interval_length)};
	catalog_run("UPDATE _timescaledb_dist_catalog.dimension SET interval_length = $2"
	            " WHERE id = $1",
	            2, types, values, NULL);
}

void
hypertable_rename(int32 hypertable_id, const char *schema, const char *table)
{
	Oid types[3] = {INT4OID, TEXTOID, TEXTOID};
	Datum values[3] = {Int32GetDatum(hypertable_id), CStringGetTextDatum(schema),
	                   CStringGetTextDatum(table)};
	catalog_run("UPDATE _timescaledb_dist_catalog.hypertable SET schema_name = $2,"
	            " table_name = $3 WHERE id = $1",
	            3, types, values, NULL);
}

void
dimension_rename_column(int32 hypertable_id, const char *old_name, const char *new_name)
{
	Oid types[3] = {INT4OID, TEXTOID, TEXTOID};
	Datum values[3] = {Int32GetDatum(hypertable_id), CStringGetTextDatum(old_name),
	                   CStringGetTextDatum(new_name)};
	catalog_run("UPDATE _timescaledb_dist_catalog.dimension SET column_name = $3"
	            " WHERE hypertable_id = $1 AND column_name = $2",
	            3, types, values, NULL);
}

} // namespace tsdist::catalog
