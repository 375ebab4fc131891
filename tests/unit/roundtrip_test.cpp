// Property-based round trip of random valid packets of all 15 types (random_packets.hpp):
//   encoded_size == bytes written == an independent computation of the size; a buffer one byte short is
//   refused with errc::buffer_too_small and left untouched; decode (variant) and decode<T> give a packet equal
//   to the original; re-encoding it gives the same bytes; properties iterate in the order they were written,
//   with typed access agreeing; encode_publish_header + payload == the full PUBLISH.
// The seed is printed; set MQTT5_SEED (decimal or 0x...) to replay a run. A failure prints the iteration,
// the packet's own seed and its bytes in hex.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mqtt5.hpp"
#include "random_packets.hpp"

namespace {

using mqtt5_gen::packet_arena;
using mqtt5_gen::packet_generator;

constexpr std::uint64_t default_seed = 0x6D717474'35520001ull;
constexpr std::size_t roundtrip_iterations = 100'000;

std::uint64_t run_seed() {
    static const std::uint64_t seed = [] {
        std::uint64_t s = default_seed;
        if (const char* env = std::getenv("MQTT5_SEED"); env != nullptr && *env != '\0') s = std::strtoull(env, nullptr, 0);
        std::printf("[   SEED   ] roundtrip: MQTT5_SEED=%llu (0x%llx)\n", static_cast<unsigned long long>(s),
                    static_cast<unsigned long long>(s));
        return s;
    }();
    return seed;
}

// A seed derived from the run's seed and an iteration (splitmix64).
std::uint64_t packet_seed(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t z = seed + (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::string hex(std::span<const std::byte> bytes, std::size_t limit = 512) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        if (i > 0) s += ' ';
        s += digits[static_cast<unsigned>(bytes[i]) >> 4];
        s += digits[static_cast<unsigned>(bytes[i]) & 0xF];
    }
    if (bytes.size() > limit) s += " ... (" + std::to_string(bytes.size()) + " bytes)";
    return s;
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

std::string describe(const mqtt5::property& p) {
    return std::string(mqtt5::to_string(p.id)) + " @" + std::to_string(p.offset) + " int=" + std::to_string(p.integer) +
           " str=\"" + std::string(p.string) + "\" val=\"" + std::string(p.pair_value) + "\" bin=[" + hex(p.binary, 32) + "]";
}

bool same_property(const mqtt5::property& a, const mqtt5::property& b) {
    return a.id == b.id && a.integer == b.integer && a.string == b.string && a.pair_value == b.pair_value &&
           same_bytes(a.binary, b.binary) && a.offset == b.offset;
}

template <mqtt5::place P> std::vector<mqtt5::property> collect(const mqtt5::property_block<P>& block) {
    std::vector<mqtt5::property> out;
    for (auto it = block.begin(); it != block.end(); ++it) out.push_back(*it);
    return out;
}

std::size_t varint_size(std::size_t v) { return v < 128 ? 1 : v < 16'384 ? 2 : v < 2'097'152 ? 3 : 4; }

// ---- an independent oracle of the Remaining Length (computed from the fields, not by the library) ----

template <mqtt5::place P> std::size_t props_size(const mqtt5::property_block<P>& b) {
    return varint_size(b.size_bytes()) + b.size_bytes();
}
std::size_t str_size(std::string_view s) { return 2 + s.size(); }

// 0: shortest, 1: reason code, 2: reason code + properties, as the encoder must choose it.
template <class P> int ack_form(const P& p) {
    const int needed = !p.properties.empty() ? 2 : p.reason != mqtt5::reason_code::success ? 1 : 0;
    const int asked = static_cast<int>(p.form.fields);
    return needed > asked ? needed : asked;
}

std::size_t expected_rl(const mqtt5::connect& p) {
    std::size_t n = 10 + props_size(p.properties) + str_size(p.client_id);
    if (p.will) n += props_size(p.will->properties) + str_size(p.will->topic) + 2 + p.will->payload.size();
    if (p.username) n += str_size(*p.username);
    if (p.password) n += 2 + p.password->size();
    return n;
}
std::size_t expected_rl(const mqtt5::connack& p) { return 2 + props_size(p.properties); }
std::size_t expected_rl(const mqtt5::publish& p) {
    return str_size(p.topic) + (p.qos != mqtt5::qos::at_most_once ? 2 : 0) + props_size(p.properties) + p.payload.size();
}
template <mqtt5::packet_type T> std::size_t expected_rl(const mqtt5::basic_pub_ack<T>& p) {
    const int f = ack_form(p);
    return 2 + (f >= 1 ? 1 : 0) + (f == 2 ? props_size(p.properties) : 0);
}
std::size_t expected_rl(const mqtt5::subscribe& p) {
    std::size_t n = 2 + props_size(p.properties);
    for (const auto s : p.subscriptions) n += str_size(s.topic_filter) + 1;
    return n;
}
template <mqtt5::packet_type T> std::size_t expected_rl(const mqtt5::basic_sub_ack<T>& p) {
    return 2 + props_size(p.properties) + p.reason_codes.size();
}
std::size_t expected_rl(const mqtt5::unsubscribe& p) {
    std::size_t n = 2 + props_size(p.properties);
    for (const auto f : p.topic_filters) n += str_size(f);
    return n;
}
template <mqtt5::packet_type T> std::size_t expected_rl(const mqtt5::basic_ping<T>&) { return 0; }
std::size_t expected_rl(const mqtt5::disconnect& p) {
    const int f = ack_form(p);
    return (f >= 1 ? 1 : 0) + (f == 2 ? props_size(p.properties) : 0);
}
std::size_t expected_rl(const mqtt5::auth& p) {
    const bool empty = p.reason == mqtt5::reason_code::success && p.properties.empty() &&
                       p.form.fields == mqtt5::trailing_fields::shortest;
    return empty ? 0 : 1 + props_size(p.properties);
}

template <class P> std::uint8_t expected_first_byte(const P& p) {
    const auto t = static_cast<unsigned>(mqtt5::type_of<P>()) << 4;
    if constexpr (std::is_same_v<P, mqtt5::publish>) {
        return static_cast<std::uint8_t>(t | (p.dup ? 8u : 0u) | (static_cast<unsigned>(p.qos) << 1) | (p.retain ? 1u : 0u));
    } else {
        (void)p;
        const auto type = mqtt5::type_of<P>();
        const bool two = type == mqtt5::packet_type::pubrel || type == mqtt5::packet_type::subscribe ||
                         type == mqtt5::packet_type::unsubscribe;
        return static_cast<std::uint8_t>(t | (two ? 2u : 0u));
    }
}

// The form.fields a decoder must report for the packet's wire form.
template <class P> std::optional<mqtt5::trailing_fields> expected_decoded_fields(const P& p) {
    if constexpr (requires { p.reason; p.form.fields; } && !std::is_same_v<P, mqtt5::connack>) {
        if constexpr (std::is_same_v<P, mqtt5::auth>)
            return expected_rl(p) == 0 ? mqtt5::trailing_fields::shortest : mqtt5::trailing_fields::properties;
        else
            return static_cast<mqtt5::trailing_fields>(ack_form(p));
    } else {
        return std::nullopt;
    }
}

// ---- properties ----

template <mqtt5::property_id Id> bool value_matches(const mqtt5::property_value_t<Id>& v, const mqtt5::property& p) {
    using V = mqtt5::property_value_t<Id>;
    if constexpr (std::is_same_v<V, std::string_view>) return v == p.string;
    else if constexpr (std::is_same_v<V, std::span<const std::byte>>) return same_bytes(v, p.binary);
    else if constexpr (std::is_same_v<V, mqtt5::string_pair>) return v.name == p.string && v.value == p.pair_value;
    else return static_cast<std::uint32_t>(v) == p.integer;
}

const mqtt5::property* first_logged(std::span<const mqtt5::property> log, mqtt5::property_id id) {
    for (const auto& p : log)
        if (p.id == id) return &p;
    return nullptr;
}

// get<Id>() and offset_of() for every identifier the place allows agree with what was written.
template <mqtt5::place P, std::size_t... I>
void check_typed_access(const mqtt5::property_block<P>& block, std::span<const mqtt5::property> log, const char* which,
                        std::index_sequence<I...>) {
    const auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
        constexpr auto id = mqtt5::property_table[K].id;
        if constexpr (mqtt5::allows(P, id)) {
            const auto* first = first_logged(log, id);
            const bool present = first != nullptr;
            const auto got = block.template get<id>();
            const auto at = block.offset_of(id);
            const bool ok = block.template contains<id>() == present && got.has_value() == present &&
                            at.has_value() == present && (!present || (value_matches<id>(*got, *first) && *at == first->offset));
            if (!ok) {
                ADD_FAILURE() << which << " typed access to " << mqtt5::to_string(id) << ": contains "
                              << block.template contains<id>() << ", get " << got.has_value() << ", offset_of "
                              << at.value_or(~std::size_t{0}) << "; written: " << (present ? describe(*first) : "absent");
            }
        } else if (block.offset_of(id).has_value()) {
            ADD_FAILURE() << which << " offset_of(" << mqtt5::to_string(id) << ") for a property the place does not allow";
        }
    };
    (one(std::integral_constant<std::size_t, I>{}), ...);
}

template <mqtt5::property_id Id, mqtt5::place P>
void check_repeated(const mqtt5::property_block<P>& block, std::span<const mqtt5::property> log, const char* which) {
    std::vector<mqtt5::property> expected;
    for (const auto& p : log)
        if (p.id == Id) expected.push_back(p);
    const auto range = block.template all<Id>();
    EXPECT_EQ(range.size(), expected.size()) << which << " " << mqtt5::to_string(Id);
    EXPECT_EQ(range.empty(), expected.empty()) << which;
    std::size_t i = 0;
    for (const auto v : range) {
        if (i < expected.size() && !value_matches<Id>(v, expected[i]))
            ADD_FAILURE() << which << " " << mqtt5::to_string(Id) << " #" << i << " differs from " << describe(expected[i]);
        ++i;
    }
}

template <mqtt5::place P>
void check_block(const mqtt5::property_block<P>& original, const mqtt5::property_block<P>& decoded,
                 std::span<const mqtt5::property> log) {
    const auto a = collect(original);
    const auto b = collect(decoded);
    ASSERT_EQ(a.size(), log.size()) << "built block vs what the generator wrote";
    ASSERT_EQ(b.size(), log.size()) << "decoded block vs what the generator wrote";
    for (std::size_t i = 0; i < log.size(); ++i) {
        if (!same_property(a[i], log[i])) ADD_FAILURE() << "built #" << i << ": " << describe(a[i]) << " vs written " << describe(log[i]);
        if (!same_property(b[i], log[i])) ADD_FAILURE() << "decoded #" << i << ": " << describe(b[i]) << " vs written " << describe(log[i]);
    }
    EXPECT_TRUE(original == decoded);
    EXPECT_TRUE(same_bytes(original.bytes(), decoded.bytes()));
    EXPECT_EQ(original.empty(), log.empty());
    EXPECT_EQ(decoded.length_width(), 0);
    constexpr auto ids = std::make_index_sequence<mqtt5::property_table.size()>{};
    check_typed_access(original, log, "built", ids);
    check_typed_access(decoded, log, "decoded", ids);
    check_repeated<mqtt5::property_id::user_property>(original, log, "built");
    check_repeated<mqtt5::property_id::user_property>(decoded, log, "decoded");
    if constexpr (mqtt5::allows(P, mqtt5::property_id::subscription_identifier)) {
        check_repeated<mqtt5::property_id::subscription_identifier>(original, log, "built");
        check_repeated<mqtt5::property_id::subscription_identifier>(decoded, log, "decoded");
    }
    // The view is zero-copy: re-parsing the decoded bytes gives the same block.
    const auto reparsed = mqtt5::property_block<P>::parse(decoded.bytes());
    ASSERT_TRUE(reparsed.has_value()) << mqtt5::to_string(reparsed.error().code);
    EXPECT_TRUE(*reparsed == decoded);
}

template <class P> void check_properties(const P& original, const P& decoded, const packet_arena& arena) {
    if constexpr (requires { original.properties; }) {
        check_block(original.properties, decoded.properties, arena.logged(packet_arena::own_block));
    }
    if constexpr (std::is_same_v<P, mqtt5::connect>) {
        ASSERT_EQ(original.will.has_value(), decoded.will.has_value());
        if (original.will) check_block(original.will->properties, decoded.will->properties, arena.logged(packet_arena::will_block));
    }
}

// ---- statistics, to show the generator reaches every wire form ----

struct coverage {
    std::array<std::size_t, 16> per_type{};
    std::array<std::size_t, 5> rl_width{};         // by Remaining Length field width 1..4
    std::array<std::array<std::size_t, 3>, 16> form{};  // by packet type: 0 short, 1 reason only, 2 with properties
    std::size_t wills{}, usernames{}, passwords{}, empty_client_ids{}, empty_topics{}, shared_filters{}, hash_filters{},
        plus_filters{}, feff{}, four_byte_cp{}, empty_blocks{}, repeated_user_properties{}, qos[3]{}, dup{}, retain{};
};

void count_text(coverage& c, std::string_view s) {
    if (s.find("\xEF\xBB\xBF") != std::string_view::npos) ++c.feff;
    for (const char ch : s)
        if (static_cast<unsigned char>(ch) >= 0xF0) {
            ++c.four_byte_cp;
            break;
        }
}

// ---- the per-packet check ----

struct workspace {
    std::vector<std::byte> out = std::vector<std::byte>(packet_arena::max_encoded_size);
    std::vector<std::byte> again = std::vector<std::byte>(packet_arena::max_encoded_size);
    std::vector<std::byte> guard = std::vector<std::byte>(packet_arena::max_encoded_size + 64);
    std::vector<std::byte> sentinels = std::vector<std::byte>(packet_arena::max_encoded_size + 64, std::byte{0xA5});
    std::span<const std::byte> last{};  // the last encoding, for failure reports
};

template <class P> using other_type = std::conditional_t<std::is_same_v<P, mqtt5::pingreq>, mqtt5::pingresp, mqtt5::pingreq>;

template <class P> void check_roundtrip(const P& p, const packet_arena& arena, workspace& ws, coverage& cov) {
    constexpr unsigned char sentinel = 0xA5;  // = workspace::sentinels
    ASSERT_EQ(arena.build_error.code, mqtt5::errc::ok) << "property_builder::build: " << mqtt5::to_string(arena.build_error.code)
                                                       << " at " << arena.build_error.offset;
    const auto size = mqtt5::encoded_size(p);
    ASSERT_TRUE(size.has_value()) << "encoded_size refused a valid packet: " << mqtt5::to_string(size.error().code);
    const auto rl = expected_rl(p);
    ASSERT_EQ(*size, 1 + varint_size(rl) + rl) << "encoded_size disagrees with the fields";

    // Encode, exactly that many bytes.
    const auto n = mqtt5::encode(p, ws.out);
    ASSERT_TRUE(n.has_value()) << mqtt5::to_string(n.error().code);
    ASSERT_EQ(*n, *size);
    const auto bytes = std::span<const std::byte>(ws.out.data(), *n);
    ws.last = bytes;
    EXPECT_EQ(static_cast<std::uint8_t>(bytes[0]), expected_first_byte(p));
    ++cov.rl_width[varint_size(rl)];

    // One byte short: refused, nothing written (not even past the span).
    std::memset(ws.guard.data(), static_cast<int>(sentinel), *size + 16);
    const auto short_result = mqtt5::encode(p, std::span<std::byte>(ws.guard.data(), *size - 1));
    ASSERT_FALSE(short_result.has_value());
    EXPECT_EQ(short_result.error().code, mqtt5::errc::buffer_too_small);
    EXPECT_EQ(std::memcmp(ws.guard.data(), ws.sentinels.data(), *size + 16), 0) << "encode into a too-small buffer wrote to it";
    const auto none = mqtt5::encode(p, std::span<std::byte>{});
    EXPECT_EQ(none.error().code, mqtt5::errc::buffer_too_small);

    // Decode into the variant and typed; both equal to the original.
    const auto any = mqtt5::decode(bytes);
    ASSERT_TRUE(any.has_value()) << "decode: " << mqtt5::to_string(any.error().code) << " at " << any.error().offset;
    ASSERT_TRUE(std::holds_alternative<P>(*any)) << "decoded as " << mqtt5::to_string(mqtt5::type_of(*any));
    EXPECT_TRUE(std::get<P>(*any) == p) << "variant decode differs from the original";
    const auto typed = mqtt5::decode<P>(bytes);
    ASSERT_TRUE(typed.has_value()) << "decode<T>: " << mqtt5::to_string(typed.error().code) << " at " << typed.error().offset;
    const P& d = *typed;
    EXPECT_TRUE(d == p) << "typed decode differs from the original";
    EXPECT_EQ(d.form.remaining_length_width, 0);
    if (const auto f = expected_decoded_fields(p)) {
        EXPECT_EQ(static_cast<int>(d.form.fields), static_cast<int>(*f));
    }
    const auto wrong = mqtt5::decode<other_type<P>>(bytes);
    EXPECT_EQ(wrong.error().code, mqtt5::errc::unexpected_packet_type);

    // Re-encoding the decoded packet (typed and in the variant) gives the same bytes.
    const auto m = mqtt5::encode(d, ws.again);
    ASSERT_TRUE(m.has_value()) << mqtt5::to_string(m.error().code);
    EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(ws.again.data(), *m))) << "re-encoded: " << hex({ws.again.data(), *m});
    const auto size_again = mqtt5::encoded_size(*any);
    EXPECT_EQ(*size_again, *size);
    const auto k = mqtt5::encode(*any, ws.again);
    ASSERT_TRUE(k.has_value());
    EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(ws.again.data(), *k)));

    check_properties(p, d, arena);

    // Per-type extras: zero-copy views into the input, scatter/gather PUBLISH.
    const auto inside = [&](const void* ptr) {
        const auto* b = static_cast<const std::byte*>(ptr);
        return b >= bytes.data() && b <= bytes.data() + bytes.size();
    };
    if constexpr (requires { d.properties; }) {
        if (!d.properties.empty()) {
            EXPECT_TRUE(inside(d.properties.bytes().data()));
        }
    }
    if constexpr (std::is_same_v<P, mqtt5::publish>) {
        EXPECT_EQ(d.payload.data(), bytes.data() + bytes.size() - p.payload.size()) << "payload is not a view of the input";
        EXPECT_TRUE(inside(d.topic.data()));
        const auto header_size = mqtt5::publish_header_size(p);
        ASSERT_TRUE(header_size.has_value());
        ASSERT_EQ(*header_size, *size - p.payload.size());
        std::memset(ws.guard.data(), static_cast<int>(sentinel), *header_size + 16);
        const auto short_header = mqtt5::encode_publish_header(p, std::span<std::byte>(ws.guard.data(), *header_size - 1));
        EXPECT_EQ(short_header.error().code, mqtt5::errc::buffer_too_small);
        EXPECT_EQ(std::memcmp(ws.guard.data(), ws.sentinels.data(), *header_size + 16), 0)
            << "encode_publish_header into a too-small buffer wrote to it";
        const auto h = mqtt5::encode_publish_header(p, ws.again);
        ASSERT_TRUE(h.has_value());
        ASSERT_EQ(*h, *header_size);
        std::memcpy(ws.again.data() + *h, p.payload.data(), p.payload.size());
        EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(ws.again.data(), *h + p.payload.size())))
            << "header + payload differs from the full encoding";
        ++cov.qos[static_cast<unsigned>(p.qos)];
        cov.dup += p.dup;
        cov.retain += p.retain;
        if (p.topic.empty()) ++cov.empty_topics;
        count_text(cov, p.topic);
    }
    if constexpr (std::is_same_v<P, mqtt5::connect>) {
        EXPECT_TRUE(inside(d.client_id.data()));
        cov.wills += p.will.has_value();
        cov.usernames += p.username.has_value();
        cov.passwords += p.password.has_value();
        cov.empty_client_ids += p.client_id.empty();
        count_text(cov, p.client_id);
    }
    if constexpr (std::is_same_v<P, mqtt5::subscribe>) {
        EXPECT_TRUE(d.subscriptions.is_wire());
        EXPECT_EQ(d.subscriptions.size(), p.subscriptions.size());
        for (const auto s : p.subscriptions) {
            cov.shared_filters += mqtt5::is_shared_subscription(s.topic_filter);
            cov.hash_filters += s.topic_filter.find('#') != std::string_view::npos;
            cov.plus_filters += s.topic_filter.find('+') != std::string_view::npos;
        }
    }
    if constexpr (std::is_same_v<P, mqtt5::unsubscribe>) {
        EXPECT_TRUE(d.topic_filters.is_wire());
        EXPECT_EQ(d.topic_filters.size(), p.topic_filters.size());
    }
    if constexpr (requires { p.properties; }) {
        cov.empty_blocks += p.properties.empty();
        if (p.properties.user_properties().size() > 1) ++cov.repeated_user_properties;
    }
    if constexpr (requires { p.reason; p.form.fields; } && !std::is_same_v<P, mqtt5::connack>) {
        const auto t = static_cast<std::size_t>(mqtt5::type_of<P>());
        const auto f = expected_decoded_fields(p);
        ++cov.form[t][static_cast<std::size_t>(*f)];
    }
}

