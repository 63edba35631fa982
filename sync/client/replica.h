// The device replica: one SQLite file holding what the server confirmed, the
// outbox of the user's own changes, per-scope cursors and checksums, and the
// conflicts the server reported. What the app shows is the confirmed state with
// the unsettled outbox laid over it (the overlay).
//
// Outbox entry states (the receipt a user sees):
//
//   saved ──push──▶ sent ──checkpoint with last_cseq ≥ cseq──▶ applied | conflict
//     │               └──push answered rejected──▶ rejected ──resend──▶ saved
//     └──discard (never sent)──▶ discarded          └──discard──▶ discarded
//
// Invariants:
//  1. A save (create/edit/delete/restore/resolve) is one transaction: the
//     outbox row, the next cseq, the HLC and the overlay row commit together,
//     with synchronous=FULL, so it survives kill -9 the moment it returns.
//  2. cseq values are taken from meta.next_cseq and never reused, even when an
//     entry is discarded.
//  3. The confirmed state (table records) only ever holds documents exactly as
//     the server sent them; local changes live in outbox and overlay.
//  4. A checkpoint (applyStaged) moves cursors, settles outbox entries up to
//     the server's last_cseq, rebuilds the overlay and records the server's
//     scope checksums in one transaction; a crash before COMMIT leaves the
//     previous checkpoint intact.
//  5. Every entry is in one of the six states above (outboxstate.h).
//  6. An entry is its receipt row (outbox) and its payload row
//     (outbox_payload), both or neither.
//  7. A saved entry has no answer; a sent one has its send time and the
//     client id it went under; an answer is a server outcome.
//  8. A settled entry (applied, conflict, rejected, discarded) has its time.
//  9. The overlay holds exactly the records with saved or sent entries.
// 10. Each scope's count and checksum sums (scope_sums) match its records.
// Invariants 2 and 5-10 are checked before every commit in debug builds
// (replicacheck.h); 1, 3 and 4 are held by the transactions themselves and
// shown by tests/client (save durability, crash points).
#pragma once

#include "outboxstate.h"
#include "protocol.h"
#include "result.h"
#include "schema.h"
#include "sqlite.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kyodo {

class HybridClock;

struct ViewRecord {
    std::string id;
    std::string type;
    std::string scope;
    std::int64_t cl = 1;
    json fields;
    bool pending = false;                       // has changes not yet confirmed by a checkpoint
    OutboxState receipt = OutboxState::Applied; // of its latest outbox entry; applied when none
    std::uint64_t rev = 0;                      // confirmed revision (0 = not on the server yet)
    bool deleted() const { return cl % 2 == 0; }
};

struct OutboxEntry {
    Mutation mutation;
    OutboxState state = OutboxState::Saved;
    std::string result; // the server's answer before the checkpoint settles it
    std::string code;   // rejected: reason code
    std::string messageJa;
    std::string messageEn;
    std::string savedAt;
};

// A form being filled in: kept on the device as the user types, so a crash
// or a flat battery loses nothing; it becomes a change only when saved.
struct Draft {
    std::string key; // the form's identity: "new:<type>" or the record id
    std::string type;
    std::string scope;
    std::string record; // empty for a new record
    json fields;
    std::string updatedAt;
};

// What a list screen asks for; every part is optional.
struct ListQuery {
    std::string type;
    std::string scope;
    std::string search;      // substring of any field value
    std::string dateField;   // field whose fiscal year (April–March) is filtered
    int fiscalYear = 0;      // 0: any
    std::string filterField; // with filterValue: only records whose text or choice field equals it
    std::string filterValue;
    std::string sortField; // empty: newest first (by id, which is time-ordered)
    bool descending = false;
    bool includeDeleted = false;
};

// What purging a revoked scope did with what the user had typed there.
struct PurgeReport {
    std::vector<std::string> scopes; // purged
    std::int64_t handedToAdmin = 0;  // refused as forbidden: the server keeps them for an administrator
    std::int64_t discarded = 0;      // returned for another reason, now gone with the scope
    std::int64_t drafts = 0;         // forms never saved, gone with the scope
};

struct Session {
    std::string url;
    std::string caFile;
    std::string token;
    std::string user;
    std::string role;
    std::vector<std::string> scopes;         // every scope this device pulls
    std::vector<std::string> readOnlyScopes; // those of them granted for reading only
    std::int64_t expiresAt = 0;              // Unix seconds the server gave the token (0: unknown)
    std::int64_t renewAfter = 0;             // from then on a sync first asks for a new token
};

// Why this device's data was deleted, for the person who finds it empty.
struct WipeNotice {
    std::string at; // ISO 8601, UTC
    std::string messageJa;
    std::string messageEn;
};

