// Test vectors captured from real peers (tests/interop/captures.hex, written by a run of the interop tests
// with MQTT5_INTEROP_WRITE_CAPTURES): every packet mosquitto, paho, mosquitto_pub and mosquitto_sub sent
// must decode (with the sender's role known and unknown) and re-encode to exactly the same bytes. No
// broker or other program is needed.
#include <gtest/gtest.h>

#include <mqtt5.hpp>

#include <cstddef>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#ifndef MQTT5_INTEROP_CAPTURES
#error "MQTT5_INTEROP_CAPTURES (the path of captures.hex) must be defined"
#endif
#ifndef MQTT5_INTEROP_CAPTURES_V311
#error "MQTT5_INTEROP_CAPTURES_V311 (the path of captures_v311.hex) must be defined"
#endif

namespace {

struct capture {
    std::string label{};
    std::vector<std::byte> bytes{};
    int line{};
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "<label>: <hex bytes>" lines; '#' starts a comment line; blank lines are skipped.
std::vector<capture> load(const std::string& path, std::string& problem) {
    std::ifstream in(path);
    if (!in) {
        problem = "cannot open " + path;
        return {};
    }
    std::vector<capture> out;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(": ");
        if (colon == std::string::npos) {
            problem = "line " + std::to_string(number) + ": no \"label: \"";
            return {};
        }
        capture c{.label = line.substr(0, colon), .bytes = {}, .line = number};
        int high = -1;
        for (const char ch : line.substr(colon + 2)) {
            if (ch == ' ') continue;
            const int d = hex_digit(ch);
            if (d < 0) {
                problem = "line " + std::to_string(number) + ": not hex: " + ch;
                return {};
            }
            if (high < 0) {
                high = d;
            } else {
                c.bytes.push_back(static_cast<std::byte>((high << 4) | d));
                high = -1;
            }
        }
        if (high >= 0 || c.bytes.empty()) {
            problem = "line " + std::to_string(number) + ": odd or empty hex";
            return {};
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::string hex(std::span<const std::byte> bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const auto b : bytes) {
        out.push_back(digits[static_cast<unsigned>(b) >> 4]);
        out.push_back(digits[static_cast<unsigned>(b) & 0xF]);
        out.push_back(' ');
    }
    return out;
}

// mosquitto (the broker) sends as a server; paho, mosquitto_pub and mosquitto_sub as clients.
mqtt5::role sender_of(const std::string& label) {
    return label.rfind("mosquitto.", 0) == 0 ? mqtt5::role::server : mqtt5::role::client;
}

TEST(InteropCaptures, DecodeAndReencodeByteExactly) {
    std::string problem;
    const auto captures = load(MQTT5_INTEROP_CAPTURES, problem);
    ASSERT_TRUE(problem.empty()) << problem;
    ASSERT_GE(captures.size(), 20u) << "captures.hex holds too few packets";

    std::set<std::pair<int, int>> seen;  // (sender role, packet type)
    for (const auto& c : captures) {
        SCOPED_TRACE("captures.hex line " + std::to_string(c.line) + ": " + c.label);
        // The sender's role, no role, and every optional strictness of the decoder on.
        for (const int pass : {0, 1, 2}) {
            mqtt5::decode_options options{};
            options.sender = pass == 1 ? mqtt5::role::unspecified : sender_of(c.label);
            options.check_payload_format = pass == 2;
            options.reject_disallowed_code_points = pass == 2;
            options.strict_disconnect_reason_codes = pass == 2;
            const auto decoded = mqtt5::decode(c.bytes, options);
            ASSERT_TRUE(decoded) << mqtt5::to_string(decoded.error().code) << " at byte " << decoded.error().offset << ": " << hex(c.bytes);
            // The label names the packet type.
            std::string type{mqtt5::to_string(mqtt5::type_of(*decoded))};
            for (auto& ch : type) ch = static_cast<char>(ch - 'A' + 'a');
            EXPECT_NE(c.label.find("." + type + "."), std::string::npos) << "label does not match the packet type " << type;

            const auto size = mqtt5::encoded_size(*decoded);
            ASSERT_TRUE(size) << mqtt5::to_string(size.error().code);
            EXPECT_EQ(*size, c.bytes.size());
            std::vector<std::byte> again(c.bytes.size() + 8);
            const auto written = mqtt5::encode(*decoded, again);
            ASSERT_TRUE(written) << mqtt5::to_string(written.error().code);
            again.resize(*written);
            EXPECT_EQ(hex(again), hex(c.bytes)) << "re-encoding differs";
            seen.insert({static_cast<int>(sender_of(c.label)), static_cast<int>(mqtt5::type_of(*decoded))});
        }
    }

    // Every packet type the peers exchanged with us live is among the vectors.
    using mqtt5::packet_type;
    const auto server = static_cast<int>(mqtt5::role::server), client = static_cast<int>(mqtt5::role::client);
    for (const auto t : {packet_type::connack, packet_type::publish, packet_type::puback, packet_type::pubrec, packet_type::pubrel,
                         packet_type::pubcomp, packet_type::suback, packet_type::unsuback, packet_type::pingresp})
        EXPECT_TRUE(seen.count({server, static_cast<int>(t)})) << "no " << mqtt5::to_string(t) << " from the broker";
    for (const auto t : {packet_type::connect, packet_type::publish, packet_type::puback, packet_type::pubrec, packet_type::pubrel,
                         packet_type::pubcomp, packet_type::subscribe, packet_type::unsubscribe, packet_type::pingreq,
                         packet_type::disconnect})
        EXPECT_TRUE(seen.count({client, static_cast<int>(t)})) << "no " << mqtt5::to_string(t) << " from a client";
}

// captures_v311.hex: the 3.1.1 (v311.*) and 3.1 (v31.*) packets the same peers sent. Each decodes at its version
// (for clients, the version select_protocol_version reads from the source's own CONNECT must agree), does not
// decode as v5 where the levels differ in form, and re-encodes at its version byte-exactly.
TEST(InteropCaptures, V311AndV31DecodeAndReencodeByteExactly) {
    std::string problem;
    const auto captures = load(MQTT5_INTEROP_CAPTURES_V311, problem);
    ASSERT_TRUE(problem.empty()) << problem;
    ASSERT_GE(captures.size(), 40u) << "captures_v311.hex holds too few packets";
    std::set<std::tuple<int, int, int>> seen;  // (version, sender role, packet type)
    for (const auto& c : captures) {
        SCOPED_TRACE("captures_v311.hex line " + std::to_string(c.line) + ": " + c.label);
        const bool v31 = c.label.rfind("v31.", 0) == 0;
        ASSERT_TRUE(v31 || c.label.rfind("v311.", 0) == 0) << "label must start with v311. or v31.";
        const auto version = v31 ? mqtt5::protocol_version::v31 : mqtt5::protocol_version::v311;
        const auto rest = c.label.substr(c.label.find('.') + 1);  // <source>.<type>.<scenario>
        if (rest.find(".connect.") != std::string::npos) {
            const auto selection = mqtt5::select_protocol_version(c.bytes);
            EXPECT_EQ(selection.refusal, mqtt5::version_refusal::none);
            EXPECT_EQ(selection.version, version) << "select_protocol_version on the captured CONNECT";
        }
        for (const int pass : {0, 1}) {
            mqtt5::decode_options options{};
            options.version = version;
            options.sender = pass == 1 ? mqtt5::role::unspecified : sender_of(rest);
            options.reject_disallowed_code_points = pass == 1;
            const auto decoded = mqtt5::decode(c.bytes, options);
            ASSERT_TRUE(decoded) << mqtt5::to_string(decoded.error().code) << " at byte " << decoded.error().offset << ": " << hex(c.bytes);
            std::string type{mqtt5::to_string(mqtt5::type_of(*decoded))};
            for (auto& ch : type) ch = static_cast<char>(ch - 'A' + 'a');
            EXPECT_NE(rest.find("." + type + "."), std::string::npos) << "label does not match the packet type " << type;

            const mqtt5::encode_options encoding{.version = version};
            const auto size = mqtt5::encoded_size(*decoded, encoding);
            ASSERT_TRUE(size) << mqtt5::to_string(size.error().code);
            EXPECT_EQ(*size, c.bytes.size());
            std::vector<std::byte> again(c.bytes.size() + 8);
            const auto written = mqtt5::encode(*decoded, again, encoding);
            ASSERT_TRUE(written) << mqtt5::to_string(written.error().code);
            again.resize(*written);
            EXPECT_EQ(hex(again), hex(c.bytes)) << "re-encoding at level " << static_cast<int>(version) << " differs";
            seen.insert({static_cast<int>(version), static_cast<int>(sender_of(rest)), static_cast<int>(mqtt5::type_of(*decoded))});
        }
    }
    using mqtt5::packet_type;
    const auto server = static_cast<int>(mqtt5::role::server), client = static_cast<int>(mqtt5::role::client);
    for (const auto v : {mqtt5::protocol_version::v311, mqtt5::protocol_version::v31}) {
        const auto level = static_cast<int>(v);
        for (const auto t : {packet_type::connack, packet_type::publish, packet_type::puback, packet_type::pubrec, packet_type::pubrel,
                             packet_type::pubcomp, packet_type::suback, packet_type::unsuback, packet_type::pingresp})
            EXPECT_TRUE(seen.count({level, server, static_cast<int>(t)})) << "level " << level << ": no " << mqtt5::to_string(t) << " from the broker";
        for (const auto t : {packet_type::connect, packet_type::publish, packet_type::puback, packet_type::pubrec, packet_type::pubrel,
                             packet_type::pubcomp, packet_type::subscribe, packet_type::unsubscribe, packet_type::pingreq,
                             packet_type::disconnect})
            EXPECT_TRUE(seen.count({level, client, static_cast<int>(t)})) << "level " << level << ": no " << mqtt5::to_string(t) << " from a client";
    }
}

}  // namespace
