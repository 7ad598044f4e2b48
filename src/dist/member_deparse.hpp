// The SQL that creates (or drops) the member of a distributed hypertable on a
// data node: same columns, types, defaults, NOT NULL and CHECK / PRIMARY KEY /
// UNIQUE / EXCLUDE constraints and indexes, then create_hypertable with the
// same dimensions and replication_factor => -1. PG zone.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::dist
{

// One command string (run as one implicit transaction) whose result is the
// member's hypertable id on the data node. Names are the access node's.
// Volatile defaults (nextval, random, ...) and identity are left out: the
// access node evaluates them before rows reach a data node.
char *member_create_sql(const catalog::Hypertable *ht);

// Drops the member table (and so its chunks) on a data node.
char *member_drop_sql(const catalog::Hypertable *ht);

} // namespace tsdist::dist
