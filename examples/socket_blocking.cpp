// Reading MQTT packets from a blocking socket: read() into a buffer, feed() it to the framer, next() until
// it says need_more, decode each packet. The README's "Reading from a socket" shows read_packets() below.
//
// Self-contained: the peer is a thread on the other end of a socketpair() that plays a server and writes
// canned packets split at awkward boundaries (a fixed header cut after its first byte, several packets in
// one write, a 300-byte PUBLISH in pieces). Exits 0 when every packet arrived as sent.
#include <mqtt5.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace {

// What the program keeps of a PUBLISH. A decoded packet's topic and payload are views into the read buffer
// or the framer's storage, which the next read() or next() reuses: whatever must outlive that is copied.
struct message {
    std::string topic;
    std::string payload;
    std::uint16_t packet_id{};
};

struct session_log {
    std::vector<message> messages;
    std::vector<mqtt5::packet_type> packets;  // every packet type in arrival order
    std::size_t reassembled{};                // packets that straddled reads (copied into the framer's storage)
};

// The blocking read loop. Returns 0 at a clean end of stream, -1 on a socket, framing or decode error.
int read_packets(int fd, session_log& log) {
    std::array<std::byte, 64> rx{};          // read() lands here; small so that packets straddle reads (use 4 KiB+)
    std::array<std::byte, 1024> storage{};   // a packet split across reads is reassembled here
    mqtt5::framer framer{storage};
    std::array<char, mqtt5::max_formatted_error_size> text{};
    for (;;) {
        const ssize_t n = ::read(fd, rx.data(), rx.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::perror("read"), -1;
        if (n == 0) {  // the peer closed: fine only between packets
            const auto e = framer.finish();
            if (e.code == mqtt5::errc::ok) return 0;
            return std::printf("stream ends inside a packet: %.*s\n", static_cast<int>(mqtt5::format_error(e, text)), text.data()), -1;
        }
        framer.feed(std::span{rx}.first(static_cast<std::size_t>(n)));  // rx must stay as it is until need_more
        for (;;) {
            const mqtt5::frame_result frame = framer.next();
            if (frame.status == mqtt5::frame_status::need_more) break;  // rx is free: read() again
            if (frame.status == mqtt5::frame_status::error)
                return std::printf("framing: %.*s at stream offset %zu\n", static_cast<int>(mqtt5::format_error(frame.err, text)),
                                   text.data(), frame.stream_offset), -1;
            const auto packet = mqtt5::decode(frame.packet, {.sender = mqtt5::role::server});
            if (!packet)  // send DISCONNECT with packet.error().reason, then close
                return std::printf("decode: %.*s\n", static_cast<int>(mqtt5::format_error(packet.error(), text)), text.data()), -1;
            // From here until the next call to next() or feed(), the packet's views are valid.
            if (frame.packet.data() >= storage.data() && frame.packet.data() < storage.data() + storage.size()) ++log.reassembled;
            log.packets.push_back(mqtt5::type_of(*packet));
            if (const auto* p = std::get_if<mqtt5::publish>(&*packet))
                log.messages.push_back({std::string{p->topic}, std::string{mqtt5::as_text(p->payload)}, p->packet_id});
        }
    }
}

// ---- The peer -------------------------------------------------------------------------------------------

template <class Packet>
void append(std::vector<std::byte>& stream, const Packet& p) {
    const auto size = mqtt5::encoded_size(p);
    if (!size) {
        std::printf("canned packet refused: %.*s\n", static_cast<int>(mqtt5::to_string(size.error().code).size()),
                    mqtt5::to_string(size.error().code).data());
        std::exit(2);
    }
    const auto at = stream.size();
    stream.resize(at + *size);
    if (!mqtt5::encode(p, std::span{stream}.subspan(at))) std::exit(2);
}

const std::string big_payload(300, 'x');

std::vector<std::byte> server_stream() {
    std::vector<std::byte> stream;
    append(stream, mqtt5::connack{});
    std::array<std::byte, 64> property_storage{};
    const auto properties =
        mqtt5::property_builder<mqtt5::place::publish>{property_storage}.message_expiry_interval(60).user_property("unit", "C").build();
    if (!properties) std::exit(2);
    append(stream, mqtt5::publish{.topic = "sensors/t1", .payload = mqtt5::text_as_bytes("21.5"), .qos = mqtt5::qos::at_least_once,
                                  .packet_id = 7, .properties = *properties});
    const std::array granted{mqtt5::reason_code::granted_qos_1};
    append(stream, mqtt5::suback{.packet_id = 1, .reason_codes = granted});
    append(stream, mqtt5::publish{.topic = "logs/big", .payload = mqtt5::text_as_bytes(big_payload)});
    append(stream, mqtt5::pingresp{});
    append(stream, mqtt5::disconnect{.reason = mqtt5::reason_code::server_shutting_down});
    return stream;
}

// Writes the stream in pieces of 1, 2, 3, 5, 8, ... bytes (cycling), pausing between writes so that they
// reach the reader as separate reads, then closes its end.
void serve(int fd, std::vector<std::byte> stream) {
    static constexpr std::size_t pieces[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89};
    std::size_t at = 0;
    for (std::size_t i = 0; at < stream.size(); ++i) {
        const auto n = std::min(pieces[i % std::size(pieces)], stream.size() - at);
        if (::write(fd, stream.data() + at, n) != static_cast<ssize_t>(n)) break;
        at += n;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fd);
}

}  // namespace

int main() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return std::perror("socketpair"), 1;
    std::thread server{serve, fds[1], server_stream()};
    session_log log;
    const int rc = read_packets(fds[0], log);
    server.join();
    ::close(fds[0]);
    if (rc != 0) return 1;

    using t = mqtt5::packet_type;
    const std::vector<t> expected{t::connack, t::publish, t::suback, t::publish, t::pingresp, t::disconnect};
    const bool ok = log.packets == expected && log.messages.size() == 2 && log.messages[0].topic == "sensors/t1" &&
                    log.messages[0].payload == "21.5" && log.messages[0].packet_id == 7 && log.messages[1].topic == "logs/big" &&
                    log.messages[1].payload == big_payload && log.reassembled >= 1;
    for (const auto& m : log.messages)
        std::printf("PUBLISH %s (%zu bytes, id %u)\n", m.topic.c_str(), m.payload.size(), static_cast<unsigned>(m.packet_id));
    std::printf("%zu packets, %zu reassembled across reads: %s\n", log.packets.size(), log.reassembled, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
