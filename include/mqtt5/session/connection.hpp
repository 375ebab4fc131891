/// \file
/// The connection layer: one object per side (Client or Server) that sees every packet in both directions, with
/// no heap, no I/O and no clock (spec/session.md is its rule book). The caller decodes what arrives and hands each
/// packet to receive(); it hands each packet it wants to send to send() before encoding it. Both check the packet
/// against the connection's state and the negotiated limits, and return the codec's kind of error (errc, the
/// reason code the receiver of a violation sends, offset). A packet that breaks a rule changes nothing.
///
/// \verbatim
///   receive(packet, size_on_wire, now) -> result<received>: the topic after alias resolution, whether the
///       PUBLISH is a new message to deliver, the ack the caller must send now, the exchange it completes.
///   send(packet&, now) -> result<std::size_t>: the encoded size. It may change the packet the way a sender
///       must: a Packet Identifier for a new exchange (when 0), DUP, a Topic Alias (least-recently-used policy),
///       Reason String and User Property left out where the peer's limits say so.
///   poll(now) -> keep_alive_event: a PINGREQ to send, or a timeout.
///   open(now, version) / close(now): a Network Connection begins / ends.
/// \endverbatim
///
/// A Client, in outline (the socket, the framer and the clock are the caller's):
///
/// ```
///     mqtt5::client_connection<> conn;                    // capacities: session_capacity (template argument)
///     conn.open(now);                                     // a new network connection
///     conn.send(connect, now);                            // adds Receive Maximum = capacity when absent
///     write(encode(connect));
///     for each frame the framer yields:
///         auto pkt = mqtt5::decode(frame, {.sender = mqtt5::role::server});
///         auto r = conn.receive(*pkt, frame.size(), now);  // error: send DISCONNECT r.error().reason, close
///         if (r->deliver) deliver(r->topic, payload);
///         if (auto ack = mqtt5::ack_packet(r->ack)) { conn.send(*ack, now); write(encode(*ack)); }
///         if (r->ended) close;
///     after a CONNACK with Session Present 1: for each conn.outbound() entry with `resend`, send the PUBLISH
///         (same packet_id) or the PUBREL again, in order;
///     publish: conn.send(pub, now) assigns the Packet Identifier; errc::send_quota_exhausted means wait for an ack;
///     timers: switch (conn.poll(now)) { send_pingreq: send PINGREQ; timeout: close } and sleep until
///         conn.next_deadline();
///     conn.close(now) when the network connection ends.
/// ```
///
/// Versions: MQTT 5 and 3.1.1 (level 4; 3.1, level 3, behaves as 3.1.1 here). 3.1.1 has no properties, no AUTH,
/// no flow control and no Topic Alias: those rules do not apply, and its errors have no reason code on the wire
/// (error.reason is the v5 code; a 3.1.1 receiver closes the network connection).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

#include "../codec.hpp"
#include "../string_literals.hpp"
#include "authentication.hpp"
#include "fixed_string.hpp"
#include "flow_control.hpp"
#include "inflight.hpp"
#include "keep_alive.hpp"
#include "limits.hpp"
#include "packet_id.hpp"
#include "topic_alias.hpp"

namespace mqtt5 {

/// Fixed capacities of one connection object (a template argument: the object holds all of it).
struct session_capacity {
    /// exchanges this side started and not finished: QoS 1/2 PUBLISH, SUBSCRIBE, UNSUBSCRIBE
    std::size_t outbound_inflight{16};
    /// exchanges the peer started: QoS 1/2 PUBLISH not fully acknowledged, SUBSCRIBE / UNSUBSCRIBE not answered
    std::size_t inbound_inflight{32};
    std::size_t inbound_topic_aliases{16};  ///< the Topic Alias Maximum this side may announce
    std::size_t inbound_alias_bytes{1024};  ///< topic text of the inbound aliases, all together
    std::size_t outbound_topic_aliases{16};  ///< the Topic Alias Maximum this side can use towards the peer
    std::size_t outbound_alias_bytes{1024};  ///< topic text of the outbound aliases, all together
    /// a rewritten property block (Topic Alias or Receive Maximum added, Reason String dropped); send() also puts
    /// a temporary of this size on the stack when it rebuilds a CONNACK, DISCONNECT or AUTH block
    std::size_t property_scratch_bytes{512};
    std::size_t client_id_bytes{128};         ///< the Assigned Client Identifier
    std::size_t authentication_method_bytes{64};  ///< the Authentication Method of the CONNECT
};

/// Who picks the Topic Alias of an outgoing PUBLISH.
enum class topic_alias_policy : std::uint8_t {
    none,                 ///< no aliases: a PUBLISH that carries one is refused (errc::invalid_argument)
    caller,               ///< the caller's Topic Alias property is checked and recorded; the layer adds none
    /// the layer maps topics to aliases itself, up to min(peer's maximum, capacity), evicting the least recently used
    least_recently_used,
};

/// Choices of one connection object that the standard leaves to the implementation (spec/session.md).
struct connection_options {
    /// Who picks the Topic Alias of an outgoing PUBLISH (by default the caller, who may also use none).
    topic_alias_policy outbound_aliases{topic_alias_policy::caller};
    millis pingresp_timeout{0};   ///< Client: how long to wait for PINGRESP; 0 = the Keep Alive itself
    millis handshake_timeout{0};  ///< no CONNECT (Server) / CONNACK (Client) within this time: timeout; 0 = off
};

/// Where one Network Connection stands, as the order of packets decides it (spec/session.md part 1).
enum class connection_state : std::uint8_t {
    closed,            ///< no Network Connection (before open(), after close())
    awaiting_connect,  ///< open; the CONNECT is not sent (Client) / not received (Server) yet
    connecting,        ///< CONNECT seen, CONNACK not yet
    connected,         ///< CONNACK with a success code seen
    ended,             ///< DISCONNECT or a refusing CONNACK seen: nothing more may pass; close the network connection
};

/// An acknowledgement or response the caller must send (type 0: none). For SUBACK / UNSUBACK the caller adds
/// one reason code per Topic Filter; for the others ack_packet() builds the packet.
struct due_ack {
    packet_type type{};  ///< PUBACK, PUBREC, PUBREL, PUBCOMP, PINGRESP, SUBACK or UNSUBACK; 0 when none is due
    std::uint16_t packet_id{};  ///< the Packet Identifier it answers (0 for PINGRESP)
    /// The code of a PUBACK, PUBREC, PUBREL or PUBCOMP (in v5, 0x92 for a PUBREL or PUBCOMP that answers an
    /// unknown Packet Identifier). For SUBACK / UNSUBACK it is 0x00 and the caller chooses one code per Topic Filter.
    reason_code reason{reason_code::success};
    std::uint16_t filter_count{};  ///< SUBACK / UNSUBACK: how many reason codes it needs

