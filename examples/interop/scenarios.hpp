// Interop scenarios against a real MQTT v5 broker (written against mosquitto 2.0), each a function that
// drives one or more interop::connection objects, checks every decoded packet, and throws
// interop::failure at the first thing it did not expect. Packet Identifiers and acks are the connection
// layer's: send() returns the id it chose, and receive() has already sent the ack a packet made due. Used by mqtt5-interop-client (main.cpp) and by
// the GoogleTest driver in tests/interop, which starts the broker.
//
// Deliveries that must *not* happen are checked without sleeping: a PINGREQ sent after the action is
// answered only after the broker has handled the action, so every PUBLISH it caused arrives before the
// PINGRESP ("ping barrier").
#pragma once

#include "connection.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace interop {

// A packet a peer (not our codec) produced, kept as a test vector for tests/interop/captures.hex.
struct capture {
    std::string label{};  // <source>.<packet type>.<scenario>, e.g. mosquitto.connack.connect_all_properties
    std::vector<std::byte> bytes{};
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};  // of the connection it was captured on
};

struct context {
    std::string host{"127.0.0.1"};
    std::uint16_t port{};
    std::ostream* log{};               // every packet sent and received, with its bytes; may be null
    std::vector<capture>* captures{};  // packets the broker sent; may be null
    std::string prefix{"interop"};     // of every topic and client identifier, so runs do not collide
    // The version our client speaks. The v5 scenarios need v5; the basic_* ones run at every version.
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};

    std::string topic(std::string_view rest) const { return prefix + "/" + std::string(rest); }
    // MQTT 3.1 servers refuse a Client Identifier longer than 23 characters (mosquitto: CONNACK 2), so at
    // level 3 a long one keeps its last 23 characters (the distinct end).
    std::string client_id(std::string_view rest) const {
        auto id = prefix + "-" + std::string(rest);
        if (version == mqtt5::protocol_version::v31 && id.size() > 23) id.erase(0, id.size() - 23);
        return id;
    }
};

inline std::string lower(std::string_view s) {
    std::string out{s};
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Records the packets a connection receives into `captures`, labelled <source>.<type>.<scenario>.
inline void capture_received(connection& c, std::vector<capture>* captures, std::string source, std::string scenario) {
    if (captures == nullptr) return;
    c.set_observer([captures, &c, source = std::move(source), scenario = std::move(scenario)](direction d, const received_packet& p) {
        if (d != direction::received || !p.ok()) return;
        captures->push_back(capture{source + "." + lower(mqtt5::to_string(p.type())) + "." + scenario,
                                    std::vector<std::byte>(p.bytes().begin(), p.bytes().end()), c.version()});
    });
}

// ---- checking helpers -----------------------------------------------------------------------------------

template <class T> std::string show(const T& v) {
    std::ostringstream out;
    if constexpr (std::is_same_v<T, std::string_view> || std::is_same_v<T, std::string>) out << '"' << v << '"';
    else if constexpr (std::is_enum_v<T>) out << "0x" << hex2(static_cast<unsigned>(v));
    else if constexpr (std::is_same_v<T, std::uint8_t> || std::is_same_v<T, bool>) out << static_cast<unsigned>(v);
    else out << v;
    return out.str();
}

template <class A, class E> void check_eq(const A& actual, const E& expected, const std::string& what) {
    if (!(actual == expected)) fail(what + ": expected " + show(expected) + ", got " + show(actual));
}

template <class T, class E> void check_prop(const std::optional<T>& actual, const E& expected, const std::string& what) {
    if (!actual) fail(what + ": missing, expected " + show(expected));
    check_eq(*actual, expected, what);
}

inline void check_bytes(std::span<const std::byte> actual, std::span<const std::byte> expected, const std::string& what) {
    if (!std::equal(actual.begin(), actual.end(), expected.begin(), expected.end()))
        fail(what + ": expected " + hex(expected) + ", got " + hex(actual));
}

template <mqtt5::place P>
std::vector<std::pair<std::string, std::string>> user_properties(const mqtt5::property_block<P>& block) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto [name, value] : block.user_properties()) out.emplace_back(std::string(name), std::string(value));
    return out;
}

inline void check_user_properties(const std::vector<std::pair<std::string, std::string>>& actual,
                                  const std::vector<std::pair<std::string, std::string>>& expected, const std::string& what) {
    if (actual == expected) return;
    std::string a, e;
    for (const auto& [k, v] : actual) a += " " + k + ":" + v;
    for (const auto& [k, v] : expected) e += " " + k + ":" + v;
    fail(what + ": expected user properties [" + e + " ], got [" + a + " ]");
}

template <mqtt5::place P> mqtt5::property_block<P> built(const mqtt5::property_builder<P>& builder, std::string_view what) {
    auto block = builder.build();
    if (!block) fail("building " + std::string(what) + " properties: " + error_text(block.error()));
    return *block;
}

// ---- common steps -------------------------------------------------------------------------------------

inline std::unique_ptr<connection> open(const context& ctx, const std::string& scenario, const std::string& name) {
    auto c = std::make_unique<connection>(name, ctx.log);
    c->set_version(ctx.version);
    capture_received(*c, ctx.captures, "mosquitto", scenario);
    c->connect(ctx.host, ctx.port);
    return c;
}

// Connects with `packet` and returns the CONNACK, which must be a success (v5: reason code 0x00; 3.1.1
// and 3.1: Return Code 0).
inline received_packet handshake(connection& c, const mqtt5::connect& packet) {
    c.send(packet);
    auto ack = c.expect<mqtt5::connack>();
    check_eq(ack.as<mqtt5::connack>().reason, mqtt5::reason_code::success, c.name() + ": CONNACK reason");
    check_eq(ack.as<mqtt5::connack>().return_code, mqtt5::connack_return_code::accepted, c.name() + ": CONNACK return code");
    return ack;
}

