// MQTT5_ASSERT on reading the value of a failed result (issue 8, item 3). The unit tests build with NDEBUG
// (RelWithDebInfo), where the default assert() is gone, and a different MQTT5_ASSERT in one of their
// translation units would break the ODR of the library's inline functions. So this is an executable of its
// own: it defines a recording MQTT5_ASSERT before the first include, as a firmware build would, and checks
// that it fires for *r, r-> and r.value() of an error (const and not), not for a value, never for
// value_or(), and that the read still yields a default T (the release behaviour, never undefined).
#include <cstddef>
#include <cstdio>

namespace assert_probe {
int fired = 0;
const char* last_condition = nullptr;
void record(const char* condition) noexcept {
    ++fired;
    last_condition = condition;
}
}  // namespace assert_probe

#define MQTT5_ASSERT(cond) ((cond) ? (void)0 : ::assert_probe::record(#cond))
#include <mqtt5.hpp>

namespace {

int failures = 0;

void check(bool ok, const char* what, int line) {
    if (!ok) {
        ++failures;
        std::printf("FAILED (line %d): %s\n", line, what);
    }
}
#define CHECK(expr) check((expr), #expr, __LINE__)

// Runs `read` and returns how many times MQTT5_ASSERT fired during it.
template <class Read>
int fired_during(Read read) {
    const int before = assert_probe::fired;
    read();
    return assert_probe::fired - before;
}

}  // namespace

int main() {
    mqtt5::result<std::size_t> error_size = mqtt5::make_error(mqtt5::errc::buffer_too_small, 3);
    const mqtt5::result<std::size_t>& const_error_size = error_size;
    mqtt5::result<std::size_t> value_size = std::size_t{42};
    const mqtt5::result<std::size_t>& const_value_size = value_size;

    // An error: every way of reading the value fires once, and yields a default T.
    std::size_t read = 1;
    CHECK(fired_during([&] { read = *error_size; }) == 1);
    CHECK(read == 0);
    CHECK(fired_during([&] { read = *const_error_size; }) == 1);
    CHECK(fired_during([&] { read = error_size.value(); }) == 1);
    CHECK(fired_during([&] { read = const_error_size.value(); }) == 1);
    CHECK(read == 0);
    CHECK(assert_probe::last_condition != nullptr);

    mqtt5::result<mqtt5::publish> error_publish = mqtt5::make_error(mqtt5::errc::truncated, 8);
    const mqtt5::result<mqtt5::publish>& const_error_publish = error_publish;
    std::size_t topic_size = 1;
    CHECK(fired_during([&] { topic_size = error_publish->topic.size(); }) == 1);
    CHECK(fired_during([&] { topic_size = const_error_publish->topic.size(); }) == 1);
    CHECK(topic_size == 0);

    // The case of issue 8: the size of a refused packet read without a check.
    const mqtt5::publish wildcard{.topic = "a/#"};
    CHECK(fired_during([&] { read = *mqtt5::encoded_size(wildcard); }) == 1);
    CHECK(fired_during([&] { read = mqtt5::encoded_size(wildcard).value(); }) == 1);

    // A value: nothing fires.
    CHECK(fired_during([&] { read = *value_size; }) == 0);
    CHECK(read == 42);
    CHECK(fired_during([&] { read = *const_value_size + const_value_size.value() + value_size.value(); }) == 0);
    CHECK(read == 126);
    mqtt5::result<mqtt5::publish> value_publish = mqtt5::publish{.topic = "t"};
    CHECK(fired_during([&] { topic_size = value_publish->topic.size(); }) == 0);
    CHECK(topic_size == 1);

    // value_or never fires: the value, or the fallback.
    CHECK(fired_during([&] { read = error_size.value_or(7); }) == 0);
    CHECK(read == 7);
    CHECK(fired_during([&] { read = value_size.value_or(7); }) == 0);
    CHECK(read == 42);
    CHECK(fired_during([&] { read = mqtt5::encoded_size(wildcard).value_or(0); }) == 0);
    CHECK(read == 0);
    CHECK(fired_during([&] { topic_size = std::move(error_publish).value_or(mqtt5::publish{.topic = "xy"}).topic.size(); }) == 0);
    CHECK(topic_size == 2);

    if (failures != 0) {
        std::printf("%d check(s) failed\n", failures);
        return 1;
    }
    std::printf("result assert: all checks passed (MQTT5_ASSERT fired %d times, each expected)\n", assert_probe::fired);
    return 0;
}
