// Conformance vectors for the 27 MQTT v5 properties (§2.2.2, Table 2-4; spec/properties.md).
//
// - every property in every place it may stand, byte-exact: decoded, read through the typed accessor,
//   iterated in wire order, re-encoded to the same bytes, and built with property_builder<place>;
// - every property a place does NOT allow refused there with errc::property_not_allowed (27 x 14 table);
// - repeats: User Property order kept everywhere, Subscription Identifier may repeat in PUBLISH only, any
//   other repeat is errc::duplicate_property; the builder refuses the same things from build().
// The allowed-in table below is written by hand from spec/properties.md §3, not read from the library.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
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
using mqtt5::place;
using mqtt5::property_id;

bytes cat(const bytes& a, const bytes& b) {
    bytes out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

// One legal value of each property: the bytes after the identifier, and the value they carry.
struct sample {
    property_id id{};
    std::string_view value_hex{};
    std::uint32_t integer{};
    std::string_view string{};
    std::string_view pair_value{};
    std::string_view binary_hex{};
};

constexpr sample samples[27] = {
    {property_id::payload_format_indicator, "01", 1, "", "", ""},
    {property_id::message_expiry_interval, "00 00 0e 10", 3600, "", "", ""},
    {property_id::content_type, "00 04 74 65 78 74", 0, "text", "", ""},
    {property_id::response_topic, "00 03 72 2f 74", 0, "r/t", "", ""},
    {property_id::correlation_data, "00 02 ca fe", 0, "", "", "ca fe"},
    {property_id::subscription_identifier, "80 01", 128, "", "", ""},  // two-byte VBI
    {property_id::session_expiry_interval, "00 00 01 2c", 300, "", "", ""},
    {property_id::assigned_client_identifier, "00 02 69 64", 0, "id", "", ""},
    {property_id::server_keep_alive, "00 3c", 60, "", "", ""},
    {property_id::authentication_method, "00 01 4d", 0, "M", "", ""},
    {property_id::authentication_data, "00 01 07", 0, "", "", "07"},
    {property_id::request_problem_information, "00", 0, "", "", ""},
    {property_id::will_delay_interval, "00 00 00 0a", 10, "", "", ""},
    {property_id::request_response_information, "01", 1, "", "", ""},
    {property_id::response_information, "00 02 72 69", 0, "ri", "", ""},
    {property_id::server_reference, "00 02 73 32", 0, "s2", "", ""},
    {property_id::reason_string, "00 02 6f 6b", 0, "ok", "", ""},
    {property_id::receive_maximum, "00 14", 20, "", "", ""},
    {property_id::topic_alias_maximum, "00 0a", 10, "", "", ""},
    {property_id::topic_alias, "00 02", 2, "", "", ""},
    {property_id::maximum_qos, "01", 1, "", "", ""},
    {property_id::retain_available, "00", 0, "", "", ""},
    {property_id::user_property, "00 01 6b 00 01 76", 0, "k", "v", ""},
    {property_id::maximum_packet_size, "00 01 00 00", 65536, "", "", ""},
    {property_id::wildcard_subscription_available, "00", 0, "", "", ""},
    {property_id::subscription_identifier_available, "01", 1, "", "", ""},
    {property_id::shared_subscription_available, "00", 0, "", "", ""},
};

bytes sample_bytes(const sample& s) {
    bytes out{static_cast<std::byte>(s.id)};
    const auto v = from_hex(s.value_hex);
    out.insert(out.end(), v.begin(), v.end());
    return out;
}

// The 14 places and the identifiers each allows: spec/properties.md §3, by hand.
struct place_row {
    place pl{};
    std::string_view name{};
    std::string_view allowed_hex{};
    std::size_t props_offset{};  // where the property bytes start in the minimal packet of wrap()
};

constexpr place_row places[14] = {
    {place::connect, "CONNECT", "11 15 16 17 19 21 22 26 27", 13},
    {place::will, "Will Properties", "01 02 03 08 09 18 26", 16},
    {place::connack, "CONNACK", "11 12 13 15 16 1a 1c 1f 21 22 24 25 26 27 28 29 2a", 5},
    {place::publish, "PUBLISH", "01 02 03 08 09 0b 23 26", 6},
    {place::puback, "PUBACK", "1f 26", 6},
    {place::pubrec, "PUBREC", "1f 26", 6},
    {place::pubrel, "PUBREL", "1f 26", 6},
    {place::pubcomp, "PUBCOMP", "1f 26", 6},
    {place::subscribe, "SUBSCRIBE", "0b 26", 5},
    {place::suback, "SUBACK", "1f 26", 5},
    {place::unsubscribe, "UNSUBSCRIBE", "26", 5},
    {place::unsuback, "UNSUBACK", "1f 26", 5},
    {place::disconnect, "DISCONNECT", "11 1c 1f 26", 4},
    {place::auth, "AUTH", "15 16 1f 26", 4},
};

bool allowed_by_standard(const place_row& row, property_id id) {
    for (const auto b : from_hex(row.allowed_hex))
        if (b == static_cast<std::byte>(id)) return true;
    return false;
}

// Only User Property and (in PUBLISH) Subscription Identifier may repeat (§2.2.2.2 and each property's text).
bool repeatable_by_standard(place pl, property_id id) {
    return id == property_id::user_property || (id == property_id::subscription_identifier && pl == place::publish);
}

// Properties another property needs beside it so that the packet is otherwise valid:
// AUTH must carry Authentication Method (§3.15.2.2.2); in CONNECT, Authentication Data needs Authentication
// Method (§3.1.2.11.10).
bytes prefix_for(place pl, property_id id) {
    if ((pl == place::auth && id != property_id::authentication_method) ||
        (pl == place::connect && id == property_id::authentication_data))
        return from_hex("15 00 01 4d");
    return {};
}

// A minimal legal packet whose property list for `pl` is `props` (< 128 bytes: one-byte VBIs everywhere).
//   CONNECT:      10 RL | 00 04 "MQTT" 05 flags=00 KA=0000 | PL props | ClientID ""
//   Will:         10 RL | 00 04 "MQTT" 05 flags=04 KA=0000 | PL=00 | ClientID "" | PL props | "t" | payload ""
//   CONNACK:      20 RL | 00 00 | PL props
//   PUBLISH:      30 RL | "t" | PL props                        (QoS 0, empty payload)
//   PUBxxx:       40/50/62/70 RL | id 0001 | rc 00 | PL props
//   SUBSCRIBE:    82 RL | id 0001 | PL props | "a" 00
//   SUBACK:       90 RL | id 0001 | PL props | 00
//   UNSUBSCRIBE:  a2 RL | id 0001 | PL props | "a"
//   UNSUBACK:     b0 RL | id 0001 | PL props | 00
//   DISCONNECT:   e0 RL | rc 00 | PL props
//   AUTH:         f0 RL | rc 18 | PL props
bytes wrap(place pl, const bytes& props) {
    if (props.size() >= 128) throw std::invalid_argument("wrap: property block too long for this helper");
    const auto pl_byte = bytes{static_cast<std::byte>(props.size())};
    const auto with_props = [&](std::string_view before, std::string_view after) {
        return cat(cat(cat(from_hex(before), pl_byte), props), from_hex(after));
    };
    std::uint8_t first = 0;
    bytes body;
    switch (pl) {
    case place::connect: first = 0x10; body = with_props("00 04 4d 51 54 54 05 00 00 00", "00 00"); break;
    case place::will: first = 0x10; body = with_props("00 04 4d 51 54 54 05 04 00 00 00 00 00", "00 01 74 00 00"); break;
    case place::connack: first = 0x20; body = with_props("00 00", ""); break;
    case place::publish: first = 0x30; body = with_props("00 01 74", ""); break;
    case place::puback: first = 0x40; body = with_props("00 01 00", ""); break;
    case place::pubrec: first = 0x50; body = with_props("00 01 00", ""); break;
    case place::pubrel: first = 0x62; body = with_props("00 01 00", ""); break;
    case place::pubcomp: first = 0x70; body = with_props("00 01 00", ""); break;
    case place::subscribe: first = 0x82; body = with_props("00 01", "00 01 61 00"); break;
    case place::suback: first = 0x90; body = with_props("00 01", "00"); break;
    case place::unsubscribe: first = 0xa2; body = with_props("00 01", "00 01 61"); break;
    case place::unsuback: first = 0xb0; body = with_props("00 01", "00"); break;
    case place::disconnect: first = 0xe0; body = with_props("00", ""); break;
    case place::auth: first = 0xf0; body = with_props("18", ""); break;
    }
    if (body.size() >= 128) throw std::invalid_argument("wrap: packet too long for this helper");
    // Built with push_back: g++ 12 -O2 reports a false -Warray-bounds for insert() after an init-list.
    bytes out;
    out.reserve(2 + body.size());
    out.push_back(static_cast<std::byte>(first));
    out.push_back(static_cast<std::byte>(body.size()));
    for (const auto b : body) out.push_back(b);
    return out;
}

// The properties of place `pl` in a decoded packet, in wire order.
template <place P>
std::vector<mqtt5::property> list(const mqtt5::property_block<P>& block) {
    std::vector<mqtt5::property> out;
    for (auto it = block.begin(); it != block.end(); ++it) out.push_back(*it);
    return out;
}
std::vector<mqtt5::property> props_of(const mqtt5::packet& pk, place pl) {
    if (pl == place::will) {
        const auto& c = std::get<mqtt5::connect>(pk);
        return c.will ? list(c.will->properties) : std::vector<mqtt5::property>{};
    }
    return std::visit(
        [](const auto& p) -> std::vector<mqtt5::property> {
            if constexpr (requires { p.properties; }) return list(p.properties);
            else return {};
        },
        pk);
}

// User Properties of place `pl` through the typed accessor user_properties().
std::vector<mqtt5::string_pair> user_properties_of(const mqtt5::packet& pk, place pl) {
    const auto collect = [](const auto& block) {
        std::vector<mqtt5::string_pair> out;
        const auto range = block.user_properties();
        for (auto it = range.begin(); it != range.end(); ++it) out.push_back(*it);
        return out;
    };
    if (pl == place::will) return collect(std::get<mqtt5::connect>(pk).will->properties);
    return std::visit(
        [&](const auto& p) -> std::vector<mqtt5::string_pair> {
            if constexpr (requires { p.properties; }) return collect(p.properties);
            else return {};
        },
        pk);
}

testing::AssertionResult value_matches(const mqtt5::property& p, const sample& s) {
    if (p.id != s.id) return testing::AssertionFailure() << "id " << int(p.id) << " != " << int(s.id);
    if (!s.binary_hex.empty()) {
        if (to_hex(p.binary) != to_hex(from_hex(s.binary_hex)))
            return testing::AssertionFailure() << "binary " << to_hex(p.binary);
    } else if (!s.string.empty()) {
        if (p.string != s.string) return testing::AssertionFailure() << "string '" << p.string << "'";
        if (p.pair_value != s.pair_value) return testing::AssertionFailure() << "pair value '" << p.pair_value << "'";
    } else if (p.integer != s.integer) {
        return testing::AssertionFailure() << "integer " << p.integer << " != " << s.integer;
    }
    return testing::AssertionSuccess();
}

testing::AssertionResult reencodes(const mqtt5::packet& pk, const bytes& wire) {
    const auto size = mqtt5::encoded_size(pk);
    if (!size) return testing::AssertionFailure() << "encoded_size: " << describe_error(size.error());
    if (*size != wire.size()) return testing::AssertionFailure() << "encoded_size " << *size << " != " << wire.size();
    bytes out(wire.size());
    const auto n = mqtt5::encode(pk, out);
    if (!n) return testing::AssertionFailure() << "encode: " << describe_error(n.error());
    if (*n != wire.size() || out != wire)
        return testing::AssertionFailure() << "re-encoded " << to_hex(out) << "\n   expected " << to_hex(wire);
    return testing::AssertionSuccess();
}

mqtt5::property to_property(const sample& s, bytes& binary_storage) {
    mqtt5::property p{};
    p.id = s.id;
    p.integer = s.integer;
    p.string = s.string;
    p.pair_value = s.pair_value;
    if (!s.binary_hex.empty()) {
        binary_storage = from_hex(s.binary_hex);
        p.binary = binary_storage;
    }
    return p;
}

// Runs f(std::integral_constant<place, pl>{}) so a runtime place can pick a property_builder<P>.
template <class F>
void with_place(place pl, F&& f) {
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

template <class T>
testing::AssertionResult has(const std::optional<T>& got, const T& want) {
    if (!got) return testing::AssertionFailure() << "absent";
    if (!(*got == want)) return testing::AssertionFailure() << "different value";
    return testing::AssertionSuccess();
}

testing::AssertionResult has_bytes(const std::optional<std::span<const std::byte>>& got, std::string_view want_hex) {
    if (!got) return testing::AssertionFailure() << "absent";
    if (to_hex(*got) != to_hex(from_hex(want_hex))) return testing::AssertionFailure() << to_hex(*got);
    return testing::AssertionSuccess();
}

template <place P>
std::vector<std::uint8_t> ids_of(const mqtt5::property_block<P>& block) {
    std::vector<std::uint8_t> out;
    for (auto it = block.begin(); it != block.end(); ++it) out.push_back(static_cast<std::uint8_t>((*it).id));
    return out;
}
std::vector<std::uint8_t> ids_in(std::string_view hex) {
    std::vector<std::uint8_t> out;
    for (const auto b : from_hex(hex)) out.push_back(static_cast<std::uint8_t>(b));
    return out;
}

template <class Range>
std::vector<typename Range::iterator::value_type> collect(const Range& r) {
    std::vector<typename Range::iterator::value_type> out;
    for (auto it = r.begin(); it != r.end(); ++it) out.push_back(*it);
    return out;
}

// Decodes `wire` as P (typed) and through the variant, checks the re-encode, returns the typed packet.
template <class P>
testing::AssertionResult decode_both(const bytes& wire, P& out) {
    const auto typed = mqtt5::decode<P>(wire);
    if (!typed) return testing::AssertionFailure() << "decode<T>: " << describe_error(typed.error());
    const auto any = mqtt5::decode(wire);
    if (!any) return testing::AssertionFailure() << "decode: " << describe_error(any.error());
    if (!std::holds_alternative<P>(*any) || !(std::get<P>(*any) == *typed))
        return testing::AssertionFailure() << "variant decode differs";
    if (auto r = reencodes(*any, wire); !r) return r;
    out = *typed;
    return testing::AssertionSuccess();
}


const mqtt5::string_pair kv{"k", "v"};
const auto cd_bytes = from_hex("ca fe");
const auto ad_bytes = from_hex("07");

}  // namespace

// =============================================================== the allowed-in table itself (§2.2.2.2, Table 2-4)

// The library's allows()/repeatable() agree with the table of spec/properties.md §3, for all 27 x 14 pairs.
TEST(PropertyTable, AllowedAndRepeatableMatchTable2_4_2_2_2_2) {
    for (const auto& row : places)
        for (const auto& s : samples) {
            EXPECT_EQ(mqtt5::allows(row.pl, s.id), allowed_by_standard(row, s.id))
                << row.name << " / property 0x" << std::hex << int(s.id);
            if (allowed_by_standard(row, s.id)) {
                EXPECT_EQ(mqtt5::repeatable(row.pl, s.id), repeatable_by_standard(row.pl, s.id))
                    << row.name << " / property 0x" << std::hex << int(s.id);
            }
        }
}

// The helper's minimal packets are themselves legal (empty property lists) - a check of this test's vectors.
TEST(PropertyTable, MinimalPacketOfEveryPlaceDecodes) {
    for (const auto& row : places) {
        const auto wire = wrap(row.pl, {});
        const auto r = mqtt5::decode(wire);
        if (row.pl == place::auth) {
            // AUTH with RL >= 2 must carry Authentication Method (§3.15.2.2.2).
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code, mqtt5::errc::authentication_method_missing);
            continue;
        }
        ASSERT_TRUE(r) << row.name << ": " << describe_error(r.error()) << " " << to_hex(wire);
        EXPECT_TRUE(reencodes(*r, wire)) << row.name;
    }
}

