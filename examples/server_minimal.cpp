// A minimal MQTT server (v5, 3.1.1 and 3.1) on mqtt5's connection layer: it listens on a loopback port,
// takes a few clients at once, checks every packet they send with server_connection::receive, answers
// CONNACK, SUBACK and UNSUBACK itself and sends the acks the layer makes due (PUBACK, PUBREC, PUBCOMP,
// PUBREL, PINGRESP), delivers each PUBLISH to the clients whose subscriptions match it (mqtt5::topic_matches,
// at the lower of the two QoS, the layer choosing the Packet Identifier), and on a violation sends DISCONNECT
// (v5) with the reason code the layer gives, then closes. No retained messages, no sessions kept after a
// client leaves, no Will, no shared subscriptions: its v5 CONNACK says so, and the layer enforces it.
//
//   server_minimal 1883 &                                              # serve on 127.0.0.1:1883 until killed
//   mosquitto_sub -p 1883 -V mqttv5 -t 'demo/#' -q 2 &
//   mosquitto_pub -p 1883 -V mqttv311 -t demo/a -q 1 -m hello        # mosquitto_sub prints: hello
//
// Without arguments (the ctest test example.server_minimal) it tests itself: it serves on a free loopback port
// in a thread and runs clients of its own against it (the interop client, interop/connection.hpp), at v5 and
// 3.1.1: QoS 0, 1 and 2 from a publisher to a wildcard subscriber, nothing for a topic that does not match, and
// DISCONNECT 0x94 for a Topic Alias the server did not allow. Exit status 0 when all of it holds.
#include "interop/scenarios.hpp"  // interop::connection and its check helpers, for the self-test

#include <mqtt5.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

mqtt5::millis now_ms() {
    using namespace std::chrono;
    return static_cast<mqtt5::millis>(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

// One connected client: its socket, its framer, its connection layer, its subscriptions.
struct client {
    int fd{-1};
    std::string name{};
    bool version_known{};
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};
    mqtt5::server_connection<> conn{};
    std::vector<std::pair<std::string, mqtt5::qos>> subscriptions{};
    std::vector<std::byte> storage = std::vector<std::byte>(std::size_t{1} << 16);
    mqtt5::framer framer{storage, {.max_packet_size = storage.size()}};
    std::array<std::byte, 64> connack_properties{};
};

class server {
public:
    // Listens on 127.0.0.1:port (0: a free port, see port()).
    explicit server(std::uint16_t port) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(port);
        socklen_t len = sizeof addr;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 8) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw interop::failure("cannot listen on 127.0.0.1:" + std::to_string(port));
        port_ = ntohs(addr.sin_port);
    }
    server(const server&) = delete;
    server& operator=(const server&) = delete;
    ~server() {
        for (auto& c : clients_) ::close(c->fd);
        ::close(listener_);
    }
    std::uint16_t port() const noexcept { return port_; }

    // Waits up to `timeout_ms` for the sockets, then handles what arrived and what Keep Alive says.
    void step(int timeout_ms) {
        std::vector<pollfd> fds{{listener_, POLLIN, 0}};
        for (const auto& c : clients_) fds.push_back({c->fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), timeout_ms) > 0) {
            for (std::size_t i = 1; i < fds.size(); ++i)
                if (fds[i].revents != 0) read_from(*clients_[i - 1]);
            if (fds[0].revents & POLLIN) accept_one();
        }
        for (auto& c : clients_)  // Keep Alive: nothing from the Client for 1.5 x Keep Alive [MQTT-3.1.2-22]
            if (c->fd >= 0 && c->conn.poll(now_ms()) == mqtt5::keep_alive_event::timeout)
                refuse(*c, mqtt5::make_error(mqtt5::errc::keep_alive_timeout, 0), "keep alive");
        std::erase_if(clients_, [](const auto& c) { return c->fd < 0; });
    }

