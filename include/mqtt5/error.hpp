/// \file
/// Errors are values: errc names exactly which rule was broken, reason_code is what a peer should be told,
/// offset is where in the packet (counted from its first byte, the fixed header) the offending field starts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "assert.hpp"
#include "connack_return_code.hpp"
#include "reason_code.hpp"
#include "string_literals.hpp"

namespace mqtt5 {

/// The list of rules: name, the reason code the standard gives (or the recommended one where it is silent,
/// marked "*" in the comment), and a one-line description. One errc per rule, so a caller can map any of
/// them to another class. Offsets: the first byte of the offending field (a property's identifier byte, a
/// string's length prefix, a flag byte); when a field runs past the end of the data that must contain it
/// (the input, the packet, or the property block) the error is a truncation and the offset is that end.
#define MQTT5_ERRC_LIST(X)                                                                                          \
    X(ok, success, "no error")                                                                                      \
    /* framing and structure */                                                                                     \
    X(incomplete_packet, malformed_packet, "the input ends before the packet its fixed header announces")         \
    X(input_longer_than_packet, malformed_packet, "the input holds bytes after the end of the packet")            \
    X(truncated, malformed_packet, "a field runs past the end of its packet or property block")                   \
    X(trailing_bytes, malformed_packet, "bytes left after the last field the packet may hold (MAL*)")             \
    X(varint_too_long, malformed_packet, "a Variable Byte Integer longer than 4 bytes (§1.5.5)")                  \
    X(varint_not_minimal, malformed_packet, "a Variable Byte Integer not in its shortest form [MQTT-1.5.5-1] (MAL*)") \
    X(varint_out_of_range, malformed_packet, "a value above 268,435,455 cannot be a Variable Byte Integer")       \
    X(reserved_packet_type, malformed_packet, "packet type 0 is forbidden (§2.1.2) (MAL*)")                       \
    X(invalid_fixed_header_flags, malformed_packet, "reserved fixed header flags have the wrong value [MQTT-2.1.3-1]") \
    X(unexpected_packet_type, malformed_packet, "a typed decode met another packet type")                         \
    X(packet_too_large, packet_too_large, "the packet is larger than the maximum packet size")                    \
    X(remaining_length_too_large, packet_too_large, "the packet needs a Remaining Length above 268,435,455")      \
    X(missing_property_length, malformed_packet, "the Property Length is missing [MQTT-2.2.2-1] (MAL*)")          \
    X(wrong_direction, protocol_error, "the sender's role may not send this packet (PE*)")                        \
    X(packet_id_zero, protocol_error, "a Packet Identifier of 0 [MQTT-2.2.1-3] [MQTT-2.2.1-4] (PE*)")             \
    X(protocol_level_4_not_implemented, unsupported_protocol_version, "no longer returned: levels 3 and 4 are implemented") \
    /* data types */                                                                                                \
    X(invalid_utf8, malformed_packet, "ill-formed UTF-8 or a surrogate code point [MQTT-1.5.4-1]")                \
    X(utf8_contains_null, malformed_packet, "a UTF-8 string contains U+0000 [MQTT-1.5.4-2]")                      \
    X(utf8_disallowed_code_point, malformed_packet, "a control or non-character code point (§1.5.4, policy)")     \
    X(string_too_long, malformed_packet, "a UTF-8 string longer than 65,535 bytes")                               \
    X(binary_too_long, malformed_packet, "Binary Data longer than 65,535 bytes")                                  \
    /* properties */                                                                                                \
    X(invalid_property_id, malformed_packet, "an identifier the standard does not assign (§2.2.2.2)")             \
    X(property_not_allowed, malformed_packet, "a property not allowed in this packet or in Will Properties (§2.2.2.2)") \
    X(duplicate_property, protocol_error, "a property that may appear once appears again")                        \
    X(payload_format_indicator_invalid, protocol_error, "Payload Format Indicator other than 0 or 1 (PE*)")       \
    X(request_problem_information_invalid, protocol_error, "Request Problem Information other than 0 or 1")       \
    X(request_response_information_invalid, protocol_error, "Request Response Information other than 0 or 1")     \
    X(maximum_qos_invalid, protocol_error, "Maximum QoS other than 0 or 1")                                       \
    X(retain_available_invalid, protocol_error, "Retain Available other than 0 or 1")                             \
    X(wildcard_subscription_available_invalid, protocol_error, "Wildcard Subscription Available other than 0 or 1") \
    X(subscription_identifier_available_invalid, protocol_error, "Subscription Identifier Available other than 0 or 1") \
    X(shared_subscription_available_invalid, protocol_error, "Shared Subscription Available other than 0 or 1")   \
    X(receive_maximum_zero, protocol_error, "Receive Maximum of 0 (§3.1.2.11.3, §3.2.2.3.3)")                     \
    X(maximum_packet_size_zero, protocol_error, "Maximum Packet Size of 0 (§3.1.2.11.4, §3.2.2.3.6)")              \
    X(topic_alias_zero, topic_alias_invalid, "Topic Alias of 0 [MQTT-3.3.2-8]")                                   \
    X(subscription_identifier_zero, protocol_error, "Subscription Identifier of 0 (§3.3.2.3.8, §3.8.2.1.2)")      \
    X(response_topic_has_wildcard, protocol_error, "Response Topic contains + or # [MQTT-3.3.2-14] (PE*)")        \
    X(response_topic_empty, protocol_error, "Response Topic is empty [MQTT-4.7.3-1] (PE*)")                       \
    X(authentication_data_without_method, protocol_error, "Authentication Data without Authentication Method (§3.1.2.11.10)") \
    X(authentication_method_missing, protocol_error, "AUTH without Authentication Method (§3.15.2.2.2)")         \
    X(subscription_identifier_from_client, protocol_error, "a Client's PUBLISH carries a Subscription Identifier [MQTT-3.3.4-6]") \
    X(session_expiry_from_server, protocol_error, "a Server's DISCONNECT carries Session Expiry Interval [MQTT-3.14.2-2] (PE*)") \
    X(server_reference_from_client, protocol_error, "a Client's DISCONNECT carries Server Reference (§3.14.2.2.5) (PE*)") \
    /* reason codes */                                                                                              \
    X(invalid_reason_code, protocol_error, "a reason code not listed for this packet (PE*)")                      \
    X(reason_code_wrong_direction, protocol_error, "a reason code the sender's role may not send (PE*)")          \
    /* CONNECT */                                                                                                   \
    X(invalid_protocol_name, unsupported_protocol_version, "Protocol Name is not \"MQTT\" (\"MQIsdp\" at level 3) [MQTT-3.1.2-1]")        \
    X(unsupported_protocol_version, unsupported_protocol_version, "Protocol Level is not the version decoded (5, 4 or 3) [MQTT-3.1.2-2]")     \
    X(connect_reserved_flag, malformed_packet, "CONNECT flags bit 0 is set [MQTT-3.1.2-3]")                       \
    X(will_qos_invalid, malformed_packet, "Will QoS 3 [MQTT-3.1.2-12]")                                           \
    X(will_qos_without_will, malformed_packet, "Will QoS set with Will Flag 0 [MQTT-3.1.2-11] (MAL*)")           \
    X(will_retain_without_will, malformed_packet, "Will Retain set with Will Flag 0 [MQTT-3.1.2-13] (MAL*)")     \
    X(will_topic_invalid, protocol_error, "the Will Topic contains + or # [MQTT-4.7.0-1] (PE*)")      \
    /* CONNACK */                                                                                                   \
    X(connack_reserved_flags, malformed_packet, "Connect Acknowledge Flags bits 7-1 set [MQTT-3.2.2-1] (MAL*)")  \
    X(session_present_with_error, protocol_error, "Session Present 1 with an error reason code [MQTT-3.2.2-6] [MQTT-3.2.2-4] (3.1.1) (PE*)") \
    /* PUBLISH */                                                                                                   \
    X(publish_qos_invalid, malformed_packet, "PUBLISH QoS bits are 11 [MQTT-3.3.1-4]")                            \
    X(dup_with_qos_0, protocol_error, "DUP 1 on a QoS 0 PUBLISH [MQTT-3.3.1-2] (PE*)")                            \
    X(topic_name_empty_without_alias, protocol_error, "a zero-length Topic Name without a Topic Alias (§3.3.2.1)") \
    X(topic_name_has_wildcard, protocol_error, "a Topic Name contains + or # [MQTT-3.3.2-2] [MQTT-4.7.0-1] (PE*)") \
    X(payload_not_utf8, payload_format_invalid, "Payload Format Indicator 1 but the payload is not UTF-8 (§3.3.2.3.2)") \
    /* SUBSCRIBE / UNSUBSCRIBE / SUBACK / UNSUBACK */                                                               \
    X(no_topic_filters, protocol_error, "SUBSCRIBE or UNSUBSCRIBE without a Topic Filter [MQTT-3.8.3-2] [MQTT-3.10.3-2]") \
    X(no_reason_codes, protocol_error, "SUBACK or UNSUBACK without a reason code (§3.9.3, §3.11.3) (PE*)")        \
    X(subscription_options_reserved_bits, malformed_packet, "Subscription Options bits 7-6 set [MQTT-3.8.3-5]")  \
    X(subscription_qos_invalid, protocol_error, "Subscription Options Maximum QoS 3 (§3.8.3.1)")                  \
    X(retain_handling_invalid, protocol_error, "Subscription Options Retain Handling 3 (§3.8.3.1)")               \
    X(no_local_on_shared_subscription, protocol_error, "No Local 1 on a Shared Subscription [MQTT-3.8.3-4]")      \
    /* topics */                                                                                                    \
    X(topic_empty, protocol_error, "a Topic Name or Topic Filter of zero length [MQTT-4.7.3-1] (PE*)")            \
    X(topic_filter_invalid_hash, protocol_error, "# not alone in the last level of a Topic Filter [MQTT-4.7.1-1] (PE*)") \
    X(topic_filter_invalid_plus, protocol_error, "+ not a whole level of a Topic Filter [MQTT-4.7.1-2] (PE*)")   \
    X(shared_subscription_empty_share_name, protocol_error, "$share/ with an empty ShareName [MQTT-4.8.2-1] (PE*)") \
    X(shared_subscription_invalid_share_name, protocol_error, "a ShareName containing + or # [MQTT-4.8.2-2] (PE*)") \
    X(shared_subscription_missing_filter, protocol_error, "$share/{name} not followed by / and a filter [MQTT-4.8.2-2] (PE*)") \
    /* encoding */                                                                                                  \
    X(buffer_too_small, unspecified_error, "the output buffer is smaller than the encoded packet")                \
    X(invalid_argument, unspecified_error, "a packet field holds a value the standard does not define")          \
    /* MQTT 3.1.1 (level 4) and 3.1 (level 3): decoding, and what an encoder refuses to write at those levels */     \
    X(password_without_user_name, malformed_packet, "Password Flag 1 with User Name Flag 0 [MQTT-3.1.2-22] (3.1.1)") \
    X(client_id_empty_without_clean_session, protocol_error, "a zero-byte ClientId with CleanSession 0 [MQTT-3.1.3-7] [MQTT-3.1.3-8] (3.1.1)") \
    X(client_id_length_v31, protocol_error, "MQTT 3.1: a Client Identifier not 1 to 23 characters long (CONNACK 2)") \
    X(requested_qos_invalid, malformed_packet, "SUBSCRIBE Requested QoS byte with bits 7-2 set or QoS 3 [MQTT-3.8.3-4] (3.1.1)") \
    X(connack_return_code_invalid, protocol_error, "CONNACK Return Code 6..255 is reserved (§3.2.2.3, 3.1.1) (PE*)") \
    X(session_present_not_in_v31, protocol_error, "MQTT 3.1 CONNACK has no Session Present flag (byte 1 is not used)") \
    X(property_not_in_v311, malformed_packet, "a property at level 3/4: MQTT 3.1.1 and 3.1 have no properties")   \
    X(reason_code_not_in_v311, protocol_error, "a reason code level 3/4 cannot carry (a non-success ack, CONNACK reason, SUBACK code)") \
    X(packet_not_in_v311, malformed_packet, "AUTH at level 3/4: packet type 15 is forbidden in 3.1.1 (§2.2.1, 3.1.1)") \
    X(subscription_option_not_in_v311, malformed_packet, "No Local, Retain As Published or Retain Handling at level 3/4 [MQTT-3.8.3-4] (3.1.1)") \
    X(protocol_version_not_enabled, unsupported_protocol_version, "level 3 or 4 asked for in a build with MQTT5_ENABLE_V311 0") \
    /* the connection layer (include/mqtt5/session/, spec/session.md): rules that need the connection's state */  \
    X(packet_before_connect, protocol_error, "the first packet on a Network Connection is not CONNECT [MQTT-3.1.0-1] (PE*)") \
    X(second_connect, protocol_error, "a second CONNECT on one Network Connection [MQTT-3.1.0-2]")                   \
    X(packet_before_connack, protocol_error, "a Server packet other than AUTH before CONNACK [MQTT-3.2.0-1] [MQTT-3.14.0-1] (PE*)") \
    X(second_connack, protocol_error, "a second CONNACK on one Network Connection [MQTT-3.2.0-2] (PE*)")           \
    X(packet_during_authentication, protocol_error, "a packet other than AUTH or DISCONNECT before CONNACK with an Authentication Method [MQTT-3.1.2-30] (PE*)") \
    X(connection_closed, protocol_error, "a packet after DISCONNECT or a refusing CONNACK [MQTT-3.14.4-1] [MQTT-3.2.2-7] [MQTT-4.13.2-1]") \
    X(topic_alias_above_maximum, topic_alias_invalid, "a Topic Alias above the receiver's Topic Alias Maximum [MQTT-3.2.2-17] [MQTT-3.3.2-11]") \
    X(topic_alias_unmapped, protocol_error, "an empty Topic Name with a Topic Alias that has no mapping (§3.3.4) (PE*)") \
    X(receive_maximum_exceeded, receive_maximum_exceeded, "more unacknowledged QoS 1 / 2 PUBLISH than the receiver's Receive Maximum [MQTT-3.3.4-7] [MQTT-3.3.4-9]") \
    X(send_quota_exhausted, receive_maximum_exceeded, "the peer's Receive Maximum window is full: wait for PUBACK, PUBCOMP or PUBREC >= 0x80 [MQTT-4.9.0-2]") \
    X(qos_not_supported, qos_not_supported, "a PUBLISH QoS above the Server's Maximum QoS [MQTT-3.2.2-11]")         \
    X(retain_not_supported, retain_not_supported, "RETAIN 1 while the Server's Retain Available is 0 [MQTT-3.2.2-14]") \
    X(wildcard_subscription_not_supported, wildcard_subscriptions_not_supported, "a wildcard Topic Filter while Wildcard Subscription Available is 0 (§3.2.2.3.11)") \
    X(subscription_identifier_not_supported, subscription_identifiers_not_supported, "a Subscription Identifier while Subscription Identifier Available is 0 (§3.2.2.3.12)") \
    X(shared_subscription_not_supported, shared_subscriptions_not_supported, "a Shared Subscription while Shared Subscription Available is 0 (§3.2.2.3.13)") \
    X(problem_information_not_requested, protocol_error, "Reason String or User Property after Request Problem Information 0 [MQTT-3.1.2-29]") \
    X(response_information_not_requested, protocol_error, "Response Information in CONNACK after Request Response Information 0 [MQTT-3.1.2-28] (PE*)") \
    X(authentication_method_mismatch, protocol_error, "an Authentication Method other than the CONNECT's, or one where CONNECT had none [MQTT-4.12.0-5] [MQTT-4.12.0-6] (PE*)") \
    X(auth_without_authentication, protocol_error, "AUTH although the CONNECT had no Authentication Method [MQTT-4.12.0-6] [MQTT-4.12.0-7]") \
    X(auth_reason_code_unexpected, protocol_error, "an AUTH reason code the authentication state does not allow [MQTT-4.12.0-2] [MQTT-4.12.0-3] [MQTT-4.12.1-1] (PE*)") \
    X(session_expiry_after_zero, protocol_error, "a non-zero Session Expiry Interval in the Client's DISCONNECT after 0 in its CONNECT (§3.14.2.2.2)") \
    X(assigned_client_identifier_missing, protocol_error, "no Assigned Client Identifier in CONNACK for a zero-length ClientID [MQTT-3.2.2-16] (PE*)") \
    X(session_present_without_session, protocol_error, "Session Present 1 although the Client has no Session State [MQTT-3.2.2-4] [MQTT-3.2.2-2]") \
    X(packet_id_in_use, protocol_error, "a Packet Identifier already in use by an unfinished exchange [MQTT-2.2.1-3] [MQTT-2.2.1-4] (PE*)") \
    X(packet_id_not_found, protocol_error, "an acknowledgement for a Packet Identifier with no exchange waiting for it [MQTT-2.2.1-5] [MQTT-2.2.1-6] (PE*)") \
    X(reason_code_count_mismatch, protocol_error, "SUBACK / UNSUBACK reason codes do not match the request's Topic Filters [MQTT-3.8.4-6] [MQTT-3.11.3-1] (PE*)") \
    X(out_of_order, protocol_error, "a re-sent PUBLISH, or a PUBACK, PUBREC or PUBREL, sent out of the order the standard sets [MQTT-4.6.0-1] [MQTT-4.6.0-2] [MQTT-4.6.0-3] [MQTT-4.6.0-4]") \
    X(keep_alive_timeout, keep_alive_timeout, "nothing received for 1.5 x Keep Alive, or no PINGRESP in time [MQTT-3.1.2-22] (§3.1.2.10)") \
    X(capacity_exceeded, implementation_specific_error, "this side's fixed capacity (in-flight table, topic alias storage, string storage) is full")

/// Which rule a packet broke, one value per rule of MQTT5_ERRC_LIST in its order (`ok` is 0). to_string() gives
/// the value's name, describe() the rule with the statement id it comes from, default_reason() its reason code.
enum class errc : std::uint8_t {
/// Expands one entry of MQTT5_ERRC_LIST to its enumerator; undefined again right after.
#define MQTT5_ERRC_ENUM(name, reason, text) name,
    MQTT5_ERRC_LIST(MQTT5_ERRC_ENUM)
#undef MQTT5_ERRC_ENUM
};

/// \def MQTT5_ERRC_REASON
/// Expands one entry of MQTT5_ERRC_LIST to its reason code (in namespace detail); undefined again right after.

/// \def MQTT5_ERRC_TEXT
/// Expands one entry of MQTT5_ERRC_LIST to its name and description (in namespace detail); undefined again right
/// after.

namespace detail {
// The reason of each errc, apart from the names: the codec only needs this, so firmware that never
// prints an error links none of the text.
inline constexpr reason_code errc_reason[] = {
#define MQTT5_ERRC_REASON(name, reason, text) reason_code::reason,
    MQTT5_ERRC_LIST(MQTT5_ERRC_REASON)
#undef MQTT5_ERRC_REASON
};
struct errc_text {
    std::string_view name{};
    std::string_view description{};
};
inline constexpr errc_text errc_texts[] = {
// The suffix hands std::string_view the length the compiler already knows (string_literals.hpp).
#define MQTT5_ERRC_TEXT(name, reason, text) {#name ""sv, text ""sv},
    MQTT5_ERRC_LIST(MQTT5_ERRC_TEXT)
#undef MQTT5_ERRC_TEXT
};
inline constexpr std::size_t errc_count = sizeof(errc_reason) / sizeof(errc_reason[0]);
}  // namespace detail
#undef MQTT5_ERRC_LIST

/// "varint_too_long": the enumerator's own name; "unknown" for a value outside the list.
constexpr std::string_view to_string(errc e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < detail::errc_count ? detail::errc_texts[i].name : "unknown"sv;
}
/// One line saying what the rule is, with the normative statement it comes from; "unknown error" outside the list.
constexpr std::string_view describe(errc e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < detail::errc_count ? detail::errc_texts[i].description : "unknown error"sv;
}
/// The reason code the standard gives for the rule (0x81 Malformed Packet, 0x82 Protocol Error, or the
/// specific code it names); where the standard is silent, the recommendation of spec/normative.md.
constexpr reason_code default_reason(errc e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < detail::errc_count ? detail::errc_reason[i] : reason_code::unspecified_error;
}

/// What MQTT 3.1.1 tells a Server to answer when a CONNECT breaks the rule `e`: the CONNACK Return Code the
/// standard names for it (0x01 for an unsupported Protocol Level [MQTT-3.1.2-2] (3.1.1); 0x02 for a zero-byte
/// ClientId with CleanSession 0 [MQTT-3.1.3-8] (3.1.1) and a 3.1 ClientId outside 1..23 characters), or
/// nullopt: close the Network Connection without a CONNACK [MQTT-3.1.4-1] [MQTT-4.8.0-1] (3.1.1). 3.1.1 has
/// no reason codes and no DISCONNECT from the Server.
constexpr std::optional<connack_return_code> v311_connack_code(errc e) noexcept {
    switch (e) {
    case errc::unsupported_protocol_version: return connack_return_code::unacceptable_protocol_version;
    case errc::client_id_empty_without_clean_session:
    case errc::client_id_length_v31: return connack_return_code::identifier_rejected;
    default: return std::nullopt;
    }
}

/// A failed decode or encode: the rule broken, the reason code to tell the peer, and where in the packet.
struct error {
    errc code{errc::ok};  ///< the rule that was broken (errc::ok: no error)
    reason_code reason{reason_code::success};  ///< the reason code for the peer, default_reason(code) unless remapped
    std::size_t offset{};  ///< from the packet's first byte (the fixed header)