// ============================================================ 27 x 14: allowed -> decoded; not allowed -> refused

// §2.2.2.2: "A Control Packet which contains an Identifier which is not valid for its packet type, or contains
// a value not of the specified data type, is a Malformed Packet." Every allowed pair decodes, iterates and
// re-encodes byte-exactly; every other pair is errc::property_not_allowed at the identifier byte.
TEST(PropertyPlaces, EveryPropertyInEveryPlaceAcceptedOrRefused_2_2_2_2) {
    int accepted = 0, refused = 0;
    for (const auto& row : places) {
        for (const auto& s : samples) {
            const auto prefix = prefix_for(row.pl, s.id);
            const auto wire = wrap(row.pl, cat(prefix, sample_bytes(s)));
            const auto r = mqtt5::decode(wire);
            const std::string what = std::string(row.name) + " / " + std::string(mqtt5::to_string(s.id)) + " / " + to_hex(wire);
            if (allowed_by_standard(row, s.id)) {
                ASSERT_TRUE(r) << what << ": " << describe_error(r.error());
                const auto props = props_of(*r, row.pl);
                ASSERT_EQ(props.size(), prefix.empty() ? 1u : 2u) << what;
                EXPECT_TRUE(value_matches(props.back(), s)) << what;
                EXPECT_EQ(props.back().offset, prefix.size()) << what;
                EXPECT_TRUE(reencodes(*r, wire)) << what;
                ++accepted;
            } else {
                ASSERT_FALSE(r) << what << " was accepted";
                EXPECT_EQ(r.error().code, mqtt5::errc::property_not_allowed) << what << ": " << describe_error(r.error());
                EXPECT_EQ(r.error().offset, row.props_offset + prefix.size()) << what;
                EXPECT_EQ(r.error().reason, mqtt5::reason_code::malformed_packet) << what;
                ++refused;
            }
        }
    }
    // 9 + 7 + 17 + 8 + 4*2 + 2 + 2 + 1 + 2 + 4 + 4 = 64 allowed pairs; 14*27 - 64 = 314 refused.
    EXPECT_EQ(accepted, 64);
    EXPECT_EQ(refused, 314);
}

