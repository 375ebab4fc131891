# Test docs.doxygen (label docs): the API reference of include/ builds without a single doxygen warning.
#   cmake -DDOXYGEN=<doxygen> -DDOXYFILE=<configured Doxyfile> -DOUTPUT_DIR=<its OUTPUT_DIRECTORY>
#         -DINCLUDE_DIR=<mqtt5>/include -P doxygen_check.cmake
# Doxygen writes its warnings to OUTPUT_DIR/warnings.log (WARN_LOGFILE); the test fails unless that log is
# empty. On failure it prints how many warnings of each kind there are, then the first ones in full.
# It also fails for a header without a \file comment: doxygen checks the macros and free names of a file
# only when the file itself is documented, so an undocumented file would hide its undocumented macros.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS DOXYGEN DOXYFILE OUTPUT_DIR INCLUDE_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "doxygen_check.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUTPUT_DIR}")
file(MAKE_DIRECTORY "${OUTPUT_DIR}")
execute_process(COMMAND "${DOXYGEN}" "${DOXYFILE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "doxygen failed (exit ${rc}):\n${out}")
endif()

set(log "${OUTPUT_DIR}/warnings.log")
set(warnings "")
if(EXISTS "${log}")
  file(STRINGS "${log}" warnings REGEX ": (warning|error): ")
endif()

# Warnings doxygen prints itself rather than into the log (about the Doxyfile, for instance) count too.
string(REGEX MATCHALL "[^\n]*warning:[^\n]*" printed "${out}")
list(APPEND warnings ${printed})

# Headers without a \file (or @file) block.
file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/*.hpp")
list(SORT headers)
foreach(header IN LISTS headers)
  file(READ "${INCLUDE_DIR}/${header}" text)
  if(NOT text MATCHES "[\\\\@]file")
    list(APPEND warnings "${INCLUDE_DIR}/${header}:1: warning: no \\file comment, so its macros and free names go unchecked")
  endif()
endforeach()

list(LENGTH warnings count)
if(count EQUAL 0)
  message(STATUS "doxygen: no warnings; HTML in ${OUTPUT_DIR}/html")
  return()
endif()

# Kinds: the warning text with names, quoted parts and numbers reduced, counted.
set(kinds "")
foreach(line IN LISTS warnings)
  string(REGEX REPLACE "^(.*: )?(warning|error): " "" kind "${line}")
  string(REGEX REPLACE "^(Member|Compound) [^ ]+ .*\\((.*)\\) of (class|struct|namespace|file|union|group) .*" "\\1 (\\2) of \\3 not documented" kind "${kind}")
  string(REGEX REPLACE "^Compound .* is not documented\\.$" "Compound (class, struct, union) not documented" kind "${kind}")
  string(REGEX REPLACE "'[^']*'|\"[^\"]*\"|[0-9]+" "_" kind "${kind}")
  string(REGEX REPLACE " for .*" "" kind "${kind}")
  list(APPEND kinds "${kind}")
endforeach()
set(summary "")
set(seen "")
foreach(kind IN LISTS kinds)
  if(kind IN_LIST seen)
    continue()
  endif()
  list(APPEND seen "${kind}")
  set(n 0)
  foreach(other IN LISTS kinds)
    if(other STREQUAL kind)
      math(EXPR n "${n} + 1")
    endif()
  endforeach()
  string(APPEND summary "  ${n} x ${kind}\n")
endforeach()
list(SUBLIST warnings 0 40 first)
list(JOIN first "\n" first)
message(FATAL_ERROR "doxygen: ${count} warnings (full log: ${log})\nby kind:\n${summary}first ones:\n${first}")
