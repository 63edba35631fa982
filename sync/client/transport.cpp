#include "transport.h"

#include "protocol.h"

#include "attachment.h"
#include "jsondepth.h"
#include "messages.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <random>
#include <thread>
#include <utility>

namespace kyodo {

namespace {

// One request's answer as it arrives, and how much of it this device reads:
// a server (or whatever answers in its place) cannot make it hold more.
struct Reading {
    HttpResponse response;
    std::size_t limit = kMaxAnswerBytes;
    bool tooLarge = false;
};

// Returning less than it was given makes libcurl stop the transfer.
size_t collect(char *data, size_t size, size_t n, void *out)
{
    auto *reading = static_cast<Reading *>(out);
    if (size * n > reading->limit - reading->response.body.size()) {
        reading->tooLarge = true;
        return 0;
    }
    reading->response.body.append(data, size * n);
    return size * n;
}

// The value of header `name` in `line` ("Name: value\r\n"), or nullopt.
std::optional<std::string> headerValue(std::string_view line, std::string_view name)
{
    if (line.size() <= name.size() || line[name.size()] != ':' ||
        !std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
        return std::nullopt;
    std::string value(line.substr(name.size() + 1));
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.pop_back();
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.erase(value.begin());
    return value;
}

// Keeps the one response header the client reads, a chunk's hash; stops an
// answer whose announced length is past the reading's limit before any of
// it comes, and makes room for the body otherwise (a chunk is a megabyte:
// it is not grown into a piece at a time).
size_t collectHeader(char *data, size_t size, size_t n, void *out)
{
    auto *reading = static_cast<Reading *>(out);
    const std::string_view line(data, size * n);
    if (auto sha = headerValue(line, kChunkShaHeader))
        reading->response.chunkSha256 = *sha;
    if (auto length = headerValue(line, "Content-Length")) {
        char *end = nullptr;
        const unsigned long long bytes = std::strtoull(length->c_str(), &end, 10);
        const bool announced = end && *end == '\0';
        if (announced && bytes > reading->limit) {
            reading->tooLarge = true;
            return 0;
        }
        // Bounded: a header is no reason to take much memory before any body came.
        if (announced && bytes <= static_cast<unsigned long long>(kBlobChunkSize) + 65536)
            reading->response.body.reserve(static_cast<std::size_t>(bytes));
    }
    return size * n;
}

bool retryable(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR: return true;
    default: return false;
    }
}

// The message is a plain sentence for the person holding the device; libcurl's
// own words ("Failed to connect to … after 0 ms") go to Error::detail.
// "offline" and "tls_verify" promise that no byte of the request left this
// device (see Transport::perform), which is what lets a receipt stay 未送信.
Error curlError(CURLcode rc, const char *detail, bool anythingSent)
{
    Error e;
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE: e = errorOf(Msg::TlsVerifyFailed); break;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
        if (!anythingSent) {
            e = errorOf(Msg::OfflineChangesSaved);
            break;
        }
        [[fallthrough]];
    default: e = errorOf(Msg::ConnectionBrokeOff);
    }
    e.detail = "libcurl " + std::to_string(static_cast<int>(rc)) + ": " + (detail[0] ? detail : curl_easy_strerror(rc));
    return e;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

} // namespace

Transport::Transport(TransportOptions options)
    : m_options(std::move(options)),
      m_url(checkServerUrl(m_options.baseUrl)),
      m_loopback(m_url && isLoopbackHost(m_url->host))
{
    static CurlGlobal global;
    m_curl = curl_easy_init();
}

Transport::~Transport() { curl_easy_cleanup(static_cast<CURL *>(m_curl)); }

Result<HttpResponse> Transport::post(const std::string &path, const std::string &body)
{
    const Body json{body, "application/json", {}};
    return perform(path, &json, m_options.maxAnswerBytes);
}

Result<HttpResponse> Transport::postChunk(const std::string &path, std::string_view bytes, const std::string &sha256)
{
    const Body chunk{bytes, "application/octet-stream", sha256};
    return perform(path, &chunk, m_options.maxAnswerBytes);
}

Result<HttpResponse> Transport::get(const std::string &path)
{
    return perform(path, nullptr, m_options.maxAnswerBytes);
}

Result<HttpResponse> Transport::getChunk(const std::string &path)
{
    return perform(path, nullptr, static_cast<std::size_t>(kBlobChunkSize));
}

Result<HttpResponse> Transport::perform(const std::string &path, const Body *body, std::size_t answerLimit)
{
    if (!m_url)
        return m_url.error(); // nothing is sent to a URL a device may not use
    CURL *curl = static_cast<CURL *>(m_curl);
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    bool anythingSent = false; // over every attempt: a retry may fail to connect after one that arrived
    for (int attempt = 1;; ++attempt) {
        curl_easy_reset(curl); // keeps the connection cache and TLS session
        Reading reading;
        reading.limit = answerLimit;
        HttpResponse &response = reading.response; // moved out when returned: a page is not copied
        char errbuf[CURL_ERROR_SIZE] = {0};
        const std::string url = m_options.baseUrl + path;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
        // libcurl itself refuses any other protocol, also on a redirect.
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, m_url->https ? "https" : "http");
        curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!m_options.caFile.empty())
            curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caFile.c_str());
        if (!m_options.localAddress.empty()) {
            const std::string from = "host!" + m_options.localAddress;
            curl_easy_setopt(curl, CURLOPT_INTERFACE, from.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, m_options.totalTimeoutMs);
        // gzip only where it saves time: over a real network, not to a server
        // on this machine, where compressing costs CPU and saves nothing.
        if (!m_loopback)
            curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reading);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collectHeader);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reading);
        const std::string contentType = std::string("Content-Type: ") + (body ? body->contentType : "application/json");
        curl_slist *headers = curl_slist_append(nullptr, contentType.c_str());
        const std::string chunkSha = std::string(kChunkShaHeader) + ": " + (body ? body->chunkSha256 : "");
        if (body && !body->chunkSha256.empty())
            headers = curl_slist_append(headers, chunkSha.c_str());
        static const std::string protocol = std::string(kProtocolHeader) + ": " + std::to_string(kProtocolVersion);
        headers = curl_slist_append(headers, protocol.c_str());
        const std::string auth = "Authorization: Bearer " + m_options.token;
        if (!m_options.token.empty())
            headers = curl_slist_append(headers, auth.c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        if (body) {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->bytes.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->bytes.size()));
        }
        const CURLcode rc = curl_easy_perform(curl);
        curl_slist_free_all(headers);
        long requestBytes = 0;
        curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &requestBytes);
        anythingSent = anythingSent || requestBytes > 0;
        if (rc == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
        // Not retried: the same server gives the same answer again.
        if (reading.tooLarge) {
            Error e = errorOf(Msg::ServerAnswerTooLarge);
            e.detail = (body ? "POST " : "GET ") + path + ": the answer is longer than " + std::to_string(answerLimit) +
                       " bytes";
            return e;
        }

        const bool transient = rc != CURLE_OK ? retryable(rc) : response.status == 503;
        if (!transient || attempt >= m_options.maxAttempts) {
            if (rc != CURLE_OK)
                return curlError(rc, errbuf, anythingSent);
            return std::move(response);
        }
        // Full jitter: a random wait in [0, min(max, base·2^attempt)).
        const long long cap = std::min<long long>(m_options.backoffMax.count(),
                                                  m_options.backoffBase.count() * (1LL << std::min(attempt, 16)));
        std::uniform_int_distribution<long long> wait(0, std::max<long long>(1, cap));
        std::this_thread::sleep_for(std::chrono::milliseconds(wait(rng)));
    }
}

Error Transport::unreadableResponse() { return errorOf(Msg::UnreadableServerResponse); }

Error Transport::httpError(const HttpResponse &r)
{
    json j = jsonNestingWithin(r.body) ? json::parse(r.body, nullptr, false) : json(json::value_t::discarded);
    if (!j.is_discarded() && j.contains("error") && j["error"].is_object()) {
        const json &e = j["error"];
        // The server's own error, as it worded it.
        return Error{e.value("code", "http_" + std::to_string(r.status)),
                     e.value("message", ""),
                     e.value("message_en", ""),
                     {},
                     {}};
    }
    return errorOf("http_" + std::to_string(r.status), Msg::ServerAnsweredHttp, {r.status});
}

} // namespace kyodo
