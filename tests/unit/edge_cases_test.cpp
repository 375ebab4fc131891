// Conformance tests for the 122 decoder edge cases of spec/edge_cases.md (MQTT v5.0).
//
// Every case with a v5 expectation has a test named Case<NN>_<short_name>. The hex vectors are copied from
// edge_cases.md. Expected results:
//   valid       -> decode succeeds, the stated fields match, and encode(decode(x)) == x;
//   MAL / MAL*  -> error().reason == 0x81, PE / PE* -> 0x82 (or the specific code named), and error().code is
//                  the errc the headers document for the rule (error.hpp), and error().offset follows the rule
//                  of error.hpp: the first byte of the offending field counted from the packet's first byte;
//                  for a truncation, the end of the data that must contain the field;
//   CTX         -> the stateless decoder decodes cleanly.
// Cases 74 and 111 have no v5 expectation (3.1.1 only); they get a test of the documented level-4 refusal.

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "conformance_helpers.hpp"
#include "mqtt5.hpp"

namespace {

using namespace conformance;

// ---- framer helpers ----------------------------------------------------------------------------------

struct framed {
    std::vector<bytes> packets{};
    std::vector<std::size_t> stream_offsets{};
    bool failed{};
    mqtt5::error err{};
    std::size_t need_more_count{};
};

// Feeds `chunks` one after the other, taking every packet out after each feed.
framed run_framer(mqtt5::framer& f, const std::vector<std::span<const std::byte>>& chunks) {
    framed out;
    for (const auto& chunk : chunks) {
        f.feed(chunk);
        for (;;) {
            const auto r = f.next();
            if (r.status == mqtt5::frame_status::packet) {
                out.packets.emplace_back(r.packet.begin(), r.packet.end());
                out.stream_offsets.push_back(r.stream_offset);
                continue;
            }
            if (r.status == mqtt5::frame_status::error) {
                out.failed = true;
                out.err = r.err;
                return out;
            }
            ++out.need_more_count;
            break;
        }
    }
    return out;
}

}  // namespace

// =====================================================================================================
// A. Framing: fixed header, Remaining Length, streaming
// =====================================================================================================

TEST(EdgeCases, Case01_RemainingLengthFiveBytes) {
    // MAL: a Variable Byte Integer has at most 4 bytes (§1.5.5). The Remaining Length field starts at 1.
    expect_decode_error<mqtt5::publish>(hex("30 FF FF FF FF 01"), errc::varint_too_long, MAL, 1);
    // The framer refuses the stream as well.
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    const auto b = hex("30 FF FF FF FF 01");
    const auto r = run_framer(f, {view(b)});
    EXPECT_TRUE(r.failed);
    EXPECT_EQ(mqtt5::to_string(r.err.code), mqtt5::to_string(errc::varint_too_long));
    EXPECT_EQ(static_cast<unsigned>(r.err.reason), 0x81u);
    EXPECT_TRUE(r.packets.empty());
}

TEST(EdgeCases, Case02_LargestRemainingLength) {
    // valid length 268,435,455 (FF FF FF 7F): the length decoder must accept it.
    const auto b = hex("30 FF FF FF 7F");
    const auto v = mqtt5::wire::load_varint(b.data() + 1, b.data() + b.size());
    EXPECT_EQ(mqtt5::to_string(v.code), mqtt5::to_string(errc::ok));
    EXPECT_EQ(v.value, 268'435'455u);
    EXPECT_EQ(v.width, 4u);
    EXPECT_EQ(mqtt5::wire::varint_max, 268'435'455u);
    std::array<std::byte, 4> out{};
    mqtt5::wire::store_varint(out.data(), 268'435'455u);
    EXPECT_EQ(hex_of(out), "FF FF FF 7F");
    EXPECT_EQ(mqtt5::max_packet_size, std::size_t{268'435'460});
    // The whole-packet decoder sees a legal length and only lacks the body: incomplete, offset = end of input.
    expect_decode_error<mqtt5::publish>(b, errc::incomplete_packet, MAL, 5);
    // A framer with the default maximum wants the body, it does not reject the length.
    std::array<std::byte, 16> storage{};
    mqtt5::framer f{storage, mqtt5::framer_options{}};
    f.feed(view(b));
    const auto r = f.next();
    // The storage (16 bytes) caps the maximum packet size, so the only acceptable refusal is packet_too_large.
    if (r.status == mqtt5::frame_status::error) {
        EXPECT_EQ(mqtt5::to_string(r.err.code), mqtt5::to_string(errc::packet_too_large));
    } else {
        EXPECT_TRUE(r.status == mqtt5::frame_status::need_more);
    }
}

TEST(EdgeCases, Case03_NonMinimalRemainingLength8000) {
    const auto b = hex("C0 80 00");
    // Option off (default): MAL* [MQTT-1.5.5-1], errc varint_not_minimal, at the Remaining Length (offset 1).
    expect_decode_error<mqtt5::pingreq>(b, errc::varint_not_minimal, MAL, 1);
    // Option on: accepted, and the width is remembered so it re-encodes to the input bytes.
    const mqtt5::decode_options lenient{.allow_non_minimal_varint = true};
    (void)expect_decode_ok<mqtt5::pingreq>(b, lenient);
}

TEST(EdgeCases, Case04_NonMinimalRemainingLengthFourBytes) {
    const auto b = hex("C0 80 80 80 00");
    expect_decode_error<mqtt5::pingreq>(b, errc::varint_not_minimal, MAL, 1);
    const mqtt5::decode_options lenient{.allow_non_minimal_varint = true};
    (void)expect_decode_ok<mqtt5::pingreq>(b, lenient);
}

TEST(EdgeCases, Case05_PacketTypeZero) {
    // MAL* (Table 2-1 "Forbidden"): errc reserved_packet_type at the first byte.
    expect_decode_error<void>(hex("00 00"), errc::reserved_packet_type, MAL, 0);
}

TEST(EdgeCases, Case06_AuthRemainingLengthZero) {
    const auto b = hex("F0 00");
    const auto p = expect_decode_ok<mqtt5::auth>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x00u);
    EXPECT_TRUE(p.properties.empty());
}

TEST(EdgeCases, Case07_PubackReservedFlag) {
    expect_decode_error<mqtt5::puback>(hex("41 02 00 01"), errc::invalid_fixed_header_flags, MAL, 0);
}

TEST(EdgeCases, Case08_PubrelFlagsZero) {
    expect_decode_error<mqtt5::pubrel>(hex("60 02 00 01"), errc::invalid_fixed_header_flags, MAL, 0);
}