// A plain clean-start client.
inline std::unique_ptr<connection> connect_plain(const context& ctx, const std::string& scenario, const std::string& name) {
    auto c = open(ctx, scenario, name);
    const auto id = ctx.client_id(name);
    handshake(*c, mqtt5::connect{.client_id = id, .keep_alive = 60, .clean_start = true});
    return c;
}

// Sends PINGREQ and returns every packet that arrives before the PINGRESP (acknowledged by the connection).
inline std::vector<received_packet> until_pingresp(connection& c) {
    c.send(mqtt5::pingreq{});
    std::vector<received_packet> before;
    for (int i = 0; i < 64; ++i) {
        auto p = c.receive();
        if (p.is<mqtt5::pingresp>()) return before;
        before.push_back(std::move(p));
    }
    fail(c.name() + ": no PINGRESP after 64 packets");
}

inline std::vector<const mqtt5::publish*> publishes_in(const std::vector<received_packet>& packets) {
    std::vector<const mqtt5::publish*> out;
    for (const auto& p : packets)
        if (p.is<mqtt5::publish>()) out.push_back(&p.as<mqtt5::publish>());
    return out;
}

// Publishes at QoS 1 and waits for a successful PUBACK (0x00, or 0x10 when nobody is subscribed).
inline void publish_qos1(connection& c, mqtt5::publish p) {
    p.qos = mqtt5::qos::at_least_once;
    const auto id = c.send(p);
    const auto ack = c.expect<mqtt5::puback>();
    check_eq(ack.as<mqtt5::puback>().packet_id, id, c.name() + ": PUBACK packet id");
    const auto rc = ack.as<mqtt5::puback>().reason;
    check(rc == mqtt5::reason_code::success || rc == mqtt5::reason_code::no_matching_subscribers,
          c.name() + ": PUBACK reason 0x" + hex2(static_cast<unsigned>(rc)));
}

inline void disconnect_normally(connection& c) {
    c.send(mqtt5::disconnect{});
    check(c.wait_closed(), c.name() + ": the broker did not close the connection after DISCONNECT");
}

// Prints a received packet's properties, one per line (used for CONNACK).
template <mqtt5::place P> void print_properties(std::ostream* log, const std::string& title, const mqtt5::property_block<P>& block) {
    if (log == nullptr) return;
    *log << title << (block.empty() ? " (none)" : "") << "\n";
    for (const auto prop : block) *log << "    " << detail::property_token(prop, "") << "\n";
}

// The application message every PUBLISH scenario sends: every property a client may put in a PUBLISH
// (a Subscription Identifier is the server's) except Topic Alias, which the scenarios add themselves.
struct message_properties {
    std::uint8_t payload_format_indicator{1};
    std::uint32_t message_expiry_interval{3600};
    std::string_view content_type{"application/json; charset=utf-8"};
    std::string_view response_topic{"interop/responses/r1"};
    std::string_view correlation_data{"\x01\x02\xFF corr"};
    std::vector<std::pair<std::string, std::string>> user{{"trace", "4bf92f35"}, {"caf\xC3\xA9", "na\xC3\xAFve \xE2\x9C\x93"}};
};

inline mqtt5::property_block<mqtt5::place::publish> publish_properties(std::span<std::byte> storage, const message_properties& m,
                                                                        std::optional<std::uint16_t> topic_alias = std::nullopt) {
    mqtt5::property_builder<mqtt5::place::publish> b{storage};
    b.payload_format_indicator(m.payload_format_indicator)
        .message_expiry_interval(m.message_expiry_interval)
        .content_type(m.content_type)
        .response_topic(m.response_topic)
        .correlation_data(bytes_of(m.correlation_data));
    if (topic_alias) b.topic_alias(*topic_alias);
    for (const auto& [k, v] : m.user) b.user_property(k, v);
    return built(b, "PUBLISH");
}

// Checks that a delivered PUBLISH carries the message properties intact (the broker may lower the
// Message Expiry Interval by the seconds the message waited), no Topic Alias, and exactly the given
// Subscription Identifiers.
inline void check_message_properties(const mqtt5::publish& p, const message_properties& m,
                                     const std::vector<std::uint32_t>& subscription_ids, const std::string& what) {
    const auto& props = p.properties;
    check_prop(props.payload_format_indicator(), m.payload_format_indicator, what + ": Payload Format Indicator");
    const auto expiry = props.message_expiry_interval();
    check(expiry.has_value(), what + ": Message Expiry Interval missing");
    check(*expiry <= m.message_expiry_interval && *expiry + 5 >= m.message_expiry_interval,
          what + ": Message Expiry Interval " + std::to_string(*expiry) + ", sent " + std::to_string(m.message_expiry_interval));
    check_prop(props.content_type(), m.content_type, what + ": Content Type");
    check_prop(props.response_topic(), m.response_topic, what + ": Response Topic");
    const auto corr = props.correlation_data();
    check(corr.has_value(), what + ": Correlation Data missing");
    check_bytes(*corr, bytes_of(m.correlation_data), what + ": Correlation Data");
    check_user_properties(user_properties(props), m.user, what);
    check(!props.topic_alias().has_value(), what + ": unexpected Topic Alias");
    std::vector<std::uint32_t> ids;
    for (const auto id : props.subscription_identifiers()) ids.push_back(id);
    if (ids != subscription_ids) {
        std::string got;
        // Append the pieces to `got`: `" " + std::to_string(id)` would insert " " at the front of the temporary
        // (operator+(const char*, std::string&&)), a copy within one buffer in which g++ 12 at -O3 reports a
        // false -Wrestrict overlap (GCC PR 105651). Appending never copies a string into itself.
        for (const auto id : ids) {
            got += ' ';
            got += std::to_string(id);
        }
        fail(what + ": Subscription Identifiers [" + got + " ], expected " + std::to_string(subscription_ids.size()) + " of them");
    }
}

