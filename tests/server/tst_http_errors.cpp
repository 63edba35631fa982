// Every malformed or unauthorized request gets its status and a JSON error
// body, and leaves the store exactly as it was. The real HTTP API runs
// in-process on 127.0.0.1 (plain HTTP, a free port).
#include "guardedserver.h"
#include "httpapi.h"
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

namespace {

const std::string kClient = "0190b5a0-0000-7000-8000-00000000000a";

struct StoreSnapshot {
    std::vector<std::tuple<std::string, std::int64_t, std::uint64_t, std::int64_t>> scopes;
    std::int64_t records = 0, conflicts = 0, results = 0;
    bool operator==(const StoreSnapshot &) const = default;
};

ApiOptions quietOptions()
{
    ApiOptions o;
    o.maxBody = 1024 * 1024;
    o.log = false;
    return o;
}

class HttpErrorsTest : public StoreTest {
protected:
    SchemaSet schemas = loadSchemas();
    HttpApi api{store, schemas, quietOptions()};
    GuardedHttpServer server{ConnectionLimits{}};
    std::thread thread;
    std::unique_ptr<httplib::Client> client;
    std::string token, revokedToken;
    int port = 0;

    void SetUp() override
    {
        StoreTest::SetUp();
        if (IsSkipped())
            return;
        {
            auto tx = store.beginWrite();
            tx->saveUser(UserRow{"alice", "staff", hashPassword("pw", 1000), false, {}});
            tx->addGrant("alice", "ward:naka");
            tx->saveUser(UserRow{"dave", "staff", hashPassword("pw", 1000), false, {}});
            tx->addGrant("dave", "ward:naka");
            tx->commit();
        }
        api.install(server);
        port = server.bind_to_any_port("127.0.0.1");
        ASSERT_GT(port, 0);
        thread = std::thread([this] { server.listen_after_bind(); });
        client = std::make_unique<httplib::Client>("127.0.0.1", port);
        client->set_read_timeout(10, 0);
        token = login("alice");
        revokedToken = login("dave");
        {
            auto tx = store.beginWrite();
            tx->revokeTokensOfUser("dave");
            tx->commit();
        }
        // One real record so the "unchanged" check has something to compare.
        json push = {{"client_id", kClient},
                     {"mutations", {mutationToJson(createOf(1, newUuidV7(), "ward:naka", consultationFields(), 1))}}};
        auto r = post("/v1/push", push.dump(), token);
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        before = snapshot();
    }
    void TearDown() override
    {
        if (IsSkipped())
            return;
        EXPECT_EQ(snapshot(), before) << "a rejected request changed the store";
        server.stop();
        thread.join();
    }

    std::string login(const std::string &user)
    {
        auto r = client->Post("/v1/login", json{{"user", user}, {"password", "pw"}, {"device", "t"}}.dump(),
                              "application/json");
        EXPECT_TRUE(r && r->status == 200);
        return r ? json::parse(r->body)["token"].get<std::string>() : std::string();
    }
    httplib::Result post(const std::string &path, const std::string &body, const std::string &bearer)
    {
        httplib::Headers h;
        if (!bearer.empty())
            h.emplace("Authorization", "Bearer " + bearer);
        return client->Post(path.c_str(), h, body, "application/json");
    }
    StoreSnapshot snapshot()
    {
        auto tx = store.beginRead();
        StoreSnapshot s;
        for (const ScopeState &sc : tx->listScopes())
            s.scopes.emplace_back(sc.scope, sc.seq, sc.checksum, sc.count);
        s.records = tx->recordCount();
        s.conflicts = tx->conflictCount();
        s.results = tx->resultCount();
        return s;
    }
    // The status and a well-formed error body with a Japanese message first.
    void expectError(const httplib::Result &r, int status, const std::string &code)
    {
        ASSERT_TRUE(r) << "no response";
        EXPECT_EQ(r->status, status) << r->body;
        json j = json::parse(r->body, nullptr, false);
        ASSERT_TRUE(j.is_object()) << r->body;
        ASSERT_TRUE(j.contains("error")) << r->body;
        EXPECT_EQ(j["error"]["code"], code) << r->body;
        EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
        EXPECT_FALSE(j["error"]["message_en"].get<std::string>().empty());
    }
    json pushWith(json mutation) { return {{"client_id", kClient}, {"mutations", {mutation}}}; }

