// A fault-injecting TCP proxy on loopback, between a device and a broker: it plays the part of AWS IoT Core
// Device Advisor's endpoint, which misbehaves on purpose. Each direction of each connection is cut into whole
// packets by an mqtt5::framer and decoded; a rule, called for every packet, decides what becomes of it:
// pass it on, withhold it (a CONNACK, SUBACK, PUBACK or PINGRESP that never comes), drop the connection, or
// answer the device with a server DISCONNECT and close. Every packet and every open / close is recorded with
// its time, for the test to judge the device by. One thread; every wait bounded; test code only.
#pragma once

#include "connection.hpp"
#include "support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace device_advisor_test {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

enum class side : std::uint8_t { device, broker };  // who sent a packet

// One packet that crossed the proxy (or was stopped there).
struct seen_packet {
    int connection{};  // 1 for the first connection the proxy accepted
    side from{};
    clock::time_point at{};
    mqtt5::packet_type type{};
    bool dup{};
    bool clean_start{};       // CONNECT
    bool session_present{};   // CONNACK
    std::uint16_t packet_id{};
    std::string line{};       // interop::to_line of the decoded packet
    bool forwarded{};         // false: withheld (or replaced by the proxy's DISCONNECT)
};

// A connection's life, as the proxy saw it.
struct connection_record {
    int connection{};
    clock::time_point accepted{};
    clock::time_point ended{};
    bool over{};
    std::string how{};  // "device closed", "broker closed", "dropped by the proxy", "DISCONNECT by the proxy"
};

enum class action : std::uint8_t {
    pass,                  // passed on
    withhold,              // never passed on
    drop,                  // not passed on; the connection is closed (both sides), without a word
    disconnect,            // not passed on; the device gets a server DISCONNECT (v5), then both sides are closed
    pass_then_drop,        // passed on, then as drop
    pass_then_disconnect,  // passed on, then as disconnect
};

struct verdict {
    action what{action::pass};
    mqtt5::reason_code reason{mqtt5::reason_code::server_shutting_down};  // with action::disconnect
};

// Called on the proxy's thread for every packet, before it is passed on.
using rule = std::function<verdict(const seen_packet&)>;

class fault_proxy {
public:
    fault_proxy(std::uint16_t broker_port, rule decide) : broker_port_(broker_port), decide_(std::move(decide)) {
        const auto listener = interop_test::listen_on_loopback("proxy", 8);
        listen_fd_ = listener.fd;
        port_ = listener.port;
        interop::check(::pipe2(wake_, O_CLOEXEC) == 0, "proxy: pipe failed");
        thread_ = std::thread([this] { run(); });
    }
    fault_proxy(const fault_proxy&) = delete;
    fault_proxy& operator=(const fault_proxy&) = delete;
    ~fault_proxy() {
        stop_ = true;
        const char c = 0;
        (void)!::write(wake_[1], &c, 1);
        thread_.join();
        for (auto& l : links_) close_link(*l, "proxy stopped");
        ::close(listen_fd_);
        ::close(wake_[0]);
        ::close(wake_[1]);
    }

    std::uint16_t port() const noexcept { return port_; }

    std::vector<seen_packet> packets() const {
        std::lock_guard lock(mutex_);
        return packets_;
    }
    std::vector<connection_record> connections() const {
        std::lock_guard lock(mutex_);
        return connections_;
    }
    std::string error() const {
        std::lock_guard lock(mutex_);
        return error_;
    }
    // Every packet and connection event, one per line, times in ms since the first connection.
    std::string transcript() const;

private:
    struct link {
        int connection{};
        int device_fd{-1};
        int broker_fd{-1};
        mqtt5::protocol_version version{mqtt5::protocol_version::v5};
        bool version_known{};
        std::vector<std::byte> device_storage = std::vector<std::byte>(65536);
        std::vector<std::byte> broker_storage = std::vector<std::byte>(65536);
        mqtt5::framer from_device{device_storage};
        mqtt5::framer from_broker{broker_storage};
    };

    void run() {
        while (!stop_) {
            std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
            for (const auto& l : links_) {
                fds.push_back({l->device_fd, POLLIN, 0});
                fds.push_back({l->broker_fd, POLLIN, 0});
            }
            if (::poll(fds.data(), fds.size(), 200) <= 0) continue;
            if (fds[0].revents & POLLIN) accept_one();
            for (std::size_t i = 0; i < links_.size(); ++i) {
                auto& l = *links_[i];
                if (fds[2 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR)) relay(l, side::device);
                if (l.device_fd >= 0 && (fds[3 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR))) relay(l, side::broker);
            }
            std::erase_if(links_, [](const std::unique_ptr<link>& l) { return l->device_fd < 0; });
        }
    }

