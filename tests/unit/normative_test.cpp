// Conformance tests for the 68 stateless, codec-relevant normative statements of spec/normative.md §1
// (MQTT v5.0), plus the UTF-8 rules (wire::validate_utf8 and packet fields) and the topic rules
// (validate_topic_name, validate_topic_filter, parse_shared_subscription, topic_matches).
//
// Every statement id appears in a test name (MQTT_x_y_z_n_...) and in a comment "// [MQTT-x.y.z-n]".
// ENC statements: mqtt5::encode refuses to produce the violation, writes nothing, and returns the errc named
// in error.hpp. Decoder statements: the decode result (errc, reason code, offset per the rule in error.hpp).
// Direction-dependent statements run with role unspecified, client and server.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "conformance_helpers.hpp"
#include "mqtt5.hpp"

namespace {

using namespace conformance;

// Decodes any packet type; success expected (re-encoding checked through the variant).
void expect_any_decode_ok(const bytes& b, const mqtt5::decode_options& o = {}) {
    SCOPED_TRACE("decoding " + hex_of(b));
    const auto any = mqtt5::decode(view(b), o);
    ASSERT_TRUE(any.has_value()) << show(any.error());
    bytes out(b.size() + 16, std::byte{0xEE});
    const auto n = mqtt5::encode(*any, std::span<std::byte>(out));
    ASSERT_TRUE(n.has_value()) << show(n.error());
    out.resize(*n);
    EXPECT_EQ(hex_of(out), hex_of(b));
}

// encode() refuses `p` with `code`, writes nothing, and encoded_size() agrees.
template <class P>
void expect_encode_refused(const P& p, errc code, std::size_t buffer = 512) {
    bytes out(buffer, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out));
    EXPECT_FALSE(n.has_value()) << "encoded " << (n.has_value() ? hex_of(std::span<const std::byte>(out).first(*n)) : "");
    EXPECT_EQ(name_of(n.error().code), name_of(code)) << show(n.error());
    EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](std::byte x) { return x == std::byte{0xEE}; }))
        << "a refused encode wrote into the buffer";
    const auto s = mqtt5::encoded_size(p);
    EXPECT_FALSE(s.has_value());
    EXPECT_EQ(name_of(s.error().code), name_of(code));
}

// The bytes encode() writes, or "refused: ...".
template <class P>
std::string encode_hex(const P& p) {
    const auto s = mqtt5::encoded_size(p);
    if (!s.has_value()) return "refused: " + show(s.error());
    bytes out(*s + 8, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out));
    if (!n.has_value()) return "refused: " + show(n.error());
    EXPECT_EQ(*n, *s);
    out.resize(*n);
    return hex_of(out);
}

mqtt5::publish make_publish(std::string_view topic, mqtt5::qos q = mqtt5::qos::at_most_once, std::uint16_t id = 0) {
    mqtt5::publish p{};
    p.topic = topic;
    p.qos = q;
    p.packet_id = id;
    return p;
}

mqtt5::connect make_connect(std::string_view client_id = {}) {
    mqtt5::connect c{};
    c.client_id = client_id;
    c.keep_alive = 60;
    c.clean_start = true;
    return c;
}

template <mqtt5::place P>
struct built_block {
    std::array<std::byte, 512> storage{};
    mqtt5::result<mqtt5::property_block<P>> block{};
};

// The reason code tables of spec/reason_codes.md §2.
const std::vector<std::uint8_t> connack_codes{0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
                                              0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F};
const std::vector<std::uint8_t> puback_codes{0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99};
const std::vector<std::uint8_t> pubrel_codes{0x00, 0x92};
const std::vector<std::uint8_t> suback_codes{0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2};
const std::vector<std::uint8_t> unsuback_codes{0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91};
const std::vector<std::uint8_t> disconnect_codes{0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D,
                                                 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
                                                 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2};  // Table 3-10
const std::vector<std::uint8_t> auth_codes{0x00, 0x18, 0x19};

bool listed(const std::vector<std::uint8_t>& set, unsigned v) { return std::find(set.begin(), set.end(), v) != set.end(); }

// Decodes prefix + v + suffix for every byte value v: listed values decode (and re-encode), the others are
// invalid_reason_code (PE*) at `at`.
template <class P>
void check_decoded_reason_table(std::string_view prefix, std::string_view suffix, std::size_t at,
                                const std::vector<std::uint8_t>& valid, const mqtt5::decode_options& o = {}) {
    for (unsigned v = 0; v < 256; ++v) {
        SCOPED_TRACE("reason code " + std::to_string(v));
        const auto b = with_byte(prefix, static_cast<std::uint8_t>(v), suffix);
        if (listed(valid, v)) {
            (void)expect_decode_ok<P>(b, o);
        } else {
            expect_decode_error<P>(b, errc::invalid_reason_code, PE, at, o);
        }
    }
}

// make(rc) builds a packet carrying rc: listed values encode, the others are refused (invalid_reason_code).
template <class Make>
void check_encoded_reason_table(Make make, const std::vector<std::uint8_t>& valid, const std::vector<std::uint8_t>& skip = {}) {
    for (unsigned v = 0; v < 256; ++v) {
        if (listed(skip, v)) continue;
        SCOPED_TRACE("reason code " + std::to_string(v));
        const auto p = make(static_cast<mqtt5::reason_code>(v));
        if (listed(valid, v)) {
            EXPECT_EQ(encode_hex(p).rfind("refused", 0), std::string::npos) << encode_hex(p);
        } else {
            expect_encode_refused(p, errc::invalid_reason_code);
        }
    }
}

}  // namespace

// =====================================================================================================
// Data representation
// =====================================================================================================

// [MQTT-1.5.4-1] UTF-8 must be well-formed (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated or stray bytes.
TEST(Normative, MQTT_1_5_4_1_Utf8WellFormed_Validator) {
    const std::vector<std::string_view> ill_formed{
        "\xC0\xAF",              // overlong '/'
        "\xC0\x80",              // overlong NUL
        "\xC1\xBF",              // overlong U+007F
        "\xE0\x80\xAF",          // overlong 3-byte '/'
        "\xE0\x9F\xBF",          // overlong U+07FF
        "\xF0\x80\x80\xAF",      // overlong 4-byte '/'
        "\xF0\x8F\xBF\xBF",      // overlong U+FFFF
        "\xED\xA0\x80",          // U+D800
        "\xED\xAD\xBF",          // U+DB7F
        "\xED\xB0\x80",          // U+DC00
        "\xED\xBF\xBF",          // U+DFFF
        "\xED\xA0\xBD\xED\xB8\x80",  // CESU-8 surrogate pair
        "\xF4\x90\x80\x80",      // U+110000
        "\xF5\x80\x80\x80",      // lead byte F5
        "\xF7\xBF\xBF\xBF",      // U+1FFFFF
        "\xF8\x88\x80\x80\x80",  // 5-byte form
        "\xFC\x84\x80\x80\x80\x80",  // 6-byte form
        "\xFE",
        "\xFF",
        "\x80",                  // lone continuation
        "\xBF",
        "a\x80" "b",
        "\xE2\x82",              // truncated 3-byte
        "\xE2",                  // truncated lead
        "\xF0\x9F\x98",          // truncated 4-byte
        "\xC3",                  // truncated 2-byte
        "\xC3" "a",              // lead followed by ASCII
        "\xE2\x28\xA1",          // bad second byte
        "\xE2\x82\x28",          // bad third byte
        "abcdefghijklmnop\xC0\xAF",  // after a long ASCII run
    };
    for (const auto s : ill_formed) {
        SCOPED_TRACE(hex_of(text_span(s)));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s)), name_of(errc::invalid_utf8));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s, true)), name_of(errc::invalid_utf8));
    }
    const std::vector<std::string_view> well_formed{
        "",
        "a/b",
        "\x7F",                  // U+007F
        "\xC2\x80",              // U+0080
        "\xDF\xBF",              // U+07FF
        "\xE0\xA0\x80",          // U+0800
        "\xED\x9F\xBF",          // U+D7FF (just below the surrogates)
        "\xEE\x80\x80",          // U+E000 (just above)
        "\xEF\xBF\xBD",          // U+FFFD
        "\xF0\x90\x80\x80",      // U+10000
        "\xF4\x8F\xBF\xBD",      // U+10FFFD
        "\xE2\x82\xAC",          // euro sign
        "\xF0\x9F\x98\x80",      // emoji
        "abcdefghijklmnopqrstuvwxyz0123456789",
    };
    for (const auto s : well_formed) {
        SCOPED_TRACE(hex_of(text_span(s)));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s)), name_of(errc::ok));
    }
}

// [MQTT-1.5.4-1] through packet fields: decoding reports invalid_utf8 (MAL) at the string's length prefix.
TEST(Normative, MQTT_1_5_4_1_Utf8WellFormed_DecodeFields) {
    // PUBLISH Topic Name (more forms than edge cases 44-49)
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 E0 80 AF 00"), errc::invalid_utf8, MAL, 2);
    expect_decode_error<mqtt5::publish>(hex("30 07 00 04 F0 80 80 AF 00"), errc::invalid_utf8, MAL, 2);
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 ED BF BF 00"), errc::invalid_utf8, MAL, 2);
    expect_decode_error<mqtt5::publish>(hex("30 07 00 04 F5 80 80 80 00"), errc::invalid_utf8, MAL, 2);
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 F0 9F 98 00"), errc::invalid_utf8, MAL, 2);
    // CONNECT Client Identifier at 13, User Name at 15
    expect_decode_error<mqtt5::connect>(hex("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 FF"), errc::invalid_utf8, MAL, 13);
    expect_decode_error<mqtt5::connect>(hex("10 11 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 02 C0 AF"), errc::invalid_utf8, MAL, 15);
    // PUBACK Reason String: property 0x1F at 6, its string at 7
    expect_decode_error<mqtt5::puback>(hex("40 08 00 01 00 04 1F 00 01 FF"), errc::invalid_utf8, MAL, 7);
    // DISCONNECT Server Reference (sender unknown): property 0x1C at 4, string at 5
    expect_decode_error<mqtt5::disconnect>(hex("E0 06 9C 04 1C 00 01 C0"), errc::invalid_utf8, MAL, 5);
    // CONNACK Assigned Client Identifier: property at 5, string at 6
    expect_decode_error<mqtt5::connack>(hex("20 07 00 00 04 12 00 01 ED"), errc::invalid_utf8, MAL, 6);
    // AUTH Authentication Method: property at 4, string at 5
    expect_decode_error<mqtt5::auth>(hex("F0 06 18 04 15 00 01 80"), errc::invalid_utf8, MAL, 5);
}

// [MQTT-1.5.4-1] encoder side: a sender never writes ill-formed UTF-8.
TEST(Normative, MQTT_1_5_4_1_Utf8WellFormed_EncoderRefuses) {
    expect_encode_refused(make_publish(std::string_view("\xC0\xAF", 2)), errc::invalid_utf8);
    expect_encode_refused(make_publish(std::string_view("\xED\xA0\x80", 3)), errc::invalid_utf8);
    expect_encode_refused(make_connect(std::string_view("\xF4\x90\x80\x80", 4)), errc::invalid_utf8);
    {
        auto c = make_connect("c");
        c.username = std::string_view("\xE2\x82", 2);
        expect_encode_refused(c, errc::invalid_utf8);
    }
    {
        auto c = make_connect("c");
        c.will = mqtt5::will_message{.topic = std::string_view("\x80", 1)};
        expect_encode_refused(c, errc::invalid_utf8);
    }
    {
        const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = std::string_view("\xC0\xAF", 2)}};
        mqtt5::subscribe s{};
        s.packet_id = 1;
        s.subscriptions = subs;
        expect_encode_refused(s, errc::invalid_utf8);
    }
    {
        const std::array<std::string_view, 1> filters{std::string_view("\xFF", 1)};
        mqtt5::unsubscribe u{};
        u.packet_id = 1;
        u.topic_filters = filters;
        expect_encode_refused(u, errc::invalid_utf8);
    }
    // Property values: property_builder::build() refuses them with the decoder's errc.
    {
        std::array<std::byte, 64> st{};
        mqtt5::property_builder<mqtt5::place::publish> b{st};
        b.content_type(std::string_view("\xC0\xAF", 2));
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::invalid_utf8));
    }
    {
        std::array<std::byte, 64> st{};
        mqtt5::property_builder<mqtt5::place::puback> b{st};
        b.reason_string(std::string_view("\xED\xB0\x80", 3));
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::invalid_utf8));
    }
}

