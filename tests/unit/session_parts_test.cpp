// The building blocks of the connection layer, one at a time: negotiated limits and their defaults
// (spec/session.md parts 3 and 15), the Topic Alias map, the Packet Identifier allocator, the Receive Maximum
// quota and window, the in-flight table, the Keep Alive timer and the AUTH state.
#include <gtest/gtest.h>

#include "session_support.hpp"

namespace {

using namespace session_test;

// ---- negotiated limits (part 15: absent -> default) -------------------------------------------------------

TEST(SessionLimits, Part15_DefaultsWhenPropertiesAreAbsent) {
    const connect c{};
    const auto client = limits_of(c, v5);
    EXPECT_EQ(client.receive_maximum, 65535);
    EXPECT_EQ(client.maximum_packet_size, max_packet_size);
    EXPECT_EQ(client.topic_alias_maximum, 0);
    EXPECT_TRUE(client.request_problem_information);
    EXPECT_FALSE(client.request_response_information);
    const connack a{};
    const auto server = limits_of(a, v5);
    EXPECT_EQ(server.receive_maximum, 65535);
    EXPECT_EQ(server.maximum_qos, qos::exactly_once);
    EXPECT_TRUE(server.retain_available);
    EXPECT_TRUE(server.wildcard_subscription_available);
    EXPECT_TRUE(server.subscription_identifier_available);
    EXPECT_TRUE(server.shared_subscription_available);
    EXPECT_EQ(server.topic_alias_maximum, 0);
    negotiated_limits n{};
    connect k{};
    k.keep_alive = 60;
    n.apply(k, v5);
    n.apply(a, v5);
    EXPECT_EQ(n.keep_alive, 60);                  // [MQTT-3.2.2-22]: no Server Keep Alive
    EXPECT_EQ(n.session_expiry_interval, 0u);     // CONNECT absent: 0
}

TEST(SessionLimits, PropertiesReadFromConnectAndConnack) {
    connect c{};
    c.keep_alive = 60;
    c.properties = props<place::connect>([](auto& b) {
        b.receive_maximum(10).maximum_packet_size(2048).topic_alias_maximum(5).request_problem_information(0)
            .request_response_information(1).session_expiry_interval(300);
    });
    connack a{};
    a.properties = props<place::connack>([](auto& b) {
        b.receive_maximum(3).maximum_packet_size(1000).topic_alias_maximum(7).maximum_qos(1).retain_available(0)
            .wildcard_subscription_available(0).subscription_identifier_available(0).shared_subscription_available(0)
            .server_keep_alive(20).session_expiry_interval(100);
    });
    negotiated_limits n{};
    n.apply(c, v5);
    EXPECT_EQ(n.session_expiry_interval, 300u);
    n.apply(a, v5);
    EXPECT_EQ(n.client.receive_maximum, 10);
    EXPECT_EQ(n.client.maximum_packet_size, 2048u);
    EXPECT_EQ(n.client.topic_alias_maximum, 5);
    EXPECT_FALSE(n.client.request_problem_information);
    EXPECT_TRUE(n.client.request_response_information);
    EXPECT_EQ(n.server.receive_maximum, 3);
    EXPECT_EQ(n.server.maximum_packet_size, 1000u);
    EXPECT_EQ(n.server.topic_alias_maximum, 7);
    EXPECT_EQ(n.server.maximum_qos, qos::at_least_once);
    EXPECT_FALSE(n.server.retain_available);
    EXPECT_FALSE(n.server.wildcard_subscription_available);
    EXPECT_FALSE(n.server.subscription_identifier_available);
    EXPECT_FALSE(n.server.shared_subscription_available);
    EXPECT_EQ(n.keep_alive, 20);                     // [MQTT-3.1.2-21] [MQTT-3.2.2-21]
    EXPECT_EQ(n.session_expiry_interval, 100u);      // CONNACK replaces the CONNECT's value
    EXPECT_EQ(n.connect_session_expiry_interval, 300u);
}

TEST(SessionLimits, V311HasNoPropertiesSoEveryLimitIsTheDefault) {
    connect c{};
    c.keep_alive = 30;
    c.clean_start = false;
    negotiated_limits n{};
    n.apply(c, v311);
    EXPECT_EQ(n.client, peer_limits{});
    EXPECT_EQ(n.keep_alive, 30);
    EXPECT_EQ(n.session_expiry_interval, 0xFFFFFFFFu);  // CleanSession 0: the Session outlives the connection
    c.clean_start = true;
    n.apply(c, v311);
    EXPECT_EQ(n.session_expiry_interval, 0u);
}

// ---- Topic Alias map -----------------------------------------------------------------------------------------

TEST(SessionTopicAliasMap, AssignResolveReplaceAndCompact) {
    topic_alias_map<3, 16> m;
    EXPECT_FALSE(m.assign(0, "a"));  // alias 0 is never valid [MQTT-3.3.2-8]
    EXPECT_FALSE(m.assign(4, "a"));  // above the capacity
    EXPECT_TRUE(m.assign(1, "abcde"));
    EXPECT_TRUE(m.assign(2, "fghij"));
    EXPECT_TRUE(m.assign(3, "klmno"));
    EXPECT_EQ(m.bytes_used(), 15u);
    EXPECT_FALSE(m.assign(3, "klmnopq"));  // 17 bytes would not fit: nothing changes
    EXPECT_EQ(m.topic(3), std::optional<std::string_view>{"klmno"});
    EXPECT_TRUE(m.assign(1, "x"));  // replaced: "abcde" freed, the rest moved down
    EXPECT_EQ(m.bytes_used(), 11u);
    EXPECT_EQ(m.topic(1), std::optional<std::string_view>{"x"});
    EXPECT_EQ(m.topic(2), std::optional<std::string_view>{"fghij"});
    EXPECT_EQ(m.topic(3), std::optional<std::string_view>{"klmno"});
    EXPECT_TRUE(m.assign(2, "0123456789"));  // exactly fills the arena: 1 + 5 + 10 = 16
    EXPECT_EQ(m.bytes_used(), 16u);
    EXPECT_EQ(m.topic(3), std::optional<std::string_view>{"klmno"});
    EXPECT_EQ(m.find("klmno"), 3);
    EXPECT_EQ(m.find("klmno", 2), 0);  // outside the limit
    m.remove(3);
    EXPECT_FALSE(m.is_mapped(3));
    EXPECT_EQ(m.bytes_used(), 11u);
    m.clear();
    EXPECT_EQ(m.mapped_count(), 0u);
    EXPECT_EQ(m.topic(1), std::nullopt);
}

TEST(SessionTopicAliasMap, VictimIsFirstFreeThenLeastRecentlyUsed) {
    topic_alias_map<3, 64> m;
    EXPECT_EQ(m.victim(0), 0);
    EXPECT_EQ(m.victim(3), 1);
    m.assign(1, "a", 10);
    m.assign(2, "b", 5);
    EXPECT_EQ(m.victim(3), 3);
    m.assign(3, "c", 7);
    EXPECT_EQ(m.victim(3), 2);
    m.touch(2, 11);
    EXPECT_EQ(m.victim(3), 3);
    EXPECT_EQ(m.victim(2), 1);  // only aliases 1..2 allowed
}

// ---- Packet Identifier allocator [MQTT-2.2.1-3] [MQTT-2.2.1-4] ---------------------------------------------

TEST(SessionPacketIds, MQTT_2_2_1_3_NeverZeroNeverInUseAndWraps) {
    packet_id_allocator a;
    EXPECT_EQ(a.allocate([](std::uint16_t) { return false; }), 1);
    EXPECT_EQ(a.allocate([](std::uint16_t id) { return id == 2 || id == 3; }), 4);
    packet_id_allocator b;
    b.allocate([](std::uint16_t id) { return id != 65535; });  // jumps to 65535
    EXPECT_EQ(b.last(), 65535);
    EXPECT_EQ(b.allocate([](std::uint16_t) { return false; }), 1);  // wraps past 0
    packet_id_allocator c;
    EXPECT_EQ(c.allocate([](std::uint16_t) { return true; }), 0);  // all in use
}

// ---- flow control (§4.9) -------------------------------------------------------------------------------------

TEST(SessionFlowControl, MQTT_4_9_0_1_QuotaIsPeerReceiveMaximumCappedByCapacity) {
    send_quota q;
    q.reset(65535, 8);
    EXPECT_EQ(q.initial(), 8);
    q.reset(3, 8);
    EXPECT_EQ(q.initial(), 3);
    EXPECT_EQ(q.available(), 3);
    q.take();
    q.take();
    q.take();
    EXPECT_TRUE(q.exhausted());  // [MQTT-4.9.0-2]
    q.release();
    q.release();
    q.release();
    q.release();  // never above the initial quota (§4.9)
    EXPECT_EQ(q.available(), 3);
    q.reset(3, 8, 2);
    EXPECT_EQ(q.available(), 1);
    q.reset(3, 8, 5);
    EXPECT_EQ(q.available(), 0);
}

TEST(SessionFlowControl, ReceiveWindowFullAtItsMaximum) {
    receive_window w;
    w.reset(2);
    EXPECT_FALSE(w.full());
    w.take();
    EXPECT_FALSE(w.full());
    w.take();
    EXPECT_TRUE(w.full());
    w.release();
    EXPECT_FALSE(w.full());
    w.reset(2, 2);
    EXPECT_TRUE(w.full());
}

// ---- in-flight table -----------------------------------------------------------------------------------------

TEST(SessionInflight, TableKeepsOrderAndCapacity) {
    exchange_table<3> t;
    EXPECT_TRUE(t.push({1, exchange_state::puback_due, 0, true, false, 1}));
    EXPECT_TRUE(t.push({2, exchange_state::pubrec_due, 0, true, false, 2}));
    EXPECT_TRUE(t.push({3, exchange_state::suback_due, 2, false, false, 3}));
    EXPECT_FALSE(t.push({4, exchange_state::puback_due, 0, true, false, 4}));
    EXPECT_TRUE(t.full());
    t.erase(2);
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t.entries()[0].packet_id, 1);
    EXPECT_EQ(t.entries()[1].packet_id, 3);
    EXPECT_EQ(t.first_in(exchange_state::suback_due)->packet_id, 3);
    t.erase_if([](const exchange& e) { return !e.is_publish_exchange(); });
    ASSERT_EQ(t.size(), 1u);
    EXPECT_TRUE(t.contains(1));
    EXPECT_FALSE(t.contains(3));
}

