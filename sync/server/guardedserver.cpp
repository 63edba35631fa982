#include "guardedserver.h"

#include "apierror.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace kyodo::server {

namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_closeAfterResponse = false;
thread_local bool t_headTooLarge = false;

void addressOf(const sockaddr_storage &addr, std::string &ip, int &port)
{
    char buf[INET6_ADDRSTRLEN] = {0};
    if (addr.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<const sockaddr_in *>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
        port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto *a = reinterpret_cast<const sockaddr_in6 *>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
        port = ntohs(a->sin6_port);
        // An IPv4 client of a dual-stack socket counts under its IPv4 address.
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr))
            inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], buf, sizeof buf);
    }
    ip = buf;
}

// A connection's stream with a deadline on everything it reads for one
// request and on everything it writes for one answer. The socket is
// non-blocking; every wait is a poll() bounded by the deadline.
class DeadlineStream final : public httplib::Stream {
public:
    DeadlineStream(int fd, SSL *ssl) : m_fd(fd), m_ssl(ssl)
    {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (getpeername(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
            addressOf(addr, m_peerIp, m_peerPort);
    }

    const std::string &peer() const { return m_peerIp; }
    bool answered() const { return m_answering; }

    void beginRequest(const ConnectionLimits &limits)
    {
        m_limits = &limits;
        m_deadline = Clock::now() + limits.requestDeadline;
        m_answering = false;
        m_inHead = true;
        m_headLeft = limits.headBytes;
        m_headEnd = 0;
        t_headTooLarge = false;
    }

    // Waits up to `idle` for the next request to begin; false when none
    // comes, the peer left or the server stops.
    bool awaitRequest(std::chrono::milliseconds idle, const std::function<bool()> &running)
    {
        if (buffered())
            return true;
        const auto until = Clock::now() + idle;
        while (running()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{m_fd, POLLIN, 0};
            const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 200)));
            if (rc > 0)
                return (p.revents & POLLIN) != 0;
            if (rc < 0 && errno != EINTR)
                return false;
        }
        return false;
    }

    // The TLS handshake, within the first request's deadline.
    bool handshake()
    {
        for (;;) {
            const int rc = SSL_accept(m_ssl);
            if (rc == 1)
                return true;
            if (!waitFor(SSL_get_error(m_ssl, rc)))
                return false;
        }
    }

    bool is_readable() const override { return buffered() || const_cast<DeadlineStream *>(this)->wait(POLLIN); }
    bool is_writable() const override { return const_cast<DeadlineStream *>(this)->wait(POLLOUT); }

    ssize_t read(char *ptr, size_t size) override
    {
        const ssize_t n = receive(ptr, size);
        if (n > 0 && !withinHead(ptr, static_cast<size_t>(n))) {
            t_headTooLarge = true;
            return -1;
        }
        return n;
    }

    ssize_t receive(char *ptr, size_t size)
    {
        if (m_ssl) {
            for (;;) {
                const int n = SSL_read(m_ssl, ptr, static_cast<int>(std::min<size_t>(size, INT32_MAX)));
                if (n > 0)
                    return n;
                if (!waitFor(SSL_get_error(m_ssl, n)))
                    return -1;
            }
        }
        if (m_bufferEnd == m_bufferAt) {
            // httplib reads headers a byte at a time: one recv fills a buffer.
            m_bufferAt = m_bufferEnd = 0;
            for (;;) {
                const ssize_t n = ::recv(m_fd, m_buffer, sizeof m_buffer, 0);
                if (n > 0) {
                    m_bufferEnd = static_cast<size_t>(n);
                    break;
                }
                if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || !wait(POLLIN))
                    return -1;
            }
        }
        const size_t n = std::min(size, m_bufferEnd - m_bufferAt);
        std::memcpy(ptr, m_buffer + m_bufferAt, n);
        m_bufferAt += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char *ptr, size_t size) override
    {
        if (!m_answering && m_limits) {
            // The request is in; the answer gets a deadline of its own.
            m_answering = true;
            m_deadline = Clock::now() + m_limits->responseDeadline;
        }
        if (m_ssl) {
            for (;;) {
                const int n = SSL_write(m_ssl, ptr, static_cast<int>(std::min<size_t>(size, INT32_MAX)));
                if (n > 0)
                    return n;
                if (!waitFor(SSL_get_error(m_ssl, n)))
                    return -1;
            }
        }
        for (;;) {
            const ssize_t n = ::send(m_fd, ptr, size, MSG_NOSIGNAL);
            if (n >= 0)
                return n;
            if ((errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || !wait(POLLOUT))
                return -1;
        }
    }

    void get_remote_ip_and_port(std::string &ip, int &port) const override
    {
        ip = m_peerIp;
        port = m_peerPort;
    }

    void get_local_ip_and_port(std::string &ip, int &port) const override
    {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
            addressOf(addr, ip, port);
    }

    socket_t socket() const override { return m_fd; }

private:
    // Counts the bytes of the request's head as they are read, up to the
    // blank line that ends it ("\n\r\n": httplib ends the head only at a
    // line that is CRLF alone); false once there are more than allowed.
    bool withinHead(const char *p, size_t n)
    {
        for (size_t i = 0; i < n && m_inHead; ++i) {
            if (m_headLeft == 0)
                return false;
            --m_headLeft;
            const char c = p[i];
            m_headEnd = c == '\n' ? (m_headEnd == 2 ? 3 : 1) : (c == '\r' && m_headEnd == 1 ? 2 : 0);
            m_inHead = m_headEnd != 3;
        }
        return true;
    }

    // With read-ahead (serve.cpp), OpenSSL may hold bytes of records it has
    // not opened yet: those count too, or a pipelined request would wait on
    // a socket already emptied.
    bool buffered() const { return m_ssl ? SSL_has_pending(m_ssl) == 1 : m_bufferAt < m_bufferEnd; }

    // Waits for what OpenSSL asked for; false on a real error or the deadline.
    bool waitFor(int sslError)
    {
        if (sslError == SSL_ERROR_WANT_READ)
            return wait(POLLIN);
        if (sslError == SSL_ERROR_WANT_WRITE)
            return wait(POLLOUT);
        ERR_clear_error(); // the thread's error queue is not left to the next connection
        return false;
    }

    // Until the socket is ready for `events` or the deadline passes.
    bool wait(short events)
    {
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - Clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{m_fd, events, 0};
            const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), INT32_MAX)));
            if (rc > 0)
                return (p.revents & (events | POLLHUP | POLLERR)) != 0;
            if (rc < 0 && errno != EINTR)
                return false;
        }
    }

    int m_fd;
    SSL *m_ssl;
    std::string m_peerIp;
    int m_peerPort = 0;
    const ConnectionLimits *m_limits = nullptr;
    Clock::time_point m_deadline = Clock::now();
    bool m_answering = false;
    bool m_inHead = true;
    size_t m_headLeft = 0;
    int m_headEnd = 0; // how much of "\n\r\n" the last bytes read were
    char m_buffer[4096];
    size_t m_bufferAt = 0;
    size_t m_bufferEnd = 0;
};

