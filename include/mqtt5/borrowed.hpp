/// \file
/// The compile-time guard against views of temporaries. Every function or type that keeps a view of the
/// caller's container (wire_list, the framer's chunk, decode's packet, a parsed property block, the helpers of
/// bytes.hpp, parse_shared_subscription) has a deleted overload for an argument this concept matches, so
/// `subscribe{.subscriptions = std::array{subscription{...}}}` does not compile: its elements would die at the
/// end of the statement while the packet still pointed at them.
#pragma once

#include <type_traits>

#include "std_subset.hpp"

namespace mqtt5::detail {

// `Arg` as deduced by a forwarding reference `Arg&&`: an rvalue that owns its elements (a temporary
// std::array, std::vector, std::string, C array or std::initializer_list). An lvalue lives on after the
// statement, and a view (std::span, std::string_view: a borrowed range) points at elements someone else
// keeps, so both stay accepted; so does anything that is not a range (a `const char*`).
template <class Arg>
concept temporary_container = std::ranges::range<std::remove_cvref_t<Arg>> && !std::is_lvalue_reference_v<Arg> &&
                              !std::ranges::enable_borrowed_range<std::remove_cvref_t<Arg>>;

}  // namespace mqtt5::detail
