// azure_iot_hub: every rule id of shared/docs/cloud-profiles.md for Azure, broken and just kept; ordinary
// device traffic over 3.1.1 passes clean; every MQTT 5 packet breaks azure.protocol.version.
#include <gtest/gtest.h>

#include "profile_support.hpp"

namespace {
using namespace profile_test;
using mqtt5::qos;
const mqtt5::azure_iot_hub azure{};
using S = std::set<std::string>;
constexpr auto s2c = mqtt5::direction::cloud_to_device;

mqtt5::connect device_connect(keeper& k, std::string_view client_id = "dev-01") {
    auto c = conn(client_id, 60);
    c.username = k.text("myhub.azure-devices.net/" + std::string{client_id} + "/?api-version=2021-04-12");
    c.password = k.bytes("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev-01&sig=abc%3D&se=1700000000");
    return c;
}

TEST(ProfileAzure, OrdinaryTrafficIsClean) {
    keeper k;
    EXPECT_EQ(summary(mqtt5::check(device_connect(k), azure, v311())), clean);
    auto x509 = device_connect(k);
    x509.password.reset();  // X.509: no password
    EXPECT_EQ(summary(mqtt5::check(x509, azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, "dev-01/module-a"), azure, v311())), clean);
    for (const auto* t : {"devices/dev-01/messages/events/", "devices/dev-01/messages/events/%24.ct=application%2Fjson&a=1",
                          "devices/dev-01/modules/module-a/messages/events/", "$iothub/twin/GET/?$rid=1",
                          "$iothub/twin/PATCH/properties/reported/?$rid=2", "$iothub/methods/res/200/?$rid=3"})
        EXPECT_EQ(summary(mqtt5::check(pub(t), azure, v311())), clean) << t;
    std::vector<mqtt5::subscription> subs{{"devices/dev-01/messages/devicebound/#", qos::at_least_once},
                                          {"$iothub/twin/res/#", qos::at_most_once},
                                          {"$iothub/methods/POST/#", qos::at_most_once},
                                          {"$iothub/twin/PATCH/properties/desired/#", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(subs), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-01/messages/devicebound/%24.mid=1", qos::at_least_once, 100), azure, v311(s2c))), clean);
}

// azure.protocol.version: CONNECT reject, any other v5 packet unconfirmed; the same packets over 3.1.1 pass.
TEST(ProfileAzure, ProtocolVersion) {
    keeper k;
    EXPECT_EQ(summary(mqtt5::check(device_connect(k), azure, v5())), S{"azure.protocol.version=reject"});
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-01/messages/events/"), azure, v5())), S{"azure.protocol.version=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pingreq{}, azure, v5())), S{"azure.protocol.version=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pingreq{}, azure, v311())), clean);
}

// azure.client_id.device_id: 128 characters pass, 129 not; + and # excluded; module ids follow the same rules.
TEST(ProfileAzure, ClientIdDeviceId) {
    keeper k;
    const auto id128 = repeat("d", 128), id129 = repeat("d", 129);
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, id128), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, id129), azure, v311())), S{"azure.client_id.device_id=reject"});
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, "dev+1"), azure, v311())), S{"azure.client_id.device_id=reject"});
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, "dev-.%_*?!(),:=@$'"), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, "dev/"), azure, v311())), S{"azure.client_id.device_id=reject"});
    EXPECT_EQ(summary(mqtt5::check(device_connect(k, "dev/m/x"), azure, v311())), S{"azure.client_id.device_id=reject"});
}

// An empty client id ([MQTT-3.1.3-6] (3.1.1) allows it) names no device: azure.client_id.device_id alone, whatever
// device a well-formed username names (cloud-profiles.md: the username is "for the client id's device", the
// client id row lists "device id empty"). A username of the wrong shape is still its own fault.
TEST(ProfileAzure, EmptyClientIdIsOneViolation) {
    keeper k;
    auto empty = device_connect(k, "");  // username myhub.azure-devices.net//?api-version=2021-04-12
    EXPECT_EQ(summary(mqtt5::check(empty, azure, v311())), S{"azure.client_id.device_id=reject"});
    for (const auto* named : {"myhub.azure-devices.net/dev-01/?api-version=2021-04-12", "myhub.azure-devices.net/dev-01/m/?api-version=1"}) {
        empty.username = named;
        EXPECT_EQ(summary(mqtt5::check(empty, azure, v311())), S{"azure.client_id.device_id=reject"}) << named;
    }
    for (const auto* bad : {"myhub.azure-devices.net/dev-01/m/x/?api-version=1", "myhub.azure-devices.net/dev-01/",
                            "myhub.example.net/dev-01/?api-version=1", "myhub.azure-devices.net//?api-version="}) {
        empty.username = bad;
        EXPECT_EQ(summary(mqtt5::check(empty, azure, v311())), (S{"azure.client_id.device_id=reject", "azure.username.format=reject"})) << bad;
    }
    empty.username.reset();
    EXPECT_EQ(summary(mqtt5::check(empty, azure, v311())), (S{"azure.client_id.device_id=reject", "azure.username.format=reject"}));
}

