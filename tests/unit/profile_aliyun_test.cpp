// aliyun_iot: every rule id of shared/docs/cloud-profiles.md for Aliyun, broken and just kept, over both
// protocol versions where the rule depends on them (will and retain: 5.0 only); ordinary traffic passes clean.
#include <gtest/gtest.h>

#include "profile_support.hpp"

namespace {
using namespace profile_test;
using mqtt5::qos;
const mqtt5::aliyun_iot aliyun{};
using S = std::set<std::string>;
const std::string sha256_hex = repeat("0123456789abcdef", 4);

mqtt5::connect device_connect(keeper& k, std::string_view client_id = "a1pk.dev1|securemode=3,signmethod=hmacsha256,timestamp=1700000000000|") {
    auto c = conn(client_id, 300);
    c.username = "dev1&a1pk";
    c.password = k.bytes(sha256_hex);
    return c;
}

TEST(ProfileAliyun, OrdinaryTrafficIsClean) {
    keeper k;
    for (const auto& o : {v5(), v311()}) {
        EXPECT_EQ(summary(mqtt5::check(device_connect(k), aliyun, o)), clean);
        for (const auto* t : {"/a1pk/dev1/user/update", "/a1pk/dev1/user/sub_dir/data_2", "/sys/a1pk/dev1/thing/event/property/post",
                              "/sys/a1pk/dev1/rrpc/response/123", "/ota/device/inform/a1pk/dev1", "/ext/rrpc/123/a1pk/dev1/user/x",
                              "/shadow/update/a1pk/dev1"})
            EXPECT_EQ(summary(mqtt5::check(pub(t), aliyun, o)), clean) << t;
        std::vector<mqtt5::subscription> subs{{"/sys/a1pk/dev1/rrpc/request/+", qos::at_most_once},
                                              {"/a1pk/dev1/user/#", qos::at_least_once},
                                              {"/broadcast/a1pk/+", qos::at_most_once}};
        EXPECT_EQ(summary(mqtt5::check(sub(subs), aliyun, o)), clean);
    }
}

// aliyun.packet.unsupported: PUBREC, PUBREL, PUBCOMP and AUTH; PUBACK passes.
TEST(ProfileAliyun, PacketUnsupported) {
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pubrec{}, aliyun, v311())), S{"aliyun.packet.unsupported=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pubrel{}, aliyun, v5())), S{"aliyun.packet.unsupported=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::pubcomp{}, aliyun, v5())), S{"aliyun.packet.unsupported=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::auth{}, aliyun, v5())), S{"aliyun.packet.unsupported=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(mqtt5::puback{}, aliyun, v5())), clean);
}

// aliyun.qos.max in PUBLISH, SUBSCRIBE and the Will (v5: the Will itself is allowed).
TEST(ProfileAliyun, QosMax) {
    keeper k;
    EXPECT_EQ(summary(mqtt5::check(pub("/a1pk/dev1/user/x", qos::exactly_once), aliyun, v5())), S{"aliyun.qos.max=unconfirmed"});
    std::vector<mqtt5::subscription> two{{"/a1pk/dev1/user/x", qos::exactly_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(two), aliyun, v311())), S{"aliyun.qos.max=unconfirmed"});
    auto c = device_connect(k);
    c.will = mqtt5::will_message{"/a1pk/dev1/user/will", payload(1), qos::exactly_once, false, {}};
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), S{"aliyun.qos.max=unconfirmed"});
    c.will->qos = qos::at_least_once;
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), clean);
}

// aliyun.will.v3 and aliyun.retain.v3: refused over 3.1.1, accepted over 5.0.
TEST(ProfileAliyun, WillAndRetainOnlyOverV5) {
    keeper k;
    auto c = device_connect(k);
    c.will = mqtt5::will_message{"/a1pk/dev1/user/will", payload(1), qos::at_most_once, false, {}};
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), S{"aliyun.will.v3=reject"});
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), clean);
    const auto retained = pub("/a1pk/dev1/user/x", qos::at_least_once, 4, true);
    EXPECT_EQ(summary(mqtt5::check(retained, aliyun, v311())), S{"aliyun.retain.v3=reject"});
    EXPECT_EQ(summary(mqtt5::check(retained, aliyun, v5())), clean);
}

// aliyun.keep_alive.range: 30 and 1200 pass; 29, 1201 and 0 are refused.
TEST(ProfileAliyun, KeepAliveRange) {
    keeper k;
    auto c = device_connect(k);
    for (const std::uint16_t ok : {30, 1200}) {
        c.keep_alive = ok;
        EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), clean);
    }
    for (const std::uint16_t bad : {29, 1201, 0}) {
        c.keep_alive = bad;
        EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), S{"aliyun.keep_alive.range=reject"}) << bad;
    }
}

// aliyun.client_id.format.
TEST(ProfileAliyun, ClientIdFormat) {
    keeper k;
    for (const auto* ok : {"x|securemode=2,signmethod=hmacmd5,timestamp=1|", "x|timestamp=1,securemode=3,signmethod=hmacsha256,_v=sdk-1|"}) {
        auto c = device_connect(k, ok);
        c.password = k.bytes(std::string_view{ok}.find("md5") != std::string_view::npos ? repeat("a", 32) : sha256_hex);
        EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), clean) << ok;
    }
    for (const auto* bad : {"a1pk.dev1", "|securemode=3,signmethod=hmacsha256,timestamp=1|", "x|securemode=4,signmethod=hmacsha256,timestamp=1|",
                            "x|securemode=3,signmethod=sha256,timestamp=1|", "x|securemode=3,signmethod=hmacsha256|",
                            "x|securemode=3,signmethod=hmacsha256,timestamp=1", "x|securemode=3,signmethod=hmacsha256,timestamp=1a|"})
        EXPECT_EQ(summary(mqtt5::check(device_connect(k, bad), aliyun, v311())), S{"aliyun.client_id.format=reject"}) << bad;
}

