// Issue 11, items 3, 9 and 11: what the server's perimeter holds against
// people, driven over real sockets on loopback. The attacker speaks from
// 127.0.0.2 and the honest device from 127.0.0.1, both addresses of this
// machine, so the per-address cap can tell them apart.
#include "guardedserver.h"
#include "httpapi.h"
#include "requestlog.h"
#include "serverfixture.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// A TCP connection from a chosen loopback address.
class RawConnection {
public:
    RawConnection(const char *from, int port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, from, &local.sin_addr);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&local), sizeof local);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    }
    ~RawConnection() { ::close(m_fd); }
    bool connected() const { return m_connected; }
    // Whether all of `bytes` went (false once the server reset the connection).
    bool send(const std::string &bytes)
    {
        return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    // True when the server closed the connection within `wait` (reading what it sent).
    bool closedWithin(std::chrono::milliseconds wait)
    {
        const auto until = Clock::now() + wait;
        char buf[1024];
        while (Clock::now() < until) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) {
                m_reset = n < 0 && errno == ECONNRESET;
                return true;
            }
            m_received.append(buf, static_cast<size_t>(n));
        }
        return false;
    }
    const std::string &received() const { return m_received; }
    // The server ended the connection with a reset rather than a close (it
    // closed with bytes of ours unread: a client may then lose the answer).
    bool reset() const { return m_reset; }

private:
    int m_fd = -1;
    bool m_connected = false;
    bool m_reset = false;
    std::string m_received;
};

class PerimeterTest : public ::testing::Test {
protected:
    TempDir dir;
    SqliteStore store{(dir.path() / "server.db").string()};
    SchemaSet schemas = loadSchemas();
    std::unique_ptr<HttpApi> api;
    std::unique_ptr<GuardedHttpServer> server;
    std::thread thread;
    int port = 0;

    void SetUp() override
    {
        auto tx = store.beginWrite();
        tx->saveUser(UserRow{"alice", "staff", hashPassword("pw", 1000), false, {}});
        tx->addGrant("alice", "ward:naka");
        tx->saveUser(UserRow{"bob", "staff", hashPassword("pw", 1000), false, {}});
        tx->addGrant("bob", "ward:naka");
        tx->commit();
    }
    void start(ConnectionLimits limits, ApiOptions options = quiet())
    {
        api = std::make_unique<HttpApi>(store, schemas, options);
        server = std::make_unique<GuardedHttpServer>(limits);
        api->install(*server);
        port = server->bind_to_any_port("127.0.0.1");
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server->listen_after_bind(); });
        for (int i = 0; i < 200 && !server->is_running(); ++i)
            std::this_thread::sleep_for(5ms);
    }
    void TearDown() override
    {
        if (server) {
            server->stop();
            thread.join();
        }
    }
    static ApiOptions quiet()
    {
        ApiOptions o;
        o.log = false;
        return o;
    }
    httplib::Result login(const std::string &user, const std::string &password, httplib::Headers h = {})
    {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10, 0);
        return c.Post("/v1/login", h, json{{"user", user}, {"password", password}, {"device", "t"}}.dump(),
                      "application/json");
    }
    int health()
    {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(5, 0);
        auto r = c.Get("/v1/health");
        return r ? r->status : 0;
    }
};

} // namespace

TEST_F(PerimeterTest, oneAddressCannotHoldMoreThanItsShareOfConnections)
{
    ConnectionLimits limits;
    limits.perClient = 3;
    start(limits);
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawConnection>("127.0.0.2", port));
        ASSERT_TRUE(held.back()->connected());
        held.back()->send("GET /v1/hea"); // a request that never finishes
    }
    for (int i = 0; i < 100 && server->counter().open("127.0.0.2") < 3; ++i)
        std::this_thread::sleep_for(10ms);
    ASSERT_EQ(server->counter().open("127.0.0.2"), 3);
    // The fourth from the same address is closed at once, unanswered…
    RawConnection fourth("127.0.0.2", port);
    fourth.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(fourth.closedWithin(2000ms));
    EXPECT_EQ(fourth.received().find("200 OK"), std::string::npos);
    // …while another address is served.
    EXPECT_EQ(health(), 200);
}

TEST_F(PerimeterTest, aRequestTricklingInIsCutOffAtItsDeadline)
{
    ConnectionLimits limits;
    limits.requestDeadline = 1000ms;
    start(limits);
    RawConnection slow("127.0.0.2", port);
    const std::string request = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    const auto started = Clock::now();
    bool closed = false;
    // A byte every 100 ms: each read alone is quick, the request never ends in time.
    for (std::size_t i = 0; i < request.size() && !closed; ++i) {
        slow.send(request.substr(i, 1));
        closed = slow.closedWithin(100ms);
    }
    const auto held = Clock::now() - started;
    EXPECT_TRUE(closed) << "a trickling request held its worker for the whole request";
    EXPECT_GE(held, 900ms);
    EXPECT_LT(held, 3000ms);
    EXPECT_EQ(slow.received().find("200 OK"), std::string::npos);
    EXPECT_EQ(health(), 200);
}

