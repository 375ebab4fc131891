// The fast entry points of issue 13 against the complete paths they stand in for.
//
// decode<P>() and decode() test the framing of a packet with a one-byte Remaining Length inline and send every
// other input to detail::decode_long / decode_any_long (2- to 4-byte Remaining Length) or to
// detail::decode_complete / decode_any_complete (the checks of begin_decode in their order, the exact error).
// Under -Os (MQTT5_DECODE_FAST_PATH 0) the complete paths are the whole decode, so running both on the same
// inputs here also covers the -Os build: every result (errc, reason code, offset, and on success every field
// and the wire form) must be identical. The encoder's shortcuts (a PUBACK-family body without properties, a
// one-byte Remaining Length, copies of up to 16 bytes) are checked the same way against their general code.
#include <gtest/gtest.h>

#include <mqtt5.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "test_util.hpp"

namespace {

using test_util::from_hex;
using bytes = std::vector<std::byte>;

// The canonical packets of bench/canonical.hpp (P1 carries 256 bytes of payload after these).
bytes p1() {
    auto b = from_hex(
        "32b9030026646576696365732f6465762d303030312f74656c656d657472792f74656d7065726174757265002a8d0101010200000e102300"
        "0508001a646576696365732f6465762d303030312f726573706f6e7365730900100102030405060708090a0b0c0d0e0f10260008747261"
        "63652d696400203462663932663335373762333464613661336365393239643065306534373336260006736f75726365000873656e736f"
        "722d610300106170706c69636174696f6e2f6a736f6e");
    b.insert(b.end(), 256, std::byte{0x61});
    return b;
}
const bytes canonical[] = {
    p1(),
    from_hex("30160003742f3100abababababababababababababababab"),
    from_hex("10930100044d51545405c6003c1c1100000e102100642700020000220008260003617070000464656d6f00086465762d3030303117180000"
             "001e020000025803000a746578742f706c61696e0017646576696365732f6465762d303030312f73746174757300076f66666c696e650004"
             "7573657200203031323334353637383941424344454630313233343536373839414243444546"),
    from_hex("824b0007020b0c0005612f2b2f6301000973656e736f72732f230500102473686172652f67312f6a6f62732f2b010014646576696365732f"
             "6465762d303030312f636d64010005782f792f7a21"),
    from_hex("400b002a10071f00046e6f6e65"),
    from_hex("4002002a"),
    from_hex("e02c8e2a1f0012616e6f7468657220636f6e6e656374696f6e1c00126261636b75702e6578616d706c652e636f6d"),
};

std::vector<mqtt5::decode_options> all_options() {
    std::vector<mqtt5::decode_options> out;
    for (const auto v : {mqtt5::protocol_version::v5, mqtt5::protocol_version::v311, mqtt5::protocol_version::v31})
        for (const auto s : {mqtt5::role::unspecified, mqtt5::role::client, mqtt5::role::server})
            for (const bool non_minimal : {false, true}) out.push_back({.version = v, .sender = s, .allow_non_minimal_varint = non_minimal});
    return out;
}

std::string describe(std::span<const std::byte> in, const mqtt5::decode_options& o) {
    return test_util::to_hex(in) + " (version " + std::to_string(static_cast<int>(o.version)) + ", sender " +
           std::to_string(static_cast<int>(o.sender)) + ", non-minimal " + std::to_string(o.allow_non_minimal_varint) + ")";
}

template <class P>
void expect_typed_paths_agree(std::span<const std::byte> in, const mqtt5::decode_options& o) {
    const auto fast = mqtt5::decode<P>(in, o);
    mqtt5::result<P> complete;
    mqtt5::detail::decode_complete(complete, in, o);
    ASSERT_EQ(fast.error(), complete.error()) << describe(in, o);
    if (fast) {
        EXPECT_TRUE(*fast == *complete) << describe(in, o);
        EXPECT_EQ(fast->form, complete->form) << describe(in, o);
    }
}

void expect_variant_paths_agree(std::span<const std::byte> in, const mqtt5::decode_options& o) {
    const auto fast = mqtt5::decode(in, o);
    const auto complete = mqtt5::detail::decode_any_complete(in, o);
    ASSERT_EQ(fast.error(), complete.error()) << describe(in, o);
    if (fast) {
        ASSERT_EQ(fast->index(), complete->index()) << describe(in, o);
        EXPECT_TRUE(*fast == *complete) << describe(in, o);
        std::visit([&](const auto& a) { EXPECT_EQ(a.form, std::get<std::decay_t<decltype(a)>>(*complete).form) << describe(in, o); },
                   *fast);
    }
}

// Every typed decoder and the variant decoder, fast path against complete path, under every option set.
void expect_all_paths_agree(std::span<const std::byte> in) {
    for (const auto& o : all_options()) {
        expect_variant_paths_agree(in, o);
        expect_typed_paths_agree<mqtt5::connect>(in, o);
        expect_typed_paths_agree<mqtt5::connack>(in, o);
        expect_typed_paths_agree<mqtt5::publish>(in, o);
        expect_typed_paths_agree<mqtt5::puback>(in, o);
        expect_typed_paths_agree<mqtt5::pubrec>(in, o);
        expect_typed_paths_agree<mqtt5::pubrel>(in, o);
        expect_typed_paths_agree<mqtt5::pubcomp>(in, o);
        expect_typed_paths_agree<mqtt5::subscribe>(in, o);
        expect_typed_paths_agree<mqtt5::suback>(in, o);
        expect_typed_paths_agree<mqtt5::unsubscribe>(in, o);
        expect_typed_paths_agree<mqtt5::unsuback>(in, o);
        expect_typed_paths_agree<mqtt5::pingreq>(in, o);
        expect_typed_paths_agree<mqtt5::pingresp>(in, o);
        expect_typed_paths_agree<mqtt5::disconnect>(in, o);
        expect_typed_paths_agree<mqtt5::auth>(in, o);
    }
}

// The input, one byte short, and one byte long.
void expect_agree_with_neighbours(const bytes& in) {
    expect_all_paths_agree(in);
    if (!in.empty()) expect_all_paths_agree(std::span<const std::byte>(in).first(in.size() - 1));
    auto longer = in;
    longer.push_back(std::byte{0});
    expect_all_paths_agree(longer);
}

TEST(DecodePaths, CanonicalPacketsTakeTheFastPathAndAgree) {
    for (const auto& b : canonical) {
        expect_agree_with_neighbours(b);
        EXPECT_TRUE(mqtt5::decode(b).has_value()) << test_util::to_hex(b);
    }
}

// §3.4 - §3.7: Remaining Length 2, 3 and 4 with every reason code, every flag value and both directions; 5
// (a property) and the Packet Identifier 0 [MQTT-2.2.1-3]. Covers [MQTT-3.4.2-1] .. [MQTT-3.7.2-1] (reason
// codes), [MQTT-2.1.3-1] and [MQTT-3.6.1-1] (flags) on the inline path of the acks.
TEST(DecodePaths, AcknowledgementsOfEveryLengthReasonCodeAndFlag) {
    for (unsigned type = 4; type <= 7; ++type) {
        for (unsigned flags = 0; flags < 16; ++flags) {
            const auto first = static_cast<std::byte>((type << 4) | flags);
            expect_agree_with_neighbours({first, std::byte{2}, std::byte{0x00}, std::byte{0x2a}});
            expect_agree_with_neighbours({first, std::byte{2}, std::byte{0x00}, std::byte{0x00}});
        }
        const auto first = static_cast<std::byte>((type << 4) | (type == 6 ? 2u : 0u));
        for (unsigned rc = 0; rc < 256; ++rc) {
            const auto reason = static_cast<std::byte>(rc);
            expect_agree_with_neighbours({first, std::byte{3}, std::byte{0x00}, std::byte{0x2a}, reason});
            expect_agree_with_neighbours({first, std::byte{4}, std::byte{0x00}, std::byte{0x2a}, reason, std::byte{0}});
        }
        auto with_property = from_hex("0b002a10071f00046e6f6e65");  // Remaining Length 11: a Reason String
        with_property.insert(with_property.begin(), first);
        expect_agree_with_neighbours(with_property);
    }
}

// DISCONNECT of Remaining Length 0, 1 and 2 with every reason code (§3.14.2.1, Table 3-10), in both directions.
TEST(DecodePaths, DisconnectOfEveryLengthAndReasonCode) {
    expect_agree_with_neighbours(from_hex("e000"));
    expect_agree_with_neighbours(from_hex("e100"));
    for (unsigned rc = 0; rc < 256; ++rc) {
        const auto reason = static_cast<std::byte>(rc);
        expect_agree_with_neighbours({std::byte{0xe0}, std::byte{1}, reason});
        expect_agree_with_neighbours({std::byte{0xe0}, std::byte{2}, reason, std::byte{0}});
    }
}

// Every first byte (packet type 0 [MQTT-2.1.3-1], reserved flags, both directions of Table 2-1) with short
// bodies: the inline framing must send each to the complete path or decode it exactly as that path does.
TEST(DecodePaths, EveryFirstByteWithShortBodies) {
    const bytes bodies[] = {{}, from_hex("00"), from_hex("002a"), from_hex("002a00"), from_hex("0003742f31"),
                            from_hex("00044d5154540502000000000000")};
    for (unsigned first = 0; first < 256; ++first)
        for (const auto& body : bodies) {
            bytes in{static_cast<std::byte>(first), static_cast<std::byte>(body.size())};
            in.insert(in.end(), body.begin(), body.end());
            expect_agree_with_neighbours(in);
        }
    expect_all_paths_agree({});
    for (unsigned first = 0; first < 256; ++first) expect_all_paths_agree(bytes{static_cast<std::byte>(first)});
}

// A PUBLISH whose Remaining Length is `length`, in `width` bytes (0: the shortest form).
bytes publish_of_length(std::uint32_t length, std::uint8_t width = 0) {
    bytes out(1 + 4 + length);
    out[0] = std::byte{0x30};
    auto* end = mqtt5::wire::store_varint(out.data() + 1, length, width);
    out.resize(static_cast<std::size_t>(end - out.data()) + length);
    auto* body = end;
    body[0] = std::byte{0};
    body[1] = std::byte{1};
    body[2] = std::byte{'a'};
    body[3] = std::byte{0};  // Property Length 0; the rest is payload
    return out;
}

// The boundary between the inline one-byte Remaining Length and the out-of-line longer ones (§1.5.5: 127 is
// the largest one-byte value), the next boundary (16,383 / 16,384), and non-minimal forms [MQTT-1.5.5-1].
TEST(DecodePaths, RemainingLengthBoundaries) {
    for (const std::uint32_t length : {4u, 126u, 127u, 128u, 129u, 255u, 16383u, 16384u}) {
        const auto in = publish_of_length(length);
        expect_agree_with_neighbours(in);
        EXPECT_TRUE(mqtt5::decode<mqtt5::publish>(in).has_value()) << length;
        EXPECT_TRUE(mqtt5::decode(in).has_value()) << length;
        for (std::uint8_t width = 2; width <= 4; ++width) expect_agree_with_neighbours(publish_of_length(length, width));
    }
    expect_agree_with_neighbours(from_hex("308000"));              // a non-minimal 0
    expect_agree_with_neighbours(from_hex("3080808080"));          // five bytes: varint_too_long
    expect_agree_with_neighbours(from_hex("40828000002a"));        // a PUBACK with Remaining Length 2 in 3 bytes
    // Accepted on request, the longer form is kept so that the packet re-encodes to its input (§1.5.5).
    const auto wide = from_hex("40828000002a");
    const auto typed = mqtt5::decode<mqtt5::puback>(wide, {.allow_non_minimal_varint = true});
    ASSERT_TRUE(typed.has_value());
    EXPECT_EQ(typed->form.remaining_length_width, 3);
    const auto any = mqtt5::decode(wide, {.allow_non_minimal_varint = true});
    ASSERT_TRUE(any.has_value());
    EXPECT_EQ(std::get<mqtt5::puback>(*any).form.remaining_length_width, 3);
}

// Mutations of the canonical packets (one byte changed, cut, or one appended), from a fixed seed.
TEST(DecodePaths, MutatedCanonicalPacketsAgree) {
    std::mt19937 random(13);
    for (int i = 0; i < 600; ++i) {
        auto in = canonical[static_cast<std::size_t>(random()) % std::size(canonical)];
        switch (random() % 3) {
        case 0: in[random() % in.size()] = static_cast<std::byte>(random()); break;
        case 1: in.resize(random() % in.size()); break;
        default: in.push_back(static_cast<std::byte>(random())); break;
        }
        expect_all_paths_agree(in);
    }
}

// ---- the framer: a stream of the canonical packets split into two reads at every byte position ----

TEST(DecodePaths, FramerSplitAtEveryPositionGivesEveryPacketWhole) {
    bytes stream;
    std::vector<std::size_t> sizes;
    for (int round = 0; round < 2; ++round)
        for (const auto& b : canonical) {
            stream.insert(stream.end(), b.begin(), b.end());
            sizes.push_back(b.size());
        }
    std::array<std::byte, 4096> storage{};
    for (std::size_t split = 0; split <= stream.size(); ++split) {
        mqtt5::framer framer{storage};
        std::size_t count = 0, at = 0;
        const auto take = [&](std::span<const std::byte> chunk) {
            for (auto frame : framer.frames(chunk)) {
                ASSERT_TRUE(frame.has_value()) << "split " << split;
                ASSERT_LT(count, sizes.size());
                const auto expected = std::span<const std::byte>(stream).subspan(at, sizes[count]);
                ASSERT_TRUE(std::equal(frame->begin(), frame->end(), expected.begin(), expected.end())) << "split " << split;
                const auto p = mqtt5::decode(*frame);
                ASSERT_TRUE(p.has_value()) << "split " << split << " packet " << count;
                EXPECT_TRUE(*p == *mqtt5::decode(expected)) << "split " << split;
                at += sizes[count++];
            }
        };
        take(std::span<const std::byte>(stream).first(split));
        take(std::span<const std::byte>(stream).subspan(split));
        EXPECT_EQ(count, sizes.size()) << "split " << split;
        EXPECT_EQ(framer.finish(), mqtt5::error{}) << "split " << split;
    }
}

// The framer's inline whole-packet path (a one-byte Remaining Length, or a minimal two-byte one, whole in the chunk
// and within the maximum size) against its general path: the same stream fed whole, then one byte at a time
// (every packet then goes through the storage and the general header parser), must give the same packets, the
// same error and the same stream offsets. Remaining Lengths at the edges of the one- and two-byte forms, the
// non-minimal two-byte forms [MQTT-1.5.5-1] with and without allow_non_minimal_varint, a three-byte one, and a
// maximum packet size just at, below and above a packet's size (packet_too_large, §3.1.2.11.4).
struct frame_event {
    mqtt5::frame_status status{};
    bytes packet{};
    mqtt5::error err{};
    std::size_t stream_offset{};
    bool operator==(const frame_event&) const = default;
};

std::vector<frame_event> frame_events(const bytes& stream, std::size_t chunk, const mqtt5::framer_options& options) {
    static std::array<std::byte, 20000> storage{};
    mqtt5::framer framer{storage, options};
    std::vector<frame_event> events;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
        framer.feed(std::span<const std::byte>(stream).subspan(at, std::min(chunk, stream.size() - at)));
        for (;;) {
            const auto r = framer.next();
            if (r.status == mqtt5::frame_status::need_more) break;
            events.push_back({r.status, bytes(r.packet.begin(), r.packet.end()), r.err, r.stream_offset});
            if (r.status == mqtt5::frame_status::error) return events;
        }
    }
    events.push_back({mqtt5::frame_status::need_more, {}, framer.finish(), framer.stream_position()});
    return events;
}

