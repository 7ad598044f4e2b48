// The SQL that creates (or drops) the member of a distributed hypertable on a
// data node: same columns, types, defaults, NOT NULL and CHECK / PRIMARY KEY /
// UNIQUE / EXCLUDE constraints, indexes and privileges, then create_hypertable
// with the same dimensions and replication_factor => -1. PG zone.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::dist
{

// One command string (run as one implicit transaction) whose result is the
// member's hypertable id on the data node. Names are the access node's.
// Volatile defaults (nextval, random, ...) and identity are left out: the
// access node evaluates them before rows reach a data node.
char *member_create_sql(const catalog::Hypertable *ht);

// Column `attnum` of `relid` as the members define it (name, type, collation,
// non-volatile default, NOT NULL), for ADD COLUMN. Call between
// deparse_qualified_begin / end.
char *member_column_sql(Oid relid, AttrNumber attnum);

// The type (and collation) of column `attnum`, for ALTER COLUMN TYPE.
char *member_column_type_sql(Oid relid, AttrNumber attnum);

// The default of column `attnum` as the members have it; NULL when there is
// none or it is volatile (the access node evaluates those).
char *member_default_sql(Oid relid, AttrNumber attnum);

// Deparsing with every name qualified: pins search_path (pg::search_path_pin)
// until deparse_qualified_end(level) (an error resets it with the transaction).
int deparse_qualified_begin();
void deparse_qualified_end(int level);

// Drops the member table (and so its chunks) on a data node.
char *member_drop_sql(const catalog::Hypertable *ht);

} // namespace tsdist::dist
