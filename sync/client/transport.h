// HTTPS transport over libcurl: one reused handle (connection and TLS session
// reuse), certificate verification always on (system store or a configured CA
// file), connect and total timeouts, gzip, and retries with exponential
// backoff and full jitter on network errors and 503.
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace kyodo {

using json = nlohmann::json;

struct TransportOptions {
    std::string baseUrl;           // https://host:port
    std::string caFile;            // empty: the system store
    std::string token;
    long connectTimeoutMs = 10'000;
    long totalTimeoutMs = 300'000;
    int maxAttempts = 5;
    std::chrono::milliseconds backoffBase{250};
    std::chrono::milliseconds backoffMax{8'000};
};

struct HttpResponse {
    long status = 0;
    std::string body;
};

class Transport {
public:
    explicit Transport(TransportOptions options);
    ~Transport();
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    void setToken(const std::string &token) { m_options.token = token; }

    // POSTs JSON text; retries network errors and 503. Any other HTTP status
    // is returned as is for the caller to interpret.
    Result<HttpResponse> post(const std::string &path, const std::string &body);
    Result<HttpResponse> get(const std::string &path);

    // Turns a non-2xx response into an Error with the server's code and message.
    static Error httpError(const HttpResponse &response);

private:
    Result<HttpResponse> perform(const std::string &path, const std::string *body);
    TransportOptions m_options;
    void *m_curl;
};

} // namespace kyodo
