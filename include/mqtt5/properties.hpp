/// \file
/// Property blocks: a validated view of a packet's property bytes with O(1) typed access to every
/// single-instance property and wire-order iteration of the repeatable ones (User Property, Subscription
/// Identifier). The bytes are kept exactly as they arrived (or as a builder wrote them, in the caller's
/// order), so a decoded block goes into an outgoing packet unchanged: forwarding without a copy or a change
/// [MQTT-3.3.2-17] [MQTT-3.3.2-18].
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "bytes.hpp"
#include "error.hpp"
#include "options.hpp"
#include "property_table.hpp"
#include "std_subset.hpp"
#include "topic.hpp"
#include "wire/integer.hpp"
#include "wire/utf8.hpp"
#include "wire/varint.hpp"

/// \def MQTT5_BUILDER_INLINE
/// `[[gnu::always_inline]] inline` for property_builder's writers when optimising for speed (GCC and clang),
/// plain `inline` under -Os, -O0 or another compiler: inlined into each setter, the property's identifier, type,
/// slot and value rule are constants, and its checks fold to the few that depend on the value. The public
/// setters use it too: a chain of them inlined into the caller keeps the builder's fields in registers between
/// calls, instead of a call (and its stores and loads) per property (issue 13: about 120 instructions on P1).
#if !MQTT5_OPTIMIZING_FOR_SPEED || !(defined(__GNUC__) || defined(__clang__))
#define MQTT5_BUILDER_INLINE inline
#else
#define MQTT5_BUILDER_INLINE [[gnu::always_inline]] inline
#endif

namespace mqtt5 {

/// A UTF-8 String Pair (§1.5.7), the value of a User Property: two views into the property bytes.
struct string_pair {
    std::string_view name{};   ///< the first string
    std::string_view value{};  ///< the second string
    /// Same name and same value (compared as text).
    friend constexpr bool operator==(const string_pair&, const string_pair&) = default;
};

/// One property as read from a block. Which member holds the value depends on the property's type:
/// `integer` for Byte, Two/Four Byte Integer and Variable Byte Integer; `string` for a UTF-8 string (and a
/// pair's name, with `pair_value`); `binary` for Binary Data.
struct property {
    property_id id{};                     ///< which property it is
    std::uint32_t integer{};              ///< the value of an integer property (Byte, Two/Four Byte, Variable Byte)
    std::string_view string{};            ///< the value of a UTF-8 string, or a UTF-8 String Pair's name
    std::string_view pair_value{};        ///< a UTF-8 String Pair's value
    std::span<const std::byte> binary{};  ///< the value of Binary Data
    std::size_t offset{};  ///< of the identifier byte, from the start of the block

