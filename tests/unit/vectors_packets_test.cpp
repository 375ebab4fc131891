// Byte-exact conformance vectors for the 15 MQTT v5 control packets.
//
// Every expected byte below was computed by hand from the standard (spec/packets.md, which paraphrases
// OASIS MQTT v5.0 chapters 1-3). For each vector:
//   (a) it is decoded with mqtt5::decode<T> and with mqtt5::decode (variant), and every field is checked;
//   (b) the decoded packet is re-encoded and must give back exactly the input bytes;
//   (c) where the vector is the shortest legal form, the same packet is built by hand from the value types
//       (and property_builder) and encode() must produce exactly the bytes, encoded_size() their length.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mqtt5.hpp"
#include "encode_check.hpp"
#include "test_util.hpp"

namespace {

using test_util::from_hex;
using test_util::to_hex;
using test_util::describe_error;
using bytes = std::vector<std::byte>;

std::span<const std::byte> raw(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// (a) + (b): decodes `wire` both ways, checks both agree, re-encodes both and compares bytes exactly.
template <class P>
testing::AssertionResult round_trip(const bytes& wire, P& out) {
    const auto typed = mqtt5::decode<P>(wire);
    if (!typed) return testing::AssertionFailure() << "decode<T> failed: " << describe_error(typed.error());
    const auto any = mqtt5::decode(wire);
    if (!any) return testing::AssertionFailure() << "decode (variant) failed: " << describe_error(any.error());
    if (!std::holds_alternative<P>(*any))
        return testing::AssertionFailure() << "variant holds index " << any->index() << ", not the expected type";
    if (mqtt5::type_of(*any) != mqtt5::type_of<P>()) return testing::AssertionFailure() << "type_of disagrees";
    if (!(std::get<P>(*any) == *typed)) return testing::AssertionFailure() << "typed and variant decode differ";

    const auto size = mqtt5::encoded_size(*typed);
    if (!size) return testing::AssertionFailure() << "encoded_size(decoded) failed: " << describe_error(size.error());
    if (*size != wire.size())
        return testing::AssertionFailure() << "encoded_size(decoded) = " << *size << ", expected " << wire.size();
    bytes buf(wire.size());
    const auto n = mqtt5::encode(*typed, buf);
    if (!n) return testing::AssertionFailure() << "encode(decoded) failed: " << describe_error(n.error());
    if (*n != wire.size() || !same(buf, wire))
        return testing::AssertionFailure() << "re-encoded " << to_hex(std::span<const std::byte>(buf).first(*n))
                                           << "\n   expected " << to_hex(wire);

    bytes buf2(wire.size());
    const auto n2 = mqtt5::encode(*any, buf2);
    if (!n2) return testing::AssertionFailure() << "encode(variant) failed: " << describe_error(n2.error());
    if (*n2 != wire.size() || !same(buf2, wire))
        return testing::AssertionFailure() << "variant re-encoded " << to_hex(std::span<const std::byte>(buf2).first(*n2))
                                           << "\n           expected " << to_hex(wire);
    const auto size2 = mqtt5::encoded_size(*any);
    if (!size2 || *size2 != wire.size()) return testing::AssertionFailure() << "encoded_size(variant) wrong";
    out = *typed;
    return testing::AssertionSuccess();
}

// (c): a packet built by hand encodes to exactly `expected`, and encoded_size() says so first.
template <class P>
testing::AssertionResult encodes_to(const P& p, const bytes& expected) {
    const auto size = mqtt5::encoded_size(p);
    if (!size) return testing::AssertionFailure() << "encoded_size failed: " << describe_error(size.error());
    if (*size != expected.size())
        return testing::AssertionFailure() << "encoded_size = " << *size << ", expected " << expected.size();
    bytes buf(expected.size() + 16, std::byte{0xEE});
    const auto n = mqtt5::encode(p, buf);
    if (!n) return testing::AssertionFailure() << "encode failed: " << describe_error(n.error());
    const auto written = std::span<const std::byte>(buf).first(*n);
    if (*n != expected.size() || !same(written, expected))
        return testing::AssertionFailure() << "encoded  " << to_hex(written) << "\nexpected " << to_hex(expected);
    for (std::size_t i = *n; i < buf.size(); ++i)
        if (buf[i] != std::byte{0xEE}) return testing::AssertionFailure() << "encode wrote past its result";
    // The same through the variant overloads.
    const mqtt5::packet v{p};
    bytes buf2(expected.size());
    const auto n2 = mqtt5::encode(v, buf2);
    if (!n2 || *n2 != expected.size() || !same(buf2, expected))
        return testing::AssertionFailure() << "encode(variant) differs";
    const auto size2 = mqtt5::encoded_size(v);
    if (!size2 || *size2 != expected.size()) return testing::AssertionFailure() << "encoded_size(variant) differs";
    return testing::AssertionSuccess();
}

// A vector the standard says must be refused: both decoders report `code` at `offset`.
template <class P>
testing::AssertionResult refused(const bytes& wire, mqtt5::errc code, std::size_t offset) {
    const auto typed = mqtt5::decode<P>(wire);
    if (typed) return testing::AssertionFailure() << "decode<T> accepted " << to_hex(wire);
    if (typed.error().code != code || typed.error().offset != offset)
        return testing::AssertionFailure() << "decode<T>: " << describe_error(typed.error()) << ", expected "
                                           << mqtt5::to_string(code) << " at offset " << offset;
    const auto any = mqtt5::decode(wire);
    if (any) return testing::AssertionFailure() << "decode (variant) accepted " << to_hex(wire);
    if (any.error().code != code || any.error().offset != offset)
        return testing::AssertionFailure() << "decode (variant): " << describe_error(any.error()) << ", expected "
                                           << mqtt5::to_string(code) << " at offset " << offset;
    return testing::AssertionSuccess();
}

template <class T>
testing::AssertionResult has(const std::optional<T>& got, const T& want) {
    if (!got) return testing::AssertionFailure() << "absent";
    if (!(*got == want)) return testing::AssertionFailure() << "different value";
    return testing::AssertionSuccess();
}

testing::AssertionResult same_bytes(std::span<const std::byte> got, std::string_view want_hex) {
    const auto want = from_hex(want_hex);
    if (!same(got, want)) return testing::AssertionFailure() << to_hex(got) << " != " << to_hex(want);
    return testing::AssertionSuccess();
}

template <class Range>
std::vector<typename Range::iterator::value_type> collect(const Range& r) {
    std::vector<typename Range::iterator::value_type> out;
    for (auto it = r.begin(); it != r.end(); ++it) out.push_back(*it);
    return out;
}

std::vector<mqtt5::property_id> ids_of(const auto& block) {
    std::vector<mqtt5::property_id> out;
    for (auto it = block.begin(); it != block.end(); ++it) out.push_back((*it).id);
    return out;
}

}  // namespace

// ============================================================================================ CONNECT (§3.1)

// Smallest CONNECT: name "MQTT", level 5, flags 0, keep alive 0, Property Length 0, empty Client Identifier.
// RL 13 = the structural minimum of packets.md §2.1. Zero-length ClientID is legal on the wire (§3.1.3.1).
TEST(VectorsConnect, MinimalEmptyClientIdRl13_3_1_2_and_3_1_3_1) {
    const auto wire = from_hex("10 0d 00 04 4d 51 54 54 05 00 00 00 00 00 00");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "");
    EXPECT_EQ(c.keep_alive, 0);
    EXPECT_FALSE(c.clean_start);
    EXPECT_TRUE(c.properties.empty());
    EXPECT_FALSE(c.will.has_value());
    EXPECT_FALSE(c.username.has_value());
    EXPECT_FALSE(c.password.has_value());

    mqtt5::connect built{};
    EXPECT_TRUE(encodes_to(built, wire));
}

