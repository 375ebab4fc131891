// mqtt5-inspect: JSON -> packet -> bytes. The packet value is filled from the JSON fields, its properties
// rebuilt with mqtt5::property_builder in the listed order, and mqtt5::encode does every validation the
// standard asks of a sender; this file only checks JSON types and ranges.
#include "json_input.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <set>
#include <stdexcept>
#include <utility>

#include <mqtt5.hpp>
#include <nlohmann/json.hpp>

namespace inspect {

namespace {
constexpr std::string_view blanks = " \t\r\n\f\v";

// The first blank-separated token of `line` (trimmed at the front), and `line` moved past it and its blanks.
std::string_view next_token(std::string_view& line) {
    const auto end = std::min(line.find_first_of(blanks), line.size());
    const auto token = line.substr(0, end);
    const auto rest = line.find_first_not_of(blanks, end);
    line = rest == std::string_view::npos ? std::string_view{} : line.substr(rest);
    return token;
}
}  // namespace

std::string_view trim(std::string_view s) {
    const auto start = s.find_first_not_of(blanks);
    if (start == std::string_view::npos) return {};
    return s.substr(start, s.find_last_not_of(blanks) + 1 - start);
}

std::optional<hex_line> split_hex_line(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() == '#') return std::nullopt;
    hex_line out{};
    out.token = next_token(line);
    out.label = std::string{line};  // already trimmed at both ends
    return out;
}

conversation_line split_conversation_line(std::string_view line) {
    line = trim(line);
    conversation_line out{};
    out.direction = next_token(line);
    out.hex = next_token(line);
    out.label = std::string{line};
    return out;
}


std::optional<std::size_t> parse_hex(std::string_view hex, std::vector<std::byte>& out) {
    const auto digit = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::vector<std::byte> bytes;
    bytes.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (digit(hex[i]) < 0) return i;
        if (i + 1 == hex.size() || digit(hex[i + 1]) < 0) return i + 1 == hex.size() ? i : i + 1;
        bytes.push_back(static_cast<std::byte>((digit(hex[i]) << 4) | digit(hex[i + 1])));
    }
    out.insert(out.end(), bytes.begin(), bytes.end());
    return std::nullopt;
}

namespace {

using json = nlohmann::json;

// A line that cannot be encoded; the message names the field.
struct input_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string error_text(const mqtt5::error& e) {
    return std::string{mqtt5::to_string(e.code)} + " (" + std::string{mqtt5::describe(e.code)} + ")";
}

// Owns everything the packet's views point into (strings, binary data, property storage, list items) until
// the packet is encoded. Deques never move their elements, so the views stay valid while they grow.
struct arena {
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};  // the level the line is encoded at
    std::deque<std::string> strings{};
    std::deque<std::vector<std::byte>> blobs{};
    std::deque<std::vector<mqtt5::subscription>> subscriptions{};
    std::deque<std::vector<mqtt5::reason_code>> reason_codes{};
    std::deque<std::vector<std::string_view>> topic_filters{};
};

// Typed access to the members of one JSON object. Every member must be read or explicitly ignored, so a
// misspelt field is an error instead of a silently dropped value. A member that is null counts as absent.
class fields {
public:
    fields(const json& object, std::string where, arena& store) : object_(object), where_(std::move(where)), store_(store) {
        if (!object_.is_object()) throw input_error(name_or("the line") + ": expected a JSON object");
    }

    // "will.qos", or just "qos" at the top level.
    std::string where_of(std::string_view key) const { return where_.empty() ? std::string{key} : where_ + "." + std::string{key}; }
    arena& store() const { return store_; }

    const json* find(std::string_view key) {
        known_.insert(std::string{key});
        const auto it = object_.find(std::string{key});
        return it == object_.end() || it->is_null() ? nullptr : &*it;
    }
    void ignore(std::initializer_list<std::string_view> keys) {
        for (const auto key : keys) known_.insert(std::string{key});
    }
    // A field this level does not have is an error even when it is empty or null: it is never dropped.
    void forbid(std::string_view key, const std::string& why) {
        known_.insert(std::string{key});
        if (object_.contains(std::string{key})) throw input_error(where_of(key) + ": " + why);
    }

