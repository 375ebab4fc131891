/// \file
/// Reason codes (§2.4, Table 2-6) with the packets each is valid in (Tables 3-1, 3-4 .. 3-11), declared once.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "packet_type.hpp"
#include "string_literals.hpp"

namespace mqtt5 {

/// The one-byte Reason Code of §2.4 (Table 2-6). Some values carry several names (0x00 is success,
/// normal_disconnection and granted_qos_0); below 0x80 a code reports success, from 0x80 on a failure.
enum class reason_code : std::uint8_t {
    success = 0x00,  ///< Success: the operation succeeded (CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, AUTH)
    normal_disconnection = 0x00,  ///< Normal disconnection: close without sending the Will Message (DISCONNECT)
    granted_qos_0 = 0x00,  ///< Granted QoS 0: the subscription is accepted at QoS 0 (SUBACK)
    granted_qos_1 = 0x01,  ///< Granted QoS 1: the subscription is accepted at QoS 1 at most (SUBACK)
    granted_qos_2 = 0x02,  ///< Granted QoS 2: the subscription is accepted at QoS 2 at most (SUBACK)
    /// Disconnect with Will Message: the Client asks the Server to publish its Will (DISCONNECT)
    disconnect_with_will_message = 0x04,
    /// No matching subscribers: accepted, but nobody subscribes to it (PUBACK, PUBREC; Server)
    no_matching_subscribers = 0x10,
    no_subscription_existed = 0x11,  ///< No subscription existed: there was nothing to unsubscribe (UNSUBACK)
    /// Continue authentication: another step of enhanced authentication follows (AUTH)
    continue_authentication = 0x18,
    re_authenticate = 0x19,  ///< Re-authenticate: the Client starts authenticating afresh (AUTH)
    unspecified_error = 0x80,  ///< Unspecified error: a failure the sender does not name
    malformed_packet = 0x81,  ///< Malformed Packet: the packet could not be parsed according to the standard (§4.13)
    protocol_error = 0x82,  ///< Protocol Error: the packet parsed but broke a rule of the protocol (§4.13)
    implementation_specific_error = 0x83,  ///< Implementation specific error: valid, but refused by this implementation
    /// Unsupported Protocol Version: the Server does not speak the version asked for (CONNACK)
    unsupported_protocol_version = 0x84,
    /// Client Identifier not valid: well-formed but refused by the Server (CONNACK)
    client_identifier_not_valid = 0x85,
    bad_user_name_or_password = 0x86,  ///< Bad User Name or Password: the credentials were refused (CONNACK)
    not_authorized = 0x87,  ///< Not authorized: the sender lacks the permission for this
    server_unavailable = 0x88,  ///< Server unavailable: the Server cannot serve now (CONNACK)
    server_busy = 0x89,  ///< Server busy: try again later
    banned = 0x8A,  ///< Banned: the Client is refused by administrative action (CONNACK)
    server_shutting_down = 0x8B,  ///< Server shutting down (DISCONNECT; Server)
    /// Bad authentication method: the method is unsupported or does not match the one in use
    bad_authentication_method = 0x8C,
    /// Keep Alive timeout: nothing arrived within 1.5 times the Keep Alive (DISCONNECT; Server)
    keep_alive_timeout = 0x8D,
    /// Session taken over: another connection with the same Client Identifier arrived (DISCONNECT)
    session_taken_over = 0x8E,
    topic_filter_invalid = 0x8F,  ///< Topic Filter invalid: well-formed but not accepted
    topic_name_invalid = 0x90,  ///< Topic Name invalid: well-formed but not accepted
    /// Packet Identifier in use: the identifier already belongs to an exchange in flight
    packet_identifier_in_use = 0x91,
    /// Packet Identifier not found: no exchange in flight has that identifier (PUBREL, PUBCOMP)
    packet_identifier_not_found = 0x92,
    /// Receive Maximum exceeded: more QoS 1/2 PUBLISHes in flight than allowed (DISCONNECT)
    receive_maximum_exceeded = 0x93,
    topic_alias_invalid = 0x94,  ///< Topic Alias invalid: 0 or above the Topic Alias Maximum (DISCONNECT)
    packet_too_large = 0x95,  ///< Packet too large: larger than the Maximum Packet Size
    message_rate_too_high = 0x96,  ///< Message rate too high (DISCONNECT)
    quota_exceeded = 0x97,  ///< Quota exceeded: an administrative limit was reached
    administrative_action = 0x98,  ///< Administrative action: disconnected by an operator (DISCONNECT)
    payload_format_invalid = 0x99,  ///< Payload format invalid: the payload does not match its Payload Format Indicator
    retain_not_supported = 0x9A,  ///< Retain not supported: the Server does not keep retained messages
    qos_not_supported = 0x9B,  ///< QoS not supported: the QoS is above the Maximum QoS
    use_another_server = 0x9C,  ///< Use another server: temporarily, see the Server Reference
    server_moved = 0x9D,  ///< Server moved: permanently, see the Server Reference
    shared_subscriptions_not_supported = 0x9E,  ///< Shared Subscriptions not supported
    connection_rate_exceeded = 0x9F,  ///< Connection rate exceeded: too many connects in too short a time
    /// Maximum connect time: the connection lasted as long as it is authorized to (DISCONNECT)
    maximum_connect_time = 0xA0,
    subscription_identifiers_not_supported = 0xA1,  ///< Subscription Identifiers not supported
    wildcard_subscriptions_not_supported = 0xA2,  ///< Wildcard Subscriptions not supported
};

/// Which side may send a code in a packet used in both directions ("Sent by" in Tables 3-10 and 3-11, and
/// the Server-only 0x10 of Tables 3-4/3-5). The standard gives no class for a wrong-direction code; a decoder
/// that knows the sender's role reports errc::reason_code_wrong_direction (Protocol Error, recommended).
enum class sent_by : std::uint8_t {
    either = 0,  ///< both sides may send it
    client = 1,  ///< only the Client may send it
    server = 2   ///< only the Server may send it
};

/// One row of reason_code_table: a code, its name and the rules the standard's tables give it.
struct reason_code_info {
    std::uint8_t value{};        ///< the code's byte on the wire
    std::string_view name{};     ///< the standard's name (for 0x00..0x02 the non-SUBACK/DISCONNECT name)
    std::uint16_t valid_in{};    ///< bit (1 << packet_type) for each packet whose table lists the code
    sent_by disconnect_sender{};  ///< "Sent by" column of Table 3-10 (DISCONNECT)
    bool disconnect_from_table_2_6_only{};  ///< 0x8C: listed for DISCONNECT in Table 2-6, absent from Table 3-10
};

namespace detail {
constexpr std::uint16_t bit(packet_type t) noexcept { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(t)); }
namespace in {
constexpr std::uint16_t connack = bit(packet_type::connack), puback = bit(packet_type::puback),
                        pubrec = bit(packet_type::pubrec), pubrel = bit(packet_type::pubrel),
                        pubcomp = bit(packet_type::pubcomp), suback = bit(packet_type::suback),
                        unsuback = bit(packet_type::unsuback), disconnect = bit(packet_type::disconnect),
                        auth = bit(packet_type::auth);
}  // namespace in
}  // namespace detail

