/// \file
/// A writer of text into caller storage that never overflows: the cloud topic builders and property-bag
/// encoders append to it and hand back a view of what they wrote, or errc::buffer_too_small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../error.hpp"
#include "../string_literals.hpp"

namespace mqtt5 {

/// Appends text to the caller's storage; once something does not fit, the writer stays failed and finish()
/// reports errc::buffer_too_small (offset: the bytes that did fit).
class text_writer {
public:
    /// Writes into `storage`, which must outlive the text finish() returns.
    constexpr explicit text_writer(std::span<char> storage) noexcept : out_(storage) {}

    /// Appends `text`.
    constexpr text_writer& append(std::string_view text) noexcept {
        if (failed_ || text.size() > out_.size() - size_) {
            failed_ = true;
            return *this;
        }
        for (const char c : text) out_[size_++] = c;
        return *this;
    }
    /// Appends one character.
    constexpr text_writer& append(char c) noexcept { return append(std::string_view{&c, 1}); }
    /// Appends `n` in decimal.
    constexpr text_writer& append_decimal(std::uint64_t n) noexcept {
        char digits[20]{};
        std::size_t count = 0;
        do {
            digits[count++] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        char ordered[20]{};
        for (std::size_t i = 0; i < count; ++i) ordered[i] = digits[count - 1 - i];
        return append(std::string_view{ordered, count});
    }
    /// Appends `text` URL-encoded (RFC 3986: letters, digits and - . _ ~ stay; every other byte becomes %XX).
    constexpr text_writer& append_url_encoded(std::string_view text) noexcept {
        constexpr std::string_view hex = "0123456789ABCDEF"sv;
        for (const char c : text) {
            const auto b = static_cast<unsigned char>(c);
            if (is_unreserved(c)) append(c);
            else append('%').append(hex[b >> 4]).append(hex[b & 15u]);
        }
        return *this;
    }
    /// The bytes written so far.
    constexpr std::size_t size() const noexcept { return size_; }
    /// True once something did not fit.
    constexpr bool failed() const noexcept { return failed_; }
    /// The text written, or errc::buffer_too_small.
    constexpr result<std::string_view> finish() const noexcept {
        if (failed_) return make_error(errc::buffer_too_small, size_);
        return std::string_view{out_.data(), size_};
    }

    /// RFC 3986 unreserved characters: letters, digits, - . _ ~.
    static constexpr bool is_unreserved(char c) noexcept {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == '_' || c == '~';
    }

private:
    std::span<char> out_{};
    std::size_t size_{};
    bool failed_{};
};

}  // namespace mqtt5