    /// True when an acknowledgement or response is due (type is not 0).
    constexpr bool due() const noexcept { return type != packet_type{}; }
    /// Equal when every field is.
    friend constexpr bool operator==(const due_ack&, const due_ack&) = default;
};

/// The packet for a due ack (PUBACK, PUBREC, PUBREL, PUBCOMP, PINGRESP); nullopt for SUBACK / UNSUBACK and none.
inline std::optional<packet> ack_packet(const due_ack& a) noexcept {
    switch (a.type) {
    case packet_type::puback: return packet{puback{a.packet_id, a.reason, {}, {}}};
    case packet_type::pubrec: return packet{pubrec{a.packet_id, a.reason, {}, {}}};
    case packet_type::pubrel: return packet{pubrel{a.packet_id, a.reason, {}, {}}};
    case packet_type::pubcomp: return packet{pubcomp{a.packet_id, a.reason, {}, {}}};
    case packet_type::pingresp: return packet{pingresp{}};
    default: return std::nullopt;
    }
}

/// What a received packet means for the caller.
struct received {
    packet_type type{};  ///< the type of the packet received
    /// PUBLISH: its Topic Name after alias resolution. A view into the packet, or into the alias storage (valid
    /// until the next received PUBLISH that sets a mapping).
    std::string_view topic{};
    /// PUBLISH: a new Application Message. false for a QoS 2 PUBLISH repeated before its PUBREL [MQTT-4.3.3-10].
    bool deliver{};
    due_ack ack{};  ///< what the caller must send now [MQTT-3.3.4-1] [MQTT-4.3.3-4] [MQTT-4.3.3-11] [MQTT-3.12.4-1]
    /// An exchange this side started is over and its Packet Identifier is free again: PUBACK, PUBCOMP, PUBREC >= 0x80,
    /// SUBACK, UNSUBACK. `reason` is its code (>= 0x80: the peer refused the message or request, §4.13.2).
    std::uint16_t completed_packet_id{};
    reason_code reason{reason_code::success};  ///< also the CONNACK's and the DISCONNECT's code
    bool session_present{};                    ///< CONNACK
    bool ended{};                              ///< the connection is over: close the network connection
};

namespace detail {

// CONNACK accepted? v5: reason code < 0x80; 3.1.1: return code 0 (the field exists once the 3.1.1 codec does).
template <class C> constexpr bool connack_accepted(const C& c, protocol_version version) noexcept {
    if constexpr (requires { c.return_code; }) {
        if (version != protocol_version::v5) return static_cast<std::uint8_t>(c.return_code) == 0;
    }
    (void)version;
    return !is_error(c.reason);
}

// Width of the Remaining Length field of a packet that is `size` bytes on the wire.
inline std::size_t remaining_length_width(std::size_t size, std::uint8_t form_width) noexcept {
    if (form_width != 0) return form_width;
    for (std::size_t w = 1; w < 4; ++w)
        if (size >= 1 + w && wire::varint_size(static_cast<std::uint32_t>(size - 1 - w)) == w) return w;
    return 4;
}
// Offset in the packet of a property whose block starts after `before` bytes (Property Length excluded).
template <place P> std::size_t property_offset(std::size_t before, const property_block<P>& b, property_id id) noexcept {
    const auto plw = b.length_width() != 0 ? b.length_width() : wire::varint_size(static_cast<std::uint32_t>(b.size_bytes()));
    return before + plw + b.offset_of(id).value_or(0);
}
// The first Reason String or User Property of a block, if any.
template <place P> std::optional<property_id> problem_information(const property_block<P>& b) noexcept {
    const auto rs = b.offset_of(property_id::reason_string), up = b.offset_of(property_id::user_property);
    if (!rs && !up) return std::nullopt;
    return !up || (rs && *rs < *up) ? property_id::reason_string : property_id::user_property;
}
constexpr bool has_wildcard(std::string_view filter) noexcept { return filter.find_first_of("+#"sv) != std::string_view::npos; }

}  // namespace detail

/// The connection layer of one side (see the file comment): Role is role::client or role::server, Capacity
/// fixes every storage size inside the object. client_connection and server_connection name the two sides.
template <role Role, session_capacity Capacity = session_capacity{}>
class basic_connection {
    static_assert(Role == role::client || Role == role::server, "a connection is a Client's or a Server's");

public:
    static constexpr role own_role = Role;  ///< the side this object speaks for
    /// The side at the other end of the Network Connection.
    static constexpr role peer_role = Role == role::client ? role::server : role::client;
    static constexpr session_capacity capacity = Capacity;  ///< the capacities it was built with

    /// A connection object, closed until open(), with the choices in `options` for its whole life.
    constexpr explicit basic_connection(connection_options options = {}) noexcept : options_(options) {}

    // ---- the Network Connection ---------------------------------------------------------------------------

    /// A Network Connection begins. Everything that belongs to one connection starts afresh: Topic Alias maps
    /// [MQTT-3.3.2-7], send quota and receive window (§4.9), limits (until CONNECT / CONNACK say otherwise).
    /// Session State (in-flight exchanges) stays until a CONNECT / CONNACK says whether the Session goes on.
    /// `version`: the Client's choice; a Server passes what it read from the CONNECT's protocol level (see
    /// set_protocol_version). open() on a connection that was not close()d closes it first.
    void open(millis now, protocol_version version = protocol_version::v5) noexcept {
        // A connection that was never close()d ended all the same: what close() keeps or drops applies first,
        // or the exchanges of the lost connection would still hold quota units and miss their re-send.
        if (state_ != connection_state::closed) close(now);
        version_ = version;
        state_ = connection_state::awaiting_connect;
        opened_at_ = now;
        limits_ = negotiated_limits{};
        inbound_aliases_.clear();
        outbound_aliases_.clear();
        quota_.reset(limits_.server.receive_maximum, Capacity.outbound_inflight);
        window_.reset(65535);
        timer_.stop();
        auth_.reset();
        session_present_ = false;
    }
    /// Server: the protocol level of the CONNECT to come, if it was not known at open().
    void set_protocol_version(protocol_version version) noexcept {
        if (state_ == connection_state::awaiting_connect) version_ = version;
    }

    /// The Network Connection ended (closed by either side or lost). Session State survives when the Session
    /// Expiry Interval in force is not 0 [MQTT-3.1.2-23]; otherwise it ends with the connection.
    void close(millis) noexcept {
        state_ = connection_state::closed;
        timer_.stop();
        inbound_aliases_.clear();
        outbound_aliases_.clear();
        // SUBSCRIBE / UNSUBSCRIBE are never re-sent (only PUBLISH and PUBREL are, [MQTT-4.4.0-1]); a QoS 1
        // PUBLISH not yet acknowledged will come again with DUP 1 and is then a new message [MQTT-4.3.2-5].
        outbound_.erase_if([](const exchange& e) { return !e.is_publish_exchange(); });
        inbound_.erase_if([](const exchange& e) {
            return !e.is_publish_exchange() || e.state == exchange_state::puback_due;
        });
        outbound_.for_each([](exchange& e) { e.counted = false; });
        // A PUBREC not sent before the connection ended is owed again only when the PUBLISH comes again
        // [MQTT-4.3.3-10]; until then it must not hold back the PUBRECs of the next connection [MQTT-4.6.0-3].
        inbound_.for_each([](exchange& e) {
            e.counted = false;
            if (e.state == exchange_state::pubrec_due) e.state = exchange_state::pubrel_awaited;
        });
        if (limits_.session_expiry_interval == 0) end_session();
    }

    // ---- receive ------------------------------------------------------------------------------------------

    /// Checks a decoded packet that arrived from the peer; `size_on_wire` is its whole size in bytes (the frame).
    template <control_packet P>
    result<received> receive(const P& p, std::size_t size_on_wire, millis now) noexcept {
        constexpr auto type = type_of<P>();
        last_now_ = now;
        if (const auto e = receive_order(type); e != errc::ok) return make_error(e, 0);
        if (is_v5() && size_on_wire > own().maximum_packet_size)
            return make_error(errc::packet_too_large, 0);  // [MQTT-3.1.2-24] [MQTT-3.2.2-15]: 0x95
        size_ = size_on_wire;
        auto r = on_receive(p);
        if (r) {
            r->type = type;
            timer_.packet_received(now);
        }
        return r;
    }
    /// The same for a packet of any type, as decode() returns it.
    result<received> receive(const packet& p, std::size_t size_on_wire, millis now) noexcept {
        return detail::visit_packet(p, [&](const auto& q) { return receive(q, size_on_wire, now); });
    }

    // ---- send ---------------------------------------------------------------------------------------------

