/// \file
/// UNSUBSCRIBE (§3.10): packet identifier, properties, then one or more Topic Filters.
#pragma once

#include "common.hpp"
#include "wire_list.hpp"
#include "../topic.hpp"

namespace mqtt5 {

namespace detail {
struct topic_filter_reader {
    static std::string_view read(const std::byte* p) noexcept { return as_chars(p + 2, wire::load_u16(p)); }
    static const std::byte* next(const std::byte* p) noexcept { return p + 2 + wire::load_u16(p); }
};
}  // namespace detail

/// The Topic Filters of an UNSUBSCRIBE: the caller's array, or the bytes of a decoded packet.
using topic_filter_list = wire_list<std::string_view, detail::topic_filter_reader>;

/// UNSUBSCRIBE (§3.10): the Client removes one or more subscriptions.
struct unsubscribe {
    std::uint16_t packet_id{};  ///< non-zero Packet Identifier [MQTT-2.2.1-3]
    property_block<place::unsubscribe> properties{};  ///< User Property only (§3.10.2.1); v5 only
    topic_filter_list topic_filters{};  ///< at least one [MQTT-3.10.3-2]
    wire_form form{};  ///< how a decoded UNSUBSCRIBE stood on the wire, so it re-encodes exactly

    /// Same content (the wire form is not compared).
    friend bool operator==(const unsubscribe& a, const unsubscribe& b) noexcept {
        return a.packet_id == b.packet_id && a.properties == b.properties && a.topic_filters == b.topic_filters;
    }
};

namespace detail {
// Steps over the Topic Filters from p on that are whole and plainly valid (topic.hpp), counting them; returns
// where the first other one starts (end when there is none). The input, from `base` to `end`, holds at least 16
// bytes: the filters' bytes are read 16 at a time inside it.
inline const std::byte* skip_plain_topic_filters(const std::byte* base, const std::byte* p, const std::byte* end,
                                                 std::size_t& count) noexcept {
    const char* lo = as_chars(base, 0).data();
    std::size_t plain = 0;
    while (end - p >= 2) {
        const std::size_t n = wire::load_u16(p);
        if (static_cast<std::size_t>(end - p) - 2 < n || !filter_is_plainly_valid(as_chars(p + 2, n).data(), n, lo, false)) break;
        p += 2 + n;
        ++plain;
    }
    count += plain;
    return p;
}

template <> struct codec<unsubscribe> {
    static constexpr packet_type type = packet_type::unsubscribe;

    static status decode(unsubscribe& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0x2) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-3.10.1-1]
        MQTT5_TRY(read_packet_id(r, p.packet_id));
        MQTT5_TRY(read_properties(r, p.properties, o));
        const auto* first = r.pos;
        if (r.at_end()) return r.fail(errc::no_topic_filters, r.pos);  // [MQTT-3.10.3-2]
        std::size_t count = 0;
        while (!r.at_end()) {
            // The common case: whole, plainly valid filters (topic.hpp) in one tight loop; the filter it stops at
            // takes the exact checks below, which name the error and its offset.
            if (wire::detail::fast_string_paths && !o.reject_disallowed_code_points && r.end - r.base >= 16) {
                r.pos = skip_plain_topic_filters(r.base, r.pos, r.end, count);
                if (r.at_end()) break;
            }
            const auto* at = r.pos;
            std::string_view filter;
            MQTT5_TRY(read_string_unusual(r, filter, o));  // [MQTT-3.10.3-1]
            if (const auto e = check_topic_filter_syntax(filter); e != errc::ok) return r.fail(e, at);
            ++count;
        }
        p.topic_filters = topic_filter_list::from_wire({first, r.pos}, count);
        return status{};
    }

    static result<std::size_t> body_size(const unsubscribe& p, const encode_options&) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.topic_filters.empty()) s.fail(errc::no_topic_filters);
        s.add(2);
        s.properties(p.properties);
        if (p.topic_filters.is_wire()) {
            s.add(p.topic_filters.wire_bytes().size());
        } else {
            for (const auto filter : p.topic_filters.items()) {
                if (wire::detail::fast_string_paths && filter.size() <= 65535 && filter_is_plainly_valid(filter.data(), filter.size(), nullptr, false)) {
                    s.add(2 + filter.size());  // the common case (topic.hpp); anything else takes the exact checks
                    continue;
                }
                if (const auto e = check_topic_filter_syntax(filter); e != errc::ok) s.fail(e);
                s.string(filter);
            }
        }
        return s.done();
    }

    static std::uint8_t flags(const unsubscribe&) noexcept { return 0x2; }

    static std::byte* write_body(const unsubscribe& p, std::byte* w) noexcept {
        w = wire::store_u16(w, p.packet_id);
        w = write_properties(w, p.properties);
        if (p.topic_filters.is_wire()) return write_bytes(w, p.topic_filters.wire_bytes());
        for (const auto filter : p.topic_filters.items())
            w = copy_short_bytes(wire::store_u16(w, static_cast<std::uint16_t>(filter.size())), filter.data(), filter.size());
        return w;
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1): no properties ----

    static status decode_v3(unsubscribe& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        MQTT5_TRY(check_v3_flags(fh, 0x2, o.version, p.form, r));  // [MQTT-3.10.1-1] (3.1.1)
        MQTT5_TRY(read_packet_id(r, p.packet_id));                 // [MQTT-2.3.1-1] (3.1.1)
        const auto* first = r.pos;
        if (r.at_end()) return r.fail(errc::no_topic_filters, r.pos);  // [MQTT-3.10.3-2] (3.1.1)
        std::size_t count = 0;
        while (!r.at_end()) {
            const auto* at = r.pos;
            std::string_view filter;
            MQTT5_TRY(read_string_v3(r, filter, o));  // [MQTT-3.10.3-1] (3.1.1)
            if (const auto e = check_topic_filter_syntax_v311(filter); e != errc::ok) return r.fail(e, at);
            ++count;
        }
        p.topic_filters = topic_filter_list::from_wire({first, r.pos}, count);
        return status{};
    }

    static result<std::size_t> body_size_v3(const unsubscribe& p, protocol_version) noexcept {
        sizer s;
        if (p.packet_id == 0) s.fail(errc::packet_id_zero);
        if (p.topic_filters.empty()) s.fail(errc::no_topic_filters);
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        s.add(2);
        if (p.topic_filters.is_wire()) {
            s.add(p.topic_filters.wire_bytes().size());
        } else {
            for (const auto filter : p.topic_filters.items()) {
                if (const auto e = check_topic_filter_syntax_v311(filter); e != errc::ok) s.fail(e);
                s.string_v3(filter);
            }
        }
        return s.done();
    }

    static std::byte* write_body_v3(const unsubscribe& p, std::byte* w, protocol_version) noexcept {
        w = wire::store_u16(w, p.packet_id);
        if (p.topic_filters.is_wire()) return write_bytes(w, p.topic_filters.wire_bytes());
        for (const auto filter : p.topic_filters.items()) w = write_string(w, filter);
        return w;
    }
};
}  // namespace detail

}  // namespace mqtt5
