// Scan-boundary tests: every string rule of the standard, at every position of strings of every length, in
// every place a UTF-8 string or a topic stands, so that a word-at-a-time (SWAR) scanner with overlapping tail
// words, fused UTF-8 + wildcard scans or short-packet fast paths cannot hide a bug at an 8-byte boundary.
//
// Every packet is built here byte by byte (fixed header, Variable Byte Integer, u16-prefixed strings), so the
// decoder's verdict is checked against bytes the encoder never touched. The expected verdict of each input
// comes from the standard (RFC 3629 Table 3-7 for UTF-8, §4.7 / §4.8.2 for topics), computed by the small
// reference checkers below, never read back from the library. Then encode() of the same packet values must
// refuse with the same errc, or write exactly the hand-built bytes.
//
// Offsets follow error.hpp: "the first byte of the offending field (a property's identifier byte, a string's
// length prefix, a flag byte)", counted from the packet's first byte. A string that breaks a UTF-8 rule is the
// offending field itself (its length prefix, also inside a property); a property whose value breaks a rule
// of that property (a Response Topic with a wildcard, or empty) is reported at its identifier byte.
//
// The byte after each string is bait where the layout allows: a continuation byte that would complete a
// truncated sequence (Packet Identifier 0x82AC, payload 82 AC), '#' and '+' (Packet Identifier 0x232B), a NUL
// (Property Length 0, Will Payload length, Subscription Options 0), and, after a string that ends the packet,
// bait bytes past the end of the span handed to decode(). A scanner that reads past its string changes the
// verdict. Every fourth input sits in a heap block of exactly its size instead, for ASan.
//
// Runtime: the Topic Name of a QoS 1 PUBLISH gets every sequence at every position of every length 0..70; the
// other places get every position of every length, with the sequences taken in turn (see sweep()).

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "mqtt5.hpp"

namespace {

using mqtt5::errc;
using mqtt5::reason_code;
constexpr std::size_t npos = static_cast<std::size_t>(-1);

// ---- raw bytes -------------------------------------------------------------------------------------------

using octets = std::string;  // raw bytes, binary safe

std::string hex(std::string_view s) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i != 0) out.push_back(' ');
        const auto v = static_cast<unsigned char>(s[i]);
        out.push_back(digits[v >> 4]);
        out.push_back(digits[v & 0xF]);
    }
    return out;
}

std::span<const std::byte> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

void put_u8(octets& b, unsigned v) { b.push_back(static_cast<char>(v & 0xFFu)); }
void put_u16(octets& b, std::size_t v) {
    put_u8(b, static_cast<unsigned>(v >> 8));
    put_u8(b, static_cast<unsigned>(v));
}
// Appends a UTF-8 Encoded String (§1.5.4): 2-byte length, then the bytes. Returns where the prefix starts.
std::size_t put_str(octets& b, std::string_view s) {
    const auto at = b.size();
    put_u16(b, s.size());
    b.append(s);
    return at;
}
// Variable Byte Integer, shortest form (§1.5.5).
octets varint(std::size_t v) {
    octets out;
    do {
        unsigned byte = static_cast<unsigned>(v % 128);
        v /= 128;
        if (v > 0) byte |= 0x80u;
        put_u8(out, byte);
    } while (v > 0);
    return out;
}

// A hand-built packet, and where the string under test stands in it.
struct built {
    octets packet{};
    std::size_t string_at{npos};    // its length prefix
    std::size_t property_at{npos};  // the identifier byte of the property holding it (npos: not a property)
};

// Fixed header + body; body offsets become packet offsets.
built finish(unsigned first_byte, const octets& body, std::size_t string_at, std::size_t property_at = npos) {
    built b;
    put_u8(b.packet, first_byte);
    b.packet += varint(body.size());
    const auto header = b.packet.size();
    b.packet += body;
    b.string_at = string_at == npos ? npos : header + string_at;
    b.property_at = property_at == npos ? npos : header + property_at;
    return b;
}

// Bytes that would complete or spoil a string if a scanner read past its end: continuation bytes first (a
// cut sequence would look complete), or wildcards first (a Topic Name would look wrong). Packets of even and
// odd size get different ones, so each comes after strings of every length.
const std::string_view bait_continuation{"\x82\xAC\x80\x80#+\0/\xBF", 9};
const std::string_view bait_wildcard{"#+\0\x82\xAC\x80\x80+#", 9};
// The payload of the PUBLISH packets: starts with continuation bytes, holds wildcards and a NUL.
const std::string_view payload_bait{"\x82\xAC#+\0/\xAC", 7};
constexpr std::uint16_t bait_packet_id = 0x82AC;

// The decoder's input: the packet followed, outside the span, by bait; every fourth packet instead in a heap
// block of exactly its size, so that a sanitizer build reports any read past the end of the input.
struct input_buffer {
    std::vector<std::byte> storage{};
    std::unique_ptr<std::byte[]> exact{};
    std::size_t loads{};
    std::span<const std::byte> load(const octets& packet) {
        if (++loads % 4 == 0 && !packet.empty()) {
            exact.reset(new std::byte[packet.size()]);
            std::memcpy(exact.get(), packet.data(), packet.size());
            return std::span<const std::byte>(exact.get(), packet.size());
        }
        const auto bait = packet.size() % 2 == 0 ? bait_continuation : bait_wildcard;
        storage.resize(packet.size() + bait.size());
        if (!packet.empty()) std::memcpy(storage.data(), packet.data(), packet.size());
        std::memcpy(storage.data() + packet.size(), bait.data(), bait.size());
        return std::span<const std::byte>(storage.data(), packet.size());
    }
};

// ---- reference checks from the standard ------------------------------------------------------------------

// RFC 3629 / Unicode Table 3-7 (well-formed byte sequences), plus what MQTT adds: U+0000 [MQTT-1.5.4-2], and
// the code points a receiver MAY refuse (§1.5.4): U+0001..U+001F, U+007F..U+009F, non-characters
// (U+FDD0..U+FDEF and the last two of every plane).
struct utf8_report {
    bool ill_formed{};
    bool null{};
    bool disallowed{};
};

utf8_report reference_utf8(std::string_view s) {
    utf8_report r;
    std::size_t i = 0;
    const auto n = s.size();
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    while (i < n) {
        const unsigned b = at(i);
        if (b < 0x80) {
            if (b == 0) r.null = true;
            else if (b < 0x20 || b == 0x7F) r.disallowed = true;
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
        if (b >= 0xC2 && b <= 0xDF) len = 2;
        else if (b == 0xE0) { len = 3; lo = 0xA0; }
        else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) len = 3;
        else if (b == 0xED) { len = 3; hi = 0x9F; }
        else if (b == 0xF0) { len = 4; lo = 0x90; }
        else if (b >= 0xF1 && b <= 0xF3) len = 4;
        else if (b == 0xF4) { len = 4; hi = 0x8F; }
        if (len == 0 || i + len > n) {
            r.ill_formed = true;
            ++i;
            continue;
        }
        bool ok = at(i + 1) >= lo && at(i + 1) <= hi;
        for (std::size_t k = 2; ok && k < len; ++k) ok = at(i + k) >= 0x80 && at(i + k) <= 0xBF;
        if (!ok) {
            r.ill_formed = true;
            ++i;
            continue;
        }
        std::uint32_t cp = b & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (at(i + k) & 0x3Fu);
        if (cp <= 0x9F || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFEu) == 0xFFFEu) r.disallowed = true;
        i += len;
    }
    return r;
}

// The errcs an input may be refused with (none: it must be accepted).
class verdicts {
public:
    verdicts() = default;
    verdicts(errc e) { push_back(e); }  // NOLINT: implicit, so that {code} reads as one verdict
    void push_back(errc e) { items_[n_++] = e; }
    bool empty() const { return n_ == 0; }
    const errc* begin() const { return items_.data(); }
    const errc* end() const { return items_.data() + n_; }

private:
    std::array<errc, 4> items_{};
    std::size_t n_{};
};

// The errcs a UTF-8 string may be refused with (empty: it must be accepted). When a string breaks several
// rules the standard does not say which one to report, so any of them is right.
verdicts utf8_verdicts(std::string_view s, bool reject_disallowed) {
    const auto r = reference_utf8(s);
    verdicts v;
    if (r.ill_formed) v.push_back(errc::invalid_utf8);        // [MQTT-1.5.4-1]
    if (r.null) v.push_back(errc::utf8_contains_null);         // [MQTT-1.5.4-2]
    if (reject_disallowed && r.disallowed) v.push_back(errc::utf8_disallowed_code_point);  // §1.5.4 (policy)
    return v;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("+#") != std::string_view::npos; }

// §4.7.1: '#' alone or after '/', and last [MQTT-4.7.1-1]; '+' a whole level [MQTT-4.7.1-2].
void ordinary_filter_violations(std::string_view f, verdicts& v) {
    bool hash = false, plus = false;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const bool level_start = i == 0 || f[i - 1] == '/';
        const bool level_end = i + 1 == f.size() || f[i + 1] == '/';
        if (f[i] == '#' && (i + 1 != f.size() || !level_start)) hash = true;
        if (f[i] == '+' && (!level_start || !level_end)) plus = true;
    }
    if (hash) v.push_back(errc::topic_filter_invalid_hash);
    if (plus) v.push_back(errc::topic_filter_invalid_plus);
}

// Topic Filter syntax (the string is valid UTF-8): [MQTT-4.7.3-1], [MQTT-4.7.1-1], [MQTT-4.7.1-2], and for a
// filter starting with "$share/" [MQTT-4.8.2-1], [MQTT-4.8.2-2]. Empty: valid.
verdicts filter_verdicts(std::string_view f) {
    verdicts v;
    if (f.empty()) {
        v.push_back(errc::topic_empty);
        return v;
    }
    constexpr std::string_view share = "$share/";
    if (f.substr(0, share.size()) != share) {
        ordinary_filter_violations(f, v);
        return v;
    }
    const auto rest = f.substr(share.size());
    const auto slash = rest.find('/');
    const auto name = rest.substr(0, slash);
    if (name.empty()) v.push_back(errc::shared_subscription_empty_share_name);
    if (has_wildcard(name)) v.push_back(errc::shared_subscription_invalid_share_name);
    if (slash == std::string_view::npos || slash + 1 == rest.size()) v.push_back(errc::shared_subscription_missing_filter);
    else ordinary_filter_violations(rest.substr(slash + 1), v);
    return v;
}

