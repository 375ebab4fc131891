// One test (or more) per codec-relevant MQTT 3.1.1 normative statement: the 53 ids of
// ../shared/docs/spec/v311.md part 1, then the id-less codec rules of its part 4.
//
// Source: OASIS MQTT Version 3.1.1, 29 October 2014. Every id below is a 3.1.1 id: the same number often
// means something else in v5.0. Written from the standard, spec/v311.md and the API contract of issue 9
// (contracts/v311_api.md), without reading the implementation. Each rule is tested just inside (accepted,
// re-encoded byte-exact) and just outside (exact errc, exact offset from the packet's first byte; a
// truncation points at the end of the region the field ran past), together with what 3.1.1 tells the
// receiver to do: v311_connack_code() is 0x01 / 0x02 where the standard names that CONNACK, and nullopt
// ("close the Network Connection") everywhere else.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "conformance_helpers.hpp"
#include "mqtt5.hpp"
#include "mqtt5/connack_return_code.hpp"
#include "test_util.hpp"

namespace {

using namespace conformance;  // bytes, errc, hex, hex_of, view, show, name_of, with_byte, MAL, PE
using mqtt5::protocol_version;

mqtt5::decode_options decode_with(protocol_version v, mqtt5::role sender = mqtt5::role::unspecified) {
    mqtt5::decode_options o{};
    o.version = v;
    o.sender = sender;
    return o;
}
mqtt5::encode_options encode_with(protocol_version v) {
    mqtt5::encode_options o{};
    o.version = v;
    return o;
}

const mqtt5::decode_options d311 = decode_with(protocol_version::v311);
const mqtt5::decode_options d311_client = decode_with(protocol_version::v311, mqtt5::role::client);  // we are the Server
const mqtt5::decode_options d311_server = decode_with(protocol_version::v311, mqtt5::role::server);  // we are the Client
const mqtt5::decode_options d31 = decode_with(protocol_version::v31);
const mqtt5::decode_options d5 = decode_with(protocol_version::v5);
const mqtt5::encode_options e311 = encode_with(protocol_version::v311);
const mqtt5::encode_options e5 = encode_with(protocol_version::v5);

constexpr int close_connection = -1;  // v311_connack_code() == nullopt: close without a CONNACK

int code_of(const std::optional<mqtt5::connack_return_code>& c) { return c ? static_cast<int>(*c) : close_connection; }

// "00 0C": the 2-byte length prefix of a string of n < 256 bytes, as hex text.
std::string length_prefix(std::size_t n) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("00 ") + digits[(n >> 4) & 0xF] + digits[n & 0xF];
}

// Decoding `wire` with `d` fails (variant decode, and decode<P> unless P is void) with exactly `code` at
// `offset`, the errc's default reason, and the 3.1.1 action `action` (a CONNACK return code, or
// close_connection).
template <class P>
void refused(const bytes& wire, errc code, std::size_t offset, int action = close_connection, const mqtt5::decode_options& d = d311) {
    SCOPED_TRACE("decoding " + hex_of(wire));
    const auto check = [&](const mqtt5::error& e) {
        EXPECT_EQ(name_of(e.code), name_of(code)) << show(e);
        EXPECT_EQ(e.offset, offset) << show(e);
        EXPECT_EQ(static_cast<unsigned>(e.reason), static_cast<unsigned>(mqtt5::default_reason(code))) << show(e);
        EXPECT_EQ(code_of(e.v311_connack_code()), action) << show(e);
        EXPECT_EQ(code_of(mqtt5::v311_connack_code(e.code)), action) << show(e);
    };
    const auto any = mqtt5::decode(view(wire), d);
    EXPECT_FALSE(any.has_value());
    if (!any.has_value()) check(any.error());
    if constexpr (!std::is_void_v<P>) {
        const auto typed = mqtt5::decode<P>(view(wire), d);
        EXPECT_FALSE(typed.has_value());
        if (!typed.has_value()) check(typed.error());
    }
}

// A decoded packet is a view into its bytes: every vector a test decodes is copied here and kept for the
// life of the test program, so that the fields stay valid after the call (even for a temporary vector).
const bytes& kept(const bytes& wire) {
    static std::deque<bytes> store;
    store.push_back(wire);
    return store.back();
}

// `wire` decodes with `d` (typed and variant agree) and re-encodes with `e` to exactly `wire`.
template <class P>
P accepted(const bytes& vector, const mqtt5::decode_options& d = d311, const mqtt5::encode_options& e = e311) {
    const bytes& wire = kept(vector);
    SCOPED_TRACE("decoding " + hex_of(wire));
    const auto typed = mqtt5::decode<P>(view(wire), d);
    EXPECT_TRUE(typed.has_value()) << show(typed.error());
    const auto any = mqtt5::decode(view(wire), d);
    EXPECT_TRUE(any.has_value()) << show(any.error());
    if (!typed.has_value() || !any.has_value()) return P{};
    EXPECT_TRUE(std::holds_alternative<P>(*any));
    if (std::holds_alternative<P>(*any)) {
        EXPECT_TRUE(std::get<P>(*any) == *typed);
    }
    bytes out(wire.size() + 8, std::byte{0xEE});
    const auto n = mqtt5::encode(*typed, std::span<std::byte>(out), e);
    EXPECT_TRUE(n.has_value()) << show(n.error());
    if (n.has_value()) {
        EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(*n)), hex_of(wire));
    }
    const auto size = mqtt5::encoded_size(*typed, e);
    EXPECT_TRUE(size.has_value() && *size == wire.size());
    return *typed;
}

// The bytes encode() writes with `e`, or "refused: <errc> ...". encoded_size() must agree.
template <class P>
std::string encode_hex(const P& p, const mqtt5::encode_options& e = e311) {
    const auto s = mqtt5::encoded_size(p, e);
    bytes out(512, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out), e);
    if (!n.has_value()) {
        EXPECT_FALSE(s.has_value()) << "encoded_size accepted what encode refused";
        EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](std::byte x) { return x == std::byte{0xEE}; }))
            << "a refused encode wrote into the buffer";
        return "refused: " + name_of(n.error().code);
    }
    EXPECT_TRUE(s.has_value() && *s == *n) << "encoded_size disagrees with encode";
    return hex_of(std::span<const std::byte>(out).first(*n));
}

std::string refusal(errc e) { return "refused: " + name_of(e); }

std::span<const std::byte> span_of(const bytes& b) { return {b.data(), b.size()}; }

mqtt5::connect make_connect(std::string_view id = "c", bool clean = true) {
    mqtt5::connect c{};
    c.client_id = id;
    c.clean_start = clean;
    c.keep_alive = 60;
    return c;
}

mqtt5::publish make_publish(std::string_view topic, mqtt5::qos q = mqtt5::qos::at_most_once, std::uint16_t id = 0) {
    mqtt5::publish p{};
    p.topic = topic;
    p.qos = q;
    p.packet_id = id;
    return p;
}

template <std::size_t N>
mqtt5::subscribe make_subscribe(const std::array<mqtt5::subscription, N>& subs, std::uint16_t id = 1) {
    mqtt5::subscribe s{};
    s.packet_id = id;
    s.subscriptions = subs;
    return s;
}

template <std::size_t N>
mqtt5::unsubscribe make_unsubscribe(const std::array<std::string_view, N>& filters, std::uint16_t id = 1) {
    mqtt5::unsubscribe u{};
    u.packet_id = id;
    u.topic_filters = filters;
    return u;
}

// The 3.1.1 CONNECT variable header with Connect Flags `flags` and Keep Alive 60; then the payload.
bytes connect_311(std::uint8_t flags, std::string_view payload_hex) {
    auto b = with_byte("10 00 00 04 4D 51 54 54 04", flags, "00 3C");
    const auto p = hex(payload_hex);
    b.insert(b.end(), p.begin(), p.end());
    b[1] = static_cast<std::byte>(b.size() - 2);  // every CONNECT here is shorter than 128 bytes
    return b;
}

}  // namespace

// =====================================================================================================
// Data representation (§1.5.3)
// =====================================================================================================

