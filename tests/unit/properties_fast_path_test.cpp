// The property block's two validators agree on every input: validate_properties_fast<P> (one table load per
// property, compiled where speed counts) and validate_properties (one loop for every place, compiled under -Os,
// and the one that reports every error). The fast one only ever says yes, and hands anything it doubts to the
// full check; these tests hold it to accepting exactly what the full check accepts, with the same index, so
// that -O2 and -Os builds decode every block alike (§2.2.2.2, Table 2-4, spec/properties.md).
//
// Inputs: every one-byte identifier (and a few multi-byte, non-minimal and truncated ones) with every edge
// value of every property type, in every place; every ordered pair of legal properties in every place
// (repeats, and CONNECT's Authentication Data without Method, §3.1.2.11.10); and seeded random blocks with
// mutations and truncations.
//
// The builder checks each property as its setter writes it, and build() no longer parses the bytes: the tests
// below hold build() to the result parsing the written bytes gives (errc, offset, index), for every named
// setter in every place, with each misuse the setters now catch (a repeat, a value out of its rule, ill-formed
// UTF-8 in either string of a pair, an empty or wildcard Response Topic), and with storage running out after
// a misuse (the setter's own error still comes first, as it did).
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

namespace {

using bytes = std::vector<std::byte>;
using mqtt5::place;
using test_util::from_hex;
using test_util::to_hex;

struct outcome {
    mqtt5::errc code{};
    std::size_t offset{};
    std::vector<std::uint32_t> index{};
    bool operator==(const outcome&) const = default;
};

template <place P, bool Fast> outcome run(const bytes& block, const mqtt5::decode_options& options) {
    std::array<std::uint32_t, mqtt5::slot_count(P)> index{};
    // A block at offset 7 of its packet: the error offsets carry the base.
    const auto e = Fast ? mqtt5::detail::validate_properties_fast<P>(block.data(), block.size(), index.data(), 7, options)
                        : mqtt5::detail::validate_properties(P, block.data(), block.size(), index.data(), 7, options);
    outcome out{e.code, e.offset, {}};
    if (e.code == mqtt5::errc::ok) out.index.assign(index.begin(), index.end());
    return out;
}

template <class F> void with_place(place pl, F&& f) {
    switch (pl) {
    case place::connect: f(std::integral_constant<place, place::connect>{}); return;
    case place::will: f(std::integral_constant<place, place::will>{}); return;
    case place::connack: f(std::integral_constant<place, place::connack>{}); return;
    case place::publish: f(std::integral_constant<place, place::publish>{}); return;
    case place::puback: f(std::integral_constant<place, place::puback>{}); return;
    case place::pubrec: f(std::integral_constant<place, place::pubrec>{}); return;
    case place::pubrel: f(std::integral_constant<place, place::pubrel>{}); return;
    case place::pubcomp: f(std::integral_constant<place, place::pubcomp>{}); return;
    case place::subscribe: f(std::integral_constant<place, place::subscribe>{}); return;
    case place::suback: f(std::integral_constant<place, place::suback>{}); return;
    case place::unsubscribe: f(std::integral_constant<place, place::unsubscribe>{}); return;
    case place::unsuback: f(std::integral_constant<place, place::unsuback>{}); return;
    case place::disconnect: f(std::integral_constant<place, place::disconnect>{}); return;
    case place::auth: f(std::integral_constant<place, place::auth>{}); return;
    }
}

const mqtt5::decode_options option_sets[] = {
    {},
    {.allow_non_minimal_varint = true},
    {.reject_disallowed_code_points = true},
    {.allow_non_minimal_varint = true, .reject_disallowed_code_points = true},
};

// Compares the two validators on one block in one place under every option set; returns how many accepted.
int compare(place pl, const bytes& block, const std::string& what) {
    int accepted = 0;
    with_place(pl, [&](auto tag) {
        constexpr place P = decltype(tag)::value;
        for (const auto& o : option_sets) {
            const auto full = run<P, false>(block, o);
            const auto fast = run<P, true>(block, o);
            EXPECT_EQ(fast, full) << what << " in place " << static_cast<int>(P) << ": " << to_hex(block) << " (non-minimal "
                                  << o.allow_non_minimal_varint << ", reject disallowed " << o.reject_disallowed_code_points
                                  << "): fast " << static_cast<int>(fast.code) << " at " << fast.offset << ", full "
                                  << static_cast<int>(full.code) << " at " << full.offset;
            accepted += full.code == mqtt5::errc::ok ? 1 : 0;
        }
    });
    return accepted;
}

constexpr std::array<place, 14> all_places = {place::connect, place::will,   place::connack,   place::publish, place::puback,
                                              place::pubrec,  place::pubrel, place::pubcomp,   place::subscribe, place::suback,
                                              place::unsubscribe, place::unsuback, place::disconnect, place::auth};

// Values after the identifier: the edges of every type (Byte, Two/Four Byte Integer, VBI, UTF-8 string,
// Binary Data, String Pair), each also cut short by the block's end.
constexpr std::string_view value_tails[] = {
    "", "00", "01", "02", "ff",                                           // Byte: 0/1 booleans, 2 and 255 not
    "00 00", "00 01", "01 00", "ff ff",                                   // Two Byte: 0 is a Protocol Error for some
    "00 00 00", "00 00 00 00", "00 00 00 01", "80 00 00 00", "ff ff ff ff",  // Four Byte
    "7f", "80 01", "80 00", "ff ff ff 7f", "ff ff ff ff 7f", "80", "80 80 80", "80 80 80 80 01",  // VBI
    "00 00", "00 01 61", "00 01 2b", "00 01 23", "00 05 61 2f 2b 2f 62", "00 04 61 2f 62 23",     // strings, topics
    "00 01 ff", "00 01 00", "00 01 01", "00 02 c2 80", "00 03 ef bf bf", "00 02 c0 80", "00 03 ed a0 80",
    "00 04 f4 90 80 80", "00 03 61", "00 01", "00 ff 61",
    "00 01 6b 00 01 76", "00 01 6b 00 01 ff", "00 01 6b 00 02 76", "00 00 00 00", "00 01 6b", "00 01 6b 00",  // pairs
    "00 02 ca fe", "00 03 ca fe", "ff ff",                                // Binary Data
};

// Identifiers: every one-byte one, then multi-byte forms (0x80 as two bytes, 1 in a non-minimal form,
// too long, cut short).
std::vector<bytes> identifiers() {
    std::vector<bytes> ids;
    for (unsigned id = 0; id < 0x100; ++id) ids.push_back(bytes{static_cast<std::byte>(id)});
    for (const auto* hex : {"80 01", "81 00", "ab 00", "80 80 80 80 01", "80 80 80", "a6 00"}) ids.push_back(from_hex(hex));
    return ids;
}

TEST(PropertyFastPath, EveryIdentifierWithEveryEdgeValueInEveryPlace_2_2_2_2) {
    int accepted = 0;
    for (const auto pl : all_places)
        for (const auto& id : identifiers())
            for (const auto tail : value_tails) {
                const bytes value = from_hex(tail);
                bytes block = id;
                block.insert(block.end(), value.begin(), value.end());
                accepted += compare(pl, block, "one property");
                // The same after a legal User Property (allowed everywhere), so offsets and slots move.
                bytes after = from_hex("26 00 01 6b 00 01 76");
                after.insert(after.end(), block.begin(), block.end());
                accepted += compare(pl, after, "after a User Property");
            }
    EXPECT_GT(accepted, 1000);  // the inputs reach the accepting side too, not only refusals
}

// One legal value of each property (as in vectors_properties_test).
constexpr std::string_view samples[27] = {
    "01 01", "02 00 00 0e 10", "03 00 04 74 65 78 74", "08 00 03 72 2f 74", "09 00 02 ca fe", "0b 80 01", "11 00 00 01 2c",
    "12 00 02 69 64", "13 00 3c", "15 00 01 4d", "16 00 01 07", "17 00", "18 00 00 00 0a", "19 01", "1a 00 02 72 69",
    "1c 00 02 73 32", "1f 00 02 6f 6b", "21 00 14", "22 00 0a", "23 00 02", "24 01", "25 00", "26 00 01 6b 00 01 76",
    "27 00 01 00 00", "28 00", "29 01", "2a 00",
};

// Every ordered pair of legal properties: repeats of single-instance ones (a Protocol Error), repeats of User
// Property everywhere and of Subscription Identifier in PUBLISH (allowed), and in CONNECT Authentication Data
// before, after or without Authentication Method (§3.1.2.11.10).
TEST(PropertyFastPath, EveryPairOfPropertiesInEveryPlace_Repeats_2_2_2_2) {
    int accepted = 0;
    for (const auto pl : all_places)
        for (const auto a : samples)
            for (const auto b : samples) {
                bytes block = from_hex(a);
                const auto second = from_hex(b);
                block.insert(block.end(), second.begin(), second.end());
                accepted += compare(pl, block, "pair");
                for (const auto c : samples) {  // and a third, for the repeat that comes after another property
                    if (c != a) continue;
                    bytes three = block;
                    const auto third = from_hex(c);
                    three.insert(three.end(), third.begin(), third.end());
                    accepted += compare(pl, three, "triple");
                }
            }
    EXPECT_GT(accepted, 100);
}

// The canonical blocks (P1's eight PUBLISH properties, P3's CONNECT and Will blocks), whole and cut at every byte.
TEST(PropertyFastPath, CanonicalBlocksAndEveryTruncation) {
    const bytes p1 = from_hex(
        "0101 0200000e10 230005 08001a646576696365732f6465762d303030312f726573706f6e736573"
        "0900100102030405060708090a0b0c0d0e0f10 26000874726163652d696400203462663932663335373762333464613661336365393239643065306534373336"
        "260006736f75726365000873656e736f722d61 0300106170706c69636174696f6e2f6a736f6e");
    const bytes p3 = from_hex("1100000e10 210064 2700020000 220008 260003617070000464656d6f");
    const bytes will = from_hex("180000001e 0200000258 03000a746578742f706c61696e");
    for (const auto& [pl, block] : {std::pair{place::publish, p1}, std::pair{place::connect, p3}, std::pair{place::will, will}}) {
        EXPECT_EQ(compare(pl, block, "canonical"), 4);
        for (std::size_t n = 0; n < block.size(); ++n) compare(pl, bytes(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(n)), "cut");
        for (std::size_t i = 0; i < block.size(); ++i)
            for (const unsigned v : {0x00u, 0x01u, 0x23u, 0x2bu, 0x80u, 0xffu}) {
                bytes changed = block;
                changed[i] = static_cast<std::byte>(v);
                compare(pl, changed, "one byte changed");
            }
    }
}

// Seeded random blocks: legal properties and edge values strung together, then a byte changed or the end cut.
TEST(PropertyFastPath, RandomBlocksAgree) {
    std::mt19937 rng(20261203);
    const auto ids = identifiers();
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        bytes block;
        const int parts = 1 + static_cast<int>(rng() % 6);
        for (int k = 0; k < parts; ++k) {
            if (rng() % 3 != 0) {
                const auto s = from_hex(samples[rng() % std::size(samples)]);
                block.insert(block.end(), s.begin(), s.end());
            } else {
                const auto& id = ids[rng() % 0x30];
                const auto v = from_hex(value_tails[rng() % std::size(value_tails)]);
                block.insert(block.end(), id.begin(), id.end());
                block.insert(block.end(), v.begin(), v.end());
            }
        }
        if (rng() % 4 == 0 && !block.empty()) block[rng() % block.size()] = static_cast<std::byte>(rng() & 0xFF);
        if (rng() % 4 == 0 && !block.empty()) block.resize(rng() % block.size());
        accepted += compare(all_places[rng() % all_places.size()], block, "random");
    }
    EXPECT_GT(accepted, 100);
}

