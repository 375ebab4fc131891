/// \file
/// Packet types, protocol levels, sender roles and QoS: the small vocabulary every layer shares.
#pragma once

#include <cstdint>
#include <string_view>

namespace mqtt5 {

// MQTT Control Packet type: bits 7-4 of the first byte (§2.1.2, Table 2-1).
enum class packet_type : std::uint8_t {
    connect = 1,
    connack = 2,
    publish = 3,
    puback = 4,
    pubrec = 5,
    pubrel = 6,
    pubcomp = 7,
    subscribe = 8,
    suback = 9,
    unsubscribe = 10,
    unsuback = 11,
    pingreq = 12,
    pingresp = 13,
    disconnect = 14,
    auth = 15,
};

// The standard's upper-case name ("PUBLISH"); "RESERVED" for type 0.
constexpr std::string_view to_string(packet_type t) noexcept {
    constexpr std::string_view names[16] = {
        "RESERVED", "CONNECT",   "CONNACK", "PUBLISH",     "PUBACK",   "PUBREC",  "PUBREL",     "PUBCOMP",
        "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};
    return names[static_cast<std::uint8_t>(t) & 0x0F];
}

// Protocol Level byte of CONNECT (§3.1.2.2): the version a connection speaks. The same packet types, codec
// and framer serve all three; decode_options::version and encode_options::version choose. MQTT 3.1.1 is
// level 4 (protocol name "MQTT"), MQTT 3.1 is level 3 (protocol name "MQIsdp", spec/v311.md part 7).
enum class protocol_version : std::uint8_t {
    v31 = 3,
    v311 = 4,
    v5 = 5,
};

// MQTT5_ENABLE_V311 (default 1): defined to 0 before the first include, levels 3 and 4 are compiled out, so a
// v5-only firmware image carries none of their code; asking for them then returns
// errc::protocol_version_not_enabled. One compile-time constant, read with `if constexpr` at the few
// places where the codec dispatches on the version.
#ifndef MQTT5_ENABLE_V311
#define MQTT5_ENABLE_V311 1
#endif
namespace detail {
inline constexpr bool v311_enabled = MQTT5_ENABLE_V311 != 0;
}  // namespace detail

// Who sent the bytes being decoded. Direction-dependent rules (a Subscription Identifier in a Client's
// PUBLISH [MQTT-3.3.4-6], Session Expiry Interval in a Server's DISCONNECT [MQTT-3.14.2-2], packets that only
// one side may send) are checked only when the role is known.
enum class role : std::uint8_t {
    unspecified = 0,
    client = 1,
    server = 2,
};

// Quality of Service levels (§4.3).
enum class qos : std::uint8_t {
    at_most_once = 0,
    at_least_once = 1,
    exactly_once = 2,
};

// Subscription Options bits 5-4 (§3.8.3.1).
enum class retain_handling : std::uint8_t {
    send_on_subscribe = 0,
    send_if_new_subscription = 1,
    do_not_send = 2,
};

}  // namespace mqtt5
