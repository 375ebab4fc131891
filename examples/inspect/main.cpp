// mqtt5-inspect: a command-line packet inspector for the mqtt5 codec.
//
//   mqtt5-inspect decode [--version 3|4|5] [--hex] [--stream] [options] [FILE|-]   packets -> JSON lines
//   mqtt5-inspect encode [--version 3|4|5] [FILE|-]                                JSON lines -> hex packets
//   mqtt5-inspect session [--hex] [FILE|-]                              a conversation -> verdicts, JSON lines
//   mqtt5-inspect check --profile P [--version 4|5] [--direction c2s|s2c] [--session] [--hex] [FILE|-]
//                                                                        packets -> a cloud's verdicts, JSON lines
//
// `mqtt5-inspect --help` describes the formats; json_output.cpp and json_input.cpp implement them,
// session_verb.cpp the session command, check_verb.cpp the check command.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <mqtt5.hpp>

#include "check_verb.hpp"
#include "json_input.hpp"
#include "json_output.hpp"
#include "session_verb.hpp"

namespace {

constexpr std::string_view usage_text = R"(usage: mqtt5-inspect decode [--version 3|4|5] [--hex [--stream]] [OPTIONS] [FILE|-]
       mqtt5-inspect encode [--version 3|4|5] [FILE|-]
       mqtt5-inspect session [--hex] [FILE|-]
       mqtt5-inspect check --profile PROFILE [--version 4|5] [--direction c2s|s2c] [--session]
                           [--hex] [FILE|-]   (described after the other commands)
       mqtt5-inspect --help

--version 3|4|5  the protocol level of the packets, for decode and encode: 5 MQTT v5 (the
        default), 4 MQTT 3.1.1, 3 MQTT 3.1 (protocol name MQIsdp). The JSON of levels 3 and 4
        is the v5 schema below without `properties` (nowhere, not even in a will) and without
        the reason codes those levels lack: PUBACK PUBREC PUBREL PUBCOMP have only packet_id,
        UNSUBACK only packet_id, DISCONNECT nothing; CONNACK's Return Code is its reason_code,
        SUBACK's Return Codes its reason_codes. CONNECT shows "MQTT"/4 or "MQIsdp"/3.

decode  Reads MQTT packets (from FILE, or standard input when FILE is - or absent) and
        prints one JSON object per packet, one per line.
          (default)   the input is a raw byte stream, cut into packets by mqtt5::framer
          --hex       one packet per line: the first whitespace-separated token is the packet
                      in hex, the rest of the line is its label; blank lines and lines
                      starting with # are skipped
          --stream    with --hex: join the lines into one byte stream, framed like raw input
        OPTIONS (mqtt5::decode_options and mqtt5::framer_options):
          --role client|server              who sent the packets (direction rules)
          --lenient-varint                  accept non-minimal Variable Byte Integers
          --check-payload-format            check UTF-8 payloads (Payload Format Indicator 1)
          --reject-disallowed-code-points   treat control and non-characters as malformed
          --strict-disconnect-reason-codes  DISCONNECT reason codes per Table 3-10 only
          --accept-bridge-protocol-level    levels 3, 4: take mosquitto's bridge levels 131
                                            and 132 (protocol_version shows them)
          --max-packet-size N               largest packet the framer takes (stream modes;
                                            default and maximum 268435460)
        Each line: {"index":I,"label":L,"stream_offset":S,"ok":true,"packet":{...}}
               or  {"index":I,"label":L,"stream_offset":S,"ok":false,"error":E,"reason_code":R,"offset":O}
          index          0-based line number (--hex) or packet number (stream modes)
          label          --hex only: the line's label ("" when it has none); with --stream,
                         the label of the line the packet starts in
          stream_offset  stream modes only: where the packet starts in the stream
          error          the library's error name (mqtt5::to_string(errc)), or invalid_hex for
                         a --hex token that is not hex; reason_code is the reason code a peer
                         would be sent, offset the byte offset of the error within the packet.
                         Levels 3 and 4: reason_code is the CONNACK Return Code 3.1.1 names for
                         the error (1 unacceptable protocol level, 2 identifier rejected), or
                         null where 3.1.1 says to close the connection without one
        packet: type (CONNECT ... AUTH), type_code, flags (low nibble of byte 0),
        remaining_length, then
          CONNECT      protocol_name, protocol_version, connect_flags, clean_start, keep_alive,
                       properties, client_id, will {properties, topic, payload, qos, retain}
                       (with the Will Flag), username, password (with their flags)
          CONNACK      connack_flags, session_present, reason_code, properties
          PUBLISH      dup, qos, retain, topic, packet_id (QoS > 0), properties, payload
          PUBACK PUBREC PUBREL PUBCOMP
                       packet_id, reason_code (0 when left out), properties ([] when left out)
          SUBSCRIBE    packet_id, properties, subscriptions [{topic_filter, options, qos,
                       no_local, retain_as_published, retain_handling}]
          SUBACK UNSUBACK  packet_id, properties, reason_codes [int]
          UNSUBSCRIBE  packet_id, properties, topic_filters [string]
          DISCONNECT AUTH  reason_code (0 when left out), properties
        properties: [{"id":38,"name":"user_property","value":["k","v"]}, ...] in wire order;
        binary data (payloads, password, correlation/authentication data) is hex.
        In the stream modes a framing error ends the stream, and so does a partial packet at
        the end of the input (incomplete_packet).
        Exit status: 0 every packet decoded, 1 some did not, 2 usage error or unreadable FILE.

encode  Reads JSON objects, one per line (a "packet" object as decode prints it, or a whole
        decode output line), and prints each packet as lowercase hex, one per line. Blank
        lines and lines starting with # are skipped.
          - The semantic fields decide the bytes. Missing ones take their defaults (0, false,
            "", [], absent will/username/password); unknown fields are errors.
          - Derived fields are accepted and IGNORED, never checked: type_code (used only when
            type is missing), flags, connect_flags, connack_flags, a subscription's options,
            and packet_id of a QoS 0 PUBLISH.
          - remaining_length picks the wire form of PUBACK, PUBREC, PUBREL, PUBCOMP (2: no
            reason code, 3: reason code, 4+: reason code and property length) and of
            DISCONNECT and AUTH (0, 1, 2+), should the content allow it; for every other
            packet it is ignored and recomputed, so an edited packet still encodes.
          - Properties are written in the order listed; a property needs "id" or "name" (both
            must agree) and "value".
          - Levels 3 and 4: a field those levels lack (properties anywhere, reason_code in
            PUBACK PUBREC PUBREL PUBCOMP DISCONNECT, reason_codes in UNSUBACK) is an error even
            when empty, as are AUTH and values level 4 cannot carry (no_local, a CONNACK code
            above 5, a SUBACK code outside 0 1 2 128, a password without a username).
            protocol_name/protocol_version must be those of the level (131/132: a bridge).
          - Level 3 only: flags (non-PUBLISH packets) and CONNACK's connack_flags are written as
            given, since 3.1 sets DUP on re-sent PUBREL/SUBSCRIBE/UNSUBSCRIBE and does not
            require its unused bits to be 0.
        A line that cannot be encoded prints "mqtt5-inspect: line N: REASON" on standard error
        and nothing on standard output. Exit status: 0 all encoded, 1 some line failed, 2 usage.

session Reads a captured conversation (FILE, or standard input when FILE is - or absent) and
        judges every packet as its receiver would, with the connection layer
        (mqtt5::client_connection and mqtt5::server_connection, include/mqtt5/session/).
        --hex is accepted and changes nothing: the lines are always hex.
        Input, one line each:
          c2s HEX [LABEL...]   a packet the Client sent (the whole packet in hex, fixed header
          s2c HEX [LABEL...]   included), or one the Server sent; the rest of the line is the label
          close                the Network Connection ends; the next packet is the CONNECT of a
                               new one, and whether the Session goes on is for that CONNECT and
                               its CONNACK to say (Clean Start, Session Expiry, Session Present)
          blank lines and lines starting with # are skipped (leading spaces allowed)
        Versions: each c2s CONNECT sets the version of its connection from its Protocol Level
        (3 MQTT 3.1, 4 MQTT 3.1.1, 5 MQTT v5); its packets decode and print as decode
        --version does. Before the first CONNECT of a connection, packets decode as v5. A
        first CONNECT at a level no version has is refused with the CONNACK code a Server
        answers (0x84 for MQTT levels 5 and up, Return Code 1 below). A later CONNECT on the
        same connection changes no version and breaks the order rules (second_connect).
        Judging: the tool holds a Client's and a Server's connection object. A c2s packet is
        decoded (sender client) and checked by the Server's object (receive); an s2c packet is
        decoded (sender server) and checked by the Client's. An accepted packet is then
        recorded by the sender's object (send, on a copy of the packet: the output shows the
        input's bytes, never what send() would complete). A packet that breaks a rule changes
        neither object. Only the receiver judges: a packet the sender's object refuses to send
        (its own rules, e.g. an ack for an exchange it does not know) is still accepted when
        the receiver accepts it, and the sender's object stays as it was. There is no clock:
        time does not pass, so Keep Alive is never judged. Capacities are far above what a packet can
        announce (Receive Maximum and Topic Alias Maximum 65535 both ways, 4 MiB of topic
        text for the aliases a peer sets).
        Output: one JSON object per packet line, in input order (none for close, blank and
        comment lines):
               {"index":I,"label":L,"direction":D,"ok":true,"packet":{...}}
               a PUBLISH adds "resolved_topic":T, its topic after Topic Alias resolution
          or   {"index":I,"label":L,"direction":D,"ok":false,"error":E,"reason_code":R,"offset":O}
          index        the 0-based line number in the input (every line counts: comments,
                       blank lines and close too)
          label        the line's label ("" when it has none)
          direction    "c2s" or "s2c"
          packet       as decode prints it, at the connection's version
          error        the library's error name (mqtt5::to_string(errc)) from the decoder or the
                       receiver's object; invalid_hex for a hex token that is not
                       hex or is missing; invalid_line (with reason_code null, offset 0 and no
                       direction field) for a line whose first token is not c2s, s2c or close
          reason_code  the reason code the receiver sends (v5: 0x82 where the standard names
                       none); levels 3 and 4: the CONNACK Return Code where 3.1.1 answers with
                       one, else null
          offset       the byte offset of the error within the packet (0 for the connection's
                       rules that concern the packet as a whole)
        Exit status: 0 every packet line accepted, 1 some not, 2 usage error or unreadable FILE.
)";

