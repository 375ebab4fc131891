/// \file
/// The standard declarations the library needs from `<iterator>` and `<ranges>`, without the rest of those
/// headers where the standard library allows it: `std::input_iterator_tag` (the iterators of properties, lists
/// and the framer), `std::ranges::range` and `std::ranges::enable_borrowed_range` (borrowed.hpp). With GCC 12,
/// `<iterator>` brings in `<streambuf>` and the locale machinery for its stream iterators and `<ranges>` every
/// view: about a sixth of the compiler's memory for a translation unit that includes `<mqtt5.hpp>`
/// (bench/compile_time.sh; issue 13: compile time is not to grow). libstdc++ 10 and later declare all three in
/// what `<span>` includes, so there `<span>` is enough; any other standard library gets the standard headers.
#pragma once

#include <span>
#include <version>

#if !(defined(__GLIBCXX__) && defined(_GLIBCXX_RELEASE) && _GLIBCXX_RELEASE >= 10)
#include <iterator>
#include <ranges>
#endif
