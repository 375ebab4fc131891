// The connection layer (session/connection.hpp) under arbitrary packet sequences in both directions, for both
// roles, both versions (5 and 3.1.1; 3.1 behaves as 3.1.1) and small capacities, all chosen by the input.
//
// Input: two header bytes (role, capacity set, version, outbound alias policy, timeouts), then steps, each an op
// byte and its data (read from the front; missing bytes read as 0):
//   receive / send a packet decoded from raw bytes (2-byte length, then the bytes), decoded as the peer
//   (receive) or this side (send) would, at the connection's version;
//   receive / send a packet built from a few field bytes (type, ids, QoS, aliases, limits...), encoded here and
//   decoded like the raw ones, so deep states need no valid Remaining Length from the mutator;
//   send the ack the last receive() said was due; close; open (with a version); advance the clock and poll().
// Checks (abort on violation, ASan/UBSan in the fuzz build):
//   - the tables never exceed their capacity: outbound().size(), inbound().size(), alias maps; the send quota
//     never above its initial value nor that above the outbound capacity; the receive window counts exactly
//     the inbound exchanges that hold a slot;
//   - a refused receive() / send() changes nothing: its observable state equals a copy taken before the call,
//     and that copy (a "shadow") then runs every later step next to the original, with identical results
//     (same errc / reason / offset, same received fields, same size and completed packet, same poll()).
#include <mqtt5.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"

#include <cstdio>
#include <cstdlib>