// Every --help prints the whole text: the commands share their formats.
void print_usage() { std::cout << usage_text << '\n' << inspect::check_usage_text; }

int usage_error(std::string_view message) {
    std::cerr << "mqtt5-inspect: " << message << "\ntry 'mqtt5-inspect --help'\n";
    return 2;
}

// ---- input ---------------------------------------------------------------------------------------------

// FILE or standard input.
class input {
public:
    bool open(const std::string& path) {
        if (path == "-") return true;
        file_.open(path, std::ios::binary);
        return file_.is_open();
    }
    std::istream& stream() { return file_.is_open() ? static_cast<std::istream&>(file_) : std::cin; }

private:
    std::ifstream file_{};
};


// The inspector's own error for a --hex token that is not hex: reported like a Malformed Packet.
mqtt5::error invalid_hex(std::size_t offset) {
    return mqtt5::error{mqtt5::errc::invalid_argument, mqtt5::reason_code::malformed_packet, offset};
}

// ---- decode --------------------------------------------------------------------------------------------

struct decode_settings {
    bool hex{};
    bool stream{};
    mqtt5::decode_options options{};
    std::size_t max_packet_size{mqtt5::max_packet_size};
};

// Decodes packets and prints their envelopes; remembers whether any failed.
class printer {
public:
    explicit printer(const mqtt5::decode_options& options) : options_(options) {}

