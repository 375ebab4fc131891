// AWS IoT Core Device Advisor's MQTT test cases (shared/docs/device-advisor.md), played locally: the
// example device (examples/device_advisor/device.hpp) talks to mosquitto through fault_proxy.hpp, which
// misbehaves as each test case's endpoint does. One GoogleTest test per test case, named after it; each
// asserts the device's behaviour on the wire, as the proxy saw it. Short Keep Alive, timeouts and backoff
// bases keep each scenario within a few seconds.
#include "device.hpp"
#include "fault_proxy.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <iostream>
#include <random>
#include <sstream>

namespace {

using namespace device_advisor_test;
using device_advisor::backoff;
using device_advisor::backoff_policy;
using device_advisor::event_kind;
using mqtt5::packet_type;

constexpr std::uint32_t jitter_seed = 20240611;  // any fixed seed: the delays are known in advance

// A device, a broker and the proxy between them, for one scenario.
class device_advisor : public ::testing::Test {
protected:
    void SetUp() override { broker_.start(); }

    // The proxy's transcript always (ctest -V shows it); the device's log, every packet in hex, on a failure.
    void TearDown() override {
        if (HasFailure()) std::cout << "--- the device's log:\n" << log_.str();
        std::cout << "--- the proxy's transcript:\n" << (proxy_ ? proxy_->transcript() : std::string("(no proxy)\n"));
        if (proxy_ && !proxy_->error().empty()) std::cout << "proxy error: " << proxy_->error() << "\n";
    }

    // Starts the proxy with this scenario's rule.
    void start_proxy(rule r = {}) { proxy_ = std::make_unique<fault_proxy>(broker_.port(), std::move(r)); }

    ::device_advisor::device_options options() const {
        return {.port = proxy_->port(),
                .client_id = client_id_,
                .keep_alive_s = 60,
                .connack_timeout = milliseconds{200},
                .ack_timeout = milliseconds{300},
                .session_expiry_s = 60,
                .stable_after = milliseconds{10000},
                .backoff = {.base = milliseconds{100}, .cap = milliseconds{5000}, .max_retries = 8},
                .subscriptions = {command_topic_}};
    }

    std::unique_ptr<::device_advisor::device> make_device(const ::device_advisor::device_options& o) {
        return std::make_unique<::device_advisor::device>(o, [this] { return static_cast<std::uint32_t>(engine_()); }, &log_);
    }

    // The delays a device with this policy and this project's seed draws, computed apart from the device.
    static std::vector<long> expected_delays(const backoff_policy& policy, std::size_t n) {
        std::mt19937 twin{jitter_seed};
        backoff b{policy, [&twin] { return static_cast<std::uint32_t>(twin()); }};
        std::vector<long> out;
        for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<long>(b.next().count()));
        return out;
    }

    // A second client, straight to the broker (not through the proxy).
    std::unique_ptr<interop::connection> other_client(const std::string& name) {
        auto c = std::make_unique<interop::connection>(name, &log_);
        c->connect("127.0.0.1", broker_.port());
        c->send(mqtt5::connect{.client_id = client_id_ + "-" + name, .keep_alive = 30, .clean_start = true});
        (void)c->expect<mqtt5::connack>();
        return c;
    }
    void publish_from_other(const std::string& payload) {
        auto c = other_client("publisher");
        const auto id = c->send(mqtt5::publish{.topic = command_topic_, .payload = interop::bytes_of(payload), .qos = mqtt5::qos::at_least_once});
        const auto ack = c->expect<mqtt5::puback>();
        EXPECT_EQ(ack.as<mqtt5::puback>().packet_id, id);
        c->send(mqtt5::disconnect{});
    }