/// The one table of reason codes. Every validity check, name lookup and printer reads it.
inline constexpr std::array<reason_code_info, 43> reason_code_table{{
    {0x00, "Success"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::pubrel | detail::in::pubcomp |
                          detail::in::unsuback | detail::in::auth | detail::in::disconnect | detail::in::suback,
     sent_by::either, false},
    {0x01, "Granted QoS 1"sv, detail::in::suback, sent_by::either, false},
    {0x02, "Granted QoS 2"sv, detail::in::suback, sent_by::either, false},
    {0x04, "Disconnect with Will Message"sv, detail::in::disconnect, sent_by::client, false},
    {0x10, "No matching subscribers"sv, detail::in::puback | detail::in::pubrec, sent_by::either, false},
    {0x11, "No subscription existed"sv, detail::in::unsuback, sent_by::either, false},
    {0x18, "Continue authentication"sv, detail::in::auth, sent_by::either, false},
    {0x19, "Re-authenticate"sv, detail::in::auth, sent_by::either, false},
    {0x80, "Unspecified error"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::suback | detail::in::unsuback | detail::in::disconnect, sent_by::either, false},
    {0x81, "Malformed Packet"sv, detail::in::connack | detail::in::disconnect, sent_by::either, false},
    {0x82, "Protocol Error"sv, detail::in::connack | detail::in::disconnect, sent_by::either, false},
    {0x83, "Implementation specific error"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::suback | detail::in::unsuback | detail::in::disconnect, sent_by::either, false},
    {0x84, "Unsupported Protocol Version"sv, detail::in::connack, sent_by::either, false},
    {0x85, "Client Identifier not valid"sv, detail::in::connack, sent_by::either, false},
    {0x86, "Bad User Name or Password"sv, detail::in::connack, sent_by::either, false},
    {0x87, "Not authorized"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::suback | detail::in::unsuback | detail::in::disconnect, sent_by::server, false},
    {0x88, "Server unavailable"sv, detail::in::connack, sent_by::either, false},
    {0x89, "Server busy"sv, detail::in::connack | detail::in::disconnect, sent_by::server, false},
    {0x8A, "Banned"sv, detail::in::connack, sent_by::either, false},
    {0x8B, "Server shutting down"sv, detail::in::disconnect, sent_by::server, false},
    {0x8C, "Bad authentication method"sv, detail::in::connack | detail::in::disconnect, sent_by::either, true},
    {0x8D, "Keep Alive timeout"sv, detail::in::disconnect, sent_by::server, false},
    {0x8E, "Session taken over"sv, detail::in::disconnect, sent_by::server, false},
    {0x8F, "Topic Filter invalid"sv, detail::in::suback | detail::in::unsuback | detail::in::disconnect, sent_by::server, false},
    {0x90, "Topic Name invalid"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::disconnect, sent_by::either, false},
    {0x91, "Packet Identifier in use"sv, detail::in::puback | detail::in::pubrec | detail::in::suback | detail::in::unsuback, sent_by::either, false},
    {0x92, "Packet Identifier not found"sv, detail::in::pubrel | detail::in::pubcomp, sent_by::either, false},
    {0x93, "Receive Maximum exceeded"sv, detail::in::disconnect, sent_by::either, false},
    {0x94, "Topic Alias invalid"sv, detail::in::disconnect, sent_by::either, false},
    {0x95, "Packet too large"sv, detail::in::connack | detail::in::disconnect, sent_by::either, false},
    {0x96, "Message rate too high"sv, detail::in::disconnect, sent_by::either, false},
    {0x97, "Quota exceeded"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::suback | detail::in::disconnect, sent_by::either, false},
    {0x98, "Administrative action"sv, detail::in::disconnect, sent_by::either, false},
    {0x99, "Payload format invalid"sv, detail::in::connack | detail::in::puback | detail::in::pubrec | detail::in::disconnect, sent_by::either, false},
    {0x9A, "Retain not supported"sv, detail::in::connack | detail::in::disconnect, sent_by::server, false},
    // Table 3-10 says Server, but §3.3.4 has a Client send DISCONNECT 0x9B too: accepted from both sides.
    {0x9B, "QoS not supported"sv, detail::in::connack | detail::in::disconnect, sent_by::either, false},
    {0x9C, "Use another server"sv, detail::in::connack | detail::in::disconnect, sent_by::server, false},
    {0x9D, "Server moved"sv, detail::in::connack | detail::in::disconnect, sent_by::server, false},
    {0x9E, "Shared Subscriptions not supported"sv, detail::in::suback | detail::in::disconnect, sent_by::server, false},
    {0x9F, "Connection rate exceeded"sv, detail::in::connack | detail::in::disconnect, sent_by::server, false},
    {0xA0, "Maximum connect time"sv, detail::in::disconnect, sent_by::server, false},
    {0xA1, "Subscription Identifiers not supported"sv, detail::in::suback | detail::in::disconnect, sent_by::server, false},
    {0xA2, "Wildcard Subscriptions not supported"sv, detail::in::suback | detail::in::disconnect, sent_by::server, false},
}};

