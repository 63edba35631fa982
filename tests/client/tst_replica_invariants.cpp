// The replica's invariants (replica.h, checked by replicacheck.h): sound
// after every kind of transition, and each one named when a row breaks it.
// Debug builds (the sanitize preset) also show that a commit over a broken
// invariant stops the process instead of writing on.
#include "replicafixture.h"

#include "checksum.h"
#include "record.h"
#include "replicacheck.h"

using namespace kyodo;
using namespace kyodo::test;

namespace {

class ReplicaInvariants : public ::testing::Test {
protected:
    void SetUp() override { replica = openReplica(dir.file("r.db")); }

    std::vector<std::string> violations() { return replicaInvariantViolations(replica->db()); }

    // The first violation's invariant number ("I5"), or "" when sound.
    std::string firstViolated()
    {
        const auto v = violations();
        return v.empty() ? "" : v.front().substr(0, v.front().find(':'));
    }

    void expectSound(const char *after)
    {
        const auto v = violations();
        EXPECT_TRUE(v.empty()) << after << ": " << (v.empty() ? "" : v.front());
    }

    void sendAndAnswer(Outcome outcome)
    {
        test::sendAndAnswer(*replica, outcome, [this](const char *step) { expectSound(step); });
    }

    // The server's copy of one record, confirmed at last_cseq.
    void confirm(const Record &r, std::int64_t lastCseq)
    {
        const std::string doc = canonicalDoc(r);
        ASSERT_TRUE(replica->stage({{r.scope, r.id, r.type, r.cl, 1, 1, doc, "{}"}}, {}).ok());
        auto bad = replica->applyStaged({{r.scope, 1, recordChecksum(doc), 1}}, {}, lastCseq);
        ASSERT_TRUE(bad.ok());
        EXPECT_TRUE(bad->empty());
        expectSound("applyStaged");
    }

    // One record created, sent, applied and confirmed; then edited (saved).
    std::string settledThenEdited()
    {
        auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
        EXPECT_TRUE(id.ok());
        sendAndAnswer(Outcome::Applied);
        confirm({*id, "ward_centers.consultation", "ward:naka", 1, consultation()}, 1);
        EXPECT_TRUE(replica->edit(*id, {{"summary", "追記"}}).ok());
        return *id;
    }

    TempDir dir;
    std::unique_ptr<Replica> replica;
};

TEST_F(ReplicaInvariants, holdAfterEveryKindOfTransition)
{
    expectSound("open");
    auto id = replica->create("ward_centers.consultation", "ward:naka", consultation());
    ASSERT_TRUE(id.ok());
    expectSound("create");
    ASSERT_TRUE(replica->edit(*id, {{"summary", "追記"}}).ok());
    expectSound("edit");
    sendAndAnswer(Outcome::Applied);
    json fields = consultation();
    fields["summary"] = "追記";
    confirm({*id, "ward_centers.consultation", "ward:naka", 1, fields}, 2);

    auto other = replica->create("ward_centers.consultation", "ward:naka", consultation("別の団体"));
    ASSERT_TRUE(other.ok());
    sendAndAnswer(Outcome::Rejected);
    auto rejected = replica->outboxInState(OutboxState::Rejected);
    ASSERT_TRUE(rejected.ok());
    ASSERT_FALSE(rejected->empty());
    ASSERT_TRUE(replica->resend(rejected->front().mutation.cseq, json::object()).ok());
    expectSound("resend");
    auto saved = replica->outboxInState(OutboxState::Saved);
    ASSERT_TRUE(saved.ok());
    ASSERT_FALSE(saved->empty());
    ASSERT_TRUE(replica->discard(saved->front().mutation.cseq).ok());
    expectSound("discard");
    ASSERT_TRUE(replica->remove(*id).ok());
    expectSound("delete");
}

TEST_F(ReplicaInvariants, eachBrokenRowIsNamedByItsInvariant)
{
    settledThenEdited();
    ASSERT_EQ(firstViolated(), "");
    auto &db = replica->db();

    db.exec("UPDATE outbox SET state='bogus' WHERE cseq=2");
    EXPECT_EQ(firstViolated(), "I5");
    db.exec("UPDATE outbox SET state='saved' WHERE cseq=2");

    db.exec("UPDATE meta SET value='2' WHERE key='next_cseq'");
    EXPECT_EQ(firstViolated(), "I2");
    db.exec("UPDATE meta SET value='3' WHERE key='next_cseq'");

    db.exec("DELETE FROM outbox_payload WHERE cseq=2");
    EXPECT_EQ(firstViolated(), "I6");
}

TEST_F(ReplicaInvariants, receiptsOverlayAndSumsAreChecked)
{
    settledThenEdited();
    auto &db = replica->db();

    db.exec("UPDATE outbox SET state='sent', sent_at=NULL WHERE cseq=2");
    EXPECT_EQ(firstViolated(), "I7");
    db.exec("UPDATE outbox SET state='saved' WHERE cseq=2");

    db.exec("UPDATE outbox SET settled_at=NULL WHERE cseq=1");
    EXPECT_EQ(firstViolated(), "I8");
    db.exec("UPDATE outbox SET settled_at='2026-01-01T00:00:00Z' WHERE cseq=1");

    db.exec("DELETE FROM overlay");
    EXPECT_EQ(firstViolated(), "I9");
}

TEST_F(ReplicaInvariants, scopeSumsMustMatchTheRecords)
{
    settledThenEdited();
    replica->db().exec("UPDATE scope_sums SET n=n+1");
    EXPECT_EQ(firstViolated(), "I10");
}

#ifndef NDEBUG
TEST_F(ReplicaInvariants, aDebugBuildStopsAtTheCommitThatWouldKeepABrokenInvariant)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    settledThenEdited();
    replica->db().exec("DELETE FROM overlay"); // outside any checked transaction
    EXPECT_DEATH((void)replica->create("ward_centers.consultation", "ward:naka", consultation()),
                 "replica invariant is violated.*I9");
}
#endif

} // namespace
