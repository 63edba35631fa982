#include "storesql.h"

#include <array>
#include <stdexcept>
#include <vector>

namespace kyodo::server {

namespace {

#define KYODO_CONFLICT_COLS                                                                                            \
    "id, scope, record, type, field, kind, status, base, mine, theirs, mine_by, theirs_by, mine_hlc, theirs_hlc, "     \
    "seq, resolution"
#define KYODO_QUARANTINE_COLS                                                                                          \
    "id, user_name, client_id, cseq, mid, received, scope, record, type, op, mutation, reason, status, resolution"
#define KYODO_TOKEN_COLS "hash, user_name, device, created, revoked, last_used, expires, client_id, wipe, replaces"
// Parts sent at ?1 or before that are not a whole file's: an upload given up.
#define KYODO_STALE_PARTS                                                                                              \
    "sent_at <= ?1 AND NOT EXISTS (SELECT 1 FROM blobs WHERE blobs.sha256 = blob_parts.sha256 "                        \
    "AND blobs.complete = 1 AND blobs.uploader = blob_parts.uploader)"

// 64-bit checksums and HLCs are stored signed ({int64}); JSON stays TEXT
// (never jsonb): checksums are over its exact bytes. Flags are INTEGER 0/1.
const char *const kMigrations[] = {
    R"sql(
CREATE TABLE scopes (scope TEXT PRIMARY KEY, seq {int64} NOT NULL, checksum {int64} NOT NULL, count {int64} NOT NULL);
CREATE TABLE records (id TEXT PRIMARY KEY, scope TEXT NOT NULL, type TEXT NOT NULL, cl {int64} NOT NULL,
                      rev {int64} NOT NULL, doc TEXT NOT NULL, versions TEXT NOT NULL, meta TEXT NOT NULL,
                      seq {int64} NOT NULL, checksum {int64} NOT NULL);
CREATE INDEX records_scope_seq ON records (scope, seq);
CREATE TABLE conflicts (id TEXT PRIMARY KEY, scope TEXT NOT NULL, record TEXT NOT NULL, type TEXT NOT NULL,
                        field TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, base TEXT, mine TEXT,
                        theirs TEXT, mine_by TEXT NOT NULL, theirs_by TEXT NOT NULL, mine_hlc {int64} NOT NULL,
                        theirs_hlc {int64} NOT NULL, seq {int64} NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX conflicts_scope_seq ON conflicts (scope, seq);
CREATE TABLE clients (client_id TEXT PRIMARY KEY, user_name TEXT NOT NULL, last_cseq {int64} NOT NULL);
CREATE TABLE results (client_id TEXT NOT NULL, cseq {int64} NOT NULL, mid TEXT NOT NULL, result TEXT NOT NULL,
                      PRIMARY KEY (client_id, cseq));
CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL);
CREATE TABLE grants (user_name TEXT NOT NULL, scope TEXT NOT NULL, PRIMARY KEY (user_name, scope));
CREATE TABLE tokens (hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, device TEXT NOT NULL,
                     created {int64} NOT NULL, revoked INTEGER NOT NULL);
CREATE INDEX tokens_user ON tokens (user_name);
CREATE TABLE departures (scope TEXT NOT NULL, record TEXT NOT NULL, seq {int64} NOT NULL,
                         rev {int64} NOT NULL, PRIMARY KEY (scope, seq));
)sql",
    // 2: a record's open conflicts found when it moves; login lockout; token
    // expiry, device binding, remote wipe and renewal; quarantine; audit log.
    R"sql(
CREATE INDEX conflicts_open_record ON conflicts (record) WHERE status = 'open';
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until {int64} NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used {int64} NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN expires {int64} NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN wipe INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
CREATE TABLE quarantine (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, client_id TEXT NOT NULL,
                         cseq {int64} NOT NULL, mid TEXT NOT NULL, received {int64} NOT NULL, scope TEXT NOT NULL,
                         record TEXT NOT NULL, type TEXT NOT NULL, op TEXT NOT NULL, mutation TEXT NOT NULL,
                         reason TEXT NOT NULL, status TEXT NOT NULL, resolution TEXT NOT NULL);
CREATE INDEX quarantine_status ON quarantine (status, received);
CREATE TABLE audit (seq {seq_key}, at {int64} NOT NULL, user_name TEXT NOT NULL,
                    client_id TEXT NOT NULL, peer TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL,
                    scope TEXT NOT NULL, record TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX audit_record ON audit (record, seq);
CREATE INDEX audit_user ON audit (user_name, seq);
)sql",
    // 3: grants for reading only (a city clerk reads every ward, writes none).
    R"sql(
ALTER TABLE grants ADD COLUMN access TEXT NOT NULL DEFAULT 'write';
)sql",
    // 4: attachments. A blob's bytes are kept once, in chunks of 1 MiB
    // (attachment.h), each with its own SHA-256 so a re-sent chunk is compared
    // without reading it back. blob_refs says which live records list which
    // blob (kept in the transaction of every record write); blob_proofs which
    // chunks someone allowed to write in a scope has sent there, since knowing
    // a hash must not be enough to download (PROTOCOL.md "Attachments").
    // unreferenced_since (Unix seconds, 0 while referenced) starts the grace
    // period of the garbage collection.
    R"sql(
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size {int64} NOT NULL, created {int64} NOT NULL,
                    unreferenced_since {int64} NOT NULL, complete INTEGER NOT NULL);
