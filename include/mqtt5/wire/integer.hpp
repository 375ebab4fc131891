/// \file
/// Two and Four Byte Integers (§1.5.2, §1.5.3): big-endian, unsigned.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mqtt5::wire {

/// Reads a Two Byte Integer (§1.5.2: high byte first) from the 2 bytes at `p`, which the caller has bounds-checked.
constexpr std::uint16_t load_u16(const std::byte* p) noexcept {
    return static_cast<std::uint16_t>((static_cast<unsigned>(p[0]) << 8) | static_cast<unsigned>(p[1]));
}

/// Reads a Four Byte Integer (§1.5.3: most significant byte first) from the 4 bytes at `p` (bounds checked by the
/// caller).
constexpr std::uint32_t load_u32(const std::byte* p) noexcept {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}

/// Writes the Byte `v` at `p`; returns the byte after it, so that stores chain.
constexpr std::byte* store_u8(std::byte* p, std::uint8_t v) noexcept {
    *p = static_cast<std::byte>(v);
    return p + 1;
}

/// Writes `v` as a Two Byte Integer (§1.5.2, big-endian) at `p`; returns the byte after it.
constexpr std::byte* store_u16(std::byte* p, std::uint16_t v) noexcept {
    p[0] = static_cast<std::byte>(v >> 8);
    p[1] = static_cast<std::byte>(v);
    return p + 2;
}

/// Writes `v` as a Four Byte Integer (§1.5.3, big-endian) at `p`; returns the byte after it.
constexpr std::byte* store_u32(std::byte* p, std::uint32_t v) noexcept {
    p[0] = static_cast<std::byte>(v >> 24);
    p[1] = static_cast<std::byte>(v >> 16);
    p[2] = static_cast<std::byte>(v >> 8);
    p[3] = static_cast<std::byte>(v);
    return p + 4;
}

}  // namespace mqtt5::wire
