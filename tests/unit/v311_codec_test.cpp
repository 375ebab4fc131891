// Developer tests of MQTT 3.1.1 (level 4) and 3.1 (level 3) in the codec (issue 9): decode, re-encode
// byte-exact, every level 3/4 rule with its errc and offset, what the encoder refuses at those levels, the
// version selection of a server, and the framer on 3.1.1 streams. Ids are 3.1.1's unless marked v5.
// (The independent byte-exact vectors are in v311_vectors_test.cpp and v311_normative_test.cpp.)
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <list>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

namespace {

using mqtt5::errc;
using mqtt5::protocol_version;
using test_util::from_hex;
using test_util::to_hex;
using bytes = std::vector<std::byte>;

// Hex bytes that stay alive until the end of the test program: a decoded packet points into its input, and
// decode() refuses a temporary container at compile time for that reason.
std::span<const std::byte> kept_hex(std::string_view hex) {
    static std::list<bytes> kept;
    return kept.emplace_back(from_hex(hex));
}

const mqtt5::decode_options v311{.version = protocol_version::v311};
const mqtt5::decode_options v31{.version = protocol_version::v31};
const mqtt5::encode_options e311{.version = protocol_version::v311};
const mqtt5::encode_options e31{.version = protocol_version::v31};

std::string err(const mqtt5::error& e) { return std::string(mqtt5::to_string(e.code)) + "@" + std::to_string(e.offset); }

// Input bytes that decoded packets point into: kept for the whole test program.
const bytes& kept(const std::string& hex) {
    static std::list<bytes> inputs;
    return inputs.emplace_back(from_hex(hex));
}

// Decodes at `o` (typed and into the variant), and re-encodes both to exactly the input.
template <class P> P roundtrip(const std::string& hex, const mqtt5::decode_options& o) {
    const auto& in = kept(hex);
    const auto r = mqtt5::decode<P>(in, o);
    EXPECT_TRUE(r.has_value()) << hex << ": " << err(r.error());
    if (!r) return P{};
    const mqtt5::encode_options eo{.version = o.version};
    const auto size = mqtt5::encoded_size(*r, eo);
    EXPECT_TRUE(size && *size == in.size()) << hex;
    bytes out(in.size() + 8);
    const auto n = mqtt5::encode(*r, out, eo);
    EXPECT_TRUE(n.has_value()) << hex << ": " << err(n.error());
    if (n) out.resize(*n);
    EXPECT_EQ(to_hex(out), to_hex(in));
    const auto any = mqtt5::decode(in, o);
    EXPECT_TRUE(any.has_value()) << hex;
    if (any) {
        EXPECT_TRUE(std::holds_alternative<P>(*any));
        bytes out2(in.size() + 8);
        const auto n2 = mqtt5::encode(*any, out2, eo);
        EXPECT_TRUE(n2 && *n2 == in.size());
    }
    return *r;
}

template <class P> void decode_fails(const std::string& hex, const mqtt5::decode_options& o, errc code, std::size_t offset) {
    const auto r = mqtt5::decode<P>(kept_hex(hex), o);
    ASSERT_FALSE(r.has_value()) << hex;
    EXPECT_EQ(err(r.error()), err(mqtt5::make_error(code, offset))) << hex;
    if (code == errc::unexpected_packet_type) return;  // the variant decodes it as what it is
    const auto any = mqtt5::decode(kept_hex(hex), o);
    ASSERT_FALSE(any.has_value()) << hex;
    EXPECT_EQ(any.error().code, code) << hex;
}

template <class P> std::string encode_hex(const P& p, const mqtt5::encode_options& o) {
    bytes out(256);
    const auto n = mqtt5::encode(p, out, o);
    if (!n) return "refused " + std::string(mqtt5::to_string(n.error().code));
    const auto size = mqtt5::encoded_size(p, o);
    EXPECT_TRUE(size && *size == *n);
    out.resize(*n);
    return to_hex(out);
}

template <class P> void encode_fails(const P& p, const mqtt5::encode_options& o, errc code) {
    EXPECT_EQ(encode_hex(p, o), "refused " + std::string(mqtt5::to_string(code)));
    const auto size = mqtt5::encoded_size(p, o);
    ASSERT_FALSE(size.has_value());
    EXPECT_EQ(size.error().code, code);
}

std::span<const std::byte> text(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }

// ---- level 4: every packet decodes and re-encodes byte-exact ---------------------------------------------

TEST(V311Codec, ConnectMinimal) {
    const auto c = roundtrip<mqtt5::connect>("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61", v311);
    EXPECT_EQ(c.client_id, "a");
    EXPECT_TRUE(c.clean_start);  // CleanSession
    EXPECT_EQ(c.keep_alive, 60);
    EXPECT_FALSE(c.will.has_value());
}

TEST(V311Codec, ConnectEveryField) {
    // flags 1110 1110: user name, password, will retain, will QoS 1, will, clean session.
    const auto c = roundtrip<mqtt5::connect>(
        "10 1D 00 04 4D 51 54 54 04 EE 00 0A 00 02 69 64 00 01 77 00 02 01 02 00 01 75 00 03 70 77 64", v311);
    ASSERT_TRUE(c.will.has_value());
    EXPECT_EQ(c.will->topic, "w");
    EXPECT_EQ(c.will->payload.size(), 2u);  // binary, 2-byte length
    EXPECT_EQ(c.will->qos, mqtt5::qos::at_least_once);
    EXPECT_TRUE(c.will->retain);
    EXPECT_EQ(c.username, std::optional<std::string_view>{"u"});
    ASSERT_TRUE(c.password.has_value());
    EXPECT_EQ(c.password->size(), 3u);
}

TEST(V311Codec, ConnectBuiltEncodesAsListed) {
    mqtt5::connect c{.client_id = "id", .keep_alive = 10, .clean_start = true};
    c.will = mqtt5::will_message{.topic = "w", .payload = text("\x01\x02"), .qos = mqtt5::qos::at_least_once, .retain = true};
    c.username = "u";
    c.password = text("pwd");
    EXPECT_EQ(encode_hex(c, e311), "10 1D 00 04 4D 51 54 54 04 EE 00 0A 00 02 69 64 00 01 77 00 02 01 02 00 01 75 00 03 70 77 64");
    // 3.1: "MQIsdp", level 3.
    EXPECT_EQ(encode_hex(c, e31), "10 1F 00 06 4D 51 49 73 64 70 03 EE 00 0A 00 02 69 64 00 01 77 00 02 01 02 00 01 75 00 03 70 77 64");
}

TEST(V311Codec, ConnackEveryReturnCode) {
    for (unsigned rc = 0; rc <= 5; ++rc) {
        const auto hex = "20 02 00 0" + std::to_string(rc);
        const auto a = roundtrip<mqtt5::connack>(hex, v311);
        EXPECT_EQ(static_cast<unsigned>(a.return_code), rc);
        EXPECT_EQ(a.reason, mqtt5::reason_code::success);  // v5 only
    }
    const auto sp = roundtrip<mqtt5::connack>("20 02 01 00", v311);
    EXPECT_TRUE(sp.session_present);
    EXPECT_EQ(encode_hex(mqtt5::connack{.return_code = mqtt5::connack_return_code::not_authorized}, e311), "20 02 00 05");
}

TEST(V311Codec, PublishEveryQoS) {
    const auto p0 = roundtrip<mqtt5::publish>("30 07 00 03 61 2F 62 68 69", v311);
    EXPECT_EQ(p0.topic, "a/b");
    EXPECT_EQ(p0.payload.size(), 2u);
    const auto p1 = roundtrip<mqtt5::publish>("3B 07 00 03 61 2F 62 00 07", v311);  // DUP QoS 1 RETAIN, empty payload
    EXPECT_EQ(p1.packet_id, 7);
    EXPECT_TRUE(p1.dup && p1.retain);
    const auto p2 = roundtrip<mqtt5::publish>("34 08 00 03 61 2F 62 FF FF 00", v311);
    EXPECT_EQ(p2.qos, mqtt5::qos::exactly_once);
    EXPECT_EQ(p2.packet_id, 0xFFFF);
    EXPECT_EQ(p2.payload.size(), 1u);
    // Scatter/gather output: the header without the payload.
    bytes head(16);
    const auto n = mqtt5::encode_publish_header(p2, head, e311);
    ASSERT_TRUE(n.has_value());
    head.resize(*n);
    EXPECT_EQ(to_hex(head), "34 08 00 03 61 2F 62 FF FF");
    EXPECT_EQ(*mqtt5::publish_header_size(p2, e311), 9u);
}

TEST(V311Codec, AcknowledgementsArePacketIdOnly) {
    EXPECT_EQ(roundtrip<mqtt5::puback>("40 02 00 01", v311).packet_id, 1);
    EXPECT_EQ(roundtrip<mqtt5::pubrec>("50 02 00 02", v311).packet_id, 2);
    EXPECT_EQ(roundtrip<mqtt5::pubrel>("62 02 00 03", v311).packet_id, 3);
    EXPECT_EQ(roundtrip<mqtt5::pubcomp>("70 02 00 04", v311).packet_id, 4);
    const auto u = roundtrip<mqtt5::unsuback>("B0 02 00 05", v311);
    EXPECT_EQ(u.packet_id, 5);
    EXPECT_TRUE(u.reason_codes.empty());
    // A v5-shaped ack with success codes drops nothing when written at level 4.
    const std::array<mqtt5::reason_code, 2> ok{mqtt5::reason_code::success, mqtt5::reason_code::success};
    EXPECT_EQ(encode_hex(mqtt5::unsuback{.packet_id = 5, .reason_codes = ok}, e311), "B0 02 00 05");
    EXPECT_EQ(encode_hex(mqtt5::puback{.packet_id = 1, .form = {.fields = mqtt5::trailing_fields::properties}}, e311), "40 02 00 01");
}

TEST(V311Codec, SubscribeAndSuback) {
    const auto s = roundtrip<mqtt5::subscribe>("82 11 00 0A 00 03 61 2F 23 02 00 06 24 73 68 61 72 65 00", v311);
    ASSERT_EQ(s.subscriptions.size(), 2u);
    auto it = s.subscriptions.begin();
    EXPECT_EQ((*it).topic_filter, "a/#");
    EXPECT_EQ((*it).max_qos, mqtt5::qos::exactly_once);
    const auto a = roundtrip<mqtt5::suback>("90 06 00 0A 00 01 02 80", v311);
    EXPECT_EQ(a.reason_codes.size(), 4u);
    const mqtt5::subscription subs[] = {{.topic_filter = "x", .max_qos = mqtt5::qos::at_least_once}};
    EXPECT_EQ(encode_hex(mqtt5::subscribe{.packet_id = 1, .subscriptions = subs}, e311), "82 06 00 01 00 01 78 01");
}

TEST(V311Codec, SharedSubscriptionSyntaxIsAnOrdinaryFilter) {
    // "$share/" without a filter breaks v5's [MQTT-4.8.2-2]; in 3.1.1 it is an ordinary filter.
    roundtrip<mqtt5::subscribe>("82 0C 00 01 00 07 24 73 68 61 72 65 2F 00", v311);
    roundtrip<mqtt5::unsubscribe>("A2 0B 00 01 00 07 24 73 68 61 72 65 2F", v311);
    EXPECT_FALSE(mqtt5::decode<mqtt5::subscribe>(kept_hex("82 0D 00 01 00 00 07 24 73 68 61 72 65 2F 00")).has_value());
}

TEST(V311Codec, UnsubscribePingDisconnect) {
    const auto u = roundtrip<mqtt5::unsubscribe>("A2 08 00 01 00 04 61 2F 2B 2F", v311);
    EXPECT_EQ(*u.topic_filters.begin(), "a/+/");
    roundtrip<mqtt5::pingreq>("C0 00", v311);
    roundtrip<mqtt5::pingresp>("D0 00", v311);
    roundtrip<mqtt5::disconnect>("E0 00", v311);
    EXPECT_EQ(encode_hex(mqtt5::disconnect{}, e311), "E0 00");
}

TEST(V311Codec, NonMinimalRemainingLengthIsAcceptedAndKept) {
    // 3.1.1 has no minimal-encoding rule (§2.2.3 of 3.1.1; v5 [MQTT-1.5.5-1] added it).
    roundtrip<mqtt5::puback>("40 82 00 00 01", v311);
    roundtrip<mqtt5::pingreq>("C0 80 80 00", v311);
    EXPECT_FALSE(mqtt5::decode<mqtt5::puback>(kept_hex("40 82 00 00 01")).has_value());  // v5: rejected
}

// ---- level 4: decode errors, each with its errc and offset --------------------------------------------

TEST(V311Codec, ConnectRules) {
    using C = mqtt5::connect;
    // [MQTT-3.1.2-1]: the name is "MQTT" at level 4.
    decode_fails<C>("10 0F 00 06 4D 51 49 73 64 70 04 02 00 3C 00 01 61", v311, errc::invalid_protocol_name, 2);
    // [MQTT-3.1.2-2]: the level is 4 (0x01 return code).
    for (const char* level : {"03", "05", "84", "00"})
        decode_fails<C>(std::string("10 0D 00 04 4D 51 54 54 ") + level + " 02 00 3C 00 01 61", v311, errc::unsupported_protocol_version, 8);
    // The bridge bit, on request.
    mqtt5::decode_options bridge = v311;
    bridge.accept_bridge_protocol_level = true;
    const auto b = roundtrip<C>("10 0D 00 04 4D 51 54 54 84 02 00 3C 00 01 61", bridge);
    EXPECT_TRUE(b.bridge);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 85 02 00 3C 00 01 61", bridge, errc::unsupported_protocol_version, 8);
    // [MQTT-2.2.2-2]: reserved flags.
    decode_fails<C>("11 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61", v311, errc::invalid_fixed_header_flags, 0);
    // [MQTT-3.1.2-3] reserved connect flag; [MQTT-3.1.2-14] will QoS 3; [MQTT-3.1.2-13] [MQTT-3.1.2-15].
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 61", v311, errc::connect_reserved_flag, 9);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 1E 00 3C 00 01 61", v311, errc::will_qos_invalid, 9);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 0A 00 3C 00 01 61", v311, errc::will_qos_without_will, 9);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 22 00 3C 00 01 61", v311, errc::will_retain_without_will, 9);
    // [MQTT-3.1.2-22]: Password Flag without User Name Flag (v5 allows it).
    decode_fails<C>("10 10 00 04 4D 51 54 54 04 42 00 3C 00 01 61 00 01 70", v311, errc::password_without_user_name, 9);
    EXPECT_TRUE(mqtt5::decode<C>(kept_hex("10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 01 61 00 01 70")).has_value());
    // [MQTT-3.1.3-8]: zero-byte ClientId needs CleanSession 1 (CONNACK 0x02); with it, accepted [MQTT-3.1.3-6].
    decode_fails<C>("10 0C 00 04 4D 51 54 54 04 00 00 3C 00 00", v311, errc::client_id_empty_without_clean_session, 12);
    roundtrip<C>("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00", v311);
    // A long ClientId is the server's policy [MQTT-3.1.3-5]: the codec has no limit.
    roundtrip<C>("10 24 00 04 4D 51 54 54 04 02 00 3C 00 18 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61", v311);
    // [MQTT-3.1.2-9] [MQTT-3.1.2-19] [MQTT-3.1.2-21]: a field the flags promise is missing.
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 06 00 3C 00 01 61", v311, errc::truncated, 15);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 82 00 3C 00 01 61", v311, errc::truncated, 15);
    // [MQTT-3.1.2-11] [MQTT-3.1.2-18] [MQTT-3.1.2-20]: a field without its flag is left over.
    decode_fails<C>("10 10 00 04 4D 51 54 54 04 02 00 3C 00 01 61 00 01 75", v311, errc::trailing_bytes, 15);
    // The Will Topic is a Topic Name: not empty, no wildcards (spec/v311.md part 4).
    decode_fails<C>("10 11 00 04 4D 51 54 54 04 06 00 3C 00 01 61 00 00 00 00", v311, errc::topic_empty, 15);
    decode_fails<C>("10 12 00 04 4D 51 54 54 04 06 00 3C 00 01 61 00 01 23 00 00", v311, errc::will_topic_invalid, 15);
    // [MQTT-1.5.3-1] [MQTT-1.5.3-2]: UTF-8 of the ClientId.
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 C0", v311, errc::invalid_utf8, 12);
    decode_fails<C>("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 00", v311, errc::utf8_contains_null, 12);
}

