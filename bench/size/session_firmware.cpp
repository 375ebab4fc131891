// A firmware-style Client on the connection layer (session/connection.hpp), behind extern "C" entry points, so
// bench/size/measure.sh (MQTT5_SIZE_PROBE=session) can report what it costs in flash and RAM: CONNECT / CONNACK,
// PUBLISH QoS 1 sent and its PUBACK received, a PUBLISH received and its PUBACK sent. Incoming bytes are decoded
// into the packet variant (a client does not know what comes next) and handed to receive(); every outgoing packet
// goes through send() and then encode(). The connection object is the only static RAM (bss).
// -DFW_SMALL picks a small capacity (2 exchanges each way, 2 aliases each way of 64 bytes) instead of the default.
#include <mqtt5.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

namespace {
#ifdef FW_SMALL
constexpr mqtt5::session_capacity capacity{2, 2, 2, 64, 2, 64, 64, 32, 16};
#else
constexpr mqtt5::session_capacity capacity{};
#endif
using connection = mqtt5::client_connection<capacity>;
connection conn;

std::span<const std::byte> in(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }
std::span<std::byte> out(std::uint8_t* p, std::size_t n) { return {reinterpret_cast<std::byte*>(p), n}; }

// send() then encode(): the byte count, or a negative errc.
template <class P> int send_and_encode(P& p, std::uint8_t* buf, std::size_t cap, mqtt5::millis now) {
    const auto s = conn.send(p, now);
    if (!s) return -static_cast<int>(s.error().code);
    const auto n = mqtt5::encode(p, out(buf, cap));
    return n ? static_cast<int>(*n) : -static_cast<int>(n.error().code);
}
}  // namespace

extern "C" {

#ifdef FW_SIZEOF_ONLY
// Compiled alone (never linked into the image): its size, in `nm -S`, is sizeof(connection).
extern const char fw_session_sizeof[sizeof(connection)];
const char fw_session_sizeof[sizeof(connection)] = {};
#endif

/// A new network connection: open() and the CONNECT into `buf`.
int fw_session_connect(std::uint8_t* buf, std::size_t cap, const char* client_id, std::size_t len, std::uint32_t now) {
    conn.open(now);
    mqtt5::connect c{.client_id = {client_id, len}, .keep_alive = 60, .clean_start = true};
    return send_and_encode(c, buf, cap, now);
}

/// One frame from the network (CONNACK, PUBACK, PUBLISH, ...): checked; the ack it calls for, if any, goes into
/// `ack_buf` (*ack_len bytes). 0, or a negative errc (then send DISCONNECT with that reason and close).
int fw_session_on_frame(const std::uint8_t* frame, std::size_t len, std::uint8_t* ack_buf, std::size_t cap,
                        std::size_t* ack_len, std::uint32_t now) {
    *ack_len = 0;
    const auto pkt = mqtt5::decode(in(frame, len), {.sender = mqtt5::role::server});
    if (!pkt) return -static_cast<int>(pkt.error().code);
    const auto r = conn.receive(*pkt, len, now);
    if (!r) return -static_cast<int>(r.error().code);
    if (auto ack = mqtt5::ack_packet(r->ack)) {
        const int n = std::visit([&](auto& a) { return send_and_encode(a, ack_buf, cap, now); }, *ack);
        if (n < 0) return n;
        *ack_len = static_cast<std::size_t>(n);
    }
    return 0;
}

/// PUBLISH QoS 1 of `payload` on `topic` into `buf`; the layer assigns the Packet Identifier.
int fw_session_publish(std::uint8_t* buf, std::size_t cap, const char* topic, std::size_t topic_len,
                       const std::uint8_t* payload, std::size_t payload_len, std::uint32_t now) {
    mqtt5::publish p{.topic = {topic, topic_len}, .payload = in(payload, payload_len), .qos = mqtt5::qos::at_least_once};
    return send_and_encode(p, buf, cap, now);
}

}  // extern "C"