    void packet(const inspect::envelope_origin& origin, std::span<const std::byte> bytes) {
        const auto decoded = mqtt5::decode(bytes, options_);
        if (!decoded) return error(origin, decoded.error());
        emit(inspect::ok_envelope(origin, inspect::packet_to_json(bytes, *decoded, options_.version)));
    }
    void error(const inspect::envelope_origin& origin, const mqtt5::error& e, std::string_view name = {}) {
        failed_ = true;
        emit(inspect::error_envelope(origin, e, options_.version, name));
    }
    bool failed() const { return failed_; }

private:
    static void emit(const inspect::json& j) { std::cout << inspect::dump_line(j) << '\n'; }

    mqtt5::decode_options options_{};
    bool failed_{};
};

// --hex: one packet per line.
int decode_lines(std::istream& in, const decode_settings& settings) {
    printer out(settings.options);
    std::string line;
    for (std::size_t number = 0; std::getline(in, line); ++number) {
        auto fields = inspect::split_hex_line(line);
        if (!fields) continue;
        const inspect::envelope_origin origin{number, std::move(fields->label), std::nullopt};
        std::vector<std::byte> bytes;
        if (const auto bad = inspect::parse_hex(fields->token, bytes)) {
            out.error(origin, invalid_hex(*bad / 2), "invalid_hex");
            continue;
        }
        out.packet(origin, bytes);
    }
    return out.failed() ? 1 : 0;
}

