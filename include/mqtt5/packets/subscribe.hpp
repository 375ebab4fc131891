/// \file
/// SUBSCRIBE (§3.8): packet identifier, properties, then one or more (Topic Filter, Subscription Options).
#pragma once

#include "common.hpp"
#include "wire_list.hpp"
#include "../topic.hpp"

namespace mqtt5 {

/// One entry of a SUBSCRIBE payload (§3.8.3): a Topic Filter and its Subscription Options.
struct subscription {
    std::string_view topic_filter{};  ///< the Topic Filter (§4.7), possibly a Shared Subscription (§4.8.2)
    mqtt5::qos max_qos{mqtt5::qos::at_most_once};  ///< Maximum QoS (§3.8.3.1); the Requested QoS at levels 3 and 4
    bool no_local{};  ///< No Local: never receive one's own messages; not on a Shared Subscription [MQTT-3.8.3-4]
    bool retain_as_published{};  ///< Retain As Published: keep the RETAIN flag of forwarded messages as it was sent
    mqtt5::retain_handling retain_handling{mqtt5::retain_handling::send_on_subscribe};  ///< Retain Handling (§3.8.3.1)

    /// The Subscription Options byte (§3.8.3.1).
    constexpr std::uint8_t options() const noexcept {
        return static_cast<std::uint8_t>(static_cast<unsigned>(max_qos) | (no_local ? 0x04u : 0u) |
                                         (retain_as_published ? 0x08u : 0u) | (static_cast<unsigned>(retain_handling) << 4));
    }
    /// Same Topic Filter and Subscription Options.
    friend constexpr bool operator==(const subscription&, const subscription&) = default;
};

namespace detail {
struct subscription_reader {
    static subscription read(const std::byte* p) noexcept {
        const auto n = wire::load_u16(p);
        const auto o = static_cast<std::uint8_t>(p[2 + n]);
        return subscription{as_chars(p + 2, n), static_cast<mqtt5::qos>(o & 3u), (o & 0x04u) != 0, (o & 0x08u) != 0,
                            static_cast<mqtt5::retain_handling>((o >> 4) & 3u)};
    }
    static const std::byte* next(const std::byte* p) noexcept { return p + 3 + wire::load_u16(p); }
};
}  // namespace detail

/// The subscriptions of a SUBSCRIBE: the caller's array, or the bytes of a decoded packet.
using subscription_list = wire_list<subscription, detail::subscription_reader>;

/// SUBSCRIBE (§3.8): the Client asks for the messages of one or more Topic Filters.
struct subscribe {
    std::uint16_t packet_id{};  ///< non-zero Packet Identifier [MQTT-2.2.1-3]
    property_block<place::subscribe> properties{};  ///< Subscription Identifier and User Property (§3.8.2.1)
    subscription_list subscriptions{};  ///< at least one [MQTT-3.8.3-2]
    wire_form form{};  ///< how a decoded SUBSCRIBE stood on the wire, so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const subscribe& a, const subscribe& b) noexcept {
        return a.packet_id == b.packet_id && a.properties == b.properties && a.subscriptions == b.subscriptions;
    }
};

