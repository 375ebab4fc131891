// validate_utf8 against a slow, obviously correct reference written from RFC 3629 §4 (the ABNF of
// well-formed sequences) and the MQTT rules of §1.5.4.
#include <mqtt5.hpp>

#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

bool in(unsigned c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

// RFC 3629: UTF8-1 / UTF8-2 / UTF8-3 / UTF8-4, byte ranges spelled out exactly as in the ABNF.
// Returns the sequence length at s[i], or 0 when ill-formed; sets the code point.
std::size_t well_formed_length(const unsigned char* s, std::size_t n, std::size_t i, std::uint32_t& cp) {
    const auto at = [&](std::size_t k) -> int { return i + k < n ? s[i + k] : -1; };
    const auto tail = [&](std::size_t k) { return at(k) >= 0 && in(static_cast<unsigned>(at(k)), 0x80, 0xBF); };
    const unsigned c = s[i];
    if (c <= 0x7F) {
        cp = c;
        return 1;
    }
    if (in(c, 0xC2, 0xDF) && tail(1)) {
        cp = ((c & 0x1F) << 6) | (at(1) & 0x3F);
        return 2;
    }
    const bool three = (c == 0xE0 && at(1) >= 0xA0 && at(1) <= 0xBF && tail(2)) ||
                       (in(c, 0xE1, 0xEC) && tail(1) && tail(2)) ||
                       (c == 0xED && at(1) >= 0x80 && at(1) <= 0x9F && tail(2)) ||
                       (in(c, 0xEE, 0xEF) && tail(1) && tail(2));
    if (three) {
        cp = ((c & 0x0F) << 12) | ((at(1) & 0x3F) << 6) | (at(2) & 0x3F);
        return 3;
    }
    const bool four = (c == 0xF0 && at(1) >= 0x90 && at(1) <= 0xBF && tail(2) && tail(3)) ||
                      (in(c, 0xF1, 0xF3) && tail(1) && tail(2) && tail(3)) ||
                      (c == 0xF4 && at(1) >= 0x80 && at(1) <= 0x8F && tail(2) && tail(3));
    if (four) {
        cp = ((c & 0x07) << 18) | ((at(1) & 0x3F) << 12) | ((at(2) & 0x3F) << 6) | (at(3) & 0x3F);
        return 4;
    }
    return 0;
}

bool disallowed(std::uint32_t cp) {
    return cp <= 0x1F || in(cp, 0x7F, 0x9F) || in(cp, 0xFDD0, 0xFDEF) || (cp & 0xFFFF) == 0xFFFE || (cp & 0xFFFF) == 0xFFFF;
}

// The first problem found scanning left to right, as the library reports it.
mqtt5::errc reference(std::string_view text, bool reject_disallowed) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const auto len = well_formed_length(s, text.size(), i, cp);
        if (len == 0) return mqtt5::errc::invalid_utf8;
        if (cp == 0) return mqtt5::errc::utf8_contains_null;
        if (reject_disallowed && disallowed(cp)) return mqtt5::errc::utf8_disallowed_code_point;
        i += len;
    }
    return mqtt5::errc::ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    for (const bool reject : {false, true}) FUZZ_CHECK(mqtt5::wire::validate_utf8(text, reject) == reference(text, reject));
    return 0;
}
