// A firmware-style translation unit: the codec calls a Cortex-M4 device makes, behind extern "C" entry
// points, so bench/size/measure.sh can report what they cost in flash and RAM.
#include <mqtt5.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {
std::span<const std::byte> in(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }
std::span<std::byte> out(std::uint8_t* p, std::size_t n) { return {reinterpret_cast<std::byte*>(p), n}; }
// 0 or a negative errc, or the byte count: the usual C convention.
int status(const mqtt5::result<std::size_t>& r) { return r ? static_cast<int>(*r) : -static_cast<int>(r.error().code); }
}  // namespace

extern "C" {

int fw_encode_publish(std::uint8_t* buf, std::size_t cap, const char* topic, std::size_t topic_len, const std::uint8_t* payload,
                      std::size_t payload_len, std::uint16_t packet_id) {
    const mqtt5::publish p{.topic = {topic, topic_len},
                           .payload = in(payload, payload_len),
                           .qos = packet_id != 0 ? mqtt5::qos::at_least_once : mqtt5::qos::at_most_once,
                           .packet_id = packet_id};
    return status(mqtt5::encode(p, out(buf, cap)));
}

int fw_decode_publish(const std::uint8_t* buf, std::size_t len, std::uint16_t* packet_id) {
    const auto r = mqtt5::decode<mqtt5::publish>(in(buf, len));
    if (!r) return -static_cast<int>(r.error().code);
    *packet_id = r->packet_id;
    return static_cast<int>(r->payload.size());
}

int fw_encode_connect(std::uint8_t* buf, std::size_t cap, const char* client_id, std::size_t len, std::uint16_t keep_alive) {
    const mqtt5::connect c{.client_id = {client_id, len}, .keep_alive = keep_alive, .clean_start = true};
    return status(mqtt5::encode(c, out(buf, cap)));
}

int fw_decode_connect(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::connect>(in(buf, len));
    return r ? r->keep_alive : -static_cast<int>(r.error().code);
}

int fw_encode_subscribe(std::uint8_t* buf, std::size_t cap, const char* filter, std::size_t len, std::uint16_t packet_id) {
    const mqtt5::subscription subs[] = {{.topic_filter = {filter, len}, .max_qos = mqtt5::qos::at_least_once}};
    const mqtt5::subscribe s{.packet_id = packet_id, .subscriptions = subs};
    return status(mqtt5::encode(s, out(buf, cap)));
}

int fw_decode_subscribe(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::subscribe>(in(buf, len));
    return r ? static_cast<int>(r->subscriptions.size()) : -static_cast<int>(r.error().code);
}

int fw_encode_puback(std::uint8_t* buf, std::size_t cap, std::uint16_t packet_id, std::uint8_t reason) {
    const mqtt5::puback a{.packet_id = packet_id, .reason = static_cast<mqtt5::reason_code>(reason)};
    return status(mqtt5::encode(a, out(buf, cap)));
}

int fw_decode_puback(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::puback>(in(buf, len));
    return r ? static_cast<int>(r->reason) : -static_cast<int>(r.error().code);
}

int fw_encode_disconnect(std::uint8_t* buf, std::size_t cap, std::uint8_t reason) {
    const mqtt5::disconnect d{.reason = static_cast<mqtt5::reason_code>(reason)};
    return status(mqtt5::encode(d, out(buf, cap)));
}

int fw_decode_disconnect(const std::uint8_t* buf, std::size_t len) {
    const auto r = mqtt5::decode<mqtt5::disconnect>(in(buf, len));
    return r ? static_cast<int>(r->reason) : -static_cast<int>(r.error().code);
}

}  // extern "C"
