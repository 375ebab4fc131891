// Helpers for the connection-layer tests (tests/unit/session_*_test.cpp): a Client and a Server connection
// joined by a link that encodes each packet the sender's layer accepted and decodes it as the receiver would,
// so the receiver sees real bytes and real sizes. Versions the codec cannot encode yet pass the value as is.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

#include "mqtt5.hpp"

namespace session_test {

using namespace mqtt5;

constexpr session_capacity test_capacity{8, 16, 8, 256, 8, 256, 512, 64, 32};
using client_t = client_connection<test_capacity>;
using server_t = server_connection<test_capacity>;
constexpr auto v5 = protocol_version::v5;
constexpr auto v311 = protocol_version::v311;

// Storage that outlives the packets of a test (packets are views).
inline std::deque<std::vector<std::byte>>& storage() {
    static std::deque<std::vector<std::byte>> s;
    if (s.size() > 4096) s.pop_front();
    return s;
}
inline std::span<std::byte> scratch(std::size_t n = 1024) { return storage().emplace_back(n); }

template <place P, class F> property_block<P> props(F&& fill) {
    property_builder<P> b{scratch()};
    fill(b);
    auto r = b.build();
    EXPECT_TRUE(r) << to_string(r.error().code);
    return *r;
}

inline std::string name(errc e) { return std::string{to_string(e)}; }
template <class T> std::string name(const result<T>& r) { return r ? std::string{"ok"} : name(r.error().code); }

// Encodes `p` as `version` and decodes it as a receiver that knows the sender's role. When the codec cannot
// encode that version (yet), the value goes through unchanged with a nominal size.
template <class P> std::pair<P, std::size_t> over_the_wire(const P& p, role sender, protocol_version version) {
    const encode_options eo{version};
    auto n = encoded_size(p, eo);
    if (!n && n.error().code == errc::protocol_level_4_not_implemented) return {p, 2};
    EXPECT_TRUE(n) << name(n);
    if (!n) return {p, 0};
    auto& buf = storage().emplace_back(*n);
    auto w = encode(p, buf, eo);
    EXPECT_TRUE(w) << name(w);
    decode_options o{};
    o.version = version;
    o.sender = sender;
    auto d = decode<P>(buf, o);
    EXPECT_TRUE(d) << name(d);
    return {*d, *n};
}

// A connection object refuses to announce a Receive Maximum above its in-flight capacity, and an absent one
// means 65,535. The helpers below give a v5 CONNECT / CONNACK without one a Receive Maximum of 8 (the tests that
// are about Receive Maximum set their own), and take the properties off for 3.1.1, which has none.
template <place P> property_block<P> with_receive_maximum(const property_block<P>& in) {
    if (in.receive_maximum()) return in;
    property_builder<P> b{scratch()};
    for (const auto prop : in) b.add(prop);
    b.receive_maximum(8);
    auto r = b.build();
    EXPECT_TRUE(r) << to_string(r.error().code);
    return *r;
}
template <class P> void adapt_for(P& p, protocol_version version) {
    if constexpr (std::is_same_v<P, connect> || std::is_same_v<P, connack>) {
        if (version == protocol_version::v5) p.properties = with_receive_maximum(p.properties);
        else p.properties = {};
    }
}

struct pair {
    protocol_version version{v5};
    client_t client;
    server_t server;
    millis now{0};

    explicit pair(protocol_version v = v5, connection_options client_options = {}, connection_options server_options = {})
        : version(v), client(client_options), server(server_options) {}

    void open() {
        client.open(now, version);
        server.open(now, version);
    }
    // Client sends p; the Server receives what went over the wire.
    template <class P> result<received> c2s(P& p) {
        adapt_for(p, version);
        auto n = client.send(p, now);
        if (!n) return n.error();
        auto [q, size] = over_the_wire(p, role::client, version);
        return server.receive(q, size, now);
    }
    template <class P> result<received> s2c(P& p) {
        adapt_for(p, version);
        auto n = server.send(p, now);
        if (!n) return n.error();
        auto [q, size] = over_the_wire(p, role::server, version);
        return client.receive(q, size, now);
    }
    template <class P> result<received> c2s(P&& p) {
        P q = p;
        return c2s(q);
    }
    template <class P> result<received> s2c(P&& p) {
        P q = p;
        return s2c(q);
    }

    // Opens the connection and completes CONNECT / CONNACK.
    void handshake(connect c = default_connect(), connack a = {}) {
        open();
        ASSERT_EQ(name(c2s(c)), "ok");
        ASSERT_EQ(name(s2c(a)), "ok");
        ASSERT_EQ(client.state(), connection_state::connected);
        ASSERT_EQ(server.state(), connection_state::connected);
    }
    // Sends the due ack of `r` from the side that received it.
    result<received> answer_from_server(const received& r) {
        auto p = ack_packet(r.ack);
        if (!p) return make_error(errc::invalid_argument, 0);
        return std::visit([&](auto& q) { return s2c(q); }, *p);
    }
    result<received> answer_from_client(const received& r) {
        auto p = ack_packet(r.ack);
        if (!p) return make_error(errc::invalid_argument, 0);
        return std::visit([&](auto& q) { return c2s(q); }, *p);
    }

    static connect default_connect() {
        connect c{};
        c.client_id = "dev-1";
        c.clean_start = true;
        return c;
    }
};

inline connect connect_with(std::uint16_t receive_maximum, std::uint16_t topic_alias_maximum = 0) {
    auto c = pair::default_connect();
    c.properties = props<place::connect>([&](auto& b) { b.receive_maximum(receive_maximum).topic_alias_maximum(topic_alias_maximum); });
    return c;
}

inline publish make_publish(std::string_view topic, qos q = qos::at_most_once, std::uint16_t id = 0) {
    publish p{};
    p.topic = topic;
    p.qos = q;
    p.packet_id = id;
    return p;
}

inline subscribe make_subscribe(std::string_view filter, std::uint16_t id = 0) {
    static std::deque<subscription> subs;
    subs.push_back(subscription{filter, qos::at_least_once, false, false, retain_handling::send_on_subscribe});
    subscribe s{};
    s.packet_id = id;
    s.subscriptions = std::span<const subscription>(&subs.back(), 1);
    return s;
}

}  // namespace session_test
