// greengrass_emqx, greengrass_moquette (shared/docs/greengrass.md) and mqtt5_spec with negotiated limits: each
// rule broken and just kept; ordinary traffic passes clean.
#include <gtest/gtest.h>

#include "profile_support.hpp"

namespace {
using namespace profile_test;
using mqtt5::qos;
using S = std::set<std::string>;
const mqtt5::greengrass_emqx emqx{};
const mqtt5::greengrass_moquette moquette{};
const mqtt5::mqtt5_spec spec{};

TEST(ProfileGreengrass, OrdinaryTrafficIsClean) {
    for (const auto& o : {v5(), v311()}) {
        EXPECT_EQ(summary(mqtt5::check(conn("MyThing_01:a-b"), emqx, o)), clean);
        EXPECT_EQ(summary(mqtt5::check(pub("clients/MyThing/hello", qos::exactly_once, 100, true), emqx, o)), clean);
    }
    EXPECT_EQ(summary(mqtt5::check(conn("MyThing"), moquette, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("clients/MyThing/hello", qos::exactly_once, 100, true), moquette, v311())), clean);
}

// greengrass.client_id.thing_name: 128 characters of [a-zA-Z0-9-_:] pass; 129, empty or another character not.
TEST(ProfileGreengrass, ClientIdThingName) {
    const auto id128 = repeat("t", 128), id129 = repeat("t", 129);
    for (const auto& o : {v5(), v311()}) {
        EXPECT_EQ(summary(mqtt5::check(conn(id128), emqx, o)), clean);
        EXPECT_EQ(summary(mqtt5::check(conn(id129), emqx, o)), S{"greengrass.client_id.thing_name=reject"});
        EXPECT_EQ(summary(mqtt5::check(conn("thing.1"), emqx, o)), S{"greengrass.client_id.thing_name=reject"});
        EXPECT_EQ(summary(mqtt5::check(conn(""), emqx, o)), S{"greengrass.client_id.thing_name=reject"});
    }
    EXPECT_EQ(summary(mqtt5::check(conn("thing/1"), moquette, v311())), S{"greengrass.client_id.thing_name=reject"});
}

// greengrass_emqx.packet.max_size: 1048576 bytes pass, 1048577 not (v5 DISCONNECT 0x95, 3.1.1 close).
TEST(ProfileGreengrass, EmqxPacketMaxSize) {
    // PUBLISH "t" QoS 0: 1 + 3 (Remaining Length) + 3 (topic) + 1 (v5 property length) + payload.
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 1048576 - 8), emqx, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 1048576 - 7), emqx, v5())), S{"greengrass_emqx.packet.max_size=disconnect:0x95"});
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 1048576 - 7), emqx, v311())), clean);  // no property length
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 1048576 - 6), emqx, v311())), S{"greengrass_emqx.packet.max_size=close"});
}

// greengrass_emqx.topic.max_levels: 128 levels pass, 129 not.
TEST(ProfileGreengrass, EmqxTopicLevels) {
    // Built piece by piece: g++ 12 -O3 warns (-Wrestrict, a false positive) on "literal" + std::string&&.
    std::string t128 = "a", t129 = "a";
    t128 += repeat("/a", 127);
    t129 += repeat("/a", 128);
    EXPECT_EQ(summary(mqtt5::check(pub(t128), emqx, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub(t129), emqx, v5())), S{"greengrass_emqx.topic.max_levels=reject"});
    std::string f129 = "$share/g/";
    f129 += t129;
    std::vector<mqtt5::subscription> deep{{f129, qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(deep), emqx, v311())), S{"greengrass_emqx.topic.max_levels=reject"});
}

// greengrass_moquette.protocol.version (a v5 CONNECT) and greengrass_moquette.message.max (131072).
TEST(ProfileGreengrass, Moquette) {
    EXPECT_EQ(summary(mqtt5::check(conn("thing"), moquette, v5())), S{"greengrass_moquette.protocol.version=reject"});
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 131072), moquette, v311())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("t", qos::at_most_once, 131073), moquette, v311())), S{"greengrass_moquette.message.max=close"});
}