// aliyun.username.format and aliyun.password.format.
TEST(ProfileAliyun, UsernameAndPassword) {
    keeper k;
    auto c = device_connect(k);
    for (const auto* bad : {"dev1", "&a1pk", "dev1&", "dev1&a1pk&x"}) {
        c.username = bad;
        EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), S{"aliyun.username.format=reject"}) << bad;
    }
    c.username.reset();
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), S{"aliyun.username.format=reject"});
    c = device_connect(k);
    c.password = k.bytes(repeat("a", 63));
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), S{"aliyun.password.format=reject"});
    c.password = k.bytes(repeat("a", 40));  // a SHA-1 digest where the client id says hmacsha256
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), S{"aliyun.password.format=reject"});
    c.password = k.bytes(repeat("g", 64));
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v311())), S{"aliyun.password.format=reject"});
    c.password.reset();
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), S{"aliyun.password.format=reject"});
    c.password = k.bytes(repeat("A", 64));
    EXPECT_EQ(summary(mqtt5::check(c, aliyun, v5())), clean);
}

// aliyun.topic.custom_format.
TEST(ProfileAliyun, TopicCustomFormat) {
    for (const auto* bad : {"a1pk/dev1/user/x", "/a1pk/dev1/user/", "/a1pk/dev1/user//x", "/a1pk/dev1/user/bad-level", "/a1pk/dev1/other/x",
                            "/a1pk//user/x", "/sys/a1pk/dev1", "/sys/a1pk/dev1/", "sensor/1"})
        EXPECT_EQ(summary(mqtt5::check(pub(bad), aliyun, v311())), S{"aliyun.topic.custom_format=close"}) << bad;
    std::vector<mqtt5::subscription> bad{{"/a1pk/dev1/user/a-b", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(bad), aliyun, v5())), S{"aliyun.topic.custom_format=close"});
}

// The topic after alias resolution (check_options::resolved_topic) is the one judged.
TEST(ProfileAliyun, TopicCustomFormatJudgesTheResolvedTopic) {
    auto o = v5();
    EXPECT_EQ(summary(mqtt5::check(pub(""), aliyun, o)), clean);  // alias only, judged alone: no topic
    o.resolved_topic = "/a1pk/dev1/user/x";
    EXPECT_EQ(summary(mqtt5::check(pub(""), aliyun, o)), clean);
    o.resolved_topic = "/a1pk/dev1/user/bad-level";
    EXPECT_EQ(summary(mqtt5::check(pub(""), aliyun, o)), S{"aliyun.topic.custom_format=close"});
}

// aliyun.user_properties.max (20 pass, 21 ignored) and aliyun.user_properties.packet.
TEST(ProfileAliyun, UserProperties) {
    keeper k;
    auto with_props = [&](std::size_t n) {
        mqtt5::property_builder<mqtt5::place::publish> b{k.storage()};
        for (std::size_t i = 0; i < n; ++i) b.user_property("k", "v");
        auto p = pub("/a1pk/dev1/user/x");
        p.properties = *b.build();
        return p;
    };
    EXPECT_EQ(summary(mqtt5::check(with_props(20), aliyun, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(with_props(21), aliyun, v5())), S{"aliyun.user_properties.max=ignore"});
    mqtt5::puback ack{};
    ack.packet_id = 1;
    EXPECT_EQ(summary(mqtt5::check(ack, aliyun, v5())), clean);
    ack.properties = *mqtt5::property_builder<mqtt5::place::puback>{k.storage()}.user_property("k", "v").build();
    EXPECT_EQ(summary(mqtt5::check(ack, aliyun, v5())), S{"aliyun.user_properties.packet=ignore"});
    std::vector<mqtt5::subscription> one{{"/a1pk/dev1/user/x", qos::at_most_once}};
    auto s = sub(one);
    s.properties = *mqtt5::property_builder<mqtt5::place::subscribe>{k.storage()}.user_property("k", "v").build();
    EXPECT_EQ(summary(mqtt5::check(s, aliyun, v5())), S{"aliyun.user_properties.packet=ignore"});
}

// aliyun.shared_subscription.v3: $share/ is 5.0 only.
TEST(ProfileAliyun, SharedSubscriptionV3) {
    std::vector<mqtt5::subscription> shared{{"$share/g1/a1pk/dev1/user/x", qos::at_most_once}};
    std::vector<mqtt5::subscription> shared_ok{{"$share/g1//a1pk/dev1/user/x", qos::at_most_once}};
    EXPECT_EQ(summary(mqtt5::check(sub(shared_ok), aliyun, v5())), clean);
    EXPECT_EQ(summary(mqtt5::check(sub(shared_ok), aliyun, v311())), S{"aliyun.shared_subscription.v3=unconfirmed"});
    EXPECT_EQ(summary(mqtt5::check(sub(shared), aliyun, v5())), S{"aliyun.topic.custom_format=close"});
}

}  // namespace