    /// Checks a packet this side wants to send, completes it where the sender must, and records it. Returns its
    /// encoded size (0 where the codec cannot size it yet). On an error the packet and the state are unchanged.
    /// A rewritten property block lives in this object until the next send().
    template <control_packet P>
    result<std::size_t> send(P& p, millis now) noexcept {
        constexpr auto type = type_of<P>();
        last_now_ = now;
        if (const auto e = send_order(type); e != errc::ok) return make_error(e, 0);
        auto n = on_send(p);
        if (n) timer_.packet_sent(now);
        if (n && type == packet_type::pingreq) timer_.pingreq_sent(now);
        return n;
    }
    /// The same for a packet of any type.
    result<std::size_t> send(packet& p, millis now) noexcept {
        return detail::visit_packet(p, [&](auto& q) { return send(q, now); });
    }

    /// Gives up an exchange this side started, for a message that can no longer be sent: above all one that does
    /// not fit the peer's Maximum Packet Size on the new connection (its Topic Alias is gone [MQTT-3.3.2-7], or the
    /// limit changed), which a Server discards as if sent [MQTT-3.1.2-25] and a Client may not send
    /// [MQTT-3.2.2-15]. Its Packet Identifier is free again. false when no such exchange is open.
    bool discard(std::uint16_t packet_id) noexcept {
        const auto* e = outbound_.find(packet_id);
        if (e == nullptr) return false;
        if (e->counted) quota_.release();
        outbound_.erase(packet_id);
        return true;
    }

    // ---- timers -------------------------------------------------------------------------------------------

    /// What Keep Alive asks for at `now`: a Client's PINGREQ [MQTT-3.1.2-20], or a timeout (no packet from the
    /// Client for 1.5 x Keep Alive on the Server [MQTT-3.1.2-22]; no PINGRESP in time on the Client; no CONNECT /
    /// CONNACK within handshake_timeout). On a timeout, close (a v5 Server may first send DISCONNECT 0x8D).
    keep_alive_event poll(millis now) const noexcept {
        if ((state_ == connection_state::awaiting_connect || state_ == connection_state::connecting) &&
            options_.handshake_timeout != 0 && now - opened_at_ >= options_.handshake_timeout)
            return keep_alive_event::timeout;
        if constexpr (Role == role::client) {
            return state_ == connection_state::connected ? timer_.client_event(now) : keep_alive_event::none;
        } else {
            return state_ == connection_state::connecting || state_ == connection_state::connected ? timer_.server_event(now)
                                                                                                   : keep_alive_event::none;
        }
    }
    /// The next time poll() can change its answer (0: nothing pending).
    millis next_deadline() const noexcept {
        millis t = 0;
        if ((state_ == connection_state::awaiting_connect || state_ == connection_state::connecting) && options_.handshake_timeout != 0)
            t = opened_at_ + options_.handshake_timeout;
        millis k = 0;
        if constexpr (Role == role::client) {
            if (state_ == connection_state::connected) k = timer_.client_deadline();
        } else {
            if (state_ == connection_state::connecting || state_ == connection_state::connected) k = timer_.server_deadline();
        }
        if (k != 0 && (t == 0 || k < t)) t = k;
        return t;
    }

    // ---- state --------------------------------------------------------------------------------------------

    /// Where the Network Connection stands.
    constexpr connection_state state() const noexcept { return state_; }
    /// The protocol version of the Network Connection, as open() or set_protocol_version() set it.
    constexpr protocol_version version() const noexcept { return version_; }
    /// The limits in force, as the CONNECT and CONNACK seen so far set them.
    constexpr const negotiated_limits& limits() const noexcept { return limits_; }
    /// What this side accepts (the peer must keep to it).
    constexpr const peer_limits& own() const noexcept { return Role == role::client ? limits_.client : limits_.server; }
    /// What the peer accepts (this side must keep to it).
    constexpr const peer_limits& peer() const noexcept { return Role == role::client ? limits_.server : limits_.client; }
    /// The Assigned Client Identifier of the last accepted CONNACK (empty: none).
    constexpr std::string_view assigned_client_identifier() const noexcept { return assigned_client_id_.view(); }
    /// The Session Present flag of this Network Connection's accepted CONNACK, sent or received (false until one
    /// passed) [MQTT-3.2.2-2] [MQTT-3.2.2-3].
    constexpr bool session_present() const noexcept { return session_present_; }
    /// Does this side hold Session State that a CONNECT with Clean Start 0 can resume?
    constexpr bool has_session() const noexcept { return has_session_; }
    /// Server, between CONNECT and CONNACK: the Session Present its accepting CONNACK must carry, as far as this
    /// object holds the Session: 0 after Clean Start 1 [MQTT-3.2.2-2], else whether the Session exists [MQTT-3.2.2-3].
    constexpr bool session_present_due() const noexcept {
        return state_ == connection_state::connecting && !clean_start_ && has_session_;
    }
    /// Exchanges this side started, in the order they began. After a CONNACK with Session Present 1, those with
    /// `resend` are what must be sent again, in this order [MQTT-4.4.0-1] [MQTT-4.6.0-1]: a PUBLISH (states
    /// puback_due / pubrec_due; send the same message with its packet_id, full Topic Name; DUP is set here) or a
    /// PUBREL (state pubrel_due). The layer keeps ids and states, not messages: the caller keeps each
    /// unacknowledged QoS 1 / 2 PUBLISH, with its full Topic Name (Topic Aliases end with the connection
    /// [MQTT-3.3.2-7], and a caller-chosen alias is recorded without its topic).
    std::span<const exchange> outbound() const noexcept { return outbound_.entries(); }
    /// Exchanges the peer started, in the order they began.
    std::span<const exchange> inbound() const noexcept { return inbound_.entries(); }
    /// The first exchange still to be re-sent, or nullptr.
    const exchange* next_resend() const noexcept {
        for (const auto& e : outbound_.entries())
            if (e.resend) return &e;
        return nullptr;
    }
    /// The send quota of this Network Connection (§4.9): what this side may still send.
    constexpr const send_quota& quota() const noexcept { return quota_; }
    /// The receive window of this Network Connection (§4.9): what the peer has open.
    constexpr const receive_window& window() const noexcept { return window_; }
    /// Where the enhanced authentication stands (§4.12).
    constexpr auth_phase authentication() const noexcept { return auth_.phase(); }
    /// The Keep Alive timers (§3.1.2.10).
    constexpr const keep_alive_timer& keep_alive() const noexcept { return timer_; }
    /// The Topic Alias mappings the peer set on this Network Connection (§3.3.2.3.4).
    const auto& inbound_aliases() const noexcept { return inbound_aliases_; }
    /// The Topic Alias mappings this side set on this Network Connection (§3.3.2.3.4).
    const auto& outbound_aliases() const noexcept { return outbound_aliases_; }

private:
    using inbound_alias_map = topic_alias_map<Capacity.inbound_topic_aliases, Capacity.inbound_alias_bytes>;
    using outbound_alias_map = topic_alias_map<Capacity.outbound_topic_aliases, Capacity.outbound_alias_bytes>;

    constexpr bool is_v5() const noexcept { return version_ == protocol_version::v5; }
    // The code of a PUBREL / PUBCOMP that answers an unknown Packet Identifier: 0x92 in v5 (Tables 3-7, 3-8);
    // 3.1.1 has no reason codes: its PUBCOMP simply answers the PUBREL with the same id [MQTT-4.3.3-2] (3.1.1).
    constexpr reason_code not_found_code() const noexcept {
        return is_v5() ? reason_code::packet_identifier_not_found : reason_code::success;
    }
    static error fail(errc code, std::size_t offset = 0) noexcept { return make_error(code, offset); }