// The same stream through frames(): the packets and the error, in order.
std::vector<frame_event> range_events(const bytes& stream, std::size_t chunk, const mqtt5::framer_options& options) {
    static std::array<std::byte, 20000> storage{};
    mqtt5::framer framer{storage, options};
    std::vector<frame_event> events;
    for (std::size_t at = 0; at < stream.size(); at += chunk)
        for (auto frame : framer.frames(std::span<const std::byte>(stream).subspan(at, std::min(chunk, stream.size() - at)))) {
            if (!frame) {
                events.push_back({mqtt5::frame_status::error, {}, frame.error(), 0});
                return events;
            }
            events.push_back({mqtt5::frame_status::packet, bytes(frame->begin(), frame->end()), {}, 0});
        }
    events.push_back({mqtt5::frame_status::need_more, {}, framer.finish(), framer.stream_position()});
    return events;
}

TEST(DecodePaths, FramerInlinePathAgreesWithBytewiseFeeding_1_5_5) {
    // A packet of type 3 whose Remaining Length `length` is written in `width` bytes (0: the shortest).
    const auto packet = [](std::uint32_t length, std::uint8_t width) {
        bytes out(5);
        out[0] = std::byte{0x30};
        auto* end = mqtt5::wire::store_varint(out.data() + 1, length, width);
        out.resize(static_cast<std::size_t>(end - out.data()));
        out.insert(out.end(), length, std::byte{0x5a});
        return out;
    };
    std::vector<bytes> packets;
    for (const std::uint32_t length : {0u, 1u, 126u, 127u, 128u, 129u, 255u, 256u, 16383u, 16384u})
        for (std::uint8_t width = 0; width <= 3; ++width)
            if (width == 0 || width >= mqtt5::wire::varint_size(length)) packets.push_back(packet(length, width));
    packets.push_back(from_hex("0080"));  // a Remaining Length whose second byte is 0: non-minimal 0
    packets.push_back(from_hex("e0"));    // a stream that ends inside a fixed header
    int compared = 0;
    for (const auto& first : packets)
        for (const auto& second : packets) {
            bytes stream = first;
            stream.insert(stream.end(), second.begin(), second.end());
            const std::size_t a = first.size(), b = second.size();
            for (const std::size_t max : {mqtt5::max_packet_size, a, a - 1, a + 1, b, b - 1})
                for (const bool allow : {false, true}) {
                    const mqtt5::framer_options o{.max_packet_size = max, .allow_non_minimal_varint = allow};
                    const auto whole = frame_events(stream, stream.size(), o);
                    // One byte at a time (in 61-byte reads for the long streams, which still cut every header).
                    const std::size_t small = stream.size() < 600 ? 1 : 61;
                    EXPECT_EQ(whole, frame_events(stream, small, o)) << test_util::to_hex(stream).substr(0, 40) << " max " << max;
                    EXPECT_EQ(whole, frame_events(stream, a, o)) << test_util::to_hex(stream).substr(0, 40) << " max " << max;
                    // frames() yields the same packets and error (its offsets are next()'s, not compared here).
                    auto range = range_events(stream, stream.size(), o);
                    auto expected = whole;
                    for (auto& e : expected)
                        if (e.status != mqtt5::frame_status::need_more) e.stream_offset = 0;
                    for (auto& e : expected)
                        if (e.status == mqtt5::frame_status::error) e.packet.clear();
                    EXPECT_EQ(range, expected) << test_util::to_hex(stream).substr(0, 40) << " max " << max;
                    EXPECT_EQ(range_events(stream, small, o), expected) << " max " << max;
                    ++compared;
                }
        }
    EXPECT_GT(compared, 1000);
}

