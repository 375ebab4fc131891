// mqtt5-inspect session: checks a captured conversation (both directions of one or more Network Connections)
// against the connection layer (mqtt5::client_connection / mqtt5::server_connection), one JSON line per packet.
// The input and output formats are in the usage text (main.cpp) and in issue 10 item 4.
#pragma once

#include <cstddef>
#include <istream>

#include <mqtt5.hpp>

namespace inspect {

// The capacities of the inspector's connection objects (`session`, and `check --session`), which no capture
// reaches: every Receive Maximum and Topic Alias Maximum a packet can announce (65535), every Packet Identifier
// in flight both ways, identifiers and methods of any length a packet can carry.
// Inbound aliases keep their topic text: 4 MiB holds 65535 mapped topics of 64 bytes. Outbound aliases are the
// caller's (topic_alias_policy::caller), which the layer records without their text, so a small arena does.
// property_scratch_bytes is also a stack array inside send() (drop_problem_information): keep it modest.
inline constexpr mqtt5::session_capacity inspector_capacity{
    .outbound_inflight = 65535,
    .inbound_inflight = 65535,
    .inbound_topic_aliases = 65535,
    .inbound_alias_bytes = std::size_t{4} << 20,
    .outbound_topic_aliases = 65535,
    .outbound_alias_bytes = std::size_t{64} << 10,
    .property_scratch_bytes = std::size_t{64} << 10,
    .client_id_bytes = 65535,
    .authentication_method_bytes = 65535,
};

// Reads conversation lines from `in`, prints one JSON object per packet line on standard output. Returns the
// exit status: 0 when every packet line was accepted, 1 otherwise.
int run_session(std::istream& in);

}  // namespace inspect
