/// \file
/// The 27 MQTT v5 properties (§2.2.2.2, Table 2-4), declared once: identifier, wire type, the places each may
/// appear in (Will Properties are a place of their own), where it may repeat, and its value rule. The decoder,
/// the builder, the typed accessors, the printers and the tests all read this one table.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string_view>

#include "error.hpp"
#include "string_literals.hpp"

namespace mqtt5 {

/// A property's Identifier (Table 2-4). On the wire it is a Variable Byte Integer, but every v5 identifier fits
/// in one byte.
enum class property_id : std::uint8_t {
    /// Payload Format Indicator: 1 = the payload is UTF-8 text, 0 = unspecified bytes
    payload_format_indicator = 0x01,
    message_expiry_interval = 0x02,  ///< Message Expiry Interval: seconds the Server may keep the message for
    content_type = 0x03,  ///< Content Type: a MIME-like description of the payload, chosen by the application
    response_topic = 0x08,  ///< Response Topic: the Topic Name a request wants its response published to
    correlation_data = 0x09,  ///< Correlation Data: binary data that pairs a response with its request
    subscription_identifier = 0x0B,  ///< Subscription Identifier: set in SUBSCRIBE, echoed in each matching PUBLISH
    session_expiry_interval = 0x11,  ///< Session Expiry Interval: seconds the Session outlives the Network Connection
    /// Assigned Client Identifier: the one the Server chose for a Client that sent none
    assigned_client_identifier = 0x12,
    server_keep_alive = 0x13,  ///< Server Keep Alive: the Keep Alive the Server imposes, replacing the Client's
    authentication_method = 0x15,  ///< Authentication Method: names the enhanced authentication in use (§4.12)
    authentication_data = 0x16,  ///< Authentication Data: the method's own bytes (§4.12)
    /// Request Problem Information: 0 keeps Reason String and User Property to CONNACK, PUBLISH, DISCONNECT
    request_problem_information = 0x17,
    will_delay_interval = 0x18,  ///< Will Delay Interval: seconds the Server waits before publishing the Will Message
    request_response_information = 0x19,  ///< Request Response Information: 1 asks the Server for Response Information
    response_information = 0x1A,  ///< Response Information: the basis of a Response Topic, from the Server
    /// Server Reference: another Server to use (with 0x9C Use another server, 0x9D Server moved)
    server_reference = 0x1C,
    reason_string = 0x1F,  ///< Reason String: human-readable diagnostics, not to be parsed
    receive_maximum = 0x21,  ///< Receive Maximum: how many QoS 1/2 PUBLISHes the sender accepts in flight at once
    topic_alias_maximum = 0x22,  ///< Topic Alias Maximum: the highest Topic Alias the sender accepts (0: none)
    topic_alias = 0x23,  ///< Topic Alias: a number that stands for the Topic Name on this connection
    maximum_qos = 0x24,  ///< Maximum QoS: the highest QoS the Server supports (0 or 1; absent means 2)
    retain_available = 0x25,  ///< Retain Available: whether the Server keeps retained messages
    user_property = 0x26,  ///< User Property: a name/value string pair for the application; may repeat everywhere
    maximum_packet_size = 0x27,  ///< Maximum Packet Size: the largest packet the sender accepts
    /// Wildcard Subscription Available: whether the Server accepts wildcards in filters
    wildcard_subscription_available = 0x28,
    subscription_identifier_available = 0x29,  ///< Subscription Identifier Available: whether the Server supports them
    shared_subscription_available = 0x2A,  ///< Shared Subscription Available: whether the Server supports them
};

/// Data types of §1.5.
enum class property_type : std::uint8_t {
    byte,                   ///< Byte: one unsigned byte
    two_byte_integer,       ///< Two Byte Integer (§1.5.2), big-endian
    four_byte_integer,      ///< Four Byte Integer (§1.5.3), big-endian
    variable_byte_integer,  ///< Variable Byte Integer (§1.5.5)
    utf8_string,            ///< UTF-8 Encoded String (§1.5.4): a two-byte length, then the text
    binary_data,            ///< Binary Data (§1.5.6): a two-byte length, then the bytes
    utf8_string_pair,       ///< UTF-8 String Pair (§1.5.7): a name string, then a value string
};

/// Where a property list can stand. The four publish acknowledgements are separate places with the same set.
enum class place : std::uint8_t {
    connect,      ///< the CONNECT variable header (§3.1.2.11)
    will,         ///< the Will Properties in the CONNECT payload (§3.1.3.2)
    connack,      ///< the CONNACK variable header (§3.2.2.3)
    publish,      ///< the PUBLISH variable header (§3.3.2.3)
    puback,       ///< the PUBACK variable header (§3.4.2.2)
    pubrec,       ///< the PUBREC variable header (§3.5.2.2)
    pubrel,       ///< the PUBREL variable header (§3.6.2.2)
    pubcomp,      ///< the PUBCOMP variable header (§3.7.2.2)
    subscribe,    ///< the SUBSCRIBE variable header (§3.8.2.1)
    suback,       ///< the SUBACK variable header (§3.9.2.1)
    unsubscribe,  ///< the UNSUBSCRIBE variable header (§3.10.2.1)
    unsuback,     ///< the UNSUBACK variable header (§3.11.2.1)
    disconnect,   ///< the DISCONNECT variable header (§3.14.2.2)
    auth,         ///< the AUTH variable header (§3.15.2.2)
};
/// How many places there are: the size of every per-place table.
inline constexpr std::size_t place_count = 14;

/// The place as one bit of a set (property_info::allowed_in, property_info::repeatable_in).
constexpr std::uint16_t place_bit(place p) noexcept { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(p)); }

