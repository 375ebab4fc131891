// What a demo prints: one line per packet that went over the wire (who, direction, size on the wire, the
// packet as interop::to_line writes it, every reason code with its name), and for each packet a device sent,
// what the AWS IoT Core profile says AWS would do with it (mqtt5::check with mqtt5::aws_iot_core). The socket
// loop is interop::connection's (examples/interop/connection.hpp): a transcript only watches it, through the
// observer the connection calls for every packet in both directions.
//
//   demos::transcript t{std::cout};
//   interop::connection device{"device"};
//   t.watch(device);           // "  device     ->   35 B  CONNECT client_id=... | AWS: ok"
//   t.say("what happens next");
#pragma once

#include <connection.hpp>
#include <mqtt5.hpp>

#include <cctype>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>

namespace demos {

// "0x10 No matching subscribers": a reason code and its name in the packet it came in.
inline std::string reason_name(mqtt5::reason_code rc, mqtt5::packet_type type) {
    return "0x" + interop::hex2(static_cast<unsigned>(rc)) + " " + std::string(mqtt5::to_string(rc, type));
}

// Every reason code of a packet, each with its name ("" when the packet has none).
inline std::string reason_names(const mqtt5::packet& packet) {
    const auto type = mqtt5::type_of(packet);
    return std::visit(
        [type](const auto& p) {
            std::string out;
            if constexpr (requires { p.reason_codes; }) {
                for (const auto rc : p.reason_codes) out += (out.empty() ? "" : ", ") + reason_name(rc, type);
            } else if constexpr (requires { p.reason; }) {
                out = reason_name(p.reason, type);
            }
            return out;
        },
        packet);
}

// The payload as text when it is short, printable ASCII; its size otherwise.
inline std::string payload_text(std::span<const std::byte> payload) {
    const auto text = interop::chars_of(payload);
    bool printable = text.size() <= 40;
    for (const char c : text) printable = printable && std::isprint(static_cast<unsigned char>(c)) != 0;
    return printable ? "\"" + std::string(text) + "\"" : "<" + std::to_string(payload.size()) + " bytes>";
}

// interop::to_line with the payload made readable (to_line writes it in hex, for byte-exact comparisons).
inline std::string packet_text(const interop::received_packet& p) {
    if (!p.ok()) return p.describe();
    auto line = interop::to_line(p.packet());
    if (const auto* pub = std::get_if<mqtt5::publish>(&p.packet())) {
        const auto at = line.find(" payload=");
        const auto end = line.find(' ', at + 1);
        line.replace(at, (end == std::string::npos ? line.size() : end) - at, " payload=" + payload_text(pub->payload));
    }
    // to_line escapes '#' (its lines are parsed back); a reader wants the filter as written.
    for (auto at = line.find("%23"); at != std::string::npos; at = line.find("%23", at + 1)) line.replace(at, 3, "#");
    if (const auto names = reason_names(p.packet()); !names.empty()) line += "  [" + names + "]";
    return line;
}

// What AWS IoT Core would do with a packet a device sends: "AWS: ok", or each violation as
// "disconnect 0x9B, aws.qos.max (found 2, allowed 1)"; then the profile's notes, one per line.
inline std::string aws_verdict(const mqtt5::packet& packet, std::string_view resolved_topic, std::string_view client_id) {
    const auto report = mqtt5::check(packet, mqtt5::aws_iot_core{},
                                     {.version = mqtt5::protocol_version::v5,
                                      .direction = mqtt5::direction::device_to_cloud,
                                      .resolved_topic = resolved_topic,
                                      .client_id = client_id.empty() ? std::nullopt : std::optional<std::string_view>(client_id)});
    const auto show = [](const mqtt5::finding& f) { return f.is_number ? std::to_string(f.number) : std::string(f.text); };
    std::string out = "AWS:";
    if (report.clean()) out += " ok";
    for (const auto& v : report.violations()) {
        std::array<char, 32> storage{};
        auto action = std::string(mqtt5::action_text(v.action, storage).value_or("unconfirmed"));
        if (const auto colon = action.find(':'); colon != std::string::npos) action[colon] = ' ';
        out += " " + action + ", " + std::string(mqtt5::to_string(v.rule)) + " (found " + show(v.found) + ", allowed " +
               show(v.allowed) + ");";
    }
    if (report.overflowed()) out += " (more violations)";
    if (out.back() == ';') out.pop_back();
    for (const auto n : report.notes()) out += "\n" + std::string(22, ' ') + "AWS note: " + std::string(mqtt5::to_string(n));
    return out;
}

class transcript {
public:
    explicit transcript(std::ostream& out) : out_(out) {}