// Unassigned identifiers (0x00, 0x04-0x07, 0x0A, 0x0C-0x10, 0x14, 0x1B, 0x1D, 0x1E, 0x20, 0x2B and above) are
// Malformed in every place (§2.2.2.2, Table 2-4).
TEST(PropertyPlaces, UnassignedIdentifiersRefusedEverywhere_2_2_2_2) {
    const auto unassigned = from_hex("00 04 05 06 07 0a 0c 0d 0e 0f 10 14 1b 1d 1e 20 2b 2c 3f 40 7f");
    for (const auto& row : places)
        for (const auto id : unassigned) {
            const auto prefix = prefix_for(row.pl, property_id::reason_string);
            const auto wire = wrap(row.pl, cat(prefix, bytes{id, std::byte{0}}));
            const auto r = mqtt5::decode(wire);
            ASSERT_FALSE(r) << row.name << " " << to_hex(wire);
            EXPECT_EQ(r.error().code, mqtt5::errc::invalid_property_id) << row.name << " " << to_hex(wire);
            EXPECT_EQ(r.error().offset, row.props_offset + prefix.size()) << row.name << " " << to_hex(wire);
        }
}

// ============================================================================ repeats

// Only User Property (everywhere) and Subscription Identifier (PUBLISH) may repeat; every other property
// "It is a Protocol Error to include ... more than once" (each property subsection of §3.x). PUBLISH Payload
// Format Indicator / Message Expiry Interval: the PUBLISH text is silent, the Will text says Protocol Error;
// spec/normative.md §3 recommends PE, followed here.
TEST(PropertyRepeats, SingleInstanceRepeatRefusedEverywhere_RepeatablesKept_2_2_2_2) {
    int duplicates = 0, repeats = 0;
    for (const auto& row : places)
        for (const auto& s : samples) {
            if (!allowed_by_standard(row, s.id)) continue;
            const auto prefix = prefix_for(row.pl, s.id);
            const auto one = sample_bytes(s);
            const auto wire = wrap(row.pl, cat(cat(prefix, one), one));
            const auto r = mqtt5::decode(wire);
            const std::string what = std::string(row.name) + " / " + std::string(mqtt5::to_string(s.id)) + " / " + to_hex(wire);
            if (repeatable_by_standard(row.pl, s.id)) {
                ASSERT_TRUE(r) << what << ": " << describe_error(r.error());
                const auto props = props_of(*r, row.pl);
                ASSERT_EQ(props.size(), prefix.empty() ? 2u : 3u) << what;
                EXPECT_TRUE(value_matches(props[props.size() - 2], s)) << what;
                EXPECT_TRUE(value_matches(props.back(), s)) << what;
                EXPECT_TRUE(reencodes(*r, wire)) << what;
                ++repeats;
            } else {
                ASSERT_FALSE(r) << what << " was accepted";
                EXPECT_EQ(r.error().code, mqtt5::errc::duplicate_property) << what << ": " << describe_error(r.error());
                EXPECT_EQ(r.error().offset, row.props_offset + prefix.size() + one.size()) << what;
                EXPECT_EQ(r.error().reason, mqtt5::reason_code::protocol_error) << what;
                ++duplicates;
            }
        }
    EXPECT_EQ(repeats, 15);  // User Property in 14 places + Subscription Identifier in PUBLISH
    EXPECT_EQ(duplicates, 64 - 15);
}

