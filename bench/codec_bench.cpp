// Benchmarks of the canonical packets (../shared/docs/canonical-packets.md): encode, encoded_size, typed
// decode, variant decode, the PUBLISH header for writev, and framing + decoding of stream S1, each beside
// its physical floor measured in the same run (memcpy of the encoded bytes; reading only the fixed
// header). Every benchmark reports `allocs`: heap allocations per iteration (must be 0).
#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "canonical.hpp"

namespace {

using canonical::require;

std::array<std::byte, 4096> out;

// Heap allocations per iteration, as a counter every benchmark reports.
struct allocation_meter {
    std::size_t before = alloc_counter::count;
    void report(benchmark::State& state) const {
        state.counters["allocs"] = benchmark::Counter(static_cast<double>(alloc_counter::count - before),
                                                      benchmark::Counter::kAvgIterations);
    }
};

// Validation must stay on the measured path: the same call refuses P1 with one topic byte made 0xC0.
void require_validating_decoder() {
    auto broken = canonical::get().p1_bytes;
    broken[5] = std::byte{0xC0};
    const auto r = mqtt5::decode<mqtt5::publish>(broken);
    require(!r && r.error().code == mqtt5::errc::invalid_utf8, "decode<publish> rejects a 0xC0 topic byte");
    const auto v = mqtt5::decode(broken);
    require(!v && v.error().code == mqtt5::errc::invalid_utf8, "decode rejects a 0xC0 topic byte");
}

template <class P> void bm_encode(benchmark::State& state, const P* packet) {
    const allocation_meter meter;
    for (auto _ : state) {
        const P* p = packet;
        benchmark::DoNotOptimize(p);  // the packet is not a compile-time constant
        auto n = mqtt5::encode(*p, out);
        benchmark::DoNotOptimize(n);
        benchmark::ClobberMemory();
    }
    meter.report(state);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * *mqtt5::encoded_size(*packet)));
}

template <class P> void bm_encoded_size(benchmark::State& state, const P* packet) {
    const allocation_meter meter;
    for (auto _ : state) {
        const P* p = packet;
        benchmark::DoNotOptimize(p);
        auto n = mqtt5::encoded_size(*p);
        benchmark::DoNotOptimize(n);
    }
    meter.report(state);
}

template <class P> void bm_decode(benchmark::State& state, const std::vector<std::byte>* bytes) {
    require_validating_decoder();
    const allocation_meter meter;
    for (auto _ : state) {
        const std::byte* data = bytes->data();
        benchmark::DoNotOptimize(data);
        auto r = mqtt5::decode<P>(std::span<const std::byte>(data, bytes->size()));
        benchmark::DoNotOptimize(r);
    }
    meter.report(state);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes->size()));
}

void bm_decode_variant(benchmark::State& state, const std::vector<std::byte>* bytes) {
    require_validating_decoder();
    const allocation_meter meter;
    for (auto _ : state) {
        const std::byte* data = bytes->data();
        benchmark::DoNotOptimize(data);
        auto r = mqtt5::decode(std::span<const std::byte>(data, bytes->size()));
        benchmark::DoNotOptimize(r);
    }
    meter.report(state);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes->size()));
}

// Floor for an encoder: it must at least write every byte.
void bm_memcpy(benchmark::State& state, const std::vector<std::byte>* bytes) {
    const allocation_meter meter;
    for (auto _ : state) {
        const std::byte* data = bytes->data();
        benchmark::DoNotOptimize(data);
        std::memcpy(out.data(), data, bytes->size());
        benchmark::ClobberMemory();
    }
    meter.report(state);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes->size()));
}

// Floor for a zero-copy decoder: read the fixed header and Remaining Length, nothing else.
void bm_header_only(benchmark::State& state, const std::vector<std::byte>* bytes) {
    const allocation_meter meter;
    for (auto _ : state) {
        const std::byte* data = bytes->data();
        benchmark::DoNotOptimize(data);
        const auto v = mqtt5::wire::load_varint(data + 1, data + bytes->size());
        std::uint32_t type = static_cast<std::uint8_t>(data[0]) >> 4;
        benchmark::DoNotOptimize(type);
        benchmark::DoNotOptimize(v);
    }
    meter.report(state);
}