// The plain-string shortcut of the fast validator (plain_property_text): strings of 1 to 16 bytes are judged
// from the 16 bytes of the block that end with them (or its first 16) when the block holds 16 bytes or more,
// from their own bytes otherwise, and strings of 17 to 32 bytes from their first and last 16; anything else
// takes validate_utf8. Every string length from 0 to 40, at the start, in the middle and at the end of blocks
// of fewer, exactly and more than 16 bytes, plain or with one byte the shortcut must not pass (NUL, DEL's
// neighbours, the first bytes above ASCII, a valid two-byte sequence, a lone continuation, 0xFF) at every
// position, in a single string (Content Type), the Response Topic (with its wildcards) and either string of a
// User Property: fast and full agree on errc, offset and index [MQTT-1.5.4-1] [MQTT-1.5.4-2].
TEST(PropertyFastPath, PlainStringShortcutAtEveryLengthAndPosition_1_5_4) {
    const auto string_of = [](std::size_t n, std::size_t at, int odd) {
        bytes text(n, std::byte{0x61});
        for (std::size_t k = 0; k < n; ++k) text[k] = static_cast<std::byte>(0x61 + k % 26);
        if (odd >= 0 && at < n) text[at] = static_cast<std::byte>(odd);
        if (odd == 0xc2 && at + 1 < n) text[at + 1] = std::byte{0x80};  // a whole two-byte sequence
        return text;
    };
    const auto with_length = [](std::uint8_t id, const bytes& text) {
        bytes out{std::byte{id}, static_cast<std::byte>(text.size() >> 8), static_cast<std::byte>(text.size() & 0xFF)};
        out.insert(out.end(), text.begin(), text.end());
        return out;
    };
    // What stands before and after the string property: nothing, a Payload Format Indicator (2 bytes), a
    // Message Expiry Interval (5 bytes) or a User Property (13 bytes), so that the block is shorter than, exactly
    // or longer than 16 bytes around every string length.
    const bytes around[] = {bytes{}, from_hex("01 01"), from_hex("02 00 00 0e 10"), from_hex("26 00 04 6b 65 79 31 00 03 76 61 6c")};
    const int odd_bytes[] = {-1, 0x00, 0x01, 0x7f, 0x80, 0xc2, 0xbf, 0xff, 0x2b, 0x23};
    int accepted = 0;
    int compared = 0;
    for (std::size_t n = 0; n <= 40; ++n)
        for (const int odd : odd_bytes)
            for (std::size_t at = 0; at < (odd < 0 ? 1 : n); ++at) {
                const auto text = string_of(n, at, odd);
                for (const auto& before : around)
                    for (const auto& after : around) {
                        if (!after.empty() && after == before && after[0] != std::byte{0x26}) continue;  // no repeats
                        const auto frame = [&](const bytes& property) {
                            bytes block = before;
                            block.insert(block.end(), property.begin(), property.end());
                            block.insert(block.end(), after.begin(), after.end());
                            return block;
                        };
                        accepted += compare(place::publish, frame(with_length(0x03, text)), "content type");
                        accepted += compare(place::publish, frame(with_length(0x08, text)), "response topic");
                        bytes pair = with_length(0x26, text);  // the string as the key, then as the value
                        const auto value = from_hex("00 01 76");
                        pair.insert(pair.end(), value.begin(), value.end());
                        accepted += compare(place::publish, frame(pair), "user property key");
                        bytes pair2 = from_hex("26 00 01 6b");
                        const auto second = with_length(0, text);
                        pair2.insert(pair2.end(), second.begin() + 1, second.end());
                        accepted += compare(place::publish, frame(pair2), "user property value");
                        compared += 4;
                    }
            }
    EXPECT_GT(compared, 40000);
    EXPECT_GT(accepted, 10000);
}