// ---- the scenarios ------------------------------------------------------------------------------------

// CONNECT with every property a client may send except the authentication ones, a User Name, a Password,
// and a Will with every Will property; CONNACK with the server's properties (printed); PINGREQ/PINGRESP;
// a normal DISCONNECT (which discards the Will).
inline void scenario_connect_all_properties(const context& ctx) {
    auto c = open(ctx, "connect_all_properties", "full-connect");
    std::array<std::byte, 256> connect_storage{}, will_storage{};
    mqtt5::property_builder<mqtt5::place::connect> cp{connect_storage};
    cp.session_expiry_interval(30)
        .receive_maximum(32)
        .maximum_packet_size(256 * 1024)
        .topic_alias_maximum(8)
        .request_response_information(1)
        .request_problem_information(1)
        .user_property("client", "mqtt5-interop")
        .user_property("client", "repeated name");
    mqtt5::property_builder<mqtt5::place::will> wp{will_storage};
    wp.will_delay_interval(5)
        .payload_format_indicator(1)
        .message_expiry_interval(120)
        .content_type("text/plain")
        .response_topic(ctx.topic("will/responses"))
        .correlation_data(bytes_of("will-corr"))
        .user_property("will", "yes");
    const auto id = ctx.client_id("full-connect");
    const auto will_topic = ctx.topic("will/full-connect");
    const mqtt5::connect packet{.client_id = id,
                                .keep_alive = 30,
                                .clean_start = true,
                                .properties = built(cp, "CONNECT"),
                                .will = mqtt5::will_message{.topic = will_topic,
                                                            .payload = bytes_of("gone"),
                                                            .qos = mqtt5::qos::at_least_once,
                                                            .retain = false,
                                                            .properties = built(wp, "Will")},
                                .username = "interop-user",
                                .password = bytes_of("interop-password")};
    const auto ack = handshake(*c, packet);
    const auto& connack = ack.as<mqtt5::connack>();
    check_eq(connack.session_present, false, "CONNACK Session Present after Clean Start");
    print_properties(ctx.log, "CONNACK properties from the broker:", connack.properties);
    // Which properties a broker announces is its choice (mosquitto 2.0 with its defaults: Receive Maximum
    // 20, Topic Alias Maximum 10); the decoder already refused values the standard forbids.
    if (const auto rm = connack.properties.receive_maximum()) check(*rm > 0, "CONNACK Receive Maximum 0");
    if (const auto mq = connack.properties.maximum_qos()) check(*mq <= 1, "CONNACK Maximum QoS");

    c->send(mqtt5::pingreq{});
    (void)c->expect<mqtt5::pingresp>();
    disconnect_normally(*c);
}

// SUBSCRIBE with a Subscription Identifier and the options No Local, Retain As Published and each Retain
// Handling, checked on the SUBACK and on the broker's behaviour: which retained messages are sent on
// subscribe (0: always, 1: only for a new subscription, 2: never), No Local, Retain As Published.
inline void scenario_subscribe_options(const context& ctx) {
    const std::string s = "subscribe_options";
    auto pub = connect_plain(ctx, s, "sub-options-pub");
    auto sub = connect_plain(ctx, s, "sub-options-sub");
    const auto t0 = ctx.topic("rh/0"), t1 = ctx.topic("rh/1"), t2 = ctx.topic("rh/2");

    // One retained message per topic.
    for (const auto& t : {t0, t1, t2}) publish_qos1(*pub, mqtt5::publish{.topic = t, .payload = bytes_of("retained " + t), .retain = true});

    std::array<std::byte, 64> storage{};
    mqtt5::property_builder<mqtt5::place::subscribe> sp{storage};
    sp.subscription_identifier(7).user_property("why", "retain handling");
    const std::array<mqtt5::subscription, 3> subs{{
        {.topic_filter = t0, .max_qos = mqtt5::qos::at_least_once, .no_local = true, .retain_as_published = true,
         .retain_handling = mqtt5::retain_handling::send_on_subscribe},
        {.topic_filter = t1, .max_qos = mqtt5::qos::at_least_once, .no_local = false, .retain_as_published = false,
         .retain_handling = mqtt5::retain_handling::send_if_new_subscription},
        {.topic_filter = t2, .max_qos = mqtt5::qos::exactly_once, .no_local = false, .retain_as_published = false,
         .retain_handling = mqtt5::retain_handling::do_not_send},
    }};
    const auto first_id = sub->send(mqtt5::subscribe{.properties = built(sp, "SUBSCRIBE"), .subscriptions = subs});
    auto got = until_pingresp(*sub);
    const auto expect_suback = [&](const std::vector<received_packet>& packets, std::uint16_t packet_id,
                                   const std::vector<mqtt5::reason_code>& codes) {
        int subacks = 0;
        for (const auto& p : packets) {
            if (!p.is<mqtt5::suback>()) continue;
            ++subacks;
            const auto& ack = p.as<mqtt5::suback>();
            check_eq(ack.packet_id, packet_id, "SUBACK packet id");
            std::vector<mqtt5::reason_code> rcs(ack.reason_codes.begin(), ack.reason_codes.end());
            check(rcs == codes, "SUBACK reason codes: got " + p.describe());
        }
        check_eq(subacks, 1, "SUBACKs received");
    };
    const auto topics_of = [](const std::vector<received_packet>& packets) {
        std::vector<std::string> out;
        for (const auto* p : publishes_in(packets)) out.emplace_back(p->topic);
        std::sort(out.begin(), out.end());
        return out;
    };
    expect_suback(got, first_id, {mqtt5::reason_code::granted_qos_1, mqtt5::reason_code::granted_qos_1, mqtt5::reason_code::granted_qos_2});
    check(topics_of(got) == std::vector<std::string>{t0, t1},
          "retained messages on a new subscription: Retain Handling 0 and 1 send, 2 does not");
    for (const auto* p : publishes_in(got)) {
        check(p->retain, "a retained message sent on subscribe has RETAIN 1");
        check_eq(p->properties.subscription_identifier().value_or(0), std::uint32_t{7}, "Subscription Identifier");
    }

    // Subscribing again: Retain Handling 0 sends the retained message again, 1 does not (not new).
    const std::array<mqtt5::subscription, 2> again{{subs[0], subs[1]}};
    const auto again_id = sub->send(mqtt5::subscribe{.properties = built(sp, "SUBSCRIBE"), .subscriptions = again});
    got = until_pingresp(*sub);
    expect_suback(got, again_id, {mqtt5::reason_code::granted_qos_1, mqtt5::reason_code::granted_qos_1});
    check(topics_of(got) == std::vector<std::string>{t0}, "re-subscribing: only Retain Handling 0 resends the retained message");

    // No Local: our own message on t0 does not come back; on t1 (No Local 0) it does.
    sub->send(mqtt5::publish{.topic = t0, .payload = bytes_of("own 0")});
    sub->send(mqtt5::publish{.topic = t1, .payload = bytes_of("own 1")});
    got = until_pingresp(*sub);
    check(topics_of(got) == std::vector<std::string>{t1}, "No Local 1 suppresses our own message, No Local 0 does not");

    // Retain As Published: another client's retained message keeps RETAIN 1 on t0 (RAP 1), loses it on t1.
    publish_qos1(*pub, mqtt5::publish{.topic = t0, .payload = bytes_of("live 0"), .retain = true});
    publish_qos1(*pub, mqtt5::publish{.topic = t1, .payload = bytes_of("live 1"), .retain = true});
    got = until_pingresp(*sub);
    const auto live = publishes_in(got);
    check_eq(live.size(), std::size_t{2}, "live retained messages delivered");
    for (const auto* p : live) {
        if (p->topic == t0) check(p->retain, "Retain As Published 1 keeps RETAIN 1");
        else check(!p->retain, "Retain As Published 0 clears RETAIN");
    }
    disconnect_normally(*sub);
    disconnect_normally(*pub);
}

