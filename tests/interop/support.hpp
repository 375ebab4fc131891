// Test support for the interop tests: the mosquitto broker of examples/interop/mosquitto.hpp (child processes
// stopped by pid, a temporary directory, a free loopback port), and a loopback "recorder" that plays a minimal
// MQTT server (v5, 3.1.1 or 3.1, as the client's CONNECT says) with the codec and keeps every byte a client sent. Every wait is bounded.
#pragma once

#include "connection.hpp"
#include "mosquitto.hpp"
#include "scenarios.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace interop_test {

using interop::milliseconds;
using clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// The broker, its process, directory and port, shared with examples/demos (examples/interop/mosquitto.hpp).
using interop::child_process;
using interop::find_executable;
using interop::free_loopback_port;
using interop::mosquitto_broker;
using interop::mosquitto_program;
using interop::read_file;
using interop::temp_dir;

inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

// The interpreter that has paho: $MQTT5_INTEROP_PYTHON, else Debian's /usr/bin/python3 (where the package
// python3-paho-mqtt installs; a pyenv or venv python3 earlier on PATH would not see it), else python3.
inline std::string python_program() {
    if (const char* env = std::getenv("MQTT5_INTEROP_PYTHON"); env != nullptr && *env != '\0') return env;
    if (::access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
    return find_executable("python3");
}

// Lines of a mosquitto log that mean a client was thrown out or misbehaved. Each test lists the lines it
// provoked on purpose (`allowed`, substrings); any other match fails the test.
inline std::vector<std::string> bad_log_lines(const std::string& log, const std::vector<std::string>& allowed) {
    static const char* const patterns[] = {"disconnected due to", "malformed", "protocol error", ", disconnecting",
                                           "disconnected:",       "socket error", "closed its connection",
                                           "exceeded timeout",    "not authorised", "error:"};
    std::vector<std::string> bad;
    for (const auto& line : split_lines(log)) {
        const auto lowered = interop::lower(line);
        bool matches = false;
        for (const auto* p : patterns) matches = matches || lowered.find(p) != std::string::npos;
        if (!matches) continue;
        bool ok = false;
        for (const auto& a : allowed) ok = ok || line.find(a) != std::string::npos;
        if (!ok) bad.push_back(line);
    }
    return bad;
}

// A socket listening on 127.0.0.1, on a port the kernel picks (the recorder's, the Device Advisor proxy's).
struct loopback_listener {
    int fd{-1};
    std::uint16_t port{};
};
inline loopback_listener listen_on_loopback(const std::string& who, int backlog) {
    loopback_listener l{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), 0};
    interop::check(l.fd >= 0, who + ": socket failed");
    const int one = 1;
    ::setsockopt(l.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(l.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 && ::listen(l.fd, backlog) == 0 &&
                    ::getsockname(l.fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    if (!ok) ::close(l.fd);
    interop::check(ok, who + ": cannot listen on 127.0.0.1");
    l.port = ntohs(addr.sin_port);
    return l;
}

// ---- the recorder ------------------------------------------------------------------------------------------

// A listening socket on 127.0.0.1 that accepts one client and answers it as a minimal MQTT server built
// on the connection layer, at the version mqtt5::select_protocol_version reads from the client's CONNECT (v5,
// 3.1.1, 3.1): CONNACK, SUBACK (granting the requested QoS), UNSUBACK; the acks the layer makes due
// (PUBACK, PUBREC, PUBCOMP, PUBREL for the recorder's own QoS 2 messages, PINGRESP) go out from
// interop::server_connection itself. It stops at DISCONNECT or when the client closes.
// Every packet the client sent is kept, with its bytes.
class recorder {
public:
    struct hooks {
        // Properties of the CONNACK (empty by default).
        mqtt5::property_block<mqtt5::place::connack> connack_properties{};
        // Called after each SUBACK, e.g. to send PUBLISHes to the client.
        std::function<void(interop::server_connection&, const mqtt5::subscribe&)> after_suback{};
    };

    explicit recorder(std::ostream* log) : log_(log) {
        const auto listener = listen_on_loopback("recorder", 4);
        fd_ = listener.fd;
        port_ = listener.port;
    }
    recorder(const recorder&) = delete;
    recorder& operator=(const recorder&) = delete;
    ~recorder() {
        if (fd_ >= 0) ::close(fd_);
    }

    std::uint16_t port() const noexcept { return port_; }

    // Accepts one connection (bounded; fails early when `client` exits first) and serves it until the
    // client's DISCONNECT, the end of its stream, or `budget` runs out (a failure).
    void serve(const std::string& source, child_process& client, const hooks& h, milliseconds budget = milliseconds{20000}) {
        const auto deadline = clock::now() + budget;
        interop::server_connection conn{source, log_};
        conn.set_observer([this](interop::direction d, const interop::received_packet& p) {
            if (d == interop::direction::sent) sent_lines.push_back(p.describe());
        });
        conn.select_version_on_connect();  // 3.1, 3.1.1 or v5: mqtt5::select_protocol_version on the CONNECT
        conn.adopt(accept_one(client, deadline));
        for (;;) {
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock::now());
            interop::check(left.count() > 0, "recorder: the " + source + " session did not end in time");
            std::optional<interop::received_packet> packet;
            try {
                packet = conn.try_receive(left);
            } catch (const interop::peer_closed&) {
                return;  // the client closed (after DISCONNECT, or abnormally: the test checks what it got)
            }
            if (!packet) continue;
            version = conn.version();
            const auto& p = received.emplace_back(std::move(*packet));
            if (!reply(conn, p, h)) return;
        }
    }

    std::vector<interop::received_packet> received{};  // every packet the client sent, in order
    std::vector<std::string> sent_lines{};             // to_line() of every packet the recorder sent
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};  // selected from the client's CONNECT

private:
    int accept_one(child_process& client, clock::time_point deadline) {
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
                interop::check(c >= 0, "recorder: accept failed");
                return c;
            }
            if (!client.running())
                interop::fail("recorder: " + client.name() + " exited (status " + std::to_string(client.exit_status().value_or(-1)) +
                              ") before connecting");
            interop::check(clock::now() < deadline, "recorder: no connection from " + client.name() + " in time");
        }
    }

    // Answers one packet; false when the session is over.
    bool reply(interop::server_connection& conn, const interop::received_packet& p, const hooks& h) {
        return std::visit(
            interop::detail::overloaded{
                [&](const mqtt5::connect&) {
                    conn.send(mqtt5::connack{.properties = h.connack_properties});
                    return true;
                },
                [&](const mqtt5::subscribe& s) {
                    std::vector<mqtt5::reason_code> granted;
                    for (const auto sub : s.subscriptions) granted.push_back(static_cast<mqtt5::reason_code>(sub.max_qos));
                    conn.send(mqtt5::suback{.packet_id = s.packet_id, .reason_codes = std::span<const mqtt5::reason_code>(granted)});
                    if (h.after_suback) h.after_suback(conn, s);
                    return true;
                },
                [&](const mqtt5::unsubscribe& u) {
                    std::vector<mqtt5::reason_code> codes(u.topic_filters.size(), mqtt5::reason_code::success);
                    conn.send(mqtt5::unsuback{.packet_id = u.packet_id, .reason_codes = std::span<const mqtt5::reason_code>(codes)});
                    return true;
                },
                [&](const mqtt5::disconnect&) { return false; },
                [&](const auto&) { return true; },  // the layer's acks are sent already
            },
            p.packet());
    }

    std::ostream* log_{};
    int fd_{-1};
    std::uint16_t port_{};
};

}  // namespace interop_test
