/// \file
/// azure_iot_hub: what a standard Azure IoT Hub does with each packet (MQTT 3.1.1 on 8883 / 443), after the rows
/// and rule ids of shared/docs/cloud-profiles.md, which cite "Communicate with an IoT hub using the MQTT
/// protocol" (iot-mqtt-connect-to-iot-hub), "IoT Hub quotas and throttling", "Create and read IoT Hub messages"
/// and the identity registry.
///
/// Where the sources disagree this profile follows the newest: a standard hub takes only 3.1.1 (the 2023 MQTT 5
/// preview is deprecated; the 2026 "MQTT v5 connection profile" preview is X.509-only and not modelled), so
/// every MQTT 5 packet breaks azure.protocol.version; at most 5 subscriptions (standard hub docs since mid-2023,
/// not the preview's 50); device ids exclude `+` and `#` (newest identity-registry page).
///
/// Every other rule is judged as well on a v5 packet, as it would be over 3.1.1. Device-to-cloud packets are
/// judged against the device rules; cloud-to-device PUBLISHes against the hub's message-size limits.
/// Not expressible for one packet: at most 5 subscriptions at a time (a count over the connection; its action is
/// unconfirmed anyway), one connection per device (the older connection is closed), the idle timeout (a clock).
/// A telemetry topic is judged for the device id it names; with the connection's client id
/// (check_options::client_id, `check --session`) it must also name the connected device (and module), and a
/// SUBSCRIBE's devicebound filter must name the connected device.
#pragma once

#include <string_view>

#include "../packets/connect.hpp"
#include "../string_literals.hpp"
#include "azure_topics.hpp"
#include "check.hpp"