namespace detail {
// Dense index value -> table row (0xFF: unassigned), derived from reason_code_table at compile time.
inline constexpr std::array<std::uint8_t, 256> reason_code_row = [] {
    std::array<std::uint8_t, 256> rows{};
    for (auto& r : rows) r = 0xFF;
    for (std::size_t i = 0; i < reason_code_table.size(); ++i) rows[reason_code_table[i].value] = static_cast<std::uint8_t>(i);
    return rows;
}();
}  // namespace detail

/// The table row of a code, or nullptr for a value the standard does not assign.
constexpr const reason_code_info* find_reason_code(reason_code rc) noexcept {
    const auto row = detail::reason_code_row[static_cast<std::uint8_t>(rc)];
    return row == 0xFF ? nullptr : &reason_code_table[row];
}

namespace detail {
// The rules of each row without its name, derived from reason_code_table: the codec reads only these, so
// firmware that never prints a reason code links none of the names.
struct reason_code_rule {
    std::uint16_t valid_in{};
    sent_by disconnect_sender{};
    bool disconnect_from_table_2_6_only{};
};
inline constexpr std::array<reason_code_rule, reason_code_table.size()> reason_code_rules = [] {
    std::array<reason_code_rule, reason_code_table.size()> rules{};
    for (std::size_t i = 0; i < rules.size(); ++i)
        rules[i] = {reason_code_table[i].valid_in, reason_code_table[i].disconnect_sender,
                    reason_code_table[i].disconnect_from_table_2_6_only};
    return rules;
}();
#if defined(__OPTIMIZE_SIZE__)
// -Os: the 43 assigned values, searched in table order, instead of the 256-byte map (issue 13: flash first).
inline constexpr std::array<std::uint8_t, reason_code_table.size()> reason_code_values = [] {
    std::array<std::uint8_t, reason_code_table.size()> values{};
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = reason_code_table[i].value;
    return values;
}();
// Each row's rules in 2 bytes: valid_in's packet-type bits, with the Table 3-10 sender in bits 0-1 and the
// Table 2-6-only flag in bit 3, the bits of packet types that carry no reason code (0 reserved, CONNECT,
// PUBLISH). 86 bytes instead of reason_code_rules' 172.
inline constexpr std::uint16_t rule_bits_free = 0x000Bu;
inline constexpr std::array<std::uint16_t, reason_code_table.size()> reason_code_rule_bits = [] {
    std::array<std::uint16_t, reason_code_table.size()> bits{};
    for (std::size_t i = 0; i < bits.size(); ++i) {
        const auto& row = reason_code_table[i];
        bits[i] = static_cast<std::uint16_t>(row.valid_in | static_cast<std::uint16_t>(row.disconnect_sender) |
                                             (row.disconnect_from_table_2_6_only ? 0x8u : 0u));
    }
    return bits;
}();
static_assert([] {
    for (const auto& row : reason_code_table)
        if ((row.valid_in & rule_bits_free) != 0) return false;
    return true;
}(), "a reason code is valid in a packet type whose bit holds another rule in reason_code_rule_bits");
// The rules of `rc`, by value (4 bytes, in a register); all zero (valid nowhere, either sender) when the standard
// does not assign the value.
[[gnu::noinline]] constexpr reason_code_rule find_rule(reason_code rc) noexcept {
    for (std::size_t i = 0; i < reason_code_values.size(); ++i)
        if (reason_code_values[i] == static_cast<std::uint8_t>(rc)) {
            const auto b = reason_code_rule_bits[i];
            return {static_cast<std::uint16_t>(b & ~rule_bits_free), static_cast<sent_by>(b & 0x3u), (b & 0x8u) != 0};
        }
    return {};
}
#else
constexpr const reason_code_rule* find_rule(reason_code rc) noexcept {
    const auto row = reason_code_row[static_cast<std::uint8_t>(rc)];
    return row == 0xFF ? nullptr : &reason_code_rules[row];
}
#endif
}  // namespace detail

