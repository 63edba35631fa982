// The push merge rules on a real SQLite store (PROTOCOL.md "Server rules").
// Every test ends by checking the scope checksum against the stored docs.
#include "pushservice.h"
#include "serverfixture.h"

#include <chrono>
#include <set>
#include <thread>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

constexpr std::uint64_t kWallMs = 1'800'000'000'000;
std::uint64_t hlcAt(int n) { return HybridClock::pack(kWallMs - 10'000 + static_cast<std::uint64_t>(n), 0); }

const std::string kNaka = "ward:naka";
const std::string kDevA = "0190b5a0-0000-7000-8000-00000000000a";
const std::string kDevB = "0190b5a0-0000-7000-8000-00000000000b";

class PushServiceTest : public StoreTest {
protected:
    SchemaSet schemas = loadSchemas();
    PushService service{store, schemas, [] { return kWallMs; }};
    Caller alice = staff("alice", kNaka);
    Caller bob = staff("bob", kNaka);
    std::string id = newUuidV7();
    std::int64_t cseqA = 0, cseqB = 0;

    void TearDown() override { expectChecksumConsistent(); }

    PushReply push(const Caller &who, const std::string &client, std::vector<Mutation> ms)
    {
        return service.push(who, PushRequest{client, std::move(ms)});
    }
    json pushOne(const Caller &who, const std::string &client, Mutation m)
    {
        PushReply r = push(who, client, {std::move(m)});
        EXPECT_EQ(r.status, 200) << r.body.dump();
        return r.status == 200 ? r.body["results"][0] : json();
    }
    json a(Mutation m)
    {
        m.cseq = ++cseqA;
        return pushOne(alice, kDevA, std::move(m));
    }
    json b(Mutation m)
    {
        m.cseq = ++cseqB;
        return pushOne(bob, kDevB, std::move(m));
    }

    void createRecord() { ASSERT_EQ(a(createOf(0, id, kNaka, consultationFields(), hlcAt(1)))["status"], "applied"); }

    Record record()
    {
        auto tx = store.beginRead();
        auto row = tx->loadRecord(id);
        EXPECT_TRUE(row.has_value());
        return *recordFromDoc(json::parse(row->doc));
    }
    ScopeState scopeState()
    {
        auto tx = store.beginRead();
        return tx->scopeState(kNaka).value_or(ScopeState{});
    }
    std::vector<ConflictInfo> conflicts()
    {
        auto tx = store.beginRead();
        return tx->conflicts(kNaka, 0, 1 << 30);
    }
    void expectChecksumConsistent()
    {
        std::int64_t count = 0;
        const std::uint64_t sum = recomputedScopeChecksum(store, kNaka, &count);
        const ScopeState s = scopeState();
        EXPECT_EQ(s.checksum, sum);
        EXPECT_EQ(s.count, count);
    }
};

KYODO_INSTANTIATE_FOR_STORES(PushServiceTest);

} // namespace

TEST_P(PushServiceTest, aCreateStoresEveryFieldAtRevisionOneWithItsWriterInCanonicalForm)
{
    json fields = consultationFields();
    fields["summary"] = nullptr; // a null in a create: no value, but the field is still written
    ASSERT_EQ(a(createOf(0, id, kNaka, fields, hlcAt(1)))["status"], "applied");
    auto tx = store.beginRead();
    auto row = tx->loadRecord(id);
    ASSERT_TRUE(row.has_value());
    json versions = json::object(), meta = json::object();
    for (const auto &[key, value] : fields.items()) {
        versions[key] = 1;
        meta[key] = json::array({hlcAt(1), kDevA, alice.user});
    }
    EXPECT_EQ(row->versions, canonicalJson(versions));
    EXPECT_EQ(row->meta, canonicalJson(meta));
    EXPECT_FALSE(record().fields.contains("summary"));
}

TEST_P(PushServiceTest, editsOfDifferentFieldsBothSurvive)
{
    createRecord();
    EXPECT_EQ(a(editOf(0, id, kNaka, {{"party", "みなとの会"}}, {{"party", 1}}, 1, hlcAt(2)))["status"], "applied");
    EXPECT_EQ(b(editOf(0, id, kNaka, {{"summary", "会則の相談"}}, {{"summary", 1}}, 1, hlcAt(3)))["status"], "applied");
    const Record r = record();
    EXPECT_EQ(r.fields["party"], "みなとの会");
    EXPECT_EQ(r.fields["summary"], "会則の相談");
    EXPECT_TRUE(conflicts().empty());
}

TEST_P(PushServiceTest, concurrentEditOfFlagFieldOpensOneConflictAndKeepsServerValue)
{
    createRecord();
    EXPECT_EQ(a(editOf(0, id, kNaka, {{"channel", "phone"}}, {{"channel", 1}}, 1, hlcAt(2)))["status"], "applied");
    json res = b(editOf(0, id, kNaka, {{"channel", "email"}}, {{"channel", 1}}, 1, hlcAt(3)));
    EXPECT_EQ(res["status"], "conflict");
    ASSERT_EQ(res["conflicts"].size(), 1u);
    EXPECT_EQ(record().fields["channel"], "phone");
    auto cs = conflicts();
    ASSERT_EQ(cs.size(), 1u);
    EXPECT_EQ(cs[0].id, res["conflicts"][0]);
    EXPECT_EQ(cs[0].kind, ConflictKind::Field);
    EXPECT_EQ(cs[0].status, ConflictStatus::Open);
    EXPECT_EQ(cs[0].field, "channel");
    EXPECT_EQ(cs[0].mine, "email");
    EXPECT_EQ(cs[0].theirs, "phone");
    EXPECT_EQ(cs[0].mineBy, "bob/" + kDevB);
}

TEST_P(PushServiceTest, lwwFieldTakesLaterHlcAndLogsTheLoserAutomatically)
{
    createRecord();
    EXPECT_EQ(a(editOf(0, id, kNaka, {{"party", "A"}}, {{"party", 1}}, 1, hlcAt(20)))["status"], "applied");
    // Concurrent and earlier: the server keeps A, B's value is logged.
    EXPECT_EQ(b(editOf(0, id, kNaka, {{"party", "B-early"}}, {{"party", 1}}, 1, hlcAt(10)))["status"], "applied");
    EXPECT_EQ(record().fields["party"], "A");
    // Concurrent and later: B wins, A's value is logged.
    EXPECT_EQ(b(editOf(0, id, kNaka, {{"party", "B-late"}}, {{"party", 1}}, 1, hlcAt(30)))["status"], "applied");
    EXPECT_EQ(record().fields["party"], "B-late");
    auto cs = conflicts();
    ASSERT_EQ(cs.size(), 2u);
    for (const auto &c : cs) {
        EXPECT_EQ(c.kind, ConflictKind::Lww);
        EXPECT_EQ(c.status, ConflictStatus::Auto);
    }
    EXPECT_EQ(cs[0].mine, "B-early");
    EXPECT_EQ(cs[1].theirs, "A");
}

TEST_P(PushServiceTest, futureHlcIsClampedSoItCannotWinForever)
{
    createRecord();
    const std::uint64_t farFuture = HybridClock::pack(kWallMs + 86'400'000, 0);
    a(editOf(0, id, kNaka, {{"party", "future"}}, {{"party", 1}}, 1, farFuture));
    // A later honest edit (within drift of now) beats the clamped one.
    const std::uint64_t honest = HybridClock::pack(kWallMs + HybridClock::kMaxDriftMs, 0xffff);
    b(editOf(0, id, kNaka, {{"party", "honest"}}, {{"party", 1}}, 1, honest));
    // Equal clamped HLCs: client id breaks the tie, B's id is larger.
    EXPECT_EQ(record().fields["party"], "honest");
}

TEST_P(PushServiceTest, deleteAfterConcurrentEditWinsAndKeepsTheEditInAConflict)
{
    createRecord();
    a(editOf(0, id, kNaka, {{"party", "edited"}}, {{"party", 1}}, 1, hlcAt(2)));
    json res = b(deleteOf(0, id, kNaka, 1, hlcAt(3))); // B saw rev 1 only
    EXPECT_EQ(res["status"], "applied");
    EXPECT_TRUE(record().deleted());
    auto cs = conflicts();
    ASSERT_EQ(cs.size(), 1u);
    EXPECT_EQ(cs[0].kind, ConflictKind::DeleteEdit);
    EXPECT_EQ(cs[0].status, ConflictStatus::Open);
    EXPECT_EQ(cs[0].mine["party"], "edited");

    EXPECT_EQ(a(resolveOf(0, cs[0].id, kNaka, "mine", json::object(), hlcAt(4)))["status"], "applied");
    const Record r = record();
    EXPECT_FALSE(r.deleted());
    EXPECT_EQ(r.fields["party"], "edited");
    EXPECT_EQ(conflicts()[0].status, ConflictStatus::Resolved);
}

TEST_P(PushServiceTest, editAfterConcurrentDeleteIsKeptInAConflictAndRestoredByResolve)
{
    createRecord();
    EXPECT_EQ(b(deleteOf(0, id, kNaka, 1, hlcAt(2)))["status"], "applied");
    json res = a(editOf(0, id, kNaka, {{"party", "edited"}}, {{"party", 1}}, 1, hlcAt(3)));
    EXPECT_EQ(res["status"], "conflict");
    EXPECT_TRUE(record().deleted());
    auto cs = conflicts();
    ASSERT_EQ(cs.size(), 1u);
    EXPECT_EQ(cs[0].kind, ConflictKind::DeleteEdit);
    EXPECT_EQ(cs[0].mine, json({{"party", "edited"}}));

    EXPECT_EQ(a(resolveOf(0, cs[0].id, kNaka, "mine", cs[0].mine, hlcAt(4)))["status"], "applied");
    const Record r = record();
    EXPECT_FALSE(r.deleted());
    EXPECT_EQ(r.fields["party"], "edited");
    EXPECT_EQ(r.fields["summary"], "立上げの相談"); // the rest came back with the tombstone
    // A second resolution (from another device) is refused.
    json again = b(resolveOf(0, cs[0].id, kNaka, "theirs", json::object(), hlcAt(5)));
    EXPECT_EQ(again["status"], "rejected");
    EXPECT_EQ(again["code"], "conflict_closed");
}

TEST_P(PushServiceTest, editOfARecordTheEditorKnewDeletedIsRejected)
{
    createRecord();
    a(deleteOf(0, id, kNaka, 1, hlcAt(2)));
    Mutation m = editOf(0, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 2, hlcAt(3));
    m.baseCl = 2;
    EXPECT_EQ(a(m)["code"], "record_deleted");
}

TEST_P(PushServiceTest, replayingABatchChangesNothing)
{
    std::vector<Mutation> batch = {createOf(1, id, kNaka, consultationFields(), hlcAt(1)),
                                   editOf(2, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(2)),
                                   editOf(3, id, kNaka, {{"channel", "bogus"}}, {{"channel", 1}}, 2, hlcAt(3))};
    PushReply first = push(alice, kDevA, batch);
    ASSERT_EQ(first.status, 200);
    const ScopeState before = scopeState();
    std::int64_t results = 0;
    for (int i = 0; i < 3; ++i) {
        PushReply again = push(alice, kDevA, batch);
        ASSERT_EQ(again.status, 200);
        EXPECT_EQ(again.body["results"], first.body["results"]);
        EXPECT_EQ(again.body["last_cseq"], 3);
        const ScopeState now = scopeState();
        EXPECT_EQ(now.seq, before.seq);
        EXPECT_EQ(now.checksum, before.checksum);
        auto tx = store.beginRead();
        results = tx->resultCount();
    }
    EXPECT_EQ(results, 3);
}

TEST_P(PushServiceTest, reusedCseqWithAnotherMidAnswersClientReset)
{
    createRecord();
    const ScopeState before = scopeState();
    Mutation m = editOf(1, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(2)); // cseq 1, new mid
    PushReply r = push(alice, kDevA, {editOf(2, id, kNaka, {{"party", "y"}}, {{"party", 1}}, 1, hlcAt(2)), m});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body["error"]["code"], "client_reset");
    // The whole batch rolled back, including the valid cseq 2 in front.
    EXPECT_EQ(scopeState().seq, before.seq);
    auto tx = store.beginRead();
    EXPECT_EQ(tx->loadClient(kDevA)->lastCseq, 1);
}

