// Arbitrary packets through every cloud profile: the first byte picks the protocol version (bit 0: 3.1.1 or 5)
// and the direction (bit 1), and says which of check_options' connection facts follow (bit 2: the connection's
// Client Identifier, bit 3: the PUBLISH's Topic Name after Topic Alias resolution), each as one length byte and
// that many bytes (cut short at the end of the input); the rest is decoded as one packet, with the sender the
// direction implies. Whatever decodes is checked by aws_iot_core, azure_iot_hub, aliyun_iot, greengrass_emqx,
// greengrass_moquette, mqtt5_spec (alone and with negotiated limits) and a custom profile. No crash; every violation names a rule of its
// profile's cloud with the table's source and an action that prints; a full report says so (never silently).
#include <mqtt5.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

struct custom_broker : mqtt5::spec_profile<custom_broker> {
    static constexpr std::string_view name = "custom";
    static constexpr mqtt5::spec_limits limits{
        .connack = {.maximum_packet_size = 512, .topic_alias_maximum = 2, .maximum_qos = mqtt5::qos::at_most_once,
                    .retain_available = false, .wildcard_subscription_available = false,
                    .subscription_identifier_available = false, .shared_subscription_available = false},
        .topic_prefix = "p/"};
};

bool cloud_may_report(mqtt5::cloud profile, mqtt5::cloud rule) {
    if (profile == mqtt5::cloud::greengrass_emqx || profile == mqtt5::cloud::greengrass_moquette)
        return rule == profile || rule == mqtt5::cloud::greengrass;
    return rule == profile;
}

void verify(const mqtt5::check_report& r, mqtt5::cloud cloud) {
    FUZZ_CHECK(r.violations().size() <= mqtt5::check_report::violation_capacity);
    FUZZ_CHECK(!r.overflowed() || r.violations().size() == mqtt5::check_report::violation_capacity);
    FUZZ_CHECK(r.clean() == (r.violations().empty() && !r.overflowed()));
    FUZZ_CHECK(r.notes().size() <= mqtt5::check_report::note_capacity);
    for (const auto& v : r.violations()) {
        FUZZ_CHECK(static_cast<std::size_t>(v.rule) < mqtt5::rule_table.size());
        FUZZ_CHECK(cloud_may_report(cloud, mqtt5::info_of(v.rule).cloud));
        FUZZ_CHECK(v.source == mqtt5::info_of(v.rule).source && !v.source.empty());
        std::array<char, 24> text{};
        FUZZ_CHECK(mqtt5::action_text(v.action, text).has_value());
    }
}

template <class Profile> void run(const mqtt5::packet& p, const mqtt5::check_options& o, mqtt5::cloud cloud) {
    verify(mqtt5::check(p, Profile{}, o), cloud);
    std::array<std::byte, 64> storage{};
    const auto ack = mqtt5::announced_connack(Profile::announced(), storage, o.version);
    FUZZ_CHECK(ack.has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    mqtt5::check_options o{};
    o.version = (data[0] & 1u) ? mqtt5::protocol_version::v311 : mqtt5::protocol_version::v5;
    o.direction = (data[0] & 2u) ? mqtt5::direction::cloud_to_device : mqtt5::direction::device_to_cloud;
    mqtt5::decode_options d{};
    d.version = o.version;
    d.sender = o.direction == mqtt5::direction::device_to_cloud ? mqtt5::role::client : mqtt5::role::server;
    auto input = std::as_bytes(std::span{data + 1, size - 1});
    // A length byte and up to that many bytes: a view of arbitrary bytes, as a caller could pass (the profiles
    // must not assume the connection layer's checked values).
    const auto take_text = [&input]() -> std::string_view {
        if (input.empty()) return {};
        const auto n = static_cast<std::size_t>(input[0]) < input.size() - 1 ? static_cast<std::size_t>(input[0]) : input.size() - 1;
        const std::string_view text{reinterpret_cast<const char*>(input.data() + 1), n};
        input = input.subspan(1 + n);
        return text;
    };
    if (data[0] & 4u) o.client_id = take_text();
    if (data[0] & 8u) o.resolved_topic = take_text();
    const auto decoded = mqtt5::decode(input, d);  // what is left: the packet
    if (!decoded) return 0;
    run<mqtt5::aws_iot_core>(*decoded, o, mqtt5::cloud::aws_iot_core);
    run<mqtt5::azure_iot_hub>(*decoded, o, mqtt5::cloud::azure_iot_hub);
    run<mqtt5::aliyun_iot>(*decoded, o, mqtt5::cloud::aliyun_iot);
    run<mqtt5::greengrass_emqx>(*decoded, o, mqtt5::cloud::greengrass_emqx);
    run<mqtt5::greengrass_moquette>(*decoded, o, mqtt5::cloud::greengrass_moquette);
    run<mqtt5::mqtt5_spec>(*decoded, o, mqtt5::cloud::mqtt5_spec);
    run<custom_broker>(*decoded, o, mqtt5::cloud::mqtt5_spec);
    mqtt5::negotiated_limits n{};
    n.server = mqtt5::server_limits_of(mqtt5::aws_iot_core::announced());
    mqtt5::check_options with_state = o;
    with_state.negotiated = &n;
    verify(mqtt5::check(*decoded, mqtt5::mqtt5_spec{}, with_state), mqtt5::cloud::mqtt5_spec);
    return 0;
}
