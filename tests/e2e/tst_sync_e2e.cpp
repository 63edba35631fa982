// End to end over TLS: a real kyodo-server on a free loopback port, devices
// driven through kyodoctl, and every test that synced ends by comparing each
// replica with the server (its store read directly) and, where two devices
// share a user's scopes, the replicas with each other.
#include "device.h"

#include "checksum.h"
#include "storefactory.h"

#include "replica.h"
#include "replicakey.h"
#include "syncengine.h"
#include "transport.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace kyodo;
using namespace kyodo::test;

namespace {

const char *kConsultation = "ward_centers.consultation";

std::vector<std::string> consultationFields(const std::string &party)
{
    return {"received_at=2018-06-01T10:30", "channel=visit", "party=" + party, "category=startup",
            "summary=団体の立上げについて相談"};
}

// `count` phone consultations of ward:kohoku as kyodoctl import reads them; returns the path.
std::string writeConsultations(const std::string &path, int count)
{
    std::ofstream out(path);
    for (int i = 0; i < count; ++i)
        out << json{{"type", kConsultation},
                    {"scope", "ward:kohoku"},
                    {"fields",
                     {{"received_at", "2019-0" + std::to_string(1 + i % 9) + "-10T09:00"},
                      {"channel", "phone"},
                      {"party", "団体" + std::to_string(i)},
                      {"category", "funding"}}}}
                   .dump()
            << "\n";
    return path;
}

class SyncE2E : public ::testing::Test {
protected:
    void SetUp() override
    {
        server = ServerProcess::start(dir.path(), {{"sato", "staff", {"ward:kohoku"}},
                                                   {"suzuki", "staff", {"ward:kohoku"}},
                                                   {"tanaka", "staff", {"ward:naka"}},
                                                   {"ito", "staff", {"ward:kohoku", "ward:naka"}},
                                                   {"admin", "admin", {}}});
        a.login(*server, "sato");
        b.login(*server, "suzuki");
    }

    // The scopes table of a replica: scope, cursor, checksum, count.
    static std::vector<std::string> scopeState(const Device &d)
    {
        auto db = SqliteDb::open(d.db(), replicaKey(d.db()).value());
        auto st = db.prepare("SELECT scope || ' ' || checksum || ' ' || count FROM scopes ORDER BY scope");
        std::vector<std::string> out;
        while (st.step())
            out.push_back(st.text(0));
        return out;
    }

    // A connection to the test server with `token`, as a script would make one.
    TransportOptions options(const std::string &token) const
    {
        TransportOptions o;
        o.baseUrl = server->url();
        o.caFile = devCerts().ca;
        o.token = token;
        return o;
    }

    // What the device holds equals what the server holds: for each scope it
    // keeps, the same documents and the checksum the server computed; and no
    // record of a scope it does not keep. Read from the server's own store.
    void expectMatchesServer(const Device &d)
    {
        SCOPED_TRACE("device " + d.db());
        d.ok({"sync"}); // a quiet sync first: converged means after one
        auto replica = SqliteDb::open(d.db(), replicaKey(d.db()).value());
        std::map<std::string, std::map<std::string, std::string>> mine;
        auto rows = replica.prepare("SELECT scope, id, doc FROM records");
        while (rows.step())
            mine[rows.text(0)][rows.text(1)] = rows.text(2);
        auto store = server::openStore(server->dbPath(), 1);
        auto tx = store->beginRead();
        auto scopes = replica.prepare("SELECT scope, checksum FROM scopes");
        std::set<std::string> kept;
        while (scopes.step()) {
            const std::string scope = scopes.text(0);
            kept.insert(scope);
            std::map<std::string, std::string> theirs;
            for (const server::StoredRecord &r : tx->changedRecords(scope, 0, INT_MAX))
                theirs[r.id] = r.doc;
            EXPECT_EQ(mine[scope], theirs) << scope;
            const auto state = tx->scopeState(scope).value_or(server::ScopeState{scope, 0, 0, 0});
            EXPECT_EQ(scopes.text(1), checksumHex(state.checksum)) << scope;
        }
        for (const auto &[scope, records] : mine)
            EXPECT_TRUE(kept.count(scope) || records.empty()) << "records of " << scope << " without its checkpoint";
        EXPECT_EQ(d.ok({"verify"}).find("mismatch"), std::string::npos);
    }

