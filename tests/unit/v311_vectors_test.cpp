// Byte-exact vectors for MQTT 3.1.1 (protocol level 4) and MQTT 3.1 (level 3, "MQIsdp").
//
// Written from the standard (OASIS MQTT Version 3.1.1, 29 October 2014, chapters 2 and 3), from
// ../shared/docs/spec/v311.md and from the API contract of issue 9 (the public headers), without
// reading the implementation. Every expected byte was computed by hand. For each vector:
//   - the bytes are decoded with decode_options{.version = v311} (typed and variant decode must agree) and
//     every field is checked against a value built by hand;
//   - the decoded packet is re-encoded with encode_options{.version = v311} and must give back the bytes;
//   - the hand-built value is encoded and must give exactly the bytes, and encoded_size() their length.
// Then: the 3.1 differences (spec/v311.md part 7), the encoder refusals of the contract (nothing written,
// exact errc), select_protocol_version / encode_version_refusal, the CONNACK return code helpers, and the
// framer on a 3.1.1 byte stream cut at every boundary.
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
#include <tuple>
#include <variant>
#include <vector>

#include "conformance_helpers.hpp"
#include "mqtt5.hpp"
#include "mqtt5/connack_return_code.hpp"
#include "mqtt5/protocol_selection.hpp"
#include "test_util.hpp"

namespace {

using namespace conformance;  // bytes, errc, hex, hex_of, view, show, name_of
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
const mqtt5::encode_options e31 = encode_with(protocol_version::v31);
const mqtt5::encode_options e5 = encode_with(protocol_version::v5);

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// `p` encodes (typed and through the variant) to exactly `want` with `o`; encoded_size() agrees first and
// nothing is written past the packet.
template <class P>
testing::AssertionResult encodes_as(const P& p, const bytes& want, const mqtt5::encode_options& o) {
    const auto size = mqtt5::encoded_size(p, o);
    if (!size) return testing::AssertionFailure() << "encoded_size refused: " << show(size.error());
    if (*size != want.size()) return testing::AssertionFailure() << "encoded_size " << *size << " != " << want.size();
    bytes out(want.size() + 8, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out), o);
    if (!n) return testing::AssertionFailure() << "encode refused: " << show(n.error());
    const auto written = std::span<const std::byte>(out).first(*n);
    if (!same(written, want)) return testing::AssertionFailure() << "encoded  " << hex_of(written) << "\nexpected " << hex_of(want);
    for (std::size_t i = *n; i < out.size(); ++i)
        if (out[i] != std::byte{0xEE}) return testing::AssertionFailure() << "encode wrote past its result";
    const mqtt5::packet v{p};
    bytes out2(want.size());
    const auto n2 = mqtt5::encode(v, std::span<std::byte>(out2), o);
    if (!n2 || !same(std::span<const std::byte>(out2).first(*n2), want))
        return testing::AssertionFailure() << "encode(variant) differs: " << (n2 ? hex_of(out2) : show(n2.error()));
    const auto size2 = mqtt5::encoded_size(v, o);
    if (!size2 || *size2 != want.size()) return testing::AssertionFailure() << "encoded_size(variant) differs";
    return testing::AssertionSuccess();
}

// A decoded packet is a view into its bytes: every vector a test decodes is copied here and kept for the
// life of the test program, so that the fields stay valid after the call (even for a temporary vector).
const bytes& kept(const bytes& wire) {
    static std::deque<bytes> store;
    store.push_back(wire);
    return store.back();
}

// `wire` decodes with `d` (typed and variant, same content) and the decoded packet re-encodes with `e` to
// exactly `wire`. The decoded packet is returned in `out` (its views point into `wire`).
template <class P>
testing::AssertionResult decodes(const bytes& vector, const mqtt5::decode_options& d, const mqtt5::encode_options& e, P& out) {
    const bytes& wire = kept(vector);
    const auto typed = mqtt5::decode<P>(view(wire), d);
    if (!typed) return testing::AssertionFailure() << "decode<T> refused " << hex_of(wire) << ": " << show(typed.error());
    const auto any = mqtt5::decode(view(wire), d);
    if (!any) return testing::AssertionFailure() << "decode (variant) refused: " << show(any.error());
    if (!std::holds_alternative<P>(*any)) return testing::AssertionFailure() << "variant holds index " << any->index();
    if (!(std::get<P>(*any) == *typed)) return testing::AssertionFailure() << "typed and variant decode differ";
    auto r = encodes_as(*typed, wire, e);
    if (!r) return testing::AssertionFailure() << "re-encoding the decoded packet: " << r.message();
    out = *typed;
    return testing::AssertionSuccess();
}

// Decoding `wire` with `d` fails with exactly `code` at `offset` (typed decode too when P is not void), and
// the reason is the errc's default.
template <class P>
testing::AssertionResult refused(const bytes& wire, errc code, std::size_t offset, const mqtt5::decode_options& d) {
    const auto check = [&](const mqtt5::error& e, const char* how) -> testing::AssertionResult {
        if (e.code != code || e.offset != offset)
            return testing::AssertionFailure() << how << " of " << hex_of(wire) << ": " << show(e) << ", expected "
                                               << name_of(code) << " at offset " << offset;
        if (e.reason != mqtt5::default_reason(code)) return testing::AssertionFailure() << how << ": reason not the default";
        return testing::AssertionSuccess();
    };
    const auto any = mqtt5::decode(view(wire), d);
    if (any) return testing::AssertionFailure() << "decode (variant) accepted " << hex_of(wire);
    if (auto r = check(any.error(), "decode (variant)"); !r) return r;
    if constexpr (!std::is_void_v<P>) {
        const auto typed = mqtt5::decode<P>(view(wire), d);
        if (typed) return testing::AssertionFailure() << "decode<T> accepted " << hex_of(wire);
        if (auto r = check(typed.error(), "decode<T>"); !r) return r;
    }
    return testing::AssertionSuccess();
}

// encode() and encoded_size() refuse `p` with exactly `code` under `o`, and nothing is written.
template <class P>
testing::AssertionResult encode_refused(const P& p, errc code, const mqtt5::encode_options& o) {
    bytes out(512, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out), o);
    if (n) return testing::AssertionFailure() << "encoded " << hex_of(std::span<const std::byte>(out).first(*n));
    if (n.error().code != code) return testing::AssertionFailure() << "encode: " << show(n.error()) << ", expected " << name_of(code);
    if (!std::all_of(out.begin(), out.end(), [](std::byte x) { return x == std::byte{0xEE}; }))
        return testing::AssertionFailure() << "a refused encode wrote into the buffer";
    const auto s = mqtt5::encoded_size(p, o);
    if (s) return testing::AssertionFailure() << "encoded_size accepted it (" << *s << ")";
    if (s.error().code != code) return testing::AssertionFailure() << "encoded_size: " << show(s.error());
    const mqtt5::packet v{p};
    const auto n2 = mqtt5::encode(v, std::span<std::byte>(out), o);
    if (n2 || n2.error().code != code) return testing::AssertionFailure() << "encode(variant) disagrees";
    return testing::AssertionSuccess();
}

// Decode, compare with the hand-built `want` (operator== covers every field but the wire form), re-encode,
// and encode `want` itself.
template <class P>
void round_trip(const bytes& wire, const P& want, const mqtt5::decode_options& d = d311, const mqtt5::encode_options& e = e311) {
    SCOPED_TRACE("vector " + hex_of(wire));
    P got{};
    ASSERT_TRUE(decodes(wire, d, e, got));
    EXPECT_TRUE(got == want) << "decoded fields differ from the expected packet";
    EXPECT_TRUE(encodes_as(want, wire, e));
}

std::span<const std::byte> span_of(const bytes& b) { return {b.data(), b.size()}; }

std::string id_of_length(std::size_t n) {
    static constexpr std::string_view alnum = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(alnum[i % alnum.size()]);
    return s;
}

bytes cat(std::initializer_list<bytes> parts) {
    bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

bytes text(std::string_view s) { return test_util::from_text(s); }

mqtt5::connect make_connect(std::string_view id, bool clean, std::uint16_t keep_alive = 60) {
    mqtt5::connect c{};
    c.client_id = id;
    c.clean_start = clean;
    c.keep_alive = keep_alive;
    return c;
}

template <class Range>
auto collect(const Range& r) {
    std::vector<typename Range::iterator::value_type> out;
    for (auto it = r.begin(); it != r.end(); ++it) out.push_back(*it);
    return out;
}

// The CONNACK return code as a number, -1 for "close without CONNACK" (nullopt): printable in failures.
int code_of(const std::optional<mqtt5::connack_return_code>& c) { return c ? static_cast<int>(*c) : -1; }

}  // namespace