namespace mqtt5 {

namespace detail {

// "SharedAccessSignature sr=...&sig=...&se=..." (any order, each with a value; skn= may follow for a policy).
constexpr bool azure_sas_token(std::string_view text) noexcept {
    constexpr std::string_view scheme = "SharedAccessSignature "sv;
    if (!text.starts_with(scheme)) return false;
    bool sr = false, sig = false, se = false;
    azure_property_bag fields{text.substr(scheme.size())};
    for (azure_property f{}; fields.next(f);) {
        if (f.value.empty()) continue;
        sr = sr || f.key == "sr"sv;
        sig = sig || f.key == "sig"sv;
        se = se || f.key == "se"sv;
    }
    return sr && sig && se;
}

// {hub}.azure-devices.net/{client id}/?api-version={v}[&...]. azure.username.format is the username "for the
// client id's device" (cloud-profiles.md, Rule ids); a client id that names no device (empty, too long, a
// character outside the registry's set) breaks azure.client_id.device_id, whose row lists "device id empty".
// That client id is then the one cause: a username that names it, or that has the username's own shape
// {hub}.azure-devices.net/{device}[/{module}]/?api-version={v} for any device, passes. One cause, one violation.
constexpr bool azure_username_matches(std::string_view username, std::string_view client_id, bool client_id_names_device) noexcept {
    constexpr std::string_view host = ".azure-devices.net/"sv, api = "/?api-version="sv;
    const auto at = username.find(host);
    if (at == 0 || at == std::string_view::npos || username.substr(0, at).find('/') != std::string_view::npos) return false;
    const auto rest = username.substr(at + host.size());
    const auto api_at = [rest, api](std::size_t offset) noexcept {
        const auto tail = rest.substr(offset);
        return tail.starts_with(api) && tail.size() > api.size() && tail[api.size()] != '&';
    };
    if (rest.starts_with(client_id) && api_at(client_id.size())) return true;
    if (client_id_names_device) return false;
    const auto named = rest.substr(0, rest.find(api));  // {device}[/{module}]
    return named.find('/') == named.rfind('/') && api_at(named.size());
}

// Property names and values of a bag, URL-decoded; an undecodable pair counts as written.
constexpr std::size_t azure_bag_bytes(std::string_view bag) noexcept {
    std::size_t n = 0;
    azure_property_bag reader{bag};
    for (azure_property p{}; reader.next(p);)
        n += azure_url_decoded_size(p.key).value_or(p.key.size()) + azure_url_decoded_size(p.value).value_or(p.value.size());
    return n;
}

inline void azure_check_connect(const connect& c, const check_options& o, check_report& r) noexcept {
    const auto identity = azure_parse_client_id(c.client_id);
    if (!identity)
        r.add(rule_id::azure_client_id_device_id, finding::of(c.client_id), finding::of("{deviceId} or {deviceId}/{moduleId}"sv), o.version);
    if (!c.username || !azure_username_matches(*c.username, c.client_id, identity.has_value()))
        r.add(rule_id::azure_username_format, finding::of(c.username.value_or("(absent)"sv)),
              finding::of("{hub}.azure-devices.net/{clientId}/?api-version=2021-04-12"sv), o.version);
    if (c.password && !azure_sas_token(std::string_view{reinterpret_cast<const char*>(c.password->data()), c.password->size()}))
        r.add(rule_id::azure_password_format, finding::of(c.password->size()), finding::of("SharedAccessSignature sig=&se=&sr= or absent"sv), o.version);
    if (c.keep_alive > 1177) r.add(rule_id::azure_keep_alive_max, finding::of(c.keep_alive), finding::of(1177), o.version);
    if (c.will) {
        const auto t = azure_classify_device_topic(c.will->topic);
        const bool own = t.kind == azure_topic_kind::telemetry &&
                         (!identity || (t.identity.device_id == identity->device_id && t.identity.module_id == identity->module_id));
        if (!own) r.add(rule_id::azure_will_topic, finding::of(c.will->topic), finding::of("devices/{deviceId}/messages/events/"sv), o.version);
    }
}

inline void azure_check_device_publish(const publish& p, const check_options& o, check_report& r) noexcept {
    if (p.qos == qos::exactly_once) r.add(rule_id::azure_qos_publish2, finding::of(2), finding::of(1), o.version);
    if (p.retain) r.add(rule_id::azure_retain, finding::of(1), finding::of(0), o.version);
    const auto topic = topic_of(p, o);  // after alias resolution when the connection gave it
    const auto t = azure_classify_device_topic(topic);
    switch (t.kind) {
    case azure_topic_kind::none:
        r.add(rule_id::azure_topic_telemetry, finding::of(topic), finding::of("devices/{deviceId}/messages/events/[bag], twin or method response"sv), o.version);
        return;
    case azure_topic_kind::telemetry:
        // Judged alone, any well-formed device passes (issue 11 item 6); on a connection, only the connected
        // identity's own topic (devices/{deviceId}/[modules/{moduleId}/]messages/events/). A client id that names
        // no identity already broke azure.client_id.device_id at the CONNECT: not judged twice.
        if (const auto connected = o.client_id ? azure_parse_client_id(*o.client_id) : std::nullopt;
            connected && (t.identity.device_id != connected->device_id || t.identity.module_id != connected->module_id)) {
            r.add(rule_id::azure_topic_telemetry, finding::of(topic), finding::of("the connected identity's devices/{deviceId}/messages/events/"sv), o.version);
            return;
        }
        if (const auto size = p.payload.size() + azure_bag_bytes(t.property_bag); size > 262144)
            r.add(rule_id::azure_message_max, finding::of(size), finding::of(262144), o.version);
        return;
    case azure_topic_kind::twin_reported:
        if (p.payload.size() > 32768) r.add(rule_id::azure_message_twin_max, finding::of(p.payload.size()), finding::of(32768), o.version);
        return;
    case azure_topic_kind::method_response:
        if (p.payload.size() > 131072) r.add(rule_id::azure_message_method_max, finding::of(p.payload.size()), finding::of(131072), o.version);
        return;
    case azure_topic_kind::twin_get: return;
    }
}

// The hub's own PUBLISHes: twin desired updates, method requests, cloud-to-device messages. The documents give
// the row's action only (unconfirmed in this direction).
inline void azure_check_cloud_publish(const publish& p, const check_options& o, check_report& r) noexcept {
    constexpr auto unconfirmed = cloud_action::of(action_kind::unconfirmed);
    const auto size = p.payload.size();
    const auto topic = topic_of(p, o);  // after alias resolution when the connection gave it
    if (topic.starts_with("$iothub/twin/PATCH/properties/desired/"sv)) {
        if (size > 32768) r.add(rule_id::azure_message_twin_max, finding::of(size), finding::of(32768), unconfirmed);
    } else if (topic.starts_with("$iothub/methods/POST/"sv)) {
        if (size > 131072) r.add(rule_id::azure_message_method_max, finding::of(size), finding::of(131072), unconfirmed);
    } else if (topic.starts_with("devices/"sv) && topic.find("/messages/devicebound/"sv) != std::string_view::npos) {
        if (size > 65536) r.add(rule_id::azure_message_c2d_max, finding::of(size), finding::of(65536), o.version);
    }
}

}  // namespace detail

/// Azure IoT Hub, a standard hub (see the file comment for its sources and the choices where they disagree).
struct azure_iot_hub {
    static constexpr std::string_view name = "azure"sv;              ///< the profile's name (`--profile azure`)
    static constexpr std::string_view doc_date = profile_doc_date;   ///< the date of the documentation followed
    static constexpr std::uint16_t keep_alive_max = 1177;            ///< azure.keep_alive.max
    static constexpr std::size_t telemetry_max = 262144;             ///< azure.message.max
    static constexpr std::size_t twin_max = 32768;                   ///< azure.message.twin_max
    static constexpr std::size_t method_max = 131072;                ///< azure.message.method_max
    static constexpr std::size_t c2d_max = 65536;                    ///< azure.message.c2d_max