    // A line of narration between the packets.
    void say(const std::string& text) { out_ << "  # " << text << "\n"; }

    // One packet line (who, direction, bytes on the wire, the packet, and for what a device sent, AWS's verdict).
    void packet_line(const std::string& who, interop::direction d, const interop::received_packet& p, const std::string& verdict) {
        const auto size = std::to_string(p.bytes().size());
        out_ << "  " << who << std::string(who.size() < 10 ? 10 - who.size() : 0, ' ')
             << (d == interop::direction::sent ? " -> " : " <- ") << std::string(size.size() < 4 ? 4 - size.size() : 0, ' ')
             << size << " B  " << packet_text(p) << (verdict.empty() ? "" : "  | " + verdict) << "\n";
    }

    // Prints every packet `c` sends and receives from now on, and AWS's verdict on each one it sends, and
    // counts them (bytes()). quiet_receiving: what it receives is counted, not printed (a subscriber's many
    // deliveries). `also` sees every packet too, e.g. for a demo to check what the layer put in a PUBLISH.
    void watch(interop::connection& c, bool quiet_receiving = false, interop::packet_observer also = {}) {
        auto client_id = std::make_shared<std::string>();
        c.set_observer([this, &c, client_id, quiet_receiving, also](interop::direction d, const interop::received_packet& p) {
            auto& count = tallies_[{c.name(), d, p.type()}];
            ++count.packets;
            count.bytes += p.bytes().size();
            if (also) also(d, p);
            if (d == interop::direction::received) {
                if (!quiet_receiving) packet_line(c.name(), d, p, "");
                return;
            }
            if (const auto* con = std::get_if<mqtt5::connect>(&p.packet())) *client_id = std::string(con->client_id);
            // A PUBLISH that names its topic by Topic Alias only is judged on the topic the alias stands for.
            std::string topic;
            if (const auto* pub = std::get_if<mqtt5::publish>(&p.packet()); pub != nullptr && pub->topic.empty())
                if (const auto alias = pub->properties.topic_alias())
                    topic = std::string(c.layer().outbound_aliases().topic(*alias).value_or(""));
            packet_line(c.name(), d, p, aws_verdict(p.packet(), topic, *client_id));
        });
    }

    // A packet written with interop::connection::send_raw, which the observer does not see.
    void raw_sent(const interop::connection& c, std::span<const std::byte> bytes) {
        const interop::received_packet p{bytes, {.version = mqtt5::protocol_version::v5, .sender = mqtt5::role::client}};
        packet_line(c.name(), interop::direction::sent, p, "send_raw, not checked by our layer | " + aws_verdict(p.packet(), {}, {}));
    }

    // How many packets of a type a connection sent or received, and their bytes on the wire.
    struct tally {
        std::size_t packets{};
        std::size_t bytes{};
    };
    tally bytes(const std::string& who, interop::direction d, mqtt5::packet_type type) const {
        const auto it = tallies_.find({who, d, type});
        return it == tallies_.end() ? tally{} : it->second;
    }

private:
    std::ostream& out_;
    std::map<std::tuple<std::string, interop::direction, mqtt5::packet_type>, tally> tallies_{};
};

}  // namespace demos