// [MQTT-1.5.3-1] (3.1.1): well-formed UTF-8 (RFC 3629), no U+D800..U+DFFF; ill-formed -> close.
TEST(V311Normative, MQTT_1_5_3_1_ill_formed_utf8_closes) {
    // Just inside: 2-, 3- and 4-byte sequences, U+10FFFF.
    for (const std::string_view id : {"C3 A9", "E2 82 AC", "F0 9F 98 80", "F4 8F BF BF", "ED 9F BF"}) {
        const auto c = accepted<mqtt5::connect>(connect_311(0x02, length_prefix(hex(id).size()) + " " + std::string(id)),
                                                d311_client);
        EXPECT_EQ(hex_of(test_util::from_text(c.client_id)), hex_of(hex(id)));
    }
    // Just outside: overlong, surrogate, above U+10FFFF, cut sequence, stray continuation byte. ClientId at 12.
    for (const std::string_view id : {"C0 AF", "ED A0 80", "ED BF BF", "F4 90 80 80", "E2 82", "80", "FF"}) {
        SCOPED_TRACE(std::string(id));
        refused<mqtt5::connect>(connect_311(0x02, length_prefix(hex(id).size()) + " " + std::string(id)),
                                errc::invalid_utf8, 12, close_connection, d311_client);
    }
    // Every string of every packet is checked: Topic Name at 2, Topic Filters at 4.
    refused<mqtt5::publish>(hex("30 04 00 02 C3 28"), errc::invalid_utf8, 2);
    refused<mqtt5::subscribe>(hex("82 06 00 01 00 01 FF 00"), errc::invalid_utf8, 4);
    refused<mqtt5::unsubscribe>(hex("A2 05 00 01 00 01 FF"), errc::invalid_utf8, 4);
    // The encoder refuses to write it.
    EXPECT_EQ(encode_hex(make_publish(std::string_view("\xC3\x28", 2))), refusal(errc::invalid_utf8));
    EXPECT_EQ(encode_hex(make_connect(std::string_view("\xED\xA0\x80", 3))), refusal(errc::invalid_utf8));
}

// [MQTT-1.5.3-2] (3.1.1): no U+0000 in a UTF-8 string; the receiver closes.
TEST(V311Normative, MQTT_1_5_3_2_nul_closes) {
    refused<mqtt5::connect>(connect_311(0x02, "00 02 61 00"), errc::utf8_contains_null, 12);
    refused<mqtt5::publish>(hex("30 05 00 03 61 00 62"), errc::utf8_contains_null, 2);
    refused<mqtt5::unsubscribe>(hex("A2 08 00 01 00 01 61 00 01 00"), errc::utf8_contains_null, 7);
    (void)accepted<mqtt5::connect>(connect_311(0x02, "00 02 61 01"));  // U+0001 is only a SHOULD NOT (§1.5.3)
    EXPECT_EQ(encode_hex(make_publish(std::string_view("a\0b", 3))), refusal(errc::utf8_contains_null));
    EXPECT_EQ(encode_hex(make_connect(std::string_view("\0", 1))), refusal(errc::utf8_contains_null));
}

// [MQTT-1.5.3-3] (3.1.1): EF BB BF is U+FEFF and is neither skipped nor stripped.
TEST(V311Normative, MQTT_1_5_3_3_bom_kept) {
    const auto p = accepted<mqtt5::publish>(hex("30 06 00 04 EF BB BF 61"));
    EXPECT_EQ(p.topic, std::string_view("\xEF\xBB\xBF" "a"));
    const auto c = accepted<mqtt5::connect>(connect_311(0x02, "00 03 EF BB BF"));
    EXPECT_EQ(c.client_id, std::string_view("\xEF\xBB\xBF"));
    EXPECT_EQ(encode_hex(make_publish("\xEF\xBB\xBF" "a")), "30 06 00 04 EF BB BF 61");
}

// =====================================================================================================
// Fixed header and Packet Identifier (§2.2.2, §2.3.1)
// =====================================================================================================

// [MQTT-2.2.2-1] (3.1.1): the encoder writes the Table 2.2 flags (0000; 0010 for PUBREL, SUBSCRIBE,
// UNSUBSCRIBE).
TEST(V311Normative, MQTT_2_2_2_1_encoder_writes_reserved_flags) {
    EXPECT_EQ(encode_hex(make_connect()), "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63");
    EXPECT_EQ(encode_hex(mqtt5::connack{}), "20 02 00 00");
    mqtt5::puback pa{};
    pa.packet_id = 1;
    EXPECT_EQ(encode_hex(pa), "40 02 00 01");
    mqtt5::pubrec pc{};
    pc.packet_id = 1;
    EXPECT_EQ(encode_hex(pc), "50 02 00 01");
    mqtt5::pubrel pr{};
    pr.packet_id = 1;
    EXPECT_EQ(encode_hex(pr), "62 02 00 01");
    mqtt5::pubcomp pp{};
    pp.packet_id = 1;
    EXPECT_EQ(encode_hex(pp), "70 02 00 01");
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a"}};
    EXPECT_EQ(encode_hex(make_subscribe(subs)), "82 06 00 01 00 01 61 00");
    const std::array<mqtt5::reason_code, 1> granted{mqtt5::reason_code::granted_qos_0};
    mqtt5::suback sa{};
    sa.packet_id = 1;
    sa.reason_codes = granted;
    EXPECT_EQ(encode_hex(sa), "90 03 00 01 00");
    const std::array<std::string_view, 1> filters{"a"};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters)), "A2 05 00 01 00 01 61");
    mqtt5::unsuback ua{};
    ua.packet_id = 1;
    EXPECT_EQ(encode_hex(ua), "B0 02 00 01");
    EXPECT_EQ(encode_hex(mqtt5::pingreq{}), "C0 00");
    EXPECT_EQ(encode_hex(mqtt5::pingresp{}), "D0 00");
    EXPECT_EQ(encode_hex(mqtt5::disconnect{}), "E0 00");
}

// [MQTT-2.2.2-2] (3.1.1): invalid flags -> close. Every non-PUBLISH packet with each of the 16 flag values.
TEST(V311Normative, MQTT_2_2_2_2_invalid_flags_close) {
    struct row {
        std::string_view packet{};  // with the required flags
        unsigned required{};
    };
    const std::array<row, 13> rows{{
        {"10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63", 0},  // CONNECT
        {"20 02 00 00", 0},                                    // CONNACK
        {"40 02 00 01", 0},                                    // PUBACK
        {"50 02 00 01", 0},                                    // PUBREC
        {"62 02 00 01", 2},                                    // PUBREL
        {"70 02 00 01", 0},                                    // PUBCOMP
        {"82 06 00 01 00 01 61 00", 2},                        // SUBSCRIBE
        {"90 03 00 01 00", 0},                                 // SUBACK
        {"A2 05 00 01 00 01 61", 2},                           // UNSUBSCRIBE
        {"B0 02 00 01", 0},                                    // UNSUBACK
        {"C0 00", 0},                                          // PINGREQ
        {"D0 00", 0},                                          // PINGRESP
        {"E0 00", 0},                                          // DISCONNECT
    }};
    for (const auto& r : rows) {
        for (unsigned flags = 0; flags < 16; ++flags) {
            auto b = hex(r.packet);
            b[0] = static_cast<std::byte>((static_cast<unsigned>(b[0]) & 0xF0u) | flags);
            if (flags == r.required) {
                const auto any = mqtt5::decode(view(b), d311);
                ASSERT_TRUE(any.has_value()) << hex_of(b) << ": " << show(any.error());
                bytes out(b.size());
                const auto n = mqtt5::encode(*any, std::span<std::byte>(out), e311);
                ASSERT_TRUE(n.has_value()) << show(n.error());
                EXPECT_EQ(hex_of(out), hex_of(b));
            } else {
                refused<void>(b, errc::invalid_fixed_header_flags, 0);
            }
        }
    }
}

// [MQTT-2.3.1-1] (3.1.1): SUBSCRIBE, UNSUBSCRIBE and QoS>0 PUBLISH carry a non-zero Packet Identifier.
// Decode: the standard names no action (CLOSE*); the contract reuses packet_id_zero.
TEST(V311Normative, MQTT_2_3_1_1_packet_id_not_zero) {
    refused<mqtt5::subscribe>(hex("82 06 00 00 00 01 61 00"), errc::packet_id_zero, 2, close_connection, d311_client);
    refused<mqtt5::unsubscribe>(hex("A2 05 00 00 00 01 61"), errc::packet_id_zero, 2, close_connection, d311_client);
    refused<mqtt5::publish>(hex("32 05 00 01 61 00 00"), errc::packet_id_zero, 5);
    refused<mqtt5::publish>(hex("34 05 00 01 61 00 00"), errc::packet_id_zero, 5, close_connection, d311_server);
    (void)accepted<mqtt5::subscribe>(hex("82 06 00 01 00 01 61 00"));
    (void)accepted<mqtt5::unsubscribe>(hex("A2 05 FF FF 00 01 61"));
    (void)accepted<mqtt5::publish>(hex("34 05 00 01 61 00 01"));
    // ENC
    EXPECT_EQ(encode_hex(make_publish("a", mqtt5::qos::at_least_once, 0)), refusal(errc::packet_id_zero));
    EXPECT_EQ(encode_hex(make_publish("a", mqtt5::qos::exactly_once, 0)), refusal(errc::packet_id_zero));
    EXPECT_EQ(encode_hex(make_publish("a", mqtt5::qos::exactly_once, 1)), "34 05 00 01 61 00 01");
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "a"}};
    EXPECT_EQ(encode_hex(make_subscribe(subs, 0)), refusal(errc::packet_id_zero));
    const std::array<std::string_view, 1> filters{"a"};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters, 0)), refusal(errc::packet_id_zero));
}