    std::optional<std::uint32_t> optional_number(std::string_view key, std::uint32_t max) {
        const json* v = find(key);
        if (v == nullptr) return std::nullopt;
        return number_value(*v, max, where_of(key));
    }
    std::uint32_t number(std::string_view key, std::uint32_t max, std::uint32_t fallback = 0) {
        return optional_number(key, max).value_or(fallback);
    }
    bool flag(std::string_view key) {
        const json* v = find(key);
        if (v == nullptr) return false;
        if (!v->is_boolean()) throw input_error(where_of(key) + ": expected true or false");
        return v->get<bool>();
    }
    std::optional<std::string_view> optional_string(std::string_view key) {
        const json* v = find(key);
        if (v == nullptr) return std::nullopt;
        return string_value(*v, where_of(key), store_);
    }
    std::string_view string(std::string_view key) { return optional_string(key).value_or(std::string_view{}); }
    std::optional<std::span<const std::byte>> optional_hex(std::string_view key) {
        const json* v = find(key);
        if (v == nullptr) return std::nullopt;
        return hex_value(*v, where_of(key), store_);
    }
    std::span<const std::byte> hex(std::string_view key) { return optional_hex(key).value_or(std::span<const std::byte>{}); }

    // Rejects members nobody asked for.
    void finish() const {
        for (const auto& item : object_.items())
            if (known_.count(item.key()) == 0) throw input_error(where_of(item.key()) + ": unknown field");
    }

    static std::uint32_t number_value(const json& v, std::uint32_t max, const std::string& where) {
        const bool in_range = v.is_number_unsigned() ? v.get<std::uint64_t>() <= max
                            : v.is_number_integer()  ? v.get<std::int64_t>() >= 0 && static_cast<std::uint64_t>(v.get<std::int64_t>()) <= max
                                                     : false;
        if (!in_range) throw input_error(where + ": expected an integer from 0 to " + std::to_string(max));
        return static_cast<std::uint32_t>(v.get<std::uint64_t>());
    }
    static std::string_view string_value(const json& v, const std::string& where, arena& store) {
        if (!v.is_string()) throw input_error(where + ": expected a string");
        return store.strings.emplace_back(v.get<std::string>());
    }
    static std::span<const std::byte> hex_value(const json& v, const std::string& where, arena& store) {
        if (!v.is_string()) throw input_error(where + ": expected a hex string");
        auto& bytes = store.blobs.emplace_back();
        if (const auto bad = parse_hex(v.get_ref<const std::string&>(), bytes))
            throw input_error(where + ": not hex (character " + std::to_string(*bad) + ")");
        return bytes;
    }

private:
    std::string name_or(const std::string& fallback) const { return where_.empty() ? fallback : where_; }

    const json& object_;
    std::string where_;
    arena& store_;
    std::set<std::string> known_{};
};

// ---- levels 3 and 4 --------------------------------------------------------------------------------------

bool is_v3(const fields& f) { return f.store().version != mqtt5::protocol_version::v5; }

// "3.1.1 (--version 4)": how messages name the level of the line.
std::string version_name(const fields& f) {
    return f.store().version == mqtt5::protocol_version::v31 ? "3.1 (--version 3)" : "3.1.1 (--version 4)";
}

// " at --version 4" in messages of levels 3 and 4 (v5 messages stay as they were).
std::string at_level(const fields& f) {
    return is_v3(f) ? " at --version " + std::to_string(static_cast<int>(f.store().version)) : std::string{};
}

void no_properties(fields& f) { f.forbid("properties", "MQTT " + version_name(f) + " has no properties"); }

