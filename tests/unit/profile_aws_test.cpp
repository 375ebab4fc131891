// aws_iot_core: every rule id of shared/docs/cloud-profiles.md for AWS, broken and just kept, over both
// protocol versions where the rule depends on them; ordinary device traffic passes clean.
#include <gtest/gtest.h>

#include "profile_support.hpp"

namespace {
using namespace profile_test;
using mqtt5::qos;
const mqtt5::aws_iot_core aws{};
using S = std::set<std::string>;

TEST(ProfileAws, OrdinaryTrafficIsClean) {
    keeper k;
    auto c = conn("sensor-0001", 60);
    EXPECT_EQ(summary(mqtt5::check(c, aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(c, aws, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("sensors/sensor-0001/telemetry"), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/things/sensor-0001/shadow/update"), aws, v311())), clean);
    std::vector<mqtt5::subscription> subs{{"$aws/things/sensor-0001/shadow/update/accepted", qos::at_least_once},
                                          {"cmd/sensor-0001/#", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(subs), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(mqtt5::puback{}, aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pingreq{}, aws, v311())), clean);
    // The cloud's own packets break no device rule.
    EXPECT_EQ(summary(mqtt5::check(pub("x", qos::exactly_once), aws, v5(mqtt5::direction::cloud_to_device))), clean);
}

// aws.packet.unsupported: PUBREC, PUBREL, PUBCOMP (3.1.1 and 5), AUTH (5); PUBACK is the near miss.
TEST(ProfileAws, PacketUnsupported) {
    for (const auto& o : {v5(), v311()}) {
        EXPECT_EQ(summary(mqtt5::check(mqtt5::pubrec{}, aws, o)), S{"aws.packet.unsupported=unconfirmed"});
        EXPECT_EQ(summary(mqtt5::check(mqtt5::pubrel{}, aws, o)), S{"aws.packet.unsupported=unconfirmed"});
        EXPECT_EQ(summary(mqtt5::check(mqtt5::pubcomp{}, aws, o)), S{"aws.packet.unsupported=unconfirmed"});
    }
    EXPECT_EQ(summary(mqtt5::check(mqtt5::auth{}, aws, v5())), S{"aws.packet.unsupported=unconfirmed"});
}

// aws.qos.max: v3.1.1 no_ack, v5 DISCONNECT 0x9B; Will QoS 2: v5 CONNACK 0x9B, 3.1.1 reject. QoS 1 passes.
TEST(ProfileAws, QosMax) {
    EXPECT_EQ(summary(mqtt5::check(pub("a/b", qos::exactly_once), aws, v5())), S{"aws.qos.max=disconnect:0x9B"});
    EXPECT_EQ(summary(mqtt5::check(pub("a/b", qos::exactly_once), aws, v311())), S{"aws.qos.max=no_ack"});
    EXPECT_EQ(summary(mqtt5::check(pub("a/b", qos::at_least_once), aws, v5())), clean);
    std::vector<mqtt5::subscription> two{{"a/b", qos::exactly_once}};
    std::vector<mqtt5::subscription> one{{"a/b", qos::at_least_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(two), aws, v5())), S{"aws.qos.max=disconnect:0x9B"});
    EXPECT_EQ(summary(mqtt5::check(sub(two), aws, v311())), S{"aws.qos.max=no_ack"});
    EXPECT_EQ(summary(mqtt5::check(sub(one), aws, v311())), clean);
    auto c = conn("dev");
    c.will = mqtt5::will_message{"dev/will", payload(1), qos::exactly_once, false, {}};
    EXPECT_EQ(summary(mqtt5::check(c, aws, v5())), S{"aws.qos.max=reject:0x9B"});
    EXPECT_EQ(summary(mqtt5::check(c, aws, v311())), S{"aws.qos.max=reject"});
    c.will->qos = qos::at_least_once;
    c.will->retain = true;  // Will Retain is allowed
    EXPECT_EQ(summary(mqtt5::check(c, aws, v5())), clean);
}

// aws.client_id.max_bytes (128 ok, 129 not) and aws.client_id.reserved_prefix ($GEN/... sent back).
TEST(ProfileAws, ClientId) {
    const auto id128 = repeat("a", 128), id129 = repeat("a", 129);
    EXPECT_EQ(summary(mqtt5::check(conn(id128), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(conn(id129), aws, v5())), S{"aws.client_id.max_bytes=reject:0x85"});
    EXPECT_EQ(summary(mqtt5::check(conn(id129), aws, v311())), S{"aws.client_id.max_bytes=reject"});
    EXPECT_EQ(summary(mqtt5::check(conn("$GEN/2f3c"), aws, v5())), S{"aws.client_id.reserved_prefix=reject:0x85"});
    EXPECT_EQ(summary(mqtt5::check(conn("$GEN/2f3c"), aws, v311())), S{"aws.client_id.reserved_prefix=reject"});
    EXPECT_EQ(summary(mqtt5::check(conn("GEN$/2f3c"), aws, v5())), clean);
}

// aws.keep_alive.range: 30 and 1200 pass; 29 -> 30; 1201 and 0 -> 1200.
TEST(ProfileAws, KeepAlive) {
    for (const auto& o : {v5(), v311()}) {
        EXPECT_EQ(summary(mqtt5::check(conn("d", 30), aws, o)), clean);
        EXPECT_EQ(summary(mqtt5::check(conn("d", 1200), aws, o)), clean);
        EXPECT_EQ(summary(mqtt5::check(conn("d", 29), aws, o)), S{"aws.keep_alive.range=clamp:30"});
        EXPECT_EQ(summary(mqtt5::check(conn("d", 1), aws, o)), S{"aws.keep_alive.range=clamp:30"});
        EXPECT_EQ(summary(mqtt5::check(conn("d", 1201), aws, o)), S{"aws.keep_alive.range=clamp:1200"});
        EXPECT_EQ(summary(mqtt5::check(conn("d", 0), aws, o)), S{"aws.keep_alive.range=clamp:1200"});
    }
}

// aws.topic.max_bytes: 256 bytes pass, 257 not; the $share/{name}/ and $aws/rules/{rule}/ prefixes are not counted.
TEST(ProfileAws, TopicMaxBytes) {
    const auto t256 = repeat("t", 256), t257 = repeat("t", 257);
    EXPECT_EQ(summary(mqtt5::check(pub(t256), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(t257), aws, v5())), S{"aws.topic.max_bytes=reject"});
    EXPECT_EQ(summary(mqtt5::check(pub(t257), aws, v311())), S{"aws.topic.max_bytes=reject"});
    const auto ingest = "$aws/rules/my_rule/" + t256;
    EXPECT_EQ(summary(mqtt5::check(pub(ingest), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/rules/my_rule/" + t257), aws, v5())), S{"aws.topic.max_bytes=reject"});
    const auto f256 = "$share/group/" + t256, f257 = "$share/group/" + t257;
    std::vector<mqtt5::subscription> shared{{f256, qos::at_most_once}};
    std::vector<mqtt5::subscription> shared_long{{f257, qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(shared), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(sub(shared_long), aws, v5())), S{"aws.topic.max_bytes=reject"});
    std::vector<std::string_view> filters{t257};
    mqtt5::unsubscribe u{};
    u.packet_id = 2;
    u.topic_filters = mqtt5::topic_filter_list{std::span<const std::string_view>{filters}};
    EXPECT_EQ(summary(mqtt5::check(u, aws, v5())), S{"aws.topic.max_bytes=reject"});
}

// aws.topic.max_levels: 7 slashes pass, 8 not; Basic Ingest and $share prefixes not counted.
TEST(ProfileAws, TopicMaxLevels) {
    EXPECT_EQ(summary(mqtt5::check(pub("a/b/c/d/e/f/g/h"), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("a/b/c/d/e/f/g/h/i"), aws, v5())), S{"aws.topic.max_levels=reject"});
    EXPECT_EQ(summary(mqtt5::check(pub("a/b/c/d/e/f/g/h/i"), aws, v311())), S{"aws.topic.max_levels=reject"});
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/rules/r/a/b/c/d/e/f/g/h"), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/rules/r/a/b/c/d/e/f/g/h/i"), aws, v5())), S{"aws.topic.max_levels=reject"});
    std::vector<mqtt5::subscription> ok{{"$share/g/a/b/c/d/e/f/g/#", qos::at_most_once}};
    std::vector<mqtt5::subscription> deep{{"$share/g/a/b/c/d/e/f/g/h/#", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(ok), aws, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(sub(deep), aws, v311())), S{"aws.topic.max_levels=reject"});
}

// aws.reserved_topic.retain and aws.reserved_topic.prefix.
TEST(ProfileAws, ReservedTopics) {
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/things/t1/shadow/update", qos::at_least_once, 16, true), aws, v5())),
              S{"aws.reserved_topic.retain=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("things/t1/state", qos::at_least_once, 16, true), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/unknown/x"), aws, v5())), S{"aws.reserved_topic.prefix=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("$dollar"), aws, v311())), S{"aws.reserved_topic.prefix=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/things//shadow/update"), aws, v5())), S{"aws.reserved_topic.prefix=close"});
    for (const auto* ok : {"$aws/things/t1/shadow/update", "$aws/things/t1/jobs/get", "$aws/rules/r1/x", "$aws/events/presence/x",
                           "$aws/certificates/create/json", "$aws/provisioning-templates/p/provision/json"})
        EXPECT_EQ(summary(mqtt5::check(pub(ok), aws, v5())), clean) << ok;
    EXPECT_EQ(summary(mqtt5::check(pub("$aws/rules/r1"), aws, v5())), S{"aws.reserved_topic.prefix=close"});
}

// Every topic rule judges the topic after alias resolution when the connection gives it
// (check_options::resolved_topic): a PUBLISH by Topic Alias only [MQTT-3.3.2-12] reaches a reserved or long topic.
TEST(ProfileAws, TopicRulesJudgeTheResolvedTopic) {
    keeper k;
    auto by_alias = pub("", qos::at_least_once, 16, true);  // RETAIN=1, Topic Name empty, Topic Alias 3
    by_alias.properties = *mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.topic_alias(3).build();
    auto o = v5();
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), clean);  // judged alone: no topic to judge
    o.resolved_topic = "things/t1/state";
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), clean);
    o.resolved_topic = "$aws/things/t1/shadow/update";
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), S{"aws.reserved_topic.retain=close"});
    o.resolved_topic = "$aws/unknown/x";
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), (S{"aws.reserved_topic.retain=close", "aws.reserved_topic.prefix=close"}));
    const auto t256 = repeat("t", 256), t257 = repeat("t", 257);
    o.resolved_topic = t256;
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), clean);
    o.resolved_topic = t257;
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), S{"aws.topic.max_bytes=reject"});
    o.resolved_topic = "a/b/c/d/e/f/g/h";
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), clean);
    o.resolved_topic = "a/b/c/d/e/f/g/h/i";
    EXPECT_EQ(summary(mqtt5::check(by_alias, aws, o)), S{"aws.topic.max_levels=reject"});
}

