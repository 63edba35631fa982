// The one RAII layer over the SQLite C API, for the device replica
// (sync/client) and the server's SQLite store (sync/server). Every
// sqlite3_open goes through SqliteDb::open: the one place that creates files
// readable by their owner only and applies a replica's key (SQLite is
// SQLCipher 4 in every Kyodo binary; a database without a key is plain
// SQLite).
// Failures throw SqliteError; the replica's public API turns them into Error
// values, the server store into StoreError.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kyodo {

// Test seam: called before every statement run on a database that enabled it
// (SqliteDb::enableStatementHook: the replica does, the server's store does
// not). The simulation makes it throw (with a type not derived from
// std::exception) to kill a device between any two SQLite statements, while
// the server it talks to runs in the same process. Empty function = no hook.
void setStatementHook(std::function<void()> hook);

class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string &what) : std::runtime_error(what), m_code(code) {}
    int code() const { return m_code; }

private:
    int m_code;
};

struct CachedStatement {
    sqlite3_stmt *stmt = nullptr;
    bool inUse = false;
};

class Statement {
public:
    Statement(sqlite3 *db, std::string_view sql, bool hooked = false);
    // Borrows a statement from the connection's cache; reset, not finalized, at the end.
    Statement(sqlite3 *db, CachedStatement *cached, bool hooked = false);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, std::uint64_t value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const std::string &value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bindBlob(int index, std::string_view bytes); // bytes, not text
    // The same without a copy, for megabytes (a chunk of a file): the bytes
    // must outlive this Statement, whose end resets it and clears its bindings.
    Statement &bindBlobInPlace(int index, std::string_view bytes);
    Statement &bindNull(int index);
    template <typename... Args>
    Statement &bindAll(const Args &...args)
    {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    bool step(); // true while a row is available
    void run();  // step to completion
    void reset();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const; // a BLOB column's bytes
    bool isNull(int column) const;
    double real(int column) const;
    int type(int column) const { return sqlite3_column_type(m_stmt, column); } // SQLITE_INTEGER, _TEXT, _NULL…
    int columnCount() const { return sqlite3_column_count(m_stmt); }
    int changes() const { return sqlite3_changes(m_db); } // rows the last INSERT/UPDATE/DELETE changed

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    CachedStatement *m_cached = nullptr;
    bool m_hooked = false;
};

// The key of an encrypted database: 32 random bytes (as 64 hex digits, used
// as they are) or a passphrase (SQLCipher derives the key with
// PBKDF2-HMAC-SHA512, 256,000 iterations). Neither: a plain database.
struct DbKey {
    std::string rawHex;
    std::string passphrase;
    // Encrypted pages of this size for a new file (0: SQLCipher's 4 KiB).
    int cipherPageSize = 0;
    // Pages authenticated with HMAC-SHA256 rather than SQLCipher's default
    // SHA-512: SHA-256 runs on the CPU's SHA extensions, about twice as fast
    // here. A file made before with SHA-512 is still opened with SHA-512.
    bool hmacSha256 = false;
    // A file made before with pages of this size (0: none) is opened with
    // them: the size is fixed when a file is made.
    int formerPageSize = 0;
    bool none() const { return rawHex.empty() && passphrase.empty(); }
};

class SqliteDb {
public:
    // Opens (creating it 0600 when missing) the database at `path` (or an
    // in-memory one for ":memory:"). With a key, a plain database found there
    // is encrypted in place first, and a wrong key fails with SQLITE_NOTADB.
    static SqliteDb open(const std::string &path, const DbKey &key = {});
    // True when `path` is an existing plain (unencrypted) SQLite file.
    static bool isPlainFile(const std::string &path);
    ~SqliteDb();
    SqliteDb(SqliteDb &&other) noexcept;
    SqliteDb &operator=(SqliteDb &&other) noexcept;
    SqliteDb(const SqliteDb &) = delete;

    void exec(std::string_view sql);
    // Prepared statements are cached per SQL text: saves and checkpoints run
    // the same few statements thousands of times.
    Statement prepare(std::string_view sql);
    std::optional<std::int64_t> queryInt(std::string_view sql);
    sqlite3 *handle() const { return m_db; }
    // Runs the statement hook (setStatementHook) before this database's statements.
    void enableStatementHook() { m_hooked = true; }
    // Run by Transaction::commit() just before COMMIT (replicacheck.h).
    void setBeforeCommit(std::function<void(SqliteDb &)> check) { m_beforeCommit = std::move(check); }
    void beforeCommit()
    {
        if (m_beforeCommit)
            m_beforeCommit(*this);
    }

private:
    explicit SqliteDb(sqlite3 *db);
    sqlite3 *m_db = nullptr;
    std::unique_ptr<std::map<std::string, CachedStatement, std::less<>>> m_cache;
    std::function<void(SqliteDb &)> m_beforeCommit;
    bool m_hooked = false;
};

// For the length of a sync: SQLite's automatic WAL checkpoint would otherwise
// land inside whichever of the sync's commits crosses 1,000 pages, copying
// and fsyncing the database file while the user waits for the sync. The
// caller checkpoints afterwards, when idle (Replica::checkpointWal).
class DeferredWalCheckpoint {
public:
    explicit DeferredWalCheckpoint(SqliteDb &db);
    ~DeferredWalCheckpoint();
    DeferredWalCheckpoint(const DeferredWalCheckpoint &) = delete;

private:
    SqliteDb &m_db;
    std::int64_t m_previous;
};

// For the sync engine's own bookkeeping (sent marks, push results, pulled
// checkpoints): all of it can be lost and redone from the server, so it need
// not wait for fsync like a user's save. Restores synchronous=FULL on exit.
class RelaxedDurability {
public:
    explicit RelaxedDurability(SqliteDb &db);
    ~RelaxedDurability();
    RelaxedDurability(const RelaxedDurability &) = delete;

private:
    SqliteDb &m_db;
};

// BEGIN IMMEDIATE … COMMIT; rolls back if destroyed before commit().
class Transaction {
public:
    explicit Transaction(SqliteDb &db);
    ~Transaction();
    void commit();

private:
    SqliteDb &m_db;
    bool m_done = false;
};

} // namespace kyodo
