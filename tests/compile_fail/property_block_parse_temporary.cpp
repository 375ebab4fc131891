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
    using block = mqtt5::property_block<mqtt5::place::publish>;
#ifndef MQTT5_BAD
    const std::array<std::byte, 3> bytes{std::byte{0x23}, std::byte{0x00}, std::byte{0x05}};
    const auto a = block::parse(bytes);
    const auto b = block::parse(std::span{bytes});
    return a && b ? 0 : 1;
#else
    const auto a = block::parse(std::array<std::byte, 3>{std::byte{0x23}, std::byte{0x00}, std::byte{0x05}});
    return a ? 0 : 1;
#endif
    return 0;
}
