// The server store's one vocabulary: its tables (as migrations) and every
// statement, written once in portable SQL and rendered for each database.
// SqlTx (sqltx.h) runs them; SqliteStore and PgStore only say how.
//
// The dialect differences, all of them, are these tokens:
//   ?N          parameter N                 ?N on SQLite, $N on PostgreSQL
//   {int64}     a 64-bit integer column     INTEGER / BIGINT
//   {seq_key}   an ascending row number     INTEGER PRIMARY KEY (the rowid) / BIGSERIAL PRIMARY KEY
//   {lock}      lock the rows read          nothing (one writer holds the whole file) / FOR UPDATE
//   {bytes}     sort in byte order          nothing (BINARY is byte order) / COLLATE "C"
//   {blob}      a column of raw bytes       BLOB / BYTEA
// Batched writes (PostgreSQL's unnest) stay in pgstore.cpp: they are a way
// of sending rows, not a statement SQLite has.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kyodo::server {

enum class Dialect { Sqlite, Postgres };

// Every statement of the store. "Locked" ones read rows a writer is about to
// merge against (store.h invariant 2; pgstore.h says why PostgreSQL needs it).
enum class Q {
    ScopeEnsure,
    ScopeLoadLocked,
    ScopeSave,
    ScopeLoad,
    ScopeList,
    RecordPlace,
    RecordLoad,
    RecordLoadLocked,
    RecordSave,
    RecordsChanged,
    RecordCount,
    ConflictInsert,
    ConflictLoad,
    ConflictLoadLocked,
    ConflictSave,
    ConflictsOpenOfRecord,
    ConflictsOfScope,
    ConflictCount,
    ConflictCountOpen,
    DepartureInsert,
    DeparturesOfScope,
    ClientLoad,
    ClientLoadLocked,
    ClientSave,
    ResultLoad,
    ResultSave,
    ResultCount,
    GrantsOfUser,
    UserLoad,
    UserList,
    UserSave,
    GrantAdd,
    GrantRemove,
    AuditAppend,
    AuditNewest,
    QuarantineInsert,
    QuarantineListAll,
    QuarantineListHeld,
    QuarantineLoad,
    QuarantineSave,
    QuarantineCountHeld,
    TokenInsert,
    TokenLoad,
    TokenSave,
    TokenList,
    TokensRevokeByPrefix,
    TokensRevokeOfUser,
    TokensRevokeRenewals,
    // Attachments' blobs (blobservice.h): bytes kept once, references kept
    // with every record write, proof of possession per scope.
    BlobRefsOfRecord,
    BlobRefSave,
    BlobRefDelete,
    BlobUpdateUnreferenced,
    BlobReferrers,
    BlobLoad,
    BlobLoadLocked,
    BlobEnsure,
    BlobComplete,
    BlobParts,
    BlobPartSave,
    BlobPartLoad,
    BlobPartsDropOf,
    BlobPartsDropBut,
    BlobPartsDrop,
    BlobsWithStaleParts,
    BlobPartsStale,
    BlobPartsStaleDrop,
    BlobProofs,
    BlobProofAdd,
    BlobProofsDrop,
    BlobProofsCopy,
    BlobsExpired,
    BlobDelete,
    BlobBytesStored,
    Count_ // not a statement
};

// The store's schema version: migrations().size().
inline constexpr int kStoreSchemaVersion = 7;

// The statement, rendered for `dialect`. The string lives as long as the
// process (PgConn and SqliteDb cache prepared statements by it).
const std::string &sql(Q statement, Dialect dialect);

// Migration N brings schema version N-1 to N (index N-1), rendered.
std::span<const std::string> migrations(Dialect dialect);

// Renders portable SQL (the tokens above) for `dialect`; throws
// std::logic_error on an unknown {token}.
std::string renderSql(std::string_view portable, Dialect dialect);

// The columns readRecord (sqltx.h) reads, in its order; pgstore.cpp's batched reads use it too.
#define KYODO_RECORD_COLS "id, scope, type, cl, rev, doc, versions, meta, seq, checksum"

} // namespace kyodo::server