void check_any(const mqtt5::packet& p, const packet_arena& arena, workspace& ws, coverage& cov) {
    ++cov.per_type[static_cast<std::size_t>(mqtt5::type_of(p))];
    std::visit([&](const auto& q) { check_roundtrip(q, arena, ws, cov); }, p);
}

TEST(RoundtripProperty, HundredThousandRandomPacketsOfEveryType) {
    const auto seed = run_seed();
    auto arena = std::make_unique<packet_arena>();
    packet_generator gen{seed};
    workspace ws;
    coverage cov;
    const auto started = std::chrono::steady_clock::now();
    std::size_t done = 0;
    for (std::size_t i = 0; i < roundtrip_iterations; ++i) {
        // Every 64 packets the engine is reseeded from (seed, i), so a failing packet is regenerated by
        // gen.reseed(block seed) and i % 64 + 1 calls of gen.make (reseeding each time costs too much at -O0).
        const auto block = i - i % 64;
        if (i == block) gen.reseed(packet_seed(seed, block));
        // Types in turn, so every type gets its share; the fields are random.
        const auto type = mqtt5_gen::all_packet_types[i % mqtt5_gen::all_packet_types.size()];
        const auto p = gen.make(*arena, type);
        ws.last = {};
        check_any(p, *arena, ws, cov);
        ++done;
        if (HasFailure()) {
            ADD_FAILURE() << "failing packet: MQTT5_SEED=" << seed << " iteration " << i << " (gen.reseed("
                          << packet_seed(seed, block) << ") at iteration " << block << "): " << mqtt5::to_string(type)
                          << " " << hex(ws.last);
            break;
        }
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::printf("[   INFO   ] %zu packets round-tripped in %lld ms\n", done, static_cast<long long>(ms));
    ASSERT_EQ(done, roundtrip_iterations);

    // The generator reached what it promises.
    for (const auto t : mqtt5_gen::all_packet_types) EXPECT_GT(cov.per_type[static_cast<std::size_t>(t)], 6000u) << mqtt5::to_string(t);
    EXPECT_GT(cov.rl_width[1], 0u);
    EXPECT_GT(cov.rl_width[2], 0u);
    EXPECT_GT(cov.rl_width[3], 0u) << "no packet needed a 3-byte Remaining Length";
    for (const auto t : {mqtt5::packet_type::puback, mqtt5::packet_type::pubrec, mqtt5::packet_type::pubrel,
                         mqtt5::packet_type::pubcomp, mqtt5::packet_type::disconnect})
        for (std::size_t f = 0; f < 3; ++f)
            EXPECT_GT(cov.form[static_cast<std::size_t>(t)][f], 100u) << mqtt5::to_string(t) << " form " << f;
    EXPECT_GT(cov.form[static_cast<std::size_t>(mqtt5::packet_type::auth)][0], 100u);
    EXPECT_EQ(cov.form[static_cast<std::size_t>(mqtt5::packet_type::auth)][1], 0u);
    EXPECT_GT(cov.form[static_cast<std::size_t>(mqtt5::packet_type::auth)][2], 100u);
    EXPECT_GT(cov.wills, 100u);
    EXPECT_GT(cov.usernames, 100u);
    EXPECT_GT(cov.passwords, 100u);
    EXPECT_GT(cov.empty_client_ids, 100u);
    EXPECT_GT(cov.empty_topics, 100u);
    EXPECT_GT(cov.shared_filters, 100u);
    EXPECT_GT(cov.hash_filters, 100u);
    EXPECT_GT(cov.plus_filters, 100u);
    EXPECT_GT(cov.feff, 10u);
    EXPECT_GT(cov.four_byte_cp, 100u);
    EXPECT_GT(cov.empty_blocks, 1000u);
    EXPECT_GT(cov.repeated_user_properties, 1000u);
    for (const auto q : cov.qos) EXPECT_GT(q, 100u);
    EXPECT_GT(cov.dup, 100u);
    EXPECT_GT(cov.retain, 100u);
}

// Every property of every place, alone: the builder writes it, the decoder reads it back.
TEST(RoundtripProperty, EveryAllowedPropertyOfEveryPlaceRoundTrips) {
    auto arena = std::make_unique<packet_arena>();
    packet_generator gen{run_seed()};
    workspace ws;
    coverage cov;
    std::size_t seen = 0;
    for (int round = 0; round < 200 && !HasFailure(); ++round)
        for (const auto t : mqtt5_gen::all_packet_types) {
            const auto p = gen.make(*arena, t);
            check_any(p, *arena, ws, cov);
            for (const auto& prop : arena->logged(packet_arena::own_block)) seen |= std::size_t{1} << static_cast<unsigned>(prop.id);
            for (const auto& prop : arena->logged(packet_arena::will_block)) seen |= std::size_t{1} << static_cast<unsigned>(prop.id);
            if (HasFailure()) {
                ADD_FAILURE() << mqtt5::to_string(t) << " " << hex(ws.last);
                break;
            }
        }
    for (const auto& info : mqtt5::property_table)
        EXPECT_TRUE(seen & (std::size_t{1} << static_cast<unsigned>(info.id))) << "never generated: " << info.name;
}

// A Remaining Length written wider than needed: refused by default, accepted on request, and then the
// decoded packet remembers the width and re-encodes to its input.
TEST(RoundtripProperty, NonMinimalRemainingLengthRoundTripsWhenAllowed) {
    auto arena = std::make_unique<packet_arena>();
    packet_generator gen{run_seed() ^ 0x4E4D};
    std::vector<std::byte> out(packet_arena::max_encoded_size + 8), again(packet_arena::max_encoded_size + 8);
    mqtt5::decode_options lenient{};
    lenient.allow_non_minimal_varint = true;
    for (int i = 0; i < 5000 && !HasFailure(); ++i) {
        const auto p = gen.make_any(*arena);
        std::visit(
            [&]<class P>(const P& original) {
                P wide = original;
                const auto minimal = mqtt5::encoded_size(original);
                ASSERT_TRUE(minimal.has_value());
                const auto rl = expected_rl(original);
                ASSERT_EQ(*minimal, 1 + varint_size(rl) + rl);
                const auto rl_width = varint_size(rl);
                if (rl_width == 4) return;
                const auto width = static_cast<std::uint8_t>(gen.between(rl_width + 1, 4));
                wide.form.remaining_length_width = width;
                const auto size = mqtt5::encoded_size(wide);
                ASSERT_TRUE(size.has_value());
                ASSERT_EQ(*size, 1 + width + rl);
                const auto n = mqtt5::encode(wide, out);
                ASSERT_TRUE(n.has_value());
                const auto bytes = std::span<const std::byte>(out.data(), *n);
                const auto strict = mqtt5::decode(bytes);
                ASSERT_FALSE(strict.has_value()) << mqtt5::to_string(mqtt5::type_of<P>()) << " " << hex(bytes);
                EXPECT_EQ(strict.error().code, mqtt5::errc::varint_not_minimal);
                EXPECT_EQ(strict.error().offset, 1u);
                const auto d = mqtt5::decode<P>(bytes, lenient);
                ASSERT_TRUE(d.has_value()) << mqtt5::to_string(d.error().code) << " " << hex(bytes);
                EXPECT_TRUE(*d == original);
                EXPECT_EQ(d->form.remaining_length_width, width);
                const auto m = mqtt5::encode(*d, again);
                ASSERT_TRUE(m.has_value());
                EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(again.data(), *m))) << hex(bytes);
            },
            p);
    }
}

