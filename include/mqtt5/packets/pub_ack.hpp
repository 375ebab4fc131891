/// \file
/// PUBACK, PUBREC, PUBREL, PUBCOMP (§3.4 - §3.7): one template. Packet Identifier, then optionally the reason
/// code and the properties: Remaining Length 2 means success without properties, 3 means a reason code with
/// Property Length 0 (§3.4.2.2.1), 4 or more carries both.
#pragma once

#include "common.hpp"

namespace mqtt5 {

/// PUBACK, PUBREC, PUBREL or PUBCOMP (§3.4 - §3.7): the acknowledgements of QoS 1 and QoS 2 delivery.
template <packet_type T>
struct basic_pub_ack {
    static constexpr packet_type type = T;  ///< packet_type::puback, pubrec, pubrel or pubcomp
    std::uint16_t packet_id{};  ///< the Packet Identifier of the PUBLISH (or PUBREC) it answers; never 0
    reason_code reason{reason_code::success};  ///< one of the codes its table allows (Tables 3-4 .. 3-7)
    property_block<place_of(T)> properties{};  ///< Reason String and User Property only; v5 only
    wire_form form{};  ///< how a decoded packet stood on the wire (trailing fields), so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const basic_pub_ack& a, const basic_pub_ack& b) noexcept {
        return a.packet_id == b.packet_id && a.reason == b.reason && a.properties == b.properties;
    }
};

/// PUBACK (§3.4): the answer to a QoS 1 PUBLISH.
using puback = basic_pub_ack<packet_type::puback>;
/// PUBREC (§3.5): the answer to a QoS 2 PUBLISH, part 1 of its delivery.
using pubrec = basic_pub_ack<packet_type::pubrec>;
/// PUBREL (§3.6): the answer to PUBREC, part 2 of QoS 2 delivery.
using pubrel = basic_pub_ack<packet_type::pubrel>;
/// PUBCOMP (§3.7): the answer to PUBREL, part 3 of QoS 2 delivery.
using pubcomp = basic_pub_ack<packet_type::pubcomp>;

namespace detail {

// The reason code of a packet: listed for it ([MQTT-3.4.2-1] .. [MQTT-3.15.2-1], PE*), and sent by a role
// that may send it (Tables 3-4, 3-5, 3-10, 3-11) when the sender is known.
template <packet_type T>
inline status check_reason(reason_code rc, const reader& r, const std::byte* at, const decode_options& o) noexcept {
    if (!is_valid_in<T>(rc, o.strict_disconnect_reason_codes)) return r.fail(errc::invalid_reason_code, at);
    const auto needed = required_sender_in<T>(rc);
    if ((needed == sent_by::client && o.sender == role::server) || (needed == sent_by::server && o.sender == role::client))
        return r.fail(errc::reason_code_wrong_direction, at);
    return status{};
}

// Which trailing fields the encoder writes: at least what the form asks for, and what the content needs.
#if defined(__OPTIMIZE_SIZE__)
// -Os: one out-of-line copy for every place, called by both the sizer and the writer (issue 13).
[[gnu::noinline]] constexpr trailing_fields fields_needed_of(reason_code rc, bool has_properties, trailing_fields asked) noexcept {
    auto needed = has_properties ? trailing_fields::properties
                : rc != reason_code::success ? trailing_fields::reason_code
                : trailing_fields::shortest;
    return needed > asked ? needed : asked;
}
template <place P>
constexpr trailing_fields fields_needed(reason_code rc, const property_block<P>& props, trailing_fields asked) noexcept {
    return fields_needed_of(rc, !props.empty(), asked);
}
#else
template <place P>
constexpr trailing_fields fields_needed(reason_code rc, const property_block<P>& props, trailing_fields asked) noexcept {
    auto needed = !props.empty() ? trailing_fields::properties
                : rc != reason_code::success ? trailing_fields::reason_code
                : trailing_fields::shortest;
    return needed > asked ? needed : asked;
}
#endif

// The optional reason code and properties that end an acknowledgement or a DISCONNECT: their size, and
// writing them, in the form fields_needed chooses.
template <place P>
void size_trailing(sizer& s, reason_code rc, const property_block<P>& props, trailing_fields asked) noexcept {
    const auto f = fields_needed(rc, props, asked);
    if (f >= trailing_fields::reason_code) s.add(1);
    if (f == trailing_fields::properties) s.properties(props);
}
template <place P>
std::byte* write_trailing(std::byte* w, reason_code rc, const property_block<P>& props, trailing_fields asked) noexcept {
    const auto f = fields_needed(rc, props, asked);
    if (f >= trailing_fields::reason_code) w = wire::store_u8(w, static_cast<std::uint8_t>(rc));
    if (f == trailing_fields::properties) w = write_properties(w, props);
    return w;
}

template <packet_type T> struct codec<basic_pub_ack<T>> {
    static constexpr packet_type type = T;
    static constexpr std::uint8_t required_flags = T == packet_type::pubrel ? 0x2 : 0x0;  // [MQTT-3.6.1-1]

    // Inline up to the commonest form, Remaining Length 2 (success, no properties); the reason code and the
    // properties out of line.
    MQTT5_HOT_INLINE static status decode(basic_pub_ack<T>& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != required_flags) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        MQTT5_TRY(read_packet_id(r, p.packet_id));
        if (r.at_end()) return status{};  // Remaining Length 2: success, no properties
        return decode_trailing(p, r, o);  // by value: the caller's reader stays in registers
    }

