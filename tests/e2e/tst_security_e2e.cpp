// Device tokens and what a device gives away (issue 11, items 8 and 6's
// file checks for a wipe), end to end over TLS with the real kyodo-server
// and kyodoctl.
#include "device.h"

#include "blobstore.h"
#include "replica.h"
#include "replicakey.h"
#include "syncengine.h"
#include "transport.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kyodo;
using namespace kyodo::test;

namespace {

const char *kConsultation = "ward_centers.consultation";

std::string fileBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class SecurityE2E : public ::testing::Test {
protected:
    void SetUp() override
    {
        server = ServerProcess::start(dir.path(), {{"sato", "staff", {"ward:kohoku"}},
                                                   {"suzuki", "staff", {"ward:kohoku"}},
                                                   {"tanaka", "staff", {"ward:naka"}},
                                                   {"admin", "admin", {}}});
        a.login(*server, "sato");
    }

    std::string tokenOf(const Device &d)
    {
        auto r = Replica::open(d.db());
        EXPECT_TRUE(r);
        auto s = (*r)->session();
        return s ? s->token : std::string();
    }
    // A request with a given token, as a script holding a copied token would send it.
    HttpResponse request(const std::string &token, const std::string &path, const std::string *body = nullptr)
    {
        TransportOptions o;
        o.baseUrl = server->url();
        o.caFile = devCerts().ca;
        o.token = token;
        o.maxAttempts = 1;
        Transport t(o);
        auto r = body ? t.post(path, *body) : t.get(path);
        EXPECT_TRUE(r) << (r ? "" : r.error().text());
        return r ? *r : HttpResponse{};
    }
    static std::string codeOf(const HttpResponse &r)
    {
        json j = json::parse(r.body, nullptr, false);
        return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
    }

    TempDir dir;
    std::unique_ptr<ServerProcess> server;
    Device a{dir, "a"}, b{dir, "b"};
};

} // namespace

TEST_F(SecurityE2E, signingOutEndsTheTokenOnTheServer)
{
    const std::string token = tokenOf(a);
    ASSERT_EQ(request(token, "/v1/schemas").status, 200);
    a.ok({"logout"});
    EXPECT_EQ(request(token, "/v1/schemas").status, 401) << "a copy of the token still works after sign-out";
    EXPECT_EQ(a.ctl({"sync"}).exitCode, 6);
}

TEST_F(SecurityE2E, aPasswordChangeEndsEveryTokenOfTheUser)
{
    b.login(*server, "sato");
    a.ok({"sync"});
    ASSERT_EQ(server->admin({"user", "passwd", "sato"}).exitCode, 0);
    EXPECT_EQ(a.ctl({"sync"}).exitCode, 6);
    EXPECT_EQ(b.ctl({"sync"}).exitCode, 6);
    a.login(*server, "sato"); // with the (new) password
    a.ok({"sync"});
}

TEST_F(SecurityE2E, aTokenWorksOnlyForTheDeviceItWasIssuedTo)
{
    a.ok({"sync"});
    const std::string token = tokenOf(a);
    const std::string pull =
        json{{"client_id", "0190b5a0-0000-7000-8000-0000000000ff"}, {"scopes", json::array()}}.dump();
    HttpResponse r = request(token, "/v1/pull", &pull);
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(codeOf(r), "token_bound_elsewhere");
    const std::string push =
        json{{"client_id", "0190b5a0-0000-7000-8000-0000000000ff"}, {"mutations", json::array()}}.dump();
    r = request(token, "/v1/push", &push);
    EXPECT_EQ(r.status, 401) << r.body;
    a.ok({"sync"}); // the device itself is not disturbed
}

