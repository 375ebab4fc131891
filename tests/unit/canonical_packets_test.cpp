// The canonical packets of canonical-packets.md (P1..P6, P5b) and the stream S1.
//
// Each packet is built by hand from the value types and property_builder (properties in the listed order,
// shortest legal forms) and must encode to exactly the listed bytes; the listed bytes must decode to the
// listed content and re-encode byte-exactly. S1 (P1, P2, P5b, P4 repeated 1909 times = 1,048,041 bytes) is cut
// by mqtt5::framer into exactly 7636 packets, each of which decodes.
//
// The listed lengths were re-derived by hand from the standard before use (§1.5.5, §2.1, §3.x):
//   P1: RL = 2+38 (topic) + 2 (id) + 2 (PropLen 141 = 8D 01) + 141 + 256 = 441 = B9 03 -> 1+2+441 = 444.
//   P2: RL = 5 + 1 + 16 = 22 (0x16) -> 24.   P3: RL = 147 = 93 01 -> 150.   P4: RL = 75 (0x4B) -> 77.
//   P5: RL = 2+1+1+7 = 11 -> 13.   P5b: RL 2 -> 4.   P6: RL = 1+1+42 = 44 (0x2C) -> 46.
//   S1: (444+24+4+77) * 1909 = 549 * 1909 = 1,048,041 bytes, 4 * 1909 = 7636 packets.
#include <gtest/gtest.h>

#include <algorithm>
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
using test_util::encodes_to;
using bytes = std::vector<std::byte>;

std::span<const std::byte> raw(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }

// P1 (444 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p1_hex =
    "32b9030026646576696365732f6465762d303030312f74656c656d657472792f74656d7065726174757265002a8d01010102"
    "00000e1023000508001a646576696365732f6465762d303030312f726573706f6e7365730900100102030405060708090a0b"
    "0c0d0e0f1026000874726163652d696400203462663932663335373762333464613661336365393239643065306534373336"
    "260006736f75726365000873656e736f722d610300106170706c69636174696f6e2f6a736f6e616161616161616161616161"
    "6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161"
    "6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161"
    "6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161"
    "6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161"
    "6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161";

// P2 (24 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p2_hex =
    "30160003742f3100abababababababababababababababab";

// P3 (150 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p3_hex =
    "10930100044d51545405c6003c1c1100000e102100642700020000220008260003617070000464656d6f00086465762d3030"
    "303117180000001e020000025803000a746578742f706c61696e0017646576696365732f6465762d303030312f7374617475"
    "7300076f66666c696e6500047573657200203031323334353637383941424344454630313233343536373839414243444546";

// P4 (77 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p4_hex =
    "824b0007020b0c0005612f2b2f6301000973656e736f72732f230500102473686172652f67312f6a6f62732f2b0100146465"
    "76696365732f6465762d303030312f636d64010005782f792f7a21";

// P5 (13 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p5_hex =
    "400b002a10071f00046e6f6e65";

// P5b (4 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p5b_hex =
    "4002002a";

// P6 (46 bytes), exactly as listed in canonical-packets.md.
constexpr std::string_view p6_hex =
    "e02c8e2a1f0012616e6f7468657220636f6e6e656374696f6e1c00126261636b75702e6578616d706c652e636f6d";


// Decodes typed and through the variant, and re-encodes both to exactly `wire`.
template <class P>
testing::AssertionResult round_trip(const bytes& wire, P& out) {
    const auto typed = mqtt5::decode<P>(wire);
    if (!typed) return testing::AssertionFailure() << "decode<T>: " << describe_error(typed.error());
    const auto any = mqtt5::decode(wire);
    if (!any) return testing::AssertionFailure() << "decode: " << describe_error(any.error());
    if (!std::holds_alternative<P>(*any) || !(std::get<P>(*any) == *typed))
        return testing::AssertionFailure() << "variant decode differs";
    for (const auto* pk : {&std::get<P>(*any), &*typed}) {
        bytes buf(wire.size());
        const auto n = mqtt5::encode(*pk, buf);
        if (!n) return testing::AssertionFailure() << "re-encode: " << describe_error(n.error());
        if (*n != wire.size() || buf != wire)
            return testing::AssertionFailure() << "re-encoded " << to_hex(buf) << "\n   expected " << to_hex(wire);
    }
    out = *typed;
    return testing::AssertionSuccess();
}

