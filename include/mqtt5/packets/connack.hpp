// CONNACK (§3.2): Connect Acknowledge Flags, Connect Reason Code, properties. Nothing may be left out.
#pragma once

#include "common.hpp"
#include "pub_ack.hpp"

namespace mqtt5 {

struct connack {
    bool session_present{};
    reason_code reason{reason_code::success};
    property_block<place::connack> properties{};
    wire_form form{};

    friend bool operator==(const connack& a, const connack& b) noexcept {
        return a.session_present == b.session_present && a.reason == b.reason && a.properties == b.properties;
    }
};

namespace detail {
template <> struct codec<connack> {
    static constexpr packet_type type = packet_type::connack;

    static error decode(connack& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        const auto* flags_at = r.pos;
        std::uint8_t flags = 0, rc = 0;
        MQTT5_TRY(read_u8(r, flags));
        if (flags & 0xFEu) return r.fail(errc::connack_reserved_flags, flags_at);  // [MQTT-3.2.2-1] (MAL*)
        p.session_present = (flags & 1u) != 0;
        const auto* rc_at = r.pos;
        MQTT5_TRY(read_u8(r, rc));
        p.reason = static_cast<reason_code>(rc);
        MQTT5_TRY(check_reason(p.reason, type, r, rc_at, o));  // [MQTT-3.2.2-8]
        if (p.session_present && is_error(p.reason)) return r.fail(errc::session_present_with_error, flags_at);  // [MQTT-3.2.2-6]
        MQTT5_TRY(read_properties(r, p.properties, o));
        return expect_end(r);
    }

    static result<std::size_t> body_size(const connack& p, const encode_options&) noexcept {
        sizer s;
        if (!is_valid_for(p.reason, type)) s.fail(errc::invalid_reason_code);
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
};
}  // namespace detail

}  // namespace mqtt5