TEST_F(SecurityE2E, aRemoteWipeDeletesTheReplicaAtNextContactAndSaysWhy)
{
    const std::string secretSent = "送信済みの秘密の相談内容QX7";
    const std::string secretUnsent = "未送信の秘密のメモZK4";
    a.put(kConsultation, "ward:kohoku",
          {"received_at=2018-06-01T10:30", "channel=visit", "party=" + secretSent, "category=startup"});
    a.ok({"sync"});
    a.put(kConsultation, "ward:kohoku",
          {"received_at=2018-06-02T10:30", "channel=phone", "party=" + secretUnsent, "category=startup"});
    const std::string token = tokenOf(a);
    ASSERT_FALSE(token.empty());

    RunResult order = server->admin({"token", "wipe", "--user", "sato"});
    ASSERT_EQ(order.exitCode, 0) << order.err;
    RunResult sync = a.ctl({"sync"});
    EXPECT_EQ(sync.exitCode, 6) << sync.err;
    EXPECT_NE(sync.err.find("消去"), std::string::npos) << sync.err;
    EXPECT_NE(sync.err.find("device_wipe"), std::string::npos) << sync.err;

    // Nothing typed and no token is left in the file or its WAL.
    for (const std::string &file : {a.db(), a.db() + "-wal", a.db() + "-shm"}) {
        if (!std::filesystem::exists(file))
            continue;
        const std::string bytes = fileBytes(file);
        EXPECT_EQ(bytes.find(secretSent), std::string::npos) << file;
        EXPECT_EQ(bytes.find(secretUnsent), std::string::npos) << file;
        EXPECT_EQ(bytes.find(token), std::string::npos) << file;
    }
    EXPECT_TRUE(a.records().empty());
    {
        auto r = Replica::open(a.db());
        ASSERT_TRUE(r);
        auto notice = (*r)->wipeNotice();
        ASSERT_TRUE(notice.has_value());
        EXPECT_NE(notice->messageJa.find("管理者"), std::string::npos);
    }
    // The token that carried the order is good for nothing else.
    EXPECT_EQ(request(token, "/v1/schemas").status, 401);
    // Signing in again starts afresh, and the synced record comes back from the server.
    a.login(*server, "sato");
    a.ok({"sync"});
    ASSERT_EQ(a.records().size(), 1u);
    EXPECT_EQ(a.records()[0]["fields"]["party"], secretSent);
}

// A flyer sent to the server and one only on the device: neither stays on a
// wiped tablet, neither as a file nor as a row of its store.
TEST_F(SecurityE2E, aRemoteWipeTakesTheDevicesFilesToo)
{
    const std::string id = a.put("ward_centers.activity", "ward:kohoku",
                                 {"name=子育てサロン講座", "kind=course", "held_at=2018-06-10T10:00"});
    const auto flyer = [&](const std::string &name, char fill) {
        // A JPEG's head, image data without a marker byte, its end: two chunks.
        using namespace std::string_literals;
        std::string bytes = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xda\x00\x02"s;
        bytes += std::string((3 << 19) - bytes.size() - 2, fill) + "\xff\xd9";
        const std::string path = dir.file(name);
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    };
    a.ok({"attach", id, "flyers", flyer("sent.jpg", 'S')});
    a.ok({"sync"});
    a.ok({"attach", id, "flyers", flyer("unsent.jpg", 'U')});
    std::vector<std::string> shas;
    {
        auto replica = Replica::open(a.db());
        ASSERT_TRUE(replica);
        const auto record = (*replica)->get(id);
        ASSERT_TRUE(record && *record);
        for (const json &file : (**record).fields["flyers"])
            shas.push_back(file["sha256"].get<std::string>());
        auto blobs = BlobStore::openBeside(a.db());
        ASSERT_TRUE(blobs);
        ASSERT_EQ(shas.size(), 2u);
        for (const std::string &sha : shas)
            ASSERT_TRUE((*blobs)->state(sha).has_value());
    }
    const auto chunkFiles = [&] {
        std::size_t n = 0;
        std::error_code ec;
        for (const auto &e : std::filesystem::directory_iterator(BlobStore::pathBeside(a.db()) + ".d", ec))
            n += e.is_regular_file() ? 1 : 0;
        return n;
    };
    ASSERT_GT(chunkFiles(), 0u);

    ASSERT_EQ(server->admin({"token", "wipe", "--user", "sato"}).exitCode, 0);
    EXPECT_EQ(a.ctl({"sync"}).exitCode, 6);

    EXPECT_EQ(chunkFiles(), 0u);
    auto blobs = BlobStore::openBeside(a.db());
    ASSERT_TRUE(blobs);
    for (const std::string &sha : shas)
        EXPECT_FALSE((*blobs)->state(sha).has_value()) << sha;
    EXPECT_EQ((*blobs)->bytesHere(), 0);
}

TEST_F(SecurityE2E, aRenewedTokenReplacesTheOldOneAtItsFirstUse)
{
    const std::string old = tokenOf(a);
    {
        auto replica = Replica::open(a.db());
        ASSERT_TRUE(replica);
        TransportOptions o;
        o.baseUrl = server->url();
        o.caFile = devCerts().ca;
        o.token = old;
        Transport t(o);
        SyncEngine engine(**replica, t);
        ASSERT_TRUE(engine.renewToken());
        auto s = (*replica)->session();
        ASSERT_TRUE(s);
        EXPECT_NE(s->token, old);
        EXPECT_GT(s->expiresAt, 0);
        EXPECT_GT(s->renewAfter, 0);
        EXPECT_LT(s->renewAfter, s->expiresAt);
        // A lost answer locks nobody out: the old token works until the new one is used.
        EXPECT_EQ(request(old, "/v1/schemas").status, 200);
    }
    a.ok({"sync"}); // with the renewed token
    EXPECT_EQ(request(old, "/v1/schemas").status, 401);
}

