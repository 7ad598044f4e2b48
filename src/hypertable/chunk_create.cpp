// Chunk creation: hypercube, chunk table with CHECK constraints, indexes,
// catalog rows.
#include "pg/pg.hpp"
#include "pg/search_path.hpp"
#include "catalog/catalog.hpp"
#include "hypertable/chunk_create.hpp"
#include "hypertable/chunk_cache.hpp"
#include "hypertable/dimension_value.hpp"
#include "core/partition_hash.hpp"
#include "core/time_slice.hpp"

extern "C"
{
#include "access/genam.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/index.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_trigger.h"
#include "commands/trigger.h"
#include "utils/builtins.h"
#include "catalog/namespace.h"
#include "commands/defrem.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "access/attmap.h"
#include "parser/parse_utilcmd.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

namespace tsdist::hypertable
{

using catalog::ChunkInfo;
using catalog::Dimension;
using catalog::Hypertable;

// The hypercube a new chunk for `point` gets: the slice of each dimension,
// with the time range cut so it does not overlap chunks made with an older
// interval.
static void
compute_hypercube(const Hypertable *ht, const int64 *point, int64 *start, int64 *end)
{
	int time_dim = -1;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		const Dimension *d = &ht->dimensions[i];
		if (d->is_space)
		{
			core::HashRange r = core::partition_range(
			    core::partition_index((int32) point[i], d->num_slices), d->num_slices);
			start[i] = r.start;
			end[i] = r.end;
			continue;
		}
		core::TimeRange r = core::time_slice(point[i], d->interval_length);
		start[i] = r.start;
		end[i] = r.end;
		time_dim = i;
	}
	if (time_dim < 0)
		return;
	ListCell *lc;
	foreach (lc, catalog::chunk_find_overlapping(ht, start, end, true))
	{
		ChunkInfo *other = (ChunkInfo *) lfirst(lc);
		core::TimeRange r = core::cut_range_around(
		    {start[time_dim], end[time_dim]},
		    {other->range_start[time_dim], other->range_end[time_dim]}, point[time_dim]);
		start[time_dim] = r.start;
		end[time_dim] = r.end;
	}
}

// SQL of the partitioning expression of space dimension `d`.
static char *
space_expression(const Dimension *d)
{
	const char *col = quote_identifier(NameStr(d->column_name));
	if (NameStr(d->partitioning_func)[0] == '\0')
		return psprintf("%s.get_partition_hash(%s)", catalog::kFunctionsSchema, col);
	return psprintf("(%s(%s) & 2147483647)",
	                quote_qualified_identifier(NameStr(d->partitioning_func_schema),
	                                           NameStr(d->partitioning_func)),
	                col);
}

// Appends "expr >= lo AND expr < hi" (open bounds left out) to `buf`.
static void
append_range_check(StringInfo buf, const char *expr, const char *lo, const char *hi)
{
	if (lo != NULL)
		appendStringInfo(buf, "%s >= %s", expr, lo);
	if (lo != NULL && hi != NULL)
		appendStringInfoString(buf, " AND ");
	if (hi != NULL)
		appendStringInfo(buf, "%s < %s", expr, hi);
}

// The CHECK constraint clause of dimension `i` of `chunk`, or NULL if the
// slice is unbounded on both ends.
static char *
dimension_check(const Hypertable *ht, const ChunkInfo *chunk, int i, const char *name)
{
	const Dimension *d = &ht->dimensions[i];
	const char *expr;
	const char *lo;
	const char *hi;
	if (d->is_space)
	{
		expr = space_expression(d);
		lo = chunk->range_start[i] > 0 ? psprintf(INT64_FORMAT, chunk->range_start[i]) : NULL;
		hi = chunk->range_end[i] < core::kHashEnd ? psprintf(INT64_FORMAT, chunk->range_end[i])
		                                          : NULL;
	}
	else
	{
		expr = quote_identifier(NameStr(d->column_name));
		lo = time_bound_literal(chunk->range_start[i], d->column_type);
		hi = time_bound_literal(chunk->range_end[i], d->column_type);
	}
	if (lo == NULL && hi == NULL)
		return NULL;
	StringInfoData buf;
	initStringInfo(&buf);
	appendStringInfo(&buf, "CONSTRAINT %s CHECK (", quote_identifier(name));
	append_range_check(&buf, expr, lo, hi);
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

// CREATE TABLE of the chunk: CHECK constraints, INHERITS the hypertable, then
// the hypertable owner becomes its owner.
static void
create_chunk_table(const Hypertable *ht, const ChunkInfo *chunk, char **constraint_names)
{
	StringInfoData sql;
	initStringInfo(&sql);
	appendStringInfo(
	    &sql, "CREATE TABLE %s (",
	    quote_qualified_identifier(NameStr(chunk->schema_name), NameStr(chunk->table_name)));
	bool first = true;
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		char *check = dimension_check(ht, chunk, i, constraint_names[i]);
		if (check == NULL)
			continue;
		appendStringInfo(&sql, "%s%s", first ? "" : ", ", check);
		first = false;
	}
	appendStringInfo(&sql, ") INHERITS (%s)",
	                 quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name)));
	Relation ht_rel = table_open(ht->relid, AccessShareLock);
	StringInfoData guard;
	initStringInfo(&guard);
	for (int i = 0; i < ht->num_dimensions; i++)
		appendStringInfo(&guard, "%s%s", i > 0 ? ", " : "",
		                 quote_identifier(NameStr(ht->dimensions[i].column_name)));
	char *owner = GetUserNameFromId(ht_rel->rd_rel->relowner, false);
	table_close(ht_rel, NoLock);
	SPI_connect();
	catalog::catalog_exec(sql.data, 0, NULL, NULL, NULL);
	catalog::catalog_exec(
	    psprintf(
	        "CREATE TRIGGER ts_chunk_update_guard BEFORE UPDATE OF %s ON %s FOR EACH ROW "
	        "EXECUTE FUNCTION %s.chunk_update_guard()",
	        guard.data,
	        quote_qualified_identifier(NameStr(chunk->schema_name), NameStr(chunk->table_name)),
	        catalog::kFunctionsSchema),
	    0, NULL, NULL, NULL);
	catalog::catalog_exec(psprintf("ALTER TABLE %s OWNER TO %s",
	                               quote_qualified_identifier(NameStr(chunk->schema_name),
	                                                          NameStr(chunk->table_name)),
	                               quote_identifier(owner)),
	                      0, NULL, NULL, NULL);
	SPI_finish();
}

