/// \file
/// The answer of mqtt5::check: a fixed-capacity list of violations (rules of rules.hpp the packet breaks, each
/// with what was found, what is allowed, the cloud's action and the source) and a separate list of notes (merely
/// informative facts, such as "AWS does not honour DUP"). No heap: a report that fills up says so
/// (overflowed()), it never drops a violation silently.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "../string_literals.hpp"
#include "rules.hpp"

namespace mqtt5 {

/// A value found in a packet, or the value a rule allows: a number or a text (a view into the packet or a
/// static description such as "30..1200").
struct finding {
    std::string_view text{};   ///< the text, when is_number is false
    std::uint64_t number{};    ///< the number, when is_number is true
    bool is_number{};          ///< which of the two it is

    /// A number.
    static constexpr finding of(std::uint64_t n) noexcept { return {{}, n, true}; }
    /// A text (kept as a view: it must outlive the report).
    static constexpr finding of(std::string_view t) noexcept { return {t, 0, false}; }
    /// Same kind and value.
    friend constexpr bool operator==(const finding&, const finding&) = default;
};

/// One rule a packet breaks.
struct violation {
    rule_id rule{};            ///< the rule (info_of(rule) has its name, cloud and source)
    finding found{};           ///< what the packet has
    finding allowed{};         ///< what the rule allows
    cloud_action action{};     ///< what the cloud does about it
    std::string_view source{}; ///< the source document (the rule table's, repeated for the reader's convenience)
};

/// Informative facts about a packet that break no rule.
enum class note_id : std::uint8_t {
    aws_dup_not_honoured,          ///< AWS IoT Core does not honour the DUP flag
    aws_hash_excludes_parent,      ///< AWS: `a/#` does not match `a` (the standard's `#` does)
    aws_retained_not_on_wildcard,  ///< AWS sends retained messages only to exact, wildcard-free, non-shared filters
    aws_retained_throttled,        ///< AWS throttles retained messages beyond the account cap
    azure_property_bag_unchecked,  ///< Azure: property-bag contents are not validated here
    aliyun_subscription_qos_ignored,  ///< Aliyun ignores the subscription's QoS: the publisher's applies
    aliyun_user_properties_in_will,   ///< Aliyun: the Will's user properties are not counted toward the 20
    subscribe_qos_above_maximum,   ///< MQTT 5: a subscription above Maximum QoS is granted less, not refused
    no_negotiated_state,           ///< cloud-to-device: without the connection's state the spec limits are unknown
};

/// One row of the notes table: the note and its text.
struct note_info {
    note_id id{};             ///< the enumerator (the row's own index)
    std::string_view text{};  ///< what the note says
};

/// The notes table. Row i describes note_id i.
inline constexpr std::array<note_info, 9> note_table{{
    {note_id::aws_dup_not_honoured, "AWS IoT Core does not honour the DUP flag"sv},
    {note_id::aws_hash_excludes_parent, "AWS IoT Core: a filter ending in /# does not match its parent level"sv},
    {note_id::aws_retained_not_on_wildcard, "AWS IoT Core sends retained messages only to exact, wildcard-free, non-shared filters"sv},
    {note_id::aws_retained_throttled, "AWS IoT Core: retained messages are throttled beyond the account cap"sv},
    {note_id::azure_property_bag_unchecked, "Azure IoT Hub: the property bag after the topic is not validated"sv},
    {note_id::aliyun_subscription_qos_ignored, "Aliyun ignores the subscription's QoS; the publisher's QoS applies"sv},
    {note_id::aliyun_user_properties_in_will, "Aliyun: the Will's user properties are not counted toward the limit of 20"sv},
    {note_id::subscribe_qos_above_maximum, "a subscription above Maximum QoS is granted a lower QoS, not refused (§3.2.2.3.4)"sv},
    {note_id::no_negotiated_state, "no connection state given: the receiving client's limits are unknown"sv},
}};

/// The text of a note.
constexpr std::string_view to_string(note_id id) noexcept { return note_table[static_cast<std::size_t>(id)].text; }

/// What mqtt5::check found: violations and notes, each in a fixed-capacity list.
class check_report {
public:
    /// The most violations a report holds; more set overflowed().
    static constexpr std::size_t violation_capacity = 16;
    /// The most notes a report holds; more set notes_overflowed().
    static constexpr std::size_t note_capacity = 8;

    /// The violations found, in the order the checks ran.
    constexpr std::span<const violation> violations() const noexcept { return {items_.data(), count_}; }
    /// The notes, without repeats.
    constexpr std::span<const note_id> notes() const noexcept { return {notes_.data(), note_count_}; }
    /// True when more violations were found than the report holds (the first violation_capacity are kept).
    constexpr bool overflowed() const noexcept { return overflowed_; }
    /// True when more notes were found than the report holds.
    constexpr bool notes_overflowed() const noexcept { return notes_overflowed_; }
    /// True when the packet breaks no rule (notes do not count).
    constexpr bool clean() const noexcept { return count_ == 0 && !overflowed_; }
    /// True when a violation of `rule` was recorded.
    constexpr bool has(rule_id rule) const noexcept {
        for (const auto& v : violations())
            if (v.rule == rule) return true;
        return false;
    }
    /// True when `note` was recorded.
    constexpr bool has(note_id note) const noexcept {
        for (const auto n : notes())
            if (n == note) return true;
        return false;
    }

    /// Records a violation of `rule` with its action; sets overflowed() when full.
    constexpr void add(rule_id rule, finding found, finding allowed, cloud_action action) noexcept {
        if (count_ == violation_capacity) {
            overflowed_ = true;
            return;
        }
        items_[count_++] = violation{rule, found, allowed, action, info_of(rule).source};
    }
    /// Records a violation of `rule` with the action the rule table documents for `version`.
    constexpr void add(rule_id rule, finding found, finding allowed, protocol_version version) noexcept {
        add(rule, found, allowed, documented_action(rule, version));
    }
    /// Records a note once; sets notes_overflowed() when full.
    constexpr void note(note_id id) noexcept {
        if (has(id)) return;
        if (note_count_ == note_capacity) {
            notes_overflowed_ = true;
            return;
        }
        notes_[note_count_++] = id;
    }

private:
    std::array<violation, violation_capacity> items_{};
    std::array<note_id, note_capacity> notes_{};
    std::size_t count_{};
    std::size_t note_count_{};
    bool overflowed_{};
    bool notes_overflowed_{};
};

}  // namespace mqtt5
