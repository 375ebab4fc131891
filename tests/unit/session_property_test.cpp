// Property test of the connection layer: a Client and a Server connection exchange random traffic through an
// in-memory pipe (random limits, Topic Aliases, QoS, acks held back, lost connections, reconnects with and
// without a Session, v5 and 3.1.1). Every packet one side's layer accepts goes over the wire (encoded and decoded
// by the codec) to the other side's layer. The properties:
//   - the receiving layer never reports a violation (what one layer lets out, the other accepts);
//   - neither side exceeds its capacity, its send quota or its receive window;
//   - every QoS 1 / QoS 2 message is acknowledged as the standard says: exactly one completion at its sender
//     (PUBACK / PUBCOMP), delivered at least once (QoS 1) or exactly once (QoS 2);
//   - nothing is lost across a reconnect with a Session: only a Session that ended (Clean Start 1, Session
//     Expiry 0, Session Present 0) may drop messages, and then they are never delivered twice either.
// MQTT5_SEED picks the first seed; MQTT5_SESSION_RUNS the number of runs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "session_support.hpp"

namespace {

using namespace session_test;

constexpr session_capacity property_capacity{8, 24, 8, 256, 8, 256, 512, 64, 32};
using pclient = client_connection<property_capacity>;
using pserver = server_connection<property_capacity>;

const std::string_view topic_pool[] = {"sensors/1/temp", "sensors/1/hum", "sensors/2/temp", "a", "b/c",
                                       "home/kitchen/light", "home/hall/light", "cmd/reboot", "x/y/z", "status"};
constexpr std::size_t topic_count = sizeof(topic_pool) / sizeof(topic_pool[0]);
const subscription subscription_pool[] = {{"sensors/+/temp", qos::at_least_once, false, false, retain_handling::send_on_subscribe},
                                          {"home/#", qos::exactly_once, false, false, retain_handling::send_on_subscribe},
                                          {"status", qos::at_most_once, false, false, retain_handling::send_on_subscribe}};
const std::string_view filter_pool[] = {"sensors/+/temp", "home/#"};

struct message {
    std::uint32_t serial{};
    std::size_t topic{};
    qos level{};
    bool retain{};
    std::vector<std::byte>* payload{};
};

// One packet in the pipe: its bytes (decoded on arrival) or, for a version the codec cannot encode yet, its value.
struct in_flight {
    std::vector<std::byte> bytes;
    std::optional<packet> value;
    std::size_t size{};
};

struct tally {
    std::size_t runs{}, steps{}, published{}, delivered{}, completions{}, reconnects{}, resumed{}, resent{},
        refused_locally{}, aliased{}, pings{}, discarded{}, timeouts{};
};

class world {
public:
    world(std::uint64_t seed, tally& t) : rng_(seed), tally_(t) {
        version_ = pick(4) == 0 ? v311 : v5;
        connection_options co{}, so{};
        co.outbound_aliases = pick(2) == 0 ? topic_alias_policy::caller : topic_alias_policy::least_recently_used;
        so.outbound_aliases = pick(2) == 0 ? topic_alias_policy::caller : topic_alias_policy::least_recently_used;
        client_.emplace(co);
        server_.emplace(so);
        client_rm_ = static_cast<std::uint16_t>(1 + pick(8));
        server_rm_ = static_cast<std::uint16_t>(1 + pick(8));
        client_tam_ = static_cast<std::uint16_t>(pick(9));
        server_tam_ = static_cast<std::uint16_t>(pick(9));
        client_mps_ = pick(3) == 0 ? 0 : static_cast<std::uint32_t>(60 + pick(400));
        server_mps_ = pick(3) == 0 ? 0 : static_cast<std::uint32_t>(60 + pick(400));
        server_max_qos_ = pick(3) == 0 ? static_cast<int>(pick(2)) : -1;
        retain_available_ = pick(4) != 0;
        keep_alive_ = static_cast<std::uint16_t>(pick(3) == 0 ? 0 : 1 + pick(10));
    }

