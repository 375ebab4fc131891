// Defects that no other test caught (issue 8, "Defects that no test would catch today"): each was planted in
// the code and the whole suite still passed. Every expected result is the standard's, with its rule cited.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

namespace {

using test_util::from_hex;

// ---- Place-restricted setters exist only where Table 2-4 allows the property ----------------------------
// One row per property_builder setter: its name, the property it writes, and a call's arguments. The
// static_asserts below check, for every place, that the setter compiles exactly when allows(place, id).

#define MQTT5_BUILDER_SETTERS(X)                                                        \
    X(payload_format_indicator, payload_format_indicator, (std::uint8_t{0}))             \
    X(message_expiry_interval, message_expiry_interval, (std::uint32_t{1}))              \
    X(content_type, content_type, ("t"))                                                 \
    X(response_topic, response_topic, ("r"))                                             \
    X(correlation_data, correlation_data, (std::span<const std::byte>{}))                \
    X(subscription_identifier, subscription_identifier, (std::uint32_t{1}))              \
    X(session_expiry_interval, session_expiry_interval, (std::uint32_t{1}))              \
    X(assigned_client_identifier, assigned_client_identifier, ("c"))                     \
    X(server_keep_alive, server_keep_alive, (std::uint16_t{1}))                          \
    X(authentication_method, authentication_method, ("m"))                               \
    X(authentication_data, authentication_data, (std::span<const std::byte>{}))          \
    X(request_problem_information, request_problem_information, (std::uint8_t{1}))       \
    X(will_delay_interval, will_delay_interval, (std::uint32_t{1}))                      \
    X(request_response_information, request_response_information, (std::uint8_t{1}))     \
    X(response_information, response_information, ("i"))                                 \
    X(server_reference, server_reference, ("s"))                                         \
    X(reason_string, reason_string, ("r"))                                               \
    X(receive_maximum, receive_maximum, (std::uint16_t{1}))                              \
    X(topic_alias_maximum, topic_alias_maximum, (std::uint16_t{1}))                      \
    X(topic_alias, topic_alias, (std::uint16_t{1}))                                      \
    X(maximum_qos, maximum_qos, (std::uint8_t{1}))                                       \
    X(retain_available, retain_available, (std::uint8_t{1}))                             \
    X(user_property, user_property, ("n", "v"))                                          \
    X(maximum_packet_size, maximum_packet_size, (std::uint32_t{1}))                      \
    X(wildcard_subscription_available, wildcard_subscription_available, (std::uint8_t{1})) \
    X(subscription_identifier_available, subscription_identifier_available, (std::uint8_t{1})) \
    X(shared_subscription_available, shared_subscription_available, (std::uint8_t{1}))

// The list covers the property table exactly: 27 rows, each identifier once.
constexpr std::uint64_t setter_ids = 0
#define MQTT5_SETTER_ID(setter, id, args) | (std::uint64_t{1} << static_cast<unsigned>(mqtt5::property_id::id))
    MQTT5_BUILDER_SETTERS(MQTT5_SETTER_ID)
#undef MQTT5_SETTER_ID
    ;
constexpr std::size_t setter_count = 0
#define MQTT5_SETTER_COUNT(setter, id, args) +1
    MQTT5_BUILDER_SETTERS(MQTT5_SETTER_COUNT)
#undef MQTT5_SETTER_COUNT
    ;
constexpr std::uint64_t table_ids = [] {
    std::uint64_t ids = 0;
    for (const auto& info : mqtt5::property_table) ids |= std::uint64_t{1} << static_cast<unsigned>(info.id);
    return ids;
}();
static_assert(setter_count == mqtt5::property_table.size() && setter_ids == table_ids,
              "one setter row per property of Table 2-4");

// For place P: does every setter exist exactly when the place allows its property (§2.2.2.2, Table 2-4)?
template <mqtt5::place P>
constexpr bool setters_follow_table() {
    bool ok = true;
#define MQTT5_SETTER_CHECK(setter, id, args)                                                                   \
    ok = ok && (requires(mqtt5::property_builder<P>& b) { b.setter args; } == mqtt5::allows(P, mqtt5::property_id::id));
    MQTT5_BUILDER_SETTERS(MQTT5_SETTER_CHECK)
#undef MQTT5_SETTER_CHECK
    return ok;
}
template <std::size_t... I>
constexpr bool every_place_follows_table(std::index_sequence<I...>) {
    return (setters_follow_table<static_cast<mqtt5::place>(I)>() && ...);
}
static_assert(every_place_follows_table(std::make_index_sequence<mqtt5::place_count>{}),
              "a property_builder setter exists on a place Table 2-4 does not allow it in, or is missing where it does");
// The check can fail: topic_alias is a PUBLISH-only property (Table 2-4), absent from a PUBACK builder.
template <mqtt5::place P>
constexpr bool has_topic_alias_setter = requires(mqtt5::property_builder<P>& b) { b.topic_alias(1); };
static_assert(has_topic_alias_setter<mqtt5::place::publish> && !has_topic_alias_setter<mqtt5::place::puback>);
#undef MQTT5_BUILDER_SETTERS

// ---- A Two Byte Integer cut short at the end of its property block -------------------------------------
// PUBLISH, Property Length 2: Topic Alias (0x23) needs two value bytes but the block ends after one. The
// byte after the block (05) is payload, not part of the property: the packet is Malformed (§1.5.2 Two Byte
// Integer, §2.2.2.2 the Property Length bounds the properties), error at the block's end, offset 8.
TEST(FirstHour, TwoByteIntegerCutAtBlockEndIsTruncated_1_5_2_and_2_2_2_2) {
    const auto wire = from_hex("30 07 00 01 61 02 23 00 05");
    const auto r = mqtt5::decode<mqtt5::publish>(wire);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, mqtt5::errc::truncated);
    EXPECT_EQ(r.error().reason, mqtt5::reason_code::malformed_packet);
    EXPECT_EQ(r.error().offset, 8u);
    // The same block one byte longer is a valid Topic Alias 5 with an empty payload.
    const auto whole = from_hex("30 07 00 01 61 03 23 00 05");
    const auto ok = mqtt5::decode<mqtt5::publish>(whole);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->properties.topic_alias(), std::uint16_t{5});
    EXPECT_TRUE(ok->payload.empty());
}

