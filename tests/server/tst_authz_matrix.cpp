// Issue 11, proof: the authorization matrix. Every role (ward staff of two
// wards, city staff, a supporter, a committee member, an admin) against
// every operation (create, edit, delete, restore, move, resolve, pull,
// schemas) on records of its own scope, of a foreign scope, one that moved
// away from it, and through a conflict that went stale with the move. Each
// cell has exactly one allowed outcome, and no answer ever carries a record
// of a scope the caller lacks. Through HttpApi::handle, on both stores.
#include "httpapi.h"
#include "serverfixture.h"

#include <map>
#include <set>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

const std::string kNaka = "ward:naka", kNishi = "ward:nishi";

struct Account {
    std::string name;
    std::string role;
    std::vector<std::string> scopes;
    std::vector<std::string> readScopes = {}; // granted for reading only
};

const std::vector<Account> kAccounts = {
    {"naka", "staff", {kNaka}},
    {"nishi", "staff", {kNishi}},
    {"city", "staff", {"city"}},
    // 市民局's clerk: writes the city's records, reads every ward's for the yearly report.
    {"clerk", "staff", {"city"}, {kNaka, kNishi}},
    {"supporter", "supporter", {"group:nohara"}},
    {"committee", "committee", {"committee"}},
    {"admin", "admin", {}},
};

class AuthzMatrixTest : public StoreTest {
protected:
    SchemaSet schemas = loadSchemas();
    std::unique_ptr<HttpApi> api;
    std::map<std::string, std::string> tokens;
    std::map<std::string, std::string> clients;
    std::map<std::string, std::int64_t> cseqs;
    std::uint64_t hlc = HybridClock::pack(1'800'000'000'000, 0);

    // Records: one per ward, one moved from 中区 to 西区 (with the 中区
    // conflict it left behind), and the secret text each holds.
    std::string inNaka, inNishi, moved, staleConflict;

    void SetUp() override
    {
        StoreTest::SetUp();
        if (IsSkipped())
            return;
        ApiOptions o;
        o.log = false;
        api = std::make_unique<HttpApi>(store, schemas, o);
        {
            auto tx = store.beginWrite();
            for (const Account &a : kAccounts) {
                tx->saveUser(UserRow{a.name, a.role, hashPassword("pw", 1000), false, {}});
                for (const std::string &s : a.scopes)
                    tx->addGrant(a.name, s);
                for (const std::string &s : a.readScopes)
                    tx->addGrant(a.name, s, GrantAccess::Read);
            }
            tx->commit();
        }
        for (const Account &a : kAccounts) {
            clients[a.name] = newUuidV7();
            ApiResponse r = api->handle(
                {"POST", "/v1/login", "",
                 json{{"user", a.name}, {"password", "pw"}, {"client_id", clients[a.name]}}.dump(), "127.0.0.1"});
            ASSERT_EQ(r.status, 200) << r.body;
            tokens[a.name] = json::parse(r.body)["token"];
        }
        inNaka = createAs("naka", kNaka, "中区の秘密A1");
        inNishi = createAs("nishi", kNishi, "西区の秘密B2");
        moved = createAs("naka", kNaka, "移った秘密C3");
        // naka and admin edit the same flag field: a conflict opens in 中区…
        ASSERT_EQ(push("naka", editOf(0, moved, kNaka, {{"channel", "phone"}}, {{"channel", 1}}, 1, ++hlc))["status"],
                  "applied");
        json c = push("admin", editOf(0, moved, kNaka, {{"channel", "email"}}, {{"channel", 1}}, 1, ++hlc));
        ASSERT_EQ(c["status"], "conflict") << c.dump();
        staleConflict = c["conflicts"][0];
        // …then the record moves to 西区, taking its open conflict along.
        Mutation m = createOf(0, moved, kNishi, json::object(), ++hlc);
        m.op = Op::Move;
        ASSERT_EQ(push("admin", m)["status"], "applied");
    }