    void expectConverged()
    {
        EXPECT_EQ(a.records(), b.records());
        EXPECT_EQ(scopeState(a), scopeState(b));
        expectMatchesServer(a);
        expectMatchesServer(b);
    }

    TempDir dir;
    std::unique_ptr<ServerProcess> server;
    Device a{dir, "a"}, b{dir, "b"};
};

TEST_F(SyncE2E, twoDevicesSaveOfflineSyncAndConverge)
{
    const std::string fromA = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    const std::string fromB = b.put(kConsultation, "ward:kohoku", consultationFields("日吉子ども食堂"));
    EXPECT_EQ(a.show(fromA)["receipt"], "saved");

    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"sync"});
    expectConverged();
    EXPECT_EQ(a.records().size(), 2u);
    EXPECT_EQ(a.show(fromB)["fields"]["party"], "日吉子ども食堂");
    EXPECT_EQ(a.show(fromA)["receipt"], "applied");
    EXPECT_EQ(b.show(fromB)["receipt"], "applied");
    EXPECT_NE(scopeState(a).front().find("ward:kohoku"), std::string::npos);
}

TEST_F(SyncE2E, concurrentEditsToDifferentFieldsBothSurvive)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"edit", id, "staff=佐藤"});
    b.ok({"edit", id, "next_due=2018-07-01"});
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"sync"});
    const json record = a.show(id);
    EXPECT_EQ(record["fields"]["staff"], "佐藤");
    EXPECT_EQ(record["fields"]["next_due"], "2018-07-01");
    EXPECT_TRUE(a.jsonLines({"conflicts"}).empty());
    expectConverged();
}

TEST_F(SyncE2E, theSameFlagFieldOpensOneConflictOnBothDevicesResolvableWithKyodoctl)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"edit", id, "channel=phone"});
    b.ok({"edit", id, "channel=email"});
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"sync"});

    auto onA = a.jsonLines({"conflicts"});
    auto onB = b.jsonLines({"conflicts"});
    ASSERT_EQ(onA.size(), 1u);
    EXPECT_EQ(onA, onB);
    EXPECT_EQ(onA[0]["field"], "channel");
    EXPECT_EQ(onA[0]["mine"], "email");
    EXPECT_EQ(onA[0]["theirs"], "phone");
    EXPECT_EQ(onA[0]["base"], "visit") << "what both started from";
    EXPECT_EQ(a.show(id)["fields"]["channel"], "phone") << "the server keeps its value until a person decides";
    auto statusB = b.jsonLines({"status", "--all"});
    EXPECT_EQ(statusB.back()["state"], "conflict");

    b.ok({"resolve", onB[0]["id"], "--take", "mine"});
    b.ok({"sync"});
    a.ok({"sync"});
    EXPECT_TRUE(a.jsonLines({"conflicts"}).empty());
    EXPECT_TRUE(b.jsonLines({"conflicts"}).empty());
    EXPECT_EQ(a.show(id)["fields"]["channel"], "email");
    expectConverged();
}

TEST_F(SyncE2E, resolveWithAValueOfOnesOwn)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"edit", id, "category=funding"});
    b.ok({"edit", id, "category=people"});
    a.ok({"sync"});
    b.ok({"sync"});
    auto conflicts = b.jsonLines({"conflicts"});
    ASSERT_EQ(conflicts.size(), 1u);
    RunResult bad = b.ctl({"resolve", conflicts[0]["id"], "--take", "value=colour"});
    EXPECT_EQ(bad.exitCode, 3) << "an invalid value is refused with its reason";
    EXPECT_NE(bad.err.find("bad_enum"), std::string::npos);
    b.ok({"resolve", conflicts[0]["id"], "--take", "value=collaboration"});
    b.ok({"sync"});
    a.ok({"sync"});
    EXPECT_EQ(a.show(id)["fields"]["category"], "collaboration");
    expectConverged();
}

