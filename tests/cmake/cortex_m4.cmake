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

get_filename_component(arm_bin_dir "${ARM_CXX}" DIRECTORY)

# MQTT5_ASSERT (assert.hpp) defaults to assert(): a release firmware image (-DNDEBUG) must carry no code for
# it and no reference to __assert_func. cortex_m4.cpp reads a result's value, so its debug object (above)
# must reference __assert_func (else this check could not fail) and its -DNDEBUG object must not.
find_program(ARM_NM arm-none-eabi-nm HINTS "${arm_bin_dir}")
if(NOT ARM_NM)
  message(FATAL_ERROR "arm-none-eabi-nm was not found next to ${ARM_CXX}: cannot check for __assert_func")
endif()
set(probe_src "")
foreach(src IN LISTS SOURCES)
  if(src MATCHES "cortex_m4\\.cpp$")
    set(probe_src "${src}")
  endif()
endforeach()
if(NOT probe_src)
  message(FATAL_ERROR "Cortex-M4 check: no cortex_m4.cpp among SOURCES")
endif()
set(release_obj "${OUTPUT_DIR}/cortex_m4_ndebug.o")
file(REMOVE "${release_obj}")
execute_process(
  COMMAND "${ARM_CXX}" ${flags} -DNDEBUG ${include_flags} -c "${probe_src}" -o "${release_obj}"
  COMMAND_ECHO STDOUT
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "Cortex-M4 compile of ${probe_src} with -DNDEBUG failed (exit ${rc})")
endif()
execute_process(COMMAND "${ARM_NM}" "${OUTPUT_DIR}/cortex_m4.o" OUTPUT_VARIABLE debug_symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT debug_symbols MATCHES "__assert_func")
  message(FATAL_ERROR "cortex_m4.o (no NDEBUG) does not reference __assert_func: the probe no longer reads a "
                      "result's value through MQTT5_ASSERT, so the NDEBUG check below proves nothing.\n${debug_symbols}")
endif()
execute_process(COMMAND "${ARM_NM}" "${release_obj}" OUTPUT_VARIABLE release_symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${ARM_NM} ${release_obj} failed (exit ${rc})")
endif()
if(release_symbols MATCHES "__assert_func")
  message(FATAL_ERROR "cortex_m4_ndebug.o references __assert_func: MQTT5_ASSERT left code under NDEBUG.\n${release_symbols}")
endif()
message(STATUS "MQTT5_ASSERT: __assert_func referenced without NDEBUG, absent with -DNDEBUG")
list(APPEND objects "${release_obj}")

# Code size is informative for an embedded codec; arm-none-eabi-size is optional.
find_program(ARM_SIZE arm-none-eabi-size HINTS "${arm_bin_dir}")
if(ARM_SIZE)
  execute_process(COMMAND "${ARM_SIZE}" ${objects})
endif()
message(STATUS "Cortex-M4 compile check passed")
