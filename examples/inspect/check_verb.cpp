// mqtt5-inspect check: one JSON object per packet, the envelope of `decode` plus the violations the chosen cloud
// profile finds (issue 11 item 6). Each packet is judged alone, on the connection the cloud would negotiate: the
// profiles' own limits (the CONNACK they announce), no state from one line to the next.
#include "check_verb.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <mqtt5.hpp>

#include "json_input.hpp"
#include "json_output.hpp"
#include "session_verb.hpp"

namespace inspect {

const std::string_view check_usage_text =
    R"(check   mqtt5-inspect check --profile aws|azure|aliyun|greengrass-emqx|greengrass-moquette
                [--version 4|5] [--direction c2s|s2c] [--hex] [FILE|-]
        Judges each packet by a cloud profile (include/mqtt5/profiles/). Input as for decode: a raw
        byte stream, or with --hex one packet per line (HEX then its label). --version: 5 (default)
        or 4 (3.1.1); --direction: c2s (device to cloud, the default) or s2c. Each packet is judged
        alone, on the connection the cloud would negotiate (the limits of its CONNACK).
        Each line: the decode envelope plus
          "violations":[{"rule","action","reason_code","found","allowed","source"}]
          action       reject, reject:0xNN, disconnect:0xNN, no_ack, clamp:VALUE, rewrite, ignore,
                       close or unconfirmed; reason_code (an integer) only when the action has one
          found, allowed  a number or a string
        --session: the input is a conversation of `mqtt5-inspect session` (c2s HEX label / s2c HEX
        label / close); each line is judged in its own direction, each CONNECT sets the version of
        its connection (--version is the version before the first CONNECT), and the limits the
        CONNECT and CONNACK negotiate are handed to the profile (mqtt5::check_options::negotiated;
        the cloud profiles' limits are the cloud's own), with the connection's client id
        (check_options::client_id) and, for a PUBLISH, its topic after Topic Alias resolution by the
        connection layer (check_options::resolved_topic). Lines print "direction" after "label".
        Exit status: 0 no packet breaks a rule, 1 some packet breaks one or does not decode, 2 usage
        error or unreadable FILE.
)";

namespace {

using check_function = mqtt5::check_report (*)(const mqtt5::packet&, const mqtt5::check_options&);

template <mqtt5::cloud_profile P> mqtt5::check_report judge(const mqtt5::packet& p, const mqtt5::check_options& o) {
    return mqtt5::check(p, P{}, o);
}

std::optional<check_function> profile_named(std::string_view name) {
    if (name == mqtt5::aws_iot_core::name) return &judge<mqtt5::aws_iot_core>;
    if (name == mqtt5::azure_iot_hub::name) return &judge<mqtt5::azure_iot_hub>;
    if (name == mqtt5::aliyun_iot::name) return &judge<mqtt5::aliyun_iot>;
    if (name == mqtt5::greengrass_emqx::name) return &judge<mqtt5::greengrass_emqx>;
    if (name == mqtt5::greengrass_moquette::name) return &judge<mqtt5::greengrass_moquette>;
    return std::nullopt;
}

json finding_json(const mqtt5::finding& f) {
    if (f.is_number) return json(f.number);
    return json(std::string{f.text});
}

json violations_json(const mqtt5::check_report& report) {
    json list = json::array();
    for (const auto& v : report.violations()) {
        std::array<char, 32> buffer{};
        const auto action = mqtt5::action_text(v.action, buffer);
        json item = json::object();
        item["rule"] = std::string{mqtt5::to_string(v.rule)};
        item["action"] = action ? std::string{*action} : std::string{mqtt5::to_string(v.action.kind)};
        if (v.action.has_reason_code) item["reason_code"] = v.action.reason_code;
        item["found"] = finding_json(v.found);
        item["allowed"] = finding_json(v.allowed);
        item["source"] = std::string{v.source};
        list.push_back(std::move(item));
    }
    return list;
}

int usage(std::string_view message) {
    std::cerr << "mqtt5-inspect: " << message << "\ntry 'mqtt5-inspect --help'\n";
    return 2;
}

class checker {
public:
    checker(check_function judge, mqtt5::check_options options)
        : judge_(judge), options_(options) {
        decode_.version = options.version;
        decode_.sender = options.direction == mqtt5::direction::device_to_cloud ? mqtt5::role::client : mqtt5::role::server;
    }

