// The cost of checking each canonical packet on receive in the connection layer (session_fixture.hpp):
// BM_session_decode/<packet> (decode<T> as the receiver calls it), BM_session_receive/<packet> (receive() of the
// decoded packet) and BM_session_decode_receive/<packet> (both). Each iteration receives the packet on a batch of
// `batch` connections, each prepared in the state where the packet is legal; the work that puts them back (the
// due PUBACK / SUBACK via send(), or a reconnect) runs with the timer paused, once per batch, so its cost and the
// pause are spread over `batch` packets. Every receive must succeed: the connections stay in steady state.
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <type_traits>

#include "alloc_counter.hpp"
#include "session_fixture.hpp"

namespace {

constexpr std::size_t batch = 32;

template <class Conn> void bm_session(benchmark::State& state, session_bench::packet_id which, int mode) {
    static std::array<Conn, batch> conns;  // ~4 KiB each with the default capacities: static, off the stack
    if (mode != 0)
        for (auto& c : conns) session_bench::prepare(c, which);
    const auto& bytes = session_bench::bytes_of(which);
    const std::size_t before = alloc_counter::count;
    std::size_t refused = 0;
    for (auto _ : state) {
        for (auto& conn : conns) {
            const bool ok = session_bench::with_packet(which, [&](const auto& p) {
                using P = std::decay_t<decltype(p)>;
                if (mode == 0) return session_bench::measured_decode<P>(bytes, Conn::peer_role);
                if (mode == 1) return session_bench::measured_receive(conn, p, bytes.size());
                return session_bench::measured_decode_receive<Conn, P>(conn, bytes);
            });
            refused += ok ? 0 : 1;
        }
        if (mode != 0) {
            state.PauseTiming();
            for (auto& c : conns) session_bench::restore(c, which);
            state.ResumeTiming();
        }
    }
    if (refused != 0) state.SkipWithError("a canonical packet was refused in steady state");
    state.counters["allocs"] = benchmark::Counter(static_cast<double>(alloc_counter::count - before),
                                                  benchmark::Counter::kAvgIterations);
    // Per packet, not per batch.
    state.counters["per_packet"] = benchmark::Counter(static_cast<double>(state.iterations() * batch),
                                                      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

struct registrar {
    registrar() {
        static constexpr const char* modes[] = {"BM_session_decode/", "BM_session_receive/", "BM_session_decode_receive/"};
        for (std::size_t i = 0; i < session_bench::all.size(); ++i)
            for (int mode = 0; mode < 3; ++mode) {
                const auto which = session_bench::all[i];
                const auto name = std::string(modes[mode]) + std::string(session_bench::names[i]);
                if (session_bench::received_by_client(which))
                    benchmark::RegisterBenchmark(name.c_str(), bm_session<session_bench::client_t>, which, mode);
                else
                    benchmark::RegisterBenchmark(name.c_str(), bm_session<session_bench::server_t>, which, mode);
            }
    }
} const register_session_benchmarks;

}  // namespace
