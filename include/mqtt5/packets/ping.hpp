/// \file
/// PINGREQ (§3.12) and PINGRESP (§3.13): a fixed header with Remaining Length 0 and nothing else.
#pragma once

#include "common.hpp"

namespace mqtt5 {

/// PINGREQ or PINGRESP (§3.12, §3.13): nothing but a fixed header with Remaining Length 0.
template <packet_type T>
struct basic_ping {
    static constexpr packet_type type = T;  ///< packet_type::pingreq or packet_type::pingresp
    wire_form form{};  ///< how a decoded packet stood on the wire (a non-minimal Remaining Length, 3.1 flags)
    /// Always equal: the packets have no content.
    friend constexpr bool operator==(const basic_ping&, const basic_ping&) noexcept { return true; }
};

/// PINGREQ (§3.12): the Client shows it is alive and asks the Server to answer [MQTT-3.12.4-1].
using pingreq = basic_ping<packet_type::pingreq>;
/// PINGRESP (§3.13): the Server's answer to PINGREQ.
using pingresp = basic_ping<packet_type::pingresp>;

namespace detail {
template <packet_type T> struct codec<basic_ping<T>> {
    static constexpr packet_type type = T;

    MQTT5_HOT_INLINE static status decode(basic_ping<T>&, const fixed_header& fh, reader& r, const decode_options&) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        return expect_end(r);  // no variable header, no payload (MAL*)
    }
    static result<std::size_t> body_size(const basic_ping<T>&, const encode_options&) noexcept { return std::size_t{0}; }
    static std::uint8_t flags(const basic_ping<T>&) noexcept { return 0; }
    static std::byte* write_body(const basic_ping<T>&, std::byte* w) noexcept { return w; }

    // Levels 3 and 4: the same packet (§3.12, §3.13 of 3.1.1); 3.1 flag bits "not used" are kept.
    static status decode_v3(basic_ping<T>& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0, o.version, p.form, r));  // [MQTT-2.2.2-2] (3.1.1)
        return expect_end(r);  // Remaining Length 0 (§3.12.1, §3.13.1 of 3.1.1)
    }
    static result<std::size_t> body_size_v3(const basic_ping<T>&, protocol_version) noexcept { return std::size_t{0}; }
    static std::byte* write_body_v3(const basic_ping<T>&, std::byte* w, protocol_version) noexcept { return w; }
};
}  // namespace detail

}  // namespace mqtt5
