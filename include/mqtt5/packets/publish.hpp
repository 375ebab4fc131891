/// \file
/// PUBLISH (§3.3): topic, packet identifier (QoS > 0), properties, payload. The payload is a view into the
/// caller's bytes, never copied; encode_publish_header writes everything before it, for writev.
#pragma once

#include "common.hpp"
#include "../topic.hpp"

namespace mqtt5 {

/// PUBLISH (§3.3): an Application Message, from Client to Server or from Server to Client.
struct publish {
    std::string_view topic{};              ///< empty only with a Topic Alias property (§3.3.2.1)
    std::span<const std::byte> payload{};  ///< application message, any bytes
    mqtt5::qos qos{mqtt5::qos::at_most_once};  ///< QoS level (§3.3.1.2); 3 is malformed [MQTT-3.3.1-4]
    bool dup{};  ///< DUP (§3.3.1.1): a re-delivery; 0 for every QoS 0 message [MQTT-3.3.1-2]
    bool retain{};  ///< RETAIN (§3.3.1.3): the Server keeps the message for future subscribers
    std::uint16_t packet_id{};  ///< only for QoS 1 and 2 [MQTT-2.2.1-2]
    property_block<place::publish> properties{};  ///< the PUBLISH Properties (§3.3.2.3); v5 only
    wire_form form{};  ///< how a decoded PUBLISH stood on the wire, so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const publish& a, const publish& b) noexcept {
        return a.topic == b.topic && detail::same_bytes(a.payload, b.payload) && a.qos == b.qos && a.dup == b.dup &&
               a.retain == b.retain && a.packet_id == b.packet_id && a.properties == b.properties;
    }
};