// Clean Start is bit 1 of the Connect Flags (§3.1.2.4); Keep Alive is a Two Byte Integer (§3.1.2.10).
TEST(VectorsConnect, CleanStartKeepAlive60ClientId_3_1_2_4_and_3_1_2_10) {
    const auto wire = from_hex("10 10 00 04 4d 51 54 54 05 02 00 3c 00 00 03 61 62 63");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "abc");
    EXPECT_EQ(c.keep_alive, 60);
    EXPECT_TRUE(c.clean_start);
    EXPECT_TRUE(c.properties.empty());
    EXPECT_FALSE(c.will);
    EXPECT_FALSE(c.username);
    EXPECT_FALSE(c.password);

    mqtt5::connect built{};
    built.client_id = "abc";
    built.keep_alive = 60;
    built.clean_start = true;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Will Flag 1 (0x04), Will QoS 1 (0x08), Will Retain (0x20), Clean Start (0x02) = 0x2E; the payload holds
// Client Identifier, Will Properties, Will Topic, Will Payload in that order [MQTT-3.1.3-1] [MQTT-3.1.2-9].
TEST(VectorsConnect, WillQos1RetainEmptyWillProperties_MQTT_3_1_2_9_MQTT_3_1_3_1) {
    const auto wire = from_hex("10 1a 00 04 4d 51 54 54 05 2e 00 0a 00 00 02 63 31 00 00 03 77 2f 74 00 03 62 79 65");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "c1");
    EXPECT_EQ(c.keep_alive, 10);
    EXPECT_TRUE(c.clean_start);
    ASSERT_TRUE(c.will.has_value());
    EXPECT_EQ(c.will->topic, "w/t");
    EXPECT_TRUE(same_bytes(c.will->payload, "62 79 65"));
    EXPECT_EQ(c.will->qos, mqtt5::qos::at_least_once);
    EXPECT_TRUE(c.will->retain);
    EXPECT_TRUE(c.will->properties.empty());
    EXPECT_FALSE(c.username);
    EXPECT_FALSE(c.password);

    mqtt5::connect built{};
    built.client_id = "c1";
    built.keep_alive = 10;
    built.clean_start = true;
    mqtt5::will_message w{};
    w.topic = "w/t";
    w.payload = raw("bye");
    w.qos = mqtt5::qos::at_least_once;
    w.retain = true;
    built.will = w;
    EXPECT_TRUE(encodes_to(built, wire));
}

// User Name Flag bit 7, Password Flag bit 6 (§3.1.2.8, §3.1.2.9); User Name then Password close the payload.
TEST(VectorsConnect, UsernameAndPassword_MQTT_3_1_2_17_MQTT_3_1_2_19) {
    const auto wire = from_hex("10 16 00 04 4d 51 54 54 05 c0 00 00 00 00 02 69 64 00 01 75 00 02 01 02");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "id");
    EXPECT_FALSE(c.clean_start);
    EXPECT_FALSE(c.will);
    ASSERT_TRUE(c.username.has_value());
    EXPECT_EQ(*c.username, "u");
    ASSERT_TRUE(c.password.has_value());
    EXPECT_TRUE(same_bytes(*c.password, "01 02"));

    const auto pw = from_hex("01 02");
    mqtt5::connect built{};
    built.client_id = "id";
    built.username = "u";
    built.password = std::span<const std::byte>(pw);
    EXPECT_TRUE(encodes_to(built, wire));
}

// v5 allows a Password without a User Name (non-normative comment of §3.1.2.9; forbidden only in 3.1.1).
TEST(VectorsConnect, PasswordWithoutUsernameAllowedInV5_3_1_2_9) {
    const auto wire = from_hex("10 13 00 04 4d 51 54 54 05 40 00 00 00 00 02 69 64 00 02 70 77");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "id");
    EXPECT_FALSE(c.username.has_value());
    ASSERT_TRUE(c.password.has_value());
    EXPECT_TRUE(same_bytes(*c.password, "70 77"));

    mqtt5::connect built{};
    built.client_id = "id";
    built.password = raw("pw");
    EXPECT_TRUE(encodes_to(built, wire));
}

// User Name Flag alone (0x80).
TEST(VectorsConnect, UsernameWithoutPassword_MQTT_3_1_2_17_MQTT_3_1_2_18) {
    const auto wire = from_hex("10 14 00 04 4d 51 54 54 05 80 00 00 00 00 02 69 64 00 03 62 6f 62");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    ASSERT_TRUE(c.username.has_value());
    EXPECT_EQ(*c.username, "bob");
    EXPECT_FALSE(c.password.has_value());

    mqtt5::connect built{};
    built.client_id = "id";
    built.username = "bob";
    EXPECT_TRUE(encodes_to(built, wire));
}

// Everything at once: CONNECT properties (Session Expiry 120, Receive Maximum 10), Will QoS 2 with a Will
// Delay Interval, an empty Will Payload, an empty User Name and an empty Password (Binary Data of length 0).
// Flags 0x80|0x40|0x10|0x04|0x02 = 0xD6.
TEST(VectorsConnect, RichWillQos2PropertiesEmptyUserAndPassword_3_1_2_and_3_1_3) {
    const auto wire = from_hex(
        "10 25 00 04 4d 51 54 54 05 d6 00 05 08 11 00 00 00 78 21 00 0a 00 01 78 05 18 00 00 00 05 00 01 61 00 00 00 00 00 "
        "00");
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "x");
    EXPECT_EQ(c.keep_alive, 5);
    EXPECT_TRUE(c.clean_start);
    EXPECT_TRUE(has(c.properties.session_expiry_interval(), std::uint32_t{120}));
    EXPECT_TRUE(has(c.properties.receive_maximum(), std::uint16_t{10}));
    EXPECT_EQ(ids_of(c.properties),
              (std::vector<mqtt5::property_id>{mqtt5::property_id::session_expiry_interval, mqtt5::property_id::receive_maximum}));
    ASSERT_TRUE(c.will.has_value());
    EXPECT_EQ(c.will->qos, mqtt5::qos::exactly_once);
    EXPECT_FALSE(c.will->retain);
    EXPECT_EQ(c.will->topic, "a");
    EXPECT_TRUE(c.will->payload.empty());
    EXPECT_TRUE(has(c.will->properties.will_delay_interval(), std::uint32_t{5}));
    ASSERT_TRUE(c.username.has_value());
    EXPECT_EQ(*c.username, "");
    ASSERT_TRUE(c.password.has_value());
    EXPECT_TRUE(c.password->empty());

    std::array<std::byte, 32> s1{};
    std::array<std::byte, 32> s2{};
    const auto props = mqtt5::property_builder<mqtt5::place::connect>(s1).session_expiry_interval(120).receive_maximum(10).build();
    ASSERT_TRUE(props);
    const auto wprops = mqtt5::property_builder<mqtt5::place::will>(s2).will_delay_interval(5).build();
    ASSERT_TRUE(wprops);
    mqtt5::connect built{};
    built.client_id = "x";
    built.keep_alive = 5;
    built.clean_start = true;
    built.properties = *props;
    mqtt5::will_message w{};
    w.topic = "a";
    w.qos = mqtt5::qos::exactly_once;
    w.properties = *wprops;
    built.will = w;
    built.username = std::string_view{};
    built.password = std::span<const std::byte>{};
    EXPECT_TRUE(encodes_to(built, wire));
}

// CONNECT flags bit 0 is reserved and MUST be 0 [MQTT-3.1.2-3]: Malformed. The flags byte is at offset 9.
TEST(VectorsConnect, ReservedConnectFlagRefused_MQTT_3_1_2_3) {
    EXPECT_TRUE(refused<mqtt5::connect>(from_hex("10 0d 00 04 4d 51 54 54 05 01 00 00 00 00 00"),
                                        mqtt5::errc::connect_reserved_flag, 9));
}

// Will QoS 3 is a Malformed Packet [MQTT-3.1.2-12].
TEST(VectorsConnect, WillQos3Refused_MQTT_3_1_2_12) {
    EXPECT_TRUE(refused<mqtt5::connect>(
        from_hex("10 13 00 04 4d 51 54 54 05 1c 00 00 00 00 00 00 00 01 74 00 00"), mqtt5::errc::will_qos_invalid, 9));
}

