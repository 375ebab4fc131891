// Structured fuzzing: the fuzzer's bytes steer a generator of valid packets (any version: the first byte picks
// v5, 3.1.1 or 3.1; any type, any mix of allowed properties in any order, every legal wire form). Each packet must encode to exactly encoded_size bytes,
// refuse a buffer one byte short with buffer_too_small and nothing written, decode to an equal packet, and
// re-encode to the same bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include <mqtt5.hpp>

#include <array>
#include <cstdint>
#include <cstring>

#include "fuzz_check.hpp"
#include "random_packets.hpp"

namespace {

// A random-number engine reading the fuzzer's bytes (zeros once they run out).
struct fuzz_engine {
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return 0xFFFF; }
    FuzzedDataProvider* data{};
    result_type operator()() { return data->ConsumeIntegral<std::uint16_t>(); }
};

mqtt5_gen::packet_arena arena;
std::array<std::byte, mqtt5_gen::packet_arena::max_encoded_size> first, second;

void check(const mqtt5::packet& p, mqtt5::protocol_version v) {
    const mqtt5::encode_options eo{.version = v};
    FUZZ_CHECK(arena.build_error.code == mqtt5::errc::ok);
    const auto size = mqtt5::encoded_size(p, eo);
    FUZZ_CHECK(size.has_value());
    std::memset(first.data(), 0x5A, *size);
    const auto short_write = mqtt5::encode(p, std::span<std::byte>(first.data(), *size - 1), eo);
    FUZZ_CHECK(!short_write && short_write.error().code == mqtt5::errc::buffer_too_small);
    for (std::size_t i = 0; i + 1 < *size; ++i) FUZZ_CHECK(first[i] == std::byte{0x5A});
    const auto written = mqtt5::encode(p, first, eo);
    FUZZ_CHECK(written.has_value() && *written == *size);
    const auto bytes = std::span<const std::byte>(first.data(), *written);

    const auto decoded = mqtt5::decode(bytes, {.version = v});
    FUZZ_CHECK(decoded.has_value());
    FUZZ_CHECK(*decoded == p);
    const auto again = mqtt5::encode(*decoded, second, eo);
    FUZZ_CHECK(again.has_value() && *again == *written);
    FUZZ_CHECK(std::memcmp(first.data(), second.data(), *written) == 0);

    if (const auto* pub = std::get_if<mqtt5::publish>(&p)) {  // header + payload == whole packet
        const auto header = mqtt5::encode_publish_header(*pub, second, eo);
        FUZZ_CHECK(header.has_value() && *header + pub->payload.size() == *written);
        FUZZ_CHECK(std::memcmp(first.data(), second.data(), *header) == 0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider provider(data, size);
    // The version from the first input byte: v5 (half of the inputs), 3.1.1 or 3.1.
    const auto pick = provider.ConsumeIntegral<std::uint8_t>();
    const auto version = pick < 128 ? mqtt5::protocol_version::v5
                       : pick < 192 ? mqtt5::protocol_version::v311
                                    : mqtt5::protocol_version::v31;
    // Payloads up to 2 KiB (2-byte Remaining Lengths): large ones cost time and add no structure; the unit
    // tests cover 3- and 4-byte Remaining Lengths.
    mqtt5_gen::basic_packet_generator<fuzz_engine> generator{
        fuzz_engine{&provider}, mqtt5_gen::generator_options{.max_payload = 2048, .version = version}};
    // A few packets per input, so one input can reach packets that depend on earlier choices.
    for (int i = 0; i < 4 && provider.remaining_bytes() > 0; ++i) check(generator.make_any(arena), version);
    return 0;
}
