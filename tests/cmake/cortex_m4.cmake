# Cortex-M4 compile check, run by ctest (test compile.cortex_m4):
#   cmake -DARM_CXX=<arm-none-eabi-g++> -DSOURCES=<a.cpp;b.cpp>
#         -DINCLUDE_DIRS=<dir;dir> -DOUTPUT_DIR=<dir> -P cortex_m4.cmake
# Compiles each source for a bare-metal Cortex-M4 (no exceptions, no RTTI,
# warnings as errors), proving the headers work on a freestanding-ish target.
cmake_minimum_required(VERSION 3.21)

if(NOT ARM_CXX)
  message(FATAL_ERROR
    "arm-none-eabi-g++ was not found when the build was configured, so the "
    "Cortex-M4 compile check cannot run.\n"
    "Install it (Debian: apt-get install gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib) "
    "and re-run cmake, or set -DMQTT5_ARM_CXX=/path/to/arm-none-eabi-g++.")
endif()
if(NOT EXISTS "${ARM_CXX}")
  message(FATAL_ERROR "Cortex-M4 check: ${ARM_CXX} does not exist (any more?). Re-run cmake.")
endif()

set(flags -std=c++20 -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti
          -Wall -Wextra -Wpedantic -Werror)
set(include_flags "")
foreach(dir IN LISTS INCLUDE_DIRS)
  list(APPEND include_flags "-I${dir}")
endforeach()

file(MAKE_DIRECTORY "${OUTPUT_DIR}")
set(objects "")
foreach(src IN LISTS SOURCES)
  get_filename_component(stem "${src}" NAME_WE)
  set(obj "${OUTPUT_DIR}/${stem}.o")
  file(REMOVE "${obj}") # never report a stale object from an earlier run
  execute_process(
    COMMAND "${ARM_CXX}" ${flags} ${include_flags} -c "${src}" -o "${obj}"
    COMMAND_ECHO STDOUT
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Cortex-M4 compile of ${src} failed (exit ${rc})")
  endif()
  list(APPEND objects "${obj}")
endforeach()

# Code size is informative for an embedded codec; arm-none-eabi-size is optional.
get_filename_component(arm_bin_dir "${ARM_CXX}" DIRECTORY)
find_program(ARM_SIZE arm-none-eabi-size HINTS "${arm_bin_dir}")
if(ARM_SIZE)
  execute_process(COMMAND "${ARM_SIZE}" ${objects})
endif()
message(STATUS "Cortex-M4 compile check passed")