TEST_F(SyncE2E, deleteWinsOverAConcurrentEditAndTheEditIsRestorable)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"delete", id});
    b.ok({"edit", id, "summary=削除される前に書いた大事な要旨"});
    a.ok({"sync"});
    b.ok({"sync"});
    a.ok({"sync"});
    EXPECT_TRUE(b.show(id)["deleted"]);
    auto conflicts = b.jsonLines({"conflicts"});
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0]["kind"], "delete_edit");
    EXPECT_EQ(conflicts[0]["mine"]["summary"], "削除される前に書いた大事な要旨");

    b.ok({"resolve", conflicts[0]["id"], "--take", "mine"});
    b.ok({"sync"});
    a.ok({"sync"});
    const json restored = a.show(id);
    EXPECT_FALSE(restored["deleted"]);
    EXPECT_EQ(restored["fields"]["summary"], "削除される前に書いた大事な要旨");
    expectConverged();
}

TEST_F(SyncE2E, deletingAfterOnesOwnEditIsNoConflict)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    a.ok({"edit", id, "staff=佐藤"});
    a.ok({"delete", id});
    a.ok({"sync"});
    EXPECT_TRUE(a.show(id)["deleted"]);
    EXPECT_TRUE(a.jsonLines({"conflicts"}).empty());
    expectMatchesServer(a);
}

TEST_F(SyncE2E, aPushReplayedThreeTimesChangesNothing)
{
    a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("日吉子ども食堂"));
    a.ok({"edit", id, "staff=佐藤"});
    json body;
    std::string token;
    {
        auto replica = Replica::open(a.db());
        ASSERT_TRUE(replica.ok());
        auto entries = (*replica)->entriesToPush(100);
        ASSERT_TRUE(entries.ok());
        json mutations = json::array();
        for (const OutboxEntry &e : *entries)
            mutations.push_back(mutationToJson(e.mutation));
        body = {{"client_id", (*replica)->clientId()}, {"mutations", mutations}};
        token = (*replica)->session()->token;
    }
    Transport transport(options(token));
    std::string first;
    for (int i = 0; i < 4; ++i) {
        auto r = transport.post("/v1/push", body.dump());
        ASSERT_TRUE(r.ok());
        ASSERT_EQ(r->status, 200) << r->body;
        json results = json::parse(r->body)["results"];
        if (i == 0)
            first = results.dump();
        EXPECT_EQ(results.dump(), first) << "replay " << i << " answers with the stored results";
    }
    a.ok({"sync"});
    b.ok({"sync"});
    EXPECT_EQ(b.records().size(), 2u);
    EXPECT_EQ(b.show(id)["fields"]["staff"], "佐藤");
    // The server holds each change once: 2 creates + 1 edit = seq 3.
    auto db = SqliteDb::open(server->dbPath());
    EXPECT_EQ(db.queryInt("SELECT seq FROM scopes WHERE scope='ward:kohoku'"), 3);
    expectConverged();
}

TEST_F(SyncE2E, aRejectedMutationDoesNotBlockLaterOnes)
{
    // sato may not write to 中区; the device does not know that until the server says so.
    const std::string refused = a.put(kConsultation, "ward:naka", consultationFields("中区の団体"));
    const std::string later = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    auto status = a.jsonLines({"status"});
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0]["record"], refused);
    EXPECT_EQ(status[0]["state"], "rejected");
    EXPECT_EQ(status[0]["reason"]["code"], "forbidden");
    EXPECT_EQ(status[0]["fields"]["party"], "中区の団体") << "the user's data is kept";
    EXPECT_EQ(a.show(later)["receipt"], "applied");
    b.ok({"sync"});
    EXPECT_EQ(b.records().size(), 1u);
    a.ok({"discard", std::to_string(status[0]["cseq"].get<int>())});
    EXPECT_TRUE(a.jsonLines({"status"}).empty());
    expectMatchesServer(a);
    expectMatchesServer(b);
}

