#!/usr/bin/env bash
# Code size of bench/size/firmware.cpp on Cortex-M4: text/data/bss of what the linker keeps from the
# extern "C" entry points, the per-symbol sizes, and libc's share (memcpy and friends) counted apart.
#   bash bench/size/measure.sh [OUTDIR]
# Extra compiler flags in MQTT5_SIZE_FLAGS, e.g. MQTT5_SIZE_FLAGS=-DMQTT5_ENABLE_V311=0 for the v5-only image
# (the default image links levels 3 and 4 too: firmware.cpp then takes the version at run time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
entries=(fw_encode_publish fw_decode_publish fw_encode_connect fw_decode_connect fw_encode_subscribe
         fw_decode_subscribe fw_encode_puback fw_decode_puback fw_encode_disconnect fw_decode_disconnect fw_set_version)
source="$here/firmware.cpp"
# MQTT5_SIZE_PROBE=session: a Client on the connection layer (session_firmware.cpp), built with -DNDEBUG and
# checked for heap and assert symbols; add -DFW_SMALL to MQTT5_SIZE_FLAGS for its small capacity.
probe=${MQTT5_SIZE_PROBE:-codec}
if [[ $probe == session ]]; then
  entries=(fw_session_connect fw_session_on_frame fw_session_publish)
  source="$here/session_firmware.cpp"
  MQTT5_SIZE_FLAGS="-DNDEBUG ${MQTT5_SIZE_FLAGS:-}"
fi
keep=()
for e in "${entries[@]}"; do keep+=("-Wl,--undefined=$e"); done
flags=(-std=c++20 -mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections ${MQTT5_SIZE_FLAGS:-})
arm-none-eabi-g++ "${flags[@]}" -I"$here/../../include" -c "$source" -o "$out/firmware.o"
arm-none-eabi-g++ "${flags[@]}" -nostartfiles -nostdlib -Wl,--gc-sections -Wl,--unresolved-symbols=ignore-all \
  "${keep[@]}" "$out/firmware.o" -o "$out/firmware.elf"
echo "== arm-none-eabi-size (whole image) =="
arm-none-eabi-size "$out/firmware.elf"
echo "== per symbol (arm-none-eabi-nm --size-sort -C) =="
arm-none-eabi-nm --size-sort -C -S "$out/firmware.elf" | tee "$out/symbols.txt"
libc=0
while read -r _ size _ name; do libc=$((libc + 16#$size)); done < <(grep -E ' (memcpy|memmove|memset|memcmp|memchr|strlen)$' "$out/symbols.txt" || true)
strings=$(arm-none-eabi-objdump -h "$out/firmware.elf" | awk '$2 ~ /^\.rodata/ {print $3}' | head -1)
echo "== libc functions linked into the figure: ${libc} bytes (-nostdlib leaves memcpy and friends unresolved: they are outside it) =="
if [[ $probe == session ]]; then
  arm-none-eabi-g++ "${flags[@]}" -DFW_SIZEOF_ONLY -I"$here/../../include" -c "$source" -o "$out/sizeof.o"
  object=$(arm-none-eabi-nm -S "$out/sizeof.o" | awk '$4 == "fw_session_sizeof" {print $2}')
  echo "== sizeof(client_connection<capacity>): $((16#$object)) bytes =="
  # No heap and no assert code may be linked or referenced (the image links with unresolved symbols ignored,
  # so look at every symbol, defined or not, of the object and the image).
  bad=$( (arm-none-eabi-nm "$out/firmware.o"; arm-none-eabi-nm "$out/firmware.elf") |
         grep -E ' (malloc|calloc|realloc|free|_Znw[jm]|_Zna[jm]|_Zdl[Pv]|_Zda[Pv].*|__cxa_[a-z_]+|__assert_func|abort)$' || true)
  if [[ -n $bad ]]; then
    echo "== FAILED: heap, exception or assert symbols in the session probe =="
    echo "$bad"
    exit 1
  fi
  echo "== no malloc/new/free/__cxa_*/__assert_func/abort symbol in the object or the image =="
fi
