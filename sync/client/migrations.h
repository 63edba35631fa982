// The replica's on-disk format, versioned in PRAGMA user_version. Migration N
// upgrades a file from version N-1 to N; a file newer than this build is
// refused rather than guessed at.
#pragma once

#include <vector>

namespace kyodo {

const std::vector<const char *> &replicaMigrations();

// Pull pages wait in TEMP tables until the whole checkpoint has arrived: they
// are scratch (a crash simply pulls again), so they skip the WAL and fsync.
extern const char *const kStagingTables;

} // namespace kyodo
