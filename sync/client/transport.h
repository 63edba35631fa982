// HTTPS transport over libcurl: one reused handle (connection and TLS session
// reuse), certificate verification always on (system store or a configured CA
// file), connect and total timeouts, gzip, and retries with exponential
// backoff and full jitter on network errors and 503.
#pragma once

#include "protocol.h"
#include "result.h"
#include "serverurl.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kyodo {

using json = nlohmann::json;

struct TransportOptions {
    std::string baseUrl; // https://host:port
    std::string caFile;  // empty: the system store
    std::string token;
    long connectTimeoutMs = 10'000;
    long totalTimeoutMs = 300'000;
    int maxAttempts = 5;
    std::chrono::milliseconds backoffBase{250};
    std::chrono::milliseconds backoffMax{8'000};
    // The local address to send from ("": the system's choice). Tests give
    // each simulated device its own loopback address, as real devices have.
    std::string localAddress;
    // The longest answer read (a chunk's: one chunk); past it the request
    // ends with ServerAnswerTooLarge rather than filling the device's memory.
    std::size_t maxAnswerBytes = kMaxAnswerBytes;
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::string chunkSha256; // the Kyodo-Chunk-Sha256 header of a file's chunk
};

// How the sync engine reaches the server: HTTPS here, an in-process channel
// with injected faults in the simulation, a signed file bundle later.
class HttpChannel {
public:
    virtual ~HttpChannel() = default;
    virtual void setToken(const std::string &token) = 0;
    // POSTs JSON text. Any HTTP status is returned for the caller to interpret;
    // an Error means the request may or may not have reached the server,
    // except one for which neverLeft() holds.
    virtual Result<HttpResponse> post(const std::string &path, const std::string &body) = 0;
    virtual Result<HttpResponse> get(const std::string &path) = 0;
    // GETs a chunk of a file: an answer longer than a chunk is not read.
    virtual Result<HttpResponse> getChunk(const std::string &path) = 0;
    // POSTs a chunk of a file (application/octet-stream) with its SHA-256
    // in Kyodo-Chunk-Sha256 (PROTOCOL.md, "Attachments").
    virtual Result<HttpResponse> postChunk(const std::string &path, std::string_view bytes,
                                           const std::string &sha256) = 0;
    // A second connection to the same server with the same token, so a
    // request can travel while this one's is still out; nullptr when this
    // channel cannot have one.
    virtual std::unique_ptr<HttpChannel> another() const { return nullptr; }
};

// The request never left this device (no connection, or a server certificate
// refused before anything was sent): it cannot have been applied.
inline bool neverLeft(const Error &e) { return e.code == "offline" || e.code == "tls_verify"; }

class Transport final : public HttpChannel {
public:
    explicit Transport(TransportOptions options);
    ~Transport() override;
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    void setToken(const std::string &token) override { m_options.token = token; }

    // Retries network errors and 503 with backoff before giving up.
    Result<HttpResponse> post(const std::string &path, const std::string &body) override;
    Result<HttpResponse> get(const std::string &path) override;
    Result<HttpResponse> getChunk(const std::string &path) override;
    Result<HttpResponse> postChunk(const std::string &path, std::string_view bytes, const std::string &sha256) override;
    std::unique_ptr<HttpChannel> another() const override { return std::make_unique<Transport>(m_options); }

    // Turns a non-2xx response into an Error with the server's code and message.
    static Error httpError(const HttpResponse &response);
    // A 200 answer whose body is not what the protocol says.
    static Error unreadableResponse();

private:
    struct Body {
        std::string_view bytes;
        const char *contentType = "application/json";
        std::string chunkSha256;
    };
    // Reads at most `answerLimit` bytes of the answer's body.
    Result<HttpResponse> perform(const std::string &path, const Body *body, std::size_t answerLimit);
    TransportOptions m_options;
    Result<ServerUrl> m_url; // checkServerUrl(baseUrl): an error refuses every request
    bool m_loopback;         // the server is on this machine
    void *m_curl;
};

} // namespace kyodo
