// The README's example: build a PUBLISH with properties, encode it, frame and decode it again.
// Runs on a microcontroller as well: no heap, no exceptions, every buffer is the caller's.
#include <mqtt5.hpp>

#include <array>
#include <cstdio>
#include <span>
#include <string_view>

int main() {
    // 1. Properties, written in the caller's order into caller storage.
    std::array<std::byte, 128> property_storage{};
    const std::array<std::byte, 4> correlation{std::byte{0xC0}, std::byte{0xFF}, std::byte{0xEE}, std::byte{0x01}};
    auto properties = mqtt5::property_builder<mqtt5::place::publish>{property_storage}
                          .message_expiry_interval(3600)
                          .response_topic("devices/dev-0001/responses")
                          .correlation_data(correlation)
                          .user_property("trace-id", "4bf92f35")
                          .build();  // refuses anything a PUBLISH may not carry
    if (!properties) return std::printf("properties: %s\n", mqtt5::to_string(properties.error().code).data()), 1;

    // 2. The packet: strings and payload are views, nothing is copied until encode().
    constexpr std::string_view reading = R"({"temperature":21.5})";
    const mqtt5::publish publish{.topic = "devices/dev-0001/telemetry",
                                 .payload = std::as_bytes(std::span{reading}),
                                 .qos = mqtt5::qos::at_least_once,
                                 .packet_id = 42,
                                 .properties = *properties};

    // 3. Encode: the exact size is known first; a short buffer is refused with nothing written.
    std::array<std::byte, 256> wire{};
    const auto size = mqtt5::encoded_size(publish);
    const auto written = mqtt5::encode(publish, wire);
    if (!written) return std::printf("encode: %s\n", mqtt5::to_string(written.error().code).data()), 1;
    std::printf("encoded %zu bytes (encoded_size said %zu)\n", *written, *size);

    // 4. Decode from a byte stream that arrives in pieces: the framer reassembles, the decoder validates.
    std::array<std::byte, 512> rx{};
    mqtt5::framer framer{rx, {.max_packet_size = rx.size()}};
    const auto bytes = std::span<const std::byte>{wire.data(), *written};
    for (std::size_t at = 0; at < bytes.size(); at += 10) {  // 10-byte reads, as from a socket
        for (auto frame : framer.frames(bytes.subspan(at, bytes.size() - at < 10 ? bytes.size() - at : 10))) {
            if (!frame) return std::printf("framing: %s\n", mqtt5::to_string(frame.error().code).data()), 1;
            const auto packet = mqtt5::decode(*frame);
            if (!packet) {
                // Which rule, which byte, and the reason code to send back in DISCONNECT.
                return std::printf("decode: %s at byte %zu (reason 0x%02X)\n", mqtt5::to_string(packet.error().code).data(),
                                   packet.error().offset, static_cast<unsigned>(packet.error().reason)), 1;
            }
            if (const auto* p = std::get_if<mqtt5::publish>(&*packet)) {
                std::printf("PUBLISH topic=%.*s qos=%u id=%u payload=%.*s\n", static_cast<int>(p->topic.size()),
                            p->topic.data(), static_cast<unsigned>(p->qos), p->packet_id, static_cast<int>(p->payload.size()),
                            reinterpret_cast<const char*>(p->payload.data()));
                std::printf("  message_expiry_interval=%u\n", p->properties.message_expiry_interval().value_or(0));
                for (const auto [name, value] : p->properties.user_properties())
                    std::printf("  user_property %.*s=%.*s\n", static_cast<int>(name.size()), name.data(),
                                static_cast<int>(value.size()), value.data());
                if (!(*p == publish)) return std::printf("round trip differs\n"), 1;
            }
        }
    }

    // 5. Bad input gets a precise error: a topic with a wildcard is a Protocol Error at byte 2.
    const std::array<std::byte, 6> bad{std::byte{0x30}, std::byte{0x04}, std::byte{0x00}, std::byte{0x01}, std::byte{'#'}, std::byte{0x00}};
    const auto refused = mqtt5::decode(bad);
    std::printf("30 04 00 01 23 00 -> %s at byte %zu, reason 0x%02X (%s)\n", mqtt5::to_string(refused.error().code).data(),
                refused.error().offset, static_cast<unsigned>(refused.error().reason),
                mqtt5::to_string(refused.error().reason, mqtt5::packet_type::disconnect).data());
    return refused ? 1 : 0;
}