bool contains(const verdicts& v, errc e) {
    for (const auto x : v)
        if (x == e) return true;
    return false;
}

std::string names(const verdicts& v) {
    if (v.empty()) return "accept";
    std::string out;
    for (const auto e : v) {
        if (!out.empty()) out += '|';
        out += mqtt5::to_string(e);
    }
    return out;
}

// Caps the failures a loop reports, and counts them.
struct failure_log {
    int count{};
    void add(const std::string& what) {
        if (++count <= 30) ADD_FAILURE() << what;
    }
};

// ---- the places a UTF-8 string stands ----------------------------------------------------------------------

enum class rules : std::uint8_t { plain, topic_name, topic_filter };

std::optional<std::string_view> nth_filter(const mqtt5::packet& p, std::size_t k) {
    std::size_t i = 0;
    if (const auto* s = std::get_if<mqtt5::subscribe>(&p)) {
        for (const auto sub : s->subscriptions)
            if (i++ == k) return sub.topic_filter;
    } else if (const auto* u = std::get_if<mqtt5::unsubscribe>(&p)) {
        for (const auto f : u->topic_filters)
            if (i++ == k) return f;
    }
    return std::nullopt;
}

std::array<std::byte, 20000> property_storage{};
std::array<std::byte, 20000> encode_buffer{};

// encode() of the values: the error, or a view of the bytes it wrote (valid until the next call).
using encoded = std::pair<mqtt5::error, std::string_view>;
template <class P>
encoded encode_to_octets(const P& p) {
    const auto n = mqtt5::encode(p, encode_buffer);
    if (!n) return {n.error(), {}};
    return {mqtt5::error{}, std::string_view(reinterpret_cast<const char*>(encode_buffer.data()), *n)};
}

template <mqtt5::place P, class Build>
std::optional<mqtt5::error> build_properties(Build&& calls, mqtt5::property_block<P>& block) {
    mqtt5::property_builder<P> builder{property_storage};
    calls(builder);
    const auto b = builder.build();
    if (!b) return b.error();
    block = *b;
    return std::nullopt;
}

struct place_def {
    const char* name{};
    rules kind{rules::plain};
    std::size_t filter_index{npos};  // which filter of a SUBSCRIBE / UNSUBSCRIBE
    built (*make)(std::string_view){};
    std::optional<std::string_view> (*read)(const mqtt5::packet&, std::size_t){};
    encoded (*encode)(std::string_view, std::size_t){};
};

// PUBLISH QoS 1: the topic is followed by the Packet Identifier 82 AC (completes a cut sequence).
built publish_qos1_topic(std::string_view s) {
    octets b;
    const auto at = put_str(b, s);
    put_u16(b, bait_packet_id);
    put_u8(b, 0);
    b += payload_bait;
    return finish(0x32, b, at);
}
// PUBLISH QoS 2: the topic is followed by the Packet Identifier 23 2B ("#+").
built publish_qos2_topic(std::string_view s) {
    octets b;
    const auto at = put_str(b, s);
    put_u16(b, 0x232B);
    put_u8(b, 0);
    b += payload_bait;
    return finish(0x34, b, at);
}
// PUBLISH QoS 0: the topic is followed by Property Length 0 (a NUL), then the payload bait.
built publish_qos0_topic(std::string_view s) {
    octets b;
    const auto at = put_str(b, s);
    put_u8(b, 0);
    b += payload_bait;
    return finish(0x30, b, at);
}
// PUBLISH QoS 0 with one property holding the string (and, for a User Property, a second fixed string).
built publish_with_property(unsigned id, std::string_view before, std::string_view s, std::string_view after,
                            bool pair) {
    octets props;
    const auto prop_at = props.size();
    put_u8(props, id);
    std::size_t at = 0;
    if (pair && !before.empty()) {
        put_str(props, before);
        at = put_str(props, s);
    } else {
        at = put_str(props, s);
        if (pair) put_str(props, after);
    }
    octets b;
    put_str(b, "t");
    b += varint(props.size());
    const auto props_start = b.size();
    b += props;
    b += payload_bait;
    return finish(0x30, b, props_start + at, props_start + prop_at);
}
mqtt5::publish publish_values(std::string_view topic, mqtt5::qos q) {
    mqtt5::publish p;
    p.topic = topic;
    p.qos = q;
    p.packet_id = q == mqtt5::qos::at_most_once ? 0 : bait_packet_id;
    p.payload = as_bytes(payload_bait);
    return p;
}
encoded encode_publish_with(std::string_view s, unsigned id, bool name_slot) {
    mqtt5::property_block<mqtt5::place::publish> block;
    const auto e = build_properties<mqtt5::place::publish>(
        [&](auto& b) {
            if (id == 0x03) b.content_type(s);
            else if (id == 0x08) b.response_topic(s);
            else if (name_slot) b.user_property(s, "v");
            else b.user_property("n", s);
        },
        block);
    if (e) return {*e, {}};
    auto p = publish_values("t", mqtt5::qos::at_most_once);
    p.properties = block;
    return encode_to_octets(p);
}
std::optional<std::string_view> read_publish_property(const mqtt5::packet& p, unsigned id, bool name_slot) {
    const auto* pub = std::get_if<mqtt5::publish>(&p);
    if (pub == nullptr) return std::nullopt;
    if (id == 0x03) return pub->properties.content_type().has_value() ? pub->properties.content_type() : std::nullopt;
    if (id == 0x08) return pub->properties.response_topic().has_value() ? pub->properties.response_topic() : std::nullopt;
    for (const auto pair : pub->properties.user_properties()) return name_slot ? pair.name : pair.value;
    return std::nullopt;
}
// PUBLISH whose Content Type stands between other properties: Payload Format Indicator 1, Message Expiry
// Interval 60, the Content Type, a User Property ("k", "v"), Topic Alias 5.
built publish_content_type_in_block(std::string_view s) {
    octets props;
    props += std::string_view{"\x01\x01\x02\x00\x00\x00\x3C", 7};
    const auto prop_at = props.size();
    put_u8(props, 0x03);
    const auto at = put_str(props, s);
    put_u8(props, 0x26);
    put_str(props, "k");
    put_str(props, "v");
    props += std::string_view{"\x23\x00\x05", 3};
    octets b;
    put_str(b, "t");
    b += varint(props.size());
    const auto props_start = b.size();
    b += props;
    b += payload_bait;
    return finish(0x30, b, props_start + at, props_start + prop_at);
}
encoded encode_content_type_in_block(std::string_view s) {
    auto p = publish_values("t", mqtt5::qos::at_most_once);
    if (const auto e = build_properties<mqtt5::place::publish>(
            [&](auto& b) { b.payload_format_indicator(1).message_expiry_interval(60).content_type(s).user_property("k", "v").topic_alias(5); },
            p.properties))
        return {*e, {}};
    return encode_to_octets(p);
}
// CONNECT whose Will Properties hold a Content Type (place::will, §3.1.3.2), then Will Topic "w".
built connect_will_content_type(std::string_view s) {
    octets b;
    put_str(b, "MQTT");
    put_u8(b, 5);
    put_u8(b, 0x06);
    put_u16(b, 60);
    put_u8(b, 0);
    put_str(b, "c");
    octets props;
    put_u8(props, 0x03);
    const auto at = put_str(props, s);
    b += varint(props.size());
    const auto props_start = b.size();
    b += props;
    put_str(b, "w");
    put_u16(b, 0);
    return finish(0x10, b, props_start + at, props_start);
}
encoded encode_connect_will_content_type(std::string_view s) {
    mqtt5::connect c;
    c.keep_alive = 60;
    c.clean_start = true;
    c.client_id = "c";
    mqtt5::will_message w;
    w.topic = "w";
    if (const auto e = build_properties<mqtt5::place::will>([&](auto& b) { b.content_type(s); }, w.properties)) return {*e, {}};
    c.will = w;
    return encode_to_octets(c);
}
// PUBACK with a Reason String: the string ends the packet (bait follows outside the span).
built puback_reason_string(std::string_view s) {
    octets props;
    put_u8(props, 0x1F);
    const auto at = put_str(props, s);
    octets b;
    put_u16(b, 1);
    put_u8(b, 0x00);
    b += varint(props.size());
    const auto props_start = b.size();
    b += props;
    return finish(0x40, b, props_start + at, props_start);
}
// SUBSCRIBE / UNSUBSCRIBE with three filters; the one at `index` is the string, the others "x/y".
built subscribe_filters(std::string_view s, std::size_t index, unsigned options = 0x00, bool unsub = false) {
    octets b;
    put_u16(b, 0x0A0B);
    put_u8(b, 0);
    std::size_t at = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto here = put_str(b, i == index ? s : std::string_view{"x/y"});
        if (i == index) at = here;
        if (!unsub) put_u8(b, i == index ? options : 0x01u);
    }
    return finish(unsub ? 0xA2 : 0x82, b, at);
}
encoded encode_subscribe(std::string_view s, std::size_t index, bool no_local = false) {
    std::array<mqtt5::subscription, 3> subs{};
    for (std::size_t i = 0; i < 3; ++i) {
        subs[i].topic_filter = i == index ? s : std::string_view{"x/y"};
        subs[i].max_qos = i == index ? mqtt5::qos::at_most_once : mqtt5::qos::at_least_once;
        subs[i].no_local = i == index && no_local;
    }
    mqtt5::subscribe p;
    p.packet_id = 0x0A0B;
    p.subscriptions = subs;
    return encode_to_octets(p);
}
encoded encode_unsubscribe(std::string_view s, std::size_t index) {
    std::array<std::string_view, 3> filters{"x/y", "x/y", "x/y"};
    filters[index] = s;
    mqtt5::unsubscribe p;
    p.packet_id = 0x0A0B;
    p.topic_filters = filters;
    return encode_to_octets(p);
}
// CONNECT: which = 0 Client Identifier (ends the packet), 1 Will Topic (followed by the Will Payload length
// 00 02, a NUL), 2 User Name (ends the packet).
built connect_with(std::string_view s, int which) {
    octets b;
    put_str(b, "MQTT");
    put_u8(b, 5);
    put_u8(b, which == 0 ? 0x02 : which == 1 ? 0x06 : 0x82);
    put_u16(b, 60);
    put_u8(b, 0);
    std::size_t at = 0;
    if (which == 0) {
        at = put_str(b, s);
        return finish(0x10, b, at);
    }
    put_str(b, "c");
    if (which == 1) {
        put_u8(b, 0);
        at = put_str(b, s);
        put_u16(b, 2);
        b += "\x82\xAC";
    } else {
        at = put_str(b, s);
    }
    return finish(0x10, b, at);
}
encoded encode_connect(std::string_view s, int which) {
    static const octets will_payload = "\x82\xAC";
    mqtt5::connect c;
    c.keep_alive = 60;
    c.clean_start = true;
    c.client_id = which == 0 ? s : std::string_view{"c"};
    if (which == 1) {
        mqtt5::will_message w;
        w.topic = s;
        w.payload = as_bytes(will_payload);
        c.will = w;
    }
    if (which == 2) c.username = s;
    return encode_to_octets(c);
}
std::optional<std::string_view> read_connect(const mqtt5::packet& p, int which) {
    const auto* c = std::get_if<mqtt5::connect>(&p);
    if (c == nullptr) return std::nullopt;
    if (which == 0) return c->client_id;
    if (which == 1) return c->will ? std::optional<std::string_view>(c->will->topic) : std::nullopt;
    return c->username ? c->username : std::nullopt;
}

