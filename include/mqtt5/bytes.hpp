// Views between bytes and text, and byte equality: what a caller needs to print a topic it received as bytes,
// to send a string as a payload, or to compare payloads. Views only: nothing is copied, so the result lives as
// long as its argument (an owning temporary is refused at compile time, see borrowed.hpp).
//
// The names cannot clash with the standard library: `std::as_bytes(std::span)` exists, so text to bytes is
// `text_as_bytes` (an unqualified `as_bytes(x)` with a std argument would find std::as_bytes through ADL);
// neither `as_text` nor `bytes_equal` has a std:: namesake.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "borrowed.hpp"

namespace mqtt5 {

// The bytes viewed as characters (e.g. a UTF-8 payload, a decoded Binary Data field that holds text).
inline std::string_view as_text(std::span<const std::byte> bytes) noexcept {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
template <class Bytes>
    requires(detail::temporary_container<Bytes> && std::is_convertible_v<Bytes, std::span<const std::byte>>)
std::string_view as_text(Bytes&&) = delete;  // the view would outlive the temporary; keep it in a variable

// The characters viewed as bytes (e.g. a string as a PUBLISH payload or as Correlation Data).
inline std::span<const std::byte> text_as_bytes(std::string_view text) noexcept {
    return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}
template <class Text>
    requires(detail::temporary_container<Text> && std::is_convertible_v<Text, std::string_view>)
std::span<const std::byte> text_as_bytes(Text&&) = delete;  // the view would outlive the temporary

// Same length and same bytes (std::span has no operator==). Usable in constant expressions.
constexpr bool bytes_equal(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

}  // namespace mqtt5
