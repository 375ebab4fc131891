// A small *blocking* MQTT connection (v5, 3.1.1, 3.1) over a POSIX TCP socket: the socket loop of an
// application built on mqtt5's connection layer (include/mqtt5/session/connection.hpp), used by the interop
// tests against mosquitto and paho. The socket, the framer and the clock are this file's; every protocol
// decision is the layer's: Packet Identifiers, the acks due (sent here as the layer produces them), Topic
// Aliases, the Receive Maximum window, Keep Alive (PINGREQ sent when due) and what to send again after a
// reconnect with a session. IPv4 numeric addresses only; every failure throws interop::failure, so that a
// scenario stops loudly at the first surprise.
//
//   interop::connection c{"sub", &std::cout};                // our Client (interop::server_connection: a Server)
//   c.connect("127.0.0.1", 1883);
//   c.send(mqtt5::connect{.client_id = "me", .clean_start = true});
//   auto ack = c.expect<mqtt5::connack>();                    // reads, frames, decodes, checks, bounded in time
//   auto id = c.send(mqtt5::publish{.topic = "t", .qos = mqtt5::qos::at_least_once});  // the layer picks the id
//
// send() = layer.send (may refuse: interop::refused, or try_send's error) + encode + write all of it.
// receive() = read into an mqtt5::framer until one whole packet is there, mqtt5::decode it, layer.receive it
// (a violation: DISCONNECT with the layer's reason code, then failure), send the ack it makes due. A packet
// received is copied out of the framer into a received_packet, whose decoded fields view its own bytes.
#pragma once

#include <mqtt5.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace interop {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Every wait of this example is bounded; this is the default bound of one receive.
inline constexpr milliseconds default_timeout{5000};

// What every unexpected event throws: a wrong packet, a wrong field, a timeout, a closed socket.
struct failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The peer closed the connection (or reset it) while a packet was awaited.
struct peer_closed : failure {
    using failure::failure;
};

// Keep Alive timed out (the layer's poll() said so): no PINGRESP in time (a Client), no packet from the
// Client for 1.5 x Keep Alive (a Server), or no CONNACK / CONNECT within the handshake timeout. The
// standard says to close the Network Connection (§3.1.2.10); the catcher does.
struct peer_overdue : failure {
    using failure::failure;
};

[[noreturn]] inline void fail(const std::string& what) { throw failure(what); }
inline void check(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

// ---- text helpers -------------------------------------------------------------------------------------

inline std::span<const std::byte> bytes_of(std::string_view s) noexcept {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}
inline std::string_view chars_of(std::span<const std::byte> b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// "20 0B 00 00" (upper case, spaced): how packets are logged and how captures.hex stores them.
inline std::string hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out.push_back(' ');
        const auto v = static_cast<unsigned>(bytes[i]);
        out.push_back(digits[(v >> 4) & 0xF]);
        out.push_back(digits[v & 0xF]);
    }
    return out;
}

// "c0ffee" (lower case, no spaces): how binary fields appear in a packet line.
inline std::string hex_compact(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const auto b : bytes) {
        const auto v = static_cast<unsigned>(b);
        out.push_back(digits[(v >> 4) & 0xF]);
        out.push_back(digits[v & 0xF]);
    }
    return out;
}

// Percent-encoding of text in a packet line: A-Z a-z 0-9 . _ / - + stay, every other byte is %XX. So a
// value never contains a space, '=', ',' or ':', the separators of a line.
inline std::string escape(std::string_view s) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' || u == '_' ||
            u == '/' || u == '-' || u == '+') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(digits[u >> 4]);
            out.push_back(digits[u & 0xF]);
        }
    }
    return out;
}

inline std::string hex2(unsigned v) {
    static constexpr char digits[] = "0123456789abcdef";
    return {digits[(v >> 4) & 0xF], digits[v & 0xF]};
}

inline std::string error_text(const mqtt5::error& e) {
    std::ostringstream out;
    out << mqtt5::to_string(e.code) << " at byte " << e.offset << " (reason 0x" << hex2(static_cast<unsigned>(e.reason))
        << ": " << mqtt5::describe(e.code) << ")";
    return out.str();
}

