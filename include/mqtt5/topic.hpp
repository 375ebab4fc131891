/// \file
/// Topic Names and Topic Filters (§4.7), Shared Subscriptions (§4.8.2), and filter matching.
/// The standard gives no Malformed/Protocol Error class for topic syntax; every rule has its own errc and
/// defaults to Protocol Error (spec/normative.md, PE*), so a caller can map it differently.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#include "borrowed.hpp"
#include "error.hpp"
#include "string_literals.hpp"
#include "wire/utf8.hpp"

namespace mqtt5 {

namespace detail {
// The syntax rules of a Topic Name, assuming the string is already valid UTF-8: no wildcard characters
// [MQTT-3.3.2-2] [MQTT-4.7.0-1]. Emptiness is the caller's rule (a PUBLISH may use a Topic Alias instead).
#if defined(__OPTIMIZE_SIZE__)
// -Os: the byte loop alone (the same answer; words cost flash, issue 13), on a pointer and a size: given a
// std::string_view by value, GCC 12 -Os stores it to the stack first, in the function and at its call sites.
// The wrappers (here and in the *_of functions below) cost nothing: they are inlined.
inline errc check_topic_name_syntax_of(const char* s, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i)
        if (s[i] == '+' || s[i] == '#') return errc::topic_name_has_wildcard;
    return errc::ok;
}
inline errc check_topic_name_syntax(std::string_view name) noexcept { return check_topic_name_syntax_of(name.data(), name.size()); }
#else
inline errc check_topic_name_syntax(std::string_view name) noexcept {
    const char* s = name.data();
    const std::size_t n = name.size();
    bool wild = false;  // one test finds both wildcards (utf8.hpp), in any bytes
    if (n < 8) {
        wild = n != 0 && wire::detail::any_wildcard(wire::detail::load_short_le(s, n));  // zero padding is no wildcard
    } else {
        std::size_t i = 0;
        for (; i + 8 <= n && !wild; i += 8) wild = wire::detail::any_wildcard(wire::detail::load8(s + i));
        if (i < n && !wild) wild = wire::detail::any_wildcard(wire::detail::load8(s + n - 8));  // the tail, as the last 8 bytes
    }
    return wild ? errc::topic_name_has_wildcard : errc::ok;
}
#endif

// A Topic Name's UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2] and syntax [MQTT-3.3.2-2] in one pass when it is plain ASCII:
// the errc of wire::validate_utf8 if it fails, else of check_topic_name_syntax. `lo`: null for a caller's string,
// else the start of an input of at least 16 bytes that holds it (wire::detail::unusual_bytes_in_input).
inline errc check_topic_name_text(std::string_view name, const char* lo, bool reject_disallowed) noexcept {
    const char* s = name.data();
    const std::size_t n = name.size();
    if (wire::detail::fast_string_paths && !reject_disallowed) {  // -Os: the two checks alone
        if (n - 1 < 16) {
            if ((lo != nullptr ? wire::detail::unusual_bytes_in_input<true>(s, n, lo) : wire::detail::unusual_bytes_of_text<true>(s, n)) == 0)
                return errc::ok;
        } else if (n != 0 && wire::detail::unusual_bytes_pass_long<true>(s, n, [](std::size_t, std::uint32_t) { return false; })) {
            return errc::ok;
        }
    }
    if (const auto e = wire::validate_utf8(name, reject_disallowed); e != errc::ok) return e;
    return check_topic_name_syntax(name);
}

// The level rules of an ordinary (non-shared) Topic Filter: '#' alone in the last level [MQTT-4.7.1-1],
// '+' alone in its level [MQTT-4.7.1-2]. One pass: a wildcard must follow '/' (or start the filter) and be
// followed by '/' ('+') or end the filter ('#'); the first wildcard that breaks its rule names the error.
// Words of 8 bytes without a wildcard are skipped whole.
#if defined(__OPTIMIZE_SIZE__)
// -Os: on a pointer and a size (see check_topic_name_syntax_of).
inline errc check_filter_levels_of(const char* s, std::size_t n) noexcept;
inline errc check_filter_levels(std::string_view filter) noexcept { return check_filter_levels_of(filter.data(), filter.size()); }
inline errc check_filter_levels_of(const char* s, std::size_t n) noexcept {
#else
inline errc check_filter_levels(std::string_view filter) noexcept {
    const char* s = filter.data();
    const std::size_t n = filter.size();
#endif
    std::size_t i = 0;
    while (i < n) {
#if !defined(__OPTIMIZE_SIZE__)  // -Os: byte by byte (the same answer; words cost flash, issue 13)
        if (i + 8 <= n) {
            const auto w = wire::detail::load8(s + i);
            if (!wire::detail::any_byte_equal(w, '+') && !wire::detail::any_byte_equal(w, '#')) {
                i += 8;
                continue;
            }
        }
#endif
        const char c = s[i];
        if (c == '+' || c == '#') {
            const bool starts_level = i == 0 || s[i - 1] == '/';
            if (c == '#' && (!starts_level || i + 1 != n)) return errc::topic_filter_invalid_hash;
            if (c == '+' && (!starts_level || (i + 1 != n && s[i + 1] != '/'))) return errc::topic_filter_invalid_plus;
        }
        ++i;
    }
    return errc::ok;
}

inline constexpr std::string_view share_prefix = "$share/"sv;

// Slices that cannot throw (std::string_view::substr checks its position and would link libstdc++'s
// std::__throw_out_of_range_fmt into a firmware image): the caller guarantees at <= text.size().
constexpr std::string_view text_before(std::string_view text, std::size_t at) noexcept { return {text.data(), at}; }
constexpr std::string_view text_from(std::string_view text, std::size_t at) noexcept {
    return {text.data() + at, text.size() - at};
}
#if defined(__OPTIMIZE_SIZE__)
// -Os: on a pointer and a size (see check_topic_name_syntax_of).
constexpr bool starts_with_share_prefix_of(const char* s, std::size_t n) noexcept {
    return n >= share_prefix.size() && std::string_view{s, share_prefix.size()} == share_prefix;
}
constexpr bool starts_with_share_prefix(std::string_view filter) noexcept { return starts_with_share_prefix_of(filter.data(), filter.size()); }
#else
constexpr bool starts_with_share_prefix(std::string_view filter) noexcept {
    return filter.size() >= share_prefix.size() && text_before(filter, share_prefix.size()) == share_prefix;
}
#endif
}  // namespace detail

/// The two parts of a Shared Subscription's Topic Filter `$share/{ShareName}/{filter}` (§4.8.2).
struct shared_subscription {
    std::string_view share_name{};    ///< the ShareName: at least one character, no '/', '+' or '#' [MQTT-4.8.2-1]
    std::string_view topic_filter{};  ///< the filter after the ShareName's '/', matched as an ordinary filter
};

/// Splits `$share/{ShareName}/{filter}`. nullopt when the filter does not start with "$share/" (then it is an
/// ordinary filter: "$share" alone and "$sharex/a" are ordinary) or when the shared syntax is broken.
constexpr std::optional<shared_subscription> parse_shared_subscription(std::string_view filter) noexcept {
    if (!detail::starts_with_share_prefix(filter)) return std::nullopt;
    const auto rest = detail::text_from(filter, detail::share_prefix.size());
    const auto slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) return std::nullopt;
    const auto name = detail::text_before(rest, slash);
    if (name.find_first_of("+#"sv) != std::string_view::npos) return std::nullopt;  // [MQTT-4.8.2-2]
    return shared_subscription{name, detail::text_from(rest, slash + 1)};
}
/// The parts are views of `filter`: a temporary std::string is refused at compile time (borrowed.hpp).
template <class Text>
    requires(detail::temporary_container<Text> && std::is_convertible_v<Text, std::string_view>)
