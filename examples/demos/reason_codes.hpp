// Demo 5, reason codes and the server's DISCONNECT (§2.4, §3.14): every reason code decoded and named.
//   - a refused SUBSCRIBE: mosquitto's dynamic-security plugin (Debian's package ships it) denies the filter, and
//     the SUBACK says 0x87 Not authorized (an acl_file would not do: mosquitto 2.0.11 still grants it);
//   - PUBACK 0x10 No matching subscribers, and the PUBREC of a QoS 2 PUBLISH (which AWS IoT Core would refuse);
//   - a session takeover: a second connection with the same Client Identifier; [MQTT-3.1.4-3] has the broker send
//     DISCONNECT 0x8E first, mosquitto 2.0.11 closes the old connection without it: the demo shows which;
//   - a PUBLISH above the broker's Maximum Packet Size: our own connection layer refuses to send it
//     [MQTT-3.1.2-24], so the demo steps around the layer on purpose (send_raw) and the broker answers
//     DISCONNECT 0x95 Packet too large.
#pragma once

#include "demo.hpp"

#include <filesystem>
#include <fstream>

namespace demos {

namespace detail {

// mosquitto_dynamic_security.so, where Debian's mosquitto package puts it (/usr/lib/<multiarch>/).
inline std::string dynamic_security_plugin() {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& dir : fs::directory_iterator("/usr/lib", ec)) {
        const auto candidate = dir.path() / "mosquitto_dynamic_security.so";
        if (fs::exists(candidate, ec)) return candidate.string();
    }
    for (const char* path : {"/usr/lib/mosquitto_dynamic_security.so", "/usr/local/lib/mosquitto_dynamic_security.so"})
        if (fs::exists(path, ec)) return path;
    fail("mosquitto_dynamic_security.so not found (Debian: it comes with the package mosquitto; `dpkg -L mosquitto | grep dynamic`)");
}

}  // namespace detail

