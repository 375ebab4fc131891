/// \file
/// The `sv` literal (`"Receive Maximum"sv`, a std::string_view) in namespace mqtt5, for the library's tables of
/// names and descriptions. The standard's own operator, made visible here by a using-declaration.
///
/// Why: a std::string_view built from a bare literal ("Receive Maximum") has its length counted by
/// std::char_traits<char>::length, which in a constant expression libstdc++ runs as a loop that g++'s evaluator
/// steps through one character at a time: about 19,000 of g++ 12's instructions a character. The library's
/// literals hold about 23,000 characters (names, descriptions, rule sources), and counting them cost every
/// translation unit that includes <mqtt5.hpp> about 410 million compiler instructions, 3% of an -O2 compile
/// (bench/compile_time.sh; issue 13: compile time is not to grow). `"..."sv` hands over the length the compiler
/// already knows. One consequence for users: `using namespace mqtt5;` makes the standard `sv` literal visible too,
/// as `using namespace std;` does.
#pragma once

#include <string_view>

namespace mqtt5 {
using std::string_view_literals::operator""sv;
}  // namespace mqtt5
