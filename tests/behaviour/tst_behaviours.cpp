// One short, deterministic test per behaviour of the sync protocol, each on
// the fake remote (tests/support/fakeremote.h) and each ending with its
// closing check: every replica equals the server, and every saved change
// ended exactly once.
#include "fakeremote.h"

#include <gtest/gtest.h>

#include "process.h"

using namespace kyodo;
using namespace kyodo::test;

namespace {

const char *kType = "ward_centers.consultation";

json consultation(const std::string &party)
{
    return {{"received_at", "2019-06-01T10:30"}, {"channel", "visit"}, {"party", party}, {"category", "startup"}};
}

std::string errorBody(const char *code)
{
    return json{{"error", {{"code", code}, {"message", "（模擬）"}, {"message_en", "(fake)"}}}}.dump();
}

class Behaviour : public ::testing::Test {
protected:
    void TearDown() override
    {
        if (!remote)
            return;
        EXPECT_EQ(remote->syncUntilQuiet(), "");
        const Convergence c = remote->check();
        EXPECT_TRUE(c.ok()) << c.text();
    }

    SyncOptions oneThread()
    {
        SyncOptions o;
        o.overlapPages = false;
        return o;
    }

    // Syncs and expects it to work.
    void syncOk(FakeDevice &d, SyncOptions o = {})
    {
        auto r = d.sync(o);
        ASSERT_TRUE(r.ok()) << d.name << ": " << r.error().text();
    }

    std::string createdOn(FakeDevice &d, const std::string &scope, const std::string &party)
    {
        auto id = d.create(kType, scope, consultation(party));
        EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().text());
        return id.ok() ? *id : std::string();
    }

    std::vector<ConflictInfo> openConflicts(FakeDevice &d)
    {
        auto c = d.replica->conflicts(true);
        EXPECT_TRUE(c.ok());
        return c.ok() ? *c : std::vector<ConflictInfo>{};
    }

    TempDir dir;
    std::unique_ptr<FakeRemote> remote = std::make_unique<FakeRemote>(dir.path());
};

TEST_F(Behaviour, aClientResetContinuesUnderANewIdAndLosesNothing)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    createdOn(d, "ward:naka", "先に送った団体");
    syncOk(d);
    const std::string before = d.replica->clientId();
    const std::string id = createdOn(d, "ward:naka", "あとで保存した団体");
    // The server no longer knows this device's numbers (restored from an old copy).
    remote->network().failNext(Fault::Answer, "/v1/push", 409, errorBody("client_reset"));
    syncOk(d);
    EXPECT_EQ(remote->network().answered("/v1/push", 409), 1);
    EXPECT_NE(d.replica->clientId(), before) << "continues under a new identity";
    EXPECT_EQ(d.view(id)->receipt, OutboxState::Applied);
}

