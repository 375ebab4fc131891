/// \file
/// DISCONNECT (§3.14): reason code and properties, both optional: Remaining Length 0 is a Normal
/// disconnection, 1 is a reason code with Property Length 0 (§3.14.2.2.1), 2 or more carries both.
#pragma once

#include "common.hpp"
#include "pub_ack.hpp"

namespace mqtt5 {

/// DISCONNECT (§3.14): the last packet either side sends before closing the Network Connection.
struct disconnect {
    reason_code reason{reason_code::normal_disconnection};  ///< the Disconnect Reason Code (§3.14.2.1, Table 3-10)
    property_block<place::disconnect> properties{};  ///< the DISCONNECT Properties (§3.14.2.2); v5 only
    wire_form form{};  ///< how a decoded DISCONNECT stood on the wire (trailing fields), so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const disconnect& a, const disconnect& b) noexcept {
        return a.reason == b.reason && a.properties == b.properties;
    }
};

namespace detail {
template <> struct codec<disconnect> {
    static constexpr packet_type type = packet_type::disconnect;

    // Inline up to the commonest form, Remaining Length 0 (Normal disconnection); the rest out of line.
    MQTT5_HOT_INLINE static status decode(disconnect& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-3.14.1-1]
        if (r.at_end()) return status{};
        return decode_trailing(p, r, o);  // by value: the caller's reader stays in registers
    }

    MQTT5_ONE_PIECE_UNDER_OS static status decode_trailing(disconnect& p, reader_param r, const decode_options& o) noexcept {
        const auto* at = r.pos;
#if defined(__OPTIMIZE_SIZE__)
        const auto rc = static_cast<std::uint8_t>(*r.pos++);  // -Os: decode() found a byte left (issue 13)
#else
        std::uint8_t rc = 0;
        MQTT5_TRY(read_u8(r, rc));
#endif
        p.reason = static_cast<reason_code>(rc);
        MQTT5_TRY(check_reason<type>(p.reason, r, at, o));  // [MQTT-3.14.2-1]
        p.form.fields = trailing_fields::reason_code;
        if (r.at_end()) return status{};
        p.form.fields = trailing_fields::properties;
        std::size_t props_at = 0;
        MQTT5_TRY(read_properties(r, p.properties, o, &props_at));
        if (o.sender == role::server)
            if (const auto off = p.properties.offset_of(property_id::session_expiry_interval))
                return make_status(errc::session_expiry_from_server, props_at + *off);  // [MQTT-3.14.2-2]
        // §3.14.2.2.5 says the Server sends a Server Reference but forbids nothing to the Client (HiveMQ and
        // rumqttd accept it): rejected only on request.
        if (o.strict_server_reference && o.sender == role::client)
            if (const auto off = p.properties.offset_of(property_id::server_reference))
                return make_status(errc::server_reference_from_client, props_at + *off);
        return expect_end(r);
    }

    static result<std::size_t> body_size(const disconnect& p, const encode_options&) noexcept {
        sizer s;
        if (!is_valid_in<type>(p.reason)) s.fail(errc::invalid_reason_code);
        size_trailing(s, p.reason, p.properties, p.form.fields);
        return s.done();
    }

    static std::uint8_t flags(const disconnect&) noexcept { return 0; }

    static std::byte* write_body(const disconnect& p, std::byte* w) noexcept {
        return write_trailing(w, p.reason, p.properties, p.form.fields);
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): Remaining Length 0, Client to Server only ----

    static status decode_v3(disconnect& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0, o.version, p.form, r));  // [MQTT-3.14.1-1] (3.1.1)
        return expect_end(r);  // §3.14.1 (3.1.1): no variable header, no payload (CLOSE*)
    }

    static result<std::size_t> body_size_v3(const disconnect& p, protocol_version) noexcept {
        sizer s;
        if (p.reason != reason_code::normal_disconnection) s.fail(errc::reason_code_not_in_v311);
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        return s.done();
    }

    static std::byte* write_body_v3(const disconnect&, std::byte* w, protocol_version) noexcept { return w; }
};
}  // namespace detail

}  // namespace mqtt5
