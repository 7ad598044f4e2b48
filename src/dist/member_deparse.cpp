// Deparsing a hypertable's definition for its members on data nodes.
#include "pg/pg.hpp"
#include "catalog/catalog.hpp"
#include "catalog/metadata_store.hpp"
#include "dist/member_deparse.hpp"
#include "pg/search_path.hpp"

extern "C"
{
#include "access/table.h"
#include "executor/spi.h"
#include "optimizer/optimizer.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
}

namespace tsdist::dist
{

// The default expression of column `attnum`, or NULL.
static Node *
column_default(TupleDesc desc, AttrNumber attnum)
{
	if (desc->constr == NULL)
		return NULL;
	for (int i = 0; i < desc->constr->num_defval; i++)
		if (desc->constr->defval[i].adnum == attnum)
			return (Node *) stringToNode(desc->constr->defval[i].adbin);
	return NULL;
}

// Appends a column's type and collation.
static void
append_type(StringInfo buf, Form_pg_attribute att)
{
	appendStringInfoString(
	    buf, format_type_extended(att->atttypid, att->atttypmod,
	                              FORMAT_TYPE_TYPEMOD_GIVEN | FORMAT_TYPE_FORCE_QUALIFY));
	if (OidIsValid(att->attcollation) && att->attcollation != get_typcollation(att->atttypid))
		appendStringInfo(buf, " COLLATE %s", generate_collation_name(att->attcollation));
}

// Appends one column definition: name, type, collation, default, NOT NULL.
static void
append_column(StringInfo buf, Relation rel, Form_pg_attribute att, List *dpcontext)
{
	appendStringInfo(buf, "%s ", quote_identifier(NameStr(att->attname)));
	append_type(buf, att);
	Node *def = att->atthasdef ? column_default(RelationGetDescr(rel), att->attnum) : NULL;
	if (def != NULL && att->attgenerated == ATTRIBUTE_GENERATED_STORED)
		appendStringInfo(buf, " GENERATED ALWAYS AS (%s) STORED",
		                 deparse_expression(def, dpcontext, false, false));
	else if (def != NULL && !contain_volatile_functions(def))
		appendStringInfo(buf, " DEFAULT %s", deparse_expression(def, dpcontext, false, false));
	if (att->attnotnull)
		appendStringInfoString(buf, " NOT NULL");
}

// Deparses one part of column `attnum` of `relid`: the whole definition, or
// only the type (`type_only`).
static char *
column_sql(Oid relid, AttrNumber attnum, bool type_only)
{
	Relation rel = table_open(relid, AccessShareLock);
	List *dpcontext = deparse_context_for(RelationGetRelationName(rel), relid);
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	StringInfoData buf;
	initStringInfo(&buf);
	if (type_only)
		append_type(&buf, att);
	else
		append_column(&buf, rel, att, dpcontext);
	table_close(rel, AccessShareLock);
	return buf.data;
}

char *
member_column_sql(Oid relid, AttrNumber attnum)
{
	return column_sql(relid, attnum, false);
}

char *
member_column_type_sql(Oid relid, AttrNumber attnum)
{
	return column_sql(relid, attnum, true);
}

char *
member_default_sql(Oid relid, AttrNumber attnum)
{
	Relation rel = table_open(relid, AccessShareLock);
	Form_pg_attribute att = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	Node *def = att->atthasdef ? column_default(RelationGetDescr(rel), attnum) : NULL;
	char *sql = NULL;
	if (def != NULL && att->attgenerated == '\0' && !contain_volatile_functions(def))
		sql = deparse_expression(def, deparse_context_for(RelationGetRelationName(rel), relid),
		                         false, false);
	table_close(rel, AccessShareLock);
	return sql;
}

int
deparse_qualified_begin()
{
	return pg::search_path_pin();
}

void
deparse_qualified_end(int level)
{
	pg::search_path_restore(level);
}

// Appends the columns of the table.
static void
append_columns(StringInfo buf, Oid relid)
{
	Relation rel = table_open(relid, AccessShareLock);
	List *dpcontext = deparse_context_for(RelationGetRelationName(rel), relid);
	TupleDesc desc = RelationGetDescr(rel);
	const char *sep = "";
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		if (att->attisdropped)
			continue;
		appendStringInfoString(buf, sep);
		append_column(buf, rel, att, dpcontext);
		sep = ", ";
	}
	table_close(rel, AccessShareLock);
}

// Appends `prefix` + column 1 of every row of a catalog query on `relid`.
static void
append_query_rows(StringInfo buf, const char *sql, Oid relid, const char *prefix,
                  const char *suffix)
{
	Oid types[1] = {OIDOID};
	Datum values[1] = {ObjectIdGetDatum(relid)};
	MemoryContext caller = CurrentMemoryContext;
	int level = pg::search_path_pin();
	SPI_connect();
	if (SPI_execute_with_args(sql, 1, types, values, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the definition of \"%s\"", get_rel_name(relid));
	for (uint64 row = 0; row < SPI_processed; row++)
	{
		char *value = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1);
		MemoryContext spi = MemoryContextSwitchTo(caller);
		appendStringInfo(buf, "%s%s%s", prefix, value, suffix);
		MemoryContextSwitchTo(spi);
	}
	SPI_finish();
	pg::search_path_restore(level);
}

