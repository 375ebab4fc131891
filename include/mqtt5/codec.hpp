// The codec's entry points: encoded_size, encode, encode_publish_header, and decode (typed, or into the
// variant of all 15 packets). Everything is noexcept and writes only into the caller's buffer.
#pragma once

#include <span>
#include <variant>

#include "packets/auth.hpp"
#include "packets/connack.hpp"
#include "packets/connect.hpp"
#include "packets/disconnect.hpp"
#include "packets/ping.hpp"
#include "packets/pub_ack.hpp"
#include "packets/publish.hpp"
#include "packets/sub_ack.hpp"
#include "packets/subscribe.hpp"
#include "packets/unsubscribe.hpp"

namespace mqtt5 {

// Every packet, in packet-type order: index() + 1 is the packet type.
using packet = std::variant<connect, connack, publish, puback, pubrec, pubrel, pubcomp, subscribe, suback, unsubscribe,
                            unsuback, pingreq, pingresp, disconnect, auth>;

// A type the codec knows.
template <class P>
concept control_packet = requires { detail::codec<P>::type; };

template <control_packet P> constexpr packet_type type_of() noexcept { return detail::codec<P>::type; }
inline packet_type type_of(const packet& p) noexcept { return static_cast<packet_type>(p.index() + 1); }

// Whole packet size: fixed header byte + Remaining Length field + Remaining Length.
inline constexpr std::size_t max_packet_size = 1 + 4 + wire::varint_max;

namespace detail {

// A version other than 5 in the options: levels 3 and 4 in a build without them, or a value that is no version.
constexpr error version_error(protocol_version v) noexcept {
    const bool legacy = v == protocol_version::v31 || v == protocol_version::v311;
    return make_error(legacy && !v311_enabled ? errc::protocol_version_not_enabled : errc::invalid_argument, 0);
}
constexpr bool is_v3(protocol_version v) noexcept { return v == protocol_version::v31 || v == protocol_version::v311; }

inline std::size_t packet_size(std::size_t remaining, std::uint8_t width) noexcept {
    return 1 + wire::varint_size(static_cast<std::uint32_t>(remaining), width) + remaining;
}

// Packets only one side may send (Table 2-1 "Direction of flow"). The standard gives no class (PE*).
constexpr bool may_send(packet_type t, role sender) noexcept {
    switch (t) {
    case packet_type::connect:
    case packet_type::subscribe:
    case packet_type::unsubscribe:
    case packet_type::pingreq: return sender != role::server;
    case packet_type::connack:
    case packet_type::suback:
    case packet_type::unsuback:
    case packet_type::pingresp: return sender != role::client;
    default: return true;
    }
}

// Checks what every packet shares (framing, direction) and sets up the reader. The version (5) was checked by
// the caller, once, at the top of decode.
inline error begin_decode(std::span<const std::byte> bytes, fixed_header& fh, reader& r, const decode_options& o) noexcept {
    MQTT5_TRY(parse_fixed_header(bytes, fh, o.allow_non_minimal_varint));
    if (bytes.size() < fh.size()) return make_error(errc::incomplete_packet, bytes.size());
    if (bytes.size() > fh.size()) return make_error(errc::input_longer_than_packet, fh.size());
    if (!may_send(fh.type, o.sender)) return make_error(errc::wrong_direction, 0);
    r = reader{bytes.data(), bytes.data() + 1 + fh.length_width, bytes.data() + fh.size()};
    return error{};
}

template <class P> error decode_into(P& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
    MQTT5_TRY(codec<P>::decode(p, fh, r, o));
    if (fh.length_width > wire::varint_size(fh.remaining_length)) p.form.remaining_length_width = fh.length_width;
    return error{};
}

// ---- levels 3 and 4 (MQTT 3.1, 3.1.1): reached only through one version test at the top of each entry point,
// and never instantiated when MQTT5_ENABLE_V311 is 0 ----

inline error begin_decode_v3(std::span<const std::byte> bytes, fixed_header& fh, reader& r, const decode_options& o) noexcept {
    if (!is_v3(o.version)) return version_error(o.version);
    // 3.1.1 has no minimal-encoding rule for the Remaining Length (§2.2.3 of 3.1.1; v5 added [MQTT-1.5.5-1]):
    // a longer form is accepted, and kept in the wire form so that the packet re-encodes exactly.
    MQTT5_TRY(parse_fixed_header(bytes, fh, true));
    if (fh.type == packet_type::auth) return make_error(errc::reserved_packet_type, 0);  // Table 2.1 (3.1.1): 15 is forbidden
    if (bytes.size() < fh.size()) return make_error(errc::incomplete_packet, bytes.size());
    if (bytes.size() > fh.size()) return make_error(errc::input_longer_than_packet, fh.size());
    // Table 2.1 (3.1.1): DISCONNECT goes from Client to Server only (a Server never sends one in 3.1.1).
    if (!may_send(fh.type, o.sender) || (fh.type == packet_type::disconnect && o.sender == role::server))
        return make_error(errc::wrong_direction, 0);
    r = reader{bytes.data(), bytes.data() + 1 + fh.length_width, bytes.data() + fh.size()};
    return error{};
}

template <class P> error decode_into_v3(P& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
    MQTT5_TRY(codec<P>::decode_v3(p, fh, r, o));
    if (fh.length_width > wire::varint_size(fh.remaining_length)) p.form.remaining_length_width = fh.length_width;
    return error{};
}

template <class P> result<std::size_t> remaining_length_v3(const P& p, protocol_version v) noexcept {
    if (!is_v3(v)) return version_error(v);
    return codec<P>::body_size_v3(p, v);
}

// The fixed header's first byte at level 3 or 4: 3.1 packets keep the flag bits they arrived with.
template <class P> std::uint8_t first_byte_v3(const P& p, protocol_version v) noexcept {
    auto flags = codec<P>::flags(p);
    if (v == protocol_version::v31) flags = static_cast<std::uint8_t>((flags ^ p.form.v31_flags_xor) & 0x0Fu);
    return static_cast<std::uint8_t>((static_cast<unsigned>(codec<P>::type) << 4) | flags);
}

template <class P> result<std::size_t> encode_v3(const P& p, std::span<std::byte> out, protocol_version v) noexcept {
    const auto rl = remaining_length_v3(p, v);
    if (!rl) return rl.error();
    const auto total = packet_size(*rl, p.form.remaining_length_width);
    if (out.size() < total) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), first_byte_v3(p, v));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    codec<P>::write_body_v3(p, w, v);
    return total;
}