TEST(EdgeCases, Case09_SubscribeFlagsZero) {
    expect_decode_error<mqtt5::subscribe>(hex("80 07 00 01 00 00 01 61 00"), errc::invalid_fixed_header_flags, MAL, 0);
}

TEST(EdgeCases, Case10_UnsubscribeFlagsZero) {
    expect_decode_error<mqtt5::unsubscribe>(hex("A0 06 00 01 00 00 01 61"), errc::invalid_fixed_header_flags, MAL, 0);
}

TEST(EdgeCases, Case11_DisconnectReservedFlag) {
    expect_decode_error<mqtt5::disconnect>(hex("E1 00"), errc::invalid_fixed_header_flags, MAL, 0);
}

TEST(EdgeCases, Case12_PingreqRemainingLengthOne) {
    // MAL*: PINGREQ has nothing after the fixed header; the stray byte at offset 2 is left over.
    expect_decode_error<mqtt5::pingreq>(hex("C0 01 00"), errc::trailing_bytes, MAL, 2);
}

TEST(EdgeCases, Case13_TwoPacketsInOneRead) {
    const auto b = hex("C0 00 C0 00");
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    const auto r = run_framer(f, {view(b)});
    EXPECT_FALSE(r.failed) << show(r.err);
    ASSERT_EQ(r.packets.size(), 2u);
    EXPECT_EQ(hex_of(r.packets[0]), "C0 00");
    EXPECT_EQ(hex_of(r.packets[1]), "C0 00");
    EXPECT_EQ(r.stream_offsets[0], 0u);
    EXPECT_EQ(r.stream_offsets[1], 2u);
    for (const auto& p : r.packets) (void)expect_decode_ok<mqtt5::pingreq>(p);
    EXPECT_EQ(f.buffered(), 0u);
    EXPECT_EQ(f.stream_position(), 4u);

    // The range interface yields both as well.
    std::array<std::byte, 64> storage2{};
    mqtt5::framer g{storage2};
    std::size_t count = 0;
    for (const auto frame : g.frames(view(b))) {
        EXPECT_TRUE(frame.has_value()) << show(frame.error());
        if (frame.has_value()) {
            EXPECT_EQ(hex_of(*frame), "C0 00");
        }
        ++count;
    }
    EXPECT_EQ(count, 2u);
}

TEST(EdgeCases, Case14_PacketSplitAtEveryByteBoundary) {
    const auto whole = hex("32 07 00 01 61 00 0A 00 58");
    const auto ref = expect_decode_ok<mqtt5::publish>(whole);
    EXPECT_EQ(ref.topic, "a");
    EXPECT_EQ(ref.qos, mqtt5::qos::at_least_once);
    EXPECT_EQ(ref.packet_id, 10u);
    EXPECT_EQ(payload_hex(ref), "58");

    // Two reads, cut at every boundary.
    for (std::size_t cut = 1; cut < whole.size(); ++cut) {
        SCOPED_TRACE("cut at " + std::to_string(cut));
        std::array<std::byte, 64> storage{};
        mqtt5::framer f{storage};
        const auto r = run_framer(f, {view(whole).first(cut), view(whole).subspan(cut)});
        EXPECT_FALSE(r.failed) << show(r.err);
        ASSERT_EQ(r.packets.size(), 1u);
        EXPECT_EQ(hex_of(r.packets[0]), hex_of(whole));
        const auto p = mqtt5::decode<mqtt5::publish>(view(r.packets[0]));
        ASSERT_TRUE(p.has_value()) << show(p.error());
        EXPECT_TRUE(*p == ref);
    }
    // One byte per read: every read before the last is "need more data", never an error.
    {
        std::array<std::byte, 64> storage{};
        mqtt5::framer f{storage};
        std::vector<std::span<const std::byte>> chunks;
        for (std::size_t i = 0; i < whole.size(); ++i) chunks.push_back(view(whole).subspan(i, 1));
        const auto r = run_framer(f, chunks);
        EXPECT_FALSE(r.failed) << show(r.err);
        ASSERT_EQ(r.packets.size(), 1u);
        EXPECT_EQ(hex_of(r.packets[0]), hex_of(whole));
        EXPECT_EQ(r.need_more_count, whole.size());  // 8 partial reads + the final "need more" after the packet
        const auto p = mqtt5::decode<mqtt5::publish>(view(r.packets[0]));
        ASSERT_TRUE(p.has_value()) << show(p.error());
        EXPECT_TRUE(*p == ref);
    }
    // Three reads cut at every pair of boundaries.
    for (std::size_t a = 1; a + 1 < whole.size(); ++a) {
        for (std::size_t c = a + 1; c < whole.size(); ++c) {
            std::array<std::byte, 64> storage{};
            mqtt5::framer f{storage};
            const auto r = run_framer(f, {view(whole).first(a), view(whole).subspan(a, c - a), view(whole).subspan(c)});
            EXPECT_FALSE(r.failed) << show(r.err);
            ASSERT_EQ(r.packets.size(), 1u);
            EXPECT_EQ(hex_of(r.packets[0]), hex_of(whole));
        }
    }
}

TEST(EdgeCases, Case15_RemainingLengthLargerThanReceived) {
    const auto b = hex("30 0A 00 01 61 00 58");
    // The stateless decoder, given only these bytes, reports an incomplete packet at the end of the input.
    expect_decode_error<mqtt5::publish>(b, errc::incomplete_packet, MAL, 7);
    // The framer: incomplete, not malformed: need more (5 bytes are missing of 12).
    std::array<std::byte, 64> storage{};
    mqtt5::framer f{storage};
    f.feed(view(b));
    const auto r = f.next();
    ASSERT_TRUE(r.status == mqtt5::frame_status::need_more);
    EXPECT_GE(r.bytes_needed, 1u);
    EXPECT_LE(r.bytes_needed, 5u);
    // At EOF here the connection closed mid-packet: the framer still holds the partial packet.
    EXPECT_EQ(f.buffered(), 7u);
    // When the rest arrives, the packet is complete.
    const auto rest = hex("01 02 03 04 05");
    f.feed(view(rest));
    const auto r2 = f.next();
    ASSERT_TRUE(r2.status == mqtt5::frame_status::packet);
    EXPECT_EQ(hex_of(r2.packet), "30 0A 00 01 61 00 58 01 02 03 04 05");
}

