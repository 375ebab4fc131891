// Test single_header.standalone: this translation unit sees only mqtt5_single.hpp (copied alone into an
// empty directory, the only -I), compiles with -std=c++20 -Wall -Wextra -Wpedantic -Werror, and encodes and
// decodes a PUBLISH with properties, byte-exact.
#include <mqtt5_single.hpp>

#include <array>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string_view>
#include <variant>

static_assert(MQTT5_VERSION == MQTT5_VERSION_MAJOR * 10000 + MQTT5_VERSION_MINOR * 100 + MQTT5_VERSION_PATCH);

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main() {
    // PUBLISH QoS 1, topic "a/b", packet id 10, payload "hi", properties in the order written:
    // Payload Format Indicator 1, Message Expiry Interval 3600, User Property k=v (§3.3).
    constexpr std::array<unsigned char, 26> expected{
        0x32, 0x18,                          // PUBLISH, QoS 1; Remaining Length 24
        0x00, 0x03, 'a', '/', 'b',           // Topic Name
        0x00, 0x0A,                          // Packet Identifier
        0x0E,                                // Property Length 14
        0x01, 0x01,                          // Payload Format Indicator = 1
        0x02, 0x00, 0x00, 0x0E, 0x10,        // Message Expiry Interval = 3600
        0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v',  // User Property k=v
        'h', 'i'};                           // payload

    std::array<std::byte, 64> property_storage{};
    const auto properties = mqtt5::property_builder<mqtt5::place::publish>{property_storage}
                                .payload_format_indicator(1)
                                .message_expiry_interval(3600)
                                .user_property("k", "v")
                                .build();
    check(properties.has_value(), "the properties build");
    if (!properties) return 1;

    constexpr std::string_view text = "hi";
    const mqtt5::publish sent{.topic = "a/b",
                              .payload = std::as_bytes(std::span{text}),
                              .qos = mqtt5::qos::at_least_once,
                              .packet_id = 10,
                              .properties = *properties};
    std::array<std::byte, 64> wire{};
    const auto written = mqtt5::encode(sent, wire);
    check(written.has_value(), "encode succeeds");
    if (!written) return 1;
    check(*written == expected.size(), "encode writes 26 bytes");
    bool same = *written == expected.size();
    for (std::size_t i = 0; same && i < expected.size(); ++i) same = wire[i] == std::byte{expected[i]};
    check(same, "encoded bytes are the expected ones");

    const auto decoded = mqtt5::decode(std::as_bytes(std::span{expected}));
    check(decoded.has_value(), "decode succeeds");
    if (!decoded) return 1;
    const auto* p = std::get_if<mqtt5::publish>(&*decoded);
    check(p != nullptr, "decode gives a PUBLISH");
    if (p == nullptr) return 1;
    check(p->topic == "a/b", "topic");
    check(p->packet_id == 10, "packet id");
    check(p->qos == mqtt5::qos::at_least_once, "QoS");
    check(p->payload.size() == 2 && p->payload[0] == std::byte{'h'} && p->payload[1] == std::byte{'i'}, "payload");
    check(p->properties.payload_format_indicator() == 1, "Payload Format Indicator");
    check(p->properties.message_expiry_interval() == 3600u, "Message Expiry Interval");
    int user_properties = 0;
    for (const auto [name, value] : p->properties.user_properties()) {
        check(name == "k" && value == "v", "User Property k=v");
        ++user_properties;
    }
    check(user_properties == 1, "one User Property");
    check(*p == sent, "the decoded packet equals the one encoded");

    if (failures == 0) std::printf("single header: encode and decode of a 26-byte PUBLISH ok\n");
    return failures == 0 ? 0 : 1;
}