// azure.username.format: the hub host, the client id's own device, an api-version.
TEST(ProfileAzure, UsernameFormat) {
    keeper k;
    auto c = device_connect(k);
    for (const auto* bad : {"myhub.azure-devices.net/dev-02/?api-version=2021-04-12", "myhub.azure-devices.net/dev-01/",
                            "myhub.example.net/dev-01/?api-version=2021-04-12", ".azure-devices.net/dev-01/?api-version=2021-04-12",
                            "myhub.azure-devices.net/dev-01/?api-version="}) {
        c.username = bad;
        EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.username.format=reject"}) << bad;
    }
    c.username.reset();
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.username.format=reject"});
    c.username = "myhub.azure-devices.net/dev-01/?api-version=2021-04-12&DeviceClientType=c%2F1.0";
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), clean);
}

// azure.topic.telemetry with the connection's identity (check_options::client_id): judged alone any well-formed
// device passes (issue 11 item 6); on a connection only the connected device's (and module's) own topic.
TEST(ProfileAzure, TelemetryNamesTheConnectedDevice) {
    auto o = v311();
    for (const auto* t : {"devices/dev-01/messages/events/", "devices/dev-02/messages/events/", "devices/dev-01/modules/m/messages/events/"})
        EXPECT_EQ(summary(mqtt5::check(pub(t), azure, o)), clean) << t;
    o.client_id = "dev-01";
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-01/messages/events/a=1"), azure, o)), clean);
    for (const auto* t : {"devices/dev-02/messages/events/", "devices/dev-0/messages/events/", "devices/dev-01/modules/m/messages/events/"})
        EXPECT_EQ(summary(mqtt5::check(pub(t), azure, o)), S{"azure.topic.telemetry=close"}) << t;
    EXPECT_EQ(summary(mqtt5::check(pub("$iothub/twin/GET/?$rid=1"), azure, o)), clean);  // names no device
    o.client_id = "dev-01/m";
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-01/modules/m/messages/events/"), azure, o)), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-01/messages/events/"), azure, o)), S{"azure.topic.telemetry=close"});
    o.client_id = "";  // refused at its CONNECT (azure.client_id.device_id): not judged again on each PUBLISH
    EXPECT_EQ(summary(mqtt5::check(pub("devices/dev-02/messages/events/"), azure, o)), clean);
    // The topic after alias resolution is the one judged (a v5 packet: azure.protocol.version as well).
    auto v5o = v5();
    v5o.client_id = "dev-01";
    v5o.resolved_topic = "devices/dev-02/messages/events/";
    EXPECT_EQ(summary(mqtt5::check(pub(""), azure, v5o)), (S{"azure.protocol.version=unconfirmed", "azure.topic.telemetry=close"}));
    v5o.resolved_topic = "devices/dev-01/messages/events/";
    EXPECT_EQ(summary(mqtt5::check(pub(""), azure, v5o)), S{"azure.protocol.version=unconfirmed"});
}

// azure.password.format: a SAS token with sr, sig and se, or no password at all.
TEST(ProfileAzure, PasswordFormat) {
    keeper k;
    auto c = device_connect(k);
    c.password = k.bytes("SharedAccessSignature sr=x&sig=y");
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.password.format=reject"});
    c.password = k.bytes("");
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.password.format=reject"});
    c.password = k.bytes("se=1&sr=x&sig=y");
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.password.format=reject"});
    c.password = k.bytes("SharedAccessSignature se=1&sr=x&sig=y&skn=device");
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), clean);
}

// azure.keep_alive.max: 1177 passes, 1178 not.
TEST(ProfileAzure, KeepAliveMax) {
    keeper k;
    auto c = device_connect(k);
    c.keep_alive = 1177;
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), clean);
    c.keep_alive = 1178;
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.keep_alive.max=close"});
}

// azure.topic.telemetry: anything but the device's documented topics closes the connection.
TEST(ProfileAzure, TopicTelemetry) {
    for (const auto* bad : {"devices/dev-01/messages/events", "devices/dev-01/telemetry", "devices//messages/events/",
                            "devices/dev+1/messages/events/", "$iothub/twin/GET/?$rid=", "$iothub/methods/res/abc/?$rid=1",
                            "$iothub/twin/PATCH/properties/desired/?$rid=1", "sensors/dev-01"})
        EXPECT_EQ(summary(mqtt5::check(pub(bad), azure, v311())), S{"azure.topic.telemetry=close"}) << bad;
}