TEST(EdgeCases, Case16_MaximumPacketSizeEqualAndPlusOne) {
    // CTX: Packet size = fixed header + Remaining Length = 9 bytes here.
    const auto b = hex("32 07 00 01 61 00 0A 00 58");
    // The stateless decoder decodes it cleanly.
    (void)expect_decode_ok<mqtt5::publish>(b);
    {  // maximum == size: valid
        std::array<std::byte, 64> storage{};
        mqtt5::framer f{storage, mqtt5::framer_options{.max_packet_size = 9}};
        EXPECT_EQ(f.max_packet_size(), 9u);
        const auto r = run_framer(f, {view(b)});
        EXPECT_FALSE(r.failed) << show(r.err);
        ASSERT_EQ(r.packets.size(), 1u);
        EXPECT_EQ(hex_of(r.packets[0]), hex_of(b));
    }
    {  // size == maximum + 1: PE -> 0x95 Packet too large
        std::array<std::byte, 64> storage{};
        mqtt5::framer f{storage, mqtt5::framer_options{.max_packet_size = 8}};
        const auto r = run_framer(f, {view(b)});
        EXPECT_TRUE(r.failed);
        EXPECT_TRUE(r.packets.empty());
        expect_error(r.err, errc::packet_too_large, 0x95, 0);
    }
    {  // enforced as soon as the fixed header is known, before the body arrives
        std::array<std::byte, 64> storage{};
        mqtt5::framer f{storage, mqtt5::framer_options{.max_packet_size = 8}};
        const auto r = run_framer(f, {view(b).first(1), view(b).subspan(1, 1)});
        EXPECT_TRUE(r.failed);
        expect_error(r.err, errc::packet_too_large, 0x95, 0);
        // and the framer stays failed
        const auto again = f.next();
        EXPECT_TRUE(again.status == mqtt5::frame_status::error);
    }
}

// =====================================================================================================
// B. Properties
// =====================================================================================================

TEST(EdgeCases, Case17_PropertyLengthPastPacketEnd) {
    // Property Length 5 at offset 5, one byte left: the block runs past the packet end (offset 7).
    expect_decode_error<mqtt5::publish>(hex("30 05 00 01 61 05 01"), errc::truncated, MAL, 7);
}

TEST(EdgeCases, Case18_PropertyLengthEndsInsideProperty) {
    // Block = [02] at offset 6..7; Message Expiry needs 4 bytes: truncated at the block end (7).
    expect_decode_error<mqtt5::publish>(hex("30 09 00 01 61 01 02 00 00 00 3C"), errc::truncated, MAL, 7);
}

TEST(EdgeCases, Case19_UnassignedPropertyId04) {
    expect_decode_error<mqtt5::publish>(hex("30 06 00 01 61 02 04 00"), errc::invalid_property_id, MAL, 6);
}

TEST(EdgeCases, Case20_TopicAliasInConnect) {
    expect_decode_error<mqtt5::connect>(hex("10 10 00 04 4D 51 54 54 05 02 00 3C 03 23 00 01 00 00"),
                                        errc::property_not_allowed, MAL, 13);
}

TEST(EdgeCases, Case21_WillDelayInConnectProperties) {
    expect_decode_error<mqtt5::connect>(hex("10 12 00 04 4D 51 54 54 05 02 00 3C 05 18 00 00 00 0A 00 00"),
                                        errc::property_not_allowed, MAL, 13);
}

TEST(EdgeCases, Case22_PropertyIdNonMinimalVarint) {
    const auto b = hex("30 07 00 01 61 03 81 00 01");
    // Option off: MAL* at the identifier (offset 6).
    expect_decode_error<mqtt5::publish>(b, errc::varint_not_minimal, MAL, 6);
    // Option on: Payload Format Indicator 1, kept byte-exact.
    const mqtt5::decode_options lenient{.allow_non_minimal_varint = true};
    const auto p = expect_decode_ok<mqtt5::publish>(b, lenient);
    EXPECT_EQ(p.properties.payload_format_indicator(), std::optional<std::uint8_t>{1});
    EXPECT_TRUE(p.payload.empty());
}

TEST(EdgeCases, Case23_ContentTypeTwice) {
    // PE: the second Content Type starts at offset 10.
    expect_decode_error<mqtt5::publish>(hex("30 0C 00 01 61 08 03 00 01 78 03 00 01 79"), errc::duplicate_property, PE, 10);
}

TEST(EdgeCases, Case24_PayloadFormatIndicatorTwice) {
    // PE*: second identifier at offset 8.
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 01 00 01 00"), errc::duplicate_property, PE, 8);
}

TEST(EdgeCases, Case25_PayloadFormatIndicatorTwo) {
    // PE*: the property at offset 6.
    expect_decode_error<mqtt5::publish>(hex("30 06 00 01 61 02 01 02"), errc::payload_format_indicator_invalid, PE, 6);
}

TEST(EdgeCases, Case26_UserPropertySameNameTwice) {
    const auto b = hex("30 12 00 01 61 0E 26 00 01 6B 00 01 31 26 00 01 6B 00 01 32");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto up : p.properties.user_properties()) got.emplace_back(up.name, up.value);
    const std::vector<std::pair<std::string, std::string>> want{{"k", "1"}, {"k", "2"}};
    EXPECT_EQ(got, want);
}

