// The codec never touches the heap. This binary replaces the global operator new / new[] / delete /
// delete[] (every standard signature: plain, nothrow, sized, aligned) and malloc / calloc / realloc / free
// (plus aligned_alloc, posix_memalign and memalign), counting every call while counting is on; the malloc
// family forwards to glibc's own __libc_malloc and friends. Then, with all storage set up beforehand,
// encode, encoded_size, encode_publish_header, decode<T>, decode (variant), framing (next() and frames()),
// property building (through the generator of random_packets.hpp) and property iteration and lookup of
// 10,000 random packets of every type run with the counters on, and they must stay at exactly 0; then the
// same for 10,000 packets of every MQTT 3.1.1 type and of every MQTT 3.1 type, at their versions.
// A self-check shows the counters do move when something allocates.
//
// Build (it has its own main; link gtest without gtest_main):
//   g++ -std=c++20 -O1 -Iinclude tests/alloc/zero_alloc_test.cpp -lgtest -pthread -o zero_alloc_test
// glibc only (it uses __libc_malloc etc.); not meant to be built with a sanitizer, which has its own allocator.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "mqtt5.hpp"
#include "../unit/random_packets.hpp"

// ---- counting allocator -----------------------------------------------------------------------------------

extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* ptr, std::size_t size) noexcept;
void __libc_free(void* ptr) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
}

namespace {

std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
std::atomic<std::size_t> deallocations{0};

inline void count_allocation() noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}
inline void count_deallocation(const void* p) noexcept {
    if (p != nullptr && counting.load(std::memory_order_relaxed)) deallocations.fetch_add(1, std::memory_order_relaxed);
}