// ======================================================================= property_builder: checked per setter

// Calls P's named setter for prop.id (the compile-time path), or add() for an identifier P has no setter for.
template <place P> void call_setter(mqtt5::property_builder<P>& b, const mqtt5::property& prop) {
    using mqtt5::property_id;
    using mqtt5::allows;
    const auto u8 = static_cast<std::uint8_t>(prop.integer);
    const auto u16 = static_cast<std::uint16_t>(prop.integer);
    switch (prop.id) {
#define MQTT5_TEST_SETTER(name, ...)                                                      \
    case property_id::name:                                                               \
        if constexpr (allows(P, property_id::name)) {                                     \
            b.name(__VA_ARGS__);                                                          \
            return;                                                                       \
        }                                                                                 \
        break;
        MQTT5_TEST_SETTER(payload_format_indicator, u8)
        MQTT5_TEST_SETTER(message_expiry_interval, prop.integer)
        MQTT5_TEST_SETTER(content_type, prop.string)
        MQTT5_TEST_SETTER(response_topic, prop.string)
        MQTT5_TEST_SETTER(correlation_data, prop.binary)
        MQTT5_TEST_SETTER(subscription_identifier, prop.integer)
        MQTT5_TEST_SETTER(session_expiry_interval, prop.integer)
        MQTT5_TEST_SETTER(assigned_client_identifier, prop.string)
        MQTT5_TEST_SETTER(server_keep_alive, u16)
        MQTT5_TEST_SETTER(authentication_method, prop.string)
        MQTT5_TEST_SETTER(authentication_data, prop.binary)
        MQTT5_TEST_SETTER(request_problem_information, u8)
        MQTT5_TEST_SETTER(will_delay_interval, prop.integer)
        MQTT5_TEST_SETTER(request_response_information, u8)
        MQTT5_TEST_SETTER(response_information, prop.string)
        MQTT5_TEST_SETTER(server_reference, prop.string)
        MQTT5_TEST_SETTER(reason_string, prop.string)
        MQTT5_TEST_SETTER(receive_maximum, u16)
        MQTT5_TEST_SETTER(topic_alias_maximum, u16)
        MQTT5_TEST_SETTER(topic_alias, u16)
        MQTT5_TEST_SETTER(maximum_qos, u8)
        MQTT5_TEST_SETTER(retain_available, u8)
        MQTT5_TEST_SETTER(user_property, prop.string, prop.pair_value)
        MQTT5_TEST_SETTER(maximum_packet_size, prop.integer)
        MQTT5_TEST_SETTER(wildcard_subscription_available, u8)
        MQTT5_TEST_SETTER(subscription_identifier_available, u8)
        MQTT5_TEST_SETTER(shared_subscription_available, u8)
#undef MQTT5_TEST_SETTER
    }
    b.add(prop);
}

