// Helpers of the cloud-profile tests (tests/unit/profile_*_test.cpp): payloads of any size, repeated text,
// packets with properties built into storage the helper keeps, and a report summarized as the set of
// "rule=action" strings that `mqtt5-inspect check` would print.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <mqtt5.hpp>

namespace profile_test {

// `n` bytes of payload (up to 1.5 MiB), valid as long as the program runs.
inline std::span<const std::byte> payload(std::size_t n) {
    static const std::vector<std::byte> bytes(1536 * 1024, std::byte{'x'});
    return {bytes.data(), n};
}

inline std::string repeat(std::string_view unit, std::size_t times) {
    std::string s;
    for (std::size_t i = 0; i < times; ++i) s += unit;
    return s;
}

// Strings and property storage that outlive the packets that view them.
class keeper {
public:
    std::string_view text(std::string s) { return texts_.emplace_back(std::move(s)); }
    std::span<std::byte> storage() { return blocks_.emplace_back(); }
    std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span{text(std::string{s})}); }

private:
    std::deque<std::string> texts_{};
    std::deque<std::array<std::byte, 1024>> blocks_{};
};

inline std::string action(const mqtt5::cloud_action& a) {
    std::array<char, 32> buffer{};
    const auto t = mqtt5::action_text(a, buffer);
    return t ? std::string{*t} : std::string{"?"};
}

// {"aws.qos.max=disconnect:0x9B", ...}: the violations as `check` prints them.
inline std::set<std::string> summary(const mqtt5::check_report& r) {
    std::set<std::string> out;
    for (const auto& v : r.violations()) out.insert(std::string{mqtt5::to_string(v.rule)} + "=" + action(v.action));
    return out;
}

inline mqtt5::check_options v5(mqtt5::direction d = mqtt5::direction::device_to_cloud) {
    return {mqtt5::protocol_version::v5, d, nullptr};
}
inline mqtt5::check_options v311(mqtt5::direction d = mqtt5::direction::device_to_cloud) {
    return {mqtt5::protocol_version::v311, d, nullptr};
}
inline const std::set<std::string> clean{};

inline mqtt5::publish pub(std::string_view topic, mqtt5::qos q = mqtt5::qos::at_least_once, std::size_t size = 16, bool retain = false) {
    mqtt5::publish p{};
    p.topic = topic;
    p.qos = q;
    p.packet_id = q == mqtt5::qos::at_most_once ? 0 : 7;
    p.payload = payload(size);
    p.retain = retain;
    return p;
}

inline mqtt5::connect conn(std::string_view client_id, std::uint16_t keep_alive = 60) {
    mqtt5::connect c{};
    c.client_id = client_id;
    c.keep_alive = keep_alive;
    c.clean_start = true;
    return c;
}

// A SUBSCRIBE viewing `entries`, which the caller keeps.
inline mqtt5::subscribe sub(const std::vector<mqtt5::subscription>& entries) {
    mqtt5::subscribe s{};
    s.packet_id = 3;
    s.subscriptions = mqtt5::subscription_list{std::span<const mqtt5::subscription>{entries}};
    return s;
}

// Every packet must also survive encode + decode unchanged: the checks judge what goes on the wire.
template <class P> bool encodes(const P& p, mqtt5::protocol_version v) {
    std::vector<std::byte> out(2 * 1024 * 1024);
    return mqtt5::encode(p, out, mqtt5::encode_options{v}).has_value();
}

}  // namespace profile_test