// =====================================================================================================
// CONNECT (§3.1): variable header 00 04 "MQTT" 04 flags keep-alive (10 bytes, §3.1.1), no properties;
// payload ClientId [Will Topic, Will Message] [User Name] [Password] [MQTT-3.1.3-1] (3.1.1).
// =====================================================================================================

TEST(V311Vectors, ConnectCleanSessionKeepAlive60) {
    round_trip(hex("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63"), make_connect("c", true, 60));
    mqtt5::connect got{};
    const auto wire = hex("10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63");
    ASSERT_TRUE(decodes(wire, d311_client, e311, got));
    EXPECT_EQ(got.client_id, "c");
    EXPECT_TRUE(got.clean_start);
    EXPECT_EQ(got.keep_alive, 60u);
    EXPECT_FALSE(got.will.has_value());
    EXPECT_FALSE(got.username.has_value());
    EXPECT_FALSE(got.password.has_value());
    EXPECT_TRUE(got.properties.empty());
    EXPECT_FALSE(got.bridge);
}

TEST(V311Vectors, ConnectCleanSession0) {
    round_trip(hex("10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63"), make_connect("c", false, 60));
}

TEST(V311Vectors, ConnectKeepAlive0And65535) {
    round_trip(hex("10 0D 00 04 4D 51 54 54 04 02 00 00 00 01 63"), make_connect("c", true, 0));  // §3.1.2.10: off
    round_trip(hex("10 0D 00 04 4D 51 54 54 04 02 FF FF 00 01 63"), make_connect("c", true, 65535));
}

// [MQTT-3.1.3-6] (3.1.1): a zero-byte ClientId is accepted with CleanSession 1.
TEST(V311Vectors, ConnectZeroLengthClientIdCleanSession1) {
    round_trip(hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"), make_connect("", true, 60));
}

// [MQTT-3.1.3-5] (3.1.1): 23 bytes must be accepted; more MAY be: the codec imposes no limit.
TEST(V311Vectors, ConnectClientId23And24And300Bytes) {
    const std::string id23 = id_of_length(23), id24 = id_of_length(24), id300 = id_of_length(300);
    round_trip(cat({hex("10 23 00 04 4D 51 54 54 04 02 00 3C 00 17"), text(id23)}), make_connect(id23, true));
    round_trip(cat({hex("10 24 00 04 4D 51 54 54 04 02 00 3C 00 18"), text(id24)}), make_connect(id24, true));
    // RL 312 = B8 02; ClientId length 300 = 01 2C.
    round_trip(cat({hex("10 B8 02 00 04 4D 51 54 54 04 02 00 3C 01 2C"), text(id300)}), make_connect(id300, true));
}

// Will Flag 1 with Will QoS 0/1/2 and Will Retain 0/1; the Will Message is binary (a NUL and 0xFF are fine).
TEST(V311Vectors, ConnectWillQosAndRetain) {
    const auto msg = hex("00 FF 41");
    struct row {
        std::uint8_t flags{};
        mqtt5::qos q{};
        bool retain{};
        bool clean{};
    };
    for (const row r : {row{0x06, mqtt5::qos::at_most_once, false, true}, row{0x0E, mqtt5::qos::at_least_once, false, true},
                        row{0x16, mqtt5::qos::exactly_once, false, true}, row{0x26, mqtt5::qos::at_most_once, true, true},
                        row{0x2E, mqtt5::qos::at_least_once, true, true}, row{0x36, mqtt5::qos::exactly_once, true, true},
                        row{0x34, mqtt5::qos::exactly_once, true, false}, row{0x04, mqtt5::qos::at_most_once, false, false}}) {
        SCOPED_TRACE("flags " + std::to_string(r.flags));
        const auto wire = with_byte("10 17 00 04 4D 51 54 54 04", r.flags, "00 3C 00 01 63 00 03 77 2F 74 00 03 00 FF 41");
        auto c = make_connect("c", r.clean);
        c.will = mqtt5::will_message{.topic = "w/t", .payload = span_of(msg), .qos = r.q, .retain = r.retain};
        round_trip(wire, c);
        mqtt5::connect got{};
        ASSERT_TRUE(decodes(wire, d311, e311, got));
        ASSERT_TRUE(got.will.has_value());
        EXPECT_EQ(got.will->topic, "w/t");
        EXPECT_EQ(hex_of(got.will->payload), "00 FF 41");
        EXPECT_EQ(got.will->qos, r.q);
        EXPECT_EQ(got.will->retain, r.retain);
        EXPECT_TRUE(got.will->properties.empty());
    }
}

TEST(V311Vectors, ConnectWillEmptyMessage) {
    auto c = make_connect("c", true);
    c.will = mqtt5::will_message{.topic = "w/t"};
    round_trip(hex("10 14 00 04 4D 51 54 54 04 06 00 3C 00 01 63 00 03 77 2F 74 00 00"), c);
}

TEST(V311Vectors, ConnectUserNameAndPassword) {
    const auto pw = hex("01 02 03");
    auto c = make_connect("c", true);
    c.username = "user";
    round_trip(hex("10 13 00 04 4D 51 54 54 04 82 00 3C 00 01 63 00 04 75 73 65 72"), c);
    c.password = span_of(pw);
    round_trip(hex("10 18 00 04 4D 51 54 54 04 C2 00 3C 00 01 63 00 04 75 73 65 72 00 03 01 02 03"), c);
    // Empty User Name and empty Password are still present (2-byte length 0).
    auto e = make_connect("c", true);
    e.username = "";
    e.password = std::span<const std::byte>{};
    round_trip(hex("10 11 00 04 4D 51 54 54 04 C2 00 3C 00 01 63 00 00 00 00"), e);
}

// Every field: §3.1.2.11 example flags CE (User Name, Password, Will QoS 1, Will, CleanSession), Keep Alive 10;
// then F6 (Will QoS 2 and Retain) and EE (Will QoS 1 and Retain).
TEST(V311Vectors, ConnectEveryField) {
    const auto msg = hex("00 FF 41");
    const auto pw = hex("01 02 03");
    const std::string_view payload = "00 01 63 00 03 77 2F 74 00 03 00 FF 41 00 04 75 73 65 72 00 03 01 02 03";
    struct row {
        std::uint8_t flags{};
        mqtt5::qos q{};
        bool retain{};
        std::uint16_t keep_alive{};
    };
    for (const row r : {row{0xCE, mqtt5::qos::at_least_once, false, 10}, row{0xF6, mqtt5::qos::exactly_once, true, 60},
                        row{0xEE, mqtt5::qos::at_least_once, true, 60}}) {
        SCOPED_TRACE("flags " + std::to_string(r.flags));
        auto wire = with_byte("10 22 00 04 4D 51 54 54 04", r.flags, "");
        wire.push_back(std::byte{0});
        wire.push_back(static_cast<std::byte>(r.keep_alive));
        const auto tail = hex(payload);
        wire.insert(wire.end(), tail.begin(), tail.end());
        auto c = make_connect("c", true, r.keep_alive);
        c.will = mqtt5::will_message{.topic = "w/t", .payload = span_of(msg), .qos = r.q, .retain = r.retain};
        c.username = "user";
        c.password = span_of(pw);
        round_trip(wire, c);
    }
}

// =====================================================================================================
// CONNACK (§3.2): 20 02, Connect Acknowledge Flags (bit 0 Session Present), Connect Return code 0..5.
// =====================================================================================================

TEST(V311Vectors, ConnackEveryReturnCode) {
    using rc = mqtt5::connack_return_code;
    for (const rc code : {rc::accepted, rc::unacceptable_protocol_version, rc::identifier_rejected, rc::server_unavailable,
                          rc::bad_user_name_or_password, rc::not_authorized}) {
        const auto wire = with_byte("20 02 00", static_cast<std::uint8_t>(code), "");
        SCOPED_TRACE(hex_of(wire));
        mqtt5::connack got{};
        ASSERT_TRUE(decodes(wire, d311_server, e311, got));
        EXPECT_EQ(got.return_code, code);
        EXPECT_FALSE(got.session_present);
        EXPECT_EQ(got.reason, mqtt5::reason_code::success);  // v5 only: stays success
        EXPECT_TRUE(got.properties.empty());
        mqtt5::connack c{};
        c.return_code = code;
        EXPECT_TRUE(encodes_as(c, wire, e311));
    }
}

TEST(V311Vectors, ConnackSessionPresent) {
    const auto wire = hex("20 02 01 00");
    mqtt5::connack got{};
    ASSERT_TRUE(decodes(wire, d311, e311, got));
    EXPECT_TRUE(got.session_present);
    EXPECT_EQ(got.return_code, mqtt5::connack_return_code::accepted);
    mqtt5::connack c{};
    c.session_present = true;
    EXPECT_TRUE(encodes_as(c, wire, e311));
}

// =====================================================================================================
// PUBLISH (§3.3): flags DUP, QoS, RETAIN; Topic Name; Packet Identifier only for QoS 1/2; no properties;
// the rest of the packet is the payload, possibly empty (§3.3.3).
// =====================================================================================================

namespace {
mqtt5::publish make_publish(std::string_view topic, std::span<const std::byte> payload, mqtt5::qos q = mqtt5::qos::at_most_once,
                            std::uint16_t id = 0, bool dup = false, bool retain = false) {
    mqtt5::publish p{};
    p.topic = topic;
    p.payload = payload;
    p.qos = q;
    p.packet_id = id;
    p.dup = dup;
    p.retain = retain;
    return p;
}
}  // namespace

TEST(V311Vectors, PublishQos0AndRetain) {
    const auto hello = text("hello");
    round_trip(hex("30 0A 00 03 61 2F 62 68 65 6C 6C 6F"), make_publish("a/b", span_of(hello)));
    round_trip(hex("31 0A 00 03 61 2F 62 68 65 6C 6C 6F"), make_publish("a/b", span_of(hello), mqtt5::qos::at_most_once, 0, false, true));
    mqtt5::publish got{};
    const auto retained = hex("31 0A 00 03 61 2F 62 68 65 6C 6C 6F");
    ASSERT_TRUE(decodes(retained, d311, e311, got));
    EXPECT_EQ(got.topic, "a/b");
    EXPECT_EQ(hex_of(got.payload), "68 65 6C 6C 6F");
    EXPECT_EQ(got.qos, mqtt5::qos::at_most_once);
    EXPECT_FALSE(got.dup);
    EXPECT_TRUE(got.retain);
    EXPECT_EQ(got.packet_id, 0u);
    EXPECT_TRUE(got.properties.empty());
}

// §3.3.2.3 example: Topic Name "a/b", Packet Identifier 10.
TEST(V311Vectors, PublishQos1Qos2DupRetain) {
    const auto hello = text("hello");
    const auto p = span_of(hello);
    using q = mqtt5::qos;
    round_trip(hex("32 0C 00 03 61 2F 62 00 0A 68 65 6C 6C 6F"), make_publish("a/b", p, q::at_least_once, 10));
    round_trip(hex("3A 0C 00 03 61 2F 62 00 0A 68 65 6C 6C 6F"), make_publish("a/b", p, q::at_least_once, 10, true));
    round_trip(hex("33 0C 00 03 61 2F 62 00 01 68 65 6C 6C 6F"), make_publish("a/b", p, q::at_least_once, 1, false, true));
    round_trip(hex("34 0C 00 03 61 2F 62 12 34 68 65 6C 6C 6F"), make_publish("a/b", p, q::exactly_once, 0x1234));
    round_trip(hex("3D 0C 00 03 61 2F 62 FF FF 68 65 6C 6C 6F"), make_publish("a/b", p, q::exactly_once, 0xFFFF, true, true));
    round_trip(hex("3C 0C 00 03 61 2F 62 FF FF 68 65 6C 6C 6F"), make_publish("a/b", p, q::exactly_once, 0xFFFF, true, false));
}

// §3.3.3: a zero-length payload is valid.
TEST(V311Vectors, PublishEmptyPayload) {
    round_trip(hex("30 05 00 03 61 2F 62"), make_publish("a/b", {}));
    round_trip(hex("33 07 00 03 61 2F 62 00 01"), make_publish("a/b", {}, mqtt5::qos::at_least_once, 1, false, true));
    round_trip(hex("35 07 00 03 61 2F 62 00 02"), make_publish("a/b", {}, mqtt5::qos::exactly_once, 2, false, true));
}

// There is no Property Length in 3.1.1: bytes after the Topic Name (and Packet Identifier) are payload, even
// when they look like a v5 Property Length.
TEST(V311Vectors, PublishPayloadIsNotProperties) {
    const auto zz = hex("00 00");
    round_trip(hex("30 07 00 03 61 2F 62 00 00"), make_publish("a/b", span_of(zz)));
    const auto ta = hex("26 00");
    round_trip(hex("32 09 00 03 61 2F 62 00 01 26 00"), make_publish("a/b", span_of(ta), mqtt5::qos::at_least_once, 1));
    // The same bytes in v5 mean Property Length 0 and a 1-byte payload.
    const auto v5_wire = hex("30 07 00 03 61 2F 62 00 00");
    const auto v5 = mqtt5::decode<mqtt5::publish>(view(v5_wire), d5);
    ASSERT_TRUE(v5.has_value()) << show(v5.error());
    EXPECT_EQ(hex_of(v5->payload), "00");
}

// A two-byte Remaining Length: 5 + 200 = 205 = CD 01.
TEST(V311Vectors, PublishTwoByteRemainingLength) {
    bytes payload(200);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::byte>(i);
    const auto wire = cat({hex("30 CD 01 00 03 61 2F 62"), payload});
    round_trip(wire, make_publish("a/b", span_of(payload)));
}

// encode_publish_header writes everything before the payload, with the 3.1.1 layout.
TEST(V311Vectors, PublishHeaderForScatterGather) {
    const auto hello = text("hello");
    const auto p = make_publish("a/b", span_of(hello), mqtt5::qos::at_least_once, 10);
    const auto size = mqtt5::publish_header_size(p, e311);
    ASSERT_TRUE(size.has_value()) << show(size.error());
    EXPECT_EQ(*size, 9u);
    bytes out(16, std::byte{0xEE});
    const auto n = mqtt5::encode_publish_header(p, std::span<std::byte>(out), e311);
    ASSERT_TRUE(n.has_value()) << show(n.error());
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(*n)), "32 0C 00 03 61 2F 62 00 0A");
}