    void end_session() noexcept {
        outbound_.clear();
        inbound_.clear();
        has_session_ = false;
    }
    // An exchange of an earlier connection (close() took it out of the quota / window). What a Client sent after
    // its CONNECT on this connection belongs to the Session the CONNACK settles, whichever it is.
    static constexpr bool from_earlier_connection(const exchange& e) noexcept { return e.is_publish_exchange() && !e.counted; }
    // Session Present 0 after Clean Start 0: the Session State of earlier connections is discarded [MQTT-3.2.2-5].
    void discard_earlier_connections() noexcept {
        outbound_.erase_if(from_earlier_connection);
        inbound_.erase_if(from_earlier_connection);
    }
    // Session Present 1: the exchanges this side started on earlier connections are sent again [MQTT-4.4.0-1]; a
    // PUBREL that was sent is sent again, a PUBLISH whose PUBREL went out never is [MQTT-4.3.3-6].
    void resume_session() noexcept {
        outbound_.for_each([](exchange& e) {
            if (!from_earlier_connection(e)) return;
            if (e.state == exchange_state::pubcomp_due) e.state = exchange_state::pubrel_due;
            e.resend = true;
        });
    }

    // ---- ordering (session.md part 1) ----

    // The order rules for a packet that `sender` sends. They are the same whichever side checks them (the
    // receiver on receive(), the sender itself on send()); only the name of a Server packet sent before any
    // CONNECT differs: the Client sees it before its CONNACK, the Server before the CONNECT.
    errc order_check(packet_type t, role sender, bool receiving) const noexcept {
        if (state_ == connection_state::closed || state_ == connection_state::ended)
            return errc::connection_closed;  // [MQTT-3.14.4-1] [MQTT-3.2.2-7] [MQTT-4.13.2-1]
        if (!detail::may_send(t, sender)) return errc::wrong_direction;  // Table 2-1 (PE*)
        if (sender == role::client) {
            if (state_ == connection_state::awaiting_connect)
                return t == packet_type::connect ? errc::ok : errc::packet_before_connect;  // [MQTT-3.1.0-1]
            if (t == packet_type::connect) return errc::second_connect;                     // [MQTT-3.1.0-2]
            if (state_ == connection_state::connecting && auth_.phase() == auth_phase::connecting && t != packet_type::auth &&
                t != packet_type::disconnect)
                return errc::packet_during_authentication;  // [MQTT-3.1.2-30]
            return errc::ok;
        }
        if (state_ == connection_state::awaiting_connect)
            return receiving ? errc::packet_before_connack : errc::packet_before_connect;
        if (state_ == connection_state::connecting)  // [MQTT-3.2.0-1] [MQTT-3.14.0-1]
            return t == packet_type::connack || t == packet_type::auth ? errc::ok : errc::packet_before_connack;
        if (t == packet_type::connack) return errc::second_connack;  // [MQTT-3.2.0-2]
        return errc::ok;
    }
    errc receive_order(packet_type t) const noexcept { return order_check(t, peer_role, true); }
    errc send_order(packet_type t) const noexcept { return order_check(t, Role, false); }

    // ---- size and Reason String / User Property on send ----

    // The encoded size, or 0 where the codec cannot size this version yet.
    template <class P> result<std::size_t> size_of(const P& p) const noexcept {
        auto n = encoded_size(p, encode_options{version_});
        if (!n && n.error().code == errc::protocol_level_4_not_implemented) return std::size_t{0};
        return n;
    }

    // Leaves out every Reason String and User Property of a block. Acks carry nothing else; CONNACK, DISCONNECT
    // and AUTH are rebuilt without them in the scratch storage. false when the rest does not fit there.
    template <place P> bool drop_problem_information(property_block<P>& block) noexcept {
        if (!detail::problem_information(block)) return true;
        if constexpr (P == place::puback || P == place::pubrec || P == place::pubrel || P == place::pubcomp ||
                      P == place::suback || P == place::unsuback) {
            block = property_block<P>{};
            return true;
        } else {
            // The block may already live in the scratch storage: build after it, then move into place.
            std::array<std::byte, Capacity.property_scratch_bytes> tmp{};
            property_builder<P> builder{tmp};
            for (const auto prop : block)
                if (prop.id != property_id::reason_string && prop.id != property_id::user_property) builder.add(prop);
            if (!builder.build()) return false;
            std::memcpy(scratch_.data(), tmp.data(), builder.size());
            auto rebuilt = property_block<P>::parse(std::span<const std::byte>{scratch_.data(), builder.size()});
            if (!rebuilt) return false;
            block = *rebuilt;
            return true;
        }
    }

    // Sizes a non-PUBLISH packet for the peer: Reason String and User Property are left out when the peer asked
    // for no problem information [MQTT-3.1.2-29] (a Server's acks and AUTH), or when they would take the packet
    // over the peer's Maximum Packet Size [MQTT-3.2.2-19] [MQTT-3.2.2-20] [MQTT-3.4.2-2] [MQTT-3.4.2-3]
    // [MQTT-3.5.2-2] [MQTT-3.5.2-3] [MQTT-3.6.2-2] [MQTT-3.6.2-3] [MQTT-3.7.2-2] [MQTT-3.7.2-3] [MQTT-3.9.2-1]
    // [MQTT-3.9.2-2] [MQTT-3.11.2-1] [MQTT-3.11.2-2] [MQTT-3.14.2-3] [MQTT-3.14.2-4] [MQTT-3.15.2-2] [MQTT-3.15.2-3].
    // Anything else over the limit is refused: packet_too_large [MQTT-3.1.2-24] [MQTT-3.2.2-15].
    template <class P> result<std::size_t> fit_for_peer(P& q) noexcept {
        if constexpr (requires { q.properties; }) {
            constexpr auto t = type_of<P>();
            if (Role == role::server && is_v5() && !peer().request_problem_information && t != packet_type::connack &&
                t != packet_type::disconnect)
                if (!drop_problem_information(q.properties)) return fail(errc::packet_too_large);
        }
        auto n = size_of(q);
        if (!n || !is_v5() || *n <= peer().maximum_packet_size) return n;
        if constexpr (requires { q.properties; }) {
            if (!drop_problem_information(q.properties)) return fail(errc::packet_too_large);
            n = size_of(q);
            if (!n || *n <= peer().maximum_packet_size) return n;
        }
        return fail(errc::packet_too_large);
    }

    // Received: Reason String / User Property on a packet where the Client asked for none [MQTT-3.1.2-29].
    template <class P> errc check_problem_information(const P& p, std::size_t before_props, std::size_t& offset) const noexcept {
        if constexpr (Role == role::client && requires { p.properties; }) {
            if (is_v5() && !own().request_problem_information)
                if (const auto id = detail::problem_information(p.properties)) {
                    offset = detail::property_offset(before_props, p.properties, *id);
                    return errc::problem_information_not_requested;
                }
        }
        (void)p;
        (void)before_props;
        (void)offset;
        return errc::ok;
    }

    std::size_t header_bytes() const noexcept { return 1 + detail::remaining_length_width(size_, 0); }

    // ---- CONNECT / CONNACK ----

    // What CONNECT starts (either side). Refuses an announced limit this object cannot honour.
    errc check_connect(const connect& c) const noexcept {
        const auto method = is_v5() ? c.properties.authentication_method() : std::nullopt;
        if (method && method->size() > Capacity.authentication_method_bytes) return errc::capacity_exceeded;
        if constexpr (Role == role::client) {
            const auto l = limits_of(c, version_);
            // The Client must be able to take what it announces: Receive Maximum and Topic Alias Maximum.
            if (is_v5() && (l.receive_maximum > Capacity.inbound_inflight || l.topic_alias_maximum > Capacity.inbound_topic_aliases))
                return errc::capacity_exceeded;
        }
        return errc::ok;
    }
    void apply_connect(const connect& c) noexcept {
        limits_.apply(c, version_);
        const auto method = is_v5() ? c.properties.authentication_method() : std::nullopt;
        auth_.begin(method.value_or(std::string_view{}), method.has_value());
        clean_start_ = c.clean_start;
        empty_client_id_ = c.client_id.empty();
        will_qos_ = c.will ? static_cast<std::int8_t>(c.will->qos) : std::int8_t{-1};
        will_retain_ = c.will && c.will->retain;
        if (c.clean_start) end_session();  // [MQTT-3.1.2-4]
        state_ = connection_state::connecting;
        window_.reset(own().receive_maximum, counted_inbound());
        if constexpr (Role == role::server) timer_.start(last_now_, limits_.keep_alive, 0);
    }