    std::string createAs(const std::string &who, const std::string &scope, const std::string &party)
    {
        const std::string id = newUuidV7();
        json fields = consultationFields();
        fields["party"] = party;
        EXPECT_EQ(push(who, createOf(0, id, scope, fields, ++hlc))["status"], "applied");
        return id;
    }

    ApiResponse call(const std::string &who, const std::string &method, const std::string &path, const json &body)
    {
        return api->handle(
            {method, path, "Bearer " + tokens[who], body.is_null() ? std::string() : body.dump(), "127.0.0.1"});
    }

    // One mutation pushed as `who`; its result (and the raw answer in `raw`).
    json push(const std::string &who, Mutation m, std::string *raw = nullptr)
    {
        m.cseq = ++cseqs[who];
        ApiResponse r =
            call(who, "POST", "/v1/push", json{{"client_id", clients[who]}, {"mutations", {mutationToJson(m)}}});
        if (raw)
            *raw = r.body;
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? json::parse(r.body)["results"][0] : json();
    }

    bool mayWrite(const Account &a, const std::string &scope) const
    {
        return a.role == "admin" || std::find(a.scopes.begin(), a.scopes.end(), scope) != a.scopes.end();
    }

    bool mayRead(const Account &a, const std::string &scope) const
    {
        return mayWrite(a, scope) || std::find(a.readScopes.begin(), a.readScopes.end(), scope) != a.readScopes.end();
    }

    // No text of a record in a scope `a` lacks appears in what `a` was told.
    void expectNothingForeign(const Account &a, const std::string &body, const std::string &what)
    {
        // (Scope names are not secret: a refusal may repeat the scope the caller asked for.)
        const std::vector<std::pair<std::string, std::string>> secrets = {
            {kNaka, "中区の秘密A1"}, {kNishi, "西区の秘密B2"}, {kNishi, "移った秘密C3"}};
        for (const auto &[scope, text] : secrets) {
            if (!mayRead(a, scope)) {
                EXPECT_EQ(body.find(text), std::string::npos) << a.name << " " << what << " was told " << text;
            }
        }
    }
};

KYODO_INSTANTIATE_FOR_STORES(AuthzMatrixTest);

} // namespace

TEST_P(AuthzMatrixTest, everyRoleGetsExactlyTheAllowedOutcomeForEveryOperation)
{
    struct Target {
        const char *name;
        std::string record;
        std::string scope; // where it is now
    };
    for (const Account &a : kAccounts) {
        for (const Target &t : {Target{"naka record", inNaka, kNaka}, Target{"nishi record", inNishi, kNishi},
                                Target{"moved record", moved, kNishi}}) {
            const bool allowed = mayWrite(a, t.scope);
            const std::string cell = a.name + " × " + t.name;
            const std::string expected = allowed ? "applied" : "rejected";
            std::string raw;
            // The device names the scope it last saw: 中区 for the moved record.
            const std::string seen = t.record == moved ? kNaka : t.scope;
            json r =
                push(a.name,
                     editOf(0, t.record, seen, {{"summary", "edit by " + a.name}}, {{"summary", 99}}, 99, ++hlc), &raw);
            EXPECT_TRUE(r["status"] == "applied" || r["status"] == "conflict" ? allowed : !allowed)
                << cell << " edit: " << r.dump();
            if (!allowed) {
                EXPECT_EQ(r["code"], "forbidden") << cell;
            }
            expectNothingForeign(a, raw, cell + " edit");

            r = push(a.name, deleteOf(0, t.record, seen, 99, ++hlc), &raw);
            EXPECT_EQ(r["status"], expected) << cell << " delete: " << r.dump();
            expectNothingForeign(a, raw, cell + " delete");
            Mutation restore = deleteOf(0, t.record, seen, 99, ++hlc);
            restore.op = Op::Restore;
            restore.baseCl = 2;
            r = push(a.name, restore, &raw);
            EXPECT_EQ(r["status"], expected) << cell << " restore: " << r.dump();
            expectNothingForeign(a, raw, cell + " restore");

            // A move needs both scopes: out to the other ward and back.
            const std::string other = t.scope == kNaka ? kNishi : kNaka;
            Mutation there = createOf(0, t.record, other, json::object(), ++hlc);
            there.op = Op::Move;
            const bool mayMove = allowed && mayWrite(a, other);
            r = push(a.name, there, &raw);
            EXPECT_EQ(r["status"], mayMove ? "applied" : "rejected") << cell << " move: " << r.dump();
            expectNothingForeign(a, raw, cell + " move");
            if (mayMove) {
                Mutation back = createOf(0, t.record, t.scope, json::object(), ++hlc);
                back.op = Op::Move;
                EXPECT_EQ(push(a.name, back)["status"], "applied") << cell << " move back";
            }
        }
        // Create: in each ward.
        for (const std::string &scope : {kNaka, kNishi}) {
            std::string raw;
            json r = push(a.name, createOf(0, newUuidV7(), scope, consultationFields(), ++hlc), &raw);
            EXPECT_EQ(r["status"], mayWrite(a, scope) ? "applied" : "rejected") << a.name << " create in " << scope;
        }
        // Schemas: every signed-in account.
        EXPECT_EQ(call(a.name, "GET", "/v1/schemas", json()).status, 200) << a.name;
    }
}

