// Instruction counts of the v5 hot paths under valgrind --tool=callgrind (issue 13, "How it is measured").
// Deterministic, whatever else the host is doing, so a before/after comparison of one code change holds to the
// instruction.
//
// Codec operations (decode_*, decode_any_*, encode_*, builder_encode_P1, S1_per_byte): each runs its loop of N
// iterations inside one never-inlined function cg_loop::measured_*; run.sh counts only those functions
// (callgrind --toggle-collect='*cg_loop::measured_*'), so the setup and the checks around the loop are not
// counted. Per call = (Ir of the operation's loop - Ir of the empty loop of its kind, same N) / N: the empty
// loop (empty_call, empty_builder, empty_s1) does the same bookkeeping (the loop counter, the opaque input,
// the result check, the compiler barrier) without the call, so loop overhead is not charged to the codec.
// Before measuring, one untimed call checks the result in full (a decode must re-encode to the canonical bytes,
// and the decoder must still refuse P1 with an ill-formed topic byte); inside the loop every result is checked
// again, and a refused canonical packet aborts the driver: a broken codec cannot look fast.
// The driver prints "units U" on stdout: the number of calls (or, for S1_per_byte, of stream bytes) the loop
// handled; run.sh divides by it.
//
// The connection-layer operations (session_decode_*, session_receive_*, session_both_*) also run the untimed
// work that keeps the connection in steady state (the due ack, a reconnect); run.sh counts only the
// session_bench::measured_* calls for them (callgrind --toggle-collect), minus the same at N = 0.
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude -Ibench bench/callgrind/driver.cpp -o /tmp/cg_driver
//   bash bench/callgrind/run.sh /tmp/cg_driver       (prints one "op value" line per operation)
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "canonical.hpp"
#include "session_fixture.hpp"

namespace {

[[noreturn, gnu::noinline, gnu::cold]] void refused(const char* what) {
    std::fprintf(stderr, "callgrind driver: %s\n", what);
    std::abort();
}

// S1 as the issue reads it: 1,460-byte reads (one TCP segment) into a framer with 4,096 bytes of storage.
constexpr std::size_t s1_read_size = 1460;
constexpr std::size_t s1_packets = 4 * 1909;
std::array<std::byte, 4096> s1_storage{};
std::array<std::byte, 1024> encode_out{};

// The inputs of builder_encode_P1: what a caller holds before it builds P1's properties and encodes P1.
struct builder_input {
    std::span<std::byte> storage{};  // the caller's storage for the property block (160 bytes, as canonical.hpp)
    std::span<const std::byte> correlation{};
    std::string_view topic{};
    std::span<const std::byte> payload{};
    std::span<std::byte> out{};
    std::size_t expected{};
    // builder_encode_P1_runtime: the property strings as values the compiler cannot see (read at run time by a
    // real caller: a device id in the response topic, a trace id), so none of their checks folds at compile time.
    std::string_view response_topic{}, trace_key{}, trace_value{}, source_key{}, source_value{}, content_type{};
};

}  // namespace

// Only the functions named cg_loop::measured_* are counted (run.sh: --toggle-collect='*cg_loop::measured_*').
// Nothing called from them may carry that name (a nested match would toggle collection off), hence no lambdas
// in them.
namespace cg_loop {

// The same property calls as canonical.hpp's P1, into the caller's storage, then build() and the encode of P1.
inline bool build_and_encode_p1(const builder_input& in) {
    std::byte* storage = in.storage.data();
    asm volatile("" : "+r"(storage));  // the storage is not a constant the compiler could fold
    const auto props = mqtt5::property_builder<mqtt5::place::publish>{std::span<std::byte>(storage, in.storage.size())}
                           .payload_format_indicator(1)
                           .message_expiry_interval(3600)
                           .topic_alias(5)
                           .response_topic("devices/dev-0001/responses")
                           .correlation_data(in.correlation)
                           .user_property("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736")
                           .user_property("source", "sensor-a")
                           .content_type("application/json")
                           .build();
    if (!props) return false;
    const mqtt5::publish p{.topic = in.topic, .payload = in.payload, .qos = mqtt5::qos::at_least_once, .packet_id = 42,
                           .properties = *props};
    const auto r = mqtt5::encode(p, in.out);
    return r && *r == in.expected;
}

// The bookkeeping of every per-call loop below, without the call: the loop, an input the compiler cannot see
// through, a check of a result, the barrier. Subtracted from each per-call operation.
[[gnu::noinline]] long measured_empty_call(const void* input, std::size_t size, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        const void* p = input;
        std::size_t s = size;
        asm volatile("" : "+r"(p), "+r"(s));
        if (p == nullptr || s != size) refused("empty loop");
        asm volatile("" : : "r"(p) : "memory");
        ++done;
    }
    return done;
}

