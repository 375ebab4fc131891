// mqtt5-inspect check: judges each packet by a cloud profile (issue 11 item 6; include/mqtt5/profiles/).
#pragma once

#include <string_view>
#include <vector>

namespace inspect {

// The usage text of `check`, for `mqtt5-inspect --help`.
extern const std::string_view check_usage_text;

// Runs `mqtt5-inspect check ARGS...` (`args` without the word "check"). Exit status: 0 no packet breaks a rule,
// 1 some packet breaks one (or does not decode), 2 usage error or unreadable FILE.
int run_check(const std::vector<std::string_view>& args);

}  // namespace inspect