// Level 3: the fixed-header flags of a packet other than PUBLISH are kept as written ("flags"), since 3.1
// sets DUP on a re-sent PUBREL, SUBSCRIBE, UNSUBSCRIBE and does not require its "not used" bits to be 0; the
// encoder takes the difference from the 3.1.1 value. Levels 4 and 5 ignore "flags" (it is derived).
void keep_v31_flags(fields& f, mqtt5::packet_type type, mqtt5::wire_form& form) {
    if (f.store().version != mqtt5::protocol_version::v31) return;
    const bool qos1 = type == mqtt5::packet_type::pubrel || type == mqtt5::packet_type::subscribe ||
                      type == mqtt5::packet_type::unsubscribe;
    if (const auto flags = f.optional_number("flags", 15)) form.v31_flags_xor = static_cast<std::uint8_t>(*flags ^ (qos1 ? 2u : 0u));
}

// ---- properties ------------------------------------------------------------------------------------------

const mqtt5::property_info& property_info_of(fields& item, const std::string& where) {
    const mqtt5::property_info* by_id = nullptr;
    const mqtt5::property_info* by_name = nullptr;
    if (const auto id = item.optional_number("id", 0xFFFFFFFFu)) {
        by_id = mqtt5::find_property(*id);
        if (by_id == nullptr) throw input_error(where + ".id: " + std::to_string(*id) + " is not a property identifier");
    }
    if (const auto name = item.optional_string("name")) {
        for (const auto& info : mqtt5::property_table)
            if (info.name == *name) by_name = &info;
        if (by_name == nullptr) throw input_error(where + ".name: unknown property \"" + std::string{*name} + "\"");
    }
    if (by_id == nullptr && by_name == nullptr) throw input_error(where + ": needs \"id\" or \"name\"");
    if (by_id != nullptr && by_name != nullptr && by_id != by_name)
        throw input_error(where + ": id " + std::to_string(static_cast<int>(by_id->id)) + " is " + std::string{by_id->name} +
                          ", not " + std::string{by_name->name});
    return by_id != nullptr ? *by_id : *by_name;
}

mqtt5::property property_value(fields& item, const mqtt5::property_info& info, const std::string& where) {
    mqtt5::property prop{};
    prop.id = info.id;
    const json* value = item.find("value");
    if (value == nullptr) throw input_error(where + ".value: missing");
    const auto at = where + ".value";
    switch (info.type) {
    case mqtt5::property_type::byte: prop.integer = fields::number_value(*value, 0xFF, at); break;
    case mqtt5::property_type::two_byte_integer: prop.integer = fields::number_value(*value, 0xFFFF, at); break;
    case mqtt5::property_type::four_byte_integer: prop.integer = fields::number_value(*value, 0xFFFFFFFFu, at); break;
    case mqtt5::property_type::variable_byte_integer: prop.integer = fields::number_value(*value, mqtt5::wire::varint_max, at); break;
    case mqtt5::property_type::utf8_string: prop.string = fields::string_value(*value, at, item.store()); break;
    case mqtt5::property_type::binary_data: prop.binary = fields::hex_value(*value, at, item.store()); break;
    case mqtt5::property_type::utf8_string_pair:
        if (!value->is_array() || value->size() != 2) throw input_error(at + ": expected [name, value]");
        prop.string = fields::string_value((*value)[0], at + "[0]", item.store());
        prop.pair_value = fields::string_value((*value)[1], at + "[1]", item.store());
        break;
    }
    return prop;
}