std::optional<shared_subscription> parse_shared_subscription(Text&&) = delete;

/// True when `filter` starts with "$share/", the prefix of a Shared Subscription (§4.8.2); its syntax is not checked.
constexpr bool is_shared_subscription(std::string_view filter) noexcept { return detail::starts_with_share_prefix(filter); }

namespace detail {
// Filter syntax, assuming valid UTF-8: emptiness, shared-subscription syntax, wildcard placement.
inline errc check_topic_filter_syntax(std::string_view filter) noexcept {
    if (filter.empty()) return errc::topic_empty;  // [MQTT-4.7.3-1]
    if (starts_with_share_prefix(filter)) {
        const auto rest = text_from(filter, share_prefix.size());
#if defined(__OPTIMIZE_SIZE__)
        // -Os: the ShareName's end and its wildcards in one byte loop, the same errors in the same order (issue 13).
        std::size_t slash = 0;
        bool wildcard = false;
        for (; slash < rest.size() && rest[slash] != '/'; ++slash) wildcard = wildcard || rest[slash] == '+' || rest[slash] == '#';
        if (slash == 0) return errc::shared_subscription_empty_share_name;  // [MQTT-4.8.2-1]
        if (wildcard) return errc::shared_subscription_invalid_share_name;
        if (slash + 1 >= rest.size()) return errc::shared_subscription_missing_filter;  // [MQTT-4.8.2-2]
        return check_filter_levels(text_from(rest, slash + 1));
#else
        const auto slash = rest.find('/');
        if (slash == 0 || rest.empty()) return errc::shared_subscription_empty_share_name;  // [MQTT-4.8.2-1]
        const auto name = slash == std::string_view::npos ? rest : text_before(rest, slash);
        if (name.find_first_of("+#"sv) != std::string_view::npos) return errc::shared_subscription_invalid_share_name;
        if (slash == std::string_view::npos || slash + 1 == rest.size())
            return errc::shared_subscription_missing_filter;  // [MQTT-4.8.2-2]
        return check_filter_levels(text_from(rest, slash + 1));
#endif
    }
    return check_filter_levels(filter);
}

// A Topic Filter at levels 3 and 4: at least one character [MQTT-4.7.3-1] (3.1.1), '#' alone in the last level
// [MQTT-4.7.1-2] (3.1.1), '+' a whole level [MQTT-4.7.1-3] (3.1.1). 3.1.1 has no Shared Subscriptions:
// "$share/..." is an ordinary filter.
inline errc check_topic_filter_syntax_v311(std::string_view filter) noexcept {
    return filter.empty() ? errc::topic_empty : check_filter_levels(filter);
}

// ---- the fast path of filter checks: one pass that says "certainly valid" or "ask the checks above" ----
// Most filters are short printable ASCII. Every byte is classified 8 at a time, and only the wildcards found are
// looked at one by one. Anything else (a byte that is NUL or not ASCII, a misplaced wildcard, broken `$share/`
// syntax, an empty filter) answers false, and the caller runs the exact checks, which name the error and its
// offset as they always have: the fast path decides nothing but that a filter is valid.

// The unusual bytes marked in `mask` (bit k for s[at + k]) are all wildcards, each alone in its level: after '/'
// or first, and '#' last [MQTT-4.7.1-1], '+' before '/' or last [MQTT-4.7.1-2].
MQTT5_SCAN_INLINE bool wildcards_stand_alone(const char* s, std::size_t n, std::size_t at, std::uint32_t mask) noexcept {
    for (; mask != 0; mask &= mask - 1) {
        const std::size_t i = at + static_cast<std::size_t>(std::countr_zero(mask));
        const char c = s[i];
        if (c != '+' && c != '#') return false;  // NUL or not ASCII
        if (i != 0 && s[i - 1] != '/') return false;
        if (i + 1 != n && (c == '#' || s[i + 1] != '/')) return false;
    }
    return true;
}

// The `$share/` part of a filter that starts with '$', for the fast path: 1 when the filter does not start
// with "$share/", 2 when it does and a non-empty ShareName without wildcards, a '/' and a non-empty filter follow
// [MQTT-4.8.2-1] [MQTT-4.8.2-2], 0 when it does and they do not. Wildcards after the ShareName's '/' are the
// level rules' business. n >= 1.
MQTT5_SCAN_INLINE int share_syntax_is_plain(const char* s, std::size_t n) noexcept {
    if (n < share_prefix.size() || std::memcmp(s, share_prefix.data(), share_prefix.size()) != 0) return 1;
    // A wildcard inside the ShareName after its first byte follows a byte that is not '/', which the level rule
    // refuses; its first byte is checked here.
    std::size_t at = share_prefix.size();
    if (at + 1 >= n || s[at] == '/' || s[at] == '+' || s[at] == '#') return 0;
    for (++at; at + 1 < n; ++at)
        if (s[at] == '/') return 2;
    return 0;  // no '/' before the last byte: the slow checks name the error
}

// True when the n bytes at s are a valid Topic Filter with nothing for the slow checks to look at: 1..n bytes of
// ASCII without NUL (valid UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2]), wildcards in place [MQTT-4.7.1-1]
// [MQTT-4.7.1-2], and for `$share/` (§4.8.2) a non-empty ShareName without wildcards followed by '/' and a
// non-empty filter, and then not `no_local` [MQTT-3.8.3-4]. `lo`: null for a caller's string (only its bytes are
// read), else the start of the input that holds it, at least 16 bytes long (unusual_bytes_in_input).
MQTT5_SCAN_INLINE bool filter_is_plainly_valid(const char* s, std::size_t n, const char* lo, bool no_local) noexcept {
    if (n - 1 < 16) {  // 1..16 bytes (n = 0 wraps around)
        if (s[0] == '$') {
            const int share = share_syntax_is_plain(s, n);
            if (share == 0 || (share == 2 && no_local)) return false;
        }
        const auto m = lo != nullptr ? wire::detail::unusual_bytes_in_input<true>(s, n, lo)
                                     : wire::detail::unusual_bytes_of_text<true>(s, n);
        return m == 0 || wildcards_stand_alone(s, n, 0, m);
    }
    if (n == 0) return false;
    if (s[0] == '$') {
        const int share = share_syntax_is_plain(s, n);
        if (share == 0 || (share == 2 && no_local)) return false;
    }
    return wire::detail::unusual_bytes_pass_long<true>(
        s, n, [s, n](std::size_t at, std::uint32_t mask) { return wildcards_stand_alone(s, n, at, mask); });
}

// Bit o of this word: the Subscription Options byte o (below 0x40: reserved bits 6-7 clear [MQTT-3.8.3-5]) has
// neither QoS (bits 0-1) nor Retain Handling (bits 4-5) 3 (§3.8.3.1).
inline constexpr std::uint64_t plain_subscription_options = [] {
    std::uint64_t bits = 0;
    for (unsigned o = 0; o < 64; ++o)
        if ((o & 0x03u) != 0x03u && (o & 0x30u) != 0x30u) bits |= std::uint64_t{1} << o;
    return bits;
}();

// The subscription rules of the decoder and the encoder, fast: true when the options byte is plain (above) and
// the filter plainly valid, No Local included. False: run the exact checks.
MQTT5_SCAN_INLINE bool subscription_is_plainly_valid(const char* s, std::size_t n, const char* lo, std::uint8_t options) noexcept {
    return options < 64 && ((plain_subscription_options >> options) & 1u) != 0 &&
           filter_is_plainly_valid(s, n, lo, (options & 0x04u) != 0);
}
}  // namespace detail

