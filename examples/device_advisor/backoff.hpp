// Exponential backoff with jitter, for a device's connection attempts (AWS IoT Core Device Advisor's
// MQTT_Connect_Jitter_Backoff_Retries, MQTT_Connect_Exponential_Backoff_Retries and the two reconnect tests:
// a constant or unjittered backoff fails them).
//
// Retry n (0 for the first retry) waits d/2 + jitter, d = min(cap, base x 2^n), jitter uniform in [0, d/2]
// ("equal jitter"): every wait is at least as long as the one before it (d/2 of retry n+1 is d of retry n,
// the most retry n can wait), so the intervals grow, and no two devices that lost the same broker come back
// in lockstep. The random source is the caller's: a test passes a fixed sequence and knows every delay.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace device_advisor {

using std::chrono::milliseconds;

// How long to wait between connection attempts, and how many to make.
struct backoff_policy {
    milliseconds base{1000};      // d of the first retry: it waits between base/2 and base
    milliseconds cap{60000};      // d never grows past this
    unsigned max_retries{0};      // retries before giving up; 0: never give up
};

// The delays of one run of retries (see the file comment). reset() after a connection that held.
class backoff {
public:
    // Each call returns a uniformly distributed 32-bit value (e.g. a std::mt19937 seeded from std::random_device).
    using random_source = std::function<std::uint32_t()>;

    backoff(backoff_policy policy, random_source random) : policy_(policy), random_(std::move(random)) {}

    // The ceiling d of retry n: min(cap, base x 2^n).
    milliseconds ceiling(unsigned retry) const noexcept {
        const auto cap = std::max(policy_.cap.count(), policy_.base.count());
        auto d = policy_.base.count();
        for (unsigned i = 0; i < retry && d < cap; ++i) d *= 2;
        return milliseconds{std::min(d, cap)};
    }

    // The wait before the next attempt; counts the retry.
    milliseconds next() {
        const auto d = ceiling(retries_).count();
        const auto half = d / 2;
        const auto span = static_cast<std::uint64_t>(d - half) + 1;  // jitter in [0, d - d/2]
        const auto jitter = static_cast<std::int64_t>(static_cast<std::uint64_t>(random_()) % span);
        ++retries_;
        return milliseconds{half + jitter};
    }

    // True when the policy's retries are used up.
    bool exhausted() const noexcept { return policy_.max_retries != 0 && retries_ >= policy_.max_retries; }
    unsigned retries() const noexcept { return retries_; }
    void reset() noexcept { retries_ = 0; }
    const backoff_policy& policy() const noexcept { return policy_; }

private:
    backoff_policy policy_{};
    random_source random_{};
    unsigned retries_{};
};

}  // namespace device_advisor