    /// The property's data type (§1.5), which says the member that holds the value.
    constexpr property_type type() const noexcept { return detail::type_of(id); }
};

/// Maps a property data type to the C++ type its value is read as (one specialization per type).
template <property_type T> struct property_value;
/// A Byte is read as std::uint8_t.
template <> struct property_value<property_type::byte> {
    using type = std::uint8_t;  ///< the C++ type of the value
};
/// A Two Byte Integer is read as std::uint16_t.
template <> struct property_value<property_type::two_byte_integer> {
    using type = std::uint16_t;  ///< the C++ type of the value
};
/// A Four Byte Integer is read as std::uint32_t.
template <> struct property_value<property_type::four_byte_integer> {
    using type = std::uint32_t;  ///< the C++ type of the value
};
/// A Variable Byte Integer (at most 268,435,455) is read as std::uint32_t.
template <> struct property_value<property_type::variable_byte_integer> {
    using type = std::uint32_t;  ///< the C++ type of the value
};
/// A UTF-8 string is read as std::string_view.
template <> struct property_value<property_type::utf8_string> {
    using type = std::string_view;  ///< the C++ type of the value
};
/// A Binary Data is read as std::span<const std::byte>.
template <> struct property_value<property_type::binary_data> {
    using type = std::span<const std::byte>;  ///< the C++ type of the value
};
/// A UTF-8 String Pair is read as string_pair.
template <> struct property_value<property_type::utf8_string_pair> {
    using type = string_pair;  ///< the C++ type of the value
};

/// The C++ type of a property's value: std::uint8_t, std::uint16_t, std::uint32_t, std::string_view,
/// std::span<const std::byte> or string_pair.
template <property_id Id> using property_value_t = typename property_value<info_of(Id).type>::type;

namespace detail {

inline std::string_view as_chars(const std::byte* p, std::size_t n) noexcept { return as_text({p, n}); }

// Reading already-validated property bytes: no bounds checks are needed (the block was validated when it
// was decoded or built, and its type cannot be made any other way).
inline const std::byte* skip_id(const std::byte* p) noexcept {
    while ((static_cast<std::uint8_t>(*p) & 0x80u) != 0) ++p;
    return p + 1;
}
inline std::uint32_t read_id(const std::byte* p) noexcept { return wire::load_varint(p, p + 4, true).value; }

inline std::string_view read_string(const std::byte*& p) noexcept {
    const auto n = wire::load_u16(p);
    const auto s = as_chars(p + 2, n);
    p += 2 + n;
    return s;
}

// Parses the property starting at `p`; sets `next` to the byte after it.
inline property read_property(const std::byte* p, const std::byte*& next) noexcept {
    property out{};
    out.id = static_cast<property_id>(read_id(p));
    p = skip_id(p);
    switch (type_of(out.id)) {
    case property_type::byte: out.integer = static_cast<std::uint8_t>(*p); p += 1; break;
    case property_type::two_byte_integer: out.integer = wire::load_u16(p); p += 2; break;
    case property_type::four_byte_integer: out.integer = wire::load_u32(p); p += 4; break;
    case property_type::variable_byte_integer: {
        const auto v = wire::load_varint(p, p + 4, true);
        out.integer = v.value;
        p += v.width;
        break;
    }
    case property_type::utf8_string: out.string = read_string(p); break;
    case property_type::binary_data: {
        const auto n = wire::load_u16(p);
        out.binary = {p + 2, n};
        p += 2 + n;
        break;
    }
    case property_type::utf8_string_pair:
        out.string = read_string(p);
        out.pair_value = read_string(p);
        break;
    }
    next = p;
    return out;
}

template <property_id Id> property_value_t<Id> read_value(const std::byte* at_id) noexcept {
#if defined(__OPTIMIZE_SIZE__)
    // -Os: the value read for its known type, without read_property's switch over every type (issue 13).
    constexpr auto known = info_of(Id).type;
    const std::byte* p = skip_id(at_id);
    if constexpr (known == property_type::byte) return static_cast<std::uint8_t>(*p);
    else if constexpr (known == property_type::two_byte_integer) return wire::load_u16(p);
    else if constexpr (known == property_type::four_byte_integer) return wire::load_u32(p);
    else if constexpr (known == property_type::variable_byte_integer) return wire::load_varint(p, p + 4, true).value;
    else if constexpr (known == property_type::utf8_string) return read_string(p);
    else if constexpr (known == property_type::binary_data) return std::span<const std::byte>{p + 2, wire::load_u16(p)};
    else {
        const auto name = read_string(p);
        return string_pair{name, read_string(p)};
    }
#else
    const std::byte* next = nullptr;
    const auto prop = read_property(at_id, next);
    constexpr auto type = info_of(Id).type;
    if constexpr (type == property_type::utf8_string) {
        return prop.string;
    } else if constexpr (type == property_type::binary_data) {
        return prop.binary;
    } else if constexpr (type == property_type::utf8_string_pair) {
        return string_pair{prop.string, prop.pair_value};
    } else {
        return static_cast<property_value_t<Id>>(prop.integer);
    }
#endif
}

inline status property_error(errc code, std::size_t base, const std::byte* begin, const std::byte* at) noexcept {
    return make_status(code, base + static_cast<std::size_t>(at - begin));
}

// Validates `len` bytes at `begin` as the property list of `pl` and fills `index` (one slot per identifier
// the place allows, see slot_of; it must arrive zeroed) with 1 + the offset of each property's first
// occurrence. `base` is the block's offset in the packet, for error offsets. Checks: identifiers assigned
// and allowed in the place (§2.2.2.2, MAL), value types and lengths (MAL), UTF-8 [MQTT-1.5.4-1]
// [MQTT-1.5.4-2] [MQTT-1.5.7-1], single-instance repeats (PE), value rules (PE), and the cross-property
// rule of CONNECT: Authentication Data needs Authentication Method (§3.1.2.11.10).
inline status validate_properties(place pl, const std::byte* begin, std::size_t len, std::uint32_t* index,
                                 std::size_t base, const decode_options& options) noexcept {
    const std::byte* p = begin;
    const std::byte* const end = begin + len;
    const auto place_mask = place_bit(pl);
    while (p < end) {
        const std::byte* const at = p;
        std::uint32_t id = static_cast<std::uint8_t>(*p);
        if (id < 0x80) {
            ++p;
        } else {
            const auto v = wire::load_varint(p, end, options.allow_non_minimal_varint);
            if (v.code == errc::truncated) return property_error(errc::truncated, base, begin, end);
            if (v.code != errc::ok) return property_error(v.code, base, begin, at);
            id = v.value;
            p += v.width;
        }
        const auto row = id < detail::property_row.size() ? detail::property_row[id] : std::uint8_t{0xFF};
        if (row == 0xFF) return property_error(errc::invalid_property_id, base, begin, at);
#if defined(__OPTIMIZE_SIZE__)
        const detail::property_rule rule = detail::rule_of(row);  // -Os: from the packed table (property_table.hpp)
        const detail::property_rule* info = &rule;
#else
        const detail::property_rule* info = &detail::property_rules[row];
#endif
        if ((info->allowed_in & place_mask) == 0) return property_error(errc::property_not_allowed, base, begin, at);
        auto& slot = index[detail::slot_at(pl, id, row)];
        if (slot == 0) {
            slot = static_cast<std::uint32_t>(at - begin) + 1;
        } else if ((info->repeatable_in & place_mask) == 0) {
            return property_error(errc::duplicate_property, base, begin, at);
        }
#if defined(__OPTIMIZE_SIZE__)
        // -Os: the three fixed-size integers by one loop, the binary and the strings by another, with the checks
        // and errors of the switch below in its order (issue 13: realistic probe -44 bytes).
        std::uint32_t number = 0;
        const auto type = info->type;
        if (type == property_type::variable_byte_integer) {
            const auto v = wire::load_varint(p, end, options.allow_non_minimal_varint);
            if (v.code == errc::truncated) return property_error(errc::truncated, base, begin, end);
            if (v.code != errc::ok) return property_error(v.code, base, begin, p);
            number = v.value;
            p += v.width;
        } else if (type <= property_type::four_byte_integer) {
            static_assert(static_cast<unsigned>(property_type::byte) == 0 && static_cast<unsigned>(property_type::two_byte_integer) == 1 &&
                          static_cast<unsigned>(property_type::four_byte_integer) == 2, "width = 1 << type below");
            const auto width = static_cast<std::size_t>(1u << static_cast<unsigned>(type));  // 1, 2, 4 bytes, big-endian
            if (static_cast<std::size_t>(end - p) < width) return property_error(errc::truncated, base, begin, end);
            for (std::size_t i = 0; i < width; ++i) number = (number << 8) | static_cast<std::uint8_t>(*p++);
        } else {
            // Binary Data, UTF-8 String, UTF-8 String Pair: one or two length-prefixed fields.
            const int fields = type == property_type::utf8_string_pair ? 2 : 1;
            for (int s = 0; s < fields; ++s) {
                const auto avail = static_cast<std::size_t>(end - p);
                if (avail < 2 || avail - 2 < wire::load_u16(p)) return property_error(errc::truncated, base, begin, end);
                const auto text = as_chars(p + 2, wire::load_u16(p));
                if (type != property_type::binary_data) {
                    if (const auto e = wire::validate_utf8(text, options.reject_disallowed_code_points); e != errc::ok)
                        return property_error(e, base, begin, p);
                    if (info->rule == value_rule::topic_name) {
                        if (text.empty()) return property_error(errc::response_topic_empty, base, begin, at);
                        if (detail::check_topic_name_syntax(text) != errc::ok) return property_error(info->value_error, base, begin, at);
                    }
                }
                p += 2 + text.size();
            }
        }
#else
        const auto left = static_cast<std::size_t>(end - p);
        std::uint32_t number = 0;
        switch (info->type) {
        case property_type::byte:
            if (left < 1) return property_error(errc::truncated, base, begin, end);
            number = static_cast<std::uint8_t>(*p);
            p += 1;
            break;
        case property_type::two_byte_integer:
            if (left < 2) return property_error(errc::truncated, base, begin, end);
            number = wire::load_u16(p);
            p += 2;
            break;
        case property_type::four_byte_integer:
            if (left < 4) return property_error(errc::truncated, base, begin, end);
            number = wire::load_u32(p);
            p += 4;
            break;
        case property_type::variable_byte_integer: {
            const auto v = wire::load_varint(p, end, options.allow_non_minimal_varint);
            if (v.code == errc::truncated) return property_error(errc::truncated, base, begin, end);
            if (v.code != errc::ok) return property_error(v.code, base, begin, p);
            number = v.value;
            p += v.width;
            break;
        }
        case property_type::binary_data: {
            if (left < 2 || left - 2 < wire::load_u16(p)) return property_error(errc::truncated, base, begin, end);
            p += 2 + wire::load_u16(p);
            break;
        }
        case property_type::utf8_string:
        case property_type::utf8_string_pair: {
            const int strings = info->type == property_type::utf8_string ? 1 : 2;
            for (int s = 0; s < strings; ++s) {
                const auto avail = static_cast<std::size_t>(end - p);
                if (avail < 2 || avail - 2 < wire::load_u16(p)) return property_error(errc::truncated, base, begin, end);
                const auto text = as_chars(p + 2, wire::load_u16(p));
                if (const auto e = wire::validate_utf8(text, options.reject_disallowed_code_points); e != errc::ok)
                    return property_error(e, base, begin, p);
                if (info->rule == value_rule::topic_name) {
                    if (text.empty()) return property_error(errc::response_topic_empty, base, begin, at);
                    if (detail::check_topic_name_syntax(text) != errc::ok) return property_error(info->value_error, base, begin, at);
                }
                p += 2 + text.size();
            }
            break;
        }
        }
#endif
        if ((info->rule == value_rule::zero_or_one && number > 1) || (info->rule == value_rule::non_zero && number == 0))
            return property_error(info->value_error, base, begin, at);
    }
    if (pl == place::connect) {
        const auto data = index[slot_of(pl, static_cast<std::uint8_t>(property_id::authentication_data))];
        const auto method = index[slot_of(pl, static_cast<std::uint8_t>(property_id::authentication_method))];
        if (data != 0 && method == 0) return property_error(errc::authentication_data_without_method, base, begin, begin + data - 1);
    }
    return status{};
}

// True when the n bytes at s are plain ASCII (no NUL, nothing above 0x7F: valid UTF-8 [MQTT-1.5.4-1]
// [MQTT-1.5.4-2], and no code point a receiver may refuse) and 1 <= n <= 32, found with one or two 16-byte
// loads: a text of more than 16 bytes from its first and its last 16; a shorter one, in a block (from `begin`
// to `end`) of 16 bytes or more, from the 16 bytes of the block that end with it or, near the block's start,
// its first 16, else from its own bytes. Never a byte outside the text's block is read. False says only "not
// found plain": validate_utf8 then judges the text.
MQTT5_SCAN_INLINE bool plain_property_text(const char* s, std::size_t n, const std::byte* begin, const std::byte* end,
                                           bool reject_disallowed) noexcept {
    if (reject_disallowed) return false;
    if (n - 1 < 16)
        return (end - begin >= 16 ? wire::detail::unusual_bytes_in_input<false>(s, n, as_chars(begin, 0).data())
                                  : wire::detail::unusual_bytes_of_text<false>(s, n)) == 0;
    return n - 17 < 16 && (wire::detail::unusual_bytes16<false>(s) | wire::detail::unusual_bytes16<false>(s + n - 16)) == 0;
}

// validate_utf8 for the texts plain_property_text did not take, out of line: the property loop stays small
// enough to keep its string check inline.
MQTT5_SCAN_OUTLINE bool property_text_valid(std::string_view text, bool reject_disallowed) noexcept {
    return wire::validate_utf8(text, reject_disallowed) == errc::ok;
}

// A UTF-8 string at p that fits in the `avail` bytes there and is well-formed: true, and p moves past it.
// Inline in the property loop (a call per string cost more than its check; g++ 12 left it out of line).
// The block runs from `begin` to `end`.
MQTT5_SCAN_INLINE bool skip_property_string(const std::byte*& p, std::size_t avail, const std::byte* begin, const std::byte* end,
                                            const decode_options& options) noexcept {
    if (avail < 2 || avail - 2 < wire::load_u16(p)) return false;
    const auto text = as_chars(p + 2, wire::load_u16(p));
    const bool reject = options.reject_disallowed_code_points;
    if (!plain_property_text(text.data(), text.size(), begin, end, reject) && !property_text_valid(text, reject)) return false;
    p += 2 + text.size();
    return true;
}

// validate_properties in one pass with one table load per property (`entries`, the place's place_entries):
// true when the block is valid, with `index` filled as validate_properties fills it, apart from the one rule
// across properties of CONNECT (validate_properties_fast checks it). It only ever says yes: false means "not
// plainly valid", and validate_properties then finds what is wrong. The place's table is an argument, not a
// template parameter: one copy of the loop for every place (issue 13: 14 copies cost compile time and code).
inline bool plainly_valid_properties_in(const std::array<place_entry, 64>& entries, const std::byte* p,
                                        const std::byte* const end, std::uint32_t* index,
                                        const decode_options& options) noexcept {
    static_assert([] {
        for (const auto& table : place_entries)
            for (const auto& e : table)
                if (e.kind >= value_kind::none) return false;
        return true;
    }());
    const std::byte* const begin = p;
    while (p < end) {
        const std::uint32_t id = static_cast<std::uint8_t>(*p);
        if (id >= entries.size()) return false;  // a multi-byte identifier, or one no property has
        const place_entry e = entries[id];  // (unassigned and not_allowed: refused by the switch)
        auto& slot = index[e.slot];
        if (slot == 0) {
            slot = static_cast<std::uint32_t>(p - begin) + 1;
        } else if (!e.repeatable) {
            return false;
        }
        ++p;
        const auto left = static_cast<std::size_t>(end - p);
        bool ok = false;
        std::size_t width = 0;  // of a fixed-width value (strings move p themselves)
        switch (e.kind) {
        case value_kind::byte_any: ok = left >= 1; width = 1; break;
        case value_kind::byte_zero_or_one: ok = left >= 1 && static_cast<std::uint8_t>(*p) <= 1; width = 1; break;
        case value_kind::two_byte_any: ok = left >= 2; width = 2; break;
        case value_kind::two_byte_non_zero: ok = left >= 2 && (p[0] | p[1]) != std::byte{0}; width = 2; break;
        case value_kind::four_byte_any: ok = left >= 4; width = 4; break;
        case value_kind::four_byte_non_zero: ok = left >= 4 && (p[0] | p[1] | p[2] | p[3]) != std::byte{0}; width = 4; break;
        case value_kind::varint_any:
        case value_kind::varint_non_zero: {
            // A one-byte value (SUBSCRIBE's Subscription Identifier, 1..127) without load_varint.
            if (left >= 1 && static_cast<std::uint8_t>(*p) < 0x80u) {
                ok = *p != std::byte{0} || e.kind == value_kind::varint_any;
                width = 1;
                break;
            }
            const auto v = wire::load_varint(p, end, options.allow_non_minimal_varint);
            ok = v.code == errc::ok && (v.value != 0 || e.kind == value_kind::varint_any);
            width = v.width;
            break;
        }
        case value_kind::binary_any:
            ok = left >= 2 && left - 2 >= wire::load_u16(p);
            width = ok ? 2u + wire::load_u16(p) : 0u;
            break;
        case value_kind::string_any: ok = skip_property_string(p, left, begin, end, options); break;
        case value_kind::string_topic_name: {
            const std::byte* const text = p + 2;
            ok = skip_property_string(p, left, begin, end, options) && p != text &&
                 detail::check_topic_name_syntax(as_chars(text, static_cast<std::size_t>(p - text))) == errc::ok;
            break;
        }
        case value_kind::string_pair_any: ok = skip_property_string(p, left, begin, end, options) && skip_property_string(p, static_cast<std::size_t>(end - p), begin, end, options); break;
        case value_kind::unassigned:
        case value_kind::not_allowed: break;
#if defined(__GNUC__) || defined(__clang__)
        default: __builtin_unreachable();  // no entry of place_entries is anything else (static_assert above):
                                           // the jump then needs no range check
#else
        default: break;
#endif
        }
        if (!ok) return false;
        p += width;
    }
    return true;
}

// validate_properties for a place known at compile time: plainly_valid_properties_in says yes to the valid
// blocks, and anything else goes to validate_properties, which finds the error, its errc and offset, exactly
// as the decoder always did. So the two agree on every input as long as plainly_valid_properties_in accepts
// nothing validate_properties refuses (tests/unit/properties_fast_path_test.cpp holds it to that). Compiled in
// place of validate_properties where speed counts more than size (property_block::assign).
template <place P>
inline error validate_properties_fast(const std::byte* begin, std::size_t len, std::uint32_t* index, std::size_t base,
                                      const decode_options& options) noexcept {
    constexpr auto data = slot_of(P, static_cast<std::uint8_t>(property_id::authentication_data));
    constexpr auto method = slot_of(P, static_cast<std::uint8_t>(property_id::authentication_method));
    if (plainly_valid_properties_in(place_entries[static_cast<std::size_t>(P)], begin, begin + len, index, options) &&
        (P != place::connect || index[data] == 0 || index[method] != 0))  // Authentication Data needs Authentication Method (§3.1.2.11.10)
        return error{};
    std::memset(index, 0, slot_count(P) * sizeof(std::uint32_t));
    return to_error(validate_properties(P, begin, len, index, base, options));
}

// validate_properties_fast for a place known only at run time (without CONNECT's rule across properties, so
// not for place::connect): for the places whose blocks one out-of-line reader serves (read_properties).
inline error validate_properties_fast_of(place pl, const std::byte* begin, std::size_t len, std::uint32_t* index,
                                         std::size_t base, const decode_options& options) noexcept {
    if (plainly_valid_properties_in(place_entries[static_cast<std::size_t>(pl)], begin, begin + len, index, options)) return error{};
    std::memset(index, 0, slot_count(pl) * sizeof(std::uint32_t));
    return to_error(validate_properties(pl, begin, len, index, base, options));
}

struct property_block_access;

}  // namespace detail

/// Iterates the properties of a block in wire order, yielding `property`.
class property_iterator {
public:
    using value_type = property;                        ///< each step yields a property, by value
    using difference_type = std::ptrdiff_t;             ///< required of an iterator; never used
    using iterator_category = std::input_iterator_tag;  ///< read on the fly from the bytes, one pass

