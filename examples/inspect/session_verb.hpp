// mqtt5-inspect session: checks a captured conversation (both directions of one or more Network Connections)
// against the connection layer (mqtt5::client_connection / mqtt5::server_connection), one JSON line per packet.
// The input and output formats are in the usage text (main.cpp) and in issue 10 item 4.
#pragma once

#include <istream>

namespace inspect {

// Reads conversation lines from `in`, prints one JSON object per packet line on standard output. Returns the
// exit status: 0 when every packet line was accepted, 1 otherwise.
int run_session(std::istream& in);

}  // namespace inspect
