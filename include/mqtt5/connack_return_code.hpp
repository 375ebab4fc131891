/// \file
/// The CONNACK Return Code of MQTT 3.1.1 and 3.1 (§3.2.2.3 of 3.1.1, Table 3.1): the only answer those versions
/// give a peer. Values 6..255 are reserved. v5 replaced it with the Connect Reason Code (reason_code.hpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "string_literals.hpp"

namespace mqtt5 {

/// The one-byte CONNACK Return Code of MQTT 3.1.1 and 3.1 (Table 3.1 of 3.1.1); only 0 accepts the connection.
enum class connack_return_code : std::uint8_t {
    accepted = 0,  ///< 0x00 Connection Accepted
    /// 0x01 Connection Refused, unacceptable protocol version: the Server does not support the Protocol Level
    unacceptable_protocol_version = 1,
    /// 0x02 Connection Refused, identifier rejected: correct UTF-8 but not allowed by the Server
    identifier_rejected = 2,
    /// 0x03 Connection Refused, Server unavailable: the connection was made but the MQTT service is unavailable
    server_unavailable = 3,
    /// 0x04 Connection Refused, bad user name or password: the data in the user name or password is malformed
    bad_user_name_or_password = 4,
    not_authorized = 5,  ///< 0x05 Connection Refused, not authorized: the Client is not authorized to connect
};

/// The names of Table 3.1 (3.1.1); "Reserved" for 6..255.
constexpr std::string_view to_string(connack_return_code rc) noexcept {
    constexpr std::string_view names[6] = {
        "Connection Accepted"sv,
        "Connection Refused, unacceptable protocol version"sv,
        "Connection Refused, identifier rejected"sv,
        "Connection Refused, Server unavailable"sv,
        "Connection Refused, bad user name or password"sv,
        "Connection Refused, not authorized"sv,
    };
    const auto i = static_cast<std::uint8_t>(rc);
    return i < 6 ? names[i] : "Reserved"sv;
}

}  // namespace mqtt5
