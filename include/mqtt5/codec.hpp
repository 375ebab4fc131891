/// \file
/// The codec's entry points: encoded_size, encode, encode_publish_header, and decode (typed, or into the
/// variant of all 15 packets). Everything is noexcept and writes only into the caller's buffer.
#pragma once

#include <cstring>
#include <span>
#include <type_traits>
#include <variant>

#include "borrowed.hpp"
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

/// Every packet, in packet-type order: index() + 1 is the packet type.
using packet = std::variant<connect, connack, publish, puback, pubrec, pubrel, pubcomp, subscribe, suback, unsubscribe,
                            unsuback, pingreq, pingresp, disconnect, auth>;

/// A type the codec knows: one of the 15 packet structs (§2.1.2, Table 2-1).
template <class P>
concept control_packet = requires { detail::codec<P>::type; };

/// The packet type of the struct P (packet_type::publish for publish).
template <control_packet P> constexpr packet_type type_of() noexcept { return detail::codec<P>::type; }
/// The packet type of the packet the variant holds.
inline packet_type type_of(const packet& p) noexcept { return static_cast<packet_type>(p.index() + 1); }

namespace detail {
// f(the alternative p holds), for a packet or a const packet: what std::visit(f, p) does. A switch instead,
// because std::visit builds a table of the 15 alternatives and checks their return types at compile time: each
// use cost every translation unit that compiles it about 80 million of g++ 12's instructions (bench/compile_time.sh;
// issue 13: compile time is not to grow). A packet is never valueless: no alternative's construction can throw.
template <class Packet, class F>
decltype(auto) visit_packet(Packet& p, F&& f) noexcept {
    static_assert(std::is_same_v<std::remove_const_t<Packet>, packet> && std::variant_size_v<packet> == 15);
    switch (p.index()) {
    case 0: return f(*std::get_if<0>(&p));
    case 1: return f(*std::get_if<1>(&p));
    case 2: return f(*std::get_if<2>(&p));
    case 3: return f(*std::get_if<3>(&p));
    case 4: return f(*std::get_if<4>(&p));
    case 5: return f(*std::get_if<5>(&p));
    case 6: return f(*std::get_if<6>(&p));
    case 7: return f(*std::get_if<7>(&p));
    case 8: return f(*std::get_if<8>(&p));
    case 9: return f(*std::get_if<9>(&p));
    case 10: return f(*std::get_if<10>(&p));
    case 11: return f(*std::get_if<11>(&p));
    case 12: return f(*std::get_if<12>(&p));
    case 13: return f(*std::get_if<13>(&p));
    default: return f(*std::get_if<14>(&p));
    }
}
}  // namespace detail

/// Whole packet size: fixed header byte + Remaining Length field + Remaining Length.
inline constexpr std::size_t max_packet_size = 1 + 4 + wire::varint_max;