    /// The CONNACK Return Code 3.1.1 names for this error, or nullopt (close the connection).
    constexpr std::optional<connack_return_code> v311_connack_code() const noexcept { return mqtt5::v311_connack_code(code); }

    /// Equal when code, reason and offset are all equal.
    friend constexpr bool operator==(const error&, const error&) = default;
};

#if defined(__OPTIMIZE_SIZE__)
namespace detail {
// -Os: errc_reason in 4 bits an errc (issue 13: 73 bytes instead of 114): the few distinct reason codes, and for
// each errc the index of its own among them, two to a byte.
inline constexpr std::size_t errc_reason_kinds = 16;
inline constexpr std::array<reason_code, errc_reason_kinds> errc_reason_palette = [] {
    std::array<reason_code, errc_reason_kinds> palette{};
    std::size_t n = 0;
    for (const auto r : errc_reason) {
        bool seen = false;
        for (std::size_t i = 0; i < n; ++i) seen = seen || palette[i] == r;
        if (!seen && n < palette.size()) palette[n++] = r;
    }
    return palette;
}();
inline constexpr std::array<std::uint8_t, (errc_count + 1) / 2> errc_reason_nibbles = [] {
    std::array<std::uint8_t, (errc_count + 1) / 2> nibbles{};
    for (std::size_t e = 0; e < errc_count; ++e)
        for (std::size_t i = 0; i < errc_reason_palette.size(); ++i)
            if (errc_reason_palette[i] == errc_reason[e]) {
                nibbles[e / 2] = static_cast<std::uint8_t>(nibbles[e / 2] | (i << (4 * (e % 2))));
                break;
            }
    return nibbles;
}();
static_assert([] {
    for (std::size_t e = 0; e < errc_count; ++e)
        if (errc_reason_palette[(errc_reason_nibbles[e / 2] >> (4 * (e % 2))) & 0xFu] != errc_reason[e]) return false;
    return true;
}(), "more distinct reason codes in MQTT5_ERRC_LIST than errc_reason_palette holds: widen it");
}  // namespace detail
#endif

/// The error for rule `code` at byte `offset`, with the rule's default_reason().
#if defined(__OPTIMIZE_SIZE__) && (defined(__GNUC__) || defined(__clang__))
// -Os: one out-of-line copy instead of the 8-byte error built at each of the codec's failure sites (issue 13,
// bench/README.md "Code size on Cortex-M4"), with default_reason() from the packed table.
[[gnu::noinline]] constexpr error make_error(errc code, std::size_t offset) noexcept {
    const auto i = static_cast<std::size_t>(code);
    const auto reason = i < detail::errc_count ? detail::errc_reason_palette[(detail::errc_reason_nibbles[i / 2] >> (4 * (i % 2))) & 0xFu]
                                               : reason_code::unspecified_error;
    return error{code, reason, offset};
}
#else
constexpr error make_error(errc code, std::size_t offset) noexcept { return error{code, default_reason(code), offset}; }
#endif

namespace detail {
struct result_access;  // codec.hpp: the -Os decoders' shared failure path

// What a decoder and each of its steps answer: errc::ok, or the errc and the offset of the first rule broken.
#if defined(__OPTIMIZE_SIZE__)
// -Os: an 8-byte integer, the offset in the low 32 bits and the errc above them. The procedure call standards
// return it in registers (r0:r1 on Arm, rax on x86-64), where an 8-byte error struct goes through memory, and
// each MQTT5_TRY then stored, reloaded and copied it (issue 13, bench/size: about 10 bytes a site); with the
// errc alone in r1, the test after a call is one cbnz. It becomes an error once, where decode() returns
// (to_error). Offsets within a packet fit 32 bits (max_packet_size).
enum class status : std::uint64_t {};
constexpr status make_status(errc code, std::size_t offset) noexcept {
    return static_cast<status>((static_cast<std::uint64_t>(code) << 32) | static_cast<std::uint32_t>(offset));
}
constexpr errc code_of(status s) noexcept { return static_cast<errc>(static_cast<std::uint64_t>(s) >> 32); }
constexpr bool is_ok(status s) noexcept { return (static_cast<std::uint64_t>(s) >> 32) == 0; }
constexpr std::size_t offset_of(status s) noexcept { return static_cast<std::uint32_t>(static_cast<std::uint64_t>(s)); }
inline error to_error(status s) noexcept { return make_error(code_of(s), offset_of(s)); }
// An error of a function shared with the public API (its reason is always default_reason(code)).
inline status to_status(const error& e) noexcept { return make_status(e.code, e.offset); }
#else
// -O2: the error itself (the compiler keeps it in registers where it inlines).
using status = error;
constexpr status make_status(errc code, std::size_t offset) noexcept { return make_error(code, offset); }
constexpr const error& to_error(const error& e) noexcept { return e; }
constexpr const error& to_status(const error& e) noexcept { return e; }
#endif
constexpr bool is_ok(const error& e) noexcept { return e.code == errc::ok; }
}  // namespace detail

/// result<T>: a T or an error. T must be default-constructible (every type of this library is).
/// Reading the value of a failed result (`*r`, `r->`, `r.value()`) is a misuse: MQTT5_ASSERT (assert.hpp)
/// reports it in debug builds. Under NDEBUG the check compiles to nothing and the read yields a default T,
/// never undefined behaviour. value_or() reads without that risk.
template <class T>
class [[nodiscard]] result {
    friend struct detail::result_access;

public:
    /// A success holding a default T.
    constexpr result() noexcept = default;
    /// A success holding `value`.
    constexpr result(T value) noexcept : value_(std::move(value)) {}  // NOLINT: implicit by design
    /// A success holding a T built in place from `args` (for a variant, std::in_place_type<Alternative> first),
    /// so that a decoder can fill the value where the caller receives it.
    template <class... Args>
        requires std::is_constructible_v<T, Args&&...>
    constexpr explicit result(std::in_place_t, Args&&... args) noexcept : value_(std::forward<Args>(args)...) {}
    /// A failure holding `e` (whose code must not be errc::ok).
    constexpr result(mqtt5::error e) noexcept : error_(e) {}                 // NOLINT: implicit by design