    // Decodes and judges one packet.
    void packet(const envelope_origin& origin, std::span<const std::byte> bytes) {
        const auto decoded = mqtt5::decode(bytes, decode_);
        if (!decoded) return error(origin, decoded.error());
        judge(origin, bytes, *decoded);
    }
    // Judges one decoded packet.
    void judge(const envelope_origin& origin, std::span<const std::byte> bytes, const mqtt5::packet& decoded,
               std::optional<std::string_view> direction = std::nullopt) {
        const auto report = judge_(decoded, options_);
        if (!report.clean()) broken_ = true;
        auto line = ok_envelope(origin, packet_to_json(bytes, decoded, options_.version));
        line["violations"] = violations_json(report);
        if (report.overflowed()) line["violations_overflowed"] = true;  // never silently: the report was full
        emit(std::move(line), direction);
    }
    void error(const envelope_origin& origin, const mqtt5::error& e, std::string_view name = {},
               std::optional<std::string_view> direction = std::nullopt) {
        broken_ = true;
        auto line = error_envelope(origin, e, options_.version, name);
        if (name == "invalid_line") line["reason_code"] = nullptr;  // not a packet: no receiver, no reason code
        line["violations"] = json::array();
        emit(std::move(line), direction);
    }
    // --session: the packets of one line travel `d` on a connection of `version` with `negotiated` limits.
    void set_connection(mqtt5::direction d, mqtt5::protocol_version version, const mqtt5::negotiated_limits* negotiated) {
        options_.direction = d;
        options_.version = version;
        options_.negotiated = negotiated;
        options_.resolved_topic = {};
        decode_.version = version;
        decode_.sender = d == mqtt5::direction::device_to_cloud ? mqtt5::role::client : mqtt5::role::server;
    }
    // --session: what the connection knows about the next packet (views that outlive its judgement).
    void set_connection_facts(std::string_view resolved_topic, std::optional<std::string_view> client_id) {
        options_.resolved_topic = resolved_topic;
        options_.client_id = client_id;
    }
    const mqtt5::decode_options& decode_options() const { return decode_; }
    const mqtt5::check_options& check_options() const { return options_; }
    bool broken() const { return broken_; }

private:
    // `direction` goes right after `label`, as `mqtt5-inspect session` prints it.
    static void emit(json line, std::optional<std::string_view> direction) {
        if (direction) {
            json ordered = json::object();
            for (auto it = line.begin(); it != line.end(); ++it) {
                ordered[it.key()] = it.value();
                if (it.key() == "label") ordered["direction"] = std::string{*direction};
            }
            line = std::move(ordered);
        }
        std::cout << dump_line(line) << '\n';
    }

    check_function judge_{};
    mqtt5::check_options options_{};
    mqtt5::decode_options decode_{};
    bool broken_{};
};

int check_hex_lines(std::istream& in, checker& out) {
    std::string line;
    for (std::size_t number = 0; std::getline(in, line); ++number) {
        auto fields = split_hex_line(line);
        if (!fields) continue;
        const auto token = fields->token;
        const envelope_origin origin{number, std::move(fields->label), std::nullopt};
        std::vector<std::byte> bytes;
        if (const auto bad = parse_hex(token, bytes)) {
            out.error(origin, mqtt5::error{mqtt5::errc::invalid_argument, mqtt5::reason_code::malformed_packet, *bad / 2}, "invalid_hex");
            continue;
        }
        out.packet(origin, bytes);
    }
    return out.broken() ? 1 : 0;
}

int check_raw_stream(std::istream& in, checker& out) {
    const std::size_t capacity = mqtt5::max_packet_size;
    const std::unique_ptr<std::byte[]> storage(new std::byte[capacity]);
    mqtt5::framer framer(std::span<std::byte>{storage.get(), capacity},
                         mqtt5::framer_options{capacity, out.decode_options().allow_non_minimal_varint});
    std::vector<char> chunk(64 * 1024);
    std::size_t index = 0, pending = 0;
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        framer.feed(std::as_bytes(std::span<const char>{chunk.data(), static_cast<std::size_t>(in.gcount())}));
        for (;;) {
            const auto frame = framer.next();
            if (frame.status == mqtt5::frame_status::need_more) {
                pending = frame.stream_offset;
                break;
            }
            const envelope_origin origin{index, std::nullopt, frame.stream_offset};
            if (frame.status == mqtt5::frame_status::error) {
                out.error(origin, frame.err);
                return 1;
            }
            out.packet(origin, frame.packet);
            ++index;
        }
    }
    if (framer.buffered() != 0)
        out.error(envelope_origin{index, std::nullopt, pending}, mqtt5::make_error(mqtt5::errc::incomplete_packet, framer.buffered()));
    return out.broken() ? 1 : 0;
}

