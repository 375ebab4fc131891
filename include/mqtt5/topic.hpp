/// \file
/// Topic Names and Topic Filters (§4.7), Shared Subscriptions (§4.8.2), and filter matching.
/// The standard gives no Malformed/Protocol Error class for topic syntax; every rule has its own errc and
/// defaults to Protocol Error (spec/normative.md, PE*), so a caller can map it differently.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#include "borrowed.hpp"
#include "error.hpp"
#include "wire/utf8.hpp"

namespace mqtt5 {

namespace detail {
// The syntax rules of a Topic Name, assuming the string is already valid UTF-8: no wildcard characters
// [MQTT-3.3.2-2] [MQTT-4.7.0-1]. Emptiness is the caller's rule (a PUBLISH may use a Topic Alias instead).
inline errc check_topic_name_syntax(std::string_view name) noexcept {
    const char* s = name.data();
    const std::size_t n = name.size();
    std::size_t i = 0;
#if !defined(__OPTIMIZE_SIZE__)  // -Os: the byte loop alone (the same answer; words cost flash, issue 13)
    for (; i + 8 <= n; i += 8) {
        const auto w = wire::detail::load8(s + i);
        if (wire::detail::any_byte_equal(w, '+') || wire::detail::any_byte_equal(w, '#')) return errc::topic_name_has_wildcard;
    }
    if (i < n && n >= 8) {  // the tail, as the last 8 bytes
        const auto w = wire::detail::load8(s + n - 8);
        return wire::detail::any_byte_equal(w, '+') || wire::detail::any_byte_equal(w, '#') ? errc::topic_name_has_wildcard : errc::ok;
    }
#endif
    for (; i < n; ++i)
        if (s[i] == '+' || s[i] == '#') return errc::topic_name_has_wildcard;
    return errc::ok;
}

// The level rules of an ordinary (non-shared) Topic Filter: '#' alone in the last level [MQTT-4.7.1-1],
// '+' alone in its level [MQTT-4.7.1-2]. One pass: a wildcard must follow '/' (or start the filter) and be
// followed by '/' ('+') or end the filter ('#'); the first wildcard that breaks its rule names the error.
// Words of 8 bytes without a wildcard are skipped whole.
inline errc check_filter_levels(std::string_view filter) noexcept {
    const char* s = filter.data();
    const std::size_t n = filter.size();
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

inline constexpr std::string_view share_prefix = "$share/";

// The text without its first n characters (n <= text.size()), and its first min(n, text.size()) characters:
// std::string_view::substr checks its position again and pulls libstdc++'s out-of-range exception helper into a
// firmware image (issue 13: about 1 KB of code and 116 B of RAM with newlib-nano).
constexpr std::string_view drop_front(std::string_view text, std::size_t n) noexcept { return {text.data() + n, text.size() - n}; }
constexpr std::string_view take_front(std::string_view text, std::size_t n) noexcept {
    return {text.data(), n < text.size() ? n : text.size()};
}
}  // namespace detail

/// The two parts of a Shared Subscription's Topic Filter `$share/{ShareName}/{filter}` (§4.8.2).
struct shared_subscription {
    std::string_view share_name{};    ///< the ShareName: at least one character, no '/', '+' or '#' [MQTT-4.8.2-1]
    std::string_view topic_filter{};  ///< the filter after the ShareName's '/', matched as an ordinary filter
};

/// Splits `$share/{ShareName}/{filter}`. nullopt when the filter does not start with "$share/" (then it is an
/// ordinary filter: "$share" alone and "$sharex/a" are ordinary) or when the shared syntax is broken.
constexpr std::optional<shared_subscription> parse_shared_subscription(std::string_view filter) noexcept {
    if (detail::take_front(filter, detail::share_prefix.size()) != detail::share_prefix) return std::nullopt;
    const auto rest = detail::drop_front(filter, detail::share_prefix.size());
    const auto slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == rest.size()) return std::nullopt;
    const auto name = detail::take_front(rest, slash);
    if (name.find_first_of("+#") != std::string_view::npos) return std::nullopt;  // [MQTT-4.8.2-2]
    return shared_subscription{name, detail::drop_front(rest, slash + 1)};
}
/// The parts are views of `filter`: a temporary std::string is refused at compile time (borrowed.hpp).
template <class Text>
    requires(detail::temporary_container<Text> && std::is_convertible_v<Text, std::string_view>)
std::optional<shared_subscription> parse_shared_subscription(Text&&) = delete;

/// True when `filter` starts with "$share/", the prefix of a Shared Subscription (§4.8.2); its syntax is not checked.
constexpr bool is_shared_subscription(std::string_view filter) noexcept {
    return filter.size() >= detail::share_prefix.size() &&
           std::char_traits<char>::compare(filter.data(), detail::share_prefix.data(), detail::share_prefix.size()) == 0;
}

namespace detail {
// Filter syntax, assuming valid UTF-8: emptiness, shared-subscription syntax, wildcard placement.
inline errc check_topic_filter_syntax(std::string_view filter) noexcept {
    if (filter.empty()) return errc::topic_empty;  // [MQTT-4.7.3-1]
    if (is_shared_subscription(filter)) {
        const auto rest = drop_front(filter, share_prefix.size());
        const auto slash = rest.find('/');
        if (slash == 0 || rest.empty()) return errc::shared_subscription_empty_share_name;  // [MQTT-4.8.2-1]
        const auto name = take_front(rest, slash);
        if (name.find_first_of("+#") != std::string_view::npos) return errc::shared_subscription_invalid_share_name;
        if (slash == std::string_view::npos || slash + 1 == rest.size())
            return errc::shared_subscription_missing_filter;  // [MQTT-4.8.2-2]
        return check_filter_levels(drop_front(rest, slash + 1));
    }
    return check_filter_levels(filter);
}

// A Topic Filter at levels 3 and 4: at least one character [MQTT-4.7.3-1] (3.1.1), '#' alone in the last level
// [MQTT-4.7.1-2] (3.1.1), '+' a whole level [MQTT-4.7.1-3] (3.1.1). 3.1.1 has no Shared Subscriptions:
// "$share/..." is an ordinary filter.
inline errc check_topic_filter_syntax_v311(std::string_view filter) noexcept {
    return filter.empty() ? errc::topic_empty : check_filter_levels(filter);
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
        const auto f_level = detail::take_front(detail::drop_front(filter, f), f_end - f);  // npos - f: to the end
        if (f_level == "#") return true;  // matches this level and everything below
        const auto t_end = topic_name.find('/', t);
        const auto t_level = detail::take_front(detail::drop_front(topic_name, t), t_end - t);
        if (f_level != "+" && f_level != t_level) return false;
        const bool f_last = f_end == std::string_view::npos, t_last = t_end == std::string_view::npos;
        if (t_last) {
            if (f_last) return true;
            // The topic has no more levels: only a trailing "/#" can still match (the parent level).
            return options.hash_matches_parent && detail::drop_front(filter, f_end + 1) == "#";
        }
        if (f_last) return false;
        f = f_end + 1;
        t = t_end + 1;
    }
}

}  // namespace mqtt5
