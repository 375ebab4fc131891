/// \file
/// QoS 1 / QoS 2 exchanges in flight, both ways, and the SUBSCRIBE / UNSUBSCRIBE waiting for their ack
/// (spec/session.md parts 5, 7 and 9). Each table keeps its entries in the order the exchanges began, which is the
/// order the standard wants for re-sending [MQTT-4.6.0-1] and for acknowledging [MQTT-4.6.0-2..4].
///
/// \verbatim
/// What the sender keeps (§4.1, §4.3):              what frees the identifier:
///   QoS 1: puback_due     PUBLISH sent                PUBACK, any code [MQTT-4.3.2-3]
///   QoS 2: pubrec_due     PUBLISH sent                PUBREC >= 0x80 (no PUBREL, [MQTT-4.4.0-2])
///          pubrel_due     PUBREC < 0x80 received: the PUBREL is to be sent [MQTT-4.3.3-4]
///          pubcomp_due    PUBREL sent [MQTT-4.3.3-5]  PUBCOMP, any code
///   suback_due / unsuback_due                          SUBACK / UNSUBACK
/// What the receiver keeps:
///   QoS 1: puback_due     PUBLISH received, PUBACK to be sent [MQTT-4.3.2-4]; nothing after it [MQTT-4.3.2-5]
///   QoS 2: pubrec_due     PUBLISH received, PUBREC to be sent [MQTT-4.3.3-8]
///          pubrel_awaited PUBREC < 0x80 sent; a repeated PUBLISH is answered again, not delivered [MQTT-4.3.3-10]
///          pubcomp_due    PUBREL received, PUBCOMP to be sent [MQTT-4.3.3-11]; then the id is new [MQTT-4.3.3-12]
///   suback_due / unsuback_due: SUBSCRIBE / UNSUBSCRIBE received, its ack to be sent [MQTT-3.8.4-1] [MQTT-3.10.4-4]
/// \endverbatim
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace mqtt5 {

/// Where one exchange stands, from the side of the table that keeps it (see the file comment).
enum class exchange_state : std::uint8_t {
    puback_due,      ///< QoS 1: sender, PUBLISH sent [MQTT-4.3.2-3]; receiver, PUBACK to be sent [MQTT-4.3.2-4]
    pubrec_due,      ///< QoS 2: sender, PUBLISH sent; receiver, PUBREC to be sent [MQTT-4.3.3-8]
    pubrel_due,      ///< QoS 2, sender: PUBREC < 0x80 received, the PUBREL is to be sent [MQTT-4.3.3-4]
    pubcomp_due,     ///< QoS 2: sender, PUBREL sent [MQTT-4.3.3-5]; receiver, PUBCOMP to be sent [MQTT-4.3.3-11]
    pubrel_awaited,  ///< QoS 2, receiver: PUBREC < 0x80 sent, a repeated PUBLISH is not delivered [MQTT-4.3.3-10]
    suback_due,      ///< SUBSCRIBE sent, or received with its SUBACK to be sent [MQTT-3.8.4-1]
    unsuback_due,    ///< UNSUBSCRIBE sent, or received with its UNSUBACK to be sent [MQTT-3.10.4-4]
};

/// One exchange in flight: a QoS 1 / 2 PUBLISH or a SUBSCRIBE / UNSUBSCRIBE, by its Packet Identifier.
struct exchange {
    std::uint16_t packet_id{};  ///< the Packet Identifier the exchange holds until it ends [MQTT-2.2.1-3]
    exchange_state state{exchange_state::puback_due};  ///< what is due next
    /// SUBSCRIBE / UNSUBSCRIBE: the number of Topic Filters, which the ack must answer one by one [MQTT-3.8.4-6]
    /// [MQTT-3.11.3-1].
    std::uint16_t filter_count{};
    /// Sender: the PUBLISH took a unit of this connection's send quota. Receiver: it occupies this connection's
    /// receive window. Neither carries over to the next connection (§4.9).
    bool counted{};
    /// Sender: to be sent again on this connection, the PUBLISH with DUP 1 or the PUBREL [MQTT-4.4.0-1].
    bool resend{};
    /// When the packet that made the ack due arrived (a count per connection object): acks go out in that order.
    std::uint32_t sequence{};

    /// True for a PUBLISH exchange (QoS 1 or 2), false for SUBSCRIBE / UNSUBSCRIBE.
    constexpr bool is_publish_exchange() const noexcept {
        return state != exchange_state::suback_due && state != exchange_state::unsuback_due;
    }
};

/// A fixed-capacity list of exchanges in the order they began. Lookups are linear: capacities are small.
template <std::size_t Capacity>
class exchange_table {
public:
    /// The most exchanges it holds at once.
    static constexpr std::size_t capacity = Capacity;

    /// The exchange holding Packet Identifier `id`; nullptr when none does.
    exchange* find(std::uint16_t id) noexcept {
        for (std::size_t i = 0; i < size_; ++i)
            if (items_[i].packet_id == id) return &items_[i];
        return nullptr;
    }
    /// The exchange holding Packet Identifier `id`, read-only; nullptr when none does.
    const exchange* find(std::uint16_t id) const noexcept {
        for (std::size_t i = 0; i < size_; ++i)
            if (items_[i].packet_id == id) return &items_[i];
        return nullptr;
    }
    /// True when an exchange holds `id`, which a new exchange may then not use [MQTT-2.2.1-3].
    bool contains(std::uint16_t id) const noexcept { return find(id) != nullptr; }
    /// The first exchange, in the order they began, in state `s`; nullptr when there is none.
    const exchange* first_in(exchange_state s) const noexcept {
        for (std::size_t i = 0; i < size_; ++i)
            if (items_[i].state == s) return &items_[i];
        return nullptr;
    }
    /// Appends an exchange as the newest; false, and nothing changes, when the table is full.
    bool push(const exchange& e) noexcept {
        if (size_ == Capacity) return false;
        items_[size_++] = e;
        return true;
    }
    /// Removes the exchange holding `id` (if any), keeping the others in order.
    void erase(std::uint16_t id) noexcept {
        for (std::size_t i = 0; i < size_; ++i)
            if (items_[i].packet_id == id) {
                for (std::size_t j = i + 1; j < size_; ++j) items_[j - 1] = items_[j];
                --size_;
                items_[size_] = exchange{};
                return;
            }
    }
    /// Removes every exchange for which `pred(exchange)` is true, keeping the others in order.
    template <class Pred> void erase_if(const Pred& pred) noexcept {
        std::size_t out = 0;
        for (std::size_t i = 0; i < size_; ++i)
            if (!pred(items_[i])) items_[out++] = items_[i];
        for (std::size_t i = out; i < size_; ++i) items_[i] = exchange{};
        size_ = out;
    }
    /// Calls `f(exchange&)` on every exchange, oldest first; `f` may change an entry but not add or remove one.
    template <class F> void for_each(const F& f) noexcept {
        for (std::size_t i = 0; i < size_; ++i) f(items_[i]);
    }
    /// How many exchanges `pred(const exchange&)` is true for.
    template <class Pred> std::size_t count_if(const Pred& pred) const noexcept {
        std::size_t n = 0;
        for (std::size_t i = 0; i < size_; ++i) n += pred(items_[i]) ? 1 : 0;
        return n;
    }
    /// Removes every exchange.
    void clear() noexcept {
        items_ = {};
        size_ = 0;
    }
    /// True when it holds `capacity` exchanges: push() would refuse one more.
    constexpr bool full() const noexcept { return size_ == Capacity; }
    /// The number of exchanges held.
    constexpr std::size_t size() const noexcept { return size_; }
    /// True when it holds none.
    constexpr bool empty() const noexcept { return size_ == 0; }
    /// The exchanges, oldest first; valid until the table changes.
    std::span<const exchange> entries() const noexcept { return {items_.data(), size_}; }

private:
    std::array<exchange, Capacity> items_{};
    std::size_t size_{};
};

}  // namespace mqtt5