// The list under `key`, rebuilt in its order with the library's builder, which applies the decoder's rules
// (allowed in this place, no forbidden repeats, value limits).
template <mqtt5::place P>
mqtt5::property_block<P> properties(fields& f, std::string_view key = "properties") {
    if (is_v3(f)) f.forbid(key, "MQTT " + version_name(f) + " has no properties");
    const json* list = f.find(key);
    if (list == nullptr) return {};
    const auto where = f.where_of(key);
    if (!list->is_array()) throw input_error(where + ": expected an array");

    std::vector<mqtt5::property> props;
    std::size_t capacity = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto item_where = where + "[" + std::to_string(i) + "]";
        fields item((*list)[i], item_where, f.store());
        const auto& info = property_info_of(item, item_where);
        props.push_back(property_value(item, info, item_where));
        item.finish();
        // identifier + the largest value: a Variable Byte Integer, or up to two length-prefixed strings
        capacity += 1 + 4 + 2 + props.back().string.size() + 2 + props.back().pair_value.size() + 2 + props.back().binary.size();
    }

    auto& storage = f.store().blobs.emplace_back(capacity);
    mqtt5::property_builder<P> builder{std::span<std::byte>{storage}};
    std::vector<std::size_t> starts;  // where each property begins, to name the one an error points at
    for (const auto& prop : props) {
        starts.push_back(builder.size());
        builder.add(prop);
    }
    const auto block = builder.build();
    if (!block) {
        std::size_t i = 0;
        while (i + 1 < starts.size() && starts[i + 1] <= block.error().offset) ++i;
        throw input_error(where + "[" + std::to_string(i) + "] (" + std::string{mqtt5::to_string(props[i].id)} +
                          "): " + error_text(block.error()));
    }
    return *block;
}

// ---- packets ---------------------------------------------------------------------------------------------

mqtt5::reason_code reason(fields& f, mqtt5::reason_code fallback = mqtt5::reason_code::success) {
    const auto rc = f.optional_number("reason_code", 0xFF);
    return rc ? static_cast<mqtt5::reason_code>(*rc) : fallback;
}

// Two bits: 3 is passed on so that the encoder reports the rule it breaks.
mqtt5::qos qos(fields& f) { return static_cast<mqtt5::qos>(f.number("qos", 3)); }

// The legal forms of an acknowledgement, DISCONNECT and AUTH differ only in which trailing fields are
// written; `minimum` is the Remaining Length of the form without them (2 for the acks, 0 otherwise).
// The encoder still writes whatever the content needs, so a too-small remaining_length cannot lose a field.
mqtt5::trailing_fields form_of(fields& f, std::uint32_t minimum) {
    const auto rl = f.optional_number("remaining_length", mqtt5::wire::varint_max);
    if (!rl || *rl <= minimum) return mqtt5::trailing_fields::shortest;
    return *rl == minimum + 1 ? mqtt5::trailing_fields::reason_code : mqtt5::trailing_fields::properties;
}

mqtt5::connect connect_packet(fields& f) {
    // The name and level follow from --version; they are checked, not chosen. Levels 3 and 4 also take the
    // level with mosquitto's bridge bit (131, 132), which sets connect::bridge.
    const auto version = f.store().version;
    const std::string_view expected_name = version == mqtt5::protocol_version::v31 ? "MQIsdp" : "MQTT";
    const auto expected_level = static_cast<std::uint32_t>(version);
    if (const json* name = f.find("protocol_name"); name != nullptr && *name != expected_name)
        throw input_error(f.where_of("protocol_name") + ": only \"" + std::string{expected_name} + "\" can be encoded" + at_level(f));
    mqtt5::connect p{};
    if (const auto level = f.optional_number("protocol_version", 0xFF); level && *level != expected_level) {
        if (!is_v3(f) || *level != (expected_level | 0x80u))
            throw input_error(f.where_of("protocol_version") + ": only " + std::to_string(expected_level) +
                              (is_v3(f) ? " (or " + std::to_string(expected_level | 0x80u) + ", a bridge)" : std::string{}) +
                              " can be encoded" + at_level(f));
        p.bridge = true;
    }
    f.ignore({"connect_flags"});
    p.clean_start = f.flag("clean_start");
    p.keep_alive = static_cast<std::uint16_t>(f.number("keep_alive", 0xFFFF));
    p.properties = properties<mqtt5::place::connect>(f);
    p.client_id = f.string("client_id");
    if (const json* will_json = f.find("will")) {
        fields w(*will_json, f.where_of("will"), f.store());
        auto& will = p.will.emplace();
        will.properties = properties<mqtt5::place::will>(w);
        will.topic = w.string("topic");
        will.payload = w.hex("payload");
        will.qos = qos(w);
        will.retain = w.flag("retain");
        w.finish();
    }
    p.username = f.optional_string("username");
    p.password = f.optional_hex("password");
    return p;
}

