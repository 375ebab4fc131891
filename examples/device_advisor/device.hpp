// A device client that behaves as AWS IoT Core Device Advisor's MQTT test cases expect
// (shared/docs/device-advisor.md; the README's "Device Advisor" table). It is built on mqtt5's
// connection layer through the blocking socket loop of examples/interop/connection.hpp, which already sends
// the acks the layer makes due (PUBACK for a QoS 1 PUBLISH), sends PINGREQ when Keep Alive asks, throws
// interop::peer_overdue when the PINGRESP does not come in time, and re-sends the unacknowledged PUBLISH
// packets (DUP 1, same Packet Identifier) after a CONNACK with Session Present 1. What this file adds:
//
//   - connect attempts with exponential backoff and jitter (backoff.hpp), after a CONNACK that does not come,
//     a refused connection, a server DISCONNECT, a dropped connection or a missing PINGRESP;
//   - a QoS 1 PUBLISH whose PUBACK does not come within ack_timeout: the connection is ended and the message
//     goes again on the next one, with DUP 1 and the same Packet Identifier, as MQTT 5 allows a re-send only
//     on a new connection [MQTT-4.4.0-1] (3.1.1 allows it on the same one, not required);
//   - a SUBSCRIBE whose SUBACK does not come within ack_timeout is sent again (a new Packet Identifier);
//   - (v5) Clean Start 1 only until the first accepted CONNACK, then Clean Start 0, with a Session Expiry
//     Interval (3.1.1: CleanSession 0 always): Session Present 1 resumes the subscriptions (no SUBSCRIBE),
//     Session Present 0 subscribes again, and a message still unacknowledged when the Session is gone is
//     published again as a new one.
//
// Every wait is bounded; the device is single-threaded and blocking: it works only inside its calls
// (start, publish, run_for, stop). Its events (connect attempts, waits, timeouts) are kept for the caller.
#pragma once

#include "backoff.hpp"
#include "connection.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace device_advisor {

using clock = std::chrono::steady_clock;

// Everything a device is told at start.
struct device_options {
    std::string host{"127.0.0.1"};
    std::uint16_t port{1883};
    std::string client_id{"device"};
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};
    std::uint16_t keep_alive_s{60};
    milliseconds pingresp_timeout{0};   // 0: the layer's default (the Keep Alive itself)
    milliseconds connack_timeout{5000};
    milliseconds ack_timeout{5000};     // PUBACK, SUBACK
    unsigned subscribe_attempts{3};     // SUBSCRIBEs on one connection before it is ended
    unsigned publish_attempts{5};       // connections a QoS 1 PUBLISH is sent on before giving up
    std::uint32_t session_expiry_s{3600};  // v5 Session Expiry Interval (3.1.1: the Session simply persists)
    milliseconds stable_after{30000};   // a connection that held this long resets the backoff
    backoff_policy backoff{};
    std::vector<std::string> subscriptions{};  // Topic Filters, subscribed at QoS 1
};

// What the device did, in order (for its log and for tests).
enum class event_kind : std::uint8_t {
    backoff_wait,      // detail: the wait in ms before the next connect attempt
    connect_attempt,   // detail: the attempt number since the last stable connection
    connected,         // detail: Session Present
    connack_timeout,
    connect_failed,    // the TCP connect or the handshake failed (refused, closed, a refusing CONNACK)
    subscribed,        // detail: the SUBACK's Packet Identifier
    suback_timeout,    // detail: the SUBSCRIBE's Packet Identifier
    published,         // detail: the Packet Identifier (0: QoS 0)
    puback_timeout,    // detail: the Packet Identifier
    acknowledged,      // detail: the Packet Identifier of a PUBACK or PUBCOMP (text: which)
    message,           // a PUBLISH arrived; detail: its Packet Identifier (0: QoS 0)
    server_disconnect, // detail: the DISCONNECT's reason code
    pingresp_timeout,
    connection_lost,
};

struct device_event {
    event_kind kind{};
    clock::time_point at{};
    unsigned detail{};
    std::string text{};
};

