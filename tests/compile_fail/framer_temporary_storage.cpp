// Compile-fail case (tests/cmake/compile_fail.cmake): compiled once as is, which must succeed, and once with
// -DMQTT5_BAD, which must fail with a diagnostic matching the line below.
// expect-error: matching (function|constructor)|could not convert
#include <mqtt5.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

int main() {
    mqtt5::framer_options options{};
#ifndef MQTT5_BAD
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage, options};
    mqtt5::framer g{std::span<std::byte>{storage}, options};
    return static_cast<int>(f.max_packet_size() - g.max_packet_size());
#else
    mqtt5::framer f{std::array<std::byte, 64>{}, options};
    return static_cast<int>(f.max_packet_size());
#endif
    return 0;
}