// ---- packet lines -------------------------------------------------------------------------------------
// One line per packet: its type, then `key=value` fields in a fixed order, then its properties as
// `p.<name>=<value>` sorted by identifier (repeated ones keep their wire order). Integers are decimal,
// reason codes two hex digits, text is escape()d, binary data hex_compact()ed, a User Property is
// `name:value`. tests/interop/paho_client.py renders what paho sent and received in exactly this form.

namespace detail {

inline std::string property_token(const mqtt5::property& p, std::string_view prefix) {
    std::string out{prefix};
    out += mqtt5::to_string(p.id);
    out += '=';
    switch (p.type()) {
    case mqtt5::property_type::utf8_string: out += escape(p.string); break;
    case mqtt5::property_type::utf8_string_pair:
        out += escape(p.string);
        out += ':';
        out += escape(p.pair_value);
        break;
    case mqtt5::property_type::binary_data: out += hex_compact(p.binary); break;
    default: out += std::to_string(p.integer); break;
    }
    return out;
}

template <mqtt5::place P>
void append_properties(std::string& line, const mqtt5::property_block<P>& block, std::string_view prefix = "p.") {
    std::vector<std::pair<unsigned, std::string>> tokens;
    for (const auto prop : block) tokens.emplace_back(static_cast<unsigned>(prop.id), property_token(prop, prefix));
    std::stable_sort(tokens.begin(), tokens.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& t : tokens) {
        line += ' ';
        line += t.second;
    }
}

inline void field(std::string& line, std::string_view key, const std::string& value) {
    line += ' ';
    line += key;
    line += '=';
    line += value;
}

template <mqtt5::packet_type T> void ack_fields(std::string& line, const mqtt5::basic_pub_ack<T>& p) {
    field(line, "packet_id", std::to_string(p.packet_id));
    field(line, "reason", hex2(static_cast<unsigned>(p.reason)));
    append_properties(line, p.properties);
}

template <class... F> struct overloaded : F... {
    using F::operator()...;
};
template <class... F> overloaded(F...) -> overloaded<F...>;

}  // namespace detail