const std::vector<place_def>& places() {
    static const std::vector<place_def> all = {
        {"PUBLISH QoS1 Topic Name [MQTT-3.3.2-1]", rules::topic_name, npos, publish_qos1_topic,
         [](const mqtt5::packet& p, std::size_t) -> std::optional<std::string_view> {
             if (const auto* x = std::get_if<mqtt5::publish>(&p)) return x->topic;
             return std::nullopt;
         },
         [](std::string_view s, std::size_t) { return encode_to_octets(publish_values(s, mqtt5::qos::at_least_once)); }},
        {"PUBLISH QoS0 Topic Name [MQTT-3.3.2-1]", rules::topic_name, npos, publish_qos0_topic,
         [](const mqtt5::packet& p, std::size_t) -> std::optional<std::string_view> {
             if (const auto* x = std::get_if<mqtt5::publish>(&p)) return x->topic;
             return std::nullopt;
         },
         [](std::string_view s, std::size_t) { return encode_to_octets(publish_values(s, mqtt5::qos::at_most_once)); }},
        {"SUBSCRIBE first Topic Filter [MQTT-3.8.3-1]", rules::topic_filter, 0,
         [](std::string_view s) { return subscribe_filters(s, 0); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_subscribe(s, k); }},
        {"SUBSCRIBE middle Topic Filter [MQTT-3.8.3-1]", rules::topic_filter, 1,
         [](std::string_view s) { return subscribe_filters(s, 1); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_subscribe(s, k); }},
        {"SUBSCRIBE last Topic Filter [MQTT-3.8.3-1]", rules::topic_filter, 2,
         [](std::string_view s) { return subscribe_filters(s, 2); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_subscribe(s, k); }},
        {"UNSUBSCRIBE first Topic Filter [MQTT-3.10.3-1]", rules::topic_filter, 0,
         [](std::string_view s) { return subscribe_filters(s, 0, 0, true); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_unsubscribe(s, k); }},
        {"UNSUBSCRIBE middle Topic Filter [MQTT-3.10.3-1]", rules::topic_filter, 1,
         [](std::string_view s) { return subscribe_filters(s, 1, 0, true); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_unsubscribe(s, k); }},
        {"UNSUBSCRIBE last Topic Filter [MQTT-3.10.3-1]", rules::topic_filter, 2,
         [](std::string_view s) { return subscribe_filters(s, 2, 0, true); }, nth_filter,
         [](std::string_view s, std::size_t k) { return encode_unsubscribe(s, k); }},
        {"PUBLISH Content Type [MQTT-3.3.2-19]", rules::plain, npos,
         [](std::string_view s) { return publish_with_property(0x03, {}, s, {}, false); },
         [](const mqtt5::packet& p, std::size_t) { return read_publish_property(p, 0x03, false); },
         [](std::string_view s, std::size_t) { return encode_publish_with(s, 0x03, false); }},
        {"PUBLISH User Property name [MQTT-1.5.7-1]", rules::plain, npos,
         [](std::string_view s) { return publish_with_property(0x26, {}, s, "v", true); },
         [](const mqtt5::packet& p, std::size_t) { return read_publish_property(p, 0x26, true); },
         [](std::string_view s, std::size_t) { return encode_publish_with(s, 0x26, true); }},
        {"PUBLISH User Property value [MQTT-1.5.7-1]", rules::plain, npos,
         [](std::string_view s) { return publish_with_property(0x26, "n", s, {}, true); },
         [](const mqtt5::packet& p, std::size_t) { return read_publish_property(p, 0x26, false); },
         [](std::string_view s, std::size_t) { return encode_publish_with(s, 0x26, false); }},
        {"PUBACK Reason String [MQTT-1.5.4-1]", rules::plain, npos, puback_reason_string,
         [](const mqtt5::packet& p, std::size_t) -> std::optional<std::string_view> {
             const auto* x = std::get_if<mqtt5::puback>(&p);
             if (x == nullptr || !x->properties.reason_string()) return std::nullopt;
             return *x->properties.reason_string();
         },
         [](std::string_view s, std::size_t) -> encoded {
             mqtt5::puback a;
             a.packet_id = 1;
             if (const auto e = build_properties<mqtt5::place::puback>([&](auto& b) { b.reason_string(s); }, a.properties))
                 return {*e, {}};
             return encode_to_octets(a);
         }},
        {"CONNECT Client Identifier [MQTT-3.1.3-4]", rules::plain, npos, [](std::string_view s) { return connect_with(s, 0); },
         [](const mqtt5::packet& p, std::size_t) { return read_connect(p, 0); },
         [](std::string_view s, std::size_t) { return encode_connect(s, 0); }},
        {"CONNECT Will Topic [MQTT-3.1.3-11]", rules::topic_name, npos, [](std::string_view s) { return connect_with(s, 1); },
         [](const mqtt5::packet& p, std::size_t) { return read_connect(p, 1); },
         [](std::string_view s, std::size_t) { return encode_connect(s, 1); }},
        {"CONNECT User Name [MQTT-3.1.3-12]", rules::plain, npos, [](std::string_view s) { return connect_with(s, 2); },
         [](const mqtt5::packet& p, std::size_t) { return read_connect(p, 2); },
         [](std::string_view s, std::size_t) { return encode_connect(s, 2); }},
        {"PUBLISH QoS2 Topic Name [MQTT-3.3.2-1]", rules::topic_name, npos, publish_qos2_topic,
         [](const mqtt5::packet& p, std::size_t) -> std::optional<std::string_view> {
             if (const auto* x = std::get_if<mqtt5::publish>(&p)) return x->topic;
             return std::nullopt;
         },
         [](std::string_view s, std::size_t) {
             auto p = publish_values(s, mqtt5::qos::exactly_once);
             p.packet_id = 0x232B;
             return encode_to_octets(p);
         }},
        {"PUBLISH Content Type amid other properties [MQTT-3.3.2-19]", rules::plain, npos, publish_content_type_in_block,
         [](const mqtt5::packet& p, std::size_t) { return read_publish_property(p, 0x03, false); },
         [](std::string_view s, std::size_t) { return encode_content_type_in_block(s); }},
        {"CONNECT Will Properties Content Type [MQTT-1.5.4-1]", rules::plain, npos, connect_will_content_type,
         [](const mqtt5::packet& p, std::size_t) -> std::optional<std::string_view> {
             const auto* c = std::get_if<mqtt5::connect>(&p);
             if (c == nullptr || !c->will || !c->will->properties.content_type()) return std::nullopt;
             return *c->will->properties.content_type();
         },
         [](std::string_view s, std::size_t) { return encode_connect_will_content_type(s); }},
    };
    return all;
}

// Decodes the place's packet for `s` and checks the verdict against `expected` (empty: accept), the reason
// code, the offset of the field, the decoded value, and encode() of the same values.
struct checker {
    input_buffer in{};
    failure_log log{};
    std::size_t cases{};

    // `what` names the case for a failure message.
    void run(const place_def& place, std::string_view s, const verdicts& expected, reason_code reason,
             const mqtt5::decode_options& options, const std::string& what, bool check_encoder = true) {
        ++cases;
        const auto b = place.make(s);
        const auto r = mqtt5::decode(in.load(b.packet), options);
        // A UTF-8 rule is broken by the string itself: its length prefix. A rule on a property's value (a
        // Response Topic's wildcard or emptiness) is broken by the property: its identifier byte.
        const bool string_rule = contains(expected, errc::invalid_utf8) || contains(expected, errc::utf8_contains_null) ||
                                 contains(expected, errc::utf8_disallowed_code_point);
        const auto field_at = b.property_at != npos && !string_rule ? b.property_at : b.string_at;
        const auto context = [&] {
            return std::string(place.name) + ", " + what + ", string (" + std::to_string(s.size()) + " bytes) [" + hex(s) +
                   "], expected " + names(expected);
        };
        if (expected.empty()) {
            if (!r) {
                char text[mqtt5::max_formatted_error_size];
                const auto n = mqtt5::format_error(r.error(), text);
                log.add(context() + ": decode refused: " + std::string(text, n));
                return;
            }
            const auto value = place.read(*r, place.filter_index);
            if (!value || *value != s) log.add(context() + ": decoded value differs: [" + hex(value.value_or(std::string_view{"<none>"})) + "]");
        } else {
            if (r) {
                log.add(context() + ": decode accepted");
            } else if (!contains(expected, r.error().code) || r.error().reason != reason || r.error().offset != field_at) {
                log.add(context() + ": decode gave " + std::string(mqtt5::to_string(r.error().code)) + " reason 0x" +
                        hex(std::string(1, static_cast<char>(r.error().reason))) + " at " + std::to_string(r.error().offset) +
                        ", expected offset " + std::to_string(field_at));
            }
        }
        if (!check_encoder) return;
        const auto [e, out] = place.encode(s, place.filter_index);
        if (expected.empty()) {
            if (e.code != errc::ok) log.add(context() + ": encode refused: " + std::string(mqtt5::to_string(e.code)));
            else if (out != b.packet) log.add(context() + ": encode wrote [" + hex(out) + "], built [" + hex(b.packet) + "]");
        } else if (!contains(expected, e.code)) {
            log.add(context() + ": encode gave " + std::string(mqtt5::to_string(e.code)));
        }
    }
};

