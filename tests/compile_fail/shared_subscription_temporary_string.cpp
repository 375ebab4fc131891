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
    std::string filter = "$share/g/a/b";
#ifndef MQTT5_BAD
    const auto a = mqtt5::parse_shared_subscription(filter);
    const auto b = mqtt5::parse_shared_subscription(std::string_view{filter});
    const auto c = mqtt5::parse_shared_subscription("$share/g/a/b");
    return a && b && c && a->share_name == "g" ? 0 : 1;
#else
    const auto a = mqtt5::parse_shared_subscription(std::string("$share/g/a/b"));
    return a && a->share_name == "g" ? 0 : 1;
#endif
    return 0;
}