/// The value rule a property's value must meet once it has parsed.
enum class value_rule : std::uint8_t {
    any,          ///< every value its type can hold is valid
    zero_or_one,  ///< a Byte that is a boolean
    non_zero,     ///< 0 is a Protocol Error
    topic_name,   ///< Response Topic: a Topic Name, so no wildcards and at least one character
};

/// One row of property_table: everything the standard says about one property.
struct property_info {
    property_id id{};               ///< its Identifier
    property_type type{};           ///< the data type of its value on the wire
    std::uint16_t allowed_in{};     ///< place_bit(...) of every place that may carry it
    std::uint16_t repeatable_in{};  ///< places where it may appear more than once
    value_rule rule{value_rule::any};  ///< what its value must meet beyond its type
    errc value_error{errc::ok};     ///< reported when `rule` fails
    std::string_view name{};        ///< snake_case, as the inspector prints it
    std::string_view title{};       ///< the standard's name
};

namespace detail {
constexpr std::uint16_t p_connect = place_bit(place::connect), p_will = place_bit(place::will),
                        p_connack = place_bit(place::connack), p_publish = place_bit(place::publish),
                        p_acks = static_cast<std::uint16_t>(place_bit(place::puback) | place_bit(place::pubrec) |
                                                            place_bit(place::pubrel) | place_bit(place::pubcomp)),
                        p_subscribe = place_bit(place::subscribe), p_suback = place_bit(place::suback),
                        p_unsubscribe = place_bit(place::unsubscribe), p_unsuback = place_bit(place::unsuback),
                        p_disconnect = place_bit(place::disconnect), p_auth = place_bit(place::auth),
                        p_all = static_cast<std::uint16_t>((1u << place_count) - 1);
}  // namespace detail

