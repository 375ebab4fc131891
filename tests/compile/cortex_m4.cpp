// Firmware-style translation unit for the Cortex-M4 compile check
// (ctest label cortex-m4): compiled with arm-none-eabi-g++ -std=c++20
// -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -Wall -Wextra
// -Wpedantic -Werror -c. It is only compiled, never linked or run.
//
// Extend mqtt5_probe() to instantiate the codec paths that must work on a
// microcontroller (no heap, no exceptions). Keep it a C-linkage function so
// the code cannot be discarded as unused and shows up in arm-none-eabi-size.
//
// The probe reads a result's value (*size), so the object compiled without
// NDEBUG references __assert_func (MQTT5_ASSERT defaults to assert), and
// cortex_m4.cmake checks that the copy compiled with -DNDEBUG does not.
#include <mqtt5.hpp>

extern "C" int mqtt5_probe(const unsigned char* data, unsigned size);

extern "C" int mqtt5_probe(const unsigned char* data, unsigned size) {
  const auto bytes = std::span<const std::byte>(reinterpret_cast<const std::byte*>(data), size);
  const auto packet = mqtt5::decode<mqtt5::publish>(bytes);
  if (!packet) return -1;
  const auto encoded = mqtt5::encoded_size(*packet);
  return static_cast<int>(*encoded);
}