// [MQTT-1.5.4-2] no U+0000 in a UTF-8 string.
TEST(Normative, MQTT_1_5_4_2_NoNul) {
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("\0", 1))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("a\0b", 3))), name_of(errc::utf8_contains_null));
    // past the 8-byte ASCII fast path, and inside it
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("abcdefgh\0", 9))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("abc\0efghijklmnop", 16))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("abcdefghijklmno\0", 16))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(std::string_view("\0", 1), true)), name_of(errc::utf8_contains_null));
    // decoded fields: topic (edge case 43), Client Identifier, User Property value, Content Type
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 00 62 00"), errc::utf8_contains_null, MAL, 2);
    expect_decode_error<mqtt5::connect>(hex("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 00"), errc::utf8_contains_null, MAL, 13);
    expect_decode_error<mqtt5::publish>(hex("30 0A 00 01 61 06 26 00 00 00 01 00"), errc::utf8_contains_null, MAL, 9);
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 03 00 01 00"), errc::utf8_contains_null, MAL, 7);
    // encoder
    expect_encode_refused(make_publish(std::string_view("a\0b", 3)), errc::utf8_contains_null);
    expect_encode_refused(make_connect(std::string_view("\0", 1)), errc::utf8_contains_null);
    std::array<std::byte, 64> st{};
    mqtt5::property_builder<mqtt5::place::publish> b{st};
    b.user_property("k", std::string_view("v\0", 2));
    const auto blk = b.build();
    ASSERT_FALSE(blk.has_value());
    EXPECT_EQ(name_of(blk.error().code), name_of(errc::utf8_contains_null));
}

// [MQTT-1.5.4-3] EF BB BF is U+FEFF and is kept, never skipped or stripped.
TEST(Normative, MQTT_1_5_4_3_BomKept) {
    const std::string_view bom_a("\xEF\xBB\xBF" "a");
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(bom_a)), name_of(errc::ok));
    EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(bom_a, true)), name_of(errc::ok));  // not a disallowed code point
    // Topic (edge case 50)
    const auto t = hex("30 07 00 04 EF BB BF 61 00");
    const auto p = expect_decode_ok<mqtt5::publish>(t);
    EXPECT_EQ(p.topic, bom_a);
    // User Property value "\uFEFF"
    const auto u = hex("30 0D 00 01 61 09 26 00 01 6B 00 03 EF BB BF");
    const auto pu = expect_decode_ok<mqtt5::publish>(u);
    std::size_t n = 0;
    for (const auto up : pu.properties.user_properties()) {
        EXPECT_EQ(up.value, std::string_view("\xEF\xBB\xBF"));
        ++n;
    }
    EXPECT_EQ(n, 1u);
    // Client Identifier that is only a BOM
    const auto c = hex("10 10 00 04 4D 51 54 54 05 02 00 3C 00 00 03 EF BB BF");
    const auto pc = expect_decode_ok<mqtt5::connect>(c);
    EXPECT_EQ(pc.client_id, std::string_view("\xEF\xBB\xBF"));
    // Encoding keeps it too
    EXPECT_EQ(encode_hex(make_publish(bom_a)), "30 07 00 04 EF BB BF 61 00");
    // and it is a different topic from "a"
    EXPECT_FALSE(mqtt5::topic_matches("a", bom_a));
    EXPECT_TRUE(mqtt5::topic_matches(bom_a, bom_a));
}

// [MQTT-1.5.5-1] Variable Byte Integers use the fewest bytes. ENC: the encoder always writes the shortest
// form. Decode: MAL* (errc varint_not_minimal) unless allow_non_minimal_varint.
TEST(Normative, MQTT_1_5_5_1_MinimalVarint_Encoder) {
    struct row {
        std::uint32_t value{};
        std::string_view wire{};
    };
    const std::array<row, 9> rows{{{0, "00"},
                                   {127, "7F"},
                                   {128, "80 01"},
                                   {16'383, "FF 7F"},
                                   {16'384, "80 80 01"},
                                   {2'097'151, "FF FF 7F"},
                                   {2'097'152, "80 80 80 01"},
                                   {268'435'455, "FF FF FF 7F"},
                                   {321, "C1 02"}}};
    for (const auto& r : rows) {
        std::array<std::byte, 8> out{};
        const auto* end = mqtt5::wire::store_varint(out.data(), r.value);
        EXPECT_EQ(hex_of(std::span<const std::byte>(out.data(), static_cast<std::size_t>(end - out.data()))), r.wire);
        EXPECT_EQ(mqtt5::wire::varint_size(r.value), static_cast<std::size_t>(end - out.data()));
    }
    // Remaining Length of encoded packets at the width boundaries.
    struct rl_row {
        std::size_t remaining{};
        std::string_view wire{};
    };
    const std::array<rl_row, 6> rl_rows{{{127, "7F"},
                                         {128, "80 01"},
                                         {16'383, "FF 7F"},
                                         {16'384, "80 80 01"},
                                         {2'097'151, "FF FF 7F"},
                                         {2'097'152, "80 80 80 01"}}};
    for (const auto& r : rl_rows) {
        SCOPED_TRACE("Remaining Length " + std::to_string(r.remaining));
        const bytes payload(r.remaining - 4, std::byte{0x55});  // topic "a" (3) + Property Length (1)
        auto p = make_publish("a");
        p.payload = payload;
        const auto size = mqtt5::encoded_size(p);
        ASSERT_TRUE(size.has_value()) << show(size.error());
        const auto width = (r.wire.size() + 1) / 3;
        EXPECT_EQ(*size, 1 + width + r.remaining);
        bytes out(*size);
        const auto n = mqtt5::encode(p, std::span<std::byte>(out));
        ASSERT_TRUE(n.has_value()) << show(n.error());
        EXPECT_EQ(hex_of(std::span<const std::byte>(out).subspan(1, width)), r.wire);
        const auto back = mqtt5::decode<mqtt5::publish>(std::span<const std::byte>(out));
        ASSERT_TRUE(back.has_value()) << show(back.error());
        EXPECT_EQ(back->payload.size(), payload.size());
    }
    // Property Length of 128 is written as 80 01.
    {
        std::array<std::byte, 256> st{};
        mqtt5::property_builder<mqtt5::place::publish> b{st};
        const std::string value(122, 'v');
        b.user_property("k", value);
        const auto blk = b.build();
        ASSERT_TRUE(blk.has_value()) << show(blk.error());
        EXPECT_EQ(blk->size_bytes(), 128u);
        auto p = make_publish("a");
        p.properties = *blk;
        const auto s = encode_hex(p);
        EXPECT_EQ(s.substr(0, 23), "30 85 01 00 01 61 80 01");
    }
    // Subscription Identifier values are written in their shortest form; above 268,435,455 is refused.
    {
        std::array<std::byte, 32> st{};
        mqtt5::property_builder<mqtt5::place::subscribe> b{st};
        b.subscription_identifier(128);
        const auto blk = b.build();
        ASSERT_TRUE(blk.has_value()) << show(blk.error());
        EXPECT_EQ(hex_of(blk->bytes()), "0B 80 01");
    }
    {
        std::array<std::byte, 32> st{};
        mqtt5::property_builder<mqtt5::place::subscribe> b{st};
        b.subscription_identifier(268'435'455);
        const auto blk = b.build();
        ASSERT_TRUE(blk.has_value()) << show(blk.error());
        EXPECT_EQ(hex_of(blk->bytes()), "0B FF FF FF 7F");
    }
    {
        std::array<std::byte, 32> st{};
        mqtt5::property_builder<mqtt5::place::subscribe> b{st};
        b.subscription_identifier(268'435'456);
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::varint_out_of_range));
    }
}

// [MQTT-1.5.5-1] decoder side, in every place a Variable Byte Integer appears.
TEST(Normative, MQTT_1_5_5_1_MinimalVarint_Decoder) {
    const mqtt5::decode_options lenient{.allow_non_minimal_varint = true};
    struct row {
        std::string_view packet{};
        std::size_t at{};
    };
    const std::array<row, 6> rows{{
        {"C0 80 00", 1},                              // Remaining Length (edge case 3)
        {"D0 80 80 00", 1},                           // Remaining Length, 3 bytes
        {"30 05 00 01 61 80 00", 5},                  // Property Length
        {"30 07 00 01 61 03 81 00 01", 6},            // property identifier (edge case 22)
        {"30 07 00 01 61 03 0B FF 00", 7},            // Subscription Identifier 127 in 2 bytes (PUBLISH)
        {"82 0A 00 01 03 0B 81 00 00 01 61 00", 6},   // Subscription Identifier 1 in 2 bytes (SUBSCRIBE)
    }};
    for (const auto& r : rows) {
        const auto b = hex(r.packet);
        expect_decode_error<void>(b, errc::varint_not_minimal, MAL, r.at);
        expect_any_decode_ok(b, lenient);  // accepted on request, and still re-encodes byte-exact
    }
    // Raw loader: minimal forms are fine, non-minimal ones are flagged.
    for (const std::string_view s : {"80 00", "FF 00", "80 80 00", "80 80 80 00", "FF FF FF 00"}) {
        const auto b = hex(s);
        const auto v = mqtt5::wire::load_varint(b.data(), b.data() + b.size());
        EXPECT_EQ(name_of(v.code), name_of(errc::varint_not_minimal)) << s;
        const auto w = mqtt5::wire::load_varint(b.data(), b.data() + b.size(), true);
        EXPECT_EQ(name_of(w.code), name_of(errc::ok)) << s;
        EXPECT_EQ(static_cast<std::size_t>(w.width), b.size()) << s;
    }
    {
        const auto b = hex("80 80 80 80 01");  // 5 bytes: always an error (§1.5.5)
        const auto v = mqtt5::wire::load_varint(b.data(), b.data() + b.size(), true);
        EXPECT_EQ(name_of(v.code), name_of(errc::varint_too_long));
    }
    // The framer applies the same rule to the Remaining Length.
    {
        const auto b = hex("C0 80 00");
        std::array<std::byte, 16> st{};
        mqtt5::framer strict{st};
        strict.feed(view(b));
        const auto r = strict.next();
        ASSERT_TRUE(r.status == mqtt5::frame_status::error);
        EXPECT_EQ(name_of(r.err.code), name_of(errc::varint_not_minimal));
        std::array<std::byte, 16> st2{};
        mqtt5::framer lax{st2, mqtt5::framer_options{.allow_non_minimal_varint = true}};
        lax.feed(view(b));
        const auto r2 = lax.next();
        ASSERT_TRUE(r2.status == mqtt5::frame_status::packet);
        EXPECT_EQ(hex_of(r2.packet), "C0 80 00");
    }
}

// [MQTT-1.5.7-1] both strings of a UTF-8 String Pair follow the UTF-8 rules.
TEST(Normative, MQTT_1_5_7_1_StringPair) {
    // name invalid (edge case 54), value invalid, value NUL, name NUL
    expect_decode_error<mqtt5::publish>(hex("30 0A 00 01 61 05 26 00 01 C0 00 00"), errc::invalid_utf8, MAL, 7);
    expect_decode_error<mqtt5::publish>(hex("30 0A 00 01 61 06 26 00 00 00 01 C0"), errc::invalid_utf8, MAL, 9);
    expect_decode_error<mqtt5::publish>(hex("30 0B 00 01 61 07 26 00 01 00 00 01 76"), errc::utf8_contains_null, MAL, 7);
    // in PUBACK properties (property at 6, name at 7, value at 9)
    expect_decode_error<mqtt5::puback>(hex("40 0A 00 01 00 06 26 00 00 00 01 FF"), errc::invalid_utf8, MAL, 9);
    // in Will Properties (Will Property Length at 15, property at 16, name at 17, value at 20)
    expect_decode_error<mqtt5::connect>(
        hex("10 1A 00 04 4D 51 54 54 05 06 00 3C 00 00 00 07 26 00 01 6B 00 01 ED 00 01 77 00 00"), errc::invalid_utf8, MAL, 20);
    // valid pair decodes
    (void)expect_decode_ok<mqtt5::publish>(hex("30 0B 00 01 61 07 26 00 01 6B 00 01 76"));
    // builder refuses an invalid name or value
    for (const auto& [name, value] : {std::pair<std::string_view, std::string_view>{std::string_view("\xC0", 1), "v"},
                                      std::pair<std::string_view, std::string_view>{"k", std::string_view("\xED\xA0\x80", 3)}}) {
        std::array<std::byte, 64> st{};
        mqtt5::property_builder<mqtt5::place::connect> b{st};
        b.user_property(name, value);
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::invalid_utf8));
    }
}

// =====================================================================================================
// Fixed header, packet identifier, properties
// =====================================================================================================