    std::vector<seen_packet> packets(int connection, side from) const {
        std::vector<seen_packet> out;
        for (auto& p : proxy_->packets())
            if (p.connection == connection && p.from == from) out.push_back(p);
        return out;
    }
    std::vector<seen_packet> packets_of(packet_type t, side from) const {
        std::vector<seen_packet> out;
        for (auto& p : proxy_->packets())
            if (p.type == t && p.from == from) out.push_back(p);
        return out;
    }
    // From the end of connection k (1-based) to the start of connection k + 1, for every k.
    std::vector<long> reconnect_gaps() const { return intervals_to_next_start(&connection_record::ended); }
    // From the start of connection k (1-based) to the start of connection k + 1: it holds the whole failed
    // attempt and then the backoff wait, so it can never be shorter than the wait. (The end of a connection is
    // seen by the proxy's thread, which on a loaded machine may record it some milliseconds after the device
    // began its wait: close-to-connect gaps can then read a little under the wait.)
    std::vector<long> connect_intervals() const { return intervals_to_next_start(&connection_record::accepted); }
    template <class Member> std::vector<long> intervals_to_next_start(Member from) const {
        const auto c = proxy_->connections();
        std::vector<long> out;
        for (std::size_t k = 0; k + 1 < c.size(); ++k)
            out.push_back(static_cast<long>(std::chrono::duration_cast<milliseconds>(c[k + 1].accepted - c[k].*from).count()));
        return out;
    }
    std::vector<long> recorded_waits(const ::device_advisor::device& d) const {
        std::vector<long> out;
        for (const auto& e : d.events())
            if (e.kind == event_kind::backoff_wait) out.push_back(static_cast<long>(e.detail));
        return out;
    }
    static std::size_t count(const ::device_advisor::device& d, event_kind k) {
        std::size_t n = 0;
        for (const auto& e : d.events()) n += e.kind == k ? 1 : 0;
        return n;
    }
    // Runs the device until `done` (checked every 50 ms), at most `budget`.
    template <class Done> bool run_until(::device_advisor::device& d, Done done, milliseconds budget = milliseconds{8000}) {
        const auto deadline = clock::now() + budget;
        while (!done()) {
            if (clock::now() >= deadline) return false;
            d.run_for(milliseconds{50});
        }
        return true;
    }

    // The backoff of connect / reconnect scenarios: the waits the device recorded are the ones its policy draws
    // from the random source; each reconnect, as the proxy measured it, took at least that long and not much
    // longer; they grow; and they are jittered (not base x 2^n, not a constant).
    void expect_jittered_exponential_backoff(const ::device_advisor::device& d, std::size_t retries) {
        const auto policy = options().backoff;
        const auto expected = expected_delays(policy, retries);
        const auto waits = recorded_waits(d);
        ASSERT_EQ(waits, expected);
        const auto gaps = reconnect_gaps();
        ASSERT_EQ(gaps.size(), retries);
        const auto intervals = connect_intervals();
        ASSERT_EQ(intervals.size(), retries);
        constexpr long slack_ms = 250;  // scheduling on a busy machine; the waits are 50 ms to 1.6 s
        for (std::size_t k = 0; k < retries; ++k) {
            EXPECT_GE(intervals[k], waits[k]) << "reconnect " << k + 1 << " came before its backoff";
            EXPECT_LE(gaps[k], waits[k] + slack_ms) << "reconnect " << k + 1 << " came late";
            // equal jitter: retry k waits within [d/2, d], d = base x 2^k
            const auto d_k = backoff{policy, [] { return 0u; }}.ceiling(static_cast<unsigned>(k)).count();
            EXPECT_GE(waits[k], d_k / 2);
            EXPECT_LE(waits[k], d_k);
            if (k > 0) { EXPECT_GE(waits[k], waits[k - 1]) << "the backoff must not shrink"; }
        }
        EXPECT_GT(gaps.back(), 2 * gaps.front()) << "the intervals must grow";
        bool jittered = false, not_doubling = false;
        for (std::size_t k = 0; k < retries; ++k) {
            const auto d_k = backoff{policy, [] { return 0u; }}.ceiling(static_cast<unsigned>(k)).count();
            jittered = jittered || (waits[k] != d_k && waits[k] != d_k / 2);
            if (k > 0) not_doubling = not_doubling || waits[k] != 2 * waits[k - 1];
        }
        EXPECT_TRUE(jittered) << "every wait is exactly base x 2^n (or half of it): no jitter";
        EXPECT_TRUE(not_doubling) << "the waits double exactly: no jitter";
    }

    void publish_retry_no_puback(mqtt5::protocol_version version);

    interop_test::mosquitto_broker broker_{};
    std::unique_ptr<fault_proxy> proxy_{};
    std::ostringstream log_{};
    std::mt19937 engine_{jitter_seed};
    std::string client_id_ = "da-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string command_topic_ = "devices/" + client_id_ + "/commands";
};

// A rule that withholds the first `n` packets of type `t` from the broker.
rule withhold_first(packet_type t, int n) {
    return [t, n, seen = 0](const seen_packet& p) mutable {
        if (p.from == side::broker && p.type == t && seen++ < n) return verdict{action::withhold};
        return verdict{};
    };
}