// CONNECT fixed-header flags are reserved 0000 [MQTT-2.1.3-1].
TEST(VectorsConnect, FixedHeaderFlagsMustBe0000_MQTT_2_1_3_1) {
    EXPECT_TRUE(refused<mqtt5::connect>(from_hex("11 0d 00 04 4d 51 54 54 05 00 00 00 00 00 00"),
                                        mqtt5::errc::invalid_fixed_header_flags, 0));
}

// ============================================================================================ CONNACK (§3.2)

// Nothing in CONNACK may be left out: flags, reason code, Property Length 0. RL 3.
TEST(VectorsConnack, MinimalSuccessRl3_3_2_2) {
    const auto wire = from_hex("20 03 00 00 00");
    mqtt5::connack k{};
    ASSERT_TRUE(round_trip(wire, k));
    EXPECT_FALSE(k.session_present);
    EXPECT_EQ(k.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(k.properties.empty());
    EXPECT_TRUE(encodes_to(mqtt5::connack{}, wire));
}

// Session Present is bit 0 of the Connect Acknowledge Flags (§3.2.2.1.1).
TEST(VectorsConnack, SessionPresent_3_2_2_1_1) {
    const auto wire = from_hex("20 03 01 00 00");
    mqtt5::connack k{};
    ASSERT_TRUE(round_trip(wire, k));
    EXPECT_TRUE(k.session_present);
    EXPECT_EQ(k.reason, mqtt5::reason_code::success);
    mqtt5::connack built{};
    built.session_present = true;
    EXPECT_TRUE(encodes_to(built, wire));
}

// An error reason code (0x87 Not authorized, Table 3-1) with Session Present 0 [MQTT-3.2.2-6].
TEST(VectorsConnack, NotAuthorizedReason_Table3_1_MQTT_3_2_2_6) {
    const auto wire = from_hex("20 03 00 87 00");
    mqtt5::connack k{};
    ASSERT_TRUE(round_trip(wire, k));
    EXPECT_FALSE(k.session_present);
    EXPECT_EQ(k.reason, mqtt5::reason_code::not_authorized);
    mqtt5::connack built{};
    built.reason = mqtt5::reason_code::not_authorized;
    EXPECT_TRUE(encodes_to(built, wire));
}

// CONNACK with properties: Assigned Client Identifier "abc", Server Keep Alive 30, Topic Alias Maximum 5.
TEST(VectorsConnack, WithProperties_3_2_2_3) {
    const auto wire = from_hex("20 0f 01 00 0c 12 00 03 61 62 63 13 00 1e 22 00 05");
    mqtt5::connack k{};
    ASSERT_TRUE(round_trip(wire, k));
    EXPECT_TRUE(k.session_present);
    EXPECT_EQ(k.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(has(k.properties.assigned_client_identifier(), std::string_view{"abc"}));
    EXPECT_TRUE(has(k.properties.server_keep_alive(), std::uint16_t{30}));
    EXPECT_TRUE(has(k.properties.topic_alias_maximum(), std::uint16_t{5}));
    EXPECT_EQ(k.properties.size_bytes(), 12u);

    std::array<std::byte, 32> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::connack>(s)
                           .assigned_client_identifier("abc")
                           .server_keep_alive(30)
                           .topic_alias_maximum(5)
                           .build();
    ASSERT_TRUE(props);
    mqtt5::connack built{};
    built.session_present = true;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Connect Acknowledge Flags bits 7-1 are reserved [MQTT-3.2.2-1] (MAL*).
TEST(VectorsConnack, ReservedAckFlagsRefused_MQTT_3_2_2_1) {
    EXPECT_TRUE(refused<mqtt5::connack>(from_hex("20 03 02 00 00"), mqtt5::errc::connack_reserved_flags, 2));
}

// ============================================================================================ PUBLISH (§3.3)

// QoS 0: Topic Name, no Packet Identifier [MQTT-2.2.1-2], Property Length 0, payload "hi".
TEST(VectorsPublish, Qos0NoPacketId_MQTT_2_2_1_2) {
    const auto wire = from_hex("30 08 00 03 61 2f 62 00 68 69");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "a/b");
    EXPECT_EQ(p.qos, mqtt5::qos::at_most_once);
    EXPECT_FALSE(p.dup);
    EXPECT_FALSE(p.retain);
    EXPECT_EQ(p.packet_id, 0);
    EXPECT_TRUE(p.properties.empty());
    EXPECT_TRUE(same_bytes(p.payload, "68 69"));

    mqtt5::publish built{};
    built.topic = "a/b";
    built.payload = raw("hi");
    EXPECT_TRUE(encodes_to(built, wire));
}

// QoS 1 (flags 0010): Packet Identifier after the Topic Name (§3.3.2.2).
TEST(VectorsPublish, Qos1WithPacketId_3_3_2_2) {
    const auto wire = from_hex("32 09 00 01 74 00 0a 00 01 02 03");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "t");
    EXPECT_EQ(p.qos, mqtt5::qos::at_least_once);
    EXPECT_EQ(p.packet_id, 10);
    EXPECT_FALSE(p.dup);
    EXPECT_FALSE(p.retain);
    EXPECT_TRUE(same_bytes(p.payload, "01 02 03"));

    const auto payload = from_hex("01 02 03");
    mqtt5::publish built{};
    built.topic = "t";
    built.qos = mqtt5::qos::at_least_once;
    built.packet_id = 10;
    built.payload = payload;
    EXPECT_TRUE(encodes_to(built, wire));
}

// QoS 2 with DUP and RETAIN (flags 1101 = 0x3D), Packet Identifier 65535, empty payload (§3.3.1, §3.3.3).
TEST(VectorsPublish, Qos2DupRetainEmptyPayload_3_3_1_and_3_3_3) {
    const auto wire = from_hex("3d 06 00 01 74 ff ff 00");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.qos, mqtt5::qos::exactly_once);
    EXPECT_TRUE(p.dup);
    EXPECT_TRUE(p.retain);
    EXPECT_EQ(p.packet_id, 0xFFFF);
    EXPECT_TRUE(p.payload.empty());

    mqtt5::publish built{};
    built.topic = "t";
    built.qos = mqtt5::qos::exactly_once;
    built.dup = true;
    built.retain = true;
    built.packet_id = 0xFFFF;
    EXPECT_TRUE(encodes_to(built, wire));
}

// QoS 1 with DUP only (flags 1010 = 0x3A).
TEST(VectorsPublish, Qos1Dup_3_3_1_1) {
    const auto wire = from_hex("3a 07 00 01 74 00 05 00 7a");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_TRUE(p.dup);
    EXPECT_FALSE(p.retain);
    EXPECT_EQ(p.qos, mqtt5::qos::at_least_once);
    EXPECT_EQ(p.packet_id, 5);
    EXPECT_TRUE(same_bytes(p.payload, "7a"));

    mqtt5::publish built{};
    built.topic = "t";
    built.qos = mqtt5::qos::at_least_once;
    built.dup = true;
    built.packet_id = 5;
    built.payload = raw("z");
    EXPECT_TRUE(encodes_to(built, wire));
}

// QoS 0, RETAIN, zero-length payload: "It is valid for a PUBLISH packet to contain a zero length payload" (§3.3.3).
TEST(VectorsPublish, Qos0RetainEmptyPayload_3_3_3) {
    const auto wire = from_hex("31 04 00 01 74 00");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.qos, mqtt5::qos::at_most_once);
    EXPECT_TRUE(p.retain);
    EXPECT_FALSE(p.dup);
    EXPECT_TRUE(p.payload.empty());

    mqtt5::publish built{};
    built.topic = "t";
    built.retain = true;
    EXPECT_TRUE(encodes_to(built, wire));
}

