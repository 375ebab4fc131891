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
    const mqtt5::subscription sub{.topic_filter = "a/b"};
#ifndef MQTT5_BAD
    const std::initializer_list<mqtt5::subscription> kept{sub, sub};
    mqtt5::subscribe s{.packet_id = 1, .subscriptions = kept};
    return static_cast<int>(s.subscriptions.size()) - 2;
#else
    mqtt5::subscribe s{.packet_id = 1, .subscriptions = std::initializer_list<mqtt5::subscription>{sub, sub}};
    return static_cast<int>(s.subscriptions.size());
#endif
    return 0;
}
