/// \file
/// aws_iot_core: what AWS IoT Core does with each packet a device sends (MQTT 3.1.1 and 5), after the rows and
/// rule ids of shared/docs/cloud-profiles.md, which cite the AWS IoT developer guide (`mqtt.html` and its v5
/// reason-code table, `limits-iot` quotas, `reserved-topics`, `topics`) and the broker's own CONNACK.
///
/// Where the sources disagree this profile follows the newest (cloud-profiles.md "Where sources disagree"):
/// - retained messages are supported (since August 2021; older pages said unsupported and disconnect);
/// - shared subscriptions are supported over 3.1.1 and 5 (older notes: unsupported, then v5 only);
/// - the payload is judged against the documented 131072 bytes, not the 149504 Maximum Packet Size the broker
///   announces (a packet between the two passes a client check, yet the connection is closed);
/// - QoS 2: over 3.1.1 no ack is sent (the 3.1.1 text), over 5 DISCONNECT 0x9B (the v5 table).
///
/// Packets are judged in the device-to-cloud direction; the cloud's own packets break none of these rules.
/// Not expressible for one packet (they need a count over the connection or a clock): at most 50 subscriptions
/// per connection, Receive Maximum 100 in flight (DISCONNECT 0x93), the rates (100 PUBLISH/s, 512 KiB/s,
/// 1 CONNECT/s per client id), the duplicate-client-id takeover (DISCONNECT 0x8E). The user-property quota
/// (8 KiB) is unconfirmed and not checked.
#pragma once

#include <string_view>

#include "../packets/connect.hpp"
#include "../string_literals.hpp"
#include "aws_topics.hpp"
#include "check.hpp"

