// Demo 1, request/response (§4.10): a requester asks for Response Information (Request Response Information
// 1) and shows what the broker answered; it sends several requests at once, each with a Response Topic and its
// own Correlation Data; a responder answers on the Response Topic, echoing the Correlation Data, in reverse
// order; the requester matches every answer to its request by the Correlation Data alone.
#pragma once

#include "demo.hpp"

#include <algorithm>
#include <map>

namespace demos {

inline std::string demo_request_response(context& ctx) {
    auto& t = ctx.t;
    start_broker(ctx);
    const std::string request_topic = "demo/rpc/add";

    auto responder = device(ctx, "responder");
    connect_clean(*responder, "demo-responder");
    check_eq(subscribe(*responder, request_topic, mqtt5::qos::at_least_once), mqtt5::reason_code::granted_qos_1, "responder: SUBACK");

    t.say("The requester asks for Response Information (Request Response Information 1)");
    auto requester = device(ctx, "requester");
    std::array<std::byte, 16> connect_storage{};
    mqtt5::property_builder<mqtt5::place::connect> cp{connect_storage};
    cp.request_response_information(1);
    const auto connack = interop::handshake(
        *requester, mqtt5::connect{.client_id = "demo-requester", .keep_alive = 60, .clean_start = true, .properties = interop::built(cp, "CONNECT")});
    const auto information = connack.as<mqtt5::connack>().properties.response_information();
    // The Response Topic: under the Response Information when the broker gives one (§4.10: it is a hint for it).
    const std::string response_topic = information ? std::string(*information) + "/demo-requester" : "demo/rpc/replies/demo-requester";
    t.say(information ? "The broker answered Response Information \"" + std::string(*information) + "\": the Response Topic goes under it"
                      : "The broker answered no Response Information (mosquitto sends none): the requester picks " + response_topic);
    check_eq(subscribe(*requester, response_topic, mqtt5::qos::at_least_once), mqtt5::reason_code::granted_qos_1, "requester: SUBACK");

    // Three requests in flight at once: "add a b", each with its Correlation Data (8 bytes) and the answer due.
    struct request {
        std::string payload{};
        std::string answer{};
    };
    std::map<std::string, request> outstanding;  // by Correlation Data, in hex
    const std::array<std::array<int, 2>, 3> operands{{{2, 3}, {40, 2}, {1000, 24}}};
    t.say("Three requests go out before any answer comes back");
    for (std::size_t i = 0; i < operands.size(); ++i) {
        const auto [a, b] = operands[i];
        std::vector<std::byte> correlation(8);
        for (std::size_t k = 0; k < correlation.size(); ++k) correlation[k] = static_cast<std::byte>(0xC0 + 0x11 * i + k);
        request r{"add " + std::to_string(a) + " " + std::to_string(b), std::to_string(a + b)};
        std::array<std::byte, 128> storage{};
        mqtt5::property_builder<mqtt5::place::publish> pp{storage};
        pp.response_topic(response_topic).correlation_data(correlation);
        requester->send(mqtt5::publish{.topic = request_topic,
                                       .payload = interop::bytes_of(r.payload),
                                       .qos = mqtt5::qos::at_least_once,
                                       .properties = interop::built(pp, "request")});
        outstanding.emplace(interop::hex_compact(correlation), std::move(r));
    }

    // The responder takes all three, then answers the last first: only the Correlation Data ties them together.
    auto requests = receive_publishes(*responder, operands.size());
    t.say("The responder answers in reverse order, on each request's Response Topic, echoing its Correlation Data");
    std::reverse(requests.begin(), requests.end());
    for (const auto& received : requests) {
        const auto& req = received.as<mqtt5::publish>();
        const auto reply_to = req.properties.response_topic();
        const auto correlation = req.properties.correlation_data();
        check(reply_to.has_value() && correlation.has_value(), "responder: a request without Response Topic or Correlation Data");
        int a = 0, b = 0;
        check(std::sscanf(std::string(interop::chars_of(req.payload)).c_str(), "add %d %d", &a, &b) == 2, "responder: not an add request");
        const auto answer = std::to_string(a + b);
        std::array<std::byte, 64> storage{};
        mqtt5::property_builder<mqtt5::place::publish> pp{storage};
        pp.correlation_data(*correlation);
        responder->send(mqtt5::publish{.topic = *reply_to,
                                       .payload = interop::bytes_of(answer),
                                       .qos = mqtt5::qos::at_least_once,
                                       .properties = interop::built(pp, "response")});
    }

    const auto answers = receive_publishes(*requester, operands.size());
    std::size_t matched = 0, out_of_order = 0;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        const auto& answer = answers[i].as<mqtt5::publish>();
        const auto correlation = answer.properties.correlation_data();
        check(correlation.has_value(), "requester: an answer without Correlation Data");
        const auto key = interop::hex_compact(*correlation);
        const auto it = outstanding.find(key);
        check(it != outstanding.end(), "requester: an answer matches no outstanding request: " + key);
        check_eq(std::string(interop::chars_of(answer.payload)), it->second.answer, "requester: the answer to \"" + it->second.payload + "\"");
        t.say("answer " + std::to_string(i + 1) + " correlation " + key + " -> request \"" + it->second.payload +
              "\" = " + it->second.answer);
        if (it->second.payload != "add " + std::to_string(operands[i][0]) + " " + std::to_string(operands[i][1])) ++out_of_order;
        outstanding.erase(it);
        ++matched;
    }
    check(outstanding.empty(), "requester: requests left unanswered");
    check(out_of_order > 0, "the answers came in request order: the demo shows nothing about matching");
    drain_acks(*requester);
    drain_acks(*responder);
    interop::disconnect_normally(*requester);
    interop::disconnect_normally(*responder);
    return std::to_string(operands.size()) + " requests in flight, " + std::to_string(matched) + "/" + std::to_string(operands.size()) +
           " answers matched by Correlation Data (" + std::to_string(out_of_order) + " out of order); Response Information: " +
           (information ? "\"" + std::string(*information) + "\"" : "none from the broker");
}

}  // namespace demos
