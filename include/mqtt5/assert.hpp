// MQTT5_ASSERT(cond): how the library reports a misuse by the caller that no input byte can cause (today:
// reading the value of a failed result). It defaults to assert() from <cassert>: it fires in debug builds,
// and under NDEBUG it expands to nothing, so a release firmware image carries no code for it and no
// reference to __assert_func. A firmware build can route it to its own handler by defining the macro
// before the first mqtt5 include, e.g. `#define MQTT5_ASSERT(c) ((c) ? (void)0 : board_fault(__FILE__, __LINE__))`.
// Define it the same way in every translation unit: the library's inline functions use it.
#pragma once

#ifndef MQTT5_ASSERT
#include <cassert>
#define MQTT5_ASSERT(cond) assert(cond)
#endif