template <class Range>
std::vector<typename Range::iterator::value_type> collect(const Range& r) {
    std::vector<typename Range::iterator::value_type> out;
    for (auto it = r.begin(); it != r.end(); ++it) out.push_back(*it);
    return out;
}

template <class T>
testing::AssertionResult has(const std::optional<T>& got, const T& want) {
    if (!got) return testing::AssertionFailure() << "absent";
    if (!(*got == want)) return testing::AssertionFailure() << "different value";
    return testing::AssertionSuccess();
}

constexpr std::string_view p1_topic = "devices/dev-0001/telemetry/temperature";
constexpr std::string_view p1_trace = "4bf92f3577b34da6a3ce929d0e0e4736";

const bytes p1_payload(256, std::byte{0x61});
const bytes p1_correlation = from_hex("0102030405060708090a0b0c0d0e0f10");
const bytes p2_payload(16, std::byte{0xab});
constexpr std::string_view p3_password = "0123456789ABCDEF0123456789ABCDEF";

// The packets of canonical-packets.md, built by hand. The builders' storage must outlive the packets.
struct p1_parts {
    std::array<std::byte, 256> storage{};
    mqtt5::publish packet{};
};
void build_p1(p1_parts& parts) {
    const auto props = mqtt5::property_builder<mqtt5::place::publish>(parts.storage)
                           .payload_format_indicator(1)
                           .message_expiry_interval(3600)
                           .topic_alias(5)
                           .response_topic("devices/dev-0001/responses")
                           .correlation_data(p1_correlation)
                           .user_property("trace-id", p1_trace)
                           .user_property("source", "sensor-a")
                           .content_type("application/json")
                           .build();
    ASSERT_TRUE(props) << describe_error(props.error());
    parts.packet = mqtt5::publish{};
    parts.packet.topic = p1_topic;
    parts.packet.qos = mqtt5::qos::at_least_once;
    parts.packet.packet_id = 42;
    parts.packet.properties = *props;
    parts.packet.payload = p1_payload;
}

mqtt5::publish build_p2() {
    mqtt5::publish p{};
    p.topic = "t/1";
    p.payload = p2_payload;
    return p;
}

struct p4_parts {
    std::array<std::byte, 16> storage{};
    std::array<mqtt5::subscription, 5> subs{};
    mqtt5::subscribe packet{};
};
void build_p4(p4_parts& parts) {
    const auto props = mqtt5::property_builder<mqtt5::place::subscribe>(parts.storage).subscription_identifier(12).build();
    ASSERT_TRUE(props) << describe_error(props.error());
    const std::string_view filters[5] = {"a/+/c", "sensors/#", "$share/g1/jobs/+", "devices/dev-0001/cmd", "x/y/z"};
    for (std::size_t i = 0; i < 5; ++i) {
        parts.subs[i] = mqtt5::subscription{};
        parts.subs[i].topic_filter = filters[i];
        parts.subs[i].max_qos = mqtt5::qos::at_least_once;
    }
    parts.subs[1].no_local = true;
    parts.subs[4].retain_handling = mqtt5::retain_handling::do_not_send;
    parts.packet = mqtt5::subscribe{};
    parts.packet.packet_id = 7;
    parts.packet.properties = *props;
    parts.packet.subscriptions = parts.subs;
}

mqtt5::puback build_p5b() {
    mqtt5::puback a{};
    a.packet_id = 42;
    return a;
}

