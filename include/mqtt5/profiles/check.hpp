/// \file
/// mqtt5::check(packet, profile, options): what a cloud (or any broker a profile describes) would do with one
/// packet. The options give the protocol version, the direction, and optionally the connection layer's
/// negotiated limits; the answer is a check_report (report.hpp). A profile only reads packets and state; it
/// never changes them (DESIGN.md: profiles sit above the connection layer).
#pragma once

#include <concepts>
#include <optional>
#include <string_view>

#include "../codec.hpp"
#include "../session/limits.hpp"
#include "announced_limits.hpp"
#include "report.hpp"

namespace mqtt5 {

/// Which way a packet travels.
enum class direction : std::uint8_t {
    device_to_cloud,  ///< client to server (c2s)
    cloud_to_device,  ///< server to client (s2c)
};

/// How mqtt5::check judges a packet.
struct check_options {
    protocol_version version{protocol_version::v5};  ///< the connection's protocol version (3.1 counts as 3.1.1)
    mqtt5::direction direction{direction::device_to_cloud};  ///< which way the packet travels
    /// The connection layer's negotiated limits (client_connection::limits()), or null: the packet is then judged
    /// on the connection the profile's cloud would negotiate (the limits of its CONNACK). Profiles built on
    /// mqtt5_spec read it; the cloud profiles' limits are fixed by the cloud and do not depend on it.
    const negotiated_limits* negotiated{};
    /// A PUBLISH's Topic Name after Topic Alias resolution (the connection layer's mqtt5::received::topic), or
    /// empty: the PUBLISH's own Topic Name is judged. Every topic rule of a PUBLISH reads this one when it is
    /// given, so a rule on the topic holds for a PUBLISH that reaches it through an alias only [MQTT-3.3.2-12].
    /// Findings may view it: it must outlive the report.
    std::string_view resolved_topic{};
    /// The connection's Client Identifier (its CONNECT's, or the CONNACK's Assigned Client Identifier when the
    /// CONNECT's was empty), or nullopt: the packet is judged alone, and rules that compare a packet with the
    /// connection's identity accept any well-formed identity (issue 11 item 6; Azure: the device a telemetry
    /// topic names). Findings may view it: it must outlive the report.
    std::optional<std::string_view> client_id{};
};

/// A profile: a type with a name, the limits its server announces in a CONNACK, and a check of one packet.
template <class P>
concept cloud_profile = requires(const packet& p, const check_options& o, check_report& r) {
    { P::name } -> std::convertible_to<std::string_view>;
    { P::announced() } noexcept -> std::same_as<announced_limits>;
    { P::check_packet(p, o, r) } noexcept;
};

/// Judges `p` by `Profile` (see the file comment). A packet that breaks no rule gets a clean report.
template <cloud_profile Profile>
check_report check(const packet& p, const Profile&, const check_options& options = {}) noexcept {
    check_report report;
    Profile::check_packet(p, options, report);
    return report;
}

/// The same for one packet type (publish, connect, ...).
template <cloud_profile Profile, control_packet Packet>
check_report check(const Packet& p, const Profile& profile, const check_options& options = {}) noexcept {
    return check(packet{p}, profile, options);
}

namespace detail {
// Protocol level 3 (3.1) follows the 3.1.1 rules of every profile.
constexpr bool profile_is_v5(const check_options& o) noexcept { return o.version == protocol_version::v5; }
constexpr bool from_device(const check_options& o) noexcept { return o.direction == direction::device_to_cloud; }
// The Topic Name every topic rule judges: after alias resolution when the connection gave it.
constexpr std::string_view topic_of(const publish& p, const check_options& o) noexcept {
    return o.resolved_topic.empty() ? p.topic : o.resolved_topic;
}
}  // namespace detail

}  // namespace mqtt5