namespace detail {
// The options of a decode<P> call that gives none under -Os: one constant object instead of a temporary built at
// each call site (issue 13, bench/size).
inline constexpr decode_options default_decode_options{};

// The paths for a version other than 5 are kept out of line, so that the v5 paths that test for them are
// compiled exactly as before (same inlining, same instruction counts).
// A value in the options that is no protocol version.
MQTT5_NOINLINE inline error version_error(protocol_version) noexcept { return make_error(errc::invalid_argument, 0); }
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

// Another version than 5: begin_decode and remaining_length answer with this errc. With levels 3 and 4 it never
// leaves the library: the entry points take the level 3/4 path on it, off the v5 success path, which stays as
// it was before levels 3 and 4 existed. Without them (MQTT5_ENABLE_V311 0) it is the answer, and the entry
// points are exactly the v5-only ones.
inline constexpr errc other_version = v311_enabled ? errc::protocol_level_4_not_implemented : errc::protocol_version_not_enabled;

// Checks what every packet shares (protocol level, framing, direction) and sets up the reader.
MQTT5_HOT_INLINE status begin_decode(std::span<const std::byte> bytes, fixed_header& fh, reader& r, const decode_options& o) noexcept {
    if (o.version != protocol_version::v5) return make_status(other_version, 0);
    MQTT5_TRY(read_fixed_header(bytes, fh, o.allow_non_minimal_varint));
    if (bytes.size() < fh.size()) return make_status(errc::incomplete_packet, bytes.size());
    if (bytes.size() > fh.size()) return make_status(errc::input_longer_than_packet, fh.size());
    if (!may_send(fh.type, o.sender)) return make_status(errc::wrong_direction, 0);
    r = reader{bytes.data(), bytes.data() + 1 + fh.length_width, bytes.data() + fh.size()};
#if defined(__OPTIMIZE_SIZE__)
    if (fh.length_width > wire::varint_size(fh.remaining_length)) fh.kept_width = fh.length_width;
#endif
    return status{};
}

#if defined(__OPTIMIZE_SIZE__)
// -Os: begin_decode and the packet type's check in one out-of-line function for every type (issue 13).
// The input by pointer and size: given a std::span by value, GCC 12 -Os stores it to the stack first, in the
// function and at its call sites.
[[gnu::noinline]] inline status begin_decode_of(packet_type expected, const std::byte* data, std::size_t size, fixed_header& fh,
                                                reader& r, const decode_options& o) noexcept {
    MQTT5_TRY(begin_decode({data, size}, fh, r, o));
    return fh.type != expected ? make_status(errc::unexpected_packet_type, 0) : status{};
}
#endif

/// \def MQTT5_DECODE_FAST_PATH
/// 1 (the default when optimising for speed): the decode entry points try the framing checks of begin_decode
/// on their success path first, inline and without building an error, and go to the complete path (the same
/// checks in their order, with the exact error) only when one fails. 0 (the default under -Os and -O0,
/// MQTT5_OPTIMIZING_FOR_SPEED 0): the complete path only, one copy of the code. tests/unit/decode_paths_test.cpp
/// runs both paths on the same inputs.
#ifndef MQTT5_DECODE_FAST_PATH
#if !MQTT5_OPTIMIZING_FOR_SPEED
#define MQTT5_DECODE_FAST_PATH 0
#else
#define MQTT5_DECODE_FAST_PATH 1
#endif
#endif

// begin_decode's checks on their success path: true when `bytes` is exactly one v5 packet, of type `expected`
// (any non-zero type when `expected` is 0) that `o.sender` may send. false says only that some check failed:
// begin_decode then finds which, with its exact errc and offset. Conditions, not errors, so that the common path
// is a few compares (issue 13: the fixed cost of each decode). The entry points test the commonest case, a
// one-byte Remaining Length, inline themselves, and call this (out of line) for the longer packets.
MQTT5_HOT_INLINE bool frame_v5(std::span<const std::byte> bytes, fixed_header& fh, reader& r, const decode_options& o,
                               packet_type expected) noexcept {
    const auto n = bytes.size();
    if (o.version != protocol_version::v5 || n < 2) return false;
    const auto* p = bytes.data();
    const auto first = static_cast<std::uint8_t>(p[0]);
    std::uint32_t length = static_cast<std::uint8_t>(p[1]);
    std::uint8_t width = 1;
    if (length >= 0x80u) {
        if (const auto two = wire::detail::two_byte_varint(length, n >= 3 ? static_cast<std::uint8_t>(p[2]) : 0u); two != 0) {
            length = two;  // two bytes in the minimal form, inline
            width = 2;
        } else {
            const auto v = wire::load_varint(p + 1, p + n, o.allow_non_minimal_varint);
            if (v.code != errc::ok) return false;
            length = v.value;
            width = v.width;
        }
    }
    if (n != 1u + width + length) return false;
    const auto type = static_cast<packet_type>(first >> 4);
    if (expected != packet_type{0} ? type != expected : type == packet_type{0}) return false;
    if (!may_send(type, o.sender)) return false;
    fh.type = type;
    fh.flags = first & 0x0Fu;
    fh.remaining_length = length;
    fh.length_width = width;
    r = reader{p, p + 1 + width, p + n};
    return true;
}

// Makes `out` the failure `e` (its value back to a default T, as every failed result holds), out of line: off
// the decoders' success path.
#if defined(__OPTIMIZE_SIZE__)
// -Os: one out-of-line function for every packet type (issue 13) instead of one per type. A packet type's
// default value is all zero bytes (every member defaults to 0, an empty view, a disengaged optional or a
// zero-valued enumerator; tests/size/os_paths_test.cpp checks each type), so it is restored by zeroing.
struct result_access {
    template <class T> static void set_error(result<T>& out, status s) noexcept {
        static_assert(std::is_trivially_copyable_v<T>, "zeroing restores the default value of trivially copyable types only");
        fail_zeroed(&out.value_, sizeof(T), out.error_, s);
    }
    template <class T> static const T& value(const result<T>& r) noexcept { return r.value_; }  // for the tests
    [[gnu::noinline]] static void fail_zeroed(void* value, std::size_t size, error& slot, status s) noexcept {
        std::memset(value, 0, size);
        slot = to_error(s);
    }
};
template <class T> void set_error(result<T>& out, status s) noexcept { result_access::set_error(out, s); }
template <class T> void set_error(result<T>& out, const error& e) noexcept { result_access::set_error(out, to_status(e)); }
#else
template <class T> MQTT5_NOINLINE void set_error(result<T>& out, error e) noexcept { out = e; }
#endif
// The failure `e`, out of line for the same reason.
template <class T> MQTT5_NOINLINE result<T> failed(error e) noexcept { return e; }

#if defined(__OPTIMIZE_SIZE__)
// encode()'s part that does not depend on the packet type, under -Os: the failure of `rl` (the Remaining Length
// or why the packet is refused), else buffer_too_small, else the first byte and the Remaining Length written
// to `out`, `w` after them, and the packet's size returned.
[[gnu::noinline]] inline result<std::size_t> begin_encode(const result<std::size_t>& rl, std::uint8_t first, std::uint8_t width,
                                                          std::span<std::byte> out, std::byte*& w) noexcept {
    if (!rl) return rl.error();
    const auto total = packet_size(*rl, width);
    if (out.size() < total) return make_error(errc::buffer_too_small, out.size());
    w = wire::store_varint(wire::store_u8(out.data(), first), static_cast<std::uint32_t>(*rl), width);
    return total;
}
#endif

template <class P> result<std::size_t> remaining_length(const P& p, const encode_options& o) noexcept {
    if (o.version != protocol_version::v5) return make_error(other_version, 0);
    return codec<P>::body_size(p, o);
}

template <class P>
#if defined(__OPTIMIZE_SIZE__)
[[gnu::always_inline]] inline  // -Os: into decode<P> (below)
#endif
status decode_into(P& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
    MQTT5_TRY(codec<P>::decode(p, fh, r, o));
#if defined(__OPTIMIZE_SIZE__)
    p.form.remaining_length_width = fh.kept_width;  // begin_decode_of's test
#else
    if (fh.length_width > wire::varint_size(fh.remaining_length)) p.form.remaining_length_width = fh.length_width;
#endif
    return status{};
}
// The same, inlined into the fast entry points so that the header and the reader stay in registers (a call
// that takes their addresses costs the small packets about a third of their decode, issue 13).
template <class P>
MQTT5_HOT_INLINE error decode_into_inline(P& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
    if (const auto s = codec<P>::decode(p, fh, r, o); !is_ok(s)) return to_error(s);
    if (fh.length_width > 1 && fh.length_width > wire::varint_size(fh.remaining_length))
        p.form.remaining_length_width = fh.length_width;
    return error{};
}

// ---- levels 3 and 4 (MQTT 3.1, 3.1.1): reached only through one version test at the top of each entry point,
// and never instantiated when MQTT5_ENABLE_V311 is 0. The entry points below are kept out of line so that
// the v5 paths that call them are compiled exactly as before (same inlining, same instruction counts). ----


// One out-of-line call site of parse_fixed_header for levels 3 and 4, so that adding them does not change how
// the compiler inlines it into the v5 decoders.
MQTT5_NOINLINE inline error parse_fixed_header_v3(std::span<const std::byte> bytes, fixed_header& fh) noexcept {
    return parse_fixed_header(bytes, fh, true);
}

inline error begin_decode_v3(std::span<const std::byte> bytes, fixed_header& fh, reader& r, const decode_options& o) noexcept {
    if (!is_v3(o.version)) return version_error(o.version);
    // 3.1.1 has no minimal-encoding rule for the Remaining Length (§2.2.3 of 3.1.1; v5 added [MQTT-1.5.5-1]):
    // a longer form is accepted, and kept in the wire form so that the packet re-encodes exactly.
    MQTT5_TRY(parse_fixed_header_v3(bytes, fh));
    if (fh.type == packet_type::auth) return make_error(errc::reserved_packet_type, 0);  // Table 2.1 (3.1.1): 15 is forbidden
    if (bytes.size() < fh.size()) return make_error(errc::incomplete_packet, bytes.size());
    if (bytes.size() > fh.size()) return make_error(errc::input_longer_than_packet, fh.size());
    // Table 2.1 (3.1.1): DISCONNECT goes from Client to Server only (a Server never sends one in 3.1.1).
    if (!may_send(fh.type, o.sender) || (fh.type == packet_type::disconnect && o.sender == role::server))
        return make_error(errc::wrong_direction, 0);
    r = reader{bytes.data(), bytes.data() + 1 + fh.length_width, bytes.data() + fh.size()};
    return error{};
}

template <class P> MQTT5_NOINLINE error decode_into_v3(P& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
    if (const auto s = codec<P>::decode_v3(p, fh, r, o); !is_ok(s)) return to_error(s);
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

template <class P> MQTT5_NOINLINE result<std::size_t> encoded_size_v3(const P& p, protocol_version v) noexcept {
    const auto rl = remaining_length_v3(p, v);
    if (!rl) return rl.error();
    return packet_size(*rl, p.form.remaining_length_width);
}

template <class P> MQTT5_NOINLINE result<std::size_t> encode_v3(const P& p, std::span<std::byte> out, protocol_version v) noexcept {
    const auto rl = remaining_length_v3(p, v);
    if (!rl) return rl.error();
    const auto total = packet_size(*rl, p.form.remaining_length_width);
    if (out.size() < total) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), first_byte_v3(p, v));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    codec<P>::write_body_v3(p, w, v);
    return total;
}

