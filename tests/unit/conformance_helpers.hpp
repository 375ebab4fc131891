// Helpers shared by the conformance tests written from the standard (edge_cases_test.cpp and
// normative_test.cpp): hex vectors, and exact checks of a decode result (errc, reason code, offset), of a
// successful decode and of byte-exact re-encoding.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "mqtt5.hpp"

namespace conformance {

using mqtt5::errc;
using bytes = std::vector<std::byte>;

inline constexpr std::uint8_t MAL = 0x81;  // Malformed Packet
inline constexpr std::uint8_t PE = 0x82;   // Protocol Error

inline const mqtt5::decode_options sender_unknown{};
inline const mqtt5::decode_options from_client{.sender = mqtt5::role::client};  // we are the Server
inline const mqtt5::decode_options from_server{.sender = mqtt5::role::server};  // we are the Client

// ---- hex helpers (local, so the file does not depend on another test's helpers) ----------------------

inline int digit_of(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

inline bytes hex(std::string_view text) {
    bytes out;
    int high = -1;
    for (const char c : text) {
        const int d = digit_of(c);
        if (d < 0) continue;  // spaces
        if (high < 0) {
            high = d;
        } else {
            out.push_back(static_cast<std::byte>((high << 4) | d));
            high = -1;
        }
    }
    EXPECT_LT(high, 0) << "odd number of hex digits in " << text;
    return out;
}

inline std::string hex_of(std::span<const std::byte> b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i != 0) out.push_back(' ');
        const auto v = static_cast<unsigned>(b[i]);
        out.push_back(digits[(v >> 4) & 0xF]);
        out.push_back(digits[v & 0xF]);
    }
    return out;
}

inline std::span<const std::byte> view(const bytes& b) { return {b.data(), b.size()}; }

// ---- result helpers ----------------------------------------------------------------------------------

inline std::string show(const mqtt5::error& e) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " (reason 0x%02X, offset %zu)", static_cast<unsigned>(e.reason), e.offset);
    return std::string(mqtt5::to_string(e.code)) + buf;
}

inline void expect_error(const mqtt5::error& e, errc code, std::uint8_t reason, std::size_t offset) {
    EXPECT_EQ(mqtt5::to_string(e.code), mqtt5::to_string(code)) << "got " << show(e);
    EXPECT_EQ(static_cast<unsigned>(e.reason), static_cast<unsigned>(reason)) << "got " << show(e);
    EXPECT_EQ(e.offset, offset) << "got " << show(e);
}

// Decoding `b` fails with exactly (code, reason, offset), through the variant decode and (when P is not
// void) through decode<P>.
template <class P>
inline void expect_decode_error(const bytes& b, errc code, std::uint8_t reason, std::size_t offset,
                         const mqtt5::decode_options& o = {}) {
    SCOPED_TRACE("decoding " + hex_of(b));
    const auto any = mqtt5::decode(view(b), o);
    EXPECT_FALSE(any.has_value());
    expect_error(any.error(), code, reason, offset);
    if constexpr (!std::is_void_v<P>) {
        const auto typed = mqtt5::decode<P>(view(b), o);
        EXPECT_FALSE(typed.has_value());
        expect_error(typed.error(), code, reason, offset);
    }
}

// encode(p) gives exactly `b`, and encoded_size agrees.
template <class P>
inline void expect_reencodes(const P& p, const bytes& b) {
    SCOPED_TRACE("re-encoding " + hex_of(b));
    const auto size = mqtt5::encoded_size(p);
    ASSERT_TRUE(size.has_value()) << show(size.error());
    EXPECT_EQ(*size, b.size());
    bytes out(b.size() + 16, std::byte{0xEE});
    const auto n = mqtt5::encode(p, std::span<std::byte>(out));
    ASSERT_TRUE(n.has_value()) << show(n.error());
    out.resize(*n);
    EXPECT_EQ(hex_of(out), hex_of(b));
}

// Decoding `b` succeeds (typed and variant, same content) and re-encodes to `b`. Returns the packet (its
// views point into `b`).
template <class P>
P expect_decode_ok(const bytes& b, const mqtt5::decode_options& o = {}, bool reencode = true) {
    SCOPED_TRACE("decoding " + hex_of(b));
    const auto typed = mqtt5::decode<P>(view(b), o);
    EXPECT_TRUE(typed.has_value()) << show(typed.error());
    const auto any = mqtt5::decode(view(b), o);
    EXPECT_TRUE(any.has_value()) << show(any.error());
    if (any.has_value() && typed.has_value()) {
        EXPECT_TRUE(std::holds_alternative<P>(*any));
        if (std::holds_alternative<P>(*any)) {
            EXPECT_TRUE(std::get<P>(*any) == *typed);
        }
    }
    if (typed.has_value() && reencode) expect_reencodes(*typed, b);
    return typed.has_value() ? *typed : P{};
}

inline std::string payload_hex(const mqtt5::publish& p) { return hex_of(p.payload); }

// ---- normative_test.cpp extras ------------------------------------------------------------------------

inline std::span<const std::byte> text_span(std::string_view s) { return {reinterpret_cast<const std::byte*>(s.data()), s.size()}; }

inline bytes with_byte(std::string_view prefix, std::uint8_t v, std::string_view suffix) {
    auto b = hex(prefix);
    b.push_back(static_cast<std::byte>(v));
    const auto s = hex(suffix);
    b.insert(b.end(), s.begin(), s.end());
    return b;
}

inline std::string name_of(errc e) { return std::string(mqtt5::to_string(e)); }

}  // namespace conformance
