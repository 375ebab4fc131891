/// \file
/// Enhanced authentication (§4.12, spec/session.md part 11): the AUTH exchange before CONNACK and
/// re-authentication after it. The state only says whose turn it is and which reason codes may come; what
/// the Authentication Data means is the application's.
#pragma once

#include <cstdint>
#include <string_view>

#include "../error.hpp"
#include "../packet_type.hpp"
#include "../reason_code.hpp"
#include "fixed_string.hpp"

namespace mqtt5 {

/// Where an enhanced authentication stands.
enum class auth_phase : std::uint8_t {
    none,              ///< the CONNECT had no Authentication Method: no AUTH at all [MQTT-4.12.0-6] [MQTT-4.12.0-7]
    connecting,        ///< CONNECT with a method, no CONNACK yet: AUTH 0x18 both ways [MQTT-4.12.0-2] [MQTT-4.12.0-3]
    authenticated,     ///< CONNACK 0x00 came: the Client may start re-authentication with AUTH 0x19 [MQTT-4.12.1-1]
    reauthenticating,  ///< AUTH 0x19 sent: the Server answers 0x18 (more) or 0x00 (done) (§4.12.1)
};

/// The enhanced authentication of one Network Connection (see the file comment), keeping the Authentication
/// Method in at most MethodCapacity bytes.
template <std::size_t MethodCapacity>
class authentication_state {
public:
    /// A CONNECT starts the state. false when the method does not fit the storage (nothing changes).
    bool begin(std::string_view method, bool has_method) noexcept {
        if (has_method && !method_.assign(method)) return false;
        if (!has_method) method_.clear();
        phase_ = has_method ? auth_phase::connecting : auth_phase::none;
        servers_turn_ = true;
        return true;
    }
    /// Back to no authentication and no method, as before any CONNECT.
    void reset() noexcept {
        phase_ = auth_phase::none;
        method_.clear();
    }

    /// May `sender` send AUTH with this code and method now? Checks the method [MQTT-4.12.0-5] [MQTT-4.12.0-6]
    /// [MQTT-4.12.0-7] and the reason code the phase allows [MQTT-4.12.0-2] [MQTT-4.12.0-3] [MQTT-4.12.1-1].
    /// `method` is nullopt-like when absent (has_method false).
    errc check_auth(role sender, reason_code rc, bool has_method, std::string_view method) const noexcept {
        if (phase_ == auth_phase::none) return errc::auth_without_authentication;
        if (!has_method || method != method_.view()) return errc::authentication_method_mismatch;
        switch (phase_) {
        case auth_phase::connecting:
            // Before CONNACK every AUTH continues the exchange, in turns: the Server challenges, the Client answers.
            if (rc != reason_code::continue_authentication) return errc::auth_reason_code_unexpected;
            return (sender == role::server) == servers_turn_ ? errc::ok : errc::auth_reason_code_unexpected;
        case auth_phase::authenticated:
            // Only the Client starts re-authentication, with 0x19 [MQTT-4.12.1-1].
            return sender == role::client && rc == reason_code::re_authenticate ? errc::ok : errc::auth_reason_code_unexpected;
        case auth_phase::reauthenticating:
            if (sender == role::server)
                return servers_turn_ && (rc == reason_code::continue_authentication || rc == reason_code::success)
                           ? errc::ok
                           : errc::auth_reason_code_unexpected;
            return !servers_turn_ && rc == reason_code::continue_authentication ? errc::ok : errc::auth_reason_code_unexpected;
        default: return errc::auth_reason_code_unexpected;
        }
    }
    /// Applies an AUTH that check_auth accepted.
    void apply_auth(role sender, reason_code rc) noexcept {
        if (phase_ == auth_phase::authenticated) {
            phase_ = auth_phase::reauthenticating;
            servers_turn_ = true;
            return;
        }
        if (phase_ == auth_phase::reauthenticating && rc == reason_code::success) {
            phase_ = auth_phase::authenticated;
            return;
        }
        servers_turn_ = sender == role::client;
    }

    /// A successful CONNACK carries the CONNECT's method, and none when the CONNECT had none [MQTT-4.12.0-5]
    /// [MQTT-4.12.0-6].
    errc check_connack(bool has_method, std::string_view method) const noexcept {
        if (phase_ == auth_phase::none) return has_method ? errc::authentication_method_mismatch : errc::ok;
        return has_method && method == method_.view() ? errc::ok : errc::authentication_method_mismatch;
    }
    /// Applies a successful CONNACK that check_connack accepted: an exchange in progress is complete.
    void apply_connack() noexcept {
        if (phase_ != auth_phase::none) phase_ = auth_phase::authenticated;
    }

    /// Where the exchange stands.
    constexpr auth_phase phase() const noexcept { return phase_; }
    /// True when the next AUTH of the exchange is the Server's to send, false when it is the Client's.
    constexpr bool servers_turn() const noexcept { return servers_turn_; }
    /// The Authentication Method of the CONNECT; empty when it had none.
    constexpr std::string_view method() const noexcept { return method_.view(); }

private:
    fixed_string<MethodCapacity> method_{};
    auth_phase phase_{auth_phase::none};
    bool servers_turn_{true};
};

}  // namespace mqtt5