// Values for each property: legal ones, and each misuse its setter must now catch.
std::vector<mqtt5::property> builder_values() {
    static const bytes cafe = from_hex("ca fe");
    using mqtt5::property_id;
    std::vector<mqtt5::property> out;
    for (const auto& info : mqtt5::property_table) {
        mqtt5::property p{};
        p.id = info.id;
        switch (info.type) {
        case mqtt5::property_type::byte:
        case mqtt5::property_type::two_byte_integer:
        case mqtt5::property_type::four_byte_integer:
        case mqtt5::property_type::variable_byte_integer:
            for (const std::uint32_t v : {0u, 1u, 2u, 255u}) {  // 0: non_zero rules; 2, 255: boolean Bytes
                p.integer = v;
                out.push_back(p);
            }
            if (info.type == mqtt5::property_type::four_byte_integer || info.type == mqtt5::property_type::variable_byte_integer) {
                p.integer = info.type == mqtt5::property_type::four_byte_integer ? 0xFFFFFFFFu : 268435455u;
                out.push_back(p);
            }
            break;
        case mqtt5::property_type::binary_data:
            p.binary = cafe;
            out.push_back(p);
            p.binary = {};
            out.push_back(p);
            break;
        case mqtt5::property_type::utf8_string:
        case mqtt5::property_type::utf8_string_pair:
            // legal, empty (Response Topic), wildcards (Response Topic), ill-formed, NUL, a disallowed code point
            for (const std::string_view text : {std::string_view("a/b"), std::string_view(""), std::string_view("a/+"),
                                                std::string_view("a/#"), std::string_view("x\xff"), std::string_view("a\0b", 3),
                                                std::string_view("\x01"), std::string_view("devices/dev-0001/responses")}) {
                p.string = text;
                p.pair_value = "v";
                out.push_back(p);
                if (info.type == mqtt5::property_type::utf8_string_pair) {  // the misuse in the second string
                    p.string = "k";
                    p.pair_value = text;
                    out.push_back(p);
                }
            }
            break;
        }
    }
    return out;
}

