// The public helpers of issue 8: bytes.hpp (as_text, text_as_bytes, bytes_equal), format_error,
// result::value_or, and property_builder::required_size as a sizing pass. Byte-exact throughout.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

namespace {

using test_util::from_hex;

// ---- bytes.hpp -------------------------------------------------------------------------------------------
TEST(PublicHelpers, AsTextViewsTheSameBytes) {
    const auto bytes = from_hex("61 2f 62 00 ff");
    const auto text = mqtt5::as_text(bytes);
    EXPECT_EQ(text.size(), 5u);
    EXPECT_EQ(static_cast<const void*>(text.data()), static_cast<const void*>(bytes.data()));
    EXPECT_EQ(text, std::string_view("a/b\0\xff", 5));
    EXPECT_TRUE(mqtt5::as_text({}).empty());
}

TEST(PublicHelpers, TextAsBytesViewsTheSameCharacters) {
    constexpr std::string_view text = "h\xc3\xa9!";
    const auto bytes = mqtt5::text_as_bytes(text);
    EXPECT_EQ(static_cast<const void*>(bytes.data()), static_cast<const void*>(text.data()));
    EXPECT_EQ(test_util::to_hex(bytes), "68 C3 A9 21");
    EXPECT_TRUE(mqtt5::text_as_bytes("").empty());
    // Round trip.
    EXPECT_EQ(mqtt5::as_text(bytes), text);
}

TEST(PublicHelpers, BytesEqualComparesLengthAndContent) {
    const auto a = from_hex("01 02 03");
    const auto same = from_hex("01 02 03");
    const auto shorter = from_hex("01 02");
    const auto other = from_hex("01 02 04");
    EXPECT_TRUE(mqtt5::bytes_equal(a, same));
    EXPECT_FALSE(mqtt5::bytes_equal(a, shorter));  // a prefix is not equal
    EXPECT_FALSE(mqtt5::bytes_equal(shorter, a));
    EXPECT_FALSE(mqtt5::bytes_equal(a, other));    // the last byte differs
    EXPECT_TRUE(mqtt5::bytes_equal({}, {}));
    static constexpr std::array<std::byte, 2> x{std::byte{1}, std::byte{2}}, y{std::byte{1}, std::byte{2}};
    static_assert(mqtt5::bytes_equal(x, y));
    static_assert(!mqtt5::bytes_equal(x, std::span{y}.first(1)));
}

// A PUBLISH payload from text and a decoded topic read back as text, through the helpers.
TEST(PublicHelpers, PayloadFromTextEncodesByteExact) {
    const mqtt5::publish p{.topic = "t", .payload = mqtt5::text_as_bytes("hi")};
    std::array<std::byte, 16> out{};
    const auto n = mqtt5::encode(p, out);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(test_util::to_hex(std::span{out}.first(*n)), "30 06 00 01 74 00 68 69");
    const auto back = mqtt5::decode<mqtt5::publish>(std::span<const std::byte>{out}.first(*n));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(mqtt5::as_text(back->payload), "hi");
    EXPECT_TRUE(mqtt5::bytes_equal(back->payload, mqtt5::text_as_bytes("hi")));
}

// ---- format_error ---------------------------------------------------------------------------------------
// The whole text, then "|" and the length format_error returns.
std::string whole(const std::string& text) { return text + "|" + std::to_string(text.size()); }

std::string formatted(const mqtt5::error& e, std::size_t capacity) {
    std::vector<char> buffer(capacity + 4, '#');  // '#' after the capacity shows an overrun
    const auto n = mqtt5::format_error(e, std::span<char>{buffer}.first(capacity));
    for (std::size_t i = capacity; i < buffer.size(); ++i) EXPECT_EQ(buffer[i], '#') << "overrun at " << i;
    return std::string(buffer.data(), n < capacity ? n : capacity) + "|" + std::to_string(n);
}

TEST(PublicHelpers, FormatErrorByteExact) {
    const auto e = mqtt5::make_error(mqtt5::errc::topic_name_has_wildcard, 2);
    EXPECT_EQ(formatted(e, 100), whole("topic_name_has_wildcard at byte 2, reason 0x82 Protocol Error"));
    EXPECT_EQ(formatted(mqtt5::make_error(mqtt5::errc::truncated, 8), 100), whole("truncated at byte 8, reason 0x81 Malformed Packet"));
    EXPECT_EQ(formatted(mqtt5::make_error(mqtt5::errc::payload_not_utf8, 1234567), 100),
              whole("payload_not_utf8 at byte 1234567, reason 0x99 Payload format invalid"));
    EXPECT_EQ(formatted(mqtt5::error{}, 100), whole("ok at byte 0, reason 0x00 Success"));
    EXPECT_EQ(formatted(mqtt5::error{mqtt5::errc::buffer_too_small, mqtt5::reason_code::unspecified_error, static_cast<std::size_t>(-1)}, 100),
              whole("buffer_too_small at byte " + std::to_string(static_cast<std::size_t>(-1)) + ", reason 0x80 Unspecified error"));
    // A reason code the standard does not assign.
    EXPECT_EQ(formatted(mqtt5::error{mqtt5::errc::invalid_reason_code, static_cast<mqtt5::reason_code>(0x7f), 10}, 100),
              whole("invalid_reason_code at byte 10, reason 0x7F Unknown"));
}

TEST(PublicHelpers, FormatErrorTruncatesWithoutOverrunOrNul) {
    const auto e = mqtt5::make_error(mqtt5::errc::topic_name_has_wildcard, 2);
    const std::string full = "topic_name_has_wildcard at byte 2, reason 0x82 Protocol Error";
    for (std::size_t capacity = 0; capacity <= full.size() + 1; ++capacity) {
        const auto text = formatted(e, capacity);
        const auto kept = capacity < full.size() ? capacity : full.size();
        EXPECT_EQ(text, full.substr(0, kept) + "|" + std::to_string(full.size())) << capacity;
    }
    // Cut inside the offset's digits and inside the hex byte.
    EXPECT_EQ(formatted(mqtt5::make_error(mqtt5::errc::truncated, 98765), 22), "truncated at byte 9876|53");
    EXPECT_EQ(formatted(mqtt5::make_error(mqtt5::errc::truncated, 8), 31), "truncated at byte 8, reason 0x8|49");
}

TEST(PublicHelpers, FormatErrorIsConstexpr) {
    constexpr auto text = [] {
        std::array<char, 64> out{};
        const auto n = mqtt5::format_error(mqtt5::make_error(mqtt5::errc::packet_id_zero, 65535), out);
        return std::pair{out, n};
    }();
    static_assert(text.second == 56);
    EXPECT_EQ(std::string_view(text.first.data(), text.second), "packet_id_zero at byte 65535, reason 0x82 Protocol Error");
}

TEST(PublicHelpers, MaxFormattedErrorSizeFitsEveryError) {
    std::size_t longest = 0;
    for (std::size_t c = 0; c < mqtt5::detail::errc_count; ++c)
        for (unsigned r = 0; r < 256; ++r) {
            const mqtt5::error e{static_cast<mqtt5::errc>(c), static_cast<mqtt5::reason_code>(r), static_cast<std::size_t>(-1)};
            std::array<char, 1> one{};
            const auto n = mqtt5::format_error(e, one);
            longest = n > longest ? n : longest;
        }
    EXPECT_EQ(longest, mqtt5::max_formatted_error_size);  // reached, not only bounded
}

// ---- result::value_or ------------------------------------------------------------------------------------
TEST(PublicHelpers, ValueOrGivesTheValueOrTheFallback) {
    const mqtt5::result<std::size_t> good = std::size_t{7};
    const mqtt5::result<std::size_t> bad = mqtt5::make_error(mqtt5::errc::buffer_too_small, 3);
    EXPECT_EQ(good.value_or(99), 7u);
    EXPECT_EQ(bad.value_or(99), 99u);
    // Refused packet: encoded_size no longer has to be read blindly.
    const mqtt5::publish wildcard{.topic = "a/#"};
    EXPECT_EQ(mqtt5::encoded_size(wildcard).value_or(0), 0u);
    EXPECT_EQ(mqtt5::encoded_size(mqtt5::publish{.topic = "a"}).value_or(0), 6u);  // 30 04 00 01 61 00
}

// ---- property_builder::required_size -----------------------------------------------------------------------
TEST(PublicHelpers, RequiredSizeOverEmptyStorageIsASizingPass) {
    const auto fill = [](auto& b) {
        b.message_expiry_interval(3600)                 // 02 + 4 bytes        = 5
            .response_topic("devices/dev-0001/resp")   // 08 + 2 + 21 bytes   = 24
            .correlation_data(mqtt5::text_as_bytes("abc"))  // 09 + 2 + 3    = 6
            .subscription_identifier(128)               // 0b + 80 01          = 3
            .user_property("k", "vv");                  // 26 + 2+1 + 2+2      = 8
    };
    mqtt5::property_builder<mqtt5::place::publish> sizing{std::span<std::byte>{}};
    fill(sizing);
    EXPECT_EQ(sizing.size(), 0u);
    EXPECT_EQ(sizing.required_size(), 46u);
    ASSERT_FALSE(sizing.build().has_value());
    EXPECT_EQ(sizing.build().error().code, mqtt5::errc::buffer_too_small);

    std::vector<std::byte> storage(sizing.required_size());
    mqtt5::property_builder<mqtt5::place::publish> real{storage};
    fill(real);
    EXPECT_EQ(real.size(), 46u);
    EXPECT_EQ(real.required_size(), 46u);
    const auto block = real.build();
    ASSERT_TRUE(block.has_value());
    EXPECT_EQ(test_util::to_hex(block->bytes()),
              "02 00 00 0E 10 08 00 15 64 65 76 69 63 65 73 2F 64 65 76 2D 30 30 30 31 2F 72 65 73 70 09 00 03 61 "
              "62 63 0B 80 01 26 00 01 6B 00 02 76 76");

    // One byte short: the last property does not fit, but is still counted.
    std::vector<std::byte> short_storage(45);
    mqtt5::property_builder<mqtt5::place::publish> tight{short_storage};
    fill(tight);
    EXPECT_EQ(tight.size(), 38u);
    EXPECT_EQ(tight.required_size(), 46u);
}

TEST(PublicHelpers, RequiredSizeSkipsRefusedProperties) {
    mqtt5::property_builder<mqtt5::place::publish> b{std::span<std::byte>{}};
    b.subscription_identifier(268'435'456);  // above the Variable Byte Integer range (§1.5.5): refused
    EXPECT_EQ(b.required_size(), 0u);
    b.content_type(std::string(65536, 'x'));  // longer than a UTF-8 string may be (§1.5.4): refused
    EXPECT_EQ(b.required_size(), 0u);
    mqtt5::property reason{};
    reason.id = mqtt5::property_id::reason_string;  // not allowed in PUBLISH (Table 2-4)
    b.add(reason);
    EXPECT_EQ(b.required_size(), 0u);
    b.subscription_identifier(268'435'455);  // the largest: 0b ff ff ff 7f
    EXPECT_EQ(b.required_size(), 5u);
    b.content_type(std::string(65535, 'x'));  // 03 ff ff + 65,535
    EXPECT_EQ(b.required_size(), 5u + 3u + 65535u);
}

}  // namespace
