/// \file
/// The CONNACK Return Code of MQTT 3.1.1 and 3.1 (§3.2.2.3 of 3.1.1, Table 3.1): the only answer those versions
/// give a peer. Values 6..255 are reserved. v5 replaced it with the Connect Reason Code (reason_code.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace mqtt5 {

enum class connack_return_code : std::uint8_t {
    accepted = 0,
    unacceptable_protocol_version = 1,
    identifier_rejected = 2,
    server_unavailable = 3,
    bad_user_name_or_password = 4,
    not_authorized = 5,
};

// The names of Table 3.1 (3.1.1); "Reserved" for 6..255.
constexpr std::string_view to_string(connack_return_code rc) noexcept {
    constexpr std::string_view names[6] = {
        "Connection Accepted",
        "Connection Refused, unacceptable protocol version",
        "Connection Refused, identifier rejected",
        "Connection Refused, Server unavailable",
        "Connection Refused, bad user name or password",
        "Connection Refused, not authorized",
    };
    const auto i = static_cast<std::uint8_t>(rc);
    return i < 6 ? names[i] : std::string_view{"Reserved"};
}

}  // namespace mqtt5