// A setter's own refusal (the property is not allowed in P, or the storage is full): the first one is what
// build() reports, before any rule the written bytes break (as before: build() checked it first).
struct setter_refusal {
    bool refused{};
    mqtt5::error error{};
};

// Calls the setter and notes its own refusal, if it is the first.
template <place P> void call_noting(mqtt5::property_builder<P>& b, const mqtt5::property& v, setter_refusal& r) {
    const auto before = b.size();
    call_setter(b, v);
    if (r.refused) return;
    if (!mqtt5::allows(P, v.id)) {
        r = {true, mqtt5::make_error(mqtt5::errc::property_not_allowed, before)};
    } else if (b.size() == before) {  // every property takes at least 2 bytes: not written, the storage is full
        r = {true, mqtt5::make_error(mqtt5::errc::buffer_too_small, before)};
    }
}

// What build() says, next to what parsing the written bytes says (which is what build() used to return).
template <place P>
void expect_build_as_parse(const mqtt5::property_builder<P>& b, std::span<const std::byte> storage, const setter_refusal& r,
                           const std::string& what) {
    for (const auto& o : option_sets) {
        const auto built = b.build(o);
        if (r.refused) {
            ASSERT_FALSE(built) << what;
            EXPECT_EQ(built.error().code, r.error.code) << what;
            EXPECT_EQ(built.error().offset, r.error.offset) << what;
            continue;
        }
        const auto parsed = mqtt5::property_block<P>::parse(storage.first(b.size()), o);
        ASSERT_EQ(built.has_value(), parsed.has_value())
            << what << ": build " << (built ? 0 : static_cast<int>(built.error().code)) << ", parse "
            << (parsed ? 0 : static_cast<int>(parsed.error().code)) << " (reject disallowed " << o.reject_disallowed_code_points << ")";
        if (!built) {
            EXPECT_EQ(built.error().code, parsed.error().code) << what;
            EXPECT_EQ(built.error().offset, parsed.error().offset) << what;
            continue;
        }
        EXPECT_EQ(to_hex(built->bytes()), to_hex(parsed->bytes())) << what;
        for (const auto& info : mqtt5::property_table) EXPECT_EQ(built->offset_of(info.id), parsed->offset_of(info.id)) << what;
    }
}