// With the discouraged code points left out, the generated packets also pass the optional receiver checks:
// reject_disallowed_code_points, and check_payload_format (a Payload Format Indicator of 1 comes with a
// UTF-8 payload).
TEST(RoundtripProperty, StrictReceiverOptionsAcceptPacketsWithoutDiscouragedCodePoints) {
    auto arena = std::make_unique<packet_arena>();
    mqtt5_gen::generator_options options{};
    options.discouraged_code_points = false;
    packet_generator gen{run_seed() ^ 0x5781C7, options};
    std::vector<std::byte> out(packet_arena::max_encoded_size);
    mqtt5::decode_options strict{};
    strict.reject_disallowed_code_points = true;
    strict.check_payload_format = true;
    std::size_t with_format = 0;
    for (int i = 0; i < 20'000 && !HasFailure(); ++i) {
        const auto p = gen.make_any(*arena);
        const auto n = mqtt5::encode(p, out);
        ASSERT_TRUE(n.has_value());
        const auto bytes = std::span<const std::byte>(out.data(), *n);
        const auto d = mqtt5::decode(bytes, strict);
        ASSERT_TRUE(d.has_value()) << mqtt5::to_string(d.error().code) << " at " << d.error().offset << ": " << hex(bytes);
        EXPECT_TRUE(*d == p);
        if (const auto* pub = std::get_if<mqtt5::publish>(&p)) with_format += pub->properties.payload_format_indicator() == 1;
    }
    EXPECT_GT(with_format, 50u);
}

