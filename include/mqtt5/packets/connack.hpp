/// \file
/// CONNACK (§3.2): Connect Acknowledge Flags, Connect Reason Code, properties. Nothing may be left out.
/// Levels 3 and 4: Connect Acknowledge Flags and the Return Code, Remaining Length 2 (§3.2 of 3.1.1).
#pragma once

#include "../connack_return_code.hpp"
#include "common.hpp"
#include "pub_ack.hpp"

namespace mqtt5 {

/// CONNACK (§3.2): the Server's answer to CONNECT.
struct connack {
    /// Session Present (§3.2.2.1.1): the Server resumes a Session; 0 with an error reason code [MQTT-3.2.2-6].
    /// Always false at level 3: 3.1 has no Session Present flag.
    bool session_present{};
    reason_code reason{reason_code::success};  ///< v5 only; stays success in a decoded level 3/4 CONNACK
    property_block<place::connack> properties{};  ///< the CONNACK Properties (§3.2.2.3); v5 only
    connack_return_code return_code{connack_return_code::accepted};  ///< levels 3 and 4 only
    wire_form form{};  ///< how a decoded CONNACK stood on the wire (3.1's byte 1), so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const connack& a, const connack& b) noexcept {
        return a.session_present == b.session_present && a.reason == b.reason && a.properties == b.properties &&
               a.return_code == b.return_code;
    }
};

namespace detail {
template <> struct codec<connack> {
    static constexpr packet_type type = packet_type::connack;

    static status decode(connack& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        const auto* flags_at = r.pos;
        std::uint8_t flags = 0, rc = 0;
        MQTT5_TRY(read_u8(r, flags));
        if (flags & 0xFEu) return r.fail(errc::connack_reserved_flags, flags_at);  // [MQTT-3.2.2-1] (MAL*)
        p.session_present = (flags & 1u) != 0;
        const auto* rc_at = r.pos;
        MQTT5_TRY(read_u8(r, rc));
        p.reason = static_cast<reason_code>(rc);
        MQTT5_TRY(check_reason<type>(p.reason, r, rc_at, o));  // [MQTT-3.2.2-8]
        if (p.session_present && is_error(p.reason)) return r.fail(errc::session_present_with_error, flags_at);  // [MQTT-3.2.2-6]
        MQTT5_TRY(read_properties(r, p.properties, o));
        return expect_end(r);
    }

    static result<std::size_t> body_size(const connack& p, const encode_options&) noexcept {
        sizer s;
        if (!is_valid_in<type>(p.reason)) s.fail(errc::invalid_reason_code);
        if (p.session_present && is_error(p.reason)) s.fail(errc::session_present_with_error);
        s.add(2);
        s.properties(p.properties);
        return s.done();
    }

    static std::uint8_t flags(const connack&) noexcept { return 0; }

    static std::byte* write_body(const connack& p, std::byte* w) noexcept {
        w = wire::store_u8(w, p.session_present ? 1 : 0);
        w = wire::store_u8(w, static_cast<std::uint8_t>(p.reason));
        return write_properties(w, p.properties);
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1) ----

    static status decode_v3(connack& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0, o.version, p.form, r));  // [MQTT-2.2.2-2] (3.1.1)
        const auto* flags_at = r.pos;
        std::uint8_t flags = 0, rc = 0;
        MQTT5_TRY(read_u8(r, flags));
        if (o.version == protocol_version::v31) {
            p.form.v31_connack_flags = flags;  // 3.1: "Topic Name Compression Response", not used
        } else {
            if (flags & 0xFEu) return r.fail(errc::connack_reserved_flags, flags_at);  // §3.2.2.1 (3.1.1), no id (CLOSE*)
            p.session_present = (flags & 1u) != 0;
        }
        const auto* rc_at = r.pos;
        MQTT5_TRY(read_u8(r, rc));
        if (rc > 5) return r.fail(errc::connack_return_code_invalid, rc_at);  // §3.2.2.3 (3.1.1): 6..255 reserved
        p.return_code = static_cast<connack_return_code>(rc);
        if (p.session_present && rc != 0) return r.fail(errc::session_present_with_error, flags_at);  // [MQTT-3.2.2-4] (3.1.1)
        return expect_end(r);  // Remaining Length 2 (§3.2.1, 3.1.1)
    }

    static result<std::size_t> body_size_v3(const connack& p, protocol_version v) noexcept {
        sizer s;
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        if (p.reason != reason_code::success) s.fail(errc::reason_code_not_in_v311);  // 3.1.1 uses return_code
        if (static_cast<std::uint8_t>(p.return_code) > 5) s.fail(errc::connack_return_code_invalid);
        if (p.session_present && v == protocol_version::v31) s.fail(errc::session_present_not_in_v31);
        if (p.session_present && p.return_code != connack_return_code::accepted)
            s.fail(errc::session_present_with_error);  // [MQTT-3.2.2-4] (3.1.1)
        s.add(2);
        return s.done();
    }

    static std::byte* write_body_v3(const connack& p, std::byte* w, protocol_version v) noexcept {
        w = wire::store_u8(w, v == protocol_version::v31 ? p.form.v31_connack_flags : (p.session_present ? 1 : 0));
        return wire::store_u8(w, static_cast<std::uint8_t>(p.return_code));
    }
};
}  // namespace detail

}  // namespace mqtt5