// =====================================================================================================
// PUBACK, PUBREC, PUBREL, PUBCOMP (§3.4-§3.7): Remaining Length 2, the Packet Identifier only.
// =====================================================================================================

namespace {
template <class P>
void ack_vectors(std::uint8_t first_byte) {
    for (const std::uint16_t id : {std::uint16_t{1}, std::uint16_t{10}, std::uint16_t{0xFFFF}}) {
        bytes wire{std::byte{first_byte}, std::byte{0x02}, static_cast<std::byte>(id >> 8), static_cast<std::byte>(id & 0xFF)};
        SCOPED_TRACE(hex_of(wire));
        P got{};
        ASSERT_TRUE(decodes(wire, d311, e311, got));
        EXPECT_EQ(got.packet_id, id);
        EXPECT_EQ(got.reason, mqtt5::reason_code::success);
        EXPECT_TRUE(got.properties.empty());
        P built{};
        built.packet_id = id;
        EXPECT_TRUE(encodes_as(built, wire, e311));
        EXPECT_TRUE(decodes(wire, d311_client, e311, got));
        EXPECT_TRUE(decodes(wire, d311_server, e311, got));
    }
}
}  // namespace

TEST(V311Vectors, Puback) { ack_vectors<mqtt5::puback>(0x40); }
TEST(V311Vectors, Pubrec) { ack_vectors<mqtt5::pubrec>(0x50); }
TEST(V311Vectors, Pubrel) { ack_vectors<mqtt5::pubrel>(0x62); }
TEST(V311Vectors, Pubcomp) { ack_vectors<mqtt5::pubcomp>(0x70); }

// =====================================================================================================
// SUBSCRIBE (§3.8), SUBACK (§3.9), UNSUBSCRIBE (§3.10), UNSUBACK (§3.11)
// =====================================================================================================