void device_advisor::publish_retry_no_puback(mqtt5::protocol_version version) {
    start_proxy(withhold_first(packet_type::puback, 1));
    auto o = options();
    o.version = version;
    auto d = make_device(o);
    d->start();
    const auto id = d->publish("devices/" + client_id_ + "/telemetry", "retry me");
    d->stop();

    const auto first = packets(1, side::device);
    std::vector<seen_packet> first_pubs;
    for (const auto& p : first)
        if (p.type == packet_type::publish) first_pubs.push_back(p);
    ASSERT_EQ(first_pubs.size(), 1u) << "no re-send on the same connection";
    EXPECT_FALSE(first_pubs[0].dup);
    EXPECT_EQ(first_pubs[0].packet_id, id);
    // The device waited ack_timeout, then ended connection 1 with a DISCONNECT.
    ASSERT_EQ(first.back().type, packet_type::disconnect);
    EXPECT_GE(first.back().at - first_pubs[0].at, milliseconds{295});  // the poll() waits are whole ms

    const auto second = packets(2, side::device);
    ASSERT_GE(second.size(), 2u);
    EXPECT_EQ(second[0].type, packet_type::connect);
    EXPECT_FALSE(second[0].clean_start);
    const auto connack = packets(2, side::broker).at(0);
    EXPECT_TRUE(connack.session_present);
    EXPECT_EQ(second[1].type, packet_type::publish) << "the re-send comes first after the CONNACK";
    EXPECT_TRUE(second[1].dup);
    EXPECT_EQ(second[1].packet_id, id);
    // The same message: its line differs only in the DUP flag.
    auto same = first_pubs[0].line;
    same.replace(same.find("dup=0"), 5, "dup=1");
    EXPECT_EQ(second[1].line, same);
    const auto acks = packets_of(packet_type::puback, side::broker);
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_FALSE(acks[0].forwarded);
    EXPECT_TRUE(acks[1].forwarded);
    EXPECT_EQ(acks[1].connection, 2);
    EXPECT_EQ(count(*d, event_kind::puback_timeout), 1u);
}

// ---- the equal-jitter policy alone -------------------------------------------------------------------

TEST(device_advisor_backoff, EqualJitterBoundsAndCap) {
    // A random source at its extremes: 0 gives d/2, 0xFFFFFFFF % (d - d/2 + 1) the rest.
    std::vector<std::uint32_t> values{0, 0, 0, 0, 0, 0, 0, 0};
    std::size_t i = 0;
    backoff low{{.base = milliseconds{100}, .cap = milliseconds{1000}, .max_retries = 6}, [&] { return values[i++]; }};
    std::vector<long> got;
    while (!low.exhausted()) got.push_back(static_cast<long>(low.next().count()));
    EXPECT_EQ(got, (std::vector<long>{50, 100, 200, 400, 500, 500}));  // d = 100, 200, 400, 800, 1000 (cap), 1000
    // The top of each range: jitter = d - d/2 exactly.
    backoff high{{.base = milliseconds{100}, .cap = milliseconds{1000}}, [] { return 0u; }};
    for (unsigned r = 0; r < 6; ++r) {
        const auto d = high.ceiling(r).count();
        backoff top{{.base = milliseconds{100}, .cap = milliseconds{1000}}, [d] { return static_cast<std::uint32_t>(d - d / 2); }};
        for (unsigned k = 0; k < r; ++k) (void)top.next();
        EXPECT_EQ(top.next().count(), d) << "retry " << r;
    }
    // Two devices with different random sources do not retry in lockstep.
    std::mt19937 a{1}, b{2};
    backoff da{{.base = milliseconds{1000}}, [&a] { return static_cast<std::uint32_t>(a()); }};
    backoff db{{.base = milliseconds{1000}}, [&b] { return static_cast<std::uint32_t>(b()); }};
    int same = 0;
    for (int k = 0; k < 5; ++k) same += da.next() == db.next() ? 1 : 0;
    EXPECT_LT(same, 5);
    // reset() starts again from base.
    da.reset();
    EXPECT_LE(da.next().count(), 1000);
}

// ---- the Device Advisor test cases ----------------------------------------------------------------

