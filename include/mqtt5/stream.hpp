/// \file
/// Incremental framing of a byte stream (TCP, or WebSocket frames [MQTT-6.0.0-2]) into whole packets, over
/// caller-provided storage: no heap. A packet that lies whole in the chunk the caller fed is handed out as a
/// view into that chunk (zero copy); only a packet split across chunks is reassembled in the storage. The
/// maximum packet size (fixed header + Remaining Length, as MQTT's Maximum Packet Size counts it) is
/// enforced as soon as the fixed header is known, before any of the body is buffered.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <type_traits>

#include "borrowed.hpp"
#include "codec.hpp"

namespace mqtt5 {

/// How a framer judges the stream.
struct framer_options {
    /// Larger packets are refused with errc::packet_too_large (0x95). Capped at the storage size.
    std::size_t max_packet_size{mqtt5::max_packet_size};
    /// Accept a Remaining Length in more bytes than it needs, which [MQTT-1.5.5-1] forbids a sender to write
    /// (for tolerant receivers and tools); by default it is errc::varint_not_minimal.
    bool allow_non_minimal_varint{false};
};

/// What framer::next() found.
enum class frame_status : std::uint8_t {
    packet,     ///< `packet` holds one complete packet
    need_more,  ///< every byte fed so far is taken in; feed more (at least `bytes_needed`)
    error,      ///< the stream is broken at `stream_offset`; the framer stays failed until reset()
};

/// One answer of framer::next(): a packet, a request for more bytes, or the error that broke the stream.
struct frame_result {
    frame_status status{frame_status::need_more};  ///< which of the three it is
    std::span<const std::byte> packet{};  ///< valid until the next call to next() or feed()
    std::size_t bytes_needed{};           ///< with need_more: a lower bound on the bytes still missing
    error err{};                          ///< with error: errc, reason code and offset within the packet
    std::size_t stream_offset{};          ///< where the packet starts in the stream
};

/// Cuts a byte stream, fed in chunks of any size, into whole MQTT packets (see the file comment).
class framer {
public:
    /// A framer that reassembles split packets in `storage`, which bounds the largest packet it accepts and must
    /// outlive the framer.
    explicit framer(std::span<std::byte> storage, framer_options options = {}) noexcept
        : storage_(storage),
          max_(options.max_packet_size < storage.size() ? options.max_packet_size : storage.size()),
          allow_non_minimal_(options.allow_non_minimal_varint) {}

    /// Hands over the next chunk of the stream. It must stay valid until next() says need_more. Call it only
    /// when the previous chunk is used up.
    void feed(std::span<const std::byte> chunk) noexcept { chunk_ = chunk; }
    /// A temporary container would die before next() reads it: refused at compile time (borrowed.hpp).
    template <class Chunk>
        requires(detail::temporary_container<Chunk> && std::is_convertible_v<Chunk, std::span<const std::byte>>)
    void feed(Chunk&&) = delete;

    /// The next complete packet, need_more, or the error that broke the stream.
    frame_result next() noexcept {
        const auto start = packet_start_;
        if (std::span<const std::byte> packet; take_whole(packet)) {
            frame_result r{};
            r.status = frame_status::packet;
            r.packet = packet;
            r.stream_offset = start;
            return r;
        }
        if (failed_.code != errc::ok) return fail(failed_);
        return stored_ == 0 ? next_in_chunk() : continue_stored();
    }

    /// At the end of the input: an error (incomplete_packet, offset = the bytes of it that arrived) when a
    /// packet was cut off, otherwise ok.
    error finish() const noexcept {
        if (failed_.code != errc::ok) return failed_;
        return stored_ == 0 ? error{} : make_error(errc::incomplete_packet, stored_);
    }

    /// Starts a new stream: forgets any partial packet and a past error, and counts stream offsets from 0.
    void reset() noexcept {
        chunk_ = {};
        stored_ = 0;
        total_ = 0;
        position_ = 0;
        packet_start_ = 0;
        failed_ = error{};
    }