bytes s1_stream() {
    const auto p1 = from_hex(p1_hex), p2 = from_hex(p2_hex), p5b = from_hex(p5b_hex), p4 = from_hex(p4_hex);
    bytes s;
    s.reserve(1048041);
    for (int i = 0; i < 1909; ++i) {
        s.insert(s.end(), p1.begin(), p1.end());
        s.insert(s.end(), p2.begin(), p2.end());
        s.insert(s.end(), p5b.begin(), p5b.end());
        s.insert(s.end(), p4.begin(), p4.end());
    }
    return s;
}

// Variant index of the k-th packet of S1 and its length.
constexpr std::size_t s1_index[4] = {2, 2, 3, 7};  // PUBLISH, PUBLISH, PUBACK, SUBSCRIBE
constexpr std::size_t s1_size[4] = {444, 24, 4, 77};

}  // namespace

// ============================================================================================ P1

// P1: PUBLISH QoS 1, id 42, 8 properties in the listed order, 256-byte payload (§3.3).
TEST(Canonical, P1PublishPropsBuiltEncodesExactly_3_3) {
    const auto wire = from_hex(p1_hex);
    ASSERT_EQ(wire.size(), 444u);
    p1_parts parts;
    ASSERT_NO_FATAL_FAILURE(build_p1(parts));
    EXPECT_TRUE(encodes_to(parts.packet, wire));
    // The header-only encoder writes everything but the payload: 444 - 256 = 188 bytes.
    const auto hsize = mqtt5::publish_header_size(parts.packet);
    ASSERT_TRUE(hsize);
    EXPECT_EQ(*hsize, 188u);
    bytes header(188);
    const auto n = mqtt5::encode_publish_header(parts.packet, header);
    ASSERT_TRUE(n);
    EXPECT_EQ(*n, 188u);
    EXPECT_EQ(to_hex(header), to_hex(std::span<const std::byte>(wire).first(188)));
}

TEST(Canonical, P1PublishPropsDecodesAndReencodes_3_3) {
    const auto wire = from_hex(p1_hex);
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, p1_topic);
    EXPECT_EQ(p.qos, mqtt5::qos::at_least_once);
    EXPECT_FALSE(p.dup);
    EXPECT_FALSE(p.retain);
    EXPECT_EQ(p.packet_id, 42);
    EXPECT_EQ(to_hex(p.payload), to_hex(p1_payload));
    const auto& pr = p.properties;
    EXPECT_TRUE(has(pr.payload_format_indicator(), std::uint8_t{1}));
    EXPECT_TRUE(has(pr.message_expiry_interval(), std::uint32_t{3600}));
    EXPECT_TRUE(has(pr.topic_alias(), std::uint16_t{5}));
    EXPECT_TRUE(has(pr.response_topic(), std::string_view{"devices/dev-0001/responses"}));
    ASSERT_TRUE(pr.correlation_data().has_value());
    EXPECT_EQ(to_hex(*pr.correlation_data()), to_hex(p1_correlation));
    EXPECT_EQ(collect(pr.user_properties()),
              (std::vector<mqtt5::string_pair>{{"trace-id", p1_trace}, {"source", "sensor-a"}}));
    EXPECT_TRUE(has(pr.content_type(), std::string_view{"application/json"}));
    EXPECT_EQ(pr.size_bytes(), 141u);
    std::vector<mqtt5::property_id> ids;
    for (auto it = pr.begin(); it != pr.end(); ++it) ids.push_back((*it).id);
    EXPECT_EQ(ids, (std::vector<mqtt5::property_id>{
                       mqtt5::property_id::payload_format_indicator, mqtt5::property_id::message_expiry_interval,
                       mqtt5::property_id::topic_alias, mqtt5::property_id::response_topic,
                       mqtt5::property_id::correlation_data, mqtt5::property_id::user_property,
                       mqtt5::property_id::user_property, mqtt5::property_id::content_type}));
    p1_parts parts;
    ASSERT_NO_FATAL_FAILURE(build_p1(parts));
    EXPECT_TRUE(p == parts.packet);
}

// ============================================================================================ P2