// ---- Correlation Data of 65,536 bytes is too long for Binary Data (§1.5.6: a Two Byte Integer length) -----
TEST(FirstHour, BuilderRefusesBinaryDataOf65536Bytes_1_5_6) {
    std::vector<std::byte> storage(70000);
    // Content 1: zeros. Content 2: bytes that would parse as a valid User Property if the length were
    // written modulo 65,536 (26 00 00 ff fb + 65,531 'a'): the refusal must not depend on the content.
    std::vector<std::byte> zeros(65536);
    std::vector<std::byte> parses_as_property(65536, std::byte{'a'});
    const std::array<std::byte, 5> head{std::byte{0x26}, std::byte{0x00}, std::byte{0x00}, std::byte{0xFF}, std::byte{0xFB}};
    std::copy(head.begin(), head.end(), parses_as_property.begin());
    for (const auto* data : {&zeros, &parses_as_property}) {
        mqtt5::property_builder<mqtt5::place::publish> b{storage};
        b.correlation_data(*data);
        const auto block = b.build();
        ASSERT_FALSE(block.has_value());
        EXPECT_EQ(block.error().code, mqtt5::errc::binary_too_long);
        EXPECT_EQ(b.size(), 0u);
        EXPECT_EQ(b.required_size(), 0u);  // refused for itself: not counted
    }
    // Just inside the limit: 65,535 bytes are written (identifier, length ff ff, data).
    mqtt5::property_builder<mqtt5::place::publish> b{storage};
    b.correlation_data(std::span{zeros}.first(65535));
    const auto block = b.build();
    ASSERT_TRUE(block.has_value());
    EXPECT_EQ(b.size(), 3u + 65535u);
    ASSERT_TRUE(block->correlation_data().has_value());
    EXPECT_EQ(block->correlation_data()->size(), 65535u);
}

