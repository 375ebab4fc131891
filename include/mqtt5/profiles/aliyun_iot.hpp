/// \file
/// aliyun_iot: what the Aliyun (Alibaba Cloud) IoT Platform does with each packet a device sends (MQTT 5.0 on
/// Enterprise instances, 3.1.1, 3.1), after the rows and rule ids of shared/docs/cloud-profiles.md, which cite the
/// "MQTT protocol" standard (help doc 30540), "Establish MQTT connections" (73742), the MQTT 5.0 pages (user
/// properties, will messages, retained messages, shared subscriptions) and the topic pages (73731, 85539).
///
/// Where the sources disagree this profile follows the newest: will and retain are refused over 3.1/3.1.1
/// (protocol page) and supported over 5.0 (the newer 5.0 feature pages), so those rules branch on the version.
///
/// Device-to-cloud packets only. Not expressible for one packet: one connection per device (the older one is
/// forced offline). The 256 KiB payload and the 64-character client id are unconfirmed and not checked; the HMAC
/// of the password needs the device secret, so only its form (hex, digest length) is judged.
#pragma once

#include <string_view>

#include "../packets/connect.hpp"
#include "../string_literals.hpp"
#include "aliyun_topics.hpp"
#include "check.hpp"

namespace mqtt5 {

namespace detail {

inline void aliyun_check_qos(unsigned qos, const check_options& o, check_report& r) noexcept {
    if (qos > 1) r.add(rule_id::aliyun_qos_max, finding::of(qos), finding::of(1), o.version);
}

template <place P>
void aliyun_check_user_properties(const property_block<P>& props, bool carries, const check_options& o, check_report& r) noexcept {
    if (!profile_is_v5(o)) return;
    const auto count = props.user_properties().size();
    if (carries && count > 20) r.add(rule_id::aliyun_user_properties_max, finding::of(count), finding::of(20), o.version);
    if (!carries && count > 0) r.add(rule_id::aliyun_user_properties_packet, finding::of(count), finding::of(0), o.version);
}

inline void aliyun_check_connect(const connect& c, const check_options& o, check_report& r) noexcept {
    const bool v5 = profile_is_v5(o);
    if (c.will) {
        if (!v5) r.add(rule_id::aliyun_will_v3, finding::of(1), finding::of(0), o.version);
        aliyun_check_qos(static_cast<unsigned>(c.will->qos), o, r);
        if (v5 && !c.will->properties.user_properties().empty()) r.note(note_id::aliyun_user_properties_in_will);
    }
    if (c.keep_alive < 30 || c.keep_alive > 1200)
        r.add(rule_id::aliyun_keep_alive_range, finding::of(c.keep_alive), finding::of("30..1200"sv), o.version);
    const auto id = aliyun_parse_client_id(c.client_id);
    if (!id)
        r.add(rule_id::aliyun_client_id_format, finding::of(c.client_id),
              finding::of("{clientId}|securemode=2|3,signmethod=hmacsha256|hmacsha1|hmacmd5,timestamp={ms}|"sv), o.version);
    if (!c.username || !aliyun_valid_username(*c.username))
        r.add(rule_id::aliyun_username_format, finding::of(c.username.value_or("(absent)"sv)), finding::of("{deviceName}&{productKey}"sv), o.version);
    const auto password = c.password ? std::string_view{reinterpret_cast<const char*>(c.password->data()), c.password->size()} : std::string_view{};
    if (!c.password || !aliyun_valid_password(password, id ? id->signmethod : std::string_view{}))
        r.add(rule_id::aliyun_password_format, finding::of(password.size()), finding::of("hex HMAC digest (32, 40 or 64 digits)"sv), o.version);
    aliyun_check_user_properties(c.properties, true, o, r);
}

inline void aliyun_check_publish(const publish& p, const check_options& o, check_report& r) noexcept {
    aliyun_check_qos(static_cast<unsigned>(p.qos), o, r);
    if (p.retain && !profile_is_v5(o)) r.add(rule_id::aliyun_retain_v3, finding::of(1), finding::of(0), o.version);
    const auto topic = topic_of(p, o);  // after alias resolution when the connection gave it
    if (!topic.empty() && !aliyun_topic_allowed(topic))
        r.add(rule_id::aliyun_topic_custom_format, finding::of(topic), finding::of("/{productKey}/{deviceName}/user/{name} or a system topic"sv), o.version);
    aliyun_check_user_properties(p.properties, true, o, r);
}

inline void aliyun_check_subscribe(const subscribe& s, const check_options& o, check_report& r) noexcept {
    for (const auto& entry : s.subscriptions) {
        aliyun_check_qos(static_cast<unsigned>(entry.max_qos), o, r);
        if (!aliyun_topic_allowed(entry.topic_filter, true))
            r.add(rule_id::aliyun_topic_custom_format, finding::of(entry.topic_filter), finding::of("/{productKey}/{deviceName}/user/{name} or a system topic"sv), o.version);
        // Over 3.1.1 "$share/..." is an ordinary filter to the standard, but Aliyun reserves it for 5.0.
        if (!profile_is_v5(o) && is_shared_subscription(entry.topic_filter))
            r.add(rule_id::aliyun_shared_subscription_v3, finding::of(entry.topic_filter), finding::of("MQTT 5.0 only"sv), o.version);
    }
    r.note(note_id::aliyun_subscription_qos_ignored);
}

}  // namespace detail

/// The Aliyun IoT Platform (see the file comment for its sources and the choices where they disagree).
struct aliyun_iot {
    static constexpr std::string_view name = "aliyun"sv;             ///< the profile's name (`--profile aliyun`)
    static constexpr std::string_view doc_date = profile_doc_date;   ///< the date of the documentation followed
    static constexpr std::uint16_t keep_alive_min = 30;              ///< aliyun.keep_alive.range
    static constexpr std::uint16_t keep_alive_max = 1200;            ///< aliyun.keep_alive.range
    static constexpr std::size_t user_properties_max = 20;           ///< aliyun.user_properties.max

    /// The platform documents no CONNACK properties; its Maximum QoS is 1 (QoS 0 and 1 only).
    static constexpr announced_limits announced() noexcept {
        announced_limits a{};
        a.maximum_qos = qos::at_least_once;
        return a;
    }
    /// The rules of the file comment, on one packet.
    static void check_packet(const packet& p, const check_options& o, check_report& r) noexcept {
        if (!detail::from_device(o)) return;
        switch (type_of(p)) {
        case packet_type::connect: return detail::aliyun_check_connect(*std::get_if<connect>(&p), o, r);
        case packet_type::publish: return detail::aliyun_check_publish(*std::get_if<publish>(&p), o, r);
        case packet_type::subscribe: detail::aliyun_check_subscribe(*std::get_if<subscribe>(&p), o, r); break;
        case packet_type::pubrec:
        case packet_type::pubrel:
        case packet_type::pubcomp:
        case packet_type::auth:
            r.add(rule_id::aliyun_packet_unsupported, finding::of(to_string(type_of(p))), finding::of("no QoS 2 flow, no AUTH"sv), o.version);
            break;
        default: break;
        }
        // User properties anywhere but CONNECT and PUBLISH are ignored.
        detail::visit_packet(p, [&](const auto& q) {
            if constexpr (requires { q.properties.user_properties(); }) detail::aliyun_check_user_properties(q.properties, false, o, r);
        });
    }
};

static_assert(cloud_profile<aliyun_iot>);

}  // namespace mqtt5
