// Test helpers: hex text <-> bytes.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace test_util {

// Value of one hex digit, or -1.
inline int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "30 0A 00 01" (or "300A0001") -> bytes. Whitespace is ignored; any other non-hex character, or an odd
// number of digits, yields an empty vector.
inline std::vector<std::byte> from_hex(std::string_view hex) {
    std::vector<std::byte> out;
    int high = -1;
    for (const char c : hex) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
        const int d = hex_digit(c);
        if (d < 0) return {};
        if (high < 0) {
            high = d;
        } else {
            out.push_back(static_cast<std::byte>((high << 4) | d));
            high = -1;
        }
    }
    if (high >= 0) return {};
    return out;
}

// bytes -> "30 0A 00 01" (upper case, one space between bytes).
inline std::string to_hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 3);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out.push_back(' ');
        const auto v = static_cast<unsigned>(bytes[i]);
        out.push_back(digits[(v >> 4) & 0xF]);
        out.push_back(digits[v & 0xF]);
    }
    return out;
}

// The bytes of a text (no terminating NUL).
inline std::vector<std::byte> from_text(std::string_view text) {
    std::vector<std::byte> out(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::byte>(static_cast<unsigned char>(text[i]));
    return out;
}

}  // namespace test_util
