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
    using codes = mqtt5::reason_code[2];
#ifndef MQTT5_BAD
    const codes kept{mqtt5::reason_code::granted_qos_0, mqtt5::reason_code::granted_qos_1};
    mqtt5::suback s{.packet_id = 1, .reason_codes = kept};
    return static_cast<int>(s.reason_codes.size()) - 2;
#else
    mqtt5::suback s{.packet_id = 1, .reason_codes = codes{mqtt5::reason_code::granted_qos_0, mqtt5::reason_code::granted_qos_1}};
    return static_cast<int>(s.reason_codes.size());
#endif
    return 0;
}