// azure.subscribe.filter and azure.qos.subscribe2 (granted QoS 1).
TEST(ProfileAzure, SubscribeFilterAndQos) {
    std::vector<mqtt5::subscription> bad{{"devices/dev-01/messages/devicebound/+", qos::at_least_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(bad), azure, v311())), S{"azure.subscribe.filter=reject"});
    std::vector<mqtt5::subscription> other{{"$iothub/#", qos::at_least_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(other), azure, v311())), S{"azure.subscribe.filter=reject"});
    std::vector<mqtt5::subscription> two{{"$iothub/twin/res/#", qos::exactly_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(two), azure, v311())), S{"azure.qos.subscribe2=clamp:1"});
}

// azure.qos.publish2 (close) and azure.retain (rewrite); QoS 1 without RETAIN is the near miss.
TEST(ProfileAzure, PublishQosAndRetain) {
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/", qos::exactly_once), azure, v311())), S{"azure.qos.publish2=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/", qos::at_least_once, 1, true), azure, v311())), S{"azure.retain=rewrite"});
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/", qos::at_least_once, 1, false), azure, v311())), clean);
}

// azure.will.topic: the device's own telemetry topic only.
TEST(ProfileAzure, WillTopic) {
    keeper k;
    auto c = device_connect(k);
    c.will = mqtt5::will_message{"devices/dev-01/messages/events/", payload(4), qos::at_least_once, false, {}};
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), clean);
    c.will->topic = "devices/dev-02/messages/events/";
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.will.topic=reject"});
    c.will->topic = "$iothub/twin/GET/?$rid=1";
    EXPECT_EQ(summary(mqtt5::check(c, azure, v311())), S{"azure.will.topic=reject"});
}

// azure.message.max: payload + property names and values (URL-decoded) up to 262144 bytes.
TEST(ProfileAzure, TelemetryMessageMax) {
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/", qos::at_least_once, 262144), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/", qos::at_least_once, 262145), azure, v311())), S{"azure.message.max=close"});
    // "a=%41" is 2 bytes of names and values: 262142 + 2 passes, 262143 + 2 does not.
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/a=%41", qos::at_least_once, 262142), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("devices/d/messages/events/a=%41", qos::at_least_once, 262143), azure, v311())), S{"azure.message.max=close"});
}

// azure.message.twin_max, azure.message.method_max (c2s close, s2c unconfirmed), azure.message.c2d_max (s2c).
TEST(ProfileAzure, OtherMessageSizes) {
    const auto reported = "$iothub/twin/PATCH/properties/reported/?$rid=1";
    EXPECT_EQ(summary(mqtt5::check(pub(reported, qos::at_least_once, 32768), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(reported, qos::at_least_once, 32769), azure, v311())), S{"azure.message.twin_max=close"});
    const auto desired = "$iothub/twin/PATCH/properties/desired/?$version=4";
    EXPECT_EQ(summary(mqtt5::check(pub(desired, qos::at_most_once, 32768), azure, v311(s2c))), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(desired, qos::at_most_once, 32769), azure, v311(s2c))), S{"azure.message.twin_max=unconfirmed"});
    const auto response = "$iothub/methods/res/200/?$rid=5";
    EXPECT_EQ(summary(mqtt5::check(pub(response, qos::at_least_once, 131072), azure, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(response, qos::at_least_once, 131073), azure, v311())), S{"azure.message.method_max=close"});
    const auto request = "$iothub/methods/POST/reboot/?$rid=6";
    EXPECT_EQ(summary(mqtt5::check(pub(request, qos::at_most_once, 131072), azure, v311(s2c))), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(request, qos::at_most_once, 131073), azure, v311(s2c))), S{"azure.message.method_max=unconfirmed"});
    const auto c2d = "devices/dev-01/messages/devicebound/%24.mid=7";
    EXPECT_EQ(summary(mqtt5::check(pub(c2d, qos::at_least_once, 65536), azure, v311(s2c))), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(c2d, qos::at_least_once, 65537), azure, v311(s2c))), S{"azure.message.c2d_max=unconfirmed"});
}

TEST(ProfileAzure, AnnouncesNothing) {
    std::array<std::byte, 8> storage{};
    const auto ack = mqtt5::announced_connack(mqtt5::azure_iot_hub::announced(), storage);
    ASSERT_TRUE(ack);
    EXPECT_TRUE(ack->properties.empty());
}

}  // namespace
