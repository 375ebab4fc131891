// A firmware-style translation unit: the codec calls a Cortex-M4 device makes, behind extern "C" entry
// points, so bench/size/measure.sh can report what they cost in flash and RAM.
#include <mqtt5.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {
std::span<const std::byte> in(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }
std::span<std::byte> out(std::uint8_t* p, std::size_t n) { return {reinterpret_cast<std::byte*>(p), n}; }
#if MQTT5_ENABLE_V311
// The both-versions image: the connection's version is a run-time value, set once its CONNECT is known, so
// the level 3/4 code is linked beside the v5 code.
mqtt5::protocol_version fw_version = mqtt5::protocol_version::v5;
mqtt5::decode_options dopt() { return {.version = fw_version}; }
mqtt5::encode_options eopt() { return {.version = fw_version}; }
#else
// The v5-only image (MQTT5_ENABLE_V311=0): the default options, as before levels 3 and 4 existed.
constexpr mqtt5::decode_options dopt() { return {}; }
constexpr mqtt5::encode_options eopt() { return {}; }
#endif
// 0 or a negative errc, or the byte count: the usual C convention.
int status(const mqtt5::result<std::size_t>& r) { return r ? static_cast<int>(*r) : -static_cast<int>(r.error().code); }
}  // namespace

extern "C" {

#if MQTT5_ENABLE_V311
void fw_set_version(int level) { fw_version = static_cast<mqtt5::protocol_version>(level); }
#endif

int fw_encode_publish(std::uint8_t* buf, std::size_t cap, const char* topic, std::size_t topic_len, const std::uint8_t* payload,
                      std::size_t payload_len, std::uint16_t packet_id) {
    const mqtt5::publish p{.topic = {topic, topic_len},
                           .payload = in(payload, payload_len),
                           .qos = packet_id != 0 ? mqtt5::qos::at_least_once : mqtt5::qos::at_most_once,
                           .packet_id = packet_id};
    return status(mqtt5::encode(p, out(buf, cap), eopt()));
}

int fw_decode_publish(const std::uint8_t* buf, std::size_t len, std::uint16_t* packet_id) {
    const auto r = mqtt5::decode<mqtt5::publish>(in(buf, len), dopt());
    if (!r) return -static_cast<int>(r.error().code);
    *packet_id = r->packet_id;
    return static_cast<int>(r->payload.size());
}

int fw_encode_connect(std::uint8_t* buf, std::size_t cap, const char* client_id, std::size_t len, std::uint16_t keep_alive) {
    const mqtt5::connect c{.client_id = {client_id, len}, .keep_alive = keep_alive, .clean_start = true};
    return status(mqtt5::encode(c, out(buf, cap), eopt()));
}

int fw_decode_connect(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::connect>(in(buf, len), dopt());
    return r ? r->keep_alive : -static_cast<int>(r.error().code);
}

int fw_encode_subscribe(std::uint8_t* buf, std::size_t cap, const char* filter, std::size_t len, std::uint16_t packet_id) {
    const mqtt5::subscription subs[] = {{.topic_filter = {filter, len}, .max_qos = mqtt5::qos::at_least_once}};
    const mqtt5::subscribe s{.packet_id = packet_id, .subscriptions = subs};
    return status(mqtt5::encode(s, out(buf, cap), eopt()));
}

int fw_decode_subscribe(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::subscribe>(in(buf, len), dopt());
    return r ? static_cast<int>(r->subscriptions.size()) : -static_cast<int>(r.error().code);
}

int fw_encode_puback(std::uint8_t* buf, std::size_t cap, std::uint16_t packet_id, std::uint8_t reason) {
    const mqtt5::puback a{.packet_id = packet_id, .reason = static_cast<mqtt5::reason_code>(reason)};
    return status(mqtt5::encode(a, out(buf, cap), eopt()));
}

int fw_decode_puback(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::puback>(in(buf, len), dopt());
    return r ? static_cast<int>(r->reason) : -static_cast<int>(r.error().code);
}

int fw_encode_disconnect(std::uint8_t* buf, std::size_t cap, std::uint8_t reason) {
    const mqtt5::disconnect d{.reason = static_cast<mqtt5::reason_code>(reason)};
    return status(mqtt5::encode(d, out(buf, cap), eopt()));
}

int fw_decode_disconnect(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::disconnect>(in(buf, len), dopt());
    return r ? static_cast<int>(r->reason) : -static_cast<int>(r.error().code);
}

}  // extern "C"
