// mqtt5-inspect: decoded packets and decode errors as JSON (the `decode` command's output schema).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <mqtt5.hpp>
#include <nlohmann/json.hpp>

namespace inspect {

// Keys keep their insertion order, so every line reads type first, then the packet's fields in wire order.
using json = nlohmann::ordered_json;

// Lower-case hex, no separators: "300a0001".
std::string to_hex(std::span<const std::byte> bytes);

// The `packet` object of a decoded packet. `bytes` are the packet's wire bytes (for `flags` and
// `remaining_length`, which the packet value does not keep). At `version` 3 and 4 the fields those levels
// lack (properties, most reason codes) are left out.
json packet_to_json(std::span<const std::byte> bytes, const mqtt5::packet& packet,
                    mqtt5::protocol_version version = mqtt5::protocol_version::v5);

// Where an envelope comes from: `index` is the packet or line number; `label` is set in hex mode;
// `stream_offset` (the packet's first byte in the stream) in the stream modes; `direction` ("c2s"/"s2c") in
// the session command, written after the label.
struct envelope_origin {
    std::size_t index{};
    std::optional<std::string> label{};
    std::optional<std::size_t> stream_offset{};
    std::optional<std::string> direction{};
};

// {"index":..,"label":..,"ok":true,"packet":{..}}
json ok_envelope(const envelope_origin& origin, json packet);

// {"index":..,"label":..,"ok":false,"error":"<errc name>","reason_code":..,"offset":..}. `name` overrides
// the error's own name (for the inspector's own input errors such as invalid_hex). At `version` 3 and 4,
// reason_code is the CONNACK Return Code 3.1.1 names for the error (mqtt5::v311_connack_code), or null
// when 3.1.1 says to close the connection without one.
json error_envelope(const envelope_origin& origin, const mqtt5::error& error, mqtt5::protocol_version version,
                    std::string_view name = {});

// One line of output: compact JSON. Strings the decoder returns are valid UTF-8; anything else would be
// replaced by U+FFFD rather than abort the dump.
std::string dump_line(const json& value);

}  // namespace inspect
