/// \file
/// Aliyun IoT Platform helpers: the CONNECT client id `{clientId}|securemode=..,signmethod=..,timestamp=..|`, the
/// user name `{deviceName}&{productKey}`, the text the password signs, and the topics (custom, system, RRPC)
/// with the check of which topics a device may use; builders write into caller storage. Source:
/// shared/docs/cloud-profiles.md (Aliyun rows), Aliyun "Establish MQTT connections" (73742), topics (73731,
/// 85539).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "../string_literals.hpp"
#include "../topic.hpp"
#include "text_writer.hpp"

namespace mqtt5 {

/// The parts of an Aliyun MQTT client id.
struct aliyun_client_id_parts {
    std::string_view client_id{};   ///< the device's own id, commonly `{productKey}.{deviceName}`
    std::string_view securemode{};  ///< "2" (TLS) or "3" (TCP)
    std::string_view signmethod{};  ///< "hmacsha256", "hmacsha1" or "hmacmd5"
    std::string_view timestamp{};   ///< milliseconds, decimal
};

namespace detail {
constexpr bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (const char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
constexpr bool aliyun_level_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace detail

/// Parses `{clientId}|securemode={2|3},signmethod={hmacsha256|hmacsha1|hmacmd5},timestamp={ms}|`: the three
/// parameters in any order, other `key=value` parameters allowed (SDKs add some); nullopt when it is not that.
constexpr std::optional<aliyun_client_id_parts> aliyun_parse_client_id(std::string_view text) noexcept {
    const auto bar = text.find('|');
    if (bar == 0 || bar == std::string_view::npos || text.size() < bar + 2 || text.back() != '|') return std::nullopt;
    aliyun_client_id_parts out{text.substr(0, bar), {}, {}, {}};
    auto params = text.substr(bar + 1, text.size() - bar - 2);
    while (!params.empty()) {
        const auto comma = params.find(',');
        const auto param = params.substr(0, comma);
        params = comma == std::string_view::npos ? std::string_view{} : params.substr(comma + 1);
        const auto eq = param.find('=');
        if (eq == 0 || eq == std::string_view::npos || param.find('|') != std::string_view::npos) return std::nullopt;
        const auto key = param.substr(0, eq), value = param.substr(eq + 1);
        if (key == "securemode"sv) out.securemode = value;
        else if (key == "signmethod"sv) out.signmethod = value;
        else if (key == "timestamp"sv) out.timestamp = value;
    }
    if (out.securemode != "2"sv && out.securemode != "3"sv) return std::nullopt;
    if (out.signmethod != "hmacsha256"sv && out.signmethod != "hmacsha1"sv && out.signmethod != "hmacmd5"sv) return std::nullopt;
    if (!detail::all_digits(out.timestamp)) return std::nullopt;
    return out;
}

/// Writes the MQTT client id `{clientId}|securemode={securemode},signmethod={signmethod},timestamp={timestamp}|`.
inline result<std::string_view> aliyun_client_id(const aliyun_client_id_parts& parts, std::span<char> storage) noexcept {
    return text_writer{storage}
        .append(parts.client_id).append("|securemode="sv).append(parts.securemode).append(",signmethod="sv)
        .append(parts.signmethod).append(",timestamp="sv).append(parts.timestamp).append('|').finish();
}

/// Writes the user name `{deviceName}&{productKey}`.
inline result<std::string_view> aliyun_username(std::string_view device_name, std::string_view product_key,
                                                std::span<char> storage) noexcept {
    return text_writer{storage}.append(device_name).append('&').append(product_key).finish();
}

/// True when `username` is `{deviceName}&{productKey}`, both non-empty.
constexpr bool aliyun_valid_username(std::string_view username) noexcept {
    const auto amp = username.find('&');
    return amp != 0 && amp != std::string_view::npos && amp + 1 < username.size() &&
           username.find('&', amp + 1) == std::string_view::npos;
}

/// Writes the text the password is the HMAC of (keyed by the device secret, parameters sorted by name):
/// `clientId{id}deviceName{dn}productKey{pk}timestamp{ts}`. The HMAC itself is the caller's.
inline result<std::string_view> aliyun_sign_content(std::string_view client_id, std::string_view device_name,
                                                    std::string_view product_key, std::string_view timestamp,
                                                    std::span<char> storage) noexcept {
    return text_writer{storage}.append("clientId"sv).append(client_id).append("deviceName"sv).append(device_name)
        .append("productKey"sv).append(product_key).append("timestamp"sv).append(timestamp).finish();
}

/// True when `password` is a hex HMAC digest: 32 (hmacmd5), 40 (hmacsha1) or 64 (hmacsha256) hex digits;
/// when `signmethod` is given, the length must be its digest's.
constexpr bool aliyun_valid_password(std::string_view password, std::string_view signmethod = {}) noexcept {
    for (const char c : password)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    if (signmethod == "hmacmd5"sv) return password.size() == 32;
    if (signmethod == "hmacsha1"sv) return password.size() == 40;
    if (signmethod == "hmacsha256"sv) return password.size() == 64;
    return password.size() == 32 || password.size() == 40 || password.size() == 64;
}

/// Writes the custom topic `/{productKey}/{deviceName}/user/{name}` (`name` may hold several levels).
inline result<std::string_view> aliyun_custom_topic(std::string_view product_key, std::string_view device_name,
                                                    std::string_view name, std::span<char> storage) noexcept {
    return text_writer{storage}.append('/').append(product_key).append('/').append(device_name).append("/user/"sv).append(name).finish();
}

/// Writes the system topic `/sys/{productKey}/{deviceName}/{suffix}`, e.g. suffix "thing/event/property/post".
inline result<std::string_view> aliyun_system_topic(std::string_view product_key, std::string_view device_name,
                                                    std::string_view suffix, std::span<char> storage) noexcept {
    return text_writer{storage}.append("/sys/"sv).append(product_key).append('/').append(device_name).append('/').append(suffix).finish();
}

/// Writes the RRPC request filter a device subscribes to: `/sys/{productKey}/{deviceName}/rrpc/request/+`.
inline result<std::string_view> aliyun_rrpc_request_filter(std::string_view product_key, std::string_view device_name,
                                                           std::span<char> storage) noexcept {
    return aliyun_system_topic(product_key, device_name, "rrpc/request/+"sv, storage);
}

/// Writes the RRPC response topic `/sys/{productKey}/{deviceName}/rrpc/response/{messageId}`.
inline result<std::string_view> aliyun_rrpc_response_topic(std::string_view product_key, std::string_view device_name,
                                                           std::string_view message_id, std::span<char> storage) noexcept {
    text_writer w{storage};
    w.append("/sys/"sv).append(product_key).append('/').append(device_name).append("/rrpc/response/"sv).append(message_id);
    return w.finish();
}

namespace detail {
// The levels after a prefix: every one non-empty; in a filter a level may be '+' or a final '#'.
constexpr bool aliyun_levels(std::string_view rest, bool filter, bool custom) noexcept {
    if (rest.empty()) return false;
    for (;;) {
        const auto slash = rest.find('/');
        const auto level = rest.substr(0, slash);
        const bool wildcard = filter && (level == "+"sv || (level == "#"sv && slash == std::string_view::npos));
        if (level.empty()) return false;
        if (custom && !wildcard)
            for (const char c : level)
                if (!aliyun_level_char(c)) return false;
        if (slash == std::string_view::npos) return true;
        rest = rest.substr(slash + 1);
    }
}
// `{a}/{b}/` at the start of rest: two non-empty levels; returns what follows.
constexpr std::optional<std::string_view> aliyun_two_levels(std::string_view rest) noexcept {
    const auto a = rest.find('/');
    if (a == 0 || a == std::string_view::npos) return std::nullopt;
    const auto b = rest.find('/', a + 1);
    if (b == a + 1 || b == std::string_view::npos) return std::nullopt;
    return rest.substr(b + 1);
}
}  // namespace detail

/// True when a device may use `topic` (a topic name, or a filter when `filter`; a `$share/{group}/` prefix is
/// removed first): a system topic `/sys/{pk}/{dn}/...`, `/ota/device/...`, `/broadcast/{pk}/...`,
/// `/ext/rrpc/{messageId}/{topic}`, `/shadow/{update|get}/{pk}/{dn}`, `/ext/ntp/{pk}/{dn}/...`, or a custom topic
/// `/{productKey}/{deviceName}/user/{name...}` whose name levels are letters, digits and `_`.
constexpr bool aliyun_topic_allowed(std::string_view topic, bool filter = false) noexcept {
    if (filter)
        if (const auto shared = parse_shared_subscription(topic)) topic = shared->topic_filter;
    auto after = [&](std::string_view prefix) constexpr noexcept -> std::optional<std::string_view> {
        if (!topic.starts_with(prefix)) return std::nullopt;
        return topic.substr(prefix.size());
    };
    if (const auto r = after("/sys/"sv)) {
        const auto rest = detail::aliyun_two_levels(*r);
        return rest && detail::aliyun_levels(*rest, filter, false);
    }
    if (const auto r = after("/ext/ntp/"sv)) {
        const auto rest = detail::aliyun_two_levels(*r);
        return rest && detail::aliyun_levels(*rest, filter, false);
    }
    if (const auto r = after("/ota/device/"sv)) return detail::aliyun_levels(*r, filter, false);
    if (const auto r = after("/broadcast/"sv)) return detail::aliyun_levels(*r, filter, false) && r->find('/') != std::string_view::npos;
    if (const auto r = after("/ext/rrpc/"sv)) return detail::aliyun_levels(*r, filter, false) && r->find('/') != std::string_view::npos;
    for (const std::string_view shadow : {"/shadow/update/"sv, "/shadow/get/"sv})
        if (const auto r = after(shadow)) {
            const auto slash = r->find('/');
            return slash != 0 && slash != std::string_view::npos && slash + 1 < r->size() && r->find('/', slash + 1) == std::string_view::npos;
        }
    if (const auto r = after("/"sv)) {
        const auto rest = detail::aliyun_two_levels(*r);
        if (!rest || !rest->starts_with("user/"sv)) return false;
        return detail::aliyun_levels(rest->substr(5), filter, true);
    }
    return false;
}

}  // namespace mqtt5