TEST(EdgeCases, Case27_EmptyUserPropertyNameAndValue) {
    const auto b = hex("30 09 00 01 61 05 26 00 00 00 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    std::size_t n = 0;
    for (const auto up : p.properties.user_properties()) {
        EXPECT_TRUE(up.name.empty());
        EXPECT_TRUE(up.value.empty());
        ++n;
    }
    EXPECT_EQ(n, 1u);
}

TEST(EdgeCases, Case28_SubscriptionIdentifierTwiceInSubscribe) {
    expect_decode_error<mqtt5::subscribe>(hex("82 0B 00 01 04 0B 01 0B 02 00 01 61 00"), errc::duplicate_property, PE, 7);
}

TEST(EdgeCases, Case29_SubscriptionIdentifierTwiceInServerPublish) {
    const auto b = hex("30 08 00 01 61 04 0B 01 0B 01");
    for (const auto* o : {&from_server, &sender_unknown}) {
        const auto p = expect_decode_ok<mqtt5::publish>(b, *o);
        std::vector<std::uint32_t> ids;
        for (const auto id : p.properties.subscription_identifiers()) ids.push_back(id);
        EXPECT_EQ(ids, (std::vector<std::uint32_t>{1, 1}));
    }
    // Sent by a Client it would break [MQTT-3.3.4-6].
    expect_decode_error<mqtt5::publish>(b, errc::subscription_identifier_from_client, PE, 6, from_client);
}

TEST(EdgeCases, Case30_SubscriptionIdentifierInClientPublish) {
    const auto b = hex("30 06 00 01 61 02 0B 01");
    // Decoder acting as Server (sender = client): PE [MQTT-3.3.4-6], at the property (offset 6).
    expect_decode_error<mqtt5::publish>(b, errc::subscription_identifier_from_client, PE, 6, from_client);
    // Other roles: a Server may send it; an unknown sender is not checked.
    (void)expect_decode_ok<mqtt5::publish>(b, from_server);
    (void)expect_decode_ok<mqtt5::publish>(b, sender_unknown);
}

TEST(EdgeCases, Case31_SubscriptionIdentifierZero) {
    expect_decode_error<mqtt5::subscribe>(hex("82 09 00 01 02 0B 00 00 01 61 00"), errc::subscription_identifier_zero, PE, 5);
}

TEST(EdgeCases, Case32_SubscriptionIdentifierFiveByteVarint) {
    // MAL: the value (a Variable Byte Integer) starts at offset 6.
    expect_decode_error<mqtt5::subscribe>(hex("82 0D 00 01 06 0B FF FF FF FF 01 00 01 61 00"), errc::varint_too_long, MAL, 6);
}

TEST(EdgeCases, Case33_ReceiveMaximumZero) {
    expect_decode_error<mqtt5::connect>(hex("10 10 00 04 4D 51 54 54 05 02 00 3C 03 21 00 00 00 00"),
                                        errc::receive_maximum_zero, PE, 13);
}

TEST(EdgeCases, Case34_MaximumPacketSizeZero) {
    expect_decode_error<mqtt5::connect>(hex("10 12 00 04 4D 51 54 54 05 02 00 3C 05 27 00 00 00 00 00 00"),
                                        errc::maximum_packet_size_zero, PE, 13);
}

TEST(EdgeCases, Case35_TopicAliasZero) {
    // PE -> DISCONNECT 0x94 Topic Alias invalid.
    expect_decode_error<mqtt5::publish>(hex("30 07 00 01 61 03 23 00 00"), errc::topic_alias_zero, 0x94, 6);
}

TEST(EdgeCases, Case36_RequestProblemInformationTwo) {
    expect_decode_error<mqtt5::connect>(hex("10 0F 00 04 4D 51 54 54 05 02 00 3C 02 17 02 00 00"),
                                        errc::request_problem_information_invalid, PE, 13);
}

TEST(EdgeCases, Case37_MaximumQosTwoInConnack) {
    expect_decode_error<mqtt5::connack>(hex("20 05 00 00 02 24 02"), errc::maximum_qos_invalid, PE, 5);
}

TEST(EdgeCases, Case38_RetainAvailableTwo) {
    expect_decode_error<mqtt5::connack>(hex("20 05 00 00 02 25 02"), errc::retain_available_invalid, PE, 5);
}

TEST(EdgeCases, Case39_AuthenticationDataWithoutMethod) {
    // PE, at the Authentication Data property (offset 13).
    expect_decode_error<mqtt5::connect>(hex("10 11 00 04 4D 51 54 54 05 02 00 3C 04 16 00 01 AA 00 00"),
                                        errc::authentication_data_without_method, PE, 13);
}

TEST(EdgeCases, Case40_SessionExpiryInServerDisconnect) {
    const auto b = hex("E0 07 00 05 11 00 00 00 0A");
    // Decoder acting as Client (sender = server): PE* [MQTT-3.14.2-2] at the property (offset 4).
    expect_decode_error<mqtt5::disconnect>(b, errc::session_expiry_from_server, PE, 4, from_server);
    // A Client may send it; an unknown sender is not checked.
    const auto p = expect_decode_ok<mqtt5::disconnect>(b, from_client);
    EXPECT_EQ(p.properties.session_expiry_interval(), std::optional<std::uint32_t>{10});
    (void)expect_decode_ok<mqtt5::disconnect>(b, sender_unknown);
}

TEST(EdgeCases, Case41_SessionExpiryTwiceInDisconnect) {
    expect_decode_error<mqtt5::disconnect>(hex("E0 0C 00 0A 11 00 00 00 01 11 00 00 00 02"), errc::duplicate_property, PE, 9);
}

TEST(EdgeCases, Case42_PublishWithoutPropertyLength) {
    // MAL* [MQTT-2.2.2-1]: the Property Length is missing; the packet ends at 5.
    expect_decode_error<mqtt5::publish>(hex("30 03 00 01 61"), errc::missing_property_length, MAL, 5);
}

// =====================================================================================================
// C. UTF-8 strings
// =====================================================================================================

TEST(EdgeCases, Case43_NulInTopic) {
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 00 62 00"), errc::utf8_contains_null, MAL, 2);
}

TEST(EdgeCases, Case44_SurrogateInTopic) {
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 ED A0 80 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case45_OverlongSlash) {
    expect_decode_error<mqtt5::publish>(hex("30 07 00 04 61 C0 AF 62 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case46_OverlongNul) {
    // C0 80 is ill-formed UTF-8 (RFC 3629): invalid_utf8, never read as U+0000.
    expect_decode_error<mqtt5::publish>(hex("30 05 00 02 C0 80 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case47_AboveU10FFFF) {
    expect_decode_error<mqtt5::publish>(hex("30 07 00 04 F4 90 80 80 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case48_TruncatedMultiByteSequence) {
    expect_decode_error<mqtt5::publish>(hex("30 05 00 02 E2 82 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case49_LoneContinuationByte) {
    expect_decode_error<mqtt5::publish>(hex("30 04 00 01 80 00"), errc::invalid_utf8, MAL, 2);
}

TEST(EdgeCases, Case50_BomAtTopicStartIsKept) {
    const auto b = hex("30 07 00 04 EF BB BF 61 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.topic.size(), 4u);
    EXPECT_EQ(p.topic, std::string_view("\xEF\xBB\xBF" "a"));
    EXPECT_NE(p.topic, std::string_view("a"));
}

TEST(EdgeCases, Case51_ControlCharacterInTopic) {
    const auto b = hex("30 04 00 01 01 00");
    // Default: valid.
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.topic, std::string_view("\x01"));
    // Policy switch on: MAL at the topic's length prefix.
    const mqtt5::decode_options strict{.reject_disallowed_code_points = true};
    expect_decode_error<mqtt5::publish>(b, errc::utf8_disallowed_code_point, MAL, 2, strict);
}

TEST(EdgeCases, Case52_NonCharacterAndC1Control) {
    const auto b = hex("30 08 00 05 EF BF BF C2 9F 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.topic, std::string_view("\xEF\xBF\xBF\xC2\x9F"));
    const mqtt5::decode_options strict{.reject_disallowed_code_points = true};
    expect_decode_error<mqtt5::publish>(b, errc::utf8_disallowed_code_point, MAL, 2, strict);
    // Each code point alone is rejected under the policy, too.
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 EF BF BF 00"), errc::utf8_disallowed_code_point, MAL, 2, strict);
    expect_decode_error<mqtt5::publish>(hex("30 05 00 02 C2 9F 00"), errc::utf8_disallowed_code_point, MAL, 2, strict);
}

TEST(EdgeCases, Case53_StringLengthLargerThanRemaining) {
    // The topic's length says 9; the packet ends at 7.
    expect_decode_error<mqtt5::publish>(hex("30 05 00 09 61 62 00"), errc::truncated, MAL, 7);
}

TEST(EdgeCases, Case54_InvalidUtf8InUserPropertyName) {
    // Property 0x26 at 6, its name's length prefix at 7.
    expect_decode_error<mqtt5::publish>(hex("30 0A 00 01 61 05 26 00 01 C0 00 00"), errc::invalid_utf8, MAL, 7);
}

TEST(EdgeCases, Case55_PayloadFormatIndicatorOneWithNonUtf8Payload) {
    const auto b = hex("30 08 00 01 61 02 01 01 C0 AF");
    // Default: decodes fine; the payload is application data.
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.properties.payload_format_indicator(), std::optional<std::uint8_t>{1});
    EXPECT_EQ(payload_hex(p), "C0 AF");
    // check_payload_format on: 0x99 Payload format invalid (not MAL), at the payload (offset 8).
    const mqtt5::decode_options check{.check_payload_format = true};
    expect_decode_error<mqtt5::publish>(b, errc::payload_not_utf8, 0x99, 8, check);
    // A UTF-8 payload passes the check.
    const auto good = hex("30 08 00 01 61 02 01 01 6F 6B");
    (void)expect_decode_ok<mqtt5::publish>(good, check);
}

TEST(EdgeCases, Case56_InvalidUtf8InBinaryData) {
    // Password (Binary Data) holding C0 AF.
    const auto c = hex("10 13 00 04 4D 51 54 54 05 42 00 3C 00 00 00 00 04 C0 AF ED A0");
    const auto cp = expect_decode_ok<mqtt5::connect>(c);
    ASSERT_TRUE(cp.password.has_value());
    EXPECT_EQ(hex_of(*cp.password), "C0 AF ED A0");
    // Correlation Data (Binary Data) holding C0 AF.
    const auto p = hex("30 09 00 01 61 05 09 00 02 C0 AF");
    const auto pp = expect_decode_ok<mqtt5::publish>(p);
    ASSERT_TRUE(pp.properties.correlation_data().has_value());
    EXPECT_EQ(hex_of(*pp.properties.correlation_data()), "C0 AF");
    // Authentication Data (Binary Data) with a method, holding 00 FF.
    const auto a = hex("F0 0B 18 09 15 00 01 6D 16 00 02 00 FF");
    const auto ap = expect_decode_ok<mqtt5::auth>(a);
    ASSERT_TRUE(ap.properties.authentication_data().has_value());
    EXPECT_EQ(hex_of(*ap.properties.authentication_data()), "00 FF");
    // Even with every UTF-8 policy switched on.
    const mqtt5::decode_options strict{.check_payload_format = true, .reject_disallowed_code_points = true};
    (void)expect_decode_ok<mqtt5::publish>(p, strict);
}

// =====================================================================================================
// D. CONNECT
// =====================================================================================================

TEST(EdgeCases, Case57_ConnectReservedFlag) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 03 00 3C 00 00 00"), errc::connect_reserved_flag, MAL, 9);
}

TEST(EdgeCases, Case58_WillQos3) {
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 1E 00 3C 00 00 00 00 00 01 61 00 00"),
                                        errc::will_qos_invalid, MAL, 9);
}

TEST(EdgeCases, Case59_WillQosWithoutWill) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 0A 00 3C 00 00 00"), errc::will_qos_without_will, MAL, 9);
}

TEST(EdgeCases, Case60_WillRetainWithoutWill) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 22 00 3C 00 00 00"), errc::will_retain_without_will, MAL, 9);
}

TEST(EdgeCases, Case61_WillBytesWithoutWillFlag) {
    // Client Identifier at 13..14; everything from offset 15 is left over.
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 02 00 3C 00 00 00 00 00 01 61 00 00"),
                                        errc::trailing_bytes, MAL, 15);
}

TEST(EdgeCases, Case62_WillFlagButPayloadEndsAfterClientId) {
    // MAL [MQTT-3.1.2-9]: the Will fields run into the end of the packet (offset 15). connect.hpp documents a
    // missing payload field as a truncation ("a missing one runs into the end of the packet (truncated)").
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 05 06 00 3C 00 00 00"), errc::truncated, MAL, 15);
}

TEST(EdgeCases, Case63_PasswordWithoutUserName) {
    const auto b = hex("10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 00 00 02 70 77");
    const auto p = expect_decode_ok<mqtt5::connect>(b);
    EXPECT_FALSE(p.username.has_value());
    ASSERT_TRUE(p.password.has_value());
    EXPECT_EQ(hex_of(*p.password), "70 77");
    EXPECT_TRUE(p.clean_start);
    EXPECT_EQ(p.keep_alive, 60u);
}

TEST(EdgeCases, Case64_EmptyClientIdWithCleanStartZero) {
    const auto b = hex("10 0D 00 04 4D 51 54 54 05 00 00 3C 00 00 00");
    const auto p = expect_decode_ok<mqtt5::connect>(b);
    EXPECT_TRUE(p.client_id.empty());
    EXPECT_FALSE(p.clean_start);
    EXPECT_FALSE(p.will.has_value());
}

TEST(EdgeCases, Case65_ProtocolNameLowerCase) {
    // Reject; CONNACK 0x84. The Protocol Name field starts at offset 2.
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 6D 71 74 74 05 02 00 3C 00 00 00"), errc::invalid_protocol_name, 0x84, 2);
}

TEST(EdgeCases, Case66_ProtocolVersionSix) {
    expect_decode_error<mqtt5::connect>(hex("10 0D 00 04 4D 51 54 54 06 02 00 3C 00 00 00"),
                                        errc::unsupported_protocol_version, 0x84, 8);
}

TEST(EdgeCases, Case67_TopicAliasInWillProperties) {
    // Will Property Length at 15, Topic Alias identifier at 16.
    expect_decode_error<mqtt5::connect>(hex("10 16 00 04 4D 51 54 54 05 06 00 3C 00 00 00 03 23 00 01 00 01 61 00 00"),
                                        errc::property_not_allowed, MAL, 16);
}

TEST(EdgeCases, Case68_WillTopicWithWildcard) {
    // PE* [MQTT-4.7.0-1]; error.hpp documents errc::will_topic_invalid for exactly this rule ("the Will Topic
    // breaks the Topic Name rules [MQTT-4.7.0-1] (PE*)"). The Will Topic's length prefix is at offset 16.
    expect_decode_error<mqtt5::connect>(hex("10 13 00 04 4D 51 54 54 05 06 00 3C 00 00 00 00 00 01 23 00 00"),
                                        errc::will_topic_invalid, PE, 16);
}

TEST(EdgeCases, Case69_StrayByteAfterPayload) {
    expect_decode_error<mqtt5::connect>(hex("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 00 FF"), errc::trailing_bytes, MAL, 15);
}

// =====================================================================================================
// E. CONNACK
// =====================================================================================================

TEST(EdgeCases, Case70_ConnackReservedFlagBit) {
    expect_decode_error<mqtt5::connack>(hex("20 03 02 00 00"), errc::connack_reserved_flags, MAL, 2);
}

TEST(EdgeCases, Case71_ErrorReasonWithSessionPresent) {
    // PE* [MQTT-3.2.2-6]: the Session Present flag (flags byte, offset 2) must be 0.
    expect_decode_error<mqtt5::connack>(hex("20 03 01 80 00"), errc::session_present_with_error, PE, 2);
}

TEST(EdgeCases, Case72_TwoByteConnack) {
    expect_decode_error<mqtt5::connack>(hex("20 02 00 00"), errc::missing_property_length, MAL, 4);
}

TEST(EdgeCases, Case73_V311ReturnCode05InV5Connack) {
    expect_decode_error<mqtt5::connack>(hex("20 03 00 05 00"), errc::invalid_reason_code, PE, 3);
}

TEST(EdgeCases, Case74_V311ConnackReturnCode06) {
    // 3.1.1 only: Return Codes 6-255 are reserved (§3.2.2.3 of 3.1.1).
    const auto b = hex("20 02 00 06");
    const mqtt5::decode_options v311{.version = mqtt5::protocol_version::v311};
    const auto r = mqtt5::decode(view(b), v311);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(mqtt5::to_string(r.error().code), mqtt5::to_string(errc::connack_return_code_invalid));
    EXPECT_EQ(r.error().offset, 3u);
    EXPECT_EQ(static_cast<unsigned>(r.error().reason), PE);
}

// =====================================================================================================
// F. PUBLISH
// =====================================================================================================

TEST(EdgeCases, Case75_PublishQos3) {
    expect_decode_error<mqtt5::publish>(hex("36 04 00 01 61 00"), errc::publish_qos_invalid, MAL, 0);
}

TEST(EdgeCases, Case76_DupWithQos0) {
    expect_decode_error<mqtt5::publish>(hex("38 04 00 01 61 00"), errc::dup_with_qos_0, PE, 0);
}

TEST(EdgeCases, Case77_Qos0WithPacketIdentifierIsPayload) {
    const auto b = hex("30 08 00 03 61 2F 62 00 0A 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.topic, "a/b");
    EXPECT_EQ(p.qos, mqtt5::qos::at_most_once);
    EXPECT_EQ(p.packet_id, 0u);  // no Packet Identifier read for QoS 0
    EXPECT_TRUE(p.properties.empty());
    EXPECT_EQ(payload_hex(p), "0A 00");
}

TEST(EdgeCases, Case78_Qos1PacketIdZero) {
    expect_decode_error<mqtt5::publish>(hex("32 06 00 01 61 00 00 00"), errc::packet_id_zero, PE, 5);
}

TEST(EdgeCases, Case79_Qos1TooShortForPacketId) {
    expect_decode_error<mqtt5::publish>(hex("32 04 00 01 61 00"), errc::truncated, MAL, 6);
}

TEST(EdgeCases, Case80_TopicNameWithPlus) {
    expect_decode_error<mqtt5::publish>(hex("30 06 00 03 61 2F 2B 00"), errc::topic_name_has_wildcard, PE, 2);
}

TEST(EdgeCases, Case81_TopicNameHash) {
    expect_decode_error<mqtt5::publish>(hex("30 04 00 01 23 00"), errc::topic_name_has_wildcard, PE, 2);
}

TEST(EdgeCases, Case82_EmptyTopicWithoutAlias) {
    expect_decode_error<mqtt5::publish>(hex("30 03 00 00 00"), errc::topic_name_empty_without_alias, PE, 2);
}

TEST(EdgeCases, Case83_EmptyTopicWithAlias) {
    const auto b = hex("30 06 00 00 03 23 00 01");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_TRUE(p.topic.empty());
    EXPECT_EQ(p.properties.topic_alias(), std::optional<std::uint16_t>{1});
}

TEST(EdgeCases, Case84_TopicAliasAboveMaximum_Ctx) {
    const auto b = hex("30 07 00 01 61 03 23 00 01");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.properties.topic_alias(), std::optional<std::uint16_t>{1});
}

TEST(EdgeCases, Case85_TopicLengthLargerThanPacket) {
    expect_decode_error<mqtt5::publish>(hex("30 04 00 05 61 62"), errc::truncated, MAL, 6);
}

TEST(EdgeCases, Case86_ResponseTopicWithHash) {
    expect_decode_error<mqtt5::publish>(hex("30 08 00 01 61 04 08 00 01 23"), errc::response_topic_has_wildcard, PE, 6);
}

TEST(EdgeCases, Case87_RetainWithEmptyPayload) {
    const auto b = hex("31 04 00 01 61 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_TRUE(p.retain);
    EXPECT_TRUE(p.payload.empty());
}

TEST(EdgeCases, Case88_QosAboveMaximumOrRetainUnavailable_Ctx) {
    // QoS 2 with RETAIN 1: whether the Server allows them is connection context; a stateless decode is clean.
    const auto b = hex("35 06 00 01 61 00 01 00");
    const auto p = expect_decode_ok<mqtt5::publish>(b);
    EXPECT_EQ(p.qos, mqtt5::qos::exactly_once);
    EXPECT_TRUE(p.retain);
    EXPECT_EQ(p.packet_id, 1u);
    for (const auto* o : {&from_client, &from_server}) (void)expect_decode_ok<mqtt5::publish>(b, *o);
}

// =====================================================================================================
// G. PUBACK / PUBREC / PUBREL / PUBCOMP
// =====================================================================================================

TEST(EdgeCases, Case89_PubackRemainingLength2) {
    const auto b = hex("40 02 00 01");
    const auto p = expect_decode_ok<mqtt5::puback>(b);
    EXPECT_EQ(p.packet_id, 1u);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x00u);
    EXPECT_TRUE(p.properties.empty());
}

TEST(EdgeCases, Case90_PubackRemainingLength3) {
    const auto b = hex("40 03 00 01 10");
    const auto p = expect_decode_ok<mqtt5::puback>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x10u);
    EXPECT_TRUE(p.properties.empty());
    // 0x10 is sent by the Server only (Table 3-4): from a Client it is a wrong-direction code (PE*).
    (void)expect_decode_ok<mqtt5::puback>(b, from_server);
    expect_decode_error<mqtt5::puback>(b, errc::reason_code_wrong_direction, PE, 4, from_client);
}

TEST(EdgeCases, Case91_PubackRemainingLength4) {
    const auto b = hex("40 04 00 01 00 00");
    const auto p = expect_decode_ok<mqtt5::puback>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x00u);
    EXPECT_TRUE(p.properties.empty());
}

TEST(EdgeCases, Case92_PubackRemainingLength1) {
    expect_decode_error<mqtt5::puback>(hex("40 01 00"), errc::truncated, MAL, 3);
}

TEST(EdgeCases, Case93_PubackRemainingLength0) {
    expect_decode_error<mqtt5::puback>(hex("40 00"), errc::truncated, MAL, 2);
}

TEST(EdgeCases, Case94_PubackPropertyLengthPastEnd) {
    expect_decode_error<mqtt5::puback>(hex("40 04 00 01 00 05"), errc::truncated, MAL, 6);
}

TEST(EdgeCases, Case95_PubackReason92) {
    expect_decode_error<mqtt5::puback>(hex("40 03 00 01 92"), errc::invalid_reason_code, PE, 4);
}

TEST(EdgeCases, Case96_PubrelReason10) {
    expect_decode_error<mqtt5::pubrel>(hex("62 03 00 01 10"), errc::invalid_reason_code, PE, 4);
}

TEST(EdgeCases, Case97_PubcompReason92) {
    const auto b = hex("70 03 00 01 92");
    const auto p = expect_decode_ok<mqtt5::pubcomp>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x92u);
}

// =====================================================================================================
// H. SUBSCRIBE / SUBACK / UNSUBSCRIBE / UNSUBACK
// =====================================================================================================

TEST(EdgeCases, Case98_SubscriptionOptionsReservedBit6) {
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 61 40"), errc::subscription_options_reserved_bits, MAL, 8);
}

TEST(EdgeCases, Case99_SubscriptionOptionsQos3) {
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 61 03"), errc::subscription_qos_invalid, PE, 8);
}

TEST(EdgeCases, Case100_RetainHandling3) {
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 01 00 00 01 61 30"), errc::retain_handling_invalid, PE, 8);
}

TEST(EdgeCases, Case101_NoLocalOnSharedSubscription) {
    // The options byte is at offset 17.
    expect_decode_error<mqtt5::subscribe>(hex("82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 04"),
                                          errc::no_local_on_shared_subscription, PE, 17);
}

TEST(EdgeCases, Case102_SubscribeWithoutPayload) {
    expect_decode_error<mqtt5::subscribe>(hex("82 03 00 01 00"), errc::no_topic_filters, PE, 5);
}

TEST(EdgeCases, Case103_EmptyTopicFilter) {
    expect_decode_error<mqtt5::subscribe>(hex("82 06 00 01 00 00 00 00"), errc::topic_empty, PE, 5);
}

TEST(EdgeCases, Case104_HashNotLast) {
    expect_decode_error<mqtt5::subscribe>(hex("82 0B 00 01 00 00 05 61 2F 23 2F 62 00"), errc::topic_filter_invalid_hash, PE, 5);
}

TEST(EdgeCases, Case105_PlusNotWholeLevel) {
    expect_decode_error<mqtt5::subscribe>(hex("82 08 00 01 00 00 02 61 2B 00"), errc::topic_filter_invalid_plus, PE, 5);
}

TEST(EdgeCases, Case106_SharedEmptyShareName) {
    expect_decode_error<mqtt5::subscribe>(hex("82 0F 00 01 00 00 09 24 73 68 61 72 65 2F 2F 61 00"),
                                          errc::shared_subscription_empty_share_name, PE, 5);
}

TEST(EdgeCases, Case107_SharedWithoutFilter) {
    expect_decode_error<mqtt5::subscribe>(hex("82 0E 00 01 00 00 08 24 73 68 61 72 65 2F 67 00"),
                                          errc::shared_subscription_missing_filter, PE, 5);
}

TEST(EdgeCases, Case108_SharedFilterSlashFinance) {
    const auto shared = mqtt5::parse_shared_subscription("$share/g//finance");
    ASSERT_TRUE(shared.has_value());
    EXPECT_EQ(shared->share_name, "g");
    EXPECT_EQ(shared->topic_filter, "/finance");
    EXPECT_EQ(mqtt5::to_string(mqtt5::validate_topic_filter("$share/g//finance")), mqtt5::to_string(errc::ok));
    // In a SUBSCRIBE.
    const auto b = hex("82 17 00 01 00 00 11 24 73 68 61 72 65 2F 67 2F 2F 66 69 6E 61 6E 63 65 00");
    const auto p = expect_decode_ok<mqtt5::subscribe>(b);
    ASSERT_EQ(p.subscriptions.size(), 1u);
    EXPECT_EQ((*p.subscriptions.begin()).topic_filter, "$share/g//finance");
}

TEST(EdgeCases, Case109_ShareAloneAndSharexAreOrdinary) {
    for (const std::string_view f : {std::string_view("$share"), std::string_view("$sharex/a")}) {
        SCOPED_TRACE(std::string(f));
        EXPECT_FALSE(mqtt5::parse_shared_subscription(f).has_value());
        EXPECT_FALSE(mqtt5::is_shared_subscription(f));
        EXPECT_EQ(mqtt5::to_string(mqtt5::validate_topic_filter(f)), mqtt5::to_string(errc::ok));
    }
    // Being ordinary filters, No Local = 1 is allowed on them.
    const auto a = hex("82 0C 00 01 00 00 06 24 73 68 61 72 65 04");
    const auto pa = expect_decode_ok<mqtt5::subscribe>(a);
    ASSERT_EQ(pa.subscriptions.size(), 1u);
    EXPECT_EQ((*pa.subscriptions.begin()).topic_filter, "$share");
    EXPECT_TRUE((*pa.subscriptions.begin()).no_local);
    const auto b = hex("82 0F 00 01 00 00 09 24 73 68 61 72 65 78 2F 61 04");
    const auto pb = expect_decode_ok<mqtt5::subscribe>(b);
    ASSERT_EQ(pb.subscriptions.size(), 1u);
    EXPECT_EQ((*pb.subscriptions.begin()).topic_filter, "$sharex/a");
}

TEST(EdgeCases, Case110_SubscribePacketIdZero) {
    expect_decode_error<mqtt5::subscribe>(hex("82 07 00 00 00 00 01 61 00"), errc::packet_id_zero, PE, 2);
}

TEST(EdgeCases, Case111_V311RequestedQosReservedBit) {
    // 3.1.1 only: bits 7-2 of the Requested QoS byte are reserved; malformed [MQTT-3.8.3-4] (3.1.1).
    const auto b = hex("82 06 00 01 00 01 61 04");
    const mqtt5::decode_options v311{.version = mqtt5::protocol_version::v311};
    const auto r = mqtt5::decode(view(b), v311);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(mqtt5::to_string(r.error().code), mqtt5::to_string(errc::requested_qos_invalid));
    EXPECT_EQ(r.error().offset, 7u);
    EXPECT_EQ(static_cast<unsigned>(r.error().reason), MAL);
}

TEST(EdgeCases, Case112_SubackWithoutReasonCodes) {
    expect_decode_error<mqtt5::suback>(hex("90 03 00 01 00"), errc::no_reason_codes, PE, 5);
}

TEST(EdgeCases, Case113_SubackReason03) {
    expect_decode_error<mqtt5::suback>(hex("90 04 00 01 00 03"), errc::invalid_reason_code, PE, 5);
}

TEST(EdgeCases, Case114_UnsubscribeWithoutFilter) {
    expect_decode_error<mqtt5::unsubscribe>(hex("A2 03 00 01 00"), errc::no_topic_filters, PE, 5);
}

TEST(EdgeCases, Case115_UnsubackReason11) {
    const auto b = hex("B0 04 00 01 00 11");
    const auto p = expect_decode_ok<mqtt5::unsuback>(b);
    ASSERT_EQ(p.reason_codes.size(), 1u);
    EXPECT_EQ(static_cast<unsigned>(*p.reason_codes.begin()), 0x11u);
}

// =====================================================================================================
// I. DISCONNECT / AUTH
// =====================================================================================================

TEST(EdgeCases, Case116_DisconnectRemainingLength0) {
    const auto b = hex("E0 00");
    const auto p = expect_decode_ok<mqtt5::disconnect>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x00u);
    EXPECT_TRUE(p.properties.empty());
}

