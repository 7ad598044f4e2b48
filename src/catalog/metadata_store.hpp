// The metadata table _timescaledb_dist_catalog.metadata (key → value) of the
// local database. PG zone.
//
// Keys: dist_uuid (the distributed database's id) and dist_role ('access_node'
// or 'data_node'). Writes run as the table's owner, so any caller that passed
// the permission checks of the SQL function may change membership.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::catalog
{

inline constexpr const char *kDistUuidKey = "dist_uuid";
inline constexpr const char *kDistRoleKey = "dist_role";
inline constexpr const char *kRoleAccessNode = "access_node";
inline constexpr const char *kRoleDataNode = "data_node";

// The value of a key, palloc'd, or NULL when it is not set.
char *metadata_get(const char *key);

// Sets a key (insert or update).
void metadata_set(const char *key, const char *value);

// Removes a key if it is set.
void metadata_delete(const char *key);

// The uuid of this access node's distributed database, created (with
// gen_random_uuid()) together with the access_node role when missing.
char *metadata_ensure_access_node_uuid();

// The schema the extension is installed in here (palloc'd). Data nodes get
// the extension in the same schema, so remote calls can name it.
char *extension_schema();

} // namespace tsdist::catalog