// ---- encoding shortcuts ----

// The PUBACK-family body size without its sizer must equal the sizer's answer for every reason code, both
// Packet Identifier cases [MQTT-2.2.1-3], every asked form (§3.4.2.1) and with or without properties.
template <class Ack> void expect_ack_sizes_agree(std::span<std::byte> storage) {
    auto props = mqtt5::property_builder<mqtt5::place_of(Ack::type)>{storage}.reason_string("r").build();
    ASSERT_TRUE(props.has_value());
    for (unsigned rc = 0; rc < 256; ++rc)
        for (const std::uint16_t id : {std::uint16_t{0}, std::uint16_t{42}})
            for (const auto fields : {mqtt5::trailing_fields::shortest, mqtt5::trailing_fields::reason_code, mqtt5::trailing_fields::properties})
                for (const bool with_props : {false, true}) {
                    Ack a{.packet_id = id, .reason = static_cast<mqtt5::reason_code>(rc)};
                    if (with_props) a.properties = *props;
                    a.form.fields = fields;
                    const auto fast = mqtt5::detail::codec<Ack>::body_size(a, {});
                    const auto checked = mqtt5::detail::codec<Ack>::body_size_checked(a, {});
                    ASSERT_EQ(fast.error(), checked.error()) << rc << " " << id;
                    if (fast) {
                        EXPECT_EQ(*fast, *checked) << rc << " " << id;
                        std::array<std::byte, 64> out{};
                        const auto n = mqtt5::encode(a, out);
                        ASSERT_TRUE(n.has_value());
                        EXPECT_EQ(*n, 2 + *fast);
                        const auto back = mqtt5::decode<Ack>(std::span<const std::byte>(out).first(*n));
                        ASSERT_TRUE(back.has_value()) << test_util::to_hex(std::span<const std::byte>(out).first(*n));
                        EXPECT_TRUE(*back == a);
                    }
                }
}