    /// An iterator over nothing (compares equal to another default one).
    constexpr property_iterator() noexcept = default;
    /// At the property that starts at `at` in the validated block that starts at `block` (offsets count from it).
    property_iterator(const std::byte* block, const std::byte* at) noexcept : block_(block), at_(at) {}
    /// Parses the property under the iterator, with its offset in the block.
    property operator*() const noexcept {
        const std::byte* next = nullptr;
        auto p = detail::read_property(at_, next);
        p.offset = static_cast<std::size_t>(at_ - block_);
        return p;
    }
    /// Steps over the property under the iterator.
    property_iterator& operator++() noexcept {
        detail::read_property(at_, at_);
        return *this;
    }
    /// Steps over the property under the iterator; returns where it was.
    property_iterator operator++(int) noexcept {
        auto old = *this;
        ++*this;
        return old;
    }
    /// Equal when both stand at the same byte.
    friend bool operator==(const property_iterator& a, const property_iterator& b) noexcept { return a.at_ == b.at_; }

private:
    const std::byte* block_{};
    const std::byte* at_{};
};

/// The values of one repeatable property (User Property, Subscription Identifier) in wire order.
template <property_id Id>
class repeated_property_range {
public:
    /// Walks the block from one occurrence of the property to the next, skipping the others.
    class iterator {
    public:
        using value_type = property_value_t<Id>;            ///< the value of one occurrence
        using difference_type = std::ptrdiff_t;             ///< required of an iterator; never used
        using iterator_category = std::input_iterator_tag;  ///< values are read on the fly, one pass
        /// An iterator over nothing.
        constexpr iterator() noexcept = default;
        /// At the occurrence that starts at `at`, in a validated block that ends at `end`.
        iterator(const std::byte* at, const std::byte* end) noexcept : at_(at), end_(end) {}
        /// The value of the occurrence under the iterator.
        value_type operator*() const noexcept { return detail::read_value<Id>(at_); }
        /// Moves to the next occurrence, or to the end of the block.
        iterator& operator++() noexcept {
            do {
                detail::read_property(at_, at_);
            } while (at_ != end_ && detail::read_id(at_) != static_cast<std::uint8_t>(Id));
            return *this;
        }
        /// Moves to the next occurrence; returns where it was.
        iterator operator++(int) noexcept {
            auto old = *this;
            ++*this;
            return old;
        }
        /// Equal when both stand at the same byte.
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.at_ == b.at_; }