// Several filters with Requested QoS 1, 2, 0 (§3.8.3.1 example plus "e" at QoS 0). No properties.
TEST(V311Vectors, SubscribeSeveralFilters) {
    const auto wire = hex("82 12 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02 00 01 65 00");
    mqtt5::subscribe got{};
    ASSERT_TRUE(decodes(wire, d311_client, e311, got));
    EXPECT_EQ(got.packet_id, 10u);
    EXPECT_TRUE(got.properties.empty());
    const auto subs = collect(got.subscriptions);
    ASSERT_EQ(subs.size(), 3u);
    const std::array<mqtt5::subscription, 3> want{
        mqtt5::subscription{.topic_filter = "a/b", .max_qos = mqtt5::qos::at_least_once},
        mqtt5::subscription{.topic_filter = "c/d", .max_qos = mqtt5::qos::exactly_once},
        mqtt5::subscription{.topic_filter = "e", .max_qos = mqtt5::qos::at_most_once}};
    for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(subs[i] == want[i]) << "subscription " << i;
    mqtt5::subscribe s{};
    s.packet_id = 10;
    s.subscriptions = want;
    EXPECT_TRUE(encodes_as(s, wire, e311));
}

// Wildcards, and "$share/..." which is an ordinary filter in 3.1.1 (no shared-subscription rules).
TEST(V311Vectors, SubscribeWildcardsAndDollarShareIsOrdinary) {
    const std::array<mqtt5::subscription, 2> two{
        mqtt5::subscription{.topic_filter = "+/#", .max_qos = mqtt5::qos::exactly_once},
        mqtt5::subscription{.topic_filter = "$share/g/a", .max_qos = mqtt5::qos::at_least_once}};
    mqtt5::subscribe s{};
    s.packet_id = 1;
    s.subscriptions = two;
    const auto wire = hex("82 15 00 01 00 03 2B 2F 23 02 00 0A 24 73 68 61 72 65 2F 67 2F 61 01");
    mqtt5::subscribe got{};
    ASSERT_TRUE(decodes(wire, d311, e311, got));
    EXPECT_TRUE(got == s);
    EXPECT_TRUE(encodes_as(s, wire, e311));
    // "$share/" alone: in v5 a share name is missing; in 3.1.1 it is the filter "$share" / "".
    const std::array<mqtt5::subscription, 1> one{mqtt5::subscription{.topic_filter = "$share/"}};
    s.packet_id = 2;
    s.subscriptions = one;
    const auto wire2 = hex("82 0C 00 02 00 07 24 73 68 61 72 65 2F 00");
    ASSERT_TRUE(decodes(wire2, d311, e311, got));
    EXPECT_TRUE(got == s);
    EXPECT_TRUE(encodes_as(s, wire2, e311));
}

// Return codes 0x00, 0x01, 0x02, 0x80 (§3.9.3), and the §3.9.3.1 example 00 02 80.
TEST(V311Vectors, SubackEveryReturnCode) {
    using rc = mqtt5::reason_code;
    const std::array<rc, 4> codes{rc::granted_qos_0, rc::granted_qos_1, rc::granted_qos_2, rc::unspecified_error};
    const auto wire = hex("90 06 00 0A 00 01 02 80");
    mqtt5::suback got{};
    ASSERT_TRUE(decodes(wire, d311_server, e311, got));
    EXPECT_EQ(got.packet_id, 10u);
    EXPECT_TRUE(got.properties.empty());
    const auto list = collect(got.reason_codes);
    ASSERT_EQ(list.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(list[i], codes[i]);
    mqtt5::suback s{};
    s.packet_id = 10;
    s.reason_codes = codes;
    EXPECT_TRUE(encodes_as(s, wire, e311));
    const std::array<rc, 3> example{rc::granted_qos_0, rc::granted_qos_2, rc::unspecified_error};
    s.reason_codes = example;
    round_trip(hex("90 05 00 0A 00 02 80"), s);
}

// §3.10.3.1 example: "a/b", "c/d".
TEST(V311Vectors, UnsubscribeTwoFilters) {
    const std::array<std::string_view, 2> filters{"a/b", "c/d"};
    mqtt5::unsubscribe u{};
    u.packet_id = 10;
    u.topic_filters = filters;
    const auto wire = hex("A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64");
    mqtt5::unsubscribe got{};
    ASSERT_TRUE(decodes(wire, d311_client, e311, got));
    EXPECT_EQ(got.packet_id, 10u);
    EXPECT_TRUE(got.properties.empty());
    const auto list = collect(got.topic_filters);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0], "a/b");
    EXPECT_EQ(list[1], "c/d");
    EXPECT_TRUE(encodes_as(u, wire, e311));
}

// §3.11: Remaining Length 2, no payload: no reason codes.
TEST(V311Vectors, UnsubackNoPayload) {
    const auto wire = hex("B0 02 00 0A");
    mqtt5::unsuback got{};
    ASSERT_TRUE(decodes(wire, d311_server, e311, got));
    EXPECT_EQ(got.packet_id, 10u);
    EXPECT_TRUE(got.reason_codes.empty());
    EXPECT_TRUE(got.properties.empty());
    mqtt5::unsuback u{};
    u.packet_id = 10;
    EXPECT_TRUE(encodes_as(u, wire, e311));
    // Success codes carry nothing 3.1.1 can say: the encoder writes none (contract).
    const std::array<mqtt5::reason_code, 2> ok{mqtt5::reason_code::success, mqtt5::reason_code::success};
    u.reason_codes = ok;
    EXPECT_TRUE(encodes_as(u, wire, e311));
}

// =====================================================================================================
// PINGREQ, PINGRESP, DISCONNECT (§3.12-§3.14): Remaining Length 0.
// =====================================================================================================

TEST(V311Vectors, PingreqPingrespDisconnect) {
    round_trip(hex("C0 00"), mqtt5::pingreq{});
    round_trip(hex("D0 00"), mqtt5::pingresp{});
    round_trip(hex("E0 00"), mqtt5::disconnect{});
    mqtt5::disconnect got{};
    ASSERT_TRUE(decodes(hex("E0 00"), d311_client, e311, got));
    EXPECT_EQ(got.reason, mqtt5::reason_code::normal_disconnection);
    EXPECT_TRUE(got.properties.empty());
    mqtt5::pingreq pr{};
    EXPECT_TRUE(decodes(hex("C0 00"), d311_client, e311, pr));
    mqtt5::pingresp ps{};
    EXPECT_TRUE(decodes(hex("D0 00"), d311_server, e311, ps));
}

// =====================================================================================================
// MQTT 3.1 (level 3, "MQIsdp"): spec/v311.md part 7.
// =====================================================================================================

// 00 06 "MQIsdp" 03: the variable header is 12 bytes, the ClientId starts at offset 14.
TEST(V311Vectors, V31Connect) {
    round_trip(hex("10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63"), make_connect("c", true), d31, e31);
    round_trip(hex("10 0F 00 06 4D 51 49 73 64 70 03 00 00 3C 00 01 63"), make_connect("c", false), d31, e31);
    const std::string id23 = id_of_length(23);
    round_trip(cat({hex("10 25 00 06 4D 51 49 73 64 70 03 02 00 3C 00 17"), text(id23)}), make_connect(id23, true), d31, e31);
    const auto msg = text("hi");
    const auto pw = hex("01 02 03");
    auto c = make_connect("c", true);
    c.will = mqtt5::will_message{.topic = "w/t", .payload = span_of(msg), .qos = mqtt5::qos::at_least_once, .retain = true};
    c.username = "user";
    c.password = span_of(pw);
    round_trip(hex("10 23 00 06 4D 51 49 73 64 70 03 EE 00 3C 00 01 63 00 03 77 2F 74 00 02 68 69 00 04 75 73 65 72 00 03 01 02 03"),
               c, d31, e31);
}

// mosquitto's bridge bit: the level byte is 0x84 (3.1.1) or 0x83 (3.1); decoded with the option, and written
// back as level | 0x80 when connect::bridge is set (contract).
TEST(V311Vectors, BridgeLevelByte) {
    auto lenient311 = d311;
    lenient311.accept_bridge_protocol_level = true;
    auto lenient31 = d31;
    lenient31.accept_bridge_protocol_level = true;
    auto c = make_connect("c", true);
    c.bridge = true;
    for (const auto& [wire, d, e] : {std::tuple{hex("10 0D 00 04 4D 51 54 54 84 02 00 3C 00 01 63"), lenient311, e311},
                                     std::tuple{hex("10 0F 00 06 4D 51 49 73 64 70 83 02 00 3C 00 01 63"), lenient31, e31}}) {
        SCOPED_TRACE(hex_of(wire));
        mqtt5::connect got{};
        ASSERT_TRUE(decodes(wire, d, e, got));
        EXPECT_TRUE(got.bridge);
        EXPECT_EQ(got.client_id, "c");
        EXPECT_TRUE(encodes_as(c, wire, e));
    }
}