TEST(V311Codec, V311ConnackCodeOfEachRule) {
    EXPECT_EQ(mqtt5::v311_connack_code(errc::unsupported_protocol_version), mqtt5::connack_return_code::unacceptable_protocol_version);
    EXPECT_EQ(mqtt5::v311_connack_code(errc::client_id_empty_without_clean_session), mqtt5::connack_return_code::identifier_rejected);
    EXPECT_EQ(mqtt5::v311_connack_code(errc::client_id_length_v31), mqtt5::connack_return_code::identifier_rejected);
    EXPECT_EQ(mqtt5::v311_connack_code(errc::invalid_protocol_name), std::nullopt);  // close, no CONNACK
    EXPECT_EQ(mqtt5::v311_connack_code(errc::password_without_user_name), std::nullopt);
    EXPECT_EQ(mqtt5::v311_connack_code(errc::ok), std::nullopt);
    const auto r = mqtt5::decode<mqtt5::connect>(kept_hex("10 0D 00 04 4D 51 54 54 05 02 00 3C 00 01 61"), v311);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().v311_connack_code(), mqtt5::connack_return_code::unacceptable_protocol_version);
    EXPECT_EQ(mqtt5::to_string(mqtt5::connack_return_code::identifier_rejected), "Connection Refused, identifier rejected");
    EXPECT_EQ(mqtt5::to_string(static_cast<mqtt5::connack_return_code>(6)), "Reserved");
}

