/// \file
/// CONNECT (§3.1): protocol name and level, flags, keep alive, properties; payload Client Identifier, Will
/// (properties, topic, payload), User Name, Password, each present exactly when its flag says [MQTT-3.1.3-1].
#pragma once

#include <optional>

#include "common.hpp"
#include "../topic.hpp"

namespace mqtt5 {

/// The Will Message of a CONNECT (§3.1.2.5, §3.1.3.2 - §3.1.3.4): published by the Server when the Network
/// Connection closes without a DISCONNECT with Reason Code 0x00 [MQTT-3.1.2-8].
struct will_message {
    std::string_view topic{};  ///< the Will Topic: a Topic Name, so no wildcards [MQTT-4.7.0-1]
    std::span<const std::byte> payload{};  ///< the Will Payload: application bytes, never copied
    mqtt5::qos qos{mqtt5::qos::at_most_once};  ///< Will QoS (§3.1.2.6); 3 is malformed [MQTT-3.1.2-12]
    bool retain{};  ///< Will Retain (§3.1.2.7): publish the Will Message as a retained message
    property_block<place::will> properties{};  ///< the Will Properties (§3.1.3.2); v5 only

    /// Same content: topic, payload bytes, QoS, retain and properties.
    friend bool operator==(const will_message& a, const will_message& b) noexcept {
        return a.topic == b.topic && detail::same_bytes(a.payload, b.payload) && a.qos == b.qos && a.retain == b.retain &&
               a.properties == b.properties;
    }
};

/// CONNECT (§3.1): the first packet a Client sends on a Network Connection [MQTT-3.1.0-1].
struct connect {
    std::string_view client_id{};  ///< may be empty: the Server may assign one [MQTT-3.1.3-6]
    std::uint16_t keep_alive{};  ///< Keep Alive (§3.1.2.10): most seconds between two packets the Client sends; 0: off
    bool clean_start{};  ///< Clean Start (§3.1.2.4): start a fresh Session; CleanSession at levels 3 and 4
    property_block<place::connect> properties{};  ///< the CONNECT Properties (§3.1.2.11); v5 only
    std::optional<will_message> will{};  ///< the Will Message; present exactly when the Will Flag is 1 [MQTT-3.1.2-9]
    std::optional<std::string_view> username{};  ///< User Name; present exactly when its flag is 1 [MQTT-3.1.2-17]
    /// Password; present exactly when its flag is 1 [MQTT-3.1.2-19]. Allowed without a User Name in v5 (§3.1.2.9).
    std::optional<std::span<const std::byte>> password{};
    /// Levels 3 and 4: the Protocol Level had mosquitto's bridge bit 7 (0x83, 0x84). Decoded only with
    /// decode_options::accept_bridge_protocol_level; the encoder then writes level | 0x80. Not in v5.
    bool bridge{};
    wire_form form{};  ///< how a decoded CONNECT stood on the wire, so it re-encodes exactly