// [MQTT-2.3.1-5] (3.1.1): a QoS 0 PUBLISH has no Packet Identifier: the encoder never writes one, and the
// decoder reads the two bytes after the Topic Name as payload.
TEST(V311Normative, MQTT_2_3_1_5_qos0_has_no_packet_id) {
    EXPECT_EQ(encode_hex(make_publish("a/b")), "30 05 00 03 61 2F 62");
    const auto stray = encode_hex(make_publish("a/b", mqtt5::qos::at_most_once, 7));
    EXPECT_TRUE(stray == "30 05 00 03 61 2F 62" || stray.rfind("refused", 0) == 0) << stray;
    const auto p = accepted<mqtt5::publish>(hex("30 07 00 03 61 2F 62 00 05"));
    EXPECT_EQ(p.packet_id, 0u);
    EXPECT_EQ(hex_of(p.payload), "00 05");
}

// =====================================================================================================
// CONNECT (§3.1.2, §3.1.3, §3.1.4). Offsets: Protocol Name 2, Level 8, Connect Flags 9, Keep Alive 10,
// ClientId 12, then Will Topic / User Name at 15 after a 1-byte ClientId.
// =====================================================================================================

// [MQTT-3.1.2-1] (3.1.1): the protocol name is "MQTT"; otherwise the Server MAY close, and MUST NOT go on
// under 3.1.1 (no CONNACK code is named).
TEST(V311Normative, MQTT_3_1_2_1_protocol_name) {
    (void)accepted<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63"));
    refused<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 58 04 02 00 3C 00 01 63"), errc::invalid_protocol_name, 2);
    refused<mqtt5::connect>(hex("10 0D 00 04 6D 71 74 74 04 02 00 3C 00 01 63"), errc::invalid_protocol_name, 2);
    refused<mqtt5::connect>(hex("10 0C 00 03 4D 51 54 04 02 00 3C 00 01 63"), errc::invalid_protocol_name, 2);
    // "MQIsdp" is 3.1: not a 3.1.1 CONNECT, and "MQTT" is not a 3.1 CONNECT.
    refused<mqtt5::connect>(hex("10 0F 00 06 4D 51 49 73 64 70 04 02 00 3C 00 01 63"), errc::invalid_protocol_name, 2);
    refused<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 03 02 00 3C 00 01 63"), errc::invalid_protocol_name, 2,
                            close_connection, d31);
}

// [MQTT-3.1.2-2] (3.1.1): a level the Server does not support -> CONNACK 0x01, then disconnect.
TEST(V311Normative, MQTT_3_1_2_2_protocol_level_connack_0x01) {
    for (const unsigned level : {0u, 1u, 2u, 3u, 5u, 6u, 0x7Fu, 0x83u, 0x85u, 0xFFu}) {
        SCOPED_TRACE("level " + std::to_string(level));
        refused<mqtt5::connect>(with_byte("10 0D 00 04 4D 51 54 54", static_cast<std::uint8_t>(level), "02 00 3C 00 01 63"),
                                errc::unsupported_protocol_version, 8, 0x01);
    }
    // mosquitto's bridge bit (0x84): refused (0x01) unless the option accepts it.
    const auto bridge = hex("10 0D 00 04 4D 51 54 54 84 02 00 3C 00 01 63");
    refused<mqtt5::connect>(bridge, errc::unsupported_protocol_version, 8, 0x01);
    auto lenient = d311;
    lenient.accept_bridge_protocol_level = true;
    const auto c = accepted<mqtt5::connect>(bridge, lenient);
    EXPECT_TRUE(c.bridge);
    EXPECT_FALSE(accepted<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63"), lenient).bridge);
    auto b = make_connect();
    b.bridge = true;
    EXPECT_EQ(encode_hex(b), "10 0D 00 04 4D 51 54 54 84 02 00 3C 00 01 63");
    // 3.1 (level 3): level 4 with "MQIsdp" is refused the same way (Level at 10).
    refused<mqtt5::connect>(hex("10 0F 00 06 4D 51 49 73 64 70 04 02 00 3C 00 01 63"), errc::unsupported_protocol_version, 10,
                            0x01, d31);
}

// [MQTT-3.1.2-3] (3.1.1): Connect Flags bit 0 is reserved and 0; the Server disconnects (no CONNACK named).
TEST(V311Normative, MQTT_3_1_2_3_reserved_connect_flag) {
    refused<mqtt5::connect>(connect_311(0x01, "00 01 63"), errc::connect_reserved_flag, 9);
    refused<mqtt5::connect>(connect_311(0x03, "00 01 63"), errc::connect_reserved_flag, 9);
    (void)accepted<mqtt5::connect>(connect_311(0x02, "00 01 63"));
    // The encoder never sets it: every flag at its maximum is 1111 0110.
    auto c = make_connect();
    const auto pw = hex("70");
    c.will = mqtt5::will_message{.topic = "w", .qos = mqtt5::qos::exactly_once, .retain = true};
    c.username = "u";
    c.password = span_of(pw);
    EXPECT_EQ(encode_hex(c), hex_of(connect_311(0xF6, "00 01 63 00 01 77 00 00 00 01 75 00 01 70")));
}

// [MQTT-3.1.2-9] (3.1.1): Will Flag 1 -> Will Topic and Will Message are in the payload. Missing bytes are a
// truncation at the end of the packet (NO-CONNACK).
TEST(V311Normative, MQTT_3_1_2_9_will_fields_present) {
    const auto p = accepted<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 77 2F 74 00 00"));
    ASSERT_TRUE(p.will.has_value());
    EXPECT_EQ(p.will->topic, "w/t");
    EXPECT_EQ(p.will->payload.size(), 0u);
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63"), errc::truncated, 15);                       // no Will Topic
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 05 77"), errc::truncated, 18);              // Will Topic short
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 77 2F 74"), errc::truncated, 20);        // no Will Message
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 77 2F 74 00"), errc::truncated, 21);     // half a length
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 77 2F 74 00 05 41"), errc::truncated, 23);  // Message short
    // The encoder writes both whenever a Will is set.
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = "w/t"};
    EXPECT_EQ(encode_hex(c), hex_of(connect_311(0x06, "00 01 63 00 03 77 2F 74 00 00")));
}

// [MQTT-3.1.2-11] (3.1.1): Will Flag 0 -> Will QoS 0, Will Retain 0, and no Will Topic / Message.
TEST(V311Normative, MQTT_3_1_2_11_will_flag_0_means_no_will) {
    refused<mqtt5::connect>(connect_311(0x0A, "00 01 63"), errc::will_qos_without_will, 9);
    refused<mqtt5::connect>(connect_311(0x22, "00 01 63"), errc::will_retain_without_will, 9);
    refused<mqtt5::connect>(connect_311(0x02, "00 01 63 00 03 77 2F 74 00 03 00 FF 41"), errc::trailing_bytes, 15);
    const auto c = accepted<mqtt5::connect>(connect_311(0x02, "00 01 63"));
    EXPECT_FALSE(c.will.has_value());
    EXPECT_EQ(encode_hex(make_connect()), hex_of(connect_311(0x02, "00 01 63")));
}

// [MQTT-3.1.2-13] (3.1.1): Will Flag 0 -> Will QoS 0.
TEST(V311Normative, MQTT_3_1_2_13_will_qos_without_will) {
    for (const unsigned f : {0x08u, 0x10u, 0x18u, 0x1Au, 0x08u | 0x80u | 0x40u}) {
        SCOPED_TRACE("flags " + std::to_string(f));
        refused<mqtt5::connect>(connect_311(static_cast<std::uint8_t>(f), "00 01 63 00 01 75 00 01 70"),
                                errc::will_qos_without_will, 9);
    }
    (void)accepted<mqtt5::connect>(connect_311(0x0E, "00 01 63 00 01 77 00 00"));
}

// [MQTT-3.1.2-14] (3.1.1): Will Flag 1 -> Will QoS 0, 1 or 2, never 3.
TEST(V311Normative, MQTT_3_1_2_14_will_qos_3) {
    refused<mqtt5::connect>(connect_311(0x1E, "00 01 63 00 01 77 00 00"), errc::will_qos_invalid, 9);
    refused<mqtt5::connect>(connect_311(0x3E, "00 01 63 00 01 77 00 00"), errc::will_qos_invalid, 9);
    for (const unsigned q : {0u, 1u, 2u}) {
        const auto c = accepted<mqtt5::connect>(connect_311(static_cast<std::uint8_t>(0x06u | (q << 3)), "00 01 63 00 01 77 00 00"));
        ASSERT_TRUE(c.will.has_value());
        EXPECT_EQ(static_cast<unsigned>(c.will->qos), q);
    }
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = "w", .qos = static_cast<mqtt5::qos>(3)};
    EXPECT_EQ(encode_hex(c), refusal(errc::will_qos_invalid));
}

