// mqtt5-device-advisor: an example device (device.hpp) against a broker on a loopback address. It connects
// (with exponential backoff and jitter), subscribes to its command topic (unless the Session was resumed),
// publishes telemetry at QoS 1 (each sent again on the next connection, DUP 1, until its PUBACK comes),
// acknowledges the commands it receives, keeps the connection alive and reconnects whenever it is lost.
// It prints what it does and every packet. Exit status 0 when every PUBLISH was acknowledged, 1 when the
// device gave up, 2 on bad arguments.
//
//   mosquitto -p 1883 &
//   mqtt5-device-advisor 127.0.0.1 1883 [CLIENT_ID [MESSAGES [SECONDS]]]
#include "device.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <random>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s HOST PORT [CLIENT_ID [MESSAGES [SECONDS]]]\n", argv[0]);
        return 2;
    }
    const long port = std::strtol(argv[2], nullptr, 10);
    if (port <= 0 || port > 65535) {
        std::fprintf(stderr, "bad port: %s\n", argv[2]);
        return 2;
    }
    const std::string id = argc > 3 ? argv[3] : "mqtt5-device";
    const long messages = argc > 4 ? std::strtol(argv[4], nullptr, 10) : 3;
    const long seconds = argc > 5 ? std::strtol(argv[5], nullptr, 10) : 2;
    if (messages < 0 || seconds < 0) {
        std::fprintf(stderr, "MESSAGES and SECONDS must not be negative\n");
        return 2;
    }

    // A real device draws its jitter from a real random source; the tests pass a fixed sequence instead.
    std::mt19937 engine{std::random_device{}()};
    device_advisor::device_options options{.host = argv[1],
                                           .port = static_cast<std::uint16_t>(port),
                                           .client_id = id,
                                           .keep_alive_s = 30,
                                           .connack_timeout = device_advisor::milliseconds{3000},
                                           .ack_timeout = device_advisor::milliseconds{3000},
                                           .backoff = {.base = device_advisor::milliseconds{500},
                                                       .cap = device_advisor::milliseconds{30000},
                                                       .max_retries = 8},
                                           .subscriptions = {"devices/" + id + "/commands"}};
    device_advisor::device device{options, [&engine] { return static_cast<std::uint32_t>(engine()); }, &std::cout};
    try {
        device.start();
        for (long i = 0; i < messages; ++i)
            device.publish("devices/" + id + "/telemetry", "{\"reading\":" + std::to_string(i) + "}");
        device.run_for(device_advisor::milliseconds{seconds * 1000});
        device.stop();
    } catch (const std::exception& e) {
        std::cout << std::flush;
        std::fprintf(stderr, "device gave up: %s\n", e.what());
        return 1;
    }
    std::cout << messages << " message(s) acknowledged, " << device.messages().size() << " command(s) received\n";
    return 0;
}
