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
#ifndef MQTT5_BAD
    std::vector<std::byte> chunk{std::byte{0xd0}, std::byte{0x00}};
    f.feed(chunk);
    f.feed(std::span{chunk});
    return f.next().status == mqtt5::frame_status::packet ? 0 : 1;
#else
    f.feed(std::vector<std::byte>{std::byte{0xd0}, std::byte{0x00}});
    return f.next().status == mqtt5::frame_status::packet ? 0 : 1;
#endif
    return 0;
}
