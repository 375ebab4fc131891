// The printers read the same tables as the codec: every name exists, is the standard's, and is unique.
#include <gtest/gtest.h>

#include <mqtt5.hpp>

#include <set>
#include <string>

namespace {

TEST(Names, PacketTypesUseTheStandardsNames) {
    EXPECT_EQ(mqtt5::to_string(mqtt5::packet_type::connect), "CONNECT");
    EXPECT_EQ(mqtt5::to_string(mqtt5::packet_type::pubrel), "PUBREL");
    EXPECT_EQ(mqtt5::to_string(mqtt5::packet_type::auth), "AUTH");
    EXPECT_EQ(mqtt5::to_string(mqtt5::packet_type{0}), "RESERVED");
    std::set<std::string> names;
    for (int t = 1; t <= 15; ++t) names.emplace(mqtt5::to_string(static_cast<mqtt5::packet_type>(t)));
    EXPECT_EQ(names.size(), 15u);
}

TEST(Names, EveryErrcHasANameADescriptionAndAReason) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < mqtt5::detail::errc_count; ++i) {
        const auto e = static_cast<mqtt5::errc>(i);
        EXPECT_FALSE(mqtt5::to_string(e).empty());
        EXPECT_FALSE(mqtt5::describe(e).empty());
        names.emplace(mqtt5::to_string(e));
        if (e != mqtt5::errc::ok) {
            EXPECT_TRUE(mqtt5::is_error(mqtt5::default_reason(e))) << mqtt5::to_string(e);
        }
    }
    EXPECT_EQ(names.size(), mqtt5::detail::errc_count);
    EXPECT_EQ(mqtt5::to_string(mqtt5::errc::varint_too_long), "varint_too_long");
    EXPECT_EQ(mqtt5::default_reason(mqtt5::errc::topic_alias_zero), mqtt5::reason_code::topic_alias_invalid);  // §3.3.4
    const auto past_end = static_cast<mqtt5::errc>(mqtt5::detail::errc_count);
    EXPECT_EQ(mqtt5::to_string(past_end), "unknown");
    EXPECT_EQ(mqtt5::describe(past_end), "unknown error");
    EXPECT_EQ(mqtt5::default_reason(past_end), mqtt5::reason_code::unspecified_error);
}

// 0x00..0x02 are named per packet (§2.4 Table 2-6).
TEST(Names, ReasonCodesAreNamedPerPacket) {
    using mqtt5::packet_type, mqtt5::reason_code;
    EXPECT_EQ(mqtt5::to_string(reason_code::success, packet_type::puback), "Success");
    EXPECT_EQ(mqtt5::to_string(reason_code::success, packet_type::disconnect), "Normal disconnection");
    EXPECT_EQ(mqtt5::to_string(reason_code::success, packet_type::suback), "Granted QoS 0");
    EXPECT_EQ(mqtt5::to_string(reason_code::granted_qos_2, packet_type::suback), "Granted QoS 2");
    EXPECT_EQ(mqtt5::to_string(reason_code::packet_too_large), "Packet too large");
    EXPECT_EQ(mqtt5::to_string(static_cast<reason_code>(0x03), packet_type::suback), "Unknown");
    EXPECT_EQ(mqtt5::find_reason_code(static_cast<reason_code>(0xFF)), nullptr);
}

TEST(Names, PropertiesUseSnakeCaseOfTheStandardsNames) {
    std::set<std::string> names;
    for (const auto& info : mqtt5::property_table) {
        EXPECT_EQ(mqtt5::to_string(info.id), info.name);
        names.emplace(info.name);
        std::string expected;
        for (const char c : info.title) expected += c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(info.name, expected);
    }
    EXPECT_EQ(names.size(), 27u);
    EXPECT_EQ(mqtt5::to_string(static_cast<mqtt5::property_id>(0x04)), "unknown");
    EXPECT_EQ(mqtt5::place_of(mqtt5::packet_type::pubcomp), mqtt5::place::pubcomp);
}

}  // namespace
