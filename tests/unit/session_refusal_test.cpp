// "A packet that breaks a rule does not change the state" (issue 10): random valid packets of every type (the
// generator of random_packets.hpp) are offered to both sides of a connection, on receive and on send, in every
// phase of a connection; whenever the layer refuses one, everything it exposes must be exactly as before.
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "random_packets.hpp"
#include "session_support.hpp"

namespace {

using namespace session_test;

struct snapshot {
    connection_state state{};
    peer_limits client{}, server{};
    std::uint16_t keep_alive{};
    std::uint32_t session_expiry{};
    std::vector<exchange> outbound, inbound;
    std::uint16_t quota{}, quota_initial{};
    std::uint32_t window{};
    std::uint16_t window_max{};
    std::size_t in_aliases{}, in_alias_bytes{}, out_aliases{}, out_alias_bytes{};
    auth_phase auth{};
    bool present{}, session{}, ping{};
    millis deadline{};

    template <class C> static snapshot of(const C& c) {
        snapshot s{};
        s.state = c.state();
        s.client = c.limits().client;
        s.server = c.limits().server;
        s.keep_alive = c.limits().keep_alive;
        s.session_expiry = c.limits().session_expiry_interval;
        s.outbound.assign(c.outbound().begin(), c.outbound().end());
        s.inbound.assign(c.inbound().begin(), c.inbound().end());
        s.quota = c.quota().available();
        s.quota_initial = c.quota().initial();
        s.window = c.window().used();
        s.window_max = c.window().maximum();
        s.in_aliases = c.inbound_aliases().mapped_count();
        s.in_alias_bytes = c.inbound_aliases().bytes_used();
        s.out_aliases = c.outbound_aliases().mapped_count();
        s.out_alias_bytes = c.outbound_aliases().bytes_used();
        s.auth = c.authentication();
        s.present = c.session_present();
        s.session = c.has_session();
        s.ping = c.keep_alive().ping_outstanding();
        s.deadline = c.next_deadline();
        return s;
    }
    static bool same(const std::vector<exchange>& a, const std::vector<exchange>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].packet_id != b[i].packet_id || a[i].state != b[i].state || a[i].filter_count != b[i].filter_count ||
                a[i].counted != b[i].counted || a[i].resend != b[i].resend || a[i].sequence != b[i].sequence)
                return false;
        return true;
    }
    friend bool operator==(const snapshot& a, const snapshot& b) {
        return a.state == b.state && a.client == b.client && a.server == b.server && a.keep_alive == b.keep_alive &&
               a.session_expiry == b.session_expiry && same(a.outbound, b.outbound) && same(a.inbound, b.inbound) &&
               a.quota == b.quota && a.quota_initial == b.quota_initial && a.window == b.window && a.window_max == b.window_max &&
               a.in_aliases == b.in_aliases && a.in_alias_bytes == b.in_alias_bytes && a.out_aliases == b.out_aliases &&
               a.out_alias_bytes == b.out_alias_bytes && a.auth == b.auth && a.present == b.present && a.session == b.session &&
               a.ping == b.ping && a.deadline == b.deadline;
    }
};

TEST(SessionRefusal, RefusedPacketsChangeNothing) {
    auto arena = std::make_unique<mqtt5_gen::packet_arena>();
    std::size_t refused = 0, accepted = 0;
    for (std::uint64_t seed = 1; seed <= 60 && !HasFailure(); ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 rng{seed};
        mqtt5_gen::packet_generator gen{seed};
        connection_options lru{};
        lru.outbound_aliases = topic_alias_policy::least_recently_used;
        pair t{v5, lru, lru};
        // Some phases: before CONNECT, between CONNECT and CONNACK, connected with traffic in flight.
        const auto phase = rng() % 3;
        t.open();
        if (phase >= 1) {
            ASSERT_TRUE(t.c2s(connect_with(4, 4)));
        }
        if (phase == 2) {
            connack a{};
            a.properties = props<place::connack>([](auto& b) { b.receive_maximum(3).topic_alias_maximum(3).maximum_qos(1); });
            ASSERT_TRUE(t.s2c(a));
            ASSERT_TRUE(t.c2s(make_publish("a/b", qos::at_least_once)));
            ASSERT_TRUE(t.s2c(make_publish("c/d", qos::exactly_once)));
            ASSERT_TRUE(t.c2s(make_subscribe("x/+")));
        }
        for (int i = 0; i < 300; ++i) {
            packet p = gen.make_any(*arena);
            // Steer part of the traffic into the connection's own numbers: small Packet Identifiers that collide
            // with the exchanges in flight, Topic Aliases within and just above the maximum.
            std::visit([&](auto& x) {
                if constexpr (requires { x.packet_id; }) {
                    if (x.packet_id != 0 && rng() % 2 == 0) x.packet_id = static_cast<std::uint16_t>(1 + rng() % 6);
                }
            }, p);
            if (auto* pub = std::get_if<publish>(&p); pub != nullptr && rng() % 2 == 0) {
                const auto alias = static_cast<std::uint16_t>(1 + rng() % 5);
                pub->properties = props<place::publish>([&](auto& b) { b.topic_alias(alias); });
                if (rng() % 3 == 0) pub->topic = {};
            }
            const auto size = encoded_size(p);
            if (!size) continue;
            const bool to_client = rng() % 2 == 0;
            const bool receive = rng() % 2 == 0;
            const auto before = to_client ? snapshot::of(t.client) : snapshot::of(t.server);
            bool ok = false;
            errc why{};
            if (receive) {
                auto r = to_client ? t.client.receive(p, *size, t.now) : t.server.receive(p, *size, t.now);
                ok = r.has_value();
                if (!ok) why = r.error().code;
            } else {
                packet q = p;
                auto n = to_client ? t.client.send(q, t.now) : t.server.send(q, t.now);
                ok = n.has_value();
                if (!ok) why = n.error().code;
                if (!ok) {
                    EXPECT_EQ(type_of(q), type_of(p));
                }
            }
            const auto after = to_client ? snapshot::of(t.client) : snapshot::of(t.server);
            if (ok) {
                ++accepted;
            } else {
                ++refused;
                EXPECT_TRUE(before == after) << "refused " << to_string(type_of(p)) << " (" << to_string(why) << ") on "
                                             << (receive ? "receive" : "send") << " by the " << (to_client ? "Client" : "Server")
                                             << " changed its state";
            }
            // Keep the two sides usable: a side that ended starts a new connection.
            if (t.client.state() == connection_state::ended || t.server.state() == connection_state::ended) {
                t.client.close(t.now);
                t.server.close(t.now);
                t.open();
                ASSERT_TRUE(t.c2s(connect_with(4, 4)));
                ASSERT_TRUE(t.s2c(connack{}));
            }
            t.now += rng() % 500;
        }
    }
    EXPECT_GT(refused, 5000u);
    EXPECT_GT(accepted, 500u);
    std::printf("refusal: %zu refused without a change, %zu accepted\n", refused, accepted);
}

}  // namespace