// [MQTT-3.1.2-15] (3.1.1): Will Flag 0 -> Will Retain 0.
TEST(V311Normative, MQTT_3_1_2_15_will_retain_without_will) {
    refused<mqtt5::connect>(connect_311(0x20, "00 01 63"), errc::will_retain_without_will, 9);
    refused<mqtt5::connect>(connect_311(0x22, "00 01 63"), errc::will_retain_without_will, 9);
    refused<mqtt5::connect>(connect_311(0xE2, "00 01 63 00 01 75 00 01 70"), errc::will_retain_without_will, 9);
    const auto c = accepted<mqtt5::connect>(connect_311(0x26, "00 01 63 00 01 77 00 00"));
    ASSERT_TRUE(c.will.has_value());
    EXPECT_TRUE(c.will->retain);
}

// [MQTT-3.1.2-18] (3.1.1): User Name Flag 0 -> no User Name (extra bytes after the last field).
TEST(V311Normative, MQTT_3_1_2_18_no_user_name_without_flag) {
    refused<mqtt5::connect>(connect_311(0x02, "00 01 63 00 04 75 73 65 72"), errc::trailing_bytes, 15);
    const auto c = accepted<mqtt5::connect>(connect_311(0x02, "00 01 63"));
    EXPECT_FALSE(c.username.has_value());
}

// [MQTT-3.1.2-19] (3.1.1): User Name Flag 1 -> User Name present.
TEST(V311Normative, MQTT_3_1_2_19_user_name_with_flag) {
    refused<mqtt5::connect>(connect_311(0x82, "00 01 63"), errc::truncated, 15);
    refused<mqtt5::connect>(connect_311(0x82, "00 01 63 00 04 75"), errc::truncated, 18);
    const auto c = accepted<mqtt5::connect>(connect_311(0x82, "00 01 63 00 04 75 73 65 72"));
    EXPECT_EQ(c.username, std::optional<std::string_view>{"user"});
    auto e = make_connect();
    e.username = "";  // an empty User Name is present
    EXPECT_EQ(encode_hex(e), hex_of(connect_311(0x82, "00 01 63 00 00")));
}

// [MQTT-3.1.2-20] (3.1.1): Password Flag 0 -> no Password.
TEST(V311Normative, MQTT_3_1_2_20_no_password_without_flag) {
    refused<mqtt5::connect>(connect_311(0x82, "00 01 63 00 04 75 73 65 72 00 01 70"), errc::trailing_bytes, 21);
    const auto c = accepted<mqtt5::connect>(connect_311(0x82, "00 01 63 00 04 75 73 65 72"));
    EXPECT_FALSE(c.password.has_value());
}

// [MQTT-3.1.2-21] (3.1.1): Password Flag 1 -> Password present.
TEST(V311Normative, MQTT_3_1_2_21_password_with_flag) {
    refused<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 04 75 73 65 72"), errc::truncated, 21);
    refused<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 04 75 73 65 72 00 05 70"), errc::truncated, 24);
    const auto c = accepted<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 04 75 73 65 72 00 01 70"));
    ASSERT_TRUE(c.password.has_value());
    EXPECT_EQ(hex_of(*c.password), "70");
    (void)accepted<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 04 75 73 65 72 00 00"));  // empty Password
}

// [MQTT-3.1.2-22] (3.1.1): User Name Flag 0 -> Password Flag 0. The offending field is the Connect Flags byte.
// 3.1.1 only: v5 allows a Password without a User Name.
TEST(V311Normative, MQTT_3_1_2_22_password_needs_user_name) {
    refused<mqtt5::connect>(connect_311(0x42, "00 01 63 00 01 70"), errc::password_without_user_name, 9, close_connection,
                            d311_client);
    EXPECT_EQ(static_cast<unsigned>(mqtt5::default_reason(errc::password_without_user_name)), unsigned{MAL});
    (void)accepted<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 01 75 00 01 70"), d311_client);
    // The same flags are fine in v5.
    (void)accepted<mqtt5::connect>(hex("10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 01 63 00 01 70"), d5, e5);
    // ENC
    auto c = make_connect();
    const auto pw = hex("70");
    c.password = span_of(pw);
    EXPECT_EQ(encode_hex(c), refusal(errc::password_without_user_name));
    EXPECT_EQ(encode_hex(c, e5), "10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 01 63 00 01 70");
    c.username = "u";
    EXPECT_EQ(encode_hex(c), hex_of(connect_311(0xC2, "00 01 63 00 01 75 00 01 70")));
}

// [MQTT-3.1.3-1] (3.1.1): payload order ClientId, Will Topic, Will Message, User Name, Password.
TEST(V311Normative, MQTT_3_1_3_1_payload_order) {
    const std::string_view payload = "00 01 63 00 03 77 2F 74 00 03 00 FF 41 00 04 75 73 65 72 00 03 01 02 03";
    const auto wire = connect_311(0xEE, payload);
    const auto p = accepted<mqtt5::connect>(wire);
    EXPECT_EQ(p.client_id, "c");
    ASSERT_TRUE(p.will.has_value());
    EXPECT_EQ(p.will->topic, "w/t");
    EXPECT_EQ(hex_of(p.will->payload), "00 FF 41");
    EXPECT_EQ(p.will->qos, mqtt5::qos::at_least_once);
    EXPECT_TRUE(p.will->retain);
    EXPECT_EQ(p.username, std::optional<std::string_view>{"user"});
    ASSERT_TRUE(p.password.has_value());
    EXPECT_EQ(hex_of(*p.password), "01 02 03");
    auto c = make_connect();
    const auto msg = hex("00 FF 41");
    const auto pw = hex("01 02 03");
    c.will = mqtt5::will_message{.topic = "w/t", .payload = span_of(msg), .qos = mqtt5::qos::at_least_once, .retain = true};
    c.username = "user";
    c.password = span_of(pw);
    EXPECT_EQ(encode_hex(c), hex_of(wire));
}

// [MQTT-3.1.3-3] (3.1.1): the ClientId is always present and is the first payload field.
TEST(V311Normative, MQTT_3_1_3_3_client_id_always_present) {
    refused<mqtt5::connect>(hex("10 0A 00 04 4D 51 54 54 04 02 00 3C"), errc::truncated, 12);
    refused<mqtt5::connect>(hex("10 0B 00 04 4D 51 54 54 04 02 00 3C 00"), errc::truncated, 13);
    refused<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 05"), errc::truncated, 14);
    const auto c = accepted<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"));
    EXPECT_EQ(c.client_id, "");
}

// [MQTT-3.1.3-4] (3.1.1): the ClientId is a UTF-8 encoded string (§1.5.3).
TEST(V311Normative, MQTT_3_1_3_4_client_id_utf8) {
    refused<mqtt5::connect>(connect_311(0x02, "00 02 C0 AF"), errc::invalid_utf8, 12);
    refused<mqtt5::connect>(connect_311(0x02, "00 02 61 00"), errc::utf8_contains_null, 12);
    const auto c = accepted<mqtt5::connect>(connect_311(0x02, "00 04 E2 82 AC 31"));
    EXPECT_EQ(c.client_id, std::string_view("\xE2\x82\xAC" "1"));
    EXPECT_EQ(encode_hex(make_connect(std::string_view("\xC0\xAF", 2))), refusal(errc::invalid_utf8));
}

// [MQTT-3.1.3-5] (3.1.1): 1..23 bytes of [0-9a-zA-Z] MUST be allowed; longer ones and other characters MAY
// be: the codec itself never refuses them (POLICY). Up to the 65,535 a 2-byte length can say.
TEST(V311Normative, MQTT_3_1_3_5_client_id_lengths_are_policy) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{23}, std::size_t{24}, std::size_t{1000}, std::size_t{65535}}) {
        SCOPED_TRACE("length " + std::to_string(n));
        const std::string id(n, 'Z');
        const auto c = make_connect(id);
        bytes out(n + 32);
        const auto w = mqtt5::encode(c, std::span<std::byte>(out), e311);
        ASSERT_TRUE(w.has_value()) << show(w.error());
        out.resize(*w);
        const auto d = accepted<mqtt5::connect>(out, d311_client);
        EXPECT_EQ(d.client_id.size(), n);
    }
    // 65,535 bytes: RL 65,547 = 8B 80 04, ClientId length FF FF.
    const std::string longest(65535, 'Z');
    bytes out(65535 + 32);
    const auto w = mqtt5::encode(make_connect(longest), std::span<std::byte>(out), e311);
    ASSERT_TRUE(w.has_value()) << show(w.error());
    EXPECT_EQ(*w, 65551u);
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(16)), "10 8B 80 04 00 04 4D 51 54 54 04 02 00 3C FF FF");
    // Characters outside [0-9a-zA-Z] are the Server's choice too.
    for (const std::string_view id : {"client-1", "a b", "dev/+/#", "\xC3\xA9t\xC3\xA9", "$SYS"}) {
        (void)accepted<mqtt5::connect>(connect_311(0x02, length_prefix(id.size()) + " " + hex_of(test_util::from_text(id))),
                                       d311_client);
    }
}