    // Session Present and the rest of an accepting CONNACK, for both sides (sent by a Server, received by a Client).
    error check_connack(const connack& c, bool sending) const noexcept {
        if (!detail::connack_accepted(c, version_)) return error{};
        // Offsets only matter for a received CONNACK.
        const std::size_t flags_at = sending ? 0 : header_bytes();
        const std::size_t props_at = flags_at + 2;
        // Session Present 1 needs Clean Start 0 [MQTT-3.2.2-2] and Session State the Client still has [MQTT-3.2.2-4].
        if (c.session_present && (clean_start_ || !has_session_)) return fail(errc::session_present_without_session, flags_at);
        if (!is_v5()) return error{};
        // A Server that accepts a Will must support its QoS and its RETAIN [MQTT-3.2.2-12] [MQTT-3.2.2-13].
        const auto server = limits_of(c, version_);
        if (will_qos_ > static_cast<std::int8_t>(server.maximum_qos)) return fail(errc::qos_not_supported);
        if (will_retain_ && !server.retain_available) return fail(errc::retain_not_supported);
        const auto& props = c.properties;
        const auto method = props.authentication_method();
        if (const auto e = auth_.check_connack(method.has_value(), method.value_or(std::string_view{})); e != errc::ok)
            return fail(e, method ? detail::property_offset(props_at, props, property_id::authentication_method) : 0);
        const auto assigned = props.assigned_client_identifier();
        if (empty_client_id_ && !assigned) return fail(errc::assigned_client_identifier_missing);  // [MQTT-3.2.2-16]
        if (assigned && assigned->size() > Capacity.client_id_bytes) return fail(errc::capacity_exceeded);
        if (!limits_.client.request_response_information && props.response_information())  // [MQTT-3.1.2-28]
            return fail(errc::response_information_not_requested,
                        detail::property_offset(props_at, props, property_id::response_information));
        if constexpr (Role == role::server) {
            const auto l = limits_of(c, version_);
            if (l.receive_maximum > Capacity.inbound_inflight || l.topic_alias_maximum > Capacity.inbound_topic_aliases)
                return fail(errc::capacity_exceeded);
        }
        return error{};
    }
    void apply_connack(const connack& c, millis now) noexcept {
        if (!detail::connack_accepted(c, version_)) {
            state_ = connection_state::ended;  // [MQTT-3.2.2-7] [MQTT-4.13.2-1]
            return;
        }
        limits_.apply(c, version_);
        if (is_v5())
            if (const auto id = c.properties.assigned_client_identifier()) assigned_client_id_.assign(*id);
        auth_.apply_connack();
        session_present_ = c.session_present;
        if (c.session_present) resume_session();
        else discard_earlier_connections();  // [MQTT-3.2.2-5]; a Server without the Session starts afresh [MQTT-3.1.2-6]
        has_session_ = true;
        state_ = connection_state::connected;
        quota_.reset(peer().receive_maximum, Capacity.outbound_inflight, counted_outbound());
        window_.reset(own().receive_maximum, counted_inbound());
        timer_.start(now, limits_.keep_alive, options_.pingresp_timeout);  // [MQTT-3.1.2-21] [MQTT-3.2.2-21] [MQTT-3.2.2-22]
    }

    std::size_t counted_outbound() const noexcept { return outbound_.count_if([](const exchange& e) { return e.counted; }); }
    std::size_t counted_inbound() const noexcept { return inbound_.count_if([](const exchange& e) { return e.counted; }); }

    // The smallest sequence among exchanges in state `s` of a table.
    template <class Table> static std::uint32_t first_sequence(const Table& t, exchange_state s) noexcept {
        std::uint32_t best = 0xFFFFFFFFu;
        for (const auto& e : t.entries())
            if (e.state == s && e.sequence < best) best = e.sequence;
        return best;
    }

    // ---- receive, per packet ----

    result<received> on_receive(const connect& c) noexcept {
        if (const auto e = check_connect(c); e != errc::ok) return fail(e);
        apply_connect(c);
        return received{};
    }

    result<received> on_receive(const connack& c) noexcept {
        if (const auto e = check_connack(c, false); e.code != errc::ok) return e;
        apply_connack(c, last_now_);
        received r{};
        r.reason = c.reason;
        r.session_present = c.session_present;
        r.ended = state_ == connection_state::ended;
        return r;
    }

    result<received> on_receive(const publish& p) noexcept {
        const auto header = header_bytes();
        received r{};
        r.topic = p.topic;
        std::uint16_t alias = 0;
        if (is_v5()) {
            if (const auto a = p.properties.topic_alias()) {
                alias = *a;
                const auto at = detail::property_offset(header + 2 + p.topic.size() + (p.qos != qos::at_most_once ? 2 : 0),
                                                        p.properties, property_id::topic_alias);
                // [MQTT-3.1.2-26] [MQTT-3.1.2-27] [MQTT-3.2.2-17] [MQTT-3.2.2-18] [MQTT-3.3.2-9] [MQTT-3.3.2-11]: 0x94
                if (alias > own().topic_alias_maximum) return fail(errc::topic_alias_above_maximum, at);
                if (p.topic.empty()) {
                    const auto t = inbound_aliases_.topic(alias);
                    if (!t) return fail(errc::topic_alias_unmapped, header);  // §3.3.4: PE
                    r.topic = *t;
                } else if (!inbound_aliases_.fits(alias, p.topic)) {
                    return fail(errc::capacity_exceeded, at);
                }
            }
        }
        if constexpr (Role == role::server) {
            if (p.qos > own().maximum_qos) return fail(errc::qos_not_supported);          // [MQTT-3.2.2-11]: 0x9B
            if (p.retain && !own().retain_available) return fail(errc::retain_not_supported);  // [MQTT-3.2.2-14]: 0x9A
        }
        exchange* existing = nullptr;
        bool take_slot = false;
        if (p.qos != qos::at_most_once) {
            existing = inbound_.find(p.packet_id);
            if (existing != nullptr) {
                // A QoS 2 PUBLISH repeated before its PUBREL: answer PUBREC again, deliver nothing [MQTT-4.3.3-10].
                const bool repeat = p.qos == qos::exactly_once && (existing->state == exchange_state::pubrec_due ||
                                                                  existing->state == exchange_state::pubrel_awaited);
                if (!repeat) return fail(errc::packet_id_in_use, header + 2 + p.topic.size());  // [MQTT-2.2.1-3] [MQTT-2.2.1-4]
                take_slot = !existing->counted;
            } else {
                take_slot = true;
            }
            // The window first: a Receive Maximum equal to the table's capacity (what send() announces by
            // default) must give 0x93, not 0x83.
            if (take_slot && is_v5() && window_.full()) return fail(errc::receive_maximum_exceeded);  // [MQTT-3.3.4-7] [MQTT-3.3.4-9]
            if (existing == nullptr && inbound_.full()) return fail(errc::capacity_exceeded);
        }
        // Commit.
        if (alias != 0 && !p.topic.empty()) inbound_aliases_.assign(alias, p.topic);
        if (p.qos == qos::at_most_once) {
            r.deliver = true;
            return r;
        }
        if (existing != nullptr) {
            existing->state = exchange_state::pubrec_due;
            existing->sequence = ++sequence_;
            if (take_slot) {
                existing->counted = true;
                window_.take();
            }
        } else {
            exchange e{};
            e.packet_id = p.packet_id;
            e.state = p.qos == qos::at_least_once ? exchange_state::puback_due : exchange_state::pubrec_due;
            e.counted = true;
            e.sequence = ++sequence_;
            inbound_.push(e);
            window_.take();
            r.deliver = true;
        }
        // [MQTT-3.3.4-1] [MQTT-4.3.2-4] [MQTT-4.3.3-8]
        r.ack = due_ack{p.qos == qos::at_least_once ? packet_type::puback : packet_type::pubrec, p.packet_id, reason_code::success, 0};
        return r;
    }