MQTT5_NOINLINE inline result<std::size_t> encode_publish_header_v3(const publish& p, std::span<std::byte> out, protocol_version v) noexcept {
    const auto rl = remaining_length_v3(p, v);
    if (!rl) return rl.error();
    const auto header = packet_size(*rl, p.form.remaining_length_width) - p.payload.size();
    if (out.size() < header) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), first_byte_v3(p, v));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    codec<publish>::write_header_body_v3(p, w);
    return header;
}

template <class P> MQTT5_NOINLINE void decode_v3(result<P>& out, std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    auto e = begin_decode_v3(bytes, fh, r, o);
    if (e.code == errc::ok)
        e = fh.type != codec<P>::type ? make_error(errc::unexpected_packet_type, 0) : decode_into_v3(*out, fh, r, o);
    if (e.code != errc::ok) out = e;
}

// The error path of decode<P>, out of line: the error, or the level 3/4 decode when the version is not 5.
template <class P>
MQTT5_NOINLINE void decode_failed_or_other_version(result<P>& out, error e, std::span<const std::byte> bytes,
                                                   const decode_options& o) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    if (e.code != other_version) set_error(out, e);  // -Os: the shared zeroing path (and what mqtt5_os_tests runs)
#else
    if (e.code != other_version) out = e;