std::string describe(const mqtt5::property& p) {
    return std::string(mqtt5::to_string(p.id)) + "(" + std::to_string(p.integer) + ", \"" + std::string(p.string) + "\", \"" +
           std::string(p.pair_value) + "\", " + std::to_string(p.binary.size()) + " bytes)";
}

// Every value of every property through its named setter, alone, twice (the repeat), and after another
// property, in every place; build() answers as parsing the written bytes does.
TEST(PropertyBuilderChecks, EverySetterAloneAndRepeated_BuildAsParse_2_2_2_2) {
    const auto values = builder_values();
    for (const auto pl : all_places)
        with_place(pl, [&](auto tag) {
            constexpr place P = decltype(tag)::value;
            for (const auto& v : values) {
                std::array<std::byte, 128> storage{};
                {
                    mqtt5::property_builder<P> b(storage);
                    setter_refusal r;
                    call_noting(b, v, r);
                    expect_build_as_parse(b, storage, r, "alone " + describe(v));
                }
                {
                    mqtt5::property_builder<P> b(storage);
                    setter_refusal r;
                    call_noting(b, v, r);
                    call_noting(b, v, r);
                    expect_build_as_parse(b, storage, r, "twice " + describe(v));
                }
                {
                    mqtt5::property_builder<P> b(storage);
                    setter_refusal r;
                    b.user_property("k", "v");
                    call_noting(b, v, r);
                    b.user_property("k", "v");
                    call_noting(b, v, r);
                    expect_build_as_parse(b, storage, r, "after a User Property " + describe(v));
                }
            }
        });
}

