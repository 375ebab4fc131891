/// \file
/// UTF-8 Encoded Strings (§1.5.4): well-formed per RFC 3629 (no overlong forms, no surrogates U+D800..U+DFFF,
/// nothing above U+10FFFF) [MQTT-1.5.4-1], no U+0000 [MQTT-1.5.4-2]. U+FEFF is an ordinary character and is
/// kept [MQTT-1.5.4-3]. The code points the standard says SHOULD NOT appear (U+0001..U+001F, U+007F..U+009F,
/// non-characters) are accepted unless the caller asks to reject them (a receiver MAY treat them as malformed).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../error.hpp"

// The scans below sit in hot loops (a SUBSCRIBE's filters, a packet's strings): inlined there, their constants
// stay in registers and no call saves any. Under -Os the compiler decides.
// What they call only now and then (the rare case) stays out of line, so that it does not crowd them.
//
// MQTT5_STRING_FAST_PATHS (default: 1, but 0 under -Os and -O0): the codecs of SUBSCRIBE and UNSUBSCRIBE first try the
// fast path of their filters (topic.hpp), which can only say "valid"; with 0 they run the exact checks alone,
// which give the same answers in less code (a firmware image that optimises for size).
/// \def MQTT5_OPTIMIZING_FOR_SPEED
/// 1 when the compiler optimises for speed (GCC and clang define `__OPTIMIZE__` at -O1 and above, and
/// `__OPTIMIZE_SIZE__` at -Os and -Oz), 0 at -O0 and -Os: the fast paths (each a second copy of checks that the
/// exact path makes too, and that can only say "valid") and the forced inlining are compiled only when it is 1.
/// At -O0 they would not be fast and would only cost compile time (issue 13: compile time not worse). Another
/// compiler counts as optimising for speed.
#if (defined(__GNUC__) || defined(__clang__)) && (!defined(__OPTIMIZE__) || defined(__OPTIMIZE_SIZE__))
#define MQTT5_OPTIMIZING_FOR_SPEED 0
#else
#define MQTT5_OPTIMIZING_FOR_SPEED 1
#endif

/// \def MQTT5_SCAN_INLINE
/// `[[gnu::always_inline]] inline` for the string scans (GCC and clang, optimising for speed), plain `inline`
/// otherwise (-Os, -O0); define it before the include to choose yourself (then define MQTT5_SCAN_OUTLINE too).
/// \def MQTT5_SCAN_OUTLINE
/// `[[gnu::noinline]] inline` for the rare cases the scans hand over (GCC and clang, not under -Os), plain
/// `inline` otherwise.
#if !defined(MQTT5_SCAN_INLINE)
#if (defined(__GNUC__) || defined(__clang__)) && MQTT5_OPTIMIZING_FOR_SPEED
#define MQTT5_SCAN_INLINE [[gnu::always_inline]] inline
#define MQTT5_SCAN_OUTLINE [[gnu::noinline]] inline
#else
#define MQTT5_SCAN_INLINE inline
#define MQTT5_SCAN_OUTLINE inline
#endif
#endif

/// \def MQTT5_STRING_FAST_PATHS
/// 1 (the default when optimising for speed): the codecs first try a scan of their strings that can only say
/// "valid", and run the exact checks (same answers, same offsets) when it cannot; 0 (the default under -Os and
/// -O0, MQTT5_OPTIMIZING_FOR_SPEED 0): the exact checks alone. tests/unit/string_fast_paths_test.cpp runs both
/// (mqtt5_string_exact_test builds it with 0).
#if !defined(MQTT5_STRING_FAST_PATHS)
#if !MQTT5_OPTIMIZING_FOR_SPEED
#define MQTT5_STRING_FAST_PATHS 0
#else
#define MQTT5_STRING_FAST_PATHS 1
#endif
#endif

