// Consumer of mqtt5 as a meson subproject (test packaging.meson_subproject): it compiles against the
// subproject's headers, and the version meson declares (MQTT5_EXPECTED_VERSION, from mqtt5_dep.version())
// is the one the version macros give.
#include <mqtt5.hpp>

#include <array>
#include <cstdio>
#include <string_view>

#define MQTT5_STRINGIFY_IMPL(x) #x
#define MQTT5_STRINGIFY(x) MQTT5_STRINGIFY_IMPL(x)

int main() {
    constexpr std::string_view from_macros =
        MQTT5_STRINGIFY(MQTT5_VERSION_MAJOR) "." MQTT5_STRINGIFY(MQTT5_VERSION_MINOR) "." MQTT5_STRINGIFY(MQTT5_VERSION_PATCH);
    if (from_macros != MQTT5_EXPECTED_VERSION) {
        std::printf("meson says mqtt5 %s, the macros say %.*s\n", MQTT5_EXPECTED_VERSION,
                    static_cast<int>(from_macros.size()), from_macros.data());
        return 1;
    }
    // And the library works: PINGREQ encodes to C0 00 (§3.12).
    std::array<std::byte, 2> wire{};
    const auto written = mqtt5::encode(mqtt5::pingreq{}, wire);
    if (!written || *written != 2 || wire[0] != std::byte{0xC0} || wire[1] != std::byte{0x00}) {
        std::printf("PINGREQ did not encode to C0 00\n");
        return 1;
    }
    std::printf("meson subproject: mqtt5 %s ok\n", MQTT5_EXPECTED_VERSION);
    return 0;
}
