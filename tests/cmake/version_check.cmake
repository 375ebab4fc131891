# Test packaging.version: one version everywhere. include/mqtt5/version.hpp is the source; the CMake
# package version file, the pkg-config file and meson.build must say the same, and MQTT5_VERSION must be
# MAJOR * 10000 + MINOR * 100 + PATCH.
#   cmake -DSOURCE_DIR=<mqtt5 source> -DBINARY_DIR=<mqtt5 build> -DWORK_DIR=<scratch> -DCXX=<compiler>
#         -P version_check.cmake
# The macros are read by the compiler (a program prints them), not parsed here, so that the check sees
# what a user's #if sees.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS SOURCE_DIR BINARY_DIR WORK_DIR CXX)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "version_check.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# 1. The macros, through the compiler.
file(WRITE "${WORK_DIR}/print_version.cpp" [=[
#include <mqtt5.hpp>
#include <cstdio>
static_assert(MQTT5_VERSION == MQTT5_VERSION_MAJOR * 10000 + MQTT5_VERSION_MINOR * 100 + MQTT5_VERSION_PATCH,
              "MQTT5_VERSION must pack MAJOR.MINOR.PATCH as documented");
static_assert(mqtt5::version_number == MQTT5_VERSION && mqtt5::version_major == MQTT5_VERSION_MAJOR &&
              mqtt5::version_minor == MQTT5_VERSION_MINOR && mqtt5::version_patch == MQTT5_VERSION_PATCH);
int main() { std::printf("%d.%d.%d", MQTT5_VERSION_MAJOR, MQTT5_VERSION_MINOR, MQTT5_VERSION_PATCH); }
]=])
execute_process(COMMAND "${CXX}" -std=c++20 "-I${SOURCE_DIR}/include" "${WORK_DIR}/print_version.cpp"
                        -o "${WORK_DIR}/print_version"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling the version printer failed:\n${out}")
endif()
execute_process(COMMAND "${WORK_DIR}/print_version" OUTPUT_VARIABLE macros RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT macros MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "the version printer gave '${macros}' (exit ${rc})")
endif()

# 2. The CMake package: what mqtt5ConfigVersion.cmake reports to find_package().
set(PACKAGE_FIND_VERSION "0.0.0")
set(PACKAGE_FIND_VERSION_MAJOR 0)
include("${BINARY_DIR}/mqtt5ConfigVersion.cmake")
set(cmake_package "${PACKAGE_VERSION}")

# 3. pkg-config: the Version: line of mqtt5.pc.
file(STRINGS "${BINARY_DIR}/mqtt5.pc" pc_line REGEX "^Version: ")
string(REGEX REPLACE "^Version: *" "" pkg_config "${pc_line}")

# 4. meson.build: the version: of project().
file(READ "${SOURCE_DIR}/meson.build" meson_text)
# ([ ,(\n] before "version:" so that meson_version: does not match.)
string(REGEX MATCH "project\\([^)]*[ ,(\n]version: *'([^']*)'" _ "${meson_text}")
set(meson "${CMAKE_MATCH_1}")

message(STATUS "version.hpp macros: ${macros}; CMake package: ${cmake_package}; mqtt5.pc: ${pkg_config}; meson.build: ${meson}")
foreach(other IN ITEMS cmake_package pkg_config meson)
  if(NOT "${${other}}" STREQUAL "${macros}")
    message(FATAL_ERROR "version mismatch: ${other} says '${${other}}', include/mqtt5/version.hpp says '${macros}'")
  endif()
endforeach()