// User Property order MUST be kept [MQTT-3.3.2-18] [MQTT-3.1.3-10]; the same name may appear more than once.
// In every place: (a,1) (b,2) (a,3) come back in that order through user_properties() and iteration.
TEST(PropertyRepeats, UserPropertyOrderKeptInEveryPlace_MQTT_3_3_2_18) {
    const auto block = from_hex("26 00 01 61 00 01 31 26 00 01 62 00 01 32 26 00 01 61 00 01 33");
    for (const auto& row : places) {
        const auto prefix = prefix_for(row.pl, property_id::user_property);
        const auto wire = wrap(row.pl, cat(prefix, block));
        const auto r = mqtt5::decode(wire);
        ASSERT_TRUE(r) << row.name << ": " << describe_error(r.error());
        const auto ups = user_properties_of(*r, row.pl);
        ASSERT_EQ(ups.size(), 3u) << row.name;
        EXPECT_EQ(ups[0], (mqtt5::string_pair{"a", "1"})) << row.name;
        EXPECT_EQ(ups[1], (mqtt5::string_pair{"b", "2"})) << row.name;
        EXPECT_EQ(ups[2], (mqtt5::string_pair{"a", "3"})) << row.name;
        const auto props = props_of(*r, row.pl);
        ASSERT_EQ(props.size(), prefix.empty() ? 3u : 4u);
        EXPECT_EQ(props.back().string, "a");
        EXPECT_EQ(props.back().pair_value, "3");
        EXPECT_TRUE(reencodes(*r, wire)) << row.name;
    }
}

// A PUBLISH may carry several Subscription Identifiers, the same value even twice (§3.3.2.3.8).
TEST(PropertyRepeats, SubscriptionIdentifierRepeatAllowedInPublish_3_3_2_3_8) {
    const auto wire = from_hex("30 0a 00 01 74 06 0b 01 0b 02 0b 01");
    mqtt5::publish p{};
    ASSERT_TRUE(decode_both(wire, p));
    EXPECT_TRUE(has(p.properties.subscription_identifier(), std::uint32_t{1}));  // the first occurrence
    EXPECT_EQ(collect(p.properties.subscription_identifiers()), (std::vector<std::uint32_t>{1, 2, 1}));
    EXPECT_EQ(p.properties.subscription_identifiers().size(), 3u);

    // Interleaved with another property: the repeated range skips it.
    const auto wire2 = from_hex("30 10 00 01 74 0c 0b 05 26 00 01 6b 00 01 76 0b 80 01");
    mqtt5::publish p2{};
    ASSERT_TRUE(decode_both(wire2, p2));
    EXPECT_EQ(collect(p2.properties.subscription_identifiers()), (std::vector<std::uint32_t>{5, 128}));
    EXPECT_EQ(ids_of(p2.properties), ids_in("0b 26 0b"));

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<place::publish>(s).subscription_identifier(1).subscription_identifier(2).subscription_identifier(1).build();
    ASSERT_TRUE(props) << describe_error(props.error());
    mqtt5::publish built{};
    built.topic = "t";
    built.properties = *props;
    EXPECT_TRUE(encodes_to(built, wire));
}

// SUBSCRIBE: "It is a Protocol Error to include the Subscription Identifier more than once" (§3.8.2.1.2).
TEST(PropertyRepeats, SubscriptionIdentifierRepeatRefusedInSubscribe_3_8_2_1_2) {
    const auto wire = from_hex("82 0b 00 01 04 0b 01 0b 02 00 01 61 00");
    const auto r = mqtt5::decode<mqtt5::subscribe>(wire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, mqtt5::errc::duplicate_property);
    EXPECT_EQ(r.error().offset, 7u);

    std::array<std::byte, 16> s{};
    const auto props = mqtt5::property_builder<place::subscribe>(s).subscription_identifier(1).subscription_identifier(2).build();
    ASSERT_FALSE(props);
    EXPECT_EQ(props.error().code, mqtt5::errc::duplicate_property);
}

// ======================================================================= the builder refuses the same things

// property_builder<P>::add of a property P does not allow -> build() fails with property_not_allowed; an
// allowed one gives exactly its wire bytes. All 27 x 14 pairs.
TEST(PropertyBuilder, AddRefusesPropertyNotAllowedInPlace_2_2_2_2) {
    for (const auto& row : places)
        for (const auto& s : samples) {
            const std::string what = std::string(row.name) + " / " + std::string(mqtt5::to_string(s.id));
            with_place(row.pl, [&](auto tag) {
                constexpr place P = decltype(tag)::value;
                std::array<std::byte, 64> storage{};
                mqtt5::property_builder<P> b(storage);
                bytes bin;
                const bool needs_method = row.pl == place::connect && s.id == property_id::authentication_data;
                if constexpr (P == place::connect)
                    if (needs_method) b.authentication_method("M");
                b.add(to_property(s, bin));
                const auto built = b.build();
                if (allowed_by_standard(row, s.id)) {
                    ASSERT_TRUE(built) << what << ": " << describe_error(built.error());
                    const auto expect = cat(needs_method ? from_hex("15 00 01 4d") : bytes{}, sample_bytes(s));
                    EXPECT_EQ(to_hex(built->bytes()), to_hex(expect)) << what;
                } else {
                    ASSERT_FALSE(built) << what << " was built";
                    EXPECT_EQ(built.error().code, mqtt5::errc::property_not_allowed) << what;
                }
            });
        }
}

// property_builder<P>: adding a single-instance property twice -> build() fails with duplicate_property;
// User Property (and Subscription Identifier in PUBLISH) build fine.
TEST(PropertyBuilder, RepeatRefusedExceptRepeatables_2_2_2_2) {
    for (const auto& row : places)
        for (const auto& s : samples) {
            if (!allowed_by_standard(row, s.id)) continue;
            const std::string what = std::string(row.name) + " / " + std::string(mqtt5::to_string(s.id));
            with_place(row.pl, [&](auto tag) {
                constexpr place P = decltype(tag)::value;
                std::array<std::byte, 64> storage{};
                mqtt5::property_builder<P> b(storage);
                bytes bin;
                const auto prop = to_property(s, bin);
                if constexpr (P == place::connect)
                    if (s.id == property_id::authentication_data) b.authentication_method("M");
                b.add(prop).add(prop);
                const auto built = b.build();
                if (repeatable_by_standard(row.pl, s.id)) {
                    ASSERT_TRUE(built) << what << ": " << describe_error(built.error());
                    EXPECT_EQ(to_hex(built->bytes()), to_hex(cat(sample_bytes(s), sample_bytes(s)))) << what;
                } else {
                    ASSERT_FALSE(built) << what << " was built";
                    EXPECT_EQ(built.error().code, mqtt5::errc::duplicate_property) << what;
                }
            });
        }
}

