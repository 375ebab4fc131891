/// \file
/// Packet types, protocol levels, sender roles and QoS: the small vocabulary every layer shares.
#pragma once

#include <cstdint>
#include <string_view>

#include "string_literals.hpp"

namespace mqtt5 {

/// MQTT Control Packet type: bits 7-4 of the first byte (§2.1.2, Table 2-1).
enum class packet_type : std::uint8_t {
    connect = 1,       ///< CONNECT: Client request to connect to Server (§3.1)
    connack = 2,       ///< CONNACK: Connect acknowledgment (§3.2)
    publish = 3,       ///< PUBLISH: Publish message (§3.3)
    puback = 4,        ///< PUBACK: Publish acknowledgment, QoS 1 (§3.4)
    pubrec = 5,        ///< PUBREC: Publish received, QoS 2 delivery part 1 (§3.5)
    pubrel = 6,        ///< PUBREL: Publish release, QoS 2 delivery part 2 (§3.6)
    pubcomp = 7,       ///< PUBCOMP: Publish complete, QoS 2 delivery part 3 (§3.7)
    subscribe = 8,     ///< SUBSCRIBE: Subscribe request (§3.8)
    suback = 9,        ///< SUBACK: Subscribe acknowledgment (§3.9)
    unsubscribe = 10,  ///< UNSUBSCRIBE: Unsubscribe request (§3.10)
    unsuback = 11,     ///< UNSUBACK: Unsubscribe acknowledgment (§3.11)
    pingreq = 12,      ///< PINGREQ: PING request (§3.12)
    pingresp = 13,     ///< PINGRESP: PING response (§3.13)
    disconnect = 14,   ///< DISCONNECT: Disconnect notification (§3.14)
    auth = 15,         ///< AUTH: Authentication exchange (§3.15); v5 only, type 15 is forbidden in 3.1.1
};

/// The standard's upper-case name ("PUBLISH"); "RESERVED" for type 0.
constexpr std::string_view to_string(packet_type t) noexcept {
    constexpr std::string_view names[16] = {
        "RESERVED"sv, "CONNECT"sv,   "CONNACK"sv, "PUBLISH"sv,     "PUBACK"sv,   "PUBREC"sv,  "PUBREL"sv,     "PUBCOMP"sv,
        "SUBSCRIBE"sv, "SUBACK"sv, "UNSUBSCRIBE"sv, "UNSUBACK"sv, "PINGREQ"sv, "PINGRESP"sv, "DISCONNECT"sv, "AUTH"sv};
    return names[static_cast<std::uint8_t>(t) & 0x0F];
}

/// Protocol Level byte of CONNECT (§3.1.2.2): the version a connection speaks. The same packet types, codec
/// and framer serve all three; decode_options::version and encode_options::version choose. MQTT 3.1.1 is
/// level 4 (protocol name "MQTT"), MQTT 3.1 is level 3 (protocol name "MQIsdp", spec/v311.md part 7).
enum class protocol_version : std::uint8_t {
    v31 = 3,   ///< MQTT 3.1: Protocol Level 3, Protocol Name "MQIsdp"
    v311 = 4,  ///< MQTT 3.1.1: Protocol Level 4, Protocol Name "MQTT"
    v5 = 5,    ///< MQTT 5.0: Protocol Level 5, Protocol Name "MQTT" [MQTT-3.1.2-1] [MQTT-3.1.2-2]
};

#ifndef MQTT5_ENABLE_V311
/// MQTT5_ENABLE_V311 (default 1): defined to 0 before the first include, levels 3 and 4 are compiled out, so a
/// v5-only firmware image carries none of their code; asking for them then returns
/// errc::protocol_version_not_enabled. One compile-time constant, read with `if constexpr` at the few
/// places where the codec dispatches on the version.
#define MQTT5_ENABLE_V311 1
#endif
namespace detail {
inline constexpr bool v311_enabled = MQTT5_ENABLE_V311 != 0;
}  // namespace detail

/// Who sent the bytes being decoded. Direction-dependent rules (a Subscription Identifier in a Client's
/// PUBLISH [MQTT-3.3.4-6], Session Expiry Interval in a Server's DISCONNECT [MQTT-3.14.2-2], packets that only
/// one side may send) are checked only when the role is known.
enum class role : std::uint8_t {
    unspecified = 0,  ///< not known: the direction-dependent rules are not checked
    client = 1,       ///< the Client sent the bytes
    server = 2,       ///< the Server sent the bytes
};

/// Quality of Service levels (§4.3).
enum class qos : std::uint8_t {
    at_most_once = 0,   ///< QoS 0: at most once delivery (§4.3.1)
    at_least_once = 1,  ///< QoS 1: at least once delivery (§4.3.2)
    exactly_once = 2,   ///< QoS 2: exactly once delivery (§4.3.3)
};

/// Retain Handling, Subscription Options bits 5-4 (§3.8.3.1); the value 3 is a Protocol Error.
enum class retain_handling : std::uint8_t {
    send_on_subscribe = 0,         ///< 0: send retained messages at the time of the subscribe
    send_if_new_subscription = 1,  ///< 1: send them only if the subscription does not currently exist
    do_not_send = 2,               ///< 2: do not send retained messages at the time of the subscribe
};

}  // namespace mqtt5