namespace detail {

// The rules on one subscription, shared by the decoder and the encoder: filter syntax (§4.7, §4.8.2) and
// the options byte (§3.8.3.1). Returns the errc and whether it concerns the options byte (for its offset).
#if defined(__OPTIMIZE_SIZE__)
// -Os: on a pointer and a size (see check_topic_name_syntax_of, topic.hpp).
inline errc check_subscription_of(const char* filter_data, std::size_t filter_size, std::uint8_t options, bool& at_options) noexcept;
inline errc check_subscription(std::string_view filter, std::uint8_t options, bool& at_options) noexcept {
    return check_subscription_of(filter.data(), filter.size(), options, at_options);
}
inline errc check_subscription_of(const char* filter_data, std::size_t filter_size, std::uint8_t options, bool& at_options) noexcept {
    const std::string_view filter{filter_data, filter_size};
#else
inline errc check_subscription(std::string_view filter, std::uint8_t options, bool& at_options) noexcept {
#endif
    at_options = false;
    if (const auto e = check_topic_filter_syntax(filter); e != errc::ok) return e;
    at_options = true;
    if (options & 0xC0u) return errc::subscription_options_reserved_bits;  // [MQTT-3.8.3-5]
    if ((options & 3u) == 3) return errc::subscription_qos_invalid;       // §3.8.3.1
    if (((options >> 4) & 3u) == 3) return errc::retain_handling_invalid;   // §3.8.3.1
    if ((options & 0x04u) && is_shared_subscription(filter)) return errc::no_local_on_shared_subscription;  // [MQTT-3.8.3-4]
    return errc::ok;
}

// Steps over the entries (Topic Filter, Subscription Options) from p on that are whole and plainly valid
// (topic.hpp), counting them; returns where the first other entry starts (end when there is none). The input,
// from `base` to `end`, holds at least 16 bytes: the filters' bytes are read 16 at a time inside it.
MQTT5_SCAN_INLINE const std::byte* skip_plain_subscriptions(const std::byte* base, const std::byte* p, const std::byte* end,
                                                 std::size_t& count) noexcept {
    const char* lo = as_chars(base, 0).data();
    std::size_t plain = 0;
    while (end - p >= 3) {
        const std::size_t n = wire::load_u16(p);
        if (static_cast<std::size_t>(end - p) - 3 < n ||
            !subscription_is_plainly_valid(as_chars(p + 2, n).data(), n, lo, static_cast<std::uint8_t>(p[2 + n])))
            break;
        p += 3 + n;
        ++plain;
    }
    count += plain;
    return p;
}

template <> struct codec<subscribe> {
    static constexpr packet_type type = packet_type::subscribe;

    static status decode(subscribe& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0x2) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-3.8.1-1]
        MQTT5_TRY(read_packet_id(r, p.packet_id));
        MQTT5_TRY(read_properties(r, p.properties, o));
        const auto* first = r.pos;
        if (r.at_end()) return r.fail(errc::no_topic_filters, r.pos);  // [MQTT-3.8.3-2]
        std::size_t count = 0;
        while (!r.at_end()) {
            // The common case: whole entries with plainly valid filters and options (topic.hpp), in one tight
            // loop. The entry it stops at (anything else, or every entry for a receiver that refuses the code
            // points the standard discourages) takes the exact checks below, which name the error and its offset.
            if (wire::detail::fast_string_paths && !o.reject_disallowed_code_points && r.end - r.base >= 16) {
                r.pos = skip_plain_subscriptions(r.base, r.pos, r.end, count);
                if (r.at_end()) break;
            }
            const auto* filter_at = r.pos;
            std::string_view filter;
            MQTT5_TRY(read_string_unusual(r, filter, o));  // [MQTT-3.8.3-1]
            const auto* options_at = r.pos;
            std::uint8_t options = 0;
            MQTT5_TRY(read_u8(r, options));
            bool at_options = false;
            if (const auto e = check_subscription(filter, options, at_options); e != errc::ok)
                return r.fail(e, at_options ? options_at : filter_at);
            ++count;
        }
        p.subscriptions = subscription_list::from_wire({first, r.pos}, count);
        return status{};
    }

