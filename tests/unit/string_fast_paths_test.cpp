// The fast paths of the string checks (wire/utf8.hpp, topic.hpp, the SUBSCRIBE and UNSUBSCRIBE codecs) against
// reference checks written here from the standard's rules: every bad byte at every position of strings of 1..40
// bytes (across the 8- and 16-byte pieces the scans work in), multi-byte sequences that straddle them, wildcards
// at every position, `$share/` forms and every Subscription Options byte; the decoders' errors (errc and offset)
// and the encoders' errc must be those of the reference. The same file is built a second time with
// MQTT5_STRING_FAST_PATHS=0 (the -Os configuration, mqtt5_string_exact_test), where the codecs run the exact
// checks alone.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <mqtt5.hpp>

namespace {

using mqtt5::errc;

// ---- the references --------------------------------------------------------------------------------------

// [MQTT-1.5.4-1] well-formed UTF-8: the byte sequences of Unicode Table 3-7 (RFC 3629 section 4), which leave
// out overlong forms, surrogates and code points above U+10FFFF. [MQTT-1.5.4-2] no U+0000. With `disallowed`,
// also the code points a receiver MAY refuse (§1.5.4): U+0001..U+001F, U+007F..U+009F, non-characters.
// The first ill-formed or refused code point from the start names the error.
errc ref_utf8(std::string_view s, bool disallowed) {
    struct row {
        unsigned lead_lo, lead_hi, length, second_lo, second_hi;
    };
    static constexpr row rows[] = {
        {0x00, 0x7F, 1, 0, 0},       {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF},
        {0xE1, 0xEC, 3, 0x80, 0xBF}, {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF},
        {0xF0, 0xF0, 4, 0x90, 0xBF}, {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
    };
    const auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[k])); };
    for (std::size_t i = 0; i < s.size();) {
        const row* r = nullptr;
        for (const auto& candidate : rows)
            if (byte(i) >= candidate.lead_lo && byte(i) <= candidate.lead_hi) r = &candidate;
        if (r == nullptr || i + r->length > s.size()) return errc::invalid_utf8;
        if (r->length > 1 && (byte(i + 1) < r->second_lo || byte(i + 1) > r->second_hi)) return errc::invalid_utf8;
        for (unsigned k = 2; k < r->length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return errc::invalid_utf8;
        std::uint32_t cp = r->length == 1 ? byte(i) : byte(i) & (0x7Fu >> r->length);
        for (unsigned k = 1; k < r->length; ++k) cp = (cp << 6) | (byte(i + k) & 0x3Fu);
        if (cp == 0) return errc::utf8_contains_null;
        if (disallowed && ((cp >= 0x01 && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
                           (cp & 0xFFFF) == 0xFFFE || (cp & 0xFFFF) == 0xFFFF))
            return errc::utf8_disallowed_code_point;
        i += r->length;
    }
    return errc::ok;
}

// The levels of a Topic Filter (§4.7.1): '/' separates them. A wildcard must be a whole level: '#' alone and in the
// last level [MQTT-4.7.1-1], '+' alone [MQTT-4.7.1-2]. The first wildcard (left to right) that is not names the
// error. Byte-wise (the encoder checks the syntax before the UTF-8).
errc ref_levels(std::string_view f) {
    std::size_t level_start = 0;
    for (std::size_t i = 0; i <= f.size(); ++i) {
        if (i != f.size() && f[i] != '/') continue;
        const auto level = f.substr(level_start, i - level_start);
        const bool last = i == f.size();
        for (std::size_t k = 0; k < level.size(); ++k) {
            if (level[k] == '#' && !(level == "#" && last)) return errc::topic_filter_invalid_hash;
            if (level[k] == '+' && level != "+") return errc::topic_filter_invalid_plus;
        }
        level_start = i + 1;
    }
    return errc::ok;
}

// A Topic Filter's syntax: not empty [MQTT-4.7.3-1]; `$share/{ShareName}/{filter}` (§4.8.2) with a ShareName of
// at least one character [MQTT-4.8.2-1] without '/', '+' or '#' [MQTT-4.8.2-2], then a non-empty filter.
errc ref_filter_syntax(std::string_view f) {
    if (f.empty()) return errc::topic_empty;
    if (f.rfind("$share/", 0) != 0) return ref_levels(f);
    const auto rest = f.substr(7);
    const auto slash = rest.find('/');
    if (rest.empty() || slash == 0) return errc::shared_subscription_empty_share_name;
    if (rest.substr(0, slash).find_first_of("+#") != std::string_view::npos) return errc::shared_subscription_invalid_share_name;
    if (slash == std::string_view::npos || slash + 1 == rest.size()) return errc::shared_subscription_missing_filter;
    return ref_levels(rest.substr(slash + 1));
}

errc ref_topic_filter(std::string_view f) {  // validate_topic_filter: UTF-8 first
    if (const auto e = ref_utf8(f, false); e != errc::ok) return e;
    return ref_filter_syntax(f);
}

errc ref_topic_name(std::string_view t) {  // [MQTT-4.7.3-1], UTF-8, no wildcards [MQTT-4.7.0-1]
    if (t.empty()) return errc::topic_empty;
    if (const auto e = ref_utf8(t, false); e != errc::ok) return e;
    return t.find_first_of("+#") == std::string_view::npos ? errc::ok : errc::topic_name_has_wildcard;
}

// The Subscription Options byte (§3.8.3.1): reserved bits 6-7 [MQTT-3.8.3-5], QoS 3, Retain Handling 3, No Local
// on a Shared Subscription [MQTT-3.8.3-4].
errc ref_options(std::uint8_t o, bool shared) {
    if (o & 0xC0) return errc::subscription_options_reserved_bits;
    if ((o & 3) == 3) return errc::subscription_qos_invalid;
    if (((o >> 4) & 3) == 3) return errc::retain_handling_invalid;
    if ((o & 4) && shared) return errc::no_local_on_shared_subscription;
    return errc::ok;
}

// ---- packets --------------------------------------------------------------------------------------------

void put_u16(std::vector<std::byte>& out, std::size_t v) {
    out.push_back(static_cast<std::byte>(v >> 8));
    out.push_back(static_cast<std::byte>(v & 0xFF));
}
void put_text(std::vector<std::byte>& out, std::string_view s) {
    put_u16(out, s.size());
    for (const char c : s) out.push_back(static_cast<std::byte>(static_cast<unsigned char>(c)));
}

// A packet of `type_byte` around `body` (Remaining Length as a Variable Byte Integer).
std::vector<std::byte> packet(std::uint8_t type_byte, const std::vector<std::byte>& body) {
    std::vector<std::byte> out{static_cast<std::byte>(type_byte)};
    std::size_t n = body.size();
    do {
        const auto digit = static_cast<std::uint8_t>(n % 128);
        n /= 128;
        out.push_back(static_cast<std::byte>(digit | (n > 0 ? 0x80 : 0)));
    } while (n > 0);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

struct entry {
    std::string filter;
    std::uint8_t options{0x01};
};

// The expected result of decoding a SUBSCRIBE (with_options) or UNSUBSCRIBE of these entries, with `pad` bytes of
// User Property before them (to move them away from the packet's start): the first broken rule and its offset.
struct outcome {
    errc code{errc::ok};
    std::size_t offset{};
};

std::vector<std::byte> list_packet(const std::vector<entry>& entries, bool with_options, std::size_t pad) {
    std::vector<std::byte> body;
    put_u16(body, 7);  // Packet Identifier
    if (pad == 0) {
        body.push_back(std::byte{0});
    } else {  // one User Property (0x26) of a name of pad bytes and an empty value
        const std::size_t len = 1 + 2 + pad + 2;
        body.push_back(static_cast<std::byte>(len));
        body.push_back(std::byte{0x26});
        put_text(body, std::string(pad, 'u'));
        put_text(body, "");
    }
    for (const auto& e : entries) {
        put_text(body, e.filter);
        if (with_options) body.push_back(static_cast<std::byte>(e.options));
    }
    return packet(with_options ? 0x82 : 0xA2, body);
}

outcome expected(const std::vector<entry>& entries, bool with_options, std::size_t header_size, bool disallowed) {
    std::size_t at = header_size;
    for (const auto& e : entries) {
        if (const auto u = ref_utf8(e.filter, disallowed); u != errc::ok) return {u, at};
        if (const auto s = ref_filter_syntax(e.filter); s != errc::ok) return {s, at};
        at += 2 + e.filter.size();
        if (with_options) {
            if (const auto o = ref_options(e.options, e.filter.rfind("$share/", 0) == 0); o != errc::ok) return {o, at};
            at += 1;
        }
    }
    return {};
}

// Decodes the SUBSCRIBE or UNSUBSCRIBE of `entries` (with and without padding before them, and with the options
// that refuse the discouraged code points) and compares with the references.
void check_list(const std::vector<entry>& entries, bool with_options) {
    for (const std::size_t pad : {std::size_t{0}, std::size_t{20}}) {
        for (const bool disallowed : {false, true}) {
            const auto bytes = list_packet(entries, with_options, pad);
            const std::size_t header = bytes.size() - [&] {
                std::size_t n = 0;
                for (const auto& e : entries) n += 2 + e.filter.size() + (with_options ? 1 : 0);
                return n;
            }();
            // Exactly sized, so that a read past the packet is one past the allocation (ASan).
            const auto owned = std::make_unique<std::byte[]>(bytes.size());
            std::memcpy(owned.get(), bytes.data(), bytes.size());
            const std::span<const std::byte> span(owned.get(), bytes.size());
            mqtt5::decode_options o;
            o.reject_disallowed_code_points = disallowed;
            const auto want = expected(entries, with_options, header, disallowed);
            mqtt5::error got;
            std::size_t count = 0;
            if (with_options) {
                const auto r = mqtt5::decode<mqtt5::subscribe>(span, o);
                got = r.error();
                if (r) count = r->subscriptions.size();
            } else {
                const auto r = mqtt5::decode<mqtt5::unsubscribe>(span, o);
                got = r.error();
                if (r) count = r->topic_filters.size();
            }
            SCOPED_TRACE(::testing::Message() << "first filter \"" << entries.front().filter << "\" last \"" << entries.back().filter
                                              << "\" pad " << pad << " disallowed " << disallowed);
            ASSERT_EQ(mqtt5::to_string(got.code), mqtt5::to_string(want.code));
            if (want.code != errc::ok) {
                ASSERT_EQ(got.offset, want.offset);
            } else {
                ASSERT_EQ(count, entries.size());
            }
        }
    }
}

// Encodes a SUBSCRIBE and an UNSUBSCRIBE from a caller's array holding `filter` (in an exactly sized buffer: the
// fast path must read no byte after or before it) and compares the errc with the encoder's order of checks:
// filter syntax and options, then the string (UTF-8).
void check_encode(std::string_view filter, std::uint8_t options = 0x01) {
    // A vector of exactly the filter's size (make_unique + memcpy trips a g++ 12 -O2 -Wstringop-overflow false positive).
    const std::vector<char> owned(filter.begin(), filter.end());
    const std::string_view text(owned.data(), owned.size());
    const bool shared = filter.rfind("$share/", 0) == 0;
    errc want = ref_filter_syntax(filter);
    if (want == errc::ok) want = ref_options(options, shared);
    if (want == errc::ok) want = ref_utf8(filter, false);
    const mqtt5::subscription subs[] = {{text, static_cast<mqtt5::qos>(options & 3), (options & 4) != 0, (options & 8) != 0,
                                         static_cast<mqtt5::retain_handling>((options >> 4) & 3)}};
    mqtt5::subscribe sub;
    sub.packet_id = 7;
    sub.subscriptions = subs;
    std::array<std::byte, 128> out{};
    const auto r = mqtt5::encode(sub, std::span<std::byte>(out));
    SCOPED_TRACE(::testing::Message() << "filter \"" << filter << "\" options " << int(options));
    ASSERT_EQ(mqtt5::to_string(r.error().code), mqtt5::to_string(want));
    if (r) {  // byte-exact: the decoder reads back the same filter
        const auto back = mqtt5::decode<mqtt5::subscribe>(std::span<const std::byte>(out.data(), *r));
        ASSERT_TRUE(back.has_value());
        ASSERT_EQ((*back->subscriptions.begin()).topic_filter, filter);
        ASSERT_EQ((*back->subscriptions.begin()).options(), options);
    }
    const std::string_view filters[] = {text};
    mqtt5::unsubscribe unsub;
    unsub.packet_id = 7;
    unsub.topic_filters = filters;
    errc want_unsub = ref_filter_syntax(filter);
    if (want_unsub == errc::ok) want_unsub = ref_utf8(filter, false);
    const auto u = mqtt5::encode(unsub, std::span<std::byte>(out));
    ASSERT_EQ(mqtt5::to_string(u.error().code), mqtt5::to_string(want_unsub));
    if (u) {
        const auto back = mqtt5::decode<mqtt5::unsubscribe>(std::span<const std::byte>(out.data(), *u));
        ASSERT_TRUE(back.has_value());
        ASSERT_EQ(*back->topic_filters.begin(), filter);
    }
}

// Every check of one string: the public validators, the fast predicate, and the codecs with the string as the
// first, the middle and the last filter of the list.
void check_string(const std::string& s) {
    SCOPED_TRACE(::testing::Message() << "string of " << s.size() << " bytes: \"" << s << "\"");
    for (const bool disallowed : {false, true}) {
        ASSERT_EQ(mqtt5::to_string(mqtt5::wire::validate_utf8(s, disallowed)), mqtt5::to_string(ref_utf8(s, disallowed)));
        // validate_utf8_in: the text alone, and inside inputs that start 0..20 bytes before it and end with it
        const auto alone = std::make_unique<char[]>(s.size() + 1);
        if (!s.empty()) std::memcpy(alone.get(), s.data(), s.size());
        ASSERT_EQ(mqtt5::to_string(mqtt5::wire::validate_utf8_in({alone.get(), s.size()}, nullptr, disallowed)),
                  mqtt5::to_string(ref_utf8(s, disallowed)));
        for (std::size_t before = 0; before <= 20; before += 5) {
            if (before + s.size() < 16) continue;  // the input must hold 16 bytes
            const auto input = std::make_unique<char[]>(before + s.size());
            std::memset(input.get(), 0x80, before);  // bytes that would be unusual, outside the text
            if (!s.empty()) std::memcpy(input.get() + before, s.data(), s.size());
            ASSERT_EQ(mqtt5::to_string(mqtt5::wire::validate_utf8_in({input.get() + before, s.size()}, input.get(), disallowed)),
                      mqtt5::to_string(ref_utf8(s, disallowed)));
            errc want = ref_utf8(s, disallowed);
            if (want == errc::ok && s.find_first_of("+#") != std::string::npos) want = errc::topic_name_has_wildcard;
            ASSERT_EQ(mqtt5::to_string(mqtt5::detail::check_topic_name_text({input.get() + before, s.size()}, input.get(), disallowed)),
                      mqtt5::to_string(want));
        }
    }
    ASSERT_EQ(mqtt5::to_string(mqtt5::validate_topic_name(s)), mqtt5::to_string(ref_topic_name(s)));
    ASSERT_EQ(mqtt5::to_string(mqtt5::validate_topic_filter(s)), mqtt5::to_string(ref_topic_filter(s)));
    ASSERT_EQ(mqtt5::is_shared_subscription(s), s.rfind("$share/", 0) == 0);
    // The fast predicate says "valid" exactly for ASCII without NUL that the rules accept: never for anything
    // the exact checks refuse (that would skip a check), and always for the plain filters it is there for.
    bool plain_ascii = !s.empty();
    for (const char c : s) plain_ascii = plain_ascii && c > 0;
    const bool want_fast = plain_ascii && ref_filter_syntax(s) == errc::ok;
    for (const bool no_local : {false, true})
        ASSERT_EQ(mqtt5::detail::filter_is_plainly_valid(s.data(), s.size(), nullptr, no_local),
                  want_fast && !(no_local && s.rfind("$share/", 0) == 0));
    // The Topic Name of a PUBLISH: UTF-8 first [MQTT-3.3.2-1], then no wildcards [MQTT-3.3.2-2], both at the
    // Topic Name's offset; alone and after 20 bytes of other input, with and without the discouraged code points.
    for (const bool disallowed : {false, true}) {
        errc want = ref_utf8(s, disallowed);
        if (want == errc::ok && s.find_first_of("+#") != std::string::npos) want = errc::topic_name_has_wildcard;
        ASSERT_EQ(mqtt5::to_string(mqtt5::detail::check_topic_name_text(s, nullptr, disallowed)), mqtt5::to_string(want));
        std::vector<std::byte> body;
        put_text(body, s);
        body.push_back(std::byte{0});  // no properties (QoS 0: no Packet Identifier)
        for (int k = 0; k < 3; ++k) body.push_back(std::byte{0x61});
        const auto bytes = packet(0x30, body);
        const auto owned = std::make_unique<std::byte[]>(bytes.size());
        std::memcpy(owned.get(), bytes.data(), bytes.size());
        mqtt5::decode_options o;
        o.reject_disallowed_code_points = disallowed;
        const auto r = mqtt5::decode<mqtt5::publish>(std::span<const std::byte>(owned.get(), bytes.size()), o);
        if (want == errc::ok) {
            ASSERT_TRUE(r.has_value()) << mqtt5::to_string(r.error().code);
            ASSERT_EQ(r->topic, s);
        } else {
            ASSERT_EQ(mqtt5::to_string(r.error().code), mqtt5::to_string(want));
            ASSERT_EQ(r.error().offset, bytes.size() - body.size());
        }
    }
    check_list({{s}}, true);
    check_list({{"a/b"}, {s, 0x02}, {"c"}}, true);
    check_list({{"p"}, {s}}, false);
    check_list({{s}}, false);
    check_encode(s);
}

// Bytes that matter to one rule or another.
const unsigned char interesting[] = {0x00, 0x01, 0x1F, 0x20, '#', '+', '/', '$', 'a', 0x7E, 0x7F, 0x80, 0x9F, 0xBF,
                                     0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};

// [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.0-1]: each of those bytes at each
// position 0..39 of strings of 1..40 bytes, in a text without '/' and in one of one-byte levels.
TEST(StringFastPaths, EachInterestingByteAtEveryPosition) {
    for (std::size_t n = 1; n <= 40; ++n) {
        for (const char* base : {"a", "a/"}) {
            std::string text;
            while (text.size() < n) text += base;
            text.resize(n);
            for (std::size_t at = 0; at < n; ++at) {
                for (const unsigned char b : interesting) {
                    std::string s = text;
                    s[at] = static_cast<char>(b);
                    ASSERT_NO_FATAL_FAILURE(check_string(s));
                }
            }
        }
    }
}

// [MQTT-1.5.4-1] [MQTT-1.5.4-3]: multi-byte sequences, valid and not, starting at every position, so that they
// straddle the 4-, 8- and 16-byte pieces the scans load; U+FEFF is kept; the discouraged code points are refused
// only on request.
TEST(StringFastPaths, MultiByteSequencesAtEveryPosition) {
    const std::string sequences[] = {
        "\xC3\xA9",          // U+00E9
        "\xC2\x85",          // U+0085, a C1 control (discouraged)
        "\xE2\x82\xAC",      // U+20AC
        "\xEF\xBB\xBF",      // U+FEFF [MQTT-1.5.4-3]
        "\xEF\xBF\xBE",      // U+FFFE, a non-character
        "\xEF\xB7\x90",      // U+FDD0, a non-character
        "\xF0\x9F\x98\x80",  // U+1F600
        "\xF4\x8F\xBF\xBF",  // U+10FFFF, a non-character
        "\xED\xA0\x80",      // a surrogate, ill-formed
        "\xC0\xAF",          // overlong '/'
        "\xE0\x80\xAF",      // overlong '/'
        "\xF0\x8F\xBF\xBF",  // overlong
        "\xF4\x90\x80\x80",  // above U+10FFFF
        "\xE2\x82",          // truncated
        "\xF0\x9F\x98",      // truncated
        "\xC3",              // truncated
        "\xA9",              // a continuation byte alone
    };
    for (std::size_t n = 1; n <= 40; ++n) {
        for (const auto& seq : sequences) {
            if (seq.size() > n) continue;
            for (std::size_t at = 0; at + seq.size() <= n; ++at) {
                std::string s(n, 'x');
                s.replace(at, seq.size(), seq);
                ASSERT_NO_FATAL_FAILURE(check_string(s));
            }
        }
    }
}

// [MQTT-4.7.1-1] [MQTT-4.7.1-2]: '+' and '#' at every position of filters of 1..40 bytes, alone in their level,
// next to a '/' on one side only, or inside a level, with a second wildcard after them.
TEST(StringFastPaths, WildcardsAtEveryPosition) {
    for (std::size_t n = 1; n <= 40; ++n) {
        for (std::size_t at = 0; at < n; ++at) {
            for (const char w : {'+', '#'}) {
                for (int shape = 0; shape < 5; ++shape) {
                    std::string s(n, 'b');
                    if (shape == 1 || shape == 2 || shape == 4) {  // '/' before it
                        if (at > 0) s[at - 1] = '/';
                    }
                    if (shape == 1 || shape == 3 || shape == 4) {  // '/' after it
                        if (at + 1 < n) s[at + 1] = '/';
                    }
                    s[at] = w;
                    if (shape == 4 && at + 2 < n) s[n - 1] = '#', s[n - 2] = '/';  // and a '#' last
                    ASSERT_NO_FATAL_FAILURE(check_string(s));
                    if (n > 16) {
                        ASSERT_NO_FATAL_FAILURE(check_string("$share/g/" + s.substr(9)));
                    }
                }
            }
        }
    }
}

// §4.8.2 [MQTT-4.8.2-1] [MQTT-4.8.2-2] [MQTT-3.8.3-4]: the forms of `$share/`, with No Local off and on.
TEST(StringFastPaths, SharedSubscriptionForms) {
    const char* forms[] = {"$share/",      "$share/g",       "$share/g/",      "$share//a",        "$share/+/a",
                           "$share/#/a",   "$share/g+/a",    "$share/g#/a",    "$share/g/+",       "$share/g/#",
                           "$share/g/a+",  "$share/g/a/#",   "$share/g/+/b",   "$share/gg/a/b/c",  "$share/g/a#",
                           "$sharex/a",    "$share",         "$shar",          "$",                "$SYS/a/+",
                           "$share/g/a/b", "$share/longer-share-name/devices/+/status", "$share/g//",  "$share/g/+/#",
                           "$share/a+b/c", "$share/g/\xC3\xA9/+",            "$share/\xC3\xA9/x", "$share/g/\x01"};
    for (const char* f : forms) {
        ASSERT_NO_FATAL_FAILURE(check_string(f));
        for (const std::uint8_t o : {std::uint8_t{0x00}, std::uint8_t{0x04}, std::uint8_t{0x06}, std::uint8_t{0x24}}) {
            ASSERT_NO_FATAL_FAILURE(check_list({{f, o}}, true));
            ASSERT_NO_FATAL_FAILURE(check_list({{"x/y", 0x01}, {f, o}, {"z", 0x00}}, true));
            ASSERT_NO_FATAL_FAILURE(check_encode(f, o));
        }
    }
}

// §3.8.3.1 [MQTT-3.8.3-5] [MQTT-3.8.3-4]: every Subscription Options byte after a plain and a shared filter.
TEST(StringFastPaths, EveryOptionsByte) {
    for (unsigned o = 0; o < 256; ++o) {
        for (const char* f : {"a/+/c", "$share/g1/jobs/+"}) {
            ASSERT_NO_FATAL_FAILURE(check_list({{"a", 0x01}, {f, static_cast<std::uint8_t>(o)}}, true));
            if (o < 64) {
                ASSERT_NO_FATAL_FAILURE(check_encode(f, static_cast<std::uint8_t>(o)));
            }
        }
    }
}

// Packets shorter than 16 bytes (the decoders' fast path loads 16 at a time inside the packet), and filters at
// the very end of the input: lengths 1..16 of a lone filter.
TEST(StringFastPaths, ShortPacketsAndFiltersAtTheEnd) {
    for (std::size_t n = 1; n <= 16; ++n) {
        for (const char* base : {"a", "+/", "/#", "\x7F"}) {
            std::string s;
            while (s.size() < n) s += base;
            s.resize(n);
            ASSERT_NO_FATAL_FAILURE(check_list({{s}}, false));
            ASSERT_NO_FATAL_FAILURE(check_list({{s}}, true));
        }
    }
}

// Levels 3 and 4 have their own rules for the byte after a filter (the Requested QoS: bits 7-2 reserved, 3 refused,
// [MQTT-3.8.3-4] (3.1.1)) and no Shared Subscriptions: packets of 16 bytes and more (where the v5 decoder takes
// its fast path) keep them.
TEST(StringFastPaths, Level4SubscribeKeepsItsRules) {
    for (unsigned q = 0; q < 256; ++q) {
        for (const char* f : {"a/+/c/d/e/f/g/h/i", "$share//x/y/z/w", "$share/g/a/b/c/d"}) {
            std::vector<std::byte> body;
            put_u16(body, 7);
            put_text(body, f);
            body.push_back(static_cast<std::byte>(q));
            const auto bytes = packet(0x82, body);
            mqtt5::decode_options o;
            o.version = mqtt5::protocol_version::v311;
            const auto r = mqtt5::decode<mqtt5::subscribe>(std::span<const std::byte>(bytes), o);
            const bool valid = (q & 0xFC) == 0 && q != 3;
            ASSERT_EQ(r.has_value(), valid) << f << " " << q;
            if (!valid) {
                ASSERT_EQ(r.error().code, errc::requested_qos_invalid);
                ASSERT_EQ(r.error().offset, bytes.size() - 1);
            }
        }
    }
}

// The canonical P4 of the benchmarks (docs/canonical-packets.md), decoded and re-encoded byte-exact.
TEST(StringFastPaths, CanonicalSubscribe) {
    const std::vector<entry> p4 = {{"a/+/c", 0x01}, {"sensors/#", 0x05}, {"$share/g1/jobs/+", 0x01},
                                   {"devices/dev-0001/cmd", 0x01}, {"x/y/z", 0x21}};
    ASSERT_NO_FATAL_FAILURE(check_list(p4, true));
    for (const auto& e : p4) ASSERT_NO_FATAL_FAILURE(check_encode(e.filter, e.options));
}

// The bit masks the scans classify bytes with, against a byte-by-byte reference: SSE2 and the portable words
// must agree on random 16-byte blocks drawn from the interesting bytes (both are compiled on every target).
TEST(StringFastPaths, UnusualByteMasksAgree) {
    std::mt19937 rng(12345);
    for (int round = 0; round < 20000; ++round) {
        alignas(16) char block[16];
        for (char& c : block) c = static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : static_cast<unsigned char>(rng()));
        std::uint32_t want_plain = 0, want_wild = 0;
        for (int k = 0; k < 16; ++k) {
            const auto b = static_cast<unsigned char>(block[k]);
            if (b == 0 || b >= 0x80) want_plain |= 1u << k;
            if (b == 0 || b >= 0x80 || b == '+' || b == '#') want_wild |= 1u << k;
        }
        namespace w = mqtt5::wire::detail;
        ASSERT_EQ(w::unusual_bytes16<false>(block), want_plain);
        ASSERT_EQ(w::unusual_bytes16<true>(block), want_wild);
        ASSERT_EQ(w::unusual_bytes16_portable<false>(block), want_plain);
        ASSERT_EQ(w::unusual_bytes16_portable<true>(block), want_wild);
        const auto first = w::load8_le(block), second = w::load8_le(block + 8);
        ASSERT_EQ(w::unusual_bytes_of_words<true>(first, second), want_wild);
        ASSERT_EQ(w::unusual_bytes_of_words_portable<true>(first, second), want_wild);
        for (std::size_t n = 1; n <= 16; ++n)
            ASSERT_EQ(w::unusual_bytes_of_text<true>(block, n), want_wild & ((1u << n) - 1u)) << n;
    }
}

}  // namespace