// Levels 3 and 4: reason_code is the Return Code (0..5). Level 3: connack_flags is written as given (3.1's
// unused "Topic Name Compression Response"); elsewhere it is derived and ignored.
mqtt5::connack connack_packet(fields& f) {
    mqtt5::connack p{};
    if (f.store().version == mqtt5::protocol_version::v31)
        p.form.v31_connack_flags = static_cast<std::uint8_t>(f.number("connack_flags", 0xFF));
    f.ignore({"connack_flags"});
    p.session_present = f.flag("session_present");
    if (is_v3(f)) {
        p.return_code = static_cast<mqtt5::connack_return_code>(f.number("reason_code", 0xFF));  // 6..255: the encoder refuses
        no_properties(f);
        return p;
    }
    p.reason = reason(f);
    p.properties = properties<mqtt5::place::connack>(f);
    return p;
}

mqtt5::publish publish_packet(fields& f) {
    mqtt5::publish p{};
    p.dup = f.flag("dup");
    p.qos = qos(f);
    p.retain = f.flag("retain");
    p.topic = f.string("topic");
    const auto packet_id = static_cast<std::uint16_t>(f.number("packet_id", 0xFFFF));
    if (p.qos != mqtt5::qos::at_most_once) p.packet_id = packet_id;  // a QoS 0 PUBLISH has none: ignored
    p.properties = properties<mqtt5::place::publish>(f);
    p.payload = f.hex("payload");
    return p;
}

template <mqtt5::packet_type T>
mqtt5::basic_pub_ack<T> pub_ack_packet(fields& f) {
    mqtt5::basic_pub_ack<T> p{};
    p.packet_id = static_cast<std::uint16_t>(f.number("packet_id", 0xFFFF));
    if (is_v3(f)) {
        f.forbid("reason_code", "MQTT " + version_name(f) + " has no reason code in " + std::string{mqtt5::to_string(T)});
        no_properties(f);
        keep_v31_flags(f, T, p.form);
        return p;
    }
    p.reason = reason(f);
    p.properties = properties<mqtt5::place_of(T)>(f);
    p.form.fields = form_of(f, 2);
    return p;
}

mqtt5::subscribe subscribe_packet(fields& f) {
    mqtt5::subscribe p{};
    p.packet_id = static_cast<std::uint16_t>(f.number("packet_id", 0xFFFF));
    if (is_v3(f)) keep_v31_flags(f, mqtt5::packet_type::subscribe, p.form);
    p.properties = properties<mqtt5::place::subscribe>(f);
    auto& items = f.store().subscriptions.emplace_back();
    if (const json* list = f.find("subscriptions")) {
        if (!list->is_array()) throw input_error(f.where_of("subscriptions") + ": expected an array");
        for (std::size_t i = 0; i < list->size(); ++i) {
            fields s((*list)[i], f.where_of("subscriptions") + "[" + std::to_string(i) + "]", f.store());
            s.ignore({"options"});
            mqtt5::subscription sub{};
            sub.topic_filter = s.string("topic_filter");
            sub.max_qos = qos(s);
            sub.no_local = s.flag("no_local");
            sub.retain_as_published = s.flag("retain_as_published");
            sub.retain_handling = static_cast<mqtt5::retain_handling>(s.number("retain_handling", 3));
            s.finish();
            items.push_back(sub);
        }
    }
    p.subscriptions = mqtt5::subscription_list{std::span<const mqtt5::subscription>{items}};
    return p;
}

