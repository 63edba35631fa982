#include "replicafixture.h"

#include <fstream>

using namespace kyodo;
using namespace kyodo::test;

TEST(ReplicaMigrations, aNewFileGetsTheCurrentFormat)
{
    TempDir dir;
    auto r = openReplica(dir.file("r.db"));
    EXPECT_EQ(r->schemaVersion(), Replica::kSchemaVersion);
    EXPECT_EQ(r->db().queryInt("PRAGMA journal_mode='wal'").has_value(), true);
    for (const char *table : {"meta", "records", "outbox", "overlay", "scopes", "conflicts", "staging"}) {
        // Staging is scratch: a TEMP table of the connection, not in the file.
        auto st = r->db().prepare("SELECT (SELECT count(*) FROM sqlite_master WHERE name=?1)"
                                  " + (SELECT count(*) FROM sqlite_temp_master WHERE name=?1)");
        st.bind(1, table);
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.integer(0), 1) << table;
    }
}

TEST(ReplicaMigrations, reopeningKeepsDataAndIdentity)
{
    TempDir dir;
    std::string id, client;
    {
        auto r = openReplica(dir.file("r.db"));
        client = r->clientId();
        auto created = r->create("ward_centers.consultation", "ward:kohoku", consultation());
        ASSERT_TRUE(created.ok());
        id = *created;
    }
    auto r = openReplica(dir.file("r.db"), false);
    EXPECT_EQ(r->clientId(), client);
    auto view = r->get(id);
    ASSERT_TRUE(view.ok() && view->has_value());
    EXPECT_EQ((**view).fields["party"], "港北まちづくりの会");
}

TEST(ReplicaMigrations, aFileFromANewerVersionIsRefusedNotGuessedAt)
{
    TempDir dir;
    {
        auto db = SqliteDb::open(dir.file("future.db"));
        db.exec("PRAGMA user_version=99");
    }
    auto r = Replica::open(dir.file("future.db"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "storage_open");
    EXPECT_NE(r.error().messageEn.find("newer"), std::string::npos);
}

TEST(ReplicaMigrations, aFileThatIsNotADatabaseGivesAClearError)
{
    TempDir dir;
    {
        std::ofstream junk(dir.file("junk.db"));
        junk << "this is not a database, just a text file that happens to be long enough to matter";
    }
    auto r = Replica::open(dir.file("junk.db"));
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(r.error().messageJa.empty());
}
