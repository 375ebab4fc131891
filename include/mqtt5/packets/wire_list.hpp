/// \file
/// A list that is either the caller's array (a packet being built) or validated wire bytes (a decoded
/// packet): both iterate the same way and neither copies. Used for SUBSCRIBE's subscriptions,
/// UNSUBSCRIBE's topic filters and the reason codes of SUBACK and UNSUBACK.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

#include "../borrowed.hpp"
#include "../wire/utf8.hpp"

namespace mqtt5 {

namespace detail {
// Copies the n bytes at `from` to `to` and returns the byte after them: the encoders of the caller's lists write
// many short strings (Topic Filters), for which a call of memcpy with a length unknown at compile time costs
// more than the copy. Up to 16 bytes: two loads and two stores that may overlap, inline.
inline std::byte* copy_short_bytes(std::byte* to, const void* from, std::size_t n) noexcept {
#if MQTT5_STRING_FAST_PATHS
    const auto* src = static_cast<const unsigned char*>(from);
    const auto pair = [&](auto word) {  // the first and the last sizeof(word) bytes, which may overlap
        constexpr std::size_t k = sizeof(word);
        decltype(word) head, tail;
        std::memcpy(&head, src, k);
        std::memcpy(&tail, src + n - k, k);
        std::memcpy(to, &head, k);
        std::memcpy(to + n - k, &tail, k);
    };
    struct bytes16 {
        unsigned char b[16];
    };
    if (n > 32) std::memcpy(to, src, n);
    else if (n > 16) pair(bytes16{});
    else if (n >= 8) pair(std::uint64_t{});
    else if (n >= 4) pair(std::uint32_t{});
    else if (n > 0) {
        to[0] = static_cast<std::byte>(src[0]);
        to[n / 2] = static_cast<std::byte>(src[n / 2]);
        to[n - 1] = static_cast<std::byte>(src[n - 1]);
    }
#else
    if (n != 0) std::memcpy(to, from, n);  // -Os (wire/utf8.hpp): one call, the shortest code
#endif
    return to + n;
}
}  // namespace detail

/// A list of T that is either the caller's array (a packet being built) or validated wire bytes (a decoded
/// packet); it never copies the elements.
/// Reader: a type with `static T read(const std::byte*)` and `static const std::byte* next(const std::byte*)`
/// that walks already-validated wire bytes.
template <class T, class Reader>
class wire_list {
public:
    /// An input iterator over either form; it yields each element by value.
    class iterator {
    public:
        using value_type = T;  ///< the element type
        using difference_type = std::ptrdiff_t;  ///< required of an iterator; never used for arithmetic
        using iterator_category = std::input_iterator_tag;  ///< single pass: elements are read, not referenced
        /// An iterator that points nowhere.
        constexpr iterator() noexcept = default;
        /// Points at `item` of an array when `wire` is null, else at the wire bytes of an element.
        constexpr iterator(const T* item, const std::byte* wire) noexcept : item_(item), wire_(wire) {}
        /// The element, read from the wire bytes or copied from the array.
        T operator*() const noexcept { return wire_ != nullptr ? Reader::read(wire_) : *item_; }
        /// Steps to the next element.
        iterator& operator++() noexcept {
            if (wire_ != nullptr) wire_ = Reader::next(wire_);
            else ++item_;
            return *this;
        }
        /// Steps to the next element; returns the iterator as it was.
        iterator operator++(int) noexcept {
            auto old = *this;
            ++*this;
            return old;
        }
        /// Equal when both point at the same element.
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.item_ == b.item_ && a.wire_ == b.wire_;
        }

    private:
        const T* item_{};
        const std::byte* wire_{};
    };

    /// An empty list.
    constexpr wire_list() noexcept = default;
    /// A view of the caller's `items`, which must outlive the list.
    constexpr wire_list(std::span<const T> items) noexcept : items_(items.data()), count_(items.size()) {}  // NOLINT
    /// Any contiguous container of T the caller keeps alive: a C array, std::array, std::vector, ...
    template <class Container>
        requires(!std::is_same_v<std::remove_cvref_t<Container>, wire_list> &&
                 std::is_convertible_v<const Container&, std::span<const T>>)
    constexpr wire_list(const Container& items) noexcept : wire_list(std::span<const T>(items)) {}  // NOLINT
    /// ... but not one that dies at the end of the statement (a temporary std::array, std::vector, C array or
    /// braced std::initializer_list): the list would point at destroyed elements. Keep it in a variable.
    template <class Container>
        requires(detail::temporary_container<Container> && std::is_convertible_v<Container, std::span<const T>>)
    wire_list(Container&&) = delete;

    /// For decoders: `bytes` holds `count` validated elements.
    static constexpr wire_list from_wire(std::span<const std::byte> bytes, std::size_t count) noexcept {
        wire_list list;
        list.wire_ = bytes.data();
        list.wire_size_ = bytes.size();
        list.count_ = count;
        list.is_wire_ = true;
        return list;
    }

    constexpr std::size_t size() const noexcept { return count_; }  ///< the number of elements
    constexpr bool empty() const noexcept { return count_ == 0; }  ///< true when there are no elements
    constexpr bool is_wire() const noexcept { return is_wire_; }  ///< true for a decoded list (wire bytes)
    /// The wire bytes of a decoded list (empty for the caller's array).
    constexpr std::span<const std::byte> wire_bytes() const noexcept {
        return is_wire_ ? std::span<const std::byte>{wire_, wire_size_} : std::span<const std::byte>{};
    }
    /// The caller's array (empty for a decoded list).
    constexpr std::span<const T> items() const noexcept {
        return is_wire_ ? std::span<const T>{} : std::span<const T>{items_, count_};
    }

    /// The first element.
    iterator begin() const noexcept {
        return is_wire_ ? iterator{nullptr, wire_} : iterator{items_, nullptr};
    }
    /// Past the last element.
    iterator end() const noexcept {
        return is_wire_ ? iterator{nullptr, wire_ + wire_size_} : iterator{items_ + count_, nullptr};
    }

    /// Same elements in the same order, whichever form each side is in.
    friend bool operator==(const wire_list& a, const wire_list& b) noexcept {
        if (a.size() != b.size()) return false;
        auto i = a.begin();
        for (auto j = b.begin(); j != b.end(); ++i, ++j)
            if (!(*i == *j)) return false;
        return true;
    }

private:
    // One form at a time (is_wire_ says which): the caller's `count_` elements, or `wire_size_` wire bytes.
    union {
        const T* items_{};
        const std::byte* wire_;
    };
    std::size_t wire_size_{};
    std::size_t count_{};
    bool is_wire_{};
};

}  // namespace mqtt5