void
chunk_schema_check_create(const char *schema, Oid role)
{
	if (strcmp(schema, catalog::kInternalSchema) == 0)
		return;
	Oid nsp = get_namespace_oid(schema, false);
	if (pg_namespace_aclcheck(nsp, role, ACL_CREATE) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_SCHEMA, schema);
}

// True when `table` is "<prefix>_<digits>_chunk".
static bool
has_chunk_name_form(const char *table, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(table, prefix, n) != 0 || table[n] != '_')
		return false;
	const char *digits = table + n + 1;
	size_t ndigits = strspn(digits, "0123456789");
	return ndigits > 0 && strcmp(digits + ndigits, "_chunk") == 0;
}

// Raises (42501) for a chunk name `table` in `schema` that is not of the
// hypertable's own form.
static void
refuse_name_form(const Hypertable *ht, const char *schema, const char *table)
{
	ereport(ERROR,
	        (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
	         errmsg("invalid chunk name \"%s\" in schema \"%s\"", table, schema),
	         errdetail("Chunks of hypertable \"%s\" in that schema are named \"%s_<id>_chunk\".",
	                   NameStr(ht->table_name), NameStr(ht->associated_table_prefix))));
}

// The owner of the hypertable's table.
static Oid
hypertable_owner(const Hypertable *ht)
{
	Relation rel = table_open(ht->relid, AccessShareLock);
	Oid owner = rel->rd_rel->relowner;
	table_close(rel, NoLock);
	return owner;
}

