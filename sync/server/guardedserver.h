// The socket side of kyodo-server's perimeter: how many connections one
// client address may hold, and how long one request may take to arrive.
//
// cpp-httplib gives each connection a worker thread for as long as it stays
// open and only times out single reads, so 64 clients sending a byte a second
// hold every worker for ever (slowloris). Here each connection is served by
// our own loop around httplib's request processing: a connection over its
// address's cap is closed before its TLS handshake, a request must arrive
// whole (headers and body) within its deadline, and its answer must leave
// within another. httplib still parses and routes; only the socket is ours.
//
// Behind a proxy every connection comes from the proxy's address, so a
// --plain-http server has no per-address cap unless one is asked for; the
// proxy caps its clients (packaging/nginx/kyodo.conf, limit_conn).
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

namespace kyodo::server {

struct ConnectionLimits {
    int perClient = 16;                                  // open connections per client address; 0: no cap
    std::chrono::milliseconds requestDeadline{30'000};   // one whole request, headers and body
    std::chrono::milliseconds responseDeadline{120'000}; // one whole answer (a first pull page is large)
    std::chrono::milliseconds keepAliveIdle{2'000};      // an idle device frees its worker soon
    // A request's head (its line and headers, to the blank line). httplib caps
    // each line, not their number: a client could send headers until memory ran out.
    std::size_t headBytes = 64u << 10;
    int requestsPerConnection = 100;
    // After refusing a request from its head: how long, and how many bytes
    // of its body, to read and drop so the client sees the answer.
    std::chrono::milliseconds linger{2'000};
    std::size_t lingerBytes = 8u << 20;
};

// httplib's own socket options less SO_REUSEPORT, with which a second
// server started on the same port by mistake would listen beside the first
// and take half of the devices to another store.
void exclusivePortOptions(socket_t sock);

// Called on a worker while it answers a request: the connection is closed
// once this answer is sent (a request refused before its body was read
// leaves the body unread on the socket; it must not be taken for the next
// request).
void closeConnectionAfterResponse();

// On a worker answering a request httplib could not read: true when that was
// because its head ran over ConnectionLimits::headBytes (answered 431).
bool requestHeadTooLarge();

// Open connections per client address.
class ConnectionCounter {
public:
    explicit ConnectionCounter(int perClient) : m_perClient(perClient) {}
    // False when `address` already holds its share; otherwise counts one more.
    bool admit(const std::string &address);
    void release(const std::string &address);
    int open(const std::string &address) const;

private:
    const int m_perClient;
    mutable std::mutex m_mutex;
    std::map<std::string, int> m_open;
};

// One connection from accept to close. `process` answers one request on the
// stream (httplib's Server::process_request); `running` turns false when the
// server stops. `tls` is null for plain HTTP.
using ProcessRequest = std::function<bool(httplib::Stream &stream, bool lastRequest, bool &connectionClosed)>;
bool serveConnection(int socket, SSL_CTX *tls, const ConnectionLimits &limits, ConnectionCounter &counter,
                     const ProcessRequest &process, const std::function<bool()> &running);

// httplib::Server or httplib::SSLServer with connections served as above.
template <class Base>
class Guarded final : public Base {
    static_assert(std::is_base_of_v<httplib::Server, Base>);

public:
    template <class... Args>
    explicit Guarded(ConnectionLimits limits, Args &&...args)
        : Base(std::forward<Args>(args)...), m_limits(limits), m_counter(limits.perClient)
    {
        // What httplib advertises in Keep-Alive: this loop's own limits, so a
        // client that believes the header never reuses a connection it closed.
        this->set_keep_alive_timeout(
            std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(limits.keepAliveIdle).count()));
        this->set_keep_alive_max_count(static_cast<std::size_t>(std::max(1, limits.requestsPerConnection)));
        this->set_socket_options([this](socket_t sock) {
            m_listening = sock;
            exclusivePortOptions(sock);
        });
    }

    // httplib listens with a backlog of 5: a meeting room of tablets syncing
    // at once would have connections refused. Once bound: the system's most.
    bool widenBacklog() const { return m_listening != INVALID_SOCKET && ::listen(m_listening, SOMAXCONN) == 0; }

    const ConnectionCounter &counter() const { return m_counter; }

private:
    bool process_and_close_socket(socket_t sock) override
    {
        SSL_CTX *tls = nullptr;
        if constexpr (std::is_base_of_v<httplib::SSLServer, Base>)
            tls = this->ssl_context();
        return serveConnection(
            sock, tls, m_limits, m_counter,
            [this](httplib::Stream &s, bool last, bool &closed) {
                return this->process_request(s, last, closed, nullptr);
            },
            [this] { return this->svr_sock_ != INVALID_SOCKET; });
    }

    ConnectionLimits m_limits;
    ConnectionCounter m_counter;
    socket_t m_listening = INVALID_SOCKET;
};

using GuardedHttpServer = Guarded<httplib::Server>;
using GuardedTlsServer = Guarded<httplib::SSLServer>;

} // namespace kyodo::server