// A zero-length Topic Name is allowed when a Topic Alias is present (§3.3.2.1, §3.3.2.3.4).
TEST(VectorsPublish, ZeroLengthTopicWithTopicAlias_3_3_2_1_and_3_3_2_3_4) {
    const auto wire = from_hex("30 07 00 00 03 23 00 07 78");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "");
    EXPECT_TRUE(has(p.properties.topic_alias(), std::uint16_t{7}));
    EXPECT_TRUE(same_bytes(p.payload, "78"));

    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::publish>(s).topic_alias(7).build();
    ASSERT_TRUE(props);
    mqtt5::publish built{};
    built.properties = *props;
    built.payload = raw("x");
    EXPECT_TRUE(encodes_to(built, wire));
}

// Topic Name and Topic Alias together (sets up the alias mapping), QoS 1, no payload.
TEST(VectorsPublish, TopicNameWithTopicAliasQos1_3_3_2_3_4) {
    const auto wire = from_hex("32 0b 00 03 73 2f 31 00 01 03 23 00 01");
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "s/1");
    EXPECT_EQ(p.packet_id, 1);
    EXPECT_TRUE(has(p.properties.topic_alias(), std::uint16_t{1}));
    EXPECT_TRUE(p.payload.empty());

    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::publish>(s).topic_alias(1).build();
    ASSERT_TRUE(props);
    mqtt5::publish built{};
    built.topic = "s/1";
    built.qos = mqtt5::qos::at_least_once;
    built.packet_id = 1;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Remaining Length 204 needs two VBI bytes: 204 = 0x4C + 1*128 -> CC 01 (§1.5.5, Table 1-1).
TEST(VectorsPublish, TwoByteRemainingLength_1_5_5) {
    std::string wire_hex = "30 cc 01 00 01 74 00";
    for (int i = 0; i < 200; ++i) wire_hex += " 55";
    const auto wire = from_hex(wire_hex);
    ASSERT_EQ(wire.size(), 207u);
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "t");
    ASSERT_EQ(p.payload.size(), 200u);
    for (const auto b : p.payload) EXPECT_EQ(b, std::byte{0x55});

    const bytes payload(200, std::byte{0x55});
    mqtt5::publish built{};
    built.topic = "t";
    built.payload = payload;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Remaining Length 16,384 needs three VBI bytes: 80 80 01 (Table 1-1). Topic "t" (3) + PropLen (1) + 16,380
// bytes of payload = 16,384.
TEST(VectorsPublish, ThreeByteRemainingLength_Table1_1) {
    bytes wire = from_hex("30 80 80 01 00 01 74 00");
    wire.resize(wire.size() + 16380, std::byte{0x01});
    ASSERT_EQ(wire.size(), 1u + 3u + 16384u);
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.payload.size(), 16380u);

    const bytes payload(16380, std::byte{0x01});
    mqtt5::publish built{};
    built.topic = "t";
    built.payload = payload;
    EXPECT_TRUE(encodes_to(built, wire));
}

// QoS bits 11 are a Malformed Packet [MQTT-3.3.1-4].
TEST(VectorsPublish, Qos3Refused_MQTT_3_3_1_4) {
    EXPECT_TRUE(refused<mqtt5::publish>(from_hex("36 06 00 01 74 00 01 00"), mqtt5::errc::publish_qos_invalid, 0));
}

// A zero-length Topic Name without a Topic Alias is a Protocol Error (§3.3.2.1). Error at the topic's length.
TEST(VectorsPublish, ZeroLengthTopicWithoutAliasRefused_3_3_2_1) {
    EXPECT_TRUE(refused<mqtt5::publish>(from_hex("30 03 00 00 00"), mqtt5::errc::topic_name_empty_without_alias, 2));
}

// The Topic Name MUST NOT contain wildcards [MQTT-3.3.2-2].
TEST(VectorsPublish, WildcardTopicRefused_MQTT_3_3_2_2) {
    EXPECT_TRUE(refused<mqtt5::publish>(from_hex("30 04 00 01 23 00"), mqtt5::errc::topic_name_has_wildcard, 2));
}

// ===================================================================== PUBACK / PUBREC / PUBREL / PUBCOMP (§3.4-3.7)

// RL 2: only the Packet Identifier; the Reason Code is then 0x00 Success and there are no properties (§3.4.2.1).
TEST(VectorsPuback, Rl2PacketIdOnly_3_4_2_1) {
    const auto wire = from_hex("40 02 00 01");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 1);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(a.properties.empty());
    mqtt5::puback built{};
    built.packet_id = 1;
    EXPECT_TRUE(encodes_to(built, wire));
}

// RL 3: Packet Identifier + Reason Code; "less than 4" means no Property Length (§3.4.2.2.1).
TEST(VectorsPuback, Rl3ReasonCodeNoPropertyLength_3_4_2_2_1) {
    const auto wire = from_hex("40 03 00 02 10");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 2);
    EXPECT_EQ(a.reason, mqtt5::reason_code::no_matching_subscribers);
    EXPECT_TRUE(a.properties.empty());
    mqtt5::puback built{};
    built.packet_id = 2;
    built.reason = mqtt5::reason_code::no_matching_subscribers;
    EXPECT_TRUE(encodes_to(built, wire));
}

// RL 3 with Success spelled out: legal though not the shortest; the decoded packet re-encodes to RL 3.
TEST(VectorsPuback, Rl3ExplicitSuccessRoundTrips_3_4_2_1) {
    const auto wire = from_hex("40 03 00 05 00");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 5);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
}

// RL 4 with Success and Property Length 0: legal though not the shortest; re-encodes to itself.
TEST(VectorsPuback, Rl4ExplicitSuccessAndEmptyPropertiesRoundTrips_3_4_2_2_1) {
    const auto wire = from_hex("40 04 00 03 00 00");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 3);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(a.properties.empty());
}

// RL >= 4: Reason Code 0x97 Quota exceeded and a Reason String "q" (§3.4.2.2.2).
TEST(VectorsPuback, RlGe4ReasonAndReasonString_3_4_2_2_2) {
    const auto wire = from_hex("40 08 00 04 97 04 1f 00 01 71");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 4);
    EXPECT_EQ(a.reason, mqtt5::reason_code::quota_exceeded);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"q"}));

    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::puback>(s).reason_string("q").build();
    ASSERT_TRUE(props);
    mqtt5::puback built{};
    built.packet_id = 4;
    built.reason = mqtt5::reason_code::quota_exceeded;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Success with properties must still write the Reason Code: the shortest form is RL >= 4 with 0x00 (§3.4.2.1).