    private:
        const std::byte* at_{};
        const std::byte* end_{};
    };

    /// The empty range.
    constexpr repeated_property_range() noexcept = default;
    /// The occurrences from `first` (the first one, or `end` for none) to `end`, the end of the validated block.
    repeated_property_range(const std::byte* first, const std::byte* end) noexcept : first_(first), end_(end) {}
    /// At the first occurrence.
    iterator begin() const noexcept { return {first_, end_}; }
    /// Past the last occurrence.
    iterator end() const noexcept { return {end_, end_}; }
    /// True when the property is absent.
    bool empty() const noexcept { return first_ == end_; }
    /// How many times the property occurs (counted by walking the block: O(size of the block)).
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }

private:
    const std::byte* first_{};
    const std::byte* end_{};
};

template <place P> class property_builder;

/// A validated property list for place P. Only decoding and property_builder<P> make one with content; a
/// default-constructed block is the empty list.
template <place P>
class property_block {
public:
    static constexpr mqtt5::place place = P;  ///< where the block stands, which decides the properties it may hold

    /// The empty list.
    constexpr property_block() noexcept = default;

    /// Validates raw property bytes (without their Property Length) as a block of place P.
    static result<property_block> parse(std::span<const std::byte> bytes, const decode_options& options = {}) noexcept {
        property_block block;
        if (const auto e = block.assign(bytes.data(), bytes.size(), 0, options); e.code != errc::ok) return e;
        return block;
    }
    /// The block views `bytes`: a temporary container is refused at compile time (borrowed.hpp).
    template <class Bytes>
        requires(detail::temporary_container<Bytes> && std::is_convertible_v<Bytes, std::span<const std::byte>>)
    static result<property_block> parse(Bytes&&, const decode_options& = {}) = delete;

    /// The property bytes exactly as they stand on the wire (without the Property Length).
    constexpr std::span<const std::byte> bytes() const noexcept { return bytes_; }
    /// True when the list holds no property (Property Length 0).
    constexpr bool empty() const noexcept { return bytes_.empty(); }
    /// The number of property bytes: the Property Length's value.
    constexpr std::size_t size_bytes() const noexcept { return bytes_.size(); }
    /// Width of the Property Length as it arrived when a decoder accepted a non-minimal form; 0 = shortest.
    constexpr std::uint8_t length_width() const noexcept { return length_width_; }