// Found by tests/fuzz (fuzz_import): a line nested 100,000 levels deep
// crashed kyodoctl (SIGSEGV) before it was refused.
TEST_F(SecurityE2E, aDeeplyNestedImportLineIsRefusedNotACrash)
{
    const int levels = 100000;
    const std::string path = dir.file("deep.jsonl");
    {
        std::ofstream out(path);
        out << R"({"type":"ward_centers.consultation","scope":"ward:kohoku","fields":{"party":)"
            << std::string(levels, '[') << std::string(levels, ']') << "}}\n";
    }
    RunResult r = a.ctl({"import", path});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_NE(r.err.find("bad_line"), std::string::npos) << r.err;
    EXPECT_TRUE(a.records().empty());
}

// Issue 11, item 7: a revoked scope leaves nothing on the device, and
// nothing the user typed vanishes: the server keeps what it refuses for an
// administrator, who can apply or drop it.
TEST_F(SecurityE2E, aRevokedScopesUnsentChangesAreHandedToTheAdministratorAndLeaveNoTrace)
{
    b.login(*server, "admin");
    const std::string secret = "取り消し後の秘密メモRV9";
    const std::string synced =
        a.put(kConsultation, "ward:kohoku",
              {"received_at=2018-06-01T10:30", "channel=visit", "party=港北の会", "category=startup"});
    a.ok({"sync"});
    // Typed while the grant still stood, not yet sent.
    a.ok({"edit", synced, "summary=" + secret});
    const std::string unsent =
        a.put(kConsultation, "ward:kohoku",
              {"received_at=2018-06-02T10:30", "channel=phone", "party=" + secret, "category=startup"});
    ASSERT_EQ(server->admin({"user", "revoke", "sato", "ward:kohoku"}).exitCode, 0);

    RunResult sync = a.ctl({"sync"});
    ASSERT_EQ(sync.exitCode, 0) << sync.err;
    EXPECT_NE(sync.out.find("管理者に引き渡しました"), std::string::npos) << sync.out;
    EXPECT_NE(sync.out.find("2 unapplied changes were handed to the administrator"), std::string::npos) << sync.out;

    // Nothing of the scope is left in the replica, in any table.
    {
        auto db = SqliteDb::open(a.db(), replicaKey(a.db()).value());
        auto tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'");
        std::vector<std::string> names;
        while (tables.step())
            names.push_back(tables.text(0));
        for (const std::string &t : names) {
            // Every column of every row, as text.
            auto all = db.prepare("SELECT * FROM \"" + t + "\"");
            while (all.step()) {
                const int columns = all.columnCount();
                for (int c = 0; c < columns; ++c) {
                    const std::string v = all.text(c);
                    EXPECT_EQ(v.find("ward:kohoku"), std::string::npos) << t;
                    EXPECT_EQ(v.find(secret), std::string::npos) << t;
                    EXPECT_EQ(v.find("港北の会"), std::string::npos) << t;
                }
            }
        }
    }

    // The server kept both changes for the administrator.
    RunResult list = server->admin({"quarantine", "list"});
    ASSERT_EQ(list.exitCode, 0) << list.err;
    std::vector<std::string> kept;
    for (size_t start = 0, end; (end = list.out.find('\n', start)) != std::string::npos; start = end + 1)
        kept.push_back(list.out.substr(start, end - start));
    ASSERT_EQ(kept.size(), 2u) << list.out;
    std::string createId, editId;
    for (const std::string &line : kept) {
        EXPECT_NE(line.find(" sato "), std::string::npos) << line;
        EXPECT_NE(line.find("forbidden"), std::string::npos) << line;
        const std::string id = line.substr(0, line.find(' '));
        (line.find(" create ") != std::string::npos ? createId : editId) = id;
    }
    ASSERT_FALSE(createId.empty());
    ASSERT_FALSE(editId.empty());
    RunResult shown = server->admin({"quarantine", "show", createId});
    EXPECT_NE(shown.out.find(secret), std::string::npos) << shown.out;

    // Applied by the administrator, the new record reaches the ward; the edit is dropped.
    RunResult applied = server->admin({"quarantine", "apply", createId, "--schemas", KYODO_SCHEMA_DIR});
    EXPECT_EQ(applied.exitCode, 0) << applied.out << applied.err;
    EXPECT_EQ(server->admin({"quarantine", "drop", editId}).exitCode, 0);
    EXPECT_EQ(server->admin({"quarantine", "apply", editId}).exitCode, 1); // handled already
    b.ok({"sync"});
    bool found = false;
    for (const json &r : b.records())
        found |= r["id"] == unsent && r["fields"]["party"] == secret;
    EXPECT_TRUE(found) << "the kept create did not reach the ward";
    RunResult after = server->admin({"quarantine", "list"});
    EXPECT_TRUE(after.out.empty()) << after.out;
    RunResult all = server->admin({"quarantine", "list", "--all"});
    EXPECT_NE(all.out.find("applied"), std::string::npos);
    EXPECT_NE(all.out.find("dropped"), std::string::npos);
}