TEST_F(SyncE2E, aClientWithTheWrongCaRefusesToConnect)
{
    Device c{dir, "c"};
    RunResult r = c.ctl({"login", server->url(), "sato"}, devCerts().otherCa);
    EXPECT_EQ(r.exitCode, 5) << r.err;
    EXPECT_NE(r.err.find("tls_verify"), std::string::npos) << r.err;
    // Nor does a device signed in with the right CA accept the wrong one later.
    RunResult sync = a.ctl({"sync"}, devCerts().otherCa);
    EXPECT_EQ(sync.exitCode, 5) << sync.err;
    expectMatchesServer(a);
}

TEST_F(SyncE2E, aStaffTokenCannotReadOrWriteAnotherWardsScope)
{
    Device naka{dir, "naka"};
    naka.login(*server, "tanaka");
    naka.put(kConsultation, "ward:naka", consultationFields("中区の団体"));
    naka.ok({"sync"});
    a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});

    naka.ok({"sync"});
    ASSERT_FALSE(naka.records().empty());
    for (const json &r : naka.records())
        EXPECT_EQ(r["scope"], "ward:naka");
    ASSERT_FALSE(a.records().empty());
    for (const json &r : a.records())
        EXPECT_EQ(r["scope"], "ward:kohoku");

    // Asking for the scope directly does not help: the server decides from the token.
    auto replica = Replica::open(a.db());
    ASSERT_TRUE(replica.ok());
    Transport transport(options((*replica)->session()->token));
    json pull{
        {"client_id", (*replica)->clientId()}, {"scopes", {{{"scope", "ward:naka"}, {"cursor", 0}}}}, {"limit", 100}};
    auto r = transport.post("/v1/pull", pull.dump());
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->status, 200);
    json page = json::parse(r->body);
    ASSERT_TRUE(page["records"].is_array());
    for (const json &rec : page["records"]) // ward:kohoku's own, or none at all
        EXPECT_NE(rec["scope"], "ward:naka");
    EXPECT_NE(page["revoked"].dump().find("ward:naka"), std::string::npos);
    expectMatchesServer(naka);
    expectMatchesServer(a);
}

TEST_F(SyncE2E, aRecordMovedToAnotherWardLeavesOneReplicaAndReachesTheOther)
{
    Device both{dir, "both"}, naka{dir, "naka"};
    both.login(*server, "ito");
    naka.login(*server, "tanaka");
    const std::string id = both.put(kConsultation, "ward:kohoku", consultationFields("区をまたぐ団体"));
    both.ok({"sync"});
    a.ok({"sync"});
    b.ok({"sync"});
    ASSERT_EQ(a.records().size(), 1u);

    both.ok({"move", id, "ward:naka"});
    EXPECT_EQ(both.show(id)["scope"], "ward:naka") << "shown in its new ward at once";
    b.ok({"edit", id, "staff=鈴木"}); // edited concurrently in the old ward by someone who cannot follow it
    both.ok({"sync"});
    RunResult bSync = b.ctl({"--json", "sync"});
    ASSERT_EQ(bSync.exitCode, 0) << bSync.err;
    EXPECT_EQ(json::parse(bSync.out)["repaired_scopes"], json::array()) << "checksums agree without repair";
    auto rejected = b.jsonLines({"status"});
    ASSERT_EQ(rejected.size(), 1u) << "the edit waits, with its reason, for the user to decide";
    EXPECT_EQ(rejected[0]["reason"]["code"], "forbidden");
    a.ok({"sync"});
    EXPECT_TRUE(a.records().empty());
    EXPECT_TRUE(b.records().empty());
    naka.ok({"sync"});
    auto there = naka.records();
    ASSERT_EQ(there.size(), 1u);
    EXPECT_EQ(there[0]["fields"]["party"], "区をまたぐ団体");
    both.ok({"sync"});
    EXPECT_EQ(both.records(), naka.records());
    expectMatchesServer(both);
    expectMatchesServer(naka);
    expectMatchesServer(a);
    expectMatchesServer(b);
}

