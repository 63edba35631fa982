// The server's storage, behind an interface so the merge logic (pushservice,
// pullservice) runs unchanged on SQLite (sqlitestore) and PostgreSQL
// (pgstore). Nothing in the services may rely on one database's behaviour.
//
// Commit ordering (DESIGN.md §3), the invariants every Store must keep:
//
//  1. A scope's `seq` only grows, by one per change (record write or
//     conflict row), and every change row carries the seq it was given.
//  2. Within a scope, commit order equals seq order. StoreTx::lockScope()
//     takes the scope's counter row exclusively until commit/rollback:
//     SQLite gets this from BEGIN IMMEDIATE (one writer at a time, taken in
//     Store::beginWrite()); PostgreSQL takes SELECT ... FOR UPDATE on the
//     scope row (pgstore.cpp). A plain sequence would be wrong: two transactions could
//     take seqs 5 and 6 and commit 6 first, and a reader with cursor 6
//     would never see 5.
//  3. A scope's checksum is the sum mod 2^64 of its records' checksums and
//     its count the number of records including tombstones; both change in
//     the same transaction as the record (PushService keeps them
//     incrementally).
//  4. A reader sees one snapshot for its whole transaction (Store::beginRead;
//     SQLite read transaction in WAL mode, REPEATABLE READ on PostgreSQL), so
//     a pull never returns a client's last_cseq ahead of the changes it
//     returns, nor a checkpoint that disagrees with its records.
//  5. A StoreTx that is destroyed without commit() rolls back: a fault
//     leaves nothing recorded (the push answers 503).
//
// Every primitive throws StoreError on a database fault.
#pragma once

#include "attachment.h"
#include "protocol.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kyodo::server {

struct StoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ScopeState {
    std::string scope;
    std::int64_t seq = 0;
    std::uint64_t checksum = 0;
    std::int64_t count = 0; // records, tombstones included
};

// A record as stored: doc is canonicalDoc() text, versions JSON {field: rev},
// meta JSON {field: [hlc, writer client id]} for last-writer-wins.
struct StoredRecord {
    std::string id;
    std::string scope;
    std::string type;
    std::int64_t cl = 1;
    std::uint64_t rev = 0;
    std::string doc;
    std::string versions = "{}";
    std::string meta = "{}";
    std::int64_t seq = 0;
    std::uint64_t checksum = 0;
};

// A record that moved out of a scope: devices of that scope drop it unless
// they already hold a newer revision (it may have moved back).
struct Departure {
    std::string scope;
    std::string record;
    std::int64_t seq = 0;
    std::uint64_t rev = 0; // the record's revision after the move
};

struct ClientState {
    std::string clientId;
    std::string user;
    std::int64_t lastCseq = 0;
};

struct StoredResult {
    std::string mid;
    std::string result; // resultToJson() text
};

struct UserRow {
    std::string name;
    std::string role;
    std::string passwordHash;
    bool disabled = false;
    std::vector<std::string> scopes; // grants to read and write
    // Failed password tries in a row, and until when (Unix seconds) the
    // account refuses every try after too many (auth.h, LoginGuard).
    int failedLogins = 0;
    std::int64_t lockedUntil = 0;
    std::vector<std::string> readScopes = {}; // grants to read only: pulled and reported, never written
};

// What a grant lets its holder do with the scope's records.
enum class GrantAccess { Write, Read };
const char *grantAccessName(GrantAccess access); // "write" | "read"

struct TokenRow {
    std::string hash; // SHA-256 hex of the token
    std::string user;
    std::string device;
    std::int64_t created = 0; // Unix seconds
    bool revoked = false;
    std::int64_t lastUsed = 0; // Unix seconds of the last request (kept to the hour)
    std::int64_t expires = 0;  // Unix seconds; it is refused from then on
    std::string clientId;      // the device (client id) it is bound to; "" until its first push or pull
    bool wipe = false;         // an admin ordered the device to delete its replica
    std::string replaces;      // hash of the token this one renewed; revoked at this one's first use
};

