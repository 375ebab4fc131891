/// \file
/// Negotiated limits: what each side accepts, read from the CONNECT (the Client's) and the CONNACK (the Server's),
/// with the standard's value for every absent property (spec/session.md part 3 and part 15). MQTT 3.1.1 has no
/// properties: every limit keeps its default there, and the rules built on them do not apply.
#pragma once

#include <cstdint>

#include "../codec.hpp"

namespace mqtt5 {

/// What one side accepts, which is what the other side may send it.
struct peer_limits {
    /// Unacknowledged QoS 1 / 2 PUBLISH the other side may have open (§3.1.2.11.3, §3.2.2.3.3). Absent: 65,535.
    std::uint16_t receive_maximum{65535};
    /// Largest packet, every byte counted (§3.1.2.11.4, §3.2.2.3.6). Absent: the protocol's own limit.
    std::uint32_t maximum_packet_size{static_cast<std::uint32_t>(max_packet_size)};
    /// Highest Topic Alias the other side may send (§3.1.2.11.5, §3.2.2.3.8). Absent: 0, no aliases.
    std::uint16_t topic_alias_maximum{0};
    // CONNACK only (what the Server accepts from the Client): Maximum QoS (absent: 2), Retain Available,
    // Wildcard / Subscription Identifier / Shared Subscription Available (absent: 1).
    /// CONNACK only: the highest QoS the Server accepts in the Client's PUBLISH (§3.2.2.3.4). Absent: 2.
    mqtt5::qos maximum_qos{mqtt5::qos::exactly_once};
    /// CONNACK only: whether the Server accepts retained messages (§3.2.2.3.5). Absent: 1.
    bool retain_available{true};
    /// CONNACK only: whether the Server accepts wildcards in Topic Filters (§3.2.2.3.11). Absent: 1.
    bool wildcard_subscription_available{true};
    /// CONNACK only: whether the Server accepts Subscription Identifiers (§3.2.2.3.12). Absent: 1.
    bool subscription_identifier_available{true};
    /// CONNACK only: whether the Server accepts Shared Subscriptions (§3.2.2.3.13). Absent: 1.
    bool shared_subscription_available{true};
    // CONNECT only (what the Client accepts from the Server): Request Problem Information (absent: 1) and
    // Request Response Information (absent: 0) (§3.1.2.11.6, §3.1.2.11.7).
    /// CONNECT only: whether the Client accepts a Reason String or User Properties beyond PUBLISH, CONNACK and
    /// DISCONNECT (§3.1.2.11.7). Absent: 1.
    bool request_problem_information{true};
    /// CONNECT only: whether the Client asks for Response Information in the CONNACK (§3.1.2.11.6). Absent: 0.
    bool request_response_information{false};

    /// Equal when every limit is.
    friend constexpr bool operator==(const peer_limits&, const peer_limits&) = default;
};

/// What the Client accepts, from its CONNECT.
inline peer_limits limits_of(const connect& c, protocol_version version) noexcept {
    peer_limits l{};
    if (version != protocol_version::v5) return l;
    const auto& p = c.properties;
    if (const auto v = p.receive_maximum()) l.receive_maximum = *v;
    if (const auto v = p.maximum_packet_size()) l.maximum_packet_size = *v;
    if (const auto v = p.topic_alias_maximum()) l.topic_alias_maximum = *v;
    if (const auto v = p.request_problem_information()) l.request_problem_information = *v != 0;
    if (const auto v = p.request_response_information()) l.request_response_information = *v != 0;
    return l;
}

/// What the Server accepts, from its CONNACK.
inline peer_limits limits_of(const connack& c, protocol_version version) noexcept {
    peer_limits l{};
    if (version != protocol_version::v5) return l;
    const auto& p = c.properties;
    if (const auto v = p.receive_maximum()) l.receive_maximum = *v;
    if (const auto v = p.maximum_packet_size()) l.maximum_packet_size = *v;
    if (const auto v = p.topic_alias_maximum()) l.topic_alias_maximum = *v;
    if (const auto v = p.maximum_qos()) l.maximum_qos = static_cast<mqtt5::qos>(*v);
    if (const auto v = p.retain_available()) l.retain_available = *v != 0;
    if (const auto v = p.wildcard_subscription_available()) l.wildcard_subscription_available = *v != 0;
    if (const auto v = p.subscription_identifier_available()) l.subscription_identifier_available = *v != 0;
    if (const auto v = p.shared_subscription_available()) l.shared_subscription_available = *v != 0;
    return l;
}

/// The values in force on one Network Connection once CONNECT and CONNACK have been seen.
struct negotiated_limits {
    peer_limits client{};  ///< what the Client accepts: binds the Server's packets
    peer_limits server{};  ///< what the Server accepts: binds the Client's packets
    /// Keep Alive in seconds: the Server Keep Alive when the CONNACK has one, else the CONNECT's
    /// [MQTT-3.1.2-21] [MQTT-3.2.2-21] [MQTT-3.2.2-22]. 0 switches the mechanism off.
    std::uint16_t keep_alive{};
    /// Session Expiry Interval in force: the CONNACK's when present, else the CONNECT's (absent: 0) (§3.2.2.3.2);
    /// a Client's DISCONNECT may replace it (§3.14.2.2.2).
    std::uint32_t session_expiry_interval{};
    /// The CONNECT's own value: a DISCONNECT is checked against it (session.md part 3.6).
    std::uint32_t connect_session_expiry_interval{};

    /// Starts over from a CONNECT: the Client's limits, its Keep Alive and Session Expiry Interval (for 3.1.1,
    /// CleanSession 0 is an interval that never ends and 1 is 0); the Server's limits are back to their defaults.
    void apply(const connect& c, protocol_version version) noexcept {
        *this = negotiated_limits{};
        client = limits_of(c, version);
        keep_alive = c.keep_alive;
        if (version == protocol_version::v5)
            connect_session_expiry_interval = c.properties.session_expiry_interval().value_or(0);
        else  // 3.1.1: CleanSession 0 keeps the Session after the connection, 1 ends it with the connection (§3.1.2.4 (3.1.1))
            connect_session_expiry_interval = c.clean_start ? 0u : 0xFFFFFFFFu;
        session_expiry_interval = connect_session_expiry_interval;
    }
    /// Adds the CONNACK: the Server's limits, and its Server Keep Alive and Session Expiry Interval where present.
    void apply(const connack& c, protocol_version version) noexcept {
        server = limits_of(c, version);
        if (version != protocol_version::v5) return;
        if (const auto v = c.properties.server_keep_alive()) keep_alive = *v;
        if (const auto v = c.properties.session_expiry_interval()) session_expiry_interval = *v;
    }
};

}  // namespace mqtt5
