// A seeded generator of random, VALID MQTT v5 packets of all 15 types (and, with generator_options::version,
// of MQTT 3.1.1 and 3.1 packets of their 14 types), for property-based tests and fuzzers.
//
// Everything a generated packet points to (strings, payloads, property bytes, subscription and reason code
// arrays) lives in a caller-owned packet_arena of fixed std::array buffers: the generator never touches the
// heap, so it can run inside an allocation-counting test. Each make...() call resets the arena first, so
// the previous packet it produced dies with the next call.
//
// Usage:
//     static mqtt5_gen::packet_arena arena;          // ~330 KiB: keep it off the stack
//     mqtt5_gen::packet_generator gen{seed};
//     mqtt5::packet p = gen.make_any(arena);         // or gen.make(arena, packet_type::suback)
//     auto pub = gen.make<mqtt5::publish>(arena);    // typed
//     assert(arena.build_error.code == mqtt5::errc::ok);  // property_builder::build() said yes to every block
//
// What it produces (all legal for a sender and accepted by a strict decoder with default options):
//   - UTF-8 strings mixing ASCII, 2-, 3- and 4-byte code points, U+FEFF, boundary code points (U+007F,
//     U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF), empty strings where allowed, and
//     (unless generator_options::discouraged_code_points is false) the valid but discouraged U+0001..U+001F,
//     U+007F..U+009F and non-characters;
//   - Topic Names without wildcards (empty levels, leading '$', empty only in a PUBLISH with a Topic Alias),
//     Topic Filters with '+' and '#' placed legally and `$share/{name}/{filter}`;
//   - QoS / DUP / RETAIN consistent with the rules, non-zero Packet Identifiers where one is needed;
//   - reason codes valid for the packet (mqtt5::is_valid_for over mqtt5::reason_code_table);
//   - a random subset of the properties each place allows (mqtt5::allows / mqtt5::repeatable), repeatable
//     ones repeated, written in random order through mqtt5::property_builder<place> (alternating the named
//     setters and add()), respecting the value rules (non-zero Receive Maximum, Maximum Packet Size, Topic
//     Alias, Subscription Identifier; 0/1 booleans and Maximum QoS; Response Topic a non-empty Topic Name;
//     Authentication Data only with Authentication Method; AUTH with properties always carries the Method);
//   - random form.fields (mqtt5::trailing_fields) on acknowledgements, DISCONNECT and AUTH, so every legal
//     wire form (RL 2/3/>=4 acks, RL 0/1/>=2 DISCONNECT, RL 0/>=2 AUTH) occurs.
// At levels 4 and 3 (generator_options::version): no properties, no AUTH, only success reason codes, CONNACK
// return codes 0..5 with Session Present only on 0 (never at level 3), SUBACK codes 0x00/0x01/0x02/0x80, an
// empty UNSUBACK, Requested QoS bytes without v5 options, non-empty topics, a Password only with a User Name,
// an empty ClientId only with CleanSession 1, a 3.1 ClientId of 1..23 characters, and at level 3 the wire
// forms 3.1 allows (DUP on PUBREL/SUBSCRIBE/UNSUBSCRIBE, "not used" flag bits, CONNACK byte 1, DUP on QoS 0).
// The properties written into each block are logged in the arena (packet_arena::logged), in wire order with
// their offsets, so a test can check the builder and the decoder against what was asked for.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <span>
#include <string_view>
#include <type_traits>

#include "mqtt5.hpp"

namespace mqtt5_gen {

inline constexpr std::array<mqtt5::packet_type, 15> all_packet_types{
    mqtt5::packet_type::connect,  mqtt5::packet_type::connack,     mqtt5::packet_type::publish,
    mqtt5::packet_type::puback,   mqtt5::packet_type::pubrec,      mqtt5::packet_type::pubrel,
    mqtt5::packet_type::pubcomp,  mqtt5::packet_type::subscribe,   mqtt5::packet_type::suback,
    mqtt5::packet_type::unsubscribe, mqtt5::packet_type::unsuback, mqtt5::packet_type::pingreq,
    mqtt5::packet_type::pingresp, mqtt5::packet_type::disconnect,  mqtt5::packet_type::auth};

// The caller-owned storage a generated packet points into.
struct packet_arena {
    static constexpr std::size_t text_capacity = 128 * 1024;       // strings (and UTF-8 payloads)
    static constexpr std::size_t bytes_capacity = 128 * 1024;      // binary payloads and Binary Data values
    static constexpr std::size_t property_capacity = 64 * 1024;    // property_builder storage, all blocks
    static constexpr std::size_t max_subscriptions = 24;
    static constexpr std::size_t max_reason_codes = 48;
    static constexpr std::size_t max_logged_properties = 64;
    // An upper bound on the encoded size of any packet the generator makes: every byte of content comes
    // from one of the buffers above, plus length prefixes, flags and headers.
    static constexpr std::size_t max_encoded_size = text_capacity + bytes_capacity + property_capacity + 4096;