// [MQTT-3.1.3-6] (3.1.1): a Server MAY accept a zero-byte ClientId (with CleanSession 1): the decoder does.
TEST(V311Normative, MQTT_3_1_3_6_zero_byte_client_id_accepted) {
    const auto c = accepted<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"), d311_client);
    EXPECT_TRUE(c.client_id.empty());
    EXPECT_TRUE(c.clean_start);
}

// [MQTT-3.1.3-7] (3.1.1): a Client with a zero-byte ClientId sets CleanSession 1 (ENC).
TEST(V311Normative, MQTT_3_1_3_7_encoder_zero_byte_client_id_needs_clean_session) {
    EXPECT_EQ(encode_hex(make_connect("", false)), refusal(errc::client_id_empty_without_clean_session));
    EXPECT_EQ(encode_hex(make_connect("", true)), "10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00");
    EXPECT_EQ(encode_hex(make_connect("c", false)), "10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63");
    // v5 allows a zero-length ClientId with any Clean Start.
    EXPECT_EQ(encode_hex(make_connect("", false), e5), "10 0D 00 04 4D 51 54 54 05 00 00 3C 00 00 00");
}

// [MQTT-3.1.3-8] (3.1.1): zero-byte ClientId with CleanSession 0 -> CONNACK 0x02, then close. The offending
// field is the ClientId (12).
TEST(V311Normative, MQTT_3_1_3_8_zero_byte_client_id_clean_session_0_connack_0x02) {
    refused<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 00 00 3C 00 00"), errc::client_id_empty_without_clean_session, 12,
                            0x02, d311_client);
    refused<mqtt5::connect>(connect_311(0x04, "00 00 00 01 77 00 00"), errc::client_id_empty_without_clean_session, 12, 0x02);
    EXPECT_EQ(static_cast<unsigned>(mqtt5::default_reason(errc::client_id_empty_without_clean_session)), unsigned{PE});
    (void)accepted<mqtt5::connect>(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"));
    (void)accepted<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63"));
}

// [MQTT-3.1.3-9] (3.1.1): a Server that rejects a ClientId answers CONNACK 0x02 and closes. POLICY: the codec
// gives the ClientId and names 0x02 for its own ClientId rules; the Server writes 20 02 00 02.
TEST(V311Normative, MQTT_3_1_3_9_rejected_client_id_connack_0x02) {
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::client_id_empty_without_clean_session)), 0x02);
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::client_id_length_v31)), 0x02);
    mqtt5::connack c{};
    c.return_code = mqtt5::connack_return_code::identifier_rejected;
    EXPECT_EQ(encode_hex(c), "20 02 00 02");
    c.session_present = true;  // [MQTT-3.2.2-4] (3.1.1)
    EXPECT_EQ(encode_hex(c), refusal(errc::session_present_with_error));
    EXPECT_EQ(mqtt5::to_string(mqtt5::connack_return_code::identifier_rejected), "Connection Refused, identifier rejected");
}

// [MQTT-3.1.3-10] (3.1.1): the Will Topic is a UTF-8 encoded string.
TEST(V311Normative, MQTT_3_1_3_10_will_topic_utf8) {
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 02 C0 AF 00 00"), errc::invalid_utf8, 15);
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 02 61 00 00 00"), errc::utf8_contains_null, 15);
    (void)accepted<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 E2 82 AC 00 00"));
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = std::string_view("\xED\xA0\x80", 3)};
    EXPECT_EQ(encode_hex(c), refusal(errc::invalid_utf8));
}

// [MQTT-3.1.3-11] (3.1.1): the User Name is a UTF-8 encoded string.
TEST(V311Normative, MQTT_3_1_3_11_user_name_utf8) {
    refused<mqtt5::connect>(connect_311(0x82, "00 01 63 00 02 C0 AF"), errc::invalid_utf8, 15);
    refused<mqtt5::connect>(connect_311(0x82, "00 01 63 00 01 00"), errc::utf8_contains_null, 15);
    auto c = make_connect();
    c.username = std::string_view("\xF8\x88\x80\x80\x80", 5);
    EXPECT_EQ(encode_hex(c), refusal(errc::invalid_utf8));
    // The Password is binary: any bytes.
    (void)accepted<mqtt5::connect>(connect_311(0xC2, "00 01 63 00 01 75 00 03 C0 AF 00"));
}

// [MQTT-3.1.4-1] (3.1.1): the Server checks the whole CONNECT against §3.1 and closes WITHOUT a CONNACK when it
// does not conform: every such errc maps to close.
TEST(V311Normative, MQTT_3_1_4_1_nonconforming_connect_closes_without_connack) {
    (void)accepted<mqtt5::connect>(connect_311(0xCE, "00 01 63 00 03 77 2F 74 00 03 00 FF 41 00 04 75 73 65 72 00 03 01 02 03"),
                                   d311_client);
    refused<mqtt5::connect>(connect_311(0x02, "00 01 63 FF"), errc::trailing_bytes, 15, close_connection, d311_client);
    refused<mqtt5::connect>(connect_311(0x02, "00 01 63"), errc::wrong_direction, 0, close_connection, d311_server);
    for (const errc e : {errc::invalid_protocol_name, errc::connect_reserved_flag, errc::will_qos_invalid, errc::will_qos_without_will,
                         errc::will_retain_without_will, errc::will_topic_invalid, errc::password_without_user_name,
                         errc::invalid_utf8, errc::utf8_contains_null, errc::truncated, errc::trailing_bytes, errc::topic_empty}) {
        EXPECT_EQ(code_of(mqtt5::v311_connack_code(e)), close_connection) << name_of(e);
    }
}

// =====================================================================================================
// CONNACK (§3.2.2)
// =====================================================================================================

// [MQTT-3.2.2-4] (3.1.1): a non-zero return code has Session Present 0 (ENC; decode CLOSE*). The offending
// field is the Connect Acknowledge Flags byte (2).
TEST(V311Normative, MQTT_3_2_2_4_session_present_with_error) {
    for (unsigned rc = 1; rc <= 5; ++rc) {
        refused<mqtt5::connack>(with_byte("20 02 01", static_cast<std::uint8_t>(rc), ""), errc::session_present_with_error, 2,
                                close_connection, d311_server);
        (void)accepted<mqtt5::connack>(with_byte("20 02 00", static_cast<std::uint8_t>(rc), ""), d311_server);
    }
    const auto c = accepted<mqtt5::connack>(hex("20 02 01 00"), d311_server);
    EXPECT_TRUE(c.session_present);
    mqtt5::connack e{};
    e.session_present = true;
    e.return_code = mqtt5::connack_return_code::server_unavailable;
    EXPECT_EQ(encode_hex(e), refusal(errc::session_present_with_error));
}

// =====================================================================================================
// PUBLISH (§3.3, §4.3.1). Topic Name at 2.
// =====================================================================================================

// [MQTT-3.3.1-2] (3.1.1): DUP is 0 for QoS 0 (ENC; decode CLOSE*).
TEST(V311Normative, MQTT_3_3_1_2_dup_with_qos_0) {
    refused<mqtt5::publish>(hex("38 05 00 03 61 2F 62"), errc::dup_with_qos_0, 0);
    refused<mqtt5::publish>(hex("39 05 00 03 61 2F 62"), errc::dup_with_qos_0, 0);
    const auto p = accepted<mqtt5::publish>(hex("3A 07 00 03 61 2F 62 00 01"));
    EXPECT_TRUE(p.dup);
    auto q = make_publish("a/b");
    q.dup = true;
    EXPECT_EQ(encode_hex(q), refusal(errc::dup_with_qos_0));
}

// [MQTT-3.3.1-4] (3.1.1): QoS bits 11 -> close.
TEST(V311Normative, MQTT_3_3_1_4_qos_3_closes) {
    for (const std::string_view s : {"36 07 00 03 61 2F 62 00 01", "37 07 00 03 61 2F 62 00 01", "3E 07 00 03 61 2F 62 00 01",
                                     "3F 07 00 03 61 2F 62 00 01", "36 05 00 03 61 2F 62"}) {
        refused<mqtt5::publish>(hex(s), errc::publish_qos_invalid, 0);
    }
    EXPECT_EQ(encode_hex(make_publish("a/b", static_cast<mqtt5::qos>(3), 1)), refusal(errc::publish_qos_invalid));
}