// ---- string material ----------------------------------------------------------------------------------

struct sequence {
    std::string_view bytes{};
    const char* name{};
};

// Ill-formed (RFC 3629 Table 3-7) and U+0000. [MQTT-1.5.4-1] [MQTT-1.5.4-2]
const std::vector<sequence>& offending_sequences() {
    static const std::vector<sequence> all = {
        {{"\0", 1}, "U+0000"},
        {"\x80", "stray continuation 80"},
        {"\xBF", "stray continuation BF"},
        {"\x80\x80", "two stray continuations"},
        {"\xC0\x80", "overlong U+0000 C0 80"},
        {"\xC0\xAF", "overlong '/' C0 AF"},
        {"\xC1\xBF", "overlong C1 BF"},
        {"\xC2", "cut 2-byte C2"},
        {"\xDF", "cut 2-byte DF"},
        {"\xE0\xA0", "cut 3-byte E0 A0"},
        {"\xE1\x80", "cut 3-byte E1 80"},
        {"\xE2\x82", "cut euro E2 82"},
        {"\xEF\xBF", "cut 3-byte EF BF"},
        {"\xE2", "cut 3-byte E2"},
        {"\xF0\x90\x80", "cut 4-byte F0 90 80"},
        {"\xF0\x9D\x84", "cut 4-byte F0 9D 84"},
        {"\xF4\x8F\xBF", "cut 4-byte F4 8F BF"},
        {"\xF1", "cut 4-byte F1"},
        {"\xF3\x80", "cut 4-byte F3 80"},
        {"\xE0\x80\x80", "overlong 3-byte U+0000"},
        {"\xE0\x80\xAF", "overlong 3-byte '/'"},
        {"\xE0\x9F\xBF", "overlong 3-byte U+07FF"},
        {"\xF0\x80\x80\x80", "overlong 4-byte U+0000"},
        {"\xF0\x8F\xBF\xBF", "overlong 4-byte U+FFFF"},
        {"\xED\xA0\x80", "surrogate U+D800"},
        {"\xED\xAF\xBF", "surrogate U+DBFF"},
        {"\xED\xB0\x80", "surrogate U+DC00"},
        {"\xED\xBF\xBF", "surrogate U+DFFF"},
        {"\xED\xA0\xBD\xED\xB8\x80", "CESU-8 surrogate pair"},
        {"\xF4\x90\x80\x80", "U+110000"},
        {"\xF5\x80\x80\x80", "lead F5"},
        {"\xF7\xBF\xBF\xBF", "lead F7 (U+1FFFFF)"},
        {"\xF8\x88\x80\x80\x80", "5-byte form"},
        {"\xFC\x84\x80\x80\x80\x80", "6-byte form"},
        {"\xFE", "byte FE"},
        {"\xFF", "byte FF"},
        {"\xC3\x28", "2-byte lead then '('"},
        {"\xC3\xC3", "2-byte lead then lead"},
        {"\xE2\x28\xA1", "3-byte, bad 2nd"},
        {"\xE2\x82\x28", "3-byte, bad 3rd"},
        {"\xF0\x28\x8C\xBC", "4-byte, bad 2nd"},
        {"\xF0\x90\x28\xBC", "4-byte, bad 3rd"},
        {"\xF0\x90\x8C\x28", "4-byte, bad 4th"},
        {"\xE2\x82\xE2\x82\xAC", "cut euro then euro"},
    };
    return all;
}

// Well-formed and not disallowed: must be accepted at every position, with or without the policy option.
// Includes bytes that look like '/', '#', '+' or NUL once bit 7 is masked (A3, AB, AF, 80).
const std::vector<sequence>& valid_sequences() {
    static const std::vector<sequence> all = {
        {"\xC2\xA0", "U+00A0 (first after C1)"},
        {"\xC2\xA3", "U+00A3 pound (A3 = '#'|80)"},
        {"\xC2\xAB", "U+00AB (AB = '+'|80)"},
        {"\xC2\xAF", "U+00AF (AF = '/'|80)"},
        {"\xC3\xA9", "U+00E9"},
        {"\xD0\x80", "U+0400 (80 = NUL|80)"},
        {"\xDF\xBF", "U+07FF"},
        {"\xE0\xA0\x80", "U+0800"},
        {"\xE2\x82\xAC", "U+20AC euro"},
        {"\xE2\x88\xAB", "U+222B (AB)"},
        {"\xED\x9F\xBF", "U+D7FF (before surrogates)"},
        {"\xEE\x80\x80", "U+E000 (after surrogates)"},
        {"\xEF\xB7\x8F", "U+FDCF (before non-characters)"},
        {"\xEF\xB7\xB0", "U+FDF0 (after non-characters)"},
        {"\xEF\xBB\xBF", "U+FEFF BOM, kept [MQTT-1.5.4-3]"},
        {"\xEF\xBF\xBD", "U+FFFD"},
        {"\xF0\x90\x80\x80", "U+10000"},
        {"\xF0\x9D\x84\x9E", "U+1D11E"},
        {"\xF0\x9F\xBF\xBD", "U+1FFFD"},
        {"\xF4\x8F\xBF\xBD", "U+10FFFD"},
        {" ", "space"},
        {"~", "U+007E"},
    };
    return all;
}

// U+0001..U+001F, U+007F..U+009F, non-characters: valid by default, refused with
// decode_options::reject_disallowed_code_points (§1.5.4: a receiver MAY treat them as malformed).
const std::vector<sequence>& disallowed_sequences() {
    static const std::vector<sequence> all = {
        {"\x01", "U+0001"},           {"\x09", "U+0009 tab"},         {"\x0A", "U+000A"},
        {"\x1F", "U+001F"},           {"\x7F", "U+007F"},             {"\xC2\x80", "U+0080"},
        {"\xC2\x9F", "U+009F"},       {"\xEF\xB7\x90", "U+FDD0"},      {"\xEF\xB7\xAF", "U+FDEF"},
        {"\xEF\xBF\xBE", "U+FFFE"},   {"\xEF\xBF\xBF", "U+FFFF"},      {"\xF0\x9F\xBF\xBE", "U+1FFFE"},
        {"\xF0\x9F\xBF\xBF", "U+1FFFF"}, {"\xF3\xBF\xBF\xBF", "U+FFFFF"}, {"\xF4\x8F\xBF\xBE", "U+10FFFE"},
        {"\xF4\x8F\xBF\xBF", "U+10FFFF"},
    };
    return all;
}

// The filler around the sequence under test: ASCII, or a repeated multi-byte character (2, 3, 4 bytes) so
// that the ASCII fast path is off and characters straddle word boundaries. ASCII pads what a whole
// character does not fill.
constexpr std::array<std::string_view, 4> filler_units = {"", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E"};
constexpr std::string_view ascii_pattern = "abcdefg/hijklmn/opqrstu/vwxyzAB/CDEFGHI/JKLMNOP/QRSTUVW/XYZ0123/456789a/bcdefgh/";

std::string filler(std::size_t n, std::string_view unit, std::size_t phase) {
    std::string out;
    if (!unit.empty())
        while (out.size() + unit.size() <= n) out += unit;
    while (out.size() < n) out.push_back(ascii_pattern[(phase + out.size()) % ascii_pattern.size()]);
    return out;
}

// s = filler(p) + seq + filler(rest): the sequence at byte position p of a string of `length` bytes.
std::string with_sequence_at(std::string_view seq, std::size_t length, std::size_t p, std::string_view unit) {
    return filler(p, unit, 0) + std::string(seq) + filler(length - p - seq.size(), unit, p + seq.size());
}

std::string position_text(std::size_t length, std::size_t p, std::size_t unit) {
    return "length " + std::to_string(length) + " position " + std::to_string(p) + " filler " + std::to_string(unit);
}

constexpr std::size_t max_string_length = 70;

// ---- UTF-8 ------------------------------------------------------------------------------------------------

// The coverage of a sweep over strings of 0..70 bytes: every length, every position. `full`: every sequence
// at every position in an ASCII string, and one sequence per (length, position), taken in turn from the list,
// inside each multi-byte filler. Otherwise one sequence per (length, position) in turn, inside the ASCII and
// the 3-byte filler: every position is reached, and every sequence at many of them.
template <class F>
void sweep(const std::vector<sequence>& seqs, bool full, F&& f) {
    for (std::size_t u = 0; u < filler_units.size(); ++u) {
        if (!full && u != 0 && u != 2) continue;
        for (std::size_t length = 0; length <= max_string_length; ++length)
            for (std::size_t p = 0; p <= length; ++p) {
                const auto one = [&](const sequence& seq) {
                    if (p + seq.bytes.size() > length) return;
                    f(seq, with_sequence_at(seq.bytes, length, p, filler_units[u]), position_text(length, p, u));
                };
                if (full && u == 0) {
                    for (const auto& seq : seqs) one(seq);
                } else {
                    one(seqs[(length * 7 + p * 3 + u) % seqs.size()]);
                }
            }
    }
}

// The Topic Name of a QoS 1 PUBLISH: the hottest scan, swept fully; the other places are swept in turn.
bool is_primary(const place_def& place) { return &place == &places()[0]; }

// [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.7-1] [MQTT-4.7.3-2]: every ill-formed sequence and U+0000 at every
// position of strings of 0..70 bytes, in every place (PUBLISH Topic Name; first, middle and last SUBSCRIBE and
// UNSUBSCRIBE filter; Content Type, User Property name and value, Reason String; Client Identifier, Will
// Topic, User Name), with ASCII and multi-byte fillers. Malformed Packet (0x81) at the string's length prefix;
// the encoder (or the property builder) refuses too.
TEST(ScanBoundaries, Utf8IllFormedAndNullAtEveryPositionInEveryPlace_MQTT_1_5_4_1_MQTT_1_5_4_2) {
    checker c;
    for (const auto& place : places())
        sweep(offending_sequences(), is_primary(place), [&](const sequence& seq, const std::string& s, const std::string& where) {
            const auto expected = utf8_verdicts(s, false);
            if (expected.empty()) c.log.add(std::string("the reference accepts ") + seq.name + " [" + hex(s) + "]");
            else c.run(place, s, expected, reason_code::malformed_packet, {}, std::string(seq.name) + ", " + where);
        });
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] ill-formed/NUL: %zu cases\n", c.cases);
}

