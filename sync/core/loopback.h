// Whether a host names this machine: a loopback address written as one
// (127.0.0.0/8, ::1, an IPv4-mapped 127.x) or "localhost". Judged on the
// host alone, never on text around it: "localhost.evil.example" and
// "127.0.0.1.evil.example" are not. The client lets plain http reach only
// such a host; the server listens without TLS only on one.
#pragma once

#include <string>

namespace kyodo {

bool isLoopbackHost(const std::string &host); // brackets around an IPv6 address are allowed

} // namespace kyodo