// ---- Keep Alive timer (part 13) ------------------------------------------------------------------------------

TEST(SessionKeepAlive, MQTT_3_1_2_20_ClientPingsWhenKeepAlivePassesWithoutSending) {
    keep_alive_timer t;
    t.start(1000, 10, 0);
    EXPECT_EQ(t.client_event(10999), keep_alive_event::none);
    EXPECT_EQ(t.client_event(11000), keep_alive_event::send_pingreq);
    t.packet_sent(5000);
    EXPECT_EQ(t.client_event(14999), keep_alive_event::none);
    EXPECT_EQ(t.client_event(15000), keep_alive_event::send_pingreq);
    EXPECT_EQ(t.client_deadline(), 15000u);
    t.pingreq_sent(15000);
    // No PINGRESP within the timeout (here the Keep Alive itself): close (§3.1.2.10).
    EXPECT_EQ(t.client_event(24999), keep_alive_event::none);
    EXPECT_EQ(t.client_event(25000), keep_alive_event::timeout);
    t.pingresp_received();
    EXPECT_EQ(t.client_event(25000), keep_alive_event::send_pingreq);
}

TEST(SessionKeepAlive, MQTT_3_1_2_22_ServerTimesOutAfterOneAndAHalfKeepAlive) {
    keep_alive_timer t;
    t.start(0, 10, 0);
    EXPECT_EQ(t.server_event(15000), keep_alive_event::none);   // exactly 1.5 x: not yet
    EXPECT_EQ(t.server_event(15001), keep_alive_event::timeout);
    t.packet_received(10000);
    EXPECT_EQ(t.server_event(25000), keep_alive_event::none);
    EXPECT_EQ(t.server_event(25001), keep_alive_event::timeout);
    keep_alive_timer off;
    off.start(0, 0, 0);  // Keep Alive 0: off
    EXPECT_EQ(off.server_event(1u << 30), keep_alive_event::none);
    EXPECT_EQ(off.client_event(1u << 30), keep_alive_event::none);
}