template <mqtt5::packet_type T>
mqtt5::basic_sub_ack<T> sub_ack_packet(fields& f) {
    mqtt5::basic_sub_ack<T> p{};
    p.packet_id = static_cast<std::uint16_t>(f.number("packet_id", 0xFFFF));
    if (is_v3(f)) keep_v31_flags(f, T, p.form);
    if (is_v3(f) && T == mqtt5::packet_type::unsuback) {
        f.forbid("reason_codes", "MQTT " + version_name(f) + " has no reason codes in UNSUBACK");
        no_properties(f);
        return p;
    }
    p.properties = properties<mqtt5::place_of(T)>(f);
    auto& codes = f.store().reason_codes.emplace_back();
    if (const json* list = f.find("reason_codes")) {
        if (!list->is_array()) throw input_error(f.where_of("reason_codes") + ": expected an array");
        for (std::size_t i = 0; i < list->size(); ++i)
            codes.push_back(static_cast<mqtt5::reason_code>(
                fields::number_value((*list)[i], 0xFF, f.where_of("reason_codes") + "[" + std::to_string(i) + "]")));
    }
    p.reason_codes = mqtt5::reason_code_list{std::span<const mqtt5::reason_code>{codes}};
    return p;
}

mqtt5::unsubscribe unsubscribe_packet(fields& f) {
    mqtt5::unsubscribe p{};
    p.packet_id = static_cast<std::uint16_t>(f.number("packet_id", 0xFFFF));
    if (is_v3(f)) keep_v31_flags(f, mqtt5::packet_type::unsubscribe, p.form);
    p.properties = properties<mqtt5::place::unsubscribe>(f);
    auto& filters = f.store().topic_filters.emplace_back();
    if (const json* list = f.find("topic_filters")) {
        if (!list->is_array()) throw input_error(f.where_of("topic_filters") + ": expected an array");
        for (std::size_t i = 0; i < list->size(); ++i)
            filters.push_back(fields::string_value((*list)[i], f.where_of("topic_filters") + "[" + std::to_string(i) + "]", f.store()));
    }
    p.topic_filters = mqtt5::topic_filter_list{std::span<const std::string_view>{filters}};
    return p;
}

mqtt5::disconnect disconnect_packet(fields& f) {
    mqtt5::disconnect p{};
    if (is_v3(f)) {
        f.forbid("reason_code", "MQTT " + version_name(f) + " has no reason code in DISCONNECT");
        no_properties(f);
        keep_v31_flags(f, mqtt5::packet_type::disconnect, p.form);
        return p;
    }
    p.reason = reason(f, mqtt5::reason_code::normal_disconnection);
    p.properties = properties<mqtt5::place::disconnect>(f);
    p.form.fields = form_of(f, 0);
    return p;
}

mqtt5::auth auth_packet(fields& f) {
    mqtt5::auth p{};
    p.reason = reason(f);
    p.properties = properties<mqtt5::place::auth>(f);
    p.form.fields = form_of(f, 0);
    return p;
}

// "type" (the standard's name, any case) or, without it, "type_code".
mqtt5::packet_type type_of(fields& f) {
    if (const auto name = f.optional_string("type")) {
        for (unsigned t = 1; t <= 15; ++t) {
            const auto candidate = mqtt5::to_string(static_cast<mqtt5::packet_type>(t));
            bool same = candidate.size() == name->size();
            for (std::size_t i = 0; same && i < candidate.size(); ++i)
                same = candidate[i] == ((*name)[i] >= 'a' && (*name)[i] <= 'z' ? (*name)[i] - 'a' + 'A' : (*name)[i]);
            if (same) {
                f.ignore({"type_code"});
                return static_cast<mqtt5::packet_type>(t);
            }
        }
        throw input_error(f.where_of("type") + ": unknown packet type \"" + std::string{*name} + "\"");
    }
    if (const auto code = f.optional_number("type_code", 15); code && *code >= 1) return static_cast<mqtt5::packet_type>(*code);
    throw input_error(f.where_of("type") + ": missing (CONNECT ... AUTH)");
}

template <mqtt5::packet_type T>
mqtt5::basic_ping<T> ping_packet(fields& f) {
    mqtt5::basic_ping<T> p{};
    keep_v31_flags(f, T, p.form);
    return p;
}