// Counts a connection against its address until it closes.
class Admission {
public:
    Admission(ConnectionCounter &counter, std::string address)
        : m_counter(counter), m_address(std::move(address)), m_admitted(m_counter.admit(m_address))
    {}
    ~Admission()
    {
        if (m_admitted)
            m_counter.release(m_address);
    }
    explicit operator bool() const { return m_admitted; }

private:
    ConnectionCounter &m_counter;
    std::string m_address;
    bool m_admitted;
};

// After an answer to a request whose body was left unread: stop sending,
// then read and drop what the client still sends for a short while. Closing
// with unread bytes makes the kernel reset the connection, and a client
// still writing its body would lose the answer that says why.
void lingeringClose(int fd, std::chrono::milliseconds linger, std::size_t maxBytes)
{
    ::shutdown(fd, SHUT_WR);
    const auto until = Clock::now() + linger;
    std::size_t dropped = 0;
    char sink[16384];
    while (dropped < maxBytes) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        pollfd p{fd, POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0)
            return;
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR)))
            return;
        dropped += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
}

// A request line over the head's limit: httplib, still reading that line,
// gives up without an answer; the client is told why (the error handler
// answers a head that ran over in its headers).
void answerHeadTooLarge(httplib::Stream &stream)
{
    const std::string body = errorJson(registeredError("headers_too_large")).dump();
    const std::string answer = "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                               "Content-Type: application/json; charset=utf-8\r\n"
                               "Content-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    stream.write(answer.data(), answer.size());
}