// [MQTT-2.1.3-1] reserved fixed-header flags have exactly the values of Table 2-2 (MAL). Every flag value
// of every packet type with reserved flags.
TEST(Normative, MQTT_2_1_3_1_ReservedFixedHeaderFlags) {
    struct row {
        std::string_view packet{};  // with the required flags
        unsigned required{};
    };
    const std::array<row, 14> rows{{
        {"10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00", 0},  // CONNECT
        {"20 03 00 00 00", 0},                                 // CONNACK
        {"40 02 00 01", 0},                                    // PUBACK
        {"50 02 00 01", 0},                                    // PUBREC
        {"62 02 00 01", 2},                                    // PUBREL
        {"70 02 00 01", 0},                                    // PUBCOMP
        {"82 07 00 01 00 00 01 61 00", 2},                     // SUBSCRIBE
        {"90 04 00 01 00 00", 0},                              // SUBACK
        {"A2 06 00 01 00 00 01 61", 2},                        // UNSUBSCRIBE
        {"B0 04 00 01 00 00", 0},                              // UNSUBACK
        {"C0 00", 0},                                          // PINGREQ
        {"D0 00", 0},                                          // PINGRESP
        {"E0 00", 0},                                          // DISCONNECT
        {"F0 00", 0},                                          // AUTH
    }};
    for (const auto& r : rows) {
        for (unsigned flags = 0; flags < 16; ++flags) {
            auto b = hex(r.packet);
            b[0] = static_cast<std::byte>((static_cast<unsigned>(b[0]) & 0xF0u) | flags);
            if (flags == r.required) {
                expect_any_decode_ok(b);  // and the encoder writes the required flags back
            } else {
                expect_decode_error<void>(b, errc::invalid_fixed_header_flags, MAL, 0);
            }
        }
    }
}

// [MQTT-2.2.1-2] a QoS 0 PUBLISH has no Packet Identifier (ENC). The encoder never writes one, and the
// decoder never reads one (edge case 77).
TEST(Normative, MQTT_2_2_1_2_Qos0HasNoPacketId) {
    EXPECT_EQ(encode_hex(make_publish("a")), "30 04 00 01 61 00");
    // A stray packet_id on a QoS 0 packet must not reach the wire: either refused, or left out.
    auto p = make_publish("a", mqtt5::qos::at_most_once, 7);
    bytes out(64, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out));
    if (n.has_value()) {
        EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(*n)), "30 04 00 01 61 00");
    } else {
        EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](std::byte x) { return x == std::byte{0xEE}; }));
    }
    const auto d_wire = hex("30 08 00 03 61 2F 62 00 0A 00");
    const auto d = expect_decode_ok<mqtt5::publish>(d_wire);
    EXPECT_EQ(d.packet_id, 0u);
    EXPECT_EQ(hex_of(d.payload), "0A 00");
}

// [MQTT-2.2.1-3] a Client's SUBSCRIBE, UNSUBSCRIBE and QoS > 0 PUBLISH carry a non-zero Packet Identifier.
TEST(Normative, MQTT_2_2_1_3_ClientPacketIdNonZero) {
    // ENC
    expect_encode_refused(make_publish("a", mqtt5::qos::at_least_once, 0), errc::packet_id_zero);
    expect_encode_refused(make_publish("a", mqtt5::qos::exactly_once, 0), errc::packet_id_zero);
    {
        const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a"}};
        mqtt5::subscribe s{};
        s.subscriptions = subs;
        expect_encode_refused(s, errc::packet_id_zero);
        s.packet_id = 1;
        EXPECT_EQ(encode_hex(s), "82 07 00 01 00 00 01 61 00");
    }
    {
        const std::array<std::string_view, 1> filters{"a"};
        mqtt5::unsubscribe u{};
        u.topic_filters = filters;
        expect_encode_refused(u, errc::packet_id_zero);
        u.packet_id = 65535;
        EXPECT_EQ(encode_hex(u), "A2 06 FF FF 00 00 01 61");
    }
    EXPECT_EQ(encode_hex(make_publish("a", mqtt5::qos::at_least_once, 1)), "32 06 00 01 61 00 01 00");
    // Decode: PE*, with every role. SUBSCRIBE / UNSUBSCRIBE from a Server are wrong-direction packets.
    for (const auto* o : {&sender_unknown, &from_client}) {
        expect_decode_error<mqtt5::subscribe>(hex("82 07 00 00 00 00 01 61 00"), errc::packet_id_zero, PE, 2, *o);
        expect_decode_error<mqtt5::unsubscribe>(hex("A2 06 00 00 00 00 01 61"), errc::packet_id_zero, PE, 2, *o);
    }
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 00 00 00 01 61 00"), errc::wrong_direction, PE, 0, from_server);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 06 00 00 00 00 01 61"), errc::wrong_direction, PE, 0, from_server);
    for (const auto* o : {&sender_unknown, &from_client, &from_server}) {
        expect_decode_error<mqtt5::publish>(hex("32 06 00 01 61 00 00 00"), errc::packet_id_zero, PE, 5, *o);
        expect_decode_error<mqtt5::publish>(hex("34 06 00 01 61 00 00 00"), errc::packet_id_zero, PE, 5, *o);
    }
}

// [MQTT-2.2.1-4] a Server's QoS > 0 PUBLISH carries a non-zero Packet Identifier.
TEST(Normative, MQTT_2_2_1_4_ServerPacketIdNonZero) {
    expect_encode_refused(make_publish("a", mqtt5::qos::exactly_once, 0), errc::packet_id_zero);
    EXPECT_EQ(encode_hex(make_publish("a", mqtt5::qos::exactly_once, 0x1234)), "34 06 00 01 61 12 34 00");
    expect_decode_error<mqtt5::publish>(hex("34 06 00 01 61 00 00 00"), errc::packet_id_zero, PE, 5, from_server);
    expect_decode_error<mqtt5::publish>(hex("3B 06 00 01 61 00 00 00"), errc::packet_id_zero, PE, 5, from_server);
    (void)expect_decode_ok<mqtt5::publish>(hex("34 06 00 01 61 12 34 00"), from_server);
}

// [MQTT-2.2.2-1] with no properties, a Property Length of 0 is still written (ENC); a missing one is MAL*.
TEST(Normative, MQTT_2_2_2_1_PropertyLengthAlwaysWritten) {
    EXPECT_EQ(encode_hex(make_publish("a")), "30 04 00 01 61 00");
    EXPECT_EQ(encode_hex(make_connect()), "10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
    {
        auto c = make_connect();
        c.will = mqtt5::will_message{.topic = "w"};
        // Will Property Length 00 is written too.
        EXPECT_EQ(encode_hex(c), "10 13 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 77 00 00");
    }
    EXPECT_EQ(encode_hex(mqtt5::connack{}), "20 03 00 00 00");
    {
        const std::array<mqtt5::reason_code, 1> rc{mqtt5::reason_code::granted_qos_1};
        mqtt5::suback s{};
        s.packet_id = 1;
        s.reason_codes = rc;
        EXPECT_EQ(encode_hex(s), "90 04 00 01 00 01");
        mqtt5::unsuback u{};
        u.packet_id = 1;
        const std::array<mqtt5::reason_code, 1> rc2{mqtt5::reason_code::success};
        u.reason_codes = rc2;
        EXPECT_EQ(encode_hex(u), "B0 04 00 01 00 00");
    }
    // The short forms the standard allows (acks, DISCONNECT, AUTH) stay short when there is nothing to say.
    {
        mqtt5::puback a{};
        a.packet_id = 1;
        EXPECT_EQ(encode_hex(a), "40 02 00 01");
        a.reason = mqtt5::reason_code::no_matching_subscribers;
        EXPECT_EQ(encode_hex(a), "40 03 00 01 10");
    }
    EXPECT_EQ(encode_hex(mqtt5::disconnect{}), "E0 00");
    EXPECT_EQ(encode_hex(mqtt5::auth{}), "F0 00");
    // Decode: a missing Property Length is MAL* (missing_property_length), at the end of the packet.
    expect_decode_error<mqtt5::publish>(hex("30 03 00 01 61"), errc::missing_property_length, MAL, 5);
    expect_decode_error<mqtt5::publish>(hex("32 05 00 01 61 00 01"), errc::missing_property_length, MAL, 7);
    expect_decode_error<mqtt5::connack>(hex("20 02 00 00"), errc::missing_property_length, MAL, 4);
    expect_decode_error<mqtt5::connect>(hex("10 0A 00 04 4D 51 54 54 05 02 00 3C"), errc::missing_property_length, MAL, 12);
    expect_decode_error<mqtt5::subscribe>(hex("82 02 00 01"), errc::missing_property_length, MAL, 4);
    expect_decode_error<mqtt5::suback>(hex("90 02 00 01"), errc::missing_property_length, MAL, 4);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 02 00 01"), errc::missing_property_length, MAL, 4);
    expect_decode_error<mqtt5::unsuback>(hex("B0 02 00 01"), errc::missing_property_length, MAL, 4);
    expect_decode_error<mqtt5::auth>(hex("F0 01 18"), errc::missing_property_length, MAL, 3);
    // ... but not in the short forms
    (void)expect_decode_ok<mqtt5::pubrec>(hex("50 03 00 01 10"));
    (void)expect_decode_ok<mqtt5::disconnect>(hex("E0 01 81"));
}

// =====================================================================================================
// CONNECT
// =====================================================================================================

// [MQTT-3.1.2-1] Protocol Name "MQTT"; otherwise reject (CONNACK 0x84).
TEST(Normative, MQTT_3_1_2_1_ProtocolName) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 6D 71 74 74 05 02 00 3C 00 00 00"), errc::invalid_protocol_name, 0x84, 2);
    expect_decode_error<mqtt5::connect>(hex("10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 00 00"),
                                        errc::invalid_protocol_name, 0x84, 2);  // MQTT 3.1 "MQIsdp"
    expect_decode_error<mqtt5::connect>(hex("10 0C 00 03 4D 51 54 05 02 00 3C 00 00 00"), errc::invalid_protocol_name, 0x84, 2);
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 55 05 02 00 3C 00 00 00"), errc::invalid_protocol_name, 0x84, 2);
    // The encoder always writes 00 04 "MQTT" 05.
    EXPECT_EQ(encode_hex(make_connect()).substr(6, 20), "00 04 4D 51 54 54 05");
}

// [MQTT-3.1.2-2] Protocol Version 5; any other version is refused (CONNACK 0x84).
TEST(Normative, MQTT_3_1_2_2_ProtocolVersion) {
    for (const unsigned v : {0u, 1u, 2u, 3u, 6u, 0x85u, 0xFFu}) {
        const auto b = with_byte("10 0D 00 04 4D 51 54 54", static_cast<std::uint8_t>(v), "02 00 3C 00 00 00");
        expect_decode_error<mqtt5::connect>(b, errc::unsupported_protocol_version, 0x84, 8);
    }
    // Level 4 (3.1.1) in a v5 decode is another level too: the server picks the version first
    // (select_protocol_version) and decodes a 3.1.1 connection with decode_options::version = v311.
    expect_decode_error<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"),
                                        errc::unsupported_protocol_version, 0x84, 8);
}

// [MQTT-3.1.2-3] CONNECT flags bit 0 is 0 (MAL).
TEST(Normative, MQTT_3_1_2_3_ConnectReservedFlag) {
    for (const unsigned f : {0x01u, 0x03u, 0x05u}) {
        const auto b = with_byte("10 0D 00 04 4D 51 54 54 05", static_cast<std::uint8_t>(f), "00 3C 00 00 00");
        expect_decode_error<mqtt5::connect>(b, errc::connect_reserved_flag, MAL, 9);
    }
    // The encoder never sets it.
    auto c = make_connect("c");
    c.will = mqtt5::will_message{.topic = "w", .qos = mqtt5::qos::exactly_once, .retain = true};
    c.username = "u";
    c.password = std::span<const std::byte>{};
    const auto s = encode_hex(c);
    ASSERT_EQ(s.rfind("refused", 0), std::string::npos) << s;
    EXPECT_EQ(s.substr(27, 2), "F6");  // 1111 0110
}