// ---- AUTH state (part 11) ------------------------------------------------------------------------------------

TEST(SessionAuthState, TurnsAndReasonCodes) {
    authentication_state<16> a;
    EXPECT_EQ(a.check_auth(role::server, reason_code::continue_authentication, true, "SCRAM"), errc::auth_without_authentication);
    ASSERT_TRUE(a.begin("SCRAM", true));
    EXPECT_EQ(a.check_auth(role::server, reason_code::continue_authentication, true, "OTHER"), errc::authentication_method_mismatch);
    EXPECT_EQ(a.check_auth(role::server, reason_code::continue_authentication, false, ""), errc::authentication_method_mismatch);
    EXPECT_EQ(a.check_auth(role::client, reason_code::continue_authentication, true, "SCRAM"), errc::auth_reason_code_unexpected);
    EXPECT_EQ(a.check_auth(role::server, reason_code::success, true, "SCRAM"), errc::auth_reason_code_unexpected);
    EXPECT_EQ(a.check_auth(role::server, reason_code::continue_authentication, true, "SCRAM"), errc::ok);
    a.apply_auth(role::server, reason_code::continue_authentication);
    EXPECT_EQ(a.check_auth(role::client, reason_code::continue_authentication, true, "SCRAM"), errc::ok);
    a.apply_auth(role::client, reason_code::continue_authentication);
    EXPECT_EQ(a.check_connack(true, "SCRAM"), errc::ok);
    EXPECT_EQ(a.check_connack(false, ""), errc::authentication_method_mismatch);
    a.apply_connack();
    EXPECT_EQ(a.phase(), auth_phase::authenticated);
    EXPECT_EQ(a.check_auth(role::server, reason_code::continue_authentication, true, "SCRAM"), errc::auth_reason_code_unexpected);
    EXPECT_EQ(a.check_auth(role::client, reason_code::re_authenticate, true, "SCRAM"), errc::ok);
    a.apply_auth(role::client, reason_code::re_authenticate);
    EXPECT_EQ(a.phase(), auth_phase::reauthenticating);
    EXPECT_EQ(a.check_auth(role::server, reason_code::success, true, "SCRAM"), errc::ok);
    a.apply_auth(role::server, reason_code::success);
    EXPECT_EQ(a.phase(), auth_phase::authenticated);
    authentication_state<4> small;
    EXPECT_FALSE(small.begin("SCRAM", true));  // does not fit
}

}  // namespace
