/// \file
/// Azure IoT Hub topic helpers: device ids, property bags (URL-encoded `k=v&k2=v2`, system keys `$.mid $.cid
/// $.uid $.ct $.ce $.ctime $.sub`), and the topics and filters of telemetry, cloud-to-device messages, the
/// device twin and direct methods; builders write into caller storage. Source: shared/docs/cloud-profiles.md
/// (Azure rows), Azure "Communicate with an IoT hub using the MQTT protocol" (iot-mqtt-connect-to-iot-hub).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "../string_literals.hpp"
#include "text_writer.hpp"

namespace mqtt5 {

/// A device id (or module id) as the identity registry allows it: 1..128 ASCII letters, digits and
/// `- . % _ * ? ! ( ) , : = @ $ '` (the newest pages exclude `+` and `#`).
constexpr bool azure_valid_device_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 128) return false;
    for (const char c : id) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && "-.%_*?!(),:=@$'"sv.find(c) == std::string_view::npos) return false;
    }
    return true;
}

/// The identity a client id names: `{deviceId}` or `{deviceId}/{moduleId}` (module empty for a device).
struct azure_identity {
    std::string_view device_id{};  ///< the device id
    std::string_view module_id{};  ///< the module id, empty for a device identity
};

/// Splits a client id into its identity; nullopt when it is not `{deviceId}` or `{deviceId}/{moduleId}` with
/// valid ids.
constexpr std::optional<azure_identity> azure_parse_client_id(std::string_view client_id) noexcept {
    const auto slash = client_id.find('/');
    azure_identity id{client_id.substr(0, slash), {}};
    if (slash != std::string_view::npos) {
        id.module_id = client_id.substr(slash + 1);
        if (!azure_valid_device_id(id.module_id)) return std::nullopt;
    }
    if (!azure_valid_device_id(id.device_id)) return std::nullopt;
    return id;
}

/// One property of a property bag: key and value, as given (encoding) or as they stand in the topic (reading,
/// still URL-encoded: see azure_url_decode).
struct azure_property {
    std::string_view key{};    ///< the name, e.g. "$.ct" or an application property
    std::string_view value{};  ///< the value
};

/// Writes `properties` as a property bag `k=v&k2=v2`: keys and values URL-encoded, except that a key keeps its
/// `$` (system keys are written `$.ct`, as the hub expects them).
inline result<std::string_view> azure_encode_property_bag(std::span<const azure_property> properties,
                                                          std::span<char> storage) noexcept {
    text_writer w{storage};
    bool first = true;
    for (const auto& p : properties) {
        if (!first) w.append('&');
        first = false;
        for (const char c : p.key) {
            if (c == '$') w.append(c);
            else w.append_url_encoded(std::string_view{&c, 1});
        }
        w.append('=').append_url_encoded(p.value);
    }
    return w.finish();
}

/// Reads the properties of a bag one by one, as raw (URL-encoded) views: `while (bag.next(p)) ...`.
class azure_property_bag {
public:
    /// Reads `bag` (the text after the topic's last documented level), which must outlive the reader.
    constexpr explicit azure_property_bag(std::string_view bag) noexcept : rest_(bag) {}
    /// The next property; false at the end. A pair without '=' has an empty value.
    constexpr bool next(azure_property& out) noexcept {
        while (!rest_.empty()) {
            const auto amp = rest_.find('&');
            const auto pair = rest_.substr(0, amp);
            rest_ = amp == std::string_view::npos ? std::string_view{} : rest_.substr(amp + 1);
            if (pair.empty()) continue;
            const auto eq = pair.find('=');
            out = azure_property{pair.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1)};
            return true;
        }
        return false;
    }

private:
    std::string_view rest_{};
};

namespace detail {
constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace detail

/// The size of `text` once URL-decoded; nullopt when a '%' is not followed by two hex digits.
constexpr std::optional<std::size_t> azure_url_decoded_size(std::string_view text) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i, ++n) {
        if (text[i] != '%') continue;
        if (i + 2 >= text.size() || detail::hex_digit(text[i + 1]) < 0 || detail::hex_digit(text[i + 2]) < 0) return std::nullopt;
        i += 2;
    }
    return n;
}