TEST_F(SyncE2E, aRevokedScopeIsPurgedFromTheDevice)
{
    a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    a.ok({"sync"});
    ASSERT_EQ(a.records().size(), 1u);
    ASSERT_EQ(server->admin({"user", "revoke", "sato", "ward:kohoku"}).exitCode, 0);
    a.ok({"sync"});
    EXPECT_TRUE(a.records().empty());
    expectMatchesServer(a);
}

TEST_F(SyncE2E, theServerBeingDownIsAClearOfflineErrorAndNothingIsLost)
{
    const std::string id = a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    server->stop();
    RunResult r = a.ctl({"sync"});
    EXPECT_EQ(r.exitCode, 5) << r.err;
    EXPECT_NE(r.err.find("offline"), std::string::npos) << r.err;
    EXPECT_EQ(a.show(id)["fields"]["party"], "港北まちづくりの会");
    // The push never left the device: its receipt says so (未送信, not 送信済み).
    EXPECT_EQ(a.show(id)["receipt"], "saved");
}

TEST_F(SyncE2E, aReplicaRestoredFromAnOldCopyKeepsItsNewEdits)
{
    namespace fs = std::filesystem;
    a.ok({"status"}); // the replica file exists and is closed
    fs::copy_file(a.db(), dir.file("backup.db"));
    const std::string lost = a.put(kConsultation, "ward:kohoku", consultationFields("バックアップ後の記録"));
    a.ok({"sync"});
    // The device is restored from the backup: cseq 1 will be reused with another mid.
    fs::copy_file(dir.file("backup.db"), a.db(), fs::copy_options::overwrite_existing);
    fs::remove(a.db() + "-wal");
    const std::string fresh = a.put(kConsultation, "ward:kohoku", consultationFields("復元後の新しい記録"));
    RunResult sync = a.ctl({"sync"});
    ASSERT_EQ(sync.exitCode, 0) << sync.err;
    EXPECT_NE(server->log().find("status=409"), std::string::npos) << "the server noticed the reused cseq";
    EXPECT_EQ(a.show(fresh)["receipt"], "applied") << "re-registered and resent, not dropped";
    EXPECT_EQ(a.show(lost)["fields"]["party"], "バックアップ後の記録") << "what reached the server comes back";
    b.ok({"sync"});
    EXPECT_EQ(b.records().size(), 2u);
    expectConverged();
}

TEST_F(SyncE2E, importAndExportRoundTripThroughTheServer)
{
    const std::string file = writeConsultations(dir.file("in.jsonl"), 25);
    a.ok({"import", file});
    a.ok({"sync"});
    b.ok({"sync"});
    EXPECT_EQ(b.ok({"export"}), a.ok({"export"}));
    EXPECT_EQ(b.records().size(), 25u);

    std::ofstream(dir.file("bad.jsonl")) << "{\"type\":\"" << kConsultation
                                         << "\",\"scope\":\"ward:kohoku\",\"fields\":{}}\n";
    RunResult bad = a.ctl({"import", dir.file("bad.jsonl")});
    EXPECT_EQ(bad.exitCode, 3);
    EXPECT_EQ(a.records().size(), 25u) << "a bad file imports nothing";
    expectMatchesServer(a);
    expectMatchesServer(b);
}

} // namespace

// Many small batches: the sync engine keeps two in flight on two
// connections, the second naming the first (prev_cseq); the server must apply
// them in order or the device would be told its numbers were reused.
TEST_F(SyncE2E, aPushOfManyBatchesOnTwoConnectionsArrivesWholeAndInOrder)
{
    a.ok({"import", writeConsultations(dir.file("many.jsonl"), 600)});
    {
        auto replica = Replica::open(a.db());
        ASSERT_TRUE(replica.ok());
        Transport transport(options((*replica)->session()->token));
        SyncOptions options;
        options.pushBatch = 40; // 15 batches
        SyncEngine engine(**replica, transport, options);
        std::vector<std::int64_t> progress;
        SyncReport report;
        ASSERT_TRUE(engine.push(report, [&](const SyncProgress &p) { progress.push_back(p.done); }).ok());
        EXPECT_EQ(report.applied, 600);
        EXPECT_EQ(progress.size(), 15u);
        EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
    }
    EXPECT_EQ(server->log().find("status=4"), std::string::npos) << server->log();
    a.ok({"sync"});
    b.ok({"sync"});
    EXPECT_EQ(b.records().size(), 600u);
    expectConverged();
}