// Seeded random sequences of setter calls, legal and not, in random places and storage sizes (some too
// small: the storage error then wins over any rule error before it).
TEST(PropertyBuilderChecks, RandomSetterSequences_BuildAsParse) {
    const auto values = builder_values();
    std::mt19937 rng(3131);
    for (int round = 0; round < 4000; ++round) {
        const auto pl = all_places[rng() % all_places.size()];
        with_place(pl, [&](auto tag) {
            constexpr place P = decltype(tag)::value;
            std::array<std::byte, 96> storage{};
            const std::size_t cap = rng() % 4 == 0 ? rng() % 40 : storage.size();
            mqtt5::property_builder<P> b(std::span<std::byte>(storage).first(cap));
            std::string what = "place " + std::to_string(static_cast<int>(P)) + " cap " + std::to_string(cap) + ":";
            const int calls = 1 + static_cast<int>(rng() % 6);
            setter_refusal r;
            for (int k = 0; k < calls; ++k) {
                // Mostly values P allows, so that sequences get past the first property.
                mqtt5::property v = values[rng() % values.size()];
                for (int tries = 0; tries < 8 && !mqtt5::allows(P, v.id); ++tries) v = values[rng() % values.size()];
                call_noting(b, v, r);
                what += " " + describe(v);
            }
            expect_build_as_parse(b, std::span<const std::byte>(storage).first(cap), r, what);
        });
    }
}