// aws.subscribe.max_filters: 8 pass, 9 close.
TEST(ProfileAws, SubscribeMaxFilters) {
    std::vector<mqtt5::subscription> eight(8, mqtt5::subscription{"a/b", qos::at_most_once});
    auto nine = eight;
    nine.push_back({"a/c", qos::at_most_once});
    EXPECT_EQ(summary(mqtt5::check(sub(eight), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(sub(nine), aws, v5())), S{"aws.subscribe.max_filters=close"});
    EXPECT_EQ(summary(mqtt5::check(sub(nine), aws, v311())), S{"aws.subscribe.max_filters=close"});
}

// aws.payload.max: 131072 pass, 131073 close (although below the advertised 149504).
TEST(ProfileAws, PayloadMax) {
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_least_once, 131072), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_least_once, 131073), aws, v5())), S{"aws.payload.max=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_least_once, 131073), aws, v311())), S{"aws.payload.max=close"});
}

// aws.topic_alias.max (8 ok, 9 DISCONNECT 0x94), aws.message_expiry.range, aws.session_expiry.max,
// aws.subscription_identifier.unsupported: MQTT 5 properties.
TEST(ProfileAws, V5Properties) {
    keeper k;
    auto with_alias = [&](std::uint16_t alias) {
        auto p = pub("a/b");
        p.properties = *mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.topic_alias(alias).build();
        return p;
    };
    EXPECT_EQ(summary(mqtt5::check(with_alias(8), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(with_alias(9), aws, v5())), S{"aws.topic_alias.max=disconnect:0x94"});
    auto with_expiry = [&](std::uint32_t s) {
        auto p = pub("a/b");
        p.properties = *mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.message_expiry_interval(s).build();
        return p;
    };
    EXPECT_EQ(summary(mqtt5::check(with_expiry(1), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(with_expiry(604800), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(with_expiry(0), aws, v5())), S{"aws.message_expiry.range=clamp:1"});
    EXPECT_EQ(summary(mqtt5::check(with_expiry(604801), aws, v5())), S{"aws.message_expiry.range=clamp:604800"});
    auto c = conn("dev");
    c.properties = *mqtt5::property_builder<mqtt5::place::connect>{k.storage()}.session_expiry_interval(3600).build();
    EXPECT_EQ(summary(mqtt5::check(c, aws, v5())), clean);
    c.properties = *mqtt5::property_builder<mqtt5::place::connect>{k.storage()}.session_expiry_interval(3601).build();
    EXPECT_EQ(summary(mqtt5::check(c, aws, v5())), S{"aws.session_expiry.max=clamp:3600"});
    std::vector<mqtt5::subscription> one{{"a/b", qos::at_most_once}};
    auto s = sub(one);
    EXPECT_EQ(summary(mqtt5::check(s, aws, v5())), clean);
    s.properties = *mqtt5::property_builder<mqtt5::place::subscribe>{k.storage()}.subscription_identifier(1).build();
    EXPECT_EQ(summary(mqtt5::check(s, aws, v5())), S{"aws.subscription_identifier.unsupported=disconnect:0xA1"});
}

// aws.shared_subscription.name: a ShareName of 128 characters passes, 129 not (characters, not bytes).
TEST(ProfileAws, SharedSubscriptionName) {
    const auto name128 = "$share/" + repeat("\xC3\xA9", 128) + "/a";  // 128 characters, 256 bytes
    const auto name129 = "$share/" + repeat("n", 129) + "/a";
    std::vector<mqtt5::subscription> ok{{name128, qos::at_most_once}}, bad{{name129, qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(ok), aws, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(sub(bad), aws, v5())), S{"aws.shared_subscription.name=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(sub(bad), aws, v311())), S{"aws.shared_subscription.name=unconfirmed"});
}

// aws.response_topic.wildcard: the codec itself refuses such a Response Topic [MQTT-3.3.2-14], so no decoded or
// built PUBLISH can carry one; the rule is judged on any packet that does. A plain Response Topic passes.
TEST(ProfileAws, ResponseTopicWildcardRefusedByTheCodec) {
    keeper k;
    EXPECT_FALSE(mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.response_topic("reply/#").build());
    auto p = pub("a/b");
    p.properties = *mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.response_topic("reply/dev").build();
    EXPECT_EQ(summary(mqtt5::check(p, aws, v5())), clean);
}

TEST(ProfileAws, NotesAreNotViolations) {
    auto p = pub("a/b");
    p.dup = true;
    const auto r = mqtt5::check(p, aws, v5());
    EXPECT_TRUE(r.clean());
    EXPECT_TRUE(r.has(mqtt5::note_id::aws_dup_not_honoured));
    std::vector<mqtt5::subscription> hash{{"sensor/#", qos::at_most_once}};
    const auto s = mqtt5::check(sub(hash), aws, v5());
    EXPECT_TRUE(s.clean());
    EXPECT_TRUE(s.has(mqtt5::note_id::aws_hash_excludes_parent));
}

// The report never drops a violation silently: 20 filters that each break two rules fill it and say so.
TEST(ProfileAws, ReportOverflowIsFlagged) {
    const auto longest = repeat("a/", 200);
    std::vector<mqtt5::subscription> many(20, mqtt5::subscription{longest, qos::exactly_once});
    const auto r = mqtt5::check(sub(many), aws, v5());
    EXPECT_EQ(r.violations().size(), mqtt5::check_report::violation_capacity);
    EXPECT_TRUE(r.overflowed());
    EXPECT_FALSE(r.clean());
}

// The CONNACK AWS announces, built into caller storage; a client_connection tried against it refuses what AWS
// would refuse.
TEST(ProfileAws, AnnouncedConnackDrivesAClientConnection) {
    std::array<std::byte, 64> storage{};
    const auto ack = mqtt5::announced_connack(mqtt5::aws_iot_core::announced(), storage);
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->properties.maximum_packet_size(), 149504u);
    EXPECT_EQ(ack->properties.receive_maximum(), 100);
    EXPECT_EQ(ack->properties.topic_alias_maximum(), 8);
    EXPECT_EQ(ack->properties.maximum_qos(), 1);
    EXPECT_EQ(ack->properties.subscription_identifier_available(), 0);
    std::array<std::byte, 64> wire{};
    const auto n = mqtt5::encode(*ack, wire);
    ASSERT_TRUE(n);
    const auto decoded = mqtt5::decode<mqtt5::connack>(std::span<const std::byte>{wire.data(), *n});
    ASSERT_TRUE(decoded);
    EXPECT_EQ(mqtt5::limits_of(*decoded, mqtt5::protocol_version::v5), mqtt5::server_limits_of(mqtt5::aws_iot_core::announced()));

    mqtt5::client_connection<> client;
    client.open(mqtt5::millis{0});
    auto c = conn("dev");
    keeper k;  // the client announces the Receive Maximum it can hold (session_capacity)
    c.properties = *mqtt5::property_builder<mqtt5::place::connect>{k.storage()}.receive_maximum(8).build();
    const auto sent = client.send(c, mqtt5::millis{0});
    ASSERT_TRUE(sent) << mqtt5::to_string(sent.error().code);
    ASSERT_TRUE(client.receive(*decoded, *n, mqtt5::millis{0}));
    auto qos2 = pub("a/b", qos::exactly_once);
    qos2.packet_id = 0;
    EXPECT_FALSE(client.send(qos2, mqtt5::millis{1}));  // Maximum QoS 1 [MQTT-3.2.2-11]
    auto qos1 = pub("a/b", qos::at_least_once);
    qos1.packet_id = 0;
    EXPECT_TRUE(client.send(qos1, mqtt5::millis{1}));
}

TEST(ProfileAws, EveryTestPacketEncodes) {
    EXPECT_TRUE(encodes(pub("a/b/c/d/e/f/g/h/i", qos::exactly_once, 131073), mqtt5::protocol_version::v5));
}

}  // namespace