#endif
    else decode_v3(out, bytes, o);
}

}  // namespace detail

/// The exact number of bytes encode() writes, or the reason it would refuse the packet.
template <control_packet P>
result<std::size_t> encoded_size(const P& p, const encode_options& o = {}) noexcept {
    const auto rl = detail::remaining_length(p, o);
    if (!rl) {
        if constexpr (detail::v311_enabled)
            if (rl.error().code == detail::other_version) return detail::encoded_size_v3(p, o.version);
        return rl.error();
    }
    return detail::packet_size(*rl, p.form.remaining_length_width);
}

/// Encodes into `out`; returns the bytes written. When `out` is too small nothing is written and the error
/// is buffer_too_small. Encoding validates what the standard obliges a sender to (UTF-8, topic syntax,
/// packet identifiers, reason codes that the packet allows, lengths). At levels 3 and 4 a value the version
/// cannot carry (a property, a reason code, AUTH, a v5 subscription option) is refused with its own errc.
template <control_packet P>
result<std::size_t> encode(const P& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    const auto rl = detail::remaining_length(p, o);
#if defined(__OPTIMIZE_SIZE__)
    // -Os: the checks and the fixed header in one out-of-line function shared by every packet type (issue 13).
    if constexpr (detail::v311_enabled)
        if (!rl && rl.error().code == detail::other_version) return detail::encode_v3(p, out, o.version);
    std::byte* w = nullptr;
    const auto total = detail::begin_encode(rl, static_cast<std::uint8_t>((static_cast<unsigned>(detail::codec<P>::type) << 4) |
                                                                          detail::codec<P>::flags(p)),
                                            p.form.remaining_length_width, out, w);
    if (total) detail::codec<P>::write_body(p, w);
    return total;
#else
    if (!rl) {
        if constexpr (detail::v311_enabled)
            if (rl.error().code == detail::other_version) return detail::encode_v3(p, out, o.version);
        return rl.error();
    }
    const auto total = detail::packet_size(*rl, p.form.remaining_length_width);
    if (out.size() < total) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), static_cast<std::uint8_t>((static_cast<unsigned>(detail::codec<P>::type) << 4) |
                                                                   detail::codec<P>::flags(p)));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    detail::codec<P>::write_body(p, w);
    return total;