// PUBLISH at QoS 0, 1 and 2 with every property a client may send: the QoS 0 message sets Topic Alias 1
// with its topic, the QoS 1 and QoS 2 ones use the alias with an empty topic. QoS 1: PUBACK; QoS 2: the
// full PUBREC/PUBREL/PUBCOMP flow, on both the publishing and the subscribing side. The subscriber gets
// each message with the topic resolved, the properties intact and its Subscription Identifier.
inline void scenario_publish_qos_0_1_2(const context& ctx) {
    const std::string s = "publish_qos_0_1_2";
    auto sub = connect_plain(ctx, s, "qos-sub");
    std::array<std::byte, 32> sub_storage{};
    mqtt5::property_builder<mqtt5::place::subscribe> sp{sub_storage};
    sp.subscription_identifier(42);
    const auto pattern = ctx.topic("pub/#");
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = pattern, .max_qos = mqtt5::qos::exactly_once}}};
    sub->send(mqtt5::subscribe{.properties = built(sp, "SUBSCRIBE"), .subscriptions = filter});
    const auto suback = sub->expect<mqtt5::suback>();
    check(std::vector<mqtt5::reason_code>(suback.as<mqtt5::suback>().reason_codes.begin(), suback.as<mqtt5::suback>().reason_codes.end()) ==
              std::vector<mqtt5::reason_code>{mqtt5::reason_code::granted_qos_2},
          "SUBACK: " + suback.describe());

    auto pub = open(ctx, s, "qos-pub");
    const auto pub_id = ctx.client_id("qos-pub");
    const auto ack = handshake(*pub, mqtt5::connect{.client_id = pub_id, .keep_alive = 60, .clean_start = true});
    const auto alias_max = ack.as<mqtt5::connack>().properties.topic_alias_maximum().value_or(0);
    check(alias_max >= 1, "the broker must accept at least one Topic Alias (CONNACK Topic Alias Maximum " + std::to_string(alias_max) + ")");

    const message_properties m{};
    const auto topic = ctx.topic("pub/all-properties");
    std::array<std::byte, 256> p0{}, p12{};
    const auto with_topic = publish_properties(p0, m, 1);  // sets alias 1 -> topic
    const auto alias_only = publish_properties(p12, m, 1);
    const std::string payload0 = "{\"qos\":0}", payload1 = "{\"qos\":1}", payload2 = "{\"qos\":2}";
    pub->send(mqtt5::publish{.topic = topic, .payload = bytes_of(payload0), .properties = with_topic});
    const auto id1 = pub->send(mqtt5::publish{.topic = "", .payload = bytes_of(payload1), .qos = mqtt5::qos::at_least_once, .properties = alias_only});
    const auto id2 = pub->send(mqtt5::publish{.topic = "", .payload = bytes_of(payload2), .qos = mqtt5::qos::exactly_once, .properties = alias_only});
    const auto puback = pub->expect<mqtt5::puback>();
    check_eq(puback.as<mqtt5::puback>().packet_id, id1, "PUBACK packet id");
    check_eq(puback.as<mqtt5::puback>().reason, mqtt5::reason_code::success, "PUBACK reason");
    const auto pubrec = pub->expect<mqtt5::pubrec>();
    check_eq(pubrec.as<mqtt5::pubrec>().packet_id, id2, "PUBREC packet id");
    check_eq(pubrec.as<mqtt5::pubrec>().reason, mqtt5::reason_code::success, "PUBREC reason");
    const auto pubcomp = pub->expect<mqtt5::pubcomp>();  // the connection sent the PUBREL the layer made due
    check_eq(pubcomp.as<mqtt5::pubcomp>().packet_id, id2, "PUBCOMP packet id");
    check_eq(pubcomp.as<mqtt5::pubcomp>().reason, mqtt5::reason_code::success, "PUBCOMP reason");

    // The subscriber: three messages, in order.
    const std::array<std::string, 3> payloads{payload0, payload1, payload2};
    for (unsigned q = 0; q < 3; ++q) {
        const auto got = sub->expect<mqtt5::publish>();
        const auto& p = got.as<mqtt5::publish>();
        const auto what = "delivered QoS " + std::to_string(q) + " message";
        check_eq(p.topic, std::string_view{topic}, what + ": topic (alias resolved by the broker)");
        check_eq(static_cast<unsigned>(p.qos), q, what + ": QoS");
        check_eq(chars_of(p.payload), std::string_view{payloads[q]}, what + ": payload");
        check(!p.retain, what + ": RETAIN");
        check_message_properties(p, m, {42}, what);
        if (p.qos == mqtt5::qos::exactly_once) {  // PUBREC went out with the PUBLISH, PUBCOMP goes with the PUBREL
            const auto rel = sub->expect<mqtt5::pubrel>();
            check_eq(rel.as<mqtt5::pubrel>().packet_id, p.packet_id, "PUBREL packet id");
            check_eq(rel.as<mqtt5::pubrel>().reason, mqtt5::reason_code::success, "PUBREL reason");
        }
    }
    check(until_pingresp(*sub).empty(), "nothing else delivered");
    disconnect_normally(*pub);
    disconnect_normally(*sub);
}

