// What the utility hook does for each statement kind that touches hypertables.
#pragma once

#include "pg/pg.hpp"

extern "C"
{
#include "nodes/parsenodes.h"
}

namespace tsdist::ddl
{

// DROP TABLE: drops the chunks of every hypertable in the statement first, so
// the hypertable itself drops without CASCADE (catalog rows go with the
// sql_drop event trigger).
void before_drop_tables(DropStmt *stmt);

// DROP EXTENSION timescaledb_dist: refuses while chunks exist unless CASCADE;
// with CASCADE drops chunks and insert blockers first.
void before_drop_extension(DropStmt *stmt);

// CREATE INDEX on a hypertable, before it runs: checks unique indexes'
// columns; returns the hypertable (InvalidOid when the table is not one).
Oid before_create_index(IndexStmt *stmt);

// CREATE INDEX or ALTER TABLE on a hypertable, after it ran: creates every
// new index of the hypertable on every chunk.
void after_create_index(Oid relid);

// The chunk `rv` names, or InvalidOid when it is not a chunk of a hypertable.
Oid chunk_of(RangeVar *rv);

// ALTER TABLE on a hypertable, before it runs: checks the columns of added
// PRIMARY KEY / UNIQUE / EXCLUDE constraints; returns the hypertable
// (InvalidOid when the table is not one).
Oid before_alter_table(AlterTableStmt *stmt);

// ALTER TABLE on a hypertable, after it ran: indexes it added or rebuilt on
// the hypertable are created on chunks that lack them; OWNER TO reaches the
// chunks.
void after_alter_table(Oid relid, AlterTableStmt *stmt);

// CREATE TRIGGER ... FOR EACH ROW on a hypertable, after it ran: the trigger
// is copied to every chunk (new chunks copy it when they are created).
void after_create_trigger(CreateTrigStmt *stmt);

// The hypertable a RENAME / SET SCHEMA statement changes (relid InvalidOid
// when it changes none); looked up before the statement runs.
struct RenameTarget
{
	Oid relid;
	int32 hypertable_id;
};
RenameTarget rename_target(Node *stmt);

// After RENAME (table or column) / SET SCHEMA: keeps the catalog in step.
void after_rename(Node *stmt, RenameTarget target);

} // namespace tsdist::ddl
