/// \file
/// AUTH (§3.15): reason code and properties. Remaining Length 0 means Success without properties
/// (§3.15.2.1). Remaining Length 1 is not covered by the standard (unlike DISCONNECT, AUTH has no "less than
/// 2" rule): it is decoded strictly as errc::missing_property_length (MAL*). When properties are present,
/// Authentication Method must be among them (§3.15.2.2.2, PE).
#pragma once

#include "common.hpp"
#include "pub_ack.hpp"

namespace mqtt5 {

/// AUTH (§3.15): a step of enhanced authentication (§4.12); v5 only.
struct auth {
    reason_code reason{reason_code::success};  ///< 0x00 Success, 0x18 Continue authentication or 0x19 Re-authenticate
    /// Authentication Method, Authentication Data, Reason String, User Property (§3.15.2.2)
    property_block<place::auth> properties{};
    wire_form form{};  ///< how a decoded AUTH stood on the wire (trailing fields), so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const auth& a, const auth& b) noexcept {
        return a.reason == b.reason && a.properties == b.properties;
    }
};

namespace detail {
template <> struct codec<auth> {
    static constexpr packet_type type = packet_type::auth;

    static trailing_fields fields(const auth& p) noexcept {
        // AUTH has no form with a reason code alone: anything beyond RL 0 carries the Property Length.
        return fields_needed(p.reason, p.properties, p.form.fields) == trailing_fields::shortest
                   ? trailing_fields::shortest
                   : trailing_fields::properties;
    }

    static status decode(auth& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-3.15.1-1]
        if (r.at_end()) return status{};
        const auto* at = r.pos;
        std::uint8_t rc = 0;
        MQTT5_TRY(read_u8(r, rc));
        p.reason = static_cast<reason_code>(rc);
        MQTT5_TRY(check_reason<type>(p.reason, r, at, o));  // [MQTT-3.15.2-1]
        p.form.fields = trailing_fields::properties;
        const auto* props_at = r.pos;
        MQTT5_TRY(read_properties(r, p.properties, o));
        if (!p.properties.contains<property_id::authentication_method>())
            return r.fail(errc::authentication_method_missing, props_at);  // §3.15.2.2.2
        return expect_end(r);
    }

    static result<std::size_t> body_size(const auth& p, const encode_options&) noexcept {
        sizer s;
        if (!is_valid_in<type>(p.reason)) s.fail(errc::invalid_reason_code);
        if (fields(p) == trailing_fields::properties) {
            if (!p.properties.contains<property_id::authentication_method>()) s.fail(errc::authentication_method_missing);
            s.add(1);
            s.properties(p.properties);
        }
        return s.done();
    }

    static std::uint8_t flags(const auth&) noexcept { return 0; }

    static std::byte* write_body(const auth& p, std::byte* w) noexcept {
        if (fields(p) == trailing_fields::shortest) return w;
        w = wire::store_u8(w, static_cast<std::uint8_t>(p.reason));
        return write_properties(w, p.properties);
    }

    // Levels 3 and 4: packet type 15 is forbidden (Table 2.1 of 3.1.1). The decoder refuses it with the fixed
    // header (errc::reserved_packet_type), before this codec is reached.
    static status decode_v3(auth&, const fixed_header&, reader& r, const decode_options&) noexcept {
        return r.fail(errc::reserved_packet_type, r.base);
    }
    static result<std::size_t> body_size_v3(const auth&, protocol_version) noexcept {
        return make_error(errc::packet_not_in_v311, 0);
    }
    static std::byte* write_body_v3(const auth&, std::byte* w, protocol_version) noexcept { return w; }
};
}  // namespace detail

}  // namespace mqtt5
