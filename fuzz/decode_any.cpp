// Arbitrary bytes into decode(), with every role and every option: it must never crash or read out of
// bounds, and whatever decodes must re-encode to exactly the input bytes (decoded packets keep their form).
#include <mqtt5.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "fuzz_check.hpp"

namespace {

std::array<std::byte, 1 << 20> output;  // larger than any input libFuzzer gives us (-max_len)

void check_reencodes(const mqtt5::packet& p, std::span<const std::byte> input) {
    const auto size = mqtt5::encoded_size(p);
    FUZZ_CHECK(size.has_value());
    FUZZ_CHECK(*size == input.size());
    if (input.size() > output.size()) return;
    // One byte short: refused, nothing written.
    std::memset(output.data(), 0xA5, input.size());
    const auto short_write = mqtt5::encode(p, std::span<std::byte>(output.data(), input.size() - 1));
    FUZZ_CHECK(!short_write && short_write.error().code == mqtt5::errc::buffer_too_small);
    for (std::size_t i = 0; i + 1 < input.size(); ++i) FUZZ_CHECK(output[i] == std::byte{0xA5});
    const auto written = mqtt5::encode(p, std::span<std::byte>(output.data(), input.size()));
    FUZZ_CHECK(written.has_value() && *written == input.size());
    FUZZ_CHECK(std::memcmp(output.data(), input.data(), input.size()) == 0);
}

template <class P>
void check_typed_agrees(std::span<const std::byte> input, const mqtt5::decode_options& o, const mqtt5::result<mqtt5::packet>& any) {
    const auto typed = mqtt5::decode<P>(input, o);
    FUZZ_CHECK(typed.has_value() == any.has_value());
    if (typed) FUZZ_CHECK(*typed == std::get<P>(*any));
    else FUZZ_CHECK(typed.error() == any.error());
}

void check_typed(std::span<const std::byte> input, const mqtt5::decode_options& o, const mqtt5::result<mqtt5::packet>& any) {
    if (input.empty() || !any) return;
    std::visit([&](const auto& p) { check_typed_agrees<std::decay_t<decltype(p)>>(input, o, any); }, *any);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> input{reinterpret_cast<const std::byte*>(data), size};

    // The default (strict, role unspecified) decode is the reference the others are compared with.
    const auto unspecified = mqtt5::decode(input);
    if (unspecified) check_reencodes(*unspecified, input);
    check_typed(input, {}, unspecified);

    // A known role only adds rules: whatever decodes with a role decodes without one, to the same packet.
    for (const auto role : {mqtt5::role::client, mqtt5::role::server}) {
        const auto with_role = mqtt5::decode(input, {.sender = role});
        if (with_role) {
            FUZZ_CHECK(unspecified.has_value());
            FUZZ_CHECK(*with_role == *unspecified);
        }
    }

    // Every option, chosen by the last input byte so the fuzzer explores them all.
    if (size > 0) {
        const auto bits = data[size - 1];
        const mqtt5::decode_options o{.version = mqtt5::protocol_version::v5,
                                      .sender = static_cast<mqtt5::role>(bits % 3),
                                      .allow_non_minimal_varint = (bits & 0x04) != 0,
                                      .check_payload_format = (bits & 0x08) != 0,
                                      .reject_disallowed_code_points = (bits & 0x10) != 0,
                                      .strict_disconnect_reason_codes = (bits & 0x20) != 0};
        const auto chosen = mqtt5::decode(input, o);
        if (chosen) check_reencodes(*chosen, input);  // lenient forms remember their widths
        check_typed(input, o, chosen);
        // Every option but the lenient varints only adds rules: what decodes with them decodes without.
        if (!o.allow_non_minimal_varint && chosen) {
            FUZZ_CHECK(unspecified.has_value());
            FUZZ_CHECK(*chosen == *unspecified);
        }
    }

    // Level 4 is refused by name until it is implemented.
    const auto v311 = mqtt5::decode(input, {.version = mqtt5::protocol_version::v311});
    FUZZ_CHECK(!v311 && v311.error().code == mqtt5::errc::protocol_level_4_not_implemented);
    return 0;
}