    void run(std::size_t steps) {
        connect_both(true);
        for (std::size_t i = 0; i < steps && !::testing::Test::HasFailure(); ++i) {
            ++tally_.steps;
            step();
            check_invariants();
        }
        drain();
        check_outcome();
    }

private:
    // ---- randomness ----
    std::size_t pick(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

    // ---- connection ----
    void connect_both(bool first) {
        if (std::getenv("MQTT5_SESSION_TRACE") != nullptr) std::printf("---- connection\n");
        c2s_.clear();
        s2c_.clear();
        client_acks_.clear();
        server_acks_.clear();
        if (!first) {
            client_->close(now_);
            server_->close(now_);
            ++tally_.reconnects;
            after_close();
        }
        client_->open(now_, version_);
        server_->open(now_, version_);
        connect c{};
        c.client_id = "dev-1";
        c.keep_alive = keep_alive_;
        c.clean_start = first || pick(5) == 0;
        const bool lasting = pick(4) != 0;
        if (version_ == v5) {
            c.properties = props<place::connect>([&](auto& b) {
                b.receive_maximum(client_rm_);
                if (client_tam_ != 0) b.topic_alias_maximum(client_tam_);
                if (client_mps_ != 0) b.maximum_packet_size(client_mps_);
                if (lasting) b.session_expiry_interval(600);
            });
        } else if (!lasting) {
            c.clean_start = true;  // 3.1.1: CleanSession 1 is the Session that ends with the connection
        }
        ASSERT_EQ(name(send_client(c)), "ok");
        if (c.clean_start) forget_client_session();
        deliver_all(c2s_, true);  // the CONNECT
        connack a{};
        a.session_present = server_->session_present_due();
        EXPECT_EQ(a.session_present, !c.clean_start && server_->has_session());
        if (version_ == v5) {
            a.properties = props<place::connack>([&](auto& b) {
                b.receive_maximum(server_rm_);
                if (server_tam_ != 0) b.topic_alias_maximum(server_tam_);
                if (server_mps_ != 0) b.maximum_packet_size(server_mps_);
                if (server_max_qos_ >= 0) b.maximum_qos(static_cast<std::uint8_t>(server_max_qos_));
                if (!retain_available_) b.retain_available(0);
            });
        }
        ASSERT_EQ(name(send_server(a)), "ok");
        deliver_all(s2c_, false);  // the CONNACK
        ASSERT_EQ(client_->state(), connection_state::connected);
        ASSERT_EQ(server_->state(), connection_state::connected);
        if (client_->session_present()) ++tally_.resumed;
        else forget_client_session();
        if (!a.session_present) forget_server_session();
        client_aliases_.clear();
        server_aliases_.clear();
    }
    void after_close() {
        if (!client_->has_session()) forget_client_session();
        if (!server_->has_session()) forget_server_session();
    }
    // A Session ended: what its sender had in flight is dropped by the rules, not lost by the layer.
    void forget_client_session() {
        for (auto& [id, m] : client_store_) dropped_.insert(m.serial);
        client_store_.clear();
        (void)0;
    }
    void forget_server_session() {
        for (auto& [id, m] : server_store_) dropped_.insert(m.serial);
        server_store_.clear();
    }

    // ---- sending through a layer into the pipe ----
    template <class P> result<std::size_t> send_client(P& p) { return send_into(*client_, p, c2s_, role::client); }
    template <class P> result<std::size_t> send_server(P& p) { return send_into(*server_, p, s2c_, role::server); }

    template <class C, class P> result<std::size_t> send_into(C& conn, P& p, std::deque<in_flight>& pipe, role sender) {
        auto n = conn.send(p, now_);
        if (!n) return n;
        in_flight f{};
        auto size = encoded_size(p, encode_options{version_});
        if (!size && size.error().code == errc::protocol_level_4_not_implemented) {
            f.value = packet{p};
            f.size = 2;
        } else {
            EXPECT_TRUE(size) << name(size);
            if (!size) return n;
            f.bytes.resize(*size);
            auto w = encode(p, f.bytes, encode_options{version_});
            EXPECT_TRUE(w) << name(w);
            EXPECT_EQ(*n, *size);  // the layer's size is the codec's
            if (version_ == v5) {
                const auto limit = sender == role::client ? server_mps_ : client_mps_;
                if (limit != 0) {
                    EXPECT_LE(*size, limit) << "a packet over the peer's Maximum Packet Size went out";
                }
            }
            f.size = *size;
        }
        pipe.push_back(std::move(f));
        return n;
    }

    // ---- receiving from the pipe ----
    void deliver_one(std::deque<in_flight>& pipe, bool to_server) {
        if (pipe.empty()) return;
        in_flight f = std::move(pipe.front());
        pipe.pop_front();
        packet p{};
        if (f.value) {
            p = *f.value;
        } else {
            decode_options o{};
            o.version = version_;
            o.sender = to_server ? role::client : role::server;
            auto d = decode(f.bytes, o);
            ASSERT_TRUE(d) << "the codec refused what a layer let out: " << name(d);
            p = *d;
        }
        auto r = to_server ? server_->receive(p, f.size, now_) : client_->receive(p, f.size, now_);
        if (std::getenv("MQTT5_SESSION_TRACE") != nullptr) {
            std::printf("%s %s", to_server ? "c2s" : "s2c", std::string(to_string(type_of(p))).c_str());
            std::visit([](const auto& x) {
                if constexpr (requires { x.packet_id; }) std::printf(" id %u", static_cast<unsigned>(x.packet_id));
                if constexpr (requires { x.dup; }) std::printf(" dup %d qos %d", x.dup ? 1 : 0, static_cast<int>(x.qos));
            }, p);
            std::printf(" -> %s\n", name(r).c_str());
        }
        ASSERT_TRUE(r) << "violation reported by the " << (to_server ? "Server" : "Client") << ": " << name(r) << " on "
                       << to_string(type_of(p)) << " (seed step " << tally_.steps << ")";
        if (to_server) on_server_received(p, *r);
        else on_client_received(p, *r);
    }
    void deliver_all(std::deque<in_flight>& pipe, bool to_server) {
        while (!pipe.empty() && !::testing::Test::HasFatalFailure()) deliver_one(pipe, to_server);
    }

    void on_publish(const publish& p, const received& r, std::map<std::uint32_t, int>& deliveries) {
        if (p.payload.size() < 5) {
            ADD_FAILURE() << "payload too short";
            return;
        }
        const auto serial = static_cast<std::uint32_t>(p.payload[0]) << 24 | static_cast<std::uint32_t>(p.payload[1]) << 16 |
                            static_cast<std::uint32_t>(p.payload[2]) << 8 | static_cast<std::uint32_t>(p.payload[3]);
        const auto topic = static_cast<std::size_t>(p.payload[4]);
        EXPECT_EQ(r.topic, topic_pool[topic]) << "Topic Alias resolved to the wrong topic";
        if (r.deliver) {
            ++deliveries[serial];
            ++tally_.delivered;
        }
    }
    void on_completed(std::map<std::uint16_t, message>& store, std::uint16_t id) {
        const auto it = store.find(id);
        if (it == store.end()) {
            ADD_FAILURE() << "completion for an id the application did not have in flight: " << id;
            return;
        }
        ++completions_[it->second.serial];
        ++tally_.completions;
        store.erase(it);
    }

    void on_server_received(const packet& p, const received& r) {
        if (const auto* pub = std::get_if<publish>(&p)) on_publish(*pub, r, server_deliveries_);
        if (r.completed_packet_id != 0 && std::holds_alternative<pubcomp>(p)) on_completed(server_store_, r.completed_packet_id);
        if (r.completed_packet_id != 0 && std::holds_alternative<puback>(p)) on_completed(server_store_, r.completed_packet_id);
        if (!r.ack.due()) return;
        if (r.ack.type == packet_type::pingresp) {
            pingresp pr{};
            EXPECT_EQ(name(send_server(pr)), "ok");
        } else if (r.ack.type == packet_type::suback || r.ack.type == packet_type::unsuback) {
            static const reason_code granted[] = {reason_code::granted_qos_1, reason_code::granted_qos_1, reason_code::granted_qos_1};
            if (r.ack.type == packet_type::suback) {
                suback k{r.ack.packet_id, {}, std::span<const reason_code>(granted, r.ack.filter_count), {}};
                EXPECT_EQ(name(send_server(k)), "ok");
            } else {
                unsuback k{r.ack.packet_id, {}, {}, {}};
                static const reason_code removed[] = {reason_code::success, reason_code::success, reason_code::success};
                if (version_ == v5) k.reason_codes = std::span<const reason_code>(removed, r.ack.filter_count);
                EXPECT_EQ(name(send_server(k)), "ok");
            }
        } else {
            server_acks_.push_back(r.ack);
        }
    }
    void on_client_received(const packet& p, const received& r) {
        if (const auto* pub = std::get_if<publish>(&p)) on_publish(*pub, r, client_deliveries_);
        if (r.completed_packet_id != 0 && (std::holds_alternative<pubcomp>(p) || std::holds_alternative<puback>(p)))
            on_completed(client_store_, r.completed_packet_id);
        if (std::holds_alternative<pingresp>(p)) ++tally_.pings;
        if (r.ack.due()) client_acks_.push_back(r.ack);
    }

    template <class C> void flush_acks(C& conn, std::vector<due_ack>& acks, bool from_client) {
        for (const auto& a : acks) {
            auto q = ack_packet(a);
            ASSERT_TRUE(q.has_value());
            auto n = std::visit([&](auto& x) { return from_client ? send_client(x) : send_server(x); }, *q);
            ASSERT_TRUE(n) << "a due ack was refused: " << name(n) << " " << to_string(a.type) << " " << a.packet_id
                           << " from the " << (from_client ? "Client" : "Server") << "; " << describe_tables(conn);
        }
        acks.clear();
        (void)conn;
    }

    // Appended piece by piece: `" " + std::to_string(...)` builds a string from within one buffer, which g++ 12
    // -O3 misreads as an overlapping memcpy (-Wrestrict), as it did in examples/interop before.
    template <class C> static std::string describe_tables(const C& conn) {
        std::string out = "outbound:";
        for (const auto& e : conn.outbound()) {
            out.append(" ").append(std::to_string(e.packet_id)).append("/").append(std::to_string(static_cast<int>(e.state)));
            out.append("/s").append(std::to_string(e.sequence)).append(e.resend ? "/r" : "");
        }
        out += "; inbound:";
        for (const auto& e : conn.inbound()) {
            out.append(" ").append(std::to_string(e.packet_id)).append("/").append(std::to_string(static_cast<int>(e.state)));
            out.append("/s").append(std::to_string(e.sequence));
        }
        return out;
    }

    // ---- the application's publishing ----
    message& new_message(qos level) {
        payloads_.emplace_back(5 + pick(120));
        auto& bytes = payloads_.back();
        for (auto& b : bytes) b = static_cast<std::byte>(pick(256));
        message m{};
        m.serial = ++serial_;
        m.topic = pick(topic_count);
        m.level = level;
        m.retain = pick(8) == 0;
        bytes[0] = static_cast<std::byte>(m.serial >> 24);
        bytes[1] = static_cast<std::byte>(m.serial >> 16);
        bytes[2] = static_cast<std::byte>(m.serial >> 8);
        bytes[3] = static_cast<std::byte>(m.serial);
        bytes[4] = static_cast<std::byte>(m.topic);
        m.payload = &bytes;
        pending_ = m;
        return *pending_;
    }
    template <class C>
    publish to_publish(const message& m, std::uint16_t id, C& conn, std::map<std::uint16_t, std::size_t>& caller_aliases) {
        publish p{};
        p.topic = topic_pool[m.topic];
        p.qos = m.level;
        p.retain = m.retain;
        p.packet_id = id;
        p.payload = *m.payload;
        // The caller's own alias choice (policy caller): set one within the peer's maximum, or use one it set.
        if (version_ == v5 && conn.peer().topic_alias_maximum != 0 && pick(3) == 0) {
            const auto limit = std::min<std::size_t>(conn.peer().topic_alias_maximum, property_capacity.outbound_topic_aliases);
            const auto alias = static_cast<std::uint16_t>(1 + pick(limit));
            // Under the least-recently-used policy the layer may have moved the alias to another topic since.
            const auto it = caller_aliases.find(alias);
            const bool known = conn.outbound_aliases().topic(alias).value_or("") == topic_pool[m.topic] ||
                               (it != caller_aliases.end() && it->second == m.topic &&
                                conn.outbound_aliases().topic(alias).value_or("").empty());
            const bool reuse = known && pick(2) == 0;
            p.properties = props<place::publish>([&](auto& b) { b.topic_alias(alias); });
            if (reuse) p.topic = {};
            pending_alias_ = {alias, m.topic};
        } else {
            pending_alias_.reset();
        }
        return p;
    }

    static bool local_refusal(errc e) {
        return e == errc::send_quota_exhausted || e == errc::capacity_exceeded || e == errc::qos_not_supported ||
               e == errc::retain_not_supported || e == errc::packet_too_large || e == errc::invalid_argument;
    }

    template <class C>
    void publish_from(C& conn, std::map<std::uint16_t, message>& store, std::map<std::uint16_t, std::size_t>& caller_aliases,
                      bool from_client) {
        if (conn.next_resend() != nullptr) return;  // re-sends first [MQTT-4.6.0-1]
        const auto level = static_cast<qos>(pick(3));
        auto m = new_message(level);
        auto p = to_publish(m, 0, conn, caller_aliases);
        auto n = from_client ? send_client(p) : send_server(p);
        if (!n) {
            ASSERT_TRUE(local_refusal(n.error().code)) << "unexpected refusal: " << name(n);
            ++tally_.refused_locally;
            return;
        }
        ++tally_.published;
        if (p.properties.topic_alias()) ++tally_.aliased;
        if (pending_alias_ && conn.outbound_aliases().is_mapped(pending_alias_->first))
            caller_aliases[pending_alias_->first] = pending_alias_->second;
        levels_[m.serial] = level;
        if (level != qos::at_most_once) store[p.packet_id] = m;
    }

    // Re-sends in order [MQTT-4.6.0-1] [MQTT-4.6.0-4]; PUBREL takes no quota, so it is not held back behind a
    // PUBLISH that waits for one.
    template <class C> void pump_resends(C& conn, std::map<std::uint16_t, message>& store, bool from_client) {
        const std::vector<exchange> todo(conn.outbound().begin(), conn.outbound().end());
        bool publishes_blocked = false;
        for (const auto& e : todo) {
            if (!e.resend) continue;
            result<std::size_t> n{};
            if (e.state == exchange_state::pubrel_due) {
                pubrel r{e.packet_id, reason_code::success, {}, {}};
                n = from_client ? send_client(r) : send_server(r);
            } else {
                if (publishes_blocked) continue;
                const auto it = store.find(e.packet_id);
                ASSERT_NE(it, store.end()) << "the layer asks to re-send a message the application does not have";
                std::map<std::uint16_t, std::size_t> none;
                auto p = to_publish(it->second, e.packet_id, conn, none);
                p.properties = {};
                p.topic = topic_pool[it->second.topic];
                n = from_client ? send_client(p) : send_server(p);
                if (!n && n.error().code == errc::send_quota_exhausted) {
                    publishes_blocked = true;
                    continue;
                }
                if (!n && n.error().code == errc::packet_too_large) {
                    // Without the alias of the first connection it no longer fits: given up, as the standard lets.
                    EXPECT_TRUE(conn.discard(e.packet_id));
                    dropped_.insert(it->second.serial);
                    store.erase(it);
                    ++tally_.discarded;
                    continue;
                }
                if (n) {
                    EXPECT_TRUE(p.dup);
                }
            }
            ASSERT_TRUE(n) << "re-send refused: " << name(n);
            ++tally_.resent;
        }
    }

    void step() {
        // Keep Alive: the Client pings when it has been quiet [MQTT-3.1.2-20]; a timeout on either side ends the
        // network connection.
        if (client_->poll(now_) == keep_alive_event::send_pingreq) {
            pingreq pr{};
            EXPECT_EQ(name(send_client(pr)), "ok");
        }
        if (client_->poll(now_) == keep_alive_event::timeout || server_->poll(now_) == keep_alive_event::timeout) {
            ++tally_.timeouts;
            connect_both(false);
        }
        pump_resends(*client_, client_store_, true);
        pump_resends(*server_, server_store_, false);
        if (::testing::Test::HasFatalFailure()) return;
        const auto action = pick(100);
        if (action < 22) {
            publish_from(*client_, client_store_, client_aliases_, true);
        } else if (action < 40) {
            publish_from(*server_, server_store_, server_aliases_, false);
        } else if (action < 60) {
            deliver_one(c2s_, true);
        } else if (action < 80) {
            deliver_one(s2c_, false);
        } else if (action < 85) {
            flush_acks(*client_, client_acks_, true);
        } else if (action < 90) {
            flush_acks(*server_, server_acks_, false);
        } else if (action < 92) {
            subscribe s{};
            s.subscriptions = std::span<const subscription>(subscription_pool, 1 + pick(3));
            const auto n = send_client(s);
            if (!n) {
                EXPECT_EQ(n.error().code, errc::capacity_exceeded) << name(n);
            }
        } else if (action < 93) {
            unsubscribe u{};
            u.topic_filters = std::span<const std::string_view>(filter_pool, 1 + pick(2));
            const auto n = send_client(u);
            if (!n) {
                EXPECT_EQ(n.error().code, errc::capacity_exceeded) << name(n);
            }
        } else if (action < 98) {
            now_ += pick(1500);
        } else if (action < 99) {
            connect_both(false);  // the network connection is lost
        } else {
            disconnect d{};
            EXPECT_EQ(name(send_client(d)), "ok");
            deliver_all(c2s_, true);
            connect_both(false);
        }
    }

    void check_invariants() {
        EXPECT_LE(client_->outbound().size(), property_capacity.outbound_inflight);
        EXPECT_LE(server_->outbound().size(), property_capacity.outbound_inflight);
        EXPECT_LE(client_->inbound().size(), property_capacity.inbound_inflight);
        EXPECT_LE(server_->inbound().size(), property_capacity.inbound_inflight);
        EXPECT_LE(client_->quota().available(), client_->quota().initial());
        EXPECT_LE(server_->quota().available(), server_->quota().initial());
        if (version_ == v5) {
            EXPECT_LE(client_->window().used(), client_->window().maximum());
            EXPECT_LE(server_->window().used(), server_->window().maximum());
            EXPECT_LE(client_->quota().initial(), server_rm_);
            EXPECT_LE(server_->quota().initial(), client_rm_);
        }
        EXPECT_LE(client_->inbound_aliases().bytes_used(), property_capacity.inbound_alias_bytes);
        EXPECT_LE(server_->inbound_aliases().bytes_used(), property_capacity.inbound_alias_bytes);
        // The application's store and the layer agree on what is in flight.
        const auto publishes = [](const auto& conn) {
            std::size_t n = 0;
            for (const auto& e : conn.outbound()) n += e.is_publish_exchange() ? 1 : 0;
            return n;
        };
        EXPECT_EQ(publishes(*client_), client_store_.size());
        EXPECT_EQ(publishes(*server_), server_store_.size());
    }

    // Stops making traffic and lets everything in flight finish.
    void drain() {
        for (int round = 0; round < 200 && !::testing::Test::HasFatalFailure(); ++round) {
            pump_resends(*client_, client_store_, true);
            pump_resends(*server_, server_store_, false);
            flush_acks(*client_, client_acks_, true);
            flush_acks(*server_, server_acks_, false);
            deliver_all(c2s_, true);
            deliver_all(s2c_, false);
            if (c2s_.empty() && s2c_.empty() && client_acks_.empty() && server_acks_.empty() && client_->next_resend() == nullptr &&
                server_->next_resend() == nullptr)
                return;
        }
        ADD_FAILURE() << "the exchange did not settle";
    }

    void check_outcome() {
        EXPECT_TRUE(client_store_.empty()) << client_store_.size() << " Client messages never completed";
        EXPECT_TRUE(server_store_.empty()) << server_store_.size() << " Server messages never completed";
        EXPECT_TRUE(client_->outbound().empty());
        EXPECT_TRUE(server_->outbound().empty());
        for (const auto& [serial, level] : levels_) {
            const auto delivered = client_deliveries_.count(serial) ? client_deliveries_[serial] : 0;
            const auto at_server = server_deliveries_.count(serial) ? server_deliveries_[serial] : 0;
            const auto times = delivered + at_server;
            const bool dropped = dropped_.count(serial) != 0;
            if (level == qos::exactly_once) {
                EXPECT_LE(times, 1) << "QoS 2 message " << serial << " delivered twice";
            }
            if (level == qos::at_most_once) {
                EXPECT_LE(times, 1);
            }
            if (level != qos::at_most_once && !dropped) {
                EXPECT_GE(times, 1) << "QoS " << static_cast<int>(level) << " message " << serial << " lost";
                EXPECT_EQ(completions_[serial], 1) << "message " << serial << " completed " << completions_[serial] << " times";
            }
            if (dropped) {
                EXPECT_LE(completions_[serial], 1);
            }
        }
    }

    std::mt19937_64 rng_;
    tally& tally_;
    protocol_version version_{v5};
    std::optional<pclient> client_;
    std::optional<pserver> server_;
    std::uint16_t client_rm_{}, server_rm_{}, client_tam_{}, server_tam_{}, keep_alive_{};
    std::uint32_t client_mps_{}, server_mps_{};
    int server_max_qos_{-1};
    bool retain_available_{true};
    millis now_{0};
    std::deque<in_flight> c2s_, s2c_;
    std::vector<due_ack> client_acks_, server_acks_;
    std::map<std::uint16_t, message> client_store_, server_store_;
    std::map<std::uint16_t, std::size_t> client_aliases_, server_aliases_;
    std::optional<std::pair<std::uint16_t, std::size_t>> pending_alias_;
    std::optional<message> pending_;
    std::deque<std::vector<std::byte>> payloads_;
    std::map<std::uint32_t, int> client_deliveries_, server_deliveries_, completions_;
    std::map<std::uint32_t, qos> levels_;
    std::set<std::uint32_t> dropped_;
    std::uint32_t serial_{};
};

std::uint64_t first_seed() {
    if (const char* s = std::getenv("MQTT5_SEED"); s != nullptr && *s != '\0') return std::strtoull(s, nullptr, 0);
    return 0x5E55'1011ull;
}
std::size_t run_count() {
    if (const char* s = std::getenv("MQTT5_SESSION_RUNS"); s != nullptr && *s != '\0') return std::strtoull(s, nullptr, 0);
    return 400;
}

TEST(SessionProperty, RandomTrafficBetweenAClientAndAServer) {
    tally t{};
    const auto seed = first_seed();
    for (std::size_t i = 0; i < run_count() && !HasFailure(); ++i) {
        SCOPED_TRACE("seed " + std::to_string(seed + i));
        world w{seed + i, t};
        w.run(300);
        ++t.runs;
    }
    // The traffic did what it is meant to exercise.
    EXPECT_GT(t.published, t.runs * 20);
    EXPECT_GT(t.completions, t.runs * 5);
    EXPECT_GT(t.reconnects, t.runs * 2);
    EXPECT_GT(t.resumed, 0u);
    EXPECT_GT(t.resent, 0u);
    EXPECT_GT(t.refused_locally, 0u);
    EXPECT_GT(t.aliased, 0u);
    EXPECT_GT(t.pings, 0u);
    std::printf("session property: %zu runs, %zu steps, %zu published, %zu delivered, %zu completed, %zu reconnects "
                "(%zu resumed, %zu after a keep-alive timeout), %zu re-sent, %zu given up, %zu refused locally, "
                "%zu aliased, %zu PINGRESP\n",
                t.runs, t.steps, t.published, t.delivered, t.completions, t.reconnects, t.resumed, t.timeouts, t.resent,
                t.discarded, t.refused_locally, t.aliased, t.pings);
}

}  // namespace
