// The custom plan nodes that carry deparsed remote SQL, shared by the planner
// (builds them by name) and the executor (registers them), which never call
// each other.
#pragma once

#include "pg/pg.hpp"

namespace tsdist::dist
{

// SELECT on a distributed hypertable: one remote query per data node.
// custom_private = (remote SQL without chunk restriction: String, whether it
// has a WHERE clause: Integer, fetched columns: attno int list, dimension
// bounds: see dist/scan_targets, " ORDER BY ... LIMIT n" suffix: String,
// sort keys: List of int Lists (attno, sort operator, collation, nulls
// first, desc), NIL when unsorted, hypertable OID: Integer); custom_exprs =
// the values sent as $1, ... The data nodes are chosen when the plan starts.
// A partial aggregation scan (planner/dist_agg_plan) has scanrelid 0, no
// fetched attnos (its columns are those of custom_scan_tlist) and the
// " GROUP BY 1, ..." as suffix.
inline constexpr const char *kDistributedScanNode = "DistributedScan";

// UPDATE/DELETE pushed to the data nodes. custom_private = (hypertable OID:
// OID list of one, "UPDATE t SET ..." / "DELETE FROM t": String, WHERE
// condition or "": String, dimension bounds, (range table index, CmdType):
// int list, for the statement triggers); custom_exprs = the $n values.
inline constexpr const char *kDistributedModifyNode = "DistributedModify";

// `sql` with `condition` added to its WHERE clause (or as one).
inline const char *
add_condition(const char *sql, bool has_where, const char *condition)
{
	if (condition == NULL)
		return sql;
	return psprintf("%s %s %s", sql, has_where ? "AND" : "WHERE", condition);
}

// Rows fetched per FETCH from a data node cursor.
inline constexpr int kFetchSize = 1000;

} // namespace tsdist::dist