TEST_F(SyncE2E, aReportIsComputedOnASecondDeviceFromSyncedRecords)
{
    for (const char *when : {"2018-04-01T09:00", "2019-03-31T17:00", "2019-05-20T10:00"}) {
        auto fields = consultationFields("港北まちづくりの会");
        fields[0] = std::string("received_at=") + when;
        a.put(kConsultation, "ward:kohoku", fields);
    }
    a.ok({"sync"});
    b.ok({"sync"});
    EXPECT_NE(b.ok({"report"}).find("ward_centers.consultations_by_year"), std::string::npos);
    EXPECT_EQ(
        b.ok({"report", "ward_centers.consultations_by_year", "--from", "H29", "--to", "令和元", "--format", "csv"}),
        "年度,件数\r\n平成29年度,0\r\n平成30年度,2\r\n令和元年度,1\r\n合計,3\r\n");
    const std::string table = b.ok({"report", "ward_centers.consultations_by_year", "--from", "2018", "--to", "2019"});
    EXPECT_NE(table.find("合計"), std::string::npos) << table;
    auto j = b.jsonLines({"report", "ward_centers.consultations_by_year"});
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["totals"], json::array({3}));
    RunResult bad = b.ctl({"report", "ward_centers.consultations_by_year", "--from", "来年"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("年度"), std::string::npos) << bad.err;
    RunResult french = b.ctl({"report", "ward_centers.consultations_by_year", "--lang", "fr"});
    EXPECT_EQ(french.exitCode, 2) << "a language not offered is a usage error, not Japanese unasked";
    // A mistyped --db is said, not shown as an empty report, and no database is made there.
    const std::string typo = b.db() + ".typo";
    for (const std::vector<std::string> &command : std::vector<std::vector<std::string>>{
             {"report", "ward_centers.consultations_by_year"}, {"report"}, {"list"}, {"status"}, {"sync"}, {"lsit"}}) {
        std::vector<std::string> argv = {kyodoctlBinary(), "--db", typo};
        argv.insert(argv.end(), command.begin(), command.end());
        RunResult missing = run(argv);
        EXPECT_EQ(missing.exitCode, 4) << command[0] << ": " << missing.err;
        EXPECT_NE(missing.err.find("端末のデータベース " + typo + " がありません"), std::string::npos) << missing.err;
        EXPECT_FALSE(std::filesystem::exists(typo)) << command[0];
    }
    // The list, with --json: one object a line, as every other command.
    const auto listed = b.jsonLines({"report"});
    ASSERT_FALSE(listed.empty());
    EXPECT_TRUE(std::any_of(listed.begin(), listed.end(), [](const json &r) {
        return r.value("id", "") == "ward_centers.consultations_by_year" && r.value("en", "") != "";
    }));
    expectMatchesServer(a);
    expectMatchesServer(b);
}

TEST_F(SyncE2E, aWordACommandDoesNotTakeIsAUsageErrorNotIgnored)
{
    a.put(kConsultation, "ward:kohoku", consultationFields("港北まちづくりの会"));
    // `list TYPE` once listed every record, as if it had filtered.
    const std::vector<std::vector<std::string>> wrongCalls = {
        {"list", kConsultation}, {"sync", "now"}, {"status", "x"}, {"export", "out.jsonl"}};
    for (const std::vector<std::string> &args : wrongCalls) {
        const RunResult r = a.ctl(args);
        EXPECT_EQ(r.exitCode, 2) << args[0];
        EXPECT_EQ(r.out, "") << args[0];
        EXPECT_NE(r.err.find("引数を取りません"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("takes no argument (" + args[1] + ")"), std::string::npos) << r.err;
    }
    EXPECT_EQ(a.jsonLines({"list", "--type", kConsultation}).size(), 1u);
    EXPECT_EQ(a.show(a.records().front()["id"])["receipt"], "saved"); // the sync above never ran
}