TEST_P(AuthzMatrixTest, aStaleConflictWritesNothingAndItsCopyIsDecidedWhereTheRecordIs)
{
    // The 中区 conflict closed with the move: nobody can resolve it any more.
    for (const Account &a : kAccounts) {
        std::string raw;
        json r = push(a.name, resolveOf(0, staleConflict, kNaka, "mine", {{"channel", "email"}}, ++hlc), &raw);
        EXPECT_EQ(r["status"], "rejected") << a.name << ": " << r.dump();
        expectNothingForeign(a, raw, a.name + " stale resolve");
    }
    // Its copy in 西区: only those who may write 西区.
    std::string copy;
    {
        auto tx = store.beginRead();
        for (const ConflictInfo &c : tx->conflicts(kNishi, 0, 1 << 30))
            if (c.record == moved && c.status == ConflictStatus::Open)
                copy = c.id;
    }
    ASSERT_FALSE(copy.empty());
    for (const char *who : {"naka", "city", "clerk", "supporter", "committee"}) {
        json r = push(who, resolveOf(0, copy, kNishi, "mine", json::object(), ++hlc));
        EXPECT_EQ(r["status"], "rejected") << who;
        EXPECT_EQ(r["code"], "forbidden") << who;
    }
    // Claiming the conflict is in a ward one has does not help either.
    json claimed = push("naka", resolveOf(0, copy, kNaka, "mine", json::object(), ++hlc));
    EXPECT_EQ(claimed["status"], "rejected");
    auto record = [&] {
        auto tx = store.beginRead();
        return json::parse(tx->loadRecord(moved)->doc);
    };
    EXPECT_EQ(record()["fields"]["channel"], "phone");
    EXPECT_EQ(push("nishi", resolveOf(0, copy, kNishi, "mine", json::object(), ++hlc))["status"], "applied");
    EXPECT_EQ(record()["fields"]["channel"], "email");
}