// Value rules the builder enforces through build(), with the decoder's errc.
TEST(PropertyBuilder, ValueRulesRefusedByBuild) {
    std::array<std::byte, 64> s{};
    const auto code = [](const auto& built) { return built ? mqtt5::errc::ok : built.error().code; };
    // Topic Alias 0 [MQTT-3.3.2-8].
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(s).topic_alias(0).build()), mqtt5::errc::topic_alias_zero);
    // Receive Maximum 0, Maximum Packet Size 0 are Protocol Errors (§3.1.2.11.3, §3.1.2.11.4, §3.2.2.3.3, §3.2.2.3.6).
    EXPECT_EQ(code(mqtt5::property_builder<place::connect>(s).receive_maximum(0).build()), mqtt5::errc::receive_maximum_zero);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).receive_maximum(0).build()), mqtt5::errc::receive_maximum_zero);
    EXPECT_EQ(code(mqtt5::property_builder<place::connect>(s).maximum_packet_size(0).build()),
              mqtt5::errc::maximum_packet_size_zero);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).maximum_packet_size(0).build()),
              mqtt5::errc::maximum_packet_size_zero);
    // Subscription Identifier 0 (§3.3.2.3.8, §3.8.2.1.2); above 268,435,455 it cannot be a VBI.
    EXPECT_EQ(code(mqtt5::property_builder<place::subscribe>(s).subscription_identifier(0).build()),
              mqtt5::errc::subscription_identifier_zero);
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(s).subscription_identifier(0).build()),
              mqtt5::errc::subscription_identifier_zero);
    EXPECT_EQ(code(mqtt5::property_builder<place::subscribe>(s).subscription_identifier(268435456).build()),
              mqtt5::errc::varint_out_of_range);
    // Byte booleans other than 0/1 (§3.1.2.11.6/.7, §3.2.2.3.4/.5/.11/.12/.13).
    EXPECT_EQ(code(mqtt5::property_builder<place::connect>(s).request_problem_information(2).build()),
              mqtt5::errc::request_problem_information_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connect>(s).request_response_information(2).build()),
              mqtt5::errc::request_response_information_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).maximum_qos(2).build()), mqtt5::errc::maximum_qos_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).retain_available(2).build()), mqtt5::errc::retain_available_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).wildcard_subscription_available(2).build()),
              mqtt5::errc::wildcard_subscription_available_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).subscription_identifier_available(2).build()),
              mqtt5::errc::subscription_identifier_available_invalid);
    EXPECT_EQ(code(mqtt5::property_builder<place::connack>(s).shared_subscription_available(2).build()),
              mqtt5::errc::shared_subscription_available_invalid);
    // Authentication Data without Authentication Method in CONNECT (§3.1.2.11.10).
    EXPECT_EQ(code(mqtt5::property_builder<place::connect>(s).authentication_data(ad_bytes).build()),
              mqtt5::errc::authentication_data_without_method);
    // UTF-8 rules on a String Pair [MQTT-1.5.7-1] [MQTT-1.5.4-1] [MQTT-1.5.4-2].
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(s).user_property("\xff", "v").build()), mqtt5::errc::invalid_utf8);
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(s).user_property("k", std::string_view("a\0b", 3)).build()),
              mqtt5::errc::utf8_contains_null);
    // Response Topic is a Topic Name: no wildcards [MQTT-3.3.2-14] (PE*).
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(s).response_topic("a/#").build()),
              mqtt5::errc::response_topic_has_wildcard);
    // Too little storage.
    std::array<std::byte, 3> tiny{};
    EXPECT_EQ(code(mqtt5::property_builder<place::publish>(tiny).message_expiry_interval(1).build()), mqtt5::errc::buffer_too_small);
}

// The same value rules on decode, each in a minimal packet; the error points at the property's identifier.
TEST(PropertyValues, ValueRulesRefusedOnDecode) {
    struct value_case {
        place pl{};
        std::string_view block{};
        mqtt5::errc code{};
    };
    const value_case cases[] = {
        {place::publish, "23 00 00", mqtt5::errc::topic_alias_zero},                             // [MQTT-3.3.2-8]
        {place::connect, "21 00 00", mqtt5::errc::receive_maximum_zero},                         // §3.1.2.11.3
        {place::connack, "21 00 00", mqtt5::errc::receive_maximum_zero},                         // §3.2.2.3.3
        {place::connect, "27 00 00 00 00", mqtt5::errc::maximum_packet_size_zero},               // §3.1.2.11.4
        {place::connack, "27 00 00 00 00", mqtt5::errc::maximum_packet_size_zero},               // §3.2.2.3.6
        {place::subscribe, "0b 00", mqtt5::errc::subscription_identifier_zero},                  // §3.8.2.1.2
        {place::publish, "0b 00", mqtt5::errc::subscription_identifier_zero},                    // §3.3.2.3.8
        {place::connect, "17 02", mqtt5::errc::request_problem_information_invalid},             // §3.1.2.11.7
        {place::connect, "19 02", mqtt5::errc::request_response_information_invalid},            // §3.1.2.11.6
        {place::connack, "24 02", mqtt5::errc::maximum_qos_invalid},                             // §3.2.2.3.4
        {place::connack, "25 02", mqtt5::errc::retain_available_invalid},                        // §3.2.2.3.5
        {place::connack, "28 02", mqtt5::errc::wildcard_subscription_available_invalid},         // §3.2.2.3.11
        {place::connack, "29 02", mqtt5::errc::subscription_identifier_available_invalid},       // §3.2.2.3.12
        {place::connack, "2a 02", mqtt5::errc::shared_subscription_available_invalid},           // §3.2.2.3.13
        {place::connect, "16 00 01 07", mqtt5::errc::authentication_data_without_method},        // §3.1.2.11.10
        {place::publish, "08 00 03 61 2f 2b", mqtt5::errc::response_topic_has_wildcard},         // [MQTT-3.3.2-14]
        {place::will, "08 00 01 23", mqtt5::errc::response_topic_has_wildcard},                  // [MQTT-3.3.2-14]
    };
    for (const auto& c : cases) {
        const auto wire = wrap(c.pl, from_hex(c.block));
        const auto r = mqtt5::decode(wire);
        ASSERT_FALSE(r) << to_hex(wire);
        EXPECT_EQ(r.error().code, c.code) << to_hex(wire) << ": " << describe_error(r.error());
        std::size_t base = 0;
        for (const auto& row : places)
            if (row.pl == c.pl) base = row.props_offset;
        EXPECT_EQ(r.error().offset, base) << to_hex(wire);
    }
}

// A value not of its data type is Malformed (§2.2.2.2): a string whose length runs past the block.
TEST(PropertyValues, ValueRunningPastPropertyLengthRefused_2_2_2_2) {
    // PUBLISH "t", Property Length 3 = "03 00 04" (Content Type claiming 4 bytes), then 2 payload bytes.
    const auto wire = from_hex("30 09 00 01 74 03 03 00 04 74 65");
    const auto r = mqtt5::decode(wire);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, mqtt5::errc::truncated);
    EXPECT_EQ(r.error().reason, mqtt5::reason_code::malformed_packet);
}

// ============================================================== every property in every place, typed accessors

// CONNECT: all 9 (0x11 0x15 0x16 0x17 0x19 0x21 0x22 0x26 0x27), in a non-sorted wire order (§3.1.2.11).
TEST(PropertyPlaces, ConnectAllNineProperties_3_1_2_11) {
    const std::string block = "11 00 00 01 2c 21 00 14 27 00 01 00 00 22 00 0a 19 01 17 00 26 00 01 6b 00 01 76 15 00 01 4d 16 00 01 07";
    const auto wire = from_hex("10 30 00 04 4d 51 54 54 05 00 00 00 23 " + block + " 00 00");
    ASSERT_EQ(wire, wrap(place::connect, from_hex(block)));
    mqtt5::connect c{};
    ASSERT_TRUE(decode_both(wire, c));
    const auto& p = c.properties;
    EXPECT_TRUE(has(p.session_expiry_interval(), std::uint32_t{300}));
    EXPECT_TRUE(has(p.receive_maximum(), std::uint16_t{20}));
    EXPECT_TRUE(has(p.maximum_packet_size(), std::uint32_t{65536}));
    EXPECT_TRUE(has(p.topic_alias_maximum(), std::uint16_t{10}));
    EXPECT_TRUE(has(p.request_response_information(), std::uint8_t{1}));
    EXPECT_TRUE(has(p.request_problem_information(), std::uint8_t{0}));
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_TRUE(has(p.authentication_method(), std::string_view{"M"}));
    EXPECT_TRUE(has_bytes(p.authentication_data(), "07"));
    EXPECT_TRUE(p.contains<property_id::authentication_data>());
    EXPECT_EQ(ids_of(p), ids_in("11 21 27 22 19 17 26 15 16"));
    EXPECT_EQ(p.size_bytes(), 35u);

    std::array<std::byte, 64> s{};
    const auto built = mqtt5::property_builder<place::connect>(s)
                           .session_expiry_interval(300)
                           .receive_maximum(20)
                           .maximum_packet_size(65536)
                           .topic_alias_maximum(10)
                           .request_response_information(1)
                           .request_problem_information(0)
                           .user_property("k", "v")
                           .authentication_method("M")
                           .authentication_data(ad_bytes)
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::connect out{};
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}