TEST(EncodePaths, AcknowledgementBodySizeWithoutTheSizer) {
    std::array<std::byte, 32> storage{};
    expect_ack_sizes_agree<mqtt5::puback>(storage);
    expect_ack_sizes_agree<mqtt5::pubrec>(storage);
    expect_ack_sizes_agree<mqtt5::pubrel>(storage);
    expect_ack_sizes_agree<mqtt5::pubcomp>(storage);
}

// Short copies (0 to 16 bytes by fixed-size moves, longer by memcpy): a PUBLISH of every topic and payload
// length up to 40, byte for byte.
TEST(EncodePaths, ShortCopiesOfEveryLength) {
    std::array<char, 40> topic{};
    std::array<std::byte, 40> payload{};
    for (std::size_t i = 0; i < topic.size(); ++i) topic[i] = static_cast<char>('a' + i % 26);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::byte>(0x80 + i);
    for (std::size_t t = 1; t <= topic.size(); ++t)
        for (std::size_t n = 0; n <= payload.size(); ++n) {
            const mqtt5::publish p{.topic = {topic.data(), t}, .payload = std::span<const std::byte>(payload).first(n)};
            bytes expected{std::byte{0x30}, static_cast<std::byte>(2 + t + 1 + n), std::byte{0}, static_cast<std::byte>(t)};
            for (std::size_t i = 0; i < t; ++i) expected.push_back(static_cast<std::byte>(topic[i]));
            expected.push_back(std::byte{0});
            expected.insert(expected.end(), payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
            std::array<std::byte, 128> out{};
            out.fill(std::byte{0xEE});
            const auto size = mqtt5::encode(p, out);
            ASSERT_TRUE(size.has_value());
            ASSERT_EQ(*size, expected.size());
            EXPECT_TRUE(std::equal(expected.begin(), expected.end(), out.begin())) << t << " " << n;
            EXPECT_EQ(out[*size], std::byte{0xEE}) << "wrote past the packet: " << t << " " << n;
        }
}

// store_varint's one-byte shortcut and its general loop (§1.5.5), every width a decoded packet may ask to keep.
TEST(EncodePaths, VariableByteIntegerEveryWidth) {
    std::vector<std::uint32_t> values;
    for (std::uint32_t v = 0; v <= 300; ++v) values.push_back(v);
    for (const std::uint32_t v : {16383u, 16384u, 2097151u, 2097152u, mqtt5::wire::varint_max}) values.push_back(v);
    for (const auto v : values)
        for (std::uint8_t width = 0; width <= 4; ++width) {
            if (mqtt5::wire::varint_size(v) > 4) continue;
            std::array<std::byte, 8> out{};
            out.fill(std::byte{0xEE});
            const auto* end = mqtt5::wire::store_varint(out.data(), v, width);
            const auto expected_width = mqtt5::wire::varint_size(v, width);
            ASSERT_EQ(static_cast<std::size_t>(end - out.data()), expected_width) << v << " " << int{width};
            EXPECT_EQ(out[expected_width], std::byte{0xEE});
            const auto back = mqtt5::wire::load_varint(out.data(), out.data() + expected_width, true);
            EXPECT_EQ(back.code, mqtt5::errc::ok) << v << " " << int{width};
            EXPECT_EQ(back.value, v);
            EXPECT_EQ(back.width, expected_width);
        }
}

}  // namespace