private:
    void accept_one() {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        auto c = std::make_unique<client>();
        c->fd = fd;
        c->name = "client " + std::to_string(++accepted_);
        c->conn.open(now_ms());  // the version comes with the CONNECT
        log(*c, "connected");
        clients_.push_back(std::move(c));
    }

    void read_from(client& c) {
        std::array<std::byte, 4096> chunk{};
        const auto n = ::recv(c.fd, chunk.data(), chunk.size(), 0);
        if (n <= 0) return close(c, "closed by the client");
        c.framer.feed({chunk.data(), static_cast<std::size_t>(n)});
        for (auto f = c.framer.next(); c.fd >= 0; f = c.framer.next()) {
            if (f.status == mqtt5::frame_status::need_more) return;
            if (f.status == mqtt5::frame_status::error) return refuse(c, f.err, "framing");
            handle(c, f.packet);
        }
    }

    void handle(client& c, std::span<const std::byte> bytes) {
        if (!c.version_known) {  // the CONNECT's protocol level decides how everything after it is decoded
            const auto sel = mqtt5::select_protocol_version(bytes);
            if (sel.refusal != mqtt5::version_refusal::none) return close(c, "refused protocol version");
            c.version = sel.version;
            c.version_known = true;
            c.conn.set_protocol_version(sel.version);
        }
        const auto decoded = mqtt5::decode(bytes, {.version = c.version, .sender = mqtt5::role::client});
        if (!decoded) return refuse(c, decoded.error(), "decode");
        const auto r = c.conn.receive(*decoded, bytes.size(), now_ms());
        if (!r) return refuse(c, r.error(), std::string(mqtt5::to_string(mqtt5::type_of(*decoded))));
        std::visit([&](const auto& p) { on_packet(c, p, *r); }, *decoded);
        if (const auto ack = mqtt5::ack_packet(r->ack)) send(c, *ack);
        if (r->ended) close(c, "DISCONNECT");
    }

    void on_packet(client& c, const mqtt5::connect& p, const mqtt5::received&) {
        mqtt5::connack ack{.session_present = c.conn.session_present_due()};
        if (c.version == mqtt5::protocol_version::v5) {  // what this server does not do, the layer then refuses
            mqtt5::property_builder<mqtt5::place::connack> b{c.connack_properties};
            b.retain_available(0).shared_subscription_available(0).subscription_identifier_available(0);
            if (p.client_id.empty()) b.assigned_client_identifier("auto-" + std::to_string(accepted_));  // [MQTT-3.2.2-16]
            ack.properties = *b.build();
        }
        log(c, "CONNECT " + std::string(p.client_id) + " (protocol level " + std::to_string(static_cast<int>(c.version)) + ")");
        send(c, ack);
    }
    void on_packet(client& c, const mqtt5::subscribe& p, const mqtt5::received& r) {
        std::vector<mqtt5::reason_code> granted;
        for (const auto s : p.subscriptions) {
            std::erase_if(c.subscriptions, [&](const auto& e) { return e.first == s.topic_filter; });
            c.subscriptions.emplace_back(std::string(s.topic_filter), s.max_qos);
            granted.push_back(static_cast<mqtt5::reason_code>(s.max_qos));  // Granted QoS 0, 1 or 2
            log(c, "SUBSCRIBE " + std::string(s.topic_filter));
        }
        send(c, mqtt5::suback{.packet_id = r.ack.packet_id, .reason_codes = std::span<const mqtt5::reason_code>(granted)});
    }
    void on_packet(client& c, const mqtt5::unsubscribe& p, const mqtt5::received& r) {
        std::vector<mqtt5::reason_code> codes;
        for (const auto f : p.topic_filters)
            codes.push_back(std::erase_if(c.subscriptions, [&](const auto& e) { return e.first == f; }) != 0
                                ? mqtt5::reason_code::success
                                : mqtt5::reason_code::no_subscription_existed);
        if (c.version != mqtt5::protocol_version::v5) codes.clear();  // a 3.1.1 UNSUBACK has no payload
        send(c, mqtt5::unsuback{.packet_id = r.ack.packet_id, .reason_codes = std::span<const mqtt5::reason_code>(codes)});
    }
    void on_packet(client& c, const mqtt5::publish& p, const mqtt5::received& r) {
        if (!r.deliver) return;  // a QoS 2 PUBLISH sent again before its PUBREL: delivered already
        log(c, "PUBLISH " + std::string(r.topic) + " QoS " + std::to_string(static_cast<int>(p.qos)));
        for (auto& to : clients_) {
            if (to->fd < 0 || to->conn.state() != mqtt5::connection_state::connected) continue;
            auto best = -1;  // the highest QoS among the matching subscriptions of this client
            for (const auto& [filter, qos] : to->subscriptions)
                if (mqtt5::topic_matches(filter, r.topic)) best = std::max(best, static_cast<int>(qos));
            if (best < 0) continue;
            // The layer chooses the Packet Identifier; a full window (errc::send_quota_exhausted) drops the message
            // here, where a real server would queue it.
            const auto qos = static_cast<mqtt5::qos>(std::min(best, static_cast<int>(p.qos)));
            send(*to, mqtt5::publish{.topic = r.topic, .payload = p.payload, .qos = qos});
        }
    }
    template <class P> void on_packet(client&, const P&, const mqtt5::received&) {}  // the layer did the rest

    // The layer checks and completes the packet, then it is encoded and written (blocking, bounded).
    void send(client& c, mqtt5::packet p) {
        if (const auto n = c.conn.send(p, now_ms()); !n) {
            log(c, "not sent (" + std::string(mqtt5::to_string(mqtt5::type_of(p))) + "): " + interop::error_text(n.error()));
            return;
        }
        const mqtt5::encode_options options{.version = c.version};
        std::vector<std::byte> out(mqtt5::encoded_size(p, options).value_or(0));
        if (out.empty() || !mqtt5::encode(p, out, options)) return close(c, "cannot encode");
        std::span<const std::byte> rest{out};
        while (!rest.empty()) {
            const auto n = ::send(c.fd, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (n <= 0) return close(c, "write failed");
            rest = rest.subspan(static_cast<std::size_t>(n));
        }
    }

    // A violation: v5 gets DISCONNECT (CONNACK before the handshake is done) with the layer's reason code;
    // 3.1.1 has none, the server just closes.
    void refuse(client& c, const mqtt5::error& e, const std::string& what) {
        log(c, what + ": " + std::string(mqtt5::to_string(e.code)) + ", reason 0x" + interop::hex2(static_cast<unsigned>(e.reason)));
        if (c.version_known && c.version == mqtt5::protocol_version::v5) {
            if (c.conn.state() == mqtt5::connection_state::connected) send(c, mqtt5::disconnect{.reason = e.reason});
            else if (c.conn.state() == mqtt5::connection_state::connecting) send(c, mqtt5::connack{.reason = e.reason});
        }
        close(c, "after a violation");
    }

    void close(client& c, const std::string& why) {
        if (c.fd < 0) return;
        log(c, "closed: " + why);
        ::close(c.fd);
        c.fd = -1;
        c.conn.close(now_ms());
    }

    static void log(const client& c, const std::string& text) { std::printf("[%s] %s\n", c.name.c_str(), text.c_str()); }

    int listener_{-1};
    std::uint16_t port_{};
    int accepted_{};
    std::vector<std::unique_ptr<client>> clients_{};
};

