// Instruction counts of the v5 hot paths under valgrind --tool=callgrind: one call of encode or decode<T> of a
// canonical packet, repeated N times. Deterministic, whatever else the host is doing, so a before/after
// comparison of one code change holds to the instruction. Per call = (Ir at N) - (Ir at 0), divided by N.
//   g++ -std=c++20 -O2 -DNDEBUG -Iinclude -Ibench bench/callgrind/driver.cpp -o /tmp/cg_driver
//   bash bench/callgrind/run.sh /tmp/cg_driver       (prints one line per operation)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "canonical.hpp"

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

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s OPERATION N   (OPERATION: decode_P1 .. encode_P6, decode_any_P1/P4/P5b, or none)\n", argv[0]);
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
    else if (op != "none") return 2;
    std::printf("%d\n", sink);
    return 0;
}