// MQTT_Connect: a valid CONNECT, and nothing else before the CONNACK.
TEST_F(device_advisor, MQTT_Connect) {
    start_proxy();
    auto d = make_device(options());
    d->start();
    d->stop();
    const auto sent = packets(1, side::device);
    ASSERT_GE(sent.size(), 2u);
    EXPECT_EQ(sent[0].type, packet_type::connect);
    EXPECT_EQ(sent[0].line.rfind("CONNECT client_id=" + client_id_ + " clean_start=1 keep_alive=60 p.session_expiry_interval=60", 0), 0u)
        << sent[0].line;
    const auto from_broker = packets(1, side::broker);
    ASSERT_FALSE(from_broker.empty());
    EXPECT_EQ(from_broker[0].type, packet_type::connack);
    EXPECT_GE(sent[1].at, from_broker[0].at) << "a packet went out before the CONNACK came";
    EXPECT_EQ(proxy_->connections().size(), 1u);
    EXPECT_EQ(proxy_->error(), "");
}

// MQTT_Connect_Jitter_Backoff_Retries: the CONNACK is withheld four times; the device retries with
// exponential backoff and jitter, and the fifth attempt connects.
TEST_F(device_advisor, MQTT_Connect_Jitter_Backoff_Retries) {
    start_proxy(withhold_first(packet_type::connack, 4));
    auto d = make_device(options());
    d->start();
    EXPECT_TRUE(d->connected());
    EXPECT_EQ(proxy_->connections().size(), 5u);
    EXPECT_EQ(count(*d, event_kind::connack_timeout), 4u);
    for (int c = 1; c <= 4; ++c) EXPECT_EQ(proxy_->connections()[static_cast<std::size_t>(c - 1)].how, "device closed");
    expect_jittered_exponential_backoff(*d, 4);
    // Clean Start 1 until a CONNACK came: no Session exists on the server yet.
    for (const auto& p : packets_of(packet_type::connect, side::device)) EXPECT_TRUE(p.clean_start) << p.line;
}

// MQTT_Connect_Exponential_Backoff_Retries: the CONNACK is withheld five times; the intervals grow.
TEST_F(device_advisor, MQTT_Connect_Exponential_Backoff_Retries) {
    start_proxy(withhold_first(packet_type::connack, 5));
    auto o = options();
    o.backoff.base = milliseconds{50};
    auto d = make_device(o);
    d->start();
    EXPECT_TRUE(d->connected());
    ASSERT_EQ(proxy_->connections().size(), 6u);
    const auto gaps = reconnect_gaps();
    const auto waits = recorded_waits(*d);
    ASSERT_EQ(gaps.size(), 5u);
    ASSERT_EQ(waits.size(), 5u);
    const auto intervals = connect_intervals();
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_GE(intervals[k], waits[k]);  // see connect_intervals()
        if (k > 0) { EXPECT_GE(waits[k], waits[k - 1]); }
    }
    // retry 5 waits at least d/2 = 400 ms, retry 1 at most d = 50 ms
    EXPECT_GE(intervals[4], 400);
    EXPECT_GT(waits[4], 4 * waits[0]);  // the policy's growth, exactly as drawn
    EXPECT_GT(gaps[4], gaps[0]);        // and on the wire (a loaded machine may stretch a short gap)
}

// MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect: four connections end with a server DISCONNECT right
// after the CONNACK; the device reconnects each time, with jittered exponential backoff, resuming its Session.
TEST_F(device_advisor, MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect) {
    int disconnects = 0;
    start_proxy([&disconnects](const seen_packet& p) {
        if (p.from == side::broker && p.type == packet_type::connack && disconnects < 4) {
            ++disconnects;
            return verdict{action::pass_then_disconnect, mqtt5::reason_code::server_shutting_down};
        }
        return verdict{};
    });
    auto o = options();
    o.subscriptions.clear();
    auto d = make_device(o);
    d->start();
    ASSERT_TRUE(run_until(*d, [&] { return proxy_->connections().size() == 5 && d->connected(); }));
    d->run_for(milliseconds{100});  // connection 5 holds
    EXPECT_TRUE(d->connected());
    const auto conns = proxy_->connections();
    ASSERT_EQ(conns.size(), 5u);
    for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(conns[k].how, "DISCONNECT by the proxy");
    EXPECT_FALSE(conns[4].over);
    EXPECT_EQ(count(*d, event_kind::server_disconnect), 4u);
    for (const auto& e : d->events())
        if (e.kind == event_kind::server_disconnect) { EXPECT_EQ(e.detail, 0x8Bu); }
    expect_jittered_exponential_backoff(*d, 4);
    const auto connects = packets_of(packet_type::connect, side::device);
    ASSERT_EQ(connects.size(), 5u);
    EXPECT_TRUE(connects[0].clean_start);
    for (std::size_t k = 1; k < 5; ++k) EXPECT_FALSE(connects[k].clean_start) << "reconnect " << k << " must resume the Session";
}

// MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection: four connections are dropped (no DISCONNECT)
// right after the CONNACK; the same backoff.
TEST_F(device_advisor, MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection) {
    int drops = 0;
    start_proxy([&drops](const seen_packet& p) {
        if (p.from == side::broker && p.type == packet_type::connack && drops < 4) {
            ++drops;
            return verdict{action::pass_then_drop};
        }
        return verdict{};
    });
    auto o = options();
    o.subscriptions.clear();
    auto d = make_device(o);
    d->start();
    ASSERT_TRUE(run_until(*d, [&] { return proxy_->connections().size() == 5 && d->connected(); }));
    d->run_for(milliseconds{100});
    EXPECT_TRUE(d->connected());
    const auto conns = proxy_->connections();
    ASSERT_EQ(conns.size(), 5u);
    for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(conns[k].how, "dropped by the proxy");
    EXPECT_EQ(count(*d, event_kind::connection_lost), 4u);
    EXPECT_EQ(count(*d, event_kind::server_disconnect), 0u);
    expect_jittered_exponential_backoff(*d, 4);
}

// MQTT_Publish: QoS 0 and QoS 1 PUBLISH reach a subscriber; the QoS 1 one is acknowledged, sent once.
TEST_F(device_advisor, MQTT_Publish) {
    start_proxy();
    auto sub = other_client("subscriber");
    const std::string topic = "devices/" + client_id_ + "/telemetry";
    const std::array<mqtt5::subscription, 1> filter{{{.topic_filter = topic, .max_qos = mqtt5::qos::at_least_once}}};
    sub->send(mqtt5::subscribe{.subscriptions = filter});
    (void)sub->expect<mqtt5::suback>();

    auto d = make_device(options());
    d->start();
    EXPECT_EQ(d->publish(topic, "qos0", mqtt5::qos::at_most_once), 0u);
    const auto id = d->publish(topic, "qos1");
    EXPECT_NE(id, 0u);
    const auto m0 = sub->expect<mqtt5::publish>();
    const auto m1 = sub->expect<mqtt5::publish>();
    EXPECT_EQ(interop::chars_of(m0.as<mqtt5::publish>().payload), "qos0");
    EXPECT_EQ(interop::chars_of(m1.as<mqtt5::publish>().payload), "qos1");
    d->stop();

    const auto pubs = packets_of(packet_type::publish, side::device);
    ASSERT_EQ(pubs.size(), 2u);
    EXPECT_NE(pubs[0].line.find("qos=0"), std::string::npos) << pubs[0].line;
    EXPECT_NE(pubs[1].line.find("qos=1 retain=0 dup=0 packet_id=" + std::to_string(id)), std::string::npos) << pubs[1].line;
    const auto acks = packets_of(packet_type::puback, side::broker);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].packet_id, id);
    EXPECT_EQ(proxy_->connections().size(), 1u);
    EXPECT_EQ(count(*d, event_kind::puback_timeout), 0u);
}

// MQTT_Publish_Retry_No_Puback: the PUBACK is withheld once. MQTT 5 allows the re-send only on a new
// connection, with DUP 1 and the same Packet Identifier [MQTT-4.4.0-1] [MQTT-3.3.1-1]: nothing is sent again
// on the first connection; the device ends it, resumes the Session and sends the PUBLISH again.
TEST_F(device_advisor, MQTT_Publish_Retry_No_Puback) { publish_retry_no_puback(mqtt5::protocol_version::v5); }

// The same at MQTT 3.1.1, where a re-send on the same connection is allowed but not required: this device
// re-sends on the next connection (Clean Session 0), as [MQTT-4.4.0-1] (3.1.1) requires it to there.
TEST_F(device_advisor, MQTT_Publish_Retry_No_Puback_v311) { publish_retry_no_puback(mqtt5::protocol_version::v311); }