// Held until an administrator applies or drops it (kyodo-server quarantine).
enum class QuarantineStatus { Held, Applied, Dropped };

inline const char *quarantineStatusName(QuarantineStatus s)
{
    switch (s) {
    case QuarantineStatus::Held: return "held";
    case QuarantineStatus::Applied: return "applied";
    case QuarantineStatus::Dropped: return "dropped";
    }
    return "?";
}

inline std::optional<QuarantineStatus> parseQuarantineStatus(const std::string &name)
{
    for (QuarantineStatus s : {QuarantineStatus::Held, QuarantineStatus::Applied, QuarantineStatus::Dropped})
        if (name == quarantineStatusName(s))
            return s;
    return std::nullopt;
}

// A mutation the server refused because its author may no longer write
// where it points (`forbidden`: a scope revoked, a record moved away), kept
// for an administrator instead of being lost with the device's purge.
struct QuarantineRow {
    std::string id;       // UUID
    std::string user;     // who sent it
    std::string clientId; // from which device
    std::int64_t cseq = 0;
    std::string mid;
    std::int64_t received = 0; // Unix seconds
    std::string scope;         // where it points
    std::string record;
    std::string type;
    std::string op;
    std::string mutation; // mutationToJson text, as sent
    std::string reason;   // the refusal's code
    QuarantineStatus status = QuarantineStatus::Held;
    std::string resolution; // what an administrator did, and when
};

// One line of the server's audit log: who did what, from which device and
// address, when (DESIGN.md §3; `kyodo-server audit`, GET /v1/history).
struct AuditEntry {
    std::int64_t seq = 0; // assigned by the store, in order
    std::int64_t at = 0;  // Unix seconds
    std::string user;     // the account, or the one a sign-in tried
    std::string client;   // the device's client id, when known
    std::string peer;     // the client address, when known
    std::string action;   // create|edit|delete|restore|move|resolve|login|login_failed|lockout|logout|
                          // grant|revoke|wipe|token_revoke|passwd|unlock|disable|enable|quarantine_apply|…
    std::string outcome;  // applied|conflict|rejected:<code>|ok|…
    std::string scope;
    std::string record;
    std::string detail; // what changed: field names, never their values
};

struct AuditFilter {
    std::string user;
    std::string record;
    std::int64_t since = 0; // Unix seconds
    int limit = 1000;
    // Leaves out changes refused before they reached a record (forbidden,
    // not found): attempts on it by whoever knew its id, not its history.
    bool reachedRecord = false;
};

// A blob of attachments' bytes (blobservice.h). Until its whole SHA-256 is
// checked (complete) each uploader's chunks are kept apart; then the blob is
// `size` bytes, its chunks those `uploader` sent.
struct BlobRow {
    std::string sha256;
    std::int64_t size = 0;              // 0 until complete
    std::int64_t created = 0;           // Unix seconds
    std::int64_t unreferencedSince = 0; // Unix seconds; 0 while a live record lists it
    bool complete = false;
    std::string uploader = {};
};

// A live record that lists a blob: where it is now, and the size its entry
// gives (0 for a thumbnail, whose size no entry says).
struct BlobReferrer {
    std::string scope;
    std::int64_t size = 0;
    std::string addedBy; // who listed the file on that record ("" from before this was kept)
    std::string kinds;   // what that record says the file is (ListedBlob::kinds; "" from before this was kept)
};

// Chunk of a blob as one uploader sent it: its SHA-256, and the size of the
// file the uploader's records gave when it came.
struct BlobPart {
    std::string hash;
    std::int64_t size = 0;
};

// Someone allowed to write in `scope` sent chunk `index` of a blob there,
// bytes with SHA-256 `hash`.
struct BlobProof {
    std::string scope;
    std::int64_t index = 0;
    std::string hash;
};

class StoreTx {
public:
    virtual ~StoreTx() = default;

    // Scopes. lockScope creates a missing scope row at seq 0 (invariant 2).
    virtual ScopeState lockScope(const std::string &scope) = 0;
    virtual void saveScope(const ScopeState &state) = 0;
    virtual std::optional<ScopeState> scopeState(const std::string &scope) = 0;
    virtual std::vector<ScopeState> listScopes() = 0;

