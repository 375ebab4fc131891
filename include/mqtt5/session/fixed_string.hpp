/// \file
/// A string of at most N bytes kept inside the object: the connection layer copies the few strings it must keep
/// beyond the buffer they arrived in (an Assigned Client Identifier, the Authentication Method), without a heap.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace mqtt5 {

/// A copy of at most N bytes of text, stored inline (see the file comment); empty until assign().
template <std::size_t N>
class fixed_string {
public:
    /// The most bytes it can hold (N).
    static constexpr std::size_t capacity = N;

    /// Copies `text`; false (and no change) when it is longer than N bytes.
    constexpr bool assign(std::string_view text) noexcept {
        if (text.size() > N) return false;
        for (std::size_t i = 0; i < text.size(); ++i) data_[i] = text[i];
        size_ = text.size();
        return true;
    }
    /// Makes it empty.
    constexpr void clear() noexcept { size_ = 0; }
    /// The text held, valid while this object lives and is not changed; an empty view when empty.
    constexpr std::string_view view() const noexcept { return size_ == 0 ? std::string_view{} : std::string_view{data_.data(), size_}; }
    /// The length of the text held, in bytes.
    constexpr std::size_t size() const noexcept { return size_; }
    /// True when it holds no text.
    constexpr bool empty() const noexcept { return size_ == 0; }

private:
    std::array<char, N> data_{};
    std::size_t size_{};
};

}  // namespace mqtt5
