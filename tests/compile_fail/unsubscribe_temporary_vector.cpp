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
    mqtt5::unsubscribe u{.packet_id = 1};
#ifndef MQTT5_BAD
    std::vector<std::string_view> filters{"a", "b"};
    u.topic_filters = filters;
    return static_cast<int>(u.topic_filters.size()) - 2;
#else
    u.topic_filters = std::vector<std::string_view>{"a", "b"};
    return static_cast<int>(u.topic_filters.size());
#endif
    return 0;
}
