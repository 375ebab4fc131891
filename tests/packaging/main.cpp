// Minimal consumer used by the packaging tests (ctest label packaging).
#include <mqtt5.hpp>

// mqtt5::mqtt5 must bring C++20 along (target_compile_features); the consumer
// projects deliberately do not set a standard themselves.
static_assert(__cplusplus >= 202002L, "mqtt5::mqtt5 should require C++20");

int main() { return 0; }