// [MQTT-1.5.4-1] [MQTT-1.5.4-3]: well-formed 1..4-byte characters at every position (straddling every 8-byte
// boundary), including bytes that look like '#', '+', '/' or NUL once bit 7 is masked and the BOM (kept, not
// stripped), are accepted and decoded byte for byte in every place, also with the disallowed-code-point
// policy on; encode() writes exactly the hand-built bytes. Also strings made of one multi-byte character.
TEST(ScanBoundaries, Utf8WellFormedAtEveryPositionInEveryPlace_MQTT_1_5_4_1_MQTT_1_5_4_3) {
    checker c;
    mqtt5::decode_options strict{};
    strict.reject_disallowed_code_points = true;
    for (const auto& place : places()) {
        sweep(valid_sequences(), is_primary(place), [&](const sequence& seq, const std::string& s, const std::string& where) {
            if (!utf8_verdicts(s, true).empty()) {
                c.log.add(std::string("the reference refuses ") + seq.name + " [" + hex(s) + "]");
                return;
            }
            c.run(place, s, {}, reason_code::success, {}, std::string(seq.name) + ", " + where);
            c.run(place, s, {}, reason_code::success, strict, std::string(seq.name) + ", " + where + ", reject_disallowed", false);
        });
        for (std::size_t u = 0; u < filler_units.size(); ++u)
            for (std::size_t length = 1; length <= max_string_length; ++length)
                c.run(place, filler(length, filler_units[u], 0), {}, reason_code::success, {}, position_text(length, 0, u));
    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] well-formed: %zu cases\n", c.cases);
}

// §1.5.4 "Disallowed Unicode code points": U+0001..U+001F, U+007F..U+009F and non-characters SHOULD NOT be
// sent; a receiver MAY treat them as malformed. The codec's promise (options.hpp): accepted by default,
// errc::utf8_disallowed_code_point (0x81, at the string) with decode_options::reject_disallowed_code_points.
// The encoder has no such option and the standard says only SHOULD NOT, so encode() accepts them.
TEST(ScanBoundaries, Utf8DisallowedCodePointsFollowThePolicyAtEveryPosition_MQTT_1_5_4) {
    checker c;
    mqtt5::decode_options strict{};
    strict.reject_disallowed_code_points = true;
    for (const auto& place : places())
        sweep(disallowed_sequences(), is_primary(place), [&](const sequence& seq, const std::string& s, const std::string& where) {
            const auto what = std::string(seq.name) + ", " + where;
            c.run(place, s, {}, reason_code::success, {}, what + ", default options", (s.size() + seq.bytes.size()) % 4 == 0);
            c.run(place, s, utf8_verdicts(s, true), reason_code::malformed_packet, strict, what + ", reject_disallowed", false);
        });
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] disallowed code points: %zu cases\n", c.cases);
}

// [MQTT-1.5.4-1] [MQTT-1.5.4-2]: long strings (so that the Remaining Length takes 2 or 3 bytes and the
// offsets move with it), every offending and every valid sequence at the start, around the first 8- and
// 16-byte boundaries, in the middle and at the end, in a Topic Name, the last SUBSCRIBE filter and a Content
// Type (the 16,390-byte strings in the Topic Name only).
TEST(ScanBoundaries, Utf8LongStringsAtWordBoundariesAndTheEnd_MQTT_1_5_4_1_MQTT_1_5_4_2) {
    checker c;
    const auto& all = places();
    for (const auto* place : {&all[0], &all[4], &all[8]})
        for (const std::size_t length : {std::size_t{120}, std::size_t{127}, std::size_t{128}, std::size_t{200}, std::size_t{1000}, std::size_t{16390}})
            for (std::size_t u = 0; u < filler_units.size(); u += 2)
                for (const auto* list : {&offending_sequences(), &valid_sequences()})
                    for (const auto& seq : *list) {
                        if (length > 1000 && (place != &all[0] || u != 0)) continue;  // runtime: one place for the longest
                        const auto last = length - seq.bytes.size();
                        for (const std::size_t p : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{15},
                                                    std::size_t{16}, length / 2, last - 9, last - 8, last - 1, last}) {
                            const auto s = with_sequence_at(seq.bytes, length, p, filler_units[u]);
                            const auto expected = utf8_verdicts(s, false);
                            c.run(*place, s, expected, reason_code::malformed_packet, {},
                                  std::string(seq.name) + ", " + position_text(length, p, u));
                        }
                    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] long strings: %zu cases\n", c.cases);
}