    // Records.
    virtual std::optional<StoredRecord> loadRecord(const std::string &id) = 0;
    // Loads (and in a writer, locks) these records in one go ahead of
    // loadRecord: a store with network round trips answers a whole push batch
    // with one query. Stores without that cost ignore it.
    virtual void prefetchRecords(const std::vector<std::string> &ids) { (void)ids; }
    // Where a record is and what it is, without locking it: a push uses it to
    // take its scope locks up front, in sorted order, before it loads anything
    // for merging, and to authorize a reference to it.
    struct RecordPlace {
        std::string scope;
        std::string type;
    };
    virtual std::optional<RecordPlace> recordPlace(const std::string &id) = 0;
    virtual void saveRecord(const StoredRecord &record) = 0; // insert or replace
    // Records of `scope` with seq > after, by seq, at most `limit`.
    virtual std::vector<StoredRecord> changedRecords(const std::string &scope, std::int64_t after, int limit) = 0;
    virtual std::int64_t recordCount() = 0;

    // Conflicts.
    virtual void insertConflict(const ConflictInfo &conflict) = 0;
    virtual std::optional<ConflictInfo> loadConflict(const std::string &id) = 0;
    virtual void saveConflict(const ConflictInfo &conflict) = 0;
    // The open conflicts of one record, wherever they are: a move takes them along.
    virtual std::vector<ConflictInfo> openConflictsOf(const std::string &record) = 0;
    // Conflicts of `scope` with after < seq <= upto, by seq.
    virtual std::vector<ConflictInfo> conflicts(const std::string &scope, std::int64_t after, std::int64_t upto) = 0;
    virtual std::int64_t conflictCount() = 0;
    virtual std::int64_t openConflictCount() = 0; // waiting for a person to decide

    // Moves between scopes: the old scope gets a departure at one of its seqs.
    virtual void recordDeparture(const Departure &departure) = 0;
    // Departures of `scope` with after < seq <= upto, by seq.
    virtual std::vector<Departure> departures(const std::string &scope, std::int64_t after, std::int64_t upto) = 0;

    // Clients and their stored push results.
    virtual std::optional<ClientState> loadClient(const std::string &clientId) = 0;
    virtual void saveClient(const ClientState &client) = 0;
    virtual std::optional<StoredResult> loadResult(const std::string &clientId, std::int64_t cseq) = 0;
    virtual void saveResult(const std::string &clientId, std::int64_t cseq, const StoredResult &result) = 0;
    virtual std::int64_t resultCount() = 0;

    // Refused mutations kept for an administrator (QuarantineRow).
    virtual void insertQuarantine(const QuarantineRow &row) = 0;
    // Held ones oldest first; with `all`, applied and dropped ones too.
    virtual std::vector<QuarantineRow> listQuarantine(bool all) = 0;
    virtual std::optional<QuarantineRow> loadQuarantine(const std::string &id) = 0;
    virtual void saveQuarantine(const QuarantineRow &row) = 0; // status and resolution
    virtual std::int64_t heldQuarantineCount() = 0;

    // The audit log (AuditEntry), newest last.
    virtual void appendAudit(const AuditEntry &entry) = 0;
    virtual std::vector<AuditEntry> audit(const AuditFilter &filter) = 0;

    // Users, grants, tokens.
    virtual std::optional<UserRow> loadUser(const std::string &name) = 0;
    virtual std::vector<UserRow> listUsers() = 0;
    virtual void saveUser(const UserRow &user) = 0; // row only; grants below
    // Adds the grant, or changes the access of the one already there.
    virtual void addGrant(const std::string &user, const std::string &scope,
                          GrantAccess access = GrantAccess::Write) = 0;
    virtual bool removeGrant(const std::string &user, const std::string &scope) = 0;
    virtual void insertToken(const TokenRow &token) = 0;
    virtual std::optional<TokenRow> loadToken(const std::string &hash) = 0;
    // Writes a token's mutable columns (revoked, last used, expiry, binding, wipe).
    virtual void saveToken(const TokenRow &token) = 0;
    virtual std::vector<TokenRow> listTokens() = 0;
    // Revokes tokens whose hash starts with `hashPrefix`; returns how many.
    virtual int revokeTokensByPrefix(const std::string &hashPrefix) = 0;
    virtual int revokeTokensOfUser(const std::string &user) = 0;
    // The renewals of a token not used yet (at their first use they end it).
    virtual int revokeRenewalsOf(const std::string &hash) = 0;