// The stream modes: chunks go through mqtt5::framer; each complete packet is decoded and printed.
class stream_session {
public:
    stream_session(const decode_settings& settings, printer& out)
        : storage_(new std::byte[settings.max_packet_size]),  // untouched until a packet is split across chunks
          framer_(std::span<std::byte>{storage_.get(), settings.max_packet_size},
                  mqtt5::framer_options{settings.max_packet_size, settings.options.allow_non_minimal_varint}),
          out_(out) {}

    // --hex --stream: the bytes fed from now on come from a line with this label.
    void label(std::string text) {
        labelled_ = true;
        labels_.emplace_back(fed_, std::move(text));
    }

    // Returns false once the stream is broken (a framing error); nothing more may be fed then.
    bool feed(std::span<const std::byte> chunk) {
        framer_.feed(chunk);
        fed_ += chunk.size();
        for (;;) {
            const auto frame = framer_.next();
            switch (frame.status) {
            case mqtt5::frame_status::need_more: pending_start_ = frame.stream_offset; return true;
            case mqtt5::frame_status::error:
                out_.error(origin(frame.stream_offset), frame.err);
                ended_ = true;
                return false;
            case mqtt5::frame_status::packet: out_.packet(origin(frame.stream_offset), frame.packet); ++index_; break;
            }
        }
    }

    // --hex --stream: a line that is not hex ends the stream. `valid` is the part before the bad digit.
    void fail_hex(std::span<const std::byte> valid) {
        if (!feed(valid)) return;
        auto where = origin(pending_start_);
        if (labelled_) where.label = labels_.back().second;  // the bad line's label
        out_.error(where, invalid_hex(framer_.buffered()), "invalid_hex");
        ended_ = true;
    }

    // End of input: a packet still partly buffered is incomplete.
    void finish() {
        if (!ended_ && framer_.buffered() != 0)
            out_.error(origin(pending_start_), mqtt5::make_error(mqtt5::errc::incomplete_packet, framer_.buffered()));
    }

private:
    inspect::envelope_origin origin(std::size_t stream_offset) const {
        inspect::envelope_origin o{index_, std::nullopt, stream_offset};
        if (labelled_) {
            o.label = std::string{};
            for (const auto& [start, text] : labels_)  // the last line that starts at or before the packet
                if (start <= stream_offset) o.label = text;
        }
        return o;
    }

    std::unique_ptr<std::byte[]> storage_;
    mqtt5::framer framer_;
    printer& out_;
    std::size_t index_{};
    std::size_t fed_{};
    std::size_t pending_start_{};
    bool ended_{};
    bool labelled_{};
    std::vector<std::pair<std::size_t, std::string>> labels_{};
};

// Raw bytes, read in chunks.
int decode_raw_stream(std::istream& in, const decode_settings& settings) {
    printer out(settings.options);
    stream_session session(settings, out);
    std::vector<char> chunk(64 * 1024);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        const auto bytes = std::as_bytes(std::span<const char>{chunk.data(), static_cast<std::size_t>(in.gcount())});
        if (!session.feed(bytes)) return 1;
    }
    session.finish();
    return out.failed() ? 1 : 0;
}

// --hex --stream: each line is a chunk of one stream.
int decode_hex_stream(std::istream& in, const decode_settings& settings) {
    printer out(settings.options);
    stream_session session(settings, out);
    std::string line;
    while (std::getline(in, line)) {
        auto fields = inspect::split_hex_line(line);
        if (!fields) continue;
        session.label(std::move(fields->label));
        std::vector<std::byte> bytes;
        if (const auto bad = inspect::parse_hex(fields->token, bytes)) {
            std::vector<std::byte> valid;
            (void)inspect::parse_hex(fields->token.substr(0, *bad / 2 * 2), valid);
            session.fail_hex(valid);
            return 1;
        }
        if (!session.feed(bytes)) return 1;
    }
    session.finish();
    return out.failed() ? 1 : 0;
}

// ---- encode --------------------------------------------------------------------------------------------

int encode_lines(std::istream& in, mqtt5::protocol_version version) {
    bool failed = false;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const auto start = line.find_first_not_of(" \t\r\n\f\v");
        if (start == std::string::npos || line[start] == '#') continue;
        const auto encoded = inspect::encode_line(line, version);
        if (!encoded.error.empty()) {
            std::cerr << "mqtt5-inspect: line " << number << ": " << encoded.error << '\n';
            failed = true;
            continue;
        }
        std::cout << inspect::to_hex(encoded.bytes) << '\n';
    }
    return failed ? 1 : 0;
}