/// Table 2-4 with the rules of each packet's property subsections (spec/properties.md). Payload Format
/// Indicator and Message Expiry Interval may not repeat in PUBLISH either: the PUBLISH text is silent, the
/// Will Properties text says Protocol Error, and we follow the latter (spec/normative.md, PE*).
inline constexpr std::array<property_info, 27> property_table{{
    {property_id::payload_format_indicator, property_type::byte, detail::p_publish | detail::p_will, 0,
     value_rule::zero_or_one, errc::payload_format_indicator_invalid, "payload_format_indicator"sv, "Payload Format Indicator"sv},
    {property_id::message_expiry_interval, property_type::four_byte_integer, detail::p_publish | detail::p_will, 0,
     value_rule::any, errc::ok, "message_expiry_interval"sv, "Message Expiry Interval"sv},
    {property_id::content_type, property_type::utf8_string, detail::p_publish | detail::p_will, 0,
     value_rule::any, errc::ok, "content_type"sv, "Content Type"sv},
    {property_id::response_topic, property_type::utf8_string, detail::p_publish | detail::p_will, 0,
     value_rule::topic_name, errc::response_topic_has_wildcard, "response_topic"sv, "Response Topic"sv},
    {property_id::correlation_data, property_type::binary_data, detail::p_publish | detail::p_will, 0,
     value_rule::any, errc::ok, "correlation_data"sv, "Correlation Data"sv},
    {property_id::subscription_identifier, property_type::variable_byte_integer, detail::p_publish | detail::p_subscribe,
     detail::p_publish, value_rule::non_zero, errc::subscription_identifier_zero, "subscription_identifier"sv,
     "Subscription Identifier"sv},
    {property_id::session_expiry_interval, property_type::four_byte_integer,
     detail::p_connect | detail::p_connack | detail::p_disconnect, 0, value_rule::any, errc::ok, "session_expiry_interval"sv,
     "Session Expiry Interval"sv},
    {property_id::assigned_client_identifier, property_type::utf8_string, detail::p_connack, 0, value_rule::any, errc::ok,
     "assigned_client_identifier"sv, "Assigned Client Identifier"sv},
    {property_id::server_keep_alive, property_type::two_byte_integer, detail::p_connack, 0, value_rule::any, errc::ok,
     "server_keep_alive"sv, "Server Keep Alive"sv},
    {property_id::authentication_method, property_type::utf8_string, detail::p_connect | detail::p_connack | detail::p_auth, 0,
     value_rule::any, errc::ok, "authentication_method"sv, "Authentication Method"sv},
    {property_id::authentication_data, property_type::binary_data, detail::p_connect | detail::p_connack | detail::p_auth, 0,
     value_rule::any, errc::ok, "authentication_data"sv, "Authentication Data"sv},
    {property_id::request_problem_information, property_type::byte, detail::p_connect, 0, value_rule::zero_or_one,
     errc::request_problem_information_invalid, "request_problem_information"sv, "Request Problem Information"sv},
    {property_id::will_delay_interval, property_type::four_byte_integer, detail::p_will, 0, value_rule::any, errc::ok,
     "will_delay_interval"sv, "Will Delay Interval"sv},
    {property_id::request_response_information, property_type::byte, detail::p_connect, 0, value_rule::zero_or_one,
     errc::request_response_information_invalid, "request_response_information"sv, "Request Response Information"sv},
    {property_id::response_information, property_type::utf8_string, detail::p_connack, 0, value_rule::any, errc::ok,
     "response_information"sv, "Response Information"sv},
    {property_id::server_reference, property_type::utf8_string, detail::p_connack | detail::p_disconnect, 0,
     value_rule::any, errc::ok, "server_reference"sv, "Server Reference"sv},
    {property_id::reason_string, property_type::utf8_string,
     detail::p_connack | detail::p_acks | detail::p_suback | detail::p_unsuback | detail::p_disconnect | detail::p_auth, 0,
     value_rule::any, errc::ok, "reason_string"sv, "Reason String"sv},
    {property_id::receive_maximum, property_type::two_byte_integer, detail::p_connect | detail::p_connack, 0,
     value_rule::non_zero, errc::receive_maximum_zero, "receive_maximum"sv, "Receive Maximum"sv},
    {property_id::topic_alias_maximum, property_type::two_byte_integer, detail::p_connect | detail::p_connack, 0,
     value_rule::any, errc::ok, "topic_alias_maximum"sv, "Topic Alias Maximum"sv},
    {property_id::topic_alias, property_type::two_byte_integer, detail::p_publish, 0, value_rule::non_zero,
     errc::topic_alias_zero, "topic_alias"sv, "Topic Alias"sv},
    {property_id::maximum_qos, property_type::byte, detail::p_connack, 0, value_rule::zero_or_one, errc::maximum_qos_invalid,
     "maximum_qos"sv, "Maximum QoS"sv},
    {property_id::retain_available, property_type::byte, detail::p_connack, 0, value_rule::zero_or_one,
     errc::retain_available_invalid, "retain_available"sv, "Retain Available"sv},
    {property_id::user_property, property_type::utf8_string_pair, detail::p_all, detail::p_all, value_rule::any, errc::ok,
     "user_property"sv, "User Property"sv},
    {property_id::maximum_packet_size, property_type::four_byte_integer, detail::p_connect | detail::p_connack, 0,
     value_rule::non_zero, errc::maximum_packet_size_zero, "maximum_packet_size"sv, "Maximum Packet Size"sv},
    {property_id::wildcard_subscription_available, property_type::byte, detail::p_connack, 0, value_rule::zero_or_one,
     errc::wildcard_subscription_available_invalid, "wildcard_subscription_available"sv, "Wildcard Subscription Available"sv},
    {property_id::subscription_identifier_available, property_type::byte, detail::p_connack, 0, value_rule::zero_or_one,
     errc::subscription_identifier_available_invalid, "subscription_identifier_available"sv,
     "Subscription Identifier Available"sv},
    {property_id::shared_subscription_available, property_type::byte, detail::p_connack, 0, value_rule::zero_or_one,
     errc::shared_subscription_available_invalid, "shared_subscription_available"sv, "Shared Subscription Available"sv},
}};