// Will Properties: all 7 (0x01 0x02 0x03 0x08 0x09 0x18 0x26) (§3.1.3.2).
TEST(PropertyPlaces, WillAllSevenProperties_3_1_3_2) {
    const std::string block = "18 00 00 00 0a 01 01 02 00 00 0e 10 03 00 04 74 65 78 74 08 00 03 72 2f 74 09 00 02 ca fe 26 00 01 6b 00 01 76";
    const auto wire = from_hex("10 38 00 04 4d 51 54 54 05 04 00 00 00 00 00 25 " + block + " 00 01 74 00 00");
    ASSERT_EQ(wire, wrap(place::will, from_hex(block)));
    mqtt5::connect c{};
    ASSERT_TRUE(decode_both(wire, c));
    ASSERT_TRUE(c.will.has_value());
    EXPECT_TRUE(c.properties.empty());
    const auto& p = c.will->properties;
    EXPECT_TRUE(has(p.will_delay_interval(), std::uint32_t{10}));
    EXPECT_TRUE(has(p.payload_format_indicator(), std::uint8_t{1}));
    EXPECT_TRUE(has(p.message_expiry_interval(), std::uint32_t{3600}));
    EXPECT_TRUE(has(p.content_type(), std::string_view{"text"}));
    EXPECT_TRUE(has(p.response_topic(), std::string_view{"r/t"}));
    EXPECT_TRUE(has_bytes(p.correlation_data(), "ca fe"));
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(p), ids_in("18 01 02 03 08 09 26"));
    EXPECT_EQ(c.will->topic, "t");

    std::array<std::byte, 64> s{};
    const auto built = mqtt5::property_builder<place::will>(s)
                           .will_delay_interval(10)
                           .payload_format_indicator(1)
                           .message_expiry_interval(3600)
                           .content_type("text")
                           .response_topic("r/t")
                           .correlation_data(cd_bytes)
                           .user_property("k", "v")
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::connect out{};
    mqtt5::will_message w{};
    w.topic = "t";
    w.properties = *built;
    out.will = w;
    EXPECT_TRUE(encodes_to(out, wire));
}