TEST(V311Codec, ConnackRules) {
    using A = mqtt5::connack;
    decode_fails<A>("20 02 00 06", v311, errc::connack_return_code_invalid, 3);  // §3.2.2.3: 6..255 reserved
    decode_fails<A>("20 02 00 FF", v311, errc::connack_return_code_invalid, 3);
    decode_fails<A>("20 02 02 00", v311, errc::connack_reserved_flags, 2);       // §3.2.2.1
    decode_fails<A>("20 02 01 05", v311, errc::session_present_with_error, 2);   // [MQTT-3.2.2-4]
    decode_fails<A>("20 03 00 00 00", v311, errc::trailing_bytes, 4);            // RL 2 (a v5 CONNACK)
    decode_fails<A>("20 01 00", v311, errc::truncated, 3);
    decode_fails<A>("28 02 00 00", v311, errc::invalid_fixed_header_flags, 0);
}

TEST(V311Codec, PublishRules) {
    using P = mqtt5::publish;
    decode_fails<P>("36 07 00 03 61 2F 62 00 01", v311, errc::publish_qos_invalid, 0);  // [MQTT-3.3.1-4]
    decode_fails<P>("38 05 00 03 61 2F 62", v311, errc::dup_with_qos_0, 0);             // [MQTT-3.3.1-2]
    decode_fails<P>("30 02 00 00", v311, errc::topic_empty, 2);                         // [MQTT-4.7.3-1]: no Topic Alias
    decode_fails<P>("30 05 00 03 61 2F 2B", v311, errc::topic_name_has_wildcard, 2);    // [MQTT-3.3.2-2]
    decode_fails<P>("32 05 00 03 61 2F 62", v311, errc::truncated, 7);
    decode_fails<P>("32 07 00 03 61 2F 62 00 00", v311, errc::packet_id_zero, 7);       // [MQTT-2.3.1-1]
    // The first bytes of a QoS 0 payload are payload, whatever they look like [MQTT-2.3.1-5].
    EXPECT_EQ(roundtrip<P>("30 07 00 03 61 2F 62 00 00", v311).payload.size(), 2u);
}