// The misuses the setters now catch, one by one with their exact errc and offset (what build() reported
// before by parsing): repeats, value rules, UTF-8 in each string of a pair, Response Topic rules.
TEST(PropertyBuilderChecks, MisuseCaughtBySetterKeepsDecoderErrcAndOffset) {
    std::array<std::byte, 128> s{};
    const auto err = [](const auto& built) {
        return built ? std::pair{mqtt5::errc::ok, std::size_t{0}} : std::pair{built.error().code, built.error().offset};
    };
    using E = mqtt5::errc;
    using R = std::pair<E, std::size_t>;
    // A repeat of a single-instance property: at the second one's identifier [MQTT-3.3.2-8] (PE*).
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).message_expiry_interval(2).topic_alias(1).build()),
              (R{E::duplicate_property, 8}));
    EXPECT_EQ(err(mqtt5::property_builder<place::subscribe>(s).subscription_identifier(1).subscription_identifier(2).build()),
              (R{E::duplicate_property, 2}));
    // Subscription Identifier repeats in PUBLISH (§3.3.2.3.8); a 0 after a legal one is still refused.
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).subscription_identifier(128).subscription_identifier(0).build()),
              (R{E::subscription_identifier_zero, 3}));
    // The first misuse sticks: a repeat before a bad value, a bad value before a repeat.
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).topic_alias(0).build()), (R{E::duplicate_property, 3}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(0).topic_alias(1).build()), (R{E::topic_alias_zero, 0}));
    EXPECT_EQ(err(mqtt5::property_builder<place::connect>(s).receive_maximum(0).build()), (R{E::receive_maximum_zero, 0}));
    EXPECT_EQ(err(mqtt5::property_builder<place::connack>(s).maximum_qos(1).retain_available(2).build()),
              (R{E::retain_available_invalid, 2}));
    // UTF-8: the offset of the offending string's length, in the first and in the second string of a pair.
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).user_property("\xff", "v").build()),
              (R{E::invalid_utf8, 4}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).user_property("key", "\xc0\x80").build()),
              (R{E::invalid_utf8, 9}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).content_type(std::string_view("a\0", 2)).build()),
              (R{E::utf8_contains_null, 1}));
    // Response Topic: empty, '+' or '#' [MQTT-3.3.2-14] (PE*), at its identifier; ill-formed UTF-8 first.
    EXPECT_EQ(err(mqtt5::property_builder<place::will>(s).response_topic("").build()), (R{E::response_topic_empty, 0}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).response_topic("a/+").build()),
              (R{E::response_topic_has_wildcard, 3}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).response_topic("#").build()), (R{E::response_topic_has_wildcard, 0}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).response_topic("#\xff").build()), (R{E::invalid_utf8, 1}));
    // A disallowed code point is accepted by default and refused when build() is asked to (it parses again).
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).content_type("\x01").build()), (R{E::ok, 0}));
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(1).content_type("\x01").build(
                  {.reject_disallowed_code_points = true})),
              (R{E::utf8_disallowed_code_point, 4}));
    // Authentication Data without Method in CONNECT (§3.1.2.11.10): at the data; with the method after it, fine.
    static const bytes data = from_hex("07");
    EXPECT_EQ(err(mqtt5::property_builder<place::connect>(s).receive_maximum(5).authentication_data(data).build()),
              (R{E::authentication_data_without_method, 3}));
    EXPECT_EQ(err(mqtt5::property_builder<place::connect>(s).authentication_data(data).authentication_method("M").build()),
              (R{E::ok, 0}));
    // A misuse, then storage running out: the storage error is what build() reports, as before.
    std::array<std::byte, 8> small{};
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(small).topic_alias(0).content_type("too long").build()),
              (R{E::buffer_too_small, 3}));
    // A setter's own refusal (not allowed here, through add) also comes before an earlier rule error.
    mqtt5::property session{};
    session.id = mqtt5::property_id::session_expiry_interval;
    EXPECT_EQ(err(mqtt5::property_builder<place::publish>(s).topic_alias(0).add(session).build()), (R{E::property_not_allowed, 3}));
}

// What build() returns reads like the parsed block: accessors and iteration over the canonical P1 properties.
TEST(PropertyBuilderChecks, CanonicalP1PropertiesIndexedAsParsed) {
    std::array<std::byte, 160> s{};
    static const bytes correlation = from_hex("0102030405060708090a0b0c0d0e0f10");
    const auto built = mqtt5::property_builder<place::publish>(s)
                           .payload_format_indicator(1)
                           .message_expiry_interval(3600)
                           .topic_alias(5)
                           .response_topic("devices/dev-0001/responses")
                           .correlation_data(correlation)
                           .user_property("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736")
                           .user_property("source", "sensor-a")
                           .content_type("application/json")
                           .build();
    ASSERT_TRUE(built);
    const auto parsed = mqtt5::property_block<place::publish>::parse(built->bytes());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(built->topic_alias(), std::optional<std::uint16_t>(5));
    EXPECT_EQ(built->content_type(), std::optional<std::string_view>("application/json"));
    EXPECT_EQ(built->offset_of(mqtt5::property_id::user_property), std::optional<std::size_t>(58));
    for (const auto& info : mqtt5::property_table) EXPECT_EQ(built->offset_of(info.id), parsed->offset_of(info.id));
    std::size_t users = 0;
    for (auto it = built->user_properties().begin(); it != built->user_properties().end(); ++it) ++users;
    EXPECT_EQ(users, 2u);
}

}  // namespace
