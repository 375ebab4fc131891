// mqtt5-interop-client: runs the interop scenarios of scenarios.hpp against a running MQTT v5 broker on a
// loopback address and prints every packet exchanged (decoded, and its bytes). Exit status 0 when every
// scenario passed, 1 at the first failure (with what was unexpected), 2 on bad arguments.
//
//   mosquitto -p 1883 &                       # or any MQTT v5 broker
//   mqtt5-interop-client 127.0.0.1 1883       # all scenarios
//   mqtt5-interop-client 127.0.0.1 1883 retained unsubscribe
//   mqtt5-interop-client --version 4 127.0.0.1 1883   # MQTT 3.1.1 (3: MQTT 3.1): the basic_* scenarios
//
// Topics and Client Identifiers start with "mqtt5-interop-<pid>" so that runs against a long-lived broker
// do not see each other's retained messages. The scenarios expect a broker with the defaults of
// mosquitto 2.0 (anonymous access, no authentication plugin).
#include "scenarios.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
    // --version 3|4|5 (first): the version our client speaks; at 3 and 4 only the basic_* scenarios exist.
    auto version = mqtt5::protocol_version::v5;
    const char* program = argv[0];
    if (argc >= 3 && std::string_view{argv[1]} == "--version") {
        const std::string_view v{argv[2]};
        if (v == "3") version = mqtt5::protocol_version::v31;
        else if (v == "4") version = mqtt5::protocol_version::v311;
        else if (v != "5") {
            std::fprintf(stderr, "--version must be 3, 4 or 5\n");
            return 2;
        }
        argc -= 2;
        argv += 2;
    }
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s [--version 3|4|5] HOST PORT [SCENARIO...]\nscenarios:", program);
        for (const auto& s : interop::all_scenarios) std::fprintf(stderr, " %.*s", static_cast<int>(s.name.size()), s.name.data());
        std::fprintf(stderr, "\n");
        return 2;
    }
    const long port = std::strtol(argv[2], nullptr, 10);
    if (port <= 0 || port > 65535) {
        std::fprintf(stderr, "bad port: %s\n", argv[2]);
        return 2;
    }
    interop::context ctx{.host = argv[1],
                         .port = static_cast<std::uint16_t>(port),
                         .log = &std::cout,
                         .captures = nullptr,
                         .prefix = "mqtt5-interop-" + std::to_string(::getpid()),
                         .version = version};
    int ran = 0;
    for (const auto& s : interop::all_scenarios) {
        bool wanted = argc == 3 && (s.every_version || version == mqtt5::protocol_version::v5);
        for (int i = 3; i < argc; ++i) wanted = wanted || s.name == std::string_view{argv[i]};
        if (!wanted) continue;
        if (!s.every_version && version != mqtt5::protocol_version::v5) {
            std::fprintf(stderr, "scenario %.*s needs --version 5\n", static_cast<int>(s.name.size()), s.name.data());
            return 2;
        }
        std::cout << "=== " << s.name << "\n";
        try {
            s.run(ctx);
        } catch (const std::exception& e) {
            std::cout << std::flush;
            std::fprintf(stderr, "FAILED %.*s: %s\n", static_cast<int>(s.name.size()), s.name.data(), e.what());
            return 1;
        }
        std::cout << "--- " << s.name << ": ok\n";
        ++ran;
    }
    if (ran == 0) {
        std::fprintf(stderr, "no scenario matched\n");
        return 2;
    }
    std::cout << ran << " scenario(s) passed\n";
    return 0;
}
