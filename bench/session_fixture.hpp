// The cost of checking a canonical packet on receive (session/connection.hpp), shared by the Google Benchmark
// cases (session_bench.cpp) and the callgrind driver (callgrind/driver.cpp).
//
// Each canonical packet is received by the side that would get it, on a connection in the state where it is
// legal, with the default session_capacity:
//   P1 PUBLISH QoS 1 (Topic Alias 5), P2 PUBLISH QoS 0, P4 SUBSCRIBE: a connected Server (CONNECT P3 received,
//       CONNACK sent with Topic Alias Maximum 16); P1 is answered with PUBACK 42 and P4 with SUBACK, via send(),
//       so the connection stays in steady state forever (the ack is outside the measured call);
//   P3 CONNECT: a Server just opened (close() + open() restore it);
//   P5 / P5b PUBACK (P5's 0x10 "No matching subscribers" is a Server's code): a connected Client that sent
//       PUBLISH 42 (P1) and sends it again after each PUBACK;
//   P6 DISCONNECT: a connected Client (close(), open(), CONNECT, CONNACK restore it).
// The measured calls are the `measured_*` functions (never inlined, so callgrind can count them alone with
// --toggle-collect); prepare() and restore() are not measured.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "canonical.hpp"

namespace session_bench {

using server_t = mqtt5::server_connection<>;
using client_t = mqtt5::client_connection<>;

enum class packet_id { p1, p2, p3, p4, p5, p5b, p6 };
inline constexpr std::array<packet_id, 7> all{packet_id::p1, packet_id::p2, packet_id::p3, packet_id::p4,
                                              packet_id::p5, packet_id::p5b, packet_id::p6};
inline constexpr std::array<std::string_view, 7> names{"P1_publish_props", "P2_publish_min", "P3_connect", "P4_subscribe",
                                                       "P5_puback_reason", "P5b_puback_min", "P6_disconnect"};

// The packets of the handshakes and the acks, built once.
struct handshakes {
    std::array<std::byte, 16> connack_storage{};
    mqtt5::connack server_connack{};  // sent by the Server: Topic Alias Maximum 16 (P1 uses alias 5)
    mqtt5::connect client_connect{.client_id = "dev-0001", .keep_alive = 60, .clean_start = true};
    mqtt5::connack client_connack{};  // received by the Client: the same (its P1 uses alias 5)
    std::array<mqtt5::reason_code, 5> granted{};
    handshakes() {
        auto props = mqtt5::property_builder<mqtt5::place::connack>{connack_storage}.topic_alias_maximum(16).build();
        canonical::require(props.has_value(), "CONNACK properties");
        server_connack.properties = *props;
        client_connack.properties = *props;
        granted.fill(mqtt5::reason_code::granted_qos_1);
    }
};
inline const handshakes& hs() {
    static const handshakes h;
    return h;
}

inline void require_ok(bool ok, const char* what) { canonical::require(ok, what); }

inline void connect_server(server_t& s) {
    const auto& c = canonical::get();
    s.close(0);  // a new Network Connection, in the documented order
    s.open(0);
    require_ok(s.receive(c.p3, c.p3_bytes.size(), 0).has_value(), "Server receives P3");
    auto ack = hs().server_connack;
    require_ok(s.send(ack, 0).has_value(), "Server sends CONNACK");
}
inline void connect_client(client_t& cl) {
    cl.close(0);
    cl.open(0);
    auto con = hs().client_connect;
    require_ok(cl.send(con, 0).has_value(), "Client sends CONNECT");
    require_ok(cl.receive(hs().client_connack, 8, 0).has_value(), "Client receives CONNACK");
}
inline void client_sends_p1(client_t& cl) {
    auto pub = canonical::get().p1;
    require_ok(cl.send(pub, 0).has_value() && pub.packet_id == 42, "Client sends PUBLISH 42");
}

// A connection of the right side, ready to receive `which`.
template <class Conn> void prepare(Conn& conn, packet_id which) {
    if constexpr (std::is_same_v<Conn, client_t>) {
        connect_client(conn);
        if (which == packet_id::p5 || which == packet_id::p5b) client_sends_p1(conn);
    } else {
        if (which == packet_id::p3) {
            conn.close(0);
            conn.open(0);
            return;
        }
        connect_server(conn);
    }
}
// Back to the state prepare() left, after the packet was received: the due ack, or a new connection.
template <class Conn> void restore(Conn& conn, packet_id which) {
    if constexpr (std::is_same_v<Conn, client_t>) {
        if (which == packet_id::p5 || which == packet_id::p5b) {
            client_sends_p1(conn);
        } else {  // P6: the connection ended
            conn.close(0);
            connect_client(conn);
        }
    } else {
        switch (which) {
        case packet_id::p1: {
            mqtt5::packet ack = mqtt5::puback{.packet_id = 42};
            require_ok(conn.send(ack, 0).has_value(), "PUBACK 42 after P1");
            break;
        }
        case packet_id::p3:
            conn.close(0);
            conn.open(0);
            break;
        case packet_id::p4: {
            mqtt5::suback ack{.packet_id = 7, .reason_codes = hs().granted};
            require_ok(conn.send(ack, 0).has_value(), "SUBACK 7 after P4");
            break;
        }
        default: break;
        }
    }
}

// The side that receives `which`.
constexpr bool received_by_client(packet_id which) {
    return which == packet_id::p5 || which == packet_id::p5b || which == packet_id::p6;
}

inline const std::vector<std::byte>& bytes_of(packet_id which) {
    const auto& c = canonical::get();
    switch (which) {
    case packet_id::p1: return c.p1_bytes;
    case packet_id::p2: return c.p2_bytes;
    case packet_id::p3: return c.p3_bytes;
    case packet_id::p4: return c.p4_bytes;
    case packet_id::p5: return c.p5_bytes;
    case packet_id::p5b: return c.p5b_bytes;
    default: return c.p6_bytes;
    }
}

// Calls f(typed canonical packet) for `which`.
template <class F> decltype(auto) with_packet(packet_id which, F&& f) {
    const auto& c = canonical::get();
    switch (which) {
    case packet_id::p1: return f(c.p1);
    case packet_id::p2: return f(c.p2);
    case packet_id::p3: return f(c.p3);
    case packet_id::p4: return f(c.p4);
    case packet_id::p5: return f(c.p5);
    case packet_id::p5b: return f(c.p5b);
    default: return f(c.p6);
    }
}

// ---- the measured calls ----

// decode<P> as the receiving connection would call it (the sender's role known).
template <class P> [[gnu::noinline]] bool measured_decode(std::span<const std::byte> bytes, mqtt5::role sender) {
    const auto r = mqtt5::decode<P>(bytes, mqtt5::decode_options{.sender = sender});
    asm volatile("" : : "r"(&r) : "memory");
    return r.has_value();
}
// receive() of an already decoded packet.
template <class Conn, class P> [[gnu::noinline]] bool measured_receive(Conn& conn, const P& p, std::size_t size) {
    const auto r = conn.receive(p, size, 0);
    asm volatile("" : : "r"(&r) : "memory");
    return r.has_value();
}
// Both: decode<P>, then receive().
template <class Conn, class P> [[gnu::noinline]] bool measured_decode_receive(Conn& conn, std::span<const std::byte> bytes) {
    const auto d = mqtt5::decode<P>(bytes, mqtt5::decode_options{.sender = Conn::peer_role});
    if (!d) return false;
    const auto r = conn.receive(*d, bytes.size(), 0);
    asm volatile("" : : "r"(&r) : "memory");
    return r.has_value();
}

}  // namespace session_bench