    /// A standard hub speaks 3.1.1 only: its CONNACK announces nothing.
    static constexpr announced_limits announced() noexcept {
        announced_limits a{};
        a.speaks_v5 = false;
        return a;
    }
    /// The rules of the file comment, on one packet.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        if (detail::profile_is_v5(o))
            r.add(rule_id::azure_protocol_version, finding::of(5), finding::of(4),
                  type_of(p) == packet_type::connect ? cloud_action::reject() : cloud_action::of(action_kind::unconfirmed));
        if (const auto* pub = std::get_if<publish>(&p)) {
            if (detail::from_device(o)) detail::azure_check_device_publish(*pub, o, r);
            else detail::azure_check_cloud_publish(*pub, o, r);
            return;
        }
        if (!detail::from_device(o)) return;
        if (const auto* c = std::get_if<connect>(&p)) return detail::azure_check_connect(*c, o, r);
        if (const auto* s = std::get_if<subscribe>(&p)) {
            // Judged alone, any well-formed device's devicebound filter passes; on a connection, only the connected
            // device's own (its cloud-to-device messages are the only ones it may receive).
            const auto connected = o.client_id ? azure_parse_client_id(*o.client_id) : std::nullopt;
            for (const auto& entry : s->subscriptions) {
                if (!azure_allowed_filter(entry.topic_filter))
                    r.add(rule_id::azure_subscribe_filter, finding::of(entry.topic_filter), finding::of("a documented hub filter"sv), o.version);
                else if (const auto device = detail::azure_devicebound_device(entry.topic_filter); connected && !device.empty() && device != connected->device_id)
                    r.add(rule_id::azure_subscribe_filter, finding::of(entry.topic_filter), finding::of("the connected device's devices/{deviceId}/messages/devicebound/#"sv), o.version);
                if (entry.max_qos == qos::exactly_once) r.add(rule_id::azure_qos_subscribe2, finding::of(2), finding::of(1), o.version);
            }
        }
    }
};

static_assert(cloud_profile<azure_iot_hub>);

}  // namespace mqtt5