// A message the device received.
struct device_message {
    std::string topic{};
    std::string payload{};
    mqtt5::qos qos{};
    bool dup{};
    std::uint16_t packet_id{};
};

// The device gave up (its backoff policy's retries are used up, or a PUBLISH was never acknowledged).
struct gave_up : interop::failure {
    using interop::failure::failure;
};

class device {
public:
    device(device_options options, backoff::random_source random, std::ostream* log = nullptr)
        : options_(std::move(options)),
          log_(log),
          backoff_(options_.backoff, std::move(random)),
          conn_(options_.client_id, log,
                mqtt5::connection_options{.pingresp_timeout = static_cast<mqtt5::millis>(options_.pingresp_timeout.count())}) {
        conn_.set_version(options_.version);
    }

    // Connected (with backoff), subscribed unless the Session was resumed.
    void start() { ensure_connected(); }

    // Publishes; a QoS 1 (2) message returns once its PUBACK (PUBCOMP) came, on this or a later connection.
    // Returns its Packet Identifier (0 for QoS 0).
    std::uint16_t publish(const std::string& topic, const std::string& payload, mqtt5::qos qos = mqtt5::qos::at_least_once) {
        ensure_connected();
        if (qos == mqtt5::qos::at_most_once) {
            if (!send_publish(topic, payload, qos, 0)) return 0;
            record(event_kind::published, 0, topic);
            return 0;
        }
        const auto id = free_packet_id();
        const auto seq = ++publish_sequence_;
        pending_.push_back({seq, topic, payload, qos, id});
        (void)send_publish(topic, payload, qos, id);  // a broken connection: the layer holds the exchange, re-sent below
        record(event_kind::published, id, topic);
        for (unsigned attempt = 1;; ++attempt) {
            // The Packet Identifier changes only when a Session Present 0 makes it a new message.
            const auto current_id = [&] { return pending_of(seq).packet_id; };
            const auto outcome = await([&] { return completed_.count(current_id()) != 0; }, options_.ack_timeout);
            if (outcome == wait_outcome::satisfied) {
                const auto final_id = current_id();
                completed_.erase(final_id);
                std::erase_if(pending_, [seq](const pending_publish& p) { return p.sequence == seq; });
                return final_id;
            }
            if (attempt >= options_.publish_attempts)
                throw gave_up(name() + ": PUBLISH " + std::to_string(current_id()) + " never acknowledged");
            if (outcome == wait_outcome::timed_out) {
                record(event_kind::puback_timeout, current_id(), "none within " + ms(options_.ack_timeout));
                end_connection("no PUBACK");  // v5: the re-send may only go on a new connection [MQTT-4.4.0-1]
            }
            ensure_connected();  // Session Present 1: re-sent with DUP 1; 0: published again as a new message
        }
    }

    // Serves the connection for `duration`: receives, answers, keeps alive, reconnects when it is lost.
    void run_for(milliseconds duration) {
        const auto deadline = clock::now() + duration;
        for (auto left = duration; left.count() > 0; left = remaining(deadline)) {
            ensure_connected();
            (void)await([] { return false; }, remaining(deadline));
        }
    }

    // Ends the connection with a normal DISCONNECT (the Session stays for session_expiry_s). The next start()
    // is not a retry: it connects at once.
    void stop() {
        ever_tried_ = false;
        backoff_.reset();
        if (!conn_.is_open()) return;
        try {
            conn_.send(mqtt5::disconnect{});
        } catch (const interop::failure&) {
        }
        conn_.close();
    }

    const std::vector<device_event>& events() const noexcept { return events_; }
    const std::vector<device_message>& messages() const noexcept { return messages_; }
    bool connected() const noexcept { return conn_.is_open(); }
    bool session_present() const noexcept { return session_present_; }
    const interop::connection& connection() const noexcept { return conn_; }

private:
    enum class wait_outcome : std::uint8_t { satisfied, timed_out, lost };
    struct pending_publish {
        std::uint64_t sequence{};  // which publish() call it belongs to
        std::string topic{};
        std::string payload{};
        mqtt5::qos qos{};
        std::uint16_t packet_id{};
    };

