// A v5-only build (MQTT5_ENABLE_V311 0, issue 9): levels 3 and 4 are compiled out, asking for them is
// errc::protocol_version_not_enabled, version selection refuses them with CONNACK 0x01, and v5 works as ever.
// Its own executable: the macro must be the same in every translation unit of a program.
#define MQTT5_ENABLE_V311 0
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

static_assert(!mqtt5::detail::v311_enabled);

namespace {

using mqtt5::errc;
using test_util::from_hex;

TEST(V5Only, Levels3And4AreNotEnabled) {
    const auto connect = from_hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00");
    for (const auto v : {mqtt5::protocol_version::v311, mqtt5::protocol_version::v31}) {
        const mqtt5::decode_options o{.version = v};
        EXPECT_EQ(mqtt5::decode(connect, o).error().code, errc::protocol_version_not_enabled);
        EXPECT_EQ(mqtt5::decode<mqtt5::connect>(connect, o).error().code, errc::protocol_version_not_enabled);
        std::array<std::byte, 64> out{};
        const mqtt5::encode_options e{.version = v};
        EXPECT_EQ(mqtt5::encode(mqtt5::pingreq{}, out, e).error().code, errc::protocol_version_not_enabled);
        EXPECT_EQ(mqtt5::encoded_size(mqtt5::pingreq{}, e).error().code, errc::protocol_version_not_enabled);
        EXPECT_EQ(mqtt5::encode_publish_header(mqtt5::publish{.topic = "t"}, out, e).error().code, errc::protocol_version_not_enabled);
    }
    const auto sel = mqtt5::select_protocol_version(connect);
    EXPECT_EQ(sel.refusal, mqtt5::version_refusal::connack_0x01);
    EXPECT_EQ(sel.err.code, errc::unsupported_protocol_version);
    EXPECT_EQ(mqtt5::select_protocol_version(from_hex("10 0F 00 06 4D 51 49 73 64 70 03")).refusal, mqtt5::version_refusal::connack_0x01);
}

TEST(V5Only, Version5Works) {
    const auto connect = from_hex("10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
    const auto c = mqtt5::decode<mqtt5::connect>(connect);
    ASSERT_TRUE(c.has_value());
    std::array<std::byte, 64> out{};
    const auto n = mqtt5::encode(*c, out);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(test_util::to_hex(std::span(out).first(*n)), test_util::to_hex(connect));
    EXPECT_EQ(mqtt5::select_protocol_version(connect).version, mqtt5::protocol_version::v5);
}

}  // namespace
