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
//  3. a scope whose checksum differs from the server's, or whose sequence went
//     back, is dropped and pulled again from zero (at most twice per sync).
//  4. a server restored from a backup has forgotten what it answered after
//     the backup: the push's acked_cseq (409 server_restored) or the pull's
//     last_cseq shows it, those entries go back to 未送信 under their own
//     numbers, and the sync pushes and pulls once more.
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
    // Changes the server had applied and then lost (it was restored from a
    // backup), sent to it again from this device.
    std::int64_t resentAfterRestore = 0;
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
    // names the batch still in flight before it (0: none), `ackedCseq` the
    // highest number the server has answered (0: none).
    Result<PreparedPush> preparePush(std::int64_t afterCseq, std::int64_t prevCseq, std::int64_t ackedCseq);
    // How a round of pushes ended: everything sent, or a 409 that asks the
    // device to start over (client_reset: the server's record of this
    // device's numbers is ahead; server_restored: it fell behind).
    struct PushEnd {
        enum Kind { Done, ClientReset, ServerRestored } kind = Done;
        std::int64_t serverLastCseq = 0; // server_restored: what the server still has
    };
    // Sends every unsent entry, batch after batch.
    Result<PushEnd> pushAll(SyncReport &report, const ProgressFn &progress);
    // A pull whose last_cseq is below what the server answered this device
    // before: its changes since go out again.
    Status resendIfServerForgot(std::int64_t serverLastCseq, SyncReport &report);
    // An administrator ordered this device wiped: it deletes its data now.
    Error wipedOnOrder(const Error &order);

    Replica &m_replica;
    HttpChannel &m_transport;
    SyncOptions m_options;
};

} // namespace kyodo
