// Backup and restore as an operator runs them (issue 14), with the real
// kyodo-server and kyodoctl, on SQLite and on PostgreSQL: a backup taken
// while a device keeps saving and syncing, the server stopped, the backup
// restored into a fresh database and served on the same address. The
// devices then give the restored server back every change it forgot, and
// every device — and a new one signing in — ends with the same records,
// each exactly once.
#include "device.h"
#include "pgtestdb.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace kyodo::test;
using kyodo::server::test::PgTestDatabase;

namespace {

const char *kConsultation = "ward_centers.consultation";

std::vector<std::string> consultation(const std::string &party)
{
    return {"received_at=2026-11-30T10:30", "channel=visit", "party=" + party, "category=startup"};
}

std::string portOf(const std::string &url) { return url.substr(url.rfind(':') + 1); }

// Each record of a device, by party, with how often that party appears.
std::map<std::string, int> partiesOn(const Device &d)
{
    std::map<std::string, int> seen;
    for (const json &r : d.records())
        ++seen[r["fields"].value("party", "")];
    return seen;
}

class Restore : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override
    {
        if (GetParam() == "postgres") {
            if (!PgTestDatabase::configured())
                GTEST_SKIP() << "no KYODO_TEST_PG (run under tests/pg/with-postgres.sh)";
            live = std::make_unique<PgTestDatabase>();
            fresh = std::make_unique<PgTestDatabase>();
        }
    }

    std::string liveDb() const { return live ? live->uri() : dir.file("server.db"); }
    std::string freshDb() const { return fresh ? fresh->uri() : dir.file("restored.db"); }

    TempDir dir, second;
    std::unique_ptr<PgTestDatabase> live, fresh;
};

TEST_P(Restore, ABackupUnderWriteLoadRestoresAndTheDevicesGiveBackWhatItForgot)
{
    auto server = ServerProcess::start(
        dir.path(), {{"sato", "staff", {"ward:naka"}}, {"suzuki", "staff", {"ward:naka"}}}, {}, liveDb());
    Device busy(dir, "busy"), other(dir, "other");
    busy.login(*server, "sato");
    other.login(*server, "suzuki");
    const std::string early = busy.put(kConsultation, "ward:naka", consultation("バックアップ前の団体"));
    busy.ok({"sync"});
    other.ok({"sync"});

    // One device saves and syncs without pause while the backup is taken.
    std::atomic<int> rounds{0};
    std::atomic<bool> stop{false};
    std::thread load([&] {
        for (int i = 0; !stop; ++i) {
            busy.put(kConsultation, "ward:naka", consultation("負荷 " + std::to_string(i)));
            busy.ok({"sync"});
            ++rounds;
        }
    });
    auto waitFor = [&](int n) {
        for (int i = 0; i < 600 && rounds < n; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    };
    waitFor(2);
    const RunResult backup = server->admin({"backup", dir.file("nightly.backup")});
    const int atBackup = rounds;
    waitFor(atBackup + 3); // and goes on after it
    stop = true;
    load.join();
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
    ASSERT_GE(rounds.load(), atBackup + 3);

    // After the backup: an edit from the other device, and one change on the
    // busy device that was never sent.
    other.ok({"sync"});
    other.ok({"edit", early, "summary=バックアップ後に直した"});
    other.put(kConsultation, "ward:naka", consultation("もう一台の団体"));
    other.ok({"sync"});
    busy.put(kConsultation, "ward:naka", consultation("復元のあとで送る団体"));
    const std::map<std::string, int> expected = [&] {
        busy.ok({"sync"});
        return partiesOn(busy);
    }();
    // The last change is still to be sent: it joins the expectation by hand.
    busy.put(kConsultation, "ward:naka", consultation("未送信の団体"));

    server->stop();
    const RunResult restore = run({serverBinary(), "--db", freshDb(), "restore", dir.file("nightly.backup")});
    ASSERT_EQ(restore.exitCode, 0) << restore.err;
    auto restored =
        ServerProcess::start(second.path(), {}, {"--listen", "127.0.0.1:" + portOf(server->url())}, freshDb());
    ASSERT_EQ(restored->url(), server->url());

    const json first = busy.jsonLines({"sync"}).at(0);
    EXPECT_GT(first["resent_after_restore"].get<int>(), 0) << first.dump();
    other.ok({"sync"});
    busy.ok({"sync"});
    other.ok({"sync"});

    std::map<std::string, int> want = expected;
    ++want["未送信の団体"];
    for (const auto &[party, count] : want)
        EXPECT_EQ(count, 1) << party << " doubled before the restore?";
    EXPECT_EQ(partiesOn(busy), want);
    EXPECT_EQ(partiesOn(other), want);
    EXPECT_EQ(busy.show(early)["fields"]["summary"], "バックアップ後に直した");
    // A device that signs in now sees what the others see: the server has it all.
    Device newcomer(second, "newcomer");
    newcomer.login(*restored, "sato");
    newcomer.ok({"sync"});
    EXPECT_EQ(partiesOn(newcomer), want);
    for (const json &r : busy.records())
        EXPECT_EQ(r.value("receipt", ""), "applied") << r.dump();
}

// What goes wrong on PostgreSQL is said, and nothing is touched (SQLite's
// refusals are in tests/server/tst_backup).
TEST_P(Restore, PostgresRefusalsSayWhyAndTouchNothing)
{
    if (GetParam() != "postgres")
        GTEST_SKIP() << "SQLite: tests/server/tst_backup";
    auto server = ServerProcess::start(dir.path(), {{"sato", "staff", {"ward:naka"}}}, {"--plain-http"}, liveDb());
    server->stop();
    const std::string archive = dir.file("nightly.backup");
    ASSERT_EQ(run({serverBinary(), "--db", liveDb(), "backup", archive}).exitCode, 0);
    auto refused = [](const RunResult &r, const std::string &why) {
        EXPECT_EQ(r.exitCode, 1) << r.out;
        EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    };
    // Not over a store that holds data.
    refused(run({serverBinary(), "--db", liveDb(), "restore", archive}), "空ではありません");
    // Not from a file that is no backup of a Kyodo store.
    std::ofstream(dir.file("notes.txt")) << "not an archive";
    refused(run({serverBinary(), "--db", freshDb(), "restore", dir.file("notes.txt")}), "読めません");
    // Not a database that is no Kyodo store; nothing is left half-written.
    refused(run({serverBinary(), "--db", freshDb(), "backup", dir.file("empty.backup")}), "読めません");
    EXPECT_FALSE(std::filesystem::exists(dir.file("empty.backup")));
    EXPECT_FALSE(std::filesystem::exists(dir.file("empty.backup.partial")));
    // Without PostgreSQL's tools, the operator is told which package to install.
    refused(
        run({serverBinary(), "--db", liveDb(), "backup", dir.file("x.backup")}, {{"KYODO_PG_BINDIR", "/nonexistent"}}),
        "postgresql-client");
    // The fresh database is still empty: a restore goes there.
    EXPECT_EQ(run({serverBinary(), "--db", freshDb(), "restore", archive}).exitCode, 0);
    EXPECT_NE(run({serverBinary(), "--db", freshDb(), "user", "list"}).out.find("sato"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, Restore, ::testing::Values("sqlite", "postgres"),
                         [](const auto &info) { return info.param; });

} // namespace
