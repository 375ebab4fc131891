// Counts every heap allocation of the benchmark process, so each benchmark can report how many it made
// (the figure must be 0 for every codec call).
#include <cstddef>
#include <cstdlib>
#include <new>

#include "alloc_counter.hpp"

namespace alloc_counter {
std::size_t count = 0;
}

void* operator new(std::size_t n) {
    ++alloc_counter::count;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    ++alloc_counter::count;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    ++alloc_counter::count;
    return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    ++alloc_counter::count;
    return std::malloc(n == 0 ? 1 : n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