// The largest Remaining Lengths: a 4-byte field round-trips; the limit 268,435,455 is sized exactly and one
// more is refused.
TEST(RoundtripProperty, FourByteRemainingLengthAndTheLimit) {
    std::vector<std::byte> payload(2'097'152);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::byte>(i * 7);
    mqtt5::publish p{};
    p.topic = "big/\xF0\x9F\x98\x80";
    p.qos = mqtt5::qos::at_least_once;
    p.packet_id = 7;
    p.payload = payload;
    const auto size = mqtt5::encoded_size(p);
    ASSERT_TRUE(size.has_value());
    const std::size_t rl = 2 + p.topic.size() + 2 + 1 + payload.size();
    EXPECT_EQ(*size, 1 + 4 + rl);
    std::vector<std::byte> out(*size);
    ASSERT_EQ(*mqtt5::encode(p, out), *size);
    EXPECT_EQ(static_cast<unsigned>(out[4]) & 0x80u, 0u);
    EXPECT_NE(static_cast<unsigned>(out[3]) & 0x80u, 0u);
    const auto d = mqtt5::decode<mqtt5::publish>(out);
    ASSERT_TRUE(d.has_value()) << mqtt5::to_string(d.error().code);
    EXPECT_TRUE(*d == p);
    std::vector<std::byte> header(64);
    const auto h = mqtt5::encode_publish_header(p, header);
    ASSERT_TRUE(h.has_value());
    EXPECT_TRUE(same_bytes(std::span<const std::byte>(header.data(), *h), std::span<const std::byte>(out.data(), *h)));

    // The limit, without touching the memory: encoded_size and a refused encode never read the payload.
    std::unique_ptr<std::byte[]> huge(new std::byte[mqtt5::max_packet_size]);
    mqtt5::publish max{};
    max.topic = "t";
    max.payload = std::span<const std::byte>(huge.get(), mqtt5::wire::varint_max - 4);
    const auto max_size = mqtt5::encoded_size(max);
    ASSERT_TRUE(max_size.has_value()) << mqtt5::to_string(max_size.error().code);
    EXPECT_EQ(*max_size, mqtt5::max_packet_size);
    const auto refused = mqtt5::encode(max, std::span<std::byte>(huge.get(), 16));
    EXPECT_EQ(refused.error().code, mqtt5::errc::buffer_too_small);
    max.payload = std::span<const std::byte>(huge.get(), mqtt5::wire::varint_max - 3);
    EXPECT_EQ(mqtt5::encoded_size(max).error().code, mqtt5::errc::remaining_length_too_large);
    EXPECT_EQ(mqtt5::encode(max, std::span<std::byte>(huge.get(), 16)).error().code, mqtt5::errc::remaining_length_too_large);
    EXPECT_EQ(mqtt5::publish_header_size(max).error().code, mqtt5::errc::remaining_length_too_large);
}

