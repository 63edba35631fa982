// StoreTx written once over the statements of storesql.h. A database gives
// two primitives, query() and execute(); everything else (which statement,
// what it binds, how a row becomes a StoredRecord) lives here, so SQLite and
// PostgreSQL cannot drift apart. The stores override only what is truly
// theirs: commit, and PostgreSQL's batching of record and result writes.
#pragma once

#include "store.h"
#include "storesql.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace kyodo::server {

// Raw bytes as a parameter (a BLOB / BYTEA column), borrowed for the call.
struct SqlBytes {
    std::string_view bytes;
};

// A statement parameter: an integer, text or bytes (borrowed for the call).
using SqlValue = std::variant<std::int64_t, std::string_view, SqlBytes>;

// One row of a result, read by column index.
class SqlRow {
public:
    virtual std::string text(int col) const = 0; // "" for NULL
    virtual std::int64_t i64(int col) const = 0;
    virtual std::string bytes(int col) const = 0; // a BLOB / BYTEA column

protected:
    ~SqlRow() = default;
};

// Row readers, in the column order of storesql.cpp's statements.
StoredRecord readRecord(const SqlRow &row);
ConflictInfo readConflict(const SqlRow &row);

class SqlTx : public StoreTx {
public:
    ScopeState lockScope(const std::string &scope) override;
    void saveScope(const ScopeState &state) override;
    std::optional<ScopeState> scopeState(const std::string &scope) override;
    std::vector<ScopeState> listScopes() override;

    std::optional<StoredRecord> loadRecord(const std::string &id) override;
    std::optional<RecordPlace> recordPlace(const std::string &id) override;
    void saveRecord(const StoredRecord &record) override;
    std::vector<StoredRecord> changedRecords(const std::string &scope, std::int64_t after, int limit) override;
    std::int64_t recordCount() override;

    void insertConflict(const ConflictInfo &conflict) override;
    std::optional<ConflictInfo> loadConflict(const std::string &id) override;
    void saveConflict(const ConflictInfo &conflict) override;
    std::vector<ConflictInfo> openConflictsOf(const std::string &record) override;
    std::vector<ConflictInfo> conflicts(const std::string &scope, std::int64_t after, std::int64_t upto) override;
    std::int64_t conflictCount() override;
    std::int64_t openConflictCount() override;

    void recordDeparture(const Departure &departure) override;
    std::vector<Departure> departures(const std::string &scope, std::int64_t after, std::int64_t upto) override;

    std::optional<ClientState> loadClient(const std::string &clientId) override;
    void saveClient(const ClientState &client) override;
    std::optional<StoredResult> loadResult(const std::string &clientId, std::int64_t cseq) override;
    void saveResult(const std::string &clientId, std::int64_t cseq, const StoredResult &result) override;
    std::int64_t resultCount() override;

    void insertQuarantine(const QuarantineRow &row) override;
    std::vector<QuarantineRow> listQuarantine(bool all) override;
    std::optional<QuarantineRow> loadQuarantine(const std::string &id) override;
    void saveQuarantine(const QuarantineRow &row) override;
    std::int64_t heldQuarantineCount() override;

    void appendAudit(const AuditEntry &entry) override;
    std::vector<AuditEntry> audit(const AuditFilter &filter) override;

    std::optional<UserRow> loadUser(const std::string &name) override;
    std::vector<UserRow> listUsers() override;
    void saveUser(const UserRow &user) override;
    void addGrant(const std::string &user, const std::string &scope, GrantAccess access) override;
    bool removeGrant(const std::string &user, const std::string &scope) override;
    void insertToken(const TokenRow &token) override;
    std::optional<TokenRow> loadToken(const std::string &hash) override;
    void saveToken(const TokenRow &token) override;
    std::vector<TokenRow> listTokens() override;
    int revokeTokensByPrefix(const std::string &hashPrefix) override;
    int revokeTokensOfUser(const std::string &user) override;
    int revokeRenewalsOf(const std::string &hash) override;

    std::map<std::string, ListedBlob> blobRefsOf(const std::string &record) override;
    void setBlobRefs(const std::string &record, const std::map<std::string, ListedBlob> &refs, std::int64_t now,
                     const std::string &writer) override;
    std::vector<BlobReferrer> blobReferrers(const std::string &sha256) override;
    std::optional<BlobRow> loadBlob(const std::string &sha256) override;
    void ensureBlob(const std::string &sha256, std::int64_t now) override;
    void completeBlob(const std::string &sha256, std::int64_t size, const std::string &uploader) override;
    std::map<std::int64_t, BlobPart> blobParts(const std::string &sha256, const std::string &uploader) override;
    void saveBlobPart(const std::string &sha256, const std::string &uploader, std::int64_t size, std::int64_t index,
                      const std::string &hash, std::string_view bytes, std::int64_t now) override;
    std::optional<std::string> loadBlobPart(const std::string &sha256, const std::string &uploader,
                                            std::int64_t index) override;
    void dropBlobParts(const std::string &sha256, const std::string &uploader, bool others) override;
    std::vector<std::string> blobsWithStaleParts(std::int64_t before) override;
    std::int64_t dropStaleBlobParts(const std::string &sha256, std::int64_t before) override;
    std::vector<BlobProof> blobProofs(const std::string &sha256) override;
    void addBlobProof(const std::string &sha256, const std::string &scope, std::int64_t index,
                      const std::string &hash) override;
    void copyBlobStanding(const std::string &record, const std::string &from, const std::string &to) override;
    std::vector<BlobRow> expiredBlobs(std::int64_t before) override;
    void deleteBlob(const std::string &sha256) override;
    std::int64_t blobBytesStored() override;

protected:
    explicit SqlTx(bool writer) : m_writer(writer) {}

    using Params = std::initializer_list<SqlValue>;
    using OnRow = std::function<void(const SqlRow &)>;
    // Runs `statement`, calling onRow for each row it returns.
    virtual void query(Q statement, Params params, const OnRow &onRow) = 0;
    // Runs `statement`; returns how many rows it changed.
    virtual int execute(Q statement, Params params) = 0;

    bool writer() const { return m_writer; }

private:
    std::int64_t count(Q statement);
    void loadGrants(UserRow &user);
    // A writer reads rows it merges against with their lock (Q::…Locked).
    Q readOrLock(Q read, Q locked) const { return m_writer ? locked : read; }

    bool m_writer;
};

} // namespace kyodo::server