// Random strings of 0..70 bytes drawn from bytes that matter to a UTF-8 scanner (ASCII, NUL, controls,
// continuations, every lead class, invalid bytes), judged by the reference checker, in every place by turns,
// with and without the disallowed-code-point policy. [MQTT-1.5.4-1] [MQTT-1.5.4-2]
TEST(ScanBoundaries, Utf8RandomStringsAgreeWithTheReference_MQTT_1_5_4_1_MQTT_1_5_4_2) {
    static constexpr unsigned char alphabet[] = {
        'a', 'b', 'z', '0', '/', ' ', 0x00, 0x01, 0x1F, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
        0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0xBB, 0xBE, 0xB7,
    };
    std::mt19937 rng(20261203);
    checker c;
    const auto& all = places();
    std::size_t accepted = 0;
    for (int i = 0; i < 12000; ++i) {
        const auto length = static_cast<std::size_t>(rng() % (max_string_length + 1));
        std::string s;
        // Mostly ASCII with a few interesting bytes at a random density, so that valid strings occur too.
        const unsigned density = 1 + rng() % 8;
        for (std::size_t k = 0; k < length; ++k) {
            if (rng() % 16 < density) s.push_back(static_cast<char>(alphabet[rng() % sizeof(alphabet)]));
            else s.push_back(static_cast<char>('a' + rng() % 26));
        }
        // Now and then a valid multi-byte character, so that accepted strings cross boundaries too.
        if (rng() % 2 == 0 && length >= 4) {
            const auto& v = valid_sequences()[rng() % valid_sequences().size()];
            s.replace(rng() % (length - v.bytes.size() + 1), v.bytes.size(), v.bytes);
        }
        const auto& place = all[static_cast<std::size_t>(i) % all.size()];
        if (place.kind != rules::plain && (s.empty() || has_wildcard(s))) continue;
        for (const bool strict_option : {false, true}) {
            mqtt5::decode_options o{};
            o.reject_disallowed_code_points = strict_option;
            const auto expected = utf8_verdicts(s, strict_option);
            accepted += expected.empty() ? 1 : 0;
            c.run(place, s, expected, reason_code::malformed_packet, o, "random #" + std::to_string(i), !strict_option);
        }
    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    EXPECT_GT(accepted, 1000u);  // the draw reaches both verdicts
    std::printf("[ScanBoundaries] random UTF-8: %zu cases, %zu judged valid\n", c.cases, accepted);
}

// [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.7-1]: every UTF-8 string property in every place that allows it
// (Table 2-4; Will Properties are a place of their own), so that a property fast path cannot skip the check
// for one identifier: each offending sequence in turn at every position of strings of 0..24 bytes (refused,
// 0x81, at the string's length prefix), and multi-byte strings of every length (accepted).
TEST(ScanBoundaries, Utf8InEveryStringPropertyOfEveryPacket_MQTT_1_5_4_1_MQTT_1_5_7_1) {
    struct packet_layout {
        const char* name{};
        unsigned first{};
        std::string_view before{};  // the bytes before the Property Length
        std::string_view after{};   // the bytes after the properties
        std::string_view extra{};   // properties placed before the one under test
    };
    static constexpr std::string_view connect_before{"\x00\x04MQTT\x05\x02\x00\x3C", 10};
    static constexpr std::string_view will_before{"\x00\x04MQTT\x05\x06\x00\x3C\x00\x00\x01\x63", 14};
    static constexpr std::string_view auth_method{"\x15\x00\x01m", 4};
    const packet_layout connect{"CONNECT", 0x10, connect_before, {"\x00\x01\x63", 3}, {}};
    const packet_layout will{"Will Properties", 0x10, will_before, {"\x00\x01w\x00\x00", 5}, {}};
    const packet_layout connack{"CONNACK", 0x20, {"\x00\x00", 2}, {}, {}};
    const packet_layout publish{"PUBLISH", 0x30, {"\x00\x01t", 3}, {}, {}};
    const packet_layout puback{"PUBACK", 0x40, {"\x00\x01\x00", 3}, {}, {}};
    const packet_layout pubrec{"PUBREC", 0x50, {"\x00\x01\x00", 3}, {}, {}};
    const packet_layout pubrel{"PUBREL", 0x62, {"\x00\x01\x00", 3}, {}, {}};
    const packet_layout pubcomp{"PUBCOMP", 0x70, {"\x00\x01\x00", 3}, {}, {}};
    const packet_layout subscribe{"SUBSCRIBE", 0x82, {"\x00\x01", 2}, {"\x00\x01\x61\x00", 4}, {}};
    const packet_layout suback{"SUBACK", 0x90, {"\x00\x01", 2}, {"\x00", 1}, {}};
    const packet_layout unsubscribe{"UNSUBSCRIBE", 0xA2, {"\x00\x01", 2}, {"\x00\x01\x61", 3}, {}};
    const packet_layout unsuback{"UNSUBACK", 0xB0, {"\x00\x01", 2}, {"\x00", 1}, {}};
    const packet_layout disconnect{"DISCONNECT", 0xE0, {"\x00", 1}, {}, {}};
    const packet_layout auth{"AUTH", 0xF0, {"\x18", 1}, {}, auth_method};
    const packet_layout auth_alone{"AUTH", 0xF0, {"\x18", 1}, {}, {}};
    struct target {
        const packet_layout* layout{};
        unsigned id{};
        int slot{};  // 0: a UTF-8 string; 1: a pair's name; 2: a pair's value
    };
    const std::vector<target> targets = {
        {&connect, 0x15, 0}, {&connect, 0x26, 1}, {&connect, 0x26, 2},
        {&will, 0x03, 0}, {&will, 0x08, 0}, {&will, 0x26, 1}, {&will, 0x26, 2},
        {&connack, 0x12, 0}, {&connack, 0x1A, 0}, {&connack, 0x1C, 0}, {&connack, 0x1F, 0}, {&connack, 0x15, 0}, {&connack, 0x26, 2},
        {&publish, 0x03, 0}, {&publish, 0x08, 0}, {&publish, 0x26, 1}, {&publish, 0x26, 2},
        {&puback, 0x1F, 0}, {&puback, 0x26, 2}, {&pubrec, 0x1F, 0}, {&pubrec, 0x26, 1}, {&pubrel, 0x1F, 0}, {&pubrel, 0x26, 2},
        {&pubcomp, 0x1F, 0}, {&pubcomp, 0x26, 1},
        {&subscribe, 0x26, 1}, {&subscribe, 0x26, 2}, {&suback, 0x1F, 0}, {&suback, 0x26, 2},
        {&unsubscribe, 0x26, 1}, {&unsubscribe, 0x26, 2}, {&unsuback, 0x1F, 0}, {&unsuback, 0x26, 2},
        {&disconnect, 0x1F, 0}, {&disconnect, 0x1C, 0}, {&disconnect, 0x26, 1},
        {&auth, 0x1F, 0}, {&auth, 0x26, 2}, {&auth_alone, 0x15, 0},
    };
    input_buffer in;
    failure_log log;
    std::size_t cases = 0;
    const auto check = [&](const target& t, std::string_view str, const std::string& what) {
        ++cases;
        octets props{t.layout->extra};
        put_u8(props, t.id);
        std::size_t at = 0;
        if (t.slot == 0) at = put_str(props, str);
        else if (t.slot == 1) { at = put_str(props, str); put_str(props, "v"); }
        else { put_str(props, "n"); at = put_str(props, str); }
        octets body{t.layout->before};
        body += varint(props.size());
        const auto props_start = body.size();
        body += props;
        body += t.layout->after;
        const auto b = finish(t.layout->first, body, props_start + at);
        const auto expected = utf8_verdicts(str, false);
        const auto r = mqtt5::decode(in.load(b.packet));
        const auto context = std::string(t.layout->name) + " property 0x" + hex(std::string(1, static_cast<char>(t.id))) +
                             " slot " + std::to_string(t.slot) + ", " + what + " [" + hex(str) + "], packet [" + hex(b.packet) + "]";
        if (expected.empty()) {
            if (!r) log.add(context + ": refused with " + std::string(mqtt5::to_string(r.error().code)) + " at " + std::to_string(r.error().offset));
        } else if (r) {
            log.add(context + ": accepted, expected " + names(expected));
        } else if (!contains(expected, r.error().code) || r.error().reason != reason_code::malformed_packet ||
                   r.error().offset != b.string_at) {
            log.add(context + ": " + std::string(mqtt5::to_string(r.error().code)) + " at " + std::to_string(r.error().offset) +
                    ", expected " + names(expected) + " at " + std::to_string(b.string_at));
        }
    };
    const auto& seqs = offending_sequences();
    for (const auto& t : targets) {
        for (std::size_t length = 0; length <= 24; ++length)
            for (std::size_t p = 0; p <= length; ++p) {
                const auto& seq = seqs[(length * 5 + p + t.id) % seqs.size()];
                if (p + seq.bytes.size() <= length)
                    check(t, with_sequence_at(seq.bytes, length, p, ""), std::string(seq.name) + ", " + position_text(length, p, 0));
            }
        for (std::size_t u = 0; u < filler_units.size(); ++u)
            for (std::size_t length = t.id == 0x08 ? 1 : 0; length <= 24; ++length)
                check(t, filler(length, filler_units[u], 0), position_text(length, 0, u));
    }
    EXPECT_EQ(log.count, 0) << "of " << cases << " cases";
    std::printf("[ScanBoundaries] string properties: %zu cases over %zu (packet, property) pairs\n", cases, targets.size());
}

// ---- Topic Names ------------------------------------------------------------------------------------------

const std::vector<sequence>& wildcard_sequences() {
    static const std::vector<sequence> all = {{"+", "'+'"}, {"#", "'#'"}, {"/+", "'/+'"}, {"#/", "'#/'"}, {"+/#", "'+/#'"}};
    return all;
}

// [MQTT-3.3.2-2] [MQTT-4.7.0-1]: '+' or '#' anywhere in a Topic Name of 1..70 bytes, with ASCII and
// multi-byte fillers: PUBLISH topic_name_has_wildcard, Will Topic will_topic_invalid (both PE, at the
// string), Response Topic [MQTT-3.3.2-14] response_topic_has_wildcard (PE, at the property). The encoder and
// the property builder refuse the same. The same names without the wildcard are accepted (the bytes after
// them hold '+' and '#').
TEST(ScanBoundaries, TopicNameWildcardAtEveryPosition_MQTT_3_3_2_2_MQTT_4_7_0_1_MQTT_3_3_2_14) {
    checker c;
    const auto& all = places();
    const place_def response_topic{"PUBLISH Response Topic [MQTT-3.3.2-14]", rules::topic_name, npos,
                                   [](std::string_view s) { return publish_with_property(0x08, {}, s, {}, false); },
                                   [](const mqtt5::packet& p, std::size_t) { return read_publish_property(p, 0x08, false); },
                                   [](std::string_view s, std::size_t) { return encode_publish_with(s, 0x08, false); }};
    const std::array<std::pair<const place_def*, errc>, 5> targets = {{
        {&all[0], errc::topic_name_has_wildcard},
        {&all[1], errc::topic_name_has_wildcard},
        {&all[15], errc::topic_name_has_wildcard},
        {&all[13], errc::will_topic_invalid},
        {&response_topic, errc::response_topic_has_wildcard},
    }};
    for (const auto& target : targets) {
        const auto* place = target.first;
        const errc code = target.second;
        sweep(wildcard_sequences(), is_primary(*place), [&](const sequence&, const std::string& s, const std::string& where) {
            c.run(*place, s, {code}, reason_code::protocol_error, {}, where);
        });
        for (std::size_t u = 0; u < filler_units.size(); ++u)
            for (std::size_t length = 1; length <= max_string_length; ++length)
                c.run(*place, filler(length, filler_units[u], 3), {}, reason_code::success, {}, position_text(length, 0, u));
    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] topic name wildcards: %zu cases\n", c.cases);
}

// [MQTT-4.7.3-1] and §3.3.2.1: a zero-length PUBLISH Topic Name is a Protocol Error without a Topic Alias and
// valid with one (§3.3.4). A zero-length Will Topic or Response Topic is a zero-length Topic Name: refused.
TEST(ScanBoundaries, TopicNameEmpty_MQTT_4_7_3_1) {
    input_buffer in;
    for (const unsigned first : {0x30u, 0x32u}) {
        octets b;
        put_str(b, "");
        if (first == 0x32) put_u16(b, 7);
        put_u8(b, 0);
        const auto p = finish(first, b, 0);
        const auto r = mqtt5::decode(in.load(p.packet));
        ASSERT_FALSE(r) << hex(p.packet);
        EXPECT_EQ(r.error().code, errc::topic_name_empty_without_alias);
        EXPECT_EQ(r.error().reason, reason_code::protocol_error);
        EXPECT_EQ(r.error().offset, p.string_at);
        auto values = publish_values("", first == 0x32 ? mqtt5::qos::at_least_once : mqtt5::qos::at_most_once);
        EXPECT_EQ(encode_to_octets(values).first.code, errc::topic_name_empty_without_alias);
    }
    {  // with Topic Alias 1: valid, and the encoder writes the same bytes
        octets b;
        put_str(b, "");
        put_u8(b, 3);
        put_u8(b, 0x23);
        put_u16(b, 1);
        b += payload_bait;
        const auto p = finish(0x30, b, 0);
        const auto r = mqtt5::decode<mqtt5::publish>(in.load(p.packet));
        ASSERT_TRUE(r) << mqtt5::to_string(r.error().code);
        EXPECT_TRUE(r->topic.empty());
        auto values = publish_values("", mqtt5::qos::at_most_once);
        ASSERT_FALSE(build_properties<mqtt5::place::publish>([](auto& x) { x.topic_alias(1); }, values.properties));
        const auto [e, out] = encode_to_octets(values);
        EXPECT_EQ(e.code, errc::ok);
        EXPECT_EQ(hex(out), hex(p.packet));
    }
    {  // Will Topic of zero length
        const auto p = connect_with("", 1);
        const auto r = mqtt5::decode(in.load(p.packet));
        ASSERT_FALSE(r) << "an empty Will Topic was accepted: " << hex(p.packet);
        EXPECT_TRUE(r.error().code == errc::topic_empty || r.error().code == errc::will_topic_invalid)
            << mqtt5::to_string(r.error().code);
        EXPECT_EQ(r.error().reason, reason_code::protocol_error);
        EXPECT_EQ(r.error().offset, p.string_at);
        const auto e = encode_connect("", 1).first.code;
        EXPECT_TRUE(e == errc::topic_empty || e == errc::will_topic_invalid) << mqtt5::to_string(e);
    }
    {  // Response Topic of zero length
        const auto p = publish_with_property(0x08, {}, "", {}, false);
        const auto r = mqtt5::decode(in.load(p.packet));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, errc::response_topic_empty);
        EXPECT_EQ(r.error().reason, reason_code::protocol_error);
        EXPECT_EQ(r.error().offset, p.property_at);
        EXPECT_EQ(encode_publish_with("", 0x08, false).first.code, errc::response_topic_empty);
    }
}