TEST_F(PerimeterTest, aBodyTricklingInIsCutOffAtTheSameDeadline)
{
    ConnectionLimits limits;
    limits.requestDeadline = 1000ms;
    start(limits);
    RawConnection slow("127.0.0.2", port);
    slow.send("POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n");
    const auto started = Clock::now();
    bool closed = false;
    for (int i = 0; i < 60 && !closed; ++i) {
        slow.send("          ");
        closed = slow.closedWithin(100ms);
    }
    EXPECT_TRUE(closed);
    EXPECT_LT(Clock::now() - started, 3000ms);
}

TEST_F(PerimeterTest, headersWithoutEndAreCutOffAt431NotKeptInMemory)
{
    ConnectionLimits limits;
    limits.headBytes = 16u << 10;
    start(limits);
    RawConnection flood("127.0.0.2", port);
    flood.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n");
    // Each line is within httplib's own limit (8 KiB); their number was not.
    const std::string line = "X-Filler: " + std::string(4000, 'a') + "\r\n";
    bool closed = false;
    for (int i = 0; i < 400 && !closed; ++i) {
        flood.send(line);
        closed = flood.closedWithin(5ms);
    }
    EXPECT_TRUE(closed || flood.closedWithin(2000ms)) << "the server kept reading headers";
    EXPECT_NE(flood.received().find("HTTP/1.1 431"), std::string::npos) << flood.received();
    EXPECT_NE(flood.received().find("headers_too_large"), std::string::npos);
    // A request with ordinary headers on the next connection is served.
    EXPECT_EQ(health(), 200);
    RawConnection fits("127.0.0.2", port);
    fits.send("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(8000, 'b') +
              "\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(fits.closedWithin(2000ms));
    EXPECT_NE(fits.received().find("HTTP/1.1 200"), std::string::npos) << fits.received();
}

TEST_F(PerimeterTest, aUrlTooLongIsRefusedAsTheRequestsFaultNotARetry)
{
    start(ConnectionLimits{});
    RawConnection longUrl("127.0.0.2", port);
    longUrl.send("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(longUrl.closedWithin(2000ms));
    EXPECT_NE(longUrl.received().find("HTTP/1.1 414"), std::string::npos) << longUrl.received().substr(0, 200);
    EXPECT_NE(longUrl.received().find("uri_too_long"), std::string::npos);
    EXPECT_EQ(longUrl.received().find("unavailable"), std::string::npos);
    // A request line longer than a whole head may be is cut off there, and answered.
    RawConnection endless("127.0.0.2", port);
    endless.send("GET /" + std::string(200000, 'a'));
    EXPECT_TRUE(endless.closedWithin(2000ms));
    EXPECT_NE(endless.received().find("HTTP/1.1 431"), std::string::npos) << endless.received().substr(0, 200);
    EXPECT_EQ(health(), 200);
}

TEST_F(PerimeterTest, aClientStillSendingAnEndlessRequestLineReadsThe431NotAReset)
{
    start(ConnectionLimits{});
    RawConnection endless("127.0.0.2", port);
    endless.send("GET /" + std::string(200000, 'a'));
    std::this_thread::sleep_for(100ms); // the server has answered by now
    // A client (curl, say) sends its whole request before it reads: were the
    // connection reset under it, it would report the reset, not the 431.
    int sent = 0;
    for (int i = 0; i < 8; ++i)
        sent += endless.send(std::string(16000, 'a')) ? 1 : 0;
    EXPECT_EQ(sent, 8) << "the connection was reset while the client still sent";
    EXPECT_TRUE(endless.closedWithin(3000ms));
    EXPECT_NE(endless.received().find("HTTP/1.1 431"), std::string::npos) << endless.received().substr(0, 200);
    EXPECT_FALSE(endless.reset());
}

TEST_F(PerimeterTest, aSecondServerOnTheSamePortIsRefusedNotListeningBesideTheFirst)
{
    start(ConnectionLimits{});
    // Started twice by mistake (two stores): the second must not take half the devices.
    GuardedHttpServer second{ConnectionLimits{}};
    EXPECT_FALSE(second.bind_to_port("127.0.0.1", port));
    EXPECT_TRUE(server->widenBacklog());
    EXPECT_EQ(health(), 200);
}

TEST_F(PerimeterTest, keepAliveAdvertisesTheIdleTimeTheServerKeeps)
{
    ConnectionLimits limits;
    limits.keepAliveIdle = 3000ms;
    limits.requestsPerConnection = 7;
    start(limits);
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(5, 0);
    c.set_keep_alive(true); // a device keeps its connection; httplib's client closes by default
    auto r = c.Get("/v1/health");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->get_header_value("Keep-Alive"), "timeout=3, max=7");
}

TEST_F(PerimeterTest, repeatedWrongPasswordsAreThrottledWithRetryAfter)
{
    ApiOptions options = quiet();
    options.login.accountFailures = 3;
    options.login.addressFailures = 100;
    options.login.lockAfter = 100;
    start(ConnectionLimits{}, options);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(login("alice", "wrong")->status, 401);
    auto refused = login("alice", "pw"); // even the right password waits now
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(json::parse(refused->body)["error"]["code"], "too_many_attempts");
    EXPECT_NE(json::parse(refused->body)["error"]["message"].get<std::string>().find("ログイン"), std::string::npos);
    EXPECT_GT(std::stoi(refused->get_header_value("Retry-After")), 0);
    // Another account is not held back by alice's.
    EXPECT_EQ(login("bob", "pw")->status, 200);
}

TEST_F(PerimeterTest, oneAddressGuessingManyAccountsIsThrottled)
{
    ApiOptions options = quiet();
    options.login.accountFailures = 100;
    options.login.addressFailures = 4;
    start(ConnectionLimits{}, options);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(login("user" + std::to_string(i), "guess")->status, 401);
    EXPECT_EQ(login("alice", "guess")->status, 429);
}

TEST_F(PerimeterTest, behindTheProxyTheClientIsTheAddressTheProxySaw)
{
    ApiOptions options = quiet();
    options.login.accountFailures = 100;
    options.login.addressFailures = 2;
    options.behindProxy = true;
    start(ConnectionLimits{}, options);
    // One client behind nginx guesses; another behind the same nginx is not held back.
    httplib::Headers attacker{{"X-Forwarded-For", "198.51.100.7"}};
    httplib::Headers honest{{"X-Forwarded-For", "192.0.2.10"}};
    EXPECT_EQ(login("x", "guess", attacker)->status, 401);
    EXPECT_EQ(login("y", "guess", attacker)->status, 401);
    EXPECT_EQ(login("z", "guess", attacker)->status, 429);
    // A forged first entry changes nothing: nginx appends the address it saw last.
    httplib::Headers forged{{"X-Forwarded-For", "192.0.2.10, 198.51.100.7"}};
    EXPECT_EQ(login("z", "guess", forged)->status, 429);
    EXPECT_EQ(login("alice", "pw", honest)->status, 200);
}

TEST_F(PerimeterTest, anAccountLocksAfterFailuresInARowUntilUnlocked)
{
    ApiOptions options = quiet();
    options.login.accountFailures = 100;
    options.login.addressFailures = 100;
    options.login.lockAfter = 3;
    start(ConnectionLimits{}, options);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(login("alice", "wrong")->status, 401);
    auto locked = login("alice", "pw");
    ASSERT_TRUE(locked);
    EXPECT_EQ(locked->status, 429);
    EXPECT_EQ(json::parse(locked->body)["error"]["code"], "account_locked");
    EXPECT_GT(std::stoi(locked->get_header_value("Retry-After")), 60);
    // The lock is in the store: another server process sees it too.
    {
        HttpApi other(store, schemas, options);
        ApiResponse r =
            other.handle({"POST", "/v1/login", "", json{{"user", "alice"}, {"password", "pw"}}.dump(), "p"});
        EXPECT_EQ(r.status, 429);
    }
    // An admin unlocks (kyodo-server user unlock alice does this).
    {
        auto tx = store.beginWrite();
        auto u = tx->loadUser("alice");
        u->lockedUntil = 0;
        u->failedLogins = 0;
        tx->saveUser(*u);
        tx->commit();
    }
    EXPECT_EQ(login("alice", "pw")->status, 200);
}

TEST(LoginThrottle, passwordHashingRunsWithBoundedConcurrency)
{
    LoginPolicy policy;
    policy.concurrentHashes = 2;
    policy.hashWait = 50ms;
    LoginThrottle throttle(policy);
    auto first = throttle.acquireHashSlot();
    auto second = throttle.acquireHashSlot();
    EXPECT_TRUE(first);
    EXPECT_TRUE(second);
    const auto started = Clock::now();
    EXPECT_FALSE(throttle.acquireHashSlot()); // waits briefly, then gives up: 503 with Retry-After
    EXPECT_GE(Clock::now() - started, 40ms);
    {
        auto released = std::move(first);
    }
    EXPECT_TRUE(throttle.acquireHashSlot());
}

TEST(RequestLog, aDecodedPathCannotWriteALineOfItsOwn)
{
    const std::string forged = logValue("/v1/x\nts=2026-01-01 method=POST path=/v1/login status=200 user=admin");
    EXPECT_EQ(forged.find('\n'), std::string::npos);
    EXPECT_EQ(forged.front(), '"');
    EXPECT_EQ(logValue("/v1/push"), "/v1/push");
    EXPECT_EQ(logValue(""), "-");
    EXPECT_EQ(logValue("a\"b\\c\r\x7f"), "\"a\\\"b\\\\c\\x0d\\x7f\"");
    EXPECT_EQ(logValue("user=admin"), "\"user=admin\"");
}
