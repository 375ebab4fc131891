# Cortex-M4 code size of the realistic probe (issue 13), run by ctest (test size.cortex_m4_realistic):
#   cmake -DARM_CXX=<arm-none-eabi-g++> -DSOURCE=<bench/size/realistic.cpp> -DINCLUDE_DIR=<include>
#         -DLIMITS=<bench/size/realistic_limits.txt> -DOUTPUT_DIR=<dir> -P cortex_m4_size.cmake
# Builds the probe as bench/size/realistic.sh does (issue 13's flags, v5-only, NDEBUG), links it twice with
# --gc-sections (-nostdlib; newlib-nano), and fails when either image
#   - holds or references a libstdc++ exception or formatting helper, the printf family, abort, __assert_func,
#     std::terminate or the heap (std::__throw_*, __cxa_*, __gxx_personality*, _Unwind_*, malloc, new, ...),
#   - needs static RAM (data or bss),
#   - has more text than its checked-in limit in LIMITS (lower the limit when the image shrinks).
cmake_minimum_required(VERSION 3.21)

if(NOT ARM_CXX)
  message(FATAL_ERROR
    "arm-none-eabi-g++ was not found when the build was configured, so the Cortex-M4 size check cannot run.\n"
    "Install it (Debian: apt-get install gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib) "
    "and re-run cmake, or set -DMQTT5_ARM_CXX=/path/to/arm-none-eabi-g++.")
endif()
if(NOT EXISTS "${ARM_CXX}")
  message(FATAL_ERROR "Cortex-M4 size check: ${ARM_CXX} does not exist (any more?). Re-run cmake.")
endif()
get_filename_component(arm_bin_dir "${ARM_CXX}" DIRECTORY)
foreach(tool IN ITEMS nm size)
  string(TOUPPER "${tool}" var)
  find_program(ARM_${var} arm-none-eabi-${tool} HINTS "${arm_bin_dir}" NO_CACHE)
  if(NOT ARM_${var})
    message(FATAL_ERROR "arm-none-eabi-${tool} was not found next to ${ARM_CXX}: the size check cannot run")
  endif()
endforeach()