// [MQTT-4.7.2-1] concerns matching only: Topic Names and Filters starting with '$' are valid, and "$share"
// alone or "$sharex/..." are ordinary filters (§4.8.2).
TEST(ScanBoundaries, DollarTopicsAreValid_MQTT_4_7_2_1) {
    checker c;
    const auto& all = places();
    for (const std::string_view name : {"$", "$SYS", "$SYS/broker/load", "$share", "$share/g/a", "$/a", "a/$", "$$"})
        for (const auto* place : {&all[0], &all[1], &all[13], &all[15]}) c.run(*place, name, {}, reason_code::success, {}, "dollar name");
    for (const std::string_view filter : {"$", "$SYS/#", "$SYS/+/load", "$share", "$sharex/a", "$shar/+", "$SHARE/g/a",
                                          "$share/$/#", "$share/g/$SYS/#", "$+", "$#"}) {
        const auto expected = filter_verdicts(filter);
        for (std::size_t k = 2; k < 8; ++k)
            c.run(all[k], filter, expected, reason_code::protocol_error, {}, "dollar filter");
    }
    EXPECT_EQ(c.log.count, 0);
}

// ---- Topic Filters ----------------------------------------------------------------------------------------

const std::vector<const place_def*>& filter_places() {
    static const std::vector<const place_def*> f = [] {
        std::vector<const place_def*> v;
        for (std::size_t k = 2; k < 8; ++k) v.push_back(&places()[k]);
        return v;
    }();
    return f;
}

// Checks one filter: validate_topic_filter(), then, as the n-th filter checked, in a SUBSCRIBE and an
// UNSUBSCRIBE at a position (first, middle, last) that turns with n, and encode() of both.
void check_filter(checker& c, std::string_view f, const std::string& what, std::size_t n) {
    const auto expected = filter_verdicts(f);
    const auto v = mqtt5::validate_topic_filter(f);
    if (expected.empty() ? v != errc::ok : !contains(expected, v))
        c.log.add("validate_topic_filter(\"" + std::string(f) + "\") = " + std::string(mqtt5::to_string(v)) + ", expected " +
                  names(expected));
    c.run(*filter_places()[n % 3], f, expected, reason_code::protocol_error, {}, what);
    c.run(*filter_places()[3 + (n + 1) % 3], f, expected, reason_code::protocol_error, {}, what);
}

// [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1]: every string of 1..6 characters over {a, /, +, #, $}
// (19,530 filters), judged by §4.7.1 as written.
TEST(ScanBoundaries, TopicFilterEveryShortStringOverTheSyntaxAlphabet_MQTT_4_7_1_1_MQTT_4_7_1_2) {
    static constexpr char alphabet[] = {'a', '/', '+', '#', '$'};
    checker c;
    std::size_t invalid = 0;
    for (std::size_t length = 0; length <= 6; ++length) {
        std::size_t count = 1;
        for (std::size_t k = 0; k < length; ++k) count *= sizeof(alphabet);
        for (std::size_t n = 0; n < count; ++n) {
            std::string f;
            for (std::size_t k = 0, x = n; k < length; ++k, x /= sizeof(alphabet)) f.push_back(alphabet[x % sizeof(alphabet)]);
            invalid += filter_verdicts(f).empty() ? 0 : 1;
            check_filter(c, f, "filter \"" + f + "\"", n + length);
        }
    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] short filters: %zu cases (%zu filters invalid)\n", c.cases, invalid);
}

// [MQTT-4.7.1-1] [MQTT-4.7.1-2]: filters of 1..40 bytes (ASCII levels, or multi-byte characters whose bytes
// A3/AB/AF look like '#', '+', '/' without bit 7) with a wildcard construct at every position.
TEST(ScanBoundaries, TopicFilterWildcardAtEveryPosition_MQTT_4_7_1_1_MQTT_4_7_1_2) {
    checker c;
    constexpr std::array<std::string_view, 3> units = {"", "\xC2\xA3", "\xC2\xAB"};
    for (const std::string_view w : {"+", "#", "/+", "/#", "+/", "#/", "/+/", "++", "##", "+#", "/", "//"})
        for (std::size_t u = 0; u < units.size(); ++u)
            for (std::size_t length = w.size(); length <= 40; ++length)
                for (std::size_t p = 0; p + w.size() <= length; ++p) {
                    const auto f = with_sequence_at(w, length, p, units[u]);
                    check_filter(c, f, std::string(1, '\'').append(w).append("', ").append(position_text(length, p, u)), length + p + u);
                }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] filter wildcard positions: %zu cases\n", c.cases);
}

// [MQTT-4.8.2-1] [MQTT-4.8.2-2]: "$share/" followed by every string of 0..6 characters over {g, /, +, #}, and
// longer ShareNames with a '+', '#' or the end at every position.
TEST(ScanBoundaries, SharedSubscriptionSyntax_MQTT_4_8_2_1_MQTT_4_8_2_2) {
    static constexpr char alphabet[] = {'g', '/', '+', '#'};
    checker c;
    for (std::size_t length = 0; length <= 6; ++length) {
        std::size_t count = 1;
        for (std::size_t k = 0; k < length; ++k) count *= sizeof(alphabet);
        for (std::size_t n = 0; n < count; ++n) {
            std::string f = "$share/";
            for (std::size_t k = 0, x = n; k < length; ++k, x /= sizeof(alphabet)) f.push_back(alphabet[x % sizeof(alphabet)]);
            check_filter(c, f, "filter \"" + f + "\"", n + length);
        }
    }
    for (std::size_t name_length = 1; name_length <= 30; ++name_length) {
        for (std::size_t p = 0; p < name_length; ++p)
            for (const char w : {'+', '#'}) {
                std::string name = filler(name_length, "", 0);
                for (auto& ch : name)
                    if (ch == '/') ch = 'x';
                name[p] = w;
                check_filter(c, "$share/" + name + "/a/b", "share name with wildcard, " + position_text(name_length, p, 0), p);
            }
        std::string name(name_length, 'n');
        check_filter(c, "$share/" + name, "share name without filter", name_length);
        check_filter(c, "$share/" + name + "/", "share name with empty filter", name_length);
        check_filter(c, "$share/" + name + "/#", "share name with #", name_length);
        check_filter(c, "$share/" + name + "//x", "filter '/x'", name_length);
    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] shared subscriptions: %zu cases\n", c.cases);
}

// [MQTT-3.8.3-4]: No Local 1 on a Shared Subscription is a Protocol Error, as the first, middle or last
// subscription; No Local on an ordinary filter that only resembles one ("$share", "$sharex/a", "$SHARE/g/a")
// is valid. The offset is the Subscription Options byte (error.hpp: "a flag byte").
TEST(ScanBoundaries, NoLocalOnSharedSubscription_MQTT_3_8_3_4) {
    input_buffer in;
    for (std::size_t index = 0; index < 3; ++index) {
        for (std::size_t name_length = 1; name_length <= 20; ++name_length) {
            const std::string filter = "$share/" + std::string(name_length, 'g') + "/a/#";
            const auto b = subscribe_filters(filter, index, 0x04);
            const auto options_at = b.string_at + 2 + filter.size();
            const auto r = mqtt5::decode(in.load(b.packet));
            ASSERT_FALSE(r) << filter << " index " << index;
            EXPECT_EQ(r.error().code, errc::no_local_on_shared_subscription) << filter << " index " << index;
            EXPECT_EQ(r.error().reason, reason_code::protocol_error);
            EXPECT_EQ(r.error().offset, options_at) << filter << " index " << index << " (filter at " << b.string_at << ")";
            EXPECT_EQ(encode_subscribe(filter, index, true).first.code, errc::no_local_on_shared_subscription);
            // Without No Local it is valid.
            EXPECT_TRUE(mqtt5::decode(in.load(subscribe_filters(filter, index, 0x00).packet))) << filter;
        }
        for (const std::string_view ordinary : {"$share", "$sharex/a", "$SHARE/g/a", "a/$share/g/b"}) {
            const auto b = subscribe_filters(ordinary, index, 0x04);
            const auto r = mqtt5::decode(in.load(b.packet));
            EXPECT_TRUE(r) << ordinary << ": " << mqtt5::to_string(r.error().code);
            const auto [e, out] = encode_subscribe(ordinary, index, true);
            EXPECT_EQ(e.code, errc::ok) << ordinary;
            EXPECT_EQ(hex(out), hex(b.packet)) << ordinary;
        }
    }
}

// ---- Binary Data is never UTF-8 (edge case 56, §1.5.6) -------------------------------------------------

// Ill-formed UTF-8, NUL and wildcards at every position of a Password, Correlation Data and a PUBLISH payload
// are plain bytes: accepted and returned unchanged.
TEST(ScanBoundaries, BinaryDataIsNotScanned_1_5_6) {
    input_buffer in;
    failure_log log;
    std::size_t cases = 0;
    const auto& seqs = offending_sequences();
    for (std::size_t length = 0; length <= max_string_length; ++length)
        for (std::size_t p = 0; p <= length; ++p) {
            const auto& seq = seqs[(length * 7 + p) % seqs.size()];
            if (p + seq.bytes.size() > length) continue;
            const auto data = with_sequence_at(seq.bytes, length, p, "") + "#+";
            {  // CONNECT Password (ends the packet)
                octets b;
                put_str(b, "MQTT");
                put_u8(b, 5);
                put_u8(b, 0x42);
                put_u16(b, 60);
                put_u8(b, 0);
                put_str(b, "c");
                put_str(b, data);
                const auto pkt = finish(0x10, b, 0).packet;
                const auto r = mqtt5::decode<mqtt5::connect>(in.load(pkt));
                ++cases;
                if (!r || !r->password || std::string_view(reinterpret_cast<const char*>(r->password->data()), r->password->size()) != data)
                    log.add("Password refused or changed: " + hex(pkt));
            }
            {  // PUBLISH Correlation Data, then the same bytes as payload
                octets props;
                put_u8(props, 0x09);
                put_str(props, data);
                octets b;
                put_str(b, "t");
                b += varint(props.size());
                b += props;
                b += data;
                const auto pkt = finish(0x30, b, 0).packet;
                const auto r = mqtt5::decode<mqtt5::publish>(in.load(pkt));
                ++cases;
                if (!r || r->payload.size() != data.size() || !r->properties.correlation_data())
                    log.add("Correlation Data / payload refused: " + hex(pkt));
            }
        }
    EXPECT_EQ(log.count, 0) << "of " << cases << " cases";
}

// ---- which rule wins ---------------------------------------------------------------------------------------