TEST(VectorsPuback, SuccessWithUserPropertyWritesReasonCode_3_4_2_1) {
    const auto wire = from_hex("40 0b 00 06 00 07 26 00 01 6b 00 01 76");
    mqtt5::puback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    const auto ups = collect(a.properties.user_properties());
    ASSERT_EQ(ups.size(), 1u);
    EXPECT_EQ(ups[0], (mqtt5::string_pair{"k", "v"}));

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::puback>(s).user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::puback built{};
    built.packet_id = 6;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// PUBACK reserved flags 0000 [MQTT-2.1.3-1].
TEST(VectorsPuback, FlagsMustBe0000_MQTT_2_1_3_1) {
    EXPECT_TRUE(refused<mqtt5::puback>(from_hex("42 02 00 01"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// PUBREC: RL 2, RL 3 (0x80 Unspecified error), RL >= 4 (0x91 + User Property) (§3.5.2).
TEST(VectorsPubrec, Rl2_3_5_2_1) {
    const auto wire = from_hex("50 02 00 07");
    mqtt5::pubrec a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 7);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    mqtt5::pubrec built{};
    built.packet_id = 7;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubrec, Rl3UnspecifiedError_3_5_2_2_1) {
    const auto wire = from_hex("50 03 00 07 80");
    mqtt5::pubrec a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::unspecified_error);
    EXPECT_TRUE(a.properties.empty());
    mqtt5::pubrec built{};
    built.packet_id = 7;
    built.reason = mqtt5::reason_code::unspecified_error;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubrec, RlGe4PacketIdInUseWithUserProperty_3_5_2_2_3) {
    const auto wire = from_hex("50 0b 00 07 91 07 26 00 01 6b 00 01 76");
    mqtt5::pubrec a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::packet_identifier_in_use);
    const auto ups = collect(a.properties.user_properties());
    ASSERT_EQ(ups.size(), 1u);
    EXPECT_EQ(ups[0].name, "k");
    EXPECT_EQ(ups[0].value, "v");
    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::pubrec>(s).user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::pubrec built{};
    built.packet_id = 7;
    built.reason = mqtt5::reason_code::packet_identifier_in_use;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubrec, Rl4ExplicitSuccessRoundTrips_3_5_2_2_1) {
    const auto wire = from_hex("50 04 00 07 00 00");
    mqtt5::pubrec a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
}

// PUBREL: fixed-header flags 0010 (0x62).
TEST(VectorsPubrel, Rl2Flags0010_3_6_1) {
    const auto wire = from_hex("62 02 00 08");
    mqtt5::pubrel a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 8);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    mqtt5::pubrel built{};
    built.packet_id = 8;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubrel, Rl3PacketIdNotFound_3_6_2_1) {
    const auto wire = from_hex("62 03 00 08 92");
    mqtt5::pubrel a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::packet_identifier_not_found);
    mqtt5::pubrel built{};
    built.packet_id = 8;
    built.reason = mqtt5::reason_code::packet_identifier_not_found;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubrel, Rl4ExplicitSuccessRoundTrips_3_6_2_2_1) {
    const auto wire = from_hex("62 04 00 08 00 00");
    mqtt5::pubrel a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
}

TEST(VectorsPubrel, RlGe4ReasonString_3_6_2_2_2) {
    const auto wire = from_hex("62 09 00 08 92 05 1f 00 02 6e 66");
    mqtt5::pubrel a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::packet_identifier_not_found);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"nf"}));
    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::pubrel>(s).reason_string("nf").build();
    ASSERT_TRUE(props);
    mqtt5::pubrel built{};
    built.packet_id = 8;
    built.reason = mqtt5::reason_code::packet_identifier_not_found;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// "Bits 3,2,1 and 0 of the Fixed Header in the PUBREL packet are reserved and MUST be set to 0,0,1 and 0
// respectively. The Server MUST treat any other value as malformed" [MQTT-3.6.1-1].
TEST(VectorsPubrel, PubrelFlagsMustBe0010_MQTT_3_6_1_1) {
    EXPECT_TRUE(refused<mqtt5::pubrel>(from_hex("60 02 00 08"), mqtt5::errc::invalid_fixed_header_flags, 0));
    EXPECT_TRUE(refused<mqtt5::pubrel>(from_hex("63 02 00 08"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// PUBREL / PUBCOMP reason codes are only 0x00 and 0x92 [MQTT-3.6.2-1] [MQTT-3.7.2-1] (PE*).
TEST(VectorsPubrel, ReasonOutsideTable3_6Refused_MQTT_3_6_2_1) {
    EXPECT_TRUE(refused<mqtt5::pubrel>(from_hex("62 03 00 08 10"), mqtt5::errc::invalid_reason_code, 4));
    EXPECT_TRUE(refused<mqtt5::pubcomp>(from_hex("70 03 00 08 80"), mqtt5::errc::invalid_reason_code, 4));
}

// PUBCOMP (§3.7).
TEST(VectorsPubcomp, Rl2_3_7_2_1) {
    const auto wire = from_hex("70 02 00 09");
    mqtt5::pubcomp a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 9);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    mqtt5::pubcomp built{};
    built.packet_id = 9;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubcomp, Rl3PacketIdNotFound_3_7_2_1) {
    const auto wire = from_hex("70 03 00 09 92");
    mqtt5::pubcomp a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::packet_identifier_not_found);
    mqtt5::pubcomp built{};
    built.packet_id = 9;
    built.reason = mqtt5::reason_code::packet_identifier_not_found;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsPubcomp, Rl4ExplicitSuccessRoundTrips_3_7_2_2_1) {
    const auto wire = from_hex("70 04 00 09 00 00");
    mqtt5::pubcomp a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
}

TEST(VectorsPubcomp, RlGe4ReasonStringAndUserProperty_3_7_2_2) {
    const auto wire = from_hex("70 10 00 09 92 0c 1f 00 02 6f 6b 26 00 01 6b 00 01 76");
    mqtt5::pubcomp a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::packet_identifier_not_found);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(a.properties.user_properties()).size(), 1u);
    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::pubcomp>(s).reason_string("ok").user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::pubcomp built{};
    built.packet_id = 9;
    built.reason = mqtt5::reason_code::packet_identifier_not_found;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Packet Identifier 0 is not allowed [MQTT-2.2.1-3] [MQTT-2.2.1-4] (receiver: PE*).
TEST(VectorsPubcomp, PacketIdZeroRefused_MQTT_2_2_1_3) {
    EXPECT_TRUE(refused<mqtt5::pubcomp>(from_hex("70 02 00 00"), mqtt5::errc::packet_id_zero, 2));
}

// ============================================================================================ SUBSCRIBE (§3.8)

// Smallest useful SUBSCRIBE: id 1, Property Length 0, one filter "a" with options 0. Flags 0010.
TEST(VectorsSubscribe, MinimalOneFilter_3_8_1_and_3_8_3) {
    const auto wire = from_hex("82 07 00 01 00 00 01 61 00");
    mqtt5::subscribe s{};
    ASSERT_TRUE(round_trip(wire, s));
    EXPECT_EQ(s.packet_id, 1);
    EXPECT_TRUE(s.properties.empty());
    const auto subs = collect(s.subscriptions);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(s.subscriptions.size(), 1u);
    EXPECT_EQ(subs[0].topic_filter, "a");
    EXPECT_EQ(subs[0].max_qos, mqtt5::qos::at_most_once);
    EXPECT_FALSE(subs[0].no_local);
    EXPECT_FALSE(subs[0].retain_as_published);
    EXPECT_EQ(subs[0].retain_handling, mqtt5::retain_handling::send_on_subscribe);

    mqtt5::subscription one[1] = {};
    one[0].topic_filter = "a";
    mqtt5::subscribe built{};
    built.packet_id = 1;
    built.subscriptions = one;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Every Subscription Options bit (§3.8.3.1): QoS bits 1-0, No Local bit 2, Retain As Published bit 3,
// Retain Handling bits 5-4.  a: 2|NL|RAP|RH2 = 0x2E; b: 1|RH1 = 0x11; c: RAP = 0x08; d: NL = 0x04.
TEST(VectorsSubscribe, EverySubscriptionOptionBit_3_8_3_1) {
    const auto wire = from_hex("82 13 00 0a 00 00 01 61 2e 00 01 62 11 00 01 63 08 00 01 64 04");
    mqtt5::subscribe s{};
    ASSERT_TRUE(round_trip(wire, s));
    EXPECT_EQ(s.packet_id, 10);
    const auto subs = collect(s.subscriptions);
    ASSERT_EQ(subs.size(), 4u);
    EXPECT_EQ(subs[0].topic_filter, "a");
    EXPECT_EQ(subs[0].max_qos, mqtt5::qos::exactly_once);
    EXPECT_TRUE(subs[0].no_local);
    EXPECT_TRUE(subs[0].retain_as_published);
    EXPECT_EQ(subs[0].retain_handling, mqtt5::retain_handling::do_not_send);
    EXPECT_EQ(subs[0].options(), 0x2E);
    EXPECT_EQ(subs[1].topic_filter, "b");
    EXPECT_EQ(subs[1].max_qos, mqtt5::qos::at_least_once);
    EXPECT_FALSE(subs[1].no_local);
    EXPECT_FALSE(subs[1].retain_as_published);
    EXPECT_EQ(subs[1].retain_handling, mqtt5::retain_handling::send_if_new_subscription);
    EXPECT_EQ(subs[2].topic_filter, "c");
    EXPECT_EQ(subs[2].max_qos, mqtt5::qos::at_most_once);
    EXPECT_FALSE(subs[2].no_local);
    EXPECT_TRUE(subs[2].retain_as_published);
    EXPECT_EQ(subs[2].retain_handling, mqtt5::retain_handling::send_on_subscribe);
    EXPECT_EQ(subs[3].topic_filter, "d");
    EXPECT_TRUE(subs[3].no_local);
    EXPECT_FALSE(subs[3].retain_as_published);

    mqtt5::subscription list[4] = {};
    list[0].topic_filter = "a";
    list[0].max_qos = mqtt5::qos::exactly_once;
    list[0].no_local = true;
    list[0].retain_as_published = true;
    list[0].retain_handling = mqtt5::retain_handling::do_not_send;
    list[1].topic_filter = "b";
    list[1].max_qos = mqtt5::qos::at_least_once;
    list[1].retain_handling = mqtt5::retain_handling::send_if_new_subscription;
    list[2].topic_filter = "c";
    list[2].retain_as_published = true;
    list[3].topic_filter = "d";
    list[3].no_local = true;
    mqtt5::subscribe built{};
    built.packet_id = 10;
    built.subscriptions = list;
    EXPECT_TRUE(encodes_to(built, wire));
}

// SUBSCRIBE properties: Subscription Identifier 268,435,455 (the VBI maximum FF FF FF 7F) and a User Property.
TEST(VectorsSubscribe, MaxSubscriptionIdentifierAndUserProperty_3_8_2_1_2) {
    const auto wire = from_hex("82 15 00 02 0c 0b ff ff ff 7f 26 00 01 6b 00 01 76 00 03 78 2f 23 01");
    mqtt5::subscribe s{};
    ASSERT_TRUE(round_trip(wire, s));
    EXPECT_EQ(s.packet_id, 2);
    EXPECT_TRUE(has(s.properties.subscription_identifier(), std::uint32_t{268435455}));
    const auto ups = collect(s.properties.user_properties());
    ASSERT_EQ(ups.size(), 1u);
    EXPECT_EQ(ups[0], (mqtt5::string_pair{"k", "v"}));
    const auto subs = collect(s.subscriptions);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].topic_filter, "x/#");
    EXPECT_EQ(subs[0].max_qos, mqtt5::qos::at_least_once);

    std::array<std::byte, 32> st{};
    const auto props =
        mqtt5::property_builder<mqtt5::place::subscribe>(st).subscription_identifier(268435455).user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::subscription one[1] = {};
    one[0].topic_filter = "x/#";
    one[0].max_qos = mqtt5::qos::at_least_once;
    mqtt5::subscribe built{};
    built.packet_id = 2;
    built.properties = *props;
    built.subscriptions = one;
    EXPECT_TRUE(encodes_to(built, wire));
}

