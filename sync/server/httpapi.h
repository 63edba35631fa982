// The HTTP face of kyodo-server (PROTOCOL.md): routes, auth header, body
// limits, JSON error bodies, gzip (cpp-httplib does it when the client asks)
// and one logfmt line per request on stderr. The transport (TLS or plain
// loopback HTTP) is chosen by whoever owns the httplib::Server.
#pragma once

#include "auth.h"
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
};

class HttpApi {
public:
    HttpApi(Store &store, const SchemaSet &schemas, ApiOptions options = {});

    // Registers every route and handler on `server`.
    void install(httplib::Server &server);

private:
    void login(const httplib::Request &req, httplib::Response &res);
    void schemas(const httplib::Request &req, httplib::Response &res);
    void push(const httplib::Request &req, httplib::Response &res);
    void pull(const httplib::Request &req, httplib::Response &res);
    // Resolves the bearer token; on failure writes the 401 and returns nullopt.
    std::optional<Caller> caller(const httplib::Request &req, httplib::Response &res);
    // Parses a JSON body within the limit; on failure writes 400/413.
    std::optional<json> body(const httplib::Request &req, httplib::Response &res);

    Store &m_store;
    const SchemaSet &m_schemas;
    ApiOptions m_options;
    Auth m_auth;
    PushService m_push;
    PullService m_pull;
};

} // namespace kyodo::server