// A string that is both ill-formed and holds a wildcard: §1.2 defines a Protocol Error as found after the
// packet is parsed, and a packet with ill-formed UTF-8 cannot be parsed ([MQTT-1.5.4-1]: Malformed), so the
// verdict is Malformed Packet whichever comes first in the string. A fused UTF-8 + wildcard scan must not
// stop at the wildcard.
TEST(ScanBoundaries, MalformedUtf8WinsOverWildcardAtEveryPosition_MQTT_1_5_4_1) {
    checker c;
    const auto& all = places();
    for (const auto* place : {&all[0], &all[2], &all[13], &all[15]})
        for (const std::string_view bad : {std::string_view{"\xC0\xAF"}, std::string_view{"\0", 1}, std::string_view{"\xED\xA0\x80"}})
            for (std::size_t length = 4; length <= 24; ++length)
                for (std::size_t p = 0; p + bad.size() <= length; ++p)
                    for (std::size_t w = 0; w < length; ++w) {
                        if (w >= p && w < p + bad.size()) continue;
                        auto s = with_sequence_at(bad, length, p, "");
                        s[w] = place->kind == rules::topic_filter ? '+' : '#';
                        if (place->kind == rules::topic_filter && filter_verdicts(s).empty()) continue;
                        c.run(*place, s, utf8_verdicts(s, false), reason_code::malformed_packet, {},
                              "bad at " + std::to_string(p) + " wildcard at " + std::to_string(w), false);
                    }
    EXPECT_EQ(c.log.count, 0) << "of " << c.cases << " cases";
    std::printf("[ScanBoundaries] malformed over wildcard: %zu cases\n", c.cases);
}

// ---- framing ----------------------------------------------------------------------------------------------

// A QoS 0 PUBLISH "t" whose Remaining Length is `rl` (>= 4).
octets publish_with_remaining_length(std::size_t rl) {
    octets b;
    put_str(b, "t");
    put_u8(b, 0);
    for (std::size_t i = 0; b.size() < rl; ++i) b.push_back(static_cast<char>(i * 7 + 1));
    return finish(0x30, b, 0).packet;
}

constexpr std::array<std::size_t, 8> boundary_lengths = {126, 127, 128, 129, 16382, 16383, 16384, 16385};

// §1.5.5 Table 1-1, §2.1.4: Remaining Lengths at the 1/2/3-byte boundaries decode whole, re-encode to the
// same bytes, and come out of the framer intact whether the stream arrives in one piece, one byte at a time
// or in chunks of 2..17 bytes; a framer whose maximum is one byte short refuses each with packet_too_large.
TEST(ScanBoundaries, RemainingLengthBoundaries_1_5_5) {
    input_buffer in;
    std::vector<octets> packets;
    octets stream;
    for (const auto rl : boundary_lengths) {
        const auto pkt = publish_with_remaining_length(rl);
        const std::size_t width = rl < 128 ? 1 : rl < 16384 ? 2 : 3;
        ASSERT_EQ(pkt.size(), 1 + width + rl);
        const auto r = mqtt5::decode<mqtt5::publish>(in.load(pkt));
        ASSERT_TRUE(r) << rl << ": " << mqtt5::to_string(r.error().code);
        EXPECT_EQ(r->topic, "t");
        EXPECT_EQ(r->payload.size(), rl - 4);
        static std::vector<std::byte> out(20000);
        const auto n = mqtt5::encode(*r, out);
        ASSERT_TRUE(n);
        EXPECT_TRUE(octets(reinterpret_cast<const char*>(out.data()), *n) == pkt) << "re-encode of RL " << rl;
        // One byte short or one byte long: incomplete / longer than the packet.
        const auto shorter = mqtt5::decode(as_bytes(std::string_view(pkt).substr(0, pkt.size() - 1)));
        EXPECT_EQ(shorter.error().code, errc::incomplete_packet) << rl;
        const auto longer_text = pkt + "x";
        EXPECT_EQ(mqtt5::decode(as_bytes(longer_text)).error().code, errc::input_longer_than_packet) << rl;
        packets.push_back(pkt);
        stream += pkt;
    }
    packets.push_back(octets("\xC0\x00", 2));  // PINGREQ, RL 0
    stream += packets.back();
    std::vector<std::size_t> starts;
    for (std::size_t at = 0, i = 0; i < packets.size(); at += packets[i++].size()) starts.push_back(at);

    std::vector<std::byte> storage(16400);
    std::vector<std::size_t> chunk_sizes;
    for (std::size_t k = 1; k <= 17; ++k) chunk_sizes.push_back(k);
    chunk_sizes.push_back(stream.size());
    for (const auto chunk : chunk_sizes) {
        mqtt5::framer f{storage};
        std::size_t got = 0;
        bool broken = false;
        for (std::size_t pos = 0; pos < stream.size() && !broken;) {
            const auto piece = as_bytes(std::string_view(stream).substr(pos, chunk));
            pos += piece.size();
            f.feed(piece);
            for (;;) {
                const auto fr = f.next();
                if (fr.status == mqtt5::frame_status::need_more) break;
                if (fr.status == mqtt5::frame_status::error || got >= packets.size()) {
                    ADD_FAILURE() << "chunk " << chunk << ": error " << mqtt5::to_string(fr.err.code) << " at stream offset "
                                  << fr.stream_offset;
                    broken = true;
                    break;
                }
                const octets seen(reinterpret_cast<const char*>(fr.packet.data()), fr.packet.size());
                EXPECT_TRUE(seen == packets[got]) << "chunk " << chunk << ", packet " << got << " differs";
                EXPECT_EQ(fr.stream_offset, starts[got]) << "chunk " << chunk << ", packet " << got;
                EXPECT_TRUE(mqtt5::decode(fr.packet)) << "chunk " << chunk << ", packet " << got;
                ++got;
            }
        }
        EXPECT_EQ(got, packets.size()) << "chunk " << chunk;
        EXPECT_EQ(f.finish().code, errc::ok) << "chunk " << chunk;
        EXPECT_EQ(f.stream_position(), stream.size()) << "chunk " << chunk;
    }

    // Maximum packet size exactly the packet's size: accepted; one byte less: packet_too_large (0x95), as soon
    // as the fixed header is known, fed whole or one byte at a time.
    for (std::size_t i = 0; i + 1 < packets.size(); ++i) {
        const auto& pkt = packets[i];
        for (const std::size_t limit : {pkt.size(), pkt.size() - 1})
            for (const std::size_t chunk : {std::size_t{1}, pkt.size()}) {
                mqtt5::framer f{storage, {.max_packet_size = limit, .allow_non_minimal_varint = false}};
                mqtt5::frame_result last{};
                for (std::size_t pos = 0; pos < pkt.size(); pos += chunk) {
                    f.feed(as_bytes(std::string_view(pkt).substr(pos, chunk)));
                    last = f.next();
                    if (last.status != mqtt5::frame_status::need_more) break;
                }
                const auto what = "RL " + std::to_string(boundary_lengths[i]) + " limit " + std::to_string(limit) + " chunk " +
                                  std::to_string(chunk);
                if (limit == pkt.size()) {
                    EXPECT_EQ(last.status, mqtt5::frame_status::packet) << what;
                    EXPECT_EQ(last.packet.size(), pkt.size()) << what;
                } else {
                    EXPECT_EQ(last.status, mqtt5::frame_status::error) << what;
                    EXPECT_EQ(last.err.code, errc::packet_too_large) << what;
                    EXPECT_EQ(last.err.reason, reason_code::packet_too_large) << what;
                    EXPECT_EQ(f.buffered(), 0u) << what;
                }
            }
    }
}

// [MQTT-1.5.5-1] and §1.5.5: a Remaining Length in more bytes than it needs (127 as FF 00, 16383 as FF FF 00,
// 0 as 80 00) is refused by default (MAL*, varint_not_minimal at the length field, offset 1), by decode and by
// the framer at any chunk size; with allow_non_minimal_varint it decodes and re-encodes to the same bytes. A
// fifth length byte is varint_too_long.
TEST(ScanBoundaries, RemainingLengthNotMinimal_MQTT_1_5_5_1) {
    input_buffer in;
    std::vector<std::byte> storage(16400);
    for (const std::size_t rl : {std::size_t{127}, std::size_t{16383}}) {
        const auto minimal = publish_with_remaining_length(rl);
        const std::size_t width = rl < 128 ? 1 : 2;
        octets wide = minimal.substr(0, 1) + (rl < 128 ? octets("\xFF\x00", 2) : octets("\xFF\xFF\x00", 3)) + minimal.substr(1 + width);
        const auto r = mqtt5::decode(in.load(wide));
        ASSERT_FALSE(r) << rl;
        EXPECT_EQ(r.error().code, errc::varint_not_minimal) << rl;
        EXPECT_EQ(r.error().reason, reason_code::malformed_packet) << rl;
        EXPECT_EQ(r.error().offset, 1u) << rl;
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, wide.size()}) {
            mqtt5::framer f{storage};
            mqtt5::frame_result last{};
            for (std::size_t pos = 0; pos < wide.size(); pos += chunk) {
                f.feed(as_bytes(std::string_view(wide).substr(pos, chunk)));
                last = f.next();
                if (last.status != mqtt5::frame_status::need_more) break;
            }
            EXPECT_EQ(last.status, mqtt5::frame_status::error) << rl << " chunk " << chunk;
            EXPECT_EQ(last.err.code, errc::varint_not_minimal) << rl << " chunk " << chunk;
        }
        mqtt5::decode_options lenient{};
        lenient.allow_non_minimal_varint = true;
        const auto ok = mqtt5::decode<mqtt5::publish>(in.load(wide), lenient);
        ASSERT_TRUE(ok) << rl << ": " << mqtt5::to_string(ok.error().code);
        std::vector<std::byte> out(20000);
        const auto n = mqtt5::encode(*ok, out);
        ASSERT_TRUE(n);
        EXPECT_TRUE(octets(reinterpret_cast<const char*>(out.data()), *n) == wide) << rl;
    }
    const octets pingreq_wide("\xC0\x80\x00", 3);
    EXPECT_EQ(mqtt5::decode(in.load(pingreq_wide)).error().code, errc::varint_not_minimal);
    const octets five("\x30\xFF\xFF\xFF\xFF\x01", 6);
    const auto r5 = mqtt5::decode(in.load(five));
    EXPECT_EQ(r5.error().code, errc::varint_too_long);
    EXPECT_EQ(r5.error().reason, reason_code::malformed_packet);
    EXPECT_EQ(r5.error().offset, 1u);
}

}  // namespace