// [MQTT-3.1.2-9] Will Flag 1: Will Properties, Will Topic and Will Payload are present.
TEST(Normative, MQTT_3_1_2_9_WillFieldsPresent) {
    // Will Topic missing after the Will Properties: runs into the end of the packet (16).
    expect_decode_error<mqtt5::connect>(hex("10 0E 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00"), errc::truncated, MAL, 16);
    // Will Payload missing after the Will Topic (ends at 19).
    expect_decode_error<mqtt5::connect>(hex("10 11 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 77"), errc::truncated, MAL, 19);
    // Will Payload shorter than its length (ends at 21).
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 77 00 05"),
                                        errc::truncated, MAL, 21);
    // All present.
    const auto b = hex("10 14 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 77 00 01 70");
    const auto p = expect_decode_ok<mqtt5::connect>(b);
    ASSERT_TRUE(p.will.has_value());
    EXPECT_EQ(p.will->topic, "w");
    EXPECT_EQ(hex_of(p.will->payload), "70");
    // The encoder writes all three whenever a Will is set.
    auto c = make_connect();
    const bytes payload{std::byte{0x70}};
    c.will = mqtt5::will_message{.topic = "w", .payload = payload};
    EXPECT_EQ(encode_hex(c), hex_of(b));
}

// [MQTT-3.1.2-11] Will Flag 0: Will QoS is 0 (MAL*).
TEST(Normative, MQTT_3_1_2_11_WillQosWithoutWill) {
    for (const unsigned f : {0x08u, 0x10u, 0x18u, 0x0Au, 0x12u}) {
        const auto b = with_byte("10 0D 00 04 4D 51 54 54 05", static_cast<std::uint8_t>(f), "00 3C 00 00 00");
        expect_decode_error<mqtt5::connect>(b, errc::will_qos_without_will, MAL, 9);
    }
    // Without a Will the encoder writes no Will QoS bits.
    EXPECT_EQ(encode_hex(make_connect()), "10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
}

// [MQTT-3.1.2-12] Will Flag 1: Will QoS 0, 1 or 2; 3 is a Malformed Packet.
TEST(Normative, MQTT_3_1_2_12_WillQos3) {
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 1E 00 3C 00 00 00 00 00 01 61 00 00"),
                                        errc::will_qos_invalid, MAL, 9);
    for (const unsigned q : {0u, 1u, 2u}) {
        const auto b = with_byte("10 13 00 04 4D 51 54 54 05", static_cast<std::uint8_t>(0x06u | (q << 3)),
                                 "00 3C 00 00 00 00 00 01 61 00 00");
        const auto p = expect_decode_ok<mqtt5::connect>(b);
        ASSERT_TRUE(p.will.has_value());
        EXPECT_EQ(static_cast<unsigned>(p.will->qos), q);
    }
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = "w", .qos = static_cast<mqtt5::qos>(3)};
    expect_encode_refused(c, errc::will_qos_invalid);
}

// [MQTT-3.1.2-13] Will Flag 0: Will Retain is 0 (MAL*).
TEST(Normative, MQTT_3_1_2_13_WillRetainWithoutWill) {
    for (const unsigned f : {0x20u, 0x22u, 0xE2u}) {
        const auto b = with_byte("10 0D 00 04 4D 51 54 54 05", static_cast<std::uint8_t>(f), "00 3C 00 00 00");
        expect_decode_error<mqtt5::connect>(b, errc::will_retain_without_will, MAL, 9);
    }
    // With a Will, retain is fine.
    (void)expect_decode_ok<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 26 00 3C 00 00 00 00 00 01 61 00 00"));
}

// [MQTT-3.1.2-16] User Name Flag 0: no User Name in the payload (MAL*: extra bytes).
TEST(Normative, MQTT_3_1_2_16_NoUserNameWithoutFlag) {
    expect_decode_error<mqtt5::connect>(hex("10 10 00 04 4D 51 54 54 05 02 00 3C 00 00 00 00 01 75"), errc::trailing_bytes, MAL, 15);
    EXPECT_EQ(encode_hex(make_connect()), "10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
}

// [MQTT-3.1.2-17] User Name Flag 1: User Name present (MAL*: missing bytes).
TEST(Normative, MQTT_3_1_2_17_UserNameWithFlag) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 82 00 3C 00 00 00"), errc::truncated, MAL, 15);
    const auto b = hex("10 10 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 01 75");
    const auto p = expect_decode_ok<mqtt5::connect>(b);
    EXPECT_EQ(p.username, std::optional<std::string_view>{"u"});
    auto c = make_connect();
    c.username = "u";
    EXPECT_EQ(encode_hex(c), hex_of(b));
    c.username = "";  // an empty User Name is still present
    EXPECT_EQ(encode_hex(c), "10 0F 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 00");
}

// [MQTT-3.1.2-18] Password Flag 0: no Password in the payload (MAL*).
TEST(Normative, MQTT_3_1_2_18_NoPasswordWithoutFlag) {
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 01 75 00 01 70"),
                                        errc::trailing_bytes, MAL, 18);
    auto c = make_connect();
    c.username = "u";
    EXPECT_EQ(encode_hex(c), "10 10 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 01 75");
}

// [MQTT-3.1.2-19] Password Flag 1: Password present (MAL*).
TEST(Normative, MQTT_3_1_2_19_PasswordWithFlag) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 42 00 3C 00 00 00"), errc::truncated, MAL, 15);
    expect_decode_error<mqtt5::connect>(hex("10 10 00 04 4D 51 54 54 05 C2 00 3C 00 00 00 00 01 75"), errc::truncated, MAL, 18);
    auto c = make_connect();
    const bytes pw{std::byte{0x70}, std::byte{0x77}};
    c.password = std::span<const std::byte>(pw);
    EXPECT_EQ(encode_hex(c), "10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 00 00 02 70 77");
}

// [MQTT-3.1.3-1] payload order: Client Identifier, Will Properties, Will Topic, Will Payload, User Name,
// Password.
TEST(Normative, MQTT_3_1_3_1_PayloadOrder) {
    auto c = make_connect("c");
    const bytes will_payload{std::byte{0x70}};
    const bytes pw{std::byte{0x70}, std::byte{0x77}};
    std::array<std::byte, 32> st{};
    mqtt5::property_builder<mqtt5::place::will> wb{st};
    wb.will_delay_interval(5);
    const auto wprops = wb.build();
    ASSERT_TRUE(wprops.has_value()) << show(wprops.error());
    c.will = mqtt5::will_message{.topic = "w", .payload = will_payload, .qos = mqtt5::qos::at_least_once, .retain = true,
                                 .properties = *wprops};
    c.username = "u";
    c.password = std::span<const std::byte>(pw);
    const std::string want =
        "10 21 00 04 4D 51 54 54 05 EE 00 3C 00 "  // variable header, flags 1110 1110, Property Length 0
        "00 01 63 "                                 // Client Identifier "c"
        "05 18 00 00 00 05 "                        // Will Properties: Will Delay Interval 5
        "00 01 77 "                                 // Will Topic "w"
        "00 01 70 "                                 // Will Payload
        "00 01 75 "                                 // User Name "u"
        "00 02 70 77";                              // Password
    EXPECT_EQ(encode_hex(c), hex_of(hex(want)));
    const auto b = hex(want);
    const auto p = expect_decode_ok<mqtt5::connect>(b);
    EXPECT_EQ(p.client_id, "c");
    ASSERT_TRUE(p.will.has_value());
    EXPECT_EQ(p.will->properties.will_delay_interval(), std::optional<std::uint32_t>{5});
    EXPECT_EQ(p.will->topic, "w");
    EXPECT_EQ(hex_of(p.will->payload), "70");
    EXPECT_EQ(p.will->qos, mqtt5::qos::at_least_once);
    EXPECT_TRUE(p.will->retain);
    EXPECT_EQ(p.username, std::optional<std::string_view>{"u"});
    ASSERT_TRUE(p.password.has_value());
    EXPECT_EQ(hex_of(*p.password), "70 77");
    EXPECT_TRUE(p == c);
}

// [MQTT-3.1.3-3] the Client Identifier is always present and first.
TEST(Normative, MQTT_3_1_3_3_ClientIdAlwaysPresent) {
    expect_decode_error<mqtt5::connect>(hex("10 0B 00 04 4D 51 54 54 05 02 00 3C 00"), errc::truncated, MAL, 13);
    expect_decode_error<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 05 02 00 3C 00 00"), errc::truncated, MAL, 14);
    // A zero-length one is written as 00 00.
    EXPECT_EQ(encode_hex(make_connect()), "10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
}

// [MQTT-3.1.3-4] the Client Identifier is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_1_3_4_ClientIdUtf8) {
    expect_decode_error<mqtt5::connect>(hex("10 0F 00 04 4D 51 54 54 05 02 00 3C 00 00 02 C0 AF"), errc::invalid_utf8, MAL, 13);
    expect_decode_error<mqtt5::connect>(hex("10 0F 00 04 4D 51 54 54 05 02 00 3C 00 00 02 61 00"), errc::utf8_contains_null, MAL, 13);
    expect_encode_refused(make_connect(std::string_view("\xC0\xAF", 2)), errc::invalid_utf8);
    const auto p_wire = hex("10 11 00 04 4D 51 54 54 05 02 00 3C 00 00 04 E2 82 AC 31");
    const auto p = expect_decode_ok<mqtt5::connect>(p_wire);
    EXPECT_EQ(p.client_id, std::string_view("\xE2\x82\xAC" "1"));
}

// [MQTT-3.1.3-11] the Will Topic is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_1_3_11_WillTopicUtf8) {
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 FF 00 00"), errc::invalid_utf8, MAL, 16);
    expect_decode_error<mqtt5::connect>(hex("10 14 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 02 77 00 00 00"),
                                        errc::utf8_contains_null, MAL, 16);
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = std::string_view("\xED\xA0\x80", 3)};
    expect_encode_refused(c, errc::invalid_utf8);
}

// [MQTT-3.1.3-12] the User Name is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_1_3_12_UserNameUtf8) {
    expect_decode_error<mqtt5::connect>(hex("10 11 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 02 C0 AF"), errc::invalid_utf8, MAL, 15);
    expect_decode_error<mqtt5::connect>(hex("10 10 00 04 4D 51 54 54 05 82 00 3C 00 00 00 00 01 00"), errc::utf8_contains_null, MAL, 15);
    auto c = make_connect();
    c.username = std::string_view("\xF8\x88\x80\x80\x80", 5);
    expect_encode_refused(c, errc::invalid_utf8);
}

// [MQTT-3.1.4-1] the whole CONNECT format is checked (umbrella): a full valid CONNECT decodes; any
// deviation (here: a stray byte, a wrong direction) is refused.
TEST(Normative, MQTT_3_1_4_1_WholeConnectFormat) {
    // Properties: Session Expiry Interval 10, Receive Maximum 20; Will Properties: Payload Format Indicator 1
    const auto b = hex(
        "10 27 00 04 4D 51 54 54 05 EE 00 3C 08 11 00 00 00 0A 21 00 14 00 01 63 02 01 01 00 01 77 00 02 6F 6B "
        "00 01 75 00 02 70 77");
    for (const auto* o : {&sender_unknown, &from_client}) {
        const auto p = expect_decode_ok<mqtt5::connect>(b, *o);
        EXPECT_EQ(p.properties.session_expiry_interval(), std::optional<std::uint32_t>{10});
        EXPECT_EQ(p.properties.receive_maximum(), std::optional<std::uint16_t>{20});
        ASSERT_TRUE(p.will.has_value());
        EXPECT_EQ(p.will->properties.payload_format_indicator(), std::optional<std::uint8_t>{1});
    }
    // CONNECT is sent by Clients only (Table 2-1; PE*).
    expect_decode_error<mqtt5::connect>(b, errc::wrong_direction, PE, 0, from_server);
    // Bytes after the last field (edge case 69).
    expect_decode_error<mqtt5::connect>(hex("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 00 FF"), errc::trailing_bytes, MAL, 15);
}

// =====================================================================================================
// CONNACK
// =====================================================================================================

// [MQTT-3.2.2-1] Connect Acknowledge Flags bits 7-1 are 0 (MAL*).
TEST(Normative, MQTT_3_2_2_1_ConnackReservedFlags) {
    for (const unsigned f : {0x02u, 0x04u, 0x80u, 0xFEu, 0xFFu}) {
        expect_decode_error<mqtt5::connack>(with_byte("20 03", static_cast<std::uint8_t>(f), "00 00"), errc::connack_reserved_flags, MAL, 2);
    }
    mqtt5::connack c{};
    c.session_present = true;
    EXPECT_EQ(encode_hex(c), "20 03 01 00 00");
    const auto p_wire = hex("20 03 01 00 00");
    const auto p = expect_decode_ok<mqtt5::connack>(p_wire);
    EXPECT_TRUE(p.session_present);
}

