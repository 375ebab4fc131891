// A byte stream cut into fuzzer-chosen chunks must yield exactly the packets (or the first error) that
// cutting the whole stream at once yields, with the maximum packet size enforced.
#include <mqtt5.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <algorithm>

#include "fuzz_check.hpp"

namespace {

// Where each packet lies in the stream: kept as offsets, so the check allocates nothing.
struct outcome {
    std::array<std::size_t, 4096> starts{};
    std::size_t count{};
    mqtt5::frame_status end{mqtt5::frame_status::need_more};
    mqtt5::errc code{mqtt5::errc::ok};
    std::size_t error_stream_offset{};
};

// Reference: the stream as one chunk, walked with the fixed-header rules directly.
void reference(std::span<const std::byte> stream, std::size_t max_size, bool lenient, outcome& out) {
    std::size_t at = 0;
    while (at < stream.size()) {
        const auto rest = stream.subspan(at);
        const auto v = mqtt5::wire::load_varint(rest.data() + 1, rest.data() + rest.size(), lenient);
        if (v.code == mqtt5::errc::truncated) break;
        if (v.code != mqtt5::errc::ok) {
            out.end = mqtt5::frame_status::error, out.code = v.code, out.error_stream_offset = at;
            return;
        }
        const std::size_t total = 1 + v.width + v.value;
        if (total > max_size) {
            out.end = mqtt5::frame_status::error, out.code = mqtt5::errc::packet_too_large, out.error_stream_offset = at;
            return;
        }
        if (rest.size() < total) break;
        out.starts[out.count++] = at;
        at += total;
        out.starts[out.count] = at;  // the end of the last packet so far
    }
}

std::array<std::byte, 4096> storage;
outcome expected;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Input: [max size selector][lenient][chunk seed] stream...
    if (size < 3) return 0;
    const std::size_t max_size = 2 + data[0] * 16u;  // 2 .. 4082, within the storage
    const bool lenient = (data[1] & 1) != 0;
    std::uint32_t seed = data[2] | 1u;
    const std::span<const std::byte> stream{reinterpret_cast<const std::byte*>(data + 3), size - 3};

    expected = outcome{};
    reference(stream, max_size, lenient, expected);

    mqtt5::framer framer{storage, {.max_packet_size = max_size, .allow_non_minimal_varint = lenient}};
    std::size_t packets = 0, at = 0;
    mqtt5::frame_result last{};
    bool stopped = false;
    while (!stopped) {
        seed = seed * 1103515245u + 12345u;  // chunk sizes 0..63 from a tiny LCG seeded by the input
        const std::size_t n = std::min<std::size_t>((seed >> 16) % 64, stream.size() - at);
        framer.feed(stream.subspan(at, n));
        at += n;
        for (;;) {
            last = framer.next();
            if (last.status != mqtt5::frame_status::packet) break;
            // The same bytes as the reference cut, at the same place in the stream.
            FUZZ_CHECK(packets < expected.count);
            const auto begin = expected.starts[packets], length = expected.starts[packets + 1] - begin;
            FUZZ_CHECK(last.stream_offset == begin);
            FUZZ_CHECK(last.packet.size() == length);
            FUZZ_CHECK(std::memcmp(last.packet.data(), stream.data() + begin, length) == 0);
            ++packets;
        }
        stopped = last.status == mqtt5::frame_status::error || at == stream.size();
    }
    FUZZ_CHECK(packets == expected.count);
    FUZZ_CHECK(last.status == (expected.end == mqtt5::frame_status::error ? mqtt5::frame_status::error : mqtt5::frame_status::need_more));
    if (last.status == mqtt5::frame_status::error) {
        FUZZ_CHECK(last.err.code == expected.code);
        FUZZ_CHECK(last.stream_offset == expected.error_stream_offset);
    }
    // Never more buffered than the limit, but for the at most 4 bytes of a fixed header not yet complete
    // (the size is only known once it is).
    FUZZ_CHECK(framer.buffered() <= std::max<std::size_t>(max_size, 4));
    return 0;
}