/// Identifiers above this are never assigned (all of v5's fit in one byte, below 0x2B).
inline constexpr std::uint8_t max_property_id = 0x2A;

namespace detail {
// Identifier -> table row (0xFF: unassigned), derived from property_table.
inline constexpr std::array<std::uint8_t, 64> property_row = [] {
    std::array<std::uint8_t, 64> rows{};
    for (auto& r : rows) r = 0xFF;
    for (std::size_t i = 0; i < property_table.size(); ++i) rows[static_cast<std::uint8_t>(property_table[i].id)] = static_cast<std::uint8_t>(i);
    return rows;
}();

// Place -> bit set of the identifiers it allows, derived from property_table.
inline constexpr std::array<std::uint64_t, place_count> place_ids = [] {
    std::array<std::uint64_t, place_count> ids{};
    for (const auto& info : property_table)
        for (std::size_t p = 0; p < place_count; ++p)
            if (info.allowed_in & (1u << p)) ids[p] |= std::uint64_t{1} << static_cast<std::uint8_t>(info.id);
    return ids;
}();
}  // namespace detail

/// The table row for an identifier, or nullptr when the identifier is unassigned.
constexpr const property_info* find_property(std::uint32_t id) noexcept {
    if (id >= detail::property_row.size()) return nullptr;
    const auto row = detail::property_row[id];
    return row == 0xFF ? nullptr : &property_table[row];
}
/// The table row of a property_id (every enumerator is assigned, so there is always one).
constexpr const property_info& info_of(property_id id) noexcept { return property_table[detail::property_row[static_cast<std::uint8_t>(id)]]; }

/// May the property appear in place `p`? (A property anywhere else is a Malformed Packet, §2.2.2.2.)
constexpr bool allows(place p, property_id id) noexcept {
    return (detail::place_ids[static_cast<std::size_t>(p)] >> static_cast<std::uint8_t>(id)) & 1u;
}
/// May the property appear more than once in place `p`? (A repeat of any other is a Protocol Error.)
constexpr bool repeatable(place p, property_id id) noexcept { return (info_of(id).repeatable_in & place_bit(p)) != 0; }

/// Every place keeps a small index: one slot per identifier it allows, in identifier order. This is its size.
constexpr std::size_t slot_count(place p) noexcept {
    return static_cast<std::size_t>(std::popcount(detail::place_ids[static_cast<std::size_t>(p)]));
}
/// The index slot of identifier `id` in place `p` (meaningful when the place allows it).
constexpr std::size_t slot_of(place p, std::uint32_t id) noexcept {
    const auto below = detail::place_ids[static_cast<std::size_t>(p)] & ((std::uint64_t{1} << id) - 1);
    return static_cast<std::size_t>(std::popcount(below));
}

