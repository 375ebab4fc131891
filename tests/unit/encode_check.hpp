// Checks shared by the byte-exact vector tests: an error in words, and "this packet encodes to exactly
// these bytes, and encoded_size said so first".
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "mqtt5.hpp"
#include "test_util.hpp"

namespace test_util {

inline std::string describe_error(const mqtt5::error& e) {
    return std::string(mqtt5::to_string(e.code)) + " at offset " + std::to_string(e.offset);
}

template <class P>
testing::AssertionResult encodes_to(const P& p, const std::vector<std::byte>& expected) {
    const auto size = mqtt5::encoded_size(p);
    if (!size) return testing::AssertionFailure() << "encoded_size: " << describe_error(size.error());
    if (*size != expected.size()) return testing::AssertionFailure() << "encoded_size " << *size << " != " << expected.size();
    std::vector<std::byte> out(expected.size());
    const auto n = mqtt5::encode(p, out);
    if (!n) return testing::AssertionFailure() << "encode: " << describe_error(n.error());
    if (*n != expected.size() || out != expected)
        return testing::AssertionFailure() << "encoded  " << to_hex(out) << "\nexpected " << to_hex(expected);
    return testing::AssertionSuccess();
}

}  // namespace test_util
