#include "protocol.h"
#include "uuid.h"

#include <gtest/gtest.h>

using namespace kyodo;

TEST(Protocol, mutationRoundTrips)
{
    Mutation m;
    m.cseq = 7;
    m.mid = newUuidV7();
    m.op = Op::Edit;
    m.record = newUuidV7();
    m.type = "ward_centers.consultation";
    m.scope = "ward:naka";
    m.fields = {{"summary", "要旨"}};
    m.base = {{"summary", 3}};
    m.baseCl = 1;
    m.baseRev = 4;
    m.hlc = 123456789;
    auto back = mutationFromJson(mutationToJson(m));
    ASSERT_TRUE(back.ok()) << back.error().text();
    EXPECT_EQ(mutationToJson(*back), mutationToJson(m));
}

TEST(Protocol, rejectsMalformedMutations)
{
    Mutation m;
    m.cseq = 1;
    m.mid = newUuidV7();
    m.record = newUuidV7();
    m.type = "t";
    m.scope = "ward:naka";
    const json good = mutationToJson(m);
    ASSERT_TRUE(mutationFromJson(good).ok());
    for (auto [key, value] : std::vector<std::pair<std::string, json>>{{"cseq", "1"},
                                                                       {"cseq", 0},
                                                                       {"mid", "nope"},
                                                                       {"op", "merge"},
                                                                       {"record", 5},
                                                                       {"fields", json::array()},
                                                                       {"hlc", "x"},
                                                                       {"base", json{{"a", -1}}}}) {
        json bad = good;
        bad[key] = value;
        auto r = mutationFromJson(bad);
        ASSERT_FALSE(r.ok()) << key;
        EXPECT_EQ(r.error().code, "bad_request");
    }
    EXPECT_FALSE(mutationFromJson(json::array()).ok());
}

TEST(Protocol, resultAndConflictRoundTrip)
{
    MutationResult r{3, newUuidV7(), Outcome::Rejected, "required", "必須です", "required", {}};
    auto back = resultFromJson(resultToJson(r));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->code, "required");
    EXPECT_EQ(back->messageJa, "必須です");

    ConflictInfo c;
    c.id = newUuidV7();
    c.scope = "ward:naka";
    c.record = newUuidV7();
    c.kind = ConflictKind::Field;
    c.status = ConflictStatus::Open;
    c.field = "channel";
    c.mine = "phone";
    c.theirs = "visit";
    c.seq = 9;
    auto cb = conflictFromJson(conflictToJson(c));
    ASSERT_TRUE(cb.ok());
    EXPECT_EQ(conflictToJson(*cb), conflictToJson(c));
    EXPECT_EQ(conflictToJson(c)["kind"], "field");
    EXPECT_EQ(conflictToJson(c)["status"], "open");
}

TEST(Protocol, conflictKindsAndStatusesHaveOneSpelling)
{
    for (ConflictKind k : {ConflictKind::Field, ConflictKind::Lww, ConflictKind::DeleteEdit})
        EXPECT_EQ(parseConflictKind(conflictKindName(k)), k);
    for (ConflictStatus s : {ConflictStatus::Open, ConflictStatus::Resolved, ConflictStatus::Auto})
        EXPECT_EQ(parseConflictStatus(conflictStatusName(s)), s);
    EXPECT_EQ(conflictKindName(ConflictKind::DeleteEdit), std::string("delete_edit"));
    EXPECT_EQ(conflictStatusName(ConflictStatus::Auto), std::string("auto"));

    // A conflict in a state this version does not know is refused, not read as open.
    ConflictInfo c;
    c.id = newUuidV7();
    c.scope = "ward:naka";
    c.record = newUuidV7();
    json j = conflictToJson(c);
    j["status"] = "pending";
    EXPECT_FALSE(conflictFromJson(j).ok());
    j = conflictToJson(c);
    j["kind"] = "merge";
    EXPECT_FALSE(conflictFromJson(j).ok());
}

TEST(Uuid, isVersion7AndSortsByTime)
{
    const std::string a = newUuidV7At(1000), b = newUuidV7At(2000);
    EXPECT_TRUE(isUuid(a));
    EXPECT_EQ(a[14], '7');
    EXPECT_LT(a, b);
    EXPECT_NE(newUuidV7(), newUuidV7());
}