    /// Every property in wire order: the first.
    property_iterator begin() const noexcept { return {bytes_.data(), bytes_.data()}; }
    /// Past the last property.
    property_iterator end() const noexcept { return {bytes_.data(), bytes_.data() + bytes_.size()}; }

    /// Is the property present (for repeatable ones: at least once)?
    template <property_id Id>
        requires(allows(P, Id))
    bool contains() const noexcept {
        return index_[slot_of(P, static_cast<std::uint8_t>(Id))] != 0;
    }

    /// The value of a property (the first occurrence for a repeatable one), or nullopt when absent.
    template <property_id Id>
        requires(allows(P, Id))
    std::optional<property_value_t<Id>> get() const noexcept {
        const auto at = index_[slot_of(P, static_cast<std::uint8_t>(Id))];
        if (at == 0) return std::nullopt;
        return detail::read_value<Id>(bytes_.data() + at - 1);
    }

    /// Offset of the property's identifier byte in the block, or nullopt when absent (for error reports).
    std::optional<std::size_t> offset_of(property_id id) const noexcept {
        if (!allows(P, id)) return std::nullopt;
        const auto at = index_[slot_of(P, static_cast<std::uint8_t>(id))];
        if (at == 0) return std::nullopt;
        return at - 1;
    }

    /// All values of a repeatable property, in wire order.
    template <property_id Id>
        requires(allows(P, Id))
    repeated_property_range<Id> all() const noexcept {
        const auto at = index_[slot_of(P, static_cast<std::uint8_t>(Id))];
        const auto* end = bytes_.data() + bytes_.size();
        return at == 0 ? repeated_property_range<Id>{end, end} : repeated_property_range<Id>{bytes_.data() + at - 1, end};
    }

    // Named accessors, one per property the place allows (absent ones do not compile).
    /// The Payload Format Indicator (Byte), or nullopt when absent.
    auto payload_format_indicator() const noexcept requires(allows(P, property_id::payload_format_indicator)) { return get<property_id::payload_format_indicator>(); }
    /// The Message Expiry Interval (Four Byte Integer), or nullopt when absent.
    auto message_expiry_interval() const noexcept requires(allows(P, property_id::message_expiry_interval)) { return get<property_id::message_expiry_interval>(); }
    /// The Content Type (UTF-8 string), or nullopt when absent.
    auto content_type() const noexcept requires(allows(P, property_id::content_type)) { return get<property_id::content_type>(); }
    /// The Response Topic (UTF-8 string), or nullopt when absent.
    auto response_topic() const noexcept requires(allows(P, property_id::response_topic)) { return get<property_id::response_topic>(); }
    /// The Correlation Data (Binary Data), or nullopt when absent.
    auto correlation_data() const noexcept requires(allows(P, property_id::correlation_data)) { return get<property_id::correlation_data>(); }
    /// The Subscription Identifier (Variable Byte Integer), or nullopt when absent.
    auto subscription_identifier() const noexcept requires(allows(P, property_id::subscription_identifier)) { return get<property_id::subscription_identifier>(); }
    /// Every Subscription Identifier, in wire order (a PUBLISH carries one per matching subscription).
    auto subscription_identifiers() const noexcept requires(allows(P, property_id::subscription_identifier)) { return all<property_id::subscription_identifier>(); }
    /// The Session Expiry Interval (Four Byte Integer), or nullopt when absent.
    auto session_expiry_interval() const noexcept requires(allows(P, property_id::session_expiry_interval)) { return get<property_id::session_expiry_interval>(); }
    /// The Assigned Client Identifier (UTF-8 string), or nullopt when absent.
    auto assigned_client_identifier() const noexcept requires(allows(P, property_id::assigned_client_identifier)) { return get<property_id::assigned_client_identifier>(); }
    /// The Server Keep Alive (Two Byte Integer), or nullopt when absent.
    auto server_keep_alive() const noexcept requires(allows(P, property_id::server_keep_alive)) { return get<property_id::server_keep_alive>(); }
    /// The Authentication Method (UTF-8 string), or nullopt when absent.
    auto authentication_method() const noexcept requires(allows(P, property_id::authentication_method)) { return get<property_id::authentication_method>(); }
    /// The Authentication Data (Binary Data), or nullopt when absent.
    auto authentication_data() const noexcept requires(allows(P, property_id::authentication_data)) { return get<property_id::authentication_data>(); }
    /// The Request Problem Information (Byte), or nullopt when absent.
    auto request_problem_information() const noexcept requires(allows(P, property_id::request_problem_information)) { return get<property_id::request_problem_information>(); }
    /// The Will Delay Interval (Four Byte Integer), or nullopt when absent.
    auto will_delay_interval() const noexcept requires(allows(P, property_id::will_delay_interval)) { return get<property_id::will_delay_interval>(); }
    /// The Request Response Information (Byte), or nullopt when absent.
    auto request_response_information() const noexcept requires(allows(P, property_id::request_response_information)) { return get<property_id::request_response_information>(); }
    /// The Response Information (UTF-8 string), or nullopt when absent.
    auto response_information() const noexcept requires(allows(P, property_id::response_information)) { return get<property_id::response_information>(); }
    /// The Server Reference (UTF-8 string), or nullopt when absent.
    auto server_reference() const noexcept requires(allows(P, property_id::server_reference)) { return get<property_id::server_reference>(); }
    /// The Reason String (UTF-8 string), or nullopt when absent.
    auto reason_string() const noexcept requires(allows(P, property_id::reason_string)) { return get<property_id::reason_string>(); }
    /// The Receive Maximum (Two Byte Integer), or nullopt when absent.
    auto receive_maximum() const noexcept requires(allows(P, property_id::receive_maximum)) { return get<property_id::receive_maximum>(); }
    /// The Topic Alias Maximum (Two Byte Integer), or nullopt when absent.
    auto topic_alias_maximum() const noexcept requires(allows(P, property_id::topic_alias_maximum)) { return get<property_id::topic_alias_maximum>(); }
    /// The Topic Alias (Two Byte Integer), or nullopt when absent.
    auto topic_alias() const noexcept requires(allows(P, property_id::topic_alias)) { return get<property_id::topic_alias>(); }
    /// The Maximum QoS (Byte), or nullopt when absent.
    auto maximum_qos() const noexcept requires(allows(P, property_id::maximum_qos)) { return get<property_id::maximum_qos>(); }
    /// The Retain Available (Byte), or nullopt when absent.
    auto retain_available() const noexcept requires(allows(P, property_id::retain_available)) { return get<property_id::retain_available>(); }
    /// Every User Property, in wire order (the order a forwarding Server keeps, [MQTT-3.3.2-18]); every place
    /// allows them.
    auto user_properties() const noexcept { return all<property_id::user_property>(); }
    /// The Maximum Packet Size (Four Byte Integer), or nullopt when absent.
    auto maximum_packet_size() const noexcept requires(allows(P, property_id::maximum_packet_size)) { return get<property_id::maximum_packet_size>(); }
    /// The Wildcard Subscription Available (Byte), or nullopt when absent.
    auto wildcard_subscription_available() const noexcept requires(allows(P, property_id::wildcard_subscription_available)) { return get<property_id::wildcard_subscription_available>(); }
    /// The Subscription Identifier Available (Byte), or nullopt when absent.
    auto subscription_identifier_available() const noexcept requires(allows(P, property_id::subscription_identifier_available)) { return get<property_id::subscription_identifier_available>(); }
    /// The Shared Subscription Available (Byte), or nullopt when absent.
    auto shared_subscription_available() const noexcept requires(allows(P, property_id::shared_subscription_available)) { return get<property_id::shared_subscription_available>(); }