// [MQTT-3.2.2-6] a non-zero Connect Reason Code requires Session Present 0 (PE*).
TEST(Normative, MQTT_3_2_2_6_SessionPresentWithError) {
    for (const unsigned rc : {0x80u, 0x81u, 0x87u, 0x9Fu}) {
        expect_decode_error<mqtt5::connack>(with_byte("20 03 01", static_cast<std::uint8_t>(rc), "00"),
                                            errc::session_present_with_error, PE, 2);
    }
    (void)expect_decode_ok<mqtt5::connack>(hex("20 03 00 80 00"));
    mqtt5::connack c{};
    c.session_present = true;
    c.reason = mqtt5::reason_code::not_authorized;
    expect_encode_refused(c, errc::session_present_with_error);
    // A CONNACK comes from the Server only.
    expect_decode_error<mqtt5::connack>(hex("20 03 00 00 00"), errc::wrong_direction, PE, 0, from_client);
    (void)expect_decode_ok<mqtt5::connack>(hex("20 03 00 00 00"), from_server);
}

// [MQTT-3.2.2-8] the Connect Reason Code is one of Table 3-1 (PE* otherwise).
TEST(Normative, MQTT_3_2_2_8_ConnackReasonCodes) {
    check_decoded_reason_table<mqtt5::connack>("20 03 00", "00", 3, connack_codes);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::connack c{};
            c.reason = rc;
            return c;
        },
        connack_codes);
}

// =====================================================================================================
// PUBLISH
// =====================================================================================================

// [MQTT-3.3.1-2] DUP is 0 when QoS is 0 (PE*).
TEST(Normative, MQTT_3_3_1_2_DupWithQos0) {
    expect_decode_error<mqtt5::publish>(hex("38 04 00 01 61 00"), errc::dup_with_qos_0, PE, 0);
    expect_decode_error<mqtt5::publish>(hex("39 04 00 01 61 00"), errc::dup_with_qos_0, PE, 0);
    const auto p_wire = hex("3A 06 00 01 61 00 01 00");
    const auto p = expect_decode_ok<mqtt5::publish>(p_wire);
    EXPECT_TRUE(p.dup);
    auto q = make_publish("a");
    q.dup = true;
    expect_encode_refused(q, errc::dup_with_qos_0);
}

// [MQTT-3.3.1-4] the QoS bits are not both 1 (MAL).
TEST(Normative, MQTT_3_3_1_4_PublishQos3) {
    for (const std::string_view s : {"36 04 00 01 61 00", "37 04 00 01 61 00", "3E 04 00 01 61 00", "3F 06 00 01 61 00 01 00"}) {
        expect_decode_error<mqtt5::publish>(hex(s), errc::publish_qos_invalid, MAL, 0);
    }
    auto p = make_publish("a", static_cast<mqtt5::qos>(3), 1);
    expect_encode_refused(p, errc::publish_qos_invalid);
}

// [MQTT-3.3.2-1] the Topic Name is the first field and a UTF-8 Encoded String.
TEST(Normative, MQTT_3_3_2_1_TopicNameFirstAndUtf8) {
    const auto p_wire = hex("32 09 00 03 61 2F 62 00 05 00 78");
    const auto p = expect_decode_ok<mqtt5::publish>(p_wire);
    EXPECT_EQ(p.topic, "a/b");
    EXPECT_EQ(p.packet_id, 5u);
    expect_decode_error<mqtt5::publish>(hex("30 05 00 02 C3 28 00"), errc::invalid_utf8, MAL, 2);
    expect_encode_refused(make_publish(std::string_view("\xC3\x28", 2)), errc::invalid_utf8);
}

// [MQTT-3.3.2-2] the Topic Name has no wildcard characters (PE*).
TEST(Normative, MQTT_3_3_2_2_TopicNameNoWildcards) {
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 2F 2B 00"), errc::topic_name_has_wildcard, PE, 2);
    expect_decode_error<mqtt5::publish>(hex("30 04 00 01 23 00"), errc::topic_name_has_wildcard, PE, 2);
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 2B 62 00"), errc::topic_name_has_wildcard, PE, 2);
    expect_decode_error<mqtt5::publish>(hex("32 08 00 03 61 2F 23 00 01 00"), errc::topic_name_has_wildcard, PE, 2);
    for (const std::string_view t : {"a/+", "#", "+", "a/#", "a#b"}) {
        SCOPED_TRACE(std::string(t));
        expect_encode_refused(make_publish(t), errc::topic_name_has_wildcard);
    }
}

// [MQTT-3.3.2-8] a Topic Alias of 0 is not sent (PE, DISCONNECT 0x94).
TEST(Normative, MQTT_3_3_2_8_TopicAliasZero) {
    for (const auto* o : {&sender_unknown, &from_client, &from_server}) {
        expect_decode_error<mqtt5::publish>(hex("30 07 00 01 61 03 23 00 00"), errc::topic_alias_zero, 0x94, 6, *o);
    }
    std::array<std::byte, 16> st{};
    mqtt5::property_builder<mqtt5::place::publish> b{st};
    b.topic_alias(0);
    const auto blk = b.build();
    ASSERT_FALSE(blk.has_value());
    EXPECT_EQ(name_of(blk.error().code), name_of(errc::topic_alias_zero));
    // Alias 1 with an empty topic is fine.
    std::array<std::byte, 16> st2{};
    mqtt5::property_builder<mqtt5::place::publish> b2{st2};
    b2.topic_alias(1);
    const auto ok = b2.build();
    ASSERT_TRUE(ok.has_value()) << show(ok.error());
    auto p = make_publish("");
    p.properties = *ok;
    EXPECT_EQ(encode_hex(p), "30 06 00 00 03 23 00 01");
}

// [MQTT-3.3.2-13] the Response Topic is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_3_2_13_ResponseTopicUtf8) {
    expect_decode_error<mqtt5::publish>(hex("30 09 00 01 61 05 08 00 02 C0 AF"), errc::invalid_utf8, MAL, 7);
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 08 00 01 00"), errc::utf8_contains_null, MAL, 7);
    std::array<std::byte, 16> st{};
    mqtt5::property_builder<mqtt5::place::publish> b{st};
    b.response_topic(std::string_view("\xC0\xAF", 2));
    const auto blk = b.build();
    ASSERT_FALSE(blk.has_value());
    EXPECT_EQ(name_of(blk.error().code), name_of(errc::invalid_utf8));
    const auto p_wire = hex("30 0A 00 01 61 06 08 00 03 72 2F 31");
    const auto p = expect_decode_ok<mqtt5::publish>(p_wire);
    EXPECT_EQ(p.properties.response_topic(), std::optional<std::string_view>{"r/1"});
}

// [MQTT-3.3.2-14] the Response Topic has no wildcards (PE*).
TEST(Normative, MQTT_3_3_2_14_ResponseTopicNoWildcards) {
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 08 00 01 23"), errc::response_topic_has_wildcard, PE, 6);
    expect_decode_error<mqtt5::publish>(hex("30 0A 00 01 61 06 08 00 03 61 2F 2B"), errc::response_topic_has_wildcard, PE, 6);
    // In the Will Properties too (Will Property Length at 15, property at 16).
    expect_decode_error<mqtt5::connect>(hex("10 17 00 04 4D 51 54 54 05 06 00 3C 00 00 00 04 08 00 01 2B 00 01 77 00 00"),
                                        errc::response_topic_has_wildcard, PE, 16);
    for (const std::string_view t : {"#", "a/+", "a/#"}) {
        std::array<std::byte, 16> st{};
        mqtt5::property_builder<mqtt5::place::publish> b{st};
        b.response_topic(t);
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::response_topic_has_wildcard));
    }
}

// [MQTT-3.3.2-19] the Content Type is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_3_2_19_ContentTypeUtf8) {
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 03 00 01 FF"), errc::invalid_utf8, MAL, 7);
    expect_decode_error<mqtt5::connect>(hex("10 17 00 04 4D 51 54 54 05 06 00 3C 00 00 00 04 03 00 01 C0 00 01 77 00 00"),
                                        errc::invalid_utf8, MAL, 17);
    std::array<std::byte, 16> st{};
    mqtt5::property_builder<mqtt5::place::will> b{st};
    b.content_type(std::string_view("\xED\xBF\xBF", 3));
    const auto blk = b.build();
    ASSERT_FALSE(blk.has_value());
    EXPECT_EQ(name_of(blk.error().code), name_of(errc::invalid_utf8));
    const auto p_wire = hex("30 0D 00 01 61 09 03 00 06 74 65 78 74 2F 78");
    const auto p = expect_decode_ok<mqtt5::publish>(p_wire);
    EXPECT_EQ(p.properties.content_type(), std::optional<std::string_view>{"text/x"});
}

// [MQTT-3.3.4-6] a Client's PUBLISH carries no Subscription Identifier (PE, direction-aware).
TEST(Normative, MQTT_3_3_4_6_NoSubscriptionIdFromClient) {
    const auto b = hex("30 06 00 01 61 02 0B 01");
    expect_decode_error<mqtt5::publish>(b, errc::subscription_identifier_from_client, PE, 6, from_client);
    (void)expect_decode_ok<mqtt5::publish>(b, from_server);
    (void)expect_decode_ok<mqtt5::publish>(b, sender_unknown);
    // After other properties: still pointed at the identifier's property (offset 8).
    const auto c = hex("30 08 00 01 61 04 01 00 0B 05");
    expect_decode_error<mqtt5::publish>(c, errc::subscription_identifier_from_client, PE, 8, from_client);
    (void)expect_decode_ok<mqtt5::publish>(c, from_server);
    (void)expect_decode_ok<mqtt5::publish>(c, sender_unknown);
    // A Client's SUBSCRIBE may carry one.
    (void)expect_decode_ok<mqtt5::subscribe>(hex("82 09 00 01 02 0B 05 00 01 61 00"), from_client);
}

// =====================================================================================================
// PUBACK / PUBREC / PUBREL / PUBCOMP
// =====================================================================================================

// [MQTT-3.4.2-1] PUBACK reason codes come from Table 3-4 (PE* otherwise).
TEST(Normative, MQTT_3_4_2_1_PubackReasonCodes) {
    check_decoded_reason_table<mqtt5::puback>("40 03 00 01", "", 4, puback_codes);
    check_decoded_reason_table<mqtt5::puback>("40 04 00 01", "00", 4, puback_codes);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::puback a{};
            a.packet_id = 1;
            a.reason = rc;
            return a;
        },
        puback_codes);
    // 0x10 No matching subscribers comes from the Server only (direction-aware).
    const auto b = hex("40 03 00 01 10");
    expect_decode_error<mqtt5::puback>(b, errc::reason_code_wrong_direction, PE, 4, from_client);
    (void)expect_decode_ok<mqtt5::puback>(b, from_server);
    (void)expect_decode_ok<mqtt5::puback>(b, sender_unknown);
}

// [MQTT-3.5.2-1] PUBREC reason codes come from Table 3-5 (PE* otherwise).
TEST(Normative, MQTT_3_5_2_1_PubrecReasonCodes) {
    check_decoded_reason_table<mqtt5::pubrec>("50 03 00 01", "", 4, puback_codes);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::pubrec a{};
            a.packet_id = 1;
            a.reason = rc;
            return a;
        },
        puback_codes);
    const auto b = hex("50 03 00 01 10");
    expect_decode_error<mqtt5::pubrec>(b, errc::reason_code_wrong_direction, PE, 4, from_client);
    (void)expect_decode_ok<mqtt5::pubrec>(b, from_server);
    (void)expect_decode_ok<mqtt5::pubrec>(b, sender_unknown);
}

// [MQTT-3.6.1-1] PUBREL fixed-header flags are 0010; anything else is malformed.
TEST(Normative, MQTT_3_6_1_1_PubrelFlags) {
    for (unsigned f = 0; f < 16; ++f) {
        const auto b = with_byte("", static_cast<std::uint8_t>(0x60u | f), "02 00 01");
        if (f == 2) {
            (void)expect_decode_ok<mqtt5::pubrel>(b);
        } else {
            expect_decode_error<mqtt5::pubrel>(b, errc::invalid_fixed_header_flags, MAL, 0);
        }
    }
    mqtt5::pubrel r{};
    r.packet_id = 1;
    EXPECT_EQ(encode_hex(r), "62 02 00 01");
}

// [MQTT-3.6.2-1] PUBREL reason codes come from Table 3-6 (0x00, 0x92).
TEST(Normative, MQTT_3_6_2_1_PubrelReasonCodes) {
    check_decoded_reason_table<mqtt5::pubrel>("62 03 00 01", "", 4, pubrel_codes);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::pubrel a{};
            a.packet_id = 1;
            a.reason = rc;
            return a;
        },
        pubrel_codes);
}

