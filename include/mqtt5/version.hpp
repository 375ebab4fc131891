/// \file
/// The library's version, as macros (for `#if` in a firmware tree, with no configure step) and as constants.
/// This file is the one place the version is written: CMakeLists.txt and meson.build read it from here.
#pragma once

/// Major version: changes when the public API changes incompatibly.
#define MQTT5_VERSION_MAJOR 0
/// Minor version: changes when the public API grows (by addition only).
#define MQTT5_VERSION_MINOR 1
/// Patch version: changes for fixes that leave the API as it is.
#define MQTT5_VERSION_PATCH 0
/// The three numbers in one integer that orders like the version: MAJOR * 10000 + MINOR * 100 + PATCH
/// (0.1.0 is 100, 1.2.3 is 10203), so `#if MQTT5_VERSION >= 10200` means "1.2.0 or newer". MINOR and PATCH
/// stay below 100.
#define MQTT5_VERSION (MQTT5_VERSION_MAJOR * 10000 + MQTT5_VERSION_MINOR * 100 + MQTT5_VERSION_PATCH)

namespace mqtt5 {

/// MQTT5_VERSION_MAJOR as a constant.
inline constexpr int version_major = MQTT5_VERSION_MAJOR;
/// MQTT5_VERSION_MINOR as a constant.
inline constexpr int version_minor = MQTT5_VERSION_MINOR;
/// MQTT5_VERSION_PATCH as a constant.
inline constexpr int version_patch = MQTT5_VERSION_PATCH;
/// MQTT5_VERSION as a constant.
inline constexpr int version_number = MQTT5_VERSION;

static_assert(version_minor < 100 && version_patch < 100, "MQTT5_VERSION packs MINOR and PATCH in two digits each");

}  // namespace mqtt5