TEST(V311Codec, AckRules) {
    decode_fails<mqtt5::puback>("40 03 00 01 00", v311, errc::trailing_bytes, 4);  // a v5 reason code: RL 2 only
    decode_fails<mqtt5::puback>("40 04 00 01 00 00", v311, errc::trailing_bytes, 4);
    decode_fails<mqtt5::puback>("40 02 00 00", v311, errc::packet_id_zero, 2);
    decode_fails<mqtt5::puback>("40 01 00", v311, errc::truncated, 3);
    decode_fails<mqtt5::pubrel>("60 02 00 01", v311, errc::invalid_fixed_header_flags, 0);  // [MQTT-3.6.1-1]
    decode_fails<mqtt5::pubrel>("6A 02 00 01", v311, errc::invalid_fixed_header_flags, 0);  // DUP: 3.1 only
    decode_fails<mqtt5::pubcomp>("71 02 00 01", v311, errc::invalid_fixed_header_flags, 0);
    decode_fails<mqtt5::unsuback>("B0 03 00 01 00", v311, errc::trailing_bytes, 4);         // §3.11.1: RL 2
    decode_fails<mqtt5::pingreq>("C0 01 00", v311, errc::trailing_bytes, 2);
    decode_fails<mqtt5::disconnect>("E0 01 00", v311, errc::trailing_bytes, 2);            // §3.14.1: RL 0
    decode_fails<mqtt5::disconnect>("E1 00", v311, errc::invalid_fixed_header_flags, 0);   // [MQTT-3.14.1-1]
}

TEST(V311Codec, SubscribeRules) {
    using S = mqtt5::subscribe;
    decode_fails<S>("80 06 00 01 00 01 61 00", v311, errc::invalid_fixed_header_flags, 0);  // [MQTT-3.8.1-1]
    decode_fails<S>("82 02 00 01", v311, errc::no_topic_filters, 4);                        // [MQTT-3.8.3-3]
    // [MQTT-3.8.3-4]: bits 7-2 reserved (v5's No Local, RAP, Retain Handling bits are not options here), QoS 3.
    for (const char* q : {"03", "04", "08", "10", "20", "40", "80", "FC"})
        decode_fails<S>(std::string("82 06 00 01 00 01 61 ") + q, v311, errc::requested_qos_invalid, 7);
}

TEST(V311Codec, SubscribeFilterRules) {
    using S = mqtt5::subscribe;
    decode_fails<S>("82 05 00 01 00 00 00", v311, errc::topic_empty, 4);                       // [MQTT-4.7.3-1]
    decode_fails<S>("82 07 00 01 00 02 61 23 00", v311, errc::topic_filter_invalid_hash, 4);  // [MQTT-4.7.1-2]
    decode_fails<S>("82 07 00 01 00 02 2B 61 00", v311, errc::topic_filter_invalid_plus, 4);  // [MQTT-4.7.1-3]
    decode_fails<mqtt5::unsubscribe>("A2 02 00 01", v311, errc::no_topic_filters, 4);          // [MQTT-3.10.3-2]
    decode_fails<mqtt5::unsubscribe>("A0 05 00 01 00 01 61", v311, errc::invalid_fixed_header_flags, 0);  // [MQTT-3.10.1-1]
}