TEST(V311Vectors, V31ConnackReturnCodes) {
    using rc = mqtt5::connack_return_code;
    for (const rc code : {rc::accepted, rc::unacceptable_protocol_version, rc::identifier_rejected, rc::server_unavailable,
                          rc::bad_user_name_or_password, rc::not_authorized}) {
        const auto wire = with_byte("20 02 00", static_cast<std::uint8_t>(code), "");
        mqtt5::connack got{};
        ASSERT_TRUE(decodes(wire, d31, e31, got));
        EXPECT_EQ(got.return_code, code);
        EXPECT_FALSE(got.session_present);
        mqtt5::connack c{};
        c.return_code = code;
        EXPECT_TRUE(encodes_as(c, wire, e31));
    }
}

// 3.1: PUBREL, SUBSCRIBE and UNSUBSCRIBE "use QoS level 1" and carry DUP on a re-delivery: 0x6A / 0x8A /
// 0xAA are accepted and re-encoded exactly; a packet built by hand is written with DUP 0 (0x62 / 0x82 / 0xA2).
// The same first bytes are invalid flags in 3.1.1 [MQTT-2.2.2-2] (3.1.1).
TEST(V311Vectors, V31DupOnPubrelSubscribeUnsubscribe) {
    mqtt5::pubrel rel{};
    ASSERT_TRUE(decodes(hex("6A 02 00 0A"), d31, e31, rel));
    EXPECT_EQ(rel.packet_id, 10u);
    ASSERT_TRUE(decodes(hex("62 02 00 0A"), d31, e31, rel));
    mqtt5::pubrel fresh_rel{};
    fresh_rel.packet_id = 10;
    EXPECT_TRUE(encodes_as(fresh_rel, hex("62 02 00 0A"), e31));

    mqtt5::subscribe sub{};
    const auto sub_wire = hex("8A 06 00 0A 00 01 61 01");
    ASSERT_TRUE(decodes(sub_wire, d31, e31, sub));
    EXPECT_EQ(sub.packet_id, 10u);
    const auto subs = collect(sub.subscriptions);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].topic_filter, "a");
    EXPECT_EQ(subs[0].max_qos, mqtt5::qos::at_least_once);
    const std::array<mqtt5::subscription, 1> one{mqtt5::subscription{.topic_filter = "a", .max_qos = mqtt5::qos::at_least_once}};
    mqtt5::subscribe fresh_sub{};
    fresh_sub.packet_id = 10;
    fresh_sub.subscriptions = one;
    EXPECT_TRUE(encodes_as(fresh_sub, hex("82 06 00 0A 00 01 61 01"), e31));

    mqtt5::unsubscribe uns{};
    const auto uns_wire = hex("AA 05 00 0A 00 01 61");
    ASSERT_TRUE(decodes(uns_wire, d31, e31, uns));
    EXPECT_EQ(collect(uns.topic_filters), std::vector<std::string_view>{"a"});
    const std::array<std::string_view, 1> filters{"a"};
    mqtt5::unsubscribe fresh_uns{};
    fresh_uns.packet_id = 10;
    fresh_uns.topic_filters = filters;
    EXPECT_TRUE(encodes_as(fresh_uns, hex("A2 05 00 0A 00 01 61"), e31));

    EXPECT_TRUE(refused<mqtt5::pubrel>(hex("6A 02 00 0A"), errc::invalid_fixed_header_flags, 0, d311));
    EXPECT_TRUE(refused<mqtt5::subscribe>(hex("8A 06 00 0A 00 01 61 01"), errc::invalid_fixed_header_flags, 0, d311));
    EXPECT_TRUE(refused<mqtt5::unsubscribe>(hex("AA 05 00 0A 00 01 61"), errc::invalid_fixed_header_flags, 0, d311));
}

// 3.1: "not used" fixed-header flag bits of other packets are accepted and kept for an exact re-encoding.
TEST(V311Vectors, V31NotUsedFlagBitsAccepted) {
    mqtt5::connack ca{};
    ASSERT_TRUE(decodes(hex("21 02 00 00"), d31, e31, ca));
    mqtt5::puback pa{};
    ASSERT_TRUE(decodes(hex("48 02 00 01"), d31, e31, pa));
    EXPECT_EQ(pa.packet_id, 1u);
    mqtt5::pingreq pq{};
    ASSERT_TRUE(decodes(hex("C2 00"), d31, e31, pq));
    // Refused in 3.1.1.
    EXPECT_TRUE(refused<mqtt5::connack>(hex("21 02 00 00"), errc::invalid_fixed_header_flags, 0, d311));
    EXPECT_TRUE(refused<mqtt5::puback>(hex("48 02 00 01"), errc::invalid_fixed_header_flags, 0, d311));
}

// 3.1: CONNACK byte 1 is the unused "Topic Name Compression Response", never Session Present.
TEST(V311Vectors, V31ConnackByte1IsNotSessionPresent) {
    const auto r = mqtt5::decode<mqtt5::connack>(view(hex("20 02 01 00")), d31);
    ASSERT_TRUE(r.has_value()) << show(r.error());
    EXPECT_FALSE(r->session_present);
}

// 3.1: SUBACK has no failure code, but 0x80 is still accepted (contract).
TEST(V311Vectors, V31SubackAccepts0x80) {
    mqtt5::suback got{};
    const auto wire = hex("90 05 00 0A 00 01 80");
    ASSERT_TRUE(decodes(wire, d31, e31, got));
    const auto list = collect(got.reason_codes);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[2], mqtt5::reason_code::unspecified_error);
}

// 3.1: ClientId of 1 to 23 characters, otherwise CONNACK 2; accept_any_v31_client_id_length turns it off.
TEST(V311Vectors, V31ClientIdLength) {
    const std::string id24 = id_of_length(24);
    const auto long_id = cat({hex("10 26 00 06 4D 51 49 73 64 70 03 02 00 3C 00 18"), text(id24)});
    const auto empty_id = hex("10 0E 00 06 4D 51 49 73 64 70 03 02 00 3C 00 00");
    EXPECT_TRUE(refused<mqtt5::connect>(long_id, errc::client_id_length_v31, 14, d31));
    EXPECT_TRUE(refused<mqtt5::connect>(empty_id, errc::client_id_length_v31, 14, d31));
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::client_id_length_v31)), 2);
    auto lenient = d31;
    lenient.accept_any_v31_client_id_length = true;
    mqtt5::connect got{};
    ASSERT_TRUE(decodes(long_id, lenient, e31, got));
    EXPECT_EQ(got.client_id, id24);
    ASSERT_TRUE(decodes(empty_id, lenient, e31, got));
    EXPECT_EQ(got.client_id, "");
    // 3.1.1 has no such limit [MQTT-3.1.3-5] (3.1.1).
    const auto long_311 = cat({hex("10 24 00 04 4D 51 54 54 04 02 00 3C 00 18"), text(id24)});
    EXPECT_TRUE(decodes(long_311, d311, e311, got));
}

// 3.1: "it is not valid to supply a password without a user name" (part 7), as [MQTT-3.1.2-22] (3.1.1).
TEST(V311Vectors, V31PasswordWithoutUserNameRefused) {
    EXPECT_TRUE(refused<mqtt5::connect>(hex("10 12 00 06 4D 51 49 73 64 70 03 42 00 3C 00 01 63 00 01 70"),
                                        errc::password_without_user_name, 11, d31));
    const auto pw = hex("70");
    auto c = make_connect("c", true);
    c.password = span_of(pw);
    EXPECT_TRUE(encode_refused(c, errc::password_without_user_name, e31));
    c.username = "u";
    EXPECT_TRUE(encodes_as(c, hex("10 15 00 06 4D 51 49 73 64 70 03 C2 00 3C 00 01 63 00 01 75 00 01 70"), e31));
}

// =====================================================================================================
// Encoder refusals (contract): a value 3.1.1 cannot carry is refused with its own errc, nothing written.
// =====================================================================================================

namespace {
template <mqtt5::place P>
struct user_property_block {
    std::array<std::byte, 32> storage{};
    mqtt5::property_block<P> block{};
    user_property_block() {
        mqtt5::property_builder<P> b{storage};
        b.user_property("k", "v");
        const auto r = b.build();
        EXPECT_TRUE(r.has_value()) << show(r.error());
        block = *r;
    }
};
}  // namespace

