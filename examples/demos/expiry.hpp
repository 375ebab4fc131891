// Demo 4, Message Expiry, Session Expiry and Clean Start (§3.1.2.4, §3.1.2.11.2, §3.3.2.3.3), each row of the
// note's table live on one persistent subscriber:
//   Clean Start 1, Session Expiry 60 -> Session Present 0 (a new session, kept 60 s after the connection ends);
//   while it is away, two messages: Message Expiry 1 s and 60 s; it stays away 2 s;
//   Clean Start 0, Session Expiry 60 -> Session Present 1: the session resumes [MQTT-3.2.2-2]; the 1 s message
//     ran out and is not delivered [MQTT-3.3.2-5]; the 60 s one is, with the time it has left [MQTT-3.3.2-6];
//   Clean Start 1 -> Session Present 0: it starts afresh [MQTT-3.1.2-4];
//   Session Expiry 0 -> the session ends with the connection [MQTT-3.1.2-23]: the next Clean Start 0 finds
//     none (Session Present 0) [MQTT-3.2.2-3].
#pragma once

#include "demo.hpp"

#include <thread>

namespace demos {

namespace detail {

// CONNECT with the given Clean Start and Session Expiry Interval; returns the CONNACK's Session Present.
inline bool connect_session(context& ctx, interop::connection& c, bool clean_start, std::uint32_t session_expiry) {
    c.connect("127.0.0.1", ctx.broker.port());
    std::array<std::byte, 16> storage{};
    mqtt5::property_builder<mqtt5::place::connect> cp{storage};
    cp.session_expiry_interval(session_expiry);
    const auto ack = interop::handshake(c, mqtt5::connect{.client_id = "demo-persistent", .keep_alive = 60, .clean_start = clean_start,
                                                          .properties = interop::built(cp, "CONNECT")});
    return ack.as<mqtt5::connack>().session_present;
}

}  // namespace detail

inline std::string demo_expiry(context& ctx) {
    auto& t = ctx.t;
    start_broker(ctx);
    const std::string topic = "demo/alerts/dev-0001";
    constexpr std::uint32_t short_expiry = 1, long_expiry = 60;
    constexpr milliseconds away{2200};  // longer than the short expiry (mosquitto counts whole seconds), shorter than the long one
    std::vector<int> session_present;

    auto subscriber = device(ctx, "persistent");
    t.say("Clean Start 1, Session Expiry 60 s: a new session that outlives the connection");
    session_present.push_back(detail::connect_session(ctx, *subscriber, true, 60));
    check_eq(session_present.back(), 0, "Session Present after Clean Start 1");
    check_eq(subscribe(*subscriber, topic, mqtt5::qos::at_least_once), mqtt5::reason_code::granted_qos_1, "SUBACK");
    interop::disconnect_normally(*subscriber);

    t.say("While the subscriber is away: one message that expires in " + std::to_string(short_expiry) + " s, one in " +
          std::to_string(long_expiry) + " s");
    auto sensor = device(ctx, "sensor");
    connect_clean(*sensor, "demo-sensor");
    for (const auto expiry : {short_expiry, long_expiry}) {
        std::array<std::byte, 16> storage{};
        mqtt5::property_builder<mqtt5::place::publish> pp{storage};
        pp.message_expiry_interval(expiry);
        const auto text = "expires in " + std::to_string(expiry) + " s";
        sensor->send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(text), .qos = mqtt5::qos::at_least_once,
                                    .properties = interop::built(pp, "alert")});
        const auto ack = sensor->expect<mqtt5::puback>();
        check_eq(ack.as<mqtt5::puback>().reason, mqtt5::reason_code::success, "PUBACK: the broker keeps it for the session");
    }
    interop::disconnect_normally(*sensor);
    t.say("... " + std::to_string(away.count()) + " ms pass ...");
    std::this_thread::sleep_for(away);

    t.say("Clean Start 0, Session Expiry 60 s: the session resumes, with what was queued for it");
    session_present.push_back(detail::connect_session(ctx, *subscriber, false, 60));
    check_eq(session_present.back(), 1, "Session Present after Clean Start 0 within the Session Expiry");
    const auto delivered = receive_publishes(*subscriber, 1);
    const auto& kept = delivered[0].as<mqtt5::publish>();
    check_eq(std::string(interop::chars_of(kept.payload)), "expires in 60 s", "the message delivered");
    const auto left = kept.properties.message_expiry_interval();
    check(left.has_value() && *left < long_expiry && *left + 5 >= long_expiry,
          "the delivered message carries the time it has left [MQTT-3.3.2-6], got " + std::to_string(left.value_or(0)));
    const auto late = subscriber->try_receive(milliseconds{500});
    check(!late.has_value(), "nothing more: the expired message is not delivered, got " + (late ? late->describe() : ""));
    t.say("Delivered: the 60 s message with " + std::to_string(*left) + " s left; the " + std::to_string(short_expiry) +
          " s message ran out and was not delivered");
    interop::disconnect_normally(*subscriber);

    t.say("Clean Start 1: the session is there, but the device starts afresh; Session Expiry 0 this time");
    session_present.push_back(detail::connect_session(ctx, *subscriber, true, 0));
    check_eq(session_present.back(), 0, "Session Present after Clean Start 1");
    interop::disconnect_normally(*subscriber);

    t.say("Clean Start 0 again: Session Expiry 0 ended the session with the connection, so there is none to resume");
    session_present.push_back(detail::connect_session(ctx, *subscriber, false, 0));
    check_eq(session_present.back(), 0, "Session Present after a connection with Session Expiry 0");
    interop::disconnect_normally(*subscriber);

    std::string values;
    for (const auto sp : session_present) values += (values.empty() ? "" : ",") + std::to_string(sp);
    return "Session Present " + values + " (CS1/SE60, CS0/SE60, CS1/SE0, CS0); 1 s message not delivered after " +
           std::to_string(away.count()) + " ms away, 60 s one delivered with " + std::to_string(*left) + " s left";
}

}  // namespace demos
