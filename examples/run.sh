#!/usr/bin/env bash
# README demo: builds and runs examples/readme_publish.cpp, then the five demos of examples/demos (mqtt5-demos:
# request/response, user properties, topic alias, expiry and clean start, reason codes), each against a mosquitto
# it starts on loopback; ends with a table of what each demo showed, and fails when one of them does.
# Build dir: build/demo (only these two programs; no tests). Installs cmake, g++, ninja-build,
# nlohmann-json3-dev (for mqtt5-inspect) and mosquitto first if they are missing (Debian 12; run as root or with
# sudo available; `apt-get update` only when something is missing).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
for pkg in cmake g++ ninja-build nlohmann-json3-dev mosquitto; do
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "examples/run.sh: installing missing packages: ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# Only the examples: no GoogleTest/benchmark needed for the demo.
cmake -S . -B build/demo -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DMQTT5_BUILD_TESTS=OFF \
  -DMQTT5_BUILD_BENCH=OFF \
  -DMQTT5_BUILD_FUZZ=OFF \
  -DMQTT5_BUILD_EXAMPLES=ON
cmake --build build/demo --target readme_publish mqtt5-demos
build/demo/examples/readme_publish
echo
exec build/demo/examples/demos/mqtt5-demos
