/// \file
/// AWS IoT Core topic helpers: the part of a topic its limits count (a Basic Ingest prefix `$aws/rules/{rule}/`
/// and a shared-subscription prefix `$share/{name}/` are not counted), its `#` semantics (`a/#` does not match
/// `a`), the reserved `$aws/...` families, and builders for Basic Ingest and Device Shadow topics that write into
/// caller storage. Source: shared/docs/cloud-profiles.md (AWS rows "topic name", "reserved topics", "#
/// wildcard", "shared subscriptions"); AWS developer guide `topics`, `reserved-topics`, `limits-iot`.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "../string_literals.hpp"
#include "../topic.hpp"
#include "text_writer.hpp"

namespace mqtt5 {

/// The Basic Ingest prefix `$aws/rules/`: a topic `$aws/rules/{rule}/{topic}` goes straight to a rule.
inline constexpr std::string_view aws_basic_ingest_prefix = "$aws/rules/"sv;

/// The part of a topic name or filter that AWS IoT Core's size and level limits count: after a leading
/// `$aws/rules/{rule}/` (Basic Ingest) or `$share/{name}/` (a shared subscription). Anything else is counted whole.
constexpr std::string_view aws_counted_topic(std::string_view topic) noexcept {
    for (const std::string_view prefix : {aws_basic_ingest_prefix, "$share/"sv}) {
        if (!topic.starts_with(prefix)) continue;
        const auto rest = topic.substr(prefix.size());
        const auto slash = rest.find('/');
        if (slash == 0 || slash == std::string_view::npos) return topic;  // no {rule}/ or {name}/: counted whole
        return rest.substr(slash + 1);
    }
    return topic;
}

/// The number of '/' AWS IoT Core counts in `topic` (at most 7 are allowed: 8 levels).
constexpr std::size_t aws_topic_slashes(std::string_view topic) noexcept {
    std::size_t n = 0;
    for (const char c : aws_counted_topic(topic)) n += c == '/' ? 1u : 0u;
    return n;
}

/// Does `filter` match `topic_name` the way AWS IoT Core matches? As the standard, except that `a/#` does not
/// match the parent `a` (cloud-profiles.md row "# wildcard").
constexpr bool aws_topic_matches(std::string_view filter, std::string_view topic_name) noexcept {
    return topic_matches(filter, topic_name, topic_match_options{false});
}

/// True when `topic` (starting with '$') belongs to a documented reserved family: `$aws/things/{thing}/shadow/`,
/// `.../jobs/`, `.../streams/`, `.../defender/`, `.../tunnels/`, `$aws/rules/{rule}/`, `$aws/events/`,
/// `$aws/certificates/`, `$aws/provisioning-templates/`, `$aws/sitewise/`. The rule table's list names the
/// first four families; the others are on the same reserved-topics page and are used by AWS's own device
/// features (fleet provisioning, Device Defender, secure tunnelling, MQTT file streams).
constexpr bool aws_reserved_family(std::string_view topic) noexcept {
    constexpr std::string_view things = "$aws/things/"sv;
    if (topic.starts_with(things)) {
        const auto rest = topic.substr(things.size());
        const auto slash = rest.find('/');
        if (slash == 0 || slash == std::string_view::npos) return false;
        const auto feature = rest.substr(slash + 1);
        for (const std::string_view f : {"shadow/"sv, "jobs/"sv, "streams/"sv, "defender/"sv, "tunnels/"sv})
            if (feature.starts_with(f)) return true;
        return false;
    }
    if (topic.starts_with(aws_basic_ingest_prefix)) return aws_counted_topic(topic) != topic;
    for (const std::string_view f : {"$aws/events/"sv, "$aws/certificates/"sv, "$aws/provisioning-templates/"sv, "$aws/sitewise/"sv})
        if (topic.starts_with(f)) return true;
    return false;
}

/// Writes the Basic Ingest topic `$aws/rules/{rule}/{topic}` into `storage`.
inline result<std::string_view> aws_basic_ingest_topic(std::string_view rule, std::string_view topic,
                                                      std::span<char> storage) noexcept {
    return text_writer{storage}.append(aws_basic_ingest_prefix).append(rule).append('/').append(topic).finish();
}

/// Writes a Device Shadow topic into `storage`: `$aws/things/{thing}/shadow/{operation}` for the classic shadow
/// (empty `shadow_name`), `$aws/things/{thing}/shadow/name/{shadow_name}/{operation}` for a named one.
/// `operation` is e.g. "update", "get", "delete", "update/accepted".
inline result<std::string_view> aws_shadow_topic(std::string_view thing, std::string_view shadow_name,
                                                std::string_view operation, std::span<char> storage) noexcept {
    text_writer w{storage};
    w.append("$aws/things/"sv).append(thing).append("/shadow/"sv);
    if (!shadow_name.empty()) w.append("name/"sv).append(shadow_name).append('/');
    return w.append(operation).finish();
}

}  // namespace mqtt5
