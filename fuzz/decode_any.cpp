// Arbitrary bytes into decode(), at every version (5, 3.1.1, 3.1) with every role and every option: it must never
// crash or read out of bounds, and whatever decodes must re-encode at its version to exactly the input bytes
// (decoded packets keep their form). select_protocol_version must agree with what decodes as a CONNECT.
#include <mqtt5.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "fuzz_check.hpp"

namespace {

std::array<std::byte, 1 << 20> output;  // larger than any input libFuzzer gives us (-max_len)

void check_reencodes(const mqtt5::packet& p, std::span<const std::byte> input, const mqtt5::encode_options& eo = {}) {
    const auto size = mqtt5::encoded_size(p, eo);
    FUZZ_CHECK(size.has_value());
    FUZZ_CHECK(*size == input.size());
    if (input.size() > output.size()) return;
    // One byte short: refused, nothing written.
    std::memset(output.data(), 0xA5, input.size());
    const auto short_write = mqtt5::encode(p, std::span<std::byte>(output.data(), input.size() - 1), eo);
    FUZZ_CHECK(!short_write && short_write.error().code == mqtt5::errc::buffer_too_small);
    for (std::size_t i = 0; i + 1 < input.size(); ++i) FUZZ_CHECK(output[i] == std::byte{0xA5});
    const auto written = mqtt5::encode(p, std::span<std::byte>(output.data(), input.size()), eo);
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

    // Levels 4 and 3 with their default options, each the reference of its version.
    mqtt5::result<mqtt5::packet> legacy[2];
    for (const auto v : {mqtt5::protocol_version::v311, mqtt5::protocol_version::v31}) {
        auto& reference = legacy[v == mqtt5::protocol_version::v31 ? 1 : 0];
        reference = mqtt5::decode(input, {.version = v});
        if (reference) {
            check_reencodes(*reference, input, {.version = v});  // 3.1 packets keep their flag bits
            FUZZ_CHECK(mqtt5::type_of(*reference) != mqtt5::packet_type::auth);  // forbidden at levels 3 and 4
        }
        check_typed(input, {.version = v}, reference);
        for (const auto role : {mqtt5::role::client, mqtt5::role::server}) {
            const auto with_role = mqtt5::decode(input, {.version = v, .sender = role});
            if (with_role) {
                FUZZ_CHECK(reference.has_value());
                FUZZ_CHECK(*with_role == *reference);
            }
        }
    }

    // The version and every option, chosen by the last input bytes so the fuzzer explores them all: the last
    // byte's bits 7-6 pick the version (v5, v5, 3.1.1, 3.1), the byte before it the level 3/4 options.
    if (size > 0) {
        const auto bits = data[size - 1];
        const auto more = size > 1 ? data[size - 2] : std::uint8_t{0};
        const auto version = (bits >> 6) == 2 ? mqtt5::protocol_version::v311
                           : (bits >> 6) == 3 ? mqtt5::protocol_version::v31
                                              : mqtt5::protocol_version::v5;
        const mqtt5::decode_options o{.version = version,
                                      .sender = static_cast<mqtt5::role>(bits % 3),
                                      .allow_non_minimal_varint = (bits & 0x04) != 0,
                                      .check_payload_format = (bits & 0x08) != 0,
                                      .reject_disallowed_code_points = (bits & 0x10) != 0,
                                      .strict_disconnect_reason_codes = (bits & 0x20) != 0,
                                      .strict_server_reference = (more & 0x01) != 0,
                                      .accept_bridge_protocol_level = (more & 0x02) != 0,
                                      .accept_any_v31_client_id_length = (more & 0x04) != 0};
        const auto chosen = mqtt5::decode(input, o);
        if (chosen) check_reencodes(*chosen, input, {.version = version});  // lenient forms remember their widths
        check_typed(input, o, chosen);
        // Every option but the lenient ones only adds rules: what decodes with them decodes without.
        const auto& reference = version == mqtt5::protocol_version::v5    ? unspecified
                                : version == mqtt5::protocol_version::v311 ? legacy[0]
                                                                           : legacy[1];
        const bool lenient = version == mqtt5::protocol_version::v5 ? o.allow_non_minimal_varint
                                                                     : o.accept_bridge_protocol_level || o.accept_any_v31_client_id_length;
        if (!lenient && chosen) {
            FUZZ_CHECK(reference.has_value());
            FUZZ_CHECK(*chosen == *reference);
        }
    }

    // The version selection of a server reads any bytes without harm, and agrees with the decoder: a CONNECT
    // that decodes at a version is selected for that version.
    const auto selection = mqtt5::select_protocol_version(input);
    if (selection.err.code == mqtt5::errc::ok) FUZZ_CHECK(selection.refusal == mqtt5::version_refusal::none);
    using decoded = const mqtt5::result<mqtt5::packet>*;
    for (const decoded r : {decoded{&unspecified}, decoded{&legacy[0]}, decoded{&legacy[1]}}) {
        if (*r && mqtt5::type_of(**r) == mqtt5::packet_type::connect) {
            FUZZ_CHECK(selection.refusal == mqtt5::version_refusal::none && selection.err.code == mqtt5::errc::ok);
            const auto expected = r == &unspecified ? mqtt5::protocol_version::v5
                                : r == &legacy[0]   ? mqtt5::protocol_version::v311
                                                    : mqtt5::protocol_version::v31;
            FUZZ_CHECK(selection.version == expected);
        }
    }
    std::array<std::byte, 8> refusal{};
    const auto written = mqtt5::encode_version_refusal(selection, refusal);
    FUZZ_CHECK(written.has_value() == (selection.refusal == mqtt5::version_refusal::connack_0x01 ||
                                       selection.refusal == mqtt5::version_refusal::connack_0x84));
    return 0;
}