struct SslFree {
    void operator()(SSL *ssl) const { SSL_free(ssl); }
};

} // namespace

void exclusivePortOptions(socket_t sock)
{
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes); // a restart binds at once
}

void closeConnectionAfterResponse() { t_closeAfterResponse = true; }

bool requestHeadTooLarge() { return t_headTooLarge; }

bool ConnectionCounter::admit(const std::string &address)
{
    std::lock_guard lock(m_mutex);
    int &open = m_open[address];
    if (m_perClient > 0 && open >= m_perClient) {
        if (open == 0)
            m_open.erase(address);
        return false;
    }
    ++open;
    return true;
}

void ConnectionCounter::release(const std::string &address)
{
    std::lock_guard lock(m_mutex);
    auto it = m_open.find(address);
    if (it != m_open.end() && --it->second <= 0)
        m_open.erase(it); // the map holds only addresses with open connections
}

int ConnectionCounter::open(const std::string &address) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_open.find(address);
    return it == m_open.end() ? 0 : it->second;
}

bool serveConnection(int socket, SSL_CTX *tls, const ConnectionLimits &limits, ConnectionCounter &counter,
                     const ProcessRequest &process, const std::function<bool()> &running)
{
    // A peer that hangs up mid-answer must not kill the process: OpenSSL
    // writes with write(), which raises SIGPIPE.
    static const bool sigpipeIgnored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    (void)sigpipeIgnored;

    std::unique_ptr<SSL, SslFree> ssl;
    bool ok = false;
    bool bodyLeftUnread = false;
    {
        ::fcntl(socket, F_SETFL, ::fcntl(socket, F_GETFL) | O_NONBLOCK);
        // httplib sets this in the connection loop this replaces: without it
        // an answer's body waits for the client's delayed ACK (40 ms each).
        const int on = 1;
        ::setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (tls) {
            ssl.reset(SSL_new(tls));
            if (ssl)
                SSL_set_fd(ssl.get(), socket);
        }
        DeadlineStream stream(socket, ssl.get());
        Admission admitted(counter, stream.peer());
        if (admitted && (!tls || ssl)) {
            stream.beginRequest(limits);
            if (!ssl || stream.handshake()) {
                for (int served = 0; served < limits.requestsPerConnection; ++served) {
                    if (!stream.awaitRequest(served == 0 ? limits.requestDeadline : limits.keepAliveIdle, running))
                        break;
                    stream.beginRequest(limits);
                    t_closeAfterResponse = false;
                    bool closed = false;
                    ok = process(stream, served + 1 == limits.requestsPerConnection, closed);
                    if (t_headTooLarge) {
                        if (!stream.answered())
                            answerHeadTooLarge(stream);
                        // The rest of the head is still coming: drained before
                        // the close, or the client may see a reset, not the 431.
                        t_closeAfterResponse = true;
                    }
                    bodyLeftUnread = t_closeAfterResponse;
                    if (!ok || closed || t_closeAfterResponse)
                        break;
                }
                if (ssl && ok)
                    SSL_shutdown(ssl.get()); // best effort, non-blocking
            }
        }
    }
    ssl.reset();
    if (bodyLeftUnread)
        lingeringClose(socket, limits.linger, limits.lingerBytes);
    ::shutdown(socket, SHUT_RDWR);
    ::close(socket);
    return ok;
}

} // namespace kyodo::server
