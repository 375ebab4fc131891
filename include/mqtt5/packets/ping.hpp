// PINGREQ (§3.12) and PINGRESP (§3.13): a fixed header with Remaining Length 0 and nothing else.
#pragma once

#include "common.hpp"

namespace mqtt5 {

template <packet_type T>
struct basic_ping {
    static constexpr packet_type type = T;
    wire_form form{};
    friend constexpr bool operator==(const basic_ping&, const basic_ping&) noexcept { return true; }
};

using pingreq = basic_ping<packet_type::pingreq>;
using pingresp = basic_ping<packet_type::pingresp>;

namespace detail {
template <packet_type T> struct codec<basic_ping<T>> {
    static constexpr packet_type type = T;

    static error decode(basic_ping<T>&, const fixed_header& fh, reader& r, const decode_options&) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        return expect_end(r);  // no variable header, no payload (MAL*)
    }
    static result<std::size_t> body_size(const basic_ping<T>&, const encode_options&) noexcept { return std::size_t{0}; }
    static std::uint8_t flags(const basic_ping<T>&) noexcept { return 0; }
    static std::byte* write_body(const basic_ping<T>&, std::byte* w) noexcept { return w; }
};
}  // namespace detail

}  // namespace mqtt5