/// A complete Topic Name check: 1..65,535 bytes [MQTT-4.7.3-1] [MQTT-4.7.3-3], valid UTF-8 without U+0000
/// [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-4.7.3-2], no wildcards [MQTT-4.7.0-1].
inline errc validate_topic_name(std::string_view name) noexcept {
    if (name.empty()) return errc::topic_empty;
    if (name.size() > 65535) return errc::string_too_long;
    if (const auto e = wire::validate_utf8(name); e != errc::ok) return e;
    return detail::check_topic_name_syntax(name);
}

/// A complete Topic Filter check: length, UTF-8, wildcard placement, and `$share/` syntax [MQTT-4.8.2-1]
/// [MQTT-4.8.2-2].
inline errc validate_topic_filter(std::string_view filter) noexcept {
    if (filter.size() > 65535) return errc::string_too_long;
    if (const auto e = wire::validate_utf8(filter); e != errc::ok) return e;
    return detail::check_topic_filter_syntax(filter);
}

/// How topic_matches() treats the one point where brokers differ from the standard.
struct topic_match_options {
    /// The standard: "sport/#" also matches "sport" (§4.7.1.2). AWS IoT Core: it does not (false).
    bool hash_matches_parent{true};
};

/// Does `topic_name` match `filter` (§4.7)? The filter is assumed valid; a `$share/{name}/` prefix is
/// removed first, since a shared subscription matches as its filter does. Topics starting with '$' are not
/// matched by a filter whose first level is a wildcard [MQTT-4.7.2-1].
constexpr bool topic_matches(std::string_view filter, std::string_view topic_name, topic_match_options options = {}) noexcept {
    if (const auto shared = parse_shared_subscription(filter)) filter = shared->topic_filter;
    if (filter.empty() || topic_name.empty()) return false;
    if (topic_name[0] == '$' && (filter[0] == '+' || filter[0] == '#')) return false;
    std::size_t f = 0, t = 0;  // start of the current level in each
    for (;;) {
        const auto f_end = filter.find('/', f);
        const auto f_level = detail::text_before(detail::text_from(filter, f), (f_end == std::string_view::npos ? filter.size() : f_end) - f);
        if (f_level == "#"sv) return true;  // matches this level and everything below
        const auto t_end = topic_name.find('/', t);
        const auto t_level =
            detail::text_before(detail::text_from(topic_name, t), (t_end == std::string_view::npos ? topic_name.size() : t_end) - t);
        if (f_level != "+"sv && f_level != t_level) return false;
        const bool f_last = f_end == std::string_view::npos, t_last = t_end == std::string_view::npos;
        if (t_last) {
            if (f_last) return true;
            // The topic has no more levels: only a trailing "/#" can still match (the parent level).
            return options.hash_matches_parent && detail::text_from(filter, f_end + 1) == "#"sv;
        }
        if (f_last) return false;
        f = f_end + 1;
        t = t_end + 1;
    }
}

}  // namespace mqtt5