    /// The largest packet accepted: framer_options::max_packet_size, capped at the storage size.
    std::size_t max_packet_size() const noexcept { return max_; }
    /// Bytes of a split packet held in the storage so far (0 between packets).
    std::size_t buffered() const noexcept { return stored_; }
    /// Bytes of the stream consumed so far (complete packets and the buffered part of a split one).
    std::size_t stream_position() const noexcept { return position_; }

    class frame_range;
    /// `for (auto frame : f.frames(chunk))`: yields result<span> for each complete packet in the chunk;
    /// an error is yielded once and ends the range.
    frame_range frames(std::span<const std::byte> chunk) noexcept;
    /// A range-for's temporaries die before its body runs: refused at compile time (borrowed.hpp).
    template <class Chunk>
        requires(detail::temporary_container<Chunk> && std::is_convertible_v<Chunk, std::span<const std::byte>>)
    frame_range frames(Chunk&&) = delete;  // a range-for's temporaries die before its body runs

private:
    frame_result fail(error e) noexcept {
        failed_ = e;
        stored_ = 0;  // a broken stream keeps nothing; reset() starts afresh
        total_ = 0;
        frame_result r{};
        r.status = frame_status::error;
        r.err = e;
        r.stream_offset = packet_start_;
        return r;
    }
    frame_result need(std::size_t n) const noexcept {
        frame_result r{};
        r.status = frame_status::need_more;
        r.bytes_needed = n;
        r.stream_offset = packet_start_;
        return r;
    }
    frame_result yield(std::span<const std::byte> packet) noexcept {
        frame_result r{};
        r.status = frame_status::packet;
        r.packet = packet;
        r.stream_offset = packet_start_;
        packet_start_ += packet.size();
        return r;
    }

    // The commonest case, inline: between packets, a packet with a Remaining Length of one byte, or of two
    // in their minimal form, whole in the chunk and within the maximum size. Takes it out of the chunk as
    // next_in_chunk would and returns true; false (nothing changed) for anything else, which next() then
    // handles (next_in_chunk, continue_stored, or the failure).
    bool take_whole(std::span<const std::byte>& packet) noexcept {
        if (stored_ != 0 || failed_.code != errc::ok) return false;
        const auto n = chunk_.size();
        if (n < 2) return false;
        const auto* p = chunk_.data();
        const std::size_t first = static_cast<std::uint8_t>(p[1]);
        std::size_t total = 2u + first;
        if (first >= 0x80u) {
            if (n < 3) return false;
            // A two-byte Remaining Length in its minimal form; anything else (a non-minimal one among them)
            // is for next_in_chunk, which decides with the options.
            const std::size_t length = wire::detail::two_byte_varint(static_cast<std::uint32_t>(first), static_cast<std::uint8_t>(p[2]));
            if (length == 0) return false;
            total = 3u + length;
        }
        if (total > n || total > max_) return false;
        packet = {p, total};
        chunk_ = {p + total, n - total};
        position_ += total;
        packet_start_ += total;
        return true;
    }

    // Parses a fixed header at the start of `bytes`. Returns 0 when it is not complete yet, else the packet
    // size; sets `e` on a framing error.
    std::size_t header(std::span<const std::byte> bytes, error& e) const noexcept {
        detail::fixed_header fh;
        e = detail::parse_fixed_header(bytes, fh, allow_non_minimal_);
        if (e.code == errc::incomplete_packet) {
            e = error{};
            return 0;
        }
        if (e.code == errc::reserved_packet_type) e = error{};  // the decoder reports it, with the packet
        if (e.code != errc::ok) return 0;
        if (fh.size() > max_) e = make_error(errc::packet_too_large, 0);
        return fh.size();
    }

    void store(std::span<const std::byte> bytes) noexcept {
        std::memcpy(storage_.data() + stored_, bytes.data(), bytes.size());
        stored_ += bytes.size();
        position_ += bytes.size();
        chunk_ = chunk_.subspan(bytes.size());
    }