// A server restored from last night's backup has forgotten the day's
// changes; the devices that made them still have them. A device that has
// nothing new to send learns it from the pull's last_cseq; one with unsent
// changes from the push (409 server_restored). Either way it sends the
// forgotten changes again under their own numbers and nothing is lost or
// doubled (the closing check counts one result per change on the server).
TEST_F(Behaviour, aServerRestoredFromABackupGetsBackEveryChangeItForgot)
{
    remote->addUser("sato", {"ward:naka"});
    remote->addUser("suzuki", {"ward:naka"});
    FakeDevice &quiet = remote->addDevice("tablet", "sato");
    FakeDevice &busy = remote->addDevice("laptop", "suzuki");
    const std::string before = createdOn(quiet, "ward:naka", "バックアップ前の相談");
    syncOk(quiet);
    syncOk(busy);
    const std::string backup = dir.file("nightly.db");
    ASSERT_TRUE(remote->server().backupTo(backup).ok());

    const std::string afterQuiet = createdOn(quiet, "ward:naka", "バックアップ後の相談");
    ASSERT_TRUE(quiet.replica->edit(before, {{"summary", "バックアップ後に直した"}}).ok());
    const std::string afterBusy = createdOn(busy, "ward:naka", "もう一台の相談");
    syncOk(quiet);
    syncOk(busy);
    syncOk(quiet);
    ASSERT_EQ(quiet.view(afterBusy)->fields["party"], "もう一台の相談");

    ASSERT_TRUE(remote->server().restoreFrom(backup).ok());
    const std::string unsent = createdOn(busy, "ward:naka", "復元のあとで保存した相談");

    auto q = quiet.sync();
    ASSERT_TRUE(q.ok()) << q.error().text();
    EXPECT_EQ(q->resentAfterRestore, 2) << "the create and the edit after the backup";
    EXPECT_EQ(q->repairedScopes, std::vector<std::string>{"ward:naka"});
    auto b = busy.sync();
    ASSERT_TRUE(b.ok()) << b.error().text();
    EXPECT_EQ(b->resentAfterRestore, 1);
    EXPECT_EQ(remote->network().answered("/v1/push", 409), 1) << "busy learnt it from its push";
    syncOk(quiet);

    for (FakeDevice *d : {&quiet, &busy}) {
        EXPECT_EQ(d->view(before)->fields["summary"], "バックアップ後に直した") << d->name;
        EXPECT_EQ(d->view(afterQuiet)->receipt, OutboxState::Applied) << d->name;
        EXPECT_EQ(d->view(afterBusy)->fields["party"], "もう一台の相談") << d->name;
        EXPECT_EQ(d->view(unsent)->fields["party"], "復元のあとで保存した相談") << d->name;
    }
    auto tx = remote->server().store().beginRead();
    EXPECT_EQ(tx->scopeState("ward:naka")->count, 4) << "nothing doubled";
}

// A rejection the server forgot is asked for again: the restored server
// holds the refused change for an administrator once more.
TEST_F(Behaviour, aRejectionTheRestoredServerForgotIsAskedForAgain)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    syncOk(d);
    const std::string backup = dir.file("nightly.db");
    ASSERT_TRUE(remote->server().backupTo(backup).ok());
    auto id = d.create(kType, "ward:kohoku", consultation("よその区の相談"));
    ASSERT_TRUE(id.ok()) << id.error().text();
    syncOk(d);
    ASSERT_EQ(d.view(*id), std::nullopt);
    ASSERT_TRUE(remote->server().restoreFrom(backup).ok());
    auto r = d.sync();
    ASSERT_TRUE(r.ok()) << r.error().text();
    EXPECT_EQ(r->resentAfterRestore, 1);
    EXPECT_EQ(r->rejected, 1);
    auto tx = remote->server().store().beginRead();
    EXPECT_EQ(tx->listQuarantine(true).size(), 1u);
}

// The city raised the oldest app it serves: a tablet that was not updated is
// told so in words before anything is sent, keeps every change as 未送信,
// and syncs them once the app is updated.
TEST_F(Behaviour, anAppOlderThanTheServersMinimumIsToldToUpdateAndKeepsItsChanges)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    const std::string id = createdOn(d, "ward:naka", "更新前に保存した相談");
    d.channel->speak(kProtocolVersion - 1);
    remote->server().requireProtocol(kProtocolVersion);
    auto r = d.sync();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "upgrade_required");
    EXPECT_NE(r.error().messageJa.find("アプリを更新してください"), std::string::npos) << r.error().messageJa;
    EXPECT_EQ(remote->network().answered("/v1/push", 426), 1);
    EXPECT_EQ(d.view(id)->receipt, OutboxState::Saved) << "nothing was taken in: 未送信, not 送信済み";
    d.channel->speak(kProtocolVersion); // the app was updated
    syncOk(d);
    EXPECT_EQ(d.view(id)->receipt, OutboxState::Applied);
}

