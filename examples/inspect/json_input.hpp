// mqtt5-inspect: JSON -> packet -> bytes (the `encode` command), and hex text -> bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <mqtt5.hpp>

namespace inspect {

// Hex digits (either case, no separators, an even number of them) -> bytes, appended to `out`. On failure
// returns the index of the first character that is not part of a valid pair (for an odd count: the last
// digit's index) and leaves `out` as it was.
std::optional<std::size_t> parse_hex(std::string_view hex, std::vector<std::byte>& out);

// `s` without the blanks (space, tab, CR, LF, FF, VT) at either end.
std::string_view trim(std::string_view s);

// A --hex line: the packet token and the label; nothing for blank and comment lines.
struct hex_line {
    std::string_view token{};
    std::string label{};
};
std::optional<hex_line> split_hex_line(std::string_view line);

// A conversation line (`session`, `check --session`), already known not to be blank, a comment or `close`:
// `direction HEX label...`, each part possibly empty.
struct conversation_line {
    std::string_view direction{};
    std::string_view hex{};
    std::string label{};
};
conversation_line split_conversation_line(std::string_view line);

// The outcome of encoding one line: the packet's bytes, or (when `error` is not empty) why there are none.
struct encode_outcome {
    std::vector<std::byte> bytes{};
    std::string error{};
};

// Encodes one JSON object: a `packet` object of the decoder's schema, or a whole decoder envelope with the
// packet under "packet". The semantic fields decide the bytes; the derived ones (type_code, flags,
// connect_flags, connack_flags, a subscription's options) are accepted and ignored. remaining_length picks
// the wire form of PUBACK/PUBREC/PUBREL/PUBCOMP, DISCONNECT and AUTH and is ignored elsewhere. At `version`
// 3 and 4 a field those levels lack (properties, reason codes of acks, DISCONNECT, UNSUBACK) is an error,
// never dropped; at level 3 `flags` and CONNACK's `connack_flags` are written as given.
encode_outcome encode_line(std::string_view line, mqtt5::protocol_version version = mqtt5::protocol_version::v5);

}  // namespace inspect
