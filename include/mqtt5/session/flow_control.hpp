/// \file
/// Receive Maximum flow control (§4.9, §3.3.4), both ways. Per Network Connection: reset on every new one, never
/// Session State (session.md part 6).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mqtt5 {

/// The sender's quota: QoS 1 / 2 PUBLISH it may still send before an acknowledgement comes back. Kept as the
/// initial quota and the PUBLISH that hold a unit, so that PUBLISH sent before the limit was known (a Client may
/// send before CONNACK) keep holding theirs: with more in flight than the new quota, acknowledgements first bring
/// the count back under it before any unit is free [MQTT-3.3.4-7].
class send_quota {
public:
    /// Initial quota: the peer's Receive Maximum, lowered to what this side can track; non-zero as long as
    /// both are [MQTT-4.9.0-1].
    /// `in_flight`: PUBLISH this connection already sent before it learnt the limit; they count against it.
    void reset(std::uint16_t peer_receive_maximum, std::size_t capacity, std::size_t in_flight = 0) noexcept {
        initial_ = static_cast<std::uint16_t>(peer_receive_maximum < capacity ? peer_receive_maximum : capacity);
        in_flight_ = static_cast<std::uint32_t>(in_flight);
    }
    /// True when no QoS > 0 PUBLISH may be sent until an acknowledgement releases a unit [MQTT-4.9.0-2].
    constexpr bool exhausted() const noexcept { return in_flight_ >= initial_; }
    /// One unit for each QoS > 0 PUBLISH sent, re-sent ones included [MQTT-4.9.0-2].
    void take() noexcept { ++in_flight_; }
    /// One unit back for each PUBACK or PUBCOMP (any code) and each PUBREC >= 0x80 (§4.9).
    void release() noexcept {
        if (in_flight_ > 0) --in_flight_;
    }
    /// QoS > 0 PUBLISH that may still be sent now.
    constexpr std::uint16_t available() const noexcept {
        return static_cast<std::uint16_t>(in_flight_ >= initial_ ? 0 : initial_ - in_flight_);
    }
    /// The quota set by the last reset(): the peer's Receive Maximum capped at this side's capacity.
    constexpr std::uint16_t initial() const noexcept { return initial_; }
    /// QoS > 0 PUBLISH sent on this connection and not yet acknowledged (may exceed initial() after a reset).
    constexpr std::uint32_t in_flight() const noexcept { return in_flight_; }

private:
    std::uint16_t initial_{};
    std::uint32_t in_flight_{};
};

/// The receiver's window: QoS 1 / 2 PUBLISH received on this connection for which it has not yet sent PUBACK,
/// PUBCOMP or PUBREC >= 0x80. One more than its Receive Maximum is 0x93 [MQTT-3.3.4-7] [MQTT-3.3.4-9]. A PUBREC
/// >= 0x80 frees the slot here as it does at the sender (session.md part 6), so a sender that reuses the slot
/// at once is not wrongly refused.
class receive_window {
public:
    /// Starts a window of this side's own Receive Maximum for a new Network Connection.
    /// `in_flight`: PUBLISH already received on this connection and still unacknowledged.
    void reset(std::uint16_t own_receive_maximum, std::size_t in_flight = 0) noexcept {
        maximum_ = own_receive_maximum;
        used_ = static_cast<std::uint32_t>(in_flight);
    }
    /// True when one more QoS > 0 PUBLISH would exceed this side's Receive Maximum: the connection refuses it
    /// with 0x93 [MQTT-3.3.4-7] [MQTT-3.3.4-9].
    constexpr bool full() const noexcept { return used_ >= maximum_; }
    /// Counts one QoS > 0 PUBLISH received and not yet acknowledged.
    void take() noexcept { ++used_; }
    /// Frees one slot when this side sends PUBACK, PUBCOMP or a PUBREC >= 0x80 (§4.9); never below 0.
    void release() noexcept {
        if (used_ > 0) --used_;
    }
    /// QoS > 0 PUBLISH received on this connection and still unacknowledged.
    constexpr std::uint32_t used() const noexcept { return used_; }
    /// This side's Receive Maximum, as set by the last reset() (65,535 before it).
    constexpr std::uint16_t maximum() const noexcept { return maximum_; }

private:
    std::uint16_t maximum_{65535};
    std::uint32_t used_{};
};

}  // namespace mqtt5
