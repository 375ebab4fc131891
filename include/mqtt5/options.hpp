// Decode and encode options. Every default is the strict reading of the standard.
#pragma once

#include "packet_type.hpp"

namespace mqtt5 {

struct decode_options {
    // Level 5 is implemented; level 4 (MQTT 3.1.1) is refused with errc::protocol_level_4_not_implemented.
    protocol_version version{protocol_version::v5};
    // Who sent the bytes. Direction-dependent rules are checked only when it is known (see role).
    role sender{role::unspecified};
    // [MQTT-1.5.5-1] binds the sender; the standard gives no class for a receiver. Rejected by default
    // (Malformed Packet, as the Paho reference decoder does). When accepted, a decoded packet remembers the
    // width of its Remaining Length and Property Lengths, so it still re-encodes to its input bytes.
    bool allow_non_minimal_varint{false};
    // Payload Format Indicator 1 promises UTF-8 character data; a receiver MAY check it and answer
    // 0x99 Payload format invalid (§3.3.2.3.2, §3.1.3.2.3). Off by default: the payload is application data.
    bool check_payload_format{false};
    // U+0001..U+001F, U+007F..U+009F and non-characters SHOULD NOT appear in UTF-8 strings; a receiver MAY
    // treat them as malformed (§1.5.4). Off by default.
    bool reject_disallowed_code_points{false};
    // 0x8C Bad authentication method is listed for DISCONNECT in Table 2-6 but not in Table 3-10. Accepted by
    // default; true follows Table 3-10 and reports errc::invalid_reason_code.
    bool strict_disconnect_reason_codes{false};
};

struct encode_options {
    protocol_version version{protocol_version::v5};
};

}  // namespace mqtt5
