/// \file
/// Packet Identifiers for a new SUBSCRIBE, UNSUBSCRIBE or QoS > 0 PUBLISH: non-zero and not used by any exchange
/// still open [MQTT-2.2.1-3] [MQTT-2.2.1-4] [MQTT-4.3.2-1] [MQTT-4.3.3-1]. PUBLISH, SUBSCRIBE and UNSUBSCRIBE share
/// one set per sender and Session (§2.2.1); the connection asks its in-flight table which are in use.
#pragma once

#include <cstdint>

namespace mqtt5 {

/// Hands out Packet Identifiers round-robin, skipping those still in use (see the file comment); it keeps only
/// the last one handed out, so which are in use is always asked of the caller.
class packet_id_allocator {
public:
    /// The first identifier after the last one handed out (1..65,535, wrapping, never 0) for which
    /// in_use(id) is false; 0 when all 65,535 are in use. With n identifiers in use it looks at most n + 1.
    template <class InUse>
    std::uint16_t allocate(const InUse& in_use) noexcept {
        for (std::uint32_t tries = 0; tries < 65535u; ++tries) {
            last_ = last_ == 65535u ? std::uint16_t{1} : static_cast<std::uint16_t>(last_ + 1u);
            if (!in_use(last_)) return last_;
        }
        return 0;
    }
    /// The identifier handed out last; 0 before the first allocate().
    constexpr std::uint16_t last() const noexcept { return last_; }

private:
    std::uint16_t last_{};
};

}  // namespace mqtt5
