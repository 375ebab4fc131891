# Generates mqtt5_single.hpp, the whole library in one header, from include/:
#   cmake -DINCLUDE_DIR=<mqtt5>/include -DOUTPUT=<file> -DVERSION=<x.y.z> [-DLICENSE=<LICENSE file>]
#         -P single_header.cmake
# Starts at INCLUDE_DIR/mqtt5.hpp and replaces every quoted `#include "..."` by the file it names
# (resolved next to the including file, then in INCLUDE_DIR), recursively, each file once; later copies
# of an include are dropped, as `#pragma once` would. Inlined files lose their `#pragma once`; the output
# has one at the top. `#include <...>` lines stay where they are.
#
# Fails when a header under INCLUDE_DIR/mqtt5/ is not reached from mqtt5.hpp: the single header is
# "what <mqtt5.hpp> includes", so a new header must be included from the umbrella (or from a header it
# includes) to land in it, and this check makes sure that is never forgotten.
#
# Lives under tests/cmake with the other build scripts because the top level of the repository is fixed;
# the top-level CMakeLists.txt runs it both at build time and at install time.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS INCLUDE_DIR OUTPUT VERSION)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "single_header.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REAL_PATH "${INCLUDE_DIR}" INCLUDE_DIR)
set(umbrella "${INCLUDE_DIR}/mqtt5.hpp")
if(NOT EXISTS "${umbrella}")
  message(FATAL_ERROR "single_header.cmake: ${umbrella} does not exist")
endif()

# Quoted include at the start of a line. The text is processed as one string (not as a list of lines:
# C++ is full of `;` and `[`, which CMake lists would mangle), so every file gets a leading "\n" and
# "\n" stands for "start of line".
set(quoted_include_regex "\n[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"[^\n]*")

set_property(GLOBAL PROPERTY mqtt5_single_visited "")
set_property(GLOBAL PROPERTY mqtt5_single_text "")

# inline_file(<absolute path>): append the file's text, with its quoted includes inlined, to the output.
function(inline_file path)
  set_property(GLOBAL APPEND PROPERTY mqtt5_single_visited "${path}")
  file(RELATIVE_PATH shown "${INCLUDE_DIR}" "${path}")
  get_filename_component(dir "${path}" DIRECTORY)
  file(READ "${path}" rest)
  set(rest "\n${rest}")
  string(REGEX REPLACE "\n[ \t]*#[ \t]*pragma[ \t]+once[^\n]*" "" rest "${rest}")
  set_property(GLOBAL APPEND_STRING PROPERTY mqtt5_single_text "\n// ---- begin ${shown} ----")
  while(TRUE)
    string(REGEX MATCH "${quoted_include_regex}" directive "${rest}")
    if(directive STREQUAL "")
      break()
    endif()
    set(name "${CMAKE_MATCH_1}")
    string(FIND "${rest}" "${directive}" at)
    string(SUBSTRING "${rest}" 0 ${at} before)
    string(LENGTH "${directive}" length)
    math(EXPR after "${at} + ${length}")
    string(SUBSTRING "${rest}" ${after} -1 rest)
    set_property(GLOBAL APPEND_STRING PROPERTY mqtt5_single_text "${before}")

    set(target "")
    foreach(base IN ITEMS "${dir}" "${INCLUDE_DIR}")
      if(EXISTS "${base}/${name}")
        file(REAL_PATH "${base}/${name}" target)
        break()
      endif()
    endforeach()
    if(target STREQUAL "")
      message(FATAL_ERROR "single_header.cmake: ${shown} includes \"${name}\", which is neither next to it "
                          "nor in ${INCLUDE_DIR}")
    endif()
    get_property(visited GLOBAL PROPERTY mqtt5_single_visited)
    if(NOT target IN_LIST visited)
      inline_file("${target}")
    endif()
  endwhile()
  set_property(GLOBAL APPEND_STRING PROPERTY mqtt5_single_text "${rest}\n// ---- end ${shown} ----\n")
endfunction()

inline_file("${umbrella}")

# Every header under include/mqtt5/ must have been reached.
file(GLOB_RECURSE all_headers "${INCLUDE_DIR}/mqtt5/*.hpp")
get_property(visited GLOBAL PROPERTY mqtt5_single_visited)
set(unreached "")
foreach(header IN LISTS all_headers)
  file(REAL_PATH "${header}" header)
  if(NOT header IN_LIST visited)
    file(RELATIVE_PATH shown "${INCLUDE_DIR}" "${header}")
    list(APPEND unreached "${shown}")
  endif()
endforeach()
if(unreached)
  list(SORT unreached)
  list(JOIN unreached ", " unreached)
  message(FATAL_ERROR "single_header.cmake: not reachable from <mqtt5.hpp>, so missing from the single header: "
                      "${unreached}. Include each from include/mqtt5.hpp (or from a header it includes).")
endif()

# Banner: version, provenance and the license. The license text goes in whole because the Boost Software
# License asks that it travel with every source copy, and this file is meant to be copied alone.
set(license_comment "")
if(DEFINED LICENSE AND EXISTS "${LICENSE}")
  file(READ "${LICENSE}" license_text)
  string(STRIP "${license_text}" license_text)
  string(REPLACE "\n" "\n// " license_comment "// ${license_text}")
  string(REPLACE "// \n" "//\n" license_comment "${license_comment}")
  set(license_comment "//\n${license_comment}\n")
endif()
get_property(text GLOBAL PROPERTY mqtt5_single_text)
set(content "// mqtt5_single.hpp: mqtt5 ${VERSION}, the whole library in one header.
// Generated from include/mqtt5.hpp by tests/cmake/single_header.cmake: generated, do not edit.
${license_comment}#pragma once
${text}")

# Rewrite only when the text changes, so that nothing that includes it rebuilds for nothing.
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")
set(old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
list(LENGTH visited count)
message(STATUS "single_header.cmake: ${OUTPUT} from ${count} headers")
