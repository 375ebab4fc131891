// Inputs that once made a fuzz target fail, kept as unit tests (they are in fuzz/corpus/ as well).
#include <gtest/gtest.h>

#include <mqtt5.hpp>

#include <array>
#include <cstdint>
#include <span>

namespace {

std::span<const std::byte> bytes(const std::uint8_t* p, std::size_t n) { return {reinterpret_cast<const std::byte*>(p), n}; }

// fuzz/corpus/framer/regression-buffered-after-error: with a 2-byte maximum, two empty packets, then a
// fixed header whose Remaining Length runs to a fifth byte. The framer used to keep the 5 header bytes
// buffered after reporting varint_too_long; a broken stream now keeps nothing.
TEST(FuzzRegressions, FramerKeepsNothingAfterABrokenStream) {
    const std::uint8_t stream[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x6f, 0x62, 0x73, 0x21};
    std::array<std::byte, 64> storage{};
    mqtt5::framer framer{storage, {.max_packet_size = 2}};
    int packets = 0;
    mqtt5::frame_result last{};
    for (std::size_t i = 0; i < sizeof stream; ++i) {  // one byte at a time: the header is buffered
        framer.feed(bytes(stream + i, 1));
        while ((last = framer.next()).status == mqtt5::frame_status::packet) ++packets;
        if (last.status == mqtt5::frame_status::error) break;
    }
    EXPECT_EQ(packets, 2);
    ASSERT_EQ(last.status, mqtt5::frame_status::error);
    EXPECT_EQ(last.err.code, mqtt5::errc::varint_too_long);
    EXPECT_EQ(last.stream_offset, 4u);
    EXPECT_EQ(framer.buffered(), 0u);
}

// fuzz/corpus/framer/regression-partial-header: a fixed header still incomplete is buffered (at most 4
// bytes) even when the maximum packet size is smaller, because the size is unknown until it completes.
TEST(FuzzRegressions, IncompleteFixedHeaderIsBufferedUpToFourBytes) {
    const std::uint8_t stream[] = {0xfa, 0xff, 0xfa};
    std::array<std::byte, 64> storage{};
    mqtt5::framer framer{storage, {.max_packet_size = 2}};
    framer.feed(bytes(stream, sizeof stream));
    EXPECT_EQ(framer.next().status, mqtt5::frame_status::need_more);
    EXPECT_EQ(framer.buffered(), 3u);
    const std::uint8_t more[] = {0x01};  // completes the header: 0x7D7FFA... far above the maximum
    framer.feed(bytes(more, 1));
    const auto r = framer.next();
    EXPECT_EQ(r.status, mqtt5::frame_status::error);
    EXPECT_EQ(r.err.code, mqtt5::errc::packet_too_large);
    EXPECT_EQ(framer.buffered(), 0u);
}

// fuzz/corpus/topic/regression-plus-then-hash: a level breaking both wildcard rules ("+##") is reported
// by the first wildcard in it [MQTT-4.7.1-2].
TEST(FuzzRegressions, FirstWildcardOfALevelNamesTheRule) {
    EXPECT_EQ(mqtt5::validate_topic_filter("+##"), mqtt5::errc::topic_filter_invalid_plus);
    EXPECT_EQ(mqtt5::validate_topic_filter("#+"), mqtt5::errc::topic_filter_invalid_hash);
    EXPECT_EQ(mqtt5::validate_topic_filter("a/+#/b"), mqtt5::errc::topic_filter_invalid_plus);
}

}  // namespace