    const std::string& name() const noexcept { return conn_.name(); }
    static std::string ms(milliseconds d) { return std::to_string(d.count()) + " ms"; }
    static milliseconds remaining(clock::time_point deadline) {
        return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(deadline - clock::now()));
    }

    void record(event_kind kind, unsigned detail = 0, std::string text = {}) {
        events_.push_back({kind, clock::now(), detail, text});
        if (log_ != nullptr) *log_ << "[" << name() << "] " << describe(events_.back()) << "\n";
    }

public:
    static std::string describe(const device_event& e) {
        const auto d = std::to_string(e.detail);
        switch (e.kind) {
        case event_kind::backoff_wait: return "backoff: waiting " + d + " ms before the next attempt";
        case event_kind::connect_attempt: return "connect attempt " + d;
        case event_kind::connected: return "connected, Session Present " + d;
        case event_kind::connack_timeout: return "no CONNACK: " + e.text;
        case event_kind::connect_failed: return "connect failed: " + e.text;
        case event_kind::subscribed: return "SUBACK for SUBSCRIBE " + d;
        case event_kind::suback_timeout: return "no SUBACK for SUBSCRIBE " + d + ": " + e.text;
        case event_kind::published: return "PUBLISH " + d + " on " + e.text;
        case event_kind::puback_timeout: return "no PUBACK for PUBLISH " + d + ": " + e.text;
        case event_kind::acknowledged: return e.text + " for PUBLISH " + d;
        case event_kind::message: return "message " + d + " on " + e.text;
        case event_kind::server_disconnect: return "server DISCONNECT, reason 0x" + interop::hex2(e.detail) + " " + e.text;
        case event_kind::pingresp_timeout: return "no PINGRESP: " + e.text;
        case event_kind::connection_lost: return "connection lost: " + e.text;
        }
        return "?";
    }