// SUBSCRIBE flags MUST be 0010 [MQTT-3.8.1-1].
TEST(VectorsSubscribe, SubscribeFlagsMustBe0010_MQTT_3_8_1_1) {
    EXPECT_TRUE(refused<mqtt5::subscribe>(from_hex("80 07 00 01 00 00 01 61 00"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// Subscription Options bits 7-6 reserved [MQTT-3.8.3-5]: Malformed. The options byte is at offset 8.
TEST(VectorsSubscribe, OptionsReservedBitsRefused_MQTT_3_8_3_5) {
    EXPECT_TRUE(refused<mqtt5::subscribe>(from_hex("82 07 00 01 00 00 01 61 40"),
                                          mqtt5::errc::subscription_options_reserved_bits, 8));
}

// SUBSCRIBE with no Topic Filter is a Protocol Error [MQTT-3.8.3-2].
TEST(VectorsSubscribe, EmptyPayloadRefused_MQTT_3_8_3_2) {
    EXPECT_TRUE(refused<mqtt5::subscribe>(from_hex("82 03 00 01 00"), mqtt5::errc::no_topic_filters, 5));
}

// ============================================================================================ SUBACK (§3.9)

TEST(VectorsSuback, OneGrantedQos0_3_9_3) {
    const auto wire = from_hex("90 04 00 01 00 00");
    mqtt5::suback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 1);
    EXPECT_TRUE(a.properties.empty());
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], mqtt5::reason_code::granted_qos_0);

    const mqtt5::reason_code rc[1] = {mqtt5::reason_code::granted_qos_0};
    mqtt5::suback built{};
    built.packet_id = 1;
    built.reason_codes = rc;
    EXPECT_TRUE(encodes_to(built, wire));
}

// All 12 SUBACK reason codes of Table 3-8, in order [MQTT-3.9.3-1] [MQTT-3.9.3-2].
TEST(VectorsSuback, EveryTable3_8ReasonCodeInOrder_MQTT_3_9_3_2) {
    const auto wire = from_hex("90 0f 12 34 00 00 01 02 80 83 87 8f 91 97 9e a1 a2");
    mqtt5::suback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 0x1234);
    const mqtt5::reason_code expected[12] = {
        mqtt5::reason_code::granted_qos_0,
        mqtt5::reason_code::granted_qos_1,
        mqtt5::reason_code::granted_qos_2,
        mqtt5::reason_code::unspecified_error,
        mqtt5::reason_code::implementation_specific_error,
        mqtt5::reason_code::not_authorized,
        mqtt5::reason_code::topic_filter_invalid,
        mqtt5::reason_code::packet_identifier_in_use,
        mqtt5::reason_code::quota_exceeded,
        mqtt5::reason_code::shared_subscriptions_not_supported,
        mqtt5::reason_code::subscription_identifiers_not_supported,
        mqtt5::reason_code::wildcard_subscriptions_not_supported,
    };
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 12u);
    for (std::size_t i = 0; i < 12; ++i) EXPECT_EQ(codes[i], expected[i]) << "index " << i;

    mqtt5::suback built{};
    built.packet_id = 0x1234;
    built.reason_codes = expected;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsSuback, ReasonStringAndTwoCodes_3_9_2_1_2) {
    const auto wire = from_hex("90 0a 00 03 05 1f 00 02 6f 6b 01 80");
    mqtt5::suback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 3);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"ok"}));
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 2u);
    EXPECT_EQ(codes[0], mqtt5::reason_code::granted_qos_1);
    EXPECT_EQ(codes[1], mqtt5::reason_code::unspecified_error);

    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::suback>(s).reason_string("ok").build();
    ASSERT_TRUE(props);
    const mqtt5::reason_code rc[2] = {mqtt5::reason_code::granted_qos_1, mqtt5::reason_code::unspecified_error};
    mqtt5::suback built{};
    built.packet_id = 3;
    built.properties = *props;
    built.reason_codes = rc;
    EXPECT_TRUE(encodes_to(built, wire));
}

// A SUBACK code outside Table 3-8 (0x11 belongs to UNSUBACK) [MQTT-3.9.3-2] (PE*).
TEST(VectorsSuback, CodeOutsideTable3_8Refused_MQTT_3_9_3_2) {
    EXPECT_TRUE(refused<mqtt5::suback>(from_hex("90 04 00 01 00 11"), mqtt5::errc::invalid_reason_code, 5));
}

// ============================================================================================ UNSUBSCRIBE (§3.10)

