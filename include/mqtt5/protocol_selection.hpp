/// \file
/// Choosing the version of a connection (server side). MQTT 3.1, 3.1.1 and 5 share packet layouts closely
/// enough that a server cannot decode anything before it knows which one the client speaks: the CONNECT's
/// Protocol Name and Protocol Level say it. select_protocol_version reads just those, and says which version to
/// decode the connection with, or how to refuse it; encode_version_refusal writes the refusing CONNACK.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "error.hpp"
#include "packet_type.hpp"
#include "packets/common.hpp"
#include "packets/connect.hpp"

namespace mqtt5 {

/// How a server answers a CONNECT whose version it does not take (select_protocol_version).
enum class version_refusal : std::uint8_t {
    none,          ///< accepted: decode the connection with `version`
    connack_0x01,  ///< 3.1/3.1.1 client at a level the server does not take: CONNACK 20 02 00 01, then close
    connack_0x84,  ///< v5-shaped (or newer) level the server does not take: CONNACK 20 03 00 84 00, then close
    close,         ///< not a CONNECT, or protocol name not MQTT/MQIsdp: close without CONNACK [MQTT-3.1.2-1]
};

/// Which versions the server takes. In a build with MQTT5_ENABLE_V311 0, levels 3 and 4 are never taken.
struct supported_versions {
    bool v31{true};   ///< MQTT 3.1 (level 3, "MQIsdp")
    bool v311{true};  ///< MQTT 3.1.1 (level 4)
    bool v5{true};    ///< MQTT 5.0 (level 5)
};

/// What select_protocol_version() decided: the version to decode the connection with, or how to refuse it.
struct protocol_selection {
    protocol_version version{protocol_version::v5};  ///< meaningful when refusal == none and err is ok
    version_refusal refusal{version_refusal::none};  ///< none when accepted (or undecided), else how to refuse
    bool bridge{};  ///< the level byte had bit 7 (mosquitto bridge), accepted by the option
    /// ok; or incomplete_packet (no decision yet: feed more bytes, refusal stays none); or why the connection is
    /// refused: unexpected_packet_type, reserved_packet_type, truncated, invalid_protocol_name (close),
    /// unsupported_protocol_version (a CONNACK), and the errors of the fixed header (varint_too_long, ...).
    error err{};
};

/// Reads the first packet of a connection up to its Protocol Level byte (the rest need not have arrived).
///   ("MQTT", 5) -> v5; ("MQTT", 4) -> v311; ("MQIsdp", 3) -> v31.
///   Any other level with "MQTT": below 5 -> CONNACK 0x01 ([MQTT-3.1.2-2] (3.1.1)), 5 and above -> CONNACK 0x84
///   (v5 §3.1.2.2). Level 3 with "MQTT", or another level with "MQIsdp" -> CONNACK 0x01 (the 3.1-family answer).
///   A level with bit 7 (0x83, 0x84: mosquitto's bridges) is 3 or 4 only when accept_bridge_protocol_level is
///   true; otherwise it is neither, and is refused with CONNACK 0x01.
///   A version the server does not support is refused the same way: v5 -> 0x84, 3 and 4 -> 0x01.
///   Another Protocol Name: close without CONNACK ([MQTT-3.1.2-1] (3.1.1), v5 §3.1.2.1).
inline protocol_selection select_protocol_version(std::span<const std::byte> first_packet_bytes,
                                                  supported_versions supported = {},
                                                  bool accept_bridge_protocol_level = false) noexcept {
    protocol_selection sel;
    const auto refuse = [&](version_refusal how, error e) {
        sel.refusal = how;
        sel.err = e;
        return sel;
    };
    detail::fixed_header fh;
    // Any Remaining Length form is accepted here: the decoder of the chosen version judges it.
    if (const auto e = detail::parse_fixed_header(first_packet_bytes, fh, true); e.code != errc::ok)
        return e.code == errc::incomplete_packet ? refuse(version_refusal::none, e) : refuse(version_refusal::close, e);
    if (fh.type != packet_type::connect) return refuse(version_refusal::close, make_error(errc::unexpected_packet_type, 0));
    const std::size_t body = 1u + fh.length_width;  // offset of the Protocol Name's length
    const auto* p = first_packet_bytes.data();
    const std::size_t have = first_packet_bytes.size();
    // The Protocol Name (2-byte length + bytes) and the level byte must lie inside the Remaining Length.
    if (fh.remaining_length < 2) return refuse(version_refusal::close, make_error(errc::truncated, fh.size()));
    if (have < body + 2) return refuse(version_refusal::none, make_error(errc::incomplete_packet, have));
    const std::size_t name_len = wire::load_u16(p + body);
    const std::size_t level_at = body + 2 + name_len;
    if (level_at + 1 > fh.size()) return refuse(version_refusal::close, make_error(errc::truncated, fh.size()));
    if (have < level_at + 1) return refuse(version_refusal::none, make_error(errc::incomplete_packet, have));
    const auto name = std::span<const std::byte>(p + body, 2 + name_len);
    const auto same = [&](std::span<const std::byte> a) { return a.size() == name.size() && std::memcmp(a.data(), name.data(), a.size()) == 0; };
    const bool mqtt = same(detail::protocol_name_mqtt);
    const bool mqisdp = same(detail::protocol_name_mqisdp);
    if (!mqtt && !mqisdp) return refuse(version_refusal::close, make_error(errc::invalid_protocol_name, body));
    auto level = static_cast<std::uint8_t>(p[level_at]);
    if ((level & 0x80u) != 0 && accept_bridge_protocol_level && ((level & 0x7Fu) == 3 || (level & 0x7Fu) == 4)) {
        sel.bridge = true;
        level = static_cast<std::uint8_t>(level & 0x7Fu);
    }
    const auto refuse_level = [&](version_refusal how) {
        sel.bridge = false;
        return refuse(how, make_error(errc::unsupported_protocol_version, level_at));
    };
    if (mqtt && level == 5) {
        if (!supported.v5 || sel.bridge) return refuse_level(version_refusal::connack_0x84);
        sel.version = protocol_version::v5;
        return sel;
    }
    if (mqtt && level == 4) {
        if (!supported.v311 || !detail::v311_enabled) return refuse_level(version_refusal::connack_0x01);
        sel.version = protocol_version::v311;
        return sel;
    }
    if (mqisdp && level == 3) {
        if (!supported.v31 || !detail::v311_enabled) return refuse_level(version_refusal::connack_0x01);
        sel.version = protocol_version::v31;
        return sel;
    }
    // An unknown level: the 3.1-family answer below 5 (and for "MQIsdp", and for the bridge levels 0x83/0x84),
    // the v5 answer from 5 up.
    const bool bridge_level = (level & 0x7Fu) == 3 || (level & 0x7Fu) == 4;
    if (mqisdp || level < 5 || bridge_level) return refuse_level(version_refusal::connack_0x01);
    return refuse_level(version_refusal::connack_0x84);
}

/// Writes the CONNACK that refuses the version: connack_0x01 -> 20 02 00 01 (3.1.1 Return Code 0x01,
/// [MQTT-3.1.2-2] (3.1.1)); connack_0x84 -> 20 03 00 84 00 (v5 Reason Code 0x84 Unsupported Protocol Version,
/// Property Length 0). Returns the bytes written; invalid_argument for a selection that sends no CONNACK.
inline result<std::size_t> encode_version_refusal(const protocol_selection& sel, std::span<std::byte> out) noexcept {
    static constexpr std::byte v311_refusal[] = {std::byte{0x20}, std::byte{0x02}, std::byte{0x00}, std::byte{0x01}};
    static constexpr std::byte v5_refusal[] = {std::byte{0x20}, std::byte{0x03}, std::byte{0x00}, std::byte{0x84}, std::byte{0x00}};
    std::span<const std::byte> bytes;
    if (sel.refusal == version_refusal::connack_0x01) bytes = v311_refusal;
    else if (sel.refusal == version_refusal::connack_0x84) bytes = v5_refusal;
    else return make_error(errc::invalid_argument, 0);
    if (out.size() < bytes.size()) return make_error(errc::buffer_too_small, out.size());
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return bytes.size();
}

}  // namespace mqtt5
