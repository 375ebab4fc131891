// Demo 3, Topic Alias (§3.3.2.3.4): N PUBLISH packets on a long topic, from a device that names the topic in
// full every time and from one whose connection layer maps it to an alias (topic_alias_policy::
// least_recently_used): the first PUBLISH sets the alias, the others send an empty Topic Name. The bytes on the
// wire are counted and the saving checked against the encoding: (N - 1) x the topic's length, less 3 bytes of
// Topic Alias property per PUBLISH. The broker's Topic Alias Maximum (max_topic_alias 2) is honoured with a third
// topic, and after a reconnect the aliases start afresh [MQTT-3.3.2-7]. A subscriber receives every message with
// its full topic.
#pragma once

#include "demo.hpp"

namespace demos {

inline std::string demo_topic_alias(context& ctx) {
    auto& t = ctx.t;
    constexpr std::uint16_t server_maximum = 2;
    start_broker(ctx, {"max_topic_alias " + std::to_string(server_maximum)});
    const std::string topic = "demo/alias/building-42/floor-07/room-1234/sensor/temperature";  // 7 levels: AWS allows 7
    const std::array<std::string, 2> others{"demo/alias/building-42/floor-07/room-1234/sensor/humidity",
                                            "demo/alias/building-42/floor-07/room-1234/sensor/pressure"};
    constexpr std::size_t n = 8;
    const std::string reading = "21.5";

    auto subscriber = device(ctx, "dashboard", {}, true);
    connect_clean(*subscriber, "demo-dashboard");
    check_eq(subscribe(*subscriber, "demo/alias/#", mqtt5::qos::at_most_once), mqtt5::reason_code::granted_qos_0, "dashboard: SUBACK");

    t.say(std::to_string(n) + " PUBLISH on a " + std::to_string(topic.size()) + "-byte topic, the topic in full every time");
    auto plain = device(ctx, "plain");
    connect_clean(*plain, "demo-plain");
    for (std::size_t i = 0; i < n; ++i) plain->send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(reading)});
    interop::disconnect_normally(*plain);
    const auto without = t.bytes("plain", interop::direction::sent, mqtt5::packet_type::publish).bytes;

    // Every alias the aliased device sends, in order, with whether its PUBLISH named the topic.
    std::vector<std::pair<std::uint16_t, bool>> aliases_sent;
    auto aliased = device(ctx, "aliased", {.outbound_aliases = mqtt5::topic_alias_policy::least_recently_used}, false,
                          [&aliases_sent](interop::direction d, const interop::received_packet& p) {
                              if (d != interop::direction::sent || !p.is<mqtt5::publish>()) return;
                              const auto& pub = p.as<mqtt5::publish>();
                              aliases_sent.emplace_back(pub.properties.topic_alias().value_or(0), !pub.topic.empty());
                          });
    const auto connack = connect_clean(*aliased, "demo-aliased");
    const auto announced = connack.as<mqtt5::connack>().properties.topic_alias_maximum().value_or(0);
    check_eq(announced, server_maximum, "the broker's Topic Alias Maximum");
    t.say("The same " + std::to_string(n) + " PUBLISH, the connection layer choosing aliases (the broker allows " +
          std::to_string(announced) + ")");
    for (std::size_t i = 0; i < n; ++i) aliased->send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(reading)});
    const auto with = t.bytes("aliased", interop::direction::sent, mqtt5::packet_type::publish).bytes;
    const auto expected_saving = (n - 1) * topic.size() - n * 3;  // Topic Alias property: identifier + Two Byte Integer
    check_eq(without - with, expected_saving, "the bytes the alias saves");
    t.say("On the wire: " + std::to_string(without) + " B without the alias, " + std::to_string(with) + " B with it: " +
          std::to_string(without - with) + " B saved (" + std::to_string((without - with) * 100 / without) + "%)");

    t.say("Two more topics: the layer never goes above the broker's maximum of " + std::to_string(announced) + ", it replaces the least recently used");
    for (const auto& other : others) aliased->send(mqtt5::publish{.topic = other, .payload = interop::bytes_of(reading)});
    for (const auto& sent : aliases_sent)
        check(sent.first >= 1 && sent.first <= announced, "an alias outside 1..the broker's maximum: " + std::to_string(sent.first));

    t.say("Reconnect: aliases start afresh, so the first PUBLISH names its topic again [MQTT-3.3.2-7]");
    interop::disconnect_normally(*aliased);
    aliased->connect("127.0.0.1", ctx.broker.port());
    connect_clean(*aliased, "demo-aliased");
    aliases_sent.clear();
    aliased->send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(reading)});
    aliased->send(mqtt5::publish{.topic = topic, .payload = interop::bytes_of(reading)});
    check(aliases_sent.size() == 2 && aliases_sent[0].second && aliases_sent[0].first != 0 && !aliases_sent[1].second,
          "after the reconnect: the first PUBLISH names the topic and sets the alias, the second uses it");
    interop::disconnect_normally(*aliased);

    // Every message reached the subscriber with its full topic: the broker resolved every alias.
    const std::size_t total = n + n + others.size() + 2;
    const auto delivered = receive_publishes(*subscriber, total);
    std::size_t full_topic = 0;
    for (const auto& p : delivered) full_topic += p.as<mqtt5::publish>().topic.rfind("demo/alias/building-42/", 0) == 0 ? 1 : 0;
    check_eq(full_topic, total, "messages the dashboard received with their full topic");
    t.say("The dashboard received all " + std::to_string(total) + " messages, each with its full topic");
    interop::disconnect_normally(*subscriber);
    return std::to_string(n) + " PUBLISH on a " + std::to_string(topic.size()) + "-byte topic: " + std::to_string(without) + " B -> " +
           std::to_string(with) + " B with an alias, " + std::to_string(without - with) + " B saved; broker maximum " +
           std::to_string(announced) + " honoured; fresh aliases after reconnect";
}

}  // namespace demos
