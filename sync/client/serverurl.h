// Which server URLs a device may talk to (DESIGN.md §3 "Transport").
//
// Only https leaves the machine. Plain http is allowed to a loopback
// address written as one (127.0.0.0/8, [::1]) or "localhost", for a server
// on this very machine (development, tests, a proxy in front). The check is
// made on the host libcurl parses, never on the text: "http://localhost.evil.
// example" and "http://127.0.0.1@evil.example" are refused.
#pragma once

#include "loopback.h"
#include "result.h"

#include <string>

namespace kyodo {

struct ServerUrl {
    std::string url;  // as given
    std::string host; // as parsed, brackets removed
    bool https = true;
};

// The URL, parsed, when a device may use it; else an error in the user's words.
Result<ServerUrl> checkServerUrl(const std::string &url);

} // namespace kyodo
