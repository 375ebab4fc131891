# Tests of the single header (label single-header), run by ctest:
#   cmake -DMODE=standalone -DSINGLE_HEADER=<mqtt5_single.hpp> -DTEST_SOURCE=<main.cpp> -DCXX=<compiler>
#         -DWORK_DIR=<scratch> -P single_header_test.cmake
#     copies the header alone into an empty directory, the only -I, and compiles + runs TEST_SOURCE there.
#   cmake -DMODE=reachability -DSOURCE_DIR=<mqtt5 source> -DWORK_DIR=<scratch> -P single_header_test.cmake
#     the generator accepts include/ as it is, and refuses a copy of it with a header that <mqtt5.hpp>
#     does not reach (and names that header).
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS MODE WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "single_header_test.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "standalone")
  if(NOT EXISTS "${SINGLE_HEADER}")
    message(FATAL_ERROR "${SINGLE_HEADER} does not exist: build the target mqtt5_single_header first")
  endif()
  # The header alone in one directory, the test source alone in another: nothing else is reachable
  # through quoted or angled includes but the standard library.
  file(MAKE_DIRECTORY "${WORK_DIR}/include" "${WORK_DIR}/src")
  file(COPY "${SINGLE_HEADER}" DESTINATION "${WORK_DIR}/include")
  file(COPY "${TEST_SOURCE}" DESTINATION "${WORK_DIR}/src")
  get_filename_component(source_name "${TEST_SOURCE}" NAME)
  execute_process(
    COMMAND "${CXX}" -std=c++20 -Wall -Wextra -Wpedantic -Werror "-I${WORK_DIR}/include"
            "${WORK_DIR}/src/${source_name}" -o "${WORK_DIR}/standalone"
    COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the translation unit that sees only mqtt5_single.hpp does not compile (exit ${rc})")
  endif()
  execute_process(COMMAND "${WORK_DIR}/standalone" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the single-header program failed (exit ${rc})")
  endif()
elseif(MODE STREQUAL "reachability")
  set(script "${SOURCE_DIR}/tests/cmake/single_header.cmake")
  # include/ as it is: every header is reachable.
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DINCLUDE_DIR=${SOURCE_DIR}/include"
      "-DOUTPUT=${WORK_DIR}/ok/mqtt5_single.hpp" -DVERSION=0.0.0 -P "${script}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the generator refuses include/ as it is:\n${out}")
  endif()
  # A copy with one header nobody includes: the generator must fail and name it.
  file(COPY "${SOURCE_DIR}/include" DESTINATION "${WORK_DIR}/orphan")
  file(WRITE "${WORK_DIR}/orphan/include/mqtt5/wire/orphan_layer.hpp" "#pragma once\n")
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DINCLUDE_DIR=${WORK_DIR}/orphan/include"
      "-DOUTPUT=${WORK_DIR}/orphan/mqtt5_single.hpp" -DVERSION=0.0.0 -P "${script}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc EQUAL 0)
    message(FATAL_ERROR "the generator accepted include/mqtt5/wire/orphan_layer.hpp, which <mqtt5.hpp> does not reach")
  endif()
  # (CMake wraps long messages, so look for the two parts separately.)
  if(NOT out MATCHES "not reachable from <mqtt5.hpp>" OR NOT out MATCHES "mqtt5/wire/orphan_layer.hpp")
    message(FATAL_ERROR "the generator failed without naming the unreachable header:\n${out}")
  endif()
  if(EXISTS "${WORK_DIR}/orphan/mqtt5_single.hpp")
    message(FATAL_ERROR "the generator wrote a single header although a header is unreachable")
  endif()
  message(STATUS "reachability: include/ accepted; an unreachable header refused and named")
else()
  message(FATAL_ERROR "single_header_test.cmake: unknown MODE '${MODE}'")
endif()