    // Index into property_log: the packet's own block, and CONNECT's Will Properties.
    static constexpr std::size_t own_block = 0;
    static constexpr std::size_t will_block = 1;

    std::array<char, text_capacity> text{};
    std::size_t text_used{};
    std::array<std::byte, bytes_capacity> bytes{};
    std::size_t bytes_used{};
    std::array<std::byte, property_capacity> property_storage{};
    std::size_t property_used{};
    std::array<mqtt5::subscription, max_subscriptions> subscriptions{};
    std::array<std::string_view, max_subscriptions> topic_filters{};
    std::array<mqtt5::reason_code, max_reason_codes> reason_codes{};
    // The properties written into each block, in the order written (= wire order), with their offsets in
    // the block. Strings and binary values point into text / bytes above.
    std::array<std::array<mqtt5::property, max_logged_properties>, 2> property_log{};
    std::array<std::size_t, 2> property_log_size{};
    // The first error property_builder::build() reported (a generator or library bug; ok when all is well).
    mqtt5::error build_error{};

    void reset() noexcept {
        text_used = 0;
        bytes_used = 0;
        property_used = 0;
        property_log_size = {};
        build_error = mqtt5::error{};
    }
    std::span<const mqtt5::property> logged(std::size_t block) const noexcept {
        return {property_log[block].data(), property_log_size[block]};
    }
};

struct generator_options {
    // Largest PUBLISH payload (Will payloads stay small). Payload sizes are spread over 0, small, medium and
    // large so that Remaining Lengths of 1, 2 and 3 bytes all occur.
    std::size_t max_payload{70'000};
    // Include the valid-but-discouraged code points (U+0001..U+001F, U+007F..U+009F, non-characters).
    // Set it to false when decoding with decode_options::reject_disallowed_code_points.
    bool discouraged_code_points{true};
    // The protocol version of the packets: v5, v311 (level 4) or v31 (level 3).
    mqtt5::protocol_version version{mqtt5::protocol_version::v5};
};

// The 14 packet types of MQTT 3.1.1 and 3.1 (type 15 is forbidden there).
inline constexpr std::array<mqtt5::packet_type, 14> v311_packet_types{
    mqtt5::packet_type::connect,  mqtt5::packet_type::connack,     mqtt5::packet_type::publish,
    mqtt5::packet_type::puback,   mqtt5::packet_type::pubrec,      mqtt5::packet_type::pubrel,
    mqtt5::packet_type::pubcomp,  mqtt5::packet_type::subscribe,   mqtt5::packet_type::suback,
    mqtt5::packet_type::unsubscribe, mqtt5::packet_type::unsuback, mqtt5::packet_type::pingreq,
    mqtt5::packet_type::pingresp, mqtt5::packet_type::disconnect};

// What a generated property block must carry, and what the packet needs to know about it.
struct property_needs {
    bool authentication_method{};  // AUTH with properties
    bool topic_alias{};            // PUBLISH with an empty Topic Name
};
struct property_outcome {
    std::uint8_t payload_format{};  // Payload Format Indicator written (0 when absent)
};

namespace detail {

// A bump allocator over one of the arena's buffers. Writes that do not fit are refused (and remembered), so
// a string is cut at a code point boundary and never overruns the buffer.
struct region {
    unsigned char* data{};
    std::size_t capacity{};
    std::size_t* used{};
    bool overflow{};