// ---- MQTT 3.1.1 (level 4) and 3.1 (level 3): the same packet types, the version a parameter ----

// An independent oracle of the level 3/4 Remaining Length (no properties, no reason codes).
std::size_t expected_rl_v3(const mqtt5::connect& p, mqtt5::protocol_version v) {
    std::size_t n = (v == mqtt5::protocol_version::v31 ? 12 : 10) + str_size(p.client_id);
    if (p.will) n += str_size(p.will->topic) + 2 + p.will->payload.size();
    if (p.username) n += str_size(*p.username);
    if (p.password) n += 2 + p.password->size();
    return n;
}
std::size_t expected_rl_v3(const mqtt5::connack&, mqtt5::protocol_version) { return 2; }
std::size_t expected_rl_v3(const mqtt5::publish& p, mqtt5::protocol_version) {
    return str_size(p.topic) + (p.qos != mqtt5::qos::at_most_once ? 2 : 0) + p.payload.size();
}
template <mqtt5::packet_type T> std::size_t expected_rl_v3(const mqtt5::basic_pub_ack<T>&, mqtt5::protocol_version) { return 2; }
std::size_t expected_rl_v3(const mqtt5::subscribe& p, mqtt5::protocol_version) {
    std::size_t n = 2;
    for (const auto s : p.subscriptions) n += str_size(s.topic_filter) + 1;
    return n;
}
template <mqtt5::packet_type T> std::size_t expected_rl_v3(const mqtt5::basic_sub_ack<T>& p, mqtt5::protocol_version) {
    return 2 + (T == mqtt5::packet_type::suback ? p.reason_codes.size() : 0);
}
std::size_t expected_rl_v3(const mqtt5::unsubscribe& p, mqtt5::protocol_version) {
    std::size_t n = 2;
    for (const auto f : p.topic_filters) n += str_size(f);
    return n;
}
template <mqtt5::packet_type T> std::size_t expected_rl_v3(const mqtt5::basic_ping<T>&, mqtt5::protocol_version) { return 0; }
std::size_t expected_rl_v3(const mqtt5::disconnect&, mqtt5::protocol_version) { return 0; }
std::size_t expected_rl_v3(const mqtt5::auth&, mqtt5::protocol_version) { return 0; }