TEST(V311Codec, SubackRules) {
    decode_fails<mqtt5::suback>("90 02 00 01", v311, errc::no_reason_codes, 4);
    for (const char* rc : {"03", "10", "81", "87", "97"})  // [MQTT-3.9.3-2]: only 00, 01, 02, 80
        decode_fails<mqtt5::suback>(std::string("90 04 00 01 00 ") + rc, v311, errc::invalid_reason_code, 5);
}

TEST(V311Codec, PacketsLevel4DoesNotHave) {
    // AUTH: type 15 is forbidden (Table 2.1 of 3.1.1); type 0 too.
    decode_fails<mqtt5::auth>("F0 00", v311, errc::reserved_packet_type, 0);
    EXPECT_EQ(mqtt5::decode(kept_hex("F0 00"), v311).error().code, errc::reserved_packet_type);
    EXPECT_EQ(mqtt5::decode(kept_hex("00 00"), v311).error().code, errc::reserved_packet_type);
    // A Server never sends DISCONNECT in 3.1.1 (Table 2.1).
    mqtt5::decode_options from_server = v311;
    from_server.sender = mqtt5::role::server;
    decode_fails<mqtt5::disconnect>("E0 00", from_server, errc::wrong_direction, 0);
    mqtt5::decode_options from_client = v311;
    from_client.sender = mqtt5::role::client;
    EXPECT_TRUE(mqtt5::decode<mqtt5::disconnect>(kept_hex("E0 00"), from_client).has_value());
    decode_fails<mqtt5::connack>("20 02 00 00", from_client, errc::wrong_direction, 0);
}

TEST(V311Codec, FramingErrorsAreTheSame) {
    decode_fails<mqtt5::puback>("40 02 00", v311, errc::incomplete_packet, 3);
    decode_fails<mqtt5::puback>("40 02 00 01 00", v311, errc::input_longer_than_packet, 4);
    decode_fails<mqtt5::puback>("50 02 00 01", v311, errc::unexpected_packet_type, 0);
    EXPECT_EQ(mqtt5::decode(kept_hex("40 FF FF FF FF 01"), v311).error().code, errc::varint_too_long);
}

TEST(V311Codec, InvalidVersionValue) {
    const mqtt5::decode_options bad{.version = static_cast<protocol_version>(6)};
    EXPECT_EQ(mqtt5::decode(kept_hex("C0 00"), bad).error().code, errc::invalid_argument);
    EXPECT_EQ(mqtt5::decode<mqtt5::pingreq>(kept_hex("C0 00"), bad).error().code, errc::invalid_argument);
    bytes out(8);
    EXPECT_EQ(mqtt5::encode(mqtt5::pingreq{}, out, {.version = static_cast<protocol_version>(2)}).error().code, errc::invalid_argument);
}

// ---- level 4: what the encoder refuses (never a silent drop) ------------------------------------------

TEST(V311Codec, EncoderRefusesWhatLevel4CannotCarry) {
    std::array<std::byte, 64> storage{};
    const auto props = mqtt5::property_builder<mqtt5::place::publish>{storage}.message_expiry_interval(5).build();
    ASSERT_TRUE(props.has_value());
    encode_fails(mqtt5::publish{.topic = "t", .properties = *props}, e311, errc::property_not_in_v311);
    encode_fails(mqtt5::publish{.topic = "t", .properties = *props}, e31, errc::property_not_in_v311);
    encode_fails(mqtt5::publish{.topic = ""}, e311, errc::topic_empty);
    for (const auto rc : {mqtt5::reason_code::no_matching_subscribers, mqtt5::reason_code::unspecified_error}) {
        encode_fails(mqtt5::puback{.packet_id = 1, .reason = rc}, e311, errc::reason_code_not_in_v311);
        encode_fails(mqtt5::pubrec{.packet_id = 1, .reason = rc}, e311, errc::reason_code_not_in_v311);
    }
    encode_fails(mqtt5::pubrel{.packet_id = 1, .reason = mqtt5::reason_code::packet_identifier_not_found}, e311, errc::reason_code_not_in_v311);
    encode_fails(mqtt5::pubcomp{.packet_id = 1, .reason = mqtt5::reason_code::packet_identifier_not_found}, e311, errc::reason_code_not_in_v311);
    encode_fails(mqtt5::disconnect{.reason = mqtt5::reason_code::disconnect_with_will_message}, e311, errc::reason_code_not_in_v311);
    const std::array<mqtt5::reason_code, 2> unsub{mqtt5::reason_code::success, mqtt5::reason_code::no_subscription_existed};
    encode_fails(mqtt5::unsuback{.packet_id = 1, .reason_codes = unsub}, e311, errc::reason_code_not_in_v311);
    const std::array<mqtt5::reason_code, 1> sub_bad{mqtt5::reason_code::quota_exceeded};
    encode_fails(mqtt5::suback{.packet_id = 1, .reason_codes = sub_bad}, e311, errc::reason_code_not_in_v311);
    encode_fails(mqtt5::suback{.packet_id = 1}, e311, errc::no_reason_codes);
    encode_fails(mqtt5::connack{.reason = mqtt5::reason_code::not_authorized}, e311, errc::reason_code_not_in_v311);
    encode_fails(mqtt5::connack{.return_code = static_cast<mqtt5::connack_return_code>(6)}, e311, errc::connack_return_code_invalid);
    encode_fails(mqtt5::connack{.session_present = true, .return_code = mqtt5::connack_return_code::not_authorized}, e311,
                 errc::session_present_with_error);  // [MQTT-3.2.2-4]
    encode_fails(mqtt5::connack{.session_present = true}, e31, errc::session_present_not_in_v31);
    encode_fails(mqtt5::auth{}, e311, errc::packet_not_in_v311);
    encode_fails(mqtt5::auth{}, e31, errc::packet_not_in_v311);
    for (const auto& sub : {mqtt5::subscription{.topic_filter = "a", .no_local = true},
                            mqtt5::subscription{.topic_filter = "a", .retain_as_published = true},
                            mqtt5::subscription{.topic_filter = "a", .retain_handling = mqtt5::retain_handling::do_not_send}}) {
        const mqtt5::subscription subs[] = {sub};
        encode_fails(mqtt5::subscribe{.packet_id = 1, .subscriptions = subs}, e311, errc::subscription_option_not_in_v311);
    }
    const mqtt5::subscription q3[] = {{.topic_filter = "a", .max_qos = static_cast<mqtt5::qos>(3)}};
    encode_fails(mqtt5::subscribe{.packet_id = 1, .subscriptions = q3}, e311, errc::requested_qos_invalid);
    mqtt5::connect c{.client_id = "c", .clean_start = true};
    c.password = text("p");
    encode_fails(c, e311, errc::password_without_user_name);  // [MQTT-3.1.2-22]
    EXPECT_EQ(encode_hex(c, {}).substr(0, 2), "10");           // v5 allows it
    encode_fails(mqtt5::connect{.client_id = "", .clean_start = false}, e311, errc::client_id_empty_without_clean_session);  // [MQTT-3.1.3-7]
    EXPECT_EQ(encode_hex(mqtt5::connect{.client_id = "", .clean_start = true}, e311), "10 0C 00 04 4D 51 54 54 04 02 00 00 00 00");
    std::array<std::byte, 64> will_storage{};
    const auto will_props = mqtt5::property_builder<mqtt5::place::will>{will_storage}.will_delay_interval(1).build();
    ASSERT_TRUE(will_props.has_value());
    mqtt5::connect w{.client_id = "c", .clean_start = true};
    w.will = mqtt5::will_message{.topic = "t", .properties = *will_props};
    encode_fails(w, e311, errc::property_not_in_v311);
    encode_fails(mqtt5::connect{.client_id = "c", .clean_start = true, .bridge = true}, {}, errc::invalid_argument);  // no bridge in v5
    EXPECT_EQ(encode_hex(mqtt5::connect{.client_id = "c", .clean_start = true, .bridge = true}, e311),
              "10 0D 00 04 4D 51 54 54 84 02 00 00 00 01 63");
}

