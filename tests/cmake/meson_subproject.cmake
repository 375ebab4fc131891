# Test packaging.meson_subproject: a meson project uses mqtt5 as a subproject, builds and runs.
#   cmake -DMESON=<meson> -DSOURCE_DIR=<mqtt5 source> -DWORK_DIR=<scratch> -DCXX=<compiler>
#         -P meson_subproject.cmake
# WORK_DIR is wiped first. The consumer (tests/packaging/meson) is copied to WORK_DIR/consumer, and
# WORK_DIR/consumer/subprojects/mqtt5 is a symbolic link to the source tree, as a vendored checkout would be.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS MESON SOURCE_DIR WORK_DIR CXX)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "meson_subproject.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "packaging (meson): ${what} failed (exit ${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/consumer/subprojects")
file(COPY "${SOURCE_DIR}/tests/packaging/meson/meson.build" "${SOURCE_DIR}/tests/packaging/meson/main.cpp"
     DESTINATION "${WORK_DIR}/consumer")
file(CREATE_LINK "${SOURCE_DIR}" "${WORK_DIR}/consumer/subprojects/mqtt5" SYMBOLIC)

# The same compiler as the CMake build; meson takes it from CXX.
set(ENV{CXX} "${CXX}")
run("meson setup" "${MESON}" setup "${WORK_DIR}/build" "${WORK_DIR}/consumer")
run("meson compile" "${MESON}" compile -C "${WORK_DIR}/build")
run("running the consumer" "${WORK_DIR}/build/consumer")
message(STATUS "packaging (meson subproject) passed")
