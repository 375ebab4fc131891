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
    using builder = mqtt5::property_builder<mqtt5::place::publish>;
#ifndef MQTT5_BAD
    std::vector<std::byte> storage(16);
    builder b{storage};
    builder c{std::span<std::byte>{storage}};
    return b.message_expiry_interval(1).build() && c.content_type("x").build() ? 0 : 1;
#else
    builder b{std::vector<std::byte>(16)};
    return b.message_expiry_interval(1).build() ? 0 : 1;
#endif
    return 0;
}