// [MQTT-3.3.2-1] (3.1.1): the Topic Name is the first variable-header field and a UTF-8 encoded string.
TEST(V311Normative, MQTT_3_3_2_1_topic_name_first_and_utf8) {
    const auto p = accepted<mqtt5::publish>(hex("32 07 00 03 61 2F 62 00 0A"));
    EXPECT_EQ(p.topic, "a/b");
    EXPECT_EQ(p.packet_id, 10u);
    refused<mqtt5::publish>(hex("30 04 00 02 C3 28"), errc::invalid_utf8, 2);
    refused<mqtt5::publish>(hex("30 03 00 05 61"), errc::truncated, 5);
    refused<mqtt5::publish>(hex("30 01 00"), errc::truncated, 3);
    refused<mqtt5::publish>(hex("32 05 00 03 61 2F 62"), errc::truncated, 7);  // QoS 1 without its Packet Identifier
    EXPECT_EQ(encode_hex(make_publish(std::string_view("\xC3\x28", 2))), refusal(errc::invalid_utf8));
}

// [MQTT-3.3.2-2] (3.1.1): no wildcard characters in the Topic Name (CLOSE*).
TEST(V311Normative, MQTT_3_3_2_2_topic_name_no_wildcards) {
    refused<mqtt5::publish>(hex("30 05 00 03 61 2F 2B"), errc::topic_name_has_wildcard, 2);
    refused<mqtt5::publish>(hex("30 03 00 01 23"), errc::topic_name_has_wildcard, 2);
    refused<mqtt5::publish>(hex("32 07 00 03 61 2F 23 00 01"), errc::topic_name_has_wildcard, 2, close_connection, d311_server);
    refused<mqtt5::publish>(hex("30 05 00 03 61 2B 62"), errc::topic_name_has_wildcard, 2);
    for (const std::string_view t : {"a/+", "#", "+", "a#b"}) {
        EXPECT_EQ(encode_hex(make_publish(t)), refusal(errc::topic_name_has_wildcard)) << t;
    }
}

// [MQTT-4.3.1-1] (3.1.1): the QoS 0 sender sends QoS 0 and DUP 0.
TEST(V311Normative, MQTT_4_3_1_1_qos0_sender_writes_dup_0) {
    EXPECT_EQ(encode_hex(make_publish("a/b")), "30 05 00 03 61 2F 62");
    auto p = make_publish("a/b");
    p.dup = true;
    EXPECT_EQ(encode_hex(p), refusal(errc::dup_with_qos_0));
    p.retain = true;
    p.dup = false;
    EXPECT_EQ(encode_hex(p), "31 05 00 03 61 2F 62");
}

// =====================================================================================================
// PUBREL, SUBSCRIBE, SUBACK, UNSUBSCRIBE, DISCONNECT
// =====================================================================================================

namespace {
// Each first-byte value of `type` other than 0010 is malformed (MAL) and closes; 0010 decodes.
void only_flags_0010(std::uint8_t type_bits, std::string_view rest, const mqtt5::decode_options& d) {
    for (unsigned f = 0; f < 16; ++f) {
        const auto b = with_byte("", static_cast<std::uint8_t>(type_bits | f), rest);
        if (f == 2) {
            const auto any = mqtt5::decode(view(b), d);
            EXPECT_TRUE(any.has_value()) << hex_of(b) << ": " << show(any.error());
        } else {
            refused<void>(b, errc::invalid_fixed_header_flags, 0, close_connection, d);
            EXPECT_EQ(static_cast<unsigned>(mqtt5::default_reason(errc::invalid_fixed_header_flags)), unsigned{MAL});
        }
    }
}
}  // namespace

// [MQTT-3.6.1-1] (3.1.1): PUBREL flags 0010; otherwise malformed, close.
TEST(V311Normative, MQTT_3_6_1_1_pubrel_flags) {
    only_flags_0010(0x60, "02 00 01", d311_client);
    only_flags_0010(0x60, "02 00 01", d311_server);  // a Client receiving it: [MQTT-2.2.2-2] (3.1.1)
    mqtt5::pubrel r{};
    r.packet_id = 1;
    EXPECT_EQ(encode_hex(r), "62 02 00 01");
}

// [MQTT-3.8.1-1] (3.1.1): SUBSCRIBE flags 0010; otherwise malformed, close.
TEST(V311Normative, MQTT_3_8_1_1_subscribe_flags) { only_flags_0010(0x80, "06 00 01 00 01 61 00", d311_client); }

// [MQTT-3.8.3-1] (3.1.1): every SUBSCRIBE Topic Filter is a UTF-8 encoded string.
TEST(V311Normative, MQTT_3_8_3_1_subscribe_filter_utf8) {
    refused<mqtt5::subscribe>(hex("82 06 00 01 00 01 FF 00"), errc::invalid_utf8, 4, close_connection, d311_client);
    refused<mqtt5::subscribe>(hex("82 0A 00 01 00 01 61 00 00 01 C0 00"), errc::invalid_utf8, 8);  // the second one
    refused<mqtt5::subscribe>(hex("82 06 00 01 00 01 00 00"), errc::utf8_contains_null, 4);
    refused<mqtt5::subscribe>(hex("82 06 00 01 00 05 61 00"), errc::truncated, 8);  // length past the end
    (void)accepted<mqtt5::subscribe>(hex("82 0A 00 01 00 01 61 00 00 01 62 01"));
    const std::array<mqtt5::subscription, 2> subs{mqtt5::subscription{.topic_filter = "a"},
                                                  mqtt5::subscription{.topic_filter = std::string_view("\xC0\xAF", 2)}};
    EXPECT_EQ(encode_hex(make_subscribe(subs)), refusal(errc::invalid_utf8));
}

// [MQTT-3.8.3-3] (3.1.1): at least one Topic Filter / QoS pair; an empty payload is a protocol violation.
// The offset is where the first pair should start (the end of the packet).
TEST(V311Normative, MQTT_3_8_3_3_subscribe_not_empty) {
    refused<mqtt5::subscribe>(hex("82 02 00 01"), errc::no_topic_filters, 4, close_connection, d311_client);
    mqtt5::subscribe s{};
    s.packet_id = 1;
    EXPECT_EQ(encode_hex(s), refusal(errc::no_topic_filters));
    (void)accepted<mqtt5::subscribe>(hex("82 06 00 01 00 01 61 00"));
}

// [MQTT-3.8.3-4] (3.1.1): Requested QoS bits 7-2 are 0 and QoS is 0, 1 or 2; otherwise malformed, close. In
// 3.1.1 the v5 option bits (No Local, Retain As Published, Retain Handling) are reserved bits. The offending
// field is the Requested QoS byte.
TEST(V311Normative, MQTT_3_8_3_4_requested_qos_byte) {
    for (unsigned v = 0; v < 256; ++v) {
        SCOPED_TRACE("Requested QoS byte " + std::to_string(v));
        const auto b = with_byte("82 06 00 01 00 01 61", static_cast<std::uint8_t>(v), "");
        if (v <= 2) {
            const auto s = accepted<mqtt5::subscribe>(b, d311_client);
            ASSERT_EQ(s.subscriptions.size(), 1u);
            EXPECT_EQ(static_cast<unsigned>((*s.subscriptions.begin()).max_qos), v);
        } else {
            refused<mqtt5::subscribe>(b, errc::requested_qos_invalid, 7, close_connection, d311_client);
        }
    }
    refused<mqtt5::subscribe>(hex("82 0A 00 01 00 01 61 00 00 01 62 04"), errc::requested_qos_invalid, 11);
    EXPECT_EQ(static_cast<unsigned>(mqtt5::default_reason(errc::requested_qos_invalid)), unsigned{MAL});
    // ENC: QoS 3 (the same rule) and the v5-only options.
    const std::array<mqtt5::subscription, 1> q3{mqtt5::subscription{.topic_filter = "a", .max_qos = static_cast<mqtt5::qos>(3)}};
    EXPECT_EQ(encode_hex(make_subscribe(q3)), refusal(errc::requested_qos_invalid));
    const std::array<mqtt5::subscription, 1> nl{mqtt5::subscription{.topic_filter = "a", .no_local = true}};
    EXPECT_EQ(encode_hex(make_subscribe(nl)), refusal(errc::subscription_option_not_in_v311));
}

// [MQTT-3.9.3-2] (3.1.1): SUBACK return codes are 0x00, 0x01, 0x02, 0x80 only (ENC; decode CLOSE*). Decode:
// invalid_reason_code at the code's byte; encode: reason_code_not_in_v311 (contract).
TEST(V311Normative, MQTT_3_9_3_2_suback_return_codes) {
    std::array<mqtt5::reason_code, 1> rc{};
    for (unsigned v = 0; v < 256; ++v) {
        SCOPED_TRACE("return code " + std::to_string(v));
        const auto b = with_byte("90 03 00 01", static_cast<std::uint8_t>(v), "");
        rc[0] = static_cast<mqtt5::reason_code>(v);
        mqtt5::suback s{};
        s.packet_id = 1;
        s.reason_codes = rc;
        if (v <= 2 || v == 0x80) {
            (void)accepted<mqtt5::suback>(b, d311_server);
            EXPECT_EQ(encode_hex(s), hex_of(b));
        } else {
            refused<mqtt5::suback>(b, errc::invalid_reason_code, 4, close_connection, d311_server);
            EXPECT_EQ(encode_hex(s), refusal(errc::reason_code_not_in_v311));
        }
    }
    refused<mqtt5::suback>(hex("90 04 00 01 00 83"), errc::invalid_reason_code, 5);  // the second code
}

