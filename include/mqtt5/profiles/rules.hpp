/// \file
/// The one table of cloud-profile rules: for each rule id (the "Rule ids" table of
/// shared/docs/cloud-profiles.md, the rules of shared/docs/greengrass.md, and the standard's negotiated limits),
/// the cloud it belongs to, the action the cloud documents for MQTT 5 and for MQTT 3.1.1, the source document
/// and the date of the documentation followed. Every check, printer and test reads it; nothing else lists rules.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../packet_type.hpp"
#include "../string_literals.hpp"
#include "text_writer.hpp"

namespace mqtt5 {

/// Whose rules a rule id states.
enum class cloud : std::uint8_t {
    mqtt5_spec,           ///< the MQTT 5 standard and the limits a CONNACK negotiates (any broker)
    aws_iot_core,         ///< AWS IoT Core
    azure_iot_hub,        ///< Azure IoT Hub
    aliyun_iot,           ///< Alibaba Cloud (Aliyun) IoT Platform
    greengrass,           ///< AWS IoT Greengrass v2 client device authentication (both local brokers)
    greengrass_emqx,      ///< the Greengrass EMQX broker component
    greengrass_moquette,  ///< the Greengrass Moquette broker component
};

/// What a cloud does with a packet that breaks one of its rules (the action column of cloud-profiles.md).
enum class action_kind : std::uint8_t {
    reject,       ///< refused: a CONNACK or negative ack, with a reason code when one is documented
    disconnect,   ///< DISCONNECT with a reason code
    no_ack,       ///< no acknowledgement is sent
    clamp,        ///< the value is replaced by the cloud's limit (value holds it)
    rewrite,      ///< accepted, but changed (Azure: RETAIN becomes an mqtt-retain application property)
    ignore,       ///< accepted; the offending part has no effect
    close,        ///< the Network Connection is closed without a reason code
    unconfirmed,  ///< the rule is documented, the action is not
};

/// The name of an action kind as `mqtt5-inspect check` prints it ("reject", "no_ack", ...).
constexpr std::string_view to_string(action_kind k) noexcept {
    switch (k) {
    case action_kind::reject: return "reject"sv;
    case action_kind::disconnect: return "disconnect"sv;
    case action_kind::no_ack: return "no_ack"sv;
    case action_kind::clamp: return "clamp"sv;
    case action_kind::rewrite: return "rewrite"sv;
    case action_kind::ignore: return "ignore"sv;
    case action_kind::close: return "close"sv;
    case action_kind::unconfirmed: return "unconfirmed"sv;
    }
    return "unconfirmed"sv;
}

/// One action: its kind, the reason code for reject / disconnect when one is documented, the value for clamp.
struct cloud_action {
    action_kind kind{action_kind::unconfirmed};  ///< what happens
    bool has_reason_code{};                      ///< reject / disconnect: a reason code is documented
    std::uint8_t reason_code{};                  ///< that reason code (§2.4)
    std::uint32_t value{};                       ///< clamp: the value the cloud uses instead

    /// Refused, no code documented for this version.
    static constexpr cloud_action reject() noexcept { return {action_kind::reject, false, 0, 0}; }
    /// Refused with `code` in the CONNACK or negative ack.
    static constexpr cloud_action reject(std::uint8_t code) noexcept { return {action_kind::reject, true, code, 0}; }
    /// DISCONNECT with `code`.
    static constexpr cloud_action disconnect(std::uint8_t code) noexcept { return {action_kind::disconnect, true, code, 0}; }
    /// Replaced by `limit`.
    static constexpr cloud_action clamp(std::uint32_t limit) noexcept { return {action_kind::clamp, false, 0, limit}; }
    /// An action without code or value (no_ack, rewrite, ignore, close, unconfirmed; clamp with the value unknown).
    static constexpr cloud_action of(action_kind k) noexcept { return {k, false, 0, 0}; }