// ---- add() of a property the place does not allow ----------------------------------------------------------
// Topic Alias is allowed in PUBLISH only (Table 2-4): on a PUBACK builder it is property_not_allowed, whatever
// the storage, and nothing is written or counted.
TEST(FirstHour, AddTopicAliasToPubackIsNotAllowed_Table_2_4) {
    mqtt5::property topic_alias{};
    topic_alias.id = mqtt5::property_id::topic_alias;
    topic_alias.integer = 5;
    for (const std::size_t capacity : {std::size_t{0}, std::size_t{2}, std::size_t{64}}) {
        std::vector<std::byte> storage(capacity);
        mqtt5::property_builder<mqtt5::place::puback> b{storage};
        b.add(topic_alias);
        EXPECT_EQ(b.size(), 0u) << capacity;
        EXPECT_EQ(b.required_size(), 0u) << capacity;
        const auto block = b.build();
        ASSERT_FALSE(block.has_value()) << capacity;
        EXPECT_EQ(block.error().code, mqtt5::errc::property_not_allowed) << capacity;
        EXPECT_EQ(block.error().reason, mqtt5::reason_code::malformed_packet) << capacity;
    }
    // The same property is accepted where it is allowed: 23 00 05.
    std::array<std::byte, 3> storage{};
    mqtt5::property_builder<mqtt5::place::publish> b{storage};
    b.add(topic_alias);
    ASSERT_TRUE(b.build().has_value());
    EXPECT_EQ(test_util::to_hex(storage), "23 00 05");
}

// ---- Packets in the wrong direction (Table 2-1 "Direction of flow") -----------------------------------------
struct direction_case {
    const char* hex;
    bool client_may_send;
    bool server_may_send;
};
// One valid packet of each of the 15 types.
const direction_case direction_cases[] = {
    {"10 0d 00 04 4d 51 54 54 05 02 00 3c 00 00 00", true, false},  // CONNECT: Client to Server
    {"20 03 00 00 00", false, true},                                 // CONNACK: Server to Client
    {"30 04 00 01 61 00", true, true},                               // PUBLISH: both
    {"40 02 00 01", true, true},                                     // PUBACK: both
    {"50 02 00 01", true, true},                                     // PUBREC: both
    {"62 02 00 01", true, true},                                     // PUBREL: both
    {"70 02 00 01", true, true},                                     // PUBCOMP: both
    {"82 07 00 01 00 00 01 61 00", true, false},                     // SUBSCRIBE: Client to Server
    {"90 04 00 01 00 00", false, true},                              // SUBACK: Server to Client
    {"a2 06 00 01 00 00 01 61", true, false},                        // UNSUBSCRIBE: Client to Server
    {"b0 04 00 01 00 00", false, true},                              // UNSUBACK: Server to Client
    {"c0 00", true, false},                                          // PINGREQ: Client to Server
    {"d0 00", false, true},                                          // PINGRESP: Server to Client
    {"e0 00", true, true},                                           // DISCONNECT: both
    {"f0 0a 18 08 15 00 05 53 43 52 41 4d", true, true},             // AUTH (0x18 Continue): both
};

TEST(FirstHour, EveryPacketInTheWrongDirectionIsWrongDirection_Table_2_1) {
    for (const auto& c : direction_cases) {
        const auto wire = from_hex(c.hex);
        ASSERT_FALSE(wire.empty()) << c.hex;
        EXPECT_TRUE(mqtt5::decode(wire).has_value()) << c.hex << " with the sender unknown";
        for (const auto sender : {mqtt5::role::client, mqtt5::role::server}) {
            const bool may = sender == mqtt5::role::client ? c.client_may_send : c.server_may_send;
            const auto r = mqtt5::decode(wire, {.sender = sender});
            if (may) {
                EXPECT_TRUE(r.has_value()) << c.hex << " from " << (sender == mqtt5::role::client ? "client" : "server")
                                           << ": " << mqtt5::to_string(r.error().code);
            } else {
                ASSERT_FALSE(r.has_value()) << c.hex;
                EXPECT_EQ(r.error().code, mqtt5::errc::wrong_direction) << c.hex;
                EXPECT_EQ(r.error().reason, mqtt5::reason_code::protocol_error) << c.hex;
                EXPECT_EQ(r.error().offset, 0u) << c.hex;
            }
        }
    }
}