template <class P> result<P> decode_v3(std::span<const std::byte> bytes, const decode_options& o) noexcept {
    result<P> out;
    fixed_header fh;
    reader r;
    auto e = begin_decode_v3(bytes, fh, r, o);
    if (e.code == errc::ok)
        e = fh.type != codec<P>::type ? make_error(errc::unexpected_packet_type, 0) : decode_into_v3(*out, fh, r, o);
    if (e.code != errc::ok) out = e;
    return out;
}

}  // namespace detail

// The exact number of bytes encode() writes, or the reason it would refuse the packet.
template <control_packet P>
result<std::size_t> encoded_size(const P& p, const encode_options& o = {}) noexcept {
    if (o.version != protocol_version::v5) {
        if constexpr (!detail::v311_enabled) return detail::version_error(o.version);
        else {
            const auto rl = detail::remaining_length_v3(p, o.version);
            if (!rl) return rl.error();
            return detail::packet_size(*rl, p.form.remaining_length_width);
        }
    }
    const auto rl = detail::codec<P>::body_size(p, o);
    if (!rl) return rl.error();
    return detail::packet_size(*rl, p.form.remaining_length_width);
}

// Encodes into `out`; returns the bytes written. When `out` is too small nothing is written and the error
// is buffer_too_small. Encoding validates what the standard obliges a sender to (UTF-8, topic syntax,
// packet identifiers, reason codes that the packet allows, lengths). At levels 3 and 4 a value the version
// cannot carry (a property, a reason code, AUTH, a v5 subscription option) is refused with its own errc.
template <control_packet P>
result<std::size_t> encode(const P& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    if (o.version != protocol_version::v5) {
        if constexpr (!detail::v311_enabled) return detail::version_error(o.version);
        else return detail::encode_v3(p, out, o.version);
    }
    const auto rl = detail::codec<P>::body_size(p, o);
    if (!rl) return rl.error();
    const auto total = detail::packet_size(*rl, p.form.remaining_length_width);
    if (out.size() < total) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), static_cast<std::uint8_t>((static_cast<unsigned>(detail::codec<P>::type) << 4) |
                                                                   detail::codec<P>::flags(p)));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    detail::codec<P>::write_body(p, w);
    return total;
}

inline result<std::size_t> encoded_size(const packet& p, const encode_options& o = {}) noexcept {
    return std::visit([&](const auto& q) { return encoded_size(q, o); }, p);
}
inline result<std::size_t> encode(const packet& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    return std::visit([&](const auto& q) { return encode(q, out, o); }, p);
}