TEST(Canonical, P2MinimalPublishBuiltAndDecoded_3_3) {
    const auto wire = from_hex(p2_hex);
    ASSERT_EQ(wire.size(), 24u);
    EXPECT_TRUE(encodes_to(build_p2(), wire));
    mqtt5::publish p{};
    ASSERT_TRUE(round_trip(wire, p));
    EXPECT_EQ(p.topic, "t/1");
    EXPECT_EQ(p.qos, mqtt5::qos::at_most_once);
    EXPECT_EQ(p.packet_id, 0);
    EXPECT_TRUE(p.properties.empty());
    EXPECT_EQ(to_hex(p.payload), to_hex(p2_payload));
    EXPECT_TRUE(p == build_p2());
}

// ============================================================================================ P3

// P3: CONNECT with properties, a Will with Will Properties, User Name and Password (§3.1).
TEST(Canonical, P3ConnectBuiltEncodesExactly_3_1) {
    const auto wire = from_hex(p3_hex);
    ASSERT_EQ(wire.size(), 150u);
    std::array<std::byte, 64> s1{};
    std::array<std::byte, 64> s2{};
    const auto props = mqtt5::property_builder<mqtt5::place::connect>(s1)
                           .session_expiry_interval(3600)
                           .receive_maximum(100)
                           .maximum_packet_size(131072)
                           .topic_alias_maximum(8)
                           .user_property("app", "demo")
                           .build();
    ASSERT_TRUE(props) << describe_error(props.error());
    const auto wprops = mqtt5::property_builder<mqtt5::place::will>(s2)
                            .will_delay_interval(30)
                            .message_expiry_interval(600)
                            .content_type("text/plain")
                            .build();
    ASSERT_TRUE(wprops) << describe_error(wprops.error());
    mqtt5::connect c{};
    c.client_id = "dev-0001";
    c.clean_start = true;
    c.keep_alive = 60;
    c.properties = *props;
    mqtt5::will_message w{};
    w.topic = "devices/dev-0001/status";
    w.payload = raw("offline");
    w.properties = *wprops;
    c.will = w;
    c.username = "user";
    c.password = raw(p3_password);
    EXPECT_TRUE(encodes_to(c, wire));
}

TEST(Canonical, P3ConnectDecodesAndReencodes_3_1) {
    const auto wire = from_hex(p3_hex);
    mqtt5::connect c{};
    ASSERT_TRUE(round_trip(wire, c));
    EXPECT_EQ(c.client_id, "dev-0001");
    EXPECT_TRUE(c.clean_start);
    EXPECT_EQ(c.keep_alive, 60);
    EXPECT_TRUE(has(c.properties.session_expiry_interval(), std::uint32_t{3600}));
    EXPECT_TRUE(has(c.properties.receive_maximum(), std::uint16_t{100}));
    EXPECT_TRUE(has(c.properties.maximum_packet_size(), std::uint32_t{131072}));
    EXPECT_TRUE(has(c.properties.topic_alias_maximum(), std::uint16_t{8}));
    EXPECT_EQ(collect(c.properties.user_properties()), (std::vector<mqtt5::string_pair>{{"app", "demo"}}));
    ASSERT_TRUE(c.will.has_value());
    EXPECT_EQ(c.will->topic, "devices/dev-0001/status");
    EXPECT_EQ(to_hex(c.will->payload), to_hex(raw("offline")));
    EXPECT_EQ(c.will->qos, mqtt5::qos::at_most_once);
    EXPECT_FALSE(c.will->retain);
    EXPECT_TRUE(has(c.will->properties.will_delay_interval(), std::uint32_t{30}));
    EXPECT_TRUE(has(c.will->properties.message_expiry_interval(), std::uint32_t{600}));
    EXPECT_TRUE(has(c.will->properties.content_type(), std::string_view{"text/plain"}));
    ASSERT_TRUE(c.username.has_value());
    EXPECT_EQ(*c.username, "user");
    ASSERT_TRUE(c.password.has_value());
    EXPECT_EQ(to_hex(*c.password), to_hex(raw(p3_password)));
}

// ============================================================================================ P4

