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

void fill(json& j, const mqtt5::connect& p) {
    const auto flags = connect_flags(p);
    j["protocol_name"] = "MQTT";  // the decoder accepts no other name and no other level
    j["protocol_version"] = 5;
    j["connect_flags"] = flags;
    j["clean_start"] = p.clean_start;
    j["keep_alive"] = p.keep_alive;
    j["properties"] = properties_json(p.properties);
    j["client_id"] = text(p.client_id);
    if (p.will) {
        json will = json::object();
        will["properties"] = properties_json(p.will->properties);
        will["topic"] = text(p.will->topic);
        will["payload"] = to_hex(p.will->payload);
        will["qos"] = static_cast<int>(p.will->qos);
        will["retain"] = p.will->retain;
        j["will"] = std::move(will);
    }
    if (p.username) j["username"] = text(*p.username);
    if (p.password) j["password"] = to_hex(*p.password);
}

void fill(json& j, const mqtt5::connack& p) {
    j["connack_flags"] = p.session_present ? 1 : 0;
    j["session_present"] = p.session_present;
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

void fill(json& j, const mqtt5::publish& p) {
    j["dup"] = p.dup;
    j["qos"] = static_cast<int>(p.qos);
    j["retain"] = p.retain;
    j["topic"] = text(p.topic);
    if (p.qos != mqtt5::qos::at_most_once) j["packet_id"] = p.packet_id;
    j["properties"] = properties_json(p.properties);
    j["payload"] = to_hex(p.payload);
}

// PUBACK, PUBREC, PUBREL, PUBCOMP: a left-out reason code reads 0, left-out properties read [].
template <mqtt5::packet_type T>
void fill(json& j, const mqtt5::basic_pub_ack<T>& p) {
    j["packet_id"] = p.packet_id;
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

void fill(json& j, const mqtt5::subscribe& p) {
    j["packet_id"] = p.packet_id;
    j["properties"] = properties_json(p.properties);
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

// SUBACK, UNSUBACK.
template <mqtt5::packet_type T>
void fill(json& j, const mqtt5::basic_sub_ack<T>& p) {
    j["packet_id"] = p.packet_id;
    j["properties"] = properties_json(p.properties);
    json codes = json::array();
    for (const mqtt5::reason_code rc : p.reason_codes) codes.push_back(code(rc));
    j["reason_codes"] = std::move(codes);
}

void fill(json& j, const mqtt5::unsubscribe& p) {
    j["packet_id"] = p.packet_id;
    j["properties"] = properties_json(p.properties);
    json filters = json::array();
    for (const std::string_view filter : p.topic_filters) filters.push_back(text(filter));
    j["topic_filters"] = std::move(filters);
}

// PINGREQ, PINGRESP: nothing beyond the fixed header.
template <mqtt5::packet_type T>
void fill(json&, const mqtt5::basic_ping<T>&) {}

void fill(json& j, const mqtt5::disconnect& p) {
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

void fill(json& j, const mqtt5::auth& p) {
    j["reason_code"] = code(p.reason);
    j["properties"] = properties_json(p.properties);
}

json origin_json(const envelope_origin& origin) {
    json j = json::object();
    j["index"] = origin.index;
    if (origin.label) j["label"] = *origin.label;
    if (origin.stream_offset) j["stream_offset"] = *origin.stream_offset;
    return j;
}

}  // namespace

json packet_to_json(std::span<const std::byte> bytes, const mqtt5::packet& packet) {
    const auto type = mqtt5::type_of(packet);
    // The decoder has checked the fixed header; allow_non_minimal only so a --lenient-varint decode reads too.
    const auto length = mqtt5::wire::load_varint(bytes.data() + 1, bytes.data() + bytes.size(), true);
    json j = json::object();
    j["type"] = text(mqtt5::to_string(type));
    j["type_code"] = static_cast<int>(type);
    j["flags"] = static_cast<unsigned>(bytes[0]) & 0x0Fu;
    j["remaining_length"] = length.value;
    std::visit([&j](const auto& p) { fill(j, p); }, packet);
    return j;
}

json ok_envelope(const envelope_origin& origin, json packet) {
    json j = origin_json(origin);
    j["ok"] = true;
    j["packet"] = std::move(packet);
    return j;
}

json error_envelope(const envelope_origin& origin, const mqtt5::error& error, std::string_view name) {
    json j = origin_json(origin);
    j["ok"] = false;
    j["error"] = text(name.empty() ? mqtt5::to_string(error.code) : name);
    j["reason_code"] = code(error.reason);
    j["offset"] = error.offset;
    return j;
}

std::string dump_line(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace inspect
