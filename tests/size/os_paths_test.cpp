// Issue 13: the -Os paths of include/ (the code under `#if defined(__OPTIMIZE_SIZE__)`) against the speed paths
// they replace. This file and a set of the codec's unit tests form mqtt5_os_tests, compiled with -Os (the main
// build is -O0/-O2 and never compiles those paths); here each compact path is compared with its speed twin.
#include <gtest/gtest.h>

#include <mqtt5.hpp>

#include <cstdint>
#include <cstring>
#include <random>

#if !defined(__OPTIMIZE_SIZE__)
#error "mqtt5_os_tests must be compiled with -Os: it exists to run the __OPTIMIZE_SIZE__ paths"
#endif

namespace {

using mqtt5::errc;
using mqtt5::wire::detail::validate_utf8_compact;
using mqtt5::wire::detail::validate_utf8_from;

// [MQTT-1.5.4-1] [MQTT-1.5.4-2]: every string of 1 to 3 bytes, both policies, the same answer as the speed path.
TEST(OsPaths, CompactUtf8AgreesOnEveryStringUpToThreeBytes) {
    char b[3];
    long differences = 0;
    const auto check = [&](std::size_t len) {
        for (const bool reject : {false, true})
            if (validate_utf8_compact(b, len, reject) != validate_utf8_from(b, len, 0, reject)) ++differences;
    };
    for (int x = 0; x < 256; ++x) {
        b[0] = static_cast<char>(x);
        check(1);
        for (int y = 0; y < 256; ++y) {
            b[1] = static_cast<char>(y);
            check(2);
            for (int z = 0; z < 256; ++z) {
                b[2] = static_cast<char>(z);
                check(3);
            }
        }
    }
    EXPECT_EQ(differences, 0);
}

// Four to six bytes, drawn with the lead bytes at the edges of each range and valid continuation bytes often.
TEST(OsPaths, CompactUtf8AgreesOnLongerStrings) {
    std::mt19937 rng(13);
    const unsigned char edges[] = {0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xE0, 0xED, 0xEE, 0xEF, 0xC1, 0xC2, 0xDF, 0x00, 0x7F, 0x80, 0xBF};
    char b[6];
    long differences = 0;
    for (int k = 0; k < 2'000'000; ++k) {
        const std::size_t len = 4 + rng() % 3;
        for (std::size_t i = 0; i < len; ++i) {
            const unsigned v = rng();
            b[i] = static_cast<char>((v & 0x300u) == 0 ? edges[v % sizeof edges] : (v & 0x400u) ? 0x80u | (v & 0x3Fu) : v & 0xFFu);
        }
        for (const bool reject : {false, true})
            if (validate_utf8_compact(b, len, reject) != validate_utf8_from(b, len, 0, reject)) ++differences;
    }
    EXPECT_EQ(differences, 0);
}

// The edges by name: U+0000, overlong forms, surrogates, above U+10FFFF, truncation, and U+FFFF with the policy.
TEST(OsPaths, CompactUtf8Edges) {
    const auto v = [](std::string_view s, bool reject = false) { return validate_utf8_compact(s.data(), s.size(), reject); };
    EXPECT_EQ(v(std::string_view{"a\0b", 3}), errc::utf8_contains_null);
    EXPECT_EQ(v("\xC0\x80"), errc::invalid_utf8);          // overlong U+0000
    EXPECT_EQ(v("\xE0\x9F\xBF"), errc::invalid_utf8);      // overlong U+07FF
    EXPECT_EQ(v("\xE0\xA0\x80"), errc::ok);                // U+0800
    EXPECT_EQ(v("\xED\xA0\x80"), errc::invalid_utf8);      // U+D800
    EXPECT_EQ(v("\xED\x9F\xBF"), errc::ok);                // U+D7FF
    EXPECT_EQ(v("\xF0\x8F\xBF\xBF"), errc::invalid_utf8);  // overlong U+FFFF
    EXPECT_EQ(v("\xF4\x8F\xBF\xBF"), errc::ok);            // U+10FFFF
    EXPECT_EQ(v("\xF4\x90\x80\x80"), errc::invalid_utf8);  // U+110000
    EXPECT_EQ(v("\xE2\x82"), errc::invalid_utf8);          // truncated
    EXPECT_EQ(v("\xEF\xBF\xBF"), errc::ok);                // U+FFFF: accepted unless the policy rejects it
    EXPECT_EQ(v("\xEF\xBF\xBF", true), errc::utf8_disallowed_code_point);
}

// The index slot that validate_properties computes under -Os is the one every accessor uses (slot_of).
TEST(OsPaths, SlotCountedFromPlaceIdsIsSlotOf) {
    for (std::size_t row = 0; row < mqtt5::property_table.size(); ++row)
        for (std::size_t p = 0; p < mqtt5::place_count; ++p) {
            const auto pl = static_cast<mqtt5::place>(p);
            const auto id = static_cast<std::uint8_t>(mqtt5::property_table[row].id);
            if (mqtt5::allows(pl, mqtt5::property_table[row].id)) {
                EXPECT_EQ(mqtt5::detail::slot_at(pl, id, row), mqtt5::slot_of(pl, id)) << "row " << row << " place " << p;
            }
        }
}

// The reason-code rules found by search are the rows of the table (every value, assigned or not).
TEST(OsPaths, ReasonCodeSearchFindsTheTableRow) {
    for (unsigned v = 0; v < 256; ++v) {
        const auto rc = static_cast<mqtt5::reason_code>(v);
        const auto* info = mqtt5::find_reason_code(rc);
        const auto rule = mqtt5::detail::find_rule(rc);  // -Os: by value, from 2 packed bytes per row
        if (info == nullptr) {  // unassigned: valid nowhere, no sender rule
            EXPECT_EQ(rule.valid_in, 0u) << v;
            EXPECT_EQ(rule.disconnect_sender, mqtt5::sent_by::either) << v;
            EXPECT_FALSE(rule.disconnect_from_table_2_6_only) << v;
        } else {
            EXPECT_EQ(rule.valid_in, info->valid_in) << v;
            EXPECT_EQ(rule.disconnect_sender, info->disconnect_sender) << v;
            EXPECT_EQ(rule.disconnect_from_table_2_6_only, info->disconnect_from_table_2_6_only) << v;
        }
    }
}

// The per-type maps the codec reads under -Os (detail::is_valid_in, detail::required_sender_in) give, for every
// value and every packet type that carries a reason code, the answer of the table's readers is_valid_for and
// required_sender.
template <mqtt5::packet_type T> long reason_code_map_differences() {
    long differences = 0;
    for (unsigned v = 0; v < 256; ++v) {
        const auto rc = static_cast<mqtt5::reason_code>(v);
        for (const bool strict : {false, true})
            if (mqtt5::detail::is_valid_in<T>(rc, strict) != mqtt5::is_valid_for(rc, T, strict)) ++differences;
        if (mqtt5::detail::required_sender_in<T>(rc) != mqtt5::required_sender(rc, T)) ++differences;
    }
    return differences;
}
TEST(OsPaths, ReasonCodeMapsAgreeWithTheTable) {
    using mqtt5::packet_type;
    EXPECT_EQ(reason_code_map_differences<packet_type::connack>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::puback>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::pubrec>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::pubrel>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::pubcomp>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::suback>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::unsuback>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::disconnect>(), 0);
    EXPECT_EQ(reason_code_map_differences<packet_type::auth>(), 0);
}

// detail::set_error under -Os restores a failed result's value by zeroing its bytes: that is the default value of
// every packet type only while each member defaults to zero bytes. A new member with another default fails here.
template <class P> bool zero_bytes_are_the_default() {
    alignas(P) unsigned char zeros[sizeof(P)] = {};
    P zeroed;
    std::memcpy(static_cast<void*>(&zeroed), zeros, sizeof(P));
    const P defaulted{};
    return zeroed == defaulted && zeroed.form == defaulted.form;
}
TEST(OsPaths, ZeroBytesAreTheDefaultOfEveryPacketType) {
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::connect>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::connack>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::publish>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::puback>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::pubrec>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::pubrel>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::pubcomp>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::subscribe>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::suback>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::unsubscribe>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::unsuback>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::pingreq>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::pingresp>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::disconnect>());
    EXPECT_TRUE(zero_bytes_are_the_default<mqtt5::auth>());
}

// A failure after the decoder has filled fields (client id, keep alive, the Will) leaves the default CONNECT.
TEST(OsPaths, FailedDecodeHoldsTheDefaultPacket) {
    // CONNECT v5, Will flag, client id "c", Will topic "a/#" (a wildcard: will_topic_invalid at byte 17).
    const std::uint8_t bytes[] = {0x10, 0x16, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x04, 0x00, 0x3c, 0x00,
                                  0x00, 0x01, 'c', 0x00, 0x00, 0x03, 'a', '/', '#', 0x00, 0x00};
    const auto r = mqtt5::decode<mqtt5::connect>(std::span{reinterpret_cast<const std::byte*>(bytes), sizeof bytes});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::will_topic_invalid);
    EXPECT_EQ(r.error().offset, 17u);
    const auto& value = mqtt5::detail::result_access::value(r);
    EXPECT_TRUE(value == mqtt5::connect{});
    EXPECT_FALSE(value.will.has_value());
}

}  // namespace