TEST(V311Vectors, EncoderRefusesProperties) {
    const errc e = errc::property_not_in_v311;
    {
        user_property_block<mqtt5::place::connect> props;
        auto c = make_connect("c", true);
        c.properties = props.block;
        EXPECT_TRUE(encode_refused(c, e, e311));
        EXPECT_TRUE(encode_refused(c, e, e31));
        EXPECT_TRUE(mqtt5::encoded_size(c, e5).has_value());  // fine in v5
    }
    {
        std::array<std::byte, 16> st{};
        mqtt5::property_builder<mqtt5::place::will> b{st};
        b.will_delay_interval(5);
        const auto blk = b.build();
        ASSERT_TRUE(blk.has_value());
        auto c = make_connect("c", true);
        c.will = mqtt5::will_message{.topic = "w", .properties = *blk};
        EXPECT_TRUE(encode_refused(c, e, e311));
    }
    {
        user_property_block<mqtt5::place::connack> props;
        mqtt5::connack c{};
        c.properties = props.block;
        EXPECT_TRUE(encode_refused(c, e, e311));
    }
    {
        user_property_block<mqtt5::place::publish> props;
        auto p = make_publish("a", {});
        p.properties = props.block;
        EXPECT_TRUE(encode_refused(p, e, e311));
    }
    {
        user_property_block<mqtt5::place::puback> props;
        mqtt5::puback a{};
        a.packet_id = 1;
        a.properties = props.block;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        user_property_block<mqtt5::place::pubrec> props;
        mqtt5::pubrec a{};
        a.packet_id = 1;
        a.properties = props.block;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        user_property_block<mqtt5::place::pubrel> props;
        mqtt5::pubrel a{};
        a.packet_id = 1;
        a.properties = props.block;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        user_property_block<mqtt5::place::pubcomp> props;
        mqtt5::pubcomp a{};
        a.packet_id = 1;
        a.properties = props.block;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        user_property_block<mqtt5::place::subscribe> props;
        const std::array<mqtt5::subscription, 1> one{mqtt5::subscription{.topic_filter = "a"}};
        mqtt5::subscribe s{};
        s.packet_id = 1;
        s.subscriptions = one;
        s.properties = props.block;
        EXPECT_TRUE(encode_refused(s, e, e311));
    }
    {
        user_property_block<mqtt5::place::suback> props;
        const std::array<mqtt5::reason_code, 1> one{mqtt5::reason_code::granted_qos_1};
        mqtt5::suback s{};
        s.packet_id = 1;
        s.reason_codes = one;
        s.properties = props.block;
        EXPECT_TRUE(encode_refused(s, e, e311));
    }
    {
        user_property_block<mqtt5::place::unsubscribe> props;
        const std::array<std::string_view, 1> one{"a"};
        mqtt5::unsubscribe u{};
        u.packet_id = 1;
        u.topic_filters = one;
        u.properties = props.block;
        EXPECT_TRUE(encode_refused(u, e, e311));
    }
    {
        user_property_block<mqtt5::place::unsuback> props;
        mqtt5::unsuback u{};
        u.packet_id = 1;
        u.properties = props.block;
        EXPECT_TRUE(encode_refused(u, e, e311));
    }
    {
        user_property_block<mqtt5::place::disconnect> props;
        mqtt5::disconnect d{};
        d.properties = props.block;
        EXPECT_TRUE(encode_refused(d, e, e311));
    }
}

TEST(V311Vectors, EncoderRefusesReasonCodesOtherThanSuccess) {
    const errc e = errc::reason_code_not_in_v311;
    using rc = mqtt5::reason_code;
    {
        mqtt5::puback a{};
        a.packet_id = 1;
        a.reason = rc::no_matching_subscribers;
        EXPECT_TRUE(encode_refused(a, e, e311));
        a.reason = rc::not_authorized;
        EXPECT_TRUE(encode_refused(a, e, e311));
        EXPECT_TRUE(encodes_as(a, hex("40 03 00 01 87"), e5));  // fine in v5
    }
    {
        mqtt5::pubrec a{};
        a.packet_id = 1;
        a.reason = rc::unspecified_error;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        mqtt5::pubrel a{};
        a.packet_id = 1;
        a.reason = rc::packet_identifier_not_found;
        EXPECT_TRUE(encode_refused(a, e, e311));
        EXPECT_TRUE(encode_refused(a, e, e31));
    }
    {
        mqtt5::pubcomp a{};
        a.packet_id = 1;
        a.reason = rc::packet_identifier_not_found;
        EXPECT_TRUE(encode_refused(a, e, e311));
    }
    {
        const std::array<rc, 2> codes{rc::success, rc::no_subscription_existed};
        mqtt5::unsuback u{};
        u.packet_id = 1;
        u.reason_codes = codes;
        EXPECT_TRUE(encode_refused(u, e, e311));
    }
    {
        mqtt5::disconnect d{};
        d.reason = rc::disconnect_with_will_message;
        EXPECT_TRUE(encode_refused(d, e, e311));
    }
    {
        mqtt5::connack c{};
        c.reason = rc::not_authorized;  // the v5 field; 3.1.1 uses return_code
        EXPECT_TRUE(encode_refused(c, e, e311));
    }
    {
        for (const rc bad : {rc::implementation_specific_error, rc::not_authorized, rc::quota_exceeded,
                             rc::topic_filter_invalid, static_cast<rc>(0x03)}) {
            const std::array<rc, 2> codes{rc::granted_qos_0, bad};
            mqtt5::suback s{};
            s.packet_id = 1;
            s.reason_codes = codes;
            EXPECT_TRUE(encode_refused(s, e, e311)) << static_cast<unsigned>(bad);
        }
    }
}

TEST(V311Vectors, EncoderRefusesConnackCodesOutsideTheSet) {
    for (const unsigned v : {6u, 7u, 0x80u, 0x84u, 0xFFu}) {
        mqtt5::connack c{};
        c.return_code = static_cast<mqtt5::connack_return_code>(v);
        EXPECT_TRUE(encode_refused(c, errc::connack_return_code_invalid, e311)) << v;
    }
    mqtt5::connack c{};
    c.return_code = mqtt5::connack_return_code::not_authorized;
    c.session_present = true;  // [MQTT-3.2.2-4] (3.1.1)
    EXPECT_TRUE(encode_refused(c, errc::session_present_with_error, e311));
}

TEST(V311Vectors, EncoderRefusesAuth) {
    EXPECT_TRUE(encode_refused(mqtt5::auth{}, errc::packet_not_in_v311, e311));
    EXPECT_TRUE(encode_refused(mqtt5::auth{}, errc::packet_not_in_v311, e31));
    EXPECT_TRUE(encodes_as(mqtt5::auth{}, hex("F0 00"), e5));
}

TEST(V311Vectors, EncoderRefusesV5SubscriptionOptions) {
    mqtt5::subscribe s{};
    s.packet_id = 1;
    const std::array<mqtt5::subscription, 1> nl{mqtt5::subscription{.topic_filter = "a", .no_local = true}};
    s.subscriptions = nl;
    EXPECT_TRUE(encode_refused(s, errc::subscription_option_not_in_v311, e311));
    const std::array<mqtt5::subscription, 1> rap{mqtt5::subscription{.topic_filter = "a", .retain_as_published = true}};
    s.subscriptions = rap;
    EXPECT_TRUE(encode_refused(s, errc::subscription_option_not_in_v311, e311));
    for (const auto rh : {mqtt5::retain_handling::send_if_new_subscription, mqtt5::retain_handling::do_not_send}) {
        const std::array<mqtt5::subscription, 2> two{mqtt5::subscription{.topic_filter = "a"},
                                                     mqtt5::subscription{.topic_filter = "b", .retain_handling = rh}};
        s.subscriptions = two;
        EXPECT_TRUE(encode_refused(s, errc::subscription_option_not_in_v311, e311));
    }
}

TEST(V311Vectors, EncoderRefusesPasswordWithoutUserName) {
    const auto pw = hex("70");
    auto c = make_connect("c", true);
    c.password = span_of(pw);
    EXPECT_TRUE(encode_refused(c, errc::password_without_user_name, e311));
    // v5 allows it (§3.1.2.9 of v5).
    EXPECT_TRUE(encodes_as(c, hex("10 11 00 04 4D 51 54 54 05 42 00 3C 00 00 01 63 00 01 70"), e5));
}