inline std::string to_line(const mqtt5::packet& packet) {
    using detail::field;
    std::string line{mqtt5::to_string(mqtt5::type_of(packet))};
    std::visit(detail::overloaded{
                   [&](const mqtt5::connect& p) {
                       field(line, "client_id", escape(p.client_id));
                       field(line, "clean_start", p.clean_start ? "1" : "0");
                       field(line, "keep_alive", std::to_string(p.keep_alive));
                       if (p.username) field(line, "username", escape(*p.username));
                       if (p.password) field(line, "password", hex_compact(*p.password));
                       detail::append_properties(line, p.properties);
                       if (p.will) {
                           field(line, "will.qos", std::to_string(static_cast<unsigned>(p.will->qos)));
                           field(line, "will.retain", p.will->retain ? "1" : "0");
                           field(line, "will.topic", escape(p.will->topic));
                           field(line, "will.payload", hex_compact(p.will->payload));
                           detail::append_properties(line, p.will->properties, "will.p.");
                       }
                   },
                   [&](const mqtt5::connack& p) {
                       field(line, "session_present", p.session_present ? "1" : "0");
                       field(line, "reason", hex2(static_cast<unsigned>(p.reason)));
                       // MQTT 3.1.1/3.1: the Return Code (accepted, 0, is left out, as in every v5 line)
                       if (p.return_code != mqtt5::connack_return_code::accepted)
                           field(line, "return_code", std::to_string(static_cast<unsigned>(p.return_code)));
                       detail::append_properties(line, p.properties);
                   },
                   [&](const mqtt5::publish& p) {
                       field(line, "topic", escape(p.topic));
                       field(line, "qos", std::to_string(static_cast<unsigned>(p.qos)));
                       field(line, "retain", p.retain ? "1" : "0");
                       field(line, "dup", p.dup ? "1" : "0");
                       if (p.qos != mqtt5::qos::at_most_once) field(line, "packet_id", std::to_string(p.packet_id));
                       field(line, "payload", hex_compact(p.payload));
                       detail::append_properties(line, p.properties);
                   },
                   [&](const mqtt5::puback& p) { detail::ack_fields(line, p); },
                   [&](const mqtt5::pubrec& p) { detail::ack_fields(line, p); },
                   [&](const mqtt5::pubrel& p) { detail::ack_fields(line, p); },
                   [&](const mqtt5::pubcomp& p) { detail::ack_fields(line, p); },
                   [&](const mqtt5::subscribe& p) {
                       field(line, "packet_id", std::to_string(p.packet_id));
                       detail::append_properties(line, p.properties);
                       for (const auto s : p.subscriptions)
                           field(line, "sub",
                                 escape(s.topic_filter) + ',' + std::to_string(static_cast<unsigned>(s.max_qos)) + ',' +
                                     (s.no_local ? '1' : '0') + ',' + (s.retain_as_published ? '1' : '0') + ',' +
                                     std::to_string(static_cast<unsigned>(s.retain_handling)));
                   },
                   [&](const mqtt5::suback& p) {
                       field(line, "packet_id", std::to_string(p.packet_id));
                       detail::append_properties(line, p.properties);
                       for (const auto rc : p.reason_codes) field(line, "rc", hex2(static_cast<unsigned>(rc)));
                   },
                   [&](const mqtt5::unsubscribe& p) {
                       field(line, "packet_id", std::to_string(p.packet_id));
                       detail::append_properties(line, p.properties);
                       for (const auto f : p.topic_filters) field(line, "filter", escape(f));
                   },
                   [&](const mqtt5::unsuback& p) {
                       field(line, "packet_id", std::to_string(p.packet_id));
                       detail::append_properties(line, p.properties);
                       for (const auto rc : p.reason_codes) field(line, "rc", hex2(static_cast<unsigned>(rc)));
                   },
                   [&](const mqtt5::pingreq&) {},
                   [&](const mqtt5::pingresp&) {},
                   [&](const mqtt5::disconnect& p) {
                       field(line, "reason", hex2(static_cast<unsigned>(p.reason)));
                       detail::append_properties(line, p.properties);
                   },
                   [&](const mqtt5::auth& p) {
                       field(line, "reason", hex2(static_cast<unsigned>(p.reason)));
                       detail::append_properties(line, p.properties);
                   },
               },
               packet);
    return line;
}

// ---- a received packet --------------------------------------------------------------------------------

// Owns the bytes of one packet and its decoded form (whose strings and spans point into those bytes), and
// what the connection layer said of it. Move-only: a copy would leave the views pointing into the original.
class received_packet {
public:
    received_packet() = default;
    received_packet(std::span<const std::byte> bytes, const mqtt5::decode_options& options)
        : bytes_(bytes.begin(), bytes.end()) {
        auto decoded = mqtt5::decode(bytes_, options);
        if (decoded) packet_ = *decoded;
        else error_ = decoded.error();
    }
    received_packet(received_packet&&) noexcept = default;  // the vector's buffer moves along: views stay valid
    received_packet& operator=(received_packet&&) noexcept = default;
    received_packet(const received_packet&) = delete;
    received_packet& operator=(const received_packet&) = delete;
    ~received_packet() = default;

    bool ok() const noexcept { return error_.code == mqtt5::errc::ok; }
    const mqtt5::error& error() const noexcept { return error_; }
    std::span<const std::byte> bytes() const noexcept { return bytes_; }
    const mqtt5::packet& packet() const noexcept { return packet_; }
    mqtt5::packet_type type() const noexcept { return mqtt5::type_of(packet_); }
    template <class P> bool is() const noexcept { return ok() && std::holds_alternative<P>(packet_); }
    template <class P> const P& as() const {
        if (!is<P>())
            fail("expected " + std::string(mqtt5::to_string(mqtt5::type_of<P>())) + ", got " + describe());
        return std::get<P>(packet_);
    }
    std::string describe() const {
        return ok() ? to_line(packet_) : "undecodable packet (" + error_text(error_) + "): " + hex(bytes_);
    }

