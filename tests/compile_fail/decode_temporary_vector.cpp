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
    std::vector<std::byte> bytes{std::byte{0xc0}, std::byte{0x00}};
#ifndef MQTT5_BAD
    const auto a = mqtt5::decode(bytes);
    const auto b = mqtt5::decode(std::span{bytes});  // a view by value: accepted
    return a.has_value() && b.has_value() ? 0 : 1;
#else
    const auto p = mqtt5::decode(std::vector<std::byte>{std::byte{0xc0}, std::byte{0x00}});
    return p.has_value() ? 0 : 1;
#endif
    return 0;
}
