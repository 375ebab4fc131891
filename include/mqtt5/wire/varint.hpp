/// \file
/// Variable Byte Integer (§1.5.5): 7 bits per byte, least significant group first, at most 4 bytes,
/// 0 .. 268,435,455, and the sender MUST use the fewest bytes [MQTT-1.5.5-1].
#pragma once

#include <cstddef>
#include <cstdint>

#include "../error.hpp"

namespace mqtt5::wire {

/// The largest value a Variable Byte Integer can carry in its 4 bytes (§1.5.5): 0xFF,0xFF,0xFF,0x7F.
inline constexpr std::uint32_t varint_max = 268'435'455;

/// Bytes needed for `value` in its shortest form (value must be <= varint_max).
constexpr std::size_t varint_size(std::uint32_t value) noexcept {
    return value < 128u ? 1 : value < 16'384u ? 2 : value < 2'097'152u ? 3 : 4;
}

/// Bytes used when a decoded packet asked to keep a longer (non-minimal) form: `width` 0 means shortest.
constexpr std::size_t varint_size(std::uint32_t value, std::uint8_t width) noexcept {
    const auto shortest = varint_size(value);
    return width > shortest ? width : shortest;
}

/// Writes `value` in `width` bytes (at least its shortest form); returns the byte after the last written.
constexpr std::byte* store_varint(std::byte* out, std::uint32_t value, std::uint8_t width = 0) noexcept {
#if !defined(__OPTIMIZE_SIZE__)
    if (value < 128u && width <= 1) {  // the commonest: one byte (every packet up to 129 bytes); not under -Os
        *out = static_cast<std::byte>(value);
        return out + 1;
    }
#endif
    auto n = varint_size(value, width);
    while (--n > 0) {
        *out++ = static_cast<std::byte>((value & 0x7Fu) | 0x80u);
        value >>= 7;
    }
    *out++ = static_cast<std::byte>(value);
    return out;
}

/// What load_varint() read: the value, the bytes it took, and whether the encoding was acceptable.
struct varint_read {
    std::uint32_t value{};  ///< the decoded value (meaningful when `code` is ok or varint_not_minimal)
    std::uint8_t width{};   ///< bytes consumed
    errc code{errc::ok};    ///< ok, truncated, varint_too_long or varint_not_minimal
};

/// Reads a Variable Byte Integer from [p, end). A fifth byte is always an error (varint_too_long); a
/// non-shortest form is varint_not_minimal unless allow_non_minimal. Running out of bytes is `truncated`.
constexpr varint_read load_varint(const std::byte* p, const std::byte* end, bool allow_non_minimal = false) noexcept {
    varint_read r{};
    std::uint32_t shift = 0;
    for (std::uint8_t i = 0; i < 4; ++i) {
        if (p + i == end) {
            r.code = errc::truncated;
            return r;
        }
        const auto b = static_cast<std::uint32_t>(p[i]);
        r.value |= (b & 0x7Fu) << shift;
        if ((b & 0x80u) == 0) {
            r.width = static_cast<std::uint8_t>(i + 1);
            // The shortest form never ends in a 0x00 byte after a continuation byte.
            if (i > 0 && b == 0 && !allow_non_minimal) r.code = errc::varint_not_minimal;
            return r;
        }
        shift += 7;
    }
    r.width = 4;
    r.code = errc::varint_too_long;
    return r;
}

namespace detail {
// A two-byte Variable Byte Integer in its minimal form, from its two bytes: `first` a continuation byte
// (0x80..0xFF), `second` its last (1..0x7F; a last byte 0 would make it non-minimal [MQTT-1.5.5-1]). The value
// (128..16,383) as load_varint reads it, or 0 when `second` is no such last byte: then load_varint decides. For
// the hot paths (codec.hpp, stream.hpp, property blocks) that read these two bytes inline.
constexpr std::uint32_t two_byte_varint(std::uint32_t first, std::uint32_t second) noexcept {
    return second - 1u < 0x7Fu ? (first & 0x7Fu) | (second << 7) : 0u;
}
}  // namespace detail

}  // namespace mqtt5::wire