TEST_P(PushServiceTest, aDeviceThatHeardMoreThanTheStoreHasIsToldTheServerWasRestored)
{
    createRecord(); // cseq 1 of kDevA
    const ScopeState before = scopeState();
    // The device was answered up to cseq 7 by this server before it was
    // restored from a backup that stops at cseq 1.
    PushRequest request{kDevA, {editOf(8, id, kNaka, {{"party", "y"}}, {{"party", 1}}, 1, hlcAt(2))}};
    request.ackedCseq = 7;
    PushReply r = service.push(alice, request);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body["error"]["code"], "server_restored");
    EXPECT_EQ(r.body["last_cseq"], 1) << "where the device starts sending again";
    EXPECT_EQ(scopeState().seq, before.seq) << "nothing recorded";
    // What the store has answered is no news: the push goes through.
    request.ackedCseq = 1;
    EXPECT_EQ(service.push(alice, request).status, 200);
    // A device this store never heard of at all.
    PushRequest stranger{kDevB, {createOf(3, newUuidV7(), kNaka, consultationFields(), hlcAt(3))}};
    stranger.ackedCseq = 2;
    PushReply unknown = service.push(alice, stranger);
    EXPECT_EQ(unknown.status, 409);
    EXPECT_EQ(unknown.body["last_cseq"], 0);
}

