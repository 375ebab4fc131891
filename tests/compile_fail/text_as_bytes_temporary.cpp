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
    std::string text = "abc";
#ifndef MQTT5_BAD
    const auto a = mqtt5::text_as_bytes(text);
    const auto b = mqtt5::text_as_bytes(std::string_view{text});
    const auto c = mqtt5::text_as_bytes("abc");
    const auto d = mqtt5::text_as_bytes(text.c_str());
    return mqtt5::bytes_equal(a, b) && mqtt5::bytes_equal(c, d) ? 0 : 1;
#else
    const auto a = mqtt5::text_as_bytes(std::string("abc"));
    return a.size() == 3 ? 0 : 1;
#endif
    return 0;
}
