/// \file
/// UTF-8 Encoded Strings (§1.5.4): well-formed per RFC 3629 (no overlong forms, no surrogates U+D800..U+DFFF,
/// nothing above U+10FFFF) [MQTT-1.5.4-1], no U+0000 [MQTT-1.5.4-2]. U+FEFF is an ordinary character and is
/// kept [MQTT-1.5.4-3]. The code points the standard says SHOULD NOT appear (U+0001..U+001F, U+007F..U+009F,
/// non-characters) are accepted unless the caller asks to reject them (a receiver MAY treat them as malformed).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../error.hpp"

namespace mqtt5::wire {

namespace detail {
constexpr bool is_disallowed_code_point(std::uint32_t cp) noexcept {
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) return true;
    if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;  // non-characters
    return (cp & 0xFFFEu) == 0xFFFEu;               // U+xFFFE and U+xFFFF in every plane
}

// Validates from position i on, one code point at a time (the slow path).
constexpr errc validate_utf8_from(const char* text, std::size_t n, std::size_t i, bool reject_disallowed) noexcept {
    const auto s = [text](std::size_t k) constexpr { return static_cast<unsigned>(static_cast<unsigned char>(text[k])); };
    while (i < n) {
        const unsigned c = s(i);
        std::uint32_t cp = 0;
        std::size_t len = 0;
        if (c < 0x80) {
            if (c == 0) return errc::utf8_contains_null;
            cp = c;
            len = 1;
        } else if (c >= 0xC2 && c <= 0xDF) {  // C0, C1 would be overlong
            if (i + 1 >= n || (s(i + 1) & 0xC0) != 0x80) return errc::invalid_utf8;
            cp = ((c & 0x1Fu) << 6) | (s(i + 1) & 0x3Fu);
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= n || (s(i + 1) & 0xC0) != 0x80 || (s(i + 2) & 0xC0) != 0x80) return errc::invalid_utf8;
            cp = ((c & 0x0Fu) << 12) | ((s(i + 1) & 0x3Fu) << 6) | (s(i + 2) & 0x3Fu);
            if (cp < 0x800) return errc::invalid_utf8;                   // overlong
            if (cp >= 0xD800 && cp <= 0xDFFF) return errc::invalid_utf8;  // surrogate [MQTT-1.5.4-1]
            len = 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= n || (s(i + 1) & 0xC0) != 0x80 || (s(i + 2) & 0xC0) != 0x80 || (s(i + 3) & 0xC0) != 0x80)
                return errc::invalid_utf8;
            cp = ((c & 0x07u) << 18) | ((s(i + 1) & 0x3Fu) << 12) | ((s(i + 2) & 0x3Fu) << 6) | (s(i + 3) & 0x3Fu);
            if (cp < 0x10000 || cp > 0x10FFFF) return errc::invalid_utf8;  // overlong, or above U+10FFFF
            len = 4;
        } else {
            return errc::invalid_utf8;  // continuation byte first, C0/C1, F5..FF
        }
        if (reject_disallowed && is_disallowed_code_point(cp)) return errc::utf8_disallowed_code_point;
        i += len;
    }
    return errc::ok;
}

#if defined(__OPTIMIZE_SIZE__)
// -Os: the same rules as validate_utf8_from with one loop for the continuation bytes of every length (about
// half its code on Cortex-M4, issue 13). The answer is the same for every input: each ill-formed sequence is
// invalid_utf8, U+0000 utf8_contains_null, and only a well-formed code point is tested for reject_disallowed.
constexpr errc validate_utf8_compact(const char* text, std::size_t n, bool reject_disallowed) noexcept {
    std::size_t i = 0;
    while (i < n) {
        const unsigned c = static_cast<unsigned char>(text[i]);
        std::uint32_t cp = c;
        std::size_t len = 1;
        if (c == 0) return errc::utf8_contains_null;
        if (c >= 0x80) {
            if (c < 0xC2 || c > 0xF4) return errc::invalid_utf8;  // continuation byte first, C0/C1, F5..FF
            len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (n - i < len) return errc::invalid_utf8;
            cp = c & (0x7Fu >> len);
            for (std::size_t k = 1; k < len; ++k) {
                const unsigned b = static_cast<unsigned char>(text[i + k]);
                if ((b & 0xC0u) != 0x80u) return errc::invalid_utf8;
                cp = (cp << 6) | (b & 0x3Fu);
            }
            if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return errc::invalid_utf8;  // overlong, surrogate
            if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return errc::invalid_utf8;  // overlong, above U+10FFFF
        }
        if (reject_disallowed && is_disallowed_code_point(cp)) return errc::utf8_disallowed_code_point;
        i += len;
    }
    return errc::ok;
}
#endif
}  // namespace detail

namespace detail {
inline constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
// Is any byte of w zero? (the classic SWAR test: exact about whether one is, not about which)
constexpr bool any_zero_byte(std::uint64_t w) noexcept { return ((w - ones) & ~w & high) != 0; }
constexpr bool any_byte_equal(std::uint64_t w, unsigned char c) noexcept { return any_zero_byte(w ^ (ones * c)); }
// Is any byte 0x00 or 0x80 and above? Exact: without such a byte no subtraction borrows, and a byte in
// 0x01..0x7F keeps bit 7 clear both as it is and less one.
constexpr bool any_zero_or_high_byte(std::uint64_t w) noexcept { return ((w | (w - ones)) & high) != 0; }
inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// Length of the leading run of bytes 0x01..0x7F: ASCII without NUL, which needs no further UTF-8 checks.
inline std::size_t ascii_prefix(const char* s, std::size_t n) noexcept {
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    const auto bad16 = [&](std::size_t at) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
        return _mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, zero));
    };
    for (; i + 16 <= n; i += 16)
        if (const int bad = bad16(i); bad != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(bad)));
    if (i == n || (n >= 16 && bad16(n - 16) == 0)) return n;  // the tail as the last 16 bytes
#endif
    for (; i + 8 <= n; i += 8)
        if (any_zero_or_high_byte(load8(s + i))) break;
    if (i == n || (n >= 8 && i + 8 > n && !any_zero_or_high_byte(load8(s + n - 8)))) return n;  // the tail
    while (i < n && static_cast<unsigned char>(s[i]) - 1u < 0x7Fu) ++i;
    return i;
}
}  // namespace detail

/// Checks that `text` is a valid MQTT UTF-8 string [MQTT-1.5.4-1] [MQTT-1.5.4-2]; with reject_disallowed, also that
/// it holds none of the code points the standard says SHOULD NOT appear (§1.5.4), which a receiver MAY refuse.
/// Returns errc::ok, invalid_utf8, utf8_contains_null, or (with reject_disallowed) utf8_disallowed_code_point.
inline errc validate_utf8(std::string_view text, bool reject_disallowed = false) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    // -Os: one compact code-point loop gives the same answer; the ASCII fast path costs flash (issue 13).
    return detail::validate_utf8_compact(text.data(), text.size(), reject_disallowed);
#else
    const std::size_t i = reject_disallowed ? 0 : detail::ascii_prefix(text.data(), text.size());
    return i == text.size() ? errc::ok : detail::validate_utf8_from(text.data(), text.size(), i, reject_disallowed);
#endif
}

}  // namespace mqtt5::wire
