// The replica's invariants (replica.h) checked, not only described: like
// SQLite's assert_pager_state(), a debug build runs these checks inside every
// transaction just before it commits, so a transition that breaks one stops
// the test that made it, at the commit that broke it, with the invariant's
// number. Release builds do not pay for them (each scans the outbox and the
// records); the sanitize preset is a debug build and runs every engine test
// with them on.
#pragma once

#include "sqlite.h"

#include <string>
#include <vector>

namespace kyodo {

// Each violated invariant, as "I<n>: what is wrong (an example row)". Empty
// when the replica is sound. Needs a migrated replica.
std::vector<std::string> replicaInvariantViolations(SqliteDb &db);

// In a debug build (no NDEBUG): makes every commit on `db` check the
// invariants first and abort with the list when any is violated.
void checkInvariantsAtEveryCommit(SqliteDb &db);

} // namespace kyodo