namespace mqtt5::wire {

namespace detail {
inline constexpr bool fast_string_paths = MQTT5_STRING_FAST_PATHS != 0;
}  // namespace detail

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
inline constexpr std::uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull, low7 = 0x7F7F7F7F7F7F7F7Full;
// Is any byte of w zero? (the classic SWAR test: exact about whether one is, not about which)
constexpr bool any_zero_byte(std::uint64_t w) noexcept { return ((w - ones) & ~w & high) != 0; }
constexpr bool any_byte_equal(std::uint64_t w, unsigned char c) noexcept { return any_zero_byte(w ^ (ones * c)); }
// Is any byte 0x00 or 0x80 and above? Exact: without such a byte no subtraction borrows, and a byte in
// 0x01..0x7F keeps bit 7 clear both as it is and less one.
constexpr bool any_zero_or_high_byte(std::uint64_t w) noexcept { return ((w | (w - ones)) & high) != 0; }
// '#' (0x23) and '+' (0x2B) differ only in bit 3: OR-ing 0x08 into every byte turns both, and nothing else, into
// 0x2B, so one comparison finds the two wildcards of §4.7.1.
inline constexpr std::uint64_t wildcard_bit = ones * 0x08u, wildcard_pattern = ones * 0x2Bu;
// Any '+' or '#' in w (exact about whether, for any bytes).
constexpr bool any_wildcard(std::uint64_t w) noexcept { return any_zero_byte((w | wildcard_bit) ^ wildcard_pattern); }

inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}
// Little-endian loads: byte k of the text is bits 8k..8k+7 of the word on every target, so that a bit found by
// countr_zero names the byte's position.
constexpr std::uint64_t to_little_endian(std::uint64_t w) noexcept {
    if constexpr (std::endian::native == std::endian::little) return w;
    std::uint64_t r = 0;
    for (int k = 0; k < 8; ++k) r |= ((w >> (8 * k)) & 0xFFu) << (8 * (7 - k));
    return r;
}
inline std::uint64_t load8_le(const char* p) noexcept { return to_little_endian(load8(p)); }
inline std::uint64_t load4_le(const char* p) noexcept {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    if constexpr (std::endian::native == std::endian::little) return w;
    return to_little_endian(std::uint64_t{w} << 32);
}
// The n bytes at p (1 <= n <= 8) as a little-endian word, zero above them. Reads p[0..n) and nothing else:
// the input may end right after the text.
inline std::uint64_t load_short_le(const char* p, std::size_t n) noexcept {
    if (n >= 4) return load4_le(p) | (load4_le(p + n - 4) << (8 * (n - 4)));  // two loads that may overlap
    const auto byte_at = [p](std::size_t k) { return std::uint64_t{static_cast<unsigned char>(p[k])} << (8 * k); };
    return byte_at(0) | byte_at(n / 2) | byte_at(n - 1);
}

// ---- bytes that a plain string does not hold, one bit per byte ----
// "Unusual" bytes: NUL, 0x80 and above (so everything not ASCII), and, where asked, the wildcards '+' and '#'.
// A string without any is valid UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2] (and without wildcards a valid Topic Name or
// a filter with no level rule to check); the rare string with some goes to the exact checks.