// For scatter/gather output: writes the fixed header, variable header and properties of a PUBLISH, not
// its payload; returns the bytes written. Send them, then p.payload, e.g. with writev.
inline result<std::size_t> publish_header_size(const publish& p, const encode_options& o = {}) noexcept {
    const auto rl = encoded_size(p, o);
    if (!rl) return rl.error();
    return *rl - p.payload.size();
}
inline result<std::size_t> encode_publish_header(const publish& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    if (o.version != protocol_version::v5) {
        if constexpr (!detail::v311_enabled) return detail::version_error(o.version);
        else {
            const auto rl = detail::remaining_length_v3(p, o.version);
            if (!rl) return rl.error();
            const auto header = detail::packet_size(*rl, p.form.remaining_length_width) - p.payload.size();
            if (out.size() < header) return make_error(errc::buffer_too_small, out.size());
            auto* w = wire::store_u8(out.data(), detail::first_byte_v3(p, o.version));
            w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
            detail::codec<publish>::write_header_body_v3(p, w);
            return header;
        }
    }
    const auto rl = detail::codec<publish>::body_size(p, o);
    if (!rl) return rl.error();
    const auto header = detail::packet_size(*rl, p.form.remaining_length_width) - p.payload.size();
    if (out.size() < header) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), static_cast<std::uint8_t>(0x30u | detail::codec<publish>::flags(p)));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    detail::codec<publish>::write_header_body(p, w);
    return header;
}

// Decodes exactly one packet of type P: `bytes` must hold the whole packet and nothing after it (use the
// framer of stream.hpp to cut a byte stream into packets). Strings and binary fields are views into `bytes`.
template <control_packet P>
result<P> decode(std::span<const std::byte> bytes, const decode_options& o = {}) noexcept {
    if (o.version != protocol_version::v5) {
        if constexpr (!detail::v311_enabled) return detail::version_error(o.version);
        else return detail::decode_v3<P>(bytes, o);
    }
    // Decoded in place: the packet is built inside the result that is returned (no copy on success).
    result<P> out;
    detail::fixed_header fh;
    detail::reader r;
    auto e = detail::begin_decode(bytes, fh, r, o);
    if (e.code == errc::ok)
        e = fh.type != detail::codec<P>::type ? make_error(errc::unexpected_packet_type, 0) : detail::decode_into(*out, fh, r, o);
    if (e.code != errc::ok) out = e;
    return out;
}

// Decodes exactly one packet of any type into the variant.
inline result<packet> decode(std::span<const std::byte> bytes, const decode_options& o = {}) noexcept {
    detail::fixed_header fh;
    detail::reader r;
    bool v3 = false;
    if (o.version != protocol_version::v5) {
        if constexpr (!detail::v311_enabled) return detail::version_error(o.version);
        else {
            if (const auto e = detail::begin_decode_v3(bytes, fh, r, o); e.code != errc::ok) return e;
            v3 = true;
        }
    } else if (const auto e = detail::begin_decode(bytes, fh, r, o); e.code != errc::ok) {
        return e;
    }
    const auto as = [&]<class P>(std::in_place_type_t<P>) -> result<packet> {
        P p{};
        error e;
        if constexpr (detail::v311_enabled) e = v3 ? detail::decode_into_v3(p, fh, r, o) : detail::decode_into(p, fh, r, o);
        else e = detail::decode_into(p, fh, r, o);
        if (e.code != errc::ok) return e;
        return packet{std::in_place_type<P>, p};
    };
    switch (fh.type) {
    case packet_type::connect: return as(std::in_place_type<connect>);
    case packet_type::connack: return as(std::in_place_type<connack>);
    case packet_type::publish: return as(std::in_place_type<publish>);
    case packet_type::puback: return as(std::in_place_type<puback>);
    case packet_type::pubrec: return as(std::in_place_type<pubrec>);
    case packet_type::pubrel: return as(std::in_place_type<pubrel>);
    case packet_type::pubcomp: return as(std::in_place_type<pubcomp>);
    case packet_type::subscribe: return as(std::in_place_type<subscribe>);
    case packet_type::suback: return as(std::in_place_type<suback>);
    case packet_type::unsubscribe: return as(std::in_place_type<unsubscribe>);
    case packet_type::unsuback: return as(std::in_place_type<unsuback>);
    case packet_type::pingreq: return as(std::in_place_type<pingreq>);
    case packet_type::pingresp: return as(std::in_place_type<pingresp>);
    case packet_type::disconnect: return as(std::in_place_type<disconnect>);
    default: return as(std::in_place_type<auth>);
    }
}

}  // namespace mqtt5
