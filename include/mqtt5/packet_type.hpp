// Packet types, protocol levels, sender roles and QoS: the small vocabulary every layer shares.
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

// Protocol Level byte of CONNECT (§3.1.2.2). The API takes it everywhere so that MQTT 3.1.1 (level 4)
// can share the packet types; this version of the library implements level 5 only and refuses level 4
// with errc::protocol_level_4_not_implemented.
enum class protocol_version : std::uint8_t {
    v311 = 4,
    v5 = 5,
};

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
