/// \file
/// Keep Alive (§3.1.2.10, spec/session.md part 13) without a clock: the caller passes `now`, in milliseconds on
/// any monotonic clock of its own, and asks what is due.
#pragma once

#include <cstdint>

namespace mqtt5 {

/// Milliseconds on the caller's monotonic clock (any origin).
using millis = std::uint64_t;

/// What keep_alive_timer::client_event() or keep_alive_timer::server_event() says is due now.
enum class keep_alive_event : std::uint8_t {
    none,          ///< nothing is due (or Keep Alive is off)
    send_pingreq,  ///< Client: nothing sent for Keep Alive seconds [MQTT-3.1.2-20]
    timeout,       ///< Server: nothing received for 1.5 x Keep Alive [MQTT-3.1.2-22]; Client: no PINGRESP in time
};

/// The Keep Alive timers of one Network Connection, for either role: the caller reports the packets sent and
/// received and asks what is due (see the file comment).
class keep_alive_timer {
public:
    /// Starts the timers for `keep_alive_s` seconds (0: off). `pingresp_timeout` is how long a Client waits for a
    /// PINGRESP before it closes (the standard says "a reasonable amount of time"); 0 means Keep Alive itself.
    void start(millis now, std::uint16_t keep_alive_s, millis pingresp_timeout) noexcept {
        interval_ = static_cast<millis>(keep_alive_s) * 1000u;
        pingresp_timeout_ = pingresp_timeout != 0 ? pingresp_timeout : interval_;
        last_sent_ = last_received_ = now;
        ping_outstanding_ = false;
    }
    /// Switches Keep Alive off (the connection closed): no event until the next start().
    void stop() noexcept { interval_ = 0; ping_outstanding_ = false; }
    /// Records that a Control Packet was sent at `now`: a Client's Keep Alive counts from it [MQTT-3.1.2-20].
    void packet_sent(millis now) noexcept { last_sent_ = now; }
    /// Records that a Control Packet was received at `now`: a Server's Keep Alive counts from it [MQTT-3.1.2-22].
    void packet_received(millis now) noexcept { last_received_ = now; }
    /// Records the Client's PINGREQ sent at `now`: the PINGRESP timeout runs from it.
    void pingreq_sent(millis now) noexcept {
        ping_outstanding_ = true;
        ping_sent_at_ = now;
    }
    /// Records the PINGRESP that answers the outstanding PINGREQ.
    void pingresp_received() noexcept { ping_outstanding_ = false; }

    /// Client: a PINGREQ is due when Keep Alive is about to pass without a packet sent [MQTT-3.1.2-20]; a
    /// PINGREQ without PINGRESP for pingresp_timeout is a timeout (§3.1.2.10: SHOULD close).
    keep_alive_event client_event(millis now) const noexcept {
        if (interval_ == 0) return keep_alive_event::none;
        if (ping_outstanding_ && now - ping_sent_at_ >= pingresp_timeout_) return keep_alive_event::timeout;
        if (!ping_outstanding_ && now - last_sent_ >= interval_) return keep_alive_event::send_pingreq;
        return keep_alive_event::none;
    }
    /// Server: nothing received for one and a half times the Keep Alive [MQTT-3.1.2-22].
    keep_alive_event server_event(millis now) const noexcept {
        if (interval_ == 0) return keep_alive_event::none;
        return now - last_received_ > interval_ + interval_ / 2 ? keep_alive_event::timeout : keep_alive_event::none;
    }
    /// Client: when the next event can come (for the caller's sleep); 0 when Keep Alive is off.
    millis client_deadline() const noexcept {
        if (interval_ == 0) return 0;
        return ping_outstanding_ ? ping_sent_at_ + pingresp_timeout_ : last_sent_ + interval_;
    }
    /// Server: the first instant at which server_event() says timeout unless a packet arrives; 0 when Keep Alive
    /// is off.
    millis server_deadline() const noexcept { return interval_ == 0 ? 0 : last_received_ + interval_ + interval_ / 2 + 1; }

    /// Keep Alive in milliseconds as started; 0 when it is off.
    constexpr millis interval() const noexcept { return interval_; }
    /// True between pingreq_sent() and pingresp_received().
    constexpr bool ping_outstanding() const noexcept { return ping_outstanding_; }

private:
    millis interval_{};
    millis pingresp_timeout_{};
    millis last_sent_{};
    millis last_received_{};
    millis ping_sent_at_{};
    bool ping_outstanding_{};
};

}  // namespace mqtt5
