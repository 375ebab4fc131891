// Instruction counts of the v5 hot paths under valgrind --tool=callgrind: one call of encode or decode<T> of a
// canonical packet, repeated N times. Deterministic, whatever else the host is doing, so a before/after
// comparison of one code change holds to the instruction. Per call = (Ir at N) - (Ir at 0), divided by N.
// The connection-layer operations (session_decode_*, session_receive_*, session_both_*) also run the untimed
// work that keeps the connection in steady state (the due ack, a reconnect); run.sh counts only the
// session_bench::measured_* calls for them (callgrind --toggle-collect).
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude -Ibench bench/callgrind/driver.cpp -o /tmp/cg_driver
//   bash bench/callgrind/run.sh /tmp/cg_driver       (prints one line per operation)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "canonical.hpp"
#include "session_fixture.hpp"

namespace {

template <class P> int decode_n(const std::vector<std::byte>& bytes, long n) {
    int sink = 0;
    for (long i = 0; i < n; ++i) {
        const auto r = mqtt5::decode<P>(std::span<const std::byte>(bytes));
        sink += r.has_value() ? 1 : 0;
        asm volatile("" : : "r"(&r) : "memory");
    }
    return sink;
}

// decode(bytes) into the variant of all packets, as a server that reads any packet does (and S1 does).
int decode_any_n(const std::vector<std::byte>& bytes, long n) {
    int sink = 0;
    for (long i = 0; i < n; ++i) {
        const auto r = mqtt5::decode(std::span<const std::byte>(bytes));
        sink += r.has_value() ? 1 : 0;
        asm volatile("" : : "r"(&r) : "memory");
    }
    return sink;
}

template <class P> int encode_n(const P& p, long n) {
    std::array<std::byte, 1024> out{};
    int sink = 0;
    for (long i = 0; i < n; ++i) {
        const auto r = mqtt5::encode(p, std::span<std::byte>(out));
        sink += r.has_value() ? static_cast<int>(*r) : 0;
        asm volatile("" : : "r"(out.data()) : "memory");
    }
    return sink;
}

// n receives of one canonical packet on a connection kept in steady state; mode 0 decode only, 1 receive only,
// 2 decode + receive. Aborts if any call is refused (the connection must stay connected).
template <class Conn> int session_n(session_bench::packet_id which, int mode, long n) {
    static Conn conn;
    session_bench::prepare(conn, which);
    const auto& bytes = session_bench::bytes_of(which);
    int sink = 0;
    for (long i = 0; i < n; ++i) {
        const bool ok = session_bench::with_packet(which, [&](const auto& p) {
            using P = std::decay_t<decltype(p)>;
            if (mode == 0) return session_bench::measured_decode<P>(bytes, Conn::peer_role);
            if (mode == 1) return session_bench::measured_receive(conn, p, bytes.size());
            return session_bench::measured_decode_receive<Conn, P>(conn, bytes);
        });
        canonical::require(ok, "a canonical packet was refused in steady state");
        if (mode != 0) session_bench::restore(conn, which);
        sink += ok ? 1 : 0;
    }
    return sink;
}

int session_op(std::string_view op, long n, bool& known) {
    static constexpr std::string_view modes[] = {"session_decode_", "session_receive_", "session_both_"};
    for (int mode = 0; mode < 3; ++mode) {
        if (op.substr(0, modes[mode].size()) != modes[mode]) continue;
        const auto rest = op.substr(modes[mode].size());
        for (std::size_t i = 0; i < session_bench::all.size(); ++i) {
            const auto name = session_bench::names[i];
            if (name.substr(0, name.find('_')) != rest) continue;
            known = true;
            const auto which = session_bench::all[i];
            return session_bench::received_by_client(which) ? session_n<session_bench::client_t>(which, mode, n)
                                                            : session_n<session_bench::server_t>(which, mode, n);
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s OPERATION N   (OPERATION: decode_P1 .. encode_P6, decode_any_P1/P4/P5b, session_{decode,receive,both}_P1 .. _P6, or none)\n", argv[0]);
        return 2;
    }
    const std::string_view op = argv[1];
    const long n = std::strtol(argv[2], nullptr, 10);
    const auto& c = canonical::get();
    int sink = 0;
    if (op == "decode_P1") sink = decode_n<mqtt5::publish>(c.p1_bytes, n);
    else if (op == "decode_P2") sink = decode_n<mqtt5::publish>(c.p2_bytes, n);
    else if (op == "decode_P3") sink = decode_n<mqtt5::connect>(c.p3_bytes, n);
    else if (op == "decode_P4") sink = decode_n<mqtt5::subscribe>(c.p4_bytes, n);
    else if (op == "decode_P5") sink = decode_n<mqtt5::puback>(c.p5_bytes, n);
    else if (op == "decode_P5b") sink = decode_n<mqtt5::puback>(c.p5b_bytes, n);
    else if (op == "decode_P6") sink = decode_n<mqtt5::disconnect>(c.p6_bytes, n);
    else if (op == "decode_any_P1") sink = decode_any_n(c.p1_bytes, n);
    else if (op == "decode_any_P4") sink = decode_any_n(c.p4_bytes, n);
    else if (op == "decode_any_P5b") sink = decode_any_n(c.p5b_bytes, n);
    else if (op == "encode_P1") sink = encode_n(c.p1, n);
    else if (op == "encode_P2") sink = encode_n(c.p2, n);
    else if (op == "encode_P3") sink = encode_n(c.p3, n);
    else if (op == "encode_P4") sink = encode_n(c.p4, n);
    else if (op == "encode_P5") sink = encode_n(c.p5, n);
    else if (op == "encode_P5b") sink = encode_n(c.p5b, n);
    else if (op == "encode_P6") sink = encode_n(c.p6, n);
    else if (op != "none") {
        bool known = false;
        sink = session_op(op, n, known);
        if (!known) return 2;
    }
    std::printf("%d\n", sink);
    return 0;
}