TEST(VectorsUnsubscribe, MinimalOneFilter_3_10_3) {
    const auto wire = from_hex("a2 06 00 01 00 00 01 61");
    mqtt5::unsubscribe u{};
    ASSERT_TRUE(round_trip(wire, u));
    EXPECT_EQ(u.packet_id, 1);
    EXPECT_TRUE(u.properties.empty());
    const auto filters = collect(u.topic_filters);
    ASSERT_EQ(filters.size(), 1u);
    EXPECT_EQ(filters[0], "a");

    const std::string_view f[1] = {"a"};
    mqtt5::unsubscribe built{};
    built.packet_id = 1;
    built.topic_filters = f;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Three filters (a wildcard, '#', a shared subscription) and a User Property.
TEST(VectorsUnsubscribe, SeveralFiltersWithUserProperty_3_10_2_and_3_10_3) {
    const auto wire = from_hex(
        "a2 1e 00 03 07 26 00 01 61 00 01 62 00 03 78 2f 2b 00 01 23 00 0a 24 73 68 61 72 65 2f 67 2f 79");
    mqtt5::unsubscribe u{};
    ASSERT_TRUE(round_trip(wire, u));
    EXPECT_EQ(u.packet_id, 3);
    const auto ups = collect(u.properties.user_properties());
    ASSERT_EQ(ups.size(), 1u);
    EXPECT_EQ(ups[0], (mqtt5::string_pair{"a", "b"}));
    const auto filters = collect(u.topic_filters);
    ASSERT_EQ(filters.size(), 3u);
    EXPECT_EQ(filters[0], "x/+");
    EXPECT_EQ(filters[1], "#");
    EXPECT_EQ(filters[2], "$share/g/y");

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::unsubscribe>(s).user_property("a", "b").build();
    ASSERT_TRUE(props);
    const std::string_view f[3] = {"x/+", "#", "$share/g/y"};
    mqtt5::unsubscribe built{};
    built.packet_id = 3;
    built.properties = *props;
    built.topic_filters = f;
    EXPECT_TRUE(encodes_to(built, wire));
}

// UNSUBSCRIBE flags MUST be 0010 [MQTT-3.10.1-1].
TEST(VectorsUnsubscribe, UnsubscribeFlagsMustBe0010_MQTT_3_10_1_1) {
    EXPECT_TRUE(refused<mqtt5::unsubscribe>(from_hex("a0 06 00 01 00 00 01 61"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// UNSUBSCRIBE with no Topic Filter is a Protocol Error [MQTT-3.10.3-2].
TEST(VectorsUnsubscribe, EmptyPayloadRefused_MQTT_3_10_3_2) {
    EXPECT_TRUE(refused<mqtt5::unsubscribe>(from_hex("a2 03 00 01 00"), mqtt5::errc::no_topic_filters, 5));
}

// ============================================================================================ UNSUBACK (§3.11)

TEST(VectorsUnsuback, OneSuccess_3_11_3) {
    const auto wire = from_hex("b0 04 00 01 00 00");
    mqtt5::unsuback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 1);
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], mqtt5::reason_code::success);
    const mqtt5::reason_code rc[1] = {mqtt5::reason_code::success};
    mqtt5::unsuback built{};
    built.packet_id = 1;
    built.reason_codes = rc;
    EXPECT_TRUE(encodes_to(built, wire));
}

// All 7 UNSUBACK codes of Table 3-9 [MQTT-3.11.3-2].
TEST(VectorsUnsuback, EveryTable3_9ReasonCode_MQTT_3_11_3_2) {
    const auto wire = from_hex("b0 0a 00 02 00 00 11 80 83 87 8f 91");
    mqtt5::unsuback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 2);
    const mqtt5::reason_code expected[7] = {
        mqtt5::reason_code::success,           mqtt5::reason_code::no_subscription_existed,
        mqtt5::reason_code::unspecified_error, mqtt5::reason_code::implementation_specific_error,
        mqtt5::reason_code::not_authorized,    mqtt5::reason_code::topic_filter_invalid,
        mqtt5::reason_code::packet_identifier_in_use,
    };
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 7u);
    for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(codes[i], expected[i]) << "index " << i;
    mqtt5::unsuback built{};
    built.packet_id = 2;
    built.reason_codes = expected;
    EXPECT_TRUE(encodes_to(built, wire));
}

TEST(VectorsUnsuback, ReasonStringAndUserProperty_3_11_2_1) {
    const auto wire = from_hex("b0 0f 00 04 0b 1f 00 01 72 26 00 01 6b 00 01 76 11");
    mqtt5::unsuback a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.packet_id, 4);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"r"}));
    EXPECT_EQ(collect(a.properties.user_properties()).size(), 1u);
    const auto codes = collect(a.reason_codes);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0], mqtt5::reason_code::no_subscription_existed);

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::unsuback>(s).reason_string("r").user_property("k", "v").build();
    ASSERT_TRUE(props);
    const mqtt5::reason_code rc[1] = {mqtt5::reason_code::no_subscription_existed};
    mqtt5::unsuback built{};
    built.packet_id = 4;
    built.properties = *props;
    built.reason_codes = rc;
    EXPECT_TRUE(encodes_to(built, wire));
}

// 0x01 Granted QoS 1 is a SUBACK code, not in Table 3-9 [MQTT-3.11.3-2] (PE*).
TEST(VectorsUnsuback, CodeOutsideTable3_9Refused_MQTT_3_11_3_2) {
    EXPECT_TRUE(refused<mqtt5::unsuback>(from_hex("b0 04 00 01 00 01"), mqtt5::errc::invalid_reason_code, 5));
}

// ============================================================================================ PINGREQ / PINGRESP

TEST(VectorsPing, PingreqIsC000_3_12) {
    const auto wire = from_hex("c0 00");
    mqtt5::pingreq p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_TRUE(encodes_to(mqtt5::pingreq{}, wire));
}

TEST(VectorsPing, PingrespIsD000_3_13) {
    const auto wire = from_hex("d0 00");
    mqtt5::pingresp p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_TRUE(encodes_to(mqtt5::pingresp{}, wire));
}

