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
    std::array subs{sub};
    mqtt5::subscribe kept{.packet_id = 1, .subscriptions = subs};
    mqtt5::subscribe viewed{.packet_id = 1, .subscriptions = std::span{subs}};  // a view by value: accepted
    return kept == viewed ? 0 : 1;
#else
    mqtt5::subscribe dangling{.packet_id = 1, .subscriptions = std::array{sub}};  // the array dies here
    return dangling.packet_id;
#endif
    return 0;
}