TEST_P(PushServiceTest, rejectedMutationConsumesItsCseqAndTheNextApplies)
{
    json bad = consultationFields();
    bad.erase("party"); // required
    PushReply r =
        push(alice, kDevA,
             {createOf(1, id, kNaka, bad, hlcAt(1)), createOf(2, newUuidV7(), kNaka, consultationFields(), hlcAt(2))});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body["results"][0]["status"], "rejected");
    EXPECT_EQ(r.body["results"][0]["code"], "required");
    EXPECT_FALSE(r.body["results"][0]["message"].get<std::string>().empty());
    EXPECT_EQ(r.body["results"][1]["status"], "applied");
    EXPECT_EQ(r.body["last_cseq"], 2);
}

TEST_P(PushServiceTest, staffCannotWriteAnotherWard)
{
    json res = a(createOf(0, id, "ward:nishi", consultationFields(), hlcAt(1)));
    EXPECT_EQ(res["status"], "rejected");
    EXPECT_EQ(res["code"], "forbidden");
    auto tx = store.beginRead();
    EXPECT_FALSE(tx->loadRecord(id).has_value());
}

TEST_P(PushServiceTest, anEditFollowsARecordThatMovedButItCannotBeCreatedTwice)
{
    createRecord();
    EXPECT_EQ(a(createOf(0, id, kNaka, consultationFields(), hlcAt(2)))["code"], "duplicate_id");
    // The device names a stale scope: the edit applies where the record is.
    Caller both{"alice", Role::Staff, {kNaka, "ward:nishi"}};
    Mutation m = editOf(++cseqA, id, "ward:nishi", {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(3));
    EXPECT_EQ(pushOne(both, kDevA, m)["status"], "applied");
    EXPECT_EQ(record().scope, kNaka);
    EXPECT_EQ(a(editOf(0, newUuidV7(), kNaka, {{"party", "x"}}, json::object(), 0, hlcAt(4)))["code"], "not_found");
}

TEST_P(PushServiceTest, unknownSchemaVersionIsRejected)
{
    Mutation m = createOf(0, id, kNaka, consultationFields(), hlcAt(1));
    m.schemaVersion = 99;
    EXPECT_EQ(a(m)["code"], "schema_version");
}

TEST_P(PushServiceTest, scopeChecksumEqualsSumOfRecordChecksums)
{
    for (int i = 0; i < 20; ++i)
        a(createOf(0, newUuidV7(), kNaka, consultationFields(), hlcAt(i)));
    createRecord();
    a(editOf(0, id, kNaka, {{"summary", nullptr}}, {{"summary", 1}}, 1, hlcAt(40)));
    EXPECT_FALSE(record().fields.contains("summary"));
    a(deleteOf(0, id, kNaka, 2, hlcAt(41)));
    const ScopeState s = scopeState();
    EXPECT_EQ(s.count, 21);
    EXPECT_EQ(s.seq, 23);
    // TearDown compares the checksum with the recomputed sum.
}

TEST_P(PushServiceTest, concurrentEditsOfOneRecordLoseNothing)
{
    // Four devices edit one lww field at once. Each push must merge against
    // the record as the previous commit left it: the latest HLC wins and the
    // scope checksum (TearDown) still equals the sum of the stored docs.
    createRecord();
    std::vector<std::thread> devices;
    std::atomic<int> failed = 0;
    for (int t = 0; t < 4; ++t)
        devices.emplace_back([&, t] {
            const Caller who = staff("u" + std::to_string(t), kNaka);
            const std::string dev = newUuidV7();
            for (int i = 1; i <= 25; ++i) {
                const Mutation m = editOf(i, id, kNaka, {{"party", std::to_string(i * 4 + t)}}, {{"party", 1}}, 1,
                                          hlcAt(100 + i * 4 + t));
                int status = 0;
                for (int attempt = 0; attempt < 20 && status != 200; ++attempt)
                    status = service.push(who, PushRequest{dev, {m}}).status; // 503: retried, as a device would
                failed += status != 200;
            }
        });
    for (auto &d : devices)
        d.join();
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(record().fields["party"], std::to_string(25 * 4 + 3));
}

// Two batches of one device on two connections (SyncEngine's push pipeline):
// the second names the first as prev_cseq and must not be applied before it,
// or the first would find its numbers taken and answer client_reset.
TEST_P(PushServiceTest, aBatchNamingTheOneBeforeItWaitsForItToCommit)
{
    const std::string second = newUuidV7();
    PushReply later;
    std::thread early([&] {
        later =
            service.push(alice, PushRequest{kDevA, {createOf(3, second, kNaka, consultationFields(), hlcAt(3))}, 2});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // it arrives first and waits
    PushReply first = push(alice, kDevA,
                           {createOf(1, id, kNaka, consultationFields(), hlcAt(1)),
                            createOf(2, newUuidV7(), kNaka, consultationFields(), hlcAt(2))});
    early.join();
    EXPECT_EQ(first.status, 200) << first.body.dump();
    EXPECT_EQ(first.body["last_cseq"], 2);
    ASSERT_EQ(later.status, 200) << later.body.dump();
    EXPECT_EQ(later.body["results"][0]["status"], "applied");
    EXPECT_EQ(later.body["last_cseq"], 3);
    EXPECT_EQ(scopeState().count, 3);
}

TEST_P(PushServiceTest, aBatchWhosePredecessorNeverComesAnswers425AndWritesNothing)
{
    service.setOrderWait(std::chrono::milliseconds(200));
    PushReply r = service.push(alice, PushRequest{kDevA, {createOf(3, id, kNaka, consultationFields(), hlcAt(3))}, 2});
    EXPECT_EQ(r.status, 425);
    EXPECT_EQ(r.body["error"]["code"], "previous_batch_missing");
    EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
    EXPECT_EQ(scopeState().seq, 0);
    auto tx = store.beginRead();
    EXPECT_FALSE(tx->loadClient(kDevA).has_value());
}

TEST_P(PushServiceTest, aBatchWhosePredecessorFailsAnswers425WithoutWaitingItsFullTime)
{
    createRecord(); // cseq 1 of device A
    service.setOrderWait(std::chrono::seconds(30));
    const auto start = std::chrono::steady_clock::now();
    PushReply later;
    std::thread early([&] {
        later = service.push(alice,
                             PushRequest{kDevA, {createOf(4, newUuidV7(), kNaka, consultationFields(), hlcAt(4))}, 3});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // The batch before it reuses cseq 1 under another mid: the server refuses it whole.
    PushReply first = push(alice, kDevA,
                           {editOf(1, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(2)),
                            editOf(3, id, kNaka, {{"party", "y"}}, {{"party", 1}}, 1, hlcAt(3))});
    early.join();
    EXPECT_EQ(first.status, 409);
    EXPECT_EQ(later.status, 425);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    auto tx = store.beginRead();
    EXPECT_EQ(tx->loadClient(kDevA)->lastCseq, 1);
}

// Issue 11, item 4: a clerk whose record was moved to another ward cannot
// reach it through a conflict opened while it was still theirs.
TEST_P(PushServiceTest, aStaleConflictCannotWriteToARecordThatMovedToAnotherWard)
{
    createRecord();
    a(editOf(0, id, kNaka, {{"channel", "phone"}}, {{"channel", 1}}, 1, hlcAt(2)));
    ASSERT_EQ(b(editOf(0, id, kNaka, {{"channel", "email"}}, {{"channel", 1}}, 1, hlcAt(3)))["status"], "conflict");
    const std::string conflict = conflicts()[0].id;

    // An admin moves the record to 西区; bob keeps only 中区.
    Caller admin{"root", Role::Admin, {}};
    Mutation move = createOf(1, id, "ward:nishi", json::object(), hlcAt(4));
    move.op = Op::Move;
    ASSERT_EQ(pushOne(admin, "0190b5a0-0000-7000-8000-0000000000ad", move)["status"], "applied");

    // The conflict closed in 中区 with a receipt that does not say where the record went…
    auto old = conflicts();
    ASSERT_EQ(old.size(), 1u);
    EXPECT_EQ(old[0].status, ConflictStatus::Resolved);
    EXPECT_EQ(old[0].resolution.find("nishi"), std::string::npos);
    // …and was opened again in 西区, where the record now lives, with what bob typed.
    std::vector<ConflictInfo> moved;
    {
        auto tx = store.beginRead();
        moved = tx->conflicts("ward:nishi", 0, 1 << 30);
    }
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].status, ConflictStatus::Open);
    EXPECT_EQ(moved[0].record, id);
    EXPECT_EQ(moved[0].mine, "email");
    EXPECT_NE(moved[0].id, conflict);

    // Bob's stale conflict writes nothing, whichever way he resolves it.
    for (const char *take : {"mine", "value"}) {
        json res = b(resolveOf(0, conflict, kNaka, take, {{"channel", "email"}}, hlcAt(5)));
        EXPECT_EQ(res["status"], "rejected") << take;
    }
    EXPECT_EQ(record().fields["channel"], "phone");
    // Nor through the conflict that now lives in 西区.
    json there = b(resolveOf(0, moved[0].id, kNaka, "mine", json::object(), hlcAt(6)));
    EXPECT_EQ(there["status"], "rejected");
    EXPECT_EQ(record().fields["channel"], "phone");
    // 西区's staff decide it.
    Caller nishi = staff("carol", "ward:nishi");
    EXPECT_EQ(pushOne(nishi, "0190b5a0-0000-7000-8000-0000000000c0",
                      resolveOf(1, moved[0].id, "ward:nishi", "mine", json::object(), hlcAt(7)))["status"],
              "applied");
    EXPECT_EQ(record().fields["channel"], "email");
}

// Issue 11, item 5: refusing an edit of a foreign record does not say where it is.
TEST_P(PushServiceTest, refusingAForeignRecordDoesNotDiscloseItsWard)
{
    Caller nishi = staff("carol", "ward:nishi");
    ASSERT_EQ(pushOne(nishi, "0190b5a0-0000-7000-8000-0000000000c0",
                      createOf(1, id, "ward:nishi", consultationFields(), hlcAt(1)))["status"],
              "applied");
    for (Mutation m :
         {editOf(0, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(2)), deleteOf(0, id, kNaka, 1, hlcAt(3))}) {
        json res = a(m);
        EXPECT_EQ(res["status"], "rejected");
        EXPECT_EQ(res["code"], "forbidden");
        const std::string said = res.dump();
        EXPECT_EQ(said.find("nishi"), std::string::npos) << said;
        EXPECT_EQ(said.find("西"), std::string::npos) << said;
    }
}

// Issue 11, item 1: what an editor saw is validated like the fields it edits.
TEST_P(PushServiceTest, anEditsPrevIsValidatedLikeItsFields)
{
    createRecord();
    Mutation unknown = editOf(0, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(2));
    unknown.prev = {{"no_such_field", "x"}};
    EXPECT_EQ(a(unknown)["code"], "unknown_field");
    Mutation wrong = editOf(0, id, kNaka, {{"party", "x"}}, {{"party", 1}}, 1, hlcAt(3));
    wrong.prev = {{"party", 12}};
    EXPECT_EQ(a(wrong)["code"], "wrong_type");
    // Nothing there yet is always a fair thing to have seen, even of a required field.
    Mutation empty = editOf(0, id, kNaka, {{"party", "y"}}, {{"party", 1}}, 1, hlcAt(4));
    empty.prev = {{"party", nullptr}};
    EXPECT_EQ(a(empty)["status"], "applied");
}

// Issue 15: a reference is authorized like the record itself. A follow-up may
// point to a visit note its author may read, of the declared type; a note in
// another group, a record of another type and an id that exists nowhere all
// get the same answer, which names neither the group nor whether it exists.
TEST_P(PushServiceTest, aReferenceIsAuthorizedLikeTheRecordItPointsTo)
{
    const Caller nohara{"yamada", Role::Supporter, {"group:nohara"}};
    const Caller kamome{"kato", Role::Supporter, {"group:kamome"}};
    const std::string devN = "0190b5a0-0000-7000-8000-0000000000d1", devK = "0190b5a0-0000-7000-8000-0000000000d2";
    std::int64_t cseqN = 0, cseqK = 0;
    const auto as = [&](const Caller &who, Mutation m, const std::string &type) {
        m.type = type;
        m.cseq = &who == &nohara ? ++cseqN : ++cseqK;
        return pushOne(who, &who == &nohara ? devN : devK, std::move(m));
    };
    const json note{
        {"visited_at", "2026-11-27T10:00"}, {"group_name", "団体"}, {"supporter", "支援者"}, {"summary", "訪問"}};
    const std::string ownNote = newUuidV7(), foreignNote = newUuidV7(), ownFollowUp = newUuidV7();
    ASSERT_EQ(as(nohara, createOf(0, ownNote, "group:nohara", note, hlcAt(1)), "accompaniment.visit_note")["status"],
              "applied");
    ASSERT_EQ(
        as(kamome, createOf(0, foreignNote, "group:kamome", note, hlcAt(2)), "accompaniment.visit_note")["status"],
        "applied");
    const auto followUp = [&](const std::string &visit) {
        return json{{"visit", visit},
                    {"action", "資料を送る"},
                    {"due_on", "2026-12-10"},
                    {"owner", "yamada"},
                    {"status", "open"}};
    };
    ASSERT_EQ(as(nohara, createOf(0, ownFollowUp, "group:nohara", followUp(ownNote), hlcAt(3)),
                 "accompaniment.follow_up")["status"],
              "applied");
    std::set<std::string> answers;
    for (const std::string &target : {foreignNote, newUuidV7(), ownFollowUp}) {
        json res =
            as(nohara, createOf(0, newUuidV7(), "group:nohara", followUp(target), hlcAt(4)), "accompaniment.follow_up");
        EXPECT_EQ(res["status"], "rejected") << target;
        EXPECT_EQ(res["code"], "bad_reference") << target;
        answers.insert(res["message"].dump() + res["message_en"].dump());
        EXPECT_EQ(res.dump().find("kamome"), std::string::npos) << res.dump();
    }
    EXPECT_EQ(answers.size(), 1u) << "the same answer for foreign, missing and wrong-type targets";
    // An edit cannot point it elsewhere either; clearing the reference is allowed.
    json res = as(nohara, editOf(0, ownFollowUp, "group:nohara", {{"visit", foreignNote}}, {{"visit", 1}}, 1, hlcAt(5)),
                  "accompaniment.follow_up");
    EXPECT_EQ(res["code"], "bad_reference");
    res = as(nohara, editOf(0, ownFollowUp, "group:nohara", {{"visit", nullptr}}, {{"visit", 1}}, 1, hlcAt(6)),
             "accompaniment.follow_up");
    EXPECT_EQ(res["status"], "applied") << res.dump();
    // Records saved together (a note and its follow-ups in one push) see each other.
    const std::string newNote = newUuidV7();
    Mutation n = createOf(++cseqN, newNote, "group:nohara", note, hlcAt(7));
    n.type = "accompaniment.visit_note";
    Mutation f = createOf(++cseqN, newUuidV7(), "group:nohara", followUp(newNote), hlcAt(8));
    f.type = "accompaniment.follow_up";
    PushReply both = push(nohara, devN, {n, f});
    ASSERT_EQ(both.status, 200);
    EXPECT_EQ(both.body["results"][1]["status"], "applied") << both.body.dump();
}

// A rule between fields (締結日 when 締結済) holds after an edit as on a
// create: the server is the authority, whatever a device checked.
TEST_P(PushServiceTest, anEditCannotBreakARuleBetweenFieldsThatACreateMustKeep)
{
    const std::string project = newUuidV7(), contract = newUuidV7();
    Mutation p = createOf(0, project, kNaka,
                          {{"fiscal_year", 2024},
                           {"name", "みなと花壇"},
                           {"department", "市民局"},
                           {"partner", "NPO法人 みなと"},
                           {"origin", "citizen"},
                           {"continuation", "new"}},
                          hlcAt(1));
    p.type = "collaboration.project";
    ASSERT_EQ(a(p)["status"], "applied");
    json fields = {{"project", project},          {"fiscal_year", 2024}, {"template", "cohost"},
                   {"partner", "NPO法人 みなと"}, {"origin", "citizen"}, {"status", "signed"}};
    Mutation unsigned_ = createOf(0, newUuidV7(), kNaka, fields, hlcAt(2));
    unsigned_.type = "collaboration.contract";
    EXPECT_EQ(a(unsigned_)["status"], "rejected"); // signed, with no date
    fields["signed_on"] = "2024-04-01";
    Mutation c = createOf(0, contract, kNaka, fields, hlcAt(3));
    c.type = "collaboration.contract";
    ASSERT_EQ(a(c)["status"], "applied");

    Mutation cleared = editOf(0, contract, kNaka, {{"signed_on", nullptr}}, {{"signed_on", 1}}, 1, hlcAt(4));
    cleared.type = "collaboration.contract";
    const json r = a(cleared);
    EXPECT_EQ(r["status"], "rejected") << r.dump();
    // Back to 作成中 and the date may go with it, in one edit.
    Mutation back = editOf(0, contract, kNaka, {{"status", "draft"}, {"signed_on", nullptr}},
                           {{"status", 1}, {"signed_on", 1}}, 1, hlcAt(5));
    back.type = "collaboration.contract";
    EXPECT_EQ(a(back)["status"], "applied");
}
