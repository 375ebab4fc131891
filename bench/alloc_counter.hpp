// Heap allocations made by the process so far (operator new replaced in alloc_counter.cpp).
#pragma once

#include <cstddef>

namespace alloc_counter {
extern std::size_t count;
}