// ---- self-test: clients of our own, over loopback ---------------------------------------------------------

void self_test_at(std::uint16_t port, mqtt5::protocol_version version) {
    using interop::check, interop::check_eq, interop::bytes_of;
    const std::string tag = version == mqtt5::protocol_version::v5 ? "v5" : "v311";
    const auto join = [&](interop::connection& c, const std::string& id) {
        c.set_version(version);
        c.connect("127.0.0.1", port);
        c.send(mqtt5::connect{.client_id = id, .keep_alive = 30, .clean_start = true});
        check_eq(c.expect<mqtt5::connack>().as<mqtt5::connack>().reason, mqtt5::reason_code::success, "CONNACK");
    };
    interop::connection sub{"sub-" + tag}, pub{"pub-" + tag};
    join(sub, "self-sub-" + tag);
    const std::string filter = "selftest/+/x", topic = "selftest/" + tag + "/x", other = "selftest/" + tag + "/y";
    const std::array<mqtt5::subscription, 1> subs{{{.topic_filter = filter, .max_qos = mqtt5::qos::exactly_once}}};
    sub.send(mqtt5::subscribe{.subscriptions = subs});
    check(*sub.expect<mqtt5::suback>().as<mqtt5::suback>().reason_codes.begin() == mqtt5::reason_code::granted_qos_2, "SUBACK QoS 2");
    join(pub, "self-pub-" + tag);
    const std::array<std::string, 3> payloads{"qos 0", "qos 1", "qos 2"};
    pub.send(mqtt5::publish{.topic = other, .payload = bytes_of("not for the subscriber")});
    pub.send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[0])});
    pub.send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[1]), .qos = mqtt5::qos::at_least_once});
    (void)pub.expect<mqtt5::puback>();
    pub.send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[2]), .qos = mqtt5::qos::exactly_once});
    (void)pub.expect<mqtt5::pubrec>();   // the client's layer answered PUBREL
    (void)pub.expect<mqtt5::pubcomp>();
    for (unsigned q = 0; q < 3; ++q) {
        const auto got = sub.expect<mqtt5::publish>();
        const auto& p = got.as<mqtt5::publish>();
        check_eq(p.topic, std::string_view{topic}, "delivered topic");
        check_eq(static_cast<unsigned>(p.qos), q, "delivered QoS");
        check_eq(interop::chars_of(p.payload), std::string_view{payloads[q]}, "delivered payload");
        if (q == 2) (void)sub.expect<mqtt5::pubrel>();
    }
    sub.send(mqtt5::pingreq{});
    (void)sub.expect<mqtt5::pingresp>();  // nothing else came before it: the other topic was not delivered

    if (version == mqtt5::protocol_version::v5) {
        // Topic Alias 1 to a server whose CONNACK allowed none [MQTT-3.3.2-9]: written past our own layer, the
        // server's layer refuses it with DISCONNECT 0x94.
        std::array<std::byte, 8> storage{};
        mqtt5::property_builder<mqtt5::place::publish> b{storage};
        b.topic_alias(1);
        const mqtt5::packet bad{mqtt5::publish{.topic = topic, .payload = bytes_of("aliased"), .properties = *b.build()}};
        std::vector<std::byte> out(*mqtt5::encoded_size(bad));
        (void)mqtt5::encode(bad, out);
        pub.send_raw(out);
        check_eq(pub.expect<mqtt5::disconnect>().as<mqtt5::disconnect>().reason, mqtt5::reason_code::topic_alias_invalid, "DISCONNECT reason");
        check(pub.wait_closed(), "the server closes after DISCONNECT");
    } else {
        pub.send(mqtt5::disconnect{});
        check(pub.wait_closed(), "the server closes after DISCONNECT");
    }
    sub.send(mqtt5::disconnect{});
    check(sub.wait_closed(), "the server closes after DISCONNECT");
}

int self_test() {
    server s{0};
    std::atomic<bool> stop{false};
    std::thread serving([&] {
        while (!stop) s.step(20);
    });
    int status = 0;
    try {
        self_test_at(s.port(), mqtt5::protocol_version::v5);
        self_test_at(s.port(), mqtt5::protocol_version::v311);
        std::printf("server_minimal self-test: ok\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "server_minimal self-test FAILED: %s\n", e.what());
        status = 1;
    }
    stop = true;
    serving.join();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one line at a time, also into a file
    if (argc < 2) return self_test();
    const long port = std::strtol(argv[1], nullptr, 10);
    if (port <= 0 || port > 65535) {
        std::fprintf(stderr, "usage: %s [PORT]   (no PORT: self-test)\n", argv[0]);
        return 2;
    }
    try {
        server s{static_cast<std::uint16_t>(port)};
        std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(s.port()));
        for (;;) s.step(1000);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
