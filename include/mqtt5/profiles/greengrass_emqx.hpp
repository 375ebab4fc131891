/// \file
/// greengrass_emqx: the AWS IoT Greengrass v2 EMQX broker component (2.x, EMQX 5.1), after
/// shared/docs/greengrass.md (the component pages aws.greengrass.clientdevices.mqtt.EMQX and
/// aws.greengrass.clientdevices.Auth). MQTT 5 and 3.1.1; QoS 0..2, retain, will, shared subscriptions, topic
/// aliases up to 65535, Subscription Identifiers: all accepted.
///
/// Device-to-cloud packets only. Not expressible for one packet: max_inflight 32 / max_awaiting_rel 100 /
/// max_mqueue_len 1000 (flow control over the connection), the 1.5 x keep alive timeout (a clock), the policies
/// (`mqtt:publish` / `mqtt:subscribe`: they are the deployment's configuration), and which topics the bridge
/// forwards to AWS IoT Core (where IoT Core's limits then apply: check those topics with aws_iot_core too).
#pragma once

#include <string_view>

#include "../string_literals.hpp"
#include "greengrass_client_device.hpp"

namespace mqtt5 {

namespace detail {
inline void greengrass_emqx_check_levels(std::string_view topic, const check_options& o, check_report& r) noexcept {
    std::size_t levels = 1;
    for (const char c : topic) levels += c == '/' ? 1u : 0u;
    if (!topic.empty() && levels > 128) r.add(rule_id::greengrass_emqx_topic_max_levels, finding::of(levels), finding::of(128), o.version);
}
}  // namespace detail

/// The Greengrass EMQX broker (see the file comment).
struct greengrass_emqx {
    static constexpr std::string_view name = "greengrass-emqx"sv;    ///< the profile's name (`--profile greengrass-emqx`)
    static constexpr std::string_view doc_date = profile_doc_date;   ///< the date of the documentation followed
    static constexpr std::uint32_t max_packet_size = 1048576;        ///< greengrass_emqx.packet.max_size (1 MB default)
    static constexpr std::size_t max_topic_levels = 128;             ///< greengrass_emqx.topic.max_levels

    /// Maximum Packet Size 1 MB, Topic Alias Maximum 65535, Retain, Wildcard, Subscription Identifier and Shared
    /// Subscription Available.
    static constexpr announced_limits announced() noexcept {
        return announced_limits{max_packet_size, {}, 65535, {}, true, true, true, true, {}, true};
    }
    /// The rules of the file comment, on one packet.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        if (!detail::from_device(o)) return;
        if (const auto size = encoded_size(p, encode_options{o.version}); size && *size > max_packet_size)
            r.add(rule_id::greengrass_emqx_packet_max_size, finding::of(*size), finding::of(max_packet_size), o.version);
        if (const auto* c = std::get_if<connect>(&p)) detail::greengrass_check_client_id(*c, o, r);
        if (const auto* pub = std::get_if<publish>(&p)) detail::greengrass_emqx_check_levels(detail::topic_of(*pub, o), o, r);
        if (const auto* s = std::get_if<subscribe>(&p))
            for (const auto& entry : s->subscriptions) {
                const auto shared = parse_shared_subscription(entry.topic_filter);
                detail::greengrass_emqx_check_levels(shared ? shared->topic_filter : entry.topic_filter, o, r);
            }
    }
};

static_assert(cloud_profile<greengrass_emqx>);

}  // namespace mqtt5