void
chunk_check_target(const Hypertable *ht, const char *schema, const char *table, bool by_owner)
{
	const char *assoc = NameStr(ht->associated_schema_name);
	const char *target = schema != NULL ? schema : assoc;
	if (!by_owner && strcmp(target, assoc) != 0)
		ereport(ERROR,
		        (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
		         errmsg("must be owner of table %s to create its chunks in schema \"%s\"",
		                NameStr(ht->table_name), target),
		         errdetail("Users with INSERT privilege get chunks in schema \"%s\".", assoc)));
	chunk_schema_check_create(target, hypertable_owner(ht));
	if (table == NULL || (by_owner && strcmp(target, catalog::kInternalSchema) != 0) ||
	    has_chunk_name_form(table, NameStr(ht->associated_table_prefix)))
		return;
	refuse_name_form(ht, target, table);
}

// Refuses a chunk name already taken: a table someone created under it (in a
// schema others may write) must never become a chunk.
static void
refuse_taken_name(const Hypertable *ht, const ChunkInfo *chunk)
{
	if (!OidIsValid(chunk_relid(chunk)))
		return;
	ereport(ERROR,
	        (errcode(ERRCODE_DUPLICATE_TABLE),
	         errmsg("chunk table \"%s.%s\" already exists", NameStr(chunk->schema_name),
	                NameStr(chunk->table_name)),
	         errdetail("A new chunk of hypertable \"%s\" needs this name; an existing table never "
	                   "becomes a chunk.",
	                   NameStr(ht->table_name)),
	         errhint("Drop or rename the existing table.")));
}

Oid
chunk_relid(const ChunkInfo *chunk)
{
	Oid nsp = get_namespace_oid(NameStr(chunk->schema_name), true);
	return OidIsValid(nsp) ? get_relname_relid(NameStr(chunk->table_name), nsp) : InvalidOid;
}

void
chunk_clone_index(Relation ht_rel, Oid ht_index, Oid chunk_relid)
{
	Relation chunk_rel = table_open(chunk_relid, ShareLock);
	Relation idx = index_open(ht_index, AccessShareLock);
	AttrMap *map = build_attrmap_by_name(RelationGetDescr(chunk_rel), RelationGetDescr(ht_rel));
	Oid constraint = InvalidOid;
	IndexStmt *stmt = generateClonedIndexStmt(NULL, idx, map, &constraint);
	stmt->idxname = NULL; // chosen from the chunk name, like a new index
	ObjectAddress child = DefineIndex(chunk_relid, stmt, InvalidOid, InvalidOid, InvalidOid, false,
	                                  false, false, false, true);
	// DROP INDEX (or DROP CONSTRAINT) on the hypertable drops the chunks'
	// copies with it. A copy that belongs to a constraint of the chunk is
	// dropped through that constraint (its index is internal to it).
	ObjectAddress parent;
	ObjectAddressSet(parent, RelationRelationId, ht_index);
	Oid chunk_constraint = get_index_constraint(child.objectId);
	if (OidIsValid(chunk_constraint))
		ObjectAddressSet(child, ConstraintRelationId, chunk_constraint);
	recordDependencyOn(&child, &parent, DEPENDENCY_AUTO);
	index_close(idx, AccessShareLock);
	table_close(chunk_rel, NoLock);
}

// The index of `chunk_rel` matching hypertable index `ht_idx`, or InvalidOid.
static Oid
matching_index(Relation chunk_rel, Relation ht_rel, Relation ht_idx)
{
	AttrMap *map = build_attrmap_by_name(RelationGetDescr(chunk_rel), RelationGetDescr(ht_rel));
	IndexInfo *want = BuildIndexInfo(ht_idx);
	Oid found = InvalidOid;
	ListCell *lc;
	foreach (lc, RelationGetIndexList(chunk_rel))
	{
		Relation idx = index_open(lfirst_oid(lc), AccessShareLock);
		if (!OidIsValid(found) && idx->rd_index->indisprimary == ht_idx->rd_index->indisprimary &&
		    CompareIndexInfo(BuildIndexInfo(idx), want, idx->rd_indcollation,
		                     ht_idx->rd_indcollation, idx->rd_opfamily, ht_idx->rd_opfamily, map))
			found = lfirst_oid(lc);
		index_close(idx, AccessShareLock);
	}
	return found;
}

