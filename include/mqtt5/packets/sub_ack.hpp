/// \file
/// SUBACK (§3.9) and UNSUBACK (§3.11): one template. Packet identifier, properties, then one reason code
/// per Topic Filter of the request, in its order [MQTT-3.9.3-1] [MQTT-3.11.3-1].
#pragma once

#include "common.hpp"
#include "pub_ack.hpp"
#include "wire_list.hpp"

namespace mqtt5 {

namespace detail {
struct reason_code_reader {
    static reason_code read(const std::byte* p) noexcept { return static_cast<reason_code>(*p); }
    static const std::byte* next(const std::byte* p) noexcept { return p + 1; }
};
}  // namespace detail

/// The reason codes of a SUBACK or UNSUBACK: the caller's array, or the bytes of a decoded packet.
using reason_code_list = wire_list<reason_code, detail::reason_code_reader>;

/// SUBACK or UNSUBACK (§3.9, §3.11): the answer to a SUBSCRIBE or UNSUBSCRIBE, one reason code per Topic Filter.
template <packet_type T>
struct basic_sub_ack {
    static constexpr packet_type type = T;  ///< packet_type::suback or packet_type::unsuback
    std::uint16_t packet_id{};  ///< the Packet Identifier of the request it answers (§3.9.2, §3.11.2)
    property_block<place_of(T)> properties{};  ///< Reason String and User Property only; v5 only
    /// One per Topic Filter of the request, in its order [MQTT-3.9.3-1] [MQTT-3.11.3-1]; at levels 3 and 4 an
    /// UNSUBACK has none and a SUBACK carries the 3.1.1 return codes (0x00, 0x01, 0x02, 0x80).
    reason_code_list reason_codes{};
    wire_form form{};  ///< how a decoded packet stood on the wire, so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const basic_sub_ack& a, const basic_sub_ack& b) noexcept {
        return a.packet_id == b.packet_id && a.properties == b.properties && a.reason_codes == b.reason_codes;
    }
};

/// SUBACK (§3.9): the Server's answer to SUBSCRIBE.
using suback = basic_sub_ack<packet_type::suback>;
/// UNSUBACK (§3.11): the Server's answer to UNSUBSCRIBE.
using unsuback = basic_sub_ack<packet_type::unsuback>;

namespace detail {
template <packet_type T> struct codec<basic_sub_ack<T>> {
    static constexpr packet_type type = T;

    static status decode(basic_sub_ack<T>& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        MQTT5_TRY(read_packet_id(r, p.packet_id));
        MQTT5_TRY(read_properties(r, p.properties, o));
        if (r.at_end()) return r.fail(errc::no_reason_codes, r.pos);  // Table 2-5: payload required (PE*)
        const auto* first = r.pos;
        for (; !r.at_end(); ++r.pos)
            MQTT5_TRY(check_reason<T>(static_cast<reason_code>(*r.pos), r, r.pos, o));  // [MQTT-3.9.3-2] [MQTT-3.11.3-2]
        p.reason_codes = reason_code_list::from_wire({first, r.pos}, static_cast<std::size_t>(r.pos - first));
        return status{};
    }

    static result<std::size_t> body_size(const basic_sub_ack<T>& p, const encode_options&) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.reason_codes.empty()) s.fail(errc::no_reason_codes);
        for (const auto rc : p.reason_codes)
            if (!is_valid_in<T>(rc)) s.fail(errc::invalid_reason_code);
        s.add(2);
        s.properties(p.properties);
        s.add(p.reason_codes.size());
        return s.done();
    }

    static std::uint8_t flags(const basic_sub_ack<T>&) noexcept { return 0; }

    static std::byte* write_body(const basic_sub_ack<T>& p, std::byte* w) noexcept {
        w = wire::store_u16(w, p.packet_id);
        w = write_properties(w, p.properties);
        if (p.reason_codes.is_wire()) return write_bytes(w, p.reason_codes.wire_bytes());
        for (const auto rc : p.reason_codes.items()) w = wire::store_u8(w, static_cast<std::uint8_t>(rc));
        return w;
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): no properties; SUBACK carries one return code per filter,
    // UNSUBACK only the Packet Identifier (Remaining Length 2, §3.11.1 of 3.1.1) ----

    // SUBACK return codes: 0x00, 0x01, 0x02 (granted QoS) and 0x80 (failure) [MQTT-3.9.3-2] (3.1.1). 3.1
    // lists only granted QoS levels; 0x80 is accepted at level 3 too (servers send it to 3.1 clients).
    static constexpr bool is_v311_suback_code(std::uint8_t rc) noexcept { return rc <= 2 || rc == 0x80; }

    static status decode_v3(basic_sub_ack<T>& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0, o.version, p.form, r));  // [MQTT-2.2.2-2] (3.1.1)
        MQTT5_TRY(read_packet_id(r, p.packet_id));               // [MQTT-2.3.1-1] (3.1.1) (CLOSE*)
        if constexpr (T == packet_type::unsuback) {
            return expect_end(r);  // §3.11.1 (3.1.1): Remaining Length 2, no payload
        } else {
            if (r.at_end()) return r.fail(errc::no_reason_codes, r.pos);  // Table 2.6 (3.1.1): payload required (CLOSE*)
            const auto* first = r.pos;
            for (; !r.at_end(); ++r.pos)
                if (!is_v311_suback_code(static_cast<std::uint8_t>(*r.pos)))
                    return r.fail(errc::invalid_reason_code, r.pos);  // [MQTT-3.9.3-2] (3.1.1) (CLOSE*)
            p.reason_codes = reason_code_list::from_wire({first, r.pos}, static_cast<std::size_t>(r.pos - first));
            return status{};
        }
    }

    static result<std::size_t> body_size_v3(const basic_sub_ack<T>& p, protocol_version) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        s.add(2);
        if constexpr (T == packet_type::unsuback) {
            for (const auto rc : p.reason_codes)  // 3.1.1's UNSUBACK has no payload: only success can be dropped
                if (rc != reason_code::success) s.fail(errc::reason_code_not_in_v311);
        } else {
            if (p.reason_codes.empty()) s.fail(errc::no_reason_codes);
            for (const auto rc : p.reason_codes)
                if (!is_v311_suback_code(static_cast<std::uint8_t>(rc))) s.fail(errc::reason_code_not_in_v311);  // [MQTT-3.9.3-2] (3.1.1)
            s.add(p.reason_codes.size());
        }
        return s.done();
    }

    static std::byte* write_body_v3(const basic_sub_ack<T>& p, std::byte* w, protocol_version) noexcept {
        w = wire::store_u16(w, p.packet_id);
        if constexpr (T == packet_type::suback) {
            if (p.reason_codes.is_wire()) return write_bytes(w, p.reason_codes.wire_bytes());
            for (const auto rc : p.reason_codes.items()) w = wire::store_u8(w, static_cast<std::uint8_t>(rc));
        }
        return w;
    }
};
}  // namespace detail

}  // namespace mqtt5