/// URL-decodes `text` into `storage` (%XX becomes the byte; '+' stays '+'). Errors: errc::invalid_argument
/// (offset of the bad '%'), errc::buffer_too_small.
inline result<std::string_view> azure_url_decode(std::string_view text, std::span<char> storage) noexcept {
    text_writer w{storage};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            w.append(text[i]);
            continue;
        }
        if (i + 2 >= text.size() || detail::hex_digit(text[i + 1]) < 0 || detail::hex_digit(text[i + 2]) < 0)
            return make_error(errc::invalid_argument, i);
        w.append(static_cast<char>(detail::hex_digit(text[i + 1]) * 16 + detail::hex_digit(text[i + 2])));
        i += 2;
    }
    return w.finish();
}

/// The filter a device subscribes to for its twin responses.
inline constexpr std::string_view azure_twin_response_filter = "$iothub/twin/res/#"sv;
/// The filter a device subscribes to for desired-property updates.
inline constexpr std::string_view azure_twin_desired_filter = "$iothub/twin/PATCH/properties/desired/#"sv;
/// The filter a device subscribes to for direct-method requests.
inline constexpr std::string_view azure_methods_filter = "$iothub/methods/POST/#"sv;

/// Writes the telemetry topic `devices/{deviceId}/messages/events/{property bag}` (module identity:
/// `devices/{deviceId}/modules/{moduleId}/messages/events/...`) into `storage`.
inline result<std::string_view> azure_telemetry_topic(azure_identity id, std::span<const azure_property> properties,
                                                      std::span<char> storage) noexcept {
    text_writer w{storage};
    w.append("devices/"sv).append(id.device_id);
    if (!id.module_id.empty()) w.append("/modules/"sv).append(id.module_id);
    w.append("/messages/events/"sv);
    if (w.failed()) return w.finish();
    auto bag = azure_encode_property_bag(properties, storage.subspan(w.size()));
    if (!bag) return make_error(errc::buffer_too_small, w.size());
    return std::string_view{storage.data(), w.size() + bag->size()};
}

/// Writes the cloud-to-device filter `devices/{deviceId}/messages/devicebound/#` into `storage`.
inline result<std::string_view> azure_c2d_filter(std::string_view device_id, std::span<char> storage) noexcept {
    return text_writer{storage}.append("devices/"sv).append(device_id).append("/messages/devicebound/#"sv).finish();
}

/// Writes `$iothub/twin/GET/?$rid={rid}` (ask for the whole twin) into `storage`.
inline result<std::string_view> azure_twin_get_topic(std::string_view rid, std::span<char> storage) noexcept {
    return text_writer{storage}.append("$iothub/twin/GET/?$rid="sv).append(rid).finish();
}

/// Writes `$iothub/twin/PATCH/properties/reported/?$rid={rid}` (update reported properties) into `storage`.
inline result<std::string_view> azure_twin_reported_topic(std::string_view rid, std::span<char> storage) noexcept {
    return text_writer{storage}.append("$iothub/twin/PATCH/properties/reported/?$rid="sv).append(rid).finish();
}

/// Writes `$iothub/methods/res/{status}/?$rid={rid}` (a direct-method response) into `storage`.
inline result<std::string_view> azure_method_response_topic(unsigned status, std::string_view rid,
                                                            std::span<char> storage) noexcept {
    return text_writer{storage}.append("$iothub/methods/res/"sv).append_decimal(status).append("/?$rid="sv).append(rid).finish();
}

/// Writes the CONNECT User Name `{hub}.azure-devices.net/{deviceId}[/{moduleId}]/?api-version={api_version}`.
inline result<std::string_view> azure_username(std::string_view hub, azure_identity id, std::span<char> storage,
                                               std::string_view api_version = "2021-04-12"sv) noexcept {
    text_writer w{storage};
    w.append(hub).append(".azure-devices.net/"sv).append(id.device_id);
    if (!id.module_id.empty()) w.append('/').append(id.module_id);
    return w.append("/?api-version="sv).append(api_version).finish();
}