struct coverage_v3 {
    std::array<std::array<std::size_t, 16>, 6> per_type{};  // [version][type]
    std::size_t wills{}, passwords{}, empty_client_ids{}, session_present{}, v31_flag_bits{}, v31_connack_byte{};
    std::size_t suback_failure{}, dup_qos0_v31{}, connack_refusals{}, shared_looking_filters{};
    std::array<std::size_t, 5> rl_width{};
};

template <class P>
void check_roundtrip_v3(const P& p, mqtt5::protocol_version v, const packet_arena& arena, workspace& ws, coverage_v3& cov) {
    const mqtt5::encode_options eo{.version = v};
    const mqtt5::decode_options dopt{.version = v};
    ASSERT_EQ(arena.build_error.code, mqtt5::errc::ok);
    const auto size = mqtt5::encoded_size(p, eo);
    ASSERT_TRUE(size.has_value()) << "encoded_size refused a valid packet: " << mqtt5::to_string(size.error().code);
    const auto rl = expected_rl_v3(p, v);
    ASSERT_EQ(*size, 1 + varint_size(rl) + rl) << "encoded_size disagrees with the fields";
    ++cov.rl_width[varint_size(rl)];
    const auto n = mqtt5::encode(p, ws.out, eo);
    ASSERT_TRUE(n.has_value()) << mqtt5::to_string(n.error().code);
    ASSERT_EQ(*n, *size);
    const auto bytes = std::span<const std::byte>(ws.out.data(), *n);
    ws.last = bytes;
    // The first byte: type, the 3.1.1 flags, and at level 3 the bits the wire form keeps.
    const auto flags = static_cast<unsigned>(mqtt5::detail::codec<P>::flags(p)) ^
                       (v == mqtt5::protocol_version::v31 ? p.form.v31_flags_xor : 0u);
    EXPECT_EQ(static_cast<unsigned>(bytes[0]), (static_cast<unsigned>(mqtt5::type_of<P>()) << 4) | (flags & 0xFu));
    const auto short_result = mqtt5::encode(p, std::span<std::byte>(ws.guard.data(), *size - 1), eo);
    ASSERT_FALSE(short_result.has_value());
    EXPECT_EQ(short_result.error().code, mqtt5::errc::buffer_too_small);

    const auto any = mqtt5::decode(bytes, dopt);
    ASSERT_TRUE(any.has_value()) << "decode: " << mqtt5::to_string(any.error().code) << " at " << any.error().offset;
    ASSERT_TRUE(std::holds_alternative<P>(*any));
    EXPECT_TRUE(std::get<P>(*any) == p) << "variant decode differs from the original";
    const auto typed = mqtt5::decode<P>(bytes, dopt);
    ASSERT_TRUE(typed.has_value()) << "decode<T>: " << mqtt5::to_string(typed.error().code) << " at " << typed.error().offset;
    EXPECT_TRUE(*typed == p) << "typed decode differs from the original";
    if (v == mqtt5::protocol_version::v31) {
        EXPECT_EQ(typed->form.v31_flags_xor, p.form.v31_flags_xor);
        if constexpr (std::is_same_v<P, mqtt5::connack>) {
            EXPECT_EQ(typed->form.v31_connack_flags, p.form.v31_connack_flags);
        }
    }
    const auto m = mqtt5::encode(*typed, ws.again, eo);
    ASSERT_TRUE(m.has_value()) << mqtt5::to_string(m.error().code);
    EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(ws.again.data(), *m))) << "re-encoded: " << hex({ws.again.data(), *m});
    const auto k = mqtt5::encode(*any, ws.again, eo);
    ASSERT_TRUE(k.has_value());
    EXPECT_TRUE(same_bytes(bytes, std::span<const std::byte>(ws.again.data(), *k)));

    const auto vi = static_cast<std::size_t>(v);
    ++cov.per_type[vi][static_cast<std::size_t>(mqtt5::type_of<P>())];
    cov.v31_flag_bits += p.form.v31_flags_xor != 0;
    if constexpr (std::is_same_v<P, mqtt5::publish>) {
        const auto h = mqtt5::encode_publish_header(p, ws.again, eo);
        ASSERT_TRUE(h.has_value());
        EXPECT_EQ(*h + p.payload.size(), *n);
        EXPECT_TRUE(same_bytes(bytes.first(*h), std::span<const std::byte>(ws.again.data(), *h)));
        cov.dup_qos0_v31 += p.dup && p.qos == mqtt5::qos::at_most_once;
    }
    if constexpr (std::is_same_v<P, mqtt5::connect>) {
        cov.wills += p.will.has_value();
        cov.passwords += p.password.has_value();
        cov.empty_client_ids += p.client_id.empty();
    }
    if constexpr (std::is_same_v<P, mqtt5::connack>) {
        cov.session_present += p.session_present;
        cov.connack_refusals += p.return_code != mqtt5::connack_return_code::accepted;
        cov.v31_connack_byte += p.form.v31_connack_flags != 0;
    }
    if constexpr (std::is_same_v<P, mqtt5::suback>) {
        for (const auto rc : p.reason_codes) cov.suback_failure += rc == mqtt5::reason_code::unspecified_error;
    }
    if constexpr (std::is_same_v<P, mqtt5::subscribe>) {
        for (const auto sub : p.subscriptions) cov.shared_looking_filters += mqtt5::is_shared_subscription(sub.topic_filter);
    }
}

