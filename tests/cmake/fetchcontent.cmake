# Test packaging.fetchcontent: a consumer gets mqtt5 through FetchContent_Declare(GIT_REPOSITORY ...),
# builds and runs.
#   cmake -DSOURCE_DIR=<mqtt5 source> -DWORK_DIR=<scratch> -DGENERATOR=<generator> -DCXX=<compiler>
#         [-DGIT=<git>] -P fetchcontent.cmake
# The repository is a fresh clone of SOURCE_DIR's git repository and the tag is its HEAD commit: what is
# committed is tested, not uncommitted edits (CI works on a fresh clone, where the two are the same).
# Prints "packaging.fetchcontent skipped: ..." (ctest's SKIP_REGULAR_EXPRESSION) when git is missing or
# SOURCE_DIR is not a git checkout (e.g. a release tarball).
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS SOURCE_DIR WORK_DIR GENERATOR CXX)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "fetchcontent.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "packaging (fetchcontent): ${what} failed (exit ${rc})")
  endif()
endfunction()

if(NOT GIT OR NOT EXISTS "${GIT}")
  message("packaging.fetchcontent skipped: git was not found (Debian: apt-get install git)")
  return()
endif()
execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" rev-parse --verify HEAD
  OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
  OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc_top)
if(rc EQUAL 0 AND rc_top EQUAL 0)
  file(REAL_PATH "${toplevel}" toplevel)
  file(REAL_PATH "${SOURCE_DIR}" source_real)
endif()
if(NOT rc EQUAL 0 OR NOT rc_top EQUAL 0 OR NOT toplevel STREQUAL source_real)
  message("packaging.fetchcontent skipped: ${SOURCE_DIR} is not a git checkout with a commit")
  return()
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(clone "${WORK_DIR}/mqtt5.git")
run("cloning the source repository" "${GIT}" clone --quiet --bare --no-local "${SOURCE_DIR}" "${clone}")
# A worktree's HEAD may be a commit no branch of the clone has (detached HEAD): give it a ref.
run("fetching HEAD" "${GIT}" -C "${clone}" fetch --quiet "${SOURCE_DIR}" "+${head}:refs/heads/fetchcontent-test")

set(consumer_bin "${WORK_DIR}/consumer")
run("configuring the FetchContent consumer"
  "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/tests/packaging/fetchcontent" -B "${consumer_bin}"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}" -DCMAKE_BUILD_TYPE=Release
    "-DMQTT5_GIT_REPOSITORY=file://${clone}" "-DMQTT5_GIT_TAG=${head}"
    "-DGIT_EXECUTABLE=${GIT}")
run("building the consumer" "${CMAKE_COMMAND}" --build "${consumer_bin}")
run("running the consumer" "${consumer_bin}/consumer")
message(STATUS "packaging (fetchcontent) of commit ${head} passed")