// Issue 11, item 11: the audit log, and a record's server history for whoever
// may read it (every user's changes, not only this device's).
TEST_F(SecurityE2E, theAuditLogAndARecordsHistoryShowWhoDidWhatFromWhereAndWhen)
{
    const std::string id =
        a.put(kConsultation, "ward:kohoku",
              {"received_at=2018-06-01T10:30", "channel=visit", "party=港北の会", "category=startup"});
    a.ok({"sync"});
    b.login(*server, "suzuki");
    b.ok({"sync"});
    b.ok({"edit", id, "summary=会則の相談"});
    b.ok({"sync"});

    // sato's device sees suzuki's change too, with the field's name but not its value.
    const std::string history = a.ok({"history", id});
    EXPECT_NE(history.find("sato"), std::string::npos) << history;
    EXPECT_NE(history.find("create"), std::string::npos) << history;
    EXPECT_NE(history.find("suzuki"), std::string::npos) << history;
    EXPECT_NE(history.find("edit"), std::string::npos) << history;
    EXPECT_NE(history.find("summary"), std::string::npos) << history;
    EXPECT_EQ(history.find("会則の相談"), std::string::npos) << "the audit log keeps no values: " << history;

    // Another ward gets the same answer for this record as for none at all.
    Device c{dir, "c"};
    c.login(*server, "tanaka");
    RunResult foreign = c.ctl({"history", id});
    RunResult none = c.ctl({"history", "0190b5a0-0000-7000-8000-00000000dead"});
    EXPECT_EQ(foreign.exitCode, 4) << foreign.err;
    EXPECT_EQ(none.exitCode, 4) << none.err;
    EXPECT_EQ(foreign.err, none.err);

    // A failed sign-in names the account tried and the address it came from.
    RunResult wrong =
        run({kyodoctlBinary(), "--db", dir.file("x.db"), "--ca", devCerts().ca, "login", server->url(), "sato"},
            {{"KYODO_PASSWORD", "wrong password"}, {"KYODO_MAX_ATTEMPTS", "1"}});
    EXPECT_NE(wrong.exitCode, 0);
    ASSERT_EQ(server->admin({"user", "revoke", "suzuki", "ward:kohoku"}).exitCode, 0);

    RunResult log = server->admin({"audit"});
    ASSERT_EQ(log.exitCode, 0) << log.err;
    auto has = [&](const std::vector<std::string> &parts) {
        for (size_t start = 0, end; (end = log.out.find('\n', start)) != std::string::npos; start = end + 1) {
            const std::string line = log.out.substr(start, end - start);
            bool all = true;
            for (const std::string &p : parts)
                all &= line.find(p) != std::string::npos;
            if (all)
                return true;
        }
        return false;
    };
    EXPECT_TRUE(has({"\tsato\t", "\t127.0.0.1\t", "\tlogin\t", "\tok\t"})) << log.out;
    EXPECT_TRUE(has({"\tsato\t", "\t127.0.0.1\t", "\tlogin\t", "rejected:unauthorized"})) << log.out;
    EXPECT_TRUE(has({"\tsato\t", "\tcreate\t", "\tapplied\t", "\tward:kohoku\t", id})) << log.out;
    EXPECT_TRUE(has({"\tsuzuki\t", "\tedit\t", "\tapplied\t", id, "summary"})) << log.out;
    EXPECT_TRUE(has({"\tcli:", "\trevoke\t", "suzuki ward:kohoku"})) << log.out;
    EXPECT_EQ(log.out.find("会則の相談"), std::string::npos);
    RunResult one = server->admin({"audit", "--record", id});
    EXPECT_NE(one.out.find("suzuki"), std::string::npos);
    EXPECT_EQ(one.out.find("login"), std::string::npos) << "--record shows that record only";
}