    /// Same property bytes (the index follows from them).
    friend bool operator==(const property_block& a, const property_block& b) noexcept {
        return a.bytes_.size() == b.bytes_.size() &&
               (a.bytes_.empty() || std::memcmp(a.bytes_.data(), b.bytes_.data(), a.bytes_.size()) == 0);
    }

private:
    friend struct detail::property_block_access;
    friend class property_builder<P>;

    error assign(const std::byte* p, std::size_t len, std::size_t base, const decode_options& options) noexcept {
        bytes_ = {p, len};
        if (len == 0) return error{};  // nothing to validate: the common case of acks and small PUBLISHes
#if !MQTT5_OPTIMIZING_FOR_SPEED
        return detail::to_error(detail::validate_properties(P, p, len, index_.data(), base, options));  // one loop (-Os, -O0)
#else
        return detail::validate_properties_fast<P>(p, len, index_.data(), base, options);
#endif
    }

    std::span<const std::byte> bytes_{};
    std::uint8_t length_width_{};
    std::array<std::uint32_t, slot_count(P)> index_{};
};

namespace detail {
struct property_block_access {
    template <place P>
    static error assign(property_block<P>& block, const std::byte* p, std::size_t len, std::size_t base,
                        const decode_options& options) noexcept {
        return block.assign(p, len, base, options);
    }
    template <place P> static void set_length_width(property_block<P>& block, std::uint8_t width) noexcept {
        block.length_width_ = width;
    }
    // The members a reader fills, apart from the place: one out-of-line reader serves every place under -Os
    // (read_properties, packets/common.hpp).
    struct fields {
        std::span<const std::byte>* bytes{};
        std::uint8_t* length_width{};
        std::uint32_t* index{};
    };
    template <place P> static fields fields_of(property_block<P>& block) noexcept {
        return {&block.bytes_, &block.length_width_, block.index_.data()};
    }
};
}  // namespace detail

/// Writes properties in the order it is called into caller-owned storage, then build() yields the block with
/// the decoder's own rules met. Only the properties place P allows have a method; a value the place does not
/// accept (a repeat, a 0 where 0 is a Protocol Error, ill-formed UTF-8) is reported by build() with the errc
/// and offset the decoder would give for the written bytes. The first error sticks. Each setter checks what it
/// writes as it writes it (its type and place are fixed at compile time), so build() does not parse the bytes
/// again, except under options it did not check with (reject_disallowed_code_points).
template <place P>
class property_builder {
public:
    /// A builder that writes into `storage` (which the block it builds will view; empty storage: a sizing pass).
    explicit property_builder(std::span<std::byte> storage) noexcept : storage_(storage) {}

    /// Appends the Payload Format Indicator (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& payload_format_indicator(std::uint8_t v) noexcept requires(allows(P, property_id::payload_format_indicator)) { return put_integer(property_id::payload_format_indicator, v); }
    /// Appends the Message Expiry Interval (Four Byte Integer).
    MQTT5_BUILDER_INLINE property_builder& message_expiry_interval(std::uint32_t v) noexcept requires(allows(P, property_id::message_expiry_interval)) { return put_integer(property_id::message_expiry_interval, v); }
    /// Appends the Content Type (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& content_type(std::string_view v) noexcept requires(allows(P, property_id::content_type)) { return put_strings(property_id::content_type, v); }
    /// Appends the Response Topic (UTF-8 string); build() refuses an empty name or one with a wildcard.
    MQTT5_BUILDER_INLINE property_builder& response_topic(std::string_view v) noexcept requires(allows(P, property_id::response_topic)) { return put_strings(property_id::response_topic, v); }
    /// Appends the Correlation Data (Binary Data).
    MQTT5_BUILDER_INLINE property_builder& correlation_data(std::span<const std::byte> v) noexcept requires(allows(P, property_id::correlation_data)) { return put_binary(property_id::correlation_data, v); }
    /// Appends the Subscription Identifier (Variable Byte Integer); build() refuses 0 (a Protocol Error).
    MQTT5_BUILDER_INLINE property_builder& subscription_identifier(std::uint32_t v) noexcept requires(allows(P, property_id::subscription_identifier)) { return put_integer(property_id::subscription_identifier, v); }
    /// Appends the Session Expiry Interval (Four Byte Integer).
    MQTT5_BUILDER_INLINE property_builder& session_expiry_interval(std::uint32_t v) noexcept requires(allows(P, property_id::session_expiry_interval)) { return put_integer(property_id::session_expiry_interval, v); }
    /// Appends the Assigned Client Identifier (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& assigned_client_identifier(std::string_view v) noexcept requires(allows(P, property_id::assigned_client_identifier)) { return put_strings(property_id::assigned_client_identifier, v); }
    /// Appends the Server Keep Alive (Two Byte Integer).
    MQTT5_BUILDER_INLINE property_builder& server_keep_alive(std::uint16_t v) noexcept requires(allows(P, property_id::server_keep_alive)) { return put_integer(property_id::server_keep_alive, v); }
    /// Appends the Authentication Method (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& authentication_method(std::string_view v) noexcept requires(allows(P, property_id::authentication_method)) { return put_strings(property_id::authentication_method, v); }
    /// Appends the Authentication Data (Binary Data).
    MQTT5_BUILDER_INLINE property_builder& authentication_data(std::span<const std::byte> v) noexcept requires(allows(P, property_id::authentication_data)) { return put_binary(property_id::authentication_data, v); }
    /// Appends the Request Problem Information (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& request_problem_information(std::uint8_t v) noexcept requires(allows(P, property_id::request_problem_information)) { return put_integer(property_id::request_problem_information, v); }
    /// Appends the Will Delay Interval (Four Byte Integer).
    MQTT5_BUILDER_INLINE property_builder& will_delay_interval(std::uint32_t v) noexcept requires(allows(P, property_id::will_delay_interval)) { return put_integer(property_id::will_delay_interval, v); }
    /// Appends the Request Response Information (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& request_response_information(std::uint8_t v) noexcept requires(allows(P, property_id::request_response_information)) { return put_integer(property_id::request_response_information, v); }
    /// Appends the Response Information (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& response_information(std::string_view v) noexcept requires(allows(P, property_id::response_information)) { return put_strings(property_id::response_information, v); }
    /// Appends the Server Reference (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& server_reference(std::string_view v) noexcept requires(allows(P, property_id::server_reference)) { return put_strings(property_id::server_reference, v); }
    /// Appends the Reason String (UTF-8 string).
    MQTT5_BUILDER_INLINE property_builder& reason_string(std::string_view v) noexcept requires(allows(P, property_id::reason_string)) { return put_strings(property_id::reason_string, v); }
    /// Appends the Receive Maximum (Two Byte Integer); build() refuses 0 (a Protocol Error).
    MQTT5_BUILDER_INLINE property_builder& receive_maximum(std::uint16_t v) noexcept requires(allows(P, property_id::receive_maximum)) { return put_integer(property_id::receive_maximum, v); }
    /// Appends the Topic Alias Maximum (Two Byte Integer).
    MQTT5_BUILDER_INLINE property_builder& topic_alias_maximum(std::uint16_t v) noexcept requires(allows(P, property_id::topic_alias_maximum)) { return put_integer(property_id::topic_alias_maximum, v); }
    /// Appends the Topic Alias (Two Byte Integer); build() refuses 0 (a Protocol Error).
    MQTT5_BUILDER_INLINE property_builder& topic_alias(std::uint16_t v) noexcept requires(allows(P, property_id::topic_alias)) { return put_integer(property_id::topic_alias, v); }
    /// Appends the Maximum QoS (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& maximum_qos(std::uint8_t v) noexcept requires(allows(P, property_id::maximum_qos)) { return put_integer(property_id::maximum_qos, v); }
    /// Appends the Retain Available (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& retain_available(std::uint8_t v) noexcept requires(allows(P, property_id::retain_available)) { return put_integer(property_id::retain_available, v); }
    /// Appends a User Property (a name and a value); it may repeat, in every place.
    MQTT5_BUILDER_INLINE property_builder& user_property(std::string_view name, std::string_view value) noexcept { return put_strings(property_id::user_property, name, value); }
    /// Appends the Maximum Packet Size (Four Byte Integer); build() refuses 0 (a Protocol Error).
    MQTT5_BUILDER_INLINE property_builder& maximum_packet_size(std::uint32_t v) noexcept requires(allows(P, property_id::maximum_packet_size)) { return put_integer(property_id::maximum_packet_size, v); }
    /// Appends the Wildcard Subscription Available (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& wildcard_subscription_available(std::uint8_t v) noexcept requires(allows(P, property_id::wildcard_subscription_available)) { return put_integer(property_id::wildcard_subscription_available, v); }
    /// Appends the Subscription Identifier Available (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& subscription_identifier_available(std::uint8_t v) noexcept requires(allows(P, property_id::subscription_identifier_available)) { return put_integer(property_id::subscription_identifier_available, v); }
    /// Appends the Shared Subscription Available (Byte); build() refuses a value other than 0 or 1.
    MQTT5_BUILDER_INLINE property_builder& shared_subscription_available(std::uint8_t v) noexcept requires(allows(P, property_id::shared_subscription_available)) { return put_integer(property_id::shared_subscription_available, v); }