TEST(V311Codec, V5DecodedSubscribeWithV5OptionsIsRefusedAtLevel4) {
    const auto s = mqtt5::decode<mqtt5::subscribe>(kept("82 07 00 01 00 00 01 61 04"));  // No Local
    ASSERT_TRUE(s.has_value());
    encode_fails(*s, e311, errc::subscription_option_not_in_v311);
    const auto plain = mqtt5::decode<mqtt5::subscribe>(kept("82 07 00 01 00 00 01 61 01"));
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(encode_hex(*plain, e311), "82 06 00 01 00 01 61 01");  // the property length goes, nothing else
}

// ---- level 3 (MQTT 3.1) ------------------------------------------------------------------------------------

TEST(V31Codec, ConnectMQIsdp) {
    const auto c = roundtrip<mqtt5::connect>("10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 61", v31);
    EXPECT_EQ(c.client_id, "a");
    decode_fails<mqtt5::connect>("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61", v31, errc::invalid_protocol_name, 2);
    decode_fails<mqtt5::connect>("10 0F 00 06 4D 51 49 73 64 70 04 02 00 3C 00 01 61", v31, errc::unsupported_protocol_version, 10);
    mqtt5::decode_options bridge = v31;
    bridge.accept_bridge_protocol_level = true;
    EXPECT_TRUE(roundtrip<mqtt5::connect>("10 0F 00 06 4D 51 49 73 64 70 83 02 00 3C 00 01 61", bridge).bridge);
    // "not used" fixed-header bits are accepted and kept.
    roundtrip<mqtt5::connect>("1F 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 61", v31);
    decode_fails<mqtt5::connect>("10 12 00 06 4D 51 49 73 64 70 03 42 00 3C 00 01 61 00 01 70", v31,
                                 errc::password_without_user_name, 11);
}

TEST(V31Codec, ClientIdentifierOf1To23Characters) {
    const auto connect_with = [](std::size_t n, const std::string& unit, std::size_t unit_bytes) {
        std::string id;
        for (std::size_t i = 0; i < n; ++i) id += unit + " ";
        const auto len = n * unit_bytes;
        char buf[64];
        std::snprintf(buf, sizeof buf, "10 %02zX 00 06 4D 51 49 73 64 70 03 02 00 3C %02zX %02zX ", 14 + len, len >> 8, len & 0xFF);
        return std::string(buf) + id;
    };
    roundtrip<mqtt5::connect>(connect_with(23, "61", 1), v31);
    roundtrip<mqtt5::connect>(connect_with(1, "61", 1), v31);
    roundtrip<mqtt5::connect>(connect_with(23, "C3 A9", 2), v31);  // 23 characters, 46 bytes
    decode_fails<mqtt5::connect>(connect_with(24, "61", 1), v31, errc::client_id_length_v31, 14);
    decode_fails<mqtt5::connect>(connect_with(24, "C3 A9", 2), v31, errc::client_id_length_v31, 14);
    decode_fails<mqtt5::connect>(connect_with(0, "61", 1), v31, errc::client_id_length_v31, 14);
    const auto r = mqtt5::decode<mqtt5::connect>(kept_hex(connect_with(24, "61", 1)), v31);
    EXPECT_EQ(r.error().v311_connack_code(), mqtt5::connack_return_code::identifier_rejected);
    mqtt5::decode_options any = v31;
    any.accept_any_v31_client_id_length = true;
    roundtrip<mqtt5::connect>(connect_with(24, "61", 1), any);
    roundtrip<mqtt5::connect>(connect_with(0, "61", 1), any);
}