// [MQTT-3.7.2-1] PUBCOMP reason codes come from Table 3-7 (0x00, 0x92).
TEST(Normative, MQTT_3_7_2_1_PubcompReasonCodes) {
    check_decoded_reason_table<mqtt5::pubcomp>("70 03 00 01", "", 4, pubrel_codes);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::pubcomp a{};
            a.packet_id = 1;
            a.reason = rc;
            return a;
        },
        pubrel_codes);
}

// =====================================================================================================
// SUBSCRIBE / SUBACK / UNSUBSCRIBE / UNSUBACK
// =====================================================================================================

// [MQTT-3.8.1-1] SUBSCRIBE fixed-header flags are 0010.
TEST(Normative, MQTT_3_8_1_1_SubscribeFlags) {
    for (unsigned f = 0; f < 16; ++f) {
        const auto b = with_byte("", static_cast<std::uint8_t>(0x80u | f), "07 00 01 00 00 01 61 00");
        if (f == 2) {
            (void)expect_decode_ok<mqtt5::subscribe>(b);
        } else {
            expect_decode_error<mqtt5::subscribe>(b, errc::invalid_fixed_header_flags, MAL, 0);
        }
    }
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a"}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    EXPECT_EQ(encode_hex(s).substr(0, 2), "82");
}

// [MQTT-3.8.3-1] each SUBSCRIBE Topic Filter is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_8_3_1_SubscribeFilterUtf8) {
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 FF 00"), errc::invalid_utf8, MAL, 5);
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 00 00"), errc::utf8_contains_null, MAL, 5);
    // the second filter (at 9) is checked too
    expect_decode_error<mqtt5::subscribe>(hex("82 0B 00 01 00 00 01 61 00 00 01 C0 00"), errc::invalid_utf8, MAL, 9);
    const std::array<mqtt5::subscription, 2> subs{mqtt5::subscription{.topic_filter = "a"},
                                                  mqtt5::subscription{.topic_filter = std::string_view("\xC0\xAF", 2)}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::invalid_utf8);
}

// [MQTT-3.8.3-2] SUBSCRIBE has at least one (Topic Filter, Subscription Options) pair (PE).
TEST(Normative, MQTT_3_8_3_2_SubscribeNotEmpty) {
    expect_decode_error<mqtt5::subscribe>(hex("82 03 00 01 00"), errc::no_topic_filters, PE, 5);
    expect_decode_error<mqtt5::subscribe>(hex("82 05 00 01 02 0B 01"), errc::no_topic_filters, PE, 7);
    mqtt5::subscribe s{};
    s.packet_id = 1;
    expect_encode_refused(s, errc::no_topic_filters);
}

// [MQTT-3.8.3-4] No Local 1 on a Shared Subscription is a Protocol Error.
TEST(Normative, MQTT_3_8_3_4_NoLocalOnShared) {
    expect_decode_error<mqtt5::subscribe>(hex("82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 04"),
                                          errc::no_local_on_shared_subscription, PE, 17);
    expect_decode_error<mqtt5::subscribe>(hex("82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 2E"),
                                          errc::no_local_on_shared_subscription, PE, 17);
    // No Local 0 on a shared subscription, and No Local 1 on an ordinary one, are fine.
    (void)expect_decode_ok<mqtt5::subscribe>(hex("82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 2A"));
    (void)expect_decode_ok<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 61 04"));
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "$share/g/a", .no_local = true}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::no_local_on_shared_subscription);
}

// [MQTT-3.8.3-5] Subscription Options bits 7-6 set: malformed.
TEST(Normative, MQTT_3_8_3_5_SubscriptionOptionsReservedBits) {
    for (const unsigned o : {0x40u, 0x80u, 0xC0u, 0x41u, 0xEEu}) {
        expect_decode_error<mqtt5::subscribe>(with_byte("82 07 00 01 00 00 01 61", static_cast<std::uint8_t>(o), ""),
                                              errc::subscription_options_reserved_bits, MAL, 8);
    }
    // Every legal combination decodes.
    for (unsigned q = 0; q < 3; ++q)
        for (unsigned rh = 0; rh < 3; ++rh)
            for (unsigned nl = 0; nl < 2; ++nl)
                for (unsigned rap = 0; rap < 2; ++rap) {
                    const auto o = static_cast<std::uint8_t>(q | (nl << 2) | (rap << 3) | (rh << 4));
                    const auto p_wire = with_byte("82 07 00 01 00 00 01 61", o, "");
                    const auto p = expect_decode_ok<mqtt5::subscribe>(p_wire);
                    ASSERT_EQ(p.subscriptions.size(), 1u);
                    const auto s = *p.subscriptions.begin();
                    EXPECT_EQ(static_cast<unsigned>(s.max_qos), q);
                    EXPECT_EQ(s.no_local, nl == 1);
                    EXPECT_EQ(s.retain_as_published, rap == 1);
                    EXPECT_EQ(static_cast<unsigned>(s.retain_handling), rh);
                }
    // The encoder never sets bits 7-6: every option at its maximum gives 0010 1110.
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a",
                                                                      .max_qos = mqtt5::qos::exactly_once,
                                                                      .no_local = true,
                                                                      .retain_as_published = true,
                                                                      .retain_handling = mqtt5::retain_handling::do_not_send}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    EXPECT_EQ(encode_hex(s), "82 07 00 01 00 00 01 61 2E");
    // Maximum QoS 3 and Retain Handling 3 (§3.8.3.1, PE) are refused by the encoder as well.
    const std::array<mqtt5::subscription, 1> bad_qos{mqtt5::subscription{.topic_filter = "a", .max_qos = static_cast<mqtt5::qos>(3)}};
    s.subscriptions = bad_qos;
    expect_encode_refused(s, errc::subscription_qos_invalid);
    const std::array<mqtt5::subscription, 1> bad_rh{
        mqtt5::subscription{.topic_filter = "a", .retain_handling = static_cast<mqtt5::retain_handling>(3)}};
    s.subscriptions = bad_rh;
    expect_encode_refused(s, errc::retain_handling_invalid);
}

// [MQTT-3.9.3-2] SUBACK reason codes come from Table 3-8 (PE* otherwise).
TEST(Normative, MQTT_3_9_3_2_SubackReasonCodes) {
    check_decoded_reason_table<mqtt5::suback>("90 04 00 01 00", "", 5, suback_codes);
    // the second code (at 6) is checked too
    expect_decode_error<mqtt5::suback>(hex("90 05 00 01 00 00 03"), errc::invalid_reason_code, PE, 6);
    std::array<mqtt5::reason_code, 1> rc{};
    check_encoded_reason_table(
        [&rc](mqtt5::reason_code r) {
            rc[0] = r;
            mqtt5::suback s{};
            s.packet_id = 1;
            s.reason_codes = rc;
            return s;
        },
        suback_codes);
    mqtt5::suback empty{};
    empty.packet_id = 1;
    expect_encode_refused(empty, errc::no_reason_codes);
}

// [MQTT-3.10.1-1] UNSUBSCRIBE fixed-header flags are 0010.
TEST(Normative, MQTT_3_10_1_1_UnsubscribeFlags) {
    for (unsigned f = 0; f < 16; ++f) {
        const auto b = with_byte("", static_cast<std::uint8_t>(0xA0u | f), "06 00 01 00 00 01 61");
        if (f == 2) {
            (void)expect_decode_ok<mqtt5::unsubscribe>(b);
        } else {
            expect_decode_error<mqtt5::unsubscribe>(b, errc::invalid_fixed_header_flags, MAL, 0);
        }
    }
    const std::array<std::string_view, 1> filters{"a"};
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    u.topic_filters = filters;
    EXPECT_EQ(encode_hex(u), "A2 06 00 01 00 00 01 61");
}

// [MQTT-3.10.3-1] each UNSUBSCRIBE Topic Filter is a UTF-8 Encoded String.
TEST(Normative, MQTT_3_10_3_1_UnsubscribeFilterUtf8) {
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 06 00 01 00 00 01 FF"), errc::invalid_utf8, MAL, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 09 00 01 00 00 01 61 00 01 00"), errc::utf8_contains_null, MAL, 8);
    const std::array<std::string_view, 1> filters{std::string_view("\xE0\x80\xAF", 3)};
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    u.topic_filters = filters;
    expect_encode_refused(u, errc::invalid_utf8);
}

// [MQTT-3.10.3-2] UNSUBSCRIBE has at least one Topic Filter (PE).
TEST(Normative, MQTT_3_10_3_2_UnsubscribeNotEmpty) {
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 03 00 01 00"), errc::no_topic_filters, PE, 5);
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    expect_encode_refused(u, errc::no_topic_filters);
}

// [MQTT-3.11.3-2] UNSUBACK reason codes come from Table 3-9 (PE* otherwise).
TEST(Normative, MQTT_3_11_3_2_UnsubackReasonCodes) {
    check_decoded_reason_table<mqtt5::unsuback>("B0 04 00 01 00", "", 5, unsuback_codes);
    std::array<mqtt5::reason_code, 1> rc{};
    check_encoded_reason_table(
        [&rc](mqtt5::reason_code r) {
            rc[0] = r;
            mqtt5::unsuback s{};
            s.packet_id = 1;
            s.reason_codes = rc;
            return s;
        },
        unsuback_codes);
}

// =====================================================================================================
// DISCONNECT / AUTH
// =====================================================================================================

// [MQTT-3.14.1-1] DISCONNECT reserved flags are 0 (MAL, DISCONNECT 0x81).
TEST(Normative, MQTT_3_14_1_1_DisconnectFlags) {
    for (unsigned f = 1; f < 16; ++f) {
        expect_decode_error<mqtt5::disconnect>(with_byte("", static_cast<std::uint8_t>(0xE0u | f), "00"),
                                               errc::invalid_fixed_header_flags, MAL, 0);
        expect_decode_error<mqtt5::disconnect>(with_byte("", static_cast<std::uint8_t>(0xE0u | f), "01 04"),
                                               errc::invalid_fixed_header_flags, MAL, 0);
    }
}

// [MQTT-3.14.2-1] DISCONNECT reason codes come from Table 3-10 (PE* otherwise); 0x8C (Table 2-6 only) is
// accepted by default and refused with strict_disconnect_reason_codes.
TEST(Normative, MQTT_3_14_2_1_DisconnectReasonCodes) {
    auto lenient_set = disconnect_codes;
    lenient_set.push_back(0x8C);
    check_decoded_reason_table<mqtt5::disconnect>("E0 01", "", 2, lenient_set);
    check_decoded_reason_table<mqtt5::disconnect>("E0 02", "00", 2, lenient_set);
    const mqtt5::decode_options strict{.strict_disconnect_reason_codes = true};
    check_decoded_reason_table<mqtt5::disconnect>("E0 01", "", 2, disconnect_codes, strict);
    check_encoded_reason_table(
        [](mqtt5::reason_code rc) {
            mqtt5::disconnect d{};
            d.reason = rc;
            return d;
        },
        disconnect_codes, {0x8C});
    // "Sent by" (Table 3-10): 0x04 from the Client only; these from the Server only. 0x9B from both (§3.3.4).
    const std::vector<std::uint8_t> server_only{0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2};
    for (const auto v : server_only) {
        const auto b = with_byte("E0 01", v, "");
        expect_decode_error<mqtt5::disconnect>(b, errc::reason_code_wrong_direction, PE, 2, from_client);
        (void)expect_decode_ok<mqtt5::disconnect>(b, from_server);
        (void)expect_decode_ok<mqtt5::disconnect>(b, sender_unknown);
    }
    const auto b04 = hex("E0 01 04");
    expect_decode_error<mqtt5::disconnect>(b04, errc::reason_code_wrong_direction, PE, 2, from_server);
    (void)expect_decode_ok<mqtt5::disconnect>(b04, from_client);
    (void)expect_decode_ok<mqtt5::disconnect>(b04, sender_unknown);
    for (const std::uint8_t v : {0x00, 0x80, 0x81, 0x82, 0x83, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9B}) {
        const auto b = with_byte("E0 01", v, "");
        for (const auto* o : {&sender_unknown, &from_client, &from_server}) (void)expect_decode_ok<mqtt5::disconnect>(b, *o);
    }
}