// [MQTT-3.10.1-1] (3.1.1): UNSUBSCRIBE flags 0010; otherwise malformed, close.
TEST(V311Normative, MQTT_3_10_1_1_unsubscribe_flags) { only_flags_0010(0xA0, "05 00 01 00 01 61", d311_client); }

// [MQTT-3.10.3-1] (3.1.1): every UNSUBSCRIBE Topic Filter is a UTF-8 encoded string.
TEST(V311Normative, MQTT_3_10_3_1_unsubscribe_filter_utf8) {
    refused<mqtt5::unsubscribe>(hex("A2 05 00 01 00 01 FF"), errc::invalid_utf8, 4, close_connection, d311_client);
    refused<mqtt5::unsubscribe>(hex("A2 08 00 01 00 01 61 00 01 00"), errc::utf8_contains_null, 7);
    refused<mqtt5::unsubscribe>(hex("A2 05 00 01 00 02 61"), errc::truncated, 7);
    (void)accepted<mqtt5::unsubscribe>(hex("A2 08 00 01 00 01 61 00 01 62"));
    const std::array<std::string_view, 1> filters{std::string_view("\xE0\x80\xAF", 3)};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters)), refusal(errc::invalid_utf8));
}

// [MQTT-3.10.3-2] (3.1.1): at least one Topic Filter; an empty payload is a protocol violation.
TEST(V311Normative, MQTT_3_10_3_2_unsubscribe_not_empty) {
    refused<mqtt5::unsubscribe>(hex("A2 02 00 01"), errc::no_topic_filters, 4, close_connection, d311_client);
    mqtt5::unsubscribe u{};
    u.packet_id = 1;
    EXPECT_EQ(encode_hex(u), refusal(errc::no_topic_filters));
}

// [MQTT-3.14.1-1] (3.1.1): DISCONNECT reserved bits are 0; the Server disconnects the Client otherwise.
TEST(V311Normative, MQTT_3_14_1_1_disconnect_flags) {
    for (unsigned f = 1; f < 16; ++f) {
        refused<mqtt5::disconnect>(with_byte("", static_cast<std::uint8_t>(0xE0u | f), "00"), errc::invalid_fixed_header_flags, 0,
                                   close_connection, d311_client);
    }
    (void)accepted<mqtt5::disconnect>(hex("E0 00"), d311_client);
}

// =====================================================================================================
// Topic Names and Topic Filters (§4.7). In 3.1.1 "$share/..." is an ordinary filter.
// =====================================================================================================

// [MQTT-4.7.1-1] (3.1.1): wildcards in Topic Filters, never in Topic Names.
TEST(V311Normative, MQTT_4_7_1_1_wildcards_only_in_filters) {
    (void)accepted<mqtt5::subscribe>(hex("82 08 00 01 00 03 2B 2F 23 01"));
    (void)accepted<mqtt5::unsubscribe>(hex("A2 07 00 01 00 03 61 2F 2B"));
    refused<mqtt5::publish>(hex("30 05 00 03 61 2F 2B"), errc::topic_name_has_wildcard, 2);
    refused<mqtt5::publish>(hex("30 05 00 03 61 2F 23"), errc::topic_name_has_wildcard, 2);
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = "+/#"}};
    EXPECT_EQ(encode_hex(make_subscribe(subs)), "82 08 00 01 00 03 2B 2F 23 00");
    EXPECT_EQ(encode_hex(make_publish("+/#")), refusal(errc::topic_name_has_wildcard));
}

// [MQTT-4.7.1-2] (3.1.1): '#' alone or after '/', and the last character of the filter.
TEST(V311Normative, MQTT_4_7_1_2_hash_placement) {
    for (const std::string_view f : {"#", "a/#", "/#", "+/#", "$share/g/#"}) {
        const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = f}};
        const auto s = encode_hex(make_subscribe(subs));
        ASSERT_EQ(s.rfind("refused", 0), std::string::npos) << f << ": " << s;
        (void)accepted<mqtt5::subscribe>(hex(s));
    }
    refused<mqtt5::subscribe>(hex("82 0A 00 01 00 05 61 2F 23 2F 62 00"), errc::topic_filter_invalid_hash, 4);
    refused<mqtt5::subscribe>(hex("82 07 00 01 00 02 61 23 00"), errc::topic_filter_invalid_hash, 4);
    refused<mqtt5::unsubscribe>(hex("A2 06 00 01 00 02 23 2F"), errc::topic_filter_invalid_hash, 4);
    refused<mqtt5::unsubscribe>(hex("A2 09 00 01 00 01 61 00 02 23 61"), errc::topic_filter_invalid_hash, 7);
    const std::array<mqtt5::subscription, 1> bad{mqtt5::subscription{.topic_filter = "a#"}};
    EXPECT_EQ(encode_hex(make_subscribe(bad)), refusal(errc::topic_filter_invalid_hash));
    const std::array<std::string_view, 1> filters{"#/a"};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters)), refusal(errc::topic_filter_invalid_hash));
}

// [MQTT-4.7.1-3] (3.1.1): '+' occupies a whole level.
TEST(V311Normative, MQTT_4_7_1_3_plus_placement) {
    (void)accepted<mqtt5::subscribe>(hex("82 08 00 01 00 03 2B 2F 2B 00"));
    (void)accepted<mqtt5::subscribe>(hex("82 0A 00 01 00 05 61 2F 2B 2F 62 00"));
    refused<mqtt5::subscribe>(hex("82 07 00 01 00 02 61 2B 00"), errc::topic_filter_invalid_plus, 4);
    refused<mqtt5::unsubscribe>(hex("A2 06 00 01 00 02 2B 61"), errc::topic_filter_invalid_plus, 4);
    const std::array<mqtt5::subscription, 1> bad{mqtt5::subscription{.topic_filter = "a/b+/c"}};
    EXPECT_EQ(encode_hex(make_subscribe(bad)), refusal(errc::topic_filter_invalid_plus));
}

// [MQTT-4.7.3-1] (3.1.1): Topic Names and Topic Filters are at least one character. 3.1.1 has no Topic Alias,
// so an empty PUBLISH Topic Name is topic_empty (contract).
TEST(V311Normative, MQTT_4_7_3_1_topics_not_empty) {
    refused<mqtt5::publish>(hex("30 02 00 00"), errc::topic_empty, 2);
    refused<mqtt5::publish>(hex("32 04 00 00 00 01"), errc::topic_empty, 2);
    refused<mqtt5::subscribe>(hex("82 05 00 01 00 00 00"), errc::topic_empty, 4);
    refused<mqtt5::unsubscribe>(hex("A2 04 00 01 00 00"), errc::topic_empty, 4);
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 00 00 00"), errc::topic_empty, 15);  // the Will Topic
    (void)accepted<mqtt5::publish>(hex("30 03 00 01 2F"));                                      // "/" is one character
    EXPECT_EQ(encode_hex(make_publish("")), refusal(errc::topic_empty));
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = ""}};
    EXPECT_EQ(encode_hex(make_subscribe(subs)), refusal(errc::topic_empty));
    const std::array<std::string_view, 1> filters{""};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters)), refusal(errc::topic_empty));
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = ""};
    EXPECT_EQ(encode_hex(c), refusal(errc::topic_empty));
}

// [MQTT-4.7.3-2] (3.1.1): no U+0000 in Topic Names and Topic Filters.
TEST(V311Normative, MQTT_4_7_3_2_topics_no_nul) {
    refused<mqtt5::publish>(hex("30 05 00 03 61 00 62"), errc::utf8_contains_null, 2);
    refused<mqtt5::subscribe>(hex("82 06 00 01 00 01 00 00"), errc::utf8_contains_null, 4);
    refused<mqtt5::unsubscribe>(hex("A2 05 00 01 00 01 00"), errc::utf8_contains_null, 4);
    EXPECT_EQ(encode_hex(make_publish(std::string_view("\0", 1))), refusal(errc::utf8_contains_null));
}

// [MQTT-4.7.3-3] (3.1.1): Topic Names and Topic Filters encode to at most 65,535 bytes (ENC).
TEST(V311Normative, MQTT_4_7_3_3_topics_at_most_65535_bytes) {
    const std::string max(65535, 't'), over(65536, 't');
    const auto p = make_publish(max);
    bytes out(65535 + 16);
    const auto n = mqtt5::encode(p, std::span<std::byte>(out), e311);
    ASSERT_TRUE(n.has_value()) << show(n.error());
    out.resize(*n);
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(6)), "30 81 80 04 FF FF");  // RL 65,537
    EXPECT_EQ(accepted<mqtt5::publish>(out).topic.size(), 65535u);
    EXPECT_EQ(encode_hex(make_publish(over)), refusal(errc::string_too_long));
    const std::array<mqtt5::subscription, 1> subs{mqtt5::subscription{.topic_filter = over}};
    EXPECT_EQ(encode_hex(make_subscribe(subs)), refusal(errc::string_too_long));
    const std::array<std::string_view, 1> filters{over};
    EXPECT_EQ(encode_hex(make_unsubscribe(filters)), refusal(errc::string_too_long));
}