// A retained message with properties, delivered to a later subscriber with RETAIN 1, its properties and
// the new subscription's identifier; then deleted with an empty retained message.
inline void scenario_retained(const context& ctx) {
    const std::string s = "retained";
    auto pub = connect_plain(ctx, s, "retain-pub");
    const message_properties m{.payload_format_indicator = 0, .message_expiry_interval = 600, .content_type = "application/octet-stream"};
    std::array<std::byte, 256> storage{};
    const auto topic = ctx.topic("retained/state");
    const std::array<std::byte, 4> payload{std::byte{0x00}, std::byte{0xFF}, std::byte{0x10}, std::byte{0x80}};
    publish_qos1(*pub, mqtt5::publish{.topic = topic, .payload = payload, .retain = true, .properties = publish_properties(storage, m)});

    auto sub = connect_plain(ctx, s, "retain-sub");
    std::array<std::byte, 32> sub_storage{};
    mqtt5::property_builder<mqtt5::place::subscribe> sp{sub_storage};
    sp.subscription_identifier(9);
    const auto pattern = ctx.topic("retained/#");
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = pattern, .max_qos = mqtt5::qos::at_least_once}}};
    sub->send(mqtt5::subscribe{.properties = built(sp, "SUBSCRIBE"), .subscriptions = filter});
    const auto got = until_pingresp(*sub);
    const auto pubs = publishes_in(got);
    check_eq(pubs.size(), std::size_t{1}, "retained messages delivered");
    const auto& p = *pubs[0];
    check_eq(p.topic, std::string_view{topic}, "retained topic");
    check(p.retain, "retained message has RETAIN 1");
    check_eq(p.qos, mqtt5::qos::at_least_once, "retained message QoS");
    check_bytes(p.payload, payload, "retained payload");
    check_message_properties(p, m, {9}, "retained message");

    // Delete it: an empty retained message (delivered live, RETAIN 0 since Retain As Published is 0).
    publish_qos1(*pub, mqtt5::publish{.topic = topic, .retain = true});
    const auto deleted = until_pingresp(*sub);
    const auto live = publishes_in(deleted);
    check(live.size() == 1 && live[0]->payload.empty() && !live[0]->retain, "the empty retained message is delivered live, RETAIN 0");
    auto late = connect_plain(ctx, s, "retain-late");
    const std::array<mqtt5::subscription, 1> late_filter{{{.topic_filter = topic}}};
    late->send(mqtt5::subscribe{.subscriptions = late_filter});
    const auto after = until_pingresp(*late);
    check(publishes_in(after).empty(), "an empty retained message deletes the retained message");
    disconnect_normally(*late);
    disconnect_normally(*sub);
    disconnect_normally(*pub);
}

// UNSUBSCRIBE (with a User Property) of one existing and one unknown filter: UNSUBACK 0x00 and 0x11; the
// remaining subscription still delivers, the removed one no more. PINGREQ/PINGRESP on the way.
inline void scenario_unsubscribe(const context& ctx) {
    const std::string s = "unsubscribe";
    auto c = connect_plain(ctx, s, "unsub");
    const auto a = ctx.topic("unsub/a"), b = ctx.topic("unsub/b"), none = ctx.topic("unsub/none");
    const std::array<mqtt5::subscription, 2> subs{{{.topic_filter = a}, {.topic_filter = b}}};
    c->send(mqtt5::subscribe{.subscriptions = subs});
    (void)c->expect<mqtt5::suback>();

    std::array<std::byte, 64> storage{};
    mqtt5::property_builder<mqtt5::place::unsubscribe> up{storage};
    up.user_property("reason", "interop");
    const std::array<std::string_view, 2> filters{a, none};
    const auto unsub_id = c->send(mqtt5::unsubscribe{.properties = built(up, "UNSUBSCRIBE"), .topic_filters = filters});
    const auto ack = c->expect<mqtt5::unsuback>();
    const auto& unsuback = ack.as<mqtt5::unsuback>();
    check_eq(unsuback.packet_id, unsub_id, "UNSUBACK packet id");
    const std::vector<mqtt5::reason_code> rcs(unsuback.reason_codes.begin(), unsuback.reason_codes.end());
    check(rcs == std::vector<mqtt5::reason_code>{mqtt5::reason_code::success, mqtt5::reason_code::no_subscription_existed},
          "UNSUBACK reason codes (0x00, 0x11): " + ack.describe());

    c->send(mqtt5::publish{.topic = a, .payload = bytes_of("to a")});
    c->send(mqtt5::publish{.topic = b, .payload = bytes_of("to b")});
    const auto got = until_pingresp(*c);
    const auto pubs = publishes_in(got);
    check(pubs.size() == 1 && pubs[0]->topic == b, "after UNSUBSCRIBE only the remaining subscription delivers");
    disconnect_normally(*c);
}