template <class P> [[gnu::noinline]] long measured_decode(std::span<const std::byte> bytes, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        const std::byte* data = bytes.data();
        asm volatile("" : "+r"(data));
        const auto r = mqtt5::decode<P>(std::span<const std::byte>(data, bytes.size()));
        if (!r) refused("decode<T> refused a canonical packet");
        asm volatile("" : : "r"(&r) : "memory");
        ++done;
    }
    return done;
}

// decode(bytes) into the variant of all packets, as a server that reads any packet does (and S1 does).
[[gnu::noinline]] long measured_decode_any(std::span<const std::byte> bytes, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        const std::byte* data = bytes.data();
        asm volatile("" : "+r"(data));
        const auto r = mqtt5::decode(std::span<const std::byte>(data, bytes.size()));
        if (!r) refused("decode into the variant refused a canonical packet");
        asm volatile("" : : "r"(&r) : "memory");
        ++done;
    }
    return done;
}

// encode from a packet value built once (its property block too; P4 views the caller's subscription array).
template <class P> [[gnu::noinline]] long measured_encode(const P& packet, std::size_t expected, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        const P* p = &packet;
        asm volatile("" : "+r"(p));
        const auto r = mqtt5::encode(*p, std::span<std::byte>(encode_out));
        if (!r || *r != expected) refused("encode of a canonical packet failed");
        asm volatile("" : : "r"(encode_out.data()) : "memory");
        ++done;
    }
    return done;
}

// The same with every string laundered through the optimizer: no UTF-8 or topic check of a literal can fold.
inline std::string_view opaque(std::string_view text) {
    const char* data = text.data();
    std::size_t size = text.size();
    asm volatile("" : "+r"(data), "+r"(size));
    return {data, size};
}
inline bool build_and_encode_p1_runtime(const builder_input& in) {
    std::byte* storage = in.storage.data();
    asm volatile("" : "+r"(storage));
    const auto props = mqtt5::property_builder<mqtt5::place::publish>{std::span<std::byte>(storage, in.storage.size())}
                           .payload_format_indicator(1)
                           .message_expiry_interval(3600)
                           .topic_alias(5)
                           .response_topic(opaque(in.response_topic))
                           .correlation_data(in.correlation)
                           .user_property(opaque(in.trace_key), opaque(in.trace_value))
                           .user_property(opaque(in.source_key), opaque(in.source_value))
                           .content_type(opaque(in.content_type))
                           .build();
    if (!props) return false;
    const mqtt5::publish p{.topic = in.topic, .payload = in.payload, .qos = mqtt5::qos::at_least_once, .packet_id = 42,
                           .properties = *props};
    const auto r = mqtt5::encode(p, in.out);
    return r && *r == in.expected;
}

[[gnu::noinline]] long measured_builder_encode_p1_runtime(const builder_input& in, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        if (!build_and_encode_p1_runtime(in)) refused("building P1's properties (run-time strings) or encoding P1 failed");
        asm volatile("" : : "r"(in.out.data()) : "memory");
        ++done;
    }
    return done;
}

[[gnu::noinline]] long measured_builder_encode_p1(const builder_input& in, long n) {
    long done = 0;
    for (long i = 0; i < n; ++i) {
        if (!build_and_encode_p1(in)) refused("building P1's properties or encoding P1 failed");
        asm volatile("" : : "r"(in.out.data()) : "memory");
        ++done;
    }
    return done;
}

