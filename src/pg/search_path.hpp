// The search_path every SQL statement the extension builds runs under.
//
// Names in such a statement are resolved when it is planned, and an operator or
// function found through the caller's search_path (say a `public.=(name, text)`
// a user planted) would run inside our code, possibly as the bootstrap
// superuser. So for the duration of our own statements the path is pinned to
// pg_catalog, pg_temp (pg_temp is never searched for operators and functions
// and comes last for relations): anything of ours or of the user is named with
// its schema. Kept plans are covered too: the plan cache re-plans a statement
// whose search_path changed, and ours always runs under this one.
#pragma once

namespace tsdist::pg
{

inline constexpr const char *kSafeSearchPath = "pg_catalog, pg_temp";

// Pins search_path to kSafeSearchPath until search_path_restore(level). Nests;
// cheap when already pinned. An error in between is fine: the (sub)transaction
// abort restores the caller's path.
int search_path_pin();
void search_path_restore(int level);

} // namespace tsdist::pg
