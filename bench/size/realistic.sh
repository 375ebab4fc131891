#!/usr/bin/env bash
# Code size of the realistic probe (bench/size/realistic.cpp, issue 13) on Cortex-M4, the v5-only image, linked
# twice with --gc-sections:
#   nostdlib  -nostartfiles -nostdlib, unresolved symbols ignored: the codec alone (memcpy and friends left out)
#   newlib    -nostartfiles --specs=nano.specs --specs=nosys.specs, unresolved symbols an error: what a real
#             firmware links, libc's and libstdc++'s helpers included
#   bash bench/size/realistic.sh [OUTDIR]
# Extra compiler flags in MQTT5_SIZE_FLAGS. The ctest test size.cortex_m4_realistic builds the same image
# (tests/cmake/cortex_m4_size.cmake) and checks it against bench/size/realistic_limits.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
entries=(mqtt5_rp_encode_publish mqtt5_rp_decode_publish mqtt5_rp_encode_connect mqtt5_rp_decode_connect
         mqtt5_rp_encode_subscribe mqtt5_rp_decode_subscribe mqtt5_rp_encode_puback mqtt5_rp_decode_puback
         mqtt5_rp_encode_disconnect mqtt5_rp_decode_disconnect)
keep=()
for e in "${entries[@]}"; do keep+=("-Wl,--undefined=$e"); done
# Issue 13's flags exactly, plus the v5-only switch and NDEBUG of a release image.
flags=(-std=c++20 -mcpu=cortex-m4 -mthumb -Os -DNDEBUG -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections
       -DMQTT5_ENABLE_V311=0 ${MQTT5_SIZE_FLAGS:-})
arm-none-eabi-g++ "${flags[@]}" -I"$here/../../include" -c "$here/realistic.cpp" -o "$out/realistic.o"
# No _start: -e 0 names address 0 as the entry, so the linker does not warn (nothing runs this image).
arm-none-eabi-g++ "${flags[@]}" -nostartfiles -nostdlib -Wl,-e,0 -Wl,--gc-sections -Wl,--unresolved-symbols=ignore-all \
  "${keep[@]}" "$out/realistic.o" -o "$out/nostdlib.elf"
arm-none-eabi-g++ "${flags[@]}" -nostartfiles --specs=nano.specs --specs=nosys.specs -Wl,-e,0 -Wl,--gc-sections \
  "${keep[@]}" "$out/realistic.o" -o "$out/newlib.elf"
for link in nostdlib newlib; do
  echo "== $link: arm-none-eabi-size =="
  arm-none-eabi-size "$out/$link.elf"
  arm-none-eabi-nm --size-sort -C -S "$out/$link.elf" > "$out/$link.symbols.txt"
done
echo "== nostdlib: symbols the codec leaves to libc (unresolved there) =="
arm-none-eabi-nm -u "$out/realistic.o" | awk '{print $2}' | tr '\n' ' '; echo
echo "== newlib: per symbol (arm-none-eabi-nm --size-sort -C -S), largest last =="
cat "$out/newlib.symbols.txt"
echo "== newlib minus nostdlib: what libc/libstdc++ add =="
diff <(awk '{print $4" "$5" "$6" "$7" "$8}' "$out/nostdlib.symbols.txt" | sort) \
     <(awk '{print $4" "$5" "$6" "$7" "$8}' "$out/newlib.symbols.txt" | sort) | grep '^>' || true
echo "(symbol lists in $out)"