    void accept_one() {
        const int device = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (device < 0) return;
        const int broker = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(broker_port_);
        if (broker < 0 || ::connect(broker, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            note_error("proxy: cannot reach the broker on port " + std::to_string(broker_port_));
            ::close(device);
            if (broker >= 0) ::close(broker);
            return;
        }
        const int one = 1;
        ::setsockopt(device, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(broker, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto l = std::make_unique<link>();
        l->connection = ++accepted_;
        l->device_fd = device;
        l->broker_fd = broker;
        {
            std::lock_guard lock(mutex_);
            connections_.push_back({.connection = l->connection, .accepted = clock::now()});
        }
        links_.push_back(std::move(l));
    }

    // Reads what `from` sent, frames it and passes on (or not) each whole packet.
    void relay(link& l, side from) {
        const int in = from == side::device ? l.device_fd : l.broker_fd;
        std::array<std::byte, 16384> buffer{};
        const auto n = ::recv(in, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
            close_link(l, from == side::device ? "device closed" : "broker closed");
            return;
        }
        auto& framer = from == side::device ? l.from_device : l.from_broker;
        framer.feed(std::span<const std::byte>{buffer.data(), static_cast<std::size_t>(n)});
        for (;;) {
            const auto frame = framer.next();
            if (frame.status == mqtt5::frame_status::need_more) return;
            if (frame.status == mqtt5::frame_status::error) {
                note_error("proxy: framing error from the " + std::string(from == side::device ? "device" : "broker"));
                close_link(l, "framing error");
                return;
            }
            if (!on_packet(l, from, frame.packet)) return;  // the connection is over
        }
    }

    // false when the connection was closed.
    bool on_packet(link& l, side from, std::span<const std::byte> bytes) {
        if (from == side::device && !l.version_known) {
            const auto selection = mqtt5::select_protocol_version(bytes);
            l.version = selection.version;
            l.version_known = true;
        }
        seen_packet p{.connection = l.connection, .from = from, .at = clock::now()};
        const auto decoded = mqtt5::decode(bytes, {.version = l.version,
                                                   .sender = from == side::device ? mqtt5::role::client : mqtt5::role::server});
        if (!decoded) {
            note_error("proxy: undecodable packet " + interop::hex(bytes));
            p.line = "undecodable " + interop::hex(bytes);
        } else {
            p.type = mqtt5::type_of(*decoded);
            p.line = interop::to_line(*decoded);
            p.packet_id = interop::packet_id_of(*decoded);
            if (const auto* pub = std::get_if<mqtt5::publish>(&*decoded)) p.dup = pub->dup;
            if (const auto* c = std::get_if<mqtt5::connect>(&*decoded)) p.clean_start = c->clean_start;
            if (const auto* c = std::get_if<mqtt5::connack>(&*decoded)) p.session_present = c->session_present;
        }
        const auto v = decide_ ? decide_(p) : verdict{};
        p.forwarded = v.what == action::pass || v.what == action::pass_then_drop || v.what == action::pass_then_disconnect;
        {
            std::lock_guard lock(mutex_);
            packets_.push_back(p);
        }
        if (p.forwarded) {
            const int out = from == side::device ? l.broker_fd : l.device_fd;
            if (!write_all(out, bytes)) {
                close_link(l, from == side::device ? "broker closed" : "device closed");
                return false;
            }
        }
        switch (v.what) {
        case action::pass:
        case action::withhold: return true;
        case action::drop:
        case action::pass_then_drop: close_link(l, "dropped by the proxy"); return false;
        case action::disconnect:
        case action::pass_then_disconnect: {
            // The server's DISCONNECT (v5; a 3.1.1 server has none and only closes), then both sides are closed.
            const mqtt5::encode_options encoding{.version = l.version};
            const mqtt5::packet d{mqtt5::disconnect{.reason = v.reason}};
            std::vector<std::byte> out(mqtt5::encoded_size(d, encoding).value_or(0));
            if (l.version == mqtt5::protocol_version::v5 && !out.empty() && mqtt5::encode(d, out, encoding)) {
                (void)write_all(l.device_fd, out);
                std::lock_guard lock(mutex_);
                packets_.push_back({.connection = l.connection, .from = side::broker, .at = clock::now(),
                                    .type = mqtt5::packet_type::disconnect, .line = "(proxy) " + interop::to_line(d),
                                    .forwarded = true});
            }
            close_link(l, "DISCONNECT by the proxy");
            return false;
        }
        }
        return true;
    }

    static bool write_all(int fd, std::span<const std::byte> bytes) {
        while (!bytes.empty()) {
            const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes = bytes.subspan(static_cast<std::size_t>(n));
        }
        return true;
    }

    void close_link(link& l, const std::string& how) {
        if (l.device_fd < 0) return;
        ::close(l.device_fd);
        ::close(l.broker_fd);
        l.device_fd = l.broker_fd = -1;
        std::lock_guard lock(mutex_);
        for (auto& c : connections_)
            if (c.connection == l.connection && !c.over) {
                c.over = true;
                c.ended = clock::now();
                c.how = how;
            }
    }

    void note_error(const std::string& what) {
        std::lock_guard lock(mutex_);
        if (error_.empty()) error_ = what;
    }

    std::uint16_t broker_port_{};
    rule decide_{};
    int listen_fd_{-1};
    int wake_[2]{-1, -1};
    std::uint16_t port_{};
    int accepted_{};
    std::vector<std::unique_ptr<link>> links_{};
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_{};
    std::vector<seen_packet> packets_{};
    std::vector<connection_record> connections_{};
    std::string error_{};
    std::thread thread_{};
};

inline std::string fault_proxy::transcript() const {
    const auto packets = this->packets();
    const auto conns = connections();
    if (conns.empty()) return "(no connection)\n";
    const auto t0 = conns.front().accepted;
    std::vector<std::pair<clock::time_point, std::string>> lines;
    for (const auto& c : conns) {
        lines.emplace_back(c.accepted, "#" + std::to_string(c.connection) + " accepted");
        if (c.over) lines.emplace_back(c.ended, "#" + std::to_string(c.connection) + " " + c.how);
    }
    for (const auto& p : packets)
        lines.emplace_back(p.at, "#" + std::to_string(p.connection) + (p.from == side::device ? " device -> " : " broker -> ") +
                                     p.line + (p.forwarded ? "" : "   [withheld]"));
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& [t, text] : lines)
        out += std::to_string(std::chrono::duration_cast<milliseconds>(t - t0).count()) + " ms  " + text + "\n";
    return out;
}

}  // namespace device_advisor_test