// Makes chunk object `child` (an index or trigger, of catalog `classid`) go
// with the hypertable's `parent` on DROP, unless it already does (PostgreSQL
// rebuilds indexes for ALTER COLUMN TYPE, and pg_restore creates both,
// without that link).
static void
ensure_auto_dependency(Oid classid, Oid child, Oid parent)
{
	Oid types[3] = {OIDOID, OIDOID, OIDOID};
	Datum values[3] = {ObjectIdGetDatum(classid), ObjectIdGetDatum(child),
	                   ObjectIdGetDatum(parent)};
	int level = pg::search_path_pin();
	SPI_connect();
	SPI_execute_with_args("SELECT FROM pg_catalog.pg_depend WHERE classid = $1"
	                      " AND objid = $2 AND refobjid = $3 AND deptype = 'a'",
	                      3, types, values, NULL, true, 1);
	bool present = SPI_processed > 0;
	SPI_finish();
	pg::search_path_restore(level);
	if (present)
		return;
	ObjectAddress c, p;
	ObjectAddressSet(c, classid, child);
	ObjectAddressSet(p, classid, parent);
	recordDependencyOn(&c, &p, DEPENDENCY_AUTO);
}

// Clones the hypertable indexes `chunk_relid` lacks.
static void
sync_chunk(Relation ht_rel, List *ht_indexes, Oid chunk_relid)
{
	Relation chunk_rel = table_open(chunk_relid, ShareLock);
	ListCell *lc;
	foreach (lc, ht_indexes)
	{
		Relation ht_idx = index_open(lfirst_oid(lc), AccessShareLock);
		Oid match = matching_index(chunk_rel, ht_rel, ht_idx);
		index_close(ht_idx, AccessShareLock);
		if (OidIsValid(match))
			ensure_auto_dependency(RelationRelationId, match, lfirst_oid(lc));
		else
			chunk_clone_index(ht_rel, lfirst_oid(lc), chunk_relid);
	}
	table_close(chunk_rel, NoLock);
}

void
chunk_sync_indexes(const Hypertable *ht)
{
	if (ht->replication_factor > 0)
		return; // placeholders have no columns; the members' own hooks sync theirs
	Relation ht_rel = table_open(ht->relid, AccessShareLock);
	List *ht_indexes = list_copy(RelationGetIndexList(ht_rel));
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		Oid chunk = chunk_relid((ChunkInfo *) lfirst(lc));
		if (OidIsValid(chunk))
			sync_chunk(ht_rel, ht_indexes, chunk);
	}
	table_close(ht_rel, NoLock);
}

void
chunk_clone_indexes(Oid ht_relid, Oid chunk_relid)
{
	Relation ht_rel = table_open(ht_relid, AccessShareLock);
	List *indexes = RelationGetIndexList(ht_rel);
	ListCell *lc;
	foreach (lc, indexes)
		chunk_clone_index(ht_rel, lfirst_oid(lc), chunk_relid);
	table_close(ht_rel, NoLock);
}

// CREATE TRIGGER on the chunk from the hypertable trigger's definition,
// printed and run under the pinned search_path (so every name in it is
// qualified and means the same when it runs as the catalog owner).
static void
create_trigger_copy(Oid ht_relid, Oid trigger, Oid chunk_relid)
{
	int level = pg::search_path_pin();
	char *def =
	    TextDatumGetCString(DirectFunctionCall1(pg_get_triggerdef, ObjectIdGetDatum(trigger)));
	char *from = psprintf(
	    " ON %s ", quote_qualified_identifier(get_namespace_name(get_rel_namespace(ht_relid)),
	                                          get_rel_name(ht_relid)));
	char *to = psprintf(
	    " ON %s ", quote_qualified_identifier(get_namespace_name(get_rel_namespace(chunk_relid)),
	                                          get_rel_name(chunk_relid)));
	char *at = strstr(def, from);
	if (at == NULL)
		elog(ERROR, "unexpected trigger definition: %s", def);
	*at = '\0';
	char *sql = psprintf("%s%s%s", def, to, at + strlen(from));
	catalog::catalog_run(sql);
	pg::search_path_restore(level);
	CommandCounterIncrement();
}

