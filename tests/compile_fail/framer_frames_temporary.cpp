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
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    int packets = 0;
#ifndef MQTT5_BAD
    std::vector<std::byte> chunk{std::byte{0xd0}, std::byte{0x00}};
    for (auto frame : f.frames(chunk)) packets += frame ? 1 : 0;
    for (auto frame : f.frames(std::span{chunk})) packets += frame ? 1 : 0;
    return packets - 2;
#else
    for (auto frame : f.frames(std::vector<std::byte>{std::byte{0xd0}, std::byte{0x00}})) packets += frame ? 1 : 0;
    return packets;
#endif
    return 0;
}
