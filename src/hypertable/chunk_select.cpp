// Time-range selection of chunks.
#include "pg/pg.hpp"
#include "hypertable/chunk_select.hpp"
#include "hypertable/dimension_value.hpp"
#include "core/time_slice.hpp"

namespace tsdist::hypertable
{

// Index of the hypertable's time dimension.
static int
time_dimension(const catalog::Hypertable *ht)
{
	for (int i = 0; i < ht->num_dimensions; i++)
		if (!ht->dimensions[i].is_space)
			return i;
	elog(ERROR, "hypertable %d has no time dimension", ht->id);
	pg_unreachable();
}

// Raises when both bounds of a range were given and select nothing
// (`upper` must be later than `lower`).
static void
check_overlapping(bool empty, const char *upper, const char *lower)
{
	if (!empty)
		return;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid time range"),
	                errhint("When both %s and %s are specified, %s must refer to a time that is "
	                        "greater than that of %s so that the result is an overlapping range.",
	                        upper, lower, upper, lower)));
}

List *
chunks_in_range(const catalog::Hypertable *ht, TimeBound older_than, TimeBound newer_than)
{
	int t = time_dimension(ht);
	const catalog::Dimension *d = &ht->dimensions[t];
	int64 older = 0, newer = 0;
	if (older_than.given)
		older = cutoff_to_internal(older_than.value, older_than.type, d->column_type, "older_than");
	if (newer_than.given)
		newer = cutoff_to_internal(newer_than.value, newer_than.type, d->column_type, "newer_than");
	check_overlapping(older_than.given && newer_than.given && older <= newer, "older_than",
	                  "newer_than");
	List *result = NIL;
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		bool end_open = c->range_end[t] == core::kTimeMax;
		if (older_than.given && (end_open || c->range_end[t] > older))
			continue;
		if (newer_than.given && c->range_start[t] < newer)
			continue;
		result = lappend(result, c);
	}
	return result;
}

List *
chunks_created_in_range(const catalog::Hypertable *ht, TimeBound created_before,
                        TimeBound created_after)
{
	TimestampTz before = 0, after = 0;
	if (created_before.given)
		before = creation_cutoff(created_before.value, created_before.type, "created_before");
	if (created_after.given)
		after = creation_cutoff(created_after.value, created_after.type, "created_after");
	check_overlapping(created_before.given && created_after.given && before <= after,
	                  "created_before", "created_after");
	List *result = NIL;
	ListCell *lc;
	foreach (lc, catalog::chunk_list(ht))
	{
		catalog::ChunkInfo *c = (catalog::ChunkInfo *) lfirst(lc);
		if (created_before.given && c->creation_time >= before)
			continue;
		if (created_after.given && c->creation_time < after)
			continue;
		result = lappend(result, c);
	}
	return result;
}

} // namespace tsdist::hypertable
