// Two kyodo-server processes on one PostgreSQL database (DESIGN.md §3,
// store.h invariant 2): writers push through both while a reader pulls
// through both with one cursor. Every committed create must reach the reader
// exactly once, in seq order without gaps, and its final checkpoint must
// match the records it holds. Needs $KYODO_TEST_PG (tests/pg/with-postgres.sh).
#include "checksum.h"
#include "hlc.h"
#include "pgtestdb.h"
#include "process.h"
#include "protocol.h"
#include "serverfixture.h"

#include <httplib.h>

#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <set>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

constexpr int kWriters = 4, kPerWriter = 300, kBatch = 10;
const std::string kNaka = "ward:naka";
const char *kPassword = "pw";

std::string slurp(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// `kyodo-server serve --plain-http` on a free loopback port; SIGTERM on destruction.
class PlainServer {
public:
    PlainServer(const std::string &db, const std::string &logPath) : m_log(logPath)
    {
        const std::vector<std::string> argv = {kyodo::test::serverBinary(),
                                               "serve",
                                               "--db",
                                               db,
                                               "--listen",
                                               "127.0.0.1:0",
                                               "--plain-http",
                                               "--schemas",
                                               KYODO_SCHEMA_DIR};
        m_pid = fork();
        if (m_pid == 0) {
            const int log = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            dup2(log, 2);
            dup2(log, 1);
            std::vector<char *> args;
            for (const std::string &a : argv)
                args.push_back(const_cast<char *>(a.c_str()));
            args.push_back(nullptr);
            execv(args[0], args.data());
            _exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string log = slurp(m_log);
            const auto at = log.find("listening on http://127.0.0.1:");
            if (at != std::string::npos && log.find('\n', at) != std::string::npos) {
                m_port = std::stoi(log.substr(at + 30));
                return;
            }
            if (waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error("kyodo-server exited: " + log);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("kyodo-server did not start: " + slurp(m_log));
    }
    ~PlainServer()
    {
        if (m_pid <= 0)
            return;
        kill(m_pid, SIGTERM);
        for (int i = 0; i < 200 && waitpid(m_pid, nullptr, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (waitpid(m_pid, nullptr, WNOHANG) == 0) {
            kill(m_pid, SIGKILL);
            waitpid(m_pid, nullptr, 0);
        }
    }
    int port() const { return m_port; }
    std::string log() const { return slurp(m_log); }

private:
    std::string m_log;
    pid_t m_pid = -1;
    int m_port = 0;
};

json postJson(int port, const std::string &path, const json &body, const std::string &token, int *status)
{
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    if (!token.empty())
        h.emplace("Authorization", "Bearer " + token);
    auto r = c.Post(path.c_str(), h, body.dump(), "application/json");
    *status = r ? r->status : 0;
    return r && r->status == 200 ? json::parse(r->body) : json();
}

std::string login(int port, const std::string &user)
{
    int status = 0;
    json j = postJson(port, "/v1/login", {{"user", user}, {"password", kPassword}, {"device", user}}, "", &status);
    if (status != 200)
        throw std::runtime_error("login " + user + " failed: " + std::to_string(status));
    return j["token"];
}

std::uint64_t nowHlc()
{
    using namespace std::chrono;
    return HybridClock::pack(
        static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()), 0);
}

} // namespace

TEST(TwoServersOnPostgres, everyCommittedChangeReachesAReaderExactlyOnce)
{
    if (!PgTestDatabase::configured())
        GTEST_SKIP() << "set KYODO_TEST_PG or run under tests/pg/with-postgres.sh";
    PgTestDatabase db;
    kyodo::test::TempDir dir;
    for (int w = 0; w <= kWriters; ++w) {
        const std::string user = w == kWriters ? "reader" : "w" + std::to_string(w);
        auto r = kyodo::test::run(
            {kyodo::test::serverBinary(), "--db", db.uri(), "user", "add", user, "--role", "staff", "--scope", kNaka},
            {{"KYODO_PASSWORD", kPassword}, {"KYODO_PBKDF2_ITERATIONS", "1000"}});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    PlainServer a(db.uri(), dir.file("a.log")), b(db.uri(), dir.file("b.log"));
    const int ports[2] = {a.port(), b.port()};

    std::mutex mutex;
    std::set<std::string> applied;
    std::atomic<int> writersLeft = kWriters;
    std::atomic<int> retries = 0;
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            const std::string token = login(ports[w % 2], "w" + std::to_string(w));
            const std::string client = newUuidV7();
            std::int64_t cseq = 0;
            for (int sent = 0; sent < kPerWriter; sent += kBatch) {
                json mutations = json::array();
                for (int i = 0; i < kBatch; ++i)
                    mutations.push_back(
                        mutationToJson(createOf(++cseq, newUuidV7(), kNaka, consultationFields(), nowHlc())));
                const json body = {{"client_id", client}, {"mutations", mutations}};
                // Alternate servers per push; a 503 is retried as-is, as a device would.
                json reply;
                for (int attempt = 0; attempt < 20; ++attempt) {
                    int status = 0;
                    reply = postJson(ports[(sent / kBatch + w + attempt) % 2], "/v1/push", body, token, &status);
                    if (status == 200)
                        break;
                    ++retries;
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
                ASSERT_TRUE(reply.is_object()) << "push kept failing";
                std::lock_guard lock(mutex);
                for (std::size_t i = 0; i < mutations.size(); ++i)
                    if (reply["results"][i]["status"] == "applied")
                        applied.insert(mutations[i]["record"].get<std::string>());
            }
            --writersLeft;
        });
    }

    // The reader: one cursor, every page through the other server than the last.
    const std::string readerToken = login(ports[1], "reader");
    const std::string readerClient = newUuidV7();
    std::map<std::string, std::uint64_t> held; // id -> checksum
    std::int64_t cursor = 0, lastSeq = 0;
    int pulls = 0, duplicates = 0, gaps = 0;
    json last;
    auto pullPage = [&] {
        int status = 0;
        const json body = {
            {"client_id", readerClient}, {"scopes", {{{"scope", kNaka}, {"cursor", cursor}}}}, {"limit", 37}};
        json page = postJson(ports[++pulls % 2], "/v1/pull", body, readerToken, &status);
        if (status != 200)
            return true; // transient; pull again from the same cursor
        for (const json &r : page["records"]) {
            const std::int64_t seq = r["seq"];
            gaps += seq != lastSeq + 1; // creates only: every seq is one record
            lastSeq = seq;
            const std::string doc = r["doc"];
            const std::string id = json::parse(doc)["id"];
            duplicates += held.count(id);
            held[id] = recordChecksum(doc);
        }
        cursor = page["scopes"][0]["cursor"];
        last = page["scopes"][0];
        return page["more"].get<bool>();
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (writersLeft > 0 && std::chrono::steady_clock::now() < deadline)
        pullPage();
    for (auto &t : writers)
        t.join();
    while (pullPage() && std::chrono::steady_clock::now() < deadline) {
    }

    EXPECT_EQ(applied.size(), std::size_t(kWriters * kPerWriter));
    EXPECT_EQ(duplicates, 0);
    EXPECT_EQ(gaps, 0);
    std::set<std::string> heldIds;
    std::uint64_t sum = 0;
    for (const auto &[id, c] : held) {
        heldIds.insert(id);
        sum += c;
    }
    EXPECT_EQ(heldIds, applied) << "the reader's records differ from the applied creates";
    EXPECT_EQ(last["checkpoint"]["checksum"], checksumHex(sum));
    EXPECT_EQ(last["checkpoint"]["count"], held.size());
    EXPECT_EQ(last["checkpoint"]["seq"], lastSeq);
    // Both processes really served: one logfmt line per request on stderr.
    EXPECT_NE(a.log().find("/v1/push"), std::string::npos) << a.log();
    EXPECT_NE(b.log().find("/v1/push"), std::string::npos) << b.log();
    std::printf("pulls %d, push retries %d, records %zu\n", pulls, retries.load(), held.size());
}