/// The kinds of topic a device may publish to.
enum class azure_topic_kind : std::uint8_t {
    none,             ///< not a topic the hub accepts from a device
    telemetry,        ///< devices/{deviceId}[/modules/{moduleId}]/messages/events/[bag]
    twin_get,         ///< $iothub/twin/GET/?$rid={rid}
    twin_reported,    ///< $iothub/twin/PATCH/properties/reported/?$rid={rid}
    method_response,  ///< $iothub/methods/res/{status}/?$rid={rid}
};

/// A device's PUBLISH topic, understood: its kind, the identity it names (telemetry) and its property bag.
struct azure_device_topic {
    azure_topic_kind kind{};         ///< none when the hub would close the connection
    azure_identity identity{};       ///< telemetry: the identity the topic names
    std::string_view property_bag{}; ///< telemetry: the text after messages/events/
};

/// Classifies a topic a device publishes to (any well-formed identity is accepted: the topic is judged for the
/// device id it names).
constexpr azure_device_topic azure_classify_device_topic(std::string_view topic) noexcept {
    azure_device_topic out{};
    constexpr std::string_view rid = "/?$rid="sv;
    auto after = [&](std::string_view prefix) constexpr noexcept -> std::optional<std::string_view> {
        if (!topic.starts_with(prefix)) return std::nullopt;
        return topic.substr(prefix.size());
    };
    if (auto rest = after("devices/"sv)) {
        const auto slash = rest->find('/');
        if (slash == std::string_view::npos) return out;
        out.identity.device_id = rest->substr(0, slash);
        auto tail = rest->substr(slash);
        if (tail.starts_with("/modules/"sv)) {
            tail.remove_prefix(9);
            const auto m = tail.find('/');
            if (m == std::string_view::npos) return out;
            out.identity.module_id = tail.substr(0, m);
            if (!azure_valid_device_id(out.identity.module_id)) return out;
            tail = tail.substr(m);
        }
        constexpr std::string_view events = "/messages/events/"sv;
        if (!azure_valid_device_id(out.identity.device_id) || !tail.starts_with(events)) return out;
        out.kind = azure_topic_kind::telemetry;
        out.property_bag = tail.substr(events.size());
        return out;
    }
    if (auto rest = after("$iothub/twin/GET"sv)) {
        if (rest->starts_with(rid) && rest->size() > rid.size()) out.kind = azure_topic_kind::twin_get;
        return out;
    }
    if (auto rest = after("$iothub/twin/PATCH/properties/reported"sv)) {
        if (rest->starts_with(rid) && rest->size() > rid.size()) out.kind = azure_topic_kind::twin_reported;
        return out;
    }
    if (auto rest = after("$iothub/methods/res/"sv)) {
        std::size_t digits = 0;
        while (digits < rest->size() && (*rest)[digits] >= '0' && (*rest)[digits] <= '9') ++digits;
        const auto tail = rest->substr(digits);
        if (digits > 0 && tail.starts_with(rid) && tail.size() > rid.size()) out.kind = azure_topic_kind::method_response;
    }
    return out;
}

namespace detail {
// The {deviceId} of a filter `devices/{deviceId}/messages/devicebound/#`, or empty for any other filter.
constexpr std::string_view azure_devicebound_device(std::string_view filter) noexcept {
    constexpr std::string_view prefix = "devices/"sv, suffix = "/messages/devicebound/#"sv;
    if (!filter.starts_with(prefix) || !filter.ends_with(suffix) || filter.size() < prefix.size() + suffix.size()) return {};
    return filter.substr(prefix.size(), filter.size() - prefix.size() - suffix.size());
}
}  // namespace detail

/// True when `filter` is one a device may subscribe to: `devices/{deviceId}/messages/devicebound/#`,
/// `$iothub/twin/res/#`, `$iothub/methods/POST/#`, `$iothub/twin/PATCH/properties/desired/#`.
constexpr bool azure_allowed_filter(std::string_view filter) noexcept {
    if (filter == azure_twin_response_filter || filter == azure_methods_filter || filter == azure_twin_desired_filter) return true;
    return azure_valid_device_id(detail::azure_devicebound_device(filter));  // an empty id is not valid
}

}  // namespace mqtt5