TEST(V311Vectors, EncoderRefusesEmptyClientIdWithoutCleanSession) {
    EXPECT_TRUE(encode_refused(make_connect("", false), errc::client_id_empty_without_clean_session, e311));
    EXPECT_TRUE(encodes_as(make_connect("", true), hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00"), e311));
    EXPECT_TRUE(encodes_as(make_connect("c", false), hex("10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63"), e311));
}

// =====================================================================================================
// Choosing the version of a connection (contract: protocol_selection.hpp)
// =====================================================================================================

namespace {
const bytes connect_v5 = hex("10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00");
const bytes connect_v311 = hex("10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00");
const bytes connect_v31 = hex("10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63");

bytes connect_with(std::string_view name, std::uint8_t level) {
    bytes b = {std::byte{0x10}, std::byte{0}, std::byte{0}, static_cast<std::byte>(name.size())};
    const auto n = text(name);
    b.insert(b.end(), n.begin(), n.end());
    b.push_back(static_cast<std::byte>(level));
    const auto rest = hex("02 00 3C 00 01 63");
    b.insert(b.end(), rest.begin(), rest.end());
    b[1] = static_cast<std::byte>(b.size() - 2);
    return b;
}

std::string describe_selection(const mqtt5::protocol_selection& s) {
    return "version " + std::to_string(static_cast<unsigned>(s.version)) + ", refusal " +
           std::to_string(static_cast<unsigned>(s.refusal)) + ", bridge " + std::to_string(s.bridge) + ", err " +
           std::string(mqtt5::to_string(s.err.code));
}

testing::AssertionResult selects(const bytes& b, protocol_version v, bool bridge = false, mqtt5::supported_versions sv = {},
                                 bool accept_bridge = false) {
    const auto s = mqtt5::select_protocol_version(view(b), sv, accept_bridge);
    if (s.refusal != mqtt5::version_refusal::none || s.version != v || s.bridge != bridge || s.err.code != errc::ok)
        return testing::AssertionFailure() << hex_of(b) << ": " << describe_selection(s);
    return testing::AssertionSuccess();
}

testing::AssertionResult refuses(const bytes& b, mqtt5::version_refusal want, errc why, mqtt5::supported_versions sv = {},
                                 bool accept_bridge = false) {
    const auto s = mqtt5::select_protocol_version(view(b), sv, accept_bridge);
    if (s.refusal != want || s.err.code != why)
        return testing::AssertionFailure() << hex_of(b) << ": " << describe_selection(s) << "; expected refusal "
                                           << static_cast<unsigned>(want) << ", err " << name_of(why);
    return testing::AssertionSuccess();
}
}  // namespace

TEST(V311Selection, NameAndLevelPairs) {
    EXPECT_TRUE(selects(connect_v5, protocol_version::v5));
    EXPECT_TRUE(selects(connect_v311, protocol_version::v311));
    EXPECT_TRUE(selects(connect_v31, protocol_version::v31));
    EXPECT_TRUE(selects(connect_with("MQTT", 4), protocol_version::v311));
}

// A level the server does not take: 3.1-family levels get CONNACK 0x01 [MQTT-3.1.2-2] (3.1.1), v5-shaped or
// newer levels 0x84 (v5 §3.1.2.2).
TEST(V311Selection, UnknownLevels) {
    using vr = mqtt5::version_refusal;
    for (const std::uint8_t level : {0, 1, 2, 3}) {
        EXPECT_TRUE(refuses(connect_with("MQTT", level), vr::connack_0x01, errc::unsupported_protocol_version)) << int{level};
    }
    for (const std::uint8_t level : {6, 7, 0x7F, 0xFF}) {
        EXPECT_TRUE(refuses(connect_with("MQTT", level), vr::connack_0x84, errc::unsupported_protocol_version)) << int{level};
    }
    // Level 3 with "MQTT", 4 or 5 with "MQIsdp": the 3.1-family answer.
    EXPECT_TRUE(refuses(connect_with("MQIsdp", 4), vr::connack_0x01, errc::unsupported_protocol_version));
    EXPECT_TRUE(refuses(connect_with("MQIsdp", 5), vr::connack_0x01, errc::unsupported_protocol_version));
}

// mosquitto bridges set bit 7 of the level (0x83 / 0x84): accepted only with the option.
TEST(V311Selection, BridgeLevels) {
    using vr = mqtt5::version_refusal;
    EXPECT_TRUE(refuses(connect_with("MQTT", 0x84), vr::connack_0x01, errc::unsupported_protocol_version));
    EXPECT_TRUE(refuses(connect_with("MQIsdp", 0x83), vr::connack_0x01, errc::unsupported_protocol_version));
    EXPECT_TRUE(selects(connect_with("MQTT", 0x84), protocol_version::v311, true, {}, true));
    EXPECT_TRUE(selects(connect_with("MQIsdp", 0x83), protocol_version::v31, true, {}, true));
    EXPECT_TRUE(selects(connect_v311, protocol_version::v311, false, {}, true));  // the option does not invent a bridge
}

// Not "MQTT" / "MQIsdp": close without CONNACK [MQTT-3.1.2-1] (3.1.1).
TEST(V311Selection, BadProtocolName) {
    using vr = mqtt5::version_refusal;
    for (const std::string_view name : {"MQTX", "mqtt", "MQT", "MQIsdq", "MQTTT"}) {
        EXPECT_TRUE(refuses(connect_with(name, 4), vr::close, errc::invalid_protocol_name)) << name;
    }
    // Not a CONNECT at all: close.
    const auto s = mqtt5::select_protocol_version(view(hex("C0 00")));
    EXPECT_EQ(s.refusal, vr::close) << describe_selection(s);
    EXPECT_NE(s.err.code, errc::ok);
}

TEST(V311Selection, SupportedVersionsSwitchedOff) {
    using vr = mqtt5::version_refusal;
    mqtt5::supported_versions no5{};
    no5.v5 = false;
    EXPECT_TRUE(refuses(connect_v5, vr::connack_0x84, errc::unsupported_protocol_version, no5));
    EXPECT_TRUE(selects(connect_v311, protocol_version::v311, false, no5));
    mqtt5::supported_versions no311{};
    no311.v311 = false;
    EXPECT_TRUE(refuses(connect_v311, vr::connack_0x01, errc::unsupported_protocol_version, no311));
    EXPECT_TRUE(selects(connect_v5, protocol_version::v5, false, no311));
    EXPECT_TRUE(selects(connect_v31, protocol_version::v31, false, no311));
    mqtt5::supported_versions no31{};
    no31.v31 = false;
    EXPECT_TRUE(refuses(connect_v31, vr::connack_0x01, errc::unsupported_protocol_version, no31));
    EXPECT_TRUE(selects(connect_v311, protocol_version::v311, false, no31));
}

// Bytes that stop before the level: feed more.
TEST(V311Selection, PartialPacket) {
    for (std::size_t n = 0; n < 9; ++n) {
        const bytes part(connect_v311.begin(), connect_v311.begin() + static_cast<std::ptrdiff_t>(n));
        const auto s = mqtt5::select_protocol_version(view(part));
        EXPECT_EQ(s.err.code, errc::incomplete_packet) << n << ": " << describe_selection(s);
        EXPECT_EQ(s.refusal, mqtt5::version_refusal::none) << n;
    }
}

TEST(V311Selection, EncodeVersionRefusal) {
    std::array<std::byte, 8> out{};
    const auto s1 = mqtt5::select_protocol_version(view(connect_with("MQTT", 3)));
    ASSERT_EQ(s1.refusal, mqtt5::version_refusal::connack_0x01);
    const auto n1 = mqtt5::encode_version_refusal(s1, out);
    ASSERT_TRUE(n1.has_value()) << show(n1.error());
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(*n1)), "20 02 00 01");
    const auto s2 = mqtt5::select_protocol_version(view(connect_with("MQTT", 6)));
    ASSERT_EQ(s2.refusal, mqtt5::version_refusal::connack_0x84);
    const auto n2 = mqtt5::encode_version_refusal(s2, out);
    ASSERT_TRUE(n2.has_value()) << show(n2.error());
    EXPECT_EQ(hex_of(std::span<const std::byte>(out).first(*n2)), "20 03 00 84 00");
    // The refusal CONNACKs are ordinary packets of their versions.
    EXPECT_TRUE(mqtt5::decode<mqtt5::connack>(view(hex("20 02 00 01")), d311).has_value());
    EXPECT_TRUE(mqtt5::decode<mqtt5::connack>(view(hex("20 03 00 84 00")), d5).has_value());
    // Too small a buffer: refused, nothing written.
    std::array<std::byte, 4> small{std::byte{0xEE}, std::byte{0xEE}, std::byte{0xEE}, std::byte{0xEE}};
    const auto n3 = mqtt5::encode_version_refusal(s2, small);
    EXPECT_FALSE(n3.has_value());
    EXPECT_EQ(n3.error().code, errc::buffer_too_small);
    EXPECT_TRUE(std::all_of(small.begin(), small.end(), [](std::byte x) { return x == std::byte{0xEE}; }));
}