// mqtt5_spec: the standard's defaults (no Topic Alias allowed without a Topic Alias Maximum) and negotiated limits.
TEST(ProfileSpec, DefaultsAndNegotiatedLimits) {
    keeper k;
    auto aliased = pub("a/b", qos::exactly_once, 10, true);
    aliased.properties = *mqtt5::property_builder<mqtt5::place::publish>{k.storage()}.topic_alias(1).build();
    EXPECT_EQ(summary(mqtt5::check(pub("a/b", qos::exactly_once, 10, true), spec, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(aliased, spec, v5())), S{"mqtt5.topic_alias.max=disconnect:0x94"});  // [MQTT-3.2.2-17]

    mqtt5::negotiated_limits n{};
    n.server = mqtt5::server_limits_of(mqtt5::aws_iot_core::announced());
    mqtt5::check_options o = v5();
    o.negotiated = &n;
    EXPECT_EQ(summary(mqtt5::check(aliased, spec, o)), S{"mqtt5.qos.max=disconnect:0x9B"});  // alias 1 <= 8 now
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_most_once, 149504 - 8), spec, o)), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_most_once, 149504 - 7), spec, o)), S{"mqtt5.packet.max_size=disconnect:0x95"});
    std::vector<mqtt5::subscription> one{{"a/+", qos::at_most_once}};
    auto s = sub(one);
    s.properties = *mqtt5::property_builder<mqtt5::place::subscribe>{k.storage()}.subscription_identifier(3).build();
    EXPECT_EQ(summary(mqtt5::check(s, spec, o)), S{"mqtt5.subscription_identifier.unavailable=disconnect:0xA1"});
    n.server.wildcard_subscription_available = false;
    n.server.shared_subscription_available = false;
    n.server.retain_available = false;
    std::vector<mqtt5::subscription> shared{{"$share/g/a/+", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(shared), spec, o)),
              (S{"mqtt5.wildcard.unavailable=disconnect:0xA2", "mqtt5.shared_subscription.unavailable=disconnect:0x9E"}));
    EXPECT_EQ(summary(mqtt5::check(pub("a", qos::at_most_once, 1, true), spec, o)), S{"mqtt5.retain.unavailable=disconnect:0x9A"});
    auto c = conn("dev");
    c.will = mqtt5::will_message{"w", payload(1), qos::exactly_once, true, {}};
    EXPECT_EQ(summary(mqtt5::check(c, spec, o)), (S{"mqtt5.qos.max=reject:0x9B", "mqtt5.retain.unavailable=reject:0x9A"}));
    // Cloud to device: the client's limits bind the server (Topic Alias Maximum 0 here).
    o.direction = mqtt5::direction::cloud_to_device;
    EXPECT_EQ(summary(mqtt5::check(aliased, spec, o)), S{"mqtt5.topic_alias.max=disconnect:0x94"});
    o.negotiated = nullptr;
    const auto unknown = mqtt5::check(aliased, spec, o);
    EXPECT_TRUE(unknown.clean());
    EXPECT_TRUE(unknown.has(mqtt5::note_id::no_negotiated_state));
}

// The topic after alias resolution (check_options::resolved_topic) is the one judged: EMQX levels, spec prefix.
TEST(ProfileGreengrass, TopicRulesJudgeTheResolvedTopic) {
    auto o = v5();
    const auto l128 = repeat("a/", 127) + "a", l129 = l128 + "/a";
    o.resolved_topic = l128;
    EXPECT_EQ(summary(mqtt5::check(pub(""), emqx, o)), clean);
    o.resolved_topic = l129;
    EXPECT_EQ(summary(mqtt5::check(pub(""), emqx, o)), S{"greengrass_emqx.topic.max_levels=reject"});
}

// A custom profile: the standard refined with a private broker's limits and topic prefix.
struct factory_broker : mqtt5::spec_profile<factory_broker> {
    static constexpr std::string_view name = "factory";
    static constexpr mqtt5::spec_limits limits{.connack = {.maximum_packet_size = 100, .topic_alias_maximum = 4, .maximum_qos = mqtt5::qos::at_least_once},
                                               .topic_prefix = "f/"};
};
TEST(ProfileSpec, CustomProfile) {
    EXPECT_EQ(summary(mqtt5::check(pub("f/a", qos::at_least_once, 10), factory_broker{}, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("g/a", qos::at_least_once, 10), factory_broker{}, v5())), S{"mqtt5.topic.prefix=reject:0x87"});
    EXPECT_EQ(summary(mqtt5::check(pub("g/a", qos::at_least_once, 10), factory_broker{}, v311())), S{"mqtt5.topic.prefix=reject"});
    auto by_alias = v5();  // a PUBLISH by Topic Alias only: the resolved topic is judged
    EXPECT_EQ(summary(mqtt5::check(pub("", qos::at_least_once, 10), factory_broker{}, by_alias)), clean);
    by_alias.resolved_topic = "f/a";
    EXPECT_EQ(summary(mqtt5::check(pub("", qos::at_least_once, 10), factory_broker{}, by_alias)), clean);
    by_alias.resolved_topic = "g/a";
    EXPECT_EQ(summary(mqtt5::check(pub("", qos::at_least_once, 10), factory_broker{}, by_alias)), S{"mqtt5.topic.prefix=reject:0x87"});
    // 100 bytes: 1 + 1 + 5 ("f/a") + 2 (id) + 1 (properties) + 90.
    EXPECT_EQ(summary(mqtt5::check(pub("f/a", qos::at_least_once, 90), factory_broker{}, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(pub("f/a", qos::at_least_once, 91), factory_broker{}, v5())), S{"mqtt5.packet.max_size=disconnect:0x95"});
    EXPECT_EQ(summary(mqtt5::check(pub("f/a", qos::at_least_once, 92), factory_broker{}, v311())), S{"mqtt5.packet.max_size=close"});
    EXPECT_EQ(summary(mqtt5::check(pub("f/a", qos::at_least_once, 91), factory_broker{}, v311())), clean);
    std::vector<mqtt5::subscription> outside{{"$share/g/x/#", qos::exactly_once}};
    const auto r = mqtt5::check(sub(outside), factory_broker{}, v5());
    EXPECT_EQ(summary(r), S{"mqtt5.topic.prefix=reject:0x87"});
    EXPECT_TRUE(r.has(mqtt5::note_id::subscribe_qos_above_maximum));
}

}  // namespace