    // PUBACK, PUBREC, PUBREL, PUBCOMP from the peer.
    template <packet_type T> result<received> on_receive(const basic_pub_ack<T>& a) noexcept {
        std::size_t at = 0;
        if (const auto e = check_problem_information(a, header_bytes() + 3, at); e != errc::ok) return fail(e, at);
        const auto id_at = header_bytes();
        received r{};
        r.reason = a.reason;
        if constexpr (T == packet_type::pubrel) {
            // The QoS 2 receiver: answer PUBCOMP with the same id [MQTT-4.3.3-11]; 0x92 when the id is unknown.
            auto* e = inbound_.find(a.packet_id);
            if (e == nullptr) {
                r.ack = due_ack{packet_type::pubcomp, a.packet_id, not_found_code(), 0};
                return r;
            }
            if (e->state != exchange_state::pubrel_awaited && e->state != exchange_state::pubcomp_due)
                return fail(errc::packet_id_not_found, id_at);
            e->state = exchange_state::pubcomp_due;
            r.ack = due_ack{packet_type::pubcomp, a.packet_id, reason_code::success, 0};
            return r;
        } else {
            auto* e = outbound_.find(a.packet_id);
            if constexpr (T == packet_type::pubrec) {
                if (e == nullptr) {  // Table 3-7: PUBREL 0x92 answers a PUBREC whose id is unknown
                    r.ack = due_ack{packet_type::pubrel, a.packet_id, not_found_code(), 0};
                    return r;
                }
                if ((e->state == exchange_state::pubrel_due || e->state == exchange_state::pubcomp_due) && !is_error(a.reason)) {
                    // A PUBREC again: the receiver answers a repeated PUBLISH with PUBREC until it has the PUBREL
                    // [MQTT-4.3.3-10] (3.1.1 may re-send on the same connection). The PUBREL is due again.
                    e->state = exchange_state::pubrel_due;
                    r.ack = due_ack{packet_type::pubrel, a.packet_id, reason_code::success, 0};
                    return r;
                }
                if (e->state != exchange_state::pubrec_due) return fail(errc::packet_id_not_found, id_at);
                if (is_error(a.reason)) {  // [MQTT-4.4.0-2]: over, no PUBREL [MQTT-4.3.3-4]; +1 quota (§4.9)
                    if (e->counted) quota_.release();
                    outbound_.erase(a.packet_id);
                    r.completed_packet_id = a.packet_id;
                    return r;
                }
                e->state = exchange_state::pubrel_due;  // [MQTT-4.3.3-4]
                e->resend = false;
                e->sequence = ++sequence_;
                r.ack = due_ack{packet_type::pubrel, a.packet_id, reason_code::success, 0};
                return r;
            } else {
                const auto awaited = T == packet_type::puback ? exchange_state::puback_due : exchange_state::pubcomp_due;
                if (e == nullptr || e->state != awaited) return fail(errc::packet_id_not_found, id_at);
                if (e->counted) quota_.release();  // PUBACK / PUBCOMP of any code: +1 (§4.9)
                outbound_.erase(a.packet_id);
                r.completed_packet_id = a.packet_id;
                return r;
            }
        }
    }

    result<received> on_receive(const subscribe& s) noexcept {
        const auto header = header_bytes() + 2;
        if (is_v5()) {
            if (!own().subscription_identifier_available && s.properties.subscription_identifier())
                return fail(errc::subscription_identifier_not_supported,
                            detail::property_offset(header, s.properties, property_id::subscription_identifier));
            auto at = header + wire::varint_size(static_cast<std::uint32_t>(s.properties.size_bytes())) + s.properties.size_bytes();
            if (s.properties.length_width() != 0)
                at = header + s.properties.length_width() + s.properties.size_bytes();
            for (const auto sub : s.subscriptions) {
                if (!own().shared_subscription_available && is_shared_subscription(sub.topic_filter))
                    return fail(errc::shared_subscription_not_supported, at);
                if (!own().wildcard_subscription_available && detail::has_wildcard(sub.topic_filter))
                    return fail(errc::wildcard_subscription_not_supported, at);
                at += 2 + sub.topic_filter.size() + 1;
            }
        }
        return request_received(s.packet_id, exchange_state::suback_due, packet_type::suback, s.subscriptions.size());
    }
    result<received> on_receive(const unsubscribe& u) noexcept {
        return request_received(u.packet_id, exchange_state::unsuback_due, packet_type::unsuback, u.topic_filters.size());
    }
    result<received> request_received(std::uint16_t id, exchange_state s, packet_type ack, std::size_t filters) noexcept {
        if (inbound_.contains(id)) return fail(errc::packet_id_in_use, header_bytes());
        if (inbound_.full()) return fail(errc::capacity_exceeded);
        exchange e{};
        e.packet_id = id;
        e.state = s;
        e.filter_count = static_cast<std::uint16_t>(filters);
        e.sequence = ++sequence_;
        inbound_.push(e);
        received r{};
        r.ack = due_ack{ack, id, reason_code::success, e.filter_count};  // [MQTT-3.8.4-1] [MQTT-3.10.4-4]
        return r;
    }

    template <packet_type T> result<received> on_receive(const basic_sub_ack<T>& a) noexcept {
        std::size_t at = 0;
        if (const auto e = check_problem_information(a, header_bytes() + 2, at); e != errc::ok) return fail(e, at);
        const auto* e = outbound_.find(a.packet_id);
        const auto awaited = T == packet_type::suback ? exchange_state::suback_due : exchange_state::unsuback_due;
        if (e == nullptr || e->state != awaited) return fail(errc::packet_id_not_found, header_bytes());  // [MQTT-2.2.1-6]
        // One code per Topic Filter [MQTT-3.8.4-6] [MQTT-3.9.3-1] [MQTT-3.11.3-1]; a 3.1.1 UNSUBACK has none.
        const bool counted = T == packet_type::suback || is_v5();
        if (counted && a.reason_codes.size() != e->filter_count) return fail(errc::reason_code_count_mismatch, header_bytes() + 2);
        outbound_.erase(a.packet_id);
        received r{};
        r.completed_packet_id = a.packet_id;
        return r;
    }

    result<received> on_receive(const pingreq&) noexcept {
        received r{};
        r.ack = due_ack{packet_type::pingresp, 0, reason_code::success, 0};  // [MQTT-3.12.4-1]
        return r;
    }
    result<received> on_receive(const pingresp&) noexcept {
        timer_.pingresp_received();
        return received{};
    }

    result<received> on_receive(const disconnect& d) noexcept {
        if constexpr (Role == role::server) {
            if (is_v5())
                if (const auto sei = d.properties.session_expiry_interval()) {
                    // §3.14.2.2.2: 0 in CONNECT, then non-zero in DISCONNECT, is a Protocol Error.
                    if (*sei != 0 && limits_.connect_session_expiry_interval == 0)
                        return fail(errc::session_expiry_after_zero,
                                    detail::property_offset(header_bytes() + 1, d.properties, property_id::session_expiry_interval));
                    limits_.session_expiry_interval = *sei;
                }
        }
        state_ = connection_state::ended;
        received r{};
        r.reason = d.reason;
        r.ended = true;
        return r;
    }

    result<received> on_receive(const auth& a) noexcept {
        const auto method = a.properties.authentication_method();
        const auto props_at = header_bytes() + 1;
        if (const auto e = auth_.check_auth(peer_role, a.reason, method.has_value(), method.value_or(std::string_view{})); e != errc::ok)
            return fail(e, method ? detail::property_offset(props_at, a.properties, property_id::authentication_method) : 0);
        std::size_t at = 0;
        if (const auto e = check_problem_information(a, props_at, at); e != errc::ok) return fail(e, at);
        auth_.apply_auth(peer_role, a.reason);
        received r{};
        r.reason = a.reason;
        return r;
    }