    /// Same kind, code and value.
    friend constexpr bool operator==(const cloud_action&, const cloud_action&) = default;
};

/// Writes `a` as `mqtt5-inspect check` prints it: `reject`, `reject:0xNN`, `disconnect:0xNN`, `no_ack`,
/// `clamp:VALUE`, `rewrite`, `ignore`, `close` or `unconfirmed` (hex digits upper case). 24 bytes always suffice.
inline result<std::string_view> action_text(const cloud_action& a, std::span<char> storage) noexcept {
    constexpr std::string_view hex = "0123456789ABCDEF"sv;
    text_writer w{storage};
    w.append(to_string(a.kind));
    if (a.has_reason_code) w.append(":0x"sv).append(hex[a.reason_code >> 4]).append(hex[a.reason_code & 15u]);
    else if (a.kind == action_kind::clamp) w.append(':').append_decimal(a.value);
    return w.finish();
}

/// Every rule a profile reports, in table order (see rule_table).
enum class rule_id : std::uint8_t {
    aws_packet_unsupported,               ///< aws.packet.unsupported
    aws_qos_max,                          ///< aws.qos.max
    aws_client_id_max_bytes,              ///< aws.client_id.max_bytes
    aws_client_id_reserved_prefix,        ///< aws.client_id.reserved_prefix
    aws_keep_alive_range,                 ///< aws.keep_alive.range
    aws_topic_max_bytes,                  ///< aws.topic.max_bytes
    aws_topic_max_levels,                 ///< aws.topic.max_levels
    aws_reserved_topic_retain,            ///< aws.reserved_topic.retain
    aws_reserved_topic_prefix,            ///< aws.reserved_topic.prefix
    aws_subscribe_max_filters,            ///< aws.subscribe.max_filters
    aws_payload_max,                      ///< aws.payload.max
    aws_topic_alias_max,                  ///< aws.topic_alias.max
    aws_session_expiry_max,               ///< aws.session_expiry.max
    aws_message_expiry_range,             ///< aws.message_expiry.range
    aws_shared_subscription_name,         ///< aws.shared_subscription.name
    aws_subscription_identifier_unsupported,  ///< aws.subscription_identifier.unsupported
    aws_response_topic_wildcard,          ///< aws.response_topic.wildcard
    azure_protocol_version,               ///< azure.protocol.version
    azure_client_id_device_id,            ///< azure.client_id.device_id
    azure_username_format,                ///< azure.username.format
    azure_password_format,                ///< azure.password.format
    azure_keep_alive_max,                 ///< azure.keep_alive.max
    azure_topic_telemetry,                ///< azure.topic.telemetry
    azure_subscribe_filter,               ///< azure.subscribe.filter
    azure_qos_publish2,                   ///< azure.qos.publish2
    azure_qos_subscribe2,                 ///< azure.qos.subscribe2
    azure_retain,                         ///< azure.retain
    azure_will_topic,                     ///< azure.will.topic
    azure_message_max,                    ///< azure.message.max
    azure_message_twin_max,               ///< azure.message.twin_max
    azure_message_method_max,             ///< azure.message.method_max
    azure_message_c2d_max,                ///< azure.message.c2d_max
    aliyun_packet_unsupported,            ///< aliyun.packet.unsupported
    aliyun_qos_max,                       ///< aliyun.qos.max
    aliyun_will_v3,                       ///< aliyun.will.v3
    aliyun_retain_v3,                     ///< aliyun.retain.v3
    aliyun_keep_alive_range,              ///< aliyun.keep_alive.range
    aliyun_client_id_format,              ///< aliyun.client_id.format
    aliyun_username_format,               ///< aliyun.username.format
    aliyun_password_format,               ///< aliyun.password.format
    aliyun_topic_custom_format,           ///< aliyun.topic.custom_format
    aliyun_user_properties_max,           ///< aliyun.user_properties.max
    aliyun_user_properties_packet,        ///< aliyun.user_properties.packet
    aliyun_shared_subscription_v3,        ///< aliyun.shared_subscription.v3
    greengrass_client_id_thing_name,      ///< greengrass.client_id.thing_name
    greengrass_emqx_packet_max_size,      ///< greengrass_emqx.packet.max_size
    greengrass_emqx_topic_max_levels,     ///< greengrass_emqx.topic.max_levels
    greengrass_moquette_protocol_version, ///< greengrass_moquette.protocol.version
    greengrass_moquette_message_max,      ///< greengrass_moquette.message.max
    mqtt5_packet_max_size,                ///< mqtt5.packet.max_size
    mqtt5_qos_max,                        ///< mqtt5.qos.max
    mqtt5_topic_alias_max,                ///< mqtt5.topic_alias.max
    mqtt5_retain_unavailable,             ///< mqtt5.retain.unavailable
    mqtt5_wildcard_unavailable,           ///< mqtt5.wildcard.unavailable
    mqtt5_subscription_identifier_unavailable,  ///< mqtt5.subscription_identifier.unavailable
    mqtt5_shared_subscription_unavailable,      ///< mqtt5.shared_subscription.unavailable
    mqtt5_topic_prefix,                   ///< mqtt5.topic.prefix
};

/// One row of the rule table.
struct rule_info {
    rule_id id{};                  ///< the enumerator (the row's own index)
    std::string_view name{};       ///< the stable id, `cloud.area.rule`
    mqtt5::cloud cloud{};          ///< whose rule it is
    cloud_action v5{};             ///< the documented action over MQTT 5 (clamp: the value is the packet's own)
    cloud_action v311{};           ///< the documented action over MQTT 3.1.1 and 3.1
    std::string_view what{};       ///< what is checked, in one line
    std::string_view source{};     ///< the document (row of cloud-profiles.md / greengrass.md; the cloud's page)
    std::string_view doc_date{};   ///< the date of the documentation followed
};

/// The date of the documentation the profiles follow: the date shared/docs/cloud-profiles.md and greengrass.md
/// were gathered (their own copies carry no per-page dates). Where those documents record a disagreement, the
/// newer statement is the one followed (see each profile's header).
inline constexpr std::string_view profile_doc_date = "2026-12-03"sv;

namespace detail::rule_text {
using A = cloud_action;
inline constexpr auto K = [](action_kind k) constexpr noexcept { return cloud_action::of(k); };
inline constexpr std::string_view aws_mqtt = "cloud-profiles.md AWS; AWS IoT developer guide mqtt.html"sv;
inline constexpr std::string_view aws_quotas = "cloud-profiles.md AWS; AWS IoT Core message broker and protocol limits and quotas"sv;
inline constexpr std::string_view aws_reserved = "cloud-profiles.md AWS row reserved topics; AWS reserved-topics"sv;
inline constexpr std::string_view azure_mqtt = "cloud-profiles.md Azure; Azure iot-mqtt-connect-to-iot-hub"sv;
inline constexpr std::string_view azure_quotas = "cloud-profiles.md Azure row message size; IoT Hub quotas and throttling"sv;
inline constexpr std::string_view aliyun_30540 = "cloud-profiles.md Aliyun; Aliyun MQTT protocol standard (30540)"sv;
inline constexpr std::string_view aliyun_73742 = "cloud-profiles.md Aliyun; Aliyun Establish MQTT connections (73742)"sv;
inline constexpr std::string_view spec = "MQTT Version 5.0 (OASIS Standard), CONNACK properties §3.2.2.3"sv;
inline constexpr std::string_view gg_emqx = "greengrass.md EMQX component; aws.greengrass.clientdevices.mqtt.EMQX"sv;
inline constexpr std::string_view gg_moquette = "greengrass.md Moquette component; aws.greengrass.clientdevices.mqtt.Moquette"sv;
inline constexpr std::string_view d = profile_doc_date;
inline constexpr std::string_view spec_date = "2019-03-07"sv;  // the OASIS Standard
}  // namespace detail::rule_text

/// The rule table (see the file comment). Row i describes rule_id i.
inline constexpr std::array<rule_info, 57> rule_table{{
    // AWS IoT Core (cloud-profiles.md, "AWS IoT Core" and "Rule ids").
    {rule_id::aws_packet_unsupported, "aws.packet.unsupported"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "PUBREC, PUBREL, PUBCOMP (3.1.1 and 5) and AUTH (5) are not supported"sv, detail::rule_text::aws_mqtt, detail::rule_text::d},
    {rule_id::aws_qos_max, "aws.qos.max"sv, cloud::aws_iot_core, detail::rule_text::A::disconnect(0x9B), detail::rule_text::K(action_kind::no_ack),
     "QoS 2 in a PUBLISH, a SUBSCRIBE option or the Will (Maximum QoS 1); Will: v5 reject:0x9B, 3.1.1 reject"sv,
     "cloud-profiles.md AWS row maximum QoS; AWS mqtt.html (v5 reason-code table); broker CONNACK Maximum QoS 1"sv, detail::rule_text::d},
    {rule_id::aws_client_id_max_bytes, "aws.client_id.max_bytes"sv, cloud::aws_iot_core, detail::rule_text::A::reject(0x85), detail::rule_text::A::reject(),
     "client id longer than 128 UTF-8 bytes"sv, "cloud-profiles.md AWS row client id; AWS limits-iot quotas, mqtt.html"sv, detail::rule_text::d},
    {rule_id::aws_client_id_reserved_prefix, "aws.client_id.reserved_prefix"sv, cloud::aws_iot_core, detail::rule_text::A::reject(0x85), detail::rule_text::A::reject(),
     "client id starts with $ (a server-assigned $GEN/... id sent back)"sv, detail::rule_text::aws_mqtt, detail::rule_text::d},
    {rule_id::aws_keep_alive_range, "aws.keep_alive.range"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::clamp), detail::rule_text::K(action_kind::clamp),
     "keep alive outside 30..1200 s: 1..29 becomes 30, 0 and above 1200 become 1200"sv,
     "cloud-profiles.md AWS row keep alive; AWS mqtt.html, limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_topic_max_bytes, "aws.topic.max_bytes"sv, cloud::aws_iot_core, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "topic name or filter longer than 256 UTF-8 bytes ($share/{name}/ and $aws/rules/{rule}/ not counted)"sv,
     "cloud-profiles.md AWS rows topic name, shared subscriptions; AWS limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_topic_max_levels, "aws.topic.max_levels"sv, cloud::aws_iot_core, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "more than 7 / in a topic name or filter ($aws/rules/{rule}/ and $share/{name}/ not counted)"sv,
     "cloud-profiles.md AWS row topic name; AWS limits-iot quotas, topics"sv, detail::rule_text::d},
    {rule_id::aws_reserved_topic_retain, "aws.reserved_topic.retain"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "RETAIN=1 on a PUBLISH to a reserved ($-prefixed) topic"sv, detail::rule_text::aws_reserved, detail::rule_text::d},
    {rule_id::aws_reserved_topic_prefix, "aws.reserved_topic.prefix"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "PUBLISH to a $-prefixed topic outside the documented reserved families"sv, detail::rule_text::aws_reserved, detail::rule_text::d},
    {rule_id::aws_subscribe_max_filters, "aws.subscribe.max_filters"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "more than 8 topic filters in one SUBSCRIBE"sv, "cloud-profiles.md AWS row filters per SUBSCRIBE; AWS limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_payload_max, "aws.payload.max"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "PUBLISH payload longer than 131072 bytes (the documented 128 KiB, not the advertised 149504)"sv,
     "cloud-profiles.md AWS row payload, where sources disagree item 3; AWS limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_topic_alias_max, "aws.topic_alias.max"sv, cloud::aws_iot_core, detail::rule_text::A::disconnect(0x94), detail::rule_text::A::disconnect(0x94),
     "Topic Alias greater than 8"sv, "cloud-profiles.md AWS row topic alias maximum; AWS mqtt.html; broker CONNACK"sv, detail::rule_text::d},
    {rule_id::aws_session_expiry_max, "aws.session_expiry.max"sv, cloud::aws_iot_core, detail::rule_text::A::clamp(3600), detail::rule_text::A::clamp(3600),
     "Session Expiry Interval above the default account maximum 3600 s"sv, "cloud-profiles.md AWS row session expiry; AWS mqtt.html, limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_message_expiry_range, "aws.message_expiry.range"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::clamp), detail::rule_text::K(action_kind::clamp),
     "Message Expiry Interval outside 1..604800 s (0 is treated as 1)"sv, "cloud-profiles.md AWS row message expiry; AWS mqtt.html, limits-iot quotas"sv, detail::rule_text::d},
    {rule_id::aws_shared_subscription_name, "aws.shared_subscription.name"sv, cloud::aws_iot_core, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "ShareName longer than 128 characters"sv, "cloud-profiles.md AWS row shared subscriptions; AWS mqtt.html, topics"sv, detail::rule_text::d},
    {rule_id::aws_subscription_identifier_unsupported, "aws.subscription_identifier.unsupported"sv, cloud::aws_iot_core, detail::rule_text::A::disconnect(0xA1), detail::rule_text::A::disconnect(0xA1),
     "SUBSCRIBE carries a Subscription Identifier (Subscription Identifiers Available = 0)"sv, detail::rule_text::aws_mqtt, detail::rule_text::d},
    {rule_id::aws_response_topic_wildcard, "aws.response_topic.wildcard"sv, cloud::aws_iot_core, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "Response Topic contains + or #"sv, detail::rule_text::aws_mqtt, detail::rule_text::d},
    // Azure IoT Hub.
    {rule_id::azure_protocol_version, "azure.protocol.version"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "MQTT 5 packet on a standard hub (only 3.1.1): CONNECT reject, other packets unconfirmed"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_client_id_device_id, "azure.client_id.device_id"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "client id is not {deviceId} or {deviceId}/{moduleId} with ids of 1..128 allowed ASCII characters"sv,
     "cloud-profiles.md Azure rows client id, device id; Azure iot-mqtt-connect-to-iot-hub, identity registry"sv, detail::rule_text::d},
    {rule_id::azure_username_format, "azure.username.format"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "username is not {hub}.azure-devices.net/{deviceId}[/{moduleId}]/?api-version=... for the client id"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_password_format, "azure.password.format"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "password is neither a SharedAccessSignature sig=&se=&sr= token nor absent (X.509)"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_keep_alive_max, "azure.keep_alive.max"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "keep alive above 1177 s"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_topic_telemetry, "azure.topic.telemetry"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "device PUBLISH to a topic other than telemetry, twin GET / reported PATCH, or a direct-method response"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_subscribe_filter, "azure.subscribe.filter"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "SUBSCRIBE filter other than devicebound/#, $iothub/twin/res/#, $iothub/methods/POST/#, twin desired/#"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_qos_publish2, "azure.qos.publish2"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "PUBLISH with QoS 2"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_qos_subscribe2, "azure.qos.subscribe2"sv, cloud::azure_iot_hub, detail::rule_text::A::clamp(1), detail::rule_text::A::clamp(1),
     "SUBSCRIBE option QoS 2 (granted QoS 1)"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_retain, "azure.retain"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::rewrite), detail::rule_text::K(action_kind::rewrite),
     "PUBLISH with RETAIN=1 (not stored; forwarded with an mqtt-retain application property)"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_will_topic, "azure.will.topic"sv, cloud::azure_iot_hub, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "Will topic is not the device's telemetry topic devices/{deviceId}/messages/events/[property bag]"sv, detail::rule_text::azure_mqtt, detail::rule_text::d},
    {rule_id::azure_message_max, "azure.message.max"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "device-to-cloud telemetry: body + property names and values above 262144 bytes"sv, detail::rule_text::azure_quotas, detail::rule_text::d},
    {rule_id::azure_message_twin_max, "azure.message.twin_max"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "twin reported (c2s, close) or desired (s2c, unconfirmed) document above 32768 bytes"sv, detail::rule_text::azure_quotas, detail::rule_text::d},
    {rule_id::azure_message_method_max, "azure.message.method_max"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "direct method payload above 131072 bytes: response (c2s, close) or request (s2c, unconfirmed)"sv, detail::rule_text::azure_quotas, detail::rule_text::d},
    {rule_id::azure_message_c2d_max, "azure.message.c2d_max"sv, cloud::azure_iot_hub, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "cloud-to-device message above 65536 bytes"sv, detail::rule_text::azure_quotas, detail::rule_text::d},
    // Aliyun IoT Platform.
    {rule_id::aliyun_packet_unsupported, "aliyun.packet.unsupported"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "PUBREC, PUBREL, PUBCOMP (no QoS 2 flow) and AUTH are not supported"sv, detail::rule_text::aliyun_30540, detail::rule_text::d},
    {rule_id::aliyun_qos_max, "aliyun.qos.max"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "QoS 2 in a PUBLISH, a SUBSCRIBE option or the Will (QoS 0 and 1 only)"sv, detail::rule_text::aliyun_30540, detail::rule_text::d},
    {rule_id::aliyun_will_v3, "aliyun.will.v3"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "Will flag set over MQTT 3.1.1 (will supported only over 5.0)"sv,
     "cloud-profiles.md Aliyun row will / retain, where sources disagree item 5; Aliyun 30540 vs will messages page"sv, detail::rule_text::d},
    {rule_id::aliyun_retain_v3, "aliyun.retain.v3"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "PUBLISH with RETAIN=1 over MQTT 3.1.1 (retain supported only over 5.0)"sv,
     "cloud-profiles.md Aliyun row will / retain, where sources disagree item 5; Aliyun 30540 vs retained messages page"sv, detail::rule_text::d},
    {rule_id::aliyun_keep_alive_range, "aliyun.keep_alive.range"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "keep alive outside 30..1200 s"sv, detail::rule_text::aliyun_73742, detail::rule_text::d},
    {rule_id::aliyun_client_id_format, "aliyun.client_id.format"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "client id is not {clientId}|securemode={2|3},signmethod={hmacsha256|hmacsha1|hmacmd5},timestamp={ms}|"sv, detail::rule_text::aliyun_73742, detail::rule_text::d},
    {rule_id::aliyun_username_format, "aliyun.username.format"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "username absent or not {deviceName}&{productKey}"sv, detail::rule_text::aliyun_73742, detail::rule_text::d},
    {rule_id::aliyun_password_format, "aliyun.password.format"sv, cloud::aliyun_iot, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "password absent or not a hex HMAC digest"sv, detail::rule_text::aliyun_73742, detail::rule_text::d},
    {rule_id::aliyun_topic_custom_format, "aliyun.topic.custom_format"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "topic neither a system/OTA/broadcast/RRPC topic nor /{productKey}/{deviceName}/user/{name...} of letters, digits, _"sv,
     "cloud-profiles.md Aliyun rows custom topics, system topics, RRPC; Aliyun topics (73731, 85539)"sv, detail::rule_text::d},
    {rule_id::aliyun_user_properties_max, "aliyun.user_properties.max"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::ignore), detail::rule_text::K(action_kind::ignore),
     "more than 20 user properties in a CONNECT or PUBLISH"sv, "cloud-profiles.md Aliyun row user properties; Aliyun user properties page"sv, detail::rule_text::d},
    {rule_id::aliyun_user_properties_packet, "aliyun.user_properties.packet"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::ignore), detail::rule_text::K(action_kind::ignore),
     "user properties in a packet other than CONNECT and PUBLISH"sv, "cloud-profiles.md Aliyun row user properties; Aliyun user properties page"sv, detail::rule_text::d},
    {rule_id::aliyun_shared_subscription_v3, "aliyun.shared_subscription.v3"sv, cloud::aliyun_iot, detail::rule_text::K(action_kind::unconfirmed), detail::rule_text::K(action_kind::unconfirmed),
     "$share/{group}/{filter} subscription over MQTT 3.1.1 (5.0 only)"sv,
     "cloud-profiles.md Aliyun row shared subscriptions; Aliyun shared subscriptions page"sv, detail::rule_text::d},
    // AWS IoT Greengrass v2 local brokers (greengrass.md; it names no rule ids, these follow the cloud.area.rule shape).
    {rule_id::greengrass_client_id_thing_name, "greengrass.client_id.thing_name"sv, cloud::greengrass, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "client id is not a thing name: 1..128 characters of a-z A-Z 0-9 - _ :"sv,
     "greengrass.md client device authentication; aws.greengrass.clientdevices.Auth"sv, detail::rule_text::d},
    {rule_id::greengrass_emqx_packet_max_size, "greengrass_emqx.packet.max_size"sv, cloud::greengrass_emqx, detail::rule_text::A::disconnect(0x95), detail::rule_text::K(action_kind::close),
     "packet larger than 1048576 bytes (emqxConfig.mqtt.max_packet_size default 1 MB)"sv, detail::rule_text::gg_emqx, detail::rule_text::d},
    {rule_id::greengrass_emqx_topic_max_levels, "greengrass_emqx.topic.max_levels"sv, cloud::greengrass_emqx, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "topic name or filter with more than 128 levels"sv, detail::rule_text::gg_emqx, detail::rule_text::d},
    {rule_id::greengrass_moquette_protocol_version, "greengrass_moquette.protocol.version"sv, cloud::greengrass_moquette, detail::rule_text::A::reject(), detail::rule_text::A::reject(),
     "MQTT 5 CONNECT (Moquette speaks 3.1.1 only)"sv, detail::rule_text::gg_moquette, detail::rule_text::d},
    {rule_id::greengrass_moquette_message_max, "greengrass_moquette.message.max"sv, cloud::greengrass_moquette, detail::rule_text::K(action_kind::close), detail::rule_text::K(action_kind::close),
     "PUBLISH payload longer than 131072 bytes (Greengrass override)"sv, detail::rule_text::gg_moquette, detail::rule_text::d},
    // The standard's negotiated limits (mqtt5_spec and the profiles that refine it). Over 3.1.1 only the packet
    // size and the topic prefix apply (3.1.1 negotiates nothing): the connection is closed.
    {rule_id::mqtt5_packet_max_size, "mqtt5.packet.max_size"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0x95), detail::rule_text::K(action_kind::close),
     "packet larger than the receiver's Maximum Packet Size [MQTT-3.1.2-24] [MQTT-3.2.2-15]"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_qos_max, "mqtt5.qos.max"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0x9B), detail::rule_text::K(action_kind::unconfirmed),
     "PUBLISH or Will QoS above Maximum QoS [MQTT-3.2.2-11] [MQTT-3.2.2-12] (Will: reject:0x9B)"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_topic_alias_max, "mqtt5.topic_alias.max"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0x94), detail::rule_text::K(action_kind::unconfirmed),
     "Topic Alias above the receiver's Topic Alias Maximum [MQTT-3.2.2-17] [MQTT-3.1.2-26]"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_retain_unavailable, "mqtt5.retain.unavailable"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0x9A), detail::rule_text::K(action_kind::unconfirmed),
     "RETAIN=1 while Retain Available is 0 [MQTT-3.2.2-14] [MQTT-3.3.1-14] (Will: reject:0x9A)"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_wildcard_unavailable, "mqtt5.wildcard.unavailable"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0xA2), detail::rule_text::K(action_kind::unconfirmed),
     "wildcard filter while Wildcard Subscription Available is 0 (§3.2.2.3.11)"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_subscription_identifier_unavailable, "mqtt5.subscription_identifier.unavailable"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0xA1), detail::rule_text::K(action_kind::unconfirmed),
     "Subscription Identifier while Subscription Identifier Available is 0 (§3.2.2.3.12)"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_shared_subscription_unavailable, "mqtt5.shared_subscription.unavailable"sv, cloud::mqtt5_spec, detail::rule_text::A::disconnect(0x9E), detail::rule_text::K(action_kind::unconfirmed),
     "Shared Subscription while Shared Subscription Available is 0 (§3.2.2.3.13)"sv, detail::rule_text::spec, detail::rule_text::spec_date},
    {rule_id::mqtt5_topic_prefix, "mqtt5.topic.prefix"sv, cloud::mqtt5_spec, detail::rule_text::A::reject(0x87), detail::rule_text::A::reject(),
     "topic name, filter or Will topic outside the profile's topic prefix (Not authorized)"sv,
     "the profile's own topic_prefix (a private broker's authorization)"sv, detail::rule_text::spec_date},
}};

/// The table row of `id`.
constexpr const rule_info& info_of(rule_id id) noexcept { return rule_table[static_cast<std::size_t>(id)]; }
/// The stable name of `id` ("aws.topic.max_levels").
constexpr std::string_view to_string(rule_id id) noexcept { return info_of(id).name; }

/// The documented action of `id` over `version`.
constexpr cloud_action documented_action(rule_id id, protocol_version version) noexcept {
    return version == protocol_version::v5 ? info_of(id).v5 : info_of(id).v311;
}

namespace detail {
constexpr bool rule_table_in_order() noexcept {
    for (std::size_t i = 0; i < rule_table.size(); ++i)
        if (static_cast<std::size_t>(rule_table[i].id) != i) return false;
    return true;
}
static_assert(rule_table_in_order(), "rule_table rows must follow the order of rule_id");
static_assert(static_cast<std::size_t>(rule_id::mqtt5_topic_prefix) + 1 == rule_table.size(), "one row per rule_id");
}  // namespace detail

}  // namespace mqtt5
