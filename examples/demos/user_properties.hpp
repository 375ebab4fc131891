// Demo 2, user properties (§3.3.2.3.7): a telemetry message carries several User Properties, one name twice; a
// subscriber reads them back in the order they were sent [MQTT-3.3.2-17] [MQTT-3.3.2-18]. What they cost on the
// wire is measured (the PUBLISH with them against the same PUBLISH without) and checked against the encoding:
// 1 byte of identifier and two length-prefixed UTF-8 strings each.
#pragma once

#include "demo.hpp"

#include <utility>

namespace demos {

inline std::string demo_user_properties(context& ctx) {
    auto& t = ctx.t;
    start_broker(ctx);
    const std::string topic = "demo/telemetry/dev-0001";
    const std::vector<std::pair<std::string, std::string>> sent{
        {"site", "plant-3"}, {"sensor", "t-101"}, {"unit", "celsius"}, {"sensor", "t-102"}, {"firmware", "1.4.2"}};
    const std::string reading = "21.5,21.7";

    auto subscriber = device(ctx, "dashboard");
    connect_clean(*subscriber, "demo-dashboard");
    check_eq(subscribe(*subscriber, "demo/telemetry/#", mqtt5::qos::at_least_once), mqtt5::reason_code::granted_qos_1, "dashboard: SUBACK");

    auto sensor = device(ctx, "sensor");
    connect_clean(*sensor, "demo-sensor");
    t.say("Telemetry with " + std::to_string(sent.size()) + " User Properties; \"sensor\" comes twice");
    std::array<std::byte, 256> storage{};
    mqtt5::property_builder<mqtt5::place::publish> pp{storage};
    std::size_t expected_cost = 0;
    for (const auto& [name, value] : sent) {
        pp.user_property(name, value);
        expected_cost += 1 + 2 + name.size() + 2 + value.size();  // identifier 0x26, then two UTF-8 strings (§1.5.7)
    }
    mqtt5::publish with{.topic = topic, .payload = interop::bytes_of(reading), .qos = mqtt5::qos::at_least_once,
                        .properties = interop::built(pp, "telemetry")};
    sensor->send(with);
    drain_acks(*sensor);

    const auto delivered = receive_publishes(*subscriber, 1);
    const auto& got = delivered[0].as<mqtt5::publish>();
    const auto read_back = interop::user_properties(got.properties);
    interop::check_user_properties(read_back, sent, "dashboard: the User Properties, in order");
    std::string listed;
    for (const auto& [name, value] : read_back) listed += (listed.empty() ? "" : ", ") + name + "=" + value;
    t.say("The dashboard read back, in order: " + listed);

    // The cost: the PUBLISH as it went over the wire, against the same message without User Properties.
    const auto on_wire = t.bytes("sensor", interop::direction::sent, mqtt5::packet_type::publish).bytes;
    with.packet_id = 1;
    mqtt5::publish without = with;
    without.properties = {};
    const auto size_without = mqtt5::encoded_size(mqtt5::packet{without});
    check(size_without.has_value(), "encoded_size of the plain PUBLISH");
    const auto cost = on_wire - *size_without;
    check_eq(cost, expected_cost, "the bytes the User Properties cost");
    t.say("They cost " + std::to_string(cost) + " of the PUBLISH's " + std::to_string(on_wire) + " bytes (without them: " +
          std::to_string(*size_without) + ")");
    interop::disconnect_normally(*sensor);
    drain_acks(*subscriber);
    interop::disconnect_normally(*subscriber);
    return std::to_string(sent.size()) + " User Properties (\"sensor\" twice) read back in order; they cost " + std::to_string(cost) +
           " of the PUBLISH's " + std::to_string(on_wire) + " bytes";
}

}  // namespace demos