// --session: the connection layer on both sides, as `mqtt5-inspect session` holds it, for what a profile needs
// from the connection: a PUBLISH's topic after Topic Alias resolution (mqtt5::received::topic). The receiver
// judges a packet, the sender records it; a packet the receiver refuses changes neither (the layer's promise),
// and the profile then judges the packet's own topic.
class connection_pair {
public:
    connection_pair() : client_(std::make_unique<client_type>()), server_(std::make_unique<server_type>()) { open(); }

    void close() {
        client_->close(no_clock);
        server_->close(no_clock);
        open();
    }
    // Passes `p` (`size` bytes on the wire, of a connection of `version`) from one side to the other. Returns a
    // PUBLISH's topic after alias resolution when the receiver accepts it, else an empty string.
    std::string pass(const mqtt5::packet& p, std::size_t size, mqtt5::protocol_version version, bool from_client) {
        return from_client ? pass(p, size, version, *server_, *client_, true) : pass(p, size, version, *client_, *server_, false);
    }

private:
    using client_type = mqtt5::client_connection<inspector_capacity>;
    using server_type = mqtt5::server_connection<inspector_capacity>;
    static constexpr mqtt5::millis no_clock = 0;  // the input has no clock

    void open() {
        client_->open(no_clock, mqtt5::protocol_version::v5);
        server_->open(no_clock, mqtt5::protocol_version::v5);
    }
    template <class Receiver, class Sender>
    static std::string pass(const mqtt5::packet& p, std::size_t size, mqtt5::protocol_version version, Receiver& receiver,
                            Sender& sender, bool from_client) {
        const bool first_connect = from_client && std::holds_alternative<mqtt5::connect>(p) &&
                                   receiver.state() == mqtt5::connection_state::awaiting_connect;
        if (first_connect) receiver.set_protocol_version(version);
        const auto got = receiver.receive(p, size, no_clock);
        if (!got) return {};
        std::string topic{got->type == mqtt5::packet_type::publish ? got->topic : std::string_view{}};  // a view into the layer
        if (first_connect) sender.set_protocol_version(version);
        auto copy = p;  // send() may complete the packet
        (void)sender.send(copy, no_clock);
        return topic;
    }

    std::unique_ptr<client_type> client_;
    std::unique_ptr<server_type> server_;
};