// P4: SUBSCRIBE id 7, Subscription Identifier 12, five filters at QoS 1, No Local on the 2nd, Retain
// Handling 2 on the 5th (§3.8.3.1).
TEST(Canonical, P4SubscribeBuiltEncodesExactly_3_8) {
    const auto wire = from_hex(p4_hex);
    ASSERT_EQ(wire.size(), 77u);
    p4_parts parts;
    ASSERT_NO_FATAL_FAILURE(build_p4(parts));
    EXPECT_TRUE(encodes_to(parts.packet, wire));
}

TEST(Canonical, P4SubscribeDecodesAndReencodes_3_8) {
    const auto wire = from_hex(p4_hex);
    mqtt5::subscribe s{};
    ASSERT_TRUE(round_trip(wire, s));
    EXPECT_EQ(s.packet_id, 7);
    EXPECT_TRUE(has(s.properties.subscription_identifier(), std::uint32_t{12}));
    const auto subs = collect(s.subscriptions);
    ASSERT_EQ(subs.size(), 5u);
    const std::string_view filters[5] = {"a/+/c", "sensors/#", "$share/g1/jobs/+", "devices/dev-0001/cmd", "x/y/z"};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(subs[i].topic_filter, filters[i]);
        EXPECT_EQ(subs[i].max_qos, mqtt5::qos::at_least_once);
        EXPECT_EQ(subs[i].no_local, i == 1);
        EXPECT_FALSE(subs[i].retain_as_published);
        EXPECT_EQ(subs[i].retain_handling,
                  i == 4 ? mqtt5::retain_handling::do_not_send : mqtt5::retain_handling::send_on_subscribe);
    }
    p4_parts parts;
    ASSERT_NO_FATAL_FAILURE(build_p4(parts));
    EXPECT_TRUE(s == parts.packet);
}

// ============================================================================================ P5, P5b

// P5: PUBACK id 42, 0x10 No matching subscribers, Reason String "none" (RL >= 4 form, §3.4.2).
TEST(Canonical, P5PubackReasonStringBuiltAndDecoded_3_4_2) {
    const auto wire = from_hex(p5_hex);
    ASSERT_EQ(wire.size(), 13u);
    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::puback>(s).reason_string("none").build();
    ASSERT_TRUE(props);
    mqtt5::puback a{};
    a.packet_id = 42;
    a.reason = mqtt5::reason_code::no_matching_subscribers;
    a.properties = *props;
    EXPECT_TRUE(encodes_to(a, wire));

    mqtt5::puback d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.packet_id, 42);
    EXPECT_EQ(d.reason, mqtt5::reason_code::no_matching_subscribers);
    EXPECT_TRUE(has(d.properties.reason_string(), std::string_view{"none"}));
    EXPECT_TRUE(d == a);
}