// CONNACK: all 17 (§3.2.2.3).
TEST(PropertyPlaces, ConnackAllSeventeenProperties_3_2_2_3) {
    const std::string block =
        "11 00 00 01 2c 21 00 14 24 01 25 00 27 00 01 00 00 12 00 02 69 64 22 00 0a 1f 00 02 6f 6b 26 00 01 6b 00 01 76 "
        "28 00 29 01 2a 00 13 00 3c 1a 00 02 72 69 1c 00 02 73 32 15 00 01 4d 16 00 01 07";
    const auto wire = from_hex("20 43 00 00 40 " + block);
    ASSERT_EQ(wire, wrap(place::connack, from_hex(block)));
    mqtt5::connack k{};
    ASSERT_TRUE(decode_both(wire, k));
    const auto& p = k.properties;
    EXPECT_TRUE(has(p.session_expiry_interval(), std::uint32_t{300}));
    EXPECT_TRUE(has(p.receive_maximum(), std::uint16_t{20}));
    EXPECT_TRUE(has(p.maximum_qos(), std::uint8_t{1}));
    EXPECT_TRUE(has(p.retain_available(), std::uint8_t{0}));
    EXPECT_TRUE(has(p.maximum_packet_size(), std::uint32_t{65536}));
    EXPECT_TRUE(has(p.assigned_client_identifier(), std::string_view{"id"}));
    EXPECT_TRUE(has(p.topic_alias_maximum(), std::uint16_t{10}));
    EXPECT_TRUE(has(p.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_TRUE(has(p.wildcard_subscription_available(), std::uint8_t{0}));
    EXPECT_TRUE(has(p.subscription_identifier_available(), std::uint8_t{1}));
    EXPECT_TRUE(has(p.shared_subscription_available(), std::uint8_t{0}));
    EXPECT_TRUE(has(p.server_keep_alive(), std::uint16_t{60}));
    EXPECT_TRUE(has(p.response_information(), std::string_view{"ri"}));
    EXPECT_TRUE(has(p.server_reference(), std::string_view{"s2"}));
    EXPECT_TRUE(has(p.authentication_method(), std::string_view{"M"}));
    EXPECT_TRUE(has_bytes(p.authentication_data(), "07"));
    EXPECT_EQ(ids_of(p), ids_in("11 21 24 25 27 12 22 1f 26 28 29 2a 13 1a 1c 15 16"));

    std::array<std::byte, 128> s{};
    const auto built = mqtt5::property_builder<place::connack>(s)
                           .session_expiry_interval(300)
                           .receive_maximum(20)
                           .maximum_qos(1)
                           .retain_available(0)
                           .maximum_packet_size(65536)
                           .assigned_client_identifier("id")
                           .topic_alias_maximum(10)
                           .reason_string("ok")
                           .user_property("k", "v")
                           .wildcard_subscription_available(0)
                           .subscription_identifier_available(1)
                           .shared_subscription_available(0)
                           .server_keep_alive(60)
                           .response_information("ri")
                           .server_reference("s2")
                           .authentication_method("M")
                           .authentication_data(ad_bytes)
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::connack out{};
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}

// PUBLISH: all 8 (§3.3.2.3).
TEST(PropertyPlaces, PublishAllEightProperties_3_3_2_3) {
    const std::string block = "01 00 02 00 00 0e 10 23 00 02 08 00 03 72 2f 74 09 00 02 ca fe 0b 80 01 26 00 01 6b 00 01 76 03 00 04 74 65 78 74";
    const auto wire = from_hex("30 2a 00 01 74 26 " + block);
    ASSERT_EQ(wire, wrap(place::publish, from_hex(block)));
    mqtt5::publish m{};
    ASSERT_TRUE(decode_both(wire, m));
    const auto& p = m.properties;
    EXPECT_TRUE(has(p.payload_format_indicator(), std::uint8_t{0}));
    EXPECT_TRUE(has(p.message_expiry_interval(), std::uint32_t{3600}));
    EXPECT_TRUE(has(p.topic_alias(), std::uint16_t{2}));
    EXPECT_TRUE(has(p.response_topic(), std::string_view{"r/t"}));
    EXPECT_TRUE(has_bytes(p.correlation_data(), "ca fe"));
    EXPECT_TRUE(has(p.subscription_identifier(), std::uint32_t{128}));
    EXPECT_EQ(collect(p.subscription_identifiers()), std::vector<std::uint32_t>{128});
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_TRUE(has(p.content_type(), std::string_view{"text"}));
    EXPECT_EQ(ids_of(p), ids_in("01 02 23 08 09 0b 26 03"));
    EXPECT_TRUE(m.payload.empty());

    std::array<std::byte, 64> s{};
    const auto built = mqtt5::property_builder<place::publish>(s)
                           .payload_format_indicator(0)
                           .message_expiry_interval(3600)
                           .topic_alias(2)
                           .response_topic("r/t")
                           .correlation_data(cd_bytes)
                           .subscription_identifier(128)
                           .user_property("k", "v")
                           .content_type("text")
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::publish out{};
    out.topic = "t";
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}

// PUBACK, PUBREC, PUBREL, PUBCOMP: Reason String and User Property (§3.4.2.2 - §3.7.2.2).
template <class Ack, place P>
void check_ack_properties(std::string_view first_byte) {
    const std::string block = "1f 00 02 6f 6b 26 00 01 6b 00 01 76";
    const auto wire = from_hex(std::string(first_byte) + " 10 00 01 00 0c " + block);
    ASSERT_EQ(wire, wrap(P, from_hex(block)));
    Ack a{};
    ASSERT_TRUE(decode_both(wire, a));
    EXPECT_EQ(a.packet_id, 1);
    EXPECT_EQ(a.reason, mqtt5::reason_code::success);
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(a.properties.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(a.properties), ids_in("1f 26"));

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<P>(s).reason_string("ok").user_property("k", "v").build();
    ASSERT_TRUE(built) << describe_error(built.error());
    Ack out{};
    out.packet_id = 1;
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}
TEST(PropertyPlaces, PubackReasonStringUserProperty_3_4_2_2) { check_ack_properties<mqtt5::puback, place::puback>("40"); }
TEST(PropertyPlaces, PubrecReasonStringUserProperty_3_5_2_2) { check_ack_properties<mqtt5::pubrec, place::pubrec>("50"); }
TEST(PropertyPlaces, PubrelReasonStringUserProperty_3_6_2_2) { check_ack_properties<mqtt5::pubrel, place::pubrel>("62"); }
TEST(PropertyPlaces, PubcompReasonStringUserProperty_3_7_2_2) { check_ack_properties<mqtt5::pubcomp, place::pubcomp>("70"); }

// SUBSCRIBE: Subscription Identifier and User Property (§3.8.2.1).
TEST(PropertyPlaces, SubscribeSubscriptionIdentifierUserProperty_3_8_2_1) {
    const std::string block = "0b 80 01 26 00 01 6b 00 01 76";
    const auto wire = from_hex("82 11 00 01 0a " + block + " 00 01 61 00");
    ASSERT_EQ(wire, wrap(place::subscribe, from_hex(block)));
    mqtt5::subscribe m{};
    ASSERT_TRUE(decode_both(wire, m));
    EXPECT_TRUE(has(m.properties.subscription_identifier(), std::uint32_t{128}));
    EXPECT_EQ(collect(m.properties.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(m.properties), ids_in("0b 26"));

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<place::subscribe>(s).subscription_identifier(128).user_property("k", "v").build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::subscription one[1] = {};
    one[0].topic_filter = "a";
    mqtt5::subscribe out{};
    out.packet_id = 1;
    out.properties = *built;
    out.subscriptions = one;
    EXPECT_TRUE(encodes_to(out, wire));
}

// SUBACK and UNSUBACK: Reason String and User Property (§3.9.2.1, §3.11.2.1).
template <class Ack, place P>
void check_sub_ack_properties(std::string_view first_byte) {
    const std::string block = "1f 00 02 6f 6b 26 00 01 6b 00 01 76";
    const auto wire = from_hex(std::string(first_byte) + " 10 00 01 0c " + block + " 00");
    ASSERT_EQ(wire, wrap(P, from_hex(block)));
    Ack a{};
    ASSERT_TRUE(decode_both(wire, a));
    EXPECT_TRUE(has(a.properties.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(a.properties.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(a.properties), ids_in("1f 26"));
    EXPECT_EQ(collect(a.reason_codes), std::vector<mqtt5::reason_code>{mqtt5::reason_code::success});

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<P>(s).reason_string("ok").user_property("k", "v").build();
    ASSERT_TRUE(built) << describe_error(built.error());
    const mqtt5::reason_code rc[1] = {mqtt5::reason_code::success};
    Ack out{};
    out.packet_id = 1;
    out.properties = *built;
    out.reason_codes = rc;
    EXPECT_TRUE(encodes_to(out, wire));
}
TEST(PropertyPlaces, SubackReasonStringUserProperty_3_9_2_1) { check_sub_ack_properties<mqtt5::suback, place::suback>("90"); }
TEST(PropertyPlaces, UnsubackReasonStringUserProperty_3_11_2_1) {
    check_sub_ack_properties<mqtt5::unsuback, place::unsuback>("b0");
}

// UNSUBSCRIBE: User Property only (§3.10.2.1).
TEST(PropertyPlaces, UnsubscribeUserProperty_3_10_2_1) {
    const std::string block = "26 00 01 6b 00 01 76";
    const auto wire = from_hex("a2 0d 00 01 07 " + block + " 00 01 61");
    ASSERT_EQ(wire, wrap(place::unsubscribe, from_hex(block)));
    mqtt5::unsubscribe m{};
    ASSERT_TRUE(decode_both(wire, m));
    EXPECT_EQ(collect(m.properties.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(m.properties), ids_in("26"));

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<place::unsubscribe>(s).user_property("k", "v").build();
    ASSERT_TRUE(built) << describe_error(built.error());
    const std::string_view f[1] = {"a"};
    mqtt5::unsubscribe out{};
    out.packet_id = 1;
    out.properties = *built;
    out.topic_filters = f;
    EXPECT_TRUE(encodes_to(out, wire));
}

// DISCONNECT: Session Expiry Interval, Server Reference, Reason String, User Property (§3.14.2.2).
TEST(PropertyPlaces, DisconnectAllFourProperties_3_14_2_2) {
    const std::string block = "11 00 00 01 2c 1c 00 02 73 32 1f 00 02 6f 6b 26 00 01 6b 00 01 76";
    const auto wire = from_hex("e0 18 00 16 " + block);
    ASSERT_EQ(wire, wrap(place::disconnect, from_hex(block)));
    mqtt5::disconnect d{};
    ASSERT_TRUE(decode_both(wire, d));
    EXPECT_EQ(d.reason, mqtt5::reason_code::normal_disconnection);
    const auto& p = d.properties;
    EXPECT_TRUE(has(p.session_expiry_interval(), std::uint32_t{300}));
    EXPECT_TRUE(has(p.server_reference(), std::string_view{"s2"}));
    EXPECT_TRUE(has(p.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(p), ids_in("11 1c 1f 26"));

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<place::disconnect>(s)
                           .session_expiry_interval(300)
                           .server_reference("s2")
                           .reason_string("ok")
                           .user_property("k", "v")
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::disconnect out{};
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}

// AUTH: Authentication Method, Authentication Data, Reason String, User Property (§3.15.2.2).
TEST(PropertyPlaces, AuthAllFourProperties_3_15_2_2) {
    const std::string block = "15 00 01 4d 16 00 01 07 1f 00 02 6f 6b 26 00 01 6b 00 01 76";
    const auto wire = from_hex("f0 16 18 14 " + block);
    ASSERT_EQ(wire, wrap(place::auth, from_hex(block)));
    mqtt5::auth a{};
    ASSERT_TRUE(decode_both(wire, a));
    EXPECT_EQ(a.reason, mqtt5::reason_code::continue_authentication);
    const auto& p = a.properties;
    EXPECT_TRUE(has(p.authentication_method(), std::string_view{"M"}));
    EXPECT_TRUE(has_bytes(p.authentication_data(), "07"));
    EXPECT_TRUE(has(p.reason_string(), std::string_view{"ok"}));
    EXPECT_EQ(collect(p.user_properties()), std::vector<mqtt5::string_pair>{kv});
    EXPECT_EQ(ids_of(p), ids_in("15 16 1f 26"));

    std::array<std::byte, 32> s{};
    const auto built = mqtt5::property_builder<place::auth>(s)
                           .authentication_method("M")
                           .authentication_data(ad_bytes)
                           .reason_string("ok")
                           .user_property("k", "v")
                           .build();
    ASSERT_TRUE(built) << describe_error(built.error());
    mqtt5::auth out{};
    out.reason = mqtt5::reason_code::continue_authentication;
    out.properties = *built;
    EXPECT_TRUE(encodes_to(out, wire));
}

// Absent properties read as nullopt through every typed accessor (the "value when absent" is the caller's to apply).
TEST(PropertyPlaces, AbsentPropertiesAreNullopt_2_2_2) {
    const auto wire = from_hex("20 03 00 00 00");
    mqtt5::connack k{};
    ASSERT_TRUE(decode_both(wire, k));
    const auto& p = k.properties;
    EXPECT_FALSE(p.session_expiry_interval());
    EXPECT_FALSE(p.receive_maximum());
    EXPECT_FALSE(p.maximum_qos());
    EXPECT_FALSE(p.retain_available());
    EXPECT_FALSE(p.maximum_packet_size());
    EXPECT_FALSE(p.topic_alias_maximum());
    EXPECT_FALSE(p.authentication_data());
    EXPECT_TRUE(p.user_properties().empty());
    EXPECT_FALSE(p.contains<property_id::reason_string>());
    EXPECT_TRUE(p.begin() == p.end());
}

// A property block parsed on its own (property_block<P>::parse) keeps the bytes exactly and finds each value.
TEST(PropertyPlaces, BlockParseKeepsBytes_2_2_2) {
    const auto block = from_hex("26 00 01 6b 00 01 76 02 00 00 00 05 26 00 01 6b 00 01 77");
    const auto parsed = mqtt5::property_block<place::publish>::parse(block);
    ASSERT_TRUE(parsed) << describe_error(parsed.error());
    EXPECT_EQ(to_hex(parsed->bytes()), to_hex(block));
    EXPECT_TRUE(has(parsed->message_expiry_interval(), std::uint32_t{5}));
    EXPECT_EQ(collect(parsed->user_properties()),
              (std::vector<mqtt5::string_pair>{{"k", "v"}, {"k", "w"}}));
    EXPECT_EQ(parsed->offset_of(property_id::message_expiry_interval), std::optional<std::size_t>{7});
}

// The Property Length (§2.2.2.1, a Variable Byte Integer §1.5.5) at the boundaries of its one- and two-byte forms,
// written in every width from the shortest to 4 bytes: the shortest is accepted and re-encodes byte for byte; a
// longer one is refused with varint_not_minimal at the Property Length [MQTT-1.5.5-1] unless the receiver allows
// it, when the width is kept so that the packet re-encodes to its input. A Property Length cut by the packet's
// end is truncated at that end, and a fifth byte is varint_too_long. (The -O2 decoder reads a minimal two-byte
// Property Length inline; this file also runs under -Os, where one loop reads every width.)
TEST(PropertyValues, PropertyLengthEveryWidthAtItsBoundaries_2_2_2_1_MQTT_1_5_5_1) {
    const auto varint = [](std::uint32_t v, std::uint8_t width) {
        bytes out(4);
        const auto* end = mqtt5::wire::store_varint(out.data(), v, width);
        out.resize(static_cast<std::size_t>(end - out.data()));
        return out;
    };
    for (const std::uint32_t length : {7u, 127u, 128u, 129u, 255u, 16383u, 16384u}) {
        // One User Property "k" = "vvv..." filling exactly `length` bytes.
        const std::size_t value_size = length - 6;
        bytes block = from_hex("26 00 01 6b");
        block.push_back(static_cast<std::byte>(value_size >> 8));
        block.push_back(static_cast<std::byte>(value_size & 0xFF));
        block.insert(block.end(), value_size, std::byte{'v'});
        const auto minimal = static_cast<std::uint8_t>(mqtt5::wire::varint_size(length));
        for (std::uint8_t width = minimal; width <= 4; ++width) {
            bytes body = from_hex("00 01 74");  // Topic Name "t", QoS 0
            const auto length_field = varint(length, width);
            body.insert(body.end(), length_field.begin(), length_field.end());
            body.insert(body.end(), block.begin(), block.end());
            bytes wire = from_hex("30");
            const auto rl = varint(static_cast<std::uint32_t>(body.size()), 0);
            wire.insert(wire.end(), rl.begin(), rl.end());
            const std::size_t length_at = wire.size() + 3;
            wire.insert(wire.end(), body.begin(), body.end());
            const auto what = "Property Length " + std::to_string(length) + " in " + std::to_string(width) + " bytes";
            for (const bool allow : {false, true}) {
                const mqtt5::decode_options o{.allow_non_minimal_varint = allow};
                const auto typed = mqtt5::decode<mqtt5::publish>(wire, o);
                const auto any = mqtt5::decode(wire, o);
                if (width == minimal || allow) {
                    ASSERT_TRUE(typed) << what << ": " << describe_error(typed.error());
                    ASSERT_TRUE(any) << what << ": " << describe_error(any.error());
                    EXPECT_EQ(typed->properties.size_bytes(), length) << what;
                    EXPECT_EQ(typed->properties.length_width(), width == minimal ? 0 : width) << what;
                    EXPECT_EQ(collect(typed->properties.user_properties()).size(), 1u) << what;
                    EXPECT_TRUE(typed->payload.empty()) << what;
                    EXPECT_TRUE(reencodes(*any, wire)) << what;
                } else {
                    ASSERT_FALSE(typed) << what;
                    EXPECT_EQ(typed.error().code, mqtt5::errc::varint_not_minimal) << what;
                    EXPECT_EQ(typed.error().offset, length_at) << what;
                    ASSERT_FALSE(any) << what;
                    EXPECT_EQ(any.error(), typed.error()) << what;
                }
            }
        }
    }
    // The packet ends inside the Property Length (after 1, 2 and 3 continuation bytes), or it runs to 5 bytes.
    for (const char* tail : {"80", "ff", "80 80", "ff ff", "80 80 80", "80 80 80 80 01"}) {
        bytes wire = from_hex("30 00 00 01 74");
        const auto field = from_hex(tail);
        wire.insert(wire.end(), field.begin(), field.end());
        wire[1] = static_cast<std::byte>(wire.size() - 2);
        for (const bool allow : {false, true}) {
            const auto r = mqtt5::decode<mqtt5::publish>(wire, {.allow_non_minimal_varint = allow});
            ASSERT_FALSE(r) << tail;
            if (field.size() == 5) {
                EXPECT_EQ(r.error().code, mqtt5::errc::varint_too_long) << tail;
                EXPECT_EQ(r.error().offset, 5u) << tail;
            } else {
                EXPECT_EQ(r.error().code, mqtt5::errc::truncated) << tail;
                EXPECT_EQ(r.error().offset, wire.size()) << tail;
            }
            EXPECT_EQ(mqtt5::decode(wire, {.allow_non_minimal_varint = allow}).error(), r.error()) << tail;
        }
    }
}