// Exact byte by byte (nothing carries between bytes, whatever they hold): the high bit of each zero byte of w.
constexpr std::uint64_t zero_bytes(std::uint64_t w) noexcept { return ~(((w & low7) + low7) | w) & high; }
// The high bits of the 8 bytes of w gathered into bits 0..7 (bit k for byte k): the multiplier moves the bit of
// byte k to bit 56 + k, and its other products fall on distinct bits, so nothing carries.
constexpr std::uint32_t gather_high_bits(std::uint64_t m) noexcept {
    return static_cast<std::uint32_t>(((m >> 7) * 0x0102040810204080ull) >> 56);
}
// Bit k set when byte k of the little-endian word w is unusual. Exact for every byte.
template <bool Wildcards> constexpr std::uint32_t unusual_bytes8(std::uint64_t w) noexcept {
    std::uint64_t m = (w & high) | zero_bytes(w);
    if constexpr (Wildcards) m |= zero_bytes((w | wildcard_bit) ^ wildcard_pattern);
    return gather_high_bits(m);
}
// The same for the 16 bytes at p, and for 16 bytes given as two little-endian words (bytes 0..7, then 8..15):
// portably word by word, with SSE2 in one register.
template <bool Wildcards> inline std::uint32_t unusual_bytes16_portable(const char* p) noexcept {
    return unusual_bytes8<Wildcards>(load8_le(p)) | unusual_bytes8<Wildcards>(load8_le(p + 8)) << 8;
}
template <bool Wildcards> constexpr std::uint32_t unusual_bytes_of_words_portable(std::uint64_t first, std::uint64_t second) noexcept {
    return unusual_bytes8<Wildcards>(first) | unusual_bytes8<Wildcards>(second) << 8;
}
#if defined(__SSE2__)
template <bool Wildcards> MQTT5_SCAN_INLINE std::uint32_t unusual_bytes_sse2(__m128i v) noexcept {
    __m128i m = _mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128()));  // the sign bit: 0x80 and above
    if constexpr (Wildcards) m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x08)), _mm_set1_epi8(0x2B)));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(m));
}
#endif
template <bool Wildcards> MQTT5_SCAN_INLINE std::uint32_t unusual_bytes16(const char* p) noexcept {
#if defined(__SSE2__)
    return unusual_bytes_sse2<Wildcards>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
#else
    return unusual_bytes16_portable<Wildcards>(p);
#endif
}
template <bool Wildcards> MQTT5_SCAN_INLINE std::uint32_t unusual_bytes_of_words(std::uint64_t first, std::uint64_t second) noexcept {
#if defined(__SSE2__)
    return unusual_bytes_sse2<Wildcards>(_mm_set_epi64x(static_cast<long long>(second), static_cast<long long>(first)));
#else
    return unusual_bytes_of_words_portable<Wildcards>(first, second);
#endif
}
// Bit k set when s[k] (k < n, 1 <= n <= 16) is unusual, for a text that is all that may be read (a caller's
// string): loads inside the text only, zero bytes above it (which would count as NUL, so they are masked off).
template <bool Wildcards> MQTT5_SCAN_INLINE std::uint32_t unusual_bytes_of_text(const char* s, std::size_t n) noexcept {
    if (n == 16) return unusual_bytes16<Wildcards>(s);
    std::uint64_t first = 0, second = 0;
    if (n > 8) {
        first = load8_le(s);
        second = load8_le(s + n - 8) >> (8 * (16 - n));  // bytes 8..n-1, without those the first word holds
    } else {
        first = n == 8 ? load8_le(s) : load_short_le(s, n);
    }
    return unusual_bytes_of_words<Wildcards>(first, second) & ((1u << n) - 1u);
}
// The same for a text inside an input that may be read from lo up to hi and holds at least 16 bytes (lo <= s,
// s + n <= hi, hi - lo >= 16): one load of the 16 bytes that end with the text, or near the start of the input,
// of its first 16. Never a byte outside the input.
template <bool Wildcards>
MQTT5_SCAN_INLINE std::uint32_t unusual_bytes_in_input(const char* s, std::size_t n, const char* lo) noexcept {
    const auto before = static_cast<std::size_t>(s - lo);
    if (before + n >= 16) return unusual_bytes16<Wildcards>(s + n - 16) >> (16 - n);
    return (unusual_bytes16<Wildcards>(lo) >> before) & ((1u << n) - 1u);
}
// Walks s[0..n) (n > 16) in pieces of 16 bytes, the last one overlapping; for each piece with unusual bytes,
// calls judge(first, mask) (bit k of mask for s[first + k]) and returns false as soon as it does. True when every
// unusual byte was judged fine.
template <bool Wildcards, class Judge>
MQTT5_SCAN_INLINE bool unusual_bytes_pass_long(const char* s, std::size_t n, Judge judge) noexcept {
    std::size_t i = 0;
    for (; n - i > 16; i += 16)
        if (const auto m = unusual_bytes16<Wildcards>(s + i); m != 0 && !judge(i, m)) return false;
    const auto m = unusual_bytes16<Wildcards>(s + n - 16) >> (16 - (n - i));  // the tail as the last 16 bytes
    return m == 0 || judge(i, m);
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

/// validate_utf8() of a text inside an input that may be read from `lo` (its start, at least 16 bytes before the
/// input's end; null: only the text may be read): the same answers, plain ASCII in one pass.
inline errc validate_utf8_in(std::string_view text, const char* lo, bool reject_disallowed = false) noexcept {
    const char* s = text.data();
    const std::size_t n = text.size();
    if (detail::fast_string_paths && !reject_disallowed && n - 1 < 16 &&
        (lo != nullptr ? detail::unusual_bytes_in_input<false>(s, n, lo) : detail::unusual_bytes_of_text<false>(s, n)) == 0)
        return errc::ok;
    return validate_utf8(text, reject_disallowed);
}

}  // namespace mqtt5::wire