// [MQTT-3.14.2-2] a Server never sends Session Expiry Interval in DISCONNECT (PE*, direction-aware).
TEST(Normative, MQTT_3_14_2_2_NoSessionExpiryFromServer) {
    const auto b = hex("E0 07 00 05 11 00 00 00 0A");
    expect_decode_error<mqtt5::disconnect>(b, errc::session_expiry_from_server, PE, 4, from_server);
    (void)expect_decode_ok<mqtt5::disconnect>(b, from_client);
    (void)expect_decode_ok<mqtt5::disconnect>(b, sender_unknown);
    // After a Reason String: the property at offset 8.
    const auto c = hex("E0 0B 00 09 1F 00 01 78 11 00 00 00 0A");
    expect_decode_error<mqtt5::disconnect>(c, errc::session_expiry_from_server, PE, 8, from_server);
    (void)expect_decode_ok<mqtt5::disconnect>(c, from_client);
    (void)expect_decode_ok<mqtt5::disconnect>(c, sender_unknown);
    // No mirror rule: §3.14.2.2.5 says the Server sends a Server Reference but forbids nothing to the Client
    // (issue 9), so a Client's is accepted; decode_options::strict_server_reference keeps the old rejection.
    const auto d = hex("E0 06 00 04 1C 00 01 68");
    (void)expect_decode_ok<mqtt5::disconnect>(d, from_client);
    mqtt5::decode_options strict = from_client;
    strict.strict_server_reference = true;
    expect_decode_error<mqtt5::disconnect>(d, errc::server_reference_from_client, PE, 4, strict);
    (void)expect_decode_ok<mqtt5::disconnect>(d, from_server);
    (void)expect_decode_ok<mqtt5::disconnect>(d, sender_unknown);
}

// [MQTT-3.15.1-1] AUTH fixed-header flags are all 0 (MAL).
TEST(Normative, MQTT_3_15_1_1_AuthFlags) {
    for (unsigned f = 1; f < 16; ++f) {
        expect_decode_error<mqtt5::auth>(with_byte("", static_cast<std::uint8_t>(0xF0u | f), "00"), errc::invalid_fixed_header_flags, MAL, 0);
        expect_decode_error<mqtt5::auth>(with_byte("", static_cast<std::uint8_t>(0xF0u | f), "06 18 04 15 00 01 6D"),
                                         errc::invalid_fixed_header_flags, MAL, 0);
    }
}

// [MQTT-3.15.2-1] AUTH reason codes are 0x00, 0x18 or 0x19 (PE* otherwise); 0x00 from the Server only,
// 0x19 from the Client only.
TEST(Normative, MQTT_3_15_2_1_AuthReasonCodes) {
    check_decoded_reason_table<mqtt5::auth>("F0 06", "04 15 00 01 6D", 2, auth_codes);
    std::array<std::byte, 16> st{};
    mqtt5::property_builder<mqtt5::place::auth> b{st};
    b.authentication_method("m");
    const auto method = b.build();
    ASSERT_TRUE(method.has_value()) << show(method.error());
    const auto props = *method;
    check_encoded_reason_table(
        [&props](mqtt5::reason_code rc) {
            mqtt5::auth a{};
            a.reason = rc;
            a.properties = props;
            return a;
        },
        auth_codes);
    // Direction
    const auto a00 = hex("F0 06 00 04 15 00 01 6D");
    const auto a18 = hex("F0 06 18 04 15 00 01 6D");
    const auto a19 = hex("F0 06 19 04 15 00 01 6D");
    expect_decode_error<mqtt5::auth>(a00, errc::reason_code_wrong_direction, PE, 2, from_client);
    (void)expect_decode_ok<mqtt5::auth>(a00, from_server);
    (void)expect_decode_ok<mqtt5::auth>(a00, sender_unknown);
    expect_decode_error<mqtt5::auth>(a19, errc::reason_code_wrong_direction, PE, 2, from_server);
    (void)expect_decode_ok<mqtt5::auth>(a19, from_client);
    (void)expect_decode_ok<mqtt5::auth>(a19, sender_unknown);
    for (const auto* o : {&sender_unknown, &from_client, &from_server}) (void)expect_decode_ok<mqtt5::auth>(a18, *o);
    // An AUTH that carries a reason code needs the Authentication Method (§3.15.2.2.2), also when encoding.
    mqtt5::auth no_method{};
    no_method.reason = mqtt5::reason_code::continue_authentication;
    expect_encode_refused(no_method, errc::authentication_method_missing);
}

// =====================================================================================================
// Topics and shared subscriptions (chapter 4)
// =====================================================================================================

// [MQTT-4.3.1-1] a QoS 0 PUBLISH is sent with DUP 0 (ENC; decode PE*).
TEST(Normative, MQTT_4_3_1_1_Qos0DupZero) {
    auto p = make_publish("a/b");
    p.dup = true;
    expect_encode_refused(p, errc::dup_with_qos_0);
    p.dup = false;
    EXPECT_EQ(encode_hex(p), "30 06 00 03 61 2F 62 00");
    for (const auto* o : {&sender_unknown, &from_client, &from_server}) {
        expect_decode_error<mqtt5::publish>(hex("38 06 00 03 61 2F 62 00"), errc::dup_with_qos_0, PE, 0, *o);
    }
}

// [MQTT-4.7.0-1] wildcards are allowed in Topic Filters, never in Topic Names.
TEST(Normative, MQTT_4_7_0_1_WildcardsOnlyInFilters) {
    for (const std::string_view t : {"+", "#", "a/+", "a/#", "+/a", "a+", "a#", "sport/tennis/#"}) {
        SCOPED_TRACE(std::string(t));
        EXPECT_EQ(name_of(mqtt5::validate_topic_name(t)), name_of(errc::topic_name_has_wildcard));
    }
    for (const std::string_view t : {"+", "#", "a/+", "a/#", "+/a", "sport/tennis/#"}) {
        SCOPED_TRACE(std::string(t));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(t)), name_of(errc::ok));
    }
    // PUBLISH Topic Name and Response Topic
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 2F 2B 00"), errc::topic_name_has_wildcard, PE, 2);
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 08 00 01 23"), errc::response_topic_has_wildcard, PE, 6);
    // Filters with wildcards are fine in SUBSCRIBE and UNSUBSCRIBE.
    (void)expect_decode_ok<mqtt5::subscribe>(hex("82 09 00 01 00 00 03 2B 2F 23 01"));
    (void)expect_decode_ok<mqtt5::unsubscribe>(hex("A2 08 00 01 00 00 03 61 2F 2B"));
}

// [MQTT-4.7.0-1] applied to the Will Topic: error.hpp gives it errc::will_topic_invalid (PE*).
TEST(Normative, MQTT_4_7_0_1_WillTopicNoWildcards) {
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 23 00 00"),
                                        errc::will_topic_invalid, PE, 16);
    expect_decode_error<mqtt5::connect>(hex("10 15 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 03 61 2F 2B 00 00"),
                                        errc::will_topic_invalid, PE, 16);
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = "a/#"};
    expect_encode_refused(c, errc::will_topic_invalid);
}

// [MQTT-4.7.1-1] '#' stands alone or after '/', and is the last character of the filter.
TEST(Normative, MQTT_4_7_1_1_HashPlacement) {
    for (const std::string_view f : {"#", "a/#", "/#", "+/#", "a/b/c/#", "$SYS/#", "$share/g/#"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::ok));
    }
    for (const std::string_view f : {"a#", "a/#/b", "#/", "a/b#", "##", "#a", "#/#", "$share/g/a/#/b", "$share/g/a#"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::topic_filter_invalid_hash));
    }
    // SUBSCRIBE (edge case 104) and UNSUBSCRIBE
    expect_decode_error<mqtt5::subscribe>(hex("82 0B 00 01 00 00 05 61 2F 23 2F 62 00"), errc::topic_filter_invalid_hash, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 07 00 01 00 00 02 23 2F"), errc::topic_filter_invalid_hash, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 0A 00 01 00 00 01 61 00 02 23 61"), errc::topic_filter_invalid_hash, PE, 8);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a#"}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::topic_filter_invalid_hash);
    const std::array<std::string_view, 1> filters{"#/a"};
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    u.topic_filters = filters;
    expect_encode_refused(u, errc::topic_filter_invalid_hash);
}

// [MQTT-4.7.1-2] '+' occupies a whole level.
TEST(Normative, MQTT_4_7_1_2_PlusPlacement) {
    for (const std::string_view f : {"+", "+/+", "a/+/b", "/+", "+/", "+/#", "sport/tennis/+", "$share/g/+"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::ok));
    }
    for (const std::string_view f : {"a+", "+a", "a/b+/c", "++", "sport+", "$share/g/a+"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::topic_filter_invalid_plus));
    }
    expect_decode_error<mqtt5::subscribe>(hex("82 08 00 01 00 00 02 61 2B 00"), errc::topic_filter_invalid_plus, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 07 00 01 00 00 02 2B 61"), errc::topic_filter_invalid_plus, PE, 5);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a/b+/c"}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::topic_filter_invalid_plus);
}

// [MQTT-4.7.3-1] Topic Names and Topic Filters are at least one character (PE*; a zero-length PUBLISH Topic
// Name without a Topic Alias is PE, §3.3.2.1).
TEST(Normative, MQTT_4_7_3_1_TopicsNotEmpty) {
    EXPECT_EQ(name_of(mqtt5::validate_topic_name("")), name_of(errc::topic_empty));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter("")), name_of(errc::topic_empty));
    EXPECT_EQ(name_of(mqtt5::validate_topic_name("/")), name_of(errc::ok));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter("/")), name_of(errc::ok));
    expect_decode_error<mqtt5::subscribe>(hex("82 06 00 01 00 00 00 00"), errc::topic_empty, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 05 00 01 00 00 00"), errc::topic_empty, PE, 5);
    expect_decode_error<mqtt5::publish>(hex("30 03 00 00 00"), errc::topic_name_empty_without_alias, PE, 2);
    expect_decode_error<mqtt5::publish>(hex("30 07 00 01 61 03 08 00 00"), errc::response_topic_empty, PE, 6);
    expect_decode_error<mqtt5::connect>(hex("10 12 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 00 00 00"), errc::topic_empty, PE, 16);
    // Encoder
    expect_encode_refused(make_publish(""), errc::topic_name_empty_without_alias);
    {
        const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = ""}};
        mqtt5::subscribe s{};
        s.packet_id = 1;
        s.subscriptions = subs;
        expect_encode_refused(s, errc::topic_empty);
    }
    {
        const std::array<std::string_view, 1> filters{""};
        mqtt5::unsubscribe u{};
        u.packet_id = 1;
        u.topic_filters = filters;
        expect_encode_refused(u, errc::topic_empty);
    }
    {
        auto c = make_connect();
        c.will = mqtt5::will_message{.topic = ""};
        expect_encode_refused(c, errc::topic_empty);
    }
    {
        std::array<std::byte, 16> st{};
        mqtt5::property_builder<mqtt5::place::publish> b{st};
        b.response_topic("");
        const auto blk = b.build();
        ASSERT_FALSE(blk.has_value());
        EXPECT_EQ(name_of(blk.error().code), name_of(errc::response_topic_empty));
    }
}

// [MQTT-4.7.3-2] Topic Names and Topic Filters contain no U+0000 (MAL).
TEST(Normative, MQTT_4_7_3_2_TopicsNoNul) {
    EXPECT_EQ(name_of(mqtt5::validate_topic_name(std::string_view("a\0b", 3))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter(std::string_view("a/\0", 3))), name_of(errc::utf8_contains_null));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter(std::string_view("$share/g/\0", 10))), name_of(errc::utf8_contains_null));
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 00 62 00"), errc::utf8_contains_null, MAL, 2);
    expect_decode_error<mqtt5::subscribe>(hex("82 08 00 01 00 00 02 61 00 00"), errc::utf8_contains_null, MAL, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 06 00 01 00 00 01 00"), errc::utf8_contains_null, MAL, 5);
    expect_encode_refused(make_publish(std::string_view("\0", 1)), errc::utf8_contains_null);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = std::string_view("a\0", 2)}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::utf8_contains_null);
}

