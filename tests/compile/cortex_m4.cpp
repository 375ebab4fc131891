// Firmware-style translation unit for the Cortex-M4 compile check
// (ctest label cortex-m4): compiled with arm-none-eabi-g++ -std=c++20
// -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -Wall -Wextra
// -Wpedantic -Werror -c. It is only compiled, never linked or run.
//
// Extend mqtt5_probe() to instantiate the codec paths that must work on a
// microcontroller (no heap, no exceptions). Keep it a C-linkage function so
// the code cannot be discarded as unused and shows up in arm-none-eabi-size.
#include <mqtt5.hpp>

extern "C" int mqtt5_probe(void);

extern "C" int mqtt5_probe(void) {
  return 0;
}
