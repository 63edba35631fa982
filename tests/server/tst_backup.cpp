// kyodo-server backup / restore (issue 14) on SQLite: a backup taken while
// a device keeps pushing is one consistent snapshot (every scope's checksum
// and count agree with its records, nothing half-written), restores into a
// fresh database and serves; bad input is refused without touching anything.
#include "backup.h"
#include "hlc.h"
#include "process.h"
#include "pushservice.h"
#include "serverfixture.h"
#include "sqlite.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

const std::string kNaka = "ward:naka";

// A hybrid clock value a little before now, the n-th of a device's edits.
std::uint64_t hlcAt(std::int64_t n)
{
    return HybridClock::pack(HybridClock::systemMillis() - 10'000 + static_cast<std::uint64_t>(n), 0);
}

class Backup : public ::testing::Test {
protected:
    std::string path(const std::string &name) const { return (dir.path() / name).string(); }

    TempDir dir;
    SchemaSet schemas = loadSchemas();
};

TEST_F(Backup, ASnapshotTakenUnderWriteLoadRestoresWholeAndServes)
{
    const std::string db = path("server.db");
    std::atomic<int> pushed{0};
    std::atomic<bool> stop{false};
    {
        SqliteStore store(db);
        PushService service(store, schemas);
        const Caller sato = staff("sato", kNaka);
        const std::string client = newUuidV7();
        std::thread device([&] {
            for (std::int64_t cseq = 1; !stop; ++cseq) {
                PushReply r = service.push(
                    sato, PushRequest{client, {createOf(cseq, newUuidV7(), kNaka, consultationFields(), hlcAt(cseq))}});
                ASSERT_EQ(r.status, 200) << r.body.dump();
                ++pushed;
            }
        });
        while (pushed < 20)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const Status st = backupSqliteStore(db, path("backup.db"));
        const int before = pushed;
        while (pushed < before + 20) // the device goes on after the backup
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        stop = true;
        device.join();
        ASSERT_TRUE(st.ok()) << st.error().text();
    }
    EXPECT_FALSE(std::filesystem::exists(path("backup.db.partial")));

    ASSERT_TRUE(restoreSqliteStore(path("backup.db"), path("restored.db")).ok());
    SqliteStore restored(path("restored.db"));
    std::int64_t count = 0;
    const std::uint64_t sum = recomputedScopeChecksum(restored, kNaka, &count);
    const auto state = restored.beginRead()->scopeState(kNaka);
    ASSERT_TRUE(state);
    EXPECT_EQ(state->checksum, sum); // invariant 3 holds in the copy
    EXPECT_EQ(state->count, count);
    EXPECT_GE(count, 20);                                  // everything committed before the backup began…
    EXPECT_LT(count, pushed.load());                       // …and not what came after it
    EXPECT_EQ(restored.beginRead()->resultCount(), count); // each applied change with its stored result

    // The restored server takes new pushes.
    PushService service(restored, schemas);
    PushReply r =
        service.push(staff("sato", kNaka),
                     PushRequest{newUuidV7(), {createOf(1, newUuidV7(), kNaka, consultationFields(), hlcAt(1))}});
    EXPECT_EQ(r.status, 200) << r.body.dump();
}

TEST_F(Backup, BadInputIsRefusedAndNothingIsTouched)
{
    const std::string db = path("server.db");
    {
        SqliteStore store(db);
    }
    // A restore only goes into a new database.
    ASSERT_TRUE(backupSqliteStore(db, path("copy.db")).ok());
    const Status over = restoreSqliteStore(path("copy.db"), db);
    ASSERT_FALSE(over.ok());
    EXPECT_NE(over.error().messageJa.find("既にあります"), std::string::npos) << over.error().text();
    // A file that is not a Kyodo store, a missing one, PostgreSQL.
    std::ofstream(path("notes.txt")) << "not a database";
    EXPECT_FALSE(restoreSqliteStore(path("notes.txt"), path("new.db")).ok());
    EXPECT_FALSE(std::filesystem::exists(path("new.db")));
    SqliteDb::open(path("other.sqlite")).exec("CREATE TABLE t (x)");
    const Status foreign = restoreSqliteStore(path("other.sqlite"), path("new.db"));
    ASSERT_FALSE(foreign.ok());
    EXPECT_NE(foreign.error().detail.find("schema version 0"), std::string::npos) << foreign.error().text();
    EXPECT_FALSE(std::filesystem::exists(path("new.db")));
    EXPECT_EQ(backupSqliteStore(path("missing.db"), path("x.db")).error().code, "not_found");
    EXPECT_FALSE(std::filesystem::exists(path("missing.db"))); // not created by looking
    EXPECT_EQ(backupSqliteStore("postgresql://kyodo@db/kyodo", path("x.db")).error().code, "usage");
}

TEST_F(Backup, TheRealServerBacksUpAndRestores)
{
    using kyodo::test::run;
    using kyodo::test::serverBinary;
    const std::string db = path("server.db");
    const std::map<std::string, std::string> env{{"KYODO_PASSWORD", "pw"}, {"KYODO_PBKDF2_ITERATIONS", "1000"}};
    ASSERT_EQ(run({serverBinary(), "--db", db, "user", "add", "sato", "--role", "staff"}, env).exitCode, 0);
    const auto backup = run({serverBinary(), "--db", db, "backup", path("nightly.db")});
    ASSERT_EQ(backup.exitCode, 0) << backup.err;
    const auto restore = run({serverBinary(), "--db", path("restored.db"), "restore", path("nightly.db")});
    ASSERT_EQ(restore.exitCode, 0) << restore.err;
    const auto users = run({serverBinary(), "--db", path("restored.db"), "user", "list"});
    EXPECT_NE(users.out.find("sato"), std::string::npos) << users.out;
    const auto again = run({serverBinary(), "--db", path("restored.db"), "restore", path("nightly.db")});
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
}

} // namespace