void bm_publish_header(benchmark::State& state) {
    const auto* packet = &canonical::get().p1;
    const allocation_meter meter;
    for (auto _ : state) {
        const mqtt5::publish* p = packet;
        benchmark::DoNotOptimize(p);
        auto n = mqtt5::encode_publish_header(*p, out);
        benchmark::DoNotOptimize(n);
        benchmark::ClobberMemory();
    }
    meter.report(state);
}

// S1: framing and decoding every packet of a 1 MiB stream, fed in reads of `read_size` bytes (as from a socket):
// 64 KiB, or 1,460 (one TCP segment of a 1,500-byte MTU, issue 13's S1).
void bm_stream(benchmark::State& state, bool decode, std::size_t read_size) {
    const auto& s1 = canonical::get().s1_bytes;
    static std::array<std::byte, 4096> storage;
    require_validating_decoder();
    const allocation_meter meter;
    std::size_t packets = 0;
    for (auto _ : state) {
        mqtt5::framer framer{storage};
        for (std::size_t at = 0; at < s1.size(); at += read_size) {
            const auto chunk = std::span<const std::byte>(s1).subspan(at, std::min<std::size_t>(read_size, s1.size() - at));
            for (auto frame : framer.frames(chunk)) {
                if (!frame) state.SkipWithError("framing failed");
                if (decode) {
                    auto p = mqtt5::decode(*frame);
                    if (!p) state.SkipWithError("decode failed");
                    benchmark::DoNotOptimize(p);
                } else {
                    benchmark::DoNotOptimize(frame);
                }
                ++packets;
            }
        }
    }
    meter.report(state);
    require(packets == 7636 * static_cast<std::size_t>(state.iterations()), "S1 holds 7636 packets");
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s1.size()));
}

void bm_stream_memcpy(benchmark::State& state) {
    const auto& s1 = canonical::get().s1_bytes;
    static std::vector<std::byte> copy(s1.size());
    const allocation_meter meter;
    for (auto _ : state) {
        std::memcpy(copy.data(), s1.data(), s1.size());
        benchmark::ClobberMemory();
    }
    meter.report(state);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s1.size()));
}

// Names follow canonical-packets.md: BM_<operation>/<packet>.
template <class P>
void register_packet(const char* name, const P& packet, const std::vector<std::byte>& bytes) {
    const std::string n = name;
    benchmark::RegisterBenchmark(("BM_encode/" + n).c_str(), bm_encode<P>, &packet);
    benchmark::RegisterBenchmark(("BM_encoded_size/" + n).c_str(), bm_encoded_size<P>, &packet);
    benchmark::RegisterBenchmark(("BM_decode_typed/" + n).c_str(), bm_decode<P>, &bytes);
    benchmark::RegisterBenchmark(("BM_decode_variant/" + n).c_str(), bm_decode_variant, &bytes);
    benchmark::RegisterBenchmark(("BM_floor_memcpy/" + n).c_str(), bm_memcpy, &bytes);
    benchmark::RegisterBenchmark(("BM_floor_header_only/" + n).c_str(), bm_header_only, &bytes);
}

void register_all() {
    const auto& c = canonical::get();
    register_packet("P1_publish_props", c.p1, c.p1_bytes);
    register_packet("P2_publish_min", c.p2, c.p2_bytes);
    register_packet("P3_connect", c.p3, c.p3_bytes);
    register_packet("P4_subscribe", c.p4, c.p4_bytes);
    register_packet("P5_puback_reason", c.p5, c.p5_bytes);
    register_packet("P5b_puback_min", c.p5b, c.p5b_bytes);
    register_packet("P6_disconnect", c.p6, c.p6_bytes);
    benchmark::RegisterBenchmark("BM_encode_publish_header/P1_publish_props", bm_publish_header);
    benchmark::RegisterBenchmark("BM_frame_and_decode/S1", bm_stream, true, std::size_t{65536});
    benchmark::RegisterBenchmark("BM_frame_only/S1", bm_stream, false, std::size_t{65536});
    benchmark::RegisterBenchmark("BM_frame_and_decode/S1_1460", bm_stream, true, std::size_t{1460});
    benchmark::RegisterBenchmark("BM_frame_only/S1_1460", bm_stream, false, std::size_t{1460});
    benchmark::RegisterBenchmark("BM_floor_memcpy/S1", bm_stream_memcpy);
}

}  // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