    // ---- send, per packet ----

    result<std::size_t> on_send(connect& c) noexcept {
        connect q = c;
        if (!announce_receive_maximum(q.properties)) return fail(errc::capacity_exceeded);
        if (const auto e = check_connect(q); e != errc::ok) return fail(e);
        auto n = size_of(q);
        if (!n) return n;
        apply_connect(q);
        c = q;
        return n;
    }

    result<std::size_t> on_send(connack& c) noexcept {
        connack q = c;
        if (detail::connack_accepted(q, version_) && !announce_receive_maximum(q.properties))
            return fail(errc::capacity_exceeded);
        if (const auto e = check_connack(q, true); e.code != errc::ok) return e;
        auto n = fit_for_peer(q);
        if (!n) return n;
        apply_connack(q, last_now_);
        c = q;
        return n;
    }

    result<std::size_t> on_send(publish& p) noexcept {
        publish q = p;
        if constexpr (Role == role::client) {
            if (q.qos > peer().maximum_qos) return fail(errc::qos_not_supported);          // [MQTT-3.2.2-11]
            if (q.retain && !peer().retain_available) return fail(errc::retain_not_supported);  // [MQTT-3.2.2-14]
        }
        exchange* resent = nullptr;
        auto ids = ids_;
        if (q.qos != qos::at_most_once) {
            if (q.packet_id != 0) {
                if (auto* e = outbound_.find(q.packet_id)) {
                    const auto state = q.qos == qos::at_least_once ? exchange_state::puback_due : exchange_state::pubrec_due;
                    if (!e->resend || e->state != state) return fail(errc::packet_id_in_use);  // [MQTT-2.2.1-3] [MQTT-2.2.1-4]
                    // Re-sent PUBLISH packets keep their original order [MQTT-4.6.0-1].
                    for (const auto& other : outbound_.entries()) {
                        if (&other == e) break;
                        if (other.resend && (other.state == exchange_state::puback_due || other.state == exchange_state::pubrec_due))
                            return fail(errc::out_of_order);
                    }
                    resent = e;
                }
            }
            if (quota_.exhausted()) return fail(errc::send_quota_exhausted);  // [MQTT-3.3.4-7] [MQTT-3.3.4-9] [MQTT-4.9.0-2]
            if (resent == nullptr) {
                if (outbound_.full()) return fail(errc::capacity_exceeded);
                if (q.packet_id == 0) q.packet_id = ids.allocate([this](std::uint16_t id) { return outbound_.contains(id); });
            }
        } else {
            q.packet_id = 0;
        }
        // DUP 1 exactly on a retransmission [MQTT-3.3.1-1] [MQTT-3.3.1-3] [MQTT-4.3.1-1] [MQTT-4.3.2-2] [MQTT-4.3.3-2].
        q.dup = resent != nullptr;
        // Topic Alias: what the peer accepts [MQTT-3.1.2-26] [MQTT-3.1.2-27] [MQTT-3.2.2-17] [MQTT-3.2.2-18].
        std::uint16_t map_alias = 0;
        std::string_view map_text{};
        bool map_touch = false;
        if (is_v5()) {
            const std::uint16_t limit = static_cast<std::uint16_t>(
                peer().topic_alias_maximum < Capacity.outbound_topic_aliases ? peer().topic_alias_maximum
                                                                             : Capacity.outbound_topic_aliases);
            if (const auto a = q.properties.topic_alias()) {
                if (options_.outbound_aliases == topic_alias_policy::none) return fail(errc::invalid_argument);
                if (*a > peer().topic_alias_maximum) return fail(errc::topic_alias_above_maximum);
                if (*a > Capacity.outbound_topic_aliases) return fail(errc::capacity_exceeded);
                if (q.topic.empty()) {
                    if (!outbound_aliases_.is_mapped(*a)) return fail(errc::topic_alias_unmapped);
                    map_alias = *a;
                    map_touch = true;
                } else {
                    map_alias = *a;
                    map_text = options_.outbound_aliases == topic_alias_policy::least_recently_used ? q.topic : std::string_view{};
                    if (!outbound_aliases_.fits(map_alias, map_text)) map_text = {};
                }
            } else if (options_.outbound_aliases == topic_alias_policy::least_recently_used && !q.topic.empty() && limit != 0) {
                if (const auto found = outbound_aliases_.find(q.topic, limit); found != 0) {
                    if (add_topic_alias(q, found)) {
                        q.topic = {};
                        map_alias = found;
                        map_touch = true;
                    }
                } else if (const auto v = outbound_aliases_.victim(limit); v != 0 && outbound_aliases_.fits(v, q.topic)) {
                    if (add_topic_alias(q, v)) {
                        map_alias = v;
                        map_text = q.topic;
                    }
                }
            }
        }
        auto n = size_of(q);
        if (!n) return n;
        // [MQTT-3.2.2-15] (Client); a Server's PUBLISH over the Client's limit is not sent, and the Server acts as
        // if it had been [MQTT-3.1.2-24] [MQTT-3.1.2-25].
        if (is_v5() && *n > peer().maximum_packet_size) return fail(errc::packet_too_large);
        // Commit.
        ids_ = ids;
        if (map_alias != 0) {
            if (map_touch) outbound_aliases_.touch(map_alias, ++alias_clock_);
            else outbound_aliases_.assign(map_alias, map_text, ++alias_clock_);
        }
        if (q.qos != qos::at_most_once) {
            quota_.take();
            if (resent != nullptr) {
                resent->resend = false;
                resent->counted = true;
            } else {
                exchange e{};
                e.packet_id = q.packet_id;
                e.state = q.qos == qos::at_least_once ? exchange_state::puback_due : exchange_state::pubrec_due;
                e.counted = true;
                e.sequence = ++sequence_;
                outbound_.push(e);
            }
        }
        p = q;
        return n;
    }

    // Appends Topic Alias `alias` to a PUBLISH's properties, in the scratch storage. false when it does not fit.
    bool add_topic_alias(publish& q, std::uint16_t alias) noexcept {
        return append_two_byte_integer(q.properties, property_id::topic_alias, alias);
    }

    // Appends a Two Byte Integer property to a block, in the scratch storage. false when it does not fit.
    template <place P> bool append_two_byte_integer(property_block<P>& block, property_id id, std::uint16_t value) noexcept {
        const auto src = block.bytes();
        if (src.size() + 3 > scratch_.size()) return false;
        if (!src.empty()) std::memmove(scratch_.data(), src.data(), src.size());
        scratch_[src.size()] = std::byte{static_cast<std::uint8_t>(id)};
        scratch_[src.size() + 1] = std::byte{static_cast<std::uint8_t>(value >> 8)};
        scratch_[src.size() + 2] = std::byte{static_cast<std::uint8_t>(value & 0xFF)};
        auto rebuilt = property_block<P>::parse(std::span<const std::byte>{scratch_.data(), src.size() + 3});
        if (!rebuilt) return false;
        block = *rebuilt;
        return true;
    }

    // A CONNECT (Client) or CONNACK (Server) without Receive Maximum announces 65,535 (§3.1.2.11.3, §3.2.2.3.3):
    // more than this object can hold when inbound_inflight is smaller. send() then adds Receive Maximum =
    // inbound_inflight, so a plain CONNECT / CONNACK works; one that announces more than the capacity is refused.
    template <place P> bool announce_receive_maximum(property_block<P>& block) noexcept {
        constexpr auto most = std::size_t{0xFFFF};
        if constexpr (Capacity.inbound_inflight >= most) return true;
        else {
            if (!is_v5() || block.receive_maximum()) return true;
            return append_two_byte_integer(block, property_id::receive_maximum,
                                           static_cast<std::uint16_t>(Capacity.inbound_inflight));
        }
    }

