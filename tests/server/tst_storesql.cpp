// The store's one vocabulary (storesql.h): statements render for each
// database with nothing portable left over, every statement prepares against
// the schema the migrations build, and the server's SQLite store goes
// through the shared wrapper (sync/sqlite) without the replica's test hook.
#include "attachment.h"
#include "serverfixture.h"
#include "sqlite.h"
#include "sqlitestore.h"
#include "storesql.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

const Dialect kDialects[] = {Dialect::Sqlite, Dialect::Postgres};

TEST(StoreSql, ParametersAreNumberedForEachDatabase)
{
    EXPECT_EQ(renderSql("a = ?1 AND b = ?12", Dialect::Sqlite), "a = ?1 AND b = ?12");
    EXPECT_EQ(renderSql("a = ?1 AND b = ?12", Dialect::Postgres), "a = $1 AND b = $12");
}

TEST(StoreSql, TokensAreTheOnlyDialectDifferences)
{
    EXPECT_EQ(renderSql("x {int64}, s {seq_key}", Dialect::Sqlite), "x INTEGER, s INTEGER PRIMARY KEY");
    EXPECT_EQ(renderSql("x {int64}, s {seq_key}", Dialect::Postgres), "x BIGINT, s BIGSERIAL PRIMARY KEY");
    EXPECT_EQ(renderSql("WHERE id = ?1{lock}", Dialect::Sqlite), "WHERE id = ?1");
    EXPECT_EQ(renderSql("WHERE id = ?1{lock}", Dialect::Postgres), "WHERE id = $1 FOR UPDATE");
    EXPECT_EQ(renderSql("ORDER BY name{bytes}", Dialect::Postgres), "ORDER BY name COLLATE \"C\"");
    EXPECT_THROW(renderSql("x {int32}", Dialect::Sqlite), std::logic_error);
    EXPECT_THROW(renderSql("x {int64", Dialect::Postgres), std::logic_error);
}

TEST(StoreSql, EveryStatementRendersCompletely)
{
    for (Dialect d : kDialects) {
        for (int i = 0; i < static_cast<int>(Q::Count_); ++i) {
            const std::string &text = sql(static_cast<Q>(i), d);
            SCOPED_TRACE(text);
            EXPECT_FALSE(text.empty());
            EXPECT_EQ(text.find_first_of("{}"), std::string::npos);
            const char foreign = d == Dialect::Postgres ? '?' : '$'; // the other database's parameters
            EXPECT_EQ(text.find(foreign), std::string::npos);
        }
        EXPECT_EQ(static_cast<int>(migrations(d).size()), kStoreSchemaVersion);
    }
}

TEST(StoreSql, LockedReadsDifferOnlyInTheirLock)
{
    const std::pair<Q, Q> pairs[] = {{Q::RecordLoad, Q::RecordLoadLocked},
                                     {Q::ConflictLoad, Q::ConflictLoadLocked},
                                     {Q::ClientLoad, Q::ClientLoadLocked},
                                     {Q::ScopeLoad, Q::ScopeLoadLocked}};
    for (const auto &[read, locked] : pairs) {
        EXPECT_EQ(sql(read, Dialect::Sqlite), sql(locked, Dialect::Sqlite));
        EXPECT_EQ(sql(read, Dialect::Postgres) + " FOR UPDATE", sql(locked, Dialect::Postgres));
    }
}

TEST(StoreSql, EveryStatementPreparesAgainstTheMigratedSchema)
{
    TempDir dir;
    const std::string path = (dir.path() / "server.db").string();
    {
        SqliteStore store(path);
    }
    SqliteDb db = SqliteDb::open(path);
    EXPECT_EQ(db.queryInt("PRAGMA user_version"), kStoreSchemaVersion);
    for (int i = 0; i < static_cast<int>(Q::Count_); ++i) {
        const std::string &text = sql(static_cast<Q>(i), Dialect::Sqlite);
        SCOPED_TRACE(text);
        EXPECT_NO_THROW(db.prepare(text));
    }
}

TEST(StoreSql, TheServerStoreIsNotStoppedByTheReplicasTestHook)
{
    // The simulation kills devices through the statement hook while their
    // server runs in the same process: the server's statements must not see it.
    TempDir dir;
    SqliteStore store((dir.path() / "server.db").string());
    int calls = 0;
    setStatementHook([&] { ++calls; });
    {
        auto tx = store.beginWrite();
        tx->lockScope("ward:naka");
        tx->commit();
    }
    setStatementHook({});
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(store.beginRead()->scopeState("ward:naka")->seq, 0);
}

// Version 5 keeps each uploader's chunks apart: a store of version 4 keeps
// its whole files, readable as before, and what its scopes had proven.
TEST(StoreSql, FilesOfAVersionFourStoreStayWholeAfterTheMigration)
{
    TempDir dir;
    const std::string path = (dir.path() / "server.db").string();
    const std::string first(1024 * 1024, 'a'), second = "tail";
    const std::string sha = sha256Hex(first + second);
    {
        SqliteDb db = SqliteDb::open(path);
        const auto steps = migrations(Dialect::Sqlite);
        for (int v = 0; v < 4; ++v)
            db.exec(steps[static_cast<std::size_t>(v)]);
        db.exec("PRAGMA user_version = 4");
        db.prepare("INSERT INTO blobs VALUES (?, ?, 1, 0, 1)").bindAll(sha, std::int64_t(first.size() + 4)).run();
        int index = 0;
        for (const std::string &bytes : {first, second}) {
            db.prepare("INSERT INTO blob_chunks VALUES (?, ?, ?, ?)")
                .bindAll(sha, index, sha256Hex(bytes))
                .bindBlob(4, bytes)
                .run();
            db.prepare("INSERT INTO blob_proofs VALUES (?, 'ward:naka', ?)").bindAll(sha, index).run();
            ++index;
        }
    }
    SqliteStore store(path);
    auto tx = store.beginRead();
    const auto blob = tx->loadBlob(sha);
    ASSERT_TRUE(blob);
    EXPECT_TRUE(blob->complete);
    EXPECT_EQ(blob->size, static_cast<std::int64_t>(first.size() + 4));
    const auto parts = tx->blobParts(sha, blob->uploader);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts.at(1).hash, sha256Hex(second));
    EXPECT_EQ(tx->loadBlobPart(sha, blob->uploader, 1), second);
    const auto proofs = tx->blobProofs(sha);
    ASSERT_EQ(proofs.size(), 2u);
    EXPECT_EQ(proofs[0].hash, sha256Hex(first));
    EXPECT_EQ(proofs[1].hash, sha256Hex(second));
}

TEST(StoreSql, ANewerStoreIsRefused)
{
    TempDir dir;
    const std::string path = (dir.path() / "server.db").string();
    {
        SqliteStore store(path);
    }
    SqliteDb::open(path).exec("PRAGMA user_version = 99");
    try {
        SqliteStore store(path);
        FAIL() << "opened a store newer than this server";
    } catch (const StoreError &e) {
        EXPECT_NE(std::string(e.what()).find("newer than this server"), std::string::npos) << e.what();
    }
}

} // namespace
