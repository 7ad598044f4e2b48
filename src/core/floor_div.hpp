// Integer division that rounds towards negative infinity, for time math.
#pragma once

#include <cstdint>

namespace tsdist::core
{

// floor(a / b) for b > 0, for any integer type (time_bucket uses __int128).
template <typename T>
constexpr T
floor_div_of(T a, T b)
{
	T q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// floor(a / b) for b > 0, correct for negative a.
constexpr int64_t
floor_div(int64_t a, int64_t b)
{
	return floor_div_of(a, b);
}

} // namespace tsdist::core
