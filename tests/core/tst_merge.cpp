// The field merge rules of DESIGN.md §3 as tables: each row is one situation
// a clerk could create by editing the same record on two devices.
#include "merge.h"

#include <gtest/gtest.h>

using namespace kyodo;

namespace {

struct FieldCase {
    const char *name;
    ConflictMode mode;
    FieldState server;
    FieldEdit edit;
    FieldOutcome expected;
};

class MergeFieldTest : public ::testing::TestWithParam<FieldCase> {};

TEST_P(MergeFieldTest, decidesAsTheDesignSays)
{
    const FieldCase &c = GetParam();
    EXPECT_EQ(mergeField(c.mode, c.server, c.edit), c.expected) << c.name;
}

const FieldCase kFieldCases[] = {
    {"untouched field applies", ConflictMode::Lww, {"old", 3, 100, "a"}, {"new", 3, 200, "b"}, FieldOutcome::Apply},
    {"never written field applies", ConflictMode::Flag, {nullptr, 0, 0, ""}, {"x", 0, 5, "b"}, FieldOutcome::Apply},
    {"flag field untouched applies",
     ConflictMode::Flag,
     {"old", 2, 100, "a"},
     {"new", 2, 50, "b"},
     FieldOutcome::Apply},
    {"same value is a no-op even if concurrent",
     ConflictMode::Flag,
     {"v", 5, 100, "a"},
     {"v", 2, 200, "b"},
     FieldOutcome::Unchanged},
    {"same value at same base is a no-op",
     ConflictMode::Lww,
     {"v", 5, 100, "a"},
     {"v", 5, 200, "b"},
     FieldOutcome::Unchanged},
    {"lww concurrent later edit wins",
     ConflictMode::Lww,
     {"s", 5, 100, "a"},
     {"e", 2, 200, "b"},
     FieldOutcome::LwwApply},
    {"lww concurrent earlier edit loses",
     ConflictMode::Lww,
     {"s", 5, 300, "a"},
     {"e", 2, 200, "b"},
     FieldOutcome::LwwKeep},
    {"lww tie broken by larger writer id",
     ConflictMode::Lww,
     {"s", 5, 200, "a"},
     {"e", 2, 200, "b"},
     FieldOutcome::LwwApply},
    {"lww tie lost by smaller writer id",
     ConflictMode::Lww,
     {"s", 5, 200, "b"},
     {"e", 2, 200, "a"},
     FieldOutcome::LwwKeep},
    {"flag concurrent opens a conflict",
     ConflictMode::Flag,
     {"s", 5, 100, "a"},
     {"e", 2, 900, "b"},
     FieldOutcome::Flag},
    {"flag concurrent clear vs value conflicts",
     ConflictMode::Flag,
     {"s", 5, 100, "a"},
     {nullptr, 2, 900, "b"},
     FieldOutcome::Flag},
    {"own later edit continues own earlier write",
     ConflictMode::Flag,
     {"mine1", 5, 100, "b"},
     {"mine2", 2, 150, "b"},
     FieldOutcome::Apply},
    {"integers compare by value", ConflictMode::Flag, {12000, 4, 1, "a"}, {12000, 1, 2, "b"}, FieldOutcome::Unchanged},
};

INSTANTIATE_TEST_SUITE_P(Table, MergeFieldTest, ::testing::ValuesIn(kFieldCases));

struct LivenessCase {
    std::int64_t serverCl, baseCl;
    EditOnRecord expected;
};

TEST(MergeRecord, editAgainstDeletionFollowsCausalLength)
{
    const LivenessCase cases[] = {
        {1, 1, EditOnRecord::Proceed},
        {3, 1, EditOnRecord::Proceed},        // deleted and restored meanwhile: still live
        {2, 1, EditOnRecord::KeptInConflict}, // deleted concurrently: delete wins, edit kept
        {4, 3, EditOnRecord::KeptInConflict},
        {2, 2, EditOnRecord::Refused}, // the editor knew it was deleted
    };
    for (const auto &c : cases)
        EXPECT_EQ(mergeEditLiveness(c.serverCl, c.baseCl), c.expected) << c.serverCl << "/" << c.baseCl;
}

TEST(MergeRecord, deleteWinsButKeepsConcurrentEdits)
{
    EXPECT_EQ(mergeDelete(1, false), DeleteOutcome::Apply);
    EXPECT_EQ(mergeDelete(3, false), DeleteOutcome::Apply);
    EXPECT_EQ(mergeDelete(1, true), DeleteOutcome::ApplyKeepingEdits);
    EXPECT_EQ(mergeDelete(2, true), DeleteOutcome::AlreadyDeleted);
    EXPECT_EQ(mergeDelete(4, false), DeleteOutcome::AlreadyDeleted);
    EXPECT_EQ(mergeRestore(2), RestoreOutcome::Apply);
    EXPECT_EQ(mergeRestore(3), RestoreOutcome::AlreadyLive);
}

TEST(MergeRecord, concurrentDeletesAgreeOnCausalLength)
{
    EXPECT_EQ(deletedCl(1), 2);
    EXPECT_EQ(deletedCl(deletedCl(1)), 2);
    EXPECT_EQ(restoredCl(2), 3);
    EXPECT_EQ(restoredCl(3), 3);
}

} // namespace