namespace mqtt5 {

namespace detail {

inline void aws_check_topic(std::string_view topic, const check_options& o, check_report& r) noexcept {
    if (topic.empty()) return;  // a PUBLISH judged alone that uses only a Topic Alias
    const auto counted = aws_counted_topic(topic);
    if (counted.size() > 256)
        r.add(rule_id::aws_topic_max_bytes, finding::of(counted.size()), finding::of(256), o.version);
    if (const auto slashes = aws_topic_slashes(topic); slashes > 7)
        r.add(rule_id::aws_topic_max_levels, finding::of(slashes), finding::of(7), o.version);
}

inline void aws_check_qos(unsigned qos, const check_options& o, check_report& r, bool will) noexcept {
    if (qos <= 1) return;
    const auto action = !will ? documented_action(rule_id::aws_qos_max, o.version)
                              : (profile_is_v5(o) ? cloud_action::reject(0x9B) : cloud_action::reject());
    r.add(rule_id::aws_qos_max, finding::of(qos), finding::of(1), action);
}

inline void aws_check_connect(const connect& c, const check_options& o, check_report& r) noexcept {
    if (c.client_id.size() > 128)
        r.add(rule_id::aws_client_id_max_bytes, finding::of(c.client_id.size()), finding::of(128), o.version);
    if (c.client_id.starts_with('$'))
        r.add(rule_id::aws_client_id_reserved_prefix, finding::of(c.client_id), finding::of("no leading $"sv), o.version);
    if (c.keep_alive < 30 || c.keep_alive > 1200)  // 0 (off) and above 1200 become 1200; 1..29 becomes 30
        r.add(rule_id::aws_keep_alive_range, finding::of(c.keep_alive), finding::of("30..1200"sv),
              cloud_action::clamp(c.keep_alive != 0 && c.keep_alive < 30 ? 30u : 1200u));
    if (profile_is_v5(o))
        if (const auto expiry = c.properties.session_expiry_interval(); expiry && *expiry > 3600)
            r.add(rule_id::aws_session_expiry_max, finding::of(*expiry), finding::of(3600), o.version);
    if (c.will) aws_check_qos(static_cast<unsigned>(c.will->qos), o, r, true);
}

inline void aws_check_publish(const publish& p, const check_options& o, check_report& r) noexcept {
    aws_check_qos(static_cast<unsigned>(p.qos), o, r, false);
    const auto topic = topic_of(p, o);  // after alias resolution when the connection gave it
    aws_check_topic(topic, o, r);
    if (topic.starts_with('$')) {
        if (p.retain) r.add(rule_id::aws_reserved_topic_retain, finding::of(topic), finding::of("RETAIN 0"sv), o.version);
        if (!aws_reserved_family(topic))
            r.add(rule_id::aws_reserved_topic_prefix, finding::of(topic), finding::of("a documented $aws/ family"sv), o.version);
    }
    if (p.payload.size() > 131072) r.add(rule_id::aws_payload_max, finding::of(p.payload.size()), finding::of(131072), o.version);
    if (p.dup) r.note(note_id::aws_dup_not_honoured);
    if (p.retain) r.note(note_id::aws_retained_throttled);
    if (!profile_is_v5(o)) return;
    if (const auto alias = p.properties.topic_alias(); alias && *alias > 8)
        r.add(rule_id::aws_topic_alias_max, finding::of(*alias), finding::of(8), o.version);
    if (const auto expiry = p.properties.message_expiry_interval(); expiry && (*expiry == 0 || *expiry > 604800))
        r.add(rule_id::aws_message_expiry_range, finding::of(*expiry), finding::of("1..604800"sv),
              cloud_action::clamp(*expiry == 0 ? 1u : 604800u));
    // The codec already refuses a Response Topic with a wildcard [MQTT-3.3.2-14], so a decoded or built PUBLISH
    // never reaches this; kept so the rule is judged wherever the packet came from.
    if (const auto rt = p.properties.response_topic(); rt && rt->find_first_of("+#"sv) != std::string_view::npos)
        r.add(rule_id::aws_response_topic_wildcard, finding::of(*rt), finding::of("no wildcards"sv), o.version);
}

inline void aws_check_subscribe(const subscribe& s, const check_options& o, check_report& r) noexcept {
    if (s.subscriptions.size() > 8)
        r.add(rule_id::aws_subscribe_max_filters, finding::of(s.subscriptions.size()), finding::of(8), o.version);
    for (const auto& entry : s.subscriptions) {
        aws_check_qos(static_cast<unsigned>(entry.max_qos), o, r, false);
        aws_check_topic(entry.topic_filter, o, r);
        const auto shared = parse_shared_subscription(entry.topic_filter);
        if (shared && count_code_points(shared->share_name) > 128)
            r.add(rule_id::aws_shared_subscription_name, finding::of(count_code_points(shared->share_name)), finding::of(128), o.version);
        if (entry.topic_filter.ends_with("/#"sv)) r.note(note_id::aws_hash_excludes_parent);
        if (shared || entry.topic_filter.find_first_of("+#"sv) != std::string_view::npos) r.note(note_id::aws_retained_not_on_wildcard);
    }
    if (profile_is_v5(o))
        if (const auto id = s.properties.subscription_identifier())
            r.add(rule_id::aws_subscription_identifier_unsupported, finding::of(*id), finding::of("none"sv), o.version);
}

}  // namespace detail

/// AWS IoT Core (see the file comment for its sources and the choices where they disagree).
struct aws_iot_core {
    static constexpr std::string_view name = "aws"sv;                 ///< the profile's name (`--profile aws`)
    static constexpr std::string_view doc_date = profile_doc_date;     ///< the date of the documentation followed
    static constexpr std::size_t client_id_max_bytes = 128;            ///< aws.client_id.max_bytes
    static constexpr std::uint16_t keep_alive_min = 30;                ///< aws.keep_alive.range
    static constexpr std::uint16_t keep_alive_max = 1200;              ///< aws.keep_alive.range
    static constexpr std::size_t topic_max_bytes = 256;                ///< aws.topic.max_bytes
    static constexpr std::size_t topic_max_slashes = 7;                ///< aws.topic.max_levels
    static constexpr std::size_t subscribe_max_filters = 8;            ///< aws.subscribe.max_filters
    static constexpr std::size_t payload_max = 131072;                 ///< aws.payload.max
    static constexpr std::uint32_t session_expiry_max = 3600;          ///< aws.session_expiry.max
    static constexpr std::uint32_t message_expiry_max = 604800;        ///< aws.message_expiry.range

    /// The broker's CONNACK: Maximum Packet Size 149504, Receive Maximum 100, Topic Alias Maximum 8, Maximum QoS
    /// 1, Retain Available 1, Wildcard Subscription Available 1, Subscription Identifiers Available 0, Shared
    /// Subscription Available 1.
    static constexpr announced_limits announced() noexcept {
        return announced_limits{149504, 100, 8, qos::at_least_once, true, true, false, true, {}, true};
    }
    /// The rules of the file comment, on one packet.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        if (!detail::from_device(o)) return;
        switch (type_of(p)) {
        case packet_type::connect: return detail::aws_check_connect(*std::get_if<connect>(&p), o, r);
        case packet_type::publish: return detail::aws_check_publish(*std::get_if<publish>(&p), o, r);
        case packet_type::subscribe: return detail::aws_check_subscribe(*std::get_if<subscribe>(&p), o, r);
        case packet_type::unsubscribe:
            for (const auto filter : std::get_if<unsubscribe>(&p)->topic_filters) detail::aws_check_topic(filter, o, r);
            return;
        case packet_type::pubrec:
        case packet_type::pubrel:
        case packet_type::pubcomp:
        case packet_type::auth:
            r.add(rule_id::aws_packet_unsupported, finding::of(to_string(type_of(p))), finding::of("no QoS 2 flow, no AUTH"sv), o.version);
            return;
        default: return;
        }
    }
};

static_assert(cloud_profile<aws_iot_core>);

}  // namespace mqtt5