    /// True when this holds a value (the error code is errc::ok).
    constexpr bool has_value() const noexcept { return error_.code == errc::ok; }
    /// The same as has_value().
    constexpr explicit operator bool() const noexcept { return has_value(); }
    /// The value; reading it from a failure is a misuse that MQTT5_ASSERT reports.
    constexpr const T& value() const& noexcept { return checked(); }
    /// The value; reading it from a failure is a misuse that MQTT5_ASSERT reports.
    constexpr T& value() & noexcept { return checked(); }
    /// The value, as value() does.
    constexpr const T& operator*() const& noexcept { return checked(); }
    /// The value, as value() does.
    constexpr T& operator*() & noexcept { return checked(); }
    /// A pointer to the value, as value() gives it.
    constexpr const T* operator->() const noexcept { return &checked(); }
    /// A pointer to the value, as value() gives it.
    constexpr T* operator->() noexcept { return &checked(); }
    /// The error (code errc::ok when this holds a value).
    constexpr const mqtt5::error& error() const noexcept { return error_; }

    /// The value, or `fallback` (converted to T) when this holds an error. Never asserts.
    template <class U>
        requires std::is_convertible_v<U&&, T>
    constexpr T value_or(U&& fallback) const& noexcept {
        return has_value() ? value_ : static_cast<T>(std::forward<U>(fallback));
    }
    /// The value moved out, or `fallback` (converted to T) when this holds an error. Never asserts.
    template <class U>
        requires std::is_convertible_v<U&&, T>
    constexpr T value_or(U&& fallback) && noexcept {
        return has_value() ? std::move(value_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    constexpr const T& checked() const noexcept {
        MQTT5_ASSERT(has_value() && "mqtt5::result: the value of an error was read");
        return value_;
    }
    constexpr T& checked() noexcept {
        MQTT5_ASSERT(has_value() && "mqtt5::result: the value of an error was read");
        return value_;
    }

    T value_{};
    mqtt5::error error_{};
};

namespace detail {
// Copies `text` to out[at...] as far as it fits; returns the position after the whole text.
constexpr std::size_t put_text(char* out, std::size_t capacity, std::size_t at, std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (at + i < capacity) out[at + i] = text[i];
    return at + text.size();
}
constexpr std::size_t decimal_digits(std::size_t v) noexcept {
    std::size_t n = 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}
constexpr std::size_t put_decimal(char* out, std::size_t capacity, std::size_t at, std::size_t v) noexcept {
    const auto n = decimal_digits(v);
    for (std::size_t i = n; i-- > 0; v /= 10)
        if (at + i < capacity) out[at + i] = static_cast<char>('0' + v % 10);
    return at + n;
}
constexpr std::size_t put_hex_byte(char* out, std::size_t capacity, std::size_t at, std::uint8_t v) noexcept {
    constexpr std::string_view digits = "0123456789ABCDEF"sv;
    const char text[2] = {digits[v >> 4], digits[v & 0xFu]};
    return put_text(out, capacity, at, std::string_view{text, 2});
}
constexpr std::size_t format_error_into(const error& e, char* out, std::size_t capacity) noexcept {
    std::size_t at = put_text(out, capacity, 0, to_string(e.code));
    at = put_text(out, capacity, at, " at byte "sv);
    at = put_decimal(out, capacity, at, e.offset);
    at = put_text(out, capacity, at, ", reason 0x"sv);
    at = put_hex_byte(out, capacity, at, static_cast<std::uint8_t>(e.reason));
    at = put_text(out, capacity, at, " "sv);
    return put_text(out, capacity, at, to_string(e.reason));
}
}  // namespace detail

/// The longest text format_error() can produce (the longest errc name, a 20-digit offset, the longest reason
/// name): a char buffer of this size never truncates.
inline constexpr std::size_t max_formatted_error_size = [] {
    std::size_t longest_errc = 0;
    for (const auto& t : detail::errc_texts) longest_errc = t.name.size() > longest_errc ? t.name.size() : longest_errc;
    std::size_t longest_reason = "Unknown"sv.size();
    for (const auto& r : reason_code_table) longest_reason = r.name.size() > longest_reason ? r.name.size() : longest_reason;
    return longest_errc + " at byte "sv.size() + detail::decimal_digits(static_cast<std::size_t>(-1)) +
           ", reason 0x"sv.size() + 2 + 1 + longest_reason;
}();

/// Writes "topic_name_has_wildcard at byte 2, reason 0x82 Protocol Error" (errc name, offset in decimal,
/// reason code in hex and the standard's name for it) into `out`, without a terminating NUL, heap or locale.
/// Returns the length of the whole text. When `out` is shorter, only its first out.size() characters are
/// written (the text is cut, never overrun), and the return value exceeds out.size(): check it to detect the
/// cut. A buffer of max_formatted_error_size characters always suffices.
constexpr std::size_t format_error(const error& e, std::span<char> out) noexcept {
    return detail::format_error_into(e, out.data(), out.size());
}

}  // namespace mqtt5