    MQTT5_ONE_PIECE_UNDER_OS static status decode_trailing(basic_pub_ack<T>& p, reader_param r, const decode_options& o) noexcept {
        const auto* at = r.pos;
#if defined(__OPTIMIZE_SIZE__)
        const auto rc = static_cast<std::uint8_t>(*r.pos++);  // -Os: decode() found a byte left (issue 13)
#else
        std::uint8_t rc = 0;
        MQTT5_TRY(read_u8(r, rc));
#endif
        p.reason = static_cast<reason_code>(rc);
        MQTT5_TRY(check_reason<T>(p.reason, r, at, o));
        p.form.fields = trailing_fields::reason_code;
        if (r.at_end()) return status{};  // Remaining Length 3: Property Length taken as 0
        p.form.fields = trailing_fields::properties;
        MQTT5_TRY(read_properties(r, p.properties, o));
        return expect_end(r);
    }

    static result<std::size_t> body_size(const basic_pub_ack<T>& p, const encode_options& o) noexcept {
#if !defined(__OPTIMIZE_SIZE__)
        // The forms without properties, valid: 2 or 3 bytes, nothing to add up. Anything else is sized (and its
        // first error found) by body_size_checked, the whole of it under -Os.
        if (p.packet_id != 0 && is_valid_in<T>(p.reason)) {
            const auto f = fields_needed(p.reason, p.properties, p.form.fields);
            if (f != trailing_fields::properties) return std::size_t{f == trailing_fields::reason_code ? 3u : 2u};
        }
#endif
        return body_size_checked(p, o);
    }

    static result<std::size_t> body_size_checked(const basic_pub_ack<T>& p, const encode_options&) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (!is_valid_in<T>(p.reason)) s.fail(errc::invalid_reason_code);
        s.add(2);
        size_trailing(s, p.reason, p.properties, p.form.fields);
        return s.done();
    }

    static std::uint8_t flags(const basic_pub_ack<T>&) noexcept { return required_flags; }

    static std::byte* write_body(const basic_pub_ack<T>& p, std::byte* w) noexcept {
        return write_trailing(wire::store_u16(w, p.packet_id), p.reason, p.properties, p.form.fields);
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): the Packet Identifier only, Remaining Length 2 ----

    static status decode_v3(basic_pub_ack<T>& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, required_flags, o.version, p.form, r));  // [MQTT-2.2.2-2] [MQTT-3.6.1-1] (3.1.1)
        MQTT5_TRY(read_packet_id(r, p.packet_id));  // [MQTT-2.3.1-1] (3.1.1) (CLOSE*)
        return expect_end(r);  // §3.4.1, §3.5.1, §3.6.1, §3.7.1 (3.1.1): Remaining Length 2
    }

    static result<std::size_t> body_size_v3(const basic_pub_ack<T>& p, protocol_version) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.reason != reason_code::success) s.fail(errc::reason_code_not_in_v311);
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        s.add(2);
        return s.done();
    }

    static std::byte* write_body_v3(const basic_pub_ack<T>& p, std::byte* w, protocol_version) noexcept {
        return wire::store_u16(w, p.packet_id);
    }
};
}  // namespace detail

}  // namespace mqtt5
