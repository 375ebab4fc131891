# Packaging checks, run by ctest (tests packaging.find_package / packaging.add_subdirectory):
#   cmake -DMODE=find_package|add_subdirectory -DSOURCE_DIR=<mqtt5 source>
#         -DWORK_DIR=<scratch dir> -DGENERATOR=<generator> -DCXX=<compiler>
#         -P packaging.cmake
# Everything happens in WORK_DIR, which is wiped first so each run is from scratch.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS MODE SOURCE_DIR WORK_DIR GENERATOR CXX)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "packaging.cmake: -D${var}=... is required")
  endif()
endforeach()

# run(<description> <command...>): run a command, echo it, stop on failure.
function(run what)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "packaging (${MODE}): ${what} failed (exit ${rc})")
  endif()
endfunction()

set(consumer_src "${SOURCE_DIR}/tests/packaging/${MODE}")
set(consumer_bin "${WORK_DIR}/consumer")
set(common_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}" -DCMAKE_BUILD_TYPE=Release)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "find_package")
  set(prefix "${WORK_DIR}/prefix")
  # Configure mqtt5 the way a packager would: library only, nothing else.
  run("configuring mqtt5 for install"
    "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/mqtt5-build" ${common_args}
      -DMQTT5_BUILD_TESTS=OFF -DMQTT5_BUILD_BENCH=OFF
      -DMQTT5_BUILD_FUZZ=OFF -DMQTT5_BUILD_EXAMPLES=OFF)
  # --prefix differs from the configured CMAKE_INSTALL_PREFIX on purpose: the
  # installed package (CMake config and .pc) must be relocatable.
  run("installing mqtt5" "${CMAKE_COMMAND}" --install "${WORK_DIR}/mqtt5-build" --prefix "${prefix}")

  foreach(pattern IN ITEMS include/mqtt5.hpp
                           include/mqtt5/version.hpp
                           include/mqtt5_single.hpp
                           */cmake/mqtt5/mqtt5Config.cmake
                           */cmake/mqtt5/mqtt5ConfigVersion.cmake
                           */cmake/mqtt5/mqtt5Targets.cmake
                           */pkgconfig/mqtt5.pc)
    file(GLOB_RECURSE found "${prefix}/${pattern}")
    if(NOT found)
      message(FATAL_ERROR "packaging: install tree has no ${pattern}")
    endif()
  endforeach()

  # The installed single header is complete: it carries the version banner, version.hpp and the end of
  # the umbrella header.
  file(READ "${prefix}/include/mqtt5_single.hpp" single)
  if(NOT single MATCHES "^// mqtt5_single.hpp: mqtt5 [0-9]+\\.[0-9]+\\.[0-9]+" OR
     NOT single MATCHES "// ---- end mqtt5/version.hpp ----" OR
     NOT single MATCHES "// ---- end mqtt5.hpp ----\n$")
    message(FATAL_ERROR "packaging: the installed include/mqtt5_single.hpp is not a complete single header")
  endif()

  run("configuring the find_package consumer"
    "${CMAKE_COMMAND}" -S "${consumer_src}" -B "${consumer_bin}" ${common_args}
      "-DCMAKE_PREFIX_PATH=${prefix}" "-DMQTT5_EXPECTED_PREFIX=${prefix}"
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)

  # The pkg-config file: compile the same consumer with its Cflags. The
  # library's tests do not require pkg-config, so without it this part is
  # reported and skipped (the CMake package is still fully checked).
  find_program(PKG_CONFIG pkg-config)
  if(PKG_CONFIG)
    file(GLOB_RECURSE pc_file "${prefix}/*/pkgconfig/mqtt5.pc")
    get_filename_component(pc_dir "${pc_file}" DIRECTORY)
    set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
    execute_process(COMMAND "${PKG_CONFIG}" --cflags mqtt5
      OUTPUT_VARIABLE pc_cflags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "packaging: pkg-config --cflags mqtt5 failed (exit ${rc})")
    endif()
    separate_arguments(pc_cflags UNIX_COMMAND "${pc_cflags}")
    run("compiling with pkg-config flags"
      "${CXX}" -std=c++20 ${pc_cflags} "${SOURCE_DIR}/tests/packaging/main.cpp"
        -o "${WORK_DIR}/pkgconfig_consumer")
    run("running the pkg-config consumer" "${WORK_DIR}/pkgconfig_consumer")
  else()
    message(STATUS "pkg-config not found: mqtt5.pc installed but not exercised")
  endif()
elseif(MODE STREQUAL "add_subdirectory")
  run("configuring the add_subdirectory consumer"
    "${CMAKE_COMMAND}" -S "${consumer_src}" -B "${consumer_bin}" ${common_args}
      "-DMQTT5_SOURCE_DIR=${SOURCE_DIR}")
else()
  message(FATAL_ERROR "packaging.cmake: unknown MODE '${MODE}'")
endif()

run("building the consumer" "${CMAKE_COMMAND}" --build "${consumer_bin}")
run("running the consumer" "${consumer_bin}/consumer")

if(MODE STREQUAL "add_subdirectory")
  # Belt and braces: nothing test-like may have been built.
  file(GLOB_RECURSE stray "${consumer_bin}/*mqtt5_unit_tests*" "${consumer_bin}/*mqtt5_alloc_test*")
  if(stray)
    message(FATAL_ERROR "packaging: the consumer build produced mqtt5 test binaries: ${stray}")
  endif()
endif()
message(STATUS "packaging (${MODE}) passed")