    std::size_t left() const noexcept { return capacity - *used; }
    bool put(unsigned char c) noexcept {
        if (left() < 1) {
            overflow = true;
            return false;
        }
        data[(*used)++] = c;
        return true;
    }
    bool put_cp(char32_t cp) noexcept {
        unsigned char b[4] = {};
        std::size_t n = 0;
        if (cp < 0x80) {
            b[n++] = static_cast<unsigned char>(cp);
        } else if (cp < 0x800) {
            b[n++] = static_cast<unsigned char>(0xC0 | (cp >> 6));
            b[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            b[n++] = static_cast<unsigned char>(0xE0 | (cp >> 12));
            b[n++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
            b[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        } else {
            b[n++] = static_cast<unsigned char>(0xF0 | (cp >> 18));
            b[n++] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
            b[n++] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
            b[n++] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        }
        if (left() < n) {
            overflow = true;
            return false;
        }
        std::memcpy(data + *used, b, n);
        *used += n;
        return true;
    }
    bool put_ascii(std::string_view s) noexcept {
        if (left() < s.size()) {
            overflow = true;
            return false;
        }
        std::memcpy(data + *used, s.data(), s.size());
        *used += s.size();
        return true;
    }
};

inline bool is_discouraged(char32_t cp) noexcept {
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) return true;
    if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
    return (cp & 0xFFFEu) == 0xFFFEu;
}

inline std::size_t encoded_property_size(const mqtt5::property& p) noexcept {
    switch (p.type()) {
    case mqtt5::property_type::byte: return 2;
    case mqtt5::property_type::two_byte_integer: return 3;
    case mqtt5::property_type::four_byte_integer: return 5;
    case mqtt5::property_type::variable_byte_integer: return 1 + mqtt5::wire::varint_size(p.integer);
    case mqtt5::property_type::utf8_string: return 3 + p.string.size();
    case mqtt5::property_type::binary_data: return 3 + p.binary.size();
    case mqtt5::property_type::utf8_string_pair: return 5 + p.string.size() + p.pair_value.size();
    }
    return 0;
}

// Writes `p` with the builder's named setter for its identifier (when place P has one).
// Returns false when P has no setter for it (then the caller uses add()).
template <mqtt5::place P>
bool put_named(mqtt5::property_builder<P>& b, const mqtt5::property& p) noexcept {
    using mqtt5::property_id;
#define MQTT5_GEN_INT(name, T)                                                                   \
    case property_id::name:                                                                      \
        if constexpr (mqtt5::allows(P, property_id::name)) {                                     \
            b.name(static_cast<T>(p.integer));                                                   \
            return true;                                                                         \
        }                                                                                        \
        return false;
#define MQTT5_GEN_VAL(name, member)                                                              \
    case property_id::name:                                                                      \
        if constexpr (mqtt5::allows(P, property_id::name)) {                                     \
            b.name(p.member);                                                                    \
            return true;                                                                         \
        }                                                                                        \
        return false;
    switch (p.id) {
        MQTT5_GEN_INT(payload_format_indicator, std::uint8_t)
        MQTT5_GEN_INT(message_expiry_interval, std::uint32_t)
        MQTT5_GEN_VAL(content_type, string)
        MQTT5_GEN_VAL(response_topic, string)
        MQTT5_GEN_VAL(correlation_data, binary)
        MQTT5_GEN_INT(subscription_identifier, std::uint32_t)
        MQTT5_GEN_INT(session_expiry_interval, std::uint32_t)
        MQTT5_GEN_VAL(assigned_client_identifier, string)
        MQTT5_GEN_INT(server_keep_alive, std::uint16_t)
        MQTT5_GEN_VAL(authentication_method, string)
        MQTT5_GEN_VAL(authentication_data, binary)
        MQTT5_GEN_INT(request_problem_information, std::uint8_t)
        MQTT5_GEN_INT(will_delay_interval, std::uint32_t)
        MQTT5_GEN_INT(request_response_information, std::uint8_t)
        MQTT5_GEN_VAL(response_information, string)
        MQTT5_GEN_VAL(server_reference, string)
        MQTT5_GEN_VAL(reason_string, string)
        MQTT5_GEN_INT(receive_maximum, std::uint16_t)
        MQTT5_GEN_INT(topic_alias_maximum, std::uint16_t)
        MQTT5_GEN_INT(topic_alias, std::uint16_t)
        MQTT5_GEN_INT(maximum_qos, std::uint8_t)
        MQTT5_GEN_INT(retain_available, std::uint8_t)
        MQTT5_GEN_INT(maximum_packet_size, std::uint32_t)
        MQTT5_GEN_INT(wildcard_subscription_available, std::uint8_t)
        MQTT5_GEN_INT(subscription_identifier_available, std::uint8_t)
        MQTT5_GEN_INT(shared_subscription_available, std::uint8_t)
    case property_id::user_property: b.user_property(p.string, p.pair_value); return true;
    }
#undef MQTT5_GEN_INT
#undef MQTT5_GEN_VAL
    return false;
}

}  // namespace detail

// Engine: any source of 64-bit random words (std::mt19937_64 for the tests; the roundtrip fuzzer drives it
// with the fuzzer's bytes, so libFuzzer's mutations steer which packet is built).
template <class Engine = std::mt19937_64>
class basic_packet_generator {
public:
    explicit basic_packet_generator(std::uint64_t seed = 1, generator_options options = {}) noexcept
        : basic_packet_generator(Engine(seed), options) {}
    basic_packet_generator(Engine engine, generator_options options) noexcept : rng_(engine), options_(options) {
        for (const auto t : all_packet_types) {
            auto& list = reasons_[static_cast<std::size_t>(t)];
            for (const auto& info : mqtt5::reason_code_table) {
                const auto rc = static_cast<mqtt5::reason_code>(info.value);
                if (mqtt5::is_valid_for(rc, t)) list.codes[list.count++] = rc;
            }
        }
    }

    void reseed(std::uint64_t seed) noexcept { rng_.seed(seed); }
    Engine& engine() noexcept { return rng_; }
    const generator_options& options() const noexcept { return options_; }

    // A packet of a random type (uniform over the 15; over the 14 at levels 3 and 4).
    mqtt5::packet make_any(packet_arena& a) noexcept {
        if (legacy()) return make(a, v311_packet_types[static_cast<std::size_t>(below(v311_packet_types.size()))]);
        return make(a, all_packet_types[static_cast<std::size_t>(below(all_packet_types.size()))]);
    }

