// mqtt5-inspect: packet -> JSON. One function per packet family; every field comes from the packet value
// the library decoded, except `flags` and `remaining_length`, which are read from the fixed header bytes.
#include "json_output.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace inspect {

std::string to_hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::byte b : bytes) {
        const auto v = static_cast<unsigned>(b);
        out.push_back(digits[v >> 4]);
        out.push_back(digits[v & 0xFu]);
    }
    return out;
}

namespace {

std::string text(std::string_view s) { return std::string{s}; }

int code(mqtt5::reason_code rc) { return static_cast<int>(rc); }

// A property list in wire order: {"id": 38, "name": "user_property", "value": ["k", "v"]}.
template <mqtt5::place P>
json properties_json(const mqtt5::property_block<P>& block) {
    json list = json::array();
    for (const mqtt5::property& prop : block) {
        json item = json::object();
        item["id"] = static_cast<int>(prop.id);
        item["name"] = text(mqtt5::to_string(prop.id));
        switch (prop.type()) {
        case mqtt5::property_type::byte:
        case mqtt5::property_type::two_byte_integer:
        case mqtt5::property_type::four_byte_integer:
        case mqtt5::property_type::variable_byte_integer: item["value"] = prop.integer; break;
        case mqtt5::property_type::utf8_string: item["value"] = text(prop.string); break;
        case mqtt5::property_type::utf8_string_pair: item["value"] = json::array({text(prop.string), text(prop.pair_value)}); break;
        case mqtt5::property_type::binary_data: item["value"] = to_hex(prop.binary); break;
        }
        list.push_back(std::move(item));
    }
    return list;
}

// The Connect Flags byte (§3.1.2.3). The decoder accepts exactly the bytes this rebuilds (reserved bit 0
// clear, Will QoS and Will Retain zero without a Will), so it equals the byte on the wire.
std::uint8_t connect_flags(const mqtt5::connect& p) {
    unsigned flags = p.clean_start ? 0x02u : 0x00u;
    if (p.will) flags |= 0x04u | (static_cast<unsigned>(p.will->qos) << 3) | (p.will->retain ? 0x20u : 0x00u);
    if (p.password) flags |= 0x40u;
    if (p.username) flags |= 0x80u;
    return static_cast<std::uint8_t>(flags);
}

// Levels 3 and 4 (MQTT 3.1, 3.1.1) have no properties and fewer reason codes: the fields they lack are
// left out of the JSON, not shown as empty.
bool is_v3(mqtt5::protocol_version v) { return v != mqtt5::protocol_version::v5; }

void fill(json& j, const mqtt5::connect& p, mqtt5::protocol_version v) {
    const auto flags = connect_flags(p);
    // The decoder accepts only the name and level of the version it was asked for ("MQIsdp" 3, "MQTT" 4 or 5).
    j["protocol_name"] = v == mqtt5::protocol_version::v31 ? "MQIsdp" : "MQTT";
    j["protocol_version"] = static_cast<int>(v) | (p.bridge ? 0x80 : 0);  // 131/132: mosquitto's bridge bit
    j["connect_flags"] = flags;
    j["clean_start"] = p.clean_start;  // CleanSession at levels 3 and 4 (the same bit)
    j["keep_alive"] = p.keep_alive;
    if (!is_v3(v)) j["properties"] = properties_json(p.properties);
    j["client_id"] = text(p.client_id);
    if (p.will) {
        json will = json::object();
        if (!is_v3(v)) will["properties"] = properties_json(p.will->properties);
        will["topic"] = text(p.will->topic);
        will["payload"] = to_hex(p.will->payload);
        will["qos"] = static_cast<int>(p.will->qos);
        will["retain"] = p.will->retain;
        j["will"] = std::move(will);
    }
    if (p.username) j["username"] = text(*p.username);
    if (p.password) j["password"] = to_hex(*p.password);
}

// Levels 3 and 4: reason_code is the Return Code. Level 3: byte 1 is not Session Present but the unused
// "Topic Name Compression Response", shown as it came in connack_flags.
void fill(json& j, const mqtt5::connack& p, mqtt5::protocol_version v) {
    j["connack_flags"] = v == mqtt5::protocol_version::v31 ? p.form.v31_connack_flags : (p.session_present ? 1 : 0);
    j["session_present"] = p.session_present;
    if (is_v3(v)) {
        j["reason_code"] = static_cast<int>(p.return_code);
        return;
    }
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

void fill(json& j, const mqtt5::publish& p, mqtt5::protocol_version v) {
    j["dup"] = p.dup;
    j["qos"] = static_cast<int>(p.qos);
    j["retain"] = p.retain;
    j["topic"] = text(p.topic);
    if (p.qos != mqtt5::qos::at_most_once) j["packet_id"] = p.packet_id;
    if (!is_v3(v)) j["properties"] = properties_json(p.properties);
    j["payload"] = to_hex(p.payload);
}

// PUBACK, PUBREC, PUBREL, PUBCOMP: a left-out reason code reads 0, left-out properties read []. Levels 3
// and 4 have only the Packet Identifier.
template <mqtt5::packet_type T>
void fill(json& j, const mqtt5::basic_pub_ack<T>& p, mqtt5::protocol_version v) {
    j["packet_id"] = p.packet_id;
    if (is_v3(v)) return;
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

// Levels 3 and 4: the options byte is the Requested QoS; no_local, retain_as_published and retain_handling
// read false, false, 0 (kept, so that the subscription schema is the same at every level).
void fill(json& j, const mqtt5::subscribe& p, mqtt5::protocol_version v) {
    j["packet_id"] = p.packet_id;
    if (!is_v3(v)) j["properties"] = properties_json(p.properties);
    json subscriptions = json::array();
    for (const mqtt5::subscription& s : p.subscriptions) {
        json item = json::object();
        item["topic_filter"] = text(s.topic_filter);
        item["options"] = s.options();
        item["qos"] = static_cast<int>(s.max_qos);
        item["no_local"] = s.no_local;
        item["retain_as_published"] = s.retain_as_published;
        item["retain_handling"] = static_cast<int>(s.retain_handling);
        subscriptions.push_back(std::move(item));
    }
    j["subscriptions"] = std::move(subscriptions);
}

// SUBACK, UNSUBACK. Levels 3 and 4: SUBACK's reason_codes are its Return Codes; UNSUBACK has only the
// Packet Identifier.
template <mqtt5::packet_type T>
void fill(json& j, const mqtt5::basic_sub_ack<T>& p, mqtt5::protocol_version v) {
    j["packet_id"] = p.packet_id;
    if (is_v3(v) && T == mqtt5::packet_type::unsuback) return;
    if (!is_v3(v)) j["properties"] = properties_json(p.properties);
    json codes = json::array();
    for (const mqtt5::reason_code rc : p.reason_codes) codes.push_back(code(rc));
    j["reason_codes"] = std::move(codes);
}

void fill(json& j, const mqtt5::unsubscribe& p, mqtt5::protocol_version v) {
    j["packet_id"] = p.packet_id;
    if (!is_v3(v)) j["properties"] = properties_json(p.properties);
    json filters = json::array();
    for (const std::string_view filter : p.topic_filters) filters.push_back(text(filter));
    j["topic_filters"] = std::move(filters);
}

// PINGREQ, PINGRESP: nothing beyond the fixed header.
template <mqtt5::packet_type T>
void fill(json&, const mqtt5::basic_ping<T>&, mqtt5::protocol_version) {}

// Levels 3 and 4: nothing beyond the fixed header.
void fill(json& j, const mqtt5::disconnect& p, mqtt5::protocol_version v) {
    if (is_v3(v)) return;
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

// v5 only: at levels 3 and 4 type 15 is reserved and never decodes.
void fill(json& j, const mqtt5::auth& p, mqtt5::protocol_version) {
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

json origin_json(const envelope_origin& origin) {
    json j = json::object();
    j["index"] = origin.index;
    if (origin.label) j["label"] = *origin.label;
    if (origin.direction) j["direction"] = *origin.direction;
    if (origin.stream_offset) j["stream_offset"] = *origin.stream_offset;
    return j;
}

}  // namespace

json packet_to_json(std::span<const std::byte> bytes, const mqtt5::packet& packet, mqtt5::protocol_version version) {
    const auto type = mqtt5::type_of(packet);
    // The decoder has checked the fixed header; allow_non_minimal only so a --lenient-varint decode reads too.
    const auto length = mqtt5::wire::load_varint(bytes.data() + 1, bytes.data() + bytes.size(), true);
    json j = json::object();
    j["type"] = text(mqtt5::to_string(type));
    j["type_code"] = static_cast<int>(type);
    j["flags"] = static_cast<unsigned>(bytes[0]) & 0x0Fu;
    j["remaining_length"] = length.value;
    std::visit([&j, version](const auto& p) { fill(j, p, version); }, packet);
    return j;
}

json ok_envelope(const envelope_origin& origin, json packet) {
    json j = origin_json(origin);
    j["ok"] = true;
    j["packet"] = std::move(packet);
    return j;
}

json error_envelope(const envelope_origin& origin, const mqtt5::error& error, mqtt5::protocol_version version,
                    std::string_view name) {
    json j = origin_json(origin);
    j["ok"] = false;
    j["error"] = text(name.empty() ? mqtt5::to_string(error.code) : name);
    if (!is_v3(version)) {
        j["reason_code"] = code(error.reason);
    } else if (const auto rc = error.v311_connack_code()) {
        j["reason_code"] = static_cast<int>(*rc);  // the CONNACK 3.1.1 tells the receiver to send
    } else {
        j["reason_code"] = nullptr;  // 3.1.1: close the network connection, no CONNACK
    }
    j["offset"] = error.offset;
    return j;
}

std::string dump_line(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace inspect
