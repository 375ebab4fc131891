/// \file
/// What every packet codec shares: the wire form a decoded packet remembers, the fixed header, bounded
/// readers for decoding, and size-then-write helpers for encoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "../bytes.hpp"
#include "../error.hpp"
#include "../options.hpp"
#include "../packet_type.hpp"
#include "../properties.hpp"
#include "../wire/integer.hpp"
#include "../wire/utf8.hpp"
#include "../wire/varint.hpp"

namespace mqtt5 {

/// Which optional trailing fields an acknowledgement, DISCONNECT or AUTH carries at least (§3.4.2.1,
/// §3.14.2.1, §3.15.2.1): a PUBACK may arrive as `40 04 00 0b 97 00` although `40 03 00 0b 97` says the same.
/// The encoder writes at least these fields, and more when the content needs them.
enum class trailing_fields : std::uint8_t {
    shortest = 0,     ///< the shortest form the content allows
    reason_code = 1,  ///< the reason code is written even when it is 0x00
    properties = 2,   ///< the reason code and the Property Length are written even when they are 0
};

/// How a decoded packet stood on the wire, so that re-encoding gives exactly its input bytes. A packet the
/// caller builds keeps the defaults and is encoded in the shortest legal form.
struct wire_form {
    std::uint8_t remaining_length_width{};  ///< set only when a non-minimal Remaining Length was accepted
    trailing_fields fields{trailing_fields::shortest};  ///< the optional trailing fields the packet carried
    /// MQTT 3.1 (level 3) only, ignored at levels 4 and 5: the fixed-header flag bits that differ from the
    /// 3.1.1 values (XOR mask), i.e. DUP on a re-sent PUBREL, SUBSCRIBE or UNSUBSCRIBE and the bits 3.1 calls
    /// "not used", which it does not require to be 0 (spec/v311.md part 7).
    std::uint8_t v31_flags_xor{};
    /// MQTT 3.1 only: CONNACK byte 1, "Topic Name Compression Response" (not used; not Session Present).
    std::uint8_t v31_connack_flags{};
    /// Equal when every field is equal.
    friend constexpr bool operator==(const wire_form&, const wire_form&) = default;
};

/// \def MQTT5_TRY
/// Evaluates `expr`, an mqtt5::error, and returns it from the enclosing function unless its code is errc::ok
/// (a statement; the library's decoders chain their field readers with it).

/// \def MQTT5_NOINLINE
/// Keeps a function out of line (`__attribute__((noinline))`, or `__declspec(noinline)` with MSVC): the level
/// 3/4 paths use it so that the v5 paths are compiled as before they existed.

/// \def MQTT5_HOT_INLINE
/// `[[gnu::always_inline]] inline` for the v5 decode paths when optimising for speed (GCC and clang), plain
/// `inline` under -Os, -O0 or another compiler: with the level 3/4 code in the same translation unit GCC 12
/// stopped inlining them by itself (bench/README.md, callgrind counts).
#if !MQTT5_OPTIMIZING_FOR_SPEED || !(defined(__GNUC__) || defined(__clang__))
#define MQTT5_HOT_INLINE inline
#else
#define MQTT5_HOT_INLINE [[gnu::always_inline]] inline
#endif

/// \def MQTT5_OFF_HOT_PATH
/// For a part of a decoder that the common case does not reach (an ack's reason code and properties, the
/// complete framing checks): out of line when optimising for speed, so that the hot path keeps its values in
/// registers; inlined into its one caller under -Os, where a separate function would cost code size.
#if !(defined(__GNUC__) || defined(__clang__))
#define MQTT5_OFF_HOT_PATH inline
#elif defined(__OPTIMIZE_SIZE__)
#define MQTT5_OFF_HOT_PATH [[gnu::always_inline]] inline
#else
#define MQTT5_OFF_HOT_PATH [[gnu::noinline]] inline
#endif

/// \def MQTT5_COLD_PATH
/// For a part of a decoder that only unusual input reaches (the exact checks behind a fast loop): as
/// MQTT5_OFF_HOT_PATH, and marked cold when optimising for speed, so that GCC lays out and allocates registers
/// for the hot loop that calls it as if the call were not there (bench/callgrind, issue 13).
#if !(defined(__GNUC__) || defined(__clang__))
#define MQTT5_COLD_PATH inline
#elif defined(__OPTIMIZE_SIZE__)
#define MQTT5_COLD_PATH [[gnu::always_inline]] inline
#else
#define MQTT5_COLD_PATH [[gnu::noinline, gnu::cold]] inline
#endif

/// \def MQTT5_ONE_PIECE_UNDER_OS
/// For a part split off a decoder for speed (the compiler decides whether to inline it): under -Os it is
/// inlined back into its one caller, which measured smaller (bench/size) than a separate function.
#if (defined(__GNUC__) || defined(__clang__)) && defined(__OPTIMIZE_SIZE__)
#define MQTT5_ONE_PIECE_UNDER_OS [[gnu::always_inline]] inline
#else
#define MQTT5_ONE_PIECE_UNDER_OS inline
#endif

namespace detail {

constexpr bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) noexcept { return bytes_equal(a, b); }

// ---- decoding ------------------------------------------------------------------------------------------

struct fixed_header {
    packet_type type{};
    std::uint8_t flags{};
    std::uint32_t remaining_length{};
    std::uint8_t length_width{};  // bytes of the Remaining Length field
#if defined(__OPTIMIZE_SIZE__)
    // -Os: wire_form::remaining_length_width of the packet, set by begin_decode_of: length_width when a non-minimal
    // Remaining Length was accepted, else 0 (one test for every type instead of one in each decoder, issue 13).
    std::uint8_t kept_width{};
#endif
    std::size_t size() const noexcept { return 1u + length_width + remaining_length; }
};

// Parses the fixed header at the start of `in`. Running out of input is errc::incomplete_packet with the
// offset at the end of the input.
inline status read_fixed_header(std::span<const std::byte> in, fixed_header& fh, bool allow_non_minimal) noexcept {
    if (in.empty()) return make_status(errc::incomplete_packet, 0);
    const auto first = static_cast<std::uint8_t>(in[0]);
    fh.type = static_cast<packet_type>(first >> 4);
    fh.flags = first & 0x0F;
#if !defined(__OPTIMIZE_SIZE__)  // -Os: load_varint reads the one-byte form too (issue 13)
    if (in.size() >= 2 && static_cast<std::uint8_t>(in[1]) < 0x80) {  // the common one-byte Remaining Length
        fh.remaining_length = static_cast<std::uint8_t>(in[1]);
        fh.length_width = 1;
        return fh.type == packet_type{0} ? make_status(errc::reserved_packet_type, 0) : status{};
    }
#endif
    const auto v = wire::load_varint(in.data() + 1, in.data() + in.size(), allow_non_minimal);
    if (v.code == errc::truncated) return make_status(errc::incomplete_packet, in.size());
    if (v.code != errc::ok) return make_status(v.code, 1);
    fh.remaining_length = v.value;
    fh.length_width = v.width;
    if (fh.type == packet_type{0}) return make_status(errc::reserved_packet_type, 0);
    return status{};
}
// The same as an error, for the framer and the version selection.
inline error parse_fixed_header(std::span<const std::byte> in, fixed_header& fh, bool allow_non_minimal) noexcept {
    return to_error(read_fixed_header(in, fh, allow_non_minimal));
}

// A bounded cursor over one packet: `base` is the packet's first byte (offsets count from there), `end` the
// end of its Remaining Length.
struct reader {
    const std::byte* base{};
    const std::byte* pos{};
    const std::byte* end{};