TEST_F(Behaviour, aLostTokenStopsTheSyncAndKeepsEverySaveForTheNextSignIn)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    const std::string id = createdOn(d, "ward:naka", "サインインが切れた日の相談");
    remote->network().failNext(Fault::Answer, "/v1/push", 401, errorBody("unauthorized"));
    auto r = d.sync();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "unauthorized");
    EXPECT_EQ(d.view(id)->receipt, OutboxState::Saved) << "never sent: 未送信, not 送信済み";
    auto again =
        SyncEngine::login(*d.replica, *d.channel, "fake://server", "", "sato", FakeRemote::kPassword, "tablet");
    ASSERT_TRUE(again.ok()) << again.error().text();
    syncOk(d);
    EXPECT_EQ(d.view(id)->receipt, OutboxState::Applied);
}

TEST_F(Behaviour, twoBatchesInFlightWhoseFirstIsLostAreRefused425AndSentAgainInOrder)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    const std::string first = createdOn(d, "ward:naka", "一つ目");
    const std::string second = createdOn(d, "ward:naka", "二つ目");
    ASSERT_TRUE(d.replica->edit(first, {{"summary", "一つ目を直した"}}).ok());
    SyncOptions pipeline;
    pipeline.pushBatch = 1;       // one change per batch: two batches in flight
    pipeline.overlapPages = true; // on two connections at once
    // The first batch never arrives; the second names it as prev_cseq and waits for it in vain.
    remote->network().failNextWhere(Fault::DropRequest, [](const ApiRequest &r) {
        return r.path == "/v1/push" && r.body.find("prev_cseq") == std::string::npos;
    });
    auto r = d.sync(pipeline);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(remote->network().answered("/v1/push", 425), 1) << "the second batch may not overtake the first";
    syncOk(d, pipeline);
    EXPECT_EQ(d.view(first)->fields["summary"], "一つ目を直した");
    EXPECT_EQ(d.view(second)->receipt, OutboxState::Applied);
}