    frame_result next_in_chunk() noexcept {
        if (chunk_.empty()) return need(1);
        error e;
        const auto total = header(chunk_, e);
        if (e.code != errc::ok) return fail(e);
        if (total == 0) {  // the fixed header itself is split
            if (chunk_.size() > storage_.size()) return fail(make_error(errc::packet_too_large, 0));
            store(chunk_);
            return need(1);
        }
        if (chunk_.size() >= total) {
            const auto packet = chunk_.first(total);
            chunk_ = chunk_.subspan(total);
            position_ += total;
            return yield(packet);
        }
        total_ = total;
        store(chunk_);
        return need(total_ - stored_);
    }

    frame_result continue_stored() noexcept {
        while (total_ == 0) {  // complete the fixed header one byte at a time (at most 5 bytes)
            if (chunk_.empty()) return need(1);
            if (stored_ == storage_.size()) return fail(make_error(errc::packet_too_large, 0));
            store(chunk_.first(1));
            error e;
            total_ = header(storage_.first(stored_), e);
            if (e.code != errc::ok) return fail(e);
        }
        const auto missing = total_ - stored_;
        store(chunk_.first(missing < chunk_.size() ? missing : chunk_.size()));
        if (stored_ < total_) return need(total_ - stored_);
        const auto packet = std::span<const std::byte>(storage_.data(), total_);
        stored_ = 0;
        total_ = 0;
        return yield(packet);
    }

    std::span<std::byte> storage_{};
    std::size_t max_{};
    bool allow_non_minimal_{};
    std::span<const std::byte> chunk_{};
    std::size_t stored_{};
    std::size_t total_{};
    std::size_t position_{};
    std::size_t packet_start_{};
    error failed_{};
};

/// The packets of one chunk as an input range (what framer::frames() returns); ends at need_more or after an
/// error.
class framer::frame_range {
public:
    /// Input iterator over the packets of the chunk; moving it calls framer::next().
    class iterator {
    public:
        using value_type = result<std::span<const std::byte>>;  ///< a packet, or the error that broke the stream
        using difference_type = std::ptrdiff_t;                 ///< required of an iterator; never used
        using iterator_category = std::input_iterator_tag;      ///< single pass: each packet is read once
        /// The end iterator.
        iterator() noexcept = default;
        /// An iterator at the next packet of `f`.
        explicit iterator(framer* f) noexcept : framer_(f) { advance(); }
        /// The current packet, or the error.
        value_type operator*() const noexcept {
            if (current_.status == frame_status::error) return current_.err;
            return current_.packet;
        }
        /// Moves to the next packet; after an error, to the end.
        iterator& operator++() noexcept {
            if (current_.status == frame_status::error) framer_ = nullptr;
            else advance();
            return *this;
        }
        /// Equal when both read the same framer or both are at the end: enough for the comparison with end().
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.framer_ == b.framer_; }

    private:
        void advance() noexcept {
            if (framer_->take_whole(current_.packet)) {  // the common case inline, without a frame_result
                current_.status = frame_status::packet;
                return;
            }
            advance_by_next();
        }
        // Every other case, out of line (when optimising for speed) so that the loop around advance() keeps
        // its registers.
        MQTT5_OFF_HOT_PATH void advance_by_next() noexcept {
            current_ = framer_->next();
            if (current_.status == frame_status::need_more) framer_ = nullptr;
        }
        framer* framer_{};
        frame_result current_{};
    };

    /// The packets `f` yields from the chunk it was last fed.
    explicit frame_range(framer* f) noexcept : framer_(f) {}
    /// Reads the first packet (so calling begin() twice reads two packets).
    iterator begin() const noexcept { return iterator{framer_}; }
    /// The end of the range.
    iterator end() const noexcept { return iterator{}; }

private:
    framer* framer_{};
};

inline framer::frame_range framer::frames(std::span<const std::byte> chunk) noexcept {
    feed(chunk);
    return frame_range{this};
}

}  // namespace mqtt5
