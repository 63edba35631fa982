// What an operator watches (issue 14): liveness and readiness, and the
// Prometheus metrics on their own loopback listener, from a real
// kyodo-server process: requests by route and status, sign-in failures,
// pushed mutations by outcome, pulls, open conflicts, pool use and memory.
#include "attachment.h"
#include "process.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <regex>
#include <thread>

using namespace kyodo::test;
using json = nlohmann::json;

namespace {

int portOf(const std::string &url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

// The metrics port the server printed ("metrics on http://127.0.0.1:PORT/metrics").
int metricsPort(const ServerProcess &server)
{
    static const std::regex line(R"(metrics on http://127\.0\.0\.1:(\d+)/metrics)");
    for (int i = 0; i < 250; ++i) {
        std::smatch m;
        const std::string log = server.log();
        if (std::regex_search(log, m, line))
            return std::stoi(m[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "no metrics line in " << server.log();
    return 0;
}

// The value of one sample line, or -1 when it is not there.
double sample(const std::string &text, const std::string &nameAndLabels)
{
    const auto at = text.find("\n" + nameAndLabels + " ");
    if (at == std::string::npos)
        return -1;
    return std::stod(text.substr(at + nameAndLabels.size() + 2));
}

class Operations : public ::testing::Test {
protected:
    void SetUp() override
    {
        server = ServerProcess::start(dir.path(), {{"sato", "staff", {"ward:naka"}}},
                                      {"--plain-http", "--metrics-listen", "127.0.0.1:0"});
        api = std::make_unique<httplib::Client>("127.0.0.1", portOf(server->url()));
        metrics = std::make_unique<httplib::Client>("127.0.0.1", metricsPort(*server));
    }

    std::string scrape()
    {
        auto r = metrics->Get("/metrics");
        EXPECT_TRUE(r && r->status == 200);
        if (r) {
            EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
        }
        return r ? "\n" + r->body : "";
    }

    TempDir dir;
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<httplib::Client> api, metrics;
};

TEST_F(Operations, HealthAndReadiness)
{
    auto health = api->Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto ready = api->Get("/v1/ready");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->status, 200);
    EXPECT_EQ(json::parse(ready->body)["status"], "ready");
}

TEST_F(Operations, MetricsCountWhatHappened)
{
    // Two wrong passwords, one right sign-in, a push of one new record, a pull.
    for (int i = 0; i < 2; ++i)
        api->Post("/v1/login", json{{"user", "sato"}, {"password", "wrong"}}.dump(), "application/json");
    auto login = api->Post("/v1/login", json{{"user", "sato"}, {"password", ServerProcess::kPassword}}.dump(),
                           "application/json");
    ASSERT_TRUE(login && login->status == 200);
    const std::string token = json::parse(login->body)["token"];
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    const json push = {{"client_id", "0190f2a4-0000-7000-8000-000000000001"},
                       {"mutations",
                        {{{"cseq", 1},
                          {"mid", "0190f2a4-0000-7000-8000-0000000000a1"},
                          {"op", "create"},
                          {"record", "0190f2a4-0000-7000-8000-0000000000b1"},
                          {"type", "ward_centers.consultation"},
                          {"scope", "ward:naka"},
                          {"sv", 1},
                          {"hlc", 1},
                          {"fields",
                           {{"received_at", "2026-11-30T10:00"},
                            {"channel", "visit"},
                            {"party", "中区の会"},
                            {"category", "startup"}}}}}}};
    auto pushed = api->Post("/v1/push", auth, push.dump(), "application/json");
    ASSERT_TRUE(pushed);
    ASSERT_EQ(pushed->status, 200) << pushed->body;
    auto pulled = api->Post("/v1/pull", auth, json{{"client_id", "0190f2a4-0000-7000-8000-000000000001"}}.dump(),
                            "application/json");
    ASSERT_TRUE(pulled);
    ASSERT_EQ(pulled->status, 200) << pulled->body;
    api->Get("/no/such/path/" + std::string(40, 'x')); // counted as "other", not by its path

    const std::string text = scrape();
    EXPECT_EQ(sample(text, R"(kyodo_http_requests_total{route="/v1/login",method="POST",status="401"})"), 2) << text;
    EXPECT_EQ(sample(text, R"(kyodo_http_requests_total{route="/v1/login",method="POST",status="200"})"), 1);
    EXPECT_EQ(sample(text, R"(kyodo_http_requests_total{route="other",method="GET",status="404"})"), 1);
    EXPECT_EQ(text.find("/no/such/path"), std::string::npos);
    EXPECT_EQ(sample(text, "kyodo_login_failures_total"), 2);
    EXPECT_EQ(sample(text, R"(kyodo_mutations_total{outcome="applied",code=""})"), 1) << text;
    EXPECT_EQ(sample(text, "kyodo_pulls_total"), 1);
    EXPECT_GE(sample(text, "kyodo_pulled_records_total"), 1);
    EXPECT_EQ(sample(text, R"(kyodo_http_request_duration_seconds_count{route="/v1/push"})"), 1);
    EXPECT_EQ(sample(text, "kyodo_open_conflicts"), 0);
    EXPECT_EQ(sample(text, "kyodo_quarantined_mutations"), 0);
    EXPECT_GE(sample(text, "kyodo_store_connections_open"), 1);
    EXPECT_GT(sample(text, "kyodo_process_resident_memory_bytes"), 1e6);
}

// A datagram socket standing in for systemd's $NOTIFY_SOCKET.
class NotifySocket {
public:
    explicit NotifySocket(const std::string &path) : m_path(path)
    {
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
        if (m_fd < 0 || bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
            throw std::runtime_error("cannot bind " + path);
    }
    ~NotifySocket() { close(m_fd); }
    // The next message, or "" after `seconds`.
    std::string next(int seconds)
    {
        pollfd p{m_fd, POLLIN, 0};
        if (poll(&p, 1, seconds * 1000) != 1)
            return {};
        char buf[4096];
        const ssize_t n = recv(m_fd, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    }
    // Messages until one contains `what` (true), or none came for `seconds`.
    bool waitFor(const std::string &what, int seconds)
    {
        for (std::string m = next(seconds); !m.empty(); m = next(seconds))
            if (m.find(what) != std::string::npos)
                return true;
        return false;
    }

private:
    std::string m_path;
    int m_fd = -1;
};

TEST(OperationsUnderSystemd, ReadyOnceListeningWatchdogWhileServingStoppingOnTerm)
{
    TempDir dir;
    NotifySocket notify(dir.file("notify"));
    const std::vector<std::string> argv = {serverBinary(), "serve",       "--db",          dir.file("s.db"),
                                           "--listen",     "127.0.0.1:0", "--plain-http",  "--config",
                                           "/dev/null",    "--schemas",   KYODO_SCHEMA_DIR};
    // systemd's environment for a Type=notify unit with WatchdogSec=0.2s.
    const pid_t pid = spawn(argv, {{"NOTIFY_SOCKET", dir.file("notify")}, {"WATCHDOG_USEC", "200000"}},
                            dir.file("server.log"), dir.file("server.log"));
    const std::string first = notify.next(20);
    EXPECT_NE(first.find("READY=1"), std::string::npos) << first;
    EXPECT_NE(first.find("STATUS=listening on 127.0.0.1:"), std::string::npos) << first;
    EXPECT_TRUE(notify.waitFor("WATCHDOG=1", 5));
    kill(pid, SIGTERM);
    EXPECT_TRUE(notify.waitFor("STOPPING=1", 10));
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(OperationsRefusals, MetricsListenOnlyOnLoopback)
{
    TempDir dir;
    const auto r = run({serverBinary(), "serve", "--db", dir.file("s.db"), "--listen", "127.0.0.1:0", "--plain-http",
                        "--metrics-listen", "0.0.0.0:9464", "--config", "/dev/null"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--metrics-listen needs a loopback HOST:PORT"), std::string::npos) << r.err;
}

TEST(OperationsRefusals, BlobReserveIsANumberOfMib)
{
    TempDir dir;
    const auto r = run({serverBinary(), "serve", "--db", dir.file("s.db"), "--listen", "127.0.0.1:0", "--plain-http",
                        "--blob-reserve-mb", "-1", "--config", "/dev/null"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--blob-reserve-mb: '-1' is not a number of MiB"), std::string::npos) << r.err;
}

// The operator's reserve of free disk, past which the server takes no
// attachment chunk (507) while records still go.
TEST(OperationsDisk, PastItsReserveTheServerTakesRecordsButNoChunkAndSaysWhyInBothLanguages)
{
    TempDir dir;
    auto server = ServerProcess::start(dir.path(), {{"sato", "supporter", {"group:g1"}}},
                                       {"--plain-http", "--blob-reserve-mb", "1073741824"}); // 1 PiB
    httplib::Client api("127.0.0.1", portOf(server->url()));
    auto login = api.Post("/v1/login", json{{"user", "sato"}, {"password", ServerProcess::kPassword}}.dump(),
                          "application/json");
    ASSERT_TRUE(login && login->status == 200);
    const httplib::Headers auth{{"Authorization", "Bearer " + json::parse(login->body)["token"].get<std::string>()}};
    const std::string photo = "\xFF\xD8\xFF\xE0 a photo's bytes";
    const std::string sha = kyodo::sha256Hex(photo);
    const json push = {
        {"client_id", "0190f2a4-0000-7000-8000-000000000002"},
        {"mutations",
         {{{"cseq", 1},
           {"mid", "0190f2a4-0000-7000-8000-0000000000a2"},
           {"op", "create"},
           {"record", "0190f2a4-0000-7000-8000-0000000000b2"},
           {"type", "accompaniment.visit_note"},
           {"scope", "group:g1"},
           {"sv", 1},
           {"hlc", 1},
           {"fields",
            {{"visited_at", "2026-11-30T10:00"},
             {"group_name", "港北まちづくりの会"},
             {"supporter", "佐藤"},
             {"kind", "visit"},
             {"summary", "ホワイトボード"},
             {"photos",
              {{{"sha256", sha}, {"name", "board.jpg"}, {"mime", "image/jpeg"}, {"size", photo.size()}}}}}}}}}};
    auto pushed = api.Post("/v1/push", auth, push.dump(), "application/json");
    ASSERT_TRUE(pushed);
    ASSERT_EQ(pushed->status, 200) << pushed->body;
    EXPECT_EQ(json::parse(pushed->body)["results"][0]["status"], "applied") << pushed->body;

    httplib::Headers chunk = auth;
    chunk.emplace("Kyodo-Chunk-Sha256", sha);
    auto sent = api.Post("/v1/blobs/" + sha + "/chunks/0", chunk, photo, "application/octet-stream");
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->status, 507) << sent->body;
    const json error = json::parse(sent->body)["error"];
    EXPECT_EQ(error["code"], "storage_full");
    EXPECT_NE(error["message"].get<std::string>().find("保存領域"), std::string::npos) << error.dump();
    EXPECT_NE(error["message_en"].get<std::string>().find("low on storage"), std::string::npos) << error.dump();
}

} // namespace
