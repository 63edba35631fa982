// Pull pages records and conflicts in seq order from one snapshot, with
// checkpoints a device can verify, and never lets a reader skip a change
// while pushes run beside it.
#include "pullservice.h"
#include "pushservice.h"
#include "serverfixture.h"

#include <atomic>
#include <set>
#include <thread>

using namespace kyodo;
using namespace kyodo::server;
using namespace kyodo::server::test;

namespace {

const std::string kNaka = "ward:naka", kNishi = "ward:nishi";
const std::string kDev = "0190b5a0-0000-7000-8000-00000000000a";

class PullServiceTest : public StoreTest {
protected:
    SchemaSet schemas = loadSchemas();
    PushService pusher{store, schemas};
    PullService puller{store};
    Caller alice{"alice", Role::Staff, {kNaka, kNishi}};
    std::int64_t cseq = 0;

    void create(const std::string &scope, int n)
    {
        std::vector<Mutation> ms;
        for (int i = 0; i < n; ++i)
            ms.push_back(createOf(++cseq, newUuidV7(), scope, consultationFields(), 1));
        ASSERT_EQ(pusher.push(alice, PushRequest{kDev, ms}).status, 200);
    }
    json pull(const Caller &who, std::map<std::string, std::int64_t> cursors, int limit)
    {
        PullReply r = puller.pull(who, PullRequest{kDev, std::move(cursors), limit});
        EXPECT_EQ(r.status, 200);
        return json::parse(r.body);
    }
};

// Pulls every page like a device; checks each record's checksum and the checkpoint.
struct Replica {
    std::map<std::string, std::int64_t> cursors;
    std::map<std::string, std::map<std::string, std::uint64_t>> records; // scope -> id -> checksum
    std::int64_t pages = 0;
};

KYODO_INSTANTIATE_FOR_STORES(PullServiceTest);

} // namespace

TEST_P(PullServiceTest, pagesAcrossScopesWithASharedLimitAndVerifiableCheckpoints)
{
    create(kNaka, 25);
    create(kNishi, 12);
    Replica rep;
    json page;
    do {
        page = pull(alice, rep.cursors, 10);
        ++rep.pages;
        EXPECT_LE(page["records"].size(), 10u);
        for (const json &r : page["records"]) {
            const std::string doc = r["doc"];
            EXPECT_EQ(checksumHex(recordChecksum(doc)), r["checksum"]);
            rep.records[r["scope"]][json::parse(doc)["id"]] = recordChecksum(doc);
            EXPECT_TRUE(json::parse(r["versions"].get<std::string>()).is_object());
        }
        for (const json &s : page["scopes"])
            rep.cursors[s["scope"]] = s["cursor"];
    } while (page["more"]);
    EXPECT_EQ(rep.pages, 4);
    for (const json &s : page["scopes"]) {
        std::uint64_t sum = 0;
        for (const auto &[id, c] : rep.records[s["scope"]])
            sum += c;
        EXPECT_EQ(s["checkpoint"]["checksum"], checksumHex(sum));
        EXPECT_EQ(s["checkpoint"]["count"], rep.records[s["scope"]].size());
        EXPECT_EQ(s["cursor"], s["checkpoint"]["seq"]);
    }
    EXPECT_EQ(page["last_cseq"], 37);
}

