/// \file
/// Decode and encode options. Every default is the strict reading of the standard.
#pragma once

#include "packet_type.hpp"

namespace mqtt5 {

/// How decode() reads bytes: the connection's version, the sender's role, and the few places where the
/// standard leaves the receiver a choice. Every default is the strict reading.
struct decode_options {
    /// The version of the connection: v5, v311 (level 4) or v31 (level 3). A server learns it from the
    /// CONNECT with select_protocol_version (protocol_selection.hpp) before decoding anything else.
    protocol_version version{protocol_version::v5};
    /// Who sent the bytes. Direction-dependent rules are checked only when it is known (see role).
    role sender{role::unspecified};
    /// [MQTT-1.5.5-1] binds the sender; the standard gives no class for a receiver. Rejected by default
    /// (Malformed Packet, as the Paho reference decoder does). When accepted, a decoded packet remembers the
    /// width of its Remaining Length and Property Lengths, so it still re-encodes to its input bytes.
    bool allow_non_minimal_varint{false};
    /// Payload Format Indicator 1 promises UTF-8 character data; a receiver MAY check it and answer
    /// 0x99 Payload format invalid (§3.3.2.3.2, §3.1.3.2.3). Off by default: the payload is application data.
    bool check_payload_format{false};
    /// U+0001..U+001F, U+007F..U+009F and non-characters SHOULD NOT appear in UTF-8 strings; a receiver MAY
    /// treat them as malformed (§1.5.4). Off by default.
    bool reject_disallowed_code_points{false};
    /// 0x8C Bad authentication method is listed for DISCONNECT in Table 2-6 but not in Table 3-10. Accepted by
    /// default; true follows Table 3-10 and reports errc::invalid_reason_code.
    bool strict_disconnect_reason_codes{false};
    /// No statement forbids a Client's DISCONNECT from carrying a Server Reference (§3.14.2.2.5 only says that
    /// the Server sends one; HiveMQ and rumqttd accept it), so it is accepted. true rejects it from
    /// role::client with errc::server_reference_from_client, as earlier versions of this library did.
    bool strict_server_reference{false};
#if MQTT5_ENABLE_V311
    // (The two level 3/4 options below exist only in builds with levels 3 and 4: a v5-only build keeps this
    // struct at its v5 size, which measurably keeps the Cortex-M4 image at its v5 size, bench/README.md.)
    /// Levels 3 and 4: mosquitto's bridges set bit 7 of the Protocol Level (0x83, 0x84). Such a level is neither
    /// 3 nor 4, so by default it is errc::unsupported_protocol_version (CONNACK 0x01, [MQTT-3.1.2-2] (3.1.1));
    /// true accepts it and sets connect::bridge.
    bool accept_bridge_protocol_level{false};
    /// Level 3: MQTT 3.1 answers a Client Identifier outside 1..23 characters with CONNACK 2 (identifier
    /// rejected), reported as errc::client_id_length_v31. true leaves that decision to the server's policy.
    bool accept_any_v31_client_id_length{false};
#endif
};

namespace detail {
// The level 3/4 options, read so that the level 3/4 code also compiles in a build without them.
template <class Options> constexpr bool accepts_bridge_level(const Options& o) noexcept {
    if constexpr (requires { o.accept_bridge_protocol_level; }) return o.accept_bridge_protocol_level;
    else return false;
}
template <class Options> constexpr bool accepts_any_v31_client_id_length(const Options& o) noexcept {
    if constexpr (requires { o.accept_any_v31_client_id_length; }) return o.accept_any_v31_client_id_length;
    else return false;
}
}  // namespace detail

/// How encode() writes a packet.
struct encode_options {
    /// The version of the connection: at levels 3 and 4 the encoder leaves out what MQTT 3.1.1 and 3.1 lack
    /// and refuses what they cannot carry (errc::property_not_in_v311, errc::reason_code_not_in_v311, ...).
    protocol_version version{protocol_version::v5};
};

}  // namespace mqtt5
