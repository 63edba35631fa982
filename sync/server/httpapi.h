// The HTTP face of kyodo-server (PROTOCOL.md): routes, auth header, body
// limits (bodygate.h, before a body is read), JSON error bodies, gzip of
// answers when the client asks, and one logfmt line per request on stderr. The transport (TLS or plain
// loopback HTTP) is chosen by whoever owns the httplib::Server.
#pragma once

#include "auth.h"
#include "blobservice.h"
#include "metrics.h"
#include "pullservice.h"
#include "pushservice.h"
#include "schema.h"
#include "store.h"

#include <cstddef>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace kyodo::server {

struct ApiOptions {
    std::size_t maxBody = 4 * 1024 * 1024; // --max-body
    bool log = true;                       // the per-request log line
    LoginPolicy login;                     // throttling and lockout of /v1/login
    // Behind our own proxy on loopback (--plain-http) every connection comes
    // from the proxy: the client is the last address of X-Forwarded-For,
    // which the proxy appends (packaging/nginx/kyodo.conf). Never trusted
    // when clients connect directly, since they could write it themselves.
    bool behindProxy = false;
    Metrics *metrics = nullptr; // counts requests, mutations, pulls, sign-ins when given
    // Devices speaking an older wire format are told to update the app (426).
    int minProtocol = kOldestProtocolServed; // --min-protocol
    DiskRoom blobRoom;                       // attachments stop before the store's disk fills (--blob-reserve-mb)
};

// A request and its answer without any socket: the API is the same whether
// it arrives over TLS, plain loopback HTTP behind nginx, or (later) a signed
// file carried across a separated network; the simulation calls it directly.
struct ApiRequest {
    std::string method;        // GET, POST, …
    std::string path;          // /v1/push
    std::string authorization; // the Authorization header, if any
    std::string body;
    std::string peer;                                        // the client's address (login throttling, the log line)
    std::string protocol = std::to_string(kProtocolVersion); // the Kyodo-Protocol header ("": version 1)
    std::string chunkSha256 = {};                            // the Kyodo-Chunk-Sha256 header (blob uploads)
};

struct ApiResponse {
    int status = 200;
    std::string body;             // JSON
    std::string user;             // the caller, or the user a sign-in tried, for the log line ("" if unknown)
    std::int64_t retryAfter = 0;  // seconds, sent as Retry-After when > 0
    bool binary = false;          // body is bytes (a blob's chunk), application/octet-stream
    std::string chunkSha256 = {}; // sent as Kyodo-Chunk-Sha256 with a chunk
};

class HttpApi {
public:
    HttpApi(Store &store, const SchemaSet &schemas, ApiOptions options = {});

    ApiResponse handle(const ApiRequest &request);
    // Routes every request of `server` to handle(), with the log line.
    void install(httplib::Server &server);

    // The endpoints (routed by handle()).
    ApiResponse login(const ApiRequest &req);
    ApiResponse schemas(const ApiRequest &req);
    ApiResponse push(const ApiRequest &req);
    ApiResponse pull(const ApiRequest &req);
    ApiResponse logout(const ApiRequest &req);
    ApiResponse history(const ApiRequest &req);
    ApiResponse renewToken(const ApiRequest &req);
    ApiResponse health(const ApiRequest &req);
    ApiResponse ready(const ApiRequest &req);
    // /v1/blobs/<sha256>[/chunks/<i>] (blobservice.h).
    ApiResponse blobs(const ApiRequest &req);
    // A chunk's upload from the head alone (no body): the 401 of a sender
    // not signed in, the 403 of one who may not send it; nothing otherwise
    // (the body is read, and blobs() decides on all of it).
    std::optional<ApiResponse> refuseChunkSender(const ApiRequest &head);

private:
    // 426 for a device whose wire format is older than min-protocol, 400 for
    // a header that is no version; nothing when the request may go on.
    std::optional<ApiResponse> protocolRefusal(const ApiRequest &req) const;
    // One line of the audit log, in a transaction of its own (sign-ins, sign-outs).
    void audit(const AuditEntry &entry);
    // Resolves the bearer token; on failure `error` holds the 401.
    std::optional<Caller> caller(const ApiRequest &req, ApiResponse &error);
    // Parses a JSON object body within the limit; on failure `error` holds 400/413.
    std::optional<json> body(const ApiRequest &req, ApiResponse &error);

    Store &m_store;
    const SchemaSet &m_schemas;
    ApiOptions m_options;
    Auth m_auth;
    LoginThrottle m_throttle;
    PushService m_push;
    PullService m_pull;
    BlobService m_blobs;
};

} // namespace kyodo::server