namespace detail {
template <> struct codec<publish> {
    static constexpr packet_type type = packet_type::publish;

    // Inlined into the entry points when optimising for speed: the call cost a small PUBLISH (P2) about 30
    // instructions of its 250 (callgrind, g++ 12 -O2).
    MQTT5_HOT_INLINE static status decode(publish& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        const auto q = static_cast<std::uint8_t>((fh.flags >> 1) & 3u);
        if (q == 3) return r.fail(errc::publish_qos_invalid, r.base);  // [MQTT-3.3.1-4]
        p.qos = static_cast<mqtt5::qos>(q);
        p.dup = (fh.flags & 8u) != 0;
        p.retain = (fh.flags & 1u) != 0;
        if (p.dup && q == 0) return r.fail(errc::dup_with_qos_0, r.base);  // [MQTT-3.3.1-2] (PE*)
        const auto* topic_at = r.pos;
        {
            std::span<const std::byte> raw;
            MQTT5_TRY(read_binary(r, raw));
            p.topic = as_chars(raw.data(), raw.size());
            if (const auto e = check_topic_name_text(p.topic, r.end - r.base >= 16 ? as_chars(r.base, 0).data() : nullptr,
                                                     o.reject_disallowed_code_points);
                e != errc::ok)
                return r.fail(e, topic_at);  // [MQTT-3.3.2-1] UTF-8 first, then [MQTT-3.3.2-2]
        }
        if (q != 0) MQTT5_TRY(read_packet_id(r, p.packet_id));
        std::size_t props_at = 0;
        MQTT5_TRY(read_properties(r, p.properties, o, &props_at));
        if (p.topic.empty() && !p.properties.contains<property_id::topic_alias>())
            return r.fail(errc::topic_name_empty_without_alias, topic_at);  // §3.3.2.1
        if (o.sender == role::client)
            if (const auto at = p.properties.offset_of(property_id::subscription_identifier))
                return make_status(errc::subscription_identifier_from_client, props_at + *at);  // [MQTT-3.3.4-6]
        p.payload = {r.pos, r.left()};
        if (o.check_payload_format && p.properties.payload_format_indicator() == std::uint8_t{1} &&
            wire::validate_utf8(as_chars(p.payload.data(), p.payload.size())) != errc::ok)
            return r.fail(errc::payload_not_utf8, r.pos);  // §3.3.2.3.2: 0x99
        r.pos = r.end;
        return status{};
    }

#if !defined(__OPTIMIZE_SIZE__)
    // The Topic Name's checks in their order, which name its first error: for a topic the one-pass check of
    // header_body_size did not find plain. Out of line and cold (compile time, issue 13).
    MQTT5_COLD_PATH static void size_topic_checked(sizer& s, std::string_view topic) noexcept {
        if (check_topic_name_syntax(topic) != errc::ok) s.fail(errc::topic_name_has_wildcard);
        s.string(topic);
    }
#endif

    // Everything but the payload.
    static result<std::size_t> header_body_size(const publish& p) noexcept {
        sizer s;
        if (static_cast<std::uint8_t>(p.qos) > 2) s.fail(errc::publish_qos_invalid);
        if (p.dup && p.qos == mqtt5::qos::at_most_once) s.fail(errc::dup_with_qos_0);
        if (p.qos != mqtt5::qos::at_most_once && p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.topic.empty() && !p.properties.contains<property_id::topic_alias>()) s.fail(errc::topic_name_empty_without_alias);
#if !defined(__OPTIMIZE_SIZE__)  // -Os: the two checks alone (the same answer in less code)
        if (p.topic.size() <= 65535 && check_topic_name_text(p.topic, nullptr, false) == errc::ok)
            s.add(2 + p.topic.size());  // valid UTF-8 without wildcards, plain ASCII in one pass: the checks below pass
        else
            size_topic_checked(s, p.topic);
#else
        if (check_topic_name_syntax(p.topic) != errc::ok) s.fail(errc::topic_name_has_wildcard);  // -Os: the two checks alone
        s.string(p.topic);  // (the same answer in less code; as a function, 28 bytes more on the realistic probe)
#endif
        if (p.qos != mqtt5::qos::at_most_once) s.add(2);
        s.properties(p.properties);
        return s.done();
    }

    static result<std::size_t> body_size(const publish& p, const encode_options&) noexcept {
        auto n = header_body_size(p);
        if (!n) return n;
        if (p.payload.size() > wire::varint_max - *n) return make_error(errc::remaining_length_too_large, 0);
        return *n + p.payload.size();
    }

    static std::uint8_t flags(const publish& p) noexcept {
        return static_cast<std::uint8_t>((p.dup ? 8u : 0u) | (static_cast<unsigned>(p.qos) << 1) | (p.retain ? 1u : 0u));
    }

    static std::byte* write_header_body(const publish& p, std::byte* w) noexcept {
        w = write_string(w, p.topic);
        if (p.qos != mqtt5::qos::at_most_once) w = wire::store_u16(w, p.packet_id);
        return write_properties(w, p.properties);
    }

    static std::byte* write_body(const publish& p, std::byte* w) noexcept {
        return write_bytes(write_header_body(p, w), p.payload);
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): topic, packet identifier, payload; no properties ----

    static status decode_v3(publish& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        const auto q = static_cast<std::uint8_t>((fh.flags >> 1) & 3u);
        if (q == 3) return r.fail(errc::publish_qos_invalid, r.base);  // [MQTT-3.3.1-4] (3.1.1)
        p.qos = static_cast<mqtt5::qos>(q);
        p.dup = (fh.flags & 8u) != 0;
        p.retain = (fh.flags & 1u) != 0;
        // [MQTT-3.3.1-2] (3.1.1); 3.1 has no such rule (spec/v311.md part 7), so level 3 keeps the bit.
        if (p.dup && q == 0 && o.version != protocol_version::v31) return r.fail(errc::dup_with_qos_0, r.base);
        const auto* topic_at = r.pos;
        MQTT5_TRY(read_string_v3(r, p.topic, o));  // [MQTT-3.3.2-1] (3.1.1)
        // No Topic Alias in 3.1.1: an empty Topic Name is never valid [MQTT-4.7.3-1] (3.1.1).
        if (p.topic.empty()) return r.fail(errc::topic_empty, topic_at);
        if (check_topic_name_syntax(p.topic) != errc::ok)
            return r.fail(errc::topic_name_has_wildcard, topic_at);  // [MQTT-3.3.2-2] [MQTT-4.7.1-1] (3.1.1)
        if (q != 0) MQTT5_TRY(read_packet_id(r, p.packet_id));  // [MQTT-2.3.1-1] (3.1.1)
        p.payload = {r.pos, r.left()};  // may be empty (§3.3.3, 3.1.1)
        r.pos = r.end;
        return status{};
    }

    static result<std::size_t> header_body_size_v3(const publish& p, protocol_version v) noexcept {
        sizer s;
        if (static_cast<std::uint8_t>(p.qos) > 2) s.fail(errc::publish_qos_invalid);  // [MQTT-3.3.1-4] (3.1.1)
        if (p.dup && p.qos == mqtt5::qos::at_most_once && v != protocol_version::v31)
            s.fail(errc::dup_with_qos_0);  // [MQTT-3.3.1-2] [MQTT-4.3.1-1] (3.1.1)
        if (p.qos != mqtt5::qos::at_most_once && p.packet_id == 0) s.fail(errc::packet_id_zero);  // [MQTT-2.3.1-1] (3.1.1)
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        if (p.topic.empty()) s.fail(errc::topic_empty);  // [MQTT-4.7.3-1] (3.1.1)
        if (check_topic_name_syntax(p.topic) != errc::ok) s.fail(errc::topic_name_has_wildcard);  // [MQTT-3.3.2-2] (3.1.1)
        s.string_v3(p.topic);
        if (p.qos != mqtt5::qos::at_most_once) s.add(2);  // none at QoS 0 [MQTT-2.3.1-5] (3.1.1)
        return s.done();
    }

    static result<std::size_t> body_size_v3(const publish& p, protocol_version v) noexcept {
        auto n = header_body_size_v3(p, v);
        if (!n) return n;
        if (p.payload.size() > wire::varint_max - *n) return make_error(errc::remaining_length_too_large, 0);
        return *n + p.payload.size();
    }

    static std::byte* write_header_body_v3(const publish& p, std::byte* w) noexcept {
        w = write_string(w, p.topic);
        if (p.qos != mqtt5::qos::at_most_once) w = wire::store_u16(w, p.packet_id);
        return w;
    }

    static std::byte* write_body_v3(const publish& p, std::byte* w, protocol_version) noexcept {
        return write_bytes(write_header_body_v3(p, w), p.payload);
    }
};
}  // namespace detail

}  // namespace mqtt5
