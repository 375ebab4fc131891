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
    std::vector<std::byte> bytes{std::byte{0x61}};
#ifndef MQTT5_BAD
    const auto a = mqtt5::as_text(bytes);
    const auto b = mqtt5::as_text(std::span{bytes});
    return a == b ? 0 : 1;
#else
    const auto a = mqtt5::as_text(std::vector<std::byte>{std::byte{0x61}});
    return a == "a" ? 0 : 1;
#endif
    return 0;
}