// [MQTT-4.7.3-3] Topic Names and Topic Filters are at most 65,535 bytes (ENC).
TEST(Normative, MQTT_4_7_3_3_TopicsAtMost65535Bytes) {
    const std::string max_ascii(65535, 'a');
    const std::string over_ascii(65536, 'a');
    std::string max_utf8;
    for (int i = 0; i < 21845; ++i) max_utf8 += "\xE2\x82\xAC";  // 65,535 bytes of 3-byte characters
    const std::string over_utf8 = max_utf8 + "\xE2\x82\xAC";
    EXPECT_EQ(name_of(mqtt5::validate_topic_name(max_ascii)), name_of(errc::ok));
    EXPECT_EQ(name_of(mqtt5::validate_topic_name(max_utf8)), name_of(errc::ok));
    EXPECT_EQ(name_of(mqtt5::validate_topic_name(over_ascii)), name_of(errc::string_too_long));
    EXPECT_EQ(name_of(mqtt5::validate_topic_name(over_utf8)), name_of(errc::string_too_long));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter(max_ascii)), name_of(errc::ok));
    EXPECT_EQ(name_of(mqtt5::validate_topic_filter(over_ascii)), name_of(errc::string_too_long));
    // Encoder
    expect_encode_refused(make_publish(over_ascii), errc::string_too_long, 70000);
    expect_encode_refused(make_publish(over_utf8), errc::string_too_long, 70000);
    {
        const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = over_ascii}};
        mqtt5::subscribe s{};
        s.packet_id = 1;
        s.subscriptions = subs;
        expect_encode_refused(s, errc::string_too_long, 70000);
    }
    {
        const std::array<std::string_view, 1> filters{over_ascii};
        mqtt5::unsubscribe u{};
        u.packet_id = 1;
        u.topic_filters = filters;
        expect_encode_refused(u, errc::string_too_long, 70000);
    }
    // The longest topic round-trips.
    const auto p = make_publish(max_ascii);
    const auto size = mqtt5::encoded_size(p);
    ASSERT_TRUE(size.has_value()) << show(size.error());
    bytes out(*size);
    const auto n = mqtt5::encode(p, std::span<std::byte>(out));
    ASSERT_TRUE(n.has_value()) << show(n.error());
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).subspan(1, 5)), "82 80 04 FF FF");  // RL 65,538; topic length
    const auto back = mqtt5::decode<mqtt5::publish>(std::span<const std::byte>(out));
    ASSERT_TRUE(back.has_value()) << show(back.error());
    EXPECT_EQ(back->topic.size(), 65535u);
}

// [MQTT-4.8.2-1] a Shared Subscription starts with "$share/" and has a ShareName of at least 1 character.
TEST(Normative, MQTT_4_8_2_1_ShareNameNotEmpty) {
    for (const std::string_view f : {"$share//a", "$share/", "$share//", "$share//#"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::shared_subscription_empty_share_name));
        EXPECT_FALSE(mqtt5::parse_shared_subscription(f).has_value());
        EXPECT_TRUE(mqtt5::is_shared_subscription(f));
    }
    expect_decode_error<mqtt5::subscribe>(hex("82 0F 00 01 00 00 09 24 73 68 61 72 65 2F 2F 61 00"),
                                          errc::shared_subscription_empty_share_name, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 0E 00 01 00 00 09 24 73 68 61 72 65 2F 2F 61"),
                                            errc::shared_subscription_empty_share_name, PE, 5);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "$share//a"}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::shared_subscription_empty_share_name);
    // Not shared at all: "$share" alone, "$sharex/a", other case.
    for (const std::string_view f : {"$share", "$sharex/a", "$SHARE/g/a", "share/g/a"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_FALSE(mqtt5::is_shared_subscription(f));
        EXPECT_FALSE(mqtt5::parse_shared_subscription(f).has_value());
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(f)), name_of(errc::ok));
    }
}

// [MQTT-4.8.2-2] the ShareName has no '/', '+' or '#', is followed by '/', and that '/' by a valid filter.
TEST(Normative, MQTT_4_8_2_2_ShareNameSyntax) {
    struct row {
        std::string_view filter{};
        errc code{};
    };
    const std::array<row, 10> rows{{
        {"$share/g+/a", errc::shared_subscription_invalid_share_name},
        {"$share/g#/a", errc::shared_subscription_invalid_share_name},
        {"$share/+/a", errc::shared_subscription_invalid_share_name},
        {"$share/#/a", errc::shared_subscription_invalid_share_name},
        {"$share/g", errc::shared_subscription_missing_filter},
        {"$share/g/", errc::shared_subscription_missing_filter},
        {"$share/group", errc::shared_subscription_missing_filter},
        {"$share/g/a/#/b", errc::topic_filter_invalid_hash},
        {"$share/g/a+", errc::topic_filter_invalid_plus},
        {"$share/g/#x", errc::topic_filter_invalid_hash},
    }};
    for (const auto& r : rows) {
        SCOPED_TRACE(std::string(r.filter));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(r.filter)), name_of(r.code));
    }
    // parse_shared_subscription: nullopt whenever the shared syntax is broken (its doc comment).
    for (const std::string_view f : {"$share/g+/a", "$share/g#/a", "$share/g", "$share/g/"}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_FALSE(mqtt5::parse_shared_subscription(f).has_value());
    }
    // Valid shared filters split into ShareName and filter.
    struct split {
        std::string_view filter{};
        std::string_view name{};
        std::string_view rest{};
    };
    const std::array<split, 5> ok{{
        {"$share/g/a/b", "g", "a/b"},
        {"$share/g/#", "g", "#"},
        {"$share/g//finance", "g", "/finance"},
        {"$share/consumer1/sport/tennis/+", "consumer1", "sport/tennis/+"},
        {"$share/g/+/x/#", "g", "+/x/#"},
    }};
    for (const auto& r : ok) {
        SCOPED_TRACE(std::string(r.filter));
        EXPECT_EQ(name_of(mqtt5::validate_topic_filter(r.filter)), name_of(errc::ok));
        const auto s = mqtt5::parse_shared_subscription(r.filter);
        ASSERT_TRUE(s.has_value());
        EXPECT_EQ(s->share_name, r.name);
        EXPECT_EQ(s->topic_filter, r.rest);
    }
    // In packets
    expect_decode_error<mqtt5::subscribe>(hex("82 0E 00 01 00 00 08 24 73 68 61 72 65 2F 67 00"),
                                          errc::shared_subscription_missing_filter, PE, 5);
    expect_decode_error<mqtt5::subscribe>(hex("82 11 00 01 00 00 0B 24 73 68 61 72 65 2F 67 2B 2F 61 00"),
                                          errc::shared_subscription_invalid_share_name, PE, 5);
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 0D 00 01 00 00 08 24 73 68 61 72 65 2F 67"),
                                            errc::shared_subscription_missing_filter, PE, 5);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "$share/g#/a"}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = subs;
    expect_encode_refused(s, errc::shared_subscription_invalid_share_name);
    const std::array<std::string_view, 1> filters{"$share/g/"};
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    u.topic_filters = filters;
    expect_encode_refused(u, errc::shared_subscription_missing_filter);
}

// =====================================================================================================
// UTF-8 rules (wire::validate_utf8): the policy for disallowed code points (§1.5.4)
// =====================================================================================================

TEST(Utf8, DisallowedCodePointsArePolicy) {
    const std::vector<std::string_view> disallowed{
        "\x01", "\x1F", "\x7F", "\xC2\x80", "\xC2\x9F",   // controls
        "\xEF\xB7\x90", "\xEF\xB7\xAF",                   // U+FDD0, U+FDEF
        "\xEF\xBF\xBE", "\xEF\xBF\xBF",                   // U+FFFE, U+FFFF
        "\xF0\x9F\xBF\xBE", "\xF0\x9F\xBF\xBF",           // U+1FFFE, U+1FFFF
        "\xF4\x8F\xBF\xBE", "\xF4\x8F\xBF\xBF",           // U+10FFFE, U+10FFFF
        "abcdefghij\x01",
    };
    for (const auto s : disallowed) {
        SCOPED_TRACE(hex_of(text_span(s)));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s)), name_of(errc::ok));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s, true)), name_of(errc::utf8_disallowed_code_point));
    }
    const std::vector<std::string_view> allowed{" ", "~", "\xC2\xA0", "\xEF\xB7\x8F", "\xEF\xB7\xB0",
                                                "\xEF\xBB\xBF", "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBD"};
    for (const auto s : allowed) {
        SCOPED_TRACE(hex_of(text_span(s)));
        EXPECT_EQ(name_of(mqtt5::wire::validate_utf8(s, true)), name_of(errc::ok));
    }
    // Through a User Property value, with the decode option.
    const auto b = hex("30 0A 00 01 61 06 26 00 00 00 01 7F");
    (void)expect_decode_ok<mqtt5::publish>(b);
    const mqtt5::decode_options strict{.reject_disallowed_code_points = true};
    expect_decode_error<mqtt5::publish>(b, errc::utf8_disallowed_code_point, MAL, 9, strict);
}

// =====================================================================================================
// Topic matching (§4.7): standard '#' parent matching, '$' topics, the AWS option, shared filters
// =====================================================================================================

TEST(TopicMatch, StandardExamples) {
    struct row {
        std::string_view filter{};
        std::string_view topic{};
        bool match{};
    };
    const std::array<row, 30> rows{{
        {"sport/tennis/player1/#", "sport/tennis/player1", true},
        {"sport/tennis/player1/#", "sport/tennis/player1/ranking", true},
        {"sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true},
        {"sport/#", "sport", true},  // '#' includes the parent level (§4.7.1.2)
        {"sport/#", "sport/", true},
        {"sport/#", "sports", false},
        {"#", "sport/tennis", true},
        {"#", "/", true},
        {"sport/tennis/+", "sport/tennis/player1", true},
        {"sport/tennis/+", "sport/tennis/player1/ranking", false},
        {"sport/+", "sport", false},
        {"sport/+", "sport/", true},
        {"+/+", "/finance", true},
        {"/+", "/finance", true},
        {"+", "/finance", false},
        {"+", "a", true},
        {"+/#", "a", true},
        {"+/#", "a/b/c", true},
        {"a/+/c", "a//c", true},
        {"a//c", "a//c", true},
        {"a/b", "a/b", true},
        {"a/b", "a/b/", false},
        {"a/b/", "a/b", false},
        {"ACCOUNTS", "Accounts", false},
        {"a b", "a b", true},
        {"a/b/c", "a/b", false},
        {"a/b", "a/b/c", false},
        {"+/+/+", "a/b", false},
        {"a/#", "b", false},
        {"/#", "a", false},
    }};
    for (const auto& r : rows) {
        SCOPED_TRACE(std::string(r.filter) + " vs " + std::string(r.topic));
        EXPECT_EQ(mqtt5::topic_matches(r.filter, r.topic), r.match);
    }
}

TEST(TopicMatch, DollarTopicsNotMatchedByLeadingWildcards) {
    EXPECT_FALSE(mqtt5::topic_matches("#", "$SYS/monitor/Clients"));
    EXPECT_FALSE(mqtt5::topic_matches("+/monitor/Clients", "$SYS/monitor/Clients"));
    EXPECT_FALSE(mqtt5::topic_matches("+", "$SYS"));
    EXPECT_TRUE(mqtt5::topic_matches("$SYS/#", "$SYS/monitor/Clients"));
    EXPECT_TRUE(mqtt5::topic_matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
    EXPECT_TRUE(mqtt5::topic_matches("$SYS/#", "$SYS"));
    EXPECT_TRUE(mqtt5::topic_matches("$SYS", "$SYS"));
    // '$' elsewhere is an ordinary character
    EXPECT_TRUE(mqtt5::topic_matches("#", "a/$b"));
    EXPECT_TRUE(mqtt5::topic_matches("+/+", "a/$b"));
}

TEST(TopicMatch, AwsHashDoesNotMatchParent) {
    const mqtt5::topic_match_options aws{.hash_matches_parent = false};
    EXPECT_FALSE(mqtt5::topic_matches("sport/#", "sport", aws));
    EXPECT_FALSE(mqtt5::topic_matches("sport/tennis/player1/#", "sport/tennis/player1", aws));
    EXPECT_TRUE(mqtt5::topic_matches("sport/#", "sport/tennis", aws));
    EXPECT_TRUE(mqtt5::topic_matches("sport/#", "sport/", aws));
    EXPECT_TRUE(mqtt5::topic_matches("#", "sport", aws));
    EXPECT_FALSE(mqtt5::topic_matches("#", "$SYS/x", aws));
    EXPECT_TRUE(mqtt5::topic_matches("sport/+", "sport/x", aws));
    // and the default is the standard
    EXPECT_TRUE(mqtt5::topic_matches("sport/#", "sport", mqtt5::topic_match_options{}));
}

TEST(TopicMatch, SharedFilterMatchesAsItsFilter) {
    EXPECT_TRUE(mqtt5::topic_matches("$share/g/sport/#", "sport/tennis"));
    EXPECT_TRUE(mqtt5::topic_matches("$share/g/sport/#", "sport"));
    EXPECT_TRUE(mqtt5::topic_matches("$share/g//finance", "/finance"));
    EXPECT_FALSE(mqtt5::topic_matches("$share/g//finance", "finance"));
    EXPECT_TRUE(mqtt5::topic_matches("$share/consumer1/+", "a"));
    EXPECT_FALSE(mqtt5::topic_matches("$share/g/#", "$SYS/x"));
    EXPECT_FALSE(mqtt5::topic_matches("$share/g/a", "g/a"));
}