// DISCONNECT with reason code 0x04 (Disconnect with Will Message) and properties (Session Expiry
// Interval, Reason String, User Property): the broker closes the connection and publishes the Will.
inline void scenario_disconnect_with_will(const context& ctx) {
    const std::string s = "disconnect_with_will";
    auto watcher = connect_plain(ctx, s, "dc-watcher");
    const auto will_topic = ctx.topic("dc/will");
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = will_topic, .max_qos = mqtt5::qos::at_least_once}}};
    watcher->send(mqtt5::subscribe{.subscriptions = filter});
    (void)watcher->expect<mqtt5::suback>();

    auto c = open(ctx, s, "dc-client");
    std::array<std::byte, 32> cs{};
    mqtt5::property_builder<mqtt5::place::connect> cp{cs};
    cp.session_expiry_interval(60);
    const auto id = ctx.client_id("dc-client");
    handshake(*c, mqtt5::connect{.client_id = id,
                                 .keep_alive = 60,
                                 .clean_start = true,
                                 .properties = built(cp, "CONNECT"),
                                 .will = mqtt5::will_message{.topic = will_topic, .payload = bytes_of("asked for"), .qos = mqtt5::qos::at_least_once}});
    std::array<std::byte, 128> ds{};
    mqtt5::property_builder<mqtt5::place::disconnect> dp{ds};
    dp.session_expiry_interval(0).reason_string("interop: disconnect with will").user_property("bye", "now");
    c->send(mqtt5::disconnect{.reason = mqtt5::reason_code::disconnect_with_will_message, .properties = built(dp, "DISCONNECT")});
    check(c->wait_closed(), "the broker closes the connection after DISCONNECT");

    const auto will = watcher->expect<mqtt5::publish>();
    const auto& p = will.as<mqtt5::publish>();
    check_eq(p.topic, std::string_view{will_topic}, "Will topic");
    check_eq(chars_of(p.payload), std::string_view{"asked for"}, "Will payload");
    disconnect_normally(*watcher);
}

// The Will, with every Will property, published when a client's socket closes without DISCONNECT; a
// second client subscribed to the Will topic receives it with the properties.
inline void scenario_will_on_abnormal_close(const context& ctx) {
    const std::string s = "will_on_abnormal_close";
    auto watcher = connect_plain(ctx, s, "will-watcher");
    std::array<std::byte, 32> ss{};
    mqtt5::property_builder<mqtt5::place::subscribe> sp{ss};
    sp.subscription_identifier(5);
    const auto pattern = ctx.topic("will/#");
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = pattern, .max_qos = mqtt5::qos::at_least_once}}};
    watcher->send(mqtt5::subscribe{.properties = built(sp, "SUBSCRIBE"), .subscriptions = filter});
    (void)watcher->expect<mqtt5::suback>();

    const message_properties m{.payload_format_indicator = 1,
                               .message_expiry_interval = 300,
                               .content_type = "text/plain; charset=utf-8",
                               .response_topic = "interop/will/ack",
                               .correlation_data = "will-42",
                               .user = {{"last", "words"}, {"last", "again"}}};
    std::array<std::byte, 256> ws{};
    mqtt5::property_builder<mqtt5::place::will> wp{ws};
    wp.will_delay_interval(1)
        .payload_format_indicator(m.payload_format_indicator)
        .message_expiry_interval(m.message_expiry_interval)
        .content_type(m.content_type)
        .response_topic(m.response_topic)
        .correlation_data(bytes_of(m.correlation_data));
    for (const auto& [k, v] : m.user) wp.user_property(k, v);
    auto victim = open(ctx, s, "will-victim");
    const auto id = ctx.client_id("will-victim");
    const auto will_topic = ctx.topic("will/victim");
    handshake(*victim, mqtt5::connect{.client_id = id,
                                      .keep_alive = 60,
                                      .clean_start = true,
                                      .will = mqtt5::will_message{.topic = will_topic,
                                                                  .payload = bytes_of("victim went away \xE2\x9A\xA0"),
                                                                  .qos = mqtt5::qos::at_least_once,
                                                                  .properties = built(wp, "Will")}});
    victim->close();  // no DISCONNECT

    const auto will = watcher->expect<mqtt5::publish>(milliseconds{10000});  // Will Delay Interval 1 s at most
    const auto& p = will.as<mqtt5::publish>();
    check_eq(p.topic, std::string_view{will_topic}, "Will topic");
    check_eq(p.qos, mqtt5::qos::at_least_once, "Will QoS");
    check(!p.retain, "Will RETAIN");
    check_eq(chars_of(p.payload), std::string_view{"victim went away \xE2\x9A\xA0"}, "Will payload");
    check_message_properties(p, m, {5}, "Will message");
    disconnect_normally(*watcher);
}

