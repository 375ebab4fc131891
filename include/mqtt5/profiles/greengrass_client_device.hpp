/// \file
/// AWS IoT Greengrass v2 client device authentication (component aws.greengrass.clientdevices.Auth), shared by
/// both local brokers: the client id is the device's thing name. Source: shared/docs/greengrass.md.
#pragma once

#include <string_view>

#include "../packets/connect.hpp"
#include "../string_literals.hpp"
#include "check.hpp"

namespace mqtt5 {

/// True when `client_id` is a thing name: 1..128 characters of `a-z A-Z 0-9 - _ :`.
constexpr bool greengrass_valid_thing_name(std::string_view client_id) noexcept {
    if (client_id.empty() || client_id.size() > 128) return false;
    for (const char c : client_id) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && c != '-' && c != '_' && c != ':') return false;
    }
    return true;
}

namespace detail {
inline void greengrass_check_client_id(const connect& c, const check_options& o, check_report& r) noexcept {
    if (!greengrass_valid_thing_name(c.client_id))
        r.add(rule_id::greengrass_client_id_thing_name, finding::of(c.client_id), finding::of("1..128 of a-z A-Z 0-9 - _ :"sv), o.version);
}
}  // namespace detail

}  // namespace mqtt5