void* allocate(std::size_t size) {
    count_allocation();
    if (void* p = __libc_malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* allocate_aligned(std::size_t size, std::align_val_t align) {
    count_allocation();
    if (void* p = __libc_memalign(static_cast<std::size_t>(align), size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* allocate_nothrow(std::size_t size) noexcept {
    count_allocation();
    return __libc_malloc(size == 0 ? 1 : size);
}
void* allocate_aligned_nothrow(std::size_t size, std::align_val_t align) noexcept {
    count_allocation();
    return __libc_memalign(static_cast<std::size_t>(align), size == 0 ? 1 : size);
}
void deallocate(void* p) noexcept {
    count_deallocation(p);
    __libc_free(p);
}

struct counts {
    std::size_t allocations{};
    std::size_t deallocations{};
};

// Counts the calls made between start() and stop().
struct alloc_counter {
    static void start() noexcept {
        allocations.store(0);
        deallocations.store(0);
        counting.store(true);
    }
    static counts stop() noexcept {
        counting.store(false);
        return counts{allocations.load(), deallocations.load()};
    }
};

// Keeps the optimiser from removing an allocation whose result is otherwise unused.
template <class T> void escape(T* p) noexcept { asm volatile("" : : "g"(p) : "memory"); }

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size); }
void* operator new(std::size_t size, std::align_val_t align) { return allocate_aligned(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return allocate_aligned(size, align); }
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return allocate_aligned_nothrow(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
    return allocate_aligned_nothrow(size, align);
}

void operator delete(void* p) noexcept { deallocate(p); }
void operator delete[](void* p) noexcept { deallocate(p); }
void operator delete(void* p, std::size_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::size_t) noexcept { deallocate(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete(void* p, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { deallocate(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { deallocate(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { deallocate(p); }

extern "C" {
void* malloc(std::size_t size) noexcept {
    count_allocation();
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
    count_allocation();
    return __libc_calloc(count, size);
}
void* realloc(void* ptr, std::size_t size) noexcept {
    count_allocation();
    return __libc_realloc(ptr, size);
}
void free(void* ptr) noexcept {
    count_deallocation(ptr);
    __libc_free(ptr);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    count_allocation();
    return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
    count_allocation();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    count_allocation();
    if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
    void* p = __libc_memalign(alignment, size);
    if (p == nullptr) return 12;  // ENOMEM
    *out = p;
    return 0;
}
}

// ---- the tests ------------------------------------------------------------------------------------------

namespace {

using mqtt5_gen::packet_arena;
using mqtt5_gen::packet_generator;

constexpr std::uint64_t default_seed = 0x6D717474'355A0001ull;

std::uint64_t run_seed() {
    std::uint64_t s = default_seed;
    if (const char* env = std::getenv("MQTT5_SEED"); env != nullptr && *env != '\0') s = std::strtoull(env, nullptr, 0);
    return s;
}

TEST(ZeroAlloc, CounterSeesOperatorNew) {
    alloc_counter::start();
    {
        std::vector<int> v(100);
        escape(v.data());
    }
    auto* one = new int(7);
    escape(one);
    delete one;
    auto* many = new long[9];
    escape(many);
    delete[] many;
    auto* aligned = new (std::align_val_t{64}) int(1);
    escape(aligned);
    ::operator delete(aligned, std::align_val_t{64});
    const auto c = alloc_counter::stop();
    EXPECT_GE(c.allocations, 4u);
    EXPECT_GE(c.deallocations, 4u);
}

TEST(ZeroAlloc, CounterSeesMallocFamily) {
    alloc_counter::start();
    void* a = std::malloc(32);
    escape(a);
    void* b = std::calloc(4, 8);
    escape(b);
    a = std::realloc(a, 4096);
    escape(a);
    std::free(a);
    std::free(b);
    const auto c = alloc_counter::stop();
    EXPECT_GE(c.allocations, 3u);
    EXPECT_GE(c.deallocations, 2u);
}

TEST(ZeroAlloc, CounterIsOffOutsideTheRegion) {
    alloc_counter::start();
    const auto c = alloc_counter::stop();
    auto s = std::make_unique<std::string>(100, 'x');  // not counted: counting is off
    escape(s.get());
    EXPECT_EQ(c.allocations, 0u);
    EXPECT_EQ(alloc_counter::stop().allocations, 0u);
}

// What one run of the workload saw; checked with gtest after counting stops (gtest may allocate).
struct tally {
    std::array<std::size_t, 16> per_type{};
    std::size_t packets{}, build_errors{}, size_mismatch{}, encode_errors{}, decode_errors{}, unequal{},
        reencode_mismatch{}, property_mismatch{}, publish_header_mismatch{}, framed{}, frame_mismatch{},
        framing_errors{}, properties_seen{}, typed_lookups{}, misc_mismatch{};
};

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

template <mqtt5::place P>
void walk_block(const mqtt5::property_block<P>& a, const mqtt5::property_block<P>& b, std::span<const mqtt5::property> log,
                tally& t) noexcept {
    auto i = a.begin();
    auto j = b.begin();
    std::size_t k = 0;
    for (; i != a.end() && j != b.end(); ++i, ++j, ++k) {
        const auto x = *i;
        const auto y = *j;
        if (x.id != y.id || x.integer != y.integer || x.string != y.string || x.pair_value != y.pair_value ||
            !same_bytes(x.binary, y.binary) || x.offset != y.offset || k >= log.size() || log[k].id != x.id ||
            log[k].offset != x.offset)
            ++t.property_mismatch;
        if (b.offset_of(y.id).value_or(~std::size_t{0}) > y.offset) ++t.property_mismatch;
        ++t.properties_seen;
    }
    if (i != a.end() || j != b.end() || k != log.size()) ++t.property_mismatch;
    std::size_t users = 0;
    for (const auto pair : b.user_properties()) {
        users += 1;
        if (pair.name.size() > b.size_bytes()) ++t.property_mismatch;
    }
    if (users != a.user_properties().size()) ++t.property_mismatch;
    if constexpr (mqtt5::allows(P, mqtt5::property_id::reason_string)) {
        if (a.reason_string() != b.reason_string()) ++t.property_mismatch;
        ++t.typed_lookups;
    }
    if constexpr (mqtt5::allows(P, mqtt5::property_id::subscription_identifier)) {
        std::uint64_t sa = 0, sb = 0;
        for (const auto v : a.subscription_identifiers()) sa = sa * 31 + v;
        for (const auto v : b.subscription_identifiers()) sb = sb * 31 + v;
        if (sa != sb) ++t.property_mismatch;
        ++t.typed_lookups;
    }
    if constexpr (mqtt5::allows(P, mqtt5::property_id::authentication_method)) {
        if (a.authentication_method() != b.authentication_method()) ++t.property_mismatch;
        if (a.authentication_data().has_value() != b.authentication_data().has_value()) ++t.property_mismatch;
        ++t.typed_lookups;
    }
    if constexpr (mqtt5::allows(P, mqtt5::property_id::topic_alias)) {
        if (a.topic_alias() != b.topic_alias() || a.payload_format_indicator() != b.payload_format_indicator() ||
            a.response_topic() != b.response_topic())
            ++t.property_mismatch;
        ++t.typed_lookups;
    }
    if constexpr (mqtt5::allows(P, mqtt5::property_id::maximum_qos)) {
        if (a.maximum_qos() != b.maximum_qos() || a.receive_maximum() != b.receive_maximum() ||
            a.maximum_packet_size() != b.maximum_packet_size())
            ++t.property_mismatch;
        ++t.typed_lookups;
    }
    // Rebuilding the block from its parsed properties with the builder gives the same bytes.
    static std::array<std::byte, packet_arena::property_capacity> rebuilt{};
    mqtt5::property_builder<P> builder{rebuilt};
    for (const auto prop : b) builder.add(prop);
    const auto again = builder.build();
    if (!again || !(*again == a)) ++t.property_mismatch;
    // And parse() on the bytes.
    const auto parsed = mqtt5::property_block<P>::parse(b.bytes());
    if (!parsed || !(*parsed == b)) ++t.property_mismatch;
}

template <class P> void walk_properties(const P& a, const P& b, const packet_arena& arena, tally& t) noexcept {
    if constexpr (requires { a.properties; }) walk_block(a.properties, b.properties, arena.logged(packet_arena::own_block), t);
    if constexpr (std::is_same_v<P, mqtt5::connect>) {
        if (a.will.has_value() != b.will.has_value()) ++t.property_mismatch;
        else if (a.will) walk_block(a.will->properties, b.will->properties, arena.logged(packet_arena::will_block), t);
        if (a.will) {
            t.misc_mismatch += mqtt5::validate_topic_name(a.will->topic) != mqtt5::errc::ok;
        }
    }
}

// All the storage the workload uses, set up before counting starts.
struct workload_storage {
    packet_arena arena{};
    std::array<std::byte, packet_arena::max_encoded_size> out{};
    std::array<std::byte, packet_arena::max_encoded_size> again{};
    std::array<std::byte, 1 << 20> stream{};
    std::array<std::byte, packet_arena::max_encoded_size> framer_storage{};
    std::array<std::size_t, 4096> stream_sizes{};
};

// `version`: v5, or levels 4 and 3 (MQTT 3.1.1, 3.1), through decode_options/encode_options::version.
template <class P> void one_packet(const P& p, workload_storage& st, tally& t, mqtt5::protocol_version version) noexcept {
    const mqtt5::encode_options eo{.version = version};
    mqtt5::decode_options dopt{};
    dopt.version = version;
    const auto size = mqtt5::encoded_size(p, eo);
    const auto n = mqtt5::encode(p, st.out, eo);
    if (!size || !n) {
        ++t.encode_errors;
        return;
    }
    if (*size != *n) ++t.size_mismatch;
    const auto bytes = std::span<const std::byte>(st.out.data(), *n);
    if (mqtt5::encode(p, std::span<std::byte>(st.again.data(), *n - 1), eo).error().code != mqtt5::errc::buffer_too_small)
        ++t.misc_mismatch;

    const auto typed = mqtt5::decode<P>(bytes, dopt);
    const auto any = mqtt5::decode(bytes, dopt);
    if (!typed || !any || !std::holds_alternative<P>(*any)) {
        ++t.decode_errors;
        return;
    }
    if (!(*typed == p) || !(std::get<P>(*any) == p)) ++t.unequal;
    const auto m = mqtt5::encode(*typed, st.again, eo);
    if (!m || !same_bytes(bytes, std::span<const std::byte>(st.again.data(), *m))) ++t.reencode_mismatch;
    const auto k = mqtt5::encode(*any, st.again, eo);
    if (!k || *mqtt5::encoded_size(*any, eo) != *k || !same_bytes(bytes, std::span<const std::byte>(st.again.data(), *k)))
        ++t.reencode_mismatch;
    walk_properties(p, *typed, st.arena, t);

    if constexpr (std::is_same_v<P, mqtt5::publish>) {
        const auto h = mqtt5::encode_publish_header(p, st.again, eo);
        const auto hs = mqtt5::publish_header_size(p, eo);
        if (!h || !hs || *h != *hs || *h + p.payload.size() != *n ||
            !same_bytes(std::span<const std::byte>(st.again.data(), *h), bytes.first(*h)))
            ++t.publish_header_mismatch;
        t.misc_mismatch += !p.topic.empty() && mqtt5::validate_topic_name(p.topic) != mqtt5::errc::ok;
        t.misc_mismatch += !p.topic.empty() && !mqtt5::topic_matches("#", p.topic) && p.topic[0] != '$';
    }
    if constexpr (std::is_same_v<P, mqtt5::subscribe>) {
        for (const auto s : typed->subscriptions) {
            t.misc_mismatch += mqtt5::validate_topic_filter(s.topic_filter) != mqtt5::errc::ok;
            if (const auto shared = mqtt5::parse_shared_subscription(s.topic_filter)) t.misc_mismatch += shared->share_name.empty();
        }
    }
    if constexpr (requires { p.reason; }) {
        t.misc_mismatch += mqtt5::to_string(p.reason, mqtt5::type_of<P>()).empty();
    }
    t.misc_mismatch += mqtt5::to_string(mqtt5::type_of<P>()).empty();
}

// Frames `count` packets of `st.stream` with the given chunk size (0: the whole stream), via next() or frames().
// The framer is the same for every version; the framed packets are decoded at `version`.
void frame_stream(workload_storage& st, std::size_t total, std::size_t count, std::size_t step, bool range, tally& t,
                  mqtt5::protocol_version version) noexcept {
    mqtt5::framer f{st.framer_storage};
    mqtt5::decode_options dopt{};
    dopt.version = version;
    std::size_t pos = 0, k = 0, offset = 0;
    while (pos < total) {
        const auto n = step == 0 || step > total - pos ? total - pos : step;
        const auto chunk = std::span<const std::byte>(st.stream.data() + pos, n);
        const auto check = [&](std::span<const std::byte> packet) noexcept {
            if (k >= count || packet.size() != st.stream_sizes[k] ||
                !same_bytes(packet, std::span<const std::byte>(st.stream.data() + offset, packet.size())))
                ++t.frame_mismatch;
            else if (!mqtt5::decode(packet, dopt))
                ++t.decode_errors;
            offset += packet.size();
            ++k;
            ++t.framed;
        };
        if (range) {
            for (const auto frame : f.frames(chunk)) {
                if (!frame) {
                    ++t.framing_errors;
                    return;
                }
                check(*frame);
            }
        } else {
            f.feed(chunk);
            for (auto r = f.next(); r.status != mqtt5::frame_status::need_more; r = f.next()) {
                if (r.status == mqtt5::frame_status::error) {
                    ++t.framing_errors;
                    return;
                }
                if (r.stream_offset != offset) ++t.frame_mismatch;
                check(r.packet);
            }
        }
        pos += n;
    }
    if (k != count) ++t.frame_mismatch;
}

void run_workload(workload_storage& st, packet_generator& gen, std::size_t packets, tally& t,
                  mqtt5::protocol_version version = mqtt5::protocol_version::v5) noexcept {
    const mqtt5::encode_options eo{.version = version};
    const bool v5 = version == mqtt5::protocol_version::v5;
    std::size_t stream_used = 0, stream_count = 0, round = 0;
    const auto flush = [&]() noexcept {
        static constexpr std::size_t steps[] = {1, 7, 64, 1000, 0};
        const auto step = steps[round % 5];
        frame_stream(st, stream_used, stream_count, step, false, t, version);
        frame_stream(st, stream_used, stream_count, step == 1 ? 3 : step, true, t, version);
        stream_used = 0;
        stream_count = 0;
        ++round;
    };
    for (std::size_t i = 0; i < packets; ++i) {
        const auto type = v5 ? mqtt5_gen::all_packet_types[i % mqtt5_gen::all_packet_types.size()]
                             : mqtt5_gen::v311_packet_types[i % mqtt5_gen::v311_packet_types.size()];
        const auto p = gen.make(st.arena, type);  // property building happens here
        ++t.per_type[static_cast<std::size_t>(type)];
        ++t.packets;
        if (st.arena.build_error.code != mqtt5::errc::ok) ++t.build_errors;
        std::visit([&](const auto& q) noexcept { one_packet(q, st, t, version); }, p);
        // Collect the encodings into a stream and frame it now and then.
        auto n = mqtt5::encode(p, std::span<std::byte>(st.stream).subspan(stream_used), eo);
        if (!n) {  // the stream is full: frame it, then start a new one
            flush();
            n = mqtt5::encode(p, st.stream, eo);
            if (!n) {
                ++t.encode_errors;
                continue;
            }
        }
        stream_used += *n;
        st.stream_sizes[stream_count++] = *n;
        if (stream_count == 200) flush();
    }
    if (stream_count > 0) flush();
}

TEST(ZeroAlloc, TenThousandPacketsOfEveryTypeWithoutTheHeap) {
    // Everything is set up before counting starts.
    auto storage = std::make_unique<workload_storage>();
    packet_generator gen{run_seed()};
    tally t;
    // Warm up once uncounted (first-use initialisation of statics, if any, is not the codec's doing).
    run_workload(*storage, gen, 30, t);
    t = tally{};
    gen.reseed(run_seed());

    alloc_counter::start();
    run_workload(*storage, gen, 10'000, t);
    const auto c = alloc_counter::stop();

    EXPECT_EQ(c.allocations, 0u) << "the codec allocated";
    EXPECT_EQ(c.deallocations, 0u) << "the codec freed";
    EXPECT_EQ(t.packets, 10'000u);
    for (const auto type : mqtt5_gen::all_packet_types) EXPECT_GT(t.per_type[static_cast<std::size_t>(type)], 600u);
    EXPECT_EQ(t.build_errors, 0u);
    EXPECT_EQ(t.encode_errors, 0u);
    EXPECT_EQ(t.size_mismatch, 0u);
    EXPECT_EQ(t.decode_errors, 0u);
    EXPECT_EQ(t.unequal, 0u);
    EXPECT_EQ(t.reencode_mismatch, 0u);
    EXPECT_EQ(t.property_mismatch, 0u);
    EXPECT_EQ(t.publish_header_mismatch, 0u);
    EXPECT_EQ(t.frame_mismatch, 0u);
    EXPECT_EQ(t.framing_errors, 0u);
    EXPECT_EQ(t.misc_mismatch, 0u);
    EXPECT_EQ(t.framed, 2 * 10'000u) << "every packet framed via next() and via frames()";
    EXPECT_GT(t.properties_seen, 10'000u);
    EXPECT_GT(t.typed_lookups, 1'000u);
}

// The same workload at levels 4 and 3 (MQTT 3.1.1, 3.1): every one of their 14 packet types encoded,
// sized, decoded (typed and variant), re-encoded and framed at its version, without the heap.
class ZeroAllocLegacy : public testing::TestWithParam<mqtt5::protocol_version> {};

TEST_P(ZeroAllocLegacy, TenThousandPacketsOfEveryTypeWithoutTheHeap) {
    auto storage = std::make_unique<workload_storage>();
    mqtt5_gen::generator_options options{};
    options.version = GetParam();
    packet_generator gen{run_seed(), options};
    tally t;
    run_workload(*storage, gen, 30, t, GetParam());
    t = tally{};
    gen.reseed(run_seed());

    alloc_counter::start();
    run_workload(*storage, gen, 10'000, t, GetParam());
    const auto c = alloc_counter::stop();

    EXPECT_EQ(c.allocations, 0u) << "the codec allocated";
    EXPECT_EQ(c.deallocations, 0u) << "the codec freed";
    EXPECT_EQ(t.packets, 10'000u);
    for (const auto type : mqtt5_gen::v311_packet_types) EXPECT_GT(t.per_type[static_cast<std::size_t>(type)], 700u);
    EXPECT_EQ(t.per_type[static_cast<std::size_t>(mqtt5::packet_type::auth)], 0u) << "no AUTH at levels 3 and 4";
    EXPECT_EQ(t.build_errors, 0u);
    EXPECT_EQ(t.encode_errors, 0u);
    EXPECT_EQ(t.size_mismatch, 0u);
    EXPECT_EQ(t.decode_errors, 0u);
    EXPECT_EQ(t.unequal, 0u);
    EXPECT_EQ(t.reencode_mismatch, 0u);
    EXPECT_EQ(t.property_mismatch, 0u);
    EXPECT_EQ(t.publish_header_mismatch, 0u);
    EXPECT_EQ(t.frame_mismatch, 0u);
    EXPECT_EQ(t.framing_errors, 0u);
    EXPECT_EQ(t.misc_mismatch, 0u);
    EXPECT_EQ(t.framed, 2 * 10'000u) << "every packet framed via next() and via frames()";
}

INSTANTIATE_TEST_SUITE_P(Levels, ZeroAllocLegacy, testing::Values(mqtt5::protocol_version::v311, mqtt5::protocol_version::v31),
                         [](const testing::TestParamInfo<mqtt5::protocol_version>& info) {
                             return std::string(info.param == mqtt5::protocol_version::v31 ? "v31" : "v311");
                         });

// ---- the connection layer ----------------------------------------------------------------------------------
// A Client and a Server connection exchange traffic through the codec (encode, decode) with the counters on:
// handshakes, QoS 0/1/2 both ways with their acks, Topic Aliases (least recently used), SUBSCRIBE / SUBACK,
// PINGREQ / PINGRESP, lost connections and resumed Sessions with their re-sends.

struct session_tally {
    std::size_t sent{}, received{}, refused{}, violations{}, codec_errors{}, completed{}, resent{}, reconnects{}, aliased{};
};

constexpr mqtt5::session_capacity alloc_session_capacity{8, 16, 8, 256, 8, 256, 256, 64, 32};
using alloc_client = mqtt5::client_connection<alloc_session_capacity>;
using alloc_server = mqtt5::server_connection<alloc_session_capacity>;

struct session_rig {
    alloc_client client{mqtt5::connection_options{mqtt5::topic_alias_policy::least_recently_used, 0, 0}};
    alloc_server server{mqtt5::connection_options{mqtt5::topic_alias_policy::least_recently_used, 0, 0}};
    std::array<std::byte, 512> frame{};
    std::array<std::byte, 128> connect_props{};
    std::array<std::byte, 128> connack_props{};
    std::array<std::byte, 64> payload{};
    std::uint64_t rng{};
    mqtt5::millis now{};
    session_tally t{};

    std::uint32_t next() noexcept {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return static_cast<std::uint32_t>(rng >> 16);
    }

    // Encode as the sender's layer left it, decode as the receiver would, hand it to the receiving layer.
    template <class From, class To, class P> bool pass(From& from, To& to, P& p, mqtt5::role sender) noexcept {
        const auto n = from.send(p, now);
        if (!n) {
            ++t.refused;
            return false;
        }
        ++t.sent;
        const auto w = mqtt5::encode(p, frame);
        mqtt5::decode_options o{};
        o.sender = sender;
        const auto d = w ? mqtt5::decode(std::span<const std::byte>(frame.data(), *w), o) : mqtt5::result<mqtt5::packet>{};
        if (!w || !d || *w != *n) {
            ++t.codec_errors;
            return false;
        }
        const auto r = to.receive(*d, *w, now);
        if (!r) {
            ++t.violations;
            return false;
        }
        ++t.received;
        if (r->completed_packet_id != 0) ++t.completed;
        if (auto ack = mqtt5::ack_packet(r->ack)) {
            std::visit([&](auto& a) { pass(to, from, a, sender == mqtt5::role::client ? mqtt5::role::server : mqtt5::role::client); }, *ack);
        } else if (r->ack.type == mqtt5::packet_type::suback) {
            static constexpr mqtt5::reason_code granted[] = {mqtt5::reason_code::granted_qos_1};
            mqtt5::suback k{r->ack.packet_id, {}, std::span<const mqtt5::reason_code>(granted, 1), {}};
            pass(to, from, k, mqtt5::role::server);
        }
        return true;
    }

    void handshake(bool clean) noexcept {
        client.open(now);
        server.open(now);
        mqtt5::connect c{};
        c.client_id = "dev-1";
        c.keep_alive = 30;
        c.clean_start = clean;
        c.properties = *mqtt5::property_builder<mqtt5::place::connect>{connect_props}
                            .receive_maximum(8).topic_alias_maximum(8).session_expiry_interval(600).build();
        pass(client, server, c, mqtt5::role::client);
        mqtt5::connack a{};
        a.session_present = !clean && server.has_session();
        a.properties = *mqtt5::property_builder<mqtt5::place::connack>{connack_props}
                            .receive_maximum(4).topic_alias_maximum(4).build();
        pass(server, client, a, mqtt5::role::server);
    }

    static constexpr std::string_view topics[] = {"sensors/1/temp", "sensors/2/temp", "home/light", "status", "a/b/c"};

    mqtt5::publish message(std::uint16_t id, mqtt5::qos q) noexcept {
        mqtt5::publish p{};
        p.topic = topics[id % 5];
        p.qos = q;
        p.packet_id = id;
        p.payload = std::span<const std::byte>(payload.data(), id % payload.size());
        return p;
    }

    void resend() noexcept {
        for (const auto& e : client.outbound()) {
            if (!e.resend) continue;
            if (e.state == mqtt5::exchange_state::pubrel_due) {
                mqtt5::pubrel r{e.packet_id, mqtt5::reason_code::success, {}, {}};
                pass(client, server, r, mqtt5::role::client);
            } else {
                auto p = message(e.packet_id, e.state == mqtt5::exchange_state::puback_due ? mqtt5::qos::at_least_once
                                                                                            : mqtt5::qos::exactly_once);
                if (pass(client, server, p, mqtt5::role::client)) ++t.resent;
            }
        }
    }

    void run(std::size_t steps) noexcept {
        handshake(true);
        for (std::size_t i = 0; i < steps; ++i) {
            now += next() % 100;
            const auto action = next() % 20;
            if (action < 8) {
                auto p = message(0, static_cast<mqtt5::qos>(next() % 3));
                p.payload = std::span<const std::byte>(payload.data(), next() % payload.size());
                if (pass(client, server, p, mqtt5::role::client) && p.properties.topic_alias()) ++t.aliased;
            } else if (action < 15) {
                auto p = message(0, static_cast<mqtt5::qos>(next() % 3));
                pass(server, client, p, mqtt5::role::server);
            } else if (action < 16) {
                static const mqtt5::subscription subs[] = {{"sensors/+/temp", mqtt5::qos::at_least_once, false, false, {}}};
                mqtt5::subscribe s{};
                s.subscriptions = std::span<const mqtt5::subscription>(subs);
                pass(client, server, s, mqtt5::role::client);
            } else if (action < 17) {
                mqtt5::pingreq pr{};
                pass(client, server, pr, mqtt5::role::client);
            } else if (action < 18) {
                // A QoS 1 / 2 PUBLISH whose acks are lost with the connection, then a resumed Session.
                auto p = message(0, static_cast<mqtt5::qos>(1 + next() % 2));
                if (client.send(p, now)) ++t.sent;
                client.close(now);
                server.close(now);
                ++t.reconnects;
                handshake(false);
                resend();
            }
        }
    }
};

TEST(ZeroAlloc, ConnectionLayerWithoutTheHeap) {
    auto rig = std::make_unique<session_rig>();
    rig->rng = run_seed() | 1;
    rig->run(50);  // warm up uncounted
    rig = std::make_unique<session_rig>();
    rig->rng = run_seed() | 1;

    alloc_counter::start();
    rig->run(20'000);
    const auto c = alloc_counter::stop();

    EXPECT_EQ(c.allocations, 0u) << "the connection layer allocated";
    EXPECT_EQ(c.deallocations, 0u) << "the connection layer freed";
    const auto& t = rig->t;
    EXPECT_EQ(t.violations, 0u);
    EXPECT_EQ(t.codec_errors, 0u);
    EXPECT_GT(t.sent, 20'000u);
    EXPECT_GT(t.completed, 2'000u);
    EXPECT_GT(t.reconnects, 500u);
    EXPECT_GT(t.resent, 0u);
    EXPECT_GT(t.aliased, 1'000u);
    std::printf("session run: %zu sent, %zu received, %zu refused by the sender's layer, %zu completed, %zu reconnects, "
                "%zu re-sent, %zu aliased\n",
                t.sent, t.received, t.refused, t.completed, t.reconnects, t.resent, t.aliased);
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
