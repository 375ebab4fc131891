#!/usr/bin/env bash
# Full test run, as in CI: installs missing Debian 12 packages, configures a g++
# Release (-O3) build with tests, examples, bench, fuzz and the test variants
# (clang -O2 with ASan+UBSan, libFuzzer, gcc -m32 at -O1), warnings as errors, builds
# it and runs ctest. The exit code is ctest's.
#
#   bash tests/run.sh                  # build dir: build/ci
#   MQTT5_BUILD_DIR=build/x bash tests/run.sh
#
# Run as root (or with sudo available) when packages are missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir="${MQTT5_BUILD_DIR:-build/ci}"

packages=(
  cmake ninja-build g++ clang
  libclang-rt-14-dev                 # sanitizer runtimes for clang
  libgtest-dev googletest            # prebuilt gtest + sources (for -m32 / sanitizer builds)
  libbenchmark-dev
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib   # Cortex-M4 compile check
  g++-multilib                       # -m32 variant
  nlohmann-json3-dev                 # JSON for mqtt5-inspect (examples/inspect)
  mosquitto mosquitto-clients python3-paho-mqtt   # interop tests (tests/interop)
  doxygen                            # docs.doxygen: API reference without warnings
  meson                              # packaging.meson_subproject
  git                                # packaging.fetchcontent clones this checkout
  valgrind                           # bench.instructions: callgrind instruction counts (tests/perf)
)
sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
apt_updated=0

# install_missing PKG...: apt-get install those not yet installed (one
# `apt-get update` per run, and only if something is missing at all).
install_missing() {
  local pkg missing=()
  for pkg in "$@"; do
    # dpkg -s also succeeds for removed-but-not-purged packages, hence the grep.
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]})) || return 0
  echo "tests/run.sh: installing missing packages: ${missing[*]}"
  if ((!apt_updated)); then
    "${sudo[@]}" apt-get update
    apt_updated=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

install_missing "${packages[@]}"

# Some kernels cannot execute 32-bit binaries (VMs booted with
# ia32_emulation=off). The m32 variant then runs its tests under qemu-i386,
# so install qemu-user only in that case.
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
printf 'int main() { return 0; }\n' >"$probe_dir/probe.cpp"
if g++ -m32 "$probe_dir/probe.cpp" -o "$probe_dir/probe" && ! "$probe_dir/probe" 2>/dev/null; then
  echo "tests/run.sh: this kernel cannot run 32-bit binaries; the m32 variant will use qemu-i386"
  install_missing qemu-user
fi
rm -rf "$probe_dir"
trap - EXIT

# Release: g++ -O3 over everything (some of g++'s warnings appear only once -O3 inlines deeply), so no variant
# sub-build has to redo gcc -O3 (the variants are described in tests/CMakeLists.txt).
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_BUILD_TYPE=Release \
  -DMQTT5_BUILD_TESTS=ON \
  -DMQTT5_BUILD_EXAMPLES=ON \
  -DMQTT5_BUILD_BENCH=ON \
  -DMQTT5_BUILD_FUZZ=ON \
  -DMQTT5_TEST_VARIANTS=ON \
  -DMQTT5_WARNINGS_AS_ERRORS=ON
cmake --build "$build_dir" -j 2

# ctest prints a passing test's output only with -V; a few tests (the fuzzers' execution counts) write a
# line of figures to fd 3, opened here on our stdout, so those reach the log anyway.
exec 3>&1
# Last command: the output ends with ctest's summary and its exit code is ours.
exec ctest --test-dir "$build_dir" --output-on-failure -j 2
