// Topic Name / Topic Filter validation and filter matching against slow references written from §4.7 and
// §4.8.2: strings split into levels, rules checked level by level, matching by recursion over levels.
#include <mqtt5.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"

namespace {

std::vector<std::string_view> levels(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
        if (i == s.size() || s[i] == '/') out.push_back(s.substr(start, i - start)), start = i + 1;
    return out;
}

mqtt5::errc reference_filter_levels(std::string_view filter) {
    const auto lv = levels(filter);
    for (std::size_t i = 0; i < lv.size(); ++i) {
        const auto l = lv[i];
        // A level can break both rules ("+#"): the first wildcard character in it names the rule.
        const auto first = l.find_first_of("+#");
        if (first == std::string_view::npos) continue;
        if (l[first] == '#' && (l != "#" || i + 1 != lv.size())) return mqtt5::errc::topic_filter_invalid_hash;
        if (l[first] == '+' && l != "+") return mqtt5::errc::topic_filter_invalid_plus;
        if (l.find(l[first] == '#' ? '+' : '#') != std::string_view::npos)
            return l[first] == '#' ? mqtt5::errc::topic_filter_invalid_hash : mqtt5::errc::topic_filter_invalid_plus;
    }
    return mqtt5::errc::ok;
}

mqtt5::errc reference_filter(std::string_view filter) {
    if (filter.size() > 65535) return mqtt5::errc::string_too_long;
    if (const auto e = mqtt5::wire::validate_utf8(filter); e != mqtt5::errc::ok) return e;  // fuzzed apart, in utf8.cpp
    if (filter.empty()) return mqtt5::errc::topic_empty;
    if (filter.rfind("$share/", 0) == 0) {
        const auto lv = levels(filter.substr(7));
        if (lv[0].empty()) return mqtt5::errc::shared_subscription_empty_share_name;
        if (lv[0].find_first_of("+#") != std::string_view::npos) return mqtt5::errc::shared_subscription_invalid_share_name;
        if (lv.size() < 2 || filter.size() == 7 + lv[0].size() + 1) return mqtt5::errc::shared_subscription_missing_filter;
        return reference_filter_levels(filter.substr(7 + lv[0].size() + 1));
    }
    return reference_filter_levels(filter);
}

mqtt5::errc reference_name(std::string_view name) {
    if (name.empty()) return mqtt5::errc::topic_empty;
    if (name.size() > 65535) return mqtt5::errc::string_too_long;
    if (const auto e = mqtt5::wire::validate_utf8(name); e != mqtt5::errc::ok) return e;
    if (name.find_first_of("+#") != std::string_view::npos) return mqtt5::errc::topic_name_has_wildcard;
    return mqtt5::errc::ok;
}

bool match_levels(const std::vector<std::string_view>& f, std::size_t fi, const std::vector<std::string_view>& t, std::size_t ti,
                  bool hash_matches_parent) {
    if (fi == f.size()) return ti == t.size();
    if (f[fi] == "#") return ti < t.size() || hash_matches_parent;  // "a/#" matches "a/..." and (standard) "a"
    if (ti == t.size()) return false;
    if (f[fi] != "+" && f[fi] != t[ti]) return false;
    return match_levels(f, fi + 1, t, ti + 1, hash_matches_parent);
}

bool reference_match(std::string_view filter, std::string_view topic, bool hash_matches_parent) {
    if (filter.rfind("$share/", 0) == 0) {
        const auto slash = filter.find('/', 7);
        filter = filter.substr(slash + 1);
    }
    if (topic.empty() || filter.empty()) return false;
    if (topic[0] == '$' && (filter[0] == '+' || filter[0] == '#')) return false;  // [MQTT-4.7.2-1]
    const auto f = levels(filter), t = levels(topic);
    if (f.size() == 1 && f[0] == "#") return true;
    return match_levels(f, 0, t, 0, hash_matches_parent);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Input: filter, a 0xFF byte, topic name (0xFF never occurs in UTF-8, so it is a safe separator).
    // Longer inputs add nothing the level rules have not seen and slow the reference down.
    if (size > 512) return 0;
    const std::string_view all{reinterpret_cast<const char*>(data), size};
    const auto cut = all.find('\xFF');
    const auto filter = all.substr(0, cut);
    const auto topic = cut == std::string_view::npos ? all : all.substr(cut + 1);

    FUZZ_CHECK(mqtt5::validate_topic_filter(filter) == reference_filter(filter));
    FUZZ_CHECK(mqtt5::validate_topic_name(topic) == reference_name(topic));
    FUZZ_CHECK(mqtt5::validate_topic_name(filter) == reference_name(filter));

    const auto shared = mqtt5::parse_shared_subscription(filter);
    if (shared) FUZZ_CHECK(std::string("$share/").append(shared->share_name).append("/").append(shared->topic_filter) == filter);

    if (reference_filter(filter) == mqtt5::errc::ok && reference_name(topic) == mqtt5::errc::ok) {
        for (const bool parent : {true, false})
            FUZZ_CHECK(mqtt5::topic_matches(filter, topic, {.hash_matches_parent = parent}) == reference_match(filter, topic, parent));
    }
    return 0;
}