namespace detail {
// The rules of each row without its names, derived from property_table: the decoder reads only these, so
// firmware that never prints a property links none of the names.
struct property_rule {
    property_type type{};
    value_rule rule{};
    errc value_error{};
    std::uint16_t allowed_in{};
    std::uint16_t repeatable_in{};
};
inline constexpr std::array<property_rule, property_table.size()> property_rules = [] {
    std::array<property_rule, property_table.size()> rules{};
    for (std::size_t i = 0; i < rules.size(); ++i)
        rules[i] = {property_table[i].type, property_table[i].rule, property_table[i].value_error,
                    property_table[i].allowed_in, property_table[i].repeatable_in};
    return rules;
}();

#if defined(__OPTIMIZE_SIZE__)
// -Os: property_rules in 4 bytes a row for the decoder's loop (validate_properties) and slot_at, 108 bytes instead
// of 216 (issue 13: flash first): the type in bits 0-2, the value rule in bits 3-4 and where the property may
// repeat in bits 5-6 (0: nowhere, 1: in every place that allows it, 2: in PUBLISH only), then value_error and
// allowed_in. rule_of() unpacks a row into a property_rule.
struct packed_property_rule {
    std::uint8_t kind{};
    errc value_error{};
    std::uint16_t allowed_in{};
};
constexpr std::uint8_t repeat_code(const property_rule& r) noexcept {
    return r.repeatable_in == 0 ? 0 : r.repeatable_in == r.allowed_in ? 1 : r.repeatable_in == p_publish ? 2 : 3;
}
inline constexpr std::array<packed_property_rule, property_rules.size()> packed_property_rules = [] {
    std::array<packed_property_rule, property_rules.size()> packed{};
    for (std::size_t i = 0; i < packed.size(); ++i) {
        const auto& r = property_rules[i];
        packed[i] = {static_cast<std::uint8_t>(static_cast<unsigned>(r.type) | (static_cast<unsigned>(r.rule) << 3) |
                                               (static_cast<unsigned>(repeat_code(r)) << 5)),
                     r.value_error, r.allowed_in};
    }
    return packed;
}();
static_assert([] {
    for (const auto& r : property_rules)
        if (static_cast<unsigned>(r.type) > 7 || static_cast<unsigned>(r.rule) > 3 || repeat_code(r) > 2) return false;
    return true;
}(), "a property's rules do not fit packed_property_rule: widen it");
constexpr property_rule rule_of(std::size_t row) noexcept {
    const auto& r = packed_property_rules[row];
    const unsigned repeat = (r.kind >> 5) & 3u;
    return {static_cast<property_type>(r.kind & 7u), static_cast<value_rule>((r.kind >> 3) & 3u), r.value_error, r.allowed_in,
            static_cast<std::uint16_t>(repeat == 1 ? r.allowed_in : repeat == 2 ? p_publish : 0)};
}
#endif

// The wire type of an assigned identifier (no names involved).
constexpr property_type type_of(property_id id) noexcept { return property_rules[property_row[static_cast<std::uint8_t>(id)]].type; }

// slot_of for every (table row, place), derived at compile time: the decoder's hot loop reads it instead of
// counting bits (a library call on targets without a popcount instruction). 27 x 14 bytes.
inline constexpr std::array<std::array<std::uint8_t, place_count>, property_table.size()> slot_by_row = [] {
    std::array<std::array<std::uint8_t, place_count>, property_table.size()> slots{};
    for (std::size_t row = 0; row < property_table.size(); ++row)
        for (std::size_t p = 0; p < place_count; ++p)
            slots[row][p] = static_cast<std::uint8_t>(slot_of(static_cast<place>(p), static_cast<std::uint8_t>(property_table[row].id)));
    return slots;
}();

// The index slot of identifier `id` (table row `row`) in place `p`, as the decoder's loop looks it up.
#if defined(__OPTIMIZE_SIZE__)
// -Os: counted instead of read from slot_by_row (378 bytes): the rows of property_table are in identifier order,
// so the slot is the number of rows before `row` that the place allows. 32-bit operations only (a 64-bit mask of
// place_ids costs more code on Cortex-M, and std::popcount of 64 bits is a library call: issue 13, flash first).
constexpr std::size_t slot_at(place p, std::uint32_t, std::size_t row) noexcept {
    const auto bit = place_bit(p);
    std::size_t n = 0;
    for (std::size_t i = 0; i < row; ++i) n += (packed_property_rules[i].allowed_in & bit) != 0 ? 1u : 0u;
    return n;
}
#else
constexpr std::size_t slot_at(place p, std::uint32_t, std::size_t row) noexcept { return slot_by_row[row][static_cast<std::size_t>(p)]; }
#endif

// What the decoder's fast loop must check of a property's value: its type and value rule in one number, so
// that one jump selects both. Every (type, rule) pair property_table uses has a kind (static_assert below).
enum class value_kind : std::uint8_t {
    unassigned,        // no property has this identifier (or it does not fit the place table)
    not_allowed,       // assigned, but not in this place
    byte_any,
    byte_zero_or_one,
    two_byte_any,
    two_byte_non_zero,
    four_byte_any,
    four_byte_non_zero,
    varint_any,
    varint_non_zero,
    string_any,
    string_topic_name,
    binary_any,
    string_pair_any,
    none,  // a (type, rule) pair without a kind
};
constexpr value_kind kind_of(property_type type, value_rule rule) noexcept {
    switch (type) {
    case property_type::byte:
        return rule == value_rule::any ? value_kind::byte_any : rule == value_rule::zero_or_one ? value_kind::byte_zero_or_one : value_kind::none;
    case property_type::two_byte_integer:
        return rule == value_rule::any ? value_kind::two_byte_any : rule == value_rule::non_zero ? value_kind::two_byte_non_zero : value_kind::none;
    case property_type::four_byte_integer:
        return rule == value_rule::any ? value_kind::four_byte_any : rule == value_rule::non_zero ? value_kind::four_byte_non_zero : value_kind::none;
    case property_type::variable_byte_integer:
        return rule == value_rule::any ? value_kind::varint_any : rule == value_rule::non_zero ? value_kind::varint_non_zero : value_kind::none;
    case property_type::utf8_string:
        return rule == value_rule::any ? value_kind::string_any : rule == value_rule::topic_name ? value_kind::string_topic_name : value_kind::none;
    case property_type::binary_data: return rule == value_rule::any ? value_kind::binary_any : value_kind::none;
    case property_type::utf8_string_pair: return rule == value_rule::any ? value_kind::string_pair_any : value_kind::none;
    }
    return value_kind::none;
}
static_assert([] {
    for (const auto& info : property_table)
        if (kind_of(info.type, info.rule) == value_kind::none) return false;
    return true;
}(), "a property's (type, rule) has no value_kind: add one and its case to the decoder's fast loop");

// One identifier in one place: all the decoder's fast loop reads of it, in one load.
struct place_entry {
    value_kind kind{};       // unassigned, not_allowed, or what to check of the value
    std::uint8_t slot{};     // slot_of(place, id) when allowed
    bool repeatable{};       // may repeat in this place
    std::uint8_t unused{};   // (keeps the entry 4 bytes: one aligned load)
};
// Identifier (one-byte form, below 64) -> place_entry, one table per place, derived from property_table. Only
// the fast decoder reads it (not in -Os builds). One constant for every place rather than one template
// instance per place: the decoder's loop is then compiled once (issue 13: compile time).
inline constexpr std::array<std::array<place_entry, 64>, place_count> place_entries = [] {
    std::array<std::array<place_entry, 64>, place_count> all{};
    for (std::size_t p = 0; p < place_count; ++p) {
        auto& entries = all[p];
        for (std::size_t row = 0; row < property_table.size(); ++row) {
            const auto& info = property_table[row];
            auto& e = entries[static_cast<std::uint8_t>(info.id)];
            if ((info.allowed_in & place_bit(static_cast<place>(p))) == 0) {
                e.kind = value_kind::not_allowed;
                continue;
            }
            e.kind = kind_of(info.type, info.rule);
            e.slot = slot_by_row[row][p];
            e.repeatable = (info.repeatable_in & place_bit(static_cast<place>(p))) != 0;
        }
    }
    return all;
}();
}  // namespace detail

/// The property's snake_case name, e.g. "message_expiry_interval"; "unknown" for an unassigned identifier.
constexpr std::string_view to_string(property_id id) noexcept {
    const auto* info = find_property(static_cast<std::uint8_t>(id));
    return info == nullptr ? "unknown"sv : info->name;
}

/// The place a packet type's own property list stands in (CONNECT's Will Properties are place::will).
constexpr place place_of(packet_type t) noexcept {
    switch (t) {
    case packet_type::connect: return place::connect;
    case packet_type::connack: return place::connack;
    case packet_type::publish: return place::publish;
    case packet_type::puback: return place::puback;
    case packet_type::pubrec: return place::pubrec;
    case packet_type::pubrel: return place::pubrel;
    case packet_type::pubcomp: return place::pubcomp;
    case packet_type::subscribe: return place::subscribe;
    case packet_type::suback: return place::suback;
    case packet_type::unsubscribe: return place::unsubscribe;
    case packet_type::unsuback: return place::unsuback;
    case packet_type::disconnect: return place::disconnect;
    default: return place::auth;
    }
}

}  // namespace mqtt5