// PINGREQ reserved flags 0000 [MQTT-2.1.3-1].
TEST(VectorsPing, PingFlagsMustBe0000_MQTT_2_1_3_1) {
    EXPECT_TRUE(refused<mqtt5::pingreq>(from_hex("c1 00"), mqtt5::errc::invalid_fixed_header_flags, 0));
    EXPECT_TRUE(refused<mqtt5::pingresp>(from_hex("d8 00"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// ============================================================================================ DISCONNECT (§3.14)

// RL 0: Reason Code 0x00 Normal disconnection, no properties (§3.14.2.1).
TEST(VectorsDisconnect, Rl0NormalDisconnection_3_14_2_1) {
    const auto wire = from_hex("e0 00");
    mqtt5::disconnect d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.reason, mqtt5::reason_code::normal_disconnection);
    EXPECT_TRUE(d.properties.empty());
    EXPECT_TRUE(encodes_to(mqtt5::disconnect{}, wire));
}

// RL 1: reason code only, Property Length taken as 0 (§3.14.2.2.1).
TEST(VectorsDisconnect, Rl1ReasonOnly_3_14_2_2_1) {
    const auto wire = from_hex("e0 01 04");
    mqtt5::disconnect d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.reason, mqtt5::reason_code::disconnect_with_will_message);
    EXPECT_TRUE(d.properties.empty());
    mqtt5::disconnect built{};
    built.reason = mqtt5::reason_code::disconnect_with_will_message;
    EXPECT_TRUE(encodes_to(built, wire));
}

// RL 1 with 0x00 spelled out, and RL 2 with Property Length 0: legal, not shortest; re-encode to themselves.
TEST(VectorsDisconnect, Rl1AndRl2ExplicitNormalRoundTrip_3_14_2_1) {
    {
        const auto wire = from_hex("e0 01 00");
        mqtt5::disconnect d{};
        ASSERT_TRUE(round_trip(wire, d));
        EXPECT_EQ(d.reason, mqtt5::reason_code::normal_disconnection);
    }
    {
        const auto wire = from_hex("e0 02 00 00");
        mqtt5::disconnect d{};
        ASSERT_TRUE(round_trip(wire, d));
        EXPECT_EQ(d.reason, mqtt5::reason_code::normal_disconnection);
        EXPECT_TRUE(d.properties.empty());
    }
}

// RL >= 2: 0x81 Malformed Packet with Session Expiry Interval 0 and Reason String "bye" (§3.14.2.2).
TEST(VectorsDisconnect, RlGe2WithProperties_3_14_2_2) {
    const auto wire = from_hex("e0 0d 81 0b 11 00 00 00 00 1f 00 03 62 79 65");
    mqtt5::disconnect d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.reason, mqtt5::reason_code::malformed_packet);
    EXPECT_TRUE(has(d.properties.session_expiry_interval(), std::uint32_t{0}));
    EXPECT_TRUE(has(d.properties.reason_string(), std::string_view{"bye"}));

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::disconnect>(s).session_expiry_interval(0).reason_string("bye").build();
    ASSERT_TRUE(props);
    mqtt5::disconnect built{};
    built.reason = mqtt5::reason_code::malformed_packet;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// Normal disconnection with a property: the reason code byte must be written (RL >= 2 form).
TEST(VectorsDisconnect, NormalWithUserPropertyWritesReasonCode_3_14_2_1) {
    const auto wire = from_hex("e0 09 00 07 26 00 01 6b 00 01 76");
    mqtt5::disconnect d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.reason, mqtt5::reason_code::normal_disconnection);
    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::disconnect>(s).user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::disconnect built{};
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// DISCONNECT reserved flags: "If invalid flags are received ... send DISCONNECT 0x81" [MQTT-3.14.1-1].
TEST(VectorsDisconnect, DisconnectFlagsMustBe0000_MQTT_3_14_1_1) {
    EXPECT_TRUE(refused<mqtt5::disconnect>(from_hex("e1 00"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// ============================================================================================ AUTH (§3.15)

// RL 0: Reason Code 0x00 Success, no properties (§3.15.2.1).
TEST(VectorsAuth, Rl0Success_3_15_2_1) {
    const auto wire = from_hex("f0 00");
    mqtt5::auth a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(a.properties.empty());
    EXPECT_TRUE(encodes_to(mqtt5::auth{}, wire));
}

// RL >= 2: 0x18 Continue authentication with Authentication Method "SCRAM" and Authentication Data 01 02.
TEST(VectorsAuth, ContinueAuthenticationMethodAndData_3_15_2_2) {
    const auto wire = from_hex("f0 0f 18 0d 15 00 05 53 43 52 41 4d 16 00 02 01 02");
    mqtt5::auth a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::continue_authentication);
    EXPECT_TRUE(has(a.properties.authentication_method(), std::string_view{"SCRAM"}));
    const auto data = a.properties.authentication_data();
    ASSERT_TRUE(data.has_value());
    EXPECT_TRUE(same_bytes(*data, "01 02"));

    const auto d = from_hex("01 02");
    std::array<std::byte, 32> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::auth>(s).authentication_method("SCRAM").authentication_data(d).build();
    ASSERT_TRUE(props);
    mqtt5::auth built{};
    built.reason = mqtt5::reason_code::continue_authentication;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// 0x19 Re-authenticate, method only.
TEST(VectorsAuth, ReauthenticateMethodOnly_3_15_2_1) {
    const auto wire = from_hex("f0 06 19 04 15 00 01 4d");
    mqtt5::auth a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::re_authenticate);
    EXPECT_TRUE(has(a.properties.authentication_method(), std::string_view{"M"}));
    std::array<std::byte, 8> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::auth>(s).authentication_method("M").build();
    ASSERT_TRUE(props);
    mqtt5::auth built{};
    built.reason = mqtt5::reason_code::re_authenticate;
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// 0x00 Success with properties: the reason byte is written (AUTH has no RL 1 form).
TEST(VectorsAuth, SuccessWithMethodReasonStringUserProperty_3_15_2_2) {
    const auto wire = from_hex("f0 11 00 0f 15 00 01 4d 1f 00 01 73 26 00 01 6b 00 01 76");
    mqtt5::auth a{};
    ASSERT_TRUE(round_trip(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(has(a.properties.authentication_method(), std::string_view{"M"}));
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"s"}));
    const auto ups = collect(a.properties.user_properties());
    ASSERT_EQ(ups.size(), 1u);
    EXPECT_EQ(ups[0], (mqtt5::string_pair{"k", "v"}));
    std::array<std::byte, 32> s{};
    const auto props =
        mqtt5::property_builder<mqtt5::place::auth>(s).authentication_method("M").reason_string("s").user_property("k", "v").build();
    ASSERT_TRUE(props);
    mqtt5::auth built{};
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// "It is a Protocol Error to omit the Authentication Method" in AUTH (§3.15.2.2.2): RL 2, Property Length 0.
TEST(VectorsAuth, MissingAuthenticationMethodRefused_3_15_2_2_2) {
    EXPECT_TRUE(refused<mqtt5::auth>(from_hex("f0 02 18 00"), mqtt5::errc::authentication_method_missing, 3));
}

// AUTH reserved flags 0000 [MQTT-3.15.1-1].
TEST(VectorsAuth, AuthFlagsMustBe0000_MQTT_3_15_1_1) {
    EXPECT_TRUE(refused<mqtt5::auth>(from_hex("f2 00"), mqtt5::errc::invalid_fixed_header_flags, 0));
}

// AUTH reason codes are 0x00, 0x18, 0x19 only [MQTT-3.15.2-1] (PE*).
TEST(VectorsAuth, ReasonOutsideTable3_11Refused_MQTT_3_15_2_1) {
    EXPECT_TRUE(refused<mqtt5::auth>(from_hex("f0 06 80 04 15 00 01 4d"), mqtt5::errc::invalid_reason_code, 2));
}

// ============================================================================================ general

// decode<T> of another packet type is refused, while the variant decode takes it.
TEST(VectorsGeneral, TypedDecodeOfOtherTypeRefused_2_1_2) {
    const auto wire = from_hex("c0 00");
    const auto r = mqtt5::decode<mqtt5::pingresp>(wire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, mqtt5::errc::unexpected_packet_type);
    const auto v = mqtt5::decode(wire);
    ASSERT_TRUE(v);
    EXPECT_TRUE(std::holds_alternative<mqtt5::pingreq>(*v));
}

// Packet type 0 is Reserved/Forbidden (§2.1.2) (MAL*).
TEST(VectorsGeneral, PacketType0Refused_2_1_2) {
    const auto wire = from_hex("00 00");  // decode() refuses a temporary container: the packet would view it
    const auto r = mqtt5::decode(wire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, mqtt5::errc::reserved_packet_type);
}

// The variant index follows the packet type: index() + 1 == type, for one vector of each of the 15 types.
TEST(VectorsGeneral, VariantIndexIsPacketTypeMinusOne_Table2_1) {
    const char* const vectors[15] = {
        "10 0d 00 04 4d 51 54 54 05 00 00 00 00 00 00", "20 03 00 00 00", "30 04 00 01 74 00", "40 02 00 01",
        "50 02 00 01", "62 02 00 01", "70 02 00 01", "82 07 00 01 00 00 01 61 00", "90 04 00 01 00 00",
        "a2 06 00 01 00 00 01 61", "b0 04 00 01 00 00", "c0 00", "d0 00", "e0 00", "f0 00",
    };
    for (std::size_t i = 0; i < 15; ++i) {
        const auto wire = from_hex(vectors[i]);
        const auto r = mqtt5::decode(wire);
        ASSERT_TRUE(r) << vectors[i] << ": " << describe_error(r.error());
        EXPECT_EQ(r->index(), i);
        EXPECT_EQ(static_cast<unsigned>(mqtt5::type_of(*r)), i + 1);
        bytes out(wire.size());
        const auto n = mqtt5::encode(*r, out);
        ASSERT_TRUE(n);
        EXPECT_EQ(to_hex(out), to_hex(wire));
    }
}

// encode() into a buffer one byte too small writes nothing and reports buffer_too_small.
TEST(VectorsGeneral, EncodeIntoTooSmallBufferWritesNothing) {
    mqtt5::publish p{};
    p.topic = "a/b";
    p.payload = raw("hi");
    bytes buf(9, std::byte{0xEE});  // the packet is 10 bytes
    const auto n = mqtt5::encode(p, buf);
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, mqtt5::errc::buffer_too_small);
    for (const auto b : buf) EXPECT_EQ(b, std::byte{0xEE});
}
