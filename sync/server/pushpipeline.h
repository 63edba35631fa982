// The push pipeline in one picture: how a device's batches travel on two
// connections and still commit one at a time in cseq order (PROTOCOL.md
// "push", prev_cseq). pushorder.h holds the wait, pushservice.cpp the
// transaction; this header holds the invariants both keep, and their check.
//
//   device (syncengine.cpp)                server (pushservice.cpp)
//   ───────────────────────                ────────────────────────
//   batch A: cseq 1..50, prev_cseq -  ──▶  open write tx, read last_cseq
//   batch B: cseq 51..99, prev_cseq 50 ─┐  apply 1..50, store each result,
//                                       │  last_cseq = 50, COMMIT ──▶ 200 A
//                                       └▶ open write tx, read last_cseq
//                                          prev_cseq 50 <= last_cseq?
//                                            yes ──▶ apply 51..99, COMMIT ──▶ 200 B
//                                            no ──▶ drop the tx (P6), wait in
//                                                   PushOrder for a commit, read again
//                                                   A failed, or never came within
//                                                   1 s with none of the device's
//                                                   pushes under way, or 10 s in all
//                                                   ──▶ 425 previous_batch_missing:
//                                                   nothing of B is kept (P5); the
//                                                   device sends A and B again
//
//   cseq <= last_cseq in a batch: a retry ──▶ its stored result (same mid), or
//   409 client_reset (another mid: the device re-registers under a new id).
//
// Invariants, per client id:
//  P1. Commit order is cseq order: a batch commits only once the batch its
//      prev_cseq names has (prev_cseq <= last_cseq read in its own transaction).
//  P2. last_cseq never goes back, and moves only inside a committing push.
//  P3. Every cseq <= last_cseq that the server applied has its stored result,
//      written in the same transaction; a retry returns it unchanged.
//  P4. A 200 answer has one result per mutation sent, in the order sent.
//  P5. A refused push (400, 401, 409, 425, 429, 503) commits nothing: no
//      result, no last_cseq, no token binding, no audit row.
//  P6. A push waiting for its predecessor holds no transaction and no lock.
//
// P1-P4 are checked before every push commit in debug builds
// (checkBeforeCommit); P5 follows from the single transaction and P6 from
// openInOrder dropping its transaction before it waits. tests/server
// (tst_pushservice: prev_cseq, 425, replays) and the simulation show them.
#pragma once

#include "store.h"

#include <cstddef>
#include <cstdint>

namespace kyodo::server {

// What a push knows just before it commits.
struct PushAtCommit {
    std::string clientId;
    std::int64_t prevCseq = 0;       // from the request's header
    std::int64_t lastCseqOpened = 0; // last_cseq when its transaction opened
    std::int64_t lastCseqNow = 0;    // last_cseq it is about to store
    std::size_t mutations = 0;       // mutations read from the request
    std::size_t results = 0;         // results in its answer
};

// Debug builds (no NDEBUG): aborts naming the invariant when P1-P4 do not
// hold for `push` inside `tx`. Release builds: nothing.
void checkBeforeCommit(const PushAtCommit &push, StoreTx &tx);

} // namespace kyodo::server