// 100,000 random packets at levels 4 and 3 (half each), each encoded, decoded (typed and into the variant),
// compared with the original and re-encoded byte-exact. The v5 run above is the other 100,000.
TEST(RoundtripProperty, HundredThousandRandomPacketsAtLevels4And3) {
    const auto seed = run_seed() ^ 0x3131ull;
    auto arena = std::make_unique<packet_arena>();
    packet_generator gen{seed};
    workspace ws;
    coverage_v3 cov;
    std::size_t done = 0;
    for (std::size_t i = 0; i < roundtrip_iterations; ++i) {
        const auto block = i - i % 64;
        if (i == block) gen.reseed(packet_seed(seed, block));
        // Versions by block of 64, types in turn.
        const auto v = (block / 64) % 2 == 0 ? mqtt5::protocol_version::v311 : mqtt5::protocol_version::v31;
        gen.set_version(v);
        const auto type = mqtt5_gen::v311_packet_types[i % mqtt5_gen::v311_packet_types.size()];
        const auto p = gen.make(*arena, type);
        ws.last = {};
        std::visit([&](const auto& q) { check_roundtrip_v3(q, v, *arena, ws, cov); }, p);
        ++done;
        if (HasFailure()) {
            ADD_FAILURE() << "failing packet: MQTT5_SEED=" << run_seed() << " iteration " << i << " level "
                          << static_cast<int>(v) << " (gen.reseed(" << packet_seed(seed, block) << ") at iteration " << block
                          << "): " << mqtt5::to_string(type) << " " << hex(ws.last);
            break;
        }
    }
    ASSERT_EQ(done, roundtrip_iterations);
    for (const auto v : {mqtt5::protocol_version::v311, mqtt5::protocol_version::v31})
        for (const auto t : mqtt5_gen::v311_packet_types)
            EXPECT_GT(cov.per_type[static_cast<std::size_t>(v)][static_cast<std::size_t>(t)], 3000u) << mqtt5::to_string(t);
    EXPECT_EQ(cov.per_type[4][static_cast<std::size_t>(mqtt5::packet_type::auth)], 0u);
    EXPECT_GT(cov.rl_width[3], 0u);
    EXPECT_GT(cov.wills, 100u);
    EXPECT_GT(cov.passwords, 100u);
    EXPECT_GT(cov.empty_client_ids, 100u);
    EXPECT_GT(cov.session_present, 100u);
    EXPECT_GT(cov.connack_refusals, 100u);
    EXPECT_GT(cov.v31_flag_bits, 1000u);
    EXPECT_GT(cov.v31_connack_byte, 100u);
    EXPECT_GT(cov.suback_failure, 100u);
    EXPECT_GT(cov.dup_qos0_v31, 10u);
    EXPECT_GT(cov.shared_looking_filters, 100u);
}

// The generator is deterministic: the same seed gives the same bytes.
TEST(RoundtripProperty, GeneratorIsDeterministic) {
    auto a = std::make_unique<packet_arena>();
    auto b = std::make_unique<packet_arena>();
    std::vector<std::byte> x(packet_arena::max_encoded_size), y(packet_arena::max_encoded_size);
    for (std::uint64_t s = 1; s <= 300; ++s) {
        packet_generator g1{s}, g2{s};
        const auto p = g1.make_any(*a);
        const auto q = g2.make_any(*b);
        const auto n = mqtt5::encode(p, x);
        const auto m = mqtt5::encode(q, y);
        ASSERT_TRUE(n.has_value() && m.has_value());
        ASSERT_TRUE(same_bytes(std::span<const std::byte>(x.data(), *n), std::span<const std::byte>(y.data(), *m))) << "seed " << s;
    }
}

}  // namespace