TEST(FirstHour, PingrespFromClientIsWrongDirection_Table_2_1) {
    const auto wire = from_hex("d0 00");
    const auto r = mqtt5::decode<mqtt5::pingresp>(wire, {.sender = mqtt5::role::client});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), (mqtt5::error{mqtt5::errc::wrong_direction, mqtt5::reason_code::protocol_error, 0}));
}

// ---- framer::finish() on a stream that ends inside a packet -----------------------------------------------
// 30 05: the Remaining Length (§2.1.4) announces 5 bytes after the fixed header; only 3 arrive before the
// stream ends, so the packet is cut short: incomplete_packet (Malformed Packet, 0x81), at stream offset 5
// (the bytes of it that arrived).
TEST(FirstHour, FramerFinishReportsACutPacket_2_1_4) {
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    const auto chunk = from_hex("30 05 00 01 61");
    f.feed(chunk);
    const auto r = f.next();
    EXPECT_EQ(r.status, mqtt5::frame_status::need_more);
    EXPECT_EQ(r.bytes_needed, 2u);
    const auto e = f.finish();
    EXPECT_EQ(e.code, mqtt5::errc::incomplete_packet);
    EXPECT_EQ(e.reason, mqtt5::reason_code::malformed_packet);
    EXPECT_EQ(e.offset, 5u);
    // The two missing bytes complete it, and then finish() has nothing to report.
    const auto rest = from_hex("00 00");
    f.feed(rest);
    EXPECT_EQ(f.next().status, mqtt5::frame_status::packet);
    EXPECT_EQ(f.finish(), mqtt5::error{});
}

// ---- Lists of different lengths are never equal --------------------------------------------------------------
// UNSUBSCRIBE with filters {a, b} and with {a}; SUBACK with codes {00, 01} and with {00}. The longer list
// starts with the shorter one, so only the length tells them apart ([MQTT-3.10.3-2], [MQTT-3.9.3-1]).
TEST(FirstHour, DecodedListsOfDifferentLengthsDiffer_3_10_3_and_3_9_3) {
    const auto two_filters = from_hex("a2 09 00 01 00 00 01 61 00 01 62");
    const auto one_filter = from_hex("a2 06 00 01 00 00 01 61");
    const auto a = mqtt5::decode<mqtt5::unsubscribe>(two_filters);
    const auto b = mqtt5::decode<mqtt5::unsubscribe>(one_filter);
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(b.has_value());
    EXPECT_FALSE(*a == *b);
    EXPECT_FALSE(*b == *a);
    EXPECT_FALSE(a->topic_filters == b->topic_filters);
    EXPECT_FALSE(b->topic_filters == a->topic_filters);

    const auto two_codes = from_hex("90 05 00 01 00 00 01");
    const auto one_code = from_hex("90 04 00 01 00 00");
    const auto c = mqtt5::decode<mqtt5::suback>(two_codes);
    const auto d = mqtt5::decode<mqtt5::suback>(one_code);
    ASSERT_TRUE(c.has_value());
    ASSERT_TRUE(d.has_value());
    EXPECT_FALSE(*c == *d);
    EXPECT_FALSE(*d == *c);
    // Equal lengths and elements are equal, whichever form (wire or caller's array) each side is in.
    const std::array<mqtt5::reason_code, 2> codes{mqtt5::reason_code::granted_qos_0, mqtt5::reason_code::granted_qos_1};
    EXPECT_TRUE(c->reason_codes == mqtt5::reason_code_list{codes});
    EXPECT_FALSE(d->reason_codes == mqtt5::reason_code_list{codes});
}

}  // namespace