    // Levels 3 and 4 (MQTT 3.1, 3.1.1).
    bool legacy() const noexcept { return options_.version != mqtt5::protocol_version::v5; }
    bool v31() const noexcept { return options_.version == mqtt5::protocol_version::v31; }
    void set_version(mqtt5::protocol_version v) noexcept { options_.version = v; }

    // A packet of type t, in the variant.
    mqtt5::packet make(packet_arena& a, mqtt5::packet_type t) noexcept {
        using namespace mqtt5;
        switch (t) {
        case packet_type::connect: return as_variant<connect>(a);
        case packet_type::connack: return as_variant<connack>(a);
        case packet_type::publish: return as_variant<publish>(a);
        case packet_type::puback: return as_variant<puback>(a);
        case packet_type::pubrec: return as_variant<pubrec>(a);
        case packet_type::pubrel: return as_variant<pubrel>(a);
        case packet_type::pubcomp: return as_variant<pubcomp>(a);
        case packet_type::subscribe: return as_variant<subscribe>(a);
        case packet_type::suback: return as_variant<suback>(a);
        case packet_type::unsubscribe: return as_variant<unsubscribe>(a);
        case packet_type::unsuback: return as_variant<unsuback>(a);
        case packet_type::pingreq: return as_variant<pingreq>(a);
        case packet_type::pingresp: return as_variant<pingresp>(a);
        case packet_type::disconnect: return as_variant<disconnect>(a);
        default: return as_variant<auth>(a);
        }
    }

    // A packet of type P.
    template <class P> P make(packet_arena& a) noexcept {
        a.reset();
        return gen(a, std::type_identity<P>{});
    }

    // ---- building blocks, public so that a fuzzer or a test can use them (they do not reset the arena) ----

    std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : rng_() % n; }
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) noexcept { return lo + below(hi - lo + 1); }
    bool chance(unsigned percent) noexcept { return below(100) < percent; }

    // A valid UTF-8 string of up to `code_points` code points (fewer if the arena runs out). `topic_level`
    // excludes '/', '+' and '#'.
    std::string_view utf8(packet_arena& a, std::size_t code_points, bool topic_level = false) noexcept {
        auto r = text_region(a);
        const auto start = a.text_used;
        for (std::size_t i = 0; i < code_points; ++i)
            if (!r.put_cp(code_point(topic_level))) break;
        return view(a, start);
    }

    // A non-empty Topic Name without wildcards.
    std::string_view topic_name(packet_arena& a) noexcept {
        auto r = text_region(a);
        const auto start = a.text_used;
        if (chance(8)) r.put('$');
        const auto levels = chance(85) ? between(1, 4) : between(5, 10);
        for (std::uint64_t i = 0; i < levels; ++i) {
            if (i > 0) r.put('/');
            level(r);
        }
        if (a.text_used == start) r.put('a');
        if (r.overflow) return rewind(a, start, "fallback/topic");
        return view(a, start);
    }

    // A valid Topic Filter: wildcards placed legally, `$share/{name}/{filter}` when `allow_shared`.
    std::string_view topic_filter(packet_arena& a, bool allow_shared = true) noexcept {
        auto r = text_region(a);
        const auto start = a.text_used;
        if (allow_shared && chance(15)) {
            r.put_ascii("$share/");
            const auto name_len = between(1, 8);
            for (std::uint64_t i = 0; i < name_len; ++i) r.put_cp(code_point(true));
            r.put('/');
            plain_filter(a, r);
            if (r.overflow) return rewind(a, start, "$share/fallback/+/#");
        } else {
            plain_filter(a, r);
            if (r.overflow) return rewind(a, start, "fallback/+/#");
            // An ordinary filter must not read as a shared one.
            if (mqtt5::is_shared_subscription(view(a, start))) a.text[start] = 'S';
        }
        return view(a, start);
    }

    // `len` random bytes (fewer if the arena runs out).
    std::span<const std::byte> binary(packet_arena& a, std::size_t len) noexcept {
        const auto start = a.bytes_used;
        if (len > a.bytes.size() - start) len = a.bytes.size() - start;
        for (std::size_t i = 0; i < len; i += 8) {  // 8 random bytes per draw
            const auto r = rng_();
            for (std::size_t b = 0; b < 8 && i + b < len; ++b) a.bytes[start + i + b] = static_cast<std::byte>(r >> (8 * b));
        }
        a.bytes_used += len;
        return {a.bytes.data() + start, len};
    }

    // String lengths in code points: mostly short, sometimes empty, now and then long.
    std::size_t string_length() noexcept {
        const auto r = below(100);
        if (r < 15) return 0;
        if (r < 75) return between(1, 8);
        if (r < 95) return between(9, 40);
        if (r < 99) return between(41, 300);
        return between(301, 2000);
    }

