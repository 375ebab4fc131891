/// \file
/// The Topic Alias mappings of one direction of one Network Connection (§3.3.2.3.4). They never carry over to the
/// next connection [MQTT-3.3.2-7]: the connection clears them whenever a connection starts.
///
/// How topics are kept: MaxAliases slots (aliases 1..MaxAliases) and one arena of ArenaBytes for the topic text,
/// both inside the object (no heap). The bound: at any time the mapped topics take at most ArenaBytes together;
/// a replaced mapping frees its bytes at once (the arena is compacted, O(ArenaBytes) per replacement). When a new
/// topic does not fit, assign() refuses it and changes nothing; what that means is the caller's rule:
/// - inbound, the receiver must accept every alias up to the maximum it announced [MQTT-3.3.2-10]
///   [MQTT-3.3.2-12], so the connection reports errc::capacity_exceeded (0x83) and the connection must close;
///   announce a Topic Alias Maximum of at most MaxAliases and size ArenaBytes for the topics you expect;
/// - outbound (least-recently-used policy), the connection sends that PUBLISH with its full Topic Name instead.
/// A mapping may also be kept without its text (a caller-chosen outbound alias only needs to be known as set).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace mqtt5 {

/// The Topic Alias mappings of one direction (see the file comment): aliases 1..MaxAliases, their topics kept in
/// ArenaBytes together.
template <std::size_t MaxAliases, std::size_t ArenaBytes>
class topic_alias_map {
public:
    /// The highest alias it can map (MaxAliases).
    static constexpr std::size_t capacity = MaxAliases;
    /// The bytes of topic text it can keep for all mappings together (ArenaBytes).
    static constexpr std::size_t arena_capacity = ArenaBytes;

    /// Can `topic` become the text of `alias` (replacing what the alias had)?
    constexpr bool fits(std::uint16_t alias, std::string_view topic) const noexcept {
        if (alias == 0 || alias > MaxAliases) return false;
        const auto& s = slots_[alias - 1];
        return topic.size() <= ArenaBytes - (used_ - (s.mapped ? s.length : 0));
    }

    /// Maps `alias` to `topic` (an empty `topic` keeps the mapping without its text). false, and nothing
    /// changes, when the alias is 0 or above MaxAliases or the text does not fit. `stamp` is its last use, for
    /// victim().
    bool assign(std::uint16_t alias, std::string_view topic, std::uint32_t stamp = 0) noexcept {
        if (!fits(alias, topic)) return false;
        auto& s = slots_[alias - 1];
        if (s.mapped) release(s);
        s.offset = used_;
        s.length = static_cast<std::uint32_t>(topic.size());
        if (!topic.empty()) std::memcpy(arena_.data() + used_, topic.data(), topic.size());
        used_ += s.length;
        s.mapped = true;
        s.stamp = stamp;
        return true;
    }

    /// Removes one mapping.
    void remove(std::uint16_t alias) noexcept {
        if (alias == 0 || alias > MaxAliases || !slots_[alias - 1].mapped) return;
        release(slots_[alias - 1]);
        slots_[alias - 1] = slot{};
    }

    /// True when `alias` is mapped (with or without its text); false for 0 and above MaxAliases.
    constexpr bool is_mapped(std::uint16_t alias) const noexcept {
        return alias != 0 && alias <= MaxAliases && slots_[alias - 1].mapped;
    }

    /// The topic an alias stands for; nullopt when it is not mapped. The view is valid until the map changes.
    std::optional<std::string_view> topic(std::uint16_t alias) const noexcept {
        if (!is_mapped(alias)) return std::nullopt;
        const auto& s = slots_[alias - 1];
        return std::string_view{arena_.data() + s.offset, s.length};
    }

    /// The alias (among 1..limit) whose text is `topic`; 0 when there is none.
    std::uint16_t find(std::string_view topic, std::uint16_t limit = 0xFFFF) const noexcept {
        if (topic.empty()) return 0;
        for (std::size_t i = 0; i < MaxAliases && i < limit; ++i) {
            const auto& s = slots_[i];
            if (s.mapped && s.length == topic.size() && std::memcmp(arena_.data() + s.offset, topic.data(), s.length) == 0)
                return static_cast<std::uint16_t>(i + 1);
        }
        return 0;
    }

    /// Records `stamp` as the last use of a mapped alias (outbound least-recently-used policy); ignores others.
    void touch(std::uint16_t alias, std::uint32_t stamp) noexcept {
        if (is_mapped(alias)) slots_[alias - 1].stamp = stamp;
    }

    /// The alias to (re)use among 1..limit: the first unmapped one, else the least recently used; 0 when limit is 0.
    std::uint16_t victim(std::uint16_t limit) const noexcept {
        std::uint16_t best = 0;
        for (std::size_t i = 0; i < MaxAliases && i < limit; ++i) {
            if (!slots_[i].mapped) return static_cast<std::uint16_t>(i + 1);
            if (best == 0 || slots_[i].stamp < slots_[best - 1].stamp) best = static_cast<std::uint16_t>(i + 1);
        }
        return best;
    }

    /// Removes every mapping, as a new Network Connection requires [MQTT-3.3.2-7].
    void clear() noexcept {
        slots_ = {};
        used_ = 0;
    }
    /// The bytes of topic text the mappings take now (at most arena_capacity).
    constexpr std::size_t bytes_used() const noexcept { return used_; }
    /// The number of aliases mapped now.
    constexpr std::size_t mapped_count() const noexcept {
        std::size_t n = 0;
        for (const auto& s : slots_) n += s.mapped ? 1 : 0;
        return n;
    }

private:
    struct slot {
        std::uint32_t offset{};
        std::uint32_t length{};
        std::uint32_t stamp{};
        bool mapped{};
    };

    // Frees a slot's text: moves the text after it down and re-points the slots stored there.
    void release(slot& s) noexcept {
        if (s.length == 0) return;
        const auto end = s.offset + s.length;
        if (end < used_) std::memmove(arena_.data() + s.offset, arena_.data() + end, used_ - end);
        for (auto& other : slots_)
            if (other.mapped && other.length != 0 && other.offset >= end) other.offset -= s.length;
        used_ -= s.length;
        s.length = 0;
    }

    std::array<slot, MaxAliases> slots_{};
    std::array<char, ArenaBytes> arena_{};
    std::uint32_t used_{};
};

}  // namespace mqtt5
