// One /v1/pull answer as the sync engine reads it (PROTOCOL.md "POST /v1/pull").
#pragma once

#include "replica.h"

#include <string>
#include <vector>

namespace kyodo {

struct PullPage {
    std::vector<StagedRecord> records;
    std::vector<ConflictInfo> conflicts;
    std::vector<Departure> gone;
    std::vector<Checkpoint> checkpoints;
    std::vector<ScopeCursor> next;
    std::vector<std::string> revoked;
    std::int64_t lastCseq = 0;
    bool more = false;
};

// The whole page; the body is consumed (its documents are moved out).
Result<PullPage> parsePullPage(std::string body);

// Only what asking for the next page needs: whether there is one and the
// cursors to ask from. Read from the start of the body, stopping at its
// records (the server writes them last), so the next page can be asked for
// while this one is still being parsed in full. Nothing when the body does
// not say it before its records.
struct PullPageHead {
    bool more = false;
    std::vector<ScopeCursor> next;
};
std::optional<PullPageHead> readPullPageHead(const std::string &body);

} // namespace kyodo