CREATE TABLE blob_chunks (sha256 TEXT NOT NULL, idx {int64} NOT NULL, hash TEXT NOT NULL, data {blob} NOT NULL,
                          PRIMARY KEY (sha256, idx));
CREATE TABLE blob_refs (sha256 TEXT NOT NULL, record TEXT NOT NULL, size {int64} NOT NULL,
                        PRIMARY KEY (sha256, record));
CREATE INDEX blob_refs_record ON blob_refs (record);
CREATE TABLE blob_proofs (sha256 TEXT NOT NULL, scope TEXT NOT NULL, idx {int64} NOT NULL,
                          PRIMARY KEY (sha256, scope, idx));
)sql",
    // 5: each uploader's chunks apart until their whole is checked, so
    // nobody's bytes or size claim can mix into another's upload
    // (blobservice.h). blob_parts holds a chunk as one uploader sent it, for
    // a file of `size` bytes; a complete blob's chunks are those of
    // blobs.uploader. A proof keeps the hash of what its scope's writer
    // sent: it counts only for a chunk of the file with that hash. What
    // version 4 held becomes the parts of uploader ''. sent_at (Unix seconds)
    // lets the garbage collection drop the parts of an upload given up.
    R"sql(
CREATE TABLE blob_parts (sha256 TEXT NOT NULL, uploader TEXT NOT NULL, size {int64} NOT NULL, idx {int64} NOT NULL,
                         hash TEXT NOT NULL, data {blob} NOT NULL, sent_at {int64} NOT NULL,
                         PRIMARY KEY (sha256, uploader, idx));
INSERT INTO blob_parts (sha256, uploader, size, idx, hash, data, sent_at)
  SELECT blob_chunks.sha256, '', blobs.size, blob_chunks.idx, blob_chunks.hash, blob_chunks.data, blobs.created
  FROM blob_chunks JOIN blobs ON blobs.sha256 = blob_chunks.sha256;
DROP TABLE blob_chunks;
ALTER TABLE blobs ADD COLUMN uploader TEXT NOT NULL DEFAULT '';
ALTER TABLE blob_proofs ADD COLUMN hash TEXT NOT NULL DEFAULT '';
UPDATE blob_proofs SET hash = COALESCE((SELECT blob_parts.hash FROM blob_parts WHERE blob_parts.sha256 =
  blob_proofs.sha256 AND blob_parts.uploader = '' AND blob_parts.idx = blob_proofs.idx), '');
)sql",
    // 6: who put a file on a record. Bytes uploaded count for a scope only
    // where the uploader listed the file on a record themselves: someone
    // else's reference to a hash, in a scope the uploader may also write,
    // does not draw the file there (PROTOCOL.md "Attachments"). References
    // from before are nobody's (''), and count for every writer as they did.
    R"sql(
