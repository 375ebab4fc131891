// Compile-fail case (tests/cmake/compile_fail.cmake): compiled once as is, which must succeed, and once with
// -DMQTT5_BAD, which must fail with a diagnostic matching the line below.
// expect-error: delete
#include <mqtt5.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

int main() {
    std::array<std::byte, 6> bytes{std::byte{0x30}, std::byte{0x04}, std::byte{0x00}, std::byte{0x01}, std::byte{0x61}, std::byte{0x00}};
#ifndef MQTT5_BAD
    const auto p = mqtt5::decode<mqtt5::publish>(bytes);
    const auto q = mqtt5::decode<mqtt5::publish>(std::span<const std::byte>{bytes});
    return p.has_value() && q.has_value() && p->topic == "a" ? 0 : 1;
#else
    const auto p = mqtt5::decode<mqtt5::publish>(std::array{std::byte{0x30}, std::byte{0x04}, std::byte{0x00}, std::byte{0x01}, std::byte{0x61}, std::byte{0x00}});
    return p->topic == "a" ? 0 : 1;  // the topic would point into the dead array
#endif
    return 0;
}