TEST_P(AuthzMatrixTest, aPullCarriesOnlyTheCallersScopes)
{
    for (const Account &a : kAccounts) {
        // Asking for every scope by name changes nothing.
        json scopes = json::array();
        for (const std::string &s :
             {kNaka, kNishi, std::string("city"), std::string("committee"), std::string("group:nohara")})
            scopes.push_back({{"scope", s}, {"cursor", 0}});
        ApiResponse r = call(a.name, "POST", "/v1/pull", json{{"client_id", clients[a.name]}, {"scopes", scopes}});
        ASSERT_EQ(r.status, 200) << a.name << " " << r.body;
        json page = json::parse(r.body);
        std::set<std::string> pulled;
        for (const json &rec : page["records"]) {
            const std::string scope = rec.value("scope", "");
            pulled.insert(scope);
            EXPECT_TRUE(mayRead(a, scope)) << a.name << " pulled a record of " << scope;
        }
        for (const json &c : page["conflicts"])
            EXPECT_TRUE(mayRead(a, c.value("scope", ""))) << a.name << " pulled a conflict of " << c.value("scope", "");
        for (const json &s : page["scopes"]) {
            const std::string scope = s.value("scope", "");
            EXPECT_TRUE(mayRead(a, scope)) << a.name << " got a checkpoint of " << s.dump();
            // The device is told which scopes it may only read.
            EXPECT_EQ(s.value("read_only", false), !mayWrite(a, scope)) << a.name << " " << s.dump();
        }
        // What one may read arrives whole: both wards' records for the clerk.
        for (const std::string &s : a.readScopes)
            EXPECT_TRUE(pulled.count(s)) << a.name << " did not get the records of " << s;
        expectNothingForeign(a, r.body, a.name + " pull");
    }
}

TEST_P(AuthzMatrixTest, withoutAValidTokenNothingIsAnswered)
{
    for (const auto &[method, path] : std::vector<std::pair<std::string, std::string>>{{"POST", "/v1/push"},
                                                                                       {"POST", "/v1/pull"},
                                                                                       {"GET", "/v1/schemas"},
                                                                                       {"POST", "/v1/logout"},
                                                                                       {"POST", "/v1/token/renew"}}) {
        for (const std::string &auth : {std::string(), std::string("Bearer "), "Bearer " + std::string(64, '0'),
                                        std::string("Basic YWRtaW46cHc=")}) {
            ApiResponse r = api->handle({method, path, auth, json{{"client_id", newUuidV7()}}.dump(), "127.0.0.1"});
            EXPECT_EQ(r.status, 401) << method << " " << path << " with '" << auth << "'";
            EXPECT_EQ(r.body.find("秘密"), std::string::npos);
        }
    }
}

TEST_P(AuthzMatrixTest, signInNamesTheScopesGrantedForReadingOnly)
{
    ApiResponse r =
        api->handle({"POST", "/v1/login", "",
                     json{{"user", "clerk"}, {"password", "pw"}, {"client_id", newUuidV7()}}.dump(), "127.0.0.1"});
    ASSERT_EQ(r.status, 200) << r.body;
    const json j = json::parse(r.body);
    EXPECT_EQ(j["scopes"], json::array({"city", kNaka, kNishi}));
    EXPECT_EQ(j["read_only"], json::array({kNaka, kNishi}));
    // The record's server history is reading: the clerk may see 中区's.
    EXPECT_EQ(call("clerk", "POST", "/v1/history", json{{"record", inNaka}}).status, 200);
    EXPECT_EQ(call("naka", "POST", "/v1/history", json{{"record", inNishi}}).status, 404);
}

// Another ward's writer who knows a record's id can send changes to it; they
// are refused, kept in the audit log, and do not fill the record's history
// (which shows its newest 500 entries) so as to push the real ones out.
TEST_P(AuthzMatrixTest, refusedChangesFromAnotherWardDoNotFloodARecordsHistory)
{
    for (int i = 0; i < 520; ++i) {
        Mutation m = editOf(0, inNaka, kNishi, {{"approved by admin", 1}}, {{"approved by admin", 1}}, 1, ++hlc);
        const json r = push("nishi", m);
        ASSERT_EQ(r["status"], "rejected") << r.dump();
    }
    const ApiResponse h = call("naka", "POST", "/v1/history", json{{"record", inNaka}});
    ASSERT_EQ(h.status, 200) << h.body;
    const json history = json::parse(h.body)["history"];
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history[0]["user"], "naka") << "its creation is still there";
    EXPECT_EQ(history[0]["action"], "create");
    for (const json &e : history)
        EXPECT_NE(e["user"], "nishi") << e.dump();
    // The administrator's audit log has every attempt.
    auto tx = store.beginRead();
    EXPECT_GE(tx->audit(AuditFilter{"nishi", inNaka, 0, 1000}).size(), 520u);
}