namespace {

using namespace mqtt5;

// Reads the input from the front (simple to write seeds for); 0 once it runs out.
struct input_reader {
    const std::uint8_t* data{};
    std::size_t size{};
    std::size_t at{};
    bool empty() const { return at >= size; }
    std::uint8_t u8() { return at < size ? data[at++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
    std::span<const std::byte> bytes(std::size_t n) {
        n = std::min(n, size - std::min(at, size));
        const auto* p = reinterpret_cast<const std::byte*>(data + at);
        at += n;
        return {p, n};
    }
};

// ---- a small encoder for the built packets ----

struct writer {
    std::vector<std::uint8_t> out{};
    void u8(std::uint32_t v) { out.push_back(static_cast<std::uint8_t>(v)); }
    void u16(std::uint32_t v) { u8(v >> 8), u8(v); }
    void u32(std::uint32_t v) { u16(v >> 16), u16(v & 0xFFFF); }
    void str(std::string_view s) {
        u16(static_cast<std::uint32_t>(s.size()));
        out.insert(out.end(), s.begin(), s.end());
    }
    void varint(std::uint32_t v) {
        do {
            std::uint8_t b = v & 0x7F;
            v >>= 7;
            if (v) b |= 0x80;
            u8(b);
        } while (v);
    }
    void append(const writer& w) { out.insert(out.end(), w.out.begin(), w.out.end()); }
};
// A property block: Property Length, then the properties.
void put_props(writer& body, const writer& props) {
    body.varint(static_cast<std::uint32_t>(props.out.size()));
    body.append(props);
}
std::vector<std::uint8_t> frame(std::uint8_t first, const writer& body) {
    writer w;
    w.u8(first);
    w.varint(static_cast<std::uint32_t>(body.out.size()));
    w.append(body);
    return w.out;
}

constexpr std::array<std::string_view, 8> topics{"a", "a/b", "", "sensors/temperature/room-1", "a", "$share/g/x", "t", "x/y"};
constexpr std::array<std::string_view, 6> filters{"a/+", "#", "$share/g/a", "a", "sensors/#", "x/y"};
constexpr std::array<std::uint8_t, 8> ack_codes{0x00, 0x10, 0x80, 0x92, 0x00, 0x87, 0x91, 0x97};

// A packet of type (input % 15) + 1 from a few input bytes, for `version`. The bytes may still be refused by
// decode() (a reason code not valid for the type, QoS 3): those steps are skipped.
std::vector<std::uint8_t> build_packet(input_reader& in, protocol_version version) {
    const bool v5 = version == protocol_version::v5;
    const auto type = static_cast<std::uint8_t>(in.u8() % 15 + 1);
    const auto a = in.u8(), b = in.u8(), c = in.u8();
    writer body, props;
    switch (type) {
    case 1: {  // CONNECT: a = flags, b = props mask, c = values
        if (version == protocol_version::v31) body.str("MQIsdp");
        else body.str("MQTT");
        body.u8(static_cast<std::uint8_t>(version));
        const bool will = a & 0x04;
        const std::uint8_t will_qos = will ? (a >> 3) % 3 : 0;
        const bool will_retain = will && (a & 0x20);
        const bool clean = (a & 0x02) || (!v5 && (a & 0x40));  // an empty 3.1.1 ClientId needs CleanSession 1
        body.u8((clean ? 0x02 : 0) | (will ? 0x04 : 0) | will_qos << 3 | (will_retain ? 0x20 : 0));
        body.u16(c % 4);  // Keep Alive 0..3 s
        if (v5) {
            if (b & 0x01) props.u8(0x21), props.u16(c % 5 + 1);         // Receive Maximum 1..5
            if (b & 0x02) props.u8(0x22), props.u16((c >> 2) % 4);      // Topic Alias Maximum 0..3
            if (b & 0x04) props.u8(0x27), props.u32(40 + (c >> 4) * 8);  // Maximum Packet Size
            if (b & 0x08) props.u8(0x11), props.u32((c & 0x40) ? 60 : 0);  // Session Expiry Interval
            if (b & 0x10) props.u8(0x17), props.u8(0);                  // Request Problem Information 0
            if (b & 0x20) props.u8(0x19), props.u8(0);                  // Request Response Information 0
            if (b & 0x40) props.u8(0x15), props.str("M");               // Authentication Method
            put_props(body, props);
        }
        body.str((a & 0x40) ? "" : (version == protocol_version::v31 ? "c1" : "client"));
        if (will) {
            if (v5) body.u8(0);
            body.str("will");
            body.str("x");
        }
        return frame(0x10, body);
    }
    case 2: {  // CONNACK: a = flags/code, b = props mask, c = values
        body.u8(a & 1);
        if (v5) {
            body.u8((a & 0x06) == 0x06 ? 0x80 : (a & 0x06) == 0x04 ? 0x87 : 0x00);
            if (b & 0x01) props.u8(0x21), props.u16(c % 5 + 1);
            if (b & 0x02) props.u8(0x22), props.u16((c >> 2) % 4);
            if (b & 0x04) props.u8(0x27), props.u32(40 + (c >> 4) * 8);
            if (b & 0x08) props.u8(0x24), props.u8((c >> 3) & 1);  // Maximum QoS 0/1
            if (b & 0x10) props.u8(0x25), props.u8(0);             // Retain Available 0
            if (b & 0x20) props.u8(0x12), props.str("assigned");
            if (b & 0x40) props.u8(0x13), props.u16(c % 3);        // Server Keep Alive
            if (b & 0x80) {
                props.u8(0x28), props.u8(0);  // no wildcard, subscription id or shared subscriptions
                props.u8(0x29), props.u8(0);
                props.u8(0x2A), props.u8(0);
            }
            if (a & 0x08) props.u8(0x15), props.str("M");
            if (a & 0x10) props.u8(0x11), props.u32(c & 0x20 ? 30 : 0);
            if (a & 0x20) props.u8(0x1A), props.str("resp");  // Response Information
            put_props(body, props);
        } else {
            body.u8((a & 0x06) == 0x06 ? 5 : 0);
        }
        return frame(0x20, body);
    }
    case 3: {  // PUBLISH: a = qos/dup/retain/topic, b = id, c = alias/payload
        const std::uint8_t qos = a & 3;  // 3: refused by decode
        const bool dup = (a & 4) && qos != 0;
        const bool retain = a & 8;
        const auto topic = topics[(a >> 4) & 7];
        body.str(!v5 && topic.empty() ? "a" : topic);
        if (qos != 0) body.u16(b % 6);  // 0: refused by decode
        if (v5) {
            if (c & 0x80) props.u8(0x23), props.u16(c & 3 ? (c & 3) : 5);  // Topic Alias 1..3 or 5
            if (c & 0x40) props.u8(0x26), props.str("k"), props.str("v");
            put_props(body, props);
        }
        for (int i = 0; i < (c & 0x3F); ++i) body.u8(i);
        return frame(static_cast<std::uint8_t>(0x30 | (dup ? 8 : 0) | qos << 1 | (retain ? 1 : 0)), body);
    }
    case 4: case 5: case 6: case 7: {  // PUBACK, PUBREC, PUBREL, PUBCOMP: b = id, a = code/props
        body.u16(b % 6);
        const auto code = type == 6 || type == 7 ? ((a & 1) ? 0x92 : 0x00) : ack_codes[a & 7];
        if (v5 && (code != 0 || (a & 0x18))) {
            body.u8(code);
            if (a & 0x08) props.u8(0x1F), props.str("because");
            if (a & 0x10) props.u8(0x26), props.str("k"), props.str("v");
            if (a & 0x18) put_props(body, props);
        }
        return frame(static_cast<std::uint8_t>(type << 4 | (type == 6 ? 2 : 0)), body);
    }
    case 8: {  // SUBSCRIBE: b = id, a = filters, c = sub id
        body.u16(b % 6);
        if (v5) {
            if (c & 1) props.u8(0x0B), props.varint(c >> 1 | 1);
            put_props(body, props);
        }
        const int n = 1 + (a >> 6) % 2;
        for (int i = 0; i < n; ++i) {
            body.str(filters[(a >> (3 * i)) % filters.size()]);
            body.u8(c >> 6 & 3 ? (c >> 6) % 3 : 1);
        }
        return frame(0x82, body);
    }
    case 9: case 11: {  // SUBACK, UNSUBACK: b = id, a = count
        body.u16(b % 6);
        if (v5) {
            if (c & 1) props.u8(0x1F), props.str("r");
            put_props(body, props);
        }
        const bool codes = type == 9 || v5;
        if (codes)
            for (int i = 0; i < 1 + a % 3; ++i) body.u8(type == 9 ? ((a >> 2 & 1) ? 0x80 : 0x01) : 0x00);
        return frame(static_cast<std::uint8_t>(type << 4), body);
    }
    case 10: {  // UNSUBSCRIBE
        body.u16(b % 6);
        if (v5) put_props(body, props);
        body.str(filters[a % filters.size()]);
        return frame(0xA2, body);
    }
    case 12: return frame(0xC0, body);  // PINGREQ
    case 13: return frame(0xD0, body);  // PINGRESP
    case 14: {                          // DISCONNECT: a = code, c = SEI
        if (v5 && (a || c)) {
            body.u8(a & 1 ? 0x04 : (a & 2 ? 0x8E : 0x00));
            if (c & 1) props.u8(0x11), props.u32(c >> 1);
            put_props(body, props);
        }
        return frame(0xE0, body);
    }
    default: {  // AUTH: a = code, b = method
        body.u8(a % 3 == 0 ? 0x00 : a % 3 == 1 ? 0x18 : 0x19);
        if (b & 1) props.u8(0x15), props.str(b & 2 ? "N" : "M");
        if (b & 4) props.u8(0x16), props.str("data");
        put_props(body, props);
        return frame(0xF0, body);
    }
    }
}

// ---- what a step does, and its outcome compared between the original and its shadows ----

struct outcome {
    int kind{};  // 0 none, 1 receive, 2 send, 3 poll
    std::optional<error> failure{};
    received got{};
    std::string_view topic{};  // compared by content: it may view the object's alias storage
    std::size_t size{};
    std::optional<packet> sent{};
    keep_alive_event event{};
    millis deadline{};
    connection_state state{};

    bool same(const outcome& o) const {
        if (kind != o.kind || failure != o.failure || state != o.state || deadline != o.deadline) return false;
        if (kind == 1 && !failure)
            return got.type == o.got.type && topic == o.topic && got.deliver == o.got.deliver && got.ack == o.got.ack &&
                   got.completed_packet_id == o.got.completed_packet_id && got.reason == o.got.reason &&
                   got.session_present == o.got.session_present && got.ended == o.got.ended;
        if (kind == 2 && !failure) return size == o.size && sent == o.sent;
        if (kind == 3) return event == o.event;
        return true;
    }
};

bool same_exchanges(std::span<const exchange> a, std::span<const exchange> b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].packet_id != b[i].packet_id || a[i].state != b[i].state || a[i].filter_count != b[i].filter_count ||
            a[i].counted != b[i].counted || a[i].resend != b[i].resend)
            return false;
    return true;
}

// Everything a caller can see of a connection object.
template <class C> bool same_state(const C& x, const C& y) {
    return x.state() == y.state() && x.version() == y.version() && x.limits().client == y.limits().client &&
           x.limits().server == y.limits().server && x.limits().keep_alive == y.limits().keep_alive &&
           x.limits().session_expiry_interval == y.limits().session_expiry_interval &&
           x.limits().connect_session_expiry_interval == y.limits().connect_session_expiry_interval &&
           x.assigned_client_identifier() == y.assigned_client_identifier() && x.session_present() == y.session_present() &&
           x.has_session() == y.has_session() && x.session_present_due() == y.session_present_due() &&
           same_exchanges(x.outbound(), y.outbound()) && same_exchanges(x.inbound(), y.inbound()) &&
           x.quota().available() == y.quota().available() && x.quota().initial() == y.quota().initial() &&
           x.window().used() == y.window().used() && x.window().maximum() == y.window().maximum() &&
           x.authentication() == y.authentication() && x.next_deadline() == y.next_deadline() &&
           x.inbound_aliases().mapped_count() == y.inbound_aliases().mapped_count() &&
           x.inbound_aliases().bytes_used() == y.inbound_aliases().bytes_used() &&
           x.outbound_aliases().mapped_count() == y.outbound_aliases().mapped_count() &&
           x.outbound_aliases().bytes_used() == y.outbound_aliases().bytes_used();
}

template <class C> void check_invariants(const C& c) {
    constexpr auto cap = C::capacity;
    FUZZ_CHECK(c.outbound().size() <= cap.outbound_inflight);
    FUZZ_CHECK(c.inbound().size() <= cap.inbound_inflight);
    FUZZ_CHECK(c.quota().available() <= c.quota().initial());
    FUZZ_CHECK(c.quota().initial() <= cap.outbound_inflight);
    std::size_t counted_in = 0;
    for (const auto& e : c.inbound()) counted_in += e.counted ? 1 : 0;
    // The window belongs to one Network Connection: after close() it is stale until open() resets it.
    if (c.state() != connection_state::closed) FUZZ_CHECK(c.window().used() == counted_in);
    FUZZ_CHECK(c.inbound_aliases().mapped_count() <= cap.inbound_topic_aliases);
    FUZZ_CHECK(c.inbound_aliases().bytes_used() <= cap.inbound_alias_bytes);
    FUZZ_CHECK(c.outbound_aliases().mapped_count() <= cap.outbound_topic_aliases);
    FUZZ_CHECK(c.outbound_aliases().bytes_used() <= cap.outbound_alias_bytes);
    // Packet Identifiers are unique within each table [MQTT-2.2.1-3].
    for (std::size_t i = 0; i < c.outbound().size(); ++i)
        for (std::size_t j = i + 1; j < c.outbound().size(); ++j) FUZZ_CHECK(c.outbound()[i].packet_id != c.outbound()[j].packet_id);
    for (std::size_t i = 0; i < c.inbound().size(); ++i)
        for (std::size_t j = i + 1; j < c.inbound().size(); ++j) FUZZ_CHECK(c.inbound()[i].packet_id != c.inbound()[j].packet_id);
}

constexpr std::size_t max_shadows = 6;

// [MQTT-3.3.4-7] [MQTT-3.3.4-9]: once connected, a QoS > 0 PUBLISH that send() accepted never leaves more
// unacknowledged PUBLISH of this connection than the send quota's initial value (the peer's Receive Maximum).
template <class C> void check_quota_after_publish(const C& c, const outcome& o) {
    if (o.kind != 2 || o.failure || !o.sent || c.state() != connection_state::connected) return;
    const auto* pub = std::get_if<publish>(&*o.sent);
    if (pub == nullptr || pub->qos == qos::at_most_once) return;
    std::size_t counted = 0;
    for (const auto& e : c.outbound()) counted += e.counted ? 1 : 0;
    FUZZ_CHECK(counted <= c.quota().initial());
}

template <role Role, session_capacity Cap> void run(input_reader& in, std::uint8_t setup, std::uint8_t timing) {
    using conn_t = basic_connection<Role, Cap>;
    constexpr role peer = Role == role::client ? role::server : role::client;
    const auto pick_version = [](std::uint8_t v) {
        return v % 4 == 1 ? protocol_version::v311 : v % 4 == 2 ? protocol_version::v31 : protocol_version::v5;
    };
    connection_options options{};
    options.outbound_aliases = static_cast<topic_alias_policy>((setup >> 4) % 3);
    options.pingresp_timeout = (timing & 3) * 500;
    options.handshake_timeout = ((timing >> 2) & 3) * 1000;

    // Objects live in static storage: shadows are copied often, and the stack stays small.
    static const bool trace = std::getenv("SESSION_FUZZ_TRACE") != nullptr;
    static std::vector<conn_t> objects;
    objects.clear();
    objects.emplace_back(options);
    millis now = 1000;
    objects[0].open(now, pick_version(setup >> 2));
    due_ack last_ack{};
    std::uint16_t last_filters = 0;

    for (int steps = 0; steps < 64 && !in.empty(); ++steps) {
        const auto op = in.u8() % 10;
        std::vector<std::uint8_t> built;
        std::span<const std::byte> bytes;
        std::optional<packet> pkt;
        const auto version = objects[0].version();
        if (op <= 3) {  // 0, 1: raw receive / send; 2, 3: built receive / send
            if (op <= 1) {
                bytes = in.bytes(in.u16() % 512);
            } else {
                built = build_packet(in, version);
                bytes = std::as_bytes(std::span<const std::uint8_t>(built));
            }
            const bool receiving = op % 2 == 0;
            auto d = decode(bytes, decode_options{.version = version, .sender = receiving ? peer : Role});
            if (!d) continue;
            pkt = *d;
        } else if (op == 4) {  // the due ack of the last receive()
            if (last_ack.type == packet_type::suback || last_ack.type == packet_type::unsuback) {
                writer body, props;
                body.u16(last_ack.packet_id);
                if (version == protocol_version::v5) put_props(body, props);
                if (last_ack.type == packet_type::suback || version == protocol_version::v5)
                    for (std::uint16_t i = 0; i < last_filters; ++i) body.u8(0);
                built = frame(last_ack.type == packet_type::suback ? 0x90 : 0xB0, body);
                auto d = decode(std::as_bytes(std::span<const std::uint8_t>(built)), decode_options{.version = version, .sender = Role});
                if (!d) continue;
                pkt = *d;
            } else {
                pkt = ack_packet(last_ack);
                if (!pkt) continue;
            }
        }
        const auto open_version = pick_version(op == 6 ? in.u8() : 0);
        const millis advance = op == 7 ? millis{in.u8()} * 50 : 0;
        now += advance;

        std::optional<conn_t> before;  // the original before a receive / send, in case it is refused
        std::vector<outcome> outcomes(objects.size());
        for (std::size_t i = 0; i < objects.size(); ++i) {
            auto& c = objects[i];
            auto& o = outcomes[i];
            if (i == 0 && pkt) before.emplace(c);
            if (op == 0 || op == 2) {
                o.kind = 1;
                auto r = c.receive(*pkt, bytes.size(), now);
                if (r) o.got = *r, o.topic = r->topic;
                else o.failure = r.error();
            } else if (op == 1 || op == 3 || op == 4) {
                o.kind = 2;
                packet p = *pkt;  // send() completes the packet: each object gets its own copy
                auto r = c.send(p, now);
                if (r) o.size = *r, o.sent = p;
                else o.failure = r.error();
                // A refused send leaves the packet as it was.
                if (!r) FUZZ_CHECK(p == *pkt);
            } else if (op == 5) {
                c.close(now);
            } else if (op == 6) {
                // open() on a connection that was not closed closes it first (fuzz/README.md, test
                // ResendAfterOpenWithoutClose): the raw call is fuzzed.
                c.open(now, open_version);
            } else if (op == 7 || op == 8) {
                o.kind = 3;
                o.event = c.poll(now);
            } else {  // 9: Server learns the version late
                c.set_protocol_version(open_version);
            }
            o.state = c.state();
            o.deadline = c.next_deadline();
        }
        if (trace) {  // SESSION_FUZZ_TRACE=1: one line per step, to turn a crash into a readable reproducer
            const auto& o = outcomes[0];
            std::fprintf(stderr, "step %d op %d now %llu", steps, op, static_cast<unsigned long long>(now));
            if (pkt) std::fprintf(stderr, " %s", std::string(to_string(type_of(*pkt))).c_str());
            if (!bytes.empty()) {
                std::fprintf(stderr, " [");
                for (const auto b : bytes) std::fprintf(stderr, "%02x", static_cast<unsigned>(b));
                std::fprintf(stderr, "]");
            }
            if (o.failure) std::fprintf(stderr, " -> %s", std::string(to_string(o.failure->code)).c_str());
            else if (o.kind) std::fprintf(stderr, " -> ok");
            std::fprintf(stderr, " state %d out %zu in %zu quota %u/%u window %u/%u shadows %zu\n", static_cast<int>(objects[0].state()),
                         objects[0].outbound().size(), objects[0].inbound().size(), objects[0].quota().available(),
                         objects[0].quota().initial(), objects[0].window().used(), objects[0].window().maximum(), objects.size() - 1);
        }
        for (const auto& c : objects) check_invariants(c);
        check_quota_after_publish(objects[0], outcomes[0]);
        for (std::size_t i = 1; i < objects.size(); ++i) FUZZ_CHECK(outcomes[i].same(outcomes[0]));
        if (outcomes[0].kind == 1 && !outcomes[0].failure) {
            last_ack = outcomes[0].got.ack;
            last_filters = last_ack.filter_count;
        }
        // A refused packet changes nothing: the object equals its copy from before the call, and the copy
        // goes on as a shadow of the original.
        if (before && outcomes[0].failure) {
            FUZZ_CHECK(same_state(objects[0], *before));
            if (objects.size() < 1 + max_shadows) objects.push_back(*before);
        }
    }
    for (std::size_t i = 1; i < objects.size(); ++i) FUZZ_CHECK(same_state(objects[i], objects[0]));
}

// Small capacities, so the limits are reached within a few packets.
constexpr session_capacity tiny{2, 3, 2, 24, 2, 24, 64, 16, 4};
constexpr session_capacity small{4, 4, 3, 64, 3, 64, 128, 32, 16};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    input_reader in{data, size, 0};
    const auto setup = in.u8(), timing = in.u8();
    const bool server = setup & 1, use_tiny = setup & 2;
    if (server) {
        if (use_tiny) run<role::server, tiny>(in, setup, timing);
        else run<role::server, small>(in, setup, timing);
    } else {
        if (use_tiny) run<role::client, tiny>(in, setup, timing);
        else run<role::client, small>(in, setup, timing);
    }
    return 0;
}
