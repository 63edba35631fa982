// Upgrades in both directions (issue 14), with the first release's wire
// format captured as fixtures (tests/compat/v1/README.md):
// - today's server keeps serving an app of the previous release, and gives
//   it the same answers the previous server gave;
// - once its operator raises min-protocol, it tells that app to update
//   (426 upgrade_required, in Japanese first) on every call a device makes,
//   while health checks still answer;
// - today's client reads the previous server's answers.
#include "httpapi.h"
#include "pullpage.h"
#include "sqlitestore.h"

#include "auth.h"
#include "process.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace kyodo;
using namespace kyodo::server;

namespace {

std::string fixture(const std::string &name)
{
    std::ifstream in(std::string(KYODO_SOURCE_DIR) + "/tests/compat/v1/" + name);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().empty())
        throw std::runtime_error("missing fixture " + name);
    return text.str();
}

class WireCompat : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto loaded = SchemaSet::loadDirectory(KYODO_SCHEMA_DIR);
        ASSERT_TRUE(loaded.ok());
        schemas = std::make_unique<SchemaSet>(std::move(*loaded));
        store = std::make_unique<SqliteStore>(dir.file("server.db"));
        auto tx = store->beginWrite();
        tx->saveUser({"sato", "staff", hashPassword("pw", 1000), false, {}});
        tx->addGrant("sato", "ward:naka");
        tx->commit();
    }

    std::unique_ptr<HttpApi> api(int minProtocol)
    {
        ApiOptions options;
        options.log = false;
        options.minProtocol = minProtocol;
        return std::make_unique<HttpApi>(*store, *schemas, options);
    }

    // A request as the first release sent it: no Kyodo-Protocol header.
    static ApiRequest v1(const std::string &method, const std::string &path, const std::string &body,
                         const std::string &token = {})
    {
        return ApiRequest{method, path, token.empty() ? "" : "Bearer " + token, body, "127.0.0.1", ""};
    }

    kyodo::test::TempDir dir;
    std::unique_ptr<SchemaSet> schemas;
    std::unique_ptr<SqliteStore> store;
};

TEST_F(WireCompat, TodaysServerAnswersThePreviousAppAsThePreviousServerDid)
{
    const auto owner = api(kOldestProtocolServed);
    HttpApi &server = *owner;
    const ApiResponse login = server.handle(v1("POST", "/v1/login", fixture("login.request.json")));
    ASSERT_EQ(login.status, 200) << login.body;
    const json loggedIn = json::parse(login.body), loggedInThen = json::parse(fixture("login.response.json"));
    for (const auto &[key, value] : loggedInThen.items())
        EXPECT_TRUE(loggedIn.contains(key)) << "the answer lost " << key;
    EXPECT_EQ(loggedIn["scopes"], loggedInThen["scopes"]);
    const std::string token = loggedIn["token"];

    EXPECT_EQ(server.handle(v1("GET", "/v1/schemas", "", token)).status, 200);
    const ApiResponse push = server.handle(v1("POST", "/v1/push", fixture("push.request.json"), token));
    ASSERT_EQ(push.status, 200) << push.body;
    json pushed = json::parse(push.body), pushedThen = json::parse(fixture("push.response.json"));
    pushed.erase("hlc"); // the server's clock
    pushedThen.erase("hlc");
    EXPECT_EQ(pushed, pushedThen);

    const ApiResponse pull = server.handle(v1("POST", "/v1/pull", fixture("pull.request.json"), token));
    ASSERT_EQ(pull.status, 200) << pull.body;
    EXPECT_EQ(json::parse(pull.body), json::parse(fixture("pull.response.json"))) << "the same records, byte for byte";
}

TEST_F(WireCompat, AServerThatNoLongerServesThePreviousAppTellsItToUpdate)
{
    const auto owner = api(kProtocolVersion);
    HttpApi &server = *owner;
    for (const auto &[method, path, body] : {std::tuple{"POST", "/v1/login", fixture("login.request.json")},
                                             std::tuple{"POST", "/v1/push", fixture("push.request.json")},
                                             std::tuple{"POST", "/v1/pull", fixture("pull.request.json")},
                                             std::tuple{"GET", "/v1/schemas", std::string()}}) {
        const ApiResponse r = server.handle(v1(method, path, body, "0123"));
        EXPECT_EQ(r.status, 426) << path;
        const json error = json::parse(r.body);
        EXPECT_EQ(error["error"]["code"], "upgrade_required") << path;
        EXPECT_NE(error["error"]["message"].get<std::string>().find("アプリを更新してください"), std::string::npos);
        EXPECT_NE(error["error"]["message_en"].get<std::string>().find("update the app"), std::string::npos);
        EXPECT_EQ(error["min_protocol"], kProtocolVersion);
    }
    // Monitoring is not a device: it still hears the server is alive, and which versions it speaks.
    const ApiResponse health = server.handle(v1("GET", "/v1/health", ""));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body)["min_protocol"], kProtocolVersion);
    EXPECT_EQ(json::parse(health.body)["protocol"], kProtocolVersion);
    // Today's app goes on.
    ApiRequest now = v1("POST", "/v1/login", fixture("login.request.json"));
    now.protocol = std::to_string(kProtocolVersion);
    EXPECT_EQ(server.handle(now).status, 200);
    // A header that is no version is a bad request, not an old app.
    for (const char *bad : {"two", "-1", "0", "2x", "99999999999999999999"}) {
        now.protocol = bad;
        EXPECT_EQ(server.handle(now).status, 400) << bad;
    }
}

TEST_F(WireCompat, TodaysClientReadsThePreviousServersAnswers)
{
    const json pushed = json::parse(fixture("push.response.json"));
    for (const json &r : pushed["results"]) {
        auto result = resultFromJson(r);
        ASSERT_TRUE(result.ok()) << r.dump();
        EXPECT_EQ(result->outcome, Outcome::Applied);
    }
    auto page = parsePullPage(fixture("pull.response.json"));
    ASSERT_TRUE(page.ok()) << page.error().text();
    ASSERT_EQ(page->records.size(), 1u);
    EXPECT_EQ(page->records[0].type, "ward_centers.consultation");
    ASSERT_EQ(page->checkpoints.size(), 1u);
    EXPECT_EQ(page->checkpoints[0].count, 1);
    EXPECT_EQ(page->lastCseq, 2);
    EXPECT_FALSE(page->more);
}

} // namespace
