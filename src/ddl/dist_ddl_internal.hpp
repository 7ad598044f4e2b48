// Shared between the dist_ddl*.cpp files: the plan of one forwarded
// statement and its helpers. PG zone.
#pragma once

#include "pg/pg.hpp"
#include "catalog/hypertable_store.hpp"
#include "ddl/dist_ddl.hpp"

namespace tsdist::ddl
{

// One command for the data nodes of one hypertable.
struct Forward
{
	List *nodes; // node name strings
	char *sql;
};

// A statement's forwarding: commands ready before it runs, and for CREATE
// INDEX / ALTER TABLE the state to compare with after it ran.
struct DistDdl
{
	List *forwards; // Forward *
	Node *stmt;
	Oid relid;    // CREATE INDEX / ALTER TABLE: the hypertable
	List *nodes;  // its data nodes
	List *before; // CREATE INDEX: index OIDs; ALTER TABLE: ConstraintDef *
};

// The distributed hypertable `relid` (NULL when it is not one).
catalog::Hypertable *distributed_hypertable(Oid relid);

// The names of the data nodes of hypertable `ht`.
List *hypertable_node_names(const catalog::Hypertable *ht);

// `relid` as schema.table, quoted.
char *qualified_relation_name(Oid relid);

// Adds a command for `nodes` (creates the plan when `*ddl` is NULL).
void add_forward(DistDdl **ddl, List *nodes, char *sql);

// Raises `operation not supported on distributed hypertable` with `detail`.
void refuse(const char *detail);

// ALTER TABLE on a distributed hypertable: checks the subcommands and
// remembers the constraints (NULL when the table is not one).
DistDdl *alter_table_before(AlterTableStmt *stmt);

// ALTER TABLE after it ran: the members get the same change.
void alter_table_after(DistDdl *ddl);

// GRANT / REVOKE on tables: one command per distributed hypertable.
DistDdl *grant_before(GrantStmt *stmt);

} // namespace tsdist::ddl