// A second connection with the same Client Identifier takes the session over: the broker closes the first
// one. [MQTT-3.1.4-3] has it send DISCONNECT 0x8E (Session taken over) first; mosquitto 2.0.11 closes the
// socket without it, so a DISCONNECT is checked when one arrives and its absence is only reported.
inline void scenario_session_taken_over(const context& ctx) {
    const std::string s = "session_taken_over";
    auto first = connect_plain(ctx, s, "takeover");
    auto second = connect_plain(ctx, s, "takeover");
    bool closed = false;
    try {
        const auto dc = first->receive();
        check_eq(dc.as<mqtt5::disconnect>().reason, mqtt5::reason_code::session_taken_over, "DISCONNECT reason from the broker");
    } catch (const peer_closed&) {
        closed = true;
        if (ctx.log != nullptr) *ctx.log << "note: the broker closed the taken-over connection without DISCONNECT 0x8E\n";
    }
    if (!closed) check(first->wait_closed(), "the broker closes the old connection");
    second->send(mqtt5::pingreq{});
    (void)second->expect<mqtt5::pingresp>();
    disconnect_normally(*second);
}

// A refusal: CONNECT with an Authentication Method the broker does not support gets CONNACK 0x8C (Bad
// authentication method), and the connection is closed.
inline void scenario_bad_authentication_method(const context& ctx) {
    auto c = open(ctx, "bad_authentication_method", "bad-auth");
    std::array<std::byte, 64> storage{};
    mqtt5::property_builder<mqtt5::place::connect> cp{storage};
    cp.authentication_method("SCRAM-SHA-1").authentication_data(bytes_of("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
    const auto id = ctx.client_id("bad-auth");
    c->send(mqtt5::connect{.client_id = id, .keep_alive = 60, .clean_start = true, .properties = built(cp, "CONNECT")});
    const auto ack = c->expect<mqtt5::connack>();
    check_eq(ack.as<mqtt5::connack>().reason, mqtt5::reason_code::bad_authentication_method, "CONNACK reason");
    check_eq(ack.as<mqtt5::connack>().session_present, false, "CONNACK Session Present");
    check(c->wait_closed(), "the broker closes the connection after refusing it");
}

// ---- scenarios for every version (3.1, 3.1.1, v5) --------------------------------------------------------

// What every version has: CONNECT (User Name and Password), SUBSCRIBE at QoS 1 and 2, PUBLISH at QoS 0, 1
// and 2 with the full handshake in both directions (publisher -> broker, broker -> subscriber),
// UNSUBSCRIBE (nothing delivered after it), PINGREQ/PINGRESP, DISCONNECT. No properties, so the same code
// runs at ctx.version 3, 4 and 5.
inline void scenario_basic_session(const context& ctx) {
    const std::string s = "basic_session";
    auto sub = open(ctx, s, "b-sub");
    const auto sub_id = ctx.client_id("b-sub");
    const auto ack = handshake(*sub, mqtt5::connect{.client_id = sub_id, .keep_alive = 60, .clean_start = true,
                                                    .username = "basic-user", .password = bytes_of("basic-password")});
    check_eq(ack.as<mqtt5::connack>().session_present, false, "CONNACK Session Present after a clean session");
    const auto topic = ctx.topic("basic/t"), other = ctx.topic("basic/other"), wildcard = ctx.topic("basic/+");
    const std::array<mqtt5::subscription, 2> filters{{{.topic_filter = wildcard, .max_qos = mqtt5::qos::exactly_once},
                                                      {.topic_filter = other, .max_qos = mqtt5::qos::at_least_once}}};
    sub->send(mqtt5::subscribe{.subscriptions = filters});
    const auto suback = sub->expect<mqtt5::suback>();
    const std::vector<mqtt5::reason_code> granted(suback.as<mqtt5::suback>().reason_codes.begin(), suback.as<mqtt5::suback>().reason_codes.end());
    check(granted == std::vector<mqtt5::reason_code>{mqtt5::reason_code::granted_qos_2, mqtt5::reason_code::granted_qos_1},
          "SUBACK grants QoS 2 and 1: " + suback.describe());

    auto pub = open(ctx, s, "b-pub");
    const auto pub_id = ctx.client_id("b-pub");
    handshake(*pub, mqtt5::connect{.client_id = pub_id, .keep_alive = 60, .clean_start = true});
    const std::array<std::string, 3> payloads{"basic qos 0", "basic qos 1", "basic qos 2"};
    pub->send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[0])});
    const auto id1 = pub->send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[1]), .qos = mqtt5::qos::at_least_once});
    const auto puback = pub->expect<mqtt5::puback>();
    check_eq(puback.as<mqtt5::puback>().packet_id, id1, "PUBACK packet id");
    const auto id2 = pub->send(mqtt5::publish{.topic = topic, .payload = bytes_of(payloads[2]), .qos = mqtt5::qos::exactly_once});
    const auto pubrec = pub->expect<mqtt5::pubrec>();
    check_eq(pubrec.as<mqtt5::pubrec>().packet_id, id2, "PUBREC packet id");
    const auto pubcomp = pub->expect<mqtt5::pubcomp>();
    check_eq(pubcomp.as<mqtt5::pubcomp>().packet_id, id2, "PUBCOMP packet id");

    for (unsigned q = 0; q < 3; ++q) {
        const auto got = sub->expect<mqtt5::publish>();
        const auto& p = got.as<mqtt5::publish>();
        const auto what = "delivered QoS " + std::to_string(q) + " message";
        check_eq(p.topic, std::string_view{topic}, what + ": topic");
        check_eq(static_cast<unsigned>(p.qos), q, what + ": QoS");
        check_eq(chars_of(p.payload), std::string_view{payloads[q]}, what + ": payload");
        check(!p.retain && !p.dup, what + ": RETAIN and DUP 0");
        if (p.qos == mqtt5::qos::exactly_once)
            check_eq(sub->expect<mqtt5::pubrel>().as<mqtt5::pubrel>().packet_id, p.packet_id, "PUBREL packet id");
    }

    const std::array<std::string_view, 1> gone{filters[0].topic_filter};
    const auto unsub_id = sub->send(mqtt5::unsubscribe{.topic_filters = gone});
    const auto unsuback = sub->expect<mqtt5::unsuback>();
    check_eq(unsuback.as<mqtt5::unsuback>().packet_id, unsub_id, "UNSUBACK packet id");
    // 3.1.1 and 3.1: UNSUBACK has no payload; v5: one reason code per filter.
    check_eq(unsuback.as<mqtt5::unsuback>().reason_codes.size(), std::size_t{ctx.version == mqtt5::protocol_version::v5 ? 1u : 0u},
             "UNSUBACK reason codes");
    pub->send(mqtt5::publish{.topic = topic, .payload = bytes_of("after unsubscribe")});
    pub->send(mqtt5::publish{.topic = other, .payload = bytes_of("still subscribed")});
    pub->send(mqtt5::pingreq{});
    (void)pub->expect<mqtt5::pingresp>();
    const auto after = until_pingresp(*sub);
    const auto pubs = publishes_in(after);
    check(pubs.size() == 1 && pubs[0]->topic == other, "after UNSUBSCRIBE only the remaining subscription delivers");
    disconnect_normally(*pub);
    disconnect_normally(*sub);
}

