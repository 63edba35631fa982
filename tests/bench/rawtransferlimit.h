// The limit kyodo-bench-attachments measures file transfers against: the
// same bytes moved over loopback HTTPS with nothing else done to them. A
// minimal cpp-httplib SSLServer in this process, on 127.0.0.1 with the same
// development certificate as kyodo-server and the same keep-alive (100
// requests a connection, TCP_NODELAY), answers POST by counting the body and GET with a
// prepared body; one libcurl handle, reused and verifying the certificate
// as kyodo::Transport does, POSTs `bodies` bodies of `bodySize` bytes, then
// GETs as many. No hashing, no storage, no authorization: the ceiling of
// TLS and HTTP on this machine, nothing else.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo::bench {

struct TransferLimit {
    std::int64_t bytes = 0; // moved in each direction
    double upSeconds = 0;   // POSTs, client to server
    double downSeconds = 0; // GETs, server to client
    // CPU (user + system) both halves spent, each way: what moving the
    // bytes costs this machine before anything is done with them.
    double upCpuSeconds = 0;
    double downCpuSeconds = 0;
};

// Throws std::runtime_error when the server does not start, a request
// fails, or a body arrives with the wrong length.
TransferLimit measureRawTransfer(const std::string &certFile, const std::string &keyFile, const std::string &caFile,
                                 std::int64_t bodies, std::int64_t bodySize);

} // namespace kyodo::bench
