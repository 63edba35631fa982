#include "replicafixture.h"

#include <fstream>
#include <map>
#include <random>

using namespace kyodo;
using namespace kyodo::test;

TEST(ReplicaMigrations, aNewFileGetsTheCurrentFormat)
{
    TempDir dir;
    auto r = openReplica(dir.file("r.db"));
    EXPECT_EQ(r->schemaVersion(), Replica::kSchemaVersion);
    EXPECT_EQ(r->db().queryInt("PRAGMA journal_mode='wal'").has_value(), true);
    for (const char *table :
         {"meta", "records", "outbox", "outbox_payload", "overlay", "scopes", "scope_sums", "conflicts", "staging"}) {
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

namespace {

// Each scope's count and checksum sum as the table holds them, worked out in C++.
std::map<std::string, std::pair<std::int64_t, std::uint64_t>> summedFromRecords(SqliteDb &db)
{
    std::map<std::string, std::pair<std::int64_t, std::uint64_t>> out;
    auto st = db.prepare("SELECT scope, checksum FROM records");
    while (st.step()) {
        auto &[n, sum] = out[st.text(0)];
        ++n;
        sum += static_cast<std::uint64_t>(st.integer(1));
    }
    return out;
}

std::map<std::string, std::pair<std::int64_t, std::uint64_t>> keptSums(SqliteDb &db)
{
    std::map<std::string, std::pair<std::int64_t, std::uint64_t>> out;
    auto st = db.prepare("SELECT scope, n, lo, hi FROM scope_sums WHERE n > 0");
    while (st.step())
        out[st.text(0)] = {st.integer(1), static_cast<std::uint64_t>(st.integer(2)) +
                                              (static_cast<std::uint64_t>(st.integer(3)) << 32)};
    return out;
}

// Undoes migration 4: the payload back in the outbox rows themselves.
void backToFormat3(SqliteDb &db)
{
    db.exec("ALTER TABLE outbox ADD COLUMN fields TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE outbox ADD COLUMN base TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE outbox ADD COLUMN prev TEXT NOT NULL DEFAULT '{}';"
            "UPDATE outbox SET (fields, base, prev) ="
            " (SELECT fields, base, prev FROM outbox_payload p WHERE p.cseq = outbox.cseq);"
            "DROP TABLE outbox_payload; PRAGMA user_version=3;");
}

} // namespace

// The checkpoint check after a pull reads scope_sums instead of summing every
// record, so applying a pull must move the sums by exactly what it changed
// (inserts, newer revisions, moves between scopes, departures), and migration
// 3 must fill the table from a replica written before it existed.
TEST(ReplicaMigrations, scopeSumsFollowEveryPulledChangeAndAreFilledFromAnOlderFile)
{
    TempDir dir;
    std::mt19937_64 rng(3);
    {
        auto r = openReplica(dir.file("r.db"));
        for (int round = 0; round < 4; ++round) {
            // Ids repeat across rounds: later rounds update, move and remove.
            std::vector<StagedRecord> pulled;
            std::vector<Departure> gone;
            for (int i = 0; i < 150; ++i) {
                const std::string id = "id" + std::to_string(rng() % 200);
                const std::string scope = "ward:" + std::to_string(rng() % 4);
                pulled.push_back(
                    {scope, id, "t", 1, round * 1000 + i, round + 1, "{\"n\":" + std::to_string(rng()) + "}", "{}"});
            }
            for (int i = 0; round > 0 && i < 20; ++i)
                gone.push_back({"ward:" + std::to_string(rng() % 4), "id" + std::to_string(rng() % 200), round + 5});
            ASSERT_TRUE(r->clearStaging().ok());
            ASSERT_TRUE(r->stage(pulled, {}, gone).ok());
            auto applied = r->applyStaged({}, {}, 0);
            ASSERT_TRUE(applied.ok());
            ASSERT_FALSE(summedFromRecords(r->db()).empty());
            EXPECT_EQ(keptSums(r->db()), summedFromRecords(r->db())) << "round " << round;
        }
        // Back to format 2, as a replica written before scope_sums existed.
        backToFormat3(r->db());
        r->db().exec("DROP TABLE scope_sums; DROP INDEX records_scope;"
                     "CREATE INDEX records_scope ON records(scope, checksum); PRAGMA user_version=2;");
    }
    auto r = openReplica(dir.file("r.db"), false);
    EXPECT_EQ(r->schemaVersion(), Replica::kSchemaVersion);
    EXPECT_EQ(keptSums(r->db()), summedFromRecords(r->db()));
}

// Format 4 moved each outbox entry's payload to outbox_payload: unsent
// changes saved before the upgrade must go out unchanged after it.
TEST(ReplicaMigrations, unsentChangesKeepTheirFieldsAcrossTheOutboxSplit)
{
    TempDir dir;
    std::string id;
    std::vector<OutboxEntry> before;
    {
        auto r = openReplica(dir.file("r.db"));
        auto created = r->create("ward_centers.consultation", "ward:kohoku", consultation());
        ASSERT_TRUE(created.ok());
        id = *created;
        ASSERT_TRUE(r->edit(id, {{"party", "編集後の団体"}}).ok());
        before = *r->outbox(true);
        ASSERT_EQ(before.size(), 2u);
        // Back to format 3: the payload in the outbox rows themselves.
        backToFormat3(r->db());
    }
    auto r = openReplica(dir.file("r.db"), false);
    EXPECT_EQ(r->schemaVersion(), Replica::kSchemaVersion);
    auto after = r->outbox(true);
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->size(), before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(mutationToJson((*after)[i].mutation), mutationToJson(before[i].mutation));
        EXPECT_EQ((*after)[i].state, before[i].state);
    }
    EXPECT_EQ((*r->get(id))->fields["party"], "編集後の団体");
}
