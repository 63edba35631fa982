// The overlay: what a user sees is the confirmed state with unsettled outbox
// entries laid over it, and a checkpoint settles exactly the entries the
// server has confirmed. Server documents are made here by hand so each step is
// visible; the real server is exercised in tests/e2e.
#include "replicafixture.h"

#include "checksum.h"
#include "record.h"

using namespace kyodo;
using namespace kyodo::test;

namespace {

class Overlay : public ::testing::Test {
protected:
    void SetUp() override { replica = openReplica(dir.file("r.db")); }

    // Stages the confirmed version of a record and applies a checkpoint that
    // covers every confirmed document of the scope.
    std::vector<ScopeMismatch> confirm(const Record &r, std::int64_t rev, const json &versions, std::int64_t lastCseq)
    {
        const std::string doc = canonicalDoc(r);
        server[r.id] = doc;
        ++seq;
        EXPECT_TRUE(replica->stage({{r.scope, r.id, r.type, r.cl, seq, rev, doc, versions.dump()}}, {}).ok());
        std::uint64_t sum = 0;
        for (const auto &[id, d] : server)
            sum += recordChecksum(d);
        auto bad = replica->applyStaged({{r.scope, seq, sum, static_cast<std::int64_t>(server.size())}}, {}, lastCseq);
        EXPECT_TRUE(bad.ok());
        return bad.ok() ? *bad : std::vector<ScopeMismatch>{};
    }

    ViewRecord view(const std::string &id)
    {
        auto v = replica->get(id);
        EXPECT_TRUE(v.ok() && v->has_value());
        return v.ok() && v->has_value() ? **v : ViewRecord{};
    }

    void pushAll(Outcome outcome) { sendAndAnswer(*replica, outcome); }

    TempDir dir;
    std::unique_ptr<Replica> replica;
    std::map<std::string, std::string> server;
    std::int64_t seq = 0;
};

TEST_F(Overlay, aLocalCreateIsVisibleAndPendingUntilConfirmed)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    ViewRecord v = view(*id);
    EXPECT_TRUE(v.pending);
    EXPECT_EQ(v.receipt, OutboxState::Saved);
    EXPECT_EQ(v.fields["party"], "港北まちづくりの会");

    pushAll(Outcome::Applied);
    EXPECT_EQ(view(*id).receipt, OutboxState::Sent);

    Record confirmed{*id, "ward_centers.consultation", "ward:naka", 1, consultation()};
    EXPECT_TRUE(confirm(confirmed, 1, json::object(), 1).empty());
    v = view(*id);
    EXPECT_FALSE(v.pending);
    EXPECT_EQ(v.receipt, OutboxState::Applied);
    EXPECT_EQ(v.fields, consultation());
    EXPECT_EQ(replica->db().queryInt("SELECT count(*) FROM overlay"), 0);
}

TEST_F(Overlay, unsettledEditsStayOnTopOfANewerConfirmedState)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    pushAll(Outcome::Applied);
    Record r{*id, "ward_centers.consultation", "ward:naka", 1, consultation()};
    confirm(r, 1, {{"party", 1}, {"summary", 1}}, 1);

    ASSERT_TRUE(replica->edit(*id, {{"summary", "端末で追記した要旨"}}).ok());
    // Someone else changed another field on the server meanwhile.
    r.fields["staff"] = "佐藤";
    confirm(r, 2, {{"party", 1}, {"summary", 1}, {"staff", 2}}, 1);

    ViewRecord v = view(*id);
    EXPECT_TRUE(v.pending);
    EXPECT_EQ(v.fields["summary"], "端末で追記した要旨");
    EXPECT_EQ(v.fields["staff"], "佐藤");
    auto entries = replica->outbox(false);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ(entries->front().mutation.base["summary"], 1) << "edit is based on the confirmed version";
}

TEST_F(Overlay, deleteAndRestoreShowImmediately)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(replica->remove(*id).ok());
    EXPECT_TRUE(view(*id).deleted());
    auto live = replica->list("", "ward:naka", false);
    ASSERT_TRUE(live.ok());
    EXPECT_TRUE(live->empty());
    EXPECT_EQ(replica->edit(*id, {{"summary", "x"}}).error().code, "record_deleted");
    ASSERT_TRUE(replica->restore(*id).ok());
    EXPECT_FALSE(view(*id).deleted());
}

TEST_F(Overlay, aRejectedChangeLeavesTheViewButKeepsTheData)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    pushAll(Outcome::Rejected);
    auto v = replica->get(*id);
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->has_value()) << "never confirmed, so not shown as a record";
    auto entries = replica->outbox(false);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ(entries->front().state, OutboxState::Rejected);
    EXPECT_EQ(entries->front().code, "forbidden");
    EXPECT_EQ(entries->front().mutation.fields["party"], "港北まちづくりの会");
    // Fix and resend: a new entry with a new cseq, the old one discarded.
    ASSERT_TRUE(replica->resend(entries->front().mutation.cseq, {{"staff", "田中"}}).ok());
    ViewRecord again = view(*id);
    EXPECT_EQ(again.receipt, OutboxState::Saved);
    EXPECT_EQ(again.fields["staff"], "田中");
}

TEST_F(Overlay, invalidInputIsRefusedAndNothingIsSaved)
{
    json bad = consultation();
    bad["channel"] = "fax";
    auto id = replica->create("ward_centers.consultation", "ward:naka", bad);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.error().code, "bad_enum");
    EXPECT_EQ(replica->db().queryInt("SELECT count(*) FROM outbox"), 0);
    EXPECT_EQ(replica->db().queryInt("SELECT value FROM meta WHERE key='next_cseq'"), 1);
}