# The limits: "<link> <max text bytes>" per line, '#' starts a comment.
file(STRINGS "${LIMITS}" limit_lines REGEX "^[a-z]+ +[0-9]+")
foreach(line IN LISTS limit_lines)
  string(REGEX MATCH "^([a-z]+) +([0-9]+)" _ "${line}")
  set(limit_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
endforeach()

# Issue 13's flags exactly, plus the v5-only switch and NDEBUG of a release image (as bench/size/realistic.sh).
set(flags -std=c++20 -mcpu=cortex-m4 -mthumb -Os -DNDEBUG -fno-exceptions -fno-rtti -ffunction-sections
          -fdata-sections -DMQTT5_ENABLE_V311=0)
set(entries mqtt5_rp_encode_publish mqtt5_rp_decode_publish mqtt5_rp_encode_connect mqtt5_rp_decode_connect
            mqtt5_rp_encode_subscribe mqtt5_rp_decode_subscribe mqtt5_rp_encode_puback mqtt5_rp_decode_puback
            mqtt5_rp_encode_disconnect mqtt5_rp_decode_disconnect)
set(keep "")
foreach(e IN LISTS entries)
  list(APPEND keep "-Wl,--undefined=${e}")
endforeach()

file(MAKE_DIRECTORY "${OUTPUT_DIR}")
set(obj "${OUTPUT_DIR}/realistic.o")
file(REMOVE "${obj}" "${OUTPUT_DIR}/nostdlib.elf" "${OUTPUT_DIR}/newlib.elf")  # never report a stale image
execute_process(COMMAND "${ARM_CXX}" ${flags} "-I${INCLUDE_DIR}" -c "${SOURCE}" -o "${obj}"
                COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "Cortex-M4 compile of ${SOURCE} failed (exit ${rc})")
endif()
# -e 0: there is no _start (nothing runs these images), and address 0 as the entry keeps the linker quiet.
set(link_nostdlib -nostartfiles -nostdlib -Wl,-e,0 -Wl,--gc-sections -Wl,--unresolved-symbols=ignore-all)
set(link_newlib -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,-e,0 -Wl,--gc-sections)

# Forbidden in the image: names that start with one of these (C++ helpers, whose mangled names go on)...
set(forbidden_prefixes "_ZSt[0-9]+__throw_|__cxa_|__gxx_personality|_Unwind_|_ZSt9terminate|_ZN10__cxxabiv1|"
                       "__snprintf_lite|_Znw[jm]|_Zna[jm]|_ZdlPv|_ZdaPv|_printf_|_svfprintf|_vfprintf|_vfiprintf|"
                       "_svfiprintf")
# ... and these C functions, whole names (the printf family, abort and assert, the heap).
set(forbidden_names "printf|sprintf|snprintf|vsnprintf|vsprintf|vprintf|fprintf|vfprintf|iprintf|siprintf|"
                    "sniprintf|vsniprintf|_sprintf_r|_snprintf_r|_vsnprintf_r|abort|__assert_func|__assert|"
                    "malloc|_malloc_r|calloc|_calloc_r|realloc|_realloc_r|free|_free_r")
string(JOIN "" forbidden_prefixes ${forbidden_prefixes})
string(JOIN "" forbidden_names ${forbidden_names})
set(forbidden "[ \t](((${forbidden_prefixes})[A-Za-z0-9_.]*)|(${forbidden_names}))\n")

set(failures "")
foreach(link IN ITEMS nostdlib newlib)
  set(elf "${OUTPUT_DIR}/${link}.elf")
  execute_process(COMMAND "${ARM_CXX}" ${flags} ${link_${link}} ${keep} "${obj}" -o "${elf}"
                  COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "Cortex-M4 link (${link}) of the realistic probe failed (exit ${rc})")
  endif()
  execute_process(COMMAND "${ARM_SIZE}" "${elf}" OUTPUT_VARIABLE size_out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT size_out MATCHES "\n[ \t]*([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)")
    message(FATAL_ERROR "${ARM_SIZE} ${elf} failed or printed no figures:\n${size_out}")
  endif()
  set(text ${CMAKE_MATCH_1})
  set(data ${CMAKE_MATCH_2})
  set(bss ${CMAKE_MATCH_3})
  message(STATUS "${link}: text ${text}, data ${data}, bss ${bss} (limit: text ${limit_${link}}, no data, no bss)")
  if(NOT DEFINED limit_${link})
    list(APPEND failures "${link}: no text limit in ${LIMITS}")
  elseif(text GREATER limit_${link})
    list(APPEND failures "${link}: text ${text} bytes is above its limit of ${limit_${link}} (${LIMITS})")
  elseif(text LESS limit_${link})
    message(STATUS "${link}: ${text} bytes is below the limit: lower it in ${LIMITS} to keep the gain")
  endif()
  # Static RAM: the .data and .bss output sections (size -A) and any object the image places in RAM (nm types
  # b/B/d/D). The Berkeley "bss" figure above also counts the default linker script's .persistent/.noinit
  # sections, which hold no object here but pad to a 4-byte boundary after .rodata (2 bytes when .rodata's size is
  # 2 mod 4): padding of the script's layout, not RAM the code uses, so it is reported, not failed.
  execute_process(COMMAND "${ARM_SIZE}" -A "${elf}" OUTPUT_VARIABLE sections_out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARM_SIZE} -A ${elf} failed (exit ${rc})")
  endif()
  set(ram_sections 0)
  foreach(section IN ITEMS .data .bss)
    if(sections_out MATCHES "\n\${section}[ \t]+([0-9]+)")
      math(EXPR ram_sections "${ram_sections} + ${CMAKE_MATCH_1}")
    endif()
  endforeach()
  # Every symbol of the image, defined or not: the -nostdlib link leaves libc's unresolved but still lists them.
  execute_process(COMMAND "${ARM_NM}" "${elf}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARM_NM} ${elf} failed (exit ${rc})")
  endif()
  # Objects only: nm -S gives a size to what occupies bytes, not to the linker script's markers (_edata, _end).
  execute_process(COMMAND "${ARM_NM}" -S "${elf}" OUTPUT_VARIABLE sized_symbols)
  string(REGEX MATCHALL "[0-9a-f]+ [0-9a-f]+ [bBdD] [^\n]+" ram_objects "${sized_symbols}")
  if(NOT ram_sections EQUAL 0 OR ram_objects)
    list(APPEND failures "${link}: static RAM in the image (.data + .bss ${ram_sections} bytes; objects: ${ram_objects}), where 0 is required")
  elseif(NOT data EQUAL 0 OR NOT bss EQUAL 0)
    message(STATUS "${link}: no .data, no .bss, no object in RAM; the ${data} + ${bss} bytes are the linker script's section padding")
  endif()
  string(REGEX MATCHALL "${forbidden}" bad "${symbols}")
  if(bad)
    string(REPLACE "\n" "" bad "${bad}")
    list(JOIN bad "," bad)
    list(APPEND failures "${link}: forbidden symbols in the image:${bad}")
  endif()
  execute_process(COMMAND "${ARM_NM}" --size-sort -S -C "${elf}" OUTPUT_VARIABLE sorted)
  message(STATUS "${link}: symbols by size\n${sorted}")
endforeach()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "Cortex-M4 size check failed:\n  ${text}")
endif()
message(STATUS "Cortex-M4 size check passed")
