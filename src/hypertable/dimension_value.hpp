// Values of partitioning columns as the internal int64 of their dimension.
#pragma once

#include "catalog/hypertable_store.hpp"

namespace tsdist::hypertable
{

// True for the types a time dimension accepts.
bool is_valid_time_type(Oid type);

// True for smallint, integer and bigint.
bool is_integer_time_type(Oid type);

// A time column's value → internal int64 (Unix µs, or the integer itself).
int64 time_value_to_internal(Datum value, Oid type);

// The SQL literal (with cast) of internal value `internal` as column type
// `type`, or NULL when the value is outside the type's range (an open bound).
// Dates are rounded up to the first day at or after `internal`.
char *time_bound_literal(int64 internal, Oid type);

// The Datum of column type `type` for a chunk bound `internal` (dates rounded
// up like time_bound_literal); false when the bound is open or unrepresentable.
bool time_bound_datum(int64 internal, Oid type, Datum *out);

// Converts a chunk_time_interval argument of type `argtype` into the internal
// interval for a time column of `coltype`; raises for bad types or values.
int64 interval_to_internal(Datum interval, Oid argtype, Oid coltype, const char *colname);

// The default interval of a time column of `coltype` (7 days for time types);
// raises for integer columns, which need an explicit interval.
int64 default_interval(Oid coltype, const char *colname);

// An older_than/newer_than argument of type `argtype` → internal value for a
// dimension of `coltype` (intervals count back from now()).
int64 cutoff_to_internal(Datum value, Oid argtype, Oid coltype, const char *argname);

// A created_before/created_after argument of type `argtype` → timestamptz
// (intervals count back from now()); whatever the time column's type.
TimestampTz creation_cutoff(Datum value, Oid argtype, const char *argname);

} // namespace tsdist::hypertable