    /// Same content (the wire form is not compared).
    // clean_start is CleanSession at levels 3 and 4 (the same bit 1, §3.1.2.4 of 3.1.1).
    friend bool operator==(const connect& a, const connect& b) noexcept {
        return a.client_id == b.client_id && a.keep_alive == b.keep_alive && a.clean_start == b.clean_start &&
               a.bridge == b.bridge &&
               a.properties == b.properties && a.will == b.will && a.username == b.username &&
               a.password.has_value() == b.password.has_value() &&
               (!a.password || detail::same_bytes(*a.password, *b.password));
    }
};

namespace detail {

inline constexpr std::byte protocol_name_mqtt[6] = {std::byte{0}, std::byte{4}, std::byte{'M'}, std::byte{'Q'}, std::byte{'T'}, std::byte{'T'}};
// MQTT 3.1 (level 3) names its protocol "MQIsdp" (spec/v311.md part 7).
inline constexpr std::byte protocol_name_mqisdp[8] = {std::byte{0},   std::byte{6},   std::byte{'M'}, std::byte{'Q'},
                                                      std::byte{'I'}, std::byte{'s'}, std::byte{'d'}, std::byte{'p'}};

constexpr std::span<const std::byte> protocol_name_of(protocol_version v) noexcept {
    if (v == protocol_version::v31) return protocol_name_mqisdp;
    return protocol_name_mqtt;
}

// Characters of validated UTF-8 (MQTT 3.1 limits the Client Identifier in characters): bytes that do not
// continue a code point.
constexpr std::size_t count_code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1u : 0u;
    return n;
}

template <> struct codec<connect> {
    static constexpr packet_type type = packet_type::connect;

    static status decode(connect& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        if (fh.flags != 0) return r.fail(errc::invalid_fixed_header_flags, r.base);  // [MQTT-2.1.3-1]
        if (r.left() < 2 || r.left() - 2 < wire::load_u16(r.pos)) return r.truncated();
        if (r.left() < 6 || std::memcmp(r.pos, protocol_name_mqtt, 6) != 0)
            return r.fail(errc::invalid_protocol_name, r.pos);  // [MQTT-3.1.2-1]
        r.pos += 6;
#if defined(__OPTIMIZE_SIZE__)
        // -Os: level and flags read in place, each length test where read_u8 would make it (issue 13).
        const auto* const level_at = r.pos;
        if (r.left() < 1) return r.truncated();
        // Level 4 or 3 too: a server picks the version first (select_protocol_version) [MQTT-3.1.2-2].
        if (static_cast<std::uint8_t>(level_at[0]) != 5) return r.fail(errc::unsupported_protocol_version, level_at);
        const auto* const flags_at = level_at + 1;
        if (r.left() < 2) return r.truncated();
        const auto flags = static_cast<std::uint8_t>(*flags_at);
        r.pos += 2;
        const bool will = (flags & 0x04u) != 0;
        const auto will_qos = static_cast<std::uint8_t>((flags >> 3) & 3u);
        const bool will_retain = (flags & 0x20u) != 0;
        // The first broken rule of the flags byte, in the order of the checks below, and one failure site.
        const auto flags_error = (flags & 0x01u) != 0   ? errc::connect_reserved_flag      // [MQTT-3.1.2-3]
                               : will && will_qos == 3  ? errc::will_qos_invalid           // [MQTT-3.1.2-12]
                               : !will && will_qos != 0 ? errc::will_qos_without_will      // [MQTT-3.1.2-11]
                               : !will && will_retain   ? errc::will_retain_without_will   // [MQTT-3.1.2-13]
                                                        : errc::ok;
        if (flags_error != errc::ok) return r.fail(flags_error, flags_at);
#else
        const auto* level_at = r.pos;
        std::uint8_t level = 0;
        MQTT5_TRY(read_u8(r, level));
        // Level 4 or 3 too: a server picks the version first (select_protocol_version) [MQTT-3.1.2-2].
        if (level != 5) return r.fail(errc::unsupported_protocol_version, level_at);
        const auto* flags_at = r.pos;
        std::uint8_t flags = 0;
        MQTT5_TRY(read_u8(r, flags));
        if (flags & 0x01u) return r.fail(errc::connect_reserved_flag, flags_at);  // [MQTT-3.1.2-3]
        const bool will = (flags & 0x04u) != 0;
        const auto will_qos = static_cast<std::uint8_t>((flags >> 3) & 3u);
        const bool will_retain = (flags & 0x20u) != 0;
        if (will && will_qos == 3) return r.fail(errc::will_qos_invalid, flags_at);          // [MQTT-3.1.2-12]
        if (!will && will_qos != 0) return r.fail(errc::will_qos_without_will, flags_at);    // [MQTT-3.1.2-11]
        if (!will && will_retain) return r.fail(errc::will_retain_without_will, flags_at);   // [MQTT-3.1.2-13]
#endif
        p.clean_start = (flags & 0x02u) != 0;
#if defined(__OPTIMIZE_SIZE__)
        if (r.left() < 2) return r.truncated();  // -Os: read_u16 in place
        p.keep_alive = wire::load_u16(r.pos);
        r.pos += 2;
#else
        MQTT5_TRY(read_u16(r, p.keep_alive));
#endif
        MQTT5_TRY(read_properties(r, p.properties, o));
        // Payload [MQTT-3.1.3-1]: each field present exactly when its flag says so; a missing one runs into
        // the end of the packet (truncated), an extra one is left over (trailing_bytes) [MQTT-3.1.4-1].
        MQTT5_TRY(read_string(r, p.client_id, o));  // [MQTT-3.1.3-3] [MQTT-3.1.3-4]
        if (will) {                                   // [MQTT-3.1.2-9]
            auto& w = p.will.emplace();
            w.qos = static_cast<mqtt5::qos>(will_qos);
            w.retain = will_retain;
            if (r.at_end()) return r.truncated();  // the Will fields the flag promises are missing
            MQTT5_TRY(read_properties(r, w.properties, o));
            const auto* topic_at = r.pos;
            MQTT5_TRY(read_string(r, w.topic, o));  // [MQTT-3.1.3-11]
            // A Topic Name: at least one character [MQTT-4.7.3-1], no wildcards [MQTT-4.7.0-1] (PE*).
            if (w.topic.empty()) return r.fail(errc::topic_empty, topic_at);
            if (check_topic_name_syntax(w.topic) != errc::ok) return r.fail(errc::will_topic_invalid, topic_at);
            const auto* payload_at = r.pos;
            MQTT5_TRY(read_binary(r, w.payload));
            if (o.check_payload_format && w.properties.payload_format_indicator() == std::uint8_t{1} &&
                wire::validate_utf8(as_chars(w.payload.data(), w.payload.size())) != errc::ok)
                return r.fail(errc::payload_not_utf8, payload_at);  // §3.1.3.2.3: CONNACK 0x99
        }
        if (flags & 0x80u) MQTT5_TRY(read_string(r, p.username.emplace(), o));  // [MQTT-3.1.2-17] [MQTT-3.1.3-12]
        if (flags & 0x40u) MQTT5_TRY(read_binary(r, p.password.emplace()));     // [MQTT-3.1.2-19]
        return expect_end(r);  // [MQTT-3.1.2-16] [MQTT-3.1.2-18]
    }

    static result<std::size_t> body_size(const connect& p, const encode_options&) noexcept {
        sizer s;
        if (p.bridge) s.fail(errc::invalid_argument);  // the bridge bit is a level 3/4 convention
        s.add(6 + 1 + 1 + 2);  // protocol name, level, flags, keep alive
        s.properties(p.properties);
        s.string(p.client_id);
        if (p.will) {
            if (static_cast<std::uint8_t>(p.will->qos) > 2) s.fail(errc::will_qos_invalid);
            if (p.will->topic.empty()) s.fail(errc::topic_empty);
            if (check_topic_name_syntax(p.will->topic) != errc::ok) s.fail(errc::will_topic_invalid);
            s.properties(p.will->properties);
            s.string(p.will->topic);
            s.binary(p.will->payload);
        }
        if (p.username) s.string(*p.username);
        if (p.password) s.binary(*p.password);
        return s.done();
    }

    static std::uint8_t flags(const connect&) noexcept { return 0; }

    static std::byte* write_body(const connect& p, std::byte* w) noexcept {
        w = write_bytes(w, protocol_name_mqtt);
        w = wire::store_u8(w, 5);
        std::uint8_t flags = p.clean_start ? 0x02 : 0x00;
        if (p.will) flags |= static_cast<std::uint8_t>(0x04u | (static_cast<unsigned>(p.will->qos) << 3) | (p.will->retain ? 0x20u : 0u));
        if (p.password) flags |= 0x40;
        if (p.username) flags |= 0x80;
        w = wire::store_u8(w, flags);
        w = wire::store_u16(w, p.keep_alive);
        w = write_properties(w, p.properties);
        w = write_string(w, p.client_id);
        if (p.will) {
            w = write_properties(w, p.will->properties);
            w = write_string(w, p.will->topic);
            w = write_binary(w, p.will->payload);
        }
        if (p.username) w = write_string(w, *p.username);
        if (p.password) w = write_binary(w, *p.password);
        return w;
    }

    // ---- levels 3 and 4 (MQTT 3.1, 3.1.1) ----

    static status decode_v3(connect& p, const fixed_header& fh, reader& r, const decode_options& o) noexcept {
        const bool v31 = o.version == protocol_version::v31;
        MQTT5_TRY(check_v3_flags(fh, 0, o.version, p.form, r));  // [MQTT-2.2.2-2] (3.1.1)
        const auto name = protocol_name_of(o.version);
        if (r.left() < 2 || r.left() - 2 < wire::load_u16(r.pos)) return r.truncated();
        if (r.left() < name.size() || std::memcmp(r.pos, name.data(), name.size()) != 0)
            return r.fail(errc::invalid_protocol_name, r.pos);  // [MQTT-3.1.2-1] (3.1.1): close, no CONNACK
        r.pos += name.size();
        const auto* level_at = r.pos;
        std::uint8_t level = 0;
        MQTT5_TRY(read_u8(r, level));
        const auto expected = static_cast<std::uint8_t>(o.version);
        if (level == (expected | 0x80u) && accepts_bridge_level(o)) p.bridge = true;  // mosquitto bridge
        else if (level != expected) return r.fail(errc::unsupported_protocol_version, level_at);  // [MQTT-3.1.2-2] (3.1.1): CONNACK 0x01
        const auto* flags_at = r.pos;
        std::uint8_t flags = 0;
        MQTT5_TRY(read_u8(r, flags));
        if (flags & 0x01u) return r.fail(errc::connect_reserved_flag, flags_at);  // [MQTT-3.1.2-3] (3.1.1)
        const bool will = (flags & 0x04u) != 0;
        const auto will_qos = static_cast<std::uint8_t>((flags >> 3) & 3u);
        const bool will_retain = (flags & 0x20u) != 0;
        if (will && will_qos == 3) return r.fail(errc::will_qos_invalid, flags_at);         // [MQTT-3.1.2-14] (3.1.1)
        if (!will && will_qos != 0) return r.fail(errc::will_qos_without_will, flags_at);   // [MQTT-3.1.2-11] [MQTT-3.1.2-13] (3.1.1)
        if (!will && will_retain) return r.fail(errc::will_retain_without_will, flags_at);  // [MQTT-3.1.2-11] [MQTT-3.1.2-15] (3.1.1)
        if ((flags & 0x40u) && !(flags & 0x80u))
            return r.fail(errc::password_without_user_name, flags_at);  // [MQTT-3.1.2-22] (3.1.1); 3.1 too
        p.clean_start = (flags & 0x02u) != 0;
        MQTT5_TRY(read_u16(r, p.keep_alive));
        // Payload [MQTT-3.1.3-1] (3.1.1): no properties; each field present exactly when its flag says so, a
        // missing one runs into the end of the packet (truncated), an extra one is left over (trailing_bytes)
        // [MQTT-3.1.2-9] [MQTT-3.1.2-11] [MQTT-3.1.2-18..21] [MQTT-3.1.4-1] (3.1.1).
        const auto* id_at = r.pos;
        MQTT5_TRY(read_string_v3(r, p.client_id, o));  // [MQTT-3.1.3-3] [MQTT-3.1.3-4] (3.1.1)
        if (v31 && !accepts_any_v31_client_id_length(o)) {
            const auto n = count_code_points(p.client_id);  // 3.1: 1..23 characters, else CONNACK 2
            if (n < 1 || n > 23) return r.fail(errc::client_id_length_v31, id_at);
        }
        if (p.client_id.empty() && !p.clean_start)
            return r.fail(errc::client_id_empty_without_clean_session, id_at);  // [MQTT-3.1.3-8] (3.1.1): CONNACK 0x02
        if (will) {
            auto& w = p.will.emplace();
            w.qos = static_cast<mqtt5::qos>(will_qos);
            w.retain = will_retain;
            const auto* topic_at = r.pos;
            MQTT5_TRY(read_string_v3(r, w.topic, o));  // [MQTT-3.1.3-10] (3.1.1)
            // Used as a Topic Name: at least one character, no wildcards [MQTT-4.7.3-1] [MQTT-4.7.1-1] (3.1.1)
            // (spec/v311.md part 4: an inference, UNCONFIRMED; v5 states it).
            if (w.topic.empty()) return r.fail(errc::topic_empty, topic_at);
            if (check_topic_name_syntax(w.topic) != errc::ok) return r.fail(errc::will_topic_invalid, topic_at);
            MQTT5_TRY(read_binary(r, w.payload));  // Will Message: 2-byte length + bytes (§3.1.3.3, 3.1.1)
        }
        if (flags & 0x80u) MQTT5_TRY(read_string_v3(r, p.username.emplace(), o));  // [MQTT-3.1.2-19] [MQTT-3.1.3-11] (3.1.1)
        if (flags & 0x40u) MQTT5_TRY(read_binary(r, p.password.emplace()));     // [MQTT-3.1.2-21] (3.1.1)
        return expect_end(r);  // [MQTT-3.1.2-18] [MQTT-3.1.2-20] (3.1.1)
    }

    static result<std::size_t> body_size_v3(const connect& p, protocol_version v) noexcept {
        sizer s;
        if (!p.properties.empty()) s.fail(errc::property_not_in_v311);
        s.add(protocol_name_of(v).size() + 1 + 1 + 2);  // protocol name, level, flags, keep alive
        s.string_v3(p.client_id);
        if (p.client_id.empty() && !p.clean_start) s.fail(errc::client_id_empty_without_clean_session);  // [MQTT-3.1.3-7] (3.1.1)
        if (p.will) {
            if (static_cast<std::uint8_t>(p.will->qos) > 2) s.fail(errc::will_qos_invalid);  // [MQTT-3.1.2-14] (3.1.1)
            if (!p.will->properties.empty()) s.fail(errc::property_not_in_v311);
            if (p.will->topic.empty()) s.fail(errc::topic_empty);
            if (check_topic_name_syntax(p.will->topic) != errc::ok) s.fail(errc::will_topic_invalid);
            s.string_v3(p.will->topic);
            s.binary(p.will->payload);
        }
        if (p.password && !p.username) s.fail(errc::password_without_user_name);  // [MQTT-3.1.2-22] (3.1.1)
        if (p.username) s.string_v3(*p.username);
        if (p.password) s.binary(*p.password);
        return s.done();
    }

    static std::byte* write_body_v3(const connect& p, std::byte* w, protocol_version v) noexcept {
        w = write_bytes(w, protocol_name_of(v));
        w = wire::store_u8(w, static_cast<std::uint8_t>(static_cast<unsigned>(v) | (p.bridge ? 0x80u : 0u)));
        std::uint8_t flags = p.clean_start ? 0x02 : 0x00;
        if (p.will) flags |= static_cast<std::uint8_t>(0x04u | (static_cast<unsigned>(p.will->qos) << 3) | (p.will->retain ? 0x20u : 0u));
        if (p.password) flags |= 0x40;
        if (p.username) flags |= 0x80;
        w = wire::store_u8(w, flags);
        w = wire::store_u16(w, p.keep_alive);
        w = write_string(w, p.client_id);
        if (p.will) {
            w = write_string(w, p.will->topic);
            w = write_binary(w, p.will->payload);
        }
        if (p.username) w = write_string(w, *p.username);
        if (p.password) w = write_binary(w, *p.password);
        return w;
    }
};
}  // namespace detail

}  // namespace mqtt5