#endif
}

// The two below are templates for one reason: compile time. As plain inline functions, every translation unit
// that includes <mqtt5.hpp> compiled the encoder of every packet type, used or not (with std::visit's table, about
// 200 million of g++ 12's instructions: bench/compile_time.sh; issue 13: compile time is not to grow). As templates
// they are compiled where they are called. Packet is always mqtt5::packet.

/// encoded_size() of the packet the variant holds.
template <class Packet>
    requires std::is_same_v<Packet, packet>
result<std::size_t> encoded_size(const Packet& p, const encode_options& o = {}) noexcept {
    return detail::visit_packet(p, [&](const auto& q) { return encoded_size(q, o); });
}
/// encode() of the packet the variant holds.
template <class Packet>
    requires std::is_same_v<Packet, packet>
result<std::size_t> encode(const Packet& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    return detail::visit_packet(p, [&](const auto& q) { return encode(q, out, o); });
}

/// The exact number of bytes encode_publish_header() writes: the whole PUBLISH without its payload.
inline result<std::size_t> publish_header_size(const publish& p, const encode_options& o = {}) noexcept {
    const auto size = encoded_size(p, o);
    if (!size) return size.error();
    return *size - p.payload.size();
}
/// For scatter/gather output: writes the fixed header, variable header and properties of a PUBLISH, not
/// its payload; returns the bytes written. Send them, then p.payload, e.g. with writev.
inline result<std::size_t> encode_publish_header(const publish& p, std::span<std::byte> out, const encode_options& o = {}) noexcept {
    const auto rl = detail::remaining_length(p, o);
    if (!rl) {
        if constexpr (detail::v311_enabled)
            if (rl.error().code == detail::other_version) return detail::encode_publish_header_v3(p, out, o.version);
        return rl.error();
    }
    const auto header = detail::packet_size(*rl, p.form.remaining_length_width) - p.payload.size();
    if (out.size() < header) return make_error(errc::buffer_too_small, out.size());
    auto* w = wire::store_u8(out.data(), static_cast<std::uint8_t>(0x30u | detail::codec<publish>::flags(p)));
    w = wire::store_varint(w, static_cast<std::uint32_t>(*rl), p.form.remaining_length_width);
    detail::codec<publish>::write_header_body(p, w);
    return header;
}

namespace detail {
// decode<P> with every check in its order: begin_decode, the packet type, the codec, and the level 3/4 path.
// The whole decode under -Os; with MQTT5_DECODE_FAST_PATH, only where frame_v5 said no.
template <class P> MQTT5_OFF_HOT_PATH void decode_complete(result<P>& out, std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    auto e = to_error(begin_decode(bytes, fh, r, o));
    if (e.code == errc::ok) {
        if (fh.type != codec<P>::type) e = make_error(errc::unexpected_packet_type, 0);
        else e = to_error(decode_into(*out, fh, r, o));  // `out` still holds the default P that decode<P> began with
    }
    if (e.code != errc::ok) {
        if constexpr (v311_enabled) decode_failed_or_other_version(out, e, bytes, o);
        else out = e;
    }
}
}  // namespace detail

namespace detail {
// decode<P> of a packet whose Remaining Length takes 2 to 4 bytes (131 bytes and more), out of line.
template <class P> MQTT5_NOINLINE void decode_long(result<P>& out, std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    if (!frame_v5(bytes, fh, r, o, codec<P>::type)) return decode_complete(out, bytes, o);
    if (const auto e = to_error(decode_into(*out, fh, r, o)); e.code != errc::ok) out = e;
}
}  // namespace detail