/// True when the code is listed for the packet ([MQTT-3.2.2-8], [MQTT-3.4.2-1], [MQTT-3.5.2-1],
/// [MQTT-3.6.2-1], [MQTT-3.7.2-1], [MQTT-3.9.3-2], [MQTT-3.11.3-2], [MQTT-3.14.2-1], [MQTT-3.15.2-1]).
/// 0x8C counts as valid in DISCONNECT (Table 2-6); pass strict_disconnect = true to follow Table 3-10 instead.
constexpr bool is_valid_for(reason_code rc, packet_type t, bool strict_disconnect = false) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    const auto rule = detail::find_rule(rc);
    if ((rule.valid_in & detail::bit(t)) == 0) return false;
    return !(strict_disconnect && t == packet_type::disconnect && rule.disconnect_from_table_2_6_only);
#else
    const auto* rule = detail::find_rule(rc);
    if (rule == nullptr || (rule->valid_in & detail::bit(t)) == 0) return false;
    return !(strict_disconnect && t == packet_type::disconnect && rule->disconnect_from_table_2_6_only);
#endif
}

/// Which side may send `rc` in packet `t`: DISCONNECT per Table 3-10, AUTH per Table 3-11 (0x00 from the
/// Server, 0x19 from the Client), PUBACK/PUBREC 0x10 from the Server only (Tables 3-4, 3-5).
constexpr sent_by required_sender(reason_code rc, packet_type t) noexcept {
    const auto v = static_cast<std::uint8_t>(rc);
    switch (t) {
    case packet_type::disconnect: {
#if defined(__OPTIMIZE_SIZE__)
        return detail::find_rule(rc).disconnect_sender;
#else
        const auto* rule = detail::find_rule(rc);
        return rule == nullptr ? sent_by::either : rule->disconnect_sender;
#endif
    }
    case packet_type::auth: return v == 0x00 ? sent_by::server : v == 0x19 ? sent_by::client : sent_by::either;
    case packet_type::puback:
    case packet_type::pubrec: return v == 0x10 ? sent_by::server : sent_by::either;
    default: return sent_by::either;
    }
}

