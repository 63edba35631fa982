// What only the PostgreSQL store has: migrations shared by several processes,
// a pool that drops lost connections, rollback of an abandoned transaction.
// Needs $KYODO_TEST_PG (tests/pg/with-postgres.sh); skips otherwise.
#include "pgschema.h"
#include "storesql.h"
#include "serverfixture.h"

#include <thread>

using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

class PgStoreTest : public ::testing::Test {
protected:
    std::optional<PgTestDatabase> db;

    void SetUp() override
    {
        if (!PgTestDatabase::configured())
            GTEST_SKIP() << "set KYODO_TEST_PG or run under tests/pg/with-postgres.sh";
        db.emplace();
    }
    std::int64_t scalar(const char *sql) { return PgConn(db->uri()).exec(sql).i64(0, 0); }
};

} // namespace

TEST_F(PgStoreTest, processesStartingTogetherMigrateOnce)
{
    std::vector<std::thread> starters;
    std::atomic<int> failures = 0;
    for (int i = 0; i < 4; ++i)
        starters.emplace_back([&] {
            try {
                PgStore s(db->uri(), 1);
            } catch (const StoreError &) {
                ++failures;
            }
        });
    for (auto &t : starters)
        t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_version"), 1);
    EXPECT_EQ(scalar("SELECT version FROM schema_version"), kStoreSchemaVersion);
}

TEST_F(PgStoreTest, aNewerSchemaIsRefused)
{
    {
        PgStore s(db->uri(), 1);
    }
    PgConn(db->uri()).exec("UPDATE schema_version SET version = 99");
    EXPECT_THROW(PgStore(db->uri(), 1), StoreError);
}

TEST_F(PgStoreTest, anAbandonedWriteRollsBack)
{
    PgStore store(db->uri(), 1);
    {
        auto tx = store.beginWrite();
        tx->saveUser(UserRow{"alice", "staff", "x", false, {}});
        tx->lockScope("ward:naka");
    }
    auto tx = store.beginRead();
    EXPECT_FALSE(tx->loadUser("alice"));
    EXPECT_FALSE(tx->scopeState("ward:naka"));
}

TEST_F(PgStoreTest, aLostConnectionFailsOnceAndIsNotReused)
{
    PgStore store(db->uri(), 1);
    store.beginRead()->commit(); // the pool now holds one open connection
    PgConn(db->uri()).exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    EXPECT_THROW(store.beginWrite(), StoreError);
    // The dead connection was dropped: the next transaction connects afresh.
    {
        auto tx = store.beginWrite();
        tx->lockScope("ward:naka");
        tx->commit();
    }
    EXPECT_TRUE(store.beginRead()->scopeState("ward:naka"));
}

TEST_F(PgStoreTest, docsKeepTheirExactBytes)
{
    PgStore store(db->uri(), 1);
    StoredRecord r;
    r.id = "r1";
    r.scope = "ward:naka";
    r.type = "ward_centers.consultation";
    r.doc = "{\"fields\":{\"party\":\"NPO法人 みなと \\u0000 \\\"x\\\"\"},  \"id\":\"r1\"}";
    r.rev = ~std::uint64_t(0);
    r.checksum = 0xfedcba9876543210ULL;
    {
        auto tx = store.beginWrite();
        tx->saveRecord(r);
        tx->commit();
    }
    auto got = store.beginRead()->loadRecord("r1");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->doc, r.doc);
    EXPECT_EQ(got->rev, r.rev);
    EXPECT_EQ(got->checksum, r.checksum);
}