    std::string topic{};  // PUBLISH: the Topic Name after the layer resolved its Topic Alias
    bool deliver{};       // PUBLISH: a new Application Message (false for a repeated QoS 2 PUBLISH)
    std::uint16_t completed_packet_id{};  // the exchange this packet ended (PUBACK, PUBCOMP, SUBACK, ...)

private:
    std::vector<std::byte> bytes_{};
    mqtt5::packet packet_{};
    mqtt5::error error_{};
};

// ---- the connection -----------------------------------------------------------------------------------

enum class direction : std::uint8_t { sent, received };

// Called for every packet sent or received (after decoding), e.g. to keep captures.
using packet_observer = std::function<void(direction, const received_packet&)>;

// What send() throws when the layer refuses a packet (the caller may wait, lower the QoS, ...).
struct refused : failure {
    refused(const std::string& what, mqtt5::error e) : failure(what), error(e) {}
    mqtt5::error error{};
};

inline std::uint16_t packet_id_of(const mqtt5::packet& p) noexcept {
    return std::visit([](const auto& q) -> std::uint16_t {
        if constexpr (requires { q.packet_id; }) return q.packet_id;
        else return 0;
    }, p);
}

// One end of a Network Connection: Own is the side we speak for (role::client: a client of a broker;
// role::server: the recorder of tests/interop). The layer object lives as long as this object, across
// connect() calls, so a Session goes on across reconnects as the layer decides.
template <mqtt5::role Own>
class endpoint {
public:
    using layer_type = mqtt5::basic_connection<Own>;

    explicit endpoint(std::string name, std::ostream* log = nullptr, mqtt5::connection_options options = {})
        : name_(std::move(name)), log_(log), layer_(options), framer_(storage_, {.max_packet_size = storage_.size()}) {
        options_.sender = Own == mqtt5::role::client ? mqtt5::role::server : mqtt5::role::client;
    }
    endpoint(const endpoint&) = delete;  // the framer holds views of the buffers below
    endpoint& operator=(const endpoint&) = delete;
    ~endpoint() { close(); }

    const std::string& name() const noexcept { return name_; }
    bool is_open() const noexcept { return fd_ >= 0; }
    void set_observer(packet_observer observer) { observer_ = std::move(observer); }
    const layer_type& layer() const noexcept { return layer_; }

    // The protocol version of the connection: what send() encodes and receive() decodes (default v5).
    void set_version(mqtt5::protocol_version version) noexcept { options_.version = version; }
    mqtt5::protocol_version version() const noexcept { return options_.version; }

    // Server side: the version is taken from the first packet received, by mqtt5::select_protocol_version
    // on its bytes, before it is decoded (a version it refuses fails the connection).
    void select_version_on_connect() noexcept { select_on_connect_ = true; }

    // Takes over a connected socket (e.g. one accepted by a listener).
    void adopt(int fd) {
        close();
        fd_ = fd;
        make_non_blocking();
        layer_.open(now(), options_.version);
    }