// =====================================================================================================
// CONNACK return codes (§3.2.2.3, Table 3.1)
// =====================================================================================================

TEST(V311ReturnCodes, Names) {
    using rc = mqtt5::connack_return_code;
    EXPECT_EQ(static_cast<unsigned>(rc::accepted), 0u);
    EXPECT_EQ(static_cast<unsigned>(rc::unacceptable_protocol_version), 1u);
    EXPECT_EQ(static_cast<unsigned>(rc::identifier_rejected), 2u);
    EXPECT_EQ(static_cast<unsigned>(rc::server_unavailable), 3u);
    EXPECT_EQ(static_cast<unsigned>(rc::bad_user_name_or_password), 4u);
    EXPECT_EQ(static_cast<unsigned>(rc::not_authorized), 5u);
    EXPECT_EQ(mqtt5::to_string(rc::accepted), "Connection Accepted");
    EXPECT_EQ(mqtt5::to_string(rc::unacceptable_protocol_version), "Connection Refused, unacceptable protocol version");
    EXPECT_EQ(mqtt5::to_string(rc::identifier_rejected), "Connection Refused, identifier rejected");
    EXPECT_EQ(mqtt5::to_string(rc::server_unavailable), "Connection Refused, Server unavailable");
    EXPECT_EQ(mqtt5::to_string(rc::bad_user_name_or_password), "Connection Refused, bad user name or password");
    EXPECT_EQ(mqtt5::to_string(rc::not_authorized), "Connection Refused, not authorized");
    static_assert(mqtt5::to_string(rc::accepted) == "Connection Accepted");  // constexpr
}

TEST(V311ReturnCodes, CodeForEachError) {
    using rc = mqtt5::connack_return_code;
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::unsupported_protocol_version)), 1);
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::client_id_empty_without_clean_session)), 2);
    EXPECT_EQ(code_of(mqtt5::v311_connack_code(errc::client_id_length_v31)), 2);
    for (const errc e : {errc::ok, errc::invalid_protocol_name, errc::password_without_user_name, errc::connect_reserved_flag,
                         errc::will_qos_invalid, errc::invalid_utf8, errc::truncated, errc::trailing_bytes,
                         errc::requested_qos_invalid, errc::connack_return_code_invalid, errc::property_not_in_v311,
                         errc::reason_code_not_in_v311, errc::packet_not_in_v311, errc::subscription_option_not_in_v311,
                         errc::protocol_version_not_enabled, errc::wrong_direction, errc::reserved_packet_type}) {
        EXPECT_EQ(code_of(mqtt5::v311_connack_code(e)), -1) << name_of(e);
    }
    static_assert(mqtt5::v311_connack_code(errc::unsupported_protocol_version) == rc::unacceptable_protocol_version);
    // The member on error.
    const auto r = mqtt5::decode<mqtt5::connect>(view(hex("10 0C 00 04 4D 51 54 54 04 00 00 3C 00 00")), d311);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(code_of(r.error().v311_connack_code()), 2);
    const auto r2 = mqtt5::decode<mqtt5::connect>(view(hex("10 0D 00 04 4D 51 54 54 04 03 00 3C 00 01 63")), d311);
    ASSERT_FALSE(r2.has_value());
    EXPECT_EQ(code_of(r2.error().v311_connack_code()), -1);
}

// =====================================================================================================
// The framer on a 3.1.1 stream [MQTT-6.0.0-2] (3.1.1): cut at every byte boundary, and byte by byte.
// =====================================================================================================

namespace {
const std::vector<std::string_view> stream_packets = {
    "10 22 00 04 4D 51 54 54 04 CE 00 0A 00 01 63 00 03 77 2F 74 00 03 00 FF 41 00 04 75 73 65 72 00 03 01 02 03",
    "20 02 00 00",
    "82 12 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02 00 01 65 00",
    "90 05 00 0A 01 02 00",
    "30 0A 00 03 61 2F 62 68 65 6C 6C 6F",
    "32 0C 00 03 61 2F 62 00 0B 68 65 6C 6C 6F",
    "40 02 00 0B",
    "35 07 00 03 61 2F 62 00 0C",
    "50 02 00 0C",
    "62 02 00 0C",
    "70 02 00 0C",
    "30 07 00 03 61 2F 62 00 00",
    "A2 0C 00 0D 00 03 61 2F 62 00 03 63 2F 64",
    "B0 02 00 0D",
    "C0 00",
    "D0 00",
    "E0 00",
};

std::vector<bytes> run(mqtt5::framer& f, const std::vector<std::span<const std::byte>>& chunks, bool& failed) {
    std::vector<bytes> out;
    failed = false;
    for (const auto& chunk : chunks) {
        f.feed(chunk);
        for (;;) {
            const auto r = f.next();
            if (r.status == mqtt5::frame_status::packet) {
                out.emplace_back(r.packet.begin(), r.packet.end());
                continue;
            }
            if (r.status == mqtt5::frame_status::error) {
                ADD_FAILURE() << "framer error " << show(r.err) << " at stream offset " << r.stream_offset;
                failed = true;
                return out;
            }
            break;
        }
    }
    return out;
}
}  // namespace

TEST(V311Framer, StreamCutAtEveryBoundary) {
    std::vector<bytes> want;
    bytes stream;
    for (const auto s : stream_packets) {
        want.push_back(hex(s));
        stream.insert(stream.end(), want.back().begin(), want.back().end());
    }
    // Each packet decodes as 3.1.1 and re-encodes exactly.
    for (const auto& p : want) {
        const auto any = mqtt5::decode(view(p), d311);
        ASSERT_TRUE(any.has_value()) << hex_of(p) << ": " << show(any.error());
        bytes out(p.size());
        const auto n = mqtt5::encode(*any, std::span<std::byte>(out), e311);
        ASSERT_TRUE(n.has_value()) << show(n.error());
        EXPECT_EQ(hex_of(out), hex_of(p));
    }
    const auto whole = view(stream);
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
        SCOPED_TRACE("cut at " + std::to_string(cut));
        std::array<std::byte, 256> storage{};
        mqtt5::framer f{storage};
        bool failed = false;
        const auto got = run(f, {whole.first(cut), whole.subspan(cut)}, failed);
        ASSERT_FALSE(failed);
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(hex_of(got[i]), hex_of(want[i])) << "packet " << i;
        EXPECT_EQ(f.finish().code, errc::ok);
    }
    // Byte by byte.
    std::vector<std::span<const std::byte>> singles;
    for (std::size_t i = 0; i < stream.size(); ++i) singles.push_back(whole.subspan(i, 1));
    std::array<std::byte, 256> storage{};
    mqtt5::framer f{storage};
    bool failed = false;
    const auto got = run(f, singles, failed);
    ASSERT_FALSE(failed);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(hex_of(got[i]), hex_of(want[i])) << "packet " << i;
}

// 3.1.1 has no minimal-encoding rule for the Remaining Length (§2.2.3): a 3.1.1 stream may carry
// `C0 80 00`. A framer told to accept such lengths cuts it, and the 3.1.1 decoder takes the packet.
TEST(V311Framer, NonMinimalRemainingLengthStream) {
    const auto stream = hex("C0 80 00 32 89 80 00 00 03 61 2F 62 00 01 68 69 E0 00");
    std::array<std::byte, 64> storage{};
    mqtt5::framer_options fo{};
    fo.allow_non_minimal_varint = true;
    mqtt5::framer f{storage, fo};
    bool failed = false;
    const auto got = run(f, {view(stream)}, failed);
    ASSERT_FALSE(failed);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(hex_of(got[0]), "C0 80 00");
    EXPECT_EQ(hex_of(got[1]), "32 89 80 00 00 03 61 2F 62 00 01 68 69");
    EXPECT_EQ(hex_of(got[2]), "E0 00");
    mqtt5::pingreq pq{};
    EXPECT_TRUE(decodes(got[0], d311, e311, pq));
    mqtt5::publish pb{};
    EXPECT_TRUE(decodes(got[1], d311, e311, pb));
    EXPECT_EQ(pb.topic, "a/b");
    EXPECT_EQ(pb.packet_id, 1u);
    EXPECT_EQ(hex_of(pb.payload), "68 69");
}
