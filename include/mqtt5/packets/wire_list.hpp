/// \file
/// A list that is either the caller's array (a packet being built) or validated wire bytes (a decoded
/// packet): both iterate the same way and neither copies. Used for SUBSCRIBE's subscriptions,
/// UNSUBSCRIBE's topic filters and the reason codes of SUBACK and UNSUBACK.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <span>
#include <type_traits>

#include "../borrowed.hpp"

namespace mqtt5 {

// Reader: a type with `static T read(const std::byte*)` and `static const std::byte* next(const std::byte*)`
// that walks already-validated wire bytes.
template <class T, class Reader>
class wire_list {
public:
    class iterator {
    public:
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::input_iterator_tag;
        constexpr iterator() noexcept = default;
        constexpr iterator(const T* item, const std::byte* wire) noexcept : item_(item), wire_(wire) {}
        T operator*() const noexcept { return wire_ != nullptr ? Reader::read(wire_) : *item_; }
        iterator& operator++() noexcept {
            if (wire_ != nullptr) wire_ = Reader::next(wire_);
            else ++item_;
            return *this;
        }
        iterator operator++(int) noexcept {
            auto old = *this;
            ++*this;
            return old;
        }
        friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.item_ == b.item_ && a.wire_ == b.wire_;
        }

    private:
        const T* item_{};
        const std::byte* wire_{};
    };

    constexpr wire_list() noexcept = default;
    constexpr wire_list(std::span<const T> items) noexcept : items_(items), count_(items.size()) {}  // NOLINT
    // Any contiguous container of T the caller keeps alive: a C array, std::array, std::vector, ...
    template <class Container>
        requires(!std::is_same_v<std::remove_cvref_t<Container>, wire_list> &&
                 std::is_convertible_v<const Container&, std::span<const T>>)
    constexpr wire_list(const Container& items) noexcept : wire_list(std::span<const T>(items)) {}  // NOLINT
    // ... but not one that dies at the end of the statement (a temporary std::array, std::vector, C array or
    // braced std::initializer_list): the list would point at destroyed elements. Keep it in a variable.
    template <class Container>
        requires(detail::temporary_container<Container> && std::is_convertible_v<Container, std::span<const T>>)
    wire_list(Container&&) = delete;

    // For decoders: `bytes` holds `count` validated elements.
    static constexpr wire_list from_wire(std::span<const std::byte> bytes, std::size_t count) noexcept {
        wire_list list;
        list.wire_ = bytes;
        list.count_ = count;
        list.is_wire_ = true;
        return list;
    }

    constexpr std::size_t size() const noexcept { return count_; }
    constexpr bool empty() const noexcept { return count_ == 0; }
    constexpr bool is_wire() const noexcept { return is_wire_; }
    constexpr std::span<const std::byte> wire_bytes() const noexcept { return wire_; }
    constexpr std::span<const T> items() const noexcept { return items_; }

    iterator begin() const noexcept {
        return is_wire_ ? iterator{nullptr, wire_.data()} : iterator{items_.data(), nullptr};
    }
    iterator end() const noexcept {
        return is_wire_ ? iterator{nullptr, wire_.data() + wire_.size()} : iterator{items_.data() + items_.size(), nullptr};
    }

    // Same elements in the same order, whichever form each side is in.
    friend bool operator==(const wire_list& a, const wire_list& b) noexcept {
        if (a.size() != b.size()) return false;
        auto i = a.begin();
        for (auto j = b.begin(); j != b.end(); ++i, ++j)
            if (!(*i == *j)) return false;
        return true;
    }

private:
    std::span<const T> items_{};
    std::span<const std::byte> wire_{};
    std::size_t count_{};
    bool is_wire_{};
};

}  // namespace mqtt5