    StoreSnapshot before;
};

KYODO_INSTANTIATE_FOR_STORES(HttpErrorsTest);

} // namespace

TEST_P(HttpErrorsTest, malformedJsonIsBadJson)
{
    expectError(post("/v1/push", "{\"client_id\": ", token), 400, "bad_json");
    expectError(post("/v1/pull", "not json", token), 400, "bad_json");
    expectError(post("/v1/login", "{", ""), 400, "bad_json");
}

TEST_P(HttpErrorsTest, wrongShapesAreBadRequest)
{
    expectError(post("/v1/push", "[]", token), 400, "bad_request");
    expectError(post("/v1/push", json{{"client_id", 5}, {"mutations", json::array()}}.dump(), token), 400,
                "bad_request");
    expectError(post("/v1/push", json{{"client_id", kClient}, {"mutations", "many"}}.dump(), token), 400,
                "bad_request");
    json m = mutationToJson(createOf(2, newUuidV7(), "ward:naka", consultationFields(), 1));
    m["cseq"] = "two";
    expectError(post("/v1/push", pushWith(m).dump(), token), 400, "bad_request");
    m["cseq"] = 2;
    m["fields"] = json::array();
    expectError(post("/v1/push", pushWith(m).dump(), token), 400, "bad_request");
    m["fields"] = consultationFields();
    m["op"] = "explode";
    expectError(post("/v1/push", pushWith(m).dump(), token), 400, "bad_request");
    // prev_cseq: a non-negative integer, before the mutations it orders.
    const std::string head = "{\"client_id\":\"" + kClient + "\",";
    expectError(post("/v1/push", head + "\"prev_cseq\":-1,\"mutations\":[]}", token), 400, "bad_request");
    expectError(post("/v1/push", head + "\"prev_cseq\":\"1\",\"mutations\":[]}", token), 400, "bad_request");
    expectError(post("/v1/push", head + "\"mutations\":[],\"prev_cseq\":0}", token), 400, "bad_request");
    // acked_cseq likewise.
    expectError(post("/v1/push", head + "\"acked_cseq\":-3,\"mutations\":[]}", token), 400, "bad_request");
    expectError(post("/v1/push", head + "\"acked_cseq\":[1],\"mutations\":[]}", token), 400, "bad_request");
    expectError(post("/v1/push", head + "\"mutations\":[],\"acked_cseq\":0}", token), 400, "bad_request");
    expectError(post("/v1/push", head + "\"client_id\":\"" + kClient + "\",\"mutations\":[]}", token), 400,
                "bad_request");
    expectError(post("/v1/pull", json{{"client_id", kClient}, {"scopes", "all"}}.dump(), token), 400, "bad_request");
    expectError(post("/v1/pull", json{{"client_id", kClient}, {"limit", -1}}.dump(), token), 400, "bad_request");
    expectError(post("/v1/login", json{{"user", 1}, {"password", "pw"}}.dump(), ""), 400, "bad_request");
}

TEST_P(HttpErrorsTest, oversizedBodyIsTooLarge)
{
    json m = mutationToJson(createOf(2, newUuidV7(), "ward:naka", consultationFields(), 1));
    m["fields"]["summary"] = std::string(2 * 1024 * 1024, 'x');
    expectError(post("/v1/push", pushWith(m).dump(), token), 413, "too_large");
}

TEST_P(HttpErrorsTest, tooManyMutationsIs429)
{
    json ms = json::array();
    for (std::size_t i = 0; i <= kMaxMutationsPerPush; ++i) {
        json m = mutationToJson(
            createOf(static_cast<std::int64_t>(i + 2), newUuidV7(), "ward:naka", json{{"party", "p"}}, 1));
        ms.push_back(m);
    }
    expectError(post("/v1/push", json{{"client_id", kClient}, {"mutations", ms}}.dump(), token), 429,
                "too_many_mutations");
}

TEST_P(HttpErrorsTest, unknownEndpointIs404)
{
    expectError(client->Get("/v1/nothing"), 404, "not_found");
    expectError(post("/v2/push", "{}", token), 404, "not_found");
    expectError(client->Get("/"), 404, "not_found");
}