TEST_F(Behaviour, aDamagedRowIsFoundByItsChecksumAndPulledAgain)
{
    remote->addUser("sato", {"ward:naka"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    const std::string id = createdOn(d, "ward:naka", "港北まちづくりの会");
    syncOk(d);
    d.replica->db().exec("UPDATE records SET doc=replace(doc, '港北', '港南')");
    auto bad = d.replica->verify();
    ASSERT_TRUE(bad.ok());
    ASSERT_EQ(bad->size(), 1u);
    syncOk(d);
    EXPECT_EQ(d.view(id)->fields["party"], "港北まちづくりの会");
}

TEST_F(Behaviour, aRevokedScopeIsPurgedAndItsUnsentChangeKeptForTheAdministrator)
{
    remote->addUser("sato", {"ward:naka", "ward:kohoku"});
    FakeDevice &d = remote->addDevice("tablet", "sato");
    const std::string synced = createdOn(d, "ward:naka", "中区の団体");
    createdOn(d, "ward:kohoku", "港北区の団体");
    syncOk(d);
    remote->server().revoke("sato", "ward:naka");
    createdOn(d, "ward:naka", "取り消しのあとで保存した団体");
    auto r = d.sync();
    ASSERT_TRUE(r.ok()) << r.error().text();
    EXPECT_EQ(r->revokedScopes, std::vector<std::string>{"ward:naka"});
    EXPECT_FALSE(d.view(synced).has_value()) << "nothing of the revoked ward stays on the device";
    auto tx = remote->server().store().beginRead();
    EXPECT_EQ(tx->listQuarantine(true).size(), 1u) << "the change refused as forbidden waits for an administrator";
}

TEST_F(Behaviour, aScopeGrantedForReadingOnlyIsPulledWholeAndNeverWritten)
{
    remote->addUser("sato", {"ward:naka"});
    remote->addUser("clerk", {"city"});
    remote->server().grant("clerk", "ward:naka", server::GrantAccess::Read);
    FakeDevice &ward = remote->addDevice("ward-pc", "sato");
    FakeDevice &city = remote->addDevice("city-pc", "clerk");
    const std::string id = createdOn(ward, "ward:naka", "中区の団体");
    syncOk(ward);
    syncOk(city);
    ASSERT_TRUE(city.view(id).has_value()) << "the clerk reads the ward's records for the yearly report";
    // The device itself refuses, in words, what the server would refuse.
    auto edit = city.replica->edit(id, {{"party", "書き換え"}});
    ASSERT_FALSE(edit.ok());
    EXPECT_EQ(edit.error().code, "read_only_scope");
    EXPECT_NE(edit.error().messageJa.find("閲覧のみ"), std::string::npos) << edit.error().messageJa;
    EXPECT_EQ(city.create(kType, "ward:naka", consultation("新しい団体")).error().code, "read_only_scope");
    EXPECT_EQ(city.replica->remove(id).error().code, "read_only_scope");

    // A grant turned read-only after sign-in: the change saved before the
    // device knew is refused by the server and kept for an administrator;
    // the next pull tells the device, which then refuses on its own.
    ASSERT_TRUE(ward.replica->edit(id, {{"party", "権限が変わる前の編集"}}).ok());
    remote->server().grant("sato", "ward:naka", server::GrantAccess::Read);
    syncOk(ward);
    EXPECT_EQ(ward.replica->edit(id, {{"party", "もう一度"}}).error().code, "read_only_scope");
    auto session = ward.replica->session();
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->readOnlyScopes, std::vector<std::string>{"ward:naka"});
    auto tx = remote->server().store().beginRead();
    EXPECT_EQ(tx->listQuarantine(true).size(), 1u) << "the refused edit waits for an administrator";
    EXPECT_EQ(json::parse(tx->loadRecord(id)->doc)["fields"]["party"], "中区の団体");
}

TEST_F(Behaviour, anotherPersonSigningInOnASharedTabletResendsNothingTheFirstHadSent)
{
    remote->addUser("sato", {"ward:naka"});
    remote->addUser("clerk", {"city"});
    remote->server().grant("clerk", "ward:naka", server::GrantAccess::Read);
    FakeDevice &tablet = remote->addDevice("shared-tablet", "sato");
    const std::string id = createdOn(tablet, "ward:naka", "中区の団体");
    syncOk(tablet);
    const std::string firstIdentity = tablet.replica->clientId();
    // The city clerk signs in on the same tablet (a meeting room's shared one).
    auto s = SyncEngine::login(*tablet.replica, *tablet.channel, "fake://server", "", "clerk", FakeRemote::kPassword,
                               tablet.name);
    ASSERT_TRUE(s.ok()) << s.error().text();
    tablet.user = "clerk";
    EXPECT_NE(tablet.replica->clientId(), firstIdentity) << "each person's changes go under an identity of their own";
    syncOk(tablet);
    // Sato's change stays applied: not sent again as the clerk's, not "rejected".
    EXPECT_EQ(*tablet.replica->countInState(OutboxState::Rejected), 0);
    EXPECT_EQ(tablet.view(id)->receipt, OutboxState::Applied);
    auto tx = remote->server().store().beginRead();
    EXPECT_TRUE(tx->listQuarantine(true).empty());
}

TEST_F(Behaviour, aRecordDeletedOnOneDeviceAndEditedOnAnotherIsRestoredByTheEditor)
{
    remote->addUser("sato", {"ward:naka"});
    remote->addUser("suzuki", {"ward:naka"});
    FakeDevice &a = remote->addDevice("office", "sato");
    FakeDevice &b = remote->addDevice("tablet", "suzuki");
    const std::string id = createdOn(a, "ward:naka", "消される団体");
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    ASSERT_TRUE(a.save([&] { return a.replica->remove(id); }).ok());
    syncOk(a, oneThread());
    ASSERT_TRUE(b.save([&] { return b.replica->edit(id, {{"summary", "訪問で聞いた内容"}}); }).ok());
    syncOk(b, oneThread());
    auto open = openConflicts(b);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].kind, ConflictKind::DeleteEdit);
    ASSERT_TRUE(b.save([&] { return b.replica->resolve(open[0].id, "mine", json()); }).ok());
    syncOk(b, oneThread());
    syncOk(a, oneThread());
    ASSERT_TRUE(a.view(id).has_value());
    EXPECT_FALSE(a.view(id)->deleted()) << "the editor kept the record";
    EXPECT_EQ(a.view(id)->fields["summary"], "訪問で聞いた内容");
}

