// The push/pull loop of DESIGN.md §3.
//
// One sync:
//  1. push: unsent outbox entries go out in cseq order, in batches; each batch
//     is marked sent before the request, and the server's per-mutation results
//     are recorded (a rejection is final at once; applied/conflict wait for
//     the checkpoint that contains them). 409 client_reset → new client id,
//     every entry the server has not answered is sent again under it.
//  2. pull: pages are fetched with the cursors of the previous page (the next
//     page is fetched while the current one is staged), until no scope has
//     more; then the last page's checkpoint is applied in one transaction.
//  3. a scope whose checksum differs from the server's is dropped and pulled
//     again from zero (at most twice per sync).
// The WAL is not checkpointed during a sync; callers run
// Replica::checkpointWal() afterwards, off the path anyone waits on.
#pragma once

#include "replica.h"
#include "transport.h"

#include <functional>
#include <string>

namespace kyodo {

struct SyncProgress {
    std::string phase; // push | pull | apply | done
    std::int64_t done = 0;
    std::int64_t total = 0;
};
using ProgressFn = std::function<void(const SyncProgress &)>;

struct SyncOptions {
    std::size_t pushBatch = 500;
    int pullLimit = kDefaultPullLimit;
    bool overlapPages = true; // overlap network and database work (off: one thread)
};

struct SyncReport {
    std::int64_t pushed = 0;
    std::int64_t applied = 0;
    std::int64_t conflicts = 0;
    std::int64_t rejected = 0;
    std::int64_t pulledRecords = 0;
    std::int64_t pulledConflicts = 0;
    std::vector<std::string> repairedScopes;
    std::vector<std::string> revokedScopes;
    PurgeReport purged; // what went with the revoked scopes, and where it is now
};

class SyncEngine {
public:
    SyncEngine(Replica &replica, HttpChannel &channel, SyncOptions options = {});

    Result<SyncReport> sync(const ProgressFn &progress = {});
    Status push(SyncReport &report, const ProgressFn &progress);
    Status pull(SyncReport &report, const ProgressFn &progress);

    // Signs in, keeps the token, the user's scopes and the server's schemas.
    // The token is bound to this replica's client id.
    static Result<Session> login(Replica &replica, HttpChannel &channel, const std::string &url,
                                 const std::string &caFile, const std::string &user, const std::string &password,
                                 const std::string &device);
    // Ends the token on the server, then forgets it here (the data stays).
    // Offline, the token is forgotten here all the same and the error says
    // that the server still knows it until it expires.
    static Status logout(Replica &replica, HttpChannel &channel);
    // Ends the token `channel` carries on the server (the app forgets it
    // locally first, so signing out never waits on the network).
    static Status endToken(HttpChannel &channel);
    // A new token for this device, kept in the session (before the old one
    // expires, and after the device took a new client id).
    Status renewToken();
    // Every user's changes to one record, as the server's audit log keeps
    // them (who, device, when, what, outcome; field names, not values).
    Result<json> history(const std::string &recordId);

private:
    struct PreparedPush {
        std::vector<std::int64_t> cseqs;
        std::string body;
    };
    // The next batch after `afterCseq`, serialized for /v1/push; `prevCseq`
    // names the batch still in flight before it (0: none).
    Result<PreparedPush> preparePush(std::int64_t afterCseq, std::int64_t prevCseq);
    // Sends every unsent entry, batch after batch. True when the server
    // answered 409 (its record of this device's numbers is ahead) and
    // `mayRenew` allowed stopping there to continue under a new identity.
    Result<bool> pushAll(SyncReport &report, const ProgressFn &progress, bool mayRenew);
    // An administrator ordered this device wiped: it deletes its data now.
    Error wipedOnOrder(const Error &order);

    Replica &m_replica;
    HttpChannel &m_transport;
    SyncOptions m_options;
};

} // namespace kyodo