void
chunk_clone_trigger(Oid ht_relid, Oid trigger, const char *name, Oid chunk_relid)
{
	// A chunk trigger of that name was restored from a dump before the
	// hypertable's; otherwise create the copy.
	if (!OidIsValid(get_trigger_oid(chunk_relid, name, true)))
		create_trigger_copy(ht_relid, trigger, chunk_relid);
	// DROP TRIGGER on the hypertable drops the copies with it.
	ensure_auto_dependency(TriggerRelationId, get_trigger_oid(chunk_relid, name, false), trigger);
}

void
chunk_clone_triggers(Oid ht_relid, Oid chunk_relid)
{
	Relation ht_rel = table_open(ht_relid, AccessShareLock);
	TriggerDesc *desc = ht_rel->trigdesc;
	List *oids = NIL;
	List *names = NIL;
	for (int i = 0; desc != NULL && i < desc->numtriggers; i++)
	{
		Trigger *t = &desc->triggers[i];
		if (!t->tgisinternal && TRIGGER_FOR_ROW(t->tgtype) && t->tgoldtable == NULL &&
		    t->tgnewtable == NULL && strcmp(t->tgname, catalog::kInsertBlockerTrigger) != 0)
		{
			oids = lappend_oid(oids, t->tgoid);
			names = lappend(names, pstrdup(t->tgname));
		}
	}
	table_close(ht_rel, NoLock);
	ListCell *oid, *name;
	forboth (oid, oids, name, names)
		chunk_clone_trigger(ht_relid, lfirst_oid(oid), (char *) lfirst(name), chunk_relid);
}

// The access node's table for a chunk of a distributed hypertable: no
// columns and no rows (they are on the data nodes), so that show_chunks can
// name the chunk and dropping it drops the chunk. Owned like the hypertable.
static void
create_placeholder_table(const Hypertable *ht, const ChunkInfo *chunk)
{
	const char *name =
	    quote_qualified_identifier(NameStr(chunk->schema_name), NameStr(chunk->table_name));
	Relation ht_rel = table_open(ht->relid, AccessShareLock);
	char *owner = GetUserNameFromId(ht_rel->rd_rel->relowner, false);
	table_close(ht_rel, NoLock);
	char *comment =
	    psprintf("chunk of distributed hypertable %s; its rows are on the data nodes",
	             quote_qualified_identifier(NameStr(ht->schema_name), NameStr(ht->table_name)));
	SPI_connect();
	catalog::catalog_exec(psprintf("CREATE TABLE %s ()", name), 0, NULL, NULL, NULL);
	catalog::catalog_exec(psprintf("COMMENT ON TABLE %s IS %s", name, quote_literal_cstr(comment)),
	                      0, NULL, NULL, NULL);
	catalog::catalog_exec(psprintf("ALTER TABLE %s OWNER TO %s", name, quote_identifier(owner)), 0,
	                      NULL, NULL, NULL);
	SPI_finish();
	// Goes with the hypertable however it is dropped (DROP SCHEMA ... CASCADE too).
	CommandCounterIncrement();
	ObjectAddress placeholder = {RelationRelationId, chunk_relid(chunk), 0};
	ObjectAddress hypertable = {RelationRelationId, ht->relid, 0};
	recordDependencyOn(&placeholder, &hypertable, DEPENDENCY_AUTO);
}

// Slice ids and CHECK constraint names of a new chunk's hypercube.
static char **
create_slices(const Hypertable *ht, ChunkInfo *chunk)
{
	char **constraint_names = (char **) palloc0(sizeof(char *) * catalog::kMaxDimensions);
	for (int i = 0; i < ht->num_dimensions; i++)
	{
		chunk->slice_id[i] = catalog::slice_get_or_create(
		    ht->dimensions[i].id, chunk->range_start[i], chunk->range_end[i]);
		constraint_names[i] = psprintf("constraint_%d", chunk->slice_id[i]);
	}
	return constraint_names;
}