TEST(EdgeCases, Case117_DisconnectRemainingLength1) {
    const auto b = hex("E0 01 04");
    const auto p = expect_decode_ok<mqtt5::disconnect>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x04u);
    EXPECT_TRUE(p.properties.empty());
    // 0x04 Disconnect with Will Message is sent by the Client only (Table 3-10).
    (void)expect_decode_ok<mqtt5::disconnect>(b, from_client);
    expect_decode_error<mqtt5::disconnect>(b, errc::reason_code_wrong_direction, PE, 2, from_server);
}

TEST(EdgeCases, Case118_DisconnectReason8C) {
    const auto b = hex("E0 01 8C");
    // Lenient default (Table 2-6).
    const auto p = expect_decode_ok<mqtt5::disconnect>(b);
    EXPECT_EQ(static_cast<unsigned>(p.reason), 0x8Cu);
    // Strict option (Table 3-10).
    const mqtt5::decode_options strict{.strict_disconnect_reason_codes = true};
    expect_decode_error<mqtt5::disconnect>(b, errc::invalid_reason_code, PE, 2, strict);
}

TEST(EdgeCases, Case119_DisconnectReason9BFromClient) {
    const auto b = hex("E0 01 9B");
    for (const auto* o : {&from_client, &from_server, &sender_unknown}) {
        const auto p = expect_decode_ok<mqtt5::disconnect>(b, *o);
        EXPECT_EQ(static_cast<unsigned>(p.reason), 0x9Bu);
    }
}