// A Will (QoS 1, with RETAIN 0) published when a client's socket closes without DISCONNECT; a watcher
// subscribed to its topic receives it. At every version (no Will properties).
inline void scenario_basic_will(const context& ctx) {
    const std::string s = "basic_will";
    auto watcher = open(ctx, s, "bw-watch");
    const auto watcher_id = ctx.client_id("bw-watch");
    handshake(*watcher, mqtt5::connect{.client_id = watcher_id, .keep_alive = 60, .clean_start = true});
    const auto will_topic = ctx.topic("basic/will");
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = will_topic, .max_qos = mqtt5::qos::at_least_once}}};
    watcher->send(mqtt5::subscribe{.subscriptions = filter});
    (void)watcher->expect<mqtt5::suback>();

    constexpr std::string_view payload{"basic will \x00\xFF", 13};  // binary: 3.1.1 Will Message is not a string
    auto victim = open(ctx, s, "bw-victim");
    const auto id = ctx.client_id("bw-victim");
    handshake(*victim, mqtt5::connect{.client_id = id,
                                      .keep_alive = 60,
                                      .clean_start = true,
                                      .will = mqtt5::will_message{.topic = will_topic, .payload = bytes_of(payload),
                                                                  .qos = mqtt5::qos::at_least_once}});
    victim->close();  // no DISCONNECT

    const auto will = watcher->expect<mqtt5::publish>(milliseconds{10000});
    const auto& p = will.as<mqtt5::publish>();
    check_eq(p.topic, std::string_view{will_topic}, "Will topic");
    check_eq(p.qos, mqtt5::qos::at_least_once, "Will QoS");
    check(!p.retain, "Will RETAIN");
    check_bytes(p.payload, bytes_of(payload), "Will payload");
    disconnect_normally(*watcher);
}

// Resend after a reconnect: a QoS 1 PUBLISH whose PUBACK is never read, the socket closed, a new CONNECT
// with Clean Start 0 and the Session; on CONNACK Session Present 1 the connection sends what the layer says
// is due again (the PUBLISH, same Packet Identifier, DUP 1) [MQTT-4.4.0-1], and the broker acknowledges it.
inline void scenario_resend_after_reconnect(const context& ctx) {
    auto c = open(ctx, "resend_after_reconnect", "resend");
    std::array<std::byte, 16> storage{};
    mqtt5::property_builder<mqtt5::place::connect> cp{storage};
    cp.session_expiry_interval(60);
    const auto id = ctx.client_id("resend");
    const auto topic = ctx.topic("resend/t");
    const mqtt5::connect first{.client_id = id, .keep_alive = 60, .clean_start = true, .properties = built(cp, "CONNECT")};
    handshake(*c, first);
    const auto packet_id = c->send(mqtt5::publish{.topic = topic, .payload = bytes_of("sent twice"), .qos = mqtt5::qos::at_least_once});
    c->close();  // before the PUBACK is read: the exchange stays in the layer's Session State
    check_eq(c->layer().outbound().size(), std::size_t{1}, "exchanges open after the close");
    c->connect(ctx.host, ctx.port);
    auto again = first;
    again.clean_start = false;
    const auto ack = handshake(*c, again);
    check(ack.as<mqtt5::connack>().session_present, "CONNACK Session Present 1");
    const auto puback = c->expect<mqtt5::puback>();
    check_eq(puback.as<mqtt5::puback>().packet_id, packet_id, "PUBACK of the PUBLISH sent again");
    check(c->layer().outbound().empty(), "no exchange open after the PUBACK");
    disconnect_normally(*c);
}

struct scenario {
    std::string_view name{};
    void (*run)(const context&){};
    bool every_version{};  // runs at 3.1 and 3.1.1 too (the others need v5)
};

inline constexpr std::array<scenario, 12> all_scenarios{{
    {"connect_all_properties", scenario_connect_all_properties},
    {"subscribe_options", scenario_subscribe_options},
    {"publish_qos_0_1_2", scenario_publish_qos_0_1_2},
    {"retained", scenario_retained},
    {"unsubscribe", scenario_unsubscribe},
    {"disconnect_with_will", scenario_disconnect_with_will},
    {"will_on_abnormal_close", scenario_will_on_abnormal_close},
    {"session_taken_over", scenario_session_taken_over},
    {"bad_authentication_method", scenario_bad_authentication_method},
    {"resend_after_reconnect", scenario_resend_after_reconnect},
    {"basic_session", scenario_basic_session, true},
    {"basic_will", scenario_basic_will, true},
}};

}  // namespace interop
