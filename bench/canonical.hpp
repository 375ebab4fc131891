// The canonical packets of the benchmarks (P1..P6, P5b, stream S1), built with the library's own builder
// and checked against their listed bytes before anything is measured.
#pragma once

#include <mqtt5.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace canonical {

inline std::vector<std::byte> from_hex(std::string_view hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "benchmark setup failed: %s\n", what);
        std::abort();
    }
}

// Storage every prepared packet points into; lives as long as the program.
struct packets {
    std::array<std::byte, 256> p1_payload{};
    std::array<std::byte, 16> p1_correlation{};
    std::array<std::byte, 16> p2_payload{};
    std::array<std::byte, 512> property_storage{};
    std::array<mqtt5::subscription, 5> p4_subscriptions{};

    mqtt5::publish p1{}, p2{};
    mqtt5::connect p3{};
    mqtt5::subscribe p4{};
    mqtt5::puback p5{}, p5b{};
    mqtt5::disconnect p6{};

    std::vector<std::byte> p1_bytes, p2_bytes, p3_bytes, p4_bytes, p5_bytes, p5b_bytes, p6_bytes, s1_bytes;

    packets() {
        std::size_t used = 0;
        const auto storage = [&](std::size_t n) {
            auto s = std::span<std::byte>(property_storage).subspan(used, n);
            used += n;
            return s;
        };
        p1_payload.fill(std::byte{0x61});
        for (int i = 0; i < 16; ++i) p1_correlation[static_cast<std::size_t>(i)] = static_cast<std::byte>(i + 1);
        p2_payload.fill(std::byte{0xAB});

        auto p1_props = mqtt5::property_builder<mqtt5::place::publish>{storage(160)}
                            .payload_format_indicator(1)
                            .message_expiry_interval(3600)
                            .topic_alias(5)
                            .response_topic("devices/dev-0001/responses")
                            .correlation_data(p1_correlation)
                            .user_property("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736")
                            .user_property("source", "sensor-a")
                            .content_type("application/json")
                            .build();
        require(p1_props.has_value(), "P1 properties");
        p1 = {.topic = "devices/dev-0001/telemetry/temperature", .payload = p1_payload, .qos = mqtt5::qos::at_least_once,
              .packet_id = 42, .properties = *p1_props};
        p2 = {.topic = "t/1", .payload = p2_payload};

        auto p3_props = mqtt5::property_builder<mqtt5::place::connect>{storage(48)}
                            .session_expiry_interval(3600)
                            .receive_maximum(100)
                            .maximum_packet_size(131072)
                            .topic_alias_maximum(8)
                            .user_property("app", "demo")
                            .build();
        auto will_props = mqtt5::property_builder<mqtt5::place::will>{storage(48)}
                              .will_delay_interval(30)
                              .message_expiry_interval(600)
                              .content_type("text/plain")
                              .build();
        require(p3_props.has_value() && will_props.has_value(), "P3 properties");
        static constexpr std::string_view password = "0123456789ABCDEF0123456789ABCDEF";
        static constexpr std::string_view will_payload = "offline";
        p3 = {.client_id = "dev-0001",
              .keep_alive = 60,
              .clean_start = true,
              .properties = *p3_props,
              .will = mqtt5::will_message{.topic = "devices/dev-0001/status",
                                          .payload = std::as_bytes(std::span{will_payload}),
                                          .properties = *will_props},
              .username = "user",
              .password = std::as_bytes(std::span{password})};

        auto p4_props = mqtt5::property_builder<mqtt5::place::subscribe>{storage(8)}.subscription_identifier(12).build();
        require(p4_props.has_value(), "P4 properties");
        p4_subscriptions = {{{.topic_filter = "a/+/c", .max_qos = mqtt5::qos::at_least_once},
                             {.topic_filter = "sensors/#", .max_qos = mqtt5::qos::at_least_once, .no_local = true},
                             {.topic_filter = "$share/g1/jobs/+", .max_qos = mqtt5::qos::at_least_once},
                             {.topic_filter = "devices/dev-0001/cmd", .max_qos = mqtt5::qos::at_least_once},
                             {.topic_filter = "x/y/z", .max_qos = mqtt5::qos::at_least_once,
                              .retain_handling = mqtt5::retain_handling::do_not_send}}};
        p4 = {.packet_id = 7, .properties = *p4_props, .subscriptions = p4_subscriptions};

        auto p5_props = mqtt5::property_builder<mqtt5::place::puback>{storage(16)}.reason_string("none").build();
        require(p5_props.has_value(), "P5 properties");
        p5 = {.packet_id = 42, .reason = mqtt5::reason_code::no_matching_subscribers, .properties = *p5_props};
        p5b = {.packet_id = 42};

        auto p6_props = mqtt5::property_builder<mqtt5::place::disconnect>{storage(48)}
                            .reason_string("another connection")
                            .server_reference("backup.example.com")
                            .build();
        require(p6_props.has_value(), "P6 properties");
        p6 = {.reason = mqtt5::reason_code::session_taken_over, .properties = *p6_props};

        p1_bytes = from_hex(
            "32b9030026646576696365732f6465762d303030312f74656c656d657472792f74656d7065726174757265002a8d0101010200000e102300"
            "0508001a646576696365732f6465762d303030312f726573706f6e7365730900100102030405060708090a0b0c0d0e0f10260008747261"
            "63652d696400203462663932663335373762333464613661336365393239643065306534373336260006736f75726365000873656e736f"
            "722d610300106170706c69636174696f6e2f6a736f6e");
        for (int i = 0; i < 256; ++i) p1_bytes.push_back(std::byte{0x61});
        p2_bytes = from_hex("30160003742f3100abababababababababababababababab");
        p3_bytes = from_hex(
            "10930100044d51545405c6003c1c1100000e102100642700020000220008260003617070000464656d6f00086465762d3030303117180000"
            "001e020000025803000a746578742f706c61696e0017646576696365732f6465762d303030312f73746174757300076f66666c696e650004"
            "7573657200203031323334353637383941424344454630313233343536373839414243444546");
        p4_bytes = from_hex(
            "824b0007020b0c0005612f2b2f6301000973656e736f72732f230500102473686172652f67312f6a6f62732f2b010014646576696365732f"
            "6465762d303030312f636d64010005782f792f7a21");
        p5_bytes = from_hex("400b002a10071f00046e6f6e65");
        p5b_bytes = from_hex("4002002a");
        p6_bytes = from_hex("e02c8e2a1f0012616e6f7468657220636f6e6e656374696f6e1c00126261636b75702e6578616d706c652e636f6d");
        for (int i = 0; i < 1909; ++i)
            for (const auto* part : {&p1_bytes, &p2_bytes, &p5b_bytes, &p4_bytes}) s1_bytes.insert(s1_bytes.end(), part->begin(), part->end());

        // The encoder must produce exactly the listed bytes (canonical-packets.md).
        check(p1, p1_bytes, "P1");
        check(p2, p2_bytes, "P2");
        check(p3, p3_bytes, "P3");
        check(p4, p4_bytes, "P4");
        check(p5, p5_bytes, "P5");
        check(p5b, p5b_bytes, "P5b");
        check(p6, p6_bytes, "P6");
        require(s1_bytes.size() == 1'048'041, "S1 is 1,048,041 bytes");
    }

    template <class P> static void check(const P& p, const std::vector<std::byte>& expected, const char* name) {
        std::array<std::byte, 1024> out{};
        const auto n = mqtt5::encode(p, out);
        if (!n || *n != expected.size() || std::memcmp(out.data(), expected.data(), *n) != 0) {
            std::fprintf(stderr, "%s does not encode to its canonical bytes\n", name);
            std::abort();
        }
    }
};

inline const packets& get() {
    static const packets instance;
    return instance;
}

}  // namespace canonical