struct ScopeCursor {
    std::string scope;
    std::int64_t cursor = 0;
};

struct StagedRecord {
    std::string scope;
    std::string id;
    std::string type;
    std::int64_t cl = 1;
    std::int64_t seq = 0;
    std::int64_t rev = 0;
    std::string doc; // canonical JSON as the server sent it
    std::string versions;
};

// A record that left a scope (moved elsewhere).
struct Departure {
    std::string scope;
    std::string record;
    std::int64_t rev = 0;
};

struct Checkpoint {
    std::string scope;
    std::int64_t seq = 0;
    std::uint64_t checksum = 0;
    std::int64_t count = 0;
    bool readOnly = false; // granted for reading only
};

struct ScopeMismatch {
    std::string scope;
    std::uint64_t expected = 0;
    std::uint64_t actual = 0;
};

class Replica {
public:
    static constexpr int kSchemaVersion = 4;

    static Result<std::unique_ptr<Replica>> open(const std::string &path);
    // The file it was opened from (its files, REPLICA.blobs, lie beside it).
    const std::string &path() const { return m_path; }
    ~Replica();

    int schemaVersion();

    // Identity and session (kept in table meta).
    std::string clientId();
    Status renewClientId();
    std::optional<Session> session();
    Status saveSession(const Session &session);
    // The scopes a pull served and which of them are read-only: a grant
    // given or changed since sign-in shows without signing in again.
    Status noteGrants(const std::vector<Checkpoint> &checkpoints);
    // Refuses a change in a scope this user may only read (the server would).
    Status checkWritable(const std::string &scope);
    // Deletes everything this device holds (records, outbox, drafts, conflicts,
    // the session and the schemas) and rewrites the file and its WAL so none of
    // it remains on disk; keeps only `notice` and a new client id. For a
    // remote wipe ordered by an administrator.
    // The rows go at once; the WAL's copies of them go with it, or, when
    // another connection still reads them, at the next open (an error says so).
    Status wipe(const WipeNotice &notice);
    // Set when this replica was wiped, until the next sign-in.
    std::optional<WipeNotice> wipeNotice();
    Status saveSchemas(const json &schemas);
    // The schemas kept at login; nullptr before the first login.
    const SchemaSet *schemas();
    // Another connection (the app's sync thread) stored new schemas.
    void forgetCachedSchemas() { m_schemas.reset(); }

    // The user's saves: validated against the schemas, one transaction each.
    Result<std::string> create(const std::string &type, const std::string &scope, const json &fields);
    // Many new records in one transaction (import): all valid or none saved.
    // A record may bring its own id (re-import of an export); else one is made.
    struct NewRecord {
        std::string id;
        std::string type;
        std::string scope;
        json fields;
    };
    Result<std::vector<std::string>> createMany(const std::vector<NewRecord> &records);
    Status edit(const std::string &id, const json &fields);
    Status remove(const std::string &id);
    Status restore(const std::string &id);
    Status move(const std::string &id, const std::string &scope);
    Status resolve(const std::string &conflictId, const std::string &take, const json &value);
    Status discard(std::int64_t cseq);
    Status resend(std::int64_t cseq, const json &fixedFields);

    // What the app shows.
    Result<std::optional<ViewRecord>> get(const std::string &id);
    Result<std::vector<ViewRecord>> list(const std::string &type, const std::string &scope, bool includeDeleted);
    // The record a ref field points to, when it is on this device and of the
    // type the field declares (empty refType: any type); lists, details and
    // reports all name a reference by this record's title.
    struct RefTarget {
        ViewRecord record;
        const TypeDef *type;
    };
    std::optional<RefTarget> refTarget(const json &value, const std::string &refType);
    Result<std::vector<OutboxEntry>> outbox(bool includeSettled);
    // The ids of the records a list shows, in its order; rows are read by id
    // as they scroll into view (getMany), so 100,000 records stay cheap.
    Result<std::vector<std::string>> listIds(const ListQuery &query);
    Result<std::vector<ViewRecord>> getMany(const std::vector<std::string> &ids);
    // Outbox entries in one state (e.g. "rejected" for the needs-attention list), and their count.
    Result<std::vector<OutboxEntry>> outboxInState(OutboxState state);
    Result<std::int64_t> countInState(OutboxState state);
    // Conflicts whose resolution is saved or sent but not yet settled.
    Result<std::vector<std::string>> pendingResolutions();
    // The outbox entries of one record, oldest first: its history on this device.
    Result<std::vector<OutboxEntry>> history(const std::string &recordId);

    Status saveDraft(const Draft &draft);
    Result<std::vector<Draft>> drafts();
    Status discardDraft(const std::string &key);
    Result<std::vector<ConflictInfo>> conflicts(bool openOnly);
    Result<std::int64_t> pendingCount();

