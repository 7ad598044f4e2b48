// Arithmetic of time_bucket(); see time_bucket.hpp.
#include "core/time_bucket.hpp"

namespace tsdist::core
{

namespace
{

// Wide enough for any difference or sum of two int64 values.
using Wide = __int128;

// Days from 0000-03-01 to 2000-01-01: the calendar math counts from a March 1st
// so that leap days fall at the end of each counted year.
constexpr int64_t kDaysFromMarchYear0 = 730'425;
constexpr int64_t kDaysPer400Years = 146'097;

// The largest origin + k * width (integer k) that is <= value.
Wide
floor_to_grid(Wide value, Wide width, Wide origin)
{
	return floor_div_of<Wide>(value - origin, width) * width + origin;
}

// A result with status ok.
BucketResult
bucket_ok(Wide value)
{
	return BucketResult{static_cast<int64_t>(value), BucketStatus::ok};
}

// A failed result.
BucketResult
bucket_error(BucketStatus status)
{
	return BucketResult{0, status};
}

// Checks what both month and fixed widths need; months must not carry days or time.
BucketStatus
validate_month_width(const BucketWidth &width)
{
	if (width.days != 0 || width.time != 0)
		return BucketStatus::months_mixed_with_days;
	if (width.months <= 0)
		return BucketStatus::period_not_positive;
	return BucketStatus::ok;
}

// The width of a day/time interval in microseconds, or an error status.
BucketStatus
fixed_width_usecs(const BucketWidth &width, int64_t *usecs)
{
	Wide total = Wide(width.days) * kUsecsPerDay + width.time;
	if (total <= 0)
		return BucketStatus::period_not_positive;
	if (total > std::numeric_limits<int64_t>::max())
		return BucketStatus::width_out_of_range;
	*usecs = static_cast<int64_t>(total);
	return BucketStatus::ok;
}

// Months since year 0 of the month that contains the given day.
int64_t
month_number(int64_t days)
{
	CivilDate d = civil_from_days(days);
	return d.year * 12 + (d.month - 1);
}

// Buckets a day number by whole months; the origin contributes only its month.
Wide
bucket_days_by_months(int32_t months, int64_t days, int64_t origin_days)
{
	Wide start = floor_to_grid(month_number(days), months, month_number(origin_days));
	int64_t start_month = static_cast<int64_t>(start);
	int64_t year = floor_div(start_month, 12);
	auto month = static_cast<int32_t>(start_month - year * 12 + 1);
	return days_from_civil(year, month, 1);
}

// A timestamp result, or out_of_range when PostgreSQL could not store it.
BucketResult
timestamp_result(Wide ts)
{
	if (ts < kTimestampMin || ts >= kTimestampEnd)
		return bucket_error(BucketStatus::out_of_range);
	return bucket_ok(ts);
}

// A date result, or out_of_range when PostgreSQL could not store it.
BucketResult
date_result(Wide date)
{
	if (date < kDateMin || date >= kDateEnd)
		return bucket_error(BucketStatus::out_of_range);
	return bucket_ok(date);
}

// The width of a date bucket in days, or an error status.
BucketStatus
date_width_days(const BucketWidth &width, int64_t *days)
{
	int64_t usecs = 0;
	BucketStatus status = fixed_width_usecs(width, &usecs);
	if (status != BucketStatus::ok)
		return status;
	if (usecs < kUsecsPerDay)
		return BucketStatus::date_width_below_one_day;
	if (usecs % kUsecsPerDay != 0)
		return BucketStatus::date_width_not_whole_days;
	*days = usecs / kUsecsPerDay;
	return BucketStatus::ok;
}

} // namespace

CivilDate
civil_from_days(int64_t days)
{
	int64_t z = days + kDaysFromMarchYear0;
	int64_t era = floor_div(z, kDaysPer400Years);
	int64_t day_of_era = z - era * kDaysPer400Years;
	int64_t year_of_era =
	    (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month_from_march = (5 * day_of_year + 2) / 153;
	auto day = static_cast<int32_t>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	auto month =
	    static_cast<int32_t>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
	int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
	return CivilDate{year, month, day};
}

int64_t
days_from_civil(int64_t year, int32_t month, int32_t day)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = floor_div(y, 400);
	int64_t year_of_era = y - era * 400;
	int64_t month_from_march = month > 2 ? month - 3 : month + 9;
	int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * kDaysPer400Years + day_of_era - kDaysFromMarchYear0;
}

BucketResult
bucket_integer(int64_t width, int64_t value, int64_t offset, int64_t min, int64_t max)
{
	if (width <= 0)
		return bucket_error(BucketStatus::period_not_positive);
	int64_t shift = offset % width;
	Wide shifted = Wide(value) - shift;
	if (shifted < min || shifted > max)
		return bucket_error(BucketStatus::out_of_range);
	Wide start = floor_div_of<Wide>(shifted, width) * width;
	if (start < min || start + shift < min || start + shift > max)
		return bucket_error(BucketStatus::out_of_range);
	return bucket_ok(start + shift);
}

BucketResult
bucket_timestamp(const BucketWidth &width, int64_t ts, std::optional<int64_t> origin)
{
	if (ts == kTimestampMinusInfinity || ts == kTimestampInfinity)
		return bucket_ok(ts);
	bool by_months = width.months != 0;
	int64_t usecs = 0;
	BucketStatus status =
	    by_months ? validate_month_width(width) : fixed_width_usecs(width, &usecs);
	if (status != BucketStatus::ok)
		return bucket_error(status);
	if (origin && (*origin == kTimestampMinusInfinity || *origin == kTimestampInfinity))
		return bucket_error(BucketStatus::origin_not_finite);
	if (!by_months)
		return timestamp_result(floor_to_grid(ts, usecs, origin.value_or(kDefaultOrigin)));
	int64_t origin_days = origin ? floor_div(*origin, kUsecsPerDay) : 0;
	Wide days = bucket_days_by_months(width.months, floor_div(ts, kUsecsPerDay), origin_days);
	return timestamp_result(days * kUsecsPerDay);
}

BucketResult
bucket_date(const BucketWidth &width, int32_t date, std::optional<int32_t> origin)
{
	if (date == kDateMinusInfinity || date == kDateInfinity)
		return bucket_ok(date);
	bool by_months = width.months != 0;
	int64_t days = 0;
	BucketStatus status = by_months ? validate_month_width(width) : date_width_days(width, &days);
	if (status != BucketStatus::ok)
		return bucket_error(status);
	if (origin && (*origin == kDateMinusInfinity || *origin == kDateInfinity))
		return bucket_error(BucketStatus::origin_not_finite);
	if (by_months)
		return date_result(bucket_days_by_months(width.months, date, origin.value_or(0)));
	return date_result(floor_to_grid(date, days, origin.value_or(kDefaultOriginDate)));
}

} // namespace tsdist::core
