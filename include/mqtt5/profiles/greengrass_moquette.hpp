/// \file
/// greengrass_moquette: the AWS IoT Greengrass v2 Moquette broker component (a 0.17 fork), after
/// shared/docs/greengrass.md (aws.greengrass.clientdevices.mqtt.Moquette, aws.greengrass.clientdevices.Auth).
/// MQTT 3.1.1 only; QoS 0..2, retain and will accepted; messages up to 131072 bytes (the Greengrass override).
///
/// Device-to-cloud packets only. Not expressible for one packet: the in-flight window of 10 (flow control),
/// in-memory sessions lost on a core restart, the policies, and the bridge to AWS IoT Core (as for EMQX).
#pragma once

#include <string_view>

#include "../string_literals.hpp"
#include "greengrass_client_device.hpp"

namespace mqtt5 {

/// The Greengrass Moquette broker (see the file comment).
struct greengrass_moquette {
    static constexpr std::string_view name = "greengrass-moquette"sv;  ///< the profile's name (`--profile greengrass-moquette`)
    static constexpr std::string_view doc_date = profile_doc_date;   ///< the date of the documentation followed
    static constexpr std::size_t message_max = 131072;               ///< greengrass_moquette.message.max

    /// MQTT 3.1.1 only: its CONNACK announces nothing.
    static constexpr announced_limits announced() noexcept {
        announced_limits a{};
        a.speaks_v5 = false;
        return a;
    }
    /// The rules of the file comment, on one packet.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        if (!detail::from_device(o)) return;
        if (const auto* c = std::get_if<connect>(&p)) {
            if (detail::profile_is_v5(o)) r.add(rule_id::greengrass_moquette_protocol_version, finding::of(5), finding::of(4), o.version);
            detail::greengrass_check_client_id(*c, o, r);
        }
        if (const auto* pub = std::get_if<publish>(&p); pub && pub->payload.size() > message_max)
            r.add(rule_id::greengrass_moquette_message_max, finding::of(pub->payload.size()), finding::of(message_max), o.version);
    }
};

static_assert(cloud_profile<greengrass_moquette>);

}  // namespace mqtt5