    // Used by the sync engine.
    Result<std::vector<OutboxEntry>> entriesToPush(std::size_t max, std::int64_t afterCseq = 0);
    // The same entries as the JSON array text of /v1/push, spliced from the
    // stored JSON columns without parsing them.
    struct PushText {
        std::vector<std::int64_t> cseqs;
        std::string mutations;
    };
    Result<PushText> pushText(std::size_t max, std::int64_t afterCseq);
    Status markSent(const std::vector<std::int64_t> &cseqs);
    // Back to 未送信 for a batch whose request never left the device (no
    // connection): a receipt says 送信済み only when it may have arrived.
    Status unmarkSent(const std::vector<std::int64_t> &cseqs);
    Status recordResults(const std::vector<MutationResult> &results);
    Status unsendAll(); // after a client reset: what the server never answered goes out again
    // The highest cseq the server has answered under this client id (0: none;
    // entries the user discarded since do not count). Sent with every push as
    // acked_cseq: a server whose last_cseq is lower was restored from a backup.
    Result<std::int64_t> answeredCseq();
    // After a server restore: the changes it answered above serverLastCseq
    // and has forgotten go back to 未送信 with their own cseq and mid, to be
    // applied again by the next push. Returns how many.
    Result<std::int64_t> resendForgotten(std::int64_t serverLastCseq);
    // How many times this device has seen the server restored from a backup
    // (it forgot changes, or a scope's sequence went back): the file queue
    // then asks again which files the server still has.
    std::int64_t serverRestores();
    Result<std::vector<ScopeCursor>> cursors();
    Status clearStaging();
    Status stage(const std::vector<StagedRecord> &records, const std::vector<ConflictInfo> &conflicts,
                 const std::vector<Departure> &gone = {});
    // Applies everything staged as one checkpoint; returns the scopes whose
    // checksum does not match the server's, or whose sequence went back (a
    // server restored from a backup); they are already dropped for a full re-pull.
    Result<std::vector<ScopeMismatch>> applyStaged(const std::vector<Checkpoint> &checkpoints,
                                                   const std::vector<std::string> &revoked, std::int64_t lastCseq);
    Status observeServerClock(std::uint64_t hlc);
    // Scopes revoked at a pull lose their records at once; their outbox,
    // payloads and drafts go here, after a push has sent what was unsent
    // (a scope with unsent entries stays pending until the next push).
    Result<PurgeReport> purgeRevoked();
    bool hasPurgePending();
    // Copies the WAL into the database file (after a sync, when idle); passive:
    // it never waits for, nor blocks, the other connection.
    Status checkpointWal();
    // Recomputes every record checksum from its stored document.
    Result<std::vector<ScopeMismatch>> verify();

    SqliteDb &db() { return m_db; }

    // Small facts the app keeps about itself on this device (the last sync
    // that succeeded, whether the server answered), under their own names
    // beside the engine's; "" when never set.
    std::string appSetting(const std::string &name);
    Status setAppSetting(const std::string &name, const std::string &value);

private:
    explicit Replica(SqliteDb db);
    void migrate();
    // The end of a wipe (wipe), also at open when one stopped before it.
    Status finishWipe();
    static constexpr const char *kWalToEmpty = "wal_to_empty"; // meta: a wipe's WAL still to empty
    std::string meta(const std::string &key, const std::string &fallback = "");
    void setMeta(const std::string &key, const std::string &value);
    void noteServerRestore();
    std::uint64_t nextHlc();
    std::int64_t takeCseq();
    Status save(Mutation m);
    // Refuses a record that would repeat the schema's unique fields of another live one.
    Status checkUnique(const std::string &type, const std::string &id, const json &fields);
    // Inside a transaction: the record as the user sees it, checked to be live
    // (or deleted, for a restore), and a mutation filled with what every op needs.
    Result<std::pair<ViewRecord, Mutation>> beginChange(const std::string &id, Op op);
    Status setLiveness(const std::string &id, Op op);
    void rebuildOverlay(const std::string &recordId);
    void rebuildAllOverlays();
    std::optional<ViewRecord> viewOf(const std::string &id);
    std::vector<ScopeMismatch> compareScopes(const std::vector<Checkpoint> &checkpoints);
    void adjustScopeSums(int sign);
    void recountScopeSums();
    void dropScope(const std::string &scope);

    SqliteDb m_db;
    std::string m_path;
    std::unique_ptr<HybridClock> m_clock;
    std::optional<SchemaSet> m_schemas; // parsed once from meta
};

// Maps an exception from SQLite or the file system to an Error value.
Error storageError(const std::exception &e);

} // namespace kyodo
