#include "rawtransferlimit.h"

#include "benchreport.h"

#include <curl/curl.h>
#include <httplib.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

namespace kyodo::bench {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

size_t collect(char *data, size_t size, size_t n, void *out)
{
    static_cast<std::string *>(out)->append(data, size * n);
    return size * n;
}

std::string randomBody(std::int64_t size)
{
    std::mt19937_64 rng(7);
    std::string out(static_cast<size_t>(size), '\0');
    for (size_t i = 0; i + 8 <= out.size(); i += 8) {
        const std::uint64_t v = rng();
        std::memcpy(out.data() + i, &v, 8);
    }
    return out;
}

// The server half: started on a free port, stopped and joined on destruction.
class RawServer {
public:
    RawServer(const std::string &certFile, const std::string &keyFile, std::string body)
        : m_server(certFile.c_str(), keyFile.c_str()), m_body(std::move(body))
    {
        if (!m_server.is_valid())
            throw std::runtime_error("raw HTTPS server: the certificate or key could not be loaded");
        m_server.set_keep_alive_max_count(100); // kyodo-server's requestsPerConnection
        m_server.set_tcp_nodelay(true);         // as kyodo-server: no answer waits for a delayed ACK
        const auto expected = m_body.size();
        m_server.Post("/raw", [expected](const httplib::Request &req, httplib::Response &res) {
            res.status = req.body.size() == expected ? 200 : 400;
            res.set_content("{}", "application/json");
        });
        m_server.Get("/raw", [this](const httplib::Request &, httplib::Response &res) {
            res.set_content(m_body.data(), m_body.size(), "application/octet-stream");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        if (m_port <= 0)
            throw std::runtime_error("raw HTTPS server: cannot bind 127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // The socket listens from bind_to_any_port on: a request queues until the accept loop runs.
    }
    ~RawServer()
    {
        m_server.stop();
        m_thread.join();
    }
    int port() const { return m_port; }

private:
    httplib::SSLServer m_server;
    std::string m_body;
    int m_port = 0;
    std::thread m_thread;
};

// The client half: one reused handle, certificate checked against the CA.
class RawClient {
public:
    RawClient(const std::string &url, const std::string &caFile) : m_url(url), m_ca(caFile), m_curl(curl_easy_init())
    {
        m_headers = curl_slist_append(nullptr, "Content-Type: application/octet-stream");
    }
    ~RawClient()
    {
        curl_slist_free_all(m_headers);
        curl_easy_cleanup(m_curl);
    }

    // Returns the response body; throws on a transport error or a non-200 answer.
    const std::string &request(const std::string *body)
    {
        m_response.clear();
        curl_easy_reset(m_curl); // keeps the connection and TLS session, as Transport does
        curl_easy_setopt(m_curl, CURLOPT_URL, m_url.c_str());
        curl_easy_setopt(m_curl, CURLOPT_CAINFO, m_ca.c_str());
        curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &m_response);
        curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, m_headers);
        if (body) {
            curl_easy_setopt(m_curl, CURLOPT_POST, 1L);
            curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, body->data());
            curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
        }
        const CURLcode rc = curl_easy_perform(m_curl);
        if (rc != CURLE_OK)
            throw std::runtime_error(std::string("raw transfer: libcurl: ") + curl_easy_strerror(rc));
        long status = 0;
        curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200)
            throw std::runtime_error("raw transfer: HTTP " + std::to_string(status));
        return m_response;
    }

private:
    std::string m_url, m_ca;
    CURL *m_curl;
    curl_slist *m_headers = nullptr;
    std::string m_response;
};

} // namespace

TransferLimit measureRawTransfer(const std::string &certFile, const std::string &keyFile, const std::string &caFile,
                                 std::int64_t bodies, std::int64_t bodySize)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::string body = randomBody(bodySize);
    RawServer server(certFile, keyFile, body);
    RawClient client("https://127.0.0.1:" + std::to_string(server.port()) + "/raw", caFile);

    TransferLimit limit;
    limit.bytes = bodies * bodySize;
    client.request(nullptr); // the TLS handshake, before any clock starts

    auto t0 = Clock::now();
    double cpu0 = thisProcessCpuSeconds();
    for (std::int64_t i = 0; i < bodies; ++i)
        client.request(&body);
    limit.upSeconds = secondsSince(t0);
    limit.upCpuSeconds = thisProcessCpuSeconds() - cpu0;

    t0 = Clock::now();
    cpu0 = thisProcessCpuSeconds();
    for (std::int64_t i = 0; i < bodies; ++i)
        if (client.request(nullptr).size() != body.size())
            throw std::runtime_error("raw transfer: a GET body arrived with the wrong length");
    limit.downSeconds = secondsSince(t0);
    limit.downCpuSeconds = thisProcessCpuSeconds() - cpu0;
    return limit;
}

} // namespace kyodo::bench