TEST(EdgeCases, Case120_AuthRemainingLength1) {
    // UNCONFIRMED in the standard; auth.hpp documents the strict reading: missing_property_length (MAL*),
    // at the end of the packet where the Property Length should start.
    const auto b = hex("F0 01 18");
    for (const auto* o : {&sender_unknown, &from_client, &from_server})
        expect_decode_error<mqtt5::auth>(b, errc::missing_property_length, MAL, 3, *o);
}

TEST(EdgeCases, Case121_AuthContinueWithoutMethod) {
    // PE (§3.15.2.2.2): the properties (Property Length at offset 3) lack Authentication Method.
    const auto b = hex("F0 02 18 00");
    for (const auto* o : {&sender_unknown, &from_client, &from_server})
        expect_decode_error<mqtt5::auth>(b, errc::authentication_method_missing, PE, 3, *o);
    // With the method it is fine.
    (void)expect_decode_ok<mqtt5::auth>(hex("F0 06 18 04 15 00 01 6D"));
}

TEST(EdgeCases, Case122_AuthReasonWrongSender) {
    // 0x19 Re-authenticate is sent by the Client only (Table 3-11).
    const auto b19 = hex("F0 02 19 00");
    expect_decode_error<mqtt5::auth>(b19, errc::reason_code_wrong_direction, PE, 2, from_server);
    // From a Client or an unknown sender the code is fine, but the method is missing: PE at the properties.
    expect_decode_error<mqtt5::auth>(b19, errc::authentication_method_missing, PE, 3, from_client);
    expect_decode_error<mqtt5::auth>(b19, errc::authentication_method_missing, PE, 3, sender_unknown);

    // 0x00 Success is sent by the Server only.
    const auto b00 = hex("F0 02 00 00");
    expect_decode_error<mqtt5::auth>(b00, errc::reason_code_wrong_direction, PE, 2, from_client);
    expect_decode_error<mqtt5::auth>(b00, errc::authentication_method_missing, PE, 3, from_server);
    expect_decode_error<mqtt5::auth>(b00, errc::authentication_method_missing, PE, 3, sender_unknown);

    // With a method: only the direction remains.
    const auto m19 = hex("F0 06 19 04 15 00 01 6D");
    expect_decode_error<mqtt5::auth>(m19, errc::reason_code_wrong_direction, PE, 2, from_server);
    (void)expect_decode_ok<mqtt5::auth>(m19, from_client);
    (void)expect_decode_ok<mqtt5::auth>(m19, sender_unknown);
    const auto m00 = hex("F0 06 00 04 15 00 01 6D");
    expect_decode_error<mqtt5::auth>(m00, errc::reason_code_wrong_direction, PE, 2, from_client);
    (void)expect_decode_ok<mqtt5::auth>(m00, from_server);
    (void)expect_decode_ok<mqtt5::auth>(m00, sender_unknown);
}
