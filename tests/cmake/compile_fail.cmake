# Compile-fail check, run by ctest (tests compile_fail.<case>):
#   cmake -DCXX=<compiler> -DINCLUDE_DIR=<include> -DSOURCE=<case.cpp> -P compile_fail.cmake
# A case file holds a good and a bad variant of the same code. The good one (compiled as is) must compile,
# so that a typo cannot make the test pass; the bad one (-DMQTT5_BAD) must fail, with a diagnostic matching
# the case's `// expect-error: <regex>` line (empty: any error), so it fails for the reason the case names.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS CXX INCLUDE_DIR SOURCE)
  if(NOT ${var})
    message(FATAL_ERROR "compile_fail.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${SOURCE}" expect_lines REGEX "^// expect-error:")
list(LENGTH expect_lines expect_count)
if(NOT expect_count EQUAL 1)
  message(FATAL_ERROR "${SOURCE}: needs exactly one '// expect-error: <regex>' line")
endif()
string(REGEX REPLACE "^// expect-error: ?" "" expect "${expect_lines}")

set(flags -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror "-I${INCLUDE_DIR}")

execute_process(COMMAND "${CXX}" ${flags} "${SOURCE}"
  RESULT_VARIABLE good_rc OUTPUT_VARIABLE good_out ERROR_VARIABLE good_out)
if(NOT good_rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: the GOOD variant must compile but does not:\n${good_out}")
endif()

execute_process(COMMAND "${CXX}" ${flags} -DMQTT5_BAD "${SOURCE}"
  RESULT_VARIABLE bad_rc OUTPUT_VARIABLE bad_out ERROR_VARIABLE bad_out)
if(bad_rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE}: the BAD variant (-DMQTT5_BAD) compiles, but must be refused")
endif()
if(expect AND NOT bad_out MATCHES "${expect}")
  message(FATAL_ERROR "${SOURCE}: the BAD variant fails, but not with a diagnostic matching '${expect}':\n${bad_out}")
endif()
message(STATUS "${SOURCE}: good variant compiles, bad variant refused")