namespace detail {
#if defined(__OPTIMIZE_SIZE__)
// -Os, for the codec, whose packet type is a constant at each call site: the values valid in packet type T (and
// in DISCONNECT per Table 3-10), and for DISCONNECT the values only one side may send, as bit maps derived from
// reason_code_table (through is_valid_for and required_sender), up to the highest assigned value (21 bytes). One
// array per type and kind, so --gc-sections keeps only the maps a firmware reads, and the codec no longer links
// find_rule's search (issue 13: realistic probe 6,603 -> 6,415 bytes; 32-byte maps without the bound test 6,429).
enum class code_map_kind : std::uint8_t { valid, valid_strict, client_only, server_only };
inline constexpr std::size_t code_map_size = [] {
    unsigned top = 0;
    for (const auto& row : reason_code_table) top = row.value > top ? row.value : top;
    return top / 8 + 1;
}();
using code_map = std::array<std::uint8_t, code_map_size>;
template <packet_type T, code_map_kind K>
inline constexpr code_map reason_code_map = [] {
    code_map map{};
    for (unsigned v = 0; v < code_map_size * 8; ++v) {
        const auto rc = static_cast<reason_code>(v);
        const bool in = K == code_map_kind::valid          ? is_valid_for(rc, T)
                      : K == code_map_kind::valid_strict   ? is_valid_for(rc, T, true)
                      : K == code_map_kind::client_only    ? required_sender(rc, T) == sent_by::client
                                                           : required_sender(rc, T) == sent_by::server;
        if (in) map[v >> 3] = static_cast<std::uint8_t>(map[v >> 3] | (1u << (v & 7u)));
    }
    return map;
}();
constexpr bool in_map(const code_map& map, reason_code rc) noexcept {
    const auto v = static_cast<std::uint8_t>(rc);
    return (v >> 3) < map.size() && ((map[v >> 3] >> (v & 7u)) & 1u) != 0;
}
#endif

// is_valid_for(rc, T, strict_disconnect) for the codec, where T is a constant: under -Os a bit of T's map.
template <packet_type T> constexpr bool is_valid_in(reason_code rc, bool strict_disconnect = false) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    if constexpr (T == packet_type::disconnect)
        if (strict_disconnect) return in_map(reason_code_map<T, code_map_kind::valid_strict>, rc);
    return in_map(reason_code_map<T, code_map_kind::valid>, rc);
#else
    return is_valid_for(rc, T, strict_disconnect);
#endif
}

// required_sender(rc, T) for the codec, where T is a constant: under -Os DISCONNECT's from two maps (the other
// types compare with a value or two, inline).
template <packet_type T> constexpr sent_by required_sender_in(reason_code rc) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    if constexpr (T == packet_type::disconnect)
        return in_map(reason_code_map<T, code_map_kind::client_only>, rc)   ? sent_by::client
             : in_map(reason_code_map<T, code_map_kind::server_only>, rc) ? sent_by::server
                                                                          : sent_by::either;
#endif
    return required_sender(rc, T);
}
}  // namespace detail

/// 0x80 and above are failures (§2.4).
constexpr bool is_error(reason_code rc) noexcept { return static_cast<std::uint8_t>(rc) >= 0x80; }

/// The name the standard gives the code in that packet: 0x00 is "Success", "Normal disconnection" or
/// "Granted QoS 0"; "Unknown" for a value the standard does not assign.
constexpr std::string_view to_string(reason_code rc, packet_type t) noexcept {
    if (rc == reason_code::success) {
        if (t == packet_type::disconnect) return "Normal disconnection"sv;
        if (t == packet_type::suback) return "Granted QoS 0"sv;
    }
    const auto* info = find_reason_code(rc);
    return info == nullptr ? "Unknown"sv : info->name;
}

/// The packet-independent name (0x00 reads "Success").
constexpr std::string_view to_string(reason_code rc) noexcept { return to_string(rc, packet_type::connack); }

}  // namespace mqtt5
