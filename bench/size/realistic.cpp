// The realistic Cortex-M4 size probe of issue 13: encode and decode of PUBLISH, CONNECT, SUBSCRIBE, PUBACK and
// DISCONNECT, each packet passed by pointer through an extern "C" entry point, so the compiler sees neither the
// packet (its topic, payload, QoS, property block, Will, subscription list) nor the bytes it decodes, and must
// keep every path a device can take, the property code included. bench/size/firmware.cpp, by contrast, builds its
// packets from literals without properties, and the compiler drops what those cannot reach.
// Built by bench/size/realistic.sh and by the ctest test size.cortex_m4_realistic (tests/cmake/cortex_m4_size.cmake)
// as the v5-only image (-DMQTT5_ENABLE_V311=0) with -DNDEBUG. The options are the defaults: a device fixes them
// at compile time, as it would in its own code.
#include <mqtt5.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {
std::span<const std::byte> in(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }
std::span<std::byte> out(std::uint8_t* p, std::size_t n) { return {reinterpret_cast<std::byte*>(p), n}; }

// The byte count, or a negative errc: the usual C convention.
int status(const mqtt5::result<std::size_t>& r) { return r ? static_cast<int>(*r) : -static_cast<int>(r.error().code); }

template <class P> int encode_to(const P* p, std::uint8_t* buf, std::size_t cap) {
    return status(mqtt5::encode(*p, out(buf, cap)));
}
// 0 and the packet in *packet, or a negative errc (*packet untouched).
template <class P> int decode_from(const std::uint8_t* buf, std::size_t len, P* packet) {
    const auto r = mqtt5::decode<P>(in(buf, len));
    if (!r) return -static_cast<int>(r.error().code);
    *packet = *r;
    return 0;
}
}  // namespace

extern "C" {

int mqtt5_rp_encode_publish(const mqtt5::publish* p, std::uint8_t* buf, std::size_t cap) { return encode_to(p, buf, cap); }
int mqtt5_rp_decode_publish(const std::uint8_t* buf, std::size_t len, mqtt5::publish* p) { return decode_from(buf, len, p); }

int mqtt5_rp_encode_connect(const mqtt5::connect* p, std::uint8_t* buf, std::size_t cap) { return encode_to(p, buf, cap); }
int mqtt5_rp_decode_connect(const std::uint8_t* buf, std::size_t len, mqtt5::connect* p) { return decode_from(buf, len, p); }

int mqtt5_rp_encode_subscribe(const mqtt5::subscribe* p, std::uint8_t* buf, std::size_t cap) { return encode_to(p, buf, cap); }
int mqtt5_rp_decode_subscribe(const std::uint8_t* buf, std::size_t len, mqtt5::subscribe* p) { return decode_from(buf, len, p); }

int mqtt5_rp_encode_puback(const mqtt5::puback* p, std::uint8_t* buf, std::size_t cap) { return encode_to(p, buf, cap); }
int mqtt5_rp_decode_puback(const std::uint8_t* buf, std::size_t len, mqtt5::puback* p) { return decode_from(buf, len, p); }

int mqtt5_rp_encode_disconnect(const mqtt5::disconnect* p, std::uint8_t* buf, std::size_t cap) { return encode_to(p, buf, cap); }
int mqtt5_rp_decode_disconnect(const std::uint8_t* buf, std::size_t len, mqtt5::disconnect* p) { return decode_from(buf, len, p); }

}  // extern "C"