TEST_P(HttpErrorsTest, wrongMethodIs405)
{
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    expectError(client->Get("/v1/push", h), 405, "method_not_allowed");
    expectError(client->Get("/v1/pull", h), 405, "method_not_allowed");
    expectError(client->Delete("/v1/login"), 405, "method_not_allowed");
    expectError(client->Post("/v1/health", "{}", "application/json"), 405, "method_not_allowed");
    // A POST to a blob itself (not one of its chunks): the method is wrong,
    // whatever the body's type or length.
    const std::string blob = "/v1/blobs/" + std::string(64, 'a');
    expectError(client->Post(blob.c_str(), h, std::string(1000, 'x'), "application/octet-stream"), 405,
                "method_not_allowed");
    expectError(client->Post(blob.c_str(), h, "{}", "application/json"), 405, "method_not_allowed");
}

TEST_P(HttpErrorsTest, headIsAnsweredWhereGetIs)
{
    for (const char *path : {"/v1/health", "/v1/ready"}) {
        auto r = client->Head(path);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 200) << path;
        EXPECT_TRUE(r->body.empty()) << path;
    }
    auto push = client->Head("/v1/push", httplib::Headers{{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(push);
    EXPECT_EQ(push->status, 405);
}

TEST_P(HttpErrorsTest, missingBadOrRevokedTokenIs401)
{
    const std::string body = json{{"client_id", kClient}, {"scopes", json::array()}}.dump();
    expectError(post("/v1/pull", body, ""), 401, "unauthorized");
    expectError(post("/v1/pull", body, "not-a-token"), 401, "unauthorized");
    expectError(post("/v1/pull", body, std::string(64, 'a')), 401, "unauthorized");
    expectError(post("/v1/pull", body, revokedToken), 401, "unauthorized");
    expectError(post("/v1/push",
                     pushWith(mutationToJson(createOf(2, newUuidV7(), "ward:naka", consultationFields(), 1))).dump(),
                     revokedToken),
                401, "unauthorized");
    expectError(client->Get("/v1/schemas"), 401, "unauthorized");
    expectError(post("/v1/login", json{{"user", "alice"}, {"password", "nope"}}.dump(), ""), 401, "unauthorized");
}

TEST_P(HttpErrorsTest, healthSchemasAndGzipStillWork)
{
    auto health = client->Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    httplib::Headers h{{"Authorization", "Bearer " + token}, {"Accept-Encoding", "gzip"}};
    auto schemasRes = client->Get("/v1/schemas", h);
    ASSERT_TRUE(schemasRes);
    EXPECT_EQ(schemasRes->status, 200);
    EXPECT_EQ(schemasRes->get_header_value("Content-Encoding"), "gzip");
    EXPECT_TRUE(json::parse(schemasRes->body)["schemas"].is_array());
}

namespace {

// Sends `request` as raw bytes and reads the answer until the server closes
// the connection or `wait` passes; what was read, and whether it closed.
struct RawAnswer {
    std::string text;
    bool closed = false;
    int status() const { return text.size() > 12 ? std::atoi(text.c_str() + 9) : 0; }
    json body() const
    {
        const auto at = text.find("\r\n\r\n");
        return at == std::string::npos ? json() : json::parse(text.substr(at + 4), nullptr, false);
    }
};

RawAnswer rawExchange(int port, const std::string &request, std::chrono::milliseconds wait = std::chrono::seconds(5))
{
    RawAnswer out;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return out;
    }
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    const auto until = std::chrono::steady_clock::now() + wait;
    char buf[4096];
    while (std::chrono::steady_clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            out.closed = true;
            break;
        }
        out.text.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
}

} // namespace

// Issue 11, item 2: what our clients never send is refused from the head,
// before a byte of the body is read, and the connection is closed.
TEST_P(HttpErrorsTest, compressedChunkedAndLengthlessBodiesAreRefusedBeforeTheyAreRead)
{
    struct Case {
        const char *what;
        std::string head;
        int status;
        const char *code;
    };
    const std::vector<Case> cases = {
        {"gzip login",
         "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Encoding: gzip\r\nContent-Length: 1000000\r\n\r\n",
         415, "unsupported_encoding"},
        {"brotli push",
         "POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Encoding: br\r\nContent-Length: 1000\r\n\r\n",
         415, "unsupported_encoding"},
        {"chunked login",
         "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Transfer-Encoding: chunked\r\n\r\n",
         411, "length_required"},
        {"no length", "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n", 411,
         "length_required"},
        {"claims a gigabyte",
         "POST /v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: 1073741824\r\n\r\n",
         413, "too_large"},
        {"a large login",
         "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: 100000\r\n\r\n",
         413, "too_large"},
        {"not json",
         "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\n"
         "Content-Length: 100\r\n\r\n",
         415, "unsupported_media_type"},
        {"bad length",
         "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         "Content-Length: -5\r\n\r\n",
         400, "bad_request"},
        {"a put", "PUT /v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 405, "method_not_allowed"},
    };
    for (const Case &c : cases) {
        // No body follows the head: an answer at once proves none was awaited.
        const auto start = std::chrono::steady_clock::now();
        RawAnswer a = rawExchange(port, c.head);
        const auto took = std::chrono::steady_clock::now() - start;
        EXPECT_EQ(a.status(), c.status) << c.what << "\n" << a.text;
        EXPECT_EQ(a.body()["error"]["code"], c.code) << c.what;
        EXPECT_FALSE(a.body()["error"]["message"].get<std::string>().empty()) << c.what;
        EXPECT_TRUE(a.closed) << c.what << ": the unread body must not be read as the next request";
        EXPECT_LT(took, std::chrono::seconds(3)) << c.what;
    }
    // The server still answers honest requests.
    EXPECT_EQ(client->Get("/v1/health")->status, 200);
}

// Issue 11, item 1: a body nested 100,000 levels deep (about 200 KB) is
// refused; before the fix it overflowed the stack and killed the process.
// What HTTP itself calls malformed ends the connection with its answer: the
// bytes after it are not a request to run. Two lengths that disagree are
// refused, not one of them believed (a proxy in front may believe the other).
TEST_P(HttpErrorsTest, aMalformedRequestOrTwoLengthsEndTheConnection)
{
    const std::string honest = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
    const auto answers = [](const RawAnswer &a) {
        std::size_t n = 0;
        for (auto at = a.text.find("HTTP/1.1 "); at != std::string::npos; at = a.text.find("HTTP/1.1 ", at + 1))
            ++n;
        return n;
    };
    const RawAnswer garbled = rawExchange(port, "GARBLED\r\n\r\n" + honest);
    EXPECT_EQ(garbled.status(), 400) << garbled.text;
    EXPECT_TRUE(garbled.closed);
    EXPECT_EQ(answers(garbled), 1u) << "the request after the malformed one was run:\n" << garbled.text;

    const RawAnswer twoLengths =
        rawExchange(port, "POST /v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" +
                              honest);
    EXPECT_EQ(twoLengths.status(), 400) << twoLengths.text;
    EXPECT_EQ(twoLengths.body()["error"]["code"], "bad_request");
    EXPECT_TRUE(twoLengths.closed);
    EXPECT_EQ(answers(twoLengths), 1u) << twoLengths.text;

    EXPECT_EQ(client->Get("/v1/health")->status, 200);
}

TEST_P(HttpErrorsTest, deeplyNestedJsonIsRefusedAndTheServerStaysUp)
{
    const int levels = 100000;
    const std::string deep = std::string(levels, '[') + std::string(levels, ']');
    json m = mutationToJson(editOf(2, newUuidV7(), "ward:naka", {{"party", "x"}}, {{"party", 1}}, 1, 1));
    std::string mutation = m.dump();
    mutation.insert(mutation.size() - 1, ",\"prev\":{\"party\":" + deep + "}");
    const std::string body = "{\"client_id\":\"" + kClient + "\",\"mutations\":[" + mutation + "]}";
    expectError(post("/v1/push", body, token), 400, "too_deep");
    expectError(post("/v1/pull", "{\"client_id\":\"" + kClient + "\",\"x\":" + deep + "}", token), 400, "too_deep");
    expectError(post("/v1/login", std::string(5000, '[') + std::string(5000, ']'), ""), 400, "too_deep");
    // A structure where the editor's plain value belongs is refused however shallow.
    json shallow = m;
    shallow["prev"] = {{"party", {{"a", 1}}}};
    expectError(post("/v1/push", pushWith(shallow).dump(), token), 400, "bad_request");
    EXPECT_EQ(client->Get("/v1/health")->status, 200);
}