TEST(V31Codec, DupOnPubrelSubscribeUnsubscribeIsKept) {
    roundtrip<mqtt5::pubrel>("6A 02 00 01", v31);
    roundtrip<mqtt5::pubrel>("62 02 00 01", v31);
    roundtrip<mqtt5::subscribe>("8A 06 00 01 00 01 61 01", v31);
    roundtrip<mqtt5::unsubscribe>("AA 05 00 01 00 01 61", v31);
    // QoS 1 is still required of them.
    decode_fails<mqtt5::pubrel>("60 02 00 01", v31, errc::invalid_fixed_header_flags, 0);
    decode_fails<mqtt5::subscribe>("84 06 00 01 00 01 61 01", v31, errc::invalid_fixed_header_flags, 0);
    // Written at level 4, the 3.1 bits are not carried over (they are wire form, not content).
    const auto p = mqtt5::decode<mqtt5::pubrel>(kept_hex("6A 02 00 01"), v31);
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(encode_hex(*p, e311), "62 02 00 01");
    EXPECT_EQ(encode_hex(mqtt5::pubrel{.packet_id = 1}, e31), "62 02 00 01");
}

TEST(V31Codec, NotUsedBitsAndConnackByte1) {
    roundtrip<mqtt5::puback>("4F 02 00 01", v31);
    roundtrip<mqtt5::pingreq>("C3 00", v31);
    roundtrip<mqtt5::disconnect>("E8 00", v31);
    const auto a = roundtrip<mqtt5::connack>("21 02 07 00", v31);  // byte 1 is not Session Present in 3.1
    EXPECT_FALSE(a.session_present);
    roundtrip<mqtt5::connack>("20 02 00 05", v31);
    decode_fails<mqtt5::connack>("20 02 00 06", v31, errc::connack_return_code_invalid, 3);
    // 3.1 has no DUP rule on QoS 0.
    EXPECT_TRUE(roundtrip<mqtt5::publish>("38 05 00 03 61 2F 62", v31).dup);
    // SUBACK 0x80 accepted from a 3.1 server.
    roundtrip<mqtt5::suback>("90 04 00 01 80 01", v31);
}

// ---- version selection (server side) ------------------------------------------------------------------------

struct selection_case {
    const char* bytes;
    protocol_version version;
    mqtt5::version_refusal refusal;
    errc code;
};

