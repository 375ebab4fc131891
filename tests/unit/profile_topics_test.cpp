// The cloud topic helpers: byte-exact builder outputs into caller storage, buffer-too-small refusals, property
// bags both ways, AWS counting and # semantics; and the rule table itself.
#include <gtest/gtest.h>

#include <regex>

#include "profile_support.hpp"

namespace {
using namespace profile_test;

TEST(ProfileTopics, AwsBuildersAndCounting) {
    std::array<char, 128> buf{};
    EXPECT_EQ(*mqtt5::aws_basic_ingest_topic("my_rule", "sensors/t1", buf), "$aws/rules/my_rule/sensors/t1");
    EXPECT_EQ(*mqtt5::aws_shadow_topic("thing-1", "", "update", buf), "$aws/things/thing-1/shadow/update");
    EXPECT_EQ(*mqtt5::aws_shadow_topic("thing-1", "cfg", "get/accepted", buf), "$aws/things/thing-1/shadow/name/cfg/get/accepted");
    std::array<char, 28> short_buf{};  // one byte short of "$aws/rules/my_rule/sensors/t1"
    const auto refused = mqtt5::aws_basic_ingest_topic("my_rule", "sensors/t1", short_buf);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, mqtt5::errc::buffer_too_small);
    EXPECT_EQ(mqtt5::aws_counted_topic("$aws/rules/r/a/b"), "a/b");
    EXPECT_EQ(mqtt5::aws_counted_topic("$share/g/a/b"), "a/b");
    EXPECT_EQ(mqtt5::aws_counted_topic("$aws/rules/r"), "$aws/rules/r");
    EXPECT_EQ(mqtt5::aws_topic_slashes("$aws/rules/r/a/b/c"), 2u);
    EXPECT_TRUE(mqtt5::aws_topic_matches("sensor/#", "sensor/a"));
    EXPECT_FALSE(mqtt5::aws_topic_matches("sensor/#", "sensor"));  // AWS: not the parent
    EXPECT_TRUE(mqtt5::topic_matches("sensor/#", "sensor"));       // the standard: the parent too
}

TEST(ProfileTopics, AzurePropertyBags) {
    std::array<char, 128> buf{};
    const std::array<mqtt5::azure_property, 3> props{{{"$.ct", "application/json"}, {"$.ce", "utf-8"}, {"room name", "a&b=c"}}};
    const auto bag = mqtt5::azure_encode_property_bag(props, buf);
    ASSERT_TRUE(bag);
    EXPECT_EQ(*bag, "$.ct=application%2Fjson&$.ce=utf-8&room%20name=a%26b%3Dc");
    mqtt5::azure_property_bag reader{*bag};
    std::array<char, 64> decoded{};
    mqtt5::azure_property p{};
    std::vector<std::pair<std::string, std::string>> read;
    while (reader.next(p)) {
        const auto key = std::string{*mqtt5::azure_url_decode(p.key, decoded)};
        read.emplace_back(key, std::string{*mqtt5::azure_url_decode(p.value, decoded)});
    }
    EXPECT_EQ(read, (std::vector<std::pair<std::string, std::string>>{{"$.ct", "application/json"}, {"$.ce", "utf-8"}, {"room name", "a&b=c"}}));
    EXPECT_FALSE(mqtt5::azure_url_decode("%4", decoded));
    EXPECT_FALSE(mqtt5::azure_url_decode("%zz", decoded));
    EXPECT_EQ(mqtt5::azure_url_decoded_size("a%41b"), 3u);
}

TEST(ProfileTopics, AzureBuilders) {
    std::array<char, 160> buf{};
    const std::array<mqtt5::azure_property, 1> props{{{"$.ct", "application/json"}}};
    EXPECT_EQ(*mqtt5::azure_telemetry_topic({"dev-01", ""}, props, buf), "devices/dev-01/messages/events/$.ct=application%2Fjson");
    EXPECT_EQ(*mqtt5::azure_telemetry_topic({"dev-01", "mod"}, {}, buf), "devices/dev-01/modules/mod/messages/events/");
    EXPECT_EQ(*mqtt5::azure_c2d_filter("dev-01", buf), "devices/dev-01/messages/devicebound/#");
    EXPECT_EQ(*mqtt5::azure_twin_get_topic("42", buf), "$iothub/twin/GET/?$rid=42");
    EXPECT_EQ(*mqtt5::azure_twin_reported_topic("43", buf), "$iothub/twin/PATCH/properties/reported/?$rid=43");
    EXPECT_EQ(*mqtt5::azure_method_response_topic(200, "44", buf), "$iothub/methods/res/200/?$rid=44");
    EXPECT_EQ(*mqtt5::azure_username("myhub", {"dev-01", ""}, buf), "myhub.azure-devices.net/dev-01/?api-version=2021-04-12");
    EXPECT_EQ(*mqtt5::azure_username("myhub", {"dev-01", "mod"}, buf), "myhub.azure-devices.net/dev-01/mod/?api-version=2021-04-12");
    std::array<char, 31> tight{};  // "devices/dev-01/messages/events/" is 31 bytes: no room for the bag
    EXPECT_FALSE(mqtt5::azure_telemetry_topic({"dev-01", ""}, props, tight));
    EXPECT_EQ(*mqtt5::azure_telemetry_topic({"dev-01", ""}, {}, tight), "devices/dev-01/messages/events/");
    // Every built topic is one the hub profile accepts.
    keeper k;
    for (const auto t : {*mqtt5::azure_twin_get_topic("1", buf)}) EXPECT_EQ(summary(mqtt5::check(pub(k.text(std::string{t})), mqtt5::azure_iot_hub{}, v311())), clean);
}

