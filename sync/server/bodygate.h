// What kyodo-server refuses of a request before it reads a byte of its body.
//
// cpp-httplib inflates gzip and brotli request bodies and reads chunked or
// length-less bodies without any bound, and checks its size limit only on
// the bytes as sent: a 1 MB gzip body to /v1/login became 2 GB in memory.
// Our clients send JSON with a Content-Length, not compressed, and to one
// route an attachment's chunk as application/octet-stream, at most 1 MiB. Everything else is refused from the head alone, and the body
// that is read is bounded by the Content-Length already checked here.
#pragma once

#include "result.h"

#include <cstddef>
#include <optional>
#include <string>

namespace kyodo::server {

// What the gate needs of a request's head (header values "" when absent).
struct RequestHead {
    std::string method;
    std::string path;
    bool hasContentLength = false;
    std::string contentLength;
    std::string transferEncoding;
    std::string contentEncoding;
    std::string contentType;
};

struct Refusal {
    int status = 400;
    Error error;
};

// Sign-in needs a user name and a password, not megabytes: a client that is
// not signed in gets this much.
inline constexpr std::size_t kMaxLoginBody = 16 * 1024;

// Why the request is refused, or nothing when its body may be read.
std::optional<Refusal> refuseBeforeBody(const RequestHead &head, std::size_t maxBody);

} // namespace kyodo::server