TEST_P(PullServiceTest, conflictsComeWithTheirPageAndLostScopesAreRevoked)
{
    create(kNaka, 1);
    json first = pull(alice, {}, 100);
    const std::string id = json::parse(first["records"][0]["doc"].get<std::string>())["id"];
    Caller bob{"bob", Role::Staff, {kNaka}};
    const std::string devB = "0190b5a0-0000-7000-8000-00000000000b";
    pusher.push(alice, PushRequest{kDev, {editOf(++cseq, id, kNaka, {{"channel", "phone"}}, {{"channel", 1}}, 1, 2)}});
    PushReply r =
        pusher.push(bob, PushRequest{devB, {editOf(1, id, kNaka, {{"channel", "email"}}, {{"channel", 1}}, 1, 3)}});
    ASSERT_EQ(r.body["results"][0]["status"], "conflict");

    json next = pull(bob, {{kNaka, 1}, {kNishi, 0}}, 100);
    ASSERT_EQ(next["conflicts"].size(), 1u);
    EXPECT_EQ(next["conflicts"][0]["status"], "open");
    EXPECT_EQ(next["revoked"], json({kNishi}));
    EXPECT_EQ(next["last_cseq"], 0); // kDev is alice's client, not bob's
    EXPECT_EQ(next["scopes"].size(), 1u);
    EXPECT_EQ(next["scopes"][0]["cursor"], 3);
}

TEST_P(PullServiceTest, readerNeverSkipsAChangeWhilePushesRun)
{
    std::atomic<bool> done = false;
    std::thread writer([&] {
        for (int i = 0; i < 40; ++i)
            create(kNaka, 5);
        done = true;
    });
    std::set<std::string> seen;
    std::int64_t cursor = 0, lastSeq = 0;
    auto drain = [&] {
        json page;
        do {
            page = pull(alice, {{kNaka, cursor}}, 7);
            for (const json &r : page["records"]) {
                // Strictly increasing, no gaps: records only (no conflicts here), one seq each.
                EXPECT_EQ(r["seq"].get<std::int64_t>(), lastSeq + 1);
                lastSeq = r["seq"];
                seen.insert(json::parse(r["doc"].get<std::string>())["id"].get<std::string>());
            }
            cursor = page["scopes"][0]["cursor"];
        } while (page["more"]);
    };
    while (!done)
        drain();
    writer.join();
    drain();
    EXPECT_EQ(seen.size(), 200u);
}

TEST_P(PullServiceTest, aPageEndsByBytesAndARecordLargerThanAPageStillComes)
{
    PullService byBytes{store, 4096};
    auto push = [&](const std::string &summary) {
        json fields = consultationFields();
        fields["summary"] = summary;
        ASSERT_EQ(pusher.push(alice, PushRequest{kDev, {createOf(++cseq, newUuidV7(), kNaka, fields, 1)}}).status, 200);
    };
    for (int i = 0; i < 20; ++i)
        push(std::string(1000, static_cast<char>('a' + i)));
    push(std::string(4000, '"')); // escaped twice on the way: some 16 kB of page
    for (int i = 0; i < 5; ++i)
        push("短い要旨");

    std::set<std::string> ids;
    std::int64_t cursor = 0, lastSeq = 0, pages = 0;
    std::size_t largest = 0;
    json page;
    do {
        PullReply r = byBytes.pull(alice, PullRequest{kDev, {{kNaka, cursor}}, 1000});
        ASSERT_EQ(r.status, 200);
        page = json::parse(r.body);
        ++pages;
        ASSERT_FALSE(page["records"].empty()) << "a page with more to come carried nothing";
        std::size_t bytes = 0, lastRecord = 0;
        for (const json &rec : page["records"]) {
            EXPECT_EQ(rec["seq"].get<std::int64_t>(), lastSeq + 1);
            lastSeq = rec["seq"];
            ids.insert(json::parse(rec["doc"].get<std::string>())["id"].get<std::string>());
            lastRecord = rec.dump().size();
            bytes += lastRecord;
            largest = std::max(largest, lastRecord);
        }
        // Records are taken while the page is under its bytes: only the last may cross.
        EXPECT_LT(bytes - lastRecord, 4096u) << "page " << pages;
        cursor = page["scopes"][0]["cursor"];
    } while (page["more"]);
    EXPECT_EQ(ids.size(), 26u);
    EXPECT_GT(largest, 4096u) << "the large record came";
    EXPECT_GE(pages, 7);
    EXPECT_EQ(cursor, page["scopes"][0]["checkpoint"]["seq"]);
}