    std::size_t offset(const std::byte* p) const noexcept { return static_cast<std::size_t>(p - base); }
    std::size_t left() const noexcept { return static_cast<std::size_t>(end - pos); }
    bool at_end() const noexcept { return pos == end; }
    status fail(errc code, const std::byte* at) const noexcept { return make_status(code, offset(at)); }
    status truncated() const noexcept { return fail(errc::truncated, end); }
};

// The reader of a part split off a decoder: by value when optimising for speed (the caller's reader stays in
// registers), by reference under -Os (the part is inlined back, and a copy would cost its stores: issue 13).
#if defined(__OPTIMIZE_SIZE__)
using reader_param = reader&;
#else
using reader_param = reader;
#endif

#if defined(__OPTIMIZE_SIZE__)
#define MQTT5_TRY(expr)                                                                                      \
    do {                                                                                                     \
        if (const auto mqtt5_try_error_ = (expr); !::mqtt5::detail::is_ok(mqtt5_try_error_)) \
            return mqtt5_try_error_;                                                                         \
    } while (false)
#else
#define MQTT5_TRY(expr)                                                                                      \
    do {                                                                                                     \
        if (const ::mqtt5::error mqtt5_try_error_ = (expr); mqtt5_try_error_.code != ::mqtt5::errc::ok) \
            return mqtt5_try_error_;                                                                         \
    } while (false)
#endif

inline status read_u8(reader& r, std::uint8_t& v) noexcept {
    if (r.left() < 1) return r.truncated();
    v = static_cast<std::uint8_t>(*r.pos++);
    return status{};
}

inline status read_u16(reader& r, std::uint16_t& v) noexcept {
    if (r.left() < 2) return r.truncated();
    v = wire::load_u16(r.pos);
    r.pos += 2;
    return status{};
}

// A Packet Identifier: non-zero [MQTT-2.2.1-3] [MQTT-2.2.1-4] (receiving 0: PE*). Inlined when optimising for
// speed: left to GCC 12, it was inlined or not depending on the rest of the translation unit (callgrind, issue 13:
// decode_P5b 68 -> 48 inlined; decode_P2 166 -> 171 when GCC inlined it by itself, 167 forced).
MQTT5_HOT_INLINE status read_packet_id(reader& r, std::uint16_t& v) noexcept {
    const auto* at = r.pos;
    MQTT5_TRY(read_u16(r, v));
    return v == 0 ? r.fail(errc::packet_id_zero, at) : status{};
}

inline status read_binary(reader& r, std::span<const std::byte>& out) noexcept {
    if (r.left() < 2 || r.left() - 2 < wire::load_u16(r.pos)) return r.truncated();
    out = {r.pos + 2, wire::load_u16(r.pos)};
    r.pos += 2 + out.size();
    return status{};
}

#if !defined(__OPTIMIZE_SIZE__)
// A UTF-8 Encoded String, validated [MQTT-1.5.4-1] [MQTT-1.5.4-2]; errors point at its length prefix.
MQTT5_HOT_INLINE status read_string(reader& r, std::string_view& out, const decode_options& options) noexcept {
    const auto* at = r.pos;
    if (r.left() < 2 || r.left() - 2 < wire::load_u16(at)) return r.truncated();
    const std::size_t n = wire::load_u16(at);
    out = as_chars(at + 2, n);
    r.pos = at + 2 + n;
    if (const auto e = wire::validate_utf8(out, options.reject_disallowed_code_points); e != errc::ok) return r.fail(e, at);
    return status{};
}

// A Property Length in neither of the usual forms (one byte, or two bytes in the minimal form) at r.pos: three
// or four bytes, a non-minimal one (with decode_options::allow_non_minimal_varint), or a malformed one. Its
// value into `length` and its width into `width`, r.pos left on its last byte. One function for every place,
// out of line: inlined into each place's read_property_block it was about 200 bytes that the usual packet
// never runs, fourteen times over (compile time, issue 13).
[[gnu::noinline]] inline status read_long_property_length(reader& r, std::uint32_t& length, std::uint8_t& width,
                                                          const decode_options& options) noexcept {
    const auto* at = r.pos;
    const auto v = wire::load_varint(r.pos, r.end, options.allow_non_minimal_varint);
    if (v.code == errc::truncated) return r.truncated();
    if (v.code != errc::ok) return r.fail(v.code, at);
    length = v.value;
    width = v.width;
    r.pos += v.width - 1;
    return status{};
}

// A Property Length and a non-empty property block at r.pos (read_properties has checked that it is there).
template <place P>
status read_property_block(reader& r, property_block<P>& block, const decode_options& options, std::size_t* base_out) noexcept {
    const auto* at = r.pos;
    std::uint32_t length = static_cast<std::uint8_t>(*at);  // a one-byte Property Length: the usual case
    if (length >= 0x80u) {
        // The next: two bytes in the minimal form, inline; anything else through load_varint.
        if (const auto two = wire::detail::two_byte_varint(length, r.left() >= 2 ? static_cast<std::uint8_t>(at[1]) : 0u); two != 0) {
            length = two;
            ++r.pos;
        } else {
            std::uint8_t width = 0;
            MQTT5_TRY(read_long_property_length(r, length, width, options));
            if (width > wire::varint_size(length)) property_block_access::set_length_width(block, width);
        }
    }
    ++r.pos;
    if (r.left() < length) return r.truncated();
    const auto base = r.offset(r.pos);
    if (base_out != nullptr) *base_out = base;
    MQTT5_TRY(property_block_access::assign(block, r.pos, length, base, options));
    r.pos += length;
    return status{};
}

// read_property_block for the places whose properties the usual traffic does not carry (see
// shares_property_reader): the place an argument and the block's members by pointer, so one out-of-line copy
// serves all of them instead of one per place (compile time, issue 13). The same checks in the same order.
[[gnu::noinline]] inline status read_property_block_of(reader& r, place pl, const property_block_access::fields& block,
                                                       const decode_options& options, std::size_t* base_out) noexcept {
    const auto* at = r.pos;
    std::uint32_t length = static_cast<std::uint8_t>(*at);
    if (length >= 0x80u) {
        if (const auto two = wire::detail::two_byte_varint(length, r.left() >= 2 ? static_cast<std::uint8_t>(at[1]) : 0u); two != 0) {
            length = two;
            ++r.pos;
        } else {
            std::uint8_t width = 0;
            MQTT5_TRY(read_long_property_length(r, length, width, options));
            if (width > wire::varint_size(length)) *block.length_width = width;
        }
    }
    ++r.pos;
    if (r.left() < length) return r.truncated();
    const auto base = r.offset(r.pos);
    if (base_out != nullptr) *base_out = base;
    *block.bytes = {r.pos, length};  // as property_block::assign
    if (length != 0) MQTT5_TRY(validate_properties_fast_of(pl, r.pos, length, block.index, base, options));
    r.pos += length;
    return status{};
}

// The places that share read_property_block_of: CONNACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBSCRIBE, UNSUBACK
// and AUTH. CONNECT, the Will, PUBLISH, PUBACK, SUBSCRIBE and DISCONNECT keep their own inlined copy: the
// measured decodes (bench/callgrind) run through those, and the shared one costs each a few instructions.
constexpr bool shares_property_reader(place p) noexcept {
    return p != place::connect && p != place::will && p != place::publish && p != place::puback &&
           p != place::subscribe && p != place::disconnect;
}

// Property Length + properties. A missing Property Length where one is required is
// errc::missing_property_length [MQTT-2.2.2-1] (MAL*). `base_out` receives the block's offset in the packet.
// Inline for the common empty block (Property Length 0: acks and small packets); the rest out of line.
template <place P>
MQTT5_HOT_INLINE status read_properties(reader& r, property_block<P>& block, const decode_options& options,
                                       std::size_t* base_out = nullptr) noexcept {
    if (r.at_end()) return r.fail(errc::missing_property_length, r.pos);
    if (static_cast<std::uint8_t>(*r.pos) == 0) {
        ++r.pos;
        if (base_out != nullptr) *base_out = r.offset(r.pos);
        return status{};
    }
    if constexpr (shares_property_reader(P))
        return read_property_block_of(r, P, property_block_access::fields_of(block), options, base_out);
    else
        return read_property_block(r, block, options, base_out);
}

#else
// -Os: one function each, as before issue 13 (inlined by the compiler where it pays).
// A UTF-8 Encoded String, validated [MQTT-1.5.4-1] [MQTT-1.5.4-2]; errors point at its length prefix.
inline status read_string(reader& r, std::string_view& out, const decode_options& options) noexcept {
    const auto* at = r.pos;
    std::span<const std::byte> raw;
    MQTT5_TRY(read_binary(r, raw));
    out = as_chars(raw.data(), raw.size());
    if (const auto e = wire::validate_utf8(out, options.reject_disallowed_code_points); e != errc::ok) return r.fail(e, at);
    return status{};
}

// Property Length + properties. A missing Property Length where one is required is
// errc::missing_property_length [MQTT-2.2.2-1] (MAL*). `base_out` receives the block's offset in the packet.
#if defined(__OPTIMIZE_SIZE__)
// -Os: one out-of-line reader for every place instead of one inlined copy per packet and place (issue 13).
inline status read_properties_of(reader& r, place pl, const property_block_access::fields& block,
                               const decode_options& options, std::size_t* base_out) noexcept {
    if (r.at_end()) return r.fail(errc::missing_property_length, r.pos);
    const auto* at = r.pos;
    if (static_cast<std::uint8_t>(*r.pos) == 0) {
        ++r.pos;
        if (base_out != nullptr) *base_out = r.offset(r.pos);
        return status{};
    }
    const auto v = wire::load_varint(r.pos, r.end, options.allow_non_minimal_varint);
    if (v.code == errc::truncated) return r.truncated();
    if (v.code != errc::ok) return r.fail(v.code, at);
    r.pos += v.width;
    if (r.left() < v.value) return r.truncated();
    if (v.width > wire::varint_size(v.value)) *block.length_width = v.width;
    const auto base = r.offset(r.pos);
    if (base_out != nullptr) *base_out = base;
    *block.bytes = {r.pos, v.value};
    MQTT5_TRY(validate_properties(pl, r.pos, v.value, block.index, base, options));
    r.pos += v.value;
    return status{};
}
template <place P>
status read_properties(reader& r, property_block<P>& block, const decode_options& options, std::size_t* base_out = nullptr) noexcept {
    return read_properties_of(r, P, property_block_access::fields_of(block), options, base_out);
}
#else
template <place P>
status read_properties(reader& r, property_block<P>& block, const decode_options& options, std::size_t* base_out = nullptr) noexcept {
    if (r.at_end()) return r.fail(errc::missing_property_length, r.pos);
    const auto* at = r.pos;
    if (static_cast<std::uint8_t>(*r.pos) == 0) {  // no properties: the common case of acks and small packets
        ++r.pos;
        if (base_out != nullptr) *base_out = r.offset(r.pos);
        return status{};
    }
    const auto v = wire::load_varint(r.pos, r.end, options.allow_non_minimal_varint);
    if (v.code == errc::truncated) return r.truncated();
    if (v.code != errc::ok) return r.fail(v.code, at);
    r.pos += v.width;
    if (r.left() < v.value) return r.truncated();
    if (v.width > wire::varint_size(v.value)) property_block_access::set_length_width(block, v.width);
    const auto base = r.offset(r.pos);
    if (base_out != nullptr) *base_out = base;
    MQTT5_TRY(property_block_access::assign(block, r.pos, v.value, base, options));
    r.pos += v.value;
    return status{};
}
#endif

#endif

inline status expect_end(const reader& r) noexcept { return r.at_end() ? status{} : r.fail(errc::trailing_bytes, r.pos); }

// The fixed-header flags of a non-PUBLISH packet at level 3 or 4. Level 4: exactly `required` (0000, or 0010
// for PUBREL, SUBSCRIBE, UNSUBSCRIBE) [MQTT-2.2.2-1] [MQTT-2.2.2-2] (3.1.1). Level 3: 3.1 calls these bits
// "not used" and sets DUP on a re-sent PUBREL, SUBSCRIBE or UNSUBSCRIBE, so only the QoS 1 of those three is
// required; what differs from the 3.1.1 value is kept in form.v31_flags_xor so the packet re-encodes exactly.
inline status check_v3_flags(const fixed_header& fh, std::uint8_t required, protocol_version v, wire_form& form,
                            const reader& r) noexcept {
    if (fh.flags == required) return status{};
    if (v == protocol_version::v31 && (required == 0 || (fh.flags & 0x6u) == 0x2u)) {
        form.v31_flags_xor = static_cast<std::uint8_t>(fh.flags ^ required);
        return status{};
    }
    return r.fail(errc::invalid_fixed_header_flags, r.base);
}

// ---- encoding ------------------------------------------------------------------------------------------

// Adds up a Remaining Length, validating each field on the way; never exceeds 268,435,455 (so it never
// overflows, even with a 32-bit size_t).
struct sizer {
    std::size_t size{};
    errc code{errc::ok};

#if defined(__OPTIMIZE_SIZE__)
    [[gnu::noinline]]  // -Os: one copy (issue 13)
#endif
    void fail(errc e) noexcept {
        if (code == errc::ok) code = e;
    }
    void add(std::size_t n) noexcept {
        if (n > wire::varint_max - size) fail(errc::remaining_length_too_large);
        else size += n;
    }
    void binary(std::span<const std::byte> b) noexcept {
        if (b.size() > 65535) fail(errc::binary_too_long);
        else add(2 + b.size());
    }
    void string(std::string_view s) noexcept {
        if (s.size() > 65535) return fail(errc::string_too_long);
        if (const auto e = wire::validate_utf8(s); e != errc::ok) return fail(e);
        add(2 + s.size());
    }
    // The same, for the level 3/4 encoders: one out-of-line call site, so that adding them does not change how
    // the compiler inlines string() into the v5 encoders.
    void string_v3(std::string_view s) noexcept;
#if defined(__OPTIMIZE_SIZE__)
    // -Os: one out-of-line copy for every place instead of one inlined per packet and place (issue 13).
    template <place P> void properties(const property_block<P>& block) noexcept { property_bytes(block.size_bytes(), block.length_width()); }
    [[gnu::noinline]] void property_bytes(std::size_t n, std::uint8_t width) noexcept {
        if (n > wire::varint_max) return fail(errc::remaining_length_too_large);
        add(wire::varint_size(static_cast<std::uint32_t>(n), width) + n);
    }
#else
    template <place P> void properties(const property_block<P>& block) noexcept {
        if (block.size_bytes() > wire::varint_max) return fail(errc::remaining_length_too_large);
        add(wire::varint_size(static_cast<std::uint32_t>(block.size_bytes()), block.length_width()) + block.size_bytes());
    }
#endif
    result<std::size_t> done() const noexcept {
        if (code != errc::ok) return make_error(code, 0);
        return size;
    }
};

#if defined(_MSC_VER) && !defined(__clang__)
#define MQTT5_NOINLINE __declspec(noinline)
#else
#define MQTT5_NOINLINE __attribute__((noinline))
#endif
MQTT5_NOINLINE inline void sizer::string_v3(std::string_view s) noexcept { string(s); }
// read_string for the level 3/4 decoders, out of line: one copy of the string checks for all of them instead
// of one inlined into each (compile time, issue 13); the v5 decoders keep their inlined read_string.
MQTT5_NOINLINE inline status read_string_v3(reader& r, std::string_view& out, const decode_options& options) noexcept {
    return read_string(r, out, options);
}
// read_string for a field that only unusual input brings to it (the exact checks behind a fast loop that
// steps over plainly valid entries): out of line and cold when optimising for speed (compile time, issue 13),
// inlined under -Os (MQTT5_COLD_PATH).
MQTT5_COLD_PATH status read_string_unusual(reader& r, std::string_view& out, const decode_options& options) noexcept {
    return read_string(r, out, options);
}

inline std::byte* write_bytes(std::byte* w, std::span<const std::byte> b) noexcept {
    const auto n = b.size();
#if !defined(__OPTIMIZE_SIZE__)
    // Up to 16 bytes (short topics, client identifiers, small payloads) by fixed-size moves that the compiler
    // inlines, instead of a call of the library's memcpy that costs more than the copy (issue 13).
    if (n <= 16) {
        const auto* s = b.data();
        if (n >= 8) {
            std::memcpy(w, s, 8);
            std::memcpy(w + n - 8, s + n - 8, 8);
        } else if (n >= 4) {
            std::memcpy(w, s, 4);
            std::memcpy(w + n - 4, s + n - 4, 4);
        } else if (n > 0) {
            w[0] = s[0];
            w[n / 2] = s[n / 2];
            w[n - 1] = s[n - 1];
        }
        return w + n;
    }
#endif
    if (n != 0) std::memcpy(w, b.data(), n);
    return w + n;
}
#if defined(__OPTIMIZE_SIZE__)
// -Os: on a pointer and a size: given a std::span by value, GCC 12 -Os stores it to the stack first, in the
// function and at its call sites (issue 13; check_topic_name_syntax_of in topic.hpp does the same).
inline std::byte* write_binary_of(std::byte* w, const std::byte* data, std::size_t size) noexcept {
    return write_bytes(wire::store_u16(w, static_cast<std::uint16_t>(size)), {data, size});
}
inline std::byte* write_binary(std::byte* w, std::span<const std::byte> b) noexcept { return write_binary_of(w, b.data(), b.size()); }
#else
inline std::byte* write_binary(std::byte* w, std::span<const std::byte> b) noexcept {
    return write_bytes(wire::store_u16(w, static_cast<std::uint16_t>(b.size())), b);
}
#endif
inline std::byte* write_string(std::byte* w, std::string_view s) noexcept {
    return write_binary(w, text_as_bytes(s));
}
#if defined(__OPTIMIZE_SIZE__)
// -Os: one out-of-line copy for every place (issue 13).
// On a pointer and a size, as write_binary_of.
[[gnu::noinline]] inline std::byte* write_property_bytes(std::byte* w, const std::byte* data, std::size_t size, std::uint8_t width) noexcept {
    return write_bytes(wire::store_varint(w, static_cast<std::uint32_t>(size), width), {data, size});
}
template <place P> std::byte* write_properties(std::byte* w, const property_block<P>& block) noexcept {
    return write_property_bytes(w, block.bytes().data(), block.size_bytes(), block.length_width());
}
#else
template <place P> std::byte* write_properties(std::byte* w, const property_block<P>& block) noexcept {
    w = wire::store_varint(w, static_cast<std::uint32_t>(block.size_bytes()), block.length_width());
    return write_bytes(w, block.bytes());
}
#endif

// The codec of each packet type specialises this with: `type`, `decode(packet&, const fixed_header&,
// reader&, const decode_options&)`, `body_size(const packet&, const encode_options&)` (validates and returns
// the Remaining Length), `flags(const packet&)` and `write_body(const packet&, std::byte*)` for v5, and
// `decode_v3`, `body_size_v3(const packet&, protocol_version)` and `write_body_v3(const packet&, std::byte*,
// protocol_version)` for levels 3 and 4 (MQTT 3.1 and 3.1.1). The v3 functions are separate so that the v5
// ones keep their fast paths untouched and a build with MQTT5_ENABLE_V311 0 never instantiates them.
template <class Packet> struct codec;

}  // namespace detail
}  // namespace mqtt5
