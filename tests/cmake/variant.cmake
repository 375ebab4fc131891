# One build variant, run by ctest (tests variant.<name>):
#   cmake -DNAME=<name> -DSOURCE_DIR=<mqtt5 source> -DBINARY_DIR=<sub-build dir>
#         -DCXX=<compiler> -DBUILD_TYPE=<type> [-DCXX_FLAGS=<flags>]
#         [-DCACHE_ARGS=<-DVAR=value;...>] [-DEMULATOR=<program>] -P variant.cmake
# Configures, builds and runs ctest on a separate build of the same sources.
# The sub-build keeps its directory, so re-running is incremental.
#
# EMULATOR (e.g. qemu-i386 for -m32): a probe checks whether this host can run
# what CXX + CXX_FLAGS produce. Some kernels cannot run 32-bit code (booted
# with ia32_emulation=off, common in VMs); then the sub-build runs its test
# binaries through EMULATOR via CMAKE_CROSSCOMPILING_EMULATOR (honoured by
# add_test and gtest_discover_tests; CMP0158 stays OLD with our minimum 3.21).
#
# Output: ctest truncates long test output, so full logs go to
# <BINARY_DIR>/variant-<step>.log and only the tail is printed on failure; on
# success the sub-ctest summary is printed.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS NAME SOURCE_DIR BINARY_DIR BUILD_TYPE)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "variant.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT CXX OR NOT EXISTS "${CXX}")
  message(FATAL_ERROR
    "variant ${NAME}: compiler '${CXX}' was not found when the build was configured "
    "(install it, e.g. apt-get install clang / g++, then re-run cmake)")
endif()

# print_tail(<text>): last lines of a log, enough to see the error.
function(print_tail text)
  string(LENGTH "${text}" len)
  set(max 20000)
  if(len GREATER max)
    math(EXPR start "${len} - ${max}")
    string(SUBSTRING "${text}" ${start} -1 text)
    set(text "[... earlier output cut, see the log file ...]\n${text}")
  endif()
  message("${text}")
endfunction()

# step(<name> <command...>): run one step, log everything, fail loudly.
# Sets step_output in the caller.
function(step name)
  string(TIMESTAMP t0 "%s")
  list(JOIN ARGN " " command_line)
  message(STATUS "variant ${NAME}: ${name}: ${command_line}")
  execute_process(COMMAND ${ARGN}
    OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
  string(TIMESTAMP t1 "%s")
  math(EXPR secs "${t1} - ${t0}")
  set(log "${BINARY_DIR}/variant-${name}.log")
  file(WRITE "${log}" "${out}")
  if(NOT rc EQUAL 0)
    print_tail("${out}")
    message(FATAL_ERROR "variant ${NAME}: ${name} failed (exit ${rc}) after ${secs}s; full log: ${log}")
  endif()
  message(STATUS "variant ${NAME}: ${name} ok (${secs}s)")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(MAKE_DIRECTORY "${BINARY_DIR}")

# Ninja if available (faster, and what CI uses); otherwise CMake's default.
set(generator_args "")
if(NOT EXISTS "${BINARY_DIR}/CMakeCache.txt")
  find_program(NINJA ninja)
  if(NINJA)
    set(generator_args -G Ninja)
  endif()
endif()

# Native or emulated test execution (see EMULATOR above).
set(emulator_args "")
if(EMULATOR)
  set(probe_dir "${BINARY_DIR}/host-probe")
  file(MAKE_DIRECTORY "${probe_dir}")
  file(WRITE "${probe_dir}/probe.cpp" "int main() { return 0; }\n")
  separate_arguments(probe_flags UNIX_COMMAND "${CXX_FLAGS}")
  execute_process(COMMAND "${CXX}" ${probe_flags} "${probe_dir}/probe.cpp" -o "${probe_dir}/probe"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "variant ${NAME}: '${CXX} ${CXX_FLAGS}' cannot build a trivial program "
      "(for -m32 install g++-multilib):\n${out}")
  endif()
  execute_process(COMMAND "${probe_dir}/probe" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    set(emulator_args "-DCMAKE_CROSSCOMPILING_EMULATOR=") # native; clear any earlier setting
  else()
    find_program(emulator_path "${EMULATOR}")
    if(NOT emulator_path)
      message(FATAL_ERROR "variant ${NAME}: this host cannot run binaries built with "
        "'${CXX_FLAGS}' (kernel without 32-bit support? see dmesg / ia32_emulation) "
        "and '${EMULATOR}' was not found (Debian: apt-get install qemu-user)")
    endif()
    message(STATUS "variant ${NAME}: host cannot run these binaries natively, tests run under ${emulator_path}")
    set(emulator_args "-DCMAKE_CROSSCOMPILING_EMULATOR=${emulator_path}")
  endif()
endif()

step(configure "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" ${generator_args}
  "-DCMAKE_CXX_COMPILER=${CXX}"
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  -DMQTT5_BUILD_TESTS=ON
  -DMQTT5_TEST_VARIANTS=OFF # no recursion
  -DMQTT5_BUILD_BENCH=OFF
  -DMQTT5_BUILD_FUZZ=OFF
  -DMQTT5_BUILD_EXAMPLES=OFF
  -DMQTT5_WARNINGS_AS_ERRORS=ON # a variant exists to catch what only its compiler/flags warn about
  ${emulator_args}
  ${CACHE_ARGS})
# Two jobs: the machine budget is 2 cores and ctest runs at most one variant at a time.
step(build "${CMAKE_COMMAND}" --build "${BINARY_DIR}" -j 2)
# The API reference does not depend on the compiler or flags, and the live interop suite, the demos, the
# instruction counts (perf: they build their own driver with fixed flags) and the Cortex-M4 size check (size: its
# own arm-none-eabi build) need no second run: the main build runs them once, variants do not.
step(ctest "${CMAKE_CTEST_COMMAND}" --test-dir "${BINARY_DIR}" --output-on-failure -j 2 --label-exclude "docs|interop|demo|perf|size")

# Success: echo the sub-ctest summary (from the "% tests passed" line on).
string(FIND "${step_output}" "% tests passed" pos)
if(pos GREATER_EQUAL 0)
  string(SUBSTRING "${step_output}" 0 ${pos} head)
  string(FIND "${head}" "\n" line_start REVERSE)
  math(EXPR line_start "${line_start} + 1")
  string(SUBSTRING "${step_output}" ${line_start} -1 summary)
  message("variant ${NAME}: sub-ctest summary:\n${summary}")
else()
  print_tail("${step_output}")
endif()