    /// Appends a property read from another block (for example to forward a subset). It must be allowed here,
    /// and an integer must fit its type (a hand-made `property` with a Byte of 256 is invalid_argument).
    property_builder& add(const property& prop) noexcept {
        if (find_property(static_cast<std::uint8_t>(prop.id)) == nullptr) return fail(errc::invalid_property_id);
        if (!allows(P, prop.id)) return fail(errc::property_not_allowed);
        const auto type = prop.type();
        if ((type == property_type::byte && prop.integer > 0xFF) || (type == property_type::two_byte_integer && prop.integer > 0xFFFF))
            return fail(errc::invalid_argument);
        switch (type) {
        case property_type::utf8_string: return put_strings(prop.id, prop.string);
        case property_type::utf8_string_pair: return put_strings(prop.id, prop.string, prop.pair_value);
        case property_type::binary_data: return put_binary(prop.id, prop.binary);
        default: return put_integer(prop.id, prop.integer);
        }
    }

    /// Bytes written so far.
    std::size_t size() const noexcept { return size_; }

    /// Bytes that every property given so far needs, written or not: those that did not fit the storage
    /// count too, so a builder over empty storage is a sizing pass (run the same calls over storage of this
    /// size and build() succeeds, unless a value breaks a rule). A property refused for itself (not allowed
    /// in P, longer than 65,535 bytes, out of range) is not counted. The Property Length in front of the
    /// block is not part of it.
    std::size_t required_size() const noexcept { return required_; }

    /// Validates what was written (the decoder's rules) and returns the block, or the first error.
    result<property_block<P>> build(const decode_options& options = {}) const noexcept {
        if (error_.code != errc::ok) return error_;
        // The setters checked UTF-8 with the default options; a stricter check reads the bytes again.
        if (options.reject_disallowed_code_points) return property_block<P>::parse(storage_.first(size_), options);
        if (rule_error_.code != errc::ok) return rule_error_;
        if constexpr (P == place::connect) {  // the one rule across properties (§3.1.2.11.10)
            const auto data = index_[slot_of(P, static_cast<std::uint8_t>(property_id::authentication_data))];
            if (data != 0 && index_[slot_of(P, static_cast<std::uint8_t>(property_id::authentication_method))] == 0)
                return make_error(errc::authentication_data_without_method, data - 1);
        }
        property_block<P> block;
        block.bytes_ = storage_.first(size_);
        block.index_ = index_;
        return block;
    }

private:
    // Records the property just written at offset `at` in the index, as the decoder would: a repeat where the
    // place allows none is duplicate_property. false when its value need not be checked: it is a refused
    // repeat, or an earlier property broke a rule (the first error sticks).
    MQTT5_BUILDER_INLINE bool note(property_id id, std::size_t at) noexcept {
        if (rule_error_.code != errc::ok) return false;
        const auto row = detail::property_row[static_cast<std::uint8_t>(id)];
        auto& slot = index_[detail::slot_at(P, static_cast<std::uint8_t>(id), row)];
        if (slot == 0) {
            slot = static_cast<std::uint32_t>(at) + 1;
        } else if ((detail::property_rules[row].repeatable_in & place_bit(P)) == 0) {
            rule_error_ = make_error(errc::duplicate_property, at);
            return false;
        }
        return true;
    }
    // The value rule of an integer property (value_rule::zero_or_one, non_zero), as the decoder checks it.
    MQTT5_BUILDER_INLINE void check_integer(property_id id, std::uint32_t v, std::size_t at) noexcept {
        const auto& rule = detail::property_rules[detail::property_row[static_cast<std::uint8_t>(id)]];
        if ((rule.rule == value_rule::zero_or_one && v > 1) || (rule.rule == value_rule::non_zero && v == 0))
            rule_error_ = make_error(rule.value_error, at);
    }
    // The UTF-8 rules of a string written with its length at offset `at` [MQTT-1.5.4-1] [MQTT-1.5.4-2]; false
    // when it breaks one (recorded).
    MQTT5_BUILDER_INLINE bool check_utf8(std::string_view text, std::size_t at) noexcept {
        const auto e = utf8_of(text);
        if (e == errc::ok) return true;
        rule_error_ = make_error(e, at);
        return false;
    }

