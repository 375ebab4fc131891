// Reading MQTT packets in an event loop: a non-blocking socket, poll() for readiness, then read() until
// EAGAIN; every chunk read is fed to the framer and next() runs until need_more. The README's "Reading from
// a socket" shows on_readable() below.
//
// Self-contained: the peer is a thread on the other end of a socketpair() that plays a server and writes
// canned packets split at awkward boundaries. Exits 0 when every packet arrived as sent.
#include <mqtt5.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace {

// One connection's reading state. rx and storage live as long as the connection: the framer and the
// packets it yields point into them.
struct connection {
    int fd{-1};
    std::array<std::byte, 4096> rx{};        // each read() lands here
    std::array<std::byte, 1024> storage{};   // a packet split across reads is reassembled here
    mqtt5::framer framer{storage};
    bool closed{};
    std::vector<std::string> topics;         // copies: the packets' views die at the next next() or feed()
    std::vector<mqtt5::packet_type> packets;
};

bool report(const char* what, const mqtt5::error& e) {
    std::array<char, mqtt5::max_formatted_error_size> text{};
    std::printf("%s: %.*s\n", what, static_cast<int>(mqtt5::format_error(e, text)), text.data());
    return false;
}

// Called when poll() reports the socket readable. Returns false on an error that ends the connection.
bool on_readable(connection& c) {
    for (;;) {
        const ssize_t n = ::read(c.fd, c.rx.data(), c.rx.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // drained: back to poll()
        if (n < 0) return std::perror("read"), false;
        if (n == 0) {  // the peer closed: fine only between packets
            c.closed = true;
            const auto e = c.framer.finish();
            return e.code == mqtt5::errc::ok || report("end of stream", e);
        }
        c.framer.feed(std::span{c.rx}.first(static_cast<std::size_t>(n)));
        for (auto frame = c.framer.next(); frame.status != mqtt5::frame_status::need_more; frame = c.framer.next()) {
            if (frame.status == mqtt5::frame_status::error) return report("framing", frame.err);
            const auto packet = mqtt5::decode(frame.packet, {.sender = mqtt5::role::server});
            if (!packet) return report("decode", packet.error());  // send DISCONNECT with its reason, then close
            // The packet's views are valid until the next next() or feed(): copy what must stay.
            c.packets.push_back(mqtt5::type_of(*packet));
            if (const auto* p = std::get_if<mqtt5::publish>(&*packet)) c.topics.emplace_back(p->topic);
        }
        // need_more: every byte of rx is taken in (copied to storage if a packet is incomplete): read again.
    }
}

// ---- The peer -------------------------------------------------------------------------------------------

template <class Packet>
void append(std::vector<std::byte>& stream, const Packet& p) {
    const auto size = mqtt5::encoded_size(p);
    if (!size) std::exit(2);
    const auto at = stream.size();
    stream.resize(at + *size);
    if (!mqtt5::encode(p, std::span{stream}.subspan(at))) std::exit(2);
}

const std::string big_payload(900, 'x');  // fits the 1024-byte storage: larger is packet_too_large

std::vector<std::byte> server_stream() {
    std::vector<std::byte> stream;
    append(stream, mqtt5::connack{.session_present = true});
    for (int i = 0; i < 20; ++i) {
        const std::string topic = "sensors/t" + std::to_string(i);
        append(stream, mqtt5::publish{.topic = topic, .payload = mqtt5::text_as_bytes(i == 10 ? std::string_view{big_payload} : "21.5")});
    }
    append(stream, mqtt5::pingresp{});
    return stream;
}

void serve(int fd, std::vector<std::byte> stream) {
    static constexpr std::size_t pieces[] = {1, 4, 7, 2, 50, 3, 300, 9, 1, 128};
    std::size_t at = 0;
    for (std::size_t i = 0; at < stream.size(); ++i) {
        const auto n = std::min(pieces[i % std::size(pieces)], stream.size() - at);
        if (::write(fd, stream.data() + at, n) != static_cast<ssize_t>(n)) break;
        at += n;
        if (i % 3 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fd);
}

}  // namespace

int main() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return std::perror("socketpair"), 1;
    if (::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK) != 0) return std::perror("fcntl"), 1;
    std::thread server{serve, fds[1], server_stream()};

    auto c = std::make_unique<connection>();  // large buffers: on the heap of this host program, not its stack
    c->fd = fds[0];
    bool ok = true;
    int wakeups = 0;
    while (ok && !c->closed) {
        pollfd p{c->fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 5000);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) {
            ok = false;  // error or 5 s without data
            break;
        }
        ++wakeups;
        ok = on_readable(*c);
    }
    server.join();
    ::close(fds[0]);

    ok = ok && c->packets.size() == 22 && c->packets.front() == mqtt5::packet_type::connack &&
         c->packets.back() == mqtt5::packet_type::pingresp && c->topics.size() == 20 && c->topics[19] == "sensors/t19";
    std::printf("%zu packets in %d wakeups, last topic %s: %s\n", c->packets.size(), wakeups,
                c->topics.empty() ? "-" : c->topics.back().c_str(), ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