    // Connects to an IPv4 address ("127.0.0.1"), bounded by `timeout`: a new Network Connection for the layer.
    void connect(const std::string& host, std::uint16_t port, milliseconds timeout = default_timeout) {
        close();
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        check(::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) == 1, name_ + ": not an IPv4 address: " + host);
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        check(fd_ >= 0, name_ + ": socket(): " + std::strerror(errno));
        make_non_blocking();
        if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            if (errno != EINPROGRESS) fail_errno("connect()");
            pollfd p{fd_, POLLOUT, 0};
            const int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
            if (n == 0) fail(name_ + ": connect() to " + host + ":" + std::to_string(port) + " timed out");
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
            if (n < 0 || err != 0) {
                errno = n < 0 ? errno : err;
                fail_errno("connect() to " + host + ":" + std::to_string(port));
            }
        }
        const int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        layer_.open(now(), options_.version);
        if (log_ != nullptr) *log_ << "[" << name_ << "] connected to " << host << ":" << port << "\n";
    }

    // Hands the packet to the layer (which may complete it: Packet Identifier, DUP, Topic Alias, ...), then
    // encodes and writes it. Returns its Packet Identifier (0 when it has none). Throws `refused` when the
    // layer refuses it.
    std::uint16_t send(const mqtt5::packet& packet, milliseconds timeout = default_timeout) {
        const auto r = try_send(packet, timeout);
        if (!r) throw refused(name_ + ": the connection layer refuses " + to_line(packet) + ": " + error_text(r.error()), r.error());
        return *r;
    }

    // As send(), but the layer's refusal is returned (nothing was sent then).
    mqtt5::result<std::uint16_t> try_send(const mqtt5::packet& packet, milliseconds timeout = default_timeout) {
        mqtt5::packet p = packet;
        if (!raw_)
            if (const auto n = layer_.send(p, now()); !n) return n.error();
        const auto bytes = encode(p);
        // Kept until its exchange ends, to be sent again after a reconnect (the message as the caller gave it,
        // with the layer's Packet Identifier: a Topic Alias is not valid on the next connection [MQTT-3.3.2-7]).
        // Kept before the write: the layer counts the exchange as sent even when the connection breaks under it.
        if (const auto* pub = std::get_if<mqtt5::publish>(&packet); pub != nullptr && pub->qos != mqtt5::qos::at_most_once && !raw_) {
            auto kept = *pub;
            kept.packet_id = packet_id_of(p);
            unacked_[kept.packet_id] = encode(mqtt5::packet{kept});
        }
        write_all(bytes, timeout);
        received_packet sent{bytes, {.version = options_.version}};
        if (log_ != nullptr) *log_ << "[" << name_ << "] -> " << sent.describe() << "\n      " << hex(bytes) << "\n";
        if (observer_) observer_(direction::sent, sent);
        return packet_id_of(p);
    }

    // Writes bytes as they are: the layer does not see them, so from now on this connection stops checking.
    void send_raw(std::span<const std::byte> bytes, milliseconds timeout = default_timeout) {
        raw_ = true;
        write_all(bytes, timeout);
    }

    // The next packet, decoded and checked; throws on timeout, end of stream, a framing, decoding or layer error.
    received_packet receive(milliseconds timeout = default_timeout) {
        auto packet = try_receive(timeout);
        if (!packet) fail(name_ + ": no packet within " + std::to_string(timeout.count()) + " ms");
        return std::move(*packet);
    }

    // As receive(), but nullopt on timeout.
    std::optional<received_packet> try_receive(milliseconds timeout = default_timeout) {
        const auto deadline = clock::now() + timeout;
        for (;;) {
            if (pending_) {
                const auto frame = framer_.next();
                if (frame.status == mqtt5::frame_status::packet) {
                    if (auto p = take(frame.packet)) return p;
                    continue;  // a PINGRESP to our own keep-alive PINGREQ
                }
                if (frame.status == mqtt5::frame_status::error)
                    fail(name_ + ": framing error at stream offset " + std::to_string(frame.stream_offset) + ": " + error_text(frame.err));
                pending_ = false;  // need_more: the chunk is used up
            }
            const auto n = read_some(deadline);
            if (n == 0) return std::nullopt;  // timed out
            if (n < 0) {
                close();
                throw peer_closed(name_ + ": connection closed by the peer");
            }
            framer_.feed({rx_.data(), static_cast<std::size_t>(n)});
            pending_ = true;
        }
    }

    // Receives a packet that must be of type P.
    template <class P> received_packet expect(milliseconds timeout = default_timeout) {
        auto packet = receive(timeout);
        (void)packet.template as<P>();
        return packet;
    }

    // Waits for the peer to close the connection. A packet arriving first is a failure; false on timeout.
    bool wait_closed(milliseconds timeout = default_timeout) {
        try {
            if (auto p = try_receive(timeout)) fail(name_ + ": expected the connection to close, got " + p->describe());
            return false;
        } catch (const peer_closed&) {
            if (log_ != nullptr) *log_ << "[" << name_ << "] connection closed by the peer\n";
            return true;
        }
    }

    // Closes the socket at once, without DISCONNECT (an abnormal close, as far as MQTT is concerned).
    void close() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        pending_ = false;
        framer_.reset();
        if (layer_.state() != mqtt5::connection_state::closed) layer_.close(now());
    }