/// Decodes exactly one packet of type P: `bytes` must hold the whole packet and nothing after it (use the
/// framer of stream.hpp to cut a byte stream into packets). Strings and binary fields are views into `bytes`.
// Not forced inline under -Os: that folds the caller's constant options (50 bytes less on the realistic probe,
// bench/size), but a firmware that decodes one type at several call sites would get a copy of the decoder at each.
template <control_packet P>
result<P> decode(std::span<const std::byte> bytes, const decode_options& o =
#if defined(__OPTIMIZE_SIZE__)
                                                            detail::default_decode_options  // -Os: no temporary per call
#else
                                                            {}
#endif
                 ) noexcept {
    // Decoded in place: the packet is built inside the result that is returned (no copy on success; one
    // returned object on every path keeps it so).
    result<P> out;
#if MQTT5_DECODE_FAST_PATH
    // The checks of begin_decode for a one-byte Remaining Length, inline; anything else takes decode_long or
    // decode_complete, which find the exact error.
    constexpr auto type = detail::codec<P>::type;
    const auto* p = bytes.data();
    const auto n = bytes.size();
    if (o.version == protocol_version::v5 && n >= 2) {
        const auto length = static_cast<std::uint8_t>(p[1]);
        if (length >= 0x80u) {
            detail::decode_long(out, bytes, o);
            return out;
        }
        const auto first = static_cast<std::uint8_t>(p[0]);
        if (n == 2u + length && (first >> 4) == static_cast<unsigned>(type) && detail::may_send(type, o.sender)) {
            const detail::fixed_header fh{type, static_cast<std::uint8_t>(first & 0x0Fu), length, 1};
            detail::reader r{p, p + 2, p + n};
            if (const auto e = detail::decode_into_inline(*out, fh, r, o); e.code != errc::ok) detail::set_error(out, e);
            return out;
        }
    }
    detail::decode_complete(out, bytes, o);
#elif !defined(__OPTIMIZE_SIZE__)
    detail::decode_complete(out, bytes, o);  // -O0 (or MQTT5_DECODE_FAST_PATH 0 by hand): the complete path only
#else
    // Under -Os the complete path only, written out here as it was before the fast path existed: so written,
    // GCC inlines it into the caller and folds the caller's constant options (bench/size, +300 bytes otherwise).
    detail::fixed_header fh;
    detail::reader r;
    auto s = detail::begin_decode_of(detail::codec<P>::type, bytes.data(), bytes.size(), fh, r, o);
    if (detail::is_ok(s)) s = detail::decode_into(*out, fh, r, o);
    if (!detail::is_ok(s)) {
        if constexpr (detail::v311_enabled) detail::decode_failed_or_other_version(out, detail::to_error(s), bytes, o);
        else detail::set_error(out, s);
    }
#endif
    return out;
}