void
chunk_creation_lock(const Hypertable *ht)
{
	// Serialises chunk creators of this hypertable; inserters hold only
	// RowExclusiveLock, which this lock does not conflict with.
	LockRelationOid(ht->relid, ShareUpdateExclusiveLock);
}

ChunkInfo *
chunk_create_hypercube(const Hypertable *ht, const int64 *start, const int64 *end,
                       const char *schema, const char *table)
{
	ChunkInfo *chunk = (ChunkInfo *) palloc0(sizeof(ChunkInfo));
	memcpy(chunk->range_start, start, sizeof(int64) * ht->num_dimensions);
	memcpy(chunk->range_end, end, sizeof(int64) * ht->num_dimensions);
	chunk->id = catalog::chunk_next_id();
	namestrcpy(&chunk->schema_name, schema ? schema : NameStr(ht->associated_schema_name));
	namestrcpy(&chunk->table_name,
	           table ? table
	                 : psprintf("%s_%d_chunk", NameStr(ht->associated_table_prefix), chunk->id));
	refuse_taken_name(ht, chunk);
	char **constraint_names = create_slices(ht, chunk);
	// A distributed hypertable's chunks live on data nodes: catalog rows and a
	// placeholder table only.
	if (ht->replication_factor <= 0)
	{
		create_chunk_table(ht, chunk, constraint_names);
		CommandCounterIncrement();
		chunk_clone_indexes(ht->relid, chunk_relid(chunk));
		chunk_clone_triggers(ht->relid, chunk_relid(chunk));
	}
	else
		create_placeholder_table(ht, chunk);
	catalog::chunk_insert(ht, chunk, constraint_names);
	CommandCounterIncrement();
	return chunk;
}

// True when `chunk` has exactly the hypercube [start, end).
static bool
same_hypercube(const Hypertable *ht, const ChunkInfo *chunk, const int64 *start, const int64 *end)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (chunk->range_start[i] != start[i] || chunk->range_end[i] != end[i])
			return false;
	return true;
}

ChunkInfo *
chunk_create_exact(const Hypertable *ht, const int64 *start, const int64 *end, const char *schema,
                   const char *table, bool *created)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (start[i] >= end[i])
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			                errmsg("invalid hypercube: range %d is empty", i + 1)));
	chunk_creation_lock(ht);
	List *overlapping = catalog::chunk_find_overlapping(ht, start, end, true);
	*created = false;
	if (overlapping != NIL)
	{
		ChunkInfo *other = (ChunkInfo *) linitial(overlapping);
		if (list_length(overlapping) == 1 && same_hypercube(ht, other, start, end))
			return other;
		ereport(ERROR,
		        (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
		         errmsg("chunk hypercube collides with chunk \"%s\"", NameStr(other->table_name))));
	}
	*created = true;
	return chunk_create_hypercube(ht, start, end, schema, table);
}

ChunkInfo *
chunk_find_or_create(const Hypertable *ht, const int64 *point, bool *created)
{
	if (created != nullptr)
		*created = false;
	ChunkInfo *chunk = chunk_cache_find(ht, point);
	if (chunk != NULL)
		return chunk;
	chunk = catalog::chunk_find_point(ht, point, false);
	if (chunk != NULL)
	{
		chunk_cache_add(ht, chunk);
		return chunk;
	}
	// After the lock, look again: a session that held it may have committed our chunk.
	chunk_creation_lock(ht);
	chunk = catalog::chunk_find_point(ht, point, true);
	if (chunk != NULL)
		return chunk;
	int64 start[catalog::kMaxDimensions], end[catalog::kMaxDimensions];
	compute_hypercube(ht, point, start, end);
	if (created != nullptr)
		*created = true;
	return chunk_create_hypercube(ht, start, end, NULL, NULL);
}

} // namespace tsdist::hypertable
