// What the five demos share: a mosquitto of their own (examples/interop/mosquitto.hpp: a free port, a fresh
// temporary directory, persistence off), devices that are interop::connection objects watched by a transcript,
// and the checks that make each demo a test (a failed check throws interop::failure: the program exits 1).
#pragma once

#include "transcript.hpp"

#include <mosquitto.hpp>
#include <scenarios.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace demos {

using interop::check;
using interop::check_eq;
using interop::fail;
using interop::milliseconds;

struct context {
    transcript& t;
    interop::mosquitto_broker& broker;
};

// "mosquitto 2.0.11" as the broker's log says, for the demo's heading.
inline std::string broker_version(const interop::mosquitto_broker& broker) {
    const auto log = broker.log();
    constexpr std::string_view banner = "mosquitto version ";
    const auto at = log.find(banner);
    if (at == std::string::npos) return "mosquitto";
    const auto version = at + banner.size();
    return "mosquitto " + log.substr(version, log.find(' ', version) - version);
}

// Starts the demo's own mosquitto (a free port, a fresh temporary directory, persistence off) with `config`
// added to its configuration, and says so.
inline void start_broker(context& ctx, const std::vector<std::string>& config = {}) {
    ctx.broker.start(config);
    std::string extra;  // the added lines, a path shortened to its file name
    for (const auto& line : config) {
        const auto space = line.find(' ');
        extra += (extra.empty() ? "" : ", ") + line.substr(0, space + 1) + std::filesystem::path(line.substr(space + 1)).filename().string();
    }
    ctx.t.say(broker_version(ctx.broker) + " on 127.0.0.1:" + std::to_string(ctx.broker.port()) + ", fresh temporary directory, persistence off" +
              (extra.empty() ? "" : "; " + extra));
}

// A device: a connection on the demo's broker whose every packet the transcript prints.
inline std::unique_ptr<interop::connection> device(context& ctx, const std::string& name, mqtt5::connection_options options = {},
                                                   bool quiet_receiving = false, interop::packet_observer also = {}) {
    auto c = std::make_unique<interop::connection>(name, nullptr, options);
    ctx.t.watch(*c, quiet_receiving, std::move(also));
    c->connect("127.0.0.1", ctx.broker.port());
    return c;
}

// CONNECT with a clean start, Keep Alive 60 (AWS allows 30..1200), and the CONNACK, which must be a success.
inline interop::received_packet connect_clean(interop::connection& c, const std::string& client_id) {
    return interop::handshake(c, mqtt5::connect{.client_id = client_id, .keep_alive = 60, .clean_start = true});
}

// SUBSCRIBE to one filter at `qos`; returns the SUBACK's reason code.
inline mqtt5::reason_code subscribe(interop::connection& c, std::string_view filter, mqtt5::qos qos) {
    const std::array<mqtt5::subscription, 1> subs{{{.topic_filter = filter, .max_qos = qos}}};
    const auto id = c.send(mqtt5::subscribe{.subscriptions = subs});
    const auto ack = c.expect<mqtt5::suback>();
    const auto& suback = ack.as<mqtt5::suback>();
    check_eq(suback.packet_id, id, c.name() + ": SUBACK packet id");
    check(suback.reason_codes.size() == 1, c.name() + ": one SUBACK reason code");
    return *suback.reason_codes.begin();
}

// Receives until `n` PUBLISH packets came (acks of the device's own exchanges may come between them).
inline std::vector<interop::received_packet> receive_publishes(interop::connection& c, std::size_t n) {
    std::vector<interop::received_packet> out;
    while (out.size() < n) {
        auto p = c.receive();
        if (p.is<mqtt5::publish>()) out.push_back(std::move(p));
        else check(p.is<mqtt5::puback>() || p.is<mqtt5::pubrec>() || p.is<mqtt5::pubcomp>(),
                   c.name() + ": expected a PUBLISH or an ack, got " + p.describe());
    }
    return out;
}

// Receives the acks still due for the device's own exchanges, until none is outstanding.
inline void drain_acks(interop::connection& c) {
    while (!c.layer().outbound().empty()) {
        const auto p = c.receive();
        check(p.is<mqtt5::puback>() || p.is<mqtt5::pubrec>() || p.is<mqtt5::pubcomp>(), c.name() + ": expected an ack, got " + p.describe());
    }
}

}  // namespace demos