inline std::string demo_reason_codes(context& ctx) {
    auto& t = ctx.t;
    constexpr std::uint32_t maximum_packet_size = 1024;
    const std::string forbidden = "demo/admin/#";
    // Anonymous devices (no user name) are in the anonymous group; its one role denies subscribing to demo/admin/#.
    {
        std::ofstream json(ctx.broker.dir() / "dynamic-security.json");
        json << R"({
  "defaultACLAccess": {"publishClientSend": true, "publishClientReceive": true, "subscribe": true, "unsubscribe": true},
  "clients": [],
  "groups": [{"groupname": "devices", "roles": [{"rolename": "no-admin"}]}],
  "roles": [{"rolename": "no-admin", "acls": [{"acltype": "subscribePattern", "topic": ")"
             << forbidden << R"(", "priority": 0, "allow": false}]}],
  "anonymousGroup": "devices"
}
)";
    }
    start_broker(ctx, {"plugin " + detail::dynamic_security_plugin(),
                      "plugin_opt_config_file " + (ctx.broker.dir() / "dynamic-security.json").string(),
                      "max_packet_size " + std::to_string(maximum_packet_size)});
    std::vector<std::string> shown;

    auto dev = device(ctx, "device");
    const auto connack = connect_clean(*dev, "demo-device");
    check_eq(connack.as<mqtt5::connack>().properties.maximum_packet_size().value_or(0), maximum_packet_size,
             "the broker's Maximum Packet Size");

    t.say("SUBSCRIBE to " + forbidden + ", which the dynamic-security plugin denies");
    const auto refused = subscribe(*dev, forbidden, mqtt5::qos::at_least_once);
    check_eq(refused, mqtt5::reason_code::not_authorized, "SUBACK for a denied filter");
    shown.push_back("SUBACK " + reason_name(refused, mqtt5::packet_type::suback));

    t.say("PUBLISH QoS 1 and QoS 2 where nobody listens");
    const std::string nobody = "demo/nobody/listens";
    dev->send(mqtt5::publish{.topic = nobody, .payload = interop::bytes_of("hello?"), .qos = mqtt5::qos::at_least_once});
    const auto puback = dev->expect<mqtt5::puback>();
    check_eq(puback.as<mqtt5::puback>().reason, mqtt5::reason_code::no_matching_subscribers, "PUBACK");
    shown.push_back("PUBACK " + reason_name(puback.as<mqtt5::puback>().reason, mqtt5::packet_type::puback));
    dev->send(mqtt5::publish{.topic = nobody, .payload = interop::bytes_of("hello?"), .qos = mqtt5::qos::exactly_once});
    // mosquitto 2.0.11 says 0x10 in a PUBACK only; its PUBREC says 0x00 (the standard allows either: §3.5.2.1).
    const auto pubrec = dev->expect<mqtt5::pubrec>();  // the connection sends the PUBREL the layer makes due
    const auto pubrec_reason = pubrec.as<mqtt5::pubrec>().reason;
    check(pubrec_reason == mqtt5::reason_code::success || pubrec_reason == mqtt5::reason_code::no_matching_subscribers,
          "PUBREC: 0x00 or 0x10, got 0x" + interop::hex2(static_cast<unsigned>(pubrec_reason)));
    check_eq(dev->expect<mqtt5::pubcomp>().as<mqtt5::pubcomp>().reason, mqtt5::reason_code::success, "PUBCOMP");
    shown.push_back("PUBREC " + reason_name(pubrec_reason, mqtt5::packet_type::pubrec));

    t.say("A second connection with the same Client Identifier takes the session over");
    auto second = device(ctx, "takeover");
    connect_clean(*second, "demo-device");
    std::string takeover;
    try {
        const auto dc = dev->receive();
        const auto reason = dc.as<mqtt5::disconnect>().reason;
        check_eq(reason, mqtt5::reason_code::session_taken_over, "DISCONNECT to the old connection");
        check(dev->wait_closed(), "the broker closes the old connection after its DISCONNECT");
        takeover = "DISCONNECT " + reason_name(reason, mqtt5::packet_type::disconnect);
        t.say("The old connection got " + takeover + ", then the broker closed it");
    } catch (const interop::peer_closed& e) {
        takeover = "old connection closed without DISCONNECT 0x8E";
        t.say("The old connection was closed without DISCONNECT 0x8E ([MQTT-3.1.4-3] asks for one; mosquitto 2.0.11 sends none)."
              " The library reports: " + std::string(e.what()));
    }
    shown.push_back("takeover: " + takeover);

    const std::string big(1500, 'x');
    const mqtt5::publish oversize{.topic = "demo/big", .payload = interop::bytes_of(big), .qos = mqtt5::qos::at_least_once, .packet_id = 7};
    t.say("A " + std::to_string(big.size()) + "-byte payload: above the broker's Maximum Packet Size of " + std::to_string(maximum_packet_size));
    const auto by_layer = second->try_send(oversize);
    check(!by_layer.has_value(), "the connection layer sent a PUBLISH above the peer's Maximum Packet Size");
    check_eq(by_layer.error().code, mqtt5::errc::packet_too_large, "the layer's refusal");
    t.say("Our connection layer refuses to send it: " + interop::error_text(by_layer.error()));
    t.say("The demo steps around the layer ON PURPOSE (send_raw) to show what the broker does");
    std::vector<std::byte> bytes(*mqtt5::encoded_size(mqtt5::packet{oversize}));
    check(mqtt5::encode(mqtt5::packet{oversize}, bytes).has_value(), "encoding the over-size PUBLISH");
    t.raw_sent(*second, bytes);
    second->send_raw(bytes);
    const auto dc = second->expect<mqtt5::disconnect>();
    const auto& disconnect = dc.as<mqtt5::disconnect>();
    check_eq(disconnect.reason, mqtt5::reason_code::packet_too_large, "the broker's DISCONNECT");
    check(second->wait_closed(), "the broker closes the connection after its DISCONNECT");
    shown.push_back("DISCONNECT " + reason_name(disconnect.reason, mqtt5::packet_type::disconnect) +
                    (disconnect.properties.reason_string() ? " \"" + std::string(*disconnect.properties.reason_string()) + "\"" : ""));

    std::string out;
    for (const auto& s : shown) out += (out.empty() ? "" : "; ") + s;
    return out;
}

}  // namespace demos