// The bookkeeping of the S1 loop without the framer and the decoder: the passes and the 1,460-byte reads.
[[gnu::noinline]] long measured_empty_s1(std::span<const std::byte> s1, long passes) {
    long reads = 0;
    for (long pass = 0; pass < passes; ++pass) {
        for (std::size_t at = 0; at < s1.size(); at += s1_read_size) {
            const auto chunk = s1.subspan(at, std::min(s1_read_size, s1.size() - at));
            asm volatile("" : : "r"(chunk.data()), "r"(chunk.size()) : "memory");
            ++reads;
        }
    }
    return reads;
}

// One pass over S1: every packet framed by mqtt5::framer (4,096 bytes of storage) from 1,460-byte reads and
// decoded into the variant. Returns the number of packets.
inline long s1_pass(std::span<const std::byte> s1) {
    long packets = 0;
    mqtt5::framer framer{s1_storage};
    for (std::size_t at = 0; at < s1.size(); at += s1_read_size) {
        const auto chunk = s1.subspan(at, std::min(s1_read_size, s1.size() - at));
        for (auto frame : framer.frames(chunk)) {
            if (!frame) refused("S1: the framer refused the stream");
            const auto p = mqtt5::decode(*frame);
            if (!p) refused("S1: decode refused a packet");
            asm volatile("" : : "r"(&p) : "memory");
            ++packets;
        }
    }
    if (framer.finish().code != mqtt5::errc::ok) refused("S1: the stream ended inside a packet");
    return packets;
}

[[gnu::noinline]] long measured_s1(std::span<const std::byte> s1, long passes) {
    long packets = 0;
    for (long pass = 0; pass < passes; ++pass) packets += s1_pass(s1);
    return packets;
}

}  // namespace cg_loop