    // Attachments' blobs. References: which blobs a record lists (sha256 ->
    // its entry's size and kinds), replaced with every write of the record, empty for a
    // deleted one; a blob losing its last reference starts its grace period at `now`.
    // A reference new to the record is `writer`'s.
    virtual std::map<std::string, ListedBlob> blobRefsOf(const std::string &record) = 0;
    virtual void setBlobRefs(const std::string &record, const std::map<std::string, ListedBlob> &refs, std::int64_t now,
                             const std::string &writer) = 0;
    virtual std::vector<BlobReferrer> blobReferrers(const std::string &sha256) = 0;
    // In a writer, locked until commit: one blob's chunks arrive one at a time.
    virtual std::optional<BlobRow> loadBlob(const std::string &sha256) = 0;
    virtual void ensureBlob(const std::string &sha256, std::int64_t now) = 0;
    virtual void completeBlob(const std::string &sha256, std::int64_t size, const std::string &uploader) = 0;
    // One uploader's chunks: index -> the part.
    virtual std::map<std::int64_t, BlobPart> blobParts(const std::string &sha256, const std::string &uploader) = 0;
    virtual void saveBlobPart(const std::string &sha256, const std::string &uploader, std::int64_t size,
                              std::int64_t index, const std::string &hash, std::string_view bytes,
                              std::int64_t now) = 0;
    virtual std::optional<std::string> loadBlobPart(const std::string &sha256, const std::string &uploader,
                                                    std::int64_t index) = 0;
    // Drops one uploader's chunks (`others` false) or everyone's but theirs.
    virtual void dropBlobParts(const std::string &sha256, const std::string &uploader, bool others) = 0;
    // Blobs with parts sent at `before` or earlier that are not the whole
    // file's (an upload given up), and dropping those parts of one (locked
    // first with loadBlob); returns their bytes.
    virtual std::vector<std::string> blobsWithStaleParts(std::int64_t before) = 0;
    virtual std::int64_t dropStaleBlobParts(const std::string &sha256, std::int64_t before) = 0;
    virtual std::vector<BlobProof> blobProofs(const std::string &sha256) = 0;
    virtual void addBlobProof(const std::string &sha256, const std::string &scope, std::int64_t index,
                              const std::string &hash) = 0;
    // A record moving between scopes takes its blobs' standing along.
    virtual void copyBlobStanding(const std::string &record, const std::string &from, const std::string &to) = 0;
    // Blobs no live record has listed since `before` or earlier.
    virtual std::vector<BlobRow> expiredBlobs(std::int64_t before) = 0;
    virtual void deleteBlob(const std::string &sha256) = 0; // with its chunks and proofs
    virtual std::int64_t blobBytesStored() = 0;

    virtual void commit() = 0;
};

class Store {
public:
    virtual ~Store() = default;
    // A write transaction; on SQLite it holds the single writer lock from the start.
    virtual std::unique_ptr<StoreTx> beginWrite() = 0;
    // A read-only snapshot transaction.
    virtual std::unique_ptr<StoreTx> beginRead() = 0;
    // Whether a push must take its scope locks before its first write, in
    // sorted order (invariant 2): true where two writers can hold row locks
    // at once and so deadlock. SQLite's single writer never waits on another.
    virtual bool locksScopesUpFront() const { return true; }

    // Database connections open and lent to a transaction now (metrics.h).
    struct PoolUse {
        int open = 0;
        int busy = 0;
    };
    virtual PoolUse poolUse() const = 0;
};

} // namespace kyodo::server