TEST(ProfileTopics, AliyunBuilders) {
    std::array<char, 160> buf{};
    const mqtt5::aliyun_client_id_parts parts{"a1pk.dev1", "3", "hmacsha256", "1700000000000"};
    const auto id = mqtt5::aliyun_client_id(parts, buf);
    EXPECT_EQ(*id, "a1pk.dev1|securemode=3,signmethod=hmacsha256,timestamp=1700000000000|");
    const auto parsed = mqtt5::aliyun_parse_client_id(*id);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->client_id, "a1pk.dev1");
    EXPECT_EQ(parsed->timestamp, "1700000000000");
    EXPECT_EQ(*mqtt5::aliyun_username("dev1", "a1pk", buf), "dev1&a1pk");
    EXPECT_EQ(*mqtt5::aliyun_sign_content("a1pk.dev1", "dev1", "a1pk", "1700000000000", buf),
              "clientIda1pk.dev1deviceNamedev1productKeya1pktimestamp1700000000000");
    EXPECT_EQ(*mqtt5::aliyun_custom_topic("a1pk", "dev1", "update", buf), "/a1pk/dev1/user/update");
    EXPECT_EQ(*mqtt5::aliyun_system_topic("a1pk", "dev1", "thing/event/property/post", buf), "/sys/a1pk/dev1/thing/event/property/post");
    EXPECT_EQ(*mqtt5::aliyun_rrpc_request_filter("a1pk", "dev1", buf), "/sys/a1pk/dev1/rrpc/request/+");
    EXPECT_EQ(*mqtt5::aliyun_rrpc_response_topic("a1pk", "dev1", "1234", buf), "/sys/a1pk/dev1/rrpc/response/1234");
    std::array<char, 8> tiny{};
    EXPECT_FALSE(mqtt5::aliyun_custom_topic("a1pk", "dev1", "update", tiny));
}

// The one table: a row per rule id in order, unique names of the cloud.area.rule shape, a source and a date each,
// (azure.retain has two parts) and every id of the "Rule ids" table of shared/docs/cloud-profiles.md.
TEST(ProfileRules, TableIsComplete) {
    std::set<std::string_view> names;
    const std::regex shape{R"(^[a-z0-9_]+(\.[a-z0-9_]+){1,2}$)"};
    for (const auto& row : mqtt5::rule_table) {
        EXPECT_EQ(&mqtt5::info_of(row.id), &row);
        EXPECT_TRUE(names.insert(row.name).second) << row.name;
        EXPECT_TRUE(std::regex_match(std::string{row.name}, shape)) << row.name;
        EXPECT_FALSE(row.source.empty()) << row.name;
        EXPECT_EQ(row.doc_date.size(), 10u) << row.name;
    }
    for (const auto* id : {"aws.packet.unsupported", "aws.qos.max", "aws.client_id.max_bytes", "aws.client_id.reserved_prefix",
                           "aws.keep_alive.range", "aws.topic.max_bytes", "aws.topic.max_levels", "aws.reserved_topic.retain",
                           "aws.reserved_topic.prefix", "aws.subscribe.max_filters", "aws.payload.max", "aws.topic_alias.max",
                           "aws.session_expiry.max", "aws.message_expiry.range", "aws.shared_subscription.name",
                           "aws.subscription_identifier.unsupported", "aws.response_topic.wildcard", "azure.protocol.version",
                           "azure.client_id.device_id", "azure.username.format", "azure.password.format", "azure.keep_alive.max",
                           "azure.topic.telemetry", "azure.subscribe.filter", "azure.qos.publish2", "azure.qos.subscribe2",
                           "azure.retain", "azure.will.topic", "azure.message.max", "azure.message.twin_max",
                           "azure.message.method_max", "azure.message.c2d_max", "aliyun.packet.unsupported", "aliyun.qos.max",
                           "aliyun.will.v3", "aliyun.retain.v3", "aliyun.keep_alive.range", "aliyun.client_id.format",
                           "aliyun.username.format", "aliyun.password.format", "aliyun.topic.custom_format",
                           "aliyun.user_properties.max", "aliyun.user_properties.packet", "aliyun.shared_subscription.v3"})
        EXPECT_TRUE(names.count(id)) << id;
}

TEST(ProfileRules, ActionText) {
    EXPECT_EQ(action(mqtt5::cloud_action::reject()), "reject");
    EXPECT_EQ(action(mqtt5::cloud_action::reject(0x85)), "reject:0x85");
    EXPECT_EQ(action(mqtt5::cloud_action::disconnect(0xA1)), "disconnect:0xA1");
    EXPECT_EQ(action(mqtt5::cloud_action::clamp(604800)), "clamp:604800");
    EXPECT_EQ(action(mqtt5::cloud_action::of(mqtt5::action_kind::no_ack)), "no_ack");
    EXPECT_EQ(mqtt5::documented_action(mqtt5::rule_id::aws_qos_max, mqtt5::protocol_version::v311), mqtt5::cloud_action::of(mqtt5::action_kind::no_ack));
    EXPECT_EQ(mqtt5::documented_action(mqtt5::rule_id::aws_qos_max, mqtt5::protocol_version::v31), mqtt5::cloud_action::of(mqtt5::action_kind::no_ack));
}

}  // namespace