namespace {

// Untimed checks before an operation is measured (outside cg_loop::measured_*, so not counted; they also make
// the first call, which resolves the library calls' PLT entries, before the measured loop).
void require_same_bytes(std::span<const std::byte> got, const std::vector<std::byte>& expected, const char* what) {
    if (got.size() != expected.size() || std::memcmp(got.data(), expected.data(), got.size()) != 0) refused(what);
}

// Each canonical packet with one byte changed so that a rule the decoder checks is broken, and the error the
// measured decode must still give for it: validation cannot have left the measured path.
struct broken_packet {
    std::vector<std::byte> bytes{};
    mqtt5::errc code{};
};
broken_packet broken_variant(const std::vector<std::byte>& bytes) {
    const auto& c = canonical::get();
    const auto with = [&](std::size_t at, std::uint8_t value, mqtt5::errc code) {
        broken_packet b{bytes, code};
        b.bytes.at(at) = std::byte{value};
        return b;
    };
    using mqtt5::errc;
    if (&bytes == &c.p1_bytes) return with(5, 0xC0, errc::invalid_utf8);               // topic byte 0xC0 [MQTT-1.5.4-1]
    if (&bytes == &c.p2_bytes) return with(6, '#', errc::topic_name_has_wildcard);     // topic "t/#" [MQTT-3.3.2-2]
    if (&bytes == &c.p3_bytes) return with(7, 'X', errc::invalid_protocol_name);       // "MQTX" [MQTT-3.1.2-1]
    if (&bytes == &c.p4_bytes) return with(12, 'x', errc::topic_filter_invalid_plus);  // "a/+xc" [MQTT-4.7.1-2]
    if (&bytes == &c.p5_bytes) return with(4, 0x05, errc::invalid_reason_code);        // no PUBACK reason 0x05
    if (&bytes == &c.p5b_bytes) return with(3, 0x00, errc::packet_id_zero);            // packet id 0 [MQTT-2.2.1-3]
    if (&bytes == &c.p6_bytes) return with(2, 0x05, errc::invalid_reason_code);        // no DISCONNECT reason 0x05
    refused("no broken variant for this packet");
}

template <class P> void check_decode(const std::vector<std::byte>& bytes) {
    const auto r = mqtt5::decode<P>(std::span<const std::byte>(bytes));
    if (!r) refused("decode<T> refused a canonical packet");
    const auto n = mqtt5::encode(*r, std::span<std::byte>(encode_out));
    if (!n) refused("a decoded canonical packet does not encode");
    require_same_bytes(std::span<const std::byte>(encode_out).first(*n), bytes, "decode<T> lost part of a canonical packet");
    const auto bad = broken_variant(bytes);
    const auto refusal = mqtt5::decode<P>(std::span<const std::byte>(bad.bytes));
    if (refusal || refusal.error().code != bad.code) refused("decode<T> did not refuse a broken canonical packet as it must");
}

void check_decode_any(const std::vector<std::byte>& bytes) {
    const auto r = mqtt5::decode(std::span<const std::byte>(bytes));
    if (!r) refused("decode refused a canonical packet");
    const auto n = mqtt5::encode(*r, std::span<std::byte>(encode_out));
    if (!n) refused("a decoded canonical packet does not encode");
    require_same_bytes(std::span<const std::byte>(encode_out).first(*n), bytes, "decode lost part of a canonical packet");
    const auto bad = broken_variant(bytes);
    const auto refusal = mqtt5::decode(std::span<const std::byte>(bad.bytes));
    if (refusal || refusal.error().code != bad.code) refused("decode did not refuse a broken canonical packet as it must");
}

template <class P> void check_encode(const P& p, const std::vector<std::byte>& bytes) {
    const auto n = mqtt5::encode(p, std::span<std::byte>(encode_out));
    if (!n) refused("a canonical packet does not encode");
    require_same_bytes(std::span<const std::byte>(encode_out).first(*n), bytes, "a canonical packet encodes to other bytes");
}

template <class P> long decode_op(const std::vector<std::byte>& bytes, long n) {
    check_decode<P>(bytes);
    return cg_loop::measured_decode<P>(bytes, n);
}
long decode_any_op(const std::vector<std::byte>& bytes, long n) {
    check_decode_any(bytes);
    return cg_loop::measured_decode_any(bytes, n);
}
template <class P> long encode_op(const P& p, const std::vector<std::byte>& bytes, long n) {
    check_encode(p, bytes);
    return cg_loop::measured_encode(p, bytes.size(), n);
}

long builder_op(long n) {
    const auto& c = canonical::get();
    static std::array<std::byte, 160> storage{};
    const builder_input in{.storage = storage, .correlation = c.p1_correlation, .topic = c.p1.topic,
                           .payload = c.p1.payload, .out = encode_out, .expected = c.p1_bytes.size()};
    if (!cg_loop::build_and_encode_p1(in)) refused("building P1's properties or encoding P1 failed");
    require_same_bytes(std::span<const std::byte>(encode_out).first(c.p1_bytes.size()), c.p1_bytes,
                       "the builder's P1 is not the canonical P1");
    return cg_loop::measured_builder_encode_p1(in, n);
}
long builder_runtime_op(long n) {
    const auto& c = canonical::get();
    static std::array<std::byte, 160> storage{};
    const builder_input in{.storage = storage, .correlation = c.p1_correlation, .topic = c.p1.topic,
                           .payload = c.p1.payload, .out = encode_out, .expected = c.p1_bytes.size(),
                           .response_topic = "devices/dev-0001/responses", .trace_key = "trace-id",
                           .trace_value = "4bf92f3577b34da6a3ce929d0e0e4736", .source_key = "source",
                           .source_value = "sensor-a", .content_type = "application/json"};
    if (!cg_loop::build_and_encode_p1_runtime(in)) refused("building P1's properties or encoding P1 failed");
    require_same_bytes(std::span<const std::byte>(encode_out).first(c.p1_bytes.size()), c.p1_bytes,
                       "the builder's P1 (run-time strings) is not the canonical P1");
    return cg_loop::measured_builder_encode_p1_runtime(in, n);
}

long s1_op(long passes) {
    const auto& s1 = canonical::get().s1_bytes;
    if (cg_loop::s1_pass(s1) != static_cast<long>(s1_packets)) refused("S1 does not hold 7,636 packets");
    return cg_loop::measured_s1(s1, passes);
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
        std::fprintf(stderr,
                     "usage: %s OPERATION N\n"
                     "  OPERATION: decode_P1 .. decode_P6 (decode<T>), decode_any_P1 .. decode_any_P6 (decode into the\n"
                     "  variant), encode_P1 .. encode_P6, builder_encode_P1, S1_per_byte (N = passes over S1),\n"
                     "  empty_call, empty_s1 (the empty loops), session_{decode,receive,both}_P1 .. _P6, or none\n"
                     "  (P5b: decode_P5b, decode_any_P5b, encode_P5b)\n",
                     argv[0]);
        return 2;
    }
    const std::string_view op = argv[1];
    const long n = std::strtol(argv[2], nullptr, 10);
    const auto& c = canonical::get();
    long units = n;     // calls, or bytes for the S1 operations
    long expected = n;  // what the operation must return: the calls it made, or S1's packets
    long sink = 0;
    if (op == "decode_P1") sink = decode_op<mqtt5::publish>(c.p1_bytes, n);
    else if (op == "decode_P2") sink = decode_op<mqtt5::publish>(c.p2_bytes, n);
    else if (op == "decode_P3") sink = decode_op<mqtt5::connect>(c.p3_bytes, n);
    else if (op == "decode_P4") sink = decode_op<mqtt5::subscribe>(c.p4_bytes, n);
    else if (op == "decode_P5") sink = decode_op<mqtt5::puback>(c.p5_bytes, n);
    else if (op == "decode_P5b") sink = decode_op<mqtt5::puback>(c.p5b_bytes, n);
    else if (op == "decode_P6") sink = decode_op<mqtt5::disconnect>(c.p6_bytes, n);
    else if (op == "decode_any_P1") sink = decode_any_op(c.p1_bytes, n);
    else if (op == "decode_any_P2") sink = decode_any_op(c.p2_bytes, n);
    else if (op == "decode_any_P3") sink = decode_any_op(c.p3_bytes, n);
    else if (op == "decode_any_P4") sink = decode_any_op(c.p4_bytes, n);
    else if (op == "decode_any_P5") sink = decode_any_op(c.p5_bytes, n);
    else if (op == "decode_any_P5b") sink = decode_any_op(c.p5b_bytes, n);
    else if (op == "decode_any_P6") sink = decode_any_op(c.p6_bytes, n);
    else if (op == "encode_P1") sink = encode_op(c.p1, c.p1_bytes, n);
    else if (op == "encode_P2") sink = encode_op(c.p2, c.p2_bytes, n);
    else if (op == "encode_P3") sink = encode_op(c.p3, c.p3_bytes, n);
    else if (op == "encode_P4") sink = encode_op(c.p4, c.p4_bytes, n);
    else if (op == "encode_P5") sink = encode_op(c.p5, c.p5_bytes, n);
    else if (op == "encode_P5b") sink = encode_op(c.p5b, c.p5b_bytes, n);
    else if (op == "encode_P6") sink = encode_op(c.p6, c.p6_bytes, n);
    else if (op == "builder_encode_P1") sink = builder_op(n);
    else if (op == "builder_encode_P1_runtime") sink = builder_runtime_op(n);
    else if (op == "empty_call") sink = cg_loop::measured_empty_call(c.p1_bytes.data(), c.p1_bytes.size(), n);
    else if (op == "S1_per_byte" || op == "empty_s1") {
        units = n * static_cast<long>(c.s1_bytes.size());
        if (op == "S1_per_byte") {
            sink = s1_op(n);
            expected = n * static_cast<long>(s1_packets);
        } else {
            sink = cg_loop::measured_empty_s1(c.s1_bytes, n);
            expected = n * static_cast<long>((c.s1_bytes.size() + s1_read_size - 1) / s1_read_size);
        }
    } else if (op == "none") {
        expected = sink = 0;
    } else {
        bool known = false;
        sink = session_op(op, n, known);
        if (!known) return 2;
    }
    if (sink != expected) refused("an operation did not run to the end");
    std::printf("units %ld\n", units);
    return 0;
}
