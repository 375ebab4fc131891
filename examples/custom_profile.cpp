// A profile for a private broker: the standard (mqtt5_spec) refined with the broker's own limits. The profile
// itself is the dozen lines below; the rest of the program checks two packets against it and prints the report.
#include <mqtt5.hpp>

#include <cstdio>
#include <string_view>

// --- the profile -------------------------------------------------------------------------------------------
struct factory_broker : mqtt5::spec_profile<factory_broker> {
    static constexpr std::string_view name = "factory-broker";
    static constexpr mqtt5::spec_limits limits{
        .connack = {.maximum_packet_size = 4096,
                    .topic_alias_maximum = 4,
                    .maximum_qos = mqtt5::qos::at_least_once,
                    .retain_available = false},
        .topic_prefix = "factory/line-1/"};
};
// -------------------------------------------------------------------------------------------------------------

namespace {
void print(std::string_view what, const mqtt5::check_report& report) {
    std::printf("%.*s: %zu violation(s)\n", static_cast<int>(what.size()), what.data(), report.violations().size());
    for (const auto& v : report.violations()) {
        const auto name = mqtt5::to_string(v.rule);
        const auto action = mqtt5::to_string(v.action.kind);
        std::printf("  %.*s -> %.*s", static_cast<int>(name.size()), name.data(), static_cast<int>(action.size()), action.data());
        if (v.action.has_reason_code) std::printf(":0x%02X", v.action.reason_code);
        std::printf("\n");
    }
}
}  // namespace

int main() {
    constexpr std::string_view reading = R"({"rpm":1200})";
    const mqtt5::publish good{.topic = "factory/line-1/press-3/rpm",
                              .payload = std::as_bytes(std::span{reading}),
                              .qos = mqtt5::qos::at_least_once,
                              .packet_id = 1};
    const auto clean = mqtt5::check(good, factory_broker{});
    print("good", clean);

    mqtt5::publish bad = good;
    bad.topic = "office/printer";  // outside the prefix: Not authorized (0x87)
    bad.qos = mqtt5::qos::exactly_once;  // above Maximum QoS 1: DISCONNECT 0x9B
    bad.retain = true;  // Retain Available 0: DISCONNECT 0x9A
    const auto broken = mqtt5::check(bad, factory_broker{});
    print("bad", broken);

    const bool as_expected = clean.clean() && broken.violations().size() == 3 && broken.has(mqtt5::rule_id::mqtt5_topic_prefix) &&
                             broken.has(mqtt5::rule_id::mqtt5_qos_max) && broken.has(mqtt5::rule_id::mqtt5_retain_unavailable);
    return as_expected ? 0 : 1;
}