    // PUBACK, PUBREC, PUBREL, PUBCOMP this side sends.
    template <packet_type T> result<std::size_t> on_send(basic_pub_ack<T>& a) noexcept {
        basic_pub_ack<T> q = a;
        exchange* e = nullptr;
        if constexpr (T == packet_type::pubrel) {
            e = outbound_.find(q.packet_id);
            if (e == nullptr || e->state != exchange_state::pubrel_due) {
                // PUBREL 0x92 answers a PUBREC whose id this side does not know (Table 3-7).
                if (e != nullptr || q.reason != not_found_code()) return fail(errc::packet_id_not_found);
                e = nullptr;
            } else if (Role == role::client && first_sequence(outbound_, exchange_state::pubrel_due) != e->sequence) {
                return fail(errc::out_of_order);  // [MQTT-4.6.0-4]: §4.6 binds the Client only
            }
        } else {
            constexpr auto due = T == packet_type::puback ? exchange_state::puback_due
                               : T == packet_type::pubrec ? exchange_state::pubrec_due
                                                          : exchange_state::pubcomp_due;
            e = inbound_.find(q.packet_id);
            if (e == nullptr || e->state != due) {
                // PUBCOMP 0x92 answers a PUBREL whose id this side does not know [MQTT-4.3.3-11].
                if (T != packet_type::pubcomp || e != nullptr || q.reason != not_found_code())
                    return fail(errc::packet_id_not_found);  // [MQTT-2.2.1-5]
                e = nullptr;
            } else if (Role == role::client && T != packet_type::pubcomp && first_sequence(inbound_, due) != e->sequence) {
                return fail(errc::out_of_order);  // [MQTT-4.6.0-2] [MQTT-4.6.0-3]: §4.6 binds the Client only
            }
        }
        auto n = fit_for_peer(q);
        if (!n) return n;
        if (e != nullptr) {
            const auto id = q.packet_id;
            if constexpr (T == packet_type::pubrel) {
                e->state = exchange_state::pubcomp_due;  // [MQTT-4.3.3-5]
                e->resend = false;
            } else if constexpr (T == packet_type::pubrec) {
                if (is_error(q.reason)) {  // over; the id is free again [MQTT-4.3.3-9]; the slot is free (session.md part 6)
                    if (e->counted) window_.release();
                    inbound_.erase(id);
                } else {
                    e->state = exchange_state::pubrel_awaited;
                }
            } else {  // PUBACK, PUBCOMP: over [MQTT-4.3.2-5] [MQTT-4.3.3-12]
                if (e->counted) window_.release();
                inbound_.erase(id);
            }
        }
        a = q;
        return n;
    }

    result<std::size_t> on_send(subscribe& s) noexcept {
        if (is_v5()) {
            if (!peer().subscription_identifier_available && s.properties.subscription_identifier())
                return fail(errc::subscription_identifier_not_supported);
            for (const auto sub : s.subscriptions) {
                if (!peer().shared_subscription_available && is_shared_subscription(sub.topic_filter))
                    return fail(errc::shared_subscription_not_supported);
                if (!peer().wildcard_subscription_available && detail::has_wildcard(sub.topic_filter))
                    return fail(errc::wildcard_subscription_not_supported);
            }
        }
        return request_sent(s, exchange_state::suback_due, s.subscriptions.size());
    }
    result<std::size_t> on_send(unsubscribe& u) noexcept {
        return request_sent(u, exchange_state::unsuback_due, u.topic_filters.size());
    }
    template <class P> result<std::size_t> request_sent(P& p, exchange_state s, std::size_t filters) noexcept {
        P q = p;
        auto ids = ids_;
        if (q.packet_id != 0 && outbound_.contains(q.packet_id)) return fail(errc::packet_id_in_use);
        if (outbound_.full()) return fail(errc::capacity_exceeded);
        if (q.packet_id == 0) q.packet_id = ids.allocate([this](std::uint16_t id) { return outbound_.contains(id); });
        auto n = fit_for_peer(q);
        if (!n) return n;
        ids_ = ids;
        exchange e{};
        e.packet_id = q.packet_id;
        e.state = s;
        e.filter_count = static_cast<std::uint16_t>(filters);
        e.sequence = ++sequence_;
        outbound_.push(e);
        p = q;
        return n;
    }

    template <packet_type T> result<std::size_t> on_send(basic_sub_ack<T>& a) noexcept {
        basic_sub_ack<T> q = a;
        const auto* e = inbound_.find(q.packet_id);
        const auto due = T == packet_type::suback ? exchange_state::suback_due : exchange_state::unsuback_due;
        if (e == nullptr || e->state != due) return fail(errc::packet_id_not_found);  // [MQTT-3.8.4-2] [MQTT-2.2.1-6]
        const bool counted = T == packet_type::suback || is_v5();
        if (counted && q.reason_codes.size() != e->filter_count)
            return fail(errc::reason_code_count_mismatch);  // [MQTT-3.8.4-6] [MQTT-3.11.3-1]
        auto n = fit_for_peer(q);
        if (!n) return n;
        inbound_.erase(q.packet_id);
        a = q;
        return n;
    }

    result<std::size_t> on_send(pingreq& p) noexcept { return size_of(p); }
    result<std::size_t> on_send(pingresp& p) noexcept { return size_of(p); }

    result<std::size_t> on_send(disconnect& d) noexcept {
        disconnect q = d;
        std::optional<std::uint32_t> sei;
        if (is_v5()) sei = q.properties.session_expiry_interval();
        if constexpr (Role == role::client) {
            if (sei && *sei != 0 && limits_.connect_session_expiry_interval == 0) return fail(errc::session_expiry_after_zero);
        } else {
            if (!is_v5()) return fail(errc::wrong_direction);  // 3.1.1: only the Client sends DISCONNECT
            if (sei) return fail(errc::session_expiry_from_server);  // [MQTT-3.14.2-2]
        }
        auto n = fit_for_peer(q);
        if (!n) return n;
        if (sei) limits_.session_expiry_interval = *sei;
        state_ = connection_state::ended;  // [MQTT-3.14.4-1] [MQTT-3.14.4-2]
        d = q;
        return n;
    }

    result<std::size_t> on_send(auth& a) noexcept {
        auth q = a;
        const auto method = q.properties.authentication_method();
        if (const auto e = auth_.check_auth(Role, q.reason, method.has_value(), method.value_or(std::string_view{})); e != errc::ok)
            return fail(e);
        auto n = fit_for_peer(q);
        if (!n) return n;
        auth_.apply_auth(Role, q.reason);
        a = q;
        return n;
    }

    // ---- data ----

    connection_options options_{};
    protocol_version version_{protocol_version::v5};
    connection_state state_{connection_state::closed};
    negotiated_limits limits_{};
    authentication_state<Capacity.authentication_method_bytes> auth_{};
    fixed_string<Capacity.client_id_bytes> assigned_client_id_{};
    inbound_alias_map inbound_aliases_{};
    outbound_alias_map outbound_aliases_{};
    exchange_table<Capacity.outbound_inflight> outbound_{};
    exchange_table<Capacity.inbound_inflight> inbound_{};
    packet_id_allocator ids_{};
    send_quota quota_{};
    receive_window window_{};
    keep_alive_timer timer_{};
    std::array<std::byte, Capacity.property_scratch_bytes> scratch_{};
    millis opened_at_{};
    millis last_now_{};
    std::size_t size_{};
    std::uint32_t alias_clock_{};
    std::uint32_t sequence_{};
    bool clean_start_{};
    bool empty_client_id_{};
    std::int8_t will_qos_{-1};  // -1: no Will
    bool will_retain_{};
    bool has_session_{};
    bool session_present_{};
};

/// The connection layer of a Client.
template <session_capacity Capacity = session_capacity{}> using client_connection = basic_connection<role::client, Capacity>;
/// The connection layer of a Server.
template <session_capacity Capacity = session_capacity{}> using server_connection = basic_connection<role::server, Capacity>;

}  // namespace mqtt5