// P5b: PUBACK id 42, success, no properties: Remaining Length 2 (§3.4.2.1).
TEST(Canonical, P5bPubackRl2BuiltAndDecoded_3_4_2_1) {
    const auto wire = from_hex(p5b_hex);
    ASSERT_EQ(wire.size(), 4u);
    EXPECT_TRUE(encodes_to(build_p5b(), wire));
    mqtt5::puback d{};
    ASSERT_TRUE(round_trip(wire, d));
    EXPECT_EQ(d.packet_id, 42);
    EXPECT_EQ(d.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(d.properties.empty());
}

// ============================================================================================ P6

// P6: DISCONNECT 0x8E Session taken over, Reason String, Server Reference (§3.14.2).
TEST(Canonical, P6DisconnectBuiltAndDecoded_3_14_2) {
    const auto wire = from_hex(p6_hex);
    ASSERT_EQ(wire.size(), 46u);
    std::array<std::byte, 64> s{};
    const auto props = mqtt5::property_builder<mqtt5::place::disconnect>(s)
                           .reason_string("another connection")
                           .server_reference("backup.example.com")
                           .build();
    ASSERT_TRUE(props);
    mqtt5::disconnect d{};
    d.reason = mqtt5::reason_code::session_taken_over;
    d.properties = *props;
    EXPECT_TRUE(encodes_to(d, wire));

    mqtt5::disconnect x{};
    ASSERT_TRUE(round_trip(wire, x));
    EXPECT_EQ(x.reason, mqtt5::reason_code::session_taken_over);
    EXPECT_TRUE(has(x.properties.reason_string(), std::string_view{"another connection"}));
    EXPECT_TRUE(has(x.properties.server_reference(), std::string_view{"backup.example.com"}));
    EXPECT_TRUE(x == d);
}

// ============================================================================================ S1

// S1 is 1,048,041 bytes: 1909 x (P1 + P2 + P5b + P4).
TEST(Canonical, S1IsTheListedLength) {
    const auto s = s1_stream();
    EXPECT_EQ(s.size(), 1048041u);
}

namespace {
// Frames `stream` fed in chunks of `chunk` bytes; every packet must decode to the expected type and
// re-encode to its own bytes. Returns the number of packets.
std::size_t frame_and_decode(const bytes& stream, std::size_t chunk) {
    std::array<std::byte, 1024> storage{};
    mqtt5::framer f(storage);
    std::size_t count = 0;
    std::size_t expected_offset = 0;
    std::size_t failures = 0;
    bytes out(512);
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
        f.feed(std::span<const std::byte>(stream).subspan(at, std::min(chunk, stream.size() - at)));
        for (;;) {
            const auto r = f.next();
            if (r.status == mqtt5::frame_status::need_more) break;
            if (r.status == mqtt5::frame_status::error) {
                ADD_FAILURE() << "framer error " << describe_error(r.err) << " at stream offset " << r.stream_offset;
                return count;
            }
            const auto k = count % 4;
            bool ok = r.packet.size() == s1_size[k] && r.stream_offset == expected_offset;
            const auto d = mqtt5::decode(r.packet);
            ok = ok && d && d->index() == s1_index[k];
            if (ok) {
                const auto n = mqtt5::encode(*d, out);
                ok = n && *n == r.packet.size() && std::equal(r.packet.begin(), r.packet.end(), out.begin());
            }
            if (!ok && ++failures <= 5)
                ADD_FAILURE() << "packet " << count << " (size " << r.packet.size() << ", offset " << r.stream_offset
                              << ") did not frame/decode/re-encode as expected"
                              << (d ? std::string() : ": " + describe_error(d.error()));
            expected_offset += r.packet.size();
            ++count;
        }
    }
    EXPECT_EQ(f.buffered(), 0u);
    EXPECT_EQ(f.stream_position(), stream.size());
    EXPECT_EQ(failures, 0u);
    return count;
}
}  // namespace

// The framer cuts S1, handed over in one piece, into exactly 7636 packets that all decode [MQTT-6.0.0-2].
TEST(Canonical, S1FramedWholeYields7636Packets) {
    const auto s = s1_stream();
    EXPECT_EQ(frame_and_decode(s, s.size()), 7636u);
}

// The same stream in 4096-byte and 7-byte chunks (packets split across chunks are reassembled).
TEST(Canonical, S1FramedInChunksYields7636Packets_MQTT_6_0_0_2) {
    const auto s = s1_stream();
    EXPECT_EQ(frame_and_decode(s, 4096), 7636u);
    EXPECT_EQ(frame_and_decode(s, 7), 7636u);
    EXPECT_EQ(frame_and_decode(s, 1), 7636u);
}

// The range interface frames() yields the same 7636 packets.
TEST(Canonical, S1FramesRangeYields7636Packets) {
    const auto s = s1_stream();
    std::array<std::byte, 1024> storage{};
    mqtt5::framer f(storage);
    std::size_t count = 0, decoded = 0;
    for (const auto frame : f.frames(s)) {
        ASSERT_TRUE(frame) << describe_error(frame.error());
        if (mqtt5::decode(*frame)) ++decoded;
        ++count;
    }
    EXPECT_EQ(count, 7636u);
    EXPECT_EQ(decoded, 7636u);
}
