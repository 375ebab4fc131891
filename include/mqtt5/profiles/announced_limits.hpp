/// \file
/// The limits a cloud announces in its CONNACK (AWS IoT Core: Maximum Packet Size 149504, Receive Maximum 100,
/// Topic Alias Maximum 8, Maximum QoS 1, ...), and the CONNACK that announces them, built into caller storage,
/// so that a client_connection can be tried offline against a simulated cloud.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "../codec.hpp"
#include "../session/limits.hpp"

namespace mqtt5 {

/// What a server announces in its CONNACK properties (§3.2.2.3); an absent value is not announced and takes
/// the standard's default.
struct announced_limits {
    std::optional<std::uint32_t> maximum_packet_size{};  ///< Maximum Packet Size (§3.2.2.3.6)
    std::optional<std::uint16_t> receive_maximum{};      ///< Receive Maximum (§3.2.2.3.3)
    std::optional<std::uint16_t> topic_alias_maximum{};  ///< Topic Alias Maximum (§3.2.2.3.8)
    std::optional<mqtt5::qos> maximum_qos{};             ///< Maximum QoS (§3.2.2.3.4): 0 or 1 when announced
    std::optional<bool> retain_available{};              ///< Retain Available (§3.2.2.3.5)
    std::optional<bool> wildcard_subscription_available{};    ///< Wildcard Subscription Available (§3.2.2.3.11)
    std::optional<bool> subscription_identifier_available{};  ///< Subscription Identifier Available (§3.2.2.3.12)
    std::optional<bool> shared_subscription_available{};      ///< Shared Subscription Available (§3.2.2.3.13)
    std::optional<std::uint16_t> server_keep_alive{};    ///< Server Keep Alive (§3.2.2.3.14)
    bool speaks_v5{true};  ///< false: the server takes only MQTT 3.1.1 (its CONNACK has no properties)

    /// Equal when every value is.
    friend constexpr bool operator==(const announced_limits&, const announced_limits&) = default;
};

/// What the server accepts from the client once it has announced `a` over MQTT 5 (the session layer's view).
constexpr peer_limits server_limits_of(const announced_limits& a) noexcept {
    peer_limits l{};
    if (a.maximum_packet_size) l.maximum_packet_size = *a.maximum_packet_size;
    if (a.receive_maximum) l.receive_maximum = *a.receive_maximum;
    if (a.topic_alias_maximum) l.topic_alias_maximum = *a.topic_alias_maximum;
    if (a.maximum_qos) l.maximum_qos = *a.maximum_qos;
    if (a.retain_available) l.retain_available = *a.retain_available;
    if (a.wildcard_subscription_available) l.wildcard_subscription_available = *a.wildcard_subscription_available;
    if (a.subscription_identifier_available) l.subscription_identifier_available = *a.subscription_identifier_available;
    if (a.shared_subscription_available) l.shared_subscription_available = *a.shared_subscription_available;
    return l;
}

/// A successful CONNACK announcing `a`, its properties written into `storage` (the CONNACK views them, so
/// `storage` must outlive it). Over 3.1.1, or when the server speaks only 3.1.1, the CONNACK has no properties.
/// Errors: errc::buffer_too_small when `storage` cannot hold the properties.
inline result<connack> announced_connack(const announced_limits& a, std::span<std::byte> storage,
                                         protocol_version version = protocol_version::v5,
                                         bool session_present = false) noexcept {
    connack c{};
    c.session_present = session_present;
    if (version != protocol_version::v5 || !a.speaks_v5) return c;
    property_builder<place::connack> b{storage};
    if (a.maximum_packet_size) b.maximum_packet_size(*a.maximum_packet_size);
    if (a.receive_maximum) b.receive_maximum(*a.receive_maximum);
    if (a.topic_alias_maximum) b.topic_alias_maximum(*a.topic_alias_maximum);
    if (a.maximum_qos) b.maximum_qos(static_cast<std::uint8_t>(*a.maximum_qos));
    if (a.retain_available) b.retain_available(*a.retain_available ? 1 : 0);
    if (a.wildcard_subscription_available) b.wildcard_subscription_available(*a.wildcard_subscription_available ? 1 : 0);
    if (a.subscription_identifier_available) b.subscription_identifier_available(*a.subscription_identifier_available ? 1 : 0);
    if (a.shared_subscription_available) b.shared_subscription_available(*a.shared_subscription_available ? 1 : 0);
    if (a.server_keep_alive) b.server_keep_alive(*a.server_keep_alive);
    auto block = b.build();
    if (!block) return block.error();
    c.properties = *block;
    return c;
}

}  // namespace mqtt5
