// azure_iot_hub on a connection: a device's SUBSCRIBE is judged with the connection's Client Identifier
// (check_options::client_id). Expectations come from shared/docs/cloud-profiles.md (row azure.subscribe.filter:
// only devices/{deviceId}/messages/devicebound/#, $iothub/twin/res/#, $iothub/methods/POST/#,
// $iothub/twin/PATCH/properties/desired/#; client id `{deviceId}` or `{deviceId}/{moduleId}`; device ids are
// case-sensitive) and the file comment of profiles/azure_iot_hub.hpp: "with the connection's client id ... a
// SUBSCRIBE's devicebound filter must name the connected device"; judged alone (no client id) any well-formed
// device id passes (check.hpp, check_options::client_id). All packets go over 3.1.1, the only protocol a
// standard hub takes, so azure.protocol.version never adds to the count.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "profile_support.hpp"

namespace {
using namespace profile_test;
using mqtt5::qos;
const mqtt5::azure_iot_hub azure{};
using S = std::set<std::string>;

// 3.1.1, device to cloud, on a connection whose Client Identifier is `client_id` (nullopt: judged alone).
mqtt5::check_options on_connection(std::optional<std::string_view> client_id,
                                   mqtt5::direction d = mqtt5::direction::device_to_cloud) {
    auto o = v311(d);
    o.client_id = client_id;
    return o;
}

mqtt5::check_report check_filters(const std::vector<mqtt5::subscription>& entries, const mqtt5::check_options& o) {
    return mqtt5::check(sub(entries), azure, o);
}

mqtt5::check_report check_filter(std::string_view filter, const mqtt5::check_options& o) {
    const std::vector<mqtt5::subscription> entries{{filter, qos::at_least_once}};
    return check_filters(entries, o);
}

// The report holds exactly one violation: azure.subscribe.filter, reject, whose found value is `filter`.
void expect_one_filter_violation(const mqtt5::check_report& r, std::string_view filter) {
    EXPECT_EQ(summary(r), S{"azure.subscribe.filter=reject"}) << filter;
    ASSERT_EQ(r.violations().size(), 1u) << filter;
    const auto& v = r.violations()[0];
    EXPECT_EQ(v.rule, mqtt5::rule_id::azure_subscribe_filter) << filter;
    EXPECT_EQ(mqtt5::to_string(v.rule), "azure.subscribe.filter");
    EXPECT_FALSE(v.found.is_number) << filter;
    EXPECT_EQ(v.found.text, filter);
    EXPECT_EQ(v.found, mqtt5::finding::of(filter));
    EXPECT_FALSE(r.overflowed());
}

// A filter refused for a reason other than the connected identity (malformed or undocumented): one violation of
// azure.subscribe.filter (its found value is not asserted: the docs do not say what it holds for these).
void expect_one_refusal(const mqtt5::check_report& r, std::string_view filter) {
    EXPECT_EQ(summary(r), S{"azure.subscribe.filter=reject"}) << filter;
    EXPECT_EQ(r.violations().size(), 1u) << filter;
}

constexpr std::string_view own_filter = "devices/dev-01/messages/devicebound/#";
constexpr std::string_view other_filter = "devices/dev-02/messages/devicebound/#";

// The connected device's own cloud-to-device filter is what the hub expects: clean.
TEST(ProfileAzureConnection, OwnDeviceboundFilterIsClean) {
    const auto o = on_connection("dev-01");
    const auto r = check_filter(own_filter, o);
    EXPECT_TRUE(r.clean());
    EXPECT_EQ(summary(r), clean);
    // The filter the library's own builder writes for the connected device is the same one.
    std::array<char, 64> buf{};
    const auto built = mqtt5::azure_c2d_filter("dev-01", buf);
    ASSERT_TRUE(built.has_value());
    EXPECT_EQ(summary(check_filter(*built, o)), clean);
    // QoS 0 works too (the hub grants 0 or 1).
    const std::vector<mqtt5::subscription> q0{{own_filter, qos::at_most_once}};
    EXPECT_EQ(summary(check_filters(q0, o)), clean);
    EXPECT_TRUE(encodes(sub(q0), mqtt5::protocol_version::v311));
}

// Another device's devicebound filter on dev-01's connection: one azure.subscribe.filter, found = the filter.
TEST(ProfileAzureConnection, OtherDevicesFilterBreaksSubscribeFilter) {
    const auto o = on_connection("dev-01");
    const auto r = check_filter(other_filter, o);
    EXPECT_FALSE(r.clean());
    EXPECT_TRUE(r.has(mqtt5::rule_id::azure_subscribe_filter));
    expect_one_filter_violation(r, other_filter);
    ASSERT_FALSE(r.violations().empty());
    EXPECT_EQ(r.violations()[0].source, mqtt5::info_of(mqtt5::rule_id::azure_subscribe_filter).source);
}

// Just outside the connected id: a prefix, an extension, a different case (ids are case-sensitive) of "dev-01".
TEST(ProfileAzureConnection, PrefixExtensionAndCaseOfTheDeviceIdBreak) {
    const auto o = on_connection("dev-01");
    for (const std::string_view f : {std::string_view{"devices/dev-011/messages/devicebound/#"},
                                     std::string_view{"devices/dev-0/messages/devicebound/#"},
                                     std::string_view{"devices/dev-01x/messages/devicebound/#"},
                                     std::string_view{"devices/xdev-01/messages/devicebound/#"},
                                     std::string_view{"devices/DEV-01/messages/devicebound/#"}})
        expect_one_filter_violation(check_filter(f, o), f);
    // The exact id, just inside, for contrast.
    EXPECT_EQ(summary(check_filter(own_filter, o)), clean);
}

// A module identity `{deviceId}/{moduleId}`: the devicebound filter names the device, not the module.
TEST(ProfileAzureConnection, ModuleIdentityNamesItsDevice) {
    const auto o = on_connection("dev-01/mod-1");
    EXPECT_EQ(summary(check_filter(own_filter, o)), clean);
    for (const std::string_view f : {std::string_view{"devices/mod-1/messages/devicebound/#"},
                                     std::string_view{"devices/dev-02/messages/devicebound/#"},
                                     std::string_view{"devices/dev-0/messages/devicebound/#"}})
        expect_one_filter_violation(check_filter(f, o), f);
}

// Judged alone (no client id), any well-formed device's devicebound filter passes, as before.
TEST(ProfileAzureConnection, WithoutClientIdAnyWellFormedDevicePasses) {
    const auto alone = on_connection(std::nullopt);
    for (const std::string_view f : {own_filter, other_filter, std::string_view{"devices/mod-1/messages/devicebound/#"},
                                     std::string_view{"devices/DEV-01/messages/devicebound/#"}})
        EXPECT_EQ(summary(check_filter(f, alone)), clean) << f;
    // The default check_options (no client id) agree, apart from the protocol version they default to.
    EXPECT_EQ(summary(check_filter(other_filter, v311())), clean);
    // A malformed devicebound filter is still refused without a client id.
    expect_one_refusal(check_filter("devices/dev+2/messages/devicebound/#", alone), "devices/dev+2/messages/devicebound/#");
}

// One SUBSCRIBE, several filters: own devicebound + twin responses + another device's: exactly one violation,
// for the other device's filter; in any position.
TEST(ProfileAzureConnection, SeveralFiltersOnlyTheOtherDevicesBreaks) {
    const auto o = on_connection("dev-01");
    const std::vector<mqtt5::subscription> mixed{{own_filter, qos::at_least_once},
                                                 {mqtt5::azure_twin_response_filter, qos::at_most_once},
                                                 {other_filter, qos::at_least_once}};
    EXPECT_TRUE(encodes(sub(mixed), mqtt5::protocol_version::v311));
    expect_one_filter_violation(check_filters(mixed, o), other_filter);
    const std::vector<mqtt5::subscription> other_first{{other_filter, qos::at_least_once},
                                                       {own_filter, qos::at_least_once},
                                                       {mqtt5::azure_twin_response_filter, qos::at_most_once}};
    expect_one_filter_violation(check_filters(other_first, o), other_filter);
    // Without the other device's filter the same SUBSCRIBE is clean.
    const std::vector<mqtt5::subscription> own_only{{own_filter, qos::at_least_once},
                                                    {mqtt5::azure_twin_response_filter, qos::at_most_once}};
    EXPECT_EQ(summary(check_filters(own_only, o)), clean);
    // Judged alone, the mixed SUBSCRIBE is clean.
    EXPECT_EQ(summary(check_filters(mixed, on_connection(std::nullopt))), clean);
}

// The other documented filters name no device: the client id changes nothing for them, either way.
TEST(ProfileAzureConnection, OtherDocumentedFiltersUnaffectedByClientId) {
    for (const std::optional<std::string_view> id : {std::optional<std::string_view>{}, std::optional<std::string_view>{"dev-01"},
                                                     std::optional<std::string_view>{"dev-01/mod-1"},
                                                     std::optional<std::string_view>{"dev-02"}}) {
        const auto o = on_connection(id);
        const auto label = id ? *id : std::string_view{"(none)"};
        for (const std::string_view f : {mqtt5::azure_twin_response_filter, mqtt5::azure_methods_filter, mqtt5::azure_twin_desired_filter})
            EXPECT_EQ(summary(check_filter(f, o)), clean) << f << " client id " << label;
        const std::vector<mqtt5::subscription> all{{mqtt5::azure_twin_response_filter, qos::at_most_once},
                                                   {mqtt5::azure_methods_filter, qos::at_most_once},
                                                   {mqtt5::azure_twin_desired_filter, qos::at_least_once}};
        EXPECT_EQ(summary(check_filters(all, o)), clean) << label;
        // Undocumented filters stay refused, once each filter, with or without a client id.
        expect_one_refusal(check_filter("$iothub/#", o), "$iothub/#");
        expect_one_refusal(check_filter("devices/dev-01/messages/devicebound/+", o), "devices/dev-01/messages/devicebound/+");
    }
}

// The file comment: device-to-cloud packets are judged against the device rules, cloud-to-device PUBLISHes
// against the message-size limits; a SUBSCRIBE seen cloud-to-device is not judged, whatever filter it names.
TEST(ProfileAzureConnection, CloudToDeviceSubscribeIsNotJudged) {
    const auto s2c = mqtt5::direction::cloud_to_device;
    EXPECT_EQ(summary(check_filter(other_filter, on_connection("dev-01", s2c))), clean);
    EXPECT_EQ(summary(check_filter(own_filter, on_connection("dev-01", s2c))), clean);
    // The same packet device to cloud is the violation, so the direction is what made the difference.
    expect_one_filter_violation(check_filter(other_filter, on_connection("dev-01")), other_filter);
}

}  // namespace