    static result<std::size_t> body_size(const subscribe& p, const encode_options&) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.subscriptions.empty()) s.fail(errc::no_topic_filters);
        s.add(2);
        s.properties(p.properties);
        if (p.subscriptions.is_wire()) {
            s.add(p.subscriptions.wire_bytes().size());
        } else {
            for (const auto& sub : p.subscriptions.items()) {
                // The common case: QoS and Retain Handling 0..2 (§3.8.3.1; the options byte then has no reserved
                // bit set) and a plainly valid filter (topic.hpp) of at most 65,535 bytes, No Local included.
                // Anything else takes the exact checks, in their order.
                if (wire::detail::fast_string_paths && static_cast<std::uint8_t>(sub.max_qos) <= 2 && static_cast<std::uint8_t>(sub.retain_handling) <= 2 &&
                    sub.topic_filter.size() <= 65535 &&
                    filter_is_plainly_valid(sub.topic_filter.data(), sub.topic_filter.size(), nullptr, sub.no_local)) {
                    s.add(3 + sub.topic_filter.size());
                    continue;
                }
                bool at_options = false;
                if (static_cast<std::uint8_t>(sub.max_qos) > 3 || static_cast<std::uint8_t>(sub.retain_handling) > 3)
                    s.fail(errc::invalid_argument);
                if (const auto e = check_subscription(sub.topic_filter, sub.options(), at_options); e != errc::ok) s.fail(e);
                s.string(sub.topic_filter);
                s.add(1);
            }
        }
        return s.done();
    }

    static std::uint8_t flags(const subscribe&) noexcept { return 0x2; }

    static std::byte* write_body(const subscribe& p, std::byte* w) noexcept {
        w = wire::store_u16(w, p.packet_id);
        w = write_properties(w, p.properties);
        if (p.subscriptions.is_wire()) return write_bytes(w, p.subscriptions.wire_bytes());
        for (const auto& sub : p.subscriptions.items()) {
            const auto n = sub.topic_filter.size();
            w = copy_short_bytes(wire::store_u16(w, static_cast<std::uint16_t>(n)), sub.topic_filter.data(), n);
            w = wire::store_u8(w, sub.options());
        }
        return w;
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): no properties; the option byte is the Requested QoS ----

    static status decode_v3(subscribe& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0x2, o.version, p.form, r));  // [MQTT-3.8.1-1] (3.1.1)
        MQTT5_TRY(read_packet_id(r, p.packet_id));                 // [MQTT-2.3.1-1] (3.1.1)
        const auto* first = r.pos;
        if (r.at_end()) return r.fail(errc::no_topic_filters, r.pos);  // [MQTT-3.8.3-3] (3.1.1)
        std::size_t count = 0;
        while (!r.at_end()) {
            const auto* filter_at = r.pos;
            std::string_view filter;
            MQTT5_TRY(read_string_v3(r, filter, o));  // [MQTT-3.8.3-1] (3.1.1)
            if (const auto e = check_topic_filter_syntax_v311(filter); e != errc::ok) return r.fail(e, filter_at);
            const auto* qos_at = r.pos;
            std::uint8_t requested = 0;
            MQTT5_TRY(read_u8(r, requested));
            if ((requested & 0xFCu) != 0 || requested == 3)
                return r.fail(errc::requested_qos_invalid, qos_at);  // [MQTT-3.8.3-4] (3.1.1): malformed
            ++count;
        }
        p.subscriptions = subscription_list::from_wire({first, r.pos}, count);
        return status{};
    }

    static result<std::size_t> body_size_v3(const subscribe& p, protocol_version) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);                       // [MQTT-2.3.1-1] (3.1.1)
        if (p.subscriptions.empty()) s.fail(errc::no_topic_filters);             // [MQTT-3.8.3-3] (3.1.1)
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        s.add(2);
        // A list decoded from a v5 packet is checked too: its option bytes may hold v5-only bits.
        for (const auto& sub : p.subscriptions) {
            if (sub.no_local || sub.retain_as_published || sub.retain_handling != mqtt5::retain_handling::send_on_subscribe)
                s.fail(errc::subscription_option_not_in_v311);  // bits 7-2 are reserved [MQTT-3.8.3-4] (3.1.1)
            if (static_cast<std::uint8_t>(sub.max_qos) > 2) s.fail(errc::requested_qos_invalid);  // [MQTT-3.8.3-4] (3.1.1)
        }
        if (p.subscriptions.is_wire()) {
            s.add(p.subscriptions.wire_bytes().size());
        } else {
            for (const auto& sub : p.subscriptions.items()) {
                if (const auto e = check_topic_filter_syntax_v311(sub.topic_filter); e != errc::ok) s.fail(e);
                s.string_v3(sub.topic_filter);
                s.add(1);
            }
        }
        return s.done();
    }

    static std::byte* write_body_v3(const subscribe& p, std::byte* w, protocol_version) noexcept {
        w = wire::store_u16(w, p.packet_id);
        if (p.subscriptions.is_wire()) return write_bytes(w, p.subscriptions.wire_bytes());
        for (const auto& sub : p.subscriptions.items())
            w = wire::store_u8(write_string(w, sub.topic_filter), static_cast<std::uint8_t>(sub.max_qos));
        return w;
    }
};
}  // namespace detail

}  // namespace mqtt5