TEST_F(Behaviour, aRecordMovedWhileItHasAnOpenConflictTakesTheConflictAlong)
{
    remote->addUser("sato", {"ward:naka", "ward:kohoku"});
    remote->addUser("suzuki", {"ward:naka", "ward:kohoku"});
    FakeDevice &a = remote->addDevice("office", "sato");
    FakeDevice &b = remote->addDevice("tablet", "suzuki");
    const std::string id = createdOn(a, "ward:naka", "移る団体");
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    ASSERT_TRUE(a.save([&] { return a.replica->edit(id, {{"summary", "事務所で書いた要旨"}}); }).ok());
    ASSERT_TRUE(b.save([&] { return b.replica->edit(id, {{"summary", "訪問先で書いた要旨"}}); }).ok());
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    const auto before = openConflicts(b);
    ASSERT_EQ(before.size(), 1u);
    ASSERT_TRUE(a.save([&] { return a.replica->move(id, "ward:kohoku"); }).ok());
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    // The conflict moved with the record: closed where it was, open again in its new ward.
    const auto after = openConflicts(b);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].scope, "ward:kohoku");
    EXPECT_EQ(after[0].record, id);
    EXPECT_EQ(after[0].field, "summary");
    EXPECT_FALSE(b.replica->resolve(before[0].id, "mine", json()).ok()) << "the old conflict is closed";
    ASSERT_TRUE(b.save([&] { return b.replica->resolve(after[0].id, "mine", json()); }).ok());
    syncOk(b, oneThread());
    syncOk(a, oneThread());
    EXPECT_EQ(a.view(id)->scope, "ward:kohoku");
    EXPECT_EQ(a.view(id)->fields["summary"], "訪問先で書いた要旨");
    EXPECT_TRUE(openConflicts(b).empty());
    EXPECT_TRUE(openConflicts(a).empty());
}

TEST_F(Behaviour, aConflictLeftBehindByAMoveOutOfTheUsersWardsCannotReachTheRecord)
{
    remote->addUser("sato", {"ward:naka", "ward:kohoku"});
    remote->addUser("suzuki", {"ward:naka"});
    FakeDevice &a = remote->addDevice("office", "sato");
    FakeDevice &b = remote->addDevice("tablet", "suzuki");
    const std::string id = createdOn(a, "ward:naka", "港北へ移る団体");
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    ASSERT_TRUE(a.save([&] { return a.replica->edit(id, {{"summary", "事務所の要旨"}}); }).ok());
    ASSERT_TRUE(b.save([&] { return b.replica->edit(id, {{"summary", "中区の職員の要旨"}}); }).ok());
    syncOk(a, oneThread());
    syncOk(b, oneThread());
    auto open = openConflicts(b);
    ASSERT_EQ(open.size(), 1u);
    // Moved to a ward suzuki may not read: the record is no longer theirs.
    ASSERT_TRUE(a.save([&] { return a.replica->move(id, "ward:kohoku"); }).ok());
    syncOk(a, oneThread());
    // suzuki resolves the conflict still on the tablet before the pull shows the move.
    (void)b.save([&] { return b.replica->resolve(open[0].id, "mine", json()); });
    syncOk(b, oneThread());
    EXPECT_FALSE(b.view(id).has_value()) << "a record in another ward is not kept on the tablet";
    syncOk(a, oneThread());
    EXPECT_EQ(a.view(id)->fields["summary"], "事務所の要旨") << "a stale resolution does not reach across wards";
}

} // namespace