    std::uint16_t u16(bool non_zero) noexcept {
        switch (below(6)) {
        case 0: return non_zero ? 1 : 0;
        case 1: return 65535;
        case 2: return static_cast<std::uint16_t>(between(1, 255));
        default: return static_cast<std::uint16_t>(between(non_zero ? 1 : 0, 65535));
        }
    }
    std::uint32_t u32(bool non_zero) noexcept {
        switch (below(7)) {
        case 0: return non_zero ? 1 : 0;
        case 1: return 0xFFFFFFFFu;
        case 2: return static_cast<std::uint32_t>(between(1, 300));
        case 3: return static_cast<std::uint32_t>(between(0x7FFFFFF0u, 0x80000010u));
        default: return static_cast<std::uint32_t>(between(non_zero ? 1 : 0, 0xFFFFFFFFu));
        }
    }
    // 1 .. 268,435,455, spread over the four Variable Byte Integer widths.
    std::uint32_t varint_value() noexcept {
        switch (below(4)) {
        case 0: return static_cast<std::uint32_t>(between(1, 127));
        case 1: return static_cast<std::uint32_t>(between(128, 16'383));
        case 2: return static_cast<std::uint32_t>(between(16'384, 2'097'151));
        default: return static_cast<std::uint32_t>(between(2'097'152, mqtt5::wire::varint_max));
        }
    }

    mqtt5::reason_code reason_for(mqtt5::packet_type t, unsigned success_percent = 40) noexcept {
        const auto& list = reasons_[static_cast<std::size_t>(t)];
        if (mqtt5::is_valid_for(mqtt5::reason_code::success, t) && chance(success_percent)) return mqtt5::reason_code::success;
        return list.codes[static_cast<std::size_t>(below(list.count))];
    }

    // A random property block of place P, built with property_builder<P> in random order and logged in
    // a.property_log[log].
    template <mqtt5::place P>
    mqtt5::property_block<P> properties(packet_arena& a, std::size_t log, property_needs needs = {},
                                        property_outcome* outcome = nullptr) noexcept {
        using mqtt5::property_id;
        if (legacy()) {  // MQTT 3.1.1 and 3.1 have no properties
            a.property_log_size[log] = 0;
            return {};
        }
        // Plan: which identifiers, how often.
        std::array<property_id, packet_arena::max_logged_properties> plan{};
        std::size_t n = 0;
        const auto density = below(10);
        const unsigned percent = density < 3 ? 0 : density < 7 ? 25 : 70;
        for (const auto& info : mqtt5::property_table) {
            const auto id = info.id;
            if (!mqtt5::allows(P, id) || id == property_id::authentication_data) continue;
            bool want = percent > 0 && chance(percent);
            if (id == property_id::authentication_method && needs.authentication_method) want = true;
            if (id == property_id::topic_alias && needs.topic_alias) want = true;
            if (!want) continue;
            const auto count = mqtt5::repeatable(P, id) ? between(1, id == property_id::user_property ? 4 : 3) : 1;
            for (std::uint64_t c = 0; c < count && n < plan.size(); ++c) plan[n++] = id;
            // Authentication Data only together with Authentication Method (§3.1.2.11.10).
            if (id == property_id::authentication_method && mqtt5::allows(P, property_id::authentication_data) &&
                chance(50) && n < plan.size())
                plan[n++] = property_id::authentication_data;
        }
        for (std::size_t i = n; i > 1; --i) {  // Fisher-Yates, with our own engine use (portable)
            const auto j = static_cast<std::size_t>(below(i));
            const auto tmp = plan[i - 1];
            plan[i - 1] = plan[j];
            plan[j] = tmp;
        }
        // Values, dropping optional ones that would not fit the builder storage.
        const auto storage = std::span<std::byte>(a.property_storage).subspan(a.property_used);
        auto& entries = a.property_log[log];
        std::size_t count = 0, size = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto prop = value(a, plan[i]);
            const auto bytes = detail::encoded_property_size(prop);
            if (size + bytes > storage.size()) continue;
            entries[count++] = prop;
            size += bytes;
        }
        // Write them, alternating the named setters and add().
        mqtt5::property_builder<P> builder{storage};
        for (std::size_t i = 0; i < count; ++i) {
            entries[i].offset = builder.size();
            if (!chance(50) || !detail::put_named(builder, entries[i])) builder.add(entries[i]);
            if (outcome != nullptr && entries[i].id == property_id::payload_format_indicator)
                outcome->payload_format = static_cast<std::uint8_t>(entries[i].integer);
        }
        a.property_log_size[log] = count;
        a.property_used += builder.size();
        auto block = builder.build();
        if (!block) {
            if (a.build_error.code == mqtt5::errc::ok) a.build_error = block.error();
            return {};
        }
        return *block;
    }

    // A random value for property `id`, obeying its value rule.
    mqtt5::property value(packet_arena& a, mqtt5::property_id id) noexcept {
        mqtt5::property p{};
        p.id = id;
        const auto& info = mqtt5::info_of(id);
        const bool non_zero = info.rule == mqtt5::value_rule::non_zero;
        switch (info.type) {
        case mqtt5::property_type::byte:
            p.integer = info.rule == mqtt5::value_rule::zero_or_one ? static_cast<std::uint32_t>(below(2))
                                                                    : static_cast<std::uint32_t>(below(256));
            break;
        case mqtt5::property_type::two_byte_integer: p.integer = u16(non_zero); break;
        case mqtt5::property_type::four_byte_integer: p.integer = u32(non_zero); break;
        case mqtt5::property_type::variable_byte_integer: p.integer = varint_value(); break;
        case mqtt5::property_type::utf8_string:
            p.string = info.rule == mqtt5::value_rule::topic_name ? topic_name(a) : utf8(a, property_string_length());
            break;
        case mqtt5::property_type::binary_data: p.binary = binary(a, small_binary_length()); break;
        case mqtt5::property_type::utf8_string_pair:
            p.string = utf8(a, property_string_length());
            p.pair_value = utf8(a, property_string_length());
            break;
        }
        return p;
    }

private:
    struct reason_list {
        std::array<mqtt5::reason_code, 64> codes{};
        std::size_t count{};
    };

    template <class P> mqtt5::packet as_variant(packet_arena& a) noexcept {
        return mqtt5::packet{std::in_place_type<P>, make<P>(a)};
    }

    detail::region text_region(packet_arena& a) noexcept {
        return detail::region{reinterpret_cast<unsigned char*>(a.text.data()), a.text.size(), &a.text_used, false};
    }
    static std::string_view view(const packet_arena& a, std::size_t start) noexcept {
        return {a.text.data() + start, a.text_used - start};
    }
    // Gives the space back and uses a literal instead (only when the arena is exhausted).
    static std::string_view rewind(packet_arena& a, std::size_t start, std::string_view literal) noexcept {
        a.text_used = start;
        return literal;
    }

    char32_t code_point(bool topic_level) noexcept {
        static constexpr char32_t edges[] = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE,
                                             0xFFFF, 0x10000, 0x10FFFF, 0x1F600, 0xFDD0, 0xA0, 0x9F};
        for (;;) {
            char32_t cp = 0;
            const auto r = below(20);
            if (r < 8) cp = static_cast<char32_t>(between(0x20, 0x7E));
            else if (r < 10) cp = static_cast<char32_t>("abcXYZ019_-"[below(11)]);
            else if (r < 12) cp = static_cast<char32_t>(between(0x80, 0x7FF));
            else if (r < 14) cp = static_cast<char32_t>(between(0x800, 0xFFFF));
            else if (r < 15) cp = 0xFEFF;
            else if (r < 17) cp = static_cast<char32_t>(between(0x10000, 0x10FFFF));
            else if (r < 19) cp = edges[below(sizeof(edges) / sizeof(edges[0]))];
            else cp = static_cast<char32_t>(between(0x01, 0x1F));
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates are not characters [MQTT-1.5.4-1]
            if (!options_.discouraged_code_points && detail::is_discouraged(cp)) continue;
            if (topic_level && (cp == '/' || cp == '+' || cp == '#')) continue;
            return cp;
        }
    }

    std::size_t level_length() noexcept {
        const auto r = below(100);
        if (r < 20) return 0;
        if (r < 85) return between(1, 6);
        if (r < 98) return between(7, 30);
        return between(31, 200);
    }
    std::size_t property_string_length() noexcept {
        const auto r = below(100);
        if (r < 20) return 0;
        if (r < 90) return between(1, 12);
        return between(13, 300);
    }
    std::size_t small_binary_length() noexcept { return chance(20) ? 0 : static_cast<std::size_t>(between(1, 40)); }

    void level(detail::region& r) noexcept {
        const auto len = level_length();
        for (std::size_t i = 0; i < len; ++i)
            if (!r.put_cp(code_point(true))) return;
    }

    // Levels of '+', '#' (last only) or text; never empty.
    void plain_filter(packet_arena& a, detail::region& r) noexcept {
        const auto start = a.text_used;
        const auto levels = chance(85) ? between(1, 4) : between(5, 8);
        for (std::uint64_t i = 0; i < levels; ++i) {
            if (i > 0) r.put('/');
            if (i + 1 == levels && chance(20)) r.put('#');
            else if (chance(20)) r.put('+');
            else level(r);
        }
        if (a.text_used == start) r.put(chance(50) ? '#' : '+');
    }

    std::size_t payload_length(std::size_t max) noexcept {
        const auto r = below(1000);
        std::size_t n = 0;
        if (r < 150) n = 0;
        else if (r < 750) n = static_cast<std::size_t>(between(1, 64));
        else if (r < 950) n = static_cast<std::size_t>(between(65, 1000));
        else if (r < 995) n = static_cast<std::size_t>(between(1001, 16'000));
        else n = static_cast<std::size_t>(between(16'001, 80'000));
        return n < max ? n : max;
    }

    // A payload of about `len` bytes: UTF-8 text when the Payload Format Indicator says so, else any bytes.
    std::span<const std::byte> payload(packet_arena& a, std::size_t len, bool utf8_text) noexcept {
        if (!utf8_text) return binary(a, len);
        auto r = text_region(a);
        const auto start = a.text_used;
        while (a.text_used - start < len)
            if (!r.put_cp(code_point(false))) break;
        return {reinterpret_cast<const std::byte*>(a.text.data() + start), a.text_used - start};
    }

    // Level 3 only: fixed-header flag bits 3.1 does not require to be 0 ("not used"), or DUP (and RETAIN, not
    // used) on PUBREL, SUBSCRIBE and UNSUBSCRIBE, whose QoS 1 stays; as the XOR mask wire_form keeps.
    std::uint8_t v31_flags(bool qos1_packet) noexcept {
        if (!v31() || chance(60)) return 0;
        return static_cast<std::uint8_t>(qos1_packet ? (below(4) & 1u) | ((below(2) & 1u) << 3) : below(16));
    }

    // ---- one generator per packet type ----

    mqtt5::connect gen(packet_arena& a, std::type_identity<mqtt5::connect>) noexcept {
        mqtt5::connect p{};
        p.client_id = chance(20) ? std::string_view{} : utf8(a, string_length());
        if (v31()) p.client_id = utf8(a, static_cast<std::size_t>(between(1, 23)));  // 3.1: 1..23 characters
        p.keep_alive = u16(false);
        p.clean_start = chance(50);
        if (legacy() && p.client_id.empty()) p.clean_start = true;  // [MQTT-3.1.3-7] (3.1.1)
        p.form.v31_flags_xor = v31_flags(false);
        p.properties = properties<mqtt5::place::connect>(a, packet_arena::own_block);
        if (chance(40)) {
            auto& w = p.will.emplace();
            property_outcome out{};
            w.properties = properties<mqtt5::place::will>(a, packet_arena::will_block, {}, &out);
            w.topic = topic_name(a);
            w.payload = payload(a, payload_length(2000), out.payload_format == 1);
            w.qos = static_cast<mqtt5::qos>(below(3));
            w.retain = chance(50);
        }
        if (chance(50)) p.username = utf8(a, string_length());
        if (chance(50) && (!legacy() || p.username)) p.password = binary(a, small_binary_length());  // [MQTT-3.1.2-22] (3.1.1)
        return p;
    }

    mqtt5::connack gen(packet_arena& a, std::type_identity<mqtt5::connack>) noexcept {
        mqtt5::connack p{};
        if (legacy()) {
            p.return_code = static_cast<mqtt5::connack_return_code>(chance(40) ? 0 : below(6));
            p.session_present = !v31() && p.return_code == mqtt5::connack_return_code::accepted && chance(50);  // [MQTT-3.2.2-4] (3.1.1)
            p.form.v31_flags_xor = v31_flags(false);
            if (v31() && chance(30)) p.form.v31_connack_flags = static_cast<std::uint8_t>(below(256));
            return p;
        }
        p.reason = reason_for(mqtt5::packet_type::connack);
        p.session_present = !mqtt5::is_error(p.reason) && chance(50);  // [MQTT-3.2.2-6]
        p.properties = properties<mqtt5::place::connack>(a, packet_arena::own_block);
        return p;
    }

    mqtt5::publish gen(packet_arena& a, std::type_identity<mqtt5::publish>) noexcept {
        mqtt5::publish p{};
        p.qos = static_cast<mqtt5::qos>(below(3));
        p.dup = (p.qos != mqtt5::qos::at_most_once || (v31() && chance(10))) && chance(50);  // [MQTT-3.3.1-2]; no rule in 3.1
        p.retain = chance(50);
        if (p.qos != mqtt5::qos::at_most_once) p.packet_id = u16(true);
        const bool empty_topic = !legacy() && chance(10);  // no Topic Alias at levels 3 and 4
        property_needs needs{};
        needs.topic_alias = empty_topic;
        property_outcome out{};
        p.properties = properties<mqtt5::place::publish>(a, packet_arena::own_block, needs, &out);
        p.topic = empty_topic ? std::string_view{} : topic_name(a);
        p.payload = payload(a, payload_length(options_.max_payload), out.payload_format == 1);
        return p;
    }

    template <mqtt5::packet_type T>
    mqtt5::basic_pub_ack<T> gen(packet_arena& a, std::type_identity<mqtt5::basic_pub_ack<T>>) noexcept {
        mqtt5::basic_pub_ack<T> p{};
        p.packet_id = u16(true);
        p.form.v31_flags_xor = v31_flags(T == mqtt5::packet_type::pubrel);
        if (legacy()) {
            p.form.fields = static_cast<mqtt5::trailing_fields>(below(3));  // ignored at levels 3 and 4
            return p;
        }
        p.reason = reason_for(T, 50);
        if (chance(50)) p.properties = properties<mqtt5::place_of(T)>(a, packet_arena::own_block);
        p.form.fields = static_cast<mqtt5::trailing_fields>(below(3));
        return p;
    }

    mqtt5::subscribe gen(packet_arena& a, std::type_identity<mqtt5::subscribe>) noexcept {
        mqtt5::subscribe p{};
        p.packet_id = u16(true);
        p.form.v31_flags_xor = v31_flags(true);
        p.properties = properties<mqtt5::place::subscribe>(a, packet_arena::own_block);
        const auto n = static_cast<std::size_t>(chance(90) ? between(1, 4) : between(5, packet_arena::max_subscriptions));
        for (std::size_t i = 0; i < n; ++i) {
            auto& s = a.subscriptions[i];
            s = mqtt5::subscription{};
            s.topic_filter = topic_filter(a, true);
            s.max_qos = static_cast<mqtt5::qos>(below(3));
            if (legacy()) continue;  // the Requested QoS byte only [MQTT-3.8.3-4] (3.1.1)
            s.no_local = !mqtt5::is_shared_subscription(s.topic_filter) && chance(50);  // [MQTT-3.8.3-4]
            s.retain_as_published = chance(50);
            s.retain_handling = static_cast<mqtt5::retain_handling>(below(3));
        }
        p.subscriptions = mqtt5::subscription_list(std::span<const mqtt5::subscription>(a.subscriptions.data(), n));
        return p;
    }

    template <mqtt5::packet_type T>
    mqtt5::basic_sub_ack<T> gen(packet_arena& a, std::type_identity<mqtt5::basic_sub_ack<T>>) noexcept {
        mqtt5::basic_sub_ack<T> p{};
        p.packet_id = u16(true);
        p.properties = properties<mqtt5::place_of(T)>(a, packet_arena::own_block);
        p.form.v31_flags_xor = v31_flags(false);
        if (legacy() && T == mqtt5::packet_type::unsuback) return p;  // 3.1.1's UNSUBACK has no payload
        const auto n = static_cast<std::size_t>(chance(90) ? between(1, 6) : between(7, packet_arena::max_reason_codes));
        for (std::size_t i = 0; i < n; ++i) {
            static constexpr std::uint8_t v311_codes[] = {0x00, 0x01, 0x02, 0x80};  // [MQTT-3.9.3-2] (3.1.1)
            a.reason_codes[i] = legacy() ? static_cast<mqtt5::reason_code>(v311_codes[below(4)]) : reason_for(T, 30);
        }
        p.reason_codes = mqtt5::reason_code_list(std::span<const mqtt5::reason_code>(a.reason_codes.data(), n));
        return p;
    }

    mqtt5::unsubscribe gen(packet_arena& a, std::type_identity<mqtt5::unsubscribe>) noexcept {
        mqtt5::unsubscribe p{};
        p.packet_id = u16(true);
        p.form.v31_flags_xor = v31_flags(true);
        p.properties = properties<mqtt5::place::unsubscribe>(a, packet_arena::own_block);
        const auto n = static_cast<std::size_t>(chance(90) ? between(1, 4) : between(5, packet_arena::max_subscriptions));
        for (std::size_t i = 0; i < n; ++i) a.topic_filters[i] = topic_filter(a, true);
        p.topic_filters = mqtt5::topic_filter_list(std::span<const std::string_view>(a.topic_filters.data(), n));
        return p;
    }

    template <mqtt5::packet_type T>
    mqtt5::basic_ping<T> gen(packet_arena&, std::type_identity<mqtt5::basic_ping<T>>) noexcept {
        mqtt5::basic_ping<T> p{};
        p.form.v31_flags_xor = v31_flags(false);
        return p;
    }

    mqtt5::disconnect gen(packet_arena& a, std::type_identity<mqtt5::disconnect>) noexcept {
        mqtt5::disconnect p{};
        if (legacy()) {
            p.form.v31_flags_xor = v31_flags(false);
            return p;
        }
        p.reason = reason_for(mqtt5::packet_type::disconnect, 50);
        if (chance(50)) p.properties = properties<mqtt5::place::disconnect>(a, packet_arena::own_block);
        p.form.fields = static_cast<mqtt5::trailing_fields>(below(3));
        return p;
    }

    mqtt5::auth gen(packet_arena& a, std::type_identity<mqtt5::auth>) noexcept {
        mqtt5::auth p{};
        p.reason = reason_for(mqtt5::packet_type::auth, 40);
        p.form.fields = static_cast<mqtt5::trailing_fields>(below(3));
        // Anything but the empty form carries properties, and then Authentication Method (§3.15.2.2.2).
        const bool empty_form = p.reason == mqtt5::reason_code::success && p.form.fields == mqtt5::trailing_fields::shortest;
        if (!empty_form || chance(50)) {
            property_needs needs{};
            needs.authentication_method = true;
            p.properties = properties<mqtt5::place::auth>(a, packet_arena::own_block, needs);
        }
        return p;
    }

    Engine rng_{};
    generator_options options_{};
    std::array<reason_list, 16> reasons_{};
};

using packet_generator = basic_packet_generator<>;

}  // namespace mqtt5_gen