// MQTT_Subscribe: one SUBSCRIBE, acknowledged; a message on the filter reaches the device.
TEST_F(device_advisor, MQTT_Subscribe) {
    start_proxy();
    auto d = make_device(options());
    d->start();
    publish_from_other("hello");
    ASSERT_TRUE(run_until(*d, [&] { return !d->messages().empty(); }));
    d->stop();
    const auto subs = packets_of(packet_type::subscribe, side::device);
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_NE(subs[0].line.find("sub=" + interop::escape(command_topic_) + ",1,"), std::string::npos) << subs[0].line;
    EXPECT_EQ(d->messages().at(0).payload, "hello");
}

// MQTT_Subscribe_Retry_No_Suback: the SUBACK is withheld once; after ack_timeout the device sends the
// SUBSCRIBE again (same filter, a new Packet Identifier), on the same connection.
TEST_F(device_advisor, MQTT_Subscribe_Retry_No_Suback) {
    start_proxy(withhold_first(packet_type::suback, 1));
    auto d = make_device(options());
    d->start();
    EXPECT_TRUE(d->connected());
    publish_from_other("after the retry");
    ASSERT_TRUE(run_until(*d, [&] { return !d->messages().empty(); }));
    d->stop();
    const auto subs = packets_of(packet_type::subscribe, side::device);
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_EQ(subs[0].connection, 1);
    EXPECT_EQ(subs[1].connection, 1);
    EXPECT_NE(subs[0].packet_id, subs[1].packet_id);
    const auto filters = [](const std::string& line) { return line.substr(line.find(" sub=")); };
    EXPECT_EQ(filters(subs[0].line), filters(subs[1].line));
    EXPECT_GE(subs[1].at - subs[0].at, milliseconds{295});  // the poll() waits are whole ms
    const auto subacks = packets_of(packet_type::suback, side::broker);
    ASSERT_EQ(subacks.size(), 2u);
    EXPECT_FALSE(subacks[0].forwarded);
    EXPECT_TRUE(subacks[1].forwarded);
    EXPECT_EQ(count(*d, event_kind::suback_timeout), 1u);
    EXPECT_EQ(proxy_->connections().size(), 1u);
}

// MQTT_Client_Puback_Qos1: a QoS 1 PUBLISH to the device is answered with a PUBACK, same Packet Identifier,
// reason Success [MQTT-4.3.2-4].
TEST_F(device_advisor, MQTT_Client_Puback_Qos1) {
    start_proxy();
    auto d = make_device(options());
    d->start();
    publish_from_other("ack me");
    ASSERT_TRUE(run_until(*d, [&] { return !packets_of(packet_type::puback, side::device).empty(); }));
    d->stop();
    const auto in = packets_of(packet_type::publish, side::broker);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_NE(in[0].line.find("qos=1"), std::string::npos);
    const auto acks = packets_of(packet_type::puback, side::device);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].line, "PUBACK packet_id=" + std::to_string(in[0].packet_id) + " reason=00");
    EXPECT_EQ(d->messages().at(0).payload, "ack me");
}

// MQTT_No_Ack_PingResp: the PINGRESP is withheld. Keep Alive 1 s: the PINGREQ goes 1 s after the last
// packet sent [MQTT-3.1.2-20]; no PINGRESP within 500 ms: the device closes the connection (§3.1.2.10), and
// sends nothing more on it; then it reconnects.
TEST_F(device_advisor, MQTT_No_Ack_PingResp) {
    start_proxy(withhold_first(packet_type::pingresp, 1));
    auto o = options();
    o.keep_alive_s = 1;
    o.pingresp_timeout = milliseconds{500};
    auto d = make_device(o);
    d->start();
    ASSERT_TRUE(run_until(*d, [&] { return proxy_->connections().size() == 2 && d->connected(); }, milliseconds{6000}));
    d->stop();
    const auto first = packets(1, side::device);
    ASSERT_GE(first.size(), 2u);
    const auto& ping = first.back();
    ASSERT_EQ(ping.type, packet_type::pingreq) << "nothing may follow the unanswered PINGREQ";
    const auto& before = first[first.size() - 2];
    EXPECT_GE(ping.at - before.at, milliseconds{990});
    EXPECT_LE(ping.at - before.at, milliseconds{1300});
    const auto conn1 = proxy_->connections().at(0);
    EXPECT_EQ(conn1.how, "device closed");
    EXPECT_GE(conn1.ended - ping.at, milliseconds{490});
    EXPECT_LE(conn1.ended - ping.at, milliseconds{800});
    EXPECT_EQ(count(*d, event_kind::pingresp_timeout), 1u);
    EXPECT_FALSE(packets_of(packet_type::pingresp, side::broker).at(0).forwarded);
}