namespace detail {
#if !defined(__OPTIMIZE_SIZE__)
// A default P for the variant's in-place constructor. Built through this conversion, the alternative is
// written member by member where it lies; value-initialised in place (std::in_place_type<P> alone), g++ 12
// zeroes the whole result first (256 bytes, rep stos).
template <class P> struct default_alternative {
    operator P() const noexcept { return P{}; }  // NOLINT: implicit by design
};
#endif

// The packet of type fh.type, decoded by `into` (the v5 or the level 3/4 decoder).
template <class Into>
result<packet> decode_as_type(const fixed_header& fh, Into&& into) noexcept {
    const auto as = [&]<class P>(std::in_place_type_t<P>) -> result<packet> {
#if defined(__OPTIMIZE_SIZE__)
        P p{};
        if (const auto e = into(p); e.code != errc::ok) return failed<packet>(e);
        return result<packet>{std::in_place, std::in_place_type<P>, p};  // decode_alternative's constructor
#else
        // Built where the result holds it, with decode_alternative's constructor: each way of constructing the
        // variant in place instantiates a chain of std::variant's constructors per alternative, and one way
        // instead of two took about 120 of those instantiations out of every translation unit that decodes
        // into the variant (compile time, issue 13).
        result<packet> out{std::in_place, std::in_place_type<P>, default_alternative<P>{}};
        if (const auto e = into(*std::get_if<P>(&*out)); e.code != errc::ok) set_error(out, e);
        return out;
#endif
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

MQTT5_NOINLINE inline result<packet> decode_any_v3(std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    if (const auto e = begin_decode_v3(bytes, fh, r, o); e.code != errc::ok) return e;
    return decode_as_type(fh, [&](auto& p) { return decode_into_v3(p, fh, r, o); });
}
}  // namespace detail

namespace detail {
#if defined(__OPTIMIZE_SIZE__)
// One alternative of the variant: `bytes` is one framed packet of P's type whose Remaining Length field takes
// `width` bytes; scalar arguments only, so that the type switch reaches it with a jump. Under -Os decoded into
// a local P and copied into the result once (the shortest code).
template <class P>
result<packet> decode_alternative(const std::byte* bytes, std::size_t size, std::uint8_t width, const decode_options& o) noexcept {
    P p{};
    const fixed_header fh{codec<P>::type, static_cast<std::uint8_t>(static_cast<std::uint8_t>(bytes[0]) & 0x0Fu),
                          static_cast<std::uint32_t>(size - 1u - width), width};
    reader r{bytes, bytes + 1 + width, bytes + size};
    if (const auto e = decode_into_inline(p, fh, r, o); e.code != errc::ok) return failed<packet>(e);
    return result<packet>{std::in_place, std::in_place_type<P>, p};
}
#else
// One alternative of the variant, decoded where the returned result holds it: `bytes` is one framed packet of
// P's type whose Remaining Length field takes `width` bytes; scalar arguments only, so that the type switch
// reaches it with a jump. Decoding into a local P and copying it into the result cost the copy and a zeroing
// of the local (rep stos): decode_any_P4 667 -> 650, P1 1,056 -> 1,039, P3 1,281 -> 1,233 (callgrind, g++ 12).
// Out of line: inlined into the type switch it measured decode_any_P4 652, P1 1,044 (P6 355 against 376).
template <class P>
[[gnu::noinline]] result<packet> decode_alternative(const std::byte* bytes, std::size_t size, std::uint8_t width,
                                                    const decode_options& o) noexcept {
    result<packet> out{std::in_place, std::in_place_type<P>, default_alternative<P>{}};
    const fixed_header fh{codec<P>::type, static_cast<std::uint8_t>(static_cast<std::uint8_t>(bytes[0]) & 0x0Fu),
                          static_cast<std::uint32_t>(size - 1u - width), width};
    reader r{bytes, bytes + 1 + width, bytes + size};
    // On failure the result becomes the error with a default packet, as every failed result holds.
    if (const auto e = decode_into_inline(*std::get_if<P>(&*out), fh, r, o); e.code != errc::ok) set_error(out, e);
    return out;
}
#endif

// The packet of type `type`, framed by begin_decode or frame_v5. Its own switch rather than decode_as_type:
// going through that template's callable cost the v5 variant decode 72 to 85 instructions per packet with
// g++ 12 -O2 (callgrind, bench/callgrind: decode_any_P5b 208 -> 280, decode_any_P1 1,508 -> 1,593).
MQTT5_HOT_INLINE result<packet> decode_framed(packet_type type, const std::byte* bytes, std::size_t size, std::uint8_t width,
                                              const decode_options& o) noexcept {
    switch (type) {
    case packet_type::connect: return decode_alternative<connect>(bytes, size, width, o);
    case packet_type::connack: return decode_alternative<connack>(bytes, size, width, o);
    case packet_type::publish: return decode_alternative<publish>(bytes, size, width, o);
    case packet_type::puback: return decode_alternative<puback>(bytes, size, width, o);
    case packet_type::pubrec: return decode_alternative<pubrec>(bytes, size, width, o);
    case packet_type::pubrel: return decode_alternative<pubrel>(bytes, size, width, o);
    case packet_type::pubcomp: return decode_alternative<pubcomp>(bytes, size, width, o);
    case packet_type::subscribe: return decode_alternative<subscribe>(bytes, size, width, o);
    case packet_type::suback: return decode_alternative<suback>(bytes, size, width, o);
    case packet_type::unsubscribe: return decode_alternative<unsubscribe>(bytes, size, width, o);
    case packet_type::unsuback: return decode_alternative<unsuback>(bytes, size, width, o);
    case packet_type::pingreq: return decode_alternative<pingreq>(bytes, size, width, o);
    case packet_type::pingresp: return decode_alternative<pingresp>(bytes, size, width, o);
    case packet_type::disconnect: return decode_alternative<disconnect>(bytes, size, width, o);
    default: return decode_alternative<auth>(bytes, size, width, o);
    }
}

// decode() into the variant with every check in its order (begin_decode, then the packet's codec), and the
// level 3/4 path. The whole decode under -Os; with MQTT5_DECODE_FAST_PATH, only where frame_v5 said no.
MQTT5_OFF_HOT_PATH result<packet> decode_any_complete(std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    if (const auto e = to_error(begin_decode(bytes, fh, r, o)); e.code != errc::ok) {
        if constexpr (v311_enabled)
            if (e.code == other_version) return decode_any_v3(bytes, o);
        return e;
    }
    return decode_framed(fh.type, bytes.data(), fh.size(), fh.length_width, o);
}
}  // namespace detail

namespace detail {
// An acknowledgement of Remaining Length 2 (success, no properties), for the variant's in-place constructor:
// built through this conversion, the alternative is written where it lies (g++ 12 copied a temporary with
// rep movs instead, 12 iterations).
template <class Ack> struct short_ack {
    std::uint16_t packet_id{};
    operator Ack() const noexcept { return Ack{.packet_id = packet_id}; }  // NOLINT: implicit by design
};

// decode() into the variant of a packet whose Remaining Length takes 2 to 4 bytes, out of line.
MQTT5_NOINLINE inline result<packet> decode_any_long(std::span<const std::byte> bytes, const decode_options& o) noexcept {
    fixed_header fh;
    reader r;
    if (!frame_v5(bytes, fh, r, o, packet_type{0})) return decode_any_complete(bytes, o);
    return decode_framed(fh.type, bytes.data(), bytes.size(), fh.length_width, o);
}
}  // namespace detail

/// Decodes exactly one packet of any type into the variant, under the same rules as decode<P>().
inline result<packet> decode(std::span<const std::byte> bytes, const decode_options& o = {}) noexcept {
#if MQTT5_DECODE_FAST_PATH
    // As in decode<P>: a one-byte Remaining Length inline, the rest out of line.
    const auto* p = bytes.data();
    const auto n = bytes.size();
    if (o.version == protocol_version::v5 && n >= 2) {
        const auto length = static_cast<std::uint8_t>(p[1]);
        if (length >= 0x80u) return detail::decode_any_long(bytes, o);
        const auto first = static_cast<std::uint8_t>(p[0]);
        const auto type = static_cast<packet_type>(first >> 4);
        if (n == 2u + length && type != packet_type{0} && detail::may_send(type, o.sender)) {
            // The commonest small packet straight into the result: a PUBACK, PUBREC, PUBREL or PUBCOMP of
            // Remaining Length 2 (success, no properties, §3.4.2.1) with its required flags [MQTT-2.1.3-1]
            // [MQTT-3.6.1-1] and a non-zero Packet Identifier [MQTT-2.2.1-3]; any other goes to its decoder.
            if (length == 2) {
                const auto id = wire::load_u16(p + 2);
                if (id != 0) switch (first) {
                    case 0x40: return result<packet>{std::in_place, std::in_place_type<puback>, detail::short_ack<puback>{id}};
                    case 0x50: return result<packet>{std::in_place, std::in_place_type<pubrec>, detail::short_ack<pubrec>{id}};
                    case 0x62: return result<packet>{std::in_place, std::in_place_type<pubrel>, detail::short_ack<pubrel>{id}};
                    case 0x70: return result<packet>{std::in_place, std::in_place_type<pubcomp>, detail::short_ack<pubcomp>{id}};
                    default: break;
                    }
            }
            return detail::decode_framed(type, p, n, 1, o);
        }
    }
#endif
    return detail::decode_any_complete(bytes, o);
}

/// A decoded packet's fields are views into `bytes`: decoding a temporary container (a std::vector returned
/// by a function, a std::array{...}) would leave them dangling, so it does not compile (borrowed.hpp).
template <control_packet P, class Bytes>
    requires(detail::temporary_container<Bytes> && std::is_convertible_v<Bytes, std::span<const std::byte>>)
result<P> decode(Bytes&&, const decode_options& = {}) = delete;
/// The same for the variant decode(): a temporary container does not compile (borrowed.hpp).
template <class Bytes>
    requires(detail::temporary_container<Bytes> && std::is_convertible_v<Bytes, std::span<const std::byte>>)
result<packet> decode(Bytes&&, const decode_options& = {}) = delete;

}  // namespace mqtt5