private:
    // ---- connecting -------------------------------------------------------------------------------------

    // Connected and subscribed as the Session needs, however many connections that takes.
    void ensure_connected() {
        while (!conn_.is_open()) {
            connect_with_backoff();
            // Session Present 1 keeps the subscriptions that were acknowledged (MQTT_Persistent_Session_Happy_Case);
            // 0 means there are none (MQTT_Expired_Persistent_Session) [MQTT-3.2.2-5].
            if (!session_present_) subscribed_ = false;
            if (!subscribed_ && !subscribe_all()) continue;  // the connection was lost while subscribing
            if (!session_present_) republish_pending();
        }
    }

    // One accepted CONNACK, after as many attempts as the backoff policy allows.
    void connect_with_backoff() {
        for (;;) {
            if (ever_tried_) {
                if (backoff_.exhausted())
                    throw gave_up(name() + ": no connection after " + std::to_string(backoff_.retries()) + " retries");
                const auto wait = backoff_.next();
                record(event_kind::backoff_wait, static_cast<unsigned>(wait.count()));
                std::this_thread::sleep_for(wait);
            }
            ever_tried_ = true;
            record(event_kind::connect_attempt, backoff_.retries() + 1);
            if (try_connect()) return;
        }
    }

    bool try_connect() {
        try {
            conn_.connect(options_.host, options_.port, options_.connack_timeout);
            std::array<std::byte, 16> storage{};
            mqtt5::property_builder<mqtt5::place::connect> properties{storage};
            if (options_.version == mqtt5::protocol_version::v5) properties.session_expiry_interval(options_.session_expiry_s);
            const auto block = properties.build();
            interop::check(block.has_value(), name() + ": CONNECT properties");
            // v5: Clean Start 1 until a Session exists on the server (its Session Expiry Interval keeps it after
            // the connection [MQTT-3.1.2-23]); from then on it is resumed [MQTT-3.1.2-5]. 3.1.1: CleanSession 1
            // would end the Session with the connection [MQTT-3.1.2-6] (3.1.1): a device that keeps one sends 0.
            const bool v5 = options_.version == mqtt5::protocol_version::v5;
            conn_.send(mqtt5::connect{.client_id = options_.client_id,
                                      .keep_alive = options_.keep_alive_s,
                                      .clean_start = v5 && !ever_connected_,
                                      .properties = *block});
            // Nothing else goes out before the CONNACK (MQTT_Connect). Another packet first is a failure.
            auto ack = conn_.try_receive(options_.connack_timeout);
            if (!ack) {
                record(event_kind::connack_timeout, 0, "none within " + ms(options_.connack_timeout));
                conn_.close();
                return false;
            }
            const auto& connack = ack->as<mqtt5::connack>();
            if (conn_.layer().state() != mqtt5::connection_state::connected) {
                record(event_kind::connect_failed, static_cast<unsigned>(connack.reason), "CONNACK refused: " + ack->describe());
                conn_.close();
                return false;
            }
            session_present_ = connack.session_present;
            ever_connected_ = true;
            connected_at_ = clock::now();
            record(event_kind::connected, session_present_ ? 1 : 0);
            // Session Present 1: interop::connection has re-sent the unacknowledged PUBLISH packets (DUP 1).
            return true;
        } catch (const interop::failure& e) {
            record(event_kind::connect_failed, 0, e.what());
            conn_.close();
            return false;
        }
    }

    // Ends the network connection from this side (DISCONNECT first when it still works).
    void end_connection(const std::string& why) {
        if (conn_.is_open()) {
            try {
                conn_.send(mqtt5::disconnect{});
            } catch (const interop::failure&) {
            }
        }
        lost(why);
    }

    // The connection is over: closed, and the backoff starts afresh only if it had held for stable_after.
    void lost(const std::string& why) {
        conn_.close();
        record(event_kind::connection_lost, 0, why);
        if (clock::now() - connected_at_ >= options_.stable_after) backoff_.reset();
    }

    // ---- subscribing --------------------------------------------------------------------------------------

    // SUBSCRIBE to every filter; again (new Packet Identifier) while no SUBACK comes. false: the connection is gone.
    bool subscribe_all() {
        if (options_.subscriptions.empty()) return true;
        std::vector<mqtt5::subscription> subs;
        for (const auto& f : options_.subscriptions) subs.push_back({.topic_filter = f, .max_qos = mqtt5::qos::at_least_once});
        std::set<std::uint16_t> ids;
        for (unsigned attempt = 1; attempt <= options_.subscribe_attempts; ++attempt) {
            std::uint16_t id = 0;
            try {
                id = conn_.send(mqtt5::subscribe{.subscriptions = std::span<const mqtt5::subscription>(subs)});
            } catch (const interop::refused&) {
                throw;
            } catch (const interop::failure& e) {
                lost(e.what());
                return false;
            }
            ids.insert(id);
            // A late SUBACK for an earlier SUBSCRIBE is as good (the layer keeps that exchange open).
            std::uint16_t acked = 0;
            const auto outcome = await([&] {
                for (const auto i : ids)
                    if (subacked_.erase(i) != 0) acked = i;
                return acked != 0;
            }, options_.ack_timeout);
            if (outcome == wait_outcome::lost) return false;
            if (outcome == wait_outcome::satisfied) {
                subscribed_ = true;
                record(event_kind::subscribed, acked);
                return true;
            }
            record(event_kind::suback_timeout, id, "none within " + ms(options_.ack_timeout));
        }
        end_connection("no SUBACK after " + std::to_string(options_.subscribe_attempts) + " SUBSCRIBEs");
        return false;
    }

    // ---- publishing ---------------------------------------------------------------------------------------

    bool send_publish(const std::string& topic, const std::string& payload, mqtt5::qos qos, std::uint16_t id) {
        try {
            conn_.send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(payload), .qos = qos, .packet_id = id});
            return true;
        } catch (const interop::refused&) {
            throw;
        } catch (const interop::failure& e) {
            lost(e.what());
            return false;
        }
    }

    // The Packet Identifier a new QoS 1 PUBLISH gets: chosen here, not by the layer, so that it is known even
    // when the connection breaks while the PUBLISH is written.
    std::uint16_t free_packet_id() {
        for (;;) {
            next_id_ = static_cast<std::uint16_t>(next_id_ == 0xFFFF ? 1 : next_id_ + 1);
            bool used = false;
            for (const auto& e : conn_.layer().outbound()) used = used || e.packet_id == next_id_;
            for (const auto& p : pending_) used = used || p.packet_id == next_id_;
            if (!used) return next_id_;
        }
    }

    const pending_publish& pending_of(std::uint64_t sequence) const {
        for (const auto& p : pending_)
            if (p.sequence == sequence) return p;
        interop::fail(name() + ": no pending PUBLISH " + std::to_string(sequence));
    }

    // Session Present 0: the server forgot the unacknowledged messages, and the layer dropped their exchanges;
    // each goes again as a new message, with a new Packet Identifier (DUP 0).
    void republish_pending() {
        for (auto& p : pending_) {
            p.packet_id = 0;
            p.packet_id = free_packet_id();
            if (!send_publish(p.topic, p.payload, p.qos, p.packet_id)) return;
            record(event_kind::published, p.packet_id, p.topic);
        }
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    // Receives until `done()` or `timeout`, handling what arrives; a lost connection ends the wait.
    template <class Done> wait_outcome await(Done done, milliseconds timeout) {
        const auto deadline = clock::now() + timeout;
        for (;;) {
            if (done()) return wait_outcome::satisfied;
            if (!conn_.is_open()) return wait_outcome::lost;
            const auto left = remaining(deadline);
            if (left.count() == 0) return wait_outcome::timed_out;
            try {
                auto packet = conn_.try_receive(left);
                if (packet) handle(*packet);
            } catch (const interop::peer_overdue& e) {
                // MQTT_No_Ack_PingResp: no PINGRESP within the timeout: close the connection (§3.1.2.10).
                record(event_kind::pingresp_timeout, 0, e.what());
                lost("no PINGRESP");
            } catch (const interop::refused&) {
                throw;
            } catch (const interop::failure& e) {
                lost(e.what());
            }
        }
    }

    void handle(const interop::received_packet& packet) {
        if (packet.completed_packet_id != 0) {
            if (packet.is<mqtt5::suback>()) {
                subacked_.insert(packet.completed_packet_id);
            } else {
                completed_.insert(packet.completed_packet_id);
                record(event_kind::acknowledged, packet.completed_packet_id, std::string(mqtt5::to_string(packet.type())));
            }
        }
        if (packet.is<mqtt5::publish>()) {
            // interop::connection has sent the PUBACK the layer made due (MQTT_Client_Puback_Qos1).
            const auto& p = packet.as<mqtt5::publish>();
            if (packet.deliver)
                messages_.push_back({packet.topic, std::string(interop::chars_of(p.payload)), p.qos, p.dup, p.packet_id});
            record(event_kind::message, p.packet_id, packet.topic);
        } else if (packet.is<mqtt5::disconnect>()) {
            const auto& d = packet.as<mqtt5::disconnect>();
            record(event_kind::server_disconnect, static_cast<unsigned>(d.reason),
                   std::string(mqtt5::to_string(d.reason, mqtt5::packet_type::disconnect)));
            lost("server DISCONNECT");
        }
    }

    device_options options_;
    std::ostream* log_{};
    backoff backoff_;
    interop::connection conn_;
    std::vector<device_event> events_{};
    std::vector<device_message> messages_{};
    std::vector<pending_publish> pending_{};
    std::set<std::uint16_t> completed_{};  // PUBACKs received, not yet claimed by publish()
    std::set<std::uint16_t> subacked_{};   // SUBACKs received, not yet claimed by subscribe_all()
    clock::time_point connected_at_{};
    std::uint64_t publish_sequence_{};
    std::uint16_t next_id_{};
    bool ever_tried_{};
    bool ever_connected_{};
    bool session_present_{};
    bool subscribed_{};  // the Session on the server holds the subscriptions (a SUBACK came in it)
};

}  // namespace device_advisor