private:
    static mqtt5::millis now() noexcept {
        return static_cast<mqtt5::millis>(std::chrono::duration_cast<milliseconds>(clock::now().time_since_epoch()).count());
    }
    [[noreturn]] void fail_errno(const std::string& what) const { fail(name_ + ": " + what + ": " + std::strerror(errno)); }

    std::vector<std::byte> encode(const mqtt5::packet& packet) const {
        const mqtt5::encode_options encoding{.version = options_.version};
        const auto size = mqtt5::encoded_size(packet, encoding);
        if (!size) fail(name_ + ": cannot encode " + to_line(packet) + ": " + error_text(size.error()));
        std::vector<std::byte> out(*size);
        const auto written = mqtt5::encode(packet, out, encoding);
        if (!written || *written != out.size()) fail(name_ + ": encode failed for " + to_line(packet));
        return out;
    }

    void make_non_blocking() {
        const int flags = ::fcntl(fd_, F_GETFL, 0);
        check(flags >= 0 && ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK) == 0, name_ + ": fcntl(O_NONBLOCK) failed");
    }

    void write_all(std::span<const std::byte> bytes, milliseconds timeout) {
        check(fd_ >= 0, name_ + ": send on a closed connection");
        const auto deadline = clock::now() + timeout;
        while (!bytes.empty()) {
            const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n > 0) {
                bytes = bytes.subspan(static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                pollfd p{fd_, POLLOUT, 0};
                if (::poll(&p, 1, remaining_ms(deadline)) == 0) fail(name_ + ": send timed out");
                continue;
            }
            fail_errno("send()");
        }
    }

    // Keep Alive, as the layer says: a PINGREQ when one is due, a failure when the peer is overdue.
    void keep_alive() {
        if (raw_) return;
        switch (layer_.poll(now())) {
        case mqtt5::keep_alive_event::send_pingreq:
            ++own_pings_;
            send(mqtt5::pingreq{});
            break;
        case mqtt5::keep_alive_event::timeout: throw peer_overdue(name_ + ": keep alive: the peer is overdue");
        default: break;
        }
    }

    // > 0: bytes read into rx_; 0: the deadline passed; < 0: end of stream (or the connection was reset).
    long read_some(clock::time_point deadline) {
        check(fd_ >= 0, name_ + ": receive on a closed connection");
        for (;;) {
            const auto n = ::recv(fd_, rx_.data(), rx_.size(), 0);
            if (n > 0) return static_cast<long>(n);
            if (n == 0) return -1;
            if (errno == EINTR) continue;
            if (errno == ECONNRESET) return -1;
            if (errno != EAGAIN && errno != EWOULDBLOCK) fail_errno("recv()");
            keep_alive();
            int wait = remaining_ms(deadline);
            if (wait == 0) return 0;
            if (const auto due = layer_.next_deadline(); due != 0 && !raw_)  // wake up for the layer's next deadline
                wait = static_cast<int>(std::clamp<mqtt5::millis>(due > now() ? due - now() : 0, 1, static_cast<mqtt5::millis>(wait)));
            pollfd p{fd_, POLLIN, 0};
            (void)::poll(&p, 1, wait);
        }
    }

    static int remaining_ms(clock::time_point deadline) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock::now()).count();
        return left <= 0 ? 0 : static_cast<int>(left);
    }

    // Decodes a frame and hands it to the layer; sends what the layer makes due. nullopt for a packet that is
    // this object's business only (the PINGRESP to its own keep-alive PINGREQ).
    std::optional<received_packet> take(std::span<const std::byte> bytes) {
        if (select_on_connect_) {
            select_on_connect_ = false;
            const auto selection = mqtt5::select_protocol_version(bytes);
            if (selection.refusal != mqtt5::version_refusal::none || selection.err.code != mqtt5::errc::ok)
                fail(name_ + ": select_protocol_version refused the first packet (" + error_text(selection.err) + "): " + hex(bytes));
            options_.version = selection.version;
            layer_.set_protocol_version(selection.version);
            if (log_ != nullptr)
                *log_ << "[" << name_ << "] protocol version " << static_cast<unsigned>(selection.version) << " selected\n";
        }
        received_packet packet{bytes, options_};
        if (log_ != nullptr) *log_ << "[" << name_ << "] <- " << packet.describe() << "\n      " << hex(packet.bytes()) << "\n";
        if (observer_) observer_(direction::received, packet);
        if (!packet.ok()) fail(name_ + ": received an " + packet.describe());
        if (raw_) return packet;
        const auto r = layer_.receive(packet.packet(), bytes.size(), now());
        if (!r) violation(packet, r.error());
        packet.topic = std::string(r->topic);
        packet.deliver = r->deliver;
        packet.completed_packet_id = r->completed_packet_id;
        if (r->completed_packet_id != 0) unacked_.erase(r->completed_packet_id);
        if (const auto ack = mqtt5::ack_packet(r->ack)) send(*ack);
        if (packet.is<mqtt5::connack>() && r->session_present) resend();
        if (packet.is<mqtt5::pingresp>() && own_pings_ > 0) {
            --own_pings_;
            return std::nullopt;
        }
        return packet;
    }

    // The peer broke a rule: a v5 DISCONNECT with the layer's reason code (3.1.1 has none: just close), then fail.
    [[noreturn]] void violation(const received_packet& packet, const mqtt5::error& e) {
        if (options_.version == mqtt5::protocol_version::v5 && layer_.state() == mqtt5::connection_state::connected) {
            const auto bytes = encode(mqtt5::disconnect{.reason = e.reason});
            write_all(bytes, default_timeout);
        }
        close();
        fail(name_ + ": the connection layer refuses the received " + packet.describe() + ": " + error_text(e));
    }

    // After a CONNACK with Session Present 1: what the layer says must go again, in its order [MQTT-4.4.0-1].
    void resend() {
        while (const auto* e = layer_.next_resend()) {
            const auto id = e->packet_id;
            if (e->state == mqtt5::exchange_state::pubrel_due) {
                send(mqtt5::pubrel{.packet_id = id});
                continue;
            }
            const auto kept = unacked_.find(id);
            check(kept != unacked_.end(), name_ + ": no copy of PUBLISH " + std::to_string(id) + " to send again");
            received_packet copy{kept->second, {.version = options_.version, .sender = Own}};
            send(copy.packet());  // the layer sets DUP 1
        }
    }

    std::string name_{};
    std::ostream* log_{};
    mqtt5::decode_options options_{};
    layer_type layer_;
    packet_observer observer_{};
    std::map<std::uint16_t, std::vector<std::byte>> unacked_{};  // QoS 1 / 2 PUBLISH not yet acknowledged
    int fd_{-1};
    int own_pings_{};  // keep-alive PINGREQs whose PINGRESP is not yet in
    bool pending_{};   // the framer holds a chunk of rx_ it has not used up
    bool select_on_connect_{};
    bool raw_{};  // bytes the layer did not see were sent: it no longer checks this connection
    std::array<std::byte, 16384> rx_{};
    std::vector<std::byte> storage_ = std::vector<std::byte>(std::size_t{1} << 20);  // reassembly of split packets
    mqtt5::framer framer_;
};

using connection = endpoint<mqtt5::role::client>;         // our Client, talking to a broker
using server_connection = endpoint<mqtt5::role::server>;  // our Server side (the recorder of tests/interop)

}  // namespace interop
