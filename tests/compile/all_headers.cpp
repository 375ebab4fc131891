// Compile check: the umbrella header plus every header under include/mqtt5.
//
// mqtt5_all_headers.inc is generated at configure time by tests/CMakeLists.txt
// (file(GLOB_RECURSE) over include/mqtt5/*.hpp), so new headers are covered
// without editing this file. Built as an OBJECT library with -fno-exceptions
// -fno-rtti and warnings as errors by the host compilers, and by the Cortex-M4
// check (ctest label cortex-m4) with arm-none-eabi-g++.
#include <mqtt5.hpp>

#include "mqtt5_all_headers.inc"