    // wire::validate_utf8's answer, with plain ASCII (no NUL, no byte 0x80 and above) found in one scan of 16
    // bytes at a time first (wire::validate_utf8_in's test, extended to any length): the common case of a
    // setter's string takes no byte loop. Only "valid" comes from the scan; anything else the exact check says.
    MQTT5_BUILDER_INLINE static errc utf8_of(std::string_view text) noexcept {
        const char* s = text.data();
        const std::size_t n = text.size();
        if constexpr (wire::detail::fast_string_paths) {
            if (n - 1 < 16) {
                if (wire::detail::unusual_bytes_of_text<false>(s, n) == 0) return errc::ok;
            } else if (n != 0 && wire::detail::unusual_bytes_pass_long<false>(s, n, [](std::size_t, std::uint32_t) { return false; })) {
                return errc::ok;
            }
        }
        return wire::validate_utf8(text);
    }
    // Copies a setter's string or binary value: up to 32 bytes by fixed-size moves that the compiler inlines
    // (two that may overlap), instead of a call of the library's memcpy that costs more than the copy (issue 13).
    MQTT5_BUILDER_INLINE static std::byte* copy_value(std::byte* w, const void* from, std::size_t n) noexcept {
        const auto* s = static_cast<const unsigned char*>(from);
#if !defined(__OPTIMIZE_SIZE__)
        if (n <= 32) {
            if (n >= 16) {
                std::memcpy(w, s, 16);
                std::memcpy(w + n - 16, s + n - 16, 16);
            } else if (n >= 8) {
                std::memcpy(w, s, 8);
                std::memcpy(w + n - 8, s + n - 8, 8);
            } else if (n >= 4) {
                std::memcpy(w, s, 4);
                std::memcpy(w + n - 4, s + n - 4, 4);
            } else if (n > 0) {
                w[0] = std::byte{s[0]};
                w[n / 2] = std::byte{s[n / 2]};
                w[n - 1] = std::byte{s[n - 1]};
            }
            return w + n;
        }
#endif
        if (n != 0) std::memcpy(w, s, n);
        return w + n;
    }

    property_builder& fail(errc code) noexcept {
        if (error_.code == errc::ok) error_ = make_error(code, size_);
        return *this;
    }
    // Counts `n` towards required_size(), then says whether to write it.
    MQTT5_BUILDER_INLINE bool reserve(std::size_t n) noexcept {
        required_ = n > static_cast<std::size_t>(-1) - required_ ? static_cast<std::size_t>(-1) : required_ + n;
        if (error_.code != errc::ok) return false;
        if (storage_.size() - size_ < n) {
            fail(errc::buffer_too_small);
            return false;
        }
        return true;
    }
    std::byte* cursor() noexcept { return storage_.data() + size_; }

    MQTT5_BUILDER_INLINE property_builder& put_integer(property_id id, std::uint32_t v) noexcept {
        const auto type = detail::type_of(id);
        if (type == property_type::variable_byte_integer && v > wire::varint_max) return fail(errc::varint_out_of_range);
        const std::size_t n = type == property_type::byte ? 1
                            : type == property_type::two_byte_integer ? 2
                            : type == property_type::four_byte_integer ? 4
                            : wire::varint_size(v);
        if (!reserve(1 + n)) return *this;
        auto* w = wire::store_u8(cursor(), static_cast<std::uint8_t>(id));
        switch (type) {
        case property_type::byte: wire::store_u8(w, static_cast<std::uint8_t>(v)); break;
        case property_type::two_byte_integer: wire::store_u16(w, static_cast<std::uint16_t>(v)); break;
        case property_type::four_byte_integer: wire::store_u32(w, v); break;
        default: wire::store_varint(w, v); break;
        }
        if (note(id, size_)) check_integer(id, v, size_);
        size_ += 1 + n;
        return *this;
    }
    MQTT5_BUILDER_INLINE property_builder& put_binary(property_id id, std::span<const std::byte> v) noexcept {
        if (v.size() > 65535) return fail(errc::binary_too_long);
        if (!reserve(3 + v.size())) return *this;
        auto* w = wire::store_u16(wire::store_u8(cursor(), static_cast<std::uint8_t>(id)), static_cast<std::uint16_t>(v.size()));
        copy_value(w, v.data(), v.size());
        note(id, size_);
        size_ += 3 + v.size();
        return *this;
    }
    MQTT5_BUILDER_INLINE property_builder& put_strings(property_id id, std::string_view a, std::optional<std::string_view> b = std::nullopt) noexcept {
        if (a.size() > 65535 || (b && b->size() > 65535)) return fail(errc::string_too_long);
        const std::size_t n = 1 + 2 + a.size() + (b ? 2 + b->size() : 0);
        if (!reserve(n)) return *this;
        auto* w = wire::store_u8(cursor(), static_cast<std::uint8_t>(id));
        w = wire::store_u16(w, static_cast<std::uint16_t>(a.size()));
        w = copy_value(w, a.data(), a.size());
        if (b) copy_value(wire::store_u16(w, static_cast<std::uint16_t>(b->size())), b->data(), b->size());
        // The decoder's order: the repeat, each string's UTF-8, then the Topic Name rule of Response Topic.
        const auto& rule = detail::property_rules[detail::property_row[static_cast<std::uint8_t>(id)]];
        if (rule.rule == value_rule::topic_name) {  // a single string: its UTF-8 and wildcards in one pass
            if (note(id, size_)) {
                // An empty string is valid UTF-8, so testing emptiness first keeps the decoder's order.
                const auto e = a.empty() ? errc::response_topic_empty : detail::check_topic_name_text(a, nullptr, false);
                if (e == errc::response_topic_empty) rule_error_ = make_error(e, size_);
                else if (e == errc::topic_name_has_wildcard) rule_error_ = make_error(rule.value_error, size_);
                else if (e != errc::ok) rule_error_ = make_error(e, size_ + 1);  // the UTF-8 error, at the string
            }
        } else if (note(id, size_) && check_utf8(a, size_ + 1) && b) {
            check_utf8(*b, size_ + 3 + a.size());
        }
        size_ += n;
        return *this;
    }

    std::span<std::byte> storage_{};
    std::size_t size_{};
    std::size_t required_{};
    error error_{};       // refused by a setter (storage, length, argument): build() reports it first, as ever
    error rule_error_{};  // the first decoder rule the written bytes break (what parsing them would report)
    std::array<std::uint32_t, slot_count(P)> index_{};  // the block's index, kept as the properties are written
};

}  // namespace mqtt5
