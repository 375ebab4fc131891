// Property-based tests of mqtt5::framer (stream.hpp): streams of random valid packets (random_packets.hpp),
// concatenated and fed in chunks of 1 byte, random 1..64 bytes, random 1..4096 bytes and the whole stream,
// through next() and through the frames(chunk) range. The framer must yield exactly the packets, in order,
// byte-equal, as views into the chunk when a packet lies whole in it (zero copy) and reassembled in the
// storage otherwise, with the right stream offsets. Also: the maximum packet size (equal: ok, one more:
// packet_too_large before the body is buffered), malformed Remaining Lengths (too long, not minimal) that
// stop the stream until reset(), and the frames() range's error handling.
// The seed is printed; set MQTT5_SEED to replay.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mqtt5.hpp"
#include "random_packets.hpp"

namespace {

using mqtt5_gen::packet_arena;
using mqtt5_gen::packet_generator;

constexpr std::uint64_t default_seed = 0x6D717474'35460001ull;

std::uint64_t run_seed() {
    static const std::uint64_t seed = [] {
        std::uint64_t s = default_seed;
        if (const char* env = std::getenv("MQTT5_SEED"); env != nullptr && *env != '\0') s = std::strtoull(env, nullptr, 0);
        std::printf("[   SEED   ] framer: MQTT5_SEED=%llu (0x%llx)\n", static_cast<unsigned long long>(s),
                    static_cast<unsigned long long>(s));
        return s;
    }();
    return seed;
}

std::vector<std::byte> bytes_of(std::initializer_list<unsigned> values) {
    std::vector<std::byte> out;
    for (const auto v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// Random valid packets, encoded back to back.
struct packet_stream {
    std::vector<std::byte> bytes;
    std::vector<std::size_t> offsets;
    std::vector<std::size_t> sizes;
    std::size_t largest{};

    std::span<const std::byte> packet(std::size_t k) const { return {bytes.data() + offsets[k], sizes[k]}; }
    void append(std::span<const std::byte> p) {
        offsets.push_back(bytes.size());
        sizes.push_back(p.size());
        bytes.insert(bytes.end(), p.begin(), p.end());
        if (p.size() > largest) largest = p.size();
    }
};

// `large_every`: every so many packets, a PUBLISH of 16 KiB .. 70 KB (a 3-byte Remaining Length) is added.
packet_stream make_stream(std::uint64_t seed, std::size_t count, std::size_t max_payload = 3000, std::size_t large_every = 0) {
    auto arena = std::make_unique<packet_arena>();
    mqtt5_gen::generator_options options{};
    options.max_payload = max_payload;
    packet_generator gen{seed, options};
    std::vector<std::byte> buffer(packet_arena::max_encoded_size);
    packet_stream s;
    for (std::size_t i = 0; i < count; ++i) {
        const auto p = gen.make_any(*arena);
        const auto n = mqtt5::encode(p, buffer);
        EXPECT_TRUE(n.has_value()) << mqtt5::to_string(n.error().code);
        if (!n) continue;
        s.append(std::span<const std::byte>(buffer.data(), *n));
        if (large_every != 0 && i % large_every == 0) {
            mqtt5::publish big{};
            big.topic = "large";
            big.qos = mqtt5::qos::exactly_once;
            big.packet_id = static_cast<std::uint16_t>(i + 1);
            big.payload = gen.binary(*arena, static_cast<std::size_t>(gen.between(16'400, 70'000)));
            const auto m = mqtt5::encode(big, buffer);
            EXPECT_TRUE(m.has_value());
            if (m) s.append(std::span<const std::byte>(buffer.data(), *m));
        }
    }
    return s;
}

enum class chunking { one_byte, up_to_64, up_to_4096, whole };
const char* name(chunking c) {
    switch (c) {
    case chunking::one_byte: return "1-byte chunks";
    case chunking::up_to_64: return "random 1..64-byte chunks";
    case chunking::up_to_4096: return "random 1..4096-byte chunks";
    default: return "the whole stream";
    }
}
std::size_t chunk_size(chunking c, std::mt19937_64& rng, std::size_t left) {
    std::size_t n = left;
    switch (c) {
    case chunking::one_byte: n = 1; break;
    case chunking::up_to_64: n = 1 + static_cast<std::size_t>(rng() % 64); break;
    case chunking::up_to_4096: n = 1 + static_cast<std::size_t>(rng() % 4096); break;
    case chunking::whole: break;
    }
    return n < left ? n : left;
}

// Feeds the stream through next(): every packet in order, byte-equal, zero copy when whole in the chunk.
void frame_with_next(const packet_stream& s, chunking how, std::uint64_t seed) {
    SCOPED_TRACE(name(how));
    std::vector<std::byte> storage(s.largest + 16);
    mqtt5::framer f{storage};
    std::mt19937_64 rng{seed};
    std::size_t k = 0, pos = 0, zero_copy = 0, reassembled = 0;
    while (pos < s.bytes.size() && !::testing::Test::HasFailure()) {
        const auto n = chunk_size(how, rng, s.bytes.size() - pos);
        const auto chunk = std::span<const std::byte>(s.bytes.data() + pos, n);
        f.feed(chunk);
        for (;;) {
            const auto r = f.next();
            if (r.status == mqtt5::frame_status::need_more) {
                EXPECT_GE(r.bytes_needed, 1u);
                EXPECT_EQ(f.stream_position(), pos + n) << "need_more before the chunk was used up";
                if (k < s.offsets.size()) {
                    EXPECT_EQ(r.stream_offset, s.offsets[k]);
                    EXPECT_LE(r.bytes_needed, s.offsets[k] + s.sizes[k] - (pos + n)) << "bytes_needed is not a lower bound";
                    EXPECT_EQ(f.buffered(), pos + n - s.offsets[k]);
                } else {
                    EXPECT_EQ(r.stream_offset, s.bytes.size());
                    EXPECT_EQ(f.buffered(), 0u);
                }
                break;
            }
            ASSERT_EQ(r.status, mqtt5::frame_status::packet)
                << "error " << mqtt5::to_string(r.err.code) << " at stream offset " << r.stream_offset;
            ASSERT_LT(k, s.offsets.size()) << "more packets than were sent";
            EXPECT_TRUE(same_bytes(r.packet, s.packet(k))) << "packet " << k;
            EXPECT_EQ(r.stream_offset, s.offsets[k]) << "packet " << k;
            EXPECT_EQ(r.stream_offset + r.packet.size(), f.stream_position()) << "packet " << k;
            const bool whole_in_chunk = s.offsets[k] >= pos && s.offsets[k] + s.sizes[k] <= pos + n;
            if (whole_in_chunk) {
                EXPECT_EQ(r.packet.data(), chunk.data() + (s.offsets[k] - pos)) << "packet " << k << " was copied";
                ++zero_copy;
            } else {
                EXPECT_EQ(r.packet.data(), storage.data()) << "packet " << k << " is not reassembled in the storage";
                ++reassembled;
            }
            EXPECT_EQ(f.buffered(), 0u);
            const auto decoded = mqtt5::decode(r.packet);
            EXPECT_TRUE(decoded.has_value()) << "packet " << k << ": " << mqtt5::to_string(decoded.error().code);
            ++k;
        }
        pos += n;
    }
    EXPECT_EQ(k, s.offsets.size());
    EXPECT_EQ(f.stream_position(), s.bytes.size());
    EXPECT_EQ(f.buffered(), 0u);
    if (how == chunking::whole) {
        EXPECT_EQ(reassembled, 0u);
    }
    if (how == chunking::one_byte) {
        EXPECT_EQ(zero_copy, 0u);  // every packet is at least 2 bytes
    }
    if (how == chunking::up_to_64) {
        EXPECT_GT(zero_copy, 0u);
        EXPECT_GT(reassembled, 0u);
    }
}

// The same through the range: `for (auto frame : f.frames(chunk))`.
void frame_with_range(const packet_stream& s, chunking how, std::uint64_t seed) {
    SCOPED_TRACE(name(how));
    std::vector<std::byte> storage(s.largest + 16);
    mqtt5::framer f{storage};
    std::mt19937_64 rng{seed};
    std::size_t k = 0, pos = 0;
    while (pos < s.bytes.size() && !::testing::Test::HasFailure()) {
        const auto n = chunk_size(how, rng, s.bytes.size() - pos);
        const auto chunk = std::span<const std::byte>(s.bytes.data() + pos, n);
        for (auto frame : f.frames(chunk)) {
            ASSERT_TRUE(frame.has_value()) << mqtt5::to_string(frame.error().code);
            ASSERT_LT(k, s.offsets.size());
            EXPECT_TRUE(same_bytes(*frame, s.packet(k))) << "packet " << k;
            const bool whole_in_chunk = s.offsets[k] >= pos && s.offsets[k] + s.sizes[k] <= pos + n;
            EXPECT_EQ(frame->data(), whole_in_chunk ? chunk.data() + (s.offsets[k] - pos) : storage.data()) << "packet " << k;
            ++k;
        }
        EXPECT_EQ(f.stream_position(), pos + n);
        pos += n;
    }
    EXPECT_EQ(k, s.offsets.size());
    EXPECT_EQ(f.buffered(), 0u);
}

TEST(FramerProperty, RandomStreamsInEveryChunkingViaNext) {
    const auto seed = run_seed();
    for (std::uint64_t round = 0; round < 20 && !HasFailure(); ++round) {
        const auto s = make_stream(seed + round, 300);
        for (const auto how : {chunking::one_byte, chunking::up_to_64, chunking::up_to_4096, chunking::whole}) {
            frame_with_next(s, how, seed * 31 + round);
            if (HasFailure()) {
                ADD_FAILURE() << "MQTT5_SEED=" << seed << " round " << round;
                break;
            }
        }
    }
}

TEST(FramerProperty, RandomStreamsInEveryChunkingViaFramesRange) {
    const auto seed = run_seed();
    for (std::uint64_t round = 0; round < 20 && !HasFailure(); ++round) {
        const auto s = make_stream(seed + round, 300);
        for (const auto how : {chunking::one_byte, chunking::up_to_64, chunking::up_to_4096, chunking::whole}) {
            frame_with_range(s, how, seed * 37 + round);
            if (HasFailure()) {
                ADD_FAILURE() << "MQTT5_SEED=" << seed << " round " << round;
                break;
            }
        }
    }
}

// Large packets (3-byte Remaining Length) split over many chunks.
TEST(FramerProperty, LargePacketsAreReassembled) {
    const auto seed = run_seed();
    const auto s = make_stream(seed ^ 0xB16, 400, 70'000, 40);
    ASSERT_GT(s.largest, 16'384u + 5) << "the stream should hold a packet with a 3-byte Remaining Length";
    for (const auto how : {chunking::up_to_64, chunking::up_to_4096, chunking::whole}) frame_with_next(s, how, seed);
    frame_with_range(s, chunking::up_to_4096, seed);
}

// A valid packet of exactly `size` bytes (a PUBLISH from 6 bytes on).
std::vector<std::byte> packet_of_size(std::size_t size) {
    switch (size) {
    case 2: return bytes_of({0xC0, 0x00});                    // PINGREQ
    case 3: return bytes_of({0xE0, 0x01, 0x80});              // DISCONNECT 0x80
    case 4: return bytes_of({0xE0, 0x02, 0x80, 0x00});        // DISCONNECT 0x80, no properties
    case 5: return bytes_of({0x40, 0x03, 0x00, 0x01, 0x80});  // PUBACK 1 0x80
    default: break;
    }
    static const std::vector<std::byte> payload(70'000, std::byte{'x'});
    mqtt5::publish p{};
    for (const std::string_view topic : {"t", "tt"}) {  // a Remaining Length field growing by a byte skips a size
        p.topic = topic;
        for (std::size_t n = 0; n < payload.size(); ++n) {
            p.payload = std::span<const std::byte>(payload.data(), n);
            const auto total = mqtt5::encoded_size(p);
            if (*total == size) {
                std::vector<std::byte> out(size);
                EXPECT_EQ(*mqtt5::encode(p, out), size);
                return out;
            }
            if (*total > size) break;
        }
    }
    ADD_FAILURE() << "no PUBLISH of " << size << " bytes";
    return {};
}

// Bytes of the fixed header (type byte + Remaining Length field).
std::size_t fixed_header_size(std::span<const std::byte> packet) {
    std::size_t n = 1;
    while ((static_cast<unsigned>(packet[n]) & 0x80u) != 0) ++n;
    return n + 1;
}

TEST(FramerProperty, MaximumPacketSizeIsEnforcedBeforeTheBodyIsBuffered) {
    // No packet has 130 or 16,387 bytes (the Remaining Length field grows by a byte there), so the sizes around
    // those boundaries are 128/129 -> ok/+1, 131/132, 16,385/16,386 and 16,388/16,389.
    for (const std::size_t max : {2u, 3u, 4u, 5u, 6u, 100u, 128u, 131u, 300u, 16'385u, 16'388u, 40'000u}) {
        SCOPED_TRACE("max_packet_size " + std::to_string(max));
        std::vector<std::byte> storage(50'000);
        mqtt5::framer_options options{};
        options.max_packet_size = max;
        const auto fits = packet_of_size(max);
        const auto too_big = packet_of_size(max + 1);
        ASSERT_EQ(fits.size(), max);
        ASSERT_EQ(too_big.size(), max + 1);
        const auto header = fixed_header_size(too_big);
        for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
            SCOPED_TRACE("chunk " + std::to_string(step));
            mqtt5::framer f{storage, options};
            EXPECT_EQ(f.max_packet_size(), max);
            // A packet of exactly the maximum size passes, then a bigger one is refused from its fixed header.
            std::vector<std::byte> stream = fits;
            stream.insert(stream.end(), too_big.begin(), too_big.end());
            std::size_t pos = 0, packets = 0;
            mqtt5::frame_result last{};
            while (pos < stream.size()) {
                const auto n = std::min(step, stream.size() - pos);
                f.feed(std::span<const std::byte>(stream.data() + pos, n));
                pos += n;
                for (last = f.next(); last.status == mqtt5::frame_status::packet; last = f.next()) {
                    EXPECT_TRUE(same_bytes(last.packet, fits));
                    ++packets;
                }
                if (last.status == mqtt5::frame_status::error) break;
            }
            EXPECT_EQ(packets, 1u);
            ASSERT_EQ(last.status, mqtt5::frame_status::error);
            EXPECT_EQ(last.err.code, mqtt5::errc::packet_too_large);
            EXPECT_EQ(last.err.reason, mqtt5::reason_code::packet_too_large);
            EXPECT_EQ(last.stream_offset, fits.size());
            EXPECT_LE(f.buffered(), header) << "the body was buffered before the size was checked";
            // Only the fixed header was needed to decide.
            EXPECT_LE(pos, fits.size() + header - 1 + step);
            // Sticky.
            EXPECT_EQ(f.next().status, mqtt5::frame_status::error);
        }
    }
}

TEST(FramerProperty, MaximumPacketSizeIsCappedAtTheStorage) {
    std::vector<std::byte> storage(64);
    mqtt5::framer f{storage};
    EXPECT_EQ(f.max_packet_size(), 64u);
    const auto fits = packet_of_size(64);
    const auto too_big = packet_of_size(65);
    for (const auto& [packet, ok] : {std::pair{fits, true}, std::pair{too_big, false}}) {
        // Split, so the storage is needed.
        f.reset();
        f.feed(std::span<const std::byte>(packet.data(), 3));
        auto r = f.next();
        if (!ok) {
            ASSERT_EQ(r.status, mqtt5::frame_status::error);
            EXPECT_EQ(r.err.code, mqtt5::errc::packet_too_large);
            continue;
        }
        ASSERT_EQ(r.status, mqtt5::frame_status::need_more);
        f.feed(std::span<const std::byte>(packet.data() + 3, packet.size() - 3));
        r = f.next();
        ASSERT_EQ(r.status, mqtt5::frame_status::packet);
        EXPECT_TRUE(same_bytes(r.packet, packet));
        EXPECT_EQ(r.packet.data(), storage.data());
    }
}

// Feeds `stream` in chunks of `step` and returns the first non-packet, non-need_more result; `packets`
// counts the packets before it.
mqtt5::frame_result run_until_error(mqtt5::framer& f, std::span<const std::byte> stream, std::size_t step, std::size_t& packets) {
    std::size_t pos = 0;
    packets = 0;
    while (pos < stream.size()) {
        const auto n = std::min(step, stream.size() - pos);
        f.feed(stream.subspan(pos, n));
        pos += n;
        for (;;) {
            const auto r = f.next();
            if (r.status == mqtt5::frame_status::packet) {
                EXPECT_EQ(r.stream_offset + r.packet.size(), f.stream_position());
                ++packets;
                continue;
            }
            if (r.status == mqtt5::frame_status::error) return r;
            break;
        }
    }
    return mqtt5::frame_result{};
}

TEST(FramerProperty, MalformedRemainingLengthStopsTheStreamUntilReset) {
    const auto valid = bytes_of({0x30, 0x05, 0x00, 0x01, 'a', 0x00, 'z'});  // PUBLISH "a", payload "z"
    struct bad_case {
        const char* what{};
        std::vector<std::byte> bytes{};
        mqtt5::errc expected{};
    };
    const std::vector<bad_case> cases = {
        {"5-byte Remaining Length", bytes_of({0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), mqtt5::errc::varint_too_long},
        {"5-byte Remaining Length of 0", bytes_of({0xC0, 0x80, 0x80, 0x80, 0x80, 0x00}), mqtt5::errc::varint_too_long},
        {"RL 0 in 2 bytes", bytes_of({0xC0, 0x80, 0x00}), mqtt5::errc::varint_not_minimal},
        {"RL 5 in 3 bytes", bytes_of({0x30, 0x85, 0x80, 0x00, 0x00, 0x01, 'a', 0x00, 'z'}), mqtt5::errc::varint_not_minimal},
        {"RL 0 in 4 bytes", bytes_of({0xE0, 0x80, 0x80, 0x80, 0x00}), mqtt5::errc::varint_not_minimal},
    };
    std::vector<std::byte> storage(1024);
    for (const auto& c : cases) {
        for (const std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{1000}}) {
            SCOPED_TRACE(std::string(c.what) + ", chunk " + std::to_string(step));
            mqtt5::framer f{storage};
            std::vector<std::byte> stream = valid;
            stream.insert(stream.end(), c.bytes.begin(), c.bytes.end());
            stream.insert(stream.end(), valid.begin(), valid.end());
            std::size_t packets = 0;
            const auto r = run_until_error(f, stream, step, packets);
            EXPECT_EQ(packets, 1u);
            ASSERT_EQ(r.status, mqtt5::frame_status::error);
            EXPECT_EQ(r.err.code, c.expected);
            EXPECT_EQ(r.err.reason, mqtt5::reason_code::malformed_packet);
            EXPECT_EQ(r.err.offset, 1u);
            EXPECT_EQ(r.stream_offset, valid.size());
            // Sticky: next() and frames() keep reporting it, whatever is fed.
            EXPECT_EQ(f.next().err.code, c.expected);
            f.feed(valid);
            const auto again = f.next();
            EXPECT_EQ(again.status, mqtt5::frame_status::error);
            EXPECT_EQ(again.err.code, c.expected);
            std::size_t yielded = 0;
            for (auto frame : f.frames(valid)) {
                EXPECT_FALSE(frame.has_value());
                if (!frame) {
                    EXPECT_EQ(frame.error().code, c.expected);
                }
                ++yielded;
            }
            EXPECT_EQ(yielded, 1u) << "an error is yielded once and ends the range";
            // reset() clears it: a fresh packet frames again (offsets after reset(): see StreamOffsetsAfterReset).
            f.reset();
            EXPECT_EQ(f.buffered(), 0u);
            f.feed(valid);
            const auto after = f.next();
            ASSERT_EQ(after.status, mqtt5::frame_status::packet) << mqtt5::to_string(after.err.code);
            EXPECT_TRUE(same_bytes(after.packet, valid));
            EXPECT_EQ(after.packet.data(), valid.data());
            EXPECT_EQ(f.next().status, mqtt5::frame_status::need_more);
        }
        // Non-minimal Remaining Lengths are framed when allowed.
        if (c.expected == mqtt5::errc::varint_not_minimal) {
            SCOPED_TRACE(std::string(c.what) + ", allowed");
            mqtt5::framer_options options{};
            options.allow_non_minimal_varint = true;
            for (const std::size_t step : {std::size_t{1}, std::size_t{1000}}) {
                mqtt5::framer f{storage, options};
                std::vector<std::byte> stream = valid;
                stream.insert(stream.end(), c.bytes.begin(), c.bytes.end());
                stream.insert(stream.end(), valid.begin(), valid.end());
                std::size_t packets = 0;
                const auto r = run_until_error(f, stream, step, packets);
                EXPECT_EQ(r.status, mqtt5::frame_status::need_more) << mqtt5::to_string(r.err.code);
                EXPECT_EQ(packets, 3u);
                EXPECT_EQ(f.stream_position(), stream.size());
            }
            mqtt5::decode_options lenient{};
            lenient.allow_non_minimal_varint = true;
            const auto d = mqtt5::decode(c.bytes, lenient);
            ASSERT_TRUE(d.has_value()) << mqtt5::to_string(d.error().code);
            std::vector<std::byte> out(64);
            const auto n = mqtt5::encode(*d, out);
            ASSERT_TRUE(n.has_value());
            EXPECT_TRUE(same_bytes(std::span<const std::byte>(out.data(), *n), c.bytes)) << "non-minimal form not kept";
        }
    }
}

// After reset(), the partial packet (or the broken header) is forgotten and what follows frames; the
// stream_offset of the next packet and stream_position() must still agree (whether reset() starts a new
// stream at 0 or goes on counting, a packet yielded by next() ends where stream_position() is).
TEST(FramerProperty, StreamOffsetsAfterReset) {
    const auto valid = bytes_of({0x30, 0x05, 0x00, 0x01, 'a', 0x00, 'z'});
    std::vector<std::byte> storage(64);
    {
        SCOPED_TRACE("reset() with 4 bytes of a PUBLISH buffered");
        mqtt5::framer f{storage};
        f.feed(std::span<const std::byte>(valid.data(), 4));
        EXPECT_EQ(f.next().status, mqtt5::frame_status::need_more);
        EXPECT_EQ(f.buffered(), 4u);
        f.reset();
        EXPECT_EQ(f.buffered(), 0u);
        f.feed(valid);
        const auto r = f.next();
        ASSERT_EQ(r.status, mqtt5::frame_status::packet);
        EXPECT_TRUE(same_bytes(r.packet, valid));
        EXPECT_EQ(r.packet.data(), valid.data());
        EXPECT_EQ(r.stream_offset + r.packet.size(), f.stream_position())
            << "stream_offset " << r.stream_offset << ", stream_position " << f.stream_position();
    }
    {
        SCOPED_TRACE("reset() after a 5-byte Remaining Length fed one byte at a time");
        mqtt5::framer f{storage};
        const auto bad = bytes_of({0x30, 0xFF, 0xFF, 0xFF, 0xFF});
        mqtt5::frame_result r{};
        for (const auto b : bad) {
            f.feed(std::span<const std::byte>(&b, 1));
            r = f.next();
        }
        ASSERT_EQ(r.status, mqtt5::frame_status::error);
        EXPECT_EQ(r.err.code, mqtt5::errc::varint_too_long);
        f.reset();
        f.feed(valid);
        r = f.next();
        ASSERT_EQ(r.status, mqtt5::frame_status::packet);
        EXPECT_EQ(r.stream_offset + r.packet.size(), f.stream_position())
            << "stream_offset " << r.stream_offset << ", stream_position " << f.stream_position();
    }
}

// Packet type 0 is framed like any packet; the decoder reports it.
TEST(FramerProperty, ReservedPacketTypeIsLeftToTheDecoder) {
    const auto stream = bytes_of({0x00, 0x00, 0xC0, 0x00});
    std::vector<std::byte> storage(16);
    mqtt5::framer f{storage};
    f.feed(stream);
    const auto r = f.next();
    ASSERT_EQ(r.status, mqtt5::frame_status::packet);
    EXPECT_EQ(r.packet.size(), 2u);
    EXPECT_EQ(mqtt5::decode(r.packet).error().code, mqtt5::errc::reserved_packet_type);
    const auto ping = f.next();
    ASSERT_EQ(ping.status, mqtt5::frame_status::packet);
    EXPECT_EQ(ping.stream_offset, 2u);
}

// Packets of every type, each split at every possible point into two chunks.
TEST(FramerProperty, EverySplitPointOfEveryType) {
    auto arena = std::make_unique<packet_arena>();
    mqtt5_gen::generator_options options{};
    options.max_payload = 200;
    packet_generator gen{run_seed() ^ 0x5917, options};
    std::vector<std::byte> buffer(packet_arena::max_encoded_size);
    std::vector<std::byte> storage(packet_arena::max_encoded_size);
    for (int round = 0; round < 3; ++round)
        for (const auto t : mqtt5_gen::all_packet_types) {
            const auto p = gen.make(*arena, t);
            const auto n = mqtt5::encode(p, buffer);
            ASSERT_TRUE(n.has_value());
            if (*n > 2000) continue;
            const auto packet = std::span<const std::byte>(buffer.data(), *n);
            for (std::size_t cut = 1; cut < *n; ++cut) {
                mqtt5::framer f{storage};
                f.feed(packet.first(cut));
                const auto first = f.next();
                ASSERT_EQ(first.status, mqtt5::frame_status::need_more) << mqtt5::to_string(t) << " cut " << cut;
                EXPECT_EQ(first.stream_offset, 0u);
                f.feed(packet.subspan(cut));
                const auto second = f.next();
                ASSERT_EQ(second.status, mqtt5::frame_status::packet) << mqtt5::to_string(t) << " cut " << cut;
                EXPECT_TRUE(same_bytes(second.packet, packet));
                EXPECT_EQ(second.packet.data(), storage.data());
                EXPECT_EQ(f.next().status, mqtt5::frame_status::need_more);
                EXPECT_EQ(f.stream_position(), *n);
            }
        }
}

}  // namespace
