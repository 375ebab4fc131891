/// \file
/// mqtt5_spec: the base profile, the MQTT 5 standard plus the limits a server negotiates in its CONNACK
/// (Maximum Packet Size, Maximum QoS, Topic Alias Maximum, Retain / Wildcard / Subscription Identifier / Shared
/// Subscription Available) and an optional topic prefix. A private broker's profile refines it by deriving from
/// spec_profile with its own `limits` (examples/custom_profile.cpp). Over MQTT 3.1.1, which negotiates nothing,
/// only the packet size and the topic prefix are judged.
#pragma once

#include <string_view>

#include "../session/connection.hpp"  // detail::has_wildcard
#include "../string_literals.hpp"
#include "../topic.hpp"
#include "check.hpp"

namespace mqtt5 {

/// The limits of a profile built on mqtt5_spec.
struct spec_limits {
    announced_limits connack{};       ///< what the server announces in its CONNACK
    std::string_view topic_prefix{};  ///< when not empty: topics and filters must start with it (else Not authorized)
};

namespace detail {

// The limits a packet is judged by: the negotiated ones when given, else the profile's CONNACK.
inline const peer_limits* spec_receiver_limits(const check_options& o, const peer_limits& announced) noexcept {
    if (o.negotiated != nullptr) return from_device(o) ? &o.negotiated->server : &o.negotiated->client;
    return from_device(o) ? &announced : nullptr;
}


inline void check_prefix(std::string_view topic, const spec_limits& s, const check_options& o, check_report& r) noexcept {
    if (s.topic_prefix.empty() || topic.empty() || topic.starts_with(s.topic_prefix)) return;
    r.add(rule_id::mqtt5_topic_prefix, finding::of(topic), finding::of(s.topic_prefix), o.version);
}

// The checks of mqtt5_spec, once for every profile built on it (no per-profile template code).
inline void check_spec(const packet& p, const check_options& o, const spec_limits& s, check_report& r) noexcept {
    const peer_limits announced = server_limits_of(s.connack);
    const peer_limits* limits = spec_receiver_limits(o, announced);
    const bool v5 = profile_is_v5(o);
    if (limits == nullptr) {
        r.note(note_id::no_negotiated_state);
    } else if (const auto size = encoded_size(p, encode_options{o.version}); size && *size > limits->maximum_packet_size) {
        // [MQTT-3.1.2-24] [MQTT-3.2.2-15]: the receiver disconnects with 0x95 (3.1.1: closes).
        r.add(rule_id::mqtt5_packet_max_size, finding::of(*size), finding::of(limits->maximum_packet_size), o.version);
    }
    if (const auto* c = std::get_if<connect>(&p)) {
        if (c->will && from_device(o)) {
            check_prefix(c->will->topic, s, o, r);
            if (v5 && limits != nullptr && static_cast<unsigned>(c->will->qos) > static_cast<unsigned>(limits->maximum_qos))
                r.add(rule_id::mqtt5_qos_max, finding::of(static_cast<unsigned>(c->will->qos)),
                      finding::of(static_cast<unsigned>(limits->maximum_qos)), cloud_action::reject(0x9B));  // [MQTT-3.2.2-12]
            if (v5 && limits != nullptr && c->will->retain && !limits->retain_available)
                r.add(rule_id::mqtt5_retain_unavailable, finding::of(1), finding::of(0), cloud_action::reject(0x9A));  // [MQTT-3.2.2-14]
        }
        return;
    }
    if (const auto* pub = std::get_if<publish>(&p)) {
        if (from_device(o)) check_prefix(topic_of(*pub, o), s, o, r);
        if (!v5 || limits == nullptr) return;
        if (static_cast<unsigned>(pub->qos) > static_cast<unsigned>(limits->maximum_qos))  // [MQTT-3.2.2-11]
            r.add(rule_id::mqtt5_qos_max, finding::of(static_cast<unsigned>(pub->qos)),
                  finding::of(static_cast<unsigned>(limits->maximum_qos)), o.version);
        if (const auto alias = pub->properties.topic_alias(); alias && *alias > limits->topic_alias_maximum)
            r.add(rule_id::mqtt5_topic_alias_max, finding::of(*alias), finding::of(limits->topic_alias_maximum), o.version);  // [MQTT-3.3.2-9]
        if (pub->retain && !limits->retain_available)  // [MQTT-3.3.1-14]
            r.add(rule_id::mqtt5_retain_unavailable, finding::of(1), finding::of(0), o.version);
        return;
    }
    if (const auto* sub = std::get_if<subscribe>(&p)) {
        if (!from_device(o)) return;
        for (const auto& entry : sub->subscriptions) {
            const auto shared = parse_shared_subscription(entry.topic_filter);
            check_prefix(shared ? shared->topic_filter : entry.topic_filter, s, o, r);
            if (!v5 || limits == nullptr) continue;
            if (shared && !limits->shared_subscription_available)
                r.add(rule_id::mqtt5_shared_subscription_unavailable, finding::of(entry.topic_filter), finding::of("no shared subscriptions"sv), o.version);
            if (has_wildcard(entry.topic_filter) && !limits->wildcard_subscription_available)
                r.add(rule_id::mqtt5_wildcard_unavailable, finding::of(entry.topic_filter), finding::of("no wildcards"sv), o.version);
            if (static_cast<unsigned>(entry.max_qos) > static_cast<unsigned>(limits->maximum_qos)) r.note(note_id::subscribe_qos_above_maximum);
        }
        if (v5 && limits != nullptr && !limits->subscription_identifier_available)
            if (const auto id = sub->properties.subscription_identifier())
                r.add(rule_id::mqtt5_subscription_identifier_unavailable, finding::of(*id), finding::of("none"sv), o.version);
    }
}

}  // namespace detail

/// The base of every profile built on the standard: Derived provides `name` and `limits` (a spec_limits), and
/// may add `static void check_more(const packet&, const check_options&, check_report&) noexcept`.
template <class Derived>
struct spec_profile {
    /// The CONNACK limits Derived::limits announces.
    static constexpr announced_limits announced() noexcept { return Derived::limits.connack; }
    /// The standard's checks with Derived's limits, then Derived's own.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        detail::check_spec(p, o, Derived::limits, r);
        if constexpr (requires { Derived::check_more(p, o, r); }) Derived::check_more(p, o, r);
    }
};

/// The standard and nothing more: a CONNACK without properties, so every value takes its default (no Topic
/// Aliases, Maximum QoS 2, everything available), or the negotiated limits when check_options gives them.
struct mqtt5_spec : spec_profile<mqtt5_spec> {
    static constexpr std::string_view name = "mqtt5-spec"sv;  ///< the profile's name
    static constexpr spec_limits limits{};                   ///< the standard's defaults
};

static_assert(cloud_profile<mqtt5_spec>);

}  // namespace mqtt5