// MQTT_Persistent_Session_Happy_Case: the device reconnects with Clean Start 0; the server resumes the
// Session (Session Present 1) and sends the message stored while the device was away. The device does not
// subscribe again, and acknowledges the stored message.
TEST_F(device_advisor, MQTT_Persistent_Session_Happy_Case) {
    start_proxy();
    auto d = make_device(options());
    d->start();
    d->stop();  // DISCONNECT 0x00: the Session stays for its 60 s
    publish_from_other("stored while away");
    d->start();
    ASSERT_TRUE(run_until(*d, [&] { return !d->messages().empty(); }));
    d->stop();
    EXPECT_TRUE(packets(2, side::device).at(0).line.find("clean_start=0") != std::string::npos);
    EXPECT_TRUE(packets(2, side::broker).at(0).session_present);
    std::size_t subscribes = 0;
    for (const auto& p : packets(2, side::device)) subscribes += p.type == packet_type::subscribe ? 1 : 0;
    EXPECT_EQ(subscribes, 0u) << "Session Present 1: the subscription is still there";
    const auto stored = packets(2, side::broker);
    const auto pub = std::find_if(stored.begin(), stored.end(), [](const seen_packet& p) { return p.type == packet_type::publish; });
    ASSERT_NE(pub, stored.end());
    const auto acks = packets_of(packet_type::puback, side::device);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].connection, 2);
    EXPECT_EQ(acks[0].packet_id, pub->packet_id);
    EXPECT_EQ(d->messages().at(0).payload, "stored while away");
}

// MQTT_Expired_Persistent_Session: the Session expired while the device was away (Session Expiry Interval
// 1 s); the server answers Session Present 0 [MQTT-3.2.2-3], the device drops its Session State [MQTT-3.2.2-5]
// and subscribes again.
TEST_F(device_advisor, MQTT_Expired_Persistent_Session) {
    start_proxy();
    auto o = options();
    o.session_expiry_s = 1;
    auto d = make_device(o);
    d->start();
    d->stop();
    std::this_thread::sleep_for(milliseconds{2200});  // mosquitto checks expiry about once a second
    d->start();
    publish_from_other("after re-subscribing");
    ASSERT_TRUE(run_until(*d, [&] { return !d->messages().empty(); }));
    d->stop();
    EXPECT_FALSE(packets(2, side::device).at(0).clean_start);
    EXPECT_FALSE(packets(2, side::broker).at(0).session_present);
    const auto subs = packets_of(packet_type::subscribe, side::device);
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_EQ(subs[1].connection, 2);
    EXPECT_EQ(d->messages().at(0).payload, "after re-subscribing");
}

}  // namespace

namespace {

// The example program itself (real random jitter): through a proxy that withholds the first PUBACK, its three
// QoS 1 messages are all acknowledged (the first after a re-send with DUP 1 on a second connection); exit 0.
TEST(device_advisor_program, AllMessagesAcknowledgedDespiteAMissingPuback) {
    interop_test::mosquitto_broker broker;
    broker.start();
    fault_proxy proxy{broker.port(), withhold_first(packet_type::puback, 1)};
    interop_test::temp_dir dir;
    interop_test::child_process program;
    const auto id = "da-program-" + std::to_string(::getpid());
    program.start({MQTT5_DEVICE_ADVISOR_PROGRAM, "127.0.0.1", std::to_string(proxy.port()), id, "3", "0"},
                  dir.path() / "stdout.txt", dir.path() / "stderr.txt");
    const auto status = program.wait_for(milliseconds{20000});
    const auto out = interop_test::read_file(dir.path() / "stdout.txt");
    ASSERT_EQ(status, std::optional<int>{0}) << out << interop_test::read_file(dir.path() / "stderr.txt") << proxy.transcript();
    EXPECT_NE(out.find("3 message(s) acknowledged"), std::string::npos) << out;
    std::vector<seen_packet> pubs;
    for (const auto& p : proxy.packets())
        if (p.from == side::device && p.type == packet_type::publish) pubs.push_back(p);
    ASSERT_EQ(pubs.size(), 4u) << proxy.transcript();
    EXPECT_EQ(pubs[1].connection, 2);
    EXPECT_TRUE(pubs[1].dup);
    EXPECT_EQ(pubs[1].packet_id, pubs[0].packet_id);
}

}  // namespace