ALTER TABLE blob_refs ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
)sql",
    // 7: the kinds a reference says its file is (ListedBlob::kinds, "image/jpeg"),
    // so the first chunk of bytes is held to them: a record cannot put a page
    // of script on other devices under the name of a photo. References from
    // before say none ('') until their record is written again.
    R"sql(
ALTER TABLE blob_refs ADD COLUMN kinds TEXT NOT NULL DEFAULT '';
)sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

struct Statement {
    Q id;
    const char *text;
};

// In the order of Q (checked when rendered).
constexpr Statement kStatements[] = {
    {Q::ScopeEnsure, "INSERT INTO scopes (scope, seq, checksum, count) VALUES (?1, 0, 0, 0) "
                     "ON CONFLICT (scope) DO NOTHING"},
    {Q::ScopeLoadLocked, "SELECT seq, checksum, count FROM scopes WHERE scope = ?1{lock}"},
    {Q::ScopeSave, "UPDATE scopes SET seq = ?2, checksum = ?3, count = ?4 WHERE scope = ?1"},
    {Q::ScopeLoad, "SELECT seq, checksum, count FROM scopes WHERE scope = ?1"},
    {Q::ScopeList, "SELECT scope, seq, checksum, count FROM scopes ORDER BY scope{bytes}"},
    {Q::RecordPlace, "SELECT scope, type FROM records WHERE id = ?1"},
    {Q::RecordLoad, "SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ?1"},
    {Q::RecordLoadLocked, "SELECT " KYODO_RECORD_COLS " FROM records WHERE id = ?1{lock}"},
    {Q::RecordSave, "INSERT INTO records (" KYODO_RECORD_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                    "ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, type = excluded.type, cl = excluded.cl, "
                    "rev = excluded.rev, doc = excluded.doc, versions = excluded.versions, meta = excluded.meta, "
                    "seq = excluded.seq, checksum = excluded.checksum"},
    {Q::RecordsChanged,
     "SELECT " KYODO_RECORD_COLS " FROM records WHERE scope = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"},
    {Q::RecordCount, "SELECT COUNT(*) FROM records"},
    {Q::ConflictInsert, "INSERT INTO conflicts (" KYODO_CONFLICT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                        "?10, ?11, ?12, ?13, ?14, ?15, ?16)"},
    {Q::ConflictLoad, "SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE id = ?1"},
    {Q::ConflictLoadLocked, "SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE id = ?1{lock}"},
    {Q::ConflictSave, "UPDATE conflicts SET status = ?2, seq = ?3, resolution = ?4 WHERE id = ?1"},
    {Q::ConflictsOpenOfRecord,
     "SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE record = ?1 AND status = 'open' ORDER BY seq"},
    {Q::ConflictsOfScope,
     "SELECT " KYODO_CONFLICT_COLS " FROM conflicts WHERE scope = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq"},
    {Q::ConflictCount, "SELECT COUNT(*) FROM conflicts"},
    {Q::ConflictCountOpen, "SELECT COUNT(*) FROM conflicts WHERE status = 'open'"},
    {Q::DepartureInsert, "INSERT INTO departures (scope, record, seq, rev) VALUES (?1, ?2, ?3, ?4)"},
    {Q::DeparturesOfScope,
     "SELECT record, seq, rev FROM departures WHERE scope = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq"},
    {Q::ClientLoad, "SELECT user_name, last_cseq FROM clients WHERE client_id = ?1"},
    {Q::ClientLoadLocked, "SELECT user_name, last_cseq FROM clients WHERE client_id = ?1{lock}"},
    {Q::ClientSave, "INSERT INTO clients (client_id, user_name, last_cseq) VALUES (?1, ?2, ?3) ON CONFLICT (client_id) "
                    "DO UPDATE SET user_name = excluded.user_name, last_cseq = excluded.last_cseq"},
    {Q::ResultLoad, "SELECT mid, result FROM results WHERE client_id = ?1 AND cseq = ?2"},
    {Q::ResultSave, "INSERT INTO results (client_id, cseq, mid, result) VALUES (?1, ?2, ?3, ?4)"},
    {Q::ResultCount, "SELECT COUNT(*) FROM results"},
    {Q::GrantsOfUser, "SELECT scope, access FROM grants WHERE user_name = ?1 ORDER BY scope{bytes}"},
    {Q::UserLoad, "SELECT name, role, password_hash, disabled, failed_logins, locked_until FROM users WHERE name = ?1"},
    {Q::UserList,
     "SELECT name, role, password_hash, disabled, failed_logins, locked_until FROM users ORDER BY name{bytes}"},
    {Q::UserSave, "INSERT INTO users (name, role, password_hash, disabled, failed_logins, locked_until) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
                  "disabled = excluded.disabled, failed_logins = excluded.failed_logins, "
                  "locked_until = excluded.locked_until"},
    {Q::GrantAdd, "INSERT INTO grants (user_name, scope, access) VALUES (?1, ?2, ?3) "
                  "ON CONFLICT (user_name, scope) DO UPDATE SET access = excluded.access"},
    {Q::GrantRemove, "DELETE FROM grants WHERE user_name = ?1 AND scope = ?2"},
    {Q::AuditAppend, "INSERT INTO audit (at, user_name, client_id, peer, action, outcome, scope, record, detail) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
    // The newest `limit` entries that match, returned oldest first.
    {Q::AuditNewest, "SELECT * FROM (SELECT seq, at, user_name, client_id, peer, action, outcome, scope, record, "
                     "detail FROM audit WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR record = ?2) AND at >= ?3 "
                     "AND (?5 = 0 OR outcome NOT IN ('rejected:forbidden', 'rejected:not_found')) "
                     "ORDER BY seq DESC LIMIT ?4) AS newest ORDER BY seq"},
    {Q::QuarantineInsert, "INSERT INTO quarantine (" KYODO_QUARANTINE_COLS ") "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"},
    {Q::QuarantineListAll, "SELECT " KYODO_QUARANTINE_COLS " FROM quarantine ORDER BY received, id{bytes}"},
    {Q::QuarantineListHeld,
     "SELECT " KYODO_QUARANTINE_COLS " FROM quarantine WHERE status = 'held' ORDER BY received, id{bytes}"},
    {Q::QuarantineLoad, "SELECT " KYODO_QUARANTINE_COLS " FROM quarantine WHERE id = ?1"},
    {Q::QuarantineSave, "UPDATE quarantine SET status = ?2, resolution = ?3 WHERE id = ?1"},
    {Q::QuarantineCountHeld, "SELECT COUNT(*) FROM quarantine WHERE status = 'held'"},
    {Q::TokenInsert, "INSERT INTO tokens (" KYODO_TOKEN_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
    {Q::TokenLoad, "SELECT " KYODO_TOKEN_COLS " FROM tokens WHERE hash = ?1"},
    {Q::TokenSave, "UPDATE tokens SET revoked = ?2, last_used = ?3, expires = ?4, client_id = ?5, wipe = ?6 "
                   "WHERE hash = ?1"},
    {Q::TokenList, "SELECT " KYODO_TOKEN_COLS " FROM tokens ORDER BY user_name{bytes}, created"},
    // A prefix compared with substr, not LIKE, so '%' or '_' in it match nothing special.
    {Q::TokensRevokeByPrefix, "UPDATE tokens SET revoked = 1 WHERE revoked = 0 "
                              "AND substr(hash, 1, length(CAST(?1 AS TEXT))) = CAST(?1 AS TEXT)"},
    {Q::TokensRevokeOfUser, "UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND user_name = ?1"},
    {Q::TokensRevokeRenewals, "UPDATE tokens SET revoked = 1 WHERE revoked = 0 AND replaces = ?1"},
    {Q::BlobRefsOfRecord, "SELECT sha256, size, kinds FROM blob_refs WHERE record = ?1"},
    // Whoever listed the file first stays its adder through later edits of the record.
    {Q::BlobRefSave, "INSERT INTO blob_refs (sha256, record, size, added_by, kinds) VALUES (?1, ?2, ?3, ?4, ?5) "
                     "ON CONFLICT (sha256, record) DO UPDATE SET size = excluded.size, kinds = excluded.kinds"},
    {Q::BlobRefDelete, "DELETE FROM blob_refs WHERE sha256 = ?1 AND record = ?2"},
    // The grace period starts when the last reference goes, and ends when one comes back.
    {Q::BlobUpdateUnreferenced,
     "UPDATE blobs SET unreferenced_since = CASE WHEN EXISTS (SELECT 1 FROM blob_refs WHERE blob_refs.sha256 = ?1) "
     "THEN 0 WHEN unreferenced_since = 0 THEN ?2 ELSE unreferenced_since END WHERE sha256 = ?1"},
    // References are kept for live records only; the join says where each one is now.
    {Q::BlobReferrers,
     "SELECT records.scope, blob_refs.size, blob_refs.added_by, blob_refs.kinds FROM blob_refs JOIN records ON "
     "records.id = "
     "blob_refs.record WHERE blob_refs.sha256 = ?1 AND records.cl % 2 = 1"},
    {Q::BlobLoad, "SELECT size, created, unreferenced_since, complete, uploader FROM blobs WHERE sha256 = ?1"},
    {Q::BlobLoadLocked,
     "SELECT size, created, unreferenced_since, complete, uploader FROM blobs WHERE sha256 = ?1{lock}"},
    {Q::BlobEnsure, "INSERT INTO blobs (sha256, size, created, unreferenced_since, complete) "
                    "VALUES (?1, 0, ?2, 0, 0) ON CONFLICT (sha256) DO NOTHING"},
    {Q::BlobComplete, "UPDATE blobs SET size = ?2, uploader = ?3, complete = 1 WHERE sha256 = ?1"},
    {Q::BlobParts, "SELECT idx, hash, size FROM blob_parts WHERE sha256 = ?1 AND uploader = ?2 ORDER BY idx"},
    {Q::BlobPartSave, "INSERT INTO blob_parts (sha256, uploader, size, idx, hash, data, sent_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256, uploader, idx) DO UPDATE SET "
                      "size = excluded.size, hash = excluded.hash, data = excluded.data, sent_at = excluded.sent_at"},
    {Q::BlobPartLoad, "SELECT data FROM blob_parts WHERE sha256 = ?1 AND uploader = ?2 AND idx = ?3"},
    {Q::BlobPartsDropOf, "DELETE FROM blob_parts WHERE sha256 = ?1 AND uploader = ?2"},
    {Q::BlobPartsDropBut, "DELETE FROM blob_parts WHERE sha256 = ?1 AND uploader <> ?2"},
    {Q::BlobPartsDrop, "DELETE FROM blob_parts WHERE sha256 = ?1"},
    {Q::BlobsWithStaleParts,
     "SELECT sha256 FROM blob_parts WHERE " KYODO_STALE_PARTS " GROUP BY sha256 ORDER BY sha256{bytes}"},
    {Q::BlobPartsStale,
     "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM blob_parts WHERE sha256 = ?2 AND " KYODO_STALE_PARTS},
    {Q::BlobPartsStaleDrop, "DELETE FROM blob_parts WHERE sha256 = ?2 AND " KYODO_STALE_PARTS},
    {Q::BlobProofs, "SELECT scope, idx, hash FROM blob_proofs WHERE sha256 = ?1 ORDER BY scope{bytes}, idx"},
    // A scope's latest sender says what its writers have.
    {Q::BlobProofAdd, "INSERT INTO blob_proofs (sha256, scope, idx, hash) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (sha256, scope, idx) DO UPDATE SET hash = excluded.hash"},
    {Q::BlobProofsDrop, "DELETE FROM blob_proofs WHERE sha256 = ?1"},
    // A record moving from ?2 to ?3 takes the standing of the blobs it lists.
    {Q::BlobProofsCopy, "INSERT INTO blob_proofs (sha256, scope, idx, hash) SELECT blob_proofs.sha256, ?3, "
                        "blob_proofs.idx, blob_proofs.hash "
                        "FROM blob_proofs JOIN blob_refs ON blob_refs.sha256 = blob_proofs.sha256 "
                        "WHERE blob_refs.record = ?1 AND blob_proofs.scope = ?2 ON CONFLICT DO NOTHING"},
    {Q::BlobsExpired, "SELECT sha256, size FROM blobs WHERE unreferenced_since > 0 AND unreferenced_since <= ?1 "
                      "AND NOT EXISTS (SELECT 1 FROM blob_refs WHERE blob_refs.sha256 = blobs.sha256) "
                      "ORDER BY sha256{bytes}"},
    {Q::BlobDelete, "DELETE FROM blobs WHERE sha256 = ?1"},
    {Q::BlobBytesStored, "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM blob_parts"},
};
static_assert(std::size(kStatements) == static_cast<std::size_t>(Q::Count_));

std::string_view tokenValue(std::string_view token, Dialect d)
{
    const bool pg = d == Dialect::Postgres;
    if (token == "int64")
        return pg ? "BIGINT" : "INTEGER";
    if (token == "seq_key")
        return pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
    if (token == "lock")
        return pg ? " FOR UPDATE" : "";
    if (token == "bytes")
        return pg ? " COLLATE \"C\"" : "";
    if (token == "blob")
        return pg ? "BYTEA" : "BLOB";
    throw std::logic_error("unknown SQL token {" + std::string(token) + "}");
}

struct Rendered {
    std::vector<std::string> statements;
    std::vector<std::string> migrations;
};

Rendered renderAll(Dialect d)
{
    Rendered r;
    for (std::size_t i = 0; i < std::size(kStatements); ++i) {
        if (static_cast<std::size_t>(kStatements[i].id) != i)
            throw std::logic_error("storesql.cpp: kStatements is not in the order of Q");
        r.statements.push_back(renderSql(kStatements[i].text, d));
    }
    for (const char *m : kMigrations)
        r.migrations.push_back(renderSql(m, d));
    return r;
}

const Rendered &rendered(Dialect d)
{
    static const Rendered sqlite = renderAll(Dialect::Sqlite);
    static const Rendered postgres = renderAll(Dialect::Postgres);
    return d == Dialect::Postgres ? postgres : sqlite;
}

} // namespace

std::string renderSql(std::string_view in, Dialect d)
{
    std::string out;
    out.reserve(in.size() + 16);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '?' && d == Dialect::Postgres && i + 1 < in.size() && in[i + 1] >= '0' && in[i + 1] <= '9') {
            out += '$';
        } else if (c == '{') {
            const std::size_t close = in.find('}', i);
            if (close == std::string_view::npos)
                throw std::logic_error("unclosed { in SQL: " + std::string(in));
            out += tokenValue(in.substr(i + 1, close - i - 1), d);
            i = close;
        } else {
            out += c;
        }
    }
    return out;
}

const std::string &sql(Q statement, Dialect dialect)
{
    return rendered(dialect).statements.at(static_cast<std::size_t>(statement));
}

std::span<const std::string> migrations(Dialect dialect) { return rendered(dialect).migrations; }

} // namespace kyodo::server