// --session: a conversation (the `mqtt5-inspect session` format), each line judged in its direction on the
// connection its CONNECT opened, with the limits its CONNECT and CONNACK negotiated, the connection's client id
// and each PUBLISH's topic after alias resolution.
int check_conversation(std::istream& in, checker& out) {
    const auto first_version = out.check_options().version;
    auto version = first_version;
    mqtt5::negotiated_limits negotiated{};
    bool connected = false;
    connection_pair connection;
    std::optional<std::string> client_id;  // the connection's, once its CONNECT is read
    std::string resolved_topic;
    std::string line;
    for (std::size_t number = 0; std::getline(in, line); ++number) {
        const auto rest = trim(line);
        if (rest.empty() || rest.front() == '#') continue;
        if (rest == "close") {
            version = first_version;
            negotiated = mqtt5::negotiated_limits{};
            connected = false;
            client_id.reset();
            connection.close();
            continue;
        }
        auto fields = split_conversation_line(rest);
        const auto word = fields.direction;
        const auto token = fields.hex;
        const envelope_origin origin{number, std::move(fields.label), std::nullopt};
        if (word != "c2s" && word != "s2c") {
            out.error(origin, mqtt5::error{mqtt5::errc::invalid_argument, mqtt5::reason_code::malformed_packet, 0}, "invalid_line");
            continue;
        }
        const auto d = word == "c2s" ? mqtt5::direction::device_to_cloud : mqtt5::direction::cloud_to_device;
        std::vector<std::byte> bytes;
        if (const auto bad = parse_hex(token, bytes)) {
            out.error(origin, mqtt5::error{mqtt5::errc::invalid_argument, mqtt5::reason_code::malformed_packet, *bad / 2}, "invalid_hex", word);
            continue;
        }
        if (d == mqtt5::direction::device_to_cloud && !connected) {  // the CONNECT sets the connection's version
            const auto chosen = mqtt5::select_protocol_version(bytes);
            if (chosen.err.code == mqtt5::errc::ok && chosen.refusal == mqtt5::version_refusal::none) version = chosen.version;
        }
        out.set_connection(d, version, connected ? &negotiated : nullptr);
        const auto decoded = mqtt5::decode(bytes, out.decode_options());
        if (!decoded) {
            out.error(origin, decoded.error(), {}, word);
            continue;
        }
        resolved_topic = connection.pass(*decoded, bytes.size(), version, d == mqtt5::direction::device_to_cloud);
        out.set_connection_facts(resolved_topic, client_id ? std::optional<std::string_view>{*client_id} : std::nullopt);
        out.judge(origin, bytes, *decoded, word);
        if (const auto* c = std::get_if<mqtt5::connect>(&*decoded); c && d == mqtt5::direction::device_to_cloud) {
            if (!connected) client_id = std::string{c->client_id};
            negotiated.apply(*c, version);
            connected = true;
        } else if (const auto* a = std::get_if<mqtt5::connack>(&*decoded); a && d == mqtt5::direction::cloud_to_device) {
            negotiated.apply(*a, version);
            if (version == mqtt5::protocol_version::v5 && client_id && client_id->empty())  // [MQTT-3.2.2-16]
                if (const auto assigned = a->properties.assigned_client_identifier()) client_id = std::string{*assigned};
        }
    }
    return out.broken() ? 1 : 0;
}

}  // namespace

int run_check(const std::vector<std::string_view>& args) {
    std::optional<check_function> judge;
    mqtt5::check_options options{};
    bool hex = false, session = false;
    std::optional<std::string> path;
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto arg = args[i];
        if (arg == "-" || arg.empty() || arg[0] != '-') {
            if (path) return usage("more than one input file");
            path = std::string{arg};
            continue;
        }
        std::optional<std::string_view> value;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const bool takes_value = arg == "--profile" || arg == "--version" || arg == "--direction";
        if (!takes_value && value) return usage("unknown option '" + std::string{args[i]} + "'");
        if (takes_value && !value) {
            if (i + 1 == args.size()) return usage(std::string{arg} + " needs a value");
            value = args[++i];
        }
        if (arg == "--help" || arg == "-h") {
            std::cout << check_usage_text;
            return 0;
        } else if (arg == "--hex") {
            hex = true;
        } else if (arg == "--profile") {
            judge = profile_named(*value);
            if (!judge) return usage("--profile must be aws, azure, aliyun, greengrass-emqx or greengrass-moquette");
        } else if (arg == "--version") {
            if (*value == "4") options.version = mqtt5::protocol_version::v311;
            else if (*value == "5") options.version = mqtt5::protocol_version::v5;
            else return usage("--version must be 4 or 5");
        } else if (arg == "--direction") {
            if (*value == "c2s") options.direction = mqtt5::direction::device_to_cloud;
            else if (*value == "s2c") options.direction = mqtt5::direction::cloud_to_device;
            else return usage("--direction must be c2s or s2c");
        } else if (arg == "--session") {
            session = true;
        } else {
            return usage("unknown option '" + std::string{args[i]} + "'");
        }
    }
    if (!judge) return usage("check needs --profile");
    std::ifstream file;
    if (path && *path != "-") {
        file.open(*path, std::ios::binary);
        if (!file.is_open()) return usage("cannot open '" + *path + "'");
    }
    std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
    checker out(*judge, options);
    if (session) return check_conversation(in, out);
    return hex ? check_hex_lines(in, out) : check_raw_stream(in, out);
}

}  // namespace inspect