// ---- command line --------------------------------------------------------------------------------------

std::optional<std::size_t> parse_size(std::string_view text) {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// session [--hex] [FILE|-]: session_verb.cpp does the work.
int run_session_command(const std::vector<std::string_view>& args) {
    std::optional<std::string> path;
    bool options_done = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto arg = args[i];
        if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
            if (path) return usage_error("more than one input file");
            path = std::string{arg};
        } else if (arg == "--") {
            options_done = true;
        } else if (arg == "--help" || arg == "-h") {
            print_usage();
            return 0;
        } else if (arg != "--hex") {  // the lines are always hex
            return usage_error("unknown option '" + std::string{arg} + "'");
        }
    }
    input in;
    if (!in.open(path.value_or("-"))) return usage_error("cannot open '" + *path + "'");
    return inspect::run_session(in.stream());
}

int run(const std::vector<std::string_view>& args) {
    if (args.empty()) return usage_error("missing command (decode, encode, session or check)");
    if (args[0] == "--help" || args[0] == "-h") {
        print_usage();
        return 0;
    }
    const auto command = args[0];
    if (command == "session") return run_session_command(args);
    if (command == "check") return inspect::run_check({args.begin() + 1, args.end()});
    if (command != "decode" && command != "encode") return usage_error("unknown command '" + std::string{command} + "'");
    const bool decoding = command == "decode";

    decode_settings settings;
    std::optional<std::string> path;
    bool options_done = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        auto arg = args[i];
        if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
            if (path) return usage_error("more than one input file");
            path = std::string{arg};
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") {
            print_usage();
            return 0;
        }
        // --name=value or --name value, for the options that take one.
        std::optional<std::string_view> value;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const bool takes_value = arg == "--role" || arg == "--max-packet-size" || arg == "--version";
        const bool for_both = arg == "--version";  // the only option encode takes
        if ((!decoding && !for_both) || (!takes_value && value))
            return usage_error("unknown option '" + std::string{args[i]} + "'");
        if (takes_value && !value) {
            if (i + 1 == args.size()) return usage_error(std::string{arg} + " needs a value");
            value = args[++i];
        }
        if (arg == "--version") {
            if (*value == "3") settings.options.version = mqtt5::protocol_version::v31;
            else if (*value == "4") settings.options.version = mqtt5::protocol_version::v311;
            else if (*value == "5") settings.options.version = mqtt5::protocol_version::v5;
            else return usage_error("--version must be 3, 4 or 5");
        } else if (arg == "--hex") {
            settings.hex = true;
        } else if (arg == "--stream") {
            settings.stream = true;
        } else if (arg == "--lenient-varint") {
            settings.options.allow_non_minimal_varint = true;
        } else if (arg == "--check-payload-format") {
            settings.options.check_payload_format = true;
        } else if (arg == "--reject-disallowed-code-points") {
            settings.options.reject_disallowed_code_points = true;
        } else if (arg == "--accept-bridge-protocol-level") {
            settings.options.accept_bridge_protocol_level = true;
        } else if (arg == "--strict-disconnect-reason-codes") {
            settings.options.strict_disconnect_reason_codes = true;
        } else if (arg == "--role") {
            if (*value == "client") settings.options.sender = mqtt5::role::client;
            else if (*value == "server") settings.options.sender = mqtt5::role::server;
            else return usage_error("--role must be client or server");
        } else if (arg == "--max-packet-size") {
            const auto n = parse_size(*value);
            if (!n || *n < 2 || *n > mqtt5::max_packet_size)
                return usage_error("--max-packet-size must be a number from 2 to " + std::to_string(mqtt5::max_packet_size));
            settings.max_packet_size = *n;
        } else {
            return usage_error("unknown option '" + std::string{args[i]} + "'");
        }
    }
    if (settings.stream && !settings.hex) settings.stream = false;  // raw input is a stream anyway

    input in;
    if (!in.open(path.value_or("-"))) return usage_error("cannot open '" + *path + "'");
    if (!decoding) return encode_lines(in.stream(), settings.options.version);
    if (!settings.hex) return decode_raw_stream(in.stream(), settings);
    return settings.stream ? decode_hex_stream(in.stream(), settings) : decode_lines(in.stream(), settings);
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return run(args);
}