TEST(ProtocolSelection, EachNameAndLevel) {
    using R = mqtt5::version_refusal;
    const selection_case cases[] = {
        {"10 0D 00 04 4D 51 54 54 05", protocol_version::v5, R::none, errc::ok},
        {"10 0C 00 04 4D 51 54 54 04", protocol_version::v311, R::none, errc::ok},
        {"10 0F 00 06 4D 51 49 73 64 70 03", protocol_version::v31, R::none, errc::ok},
        {"10 0C 00 04 4D 51 54 54 03", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0C 00 04 4D 51 54 54 02", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0C 00 04 4D 51 54 54 06", protocol_version::v5, R::connack_0x84, errc::unsupported_protocol_version},
        {"10 0C 00 04 4D 51 54 54 84", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0C 00 04 4D 51 54 54 85", protocol_version::v5, R::connack_0x84, errc::unsupported_protocol_version},
        {"10 0F 00 06 4D 51 49 73 64 70 04", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0F 00 06 4D 51 49 73 64 70 05", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0F 00 06 4D 51 49 73 64 70 83", protocol_version::v5, R::connack_0x01, errc::unsupported_protocol_version},
        {"10 0C 00 04 6D 71 74 74 04", protocol_version::v5, R::close, errc::invalid_protocol_name},
        {"10 0C 00 03 4D 51 54 04", protocol_version::v5, R::close, errc::invalid_protocol_name},
        {"30 05 00 01 61 68 69", protocol_version::v5, R::close, errc::unexpected_packet_type},
        {"00 00", protocol_version::v5, R::close, errc::reserved_packet_type},
        {"10 03 00 04 4D", protocol_version::v5, R::close, errc::truncated},  // the name runs past the packet
        {"10", protocol_version::v5, R::none, errc::incomplete_packet},
        {"10 0C 00 04 4D 51", protocol_version::v5, R::none, errc::incomplete_packet},
    };
    for (const auto& c : cases) {
        const auto sel = mqtt5::select_protocol_version(from_hex(c.bytes));
        EXPECT_EQ(sel.err.code, c.code) << c.bytes << ": " << mqtt5::to_string(sel.err.code);
        EXPECT_EQ(sel.refusal, c.refusal) << c.bytes;
        if (c.refusal == R::none && c.code == errc::ok) {
            EXPECT_EQ(sel.version, c.version) << c.bytes;
        }
        EXPECT_FALSE(sel.bridge);
    }
}

TEST(ProtocolSelection, BridgeAndSupportedVersions) {
    const auto sel = mqtt5::select_protocol_version(from_hex("10 0C 00 04 4D 51 54 54 84"), {}, true);
    EXPECT_EQ(sel.refusal, mqtt5::version_refusal::none);
    EXPECT_EQ(sel.version, protocol_version::v311);
    EXPECT_TRUE(sel.bridge);
    EXPECT_TRUE(mqtt5::select_protocol_version(from_hex("10 0F 00 06 4D 51 49 73 64 70 83"), {}, true).bridge);
    EXPECT_EQ(mqtt5::select_protocol_version(from_hex("10 0C 00 04 4D 51 54 54 85"), {}, true).refusal, mqtt5::version_refusal::connack_0x84);
    const mqtt5::supported_versions only_v5{.v31 = false, .v311 = false, .v5 = true};
    EXPECT_EQ(mqtt5::select_protocol_version(from_hex("10 0C 00 04 4D 51 54 54 04"), only_v5).refusal, mqtt5::version_refusal::connack_0x01);
    EXPECT_EQ(mqtt5::select_protocol_version(from_hex("10 0F 00 06 4D 51 49 73 64 70 03"), only_v5).refusal, mqtt5::version_refusal::connack_0x01);
    const mqtt5::supported_versions no_v5{.v5 = false};
    const auto refused = mqtt5::select_protocol_version(from_hex("10 0D 00 04 4D 51 54 54 05"), no_v5);
    EXPECT_EQ(refused.refusal, mqtt5::version_refusal::connack_0x84);
    EXPECT_EQ(refused.err, mqtt5::make_error(errc::unsupported_protocol_version, 8));
    // A whole CONNECT with more after it (the selection reads only the start).
    const auto whole = mqtt5::select_protocol_version(from_hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00 C0 00"));
    EXPECT_EQ(whole.version, protocol_version::v311);
}

TEST(ProtocolSelection, RefusalConnacks) {
    bytes out(8);
    mqtt5::protocol_selection sel{.refusal = mqtt5::version_refusal::connack_0x01};
    auto n = mqtt5::encode_version_refusal(sel, out);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(to_hex(std::span(out).first(*n)), "20 02 00 01");
    // The same bytes the codec writes and reads for it.
    EXPECT_EQ(encode_hex(mqtt5::connack{.return_code = mqtt5::connack_return_code::unacceptable_protocol_version}, e311), "20 02 00 01");
    sel.refusal = mqtt5::version_refusal::connack_0x84;
    n = mqtt5::encode_version_refusal(sel, out);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(to_hex(std::span(out).first(*n)), "20 03 00 84 00");
    EXPECT_EQ(encode_hex(mqtt5::connack{.reason = mqtt5::reason_code::unsupported_protocol_version}, {}), "20 03 00 84 00");
    bytes small(4);
    EXPECT_EQ(mqtt5::encode_version_refusal(sel, small).error().code, errc::buffer_too_small);
    sel.refusal = mqtt5::version_refusal::close;
    EXPECT_EQ(mqtt5::encode_version_refusal(sel, out).error().code, errc::invalid_argument);
    sel.refusal = mqtt5::version_refusal::none;
    EXPECT_EQ(mqtt5::encode_version_refusal(sel, out).error().code, errc::invalid_argument);
}

// ---- the framer is the same for every version --------------------------------------------------------------

TEST(V311Framer, StreamOf311PacketsFedByteByByte) {
    const auto stream = from_hex(
        "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 61"  // CONNECT
        "82 06 00 01 00 01 61 01"                      // SUBSCRIBE
        "32 07 00 03 61 2F 62 00 07"                   // PUBLISH QoS 1
        "40 02 00 07"                                  // PUBACK
        "C0 00"                                        // PINGREQ
        "E0 00");                                      // DISCONNECT
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    std::vector<std::string> types;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        f.feed(std::span(stream).subspan(i, 1));
        for (;;) {
            const auto fr = f.next();
            ASSERT_NE(fr.status, mqtt5::frame_status::error);
            if (fr.status == mqtt5::frame_status::need_more) break;
            const auto p = mqtt5::decode(fr.packet, v311);
            ASSERT_TRUE(p.has_value()) << err(p.error());
            types.emplace_back(mqtt5::to_string(mqtt5::type_of(*p)));
        }
    }
    EXPECT_EQ(f.finish(), mqtt5::error{});
    EXPECT_EQ(types, (std::vector<std::string>{"CONNECT", "SUBSCRIBE", "PUBLISH", "PUBACK", "PINGREQ", "DISCONNECT"}));
}

TEST(V311Framer, FramesWhatLevel4ThenRefuses) {
    // The framer cuts a type-15 packet and a 3.1.1 PUBACK with a v5 reason code like any other: the decoder
    // of the version judges them.
    const auto stream = from_hex("F0 00 40 03 00 01 80 30 05 00 03 61 2F 62");
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    std::vector<errc> codes;
    for (auto frame : f.frames(stream)) {
        ASSERT_TRUE(frame.has_value());
        codes.push_back(mqtt5::decode(*frame, v311).error().code);
    }
    EXPECT_EQ(codes, (std::vector<errc>{errc::reserved_packet_type, errc::trailing_bytes, errc::ok}));
}

TEST(V311Framer, SplitAcrossChunksAndNonMinimalLength) {
    // A 3.1.1 PUBLISH split over two chunks, then a PUBACK with a non-minimal Remaining Length (the framer's
    // option allows it; 3.1.1 has no rule against it).
    const auto stream = from_hex("30 07 00 03 61 2F 62 68 69 40 82 00 00 01");
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage, {.allow_non_minimal_varint = true}};
    f.feed(std::span(stream).first(4));
    EXPECT_EQ(f.next().status, mqtt5::frame_status::need_more);
    f.feed(std::span(stream).subspan(4));
    auto fr = f.next();
    ASSERT_EQ(fr.status, mqtt5::frame_status::packet);
    EXPECT_EQ(mqtt5::decode<mqtt5::publish>(fr.packet, v311)->topic, "a/b");
    fr = f.next();
    ASSERT_EQ(fr.status, mqtt5::frame_status::packet);
    const auto a = mqtt5::decode<mqtt5::puback>(fr.packet, v311);
    ASSERT_TRUE(a.has_value());
    bytes out(8);
    EXPECT_EQ(*mqtt5::encode(*a, out, e311), 5u);
    EXPECT_EQ(to_hex(std::span(out).first(5)), "40 82 00 00 01");
}

// ---- issue 9 item 8: a Client's DISCONNECT with a Server Reference -----------------------------------------

TEST(V5Disconnect, ServerReferenceFromClientAcceptedUnlessStrict) {
    const auto d = from_hex("E0 06 00 04 1C 00 01 68");
    mqtt5::decode_options from_client{.sender = mqtt5::role::client};
    const auto ok = mqtt5::decode<mqtt5::disconnect>(d, from_client);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->properties.server_reference(), std::optional<std::string_view>{"h"});
    from_client.strict_server_reference = true;
    const auto strict = mqtt5::decode<mqtt5::disconnect>(d, from_client);
    ASSERT_FALSE(strict.has_value());
    EXPECT_EQ(strict.error(), mqtt5::make_error(errc::server_reference_from_client, 4));
    mqtt5::decode_options from_server{.sender = mqtt5::role::server, .strict_server_reference = true};
    EXPECT_TRUE(mqtt5::decode<mqtt5::disconnect>(d, from_server).has_value());
}

}  // namespace