mqtt5::packet packet_of(fields& f) {
    const auto type = type_of(f);
    if (type == mqtt5::packet_type::auth && is_v3(f))
        throw input_error(f.where_of("type") + ": AUTH is not a packet of MQTT " + version_name(f) + ": type 15 is reserved");
    f.ignore({"flags", "remaining_length"});  // read again below where remaining_length picks a form
    mqtt5::packet p;
    switch (type) {
    case mqtt5::packet_type::connect: p = connect_packet(f); break;
    case mqtt5::packet_type::connack: p = connack_packet(f); break;
    case mqtt5::packet_type::publish: p = publish_packet(f); break;  // flags derived at every level
    case mqtt5::packet_type::puback: p = pub_ack_packet<mqtt5::packet_type::puback>(f); break;
    case mqtt5::packet_type::pubrec: p = pub_ack_packet<mqtt5::packet_type::pubrec>(f); break;
    case mqtt5::packet_type::pubrel: p = pub_ack_packet<mqtt5::packet_type::pubrel>(f); break;
    case mqtt5::packet_type::pubcomp: p = pub_ack_packet<mqtt5::packet_type::pubcomp>(f); break;
    case mqtt5::packet_type::subscribe: p = subscribe_packet(f); break;
    case mqtt5::packet_type::suback: p = sub_ack_packet<mqtt5::packet_type::suback>(f); break;
    case mqtt5::packet_type::unsubscribe: p = unsubscribe_packet(f); break;
    case mqtt5::packet_type::unsuback: p = sub_ack_packet<mqtt5::packet_type::unsuback>(f); break;
    case mqtt5::packet_type::pingreq: p = ping_packet<mqtt5::packet_type::pingreq>(f); break;
    case mqtt5::packet_type::pingresp: p = ping_packet<mqtt5::packet_type::pingresp>(f); break;
    case mqtt5::packet_type::disconnect: p = disconnect_packet(f); break;
    default: p = auth_packet(f); break;
    }
    f.finish();
    return p;
}

}  // namespace

encode_outcome encode_line(std::string_view line, mqtt5::protocol_version version) {
    try {
        const json doc = json::parse(line);
        arena store;
        store.version = version;
        const json* packet_json = &doc;
        // A decoder envelope: the packet is under "packet"; a failed decode has none.
        if (doc.is_object() && (doc.contains("packet") || doc.contains("ok"))) {
            const auto it = doc.find("packet");
            if (it == doc.end() || it->is_null()) {
                const auto error = doc.value("error", std::string{"an error"});
                throw input_error("the envelope holds no packet (the decoder reported " + error + ")");
            }
            packet_json = &*it;
        }
        fields f(*packet_json, packet_json == &doc ? "" : "packet", store);
        const auto packet = packet_of(f);
        const mqtt5::encode_options options{version};
        const auto size = mqtt5::encoded_size(packet, options);
        if (!size) throw input_error("cannot encode " + std::string{mqtt5::to_string(mqtt5::type_of(packet))} + ": " + error_text(size.error()));
        encode_outcome out;
        out.bytes.resize(*size);
        const auto written = mqtt5::encode(packet, out.bytes, options);
        if (!written) throw input_error("cannot encode: " + error_text(written.error()));
        out.bytes.resize(*written);
        return out;
    } catch (const input_error& e) {
        return encode_outcome{{}, e.what()};
    } catch (const json::parse_error& e) {
        // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 9: <why>"; keep <why>.
        const std::string what = e.what();
        const auto why = what.find(": ", what.find("column"));
        return encode_outcome{{}, "invalid JSON at column " + std::to_string(e.byte) + ": " +
                                      (why == std::string::npos ? what : what.substr(why + 2))};
    } catch (const json::exception& e) {
        return encode_outcome{{}, std::string{"invalid JSON: "} + e.what()};
    }
}

}  // namespace inspect