// =====================================================================================================
// spec/v311.md part 4: codec rules without a statement id (3.1.1)
// =====================================================================================================

// §3.2.1, §3.4.1-§3.7.1, §3.11.1: Remaining Length exactly 2; §3.12.1-§3.14.1: exactly 0. A longer packet
// has trailing bytes (at the first one); a shorter one truncates a field (at the end of the packet).
TEST(V311Normative, Part4_remaining_length_fixed_at_2_and_0) {
    for (const std::string_view first : {"20", "40", "50", "62", "70", "B0"}) {
        SCOPED_TRACE(std::string(first));
        const std::string f(first);
        refused<void>(hex(f + " 03 00 01 00"), errc::trailing_bytes, 4);
        refused<void>(hex(f + " 04 00 01 00 00"), errc::trailing_bytes, 4);
        refused<void>(hex(f + " 01 00"), errc::truncated, 3);
        refused<void>(hex(f + " 00"), errc::truncated, 2);
    }
    for (const std::string_view first : {"C0", "D0", "E0"}) {
        SCOPED_TRACE(std::string(first));
        const std::string f(first);
        refused<void>(hex(f + " 01 00"), errc::trailing_bytes, 2);
        refused<void>(hex(f + " 02 00 00"), errc::trailing_bytes, 2);
    }
}

// §2.2.3: at most 4 bytes of Remaining Length; FF FF FF 7F (268,435,455) is a valid value.
TEST(V311Normative, Part4_remaining_length_at_most_4_bytes) {
    refused<mqtt5::publish>(hex("30 FF FF FF FF 01"), errc::varint_too_long, 1);
    refused<mqtt5::publish>(hex("30 FF FF FF 7F 00 03 61 2F 62"), errc::incomplete_packet, 10);
}

// §2.2.3: 3.1.1 has no minimal-encoding rule for the Remaining Length (v5 adds [MQTT-1.5.5-1]); the
// receiver accepts a longer form, and a decoded packet re-encodes to its input. A packet built by hand is
// written in the shortest form.
TEST(V311Normative, Part4_non_minimal_remaining_length_accepted) {
    (void)accepted<mqtt5::pingreq>(hex("C0 80 00"));
    (void)accepted<mqtt5::disconnect>(hex("E0 80 80 80 00"), d311_client);
    const auto p = accepted<mqtt5::publish>(hex("30 85 80 00 00 03 61 2F 62"));
    EXPECT_EQ(p.topic, "a/b");
    (void)accepted<mqtt5::puback>(hex("40 82 00 00 01"));
    (void)accepted<mqtt5::connect>(hex("10 8D 00 00 04 4D 51 54 54 04 02 00 3C 00 01 63"));
    EXPECT_EQ(encode_hex(make_publish("a/b")), "30 05 00 03 61 2F 62");
    // v5 keeps its rule.
    const auto v5 = hex("C0 80 00");
    const auto r = mqtt5::decode(view(v5), d5);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, errc::varint_not_minimal);
}

// §2.2.1 Table 2.1: packet types 0 and 15 are forbidden in 3.1.1 (and 3.1).
TEST(V311Normative, Part4_packet_types_0_and_15_forbidden) {
    refused<void>(hex("00 00"), errc::reserved_packet_type, 0);
    refused<mqtt5::auth>(hex("F0 00"), errc::reserved_packet_type, 0);
    refused<mqtt5::auth>(hex("F0 00"), errc::reserved_packet_type, 0, close_connection, d31);
    refused<void>(hex("F0 02 00 00"), errc::reserved_packet_type, 0);
    (void)accepted<mqtt5::auth>(hex("F0 00"), d5, e5);  // AUTH in v5
}

// §3.2.2.1: Connect Acknowledge Flags bits 7-1 are reserved and 0.
TEST(V311Normative, Part4_connack_reserved_flags) {
    for (const unsigned f : {0x02u, 0x04u, 0x80u, 0xFEu}) {
        refused<mqtt5::connack>(with_byte("20 02", static_cast<std::uint8_t>(f), "00"), errc::connack_reserved_flags, 2,
                                close_connection, d311_server);
    }
}

// §3.2.2.3: return codes 6-255 are reserved. The offending field is the return code (3).
TEST(V311Normative, Part4_connack_return_codes_6_to_255) {
    for (unsigned v = 0; v < 256; ++v) {
        const auto b = with_byte("20 02 00", static_cast<std::uint8_t>(v), "");
        if (v <= 5) {
            const auto c = accepted<mqtt5::connack>(b, d311_server);
            EXPECT_EQ(static_cast<unsigned>(c.return_code), v);
        } else {
            refused<mqtt5::connack>(b, errc::connack_return_code_invalid, 3, close_connection, d311_server);
        }
    }
    EXPECT_EQ(static_cast<unsigned>(mqtt5::default_reason(errc::connack_return_code_invalid)), unsigned{PE});
}

// §2.2.1 Table 2.1 (direction of flow): CONNECT, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT only from the
// Client; CONNACK, SUBACK, UNSUBACK, PINGRESP only from the Server. In 3.1.1 a Server never sends DISCONNECT.
TEST(V311Normative, Part4_direction_of_flow) {
    const std::array<std::string_view, 5> client_only{"10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63", "82 06 00 01 00 01 61 00",
                                                      "A2 05 00 01 00 01 61", "C0 00", "E0 00"};
    const std::array<std::string_view, 4> server_only{"20 02 00 00", "90 03 00 01 00", "B0 02 00 01", "D0 00"};
    const std::array<std::string_view, 6> both{"30 05 00 03 61 2F 62", "40 02 00 01", "50 02 00 01", "62 02 00 01", "70 02 00 01",
                                               "34 07 00 03 61 2F 62 00 01"};
    for (const auto s : client_only) {
        EXPECT_TRUE(mqtt5::decode(view(hex(s)), d311_client).has_value()) << s;
        refused<void>(hex(s), errc::wrong_direction, 0, close_connection, d311_server);
    }
    for (const auto s : server_only) {
        EXPECT_TRUE(mqtt5::decode(view(hex(s)), d311_server).has_value()) << s;
        refused<void>(hex(s), errc::wrong_direction, 0, close_connection, d311_client);
    }
    for (const auto s : both) {
        EXPECT_TRUE(mqtt5::decode(view(hex(s)), d311_client).has_value()) << s;
        EXPECT_TRUE(mqtt5::decode(view(hex(s)), d311_server).has_value()) << s;
    }
}

// §3.1.3.2 (inference, spec/v311.md part 4): the Will Topic follows the Topic Name rules: no wildcards
// (will_topic_invalid), at least one character (topic_empty, in MQTT_4_7_3_1).
TEST(V311Normative, Part4_will_topic_rules) {
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 01 23 00 00"), errc::will_topic_invalid, 15);
    refused<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 61 2F 2B 00 00"), errc::will_topic_invalid, 15);
    (void)accepted<mqtt5::connect>(connect_311(0x06, "00 01 63 00 03 61 2F 62 00 00"));
    auto c = make_connect();
    c.will = mqtt5::will_message{.topic = "a/#"};
    EXPECT_EQ(encode_hex(c), refusal(errc::will_topic_invalid));
}

// §2.4 Table 2.6: SUBACK requires a payload (at least one return code). The offset is the end of the packet.
TEST(V311Normative, Part4_suback_needs_a_return_code) {
    refused<mqtt5::suback>(hex("90 02 00 01"), errc::no_reason_codes, 4, close_connection, d311_server);
    mqtt5::suback s{};
    s.packet_id = 1;
    EXPECT_EQ(encode_hex(s), refusal(errc::no_reason_codes));
}

// §3.3.3: a PUBLISH payload may be zero bytes. §4.7: topic syntax that must be accepted.
TEST(V311Normative, Part4_empty_payload_and_topic_syntax_accepted) {
    EXPECT_EQ(accepted<mqtt5::publish>(hex("30 05 00 03 61 2F 62")).payload.size(), 0u);
    for (const std::string_view t : {"/", "a//b", "/a/", " a b ", "$SYS/x", "A/b", "\xE2\x82\xAC", "$share/g/a"}) {
        const auto s = encode_hex(make_publish(t));
        ASSERT_EQ(s.rfind("refused", 0), std::string::npos) << t << ": " << s;
        EXPECT_EQ(accepted<mqtt5::publish>(hex(s)).topic, t);
    }
}