TEST_F(Overlay, aChecksumMismatchDropsTheScopeForAFullPull)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    pushAll(Outcome::Applied);
    Record r{*id, "ward_centers.consultation", "ward:naka", 1, consultation()};
    ASSERT_TRUE(confirm(r, 1, json::object(), 1).empty());
    // The server says the scope holds a record this device never received.
    server["other"] = R"({"cl":1})";
    ++seq;
    std::uint64_t sum = 0;
    for (const auto &[k, d] : server)
        sum += recordChecksum(d);
    auto bad = replica->applyStaged({{"ward:naka", seq, sum, 2}}, {}, 1);
    ASSERT_TRUE(bad.ok());
    ASSERT_EQ(bad->size(), 1u);
    EXPECT_EQ(bad->front().scope, "ward:naka");
    auto cursors = replica->cursors();
    ASSERT_TRUE(cursors.ok());
    EXPECT_TRUE(cursors->empty()) << "the scope is pulled again from zero";
}

TEST_F(Overlay, verifyFindsADamagedRow)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    pushAll(Outcome::Applied);
    Record r{*id, "ward_centers.consultation", "ward:naka", 1, consultation()};
    ASSERT_TRUE(confirm(r, 1, json::object(), 1).empty());
    auto clean = replica->verify();
    ASSERT_TRUE(clean.ok());
    EXPECT_TRUE(clean->empty());
    replica->db().exec("UPDATE records SET doc=replace(doc, '港北', '港南')");
    auto damaged = replica->verify();
    ASSERT_TRUE(damaged.ok());
    ASSERT_EQ(damaged->size(), 1u);
    EXPECT_EQ(replica->db().queryInt("SELECT count(*) FROM records"), 0);
}

TEST_F(Overlay, aPendingChangeStaysInViewWhileItsScopeIsPulledAgain)
{
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    pushAll(Outcome::Applied);
    Record r{*id, "ward_centers.consultation", "ward:naka", 1, consultation()};
    ASSERT_TRUE(confirm(r, 1, json::object(), 1).empty());
    ASSERT_TRUE(replica->edit(*id, {{"summary", "会議のあとで追記"}}).ok());
    auto fresh = replica->create("ward_centers.consultation", "ward:naka", consultation("まだ送っていない団体"));
    ASSERT_TRUE(fresh.ok());

    replica->db().exec("UPDATE records SET doc=replace(doc, '港北', '港南')");
    auto damaged = replica->verify();
    ASSERT_TRUE(damaged.ok());
    ASSERT_EQ(damaged->size(), 1u) << "the scope is dropped for a full pull";
    // Until the pull brings the scope back, what the user typed is still shown.
    EXPECT_EQ(view(*id).fields["summary"], "会議のあとで追記");
    EXPECT_TRUE(view(*id).pending);
    EXPECT_EQ(view(*fresh).fields["party"], "まだ送っていない団体");
}

} // namespace

// An edit is checked as the whole record will read: a contract cannot become
// 締結 without its signing date, and nothing is saved when it is refused.
TEST_F(Overlay, anEditIsRefusedWhenTheWholeRecordWouldMissAFieldItsStateRequires)
{
    auto id = replica->create("collaboration.contract", "city",
                              {{"project", "0190c000-0000-7000-8000-000000000001"},
                               {"fiscal_year", 2019},
                               {"template", "consignment"},
                               {"partner", "認定NPO法人市民セクターよこはま"},
                               {"origin", "city"},
                               {"status", "draft"}});
    ASSERT_TRUE(id.ok()) << id.error().text();
    const auto before = replica->outbox(true)->size();
    Status st = replica->edit(*id, {{"status", "signed"}});
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().field, "signed_on");
    EXPECT_EQ(replica->outbox(true)->size(), before);
    EXPECT_EQ(view(*id).fields["status"], "draft");
    EXPECT_TRUE(replica->edit(*id, {{"status", "signed"}, {"signed_on", "2019-04-01"}}).ok());
    EXPECT_FALSE(replica->edit(*id, {{"signed_on", nullptr}}).ok()) << "a signed contract keeps its date";
}

// A meeting is named by its 期 and 回: a second 第3期第6回 is refused on the
// device, in words, whether created or made so by an edit; a deleted one no longer counts.
TEST_F(Overlay, aSecondRecordWithTheSameUniqueFieldsIsRefused)
{
    auto meeting = [](int number) {
        return json{{"term", 3},
                    {"number", number},
                    {"title", "第3期第" + std::to_string(number) + "回"},
                    {"held_on", "2018-06-25T14:00"},
                    {"status", "held"}};
    };
    auto sixth = replica->create("committee.meeting", "committee", meeting(6));
    ASSERT_TRUE(sixth.ok()) << sixth.error().text();
    auto again = replica->create("committee.meeting", "committee", meeting(6));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "duplicate_record");
    EXPECT_NE(again.error().messageJa.find("期 3・回 6"), std::string::npos) << again.error().messageJa;
    auto seventh = replica->create("committee.meeting", "committee", meeting(7));
    ASSERT_TRUE(seventh.ok());
    EXPECT_EQ(replica->edit(*seventh, {{"number", 6}}).error().code, "duplicate_record");
    ASSERT_TRUE(replica->remove(*sixth).ok());
    EXPECT_TRUE(replica->edit(*seventh, {{"number", 6}}).ok()) << "the deleted one no longer holds the name";
}
