/// \file
/// The `sv` literal (`"Receive Maximum"sv`, a std::string_view) in namespace mqtt5, for the library's tables of
/// names and descriptions. The standard's own operator, made visible here by a using-declaration.
///
/// Why: a std::string_view built from a bare literal ("Receive Maximum") has its length counted by
/// std::char_traits<char>::length, which in a constant expression libstdc++ runs as a loop the compiler's
/// evaluator steps through one character at a time, about 23,000 of g++ 12's instructions a character. The
/// library's tables hold about 20,000 characters of text, and counting them cost every translation unit that
/// includes <mqtt5.hpp> a few hundred million compiler instructions (bench/compile_time.sh; issue 13: compile
/// time is not to grow). `"..."sv` hands over the length the compiler already knows.
#pragma once

#include <string_view>

namespace mqtt5 {
using std::string_view_literals::operator""sv;
}  // namespace mqtt5
