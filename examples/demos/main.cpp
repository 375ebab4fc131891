// mqtt5-demos: the five demos of MQTT v5 on the connection layer, each against a mosquitto of its own on
// loopback, printing every packet over the wire and what AWS IoT Core would do with each packet a device sent.
// Each demo checks the facts of its transcript; a failed check makes the program exit 1 (ctest runs each demo
// as the test demo.<name>). Usage: mqtt5-demos [name...] (no name: all five, then a table of what each showed).
#include "expiry.hpp"
#include "reason_codes.hpp"
#include "request_response.hpp"
#include "topic_alias.hpp"
#include "user_properties.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct demo {
    std::string name{};
    std::string title{};
    std::string (*run)(demos::context&){};
};

const std::vector<demo>& all_demos() {
    static const std::vector<demo> list{
        {"request_response", "Request/response", demos::demo_request_response},
        {"user_properties", "User properties", demos::demo_user_properties},
        {"topic_alias", "Topic alias", demos::demo_topic_alias},
        {"expiry", "Message expiry, session expiry, clean start", demos::demo_expiry},
        {"reason_codes", "Reason codes and server disconnect", demos::demo_reason_codes},
    };
    return list;
}

struct row {
    std::string title{};
    bool passed{};
    double seconds{};
    std::string showed{};
};

row run_one(const demo& d, std::size_t number, std::size_t count) {
    std::cout << "\n=== Demo " << number << "/" << count << ": " << d.title << " (" << d.name << ") ===\n";
    demos::transcript t{std::cout};
    interop::mosquitto_broker broker;
    demos::context ctx{t, broker};
    const auto start = std::chrono::steady_clock::now();
    row r{std::to_string(number) + " " + d.title, false, 0, ""};
    try {
        r.showed = d.run(ctx);
        r.passed = true;
        std::cout << "  => " << r.showed << "\n";
    } catch (const std::exception& e) {
        r.showed = std::string("FAILED: ") + e.what();
        std::cout << "  => " << r.showed << "\n";
        if (broker.running()) std::cout << "  --- mosquitto log ---\n" << broker.log();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<const demo*> chosen;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        const demo* found = nullptr;
        for (const auto& d : all_demos())
            if (d.name == name) found = &d;
        if (found == nullptr) {
            std::cerr << "mqtt5-demos: no demo named '" << name << "'; the demos:";
            for (const auto& d : all_demos()) std::cerr << " " << d.name;
            std::cerr << "\n";
            return 2;
        }
        chosen.push_back(found);
    }
    if (chosen.empty())
        for (const auto& d : all_demos()) chosen.push_back(&d);

    std::cout << "Each line: who, -> sent / <- received, bytes on the wire, the packet [reason codes named]"
                 " | what AWS IoT Core would do with a packet the device sent.\n";
    std::vector<row> rows;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const auto number = static_cast<std::size_t>(chosen[i] - all_demos().data()) + 1;
        rows.push_back(run_one(*chosen[i], number, all_demos().size()));
    }

    std::size_t width = 0, passed = 0;
    double total = 0;
    for (const auto& r : rows) {
        width = std::max(width, r.title.size());
        passed += r.passed ? 1 : 0;
        total += r.seconds;
    }
    std::cout << "\n" << std::string(width, ' ') << "  result      what it showed\n";
    for (const auto& r : rows) {
        char seconds[16];
        std::snprintf(seconds, sizeof seconds, "%5.1f s", r.seconds);
        std::cout << r.title << std::string(width - r.title.size(), ' ') << "  " << (r.passed ? "ok  " : "FAIL") << seconds << "  "
                  << r.showed << "\n";
    }
    char seconds[16];
    std::snprintf(seconds, sizeof seconds, "%.1f", total);
    std::cout << passed << "/" << rows.size() << " demos passed, " << seconds << " s in all\n";
    return passed == rows.size() ? 0 : 1;
}