// A name as a SQL literal, or NULL.
static const char *
literal_or_null(const char *value)
{
	return value != NULL && value[0] != '\0' ? quote_literal_cstr(value) : "NULL";
}

// Appends the create_hypertable call that makes the table a member hypertable.
static void
append_create_hypertable(StringInfo buf, const catalog::Hypertable *ht, const char *qualified)
{
	const catalog::Dimension *time = &ht->dimensions[0];
	const catalog::Dimension *space = ht->num_dimensions > 1 ? &ht->dimensions[1] : NULL;
	const char *func = "NULL";
	if (space != NULL && NameStr(space->partitioning_func)[0] != '\0')
		func = quote_literal_cstr(quote_qualified_identifier(
		    NameStr(space->partitioning_func_schema), NameStr(space->partitioning_func)));
	appendStringInfo(
	    buf,
	    "SELECT hypertable_id FROM %s.create_hypertable(%s::pg_catalog.regclass, %s,"
	    " partitioning_column => %s, number_partitions => %s,"
	    " associated_schema_name => %s, associated_table_prefix => %s,"
	    " chunk_time_interval => " INT64_FORMAT "::pg_catalog.int8,"
	    " create_default_indexes => false, partitioning_func => %s::pg_catalog.regproc,"
	    " replication_factor => -1)",
	    quote_identifier(catalog::extension_schema()), quote_literal_cstr(qualified),
	    quote_literal_cstr(NameStr(time->column_name)),
	    space ? literal_or_null(NameStr(space->column_name)) : "NULL",
	    space ? psprintf("%d", space->num_slices) : "NULL",
	    literal_or_null(NameStr(ht->associated_schema_name)),
	    literal_or_null(NameStr(ht->associated_table_prefix)), time->interval_length, func);
}

// Appends a GRANT for every privilege given on the table and its columns to
// others than the owner, so the member's privileges match the table's.
static void
append_grants(StringInfo buf, Oid relid, const char *qualified)
{
	const char *grant = "' ON TABLE ' || %s || ' TO ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC'"
	                    " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END"
	                    " || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END";
	char *tail = psprintf(grant, quote_literal_cstr(qualified));
	append_query_rows(
	    buf,
	    psprintf("SELECT a.privilege_type || %s FROM pg_catalog.pg_class c,"
	             " pg_catalog.aclexplode(c.relacl) a WHERE c.oid = $1 AND a.grantee <> c.relowner"
	             " UNION ALL SELECT a.privilege_type || ' (' ||"
	             " pg_catalog.quote_ident(col.attname) || ')' || %s FROM pg_catalog.pg_class c"
	             " JOIN pg_catalog.pg_attribute col ON col.attrelid = c.oid,"
	             " pg_catalog.aclexplode(col.attacl) a WHERE c.oid = $1"
	             " AND a.grantee <> c.relowner AND col.attnum > 0 AND NOT col.attisdropped",
	             tail, tail),
	    relid, "GRANT ", "; ");
}

// Builds the whole command with every name deparsed fully qualified.
static char *
build_create_sql(const catalog::Hypertable *ht)
{
	const char *schema = NameStr(ht->schema_name);
	char *qualified = quote_qualified_identifier(schema, NameStr(ht->table_name));
	StringInfoData buf;
	initStringInfo(&buf);
	if (strcmp(schema, "public") != 0)
		appendStringInfo(&buf, "CREATE SCHEMA IF NOT EXISTS %s; ", quote_identifier(schema));
	appendStringInfo(&buf, "CREATE TABLE %s (", qualified);
	append_columns(&buf, ht->relid);
	append_query_rows(&buf,
	                  "SELECT pg_catalog.quote_ident(conname) || ' ' ||"
	                  " pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint"
	                  " WHERE conrelid = $1 AND contype IN ('c', 'p', 'u', 'x') ORDER BY conname",
	                  ht->relid, ", CONSTRAINT ", "");
	appendStringInfoString(&buf, "); ");
	append_query_rows(
	    &buf,
	    "SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i"
	    " WHERE i.indrelid = $1 AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint c"
	    " WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)"
	    " ORDER BY i.indexrelid",
	    ht->relid, "", "; ");
	append_grants(&buf, ht->relid, qualified);
	append_create_hypertable(&buf, ht, qualified);
	return buf.data;
}

char *
member_create_sql(const catalog::Hypertable *ht)
{
	int level = deparse_qualified_begin();
	char *sql = build_create_sql(ht);
	deparse_qualified_end(level);
	return sql;
}

char *
member_drop_sql(const catalog::Hypertable *ht)
{
	return psprintf("DROP TABLE IF EXISTS %s",
	                quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name)));
}

} // namespace tsdist::dist
