#include "sqlite.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace kyodo {

namespace {
std::function<void()> &statementHook()
{
    static std::function<void()> hook;
    return hook;
}

void beforeStatement()
{
    if (const auto &hook = statementHook())
        hook();
}
} // namespace

void setStatementHook(std::function<void()> hook) { statementHook() = std::move(hook); }

static void check(sqlite3 *db, int rc, std::string_view what)
{
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        throw SqliteError(rc, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

Statement::Statement(sqlite3 *db, std::string_view sql, bool hooked) : m_db(db), m_hooked(hooked)
{
    check(m_db, sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr), "prepare");
}

Statement::Statement(sqlite3 *db, CachedStatement *cached, bool hooked)
    : m_db(db), m_stmt(cached->stmt), m_cached(cached), m_hooked(hooked)
{
    cached->inUse = true;
}

Statement::~Statement()
{
    if (m_cached) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
        m_cached->inUse = false;
    } else {
        sqlite3_finalize(m_stmt);
    }
}

Statement::Statement(Statement &&o) noexcept
    : m_db(o.m_db), m_stmt(o.m_stmt), m_cached(o.m_cached), m_hooked(o.m_hooked)
{
    o.m_stmt = nullptr;
    o.m_cached = nullptr;
}

Statement &Statement::bind(int i, std::int64_t v)
{
    check(m_db, sqlite3_bind_int64(m_stmt, i, v), "bind");
    return *this;
}

Statement &Statement::bind(int i, std::string_view v)
{
    check(m_db, sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
    return *this;
}

Statement &Statement::bindBlob(int i, std::string_view bytes)
{
    // A zero-length blob still binds as a blob, not as NULL.
    check(m_db, sqlite3_bind_blob64(m_stmt, i, bytes.empty() ? "" : bytes.data(), bytes.size(), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement &Statement::bindBlobInPlace(int i, std::string_view bytes)
{
    check(m_db, sqlite3_bind_blob64(m_stmt, i, bytes.empty() ? "" : bytes.data(), bytes.size(), SQLITE_STATIC), "bind");
    return *this;
}

Statement &Statement::bindNull(int i)
{
    check(m_db, sqlite3_bind_null(m_stmt, i), "bind");
    return *this;
}

bool Statement::step()
{
    if (m_hooked)
        beforeStatement();
    const int rc = sqlite3_step(m_stmt);
    check(m_db, rc, "step");
    return rc == SQLITE_ROW;
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int c) const { return sqlite3_column_int64(m_stmt, c); }

std::string Statement::text(int c) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string();
}

std::string Statement::blob(int c) const
{
    const auto *p = static_cast<const char *>(sqlite3_column_blob(m_stmt, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string();
}

double Statement::real(int c) const { return sqlite3_column_double(m_stmt, c); }

bool Statement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }

namespace {

// Creates the file for SQLite with the owner's permissions only: SQLite
// gives its WAL and shared-memory files the permissions of the database.
void createPrivately(const std::string &path)
{
    if (path.empty() || path == ":memory:")
        return; // nothing on disk
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        ::close(fd);
}

sqlite3 *openRaw(const std::string &path)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        throw SqliteError(rc, "open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db, 10000);
    return db;
}

void run(sqlite3 *db, const std::string &sql)
{
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, msg);
    }
}

std::string quoted(const std::string &text)
{
    std::string out = "'";
    for (const char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// The key as SQLCipher's KEY clause and PRAGMA key take it.
std::string keyLiteral(const DbKey &key)
{
    return key.rawHex.empty() ? quoted(key.passphrase) : "\"x'" + key.rawHex + "'\"";
}

// Rewrites a plain database as an encrypted one: exported into a new file,
// synced, then renamed over the old, so a crash leaves one or the other.
void encryptInPlace(const std::string &path, const DbKey &key)
{
    const std::string temp = path + ".encrypting";
    std::remove(temp.c_str());
    createPrivately(temp);
    sqlite3 *plain = openRaw(path);
    try {
        run(plain, "PRAGMA wal_checkpoint(TRUNCATE)");
        std::int64_t version = 0;
        {
            sqlite3_stmt *st = nullptr;
            sqlite3_prepare_v2(plain, "PRAGMA user_version", -1, &st, nullptr);
            if (sqlite3_step(st) == SQLITE_ROW)
                version = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
        run(plain, "ATTACH DATABASE " + quoted(temp) + " AS encrypted KEY " + keyLiteral(key));
        run(plain, "SELECT sqlcipher_export('encrypted')");
        run(plain, "PRAGMA encrypted.user_version=" + std::to_string(version)); // not copied by the export
        run(plain, "DETACH DATABASE encrypted");
    } catch (...) {
        sqlite3_close_v2(plain);
        std::remove(temp.c_str());
        throw;
    }
    sqlite3_close_v2(plain);
    if (const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0)
        throw SqliteError(SQLITE_IOERR, "cannot replace " + path + " with its encrypted copy");
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
}

// SQLCipher logs a failed page check to stderr (a level for the whole
// process); the level it had is put back whatever the read gives.
void firstReadQuietly(sqlite3 *db)
{
    std::string level;
    sqlite3_exec(
        db, "PRAGMA cipher_log_level",
        [](void *out, int n, char **values, char **) {
            if (n > 0 && values[0])
                *static_cast<std::string *>(out) = values[0];
            return 0;
        },
        &level, nullptr);
    struct Restore {
        sqlite3 *db;
        std::string level;
        ~Restore()
        {
            if (!level.empty() && level.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos)
                sqlite3_exec(db, ("PRAGMA cipher_log_level = " + level).c_str(), nullptr, nullptr, nullptr);
        }
    } restore{db, level};
    sqlite3_exec(db, "PRAGMA cipher_log_level = NONE", nullptr, nullptr, nullptr);
    run(db, "SELECT count(*) FROM sqlite_master");
}

// Whether a file may have been made with pages of `pageSize`: its length is
// a whole number of them (a file of smaller pages is too only now and then).
bool madeWithPagesOf(const std::string &path, int pageSize)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && st.st_size > 0 && st.st_size % pageSize == 0;
}

// An encrypted database, its settings given before the first read (they
// are fixed when the file is made): the key is only tried at that read, so a
// wrong one, or other settings than the file's, fails here.
sqlite3 *openKeyed(const std::string &path, const DbKey &key, int pageSize, bool hmacSha256, bool quietly)
{
    sqlite3 *db = openRaw(path);
    try {
        run(db, "PRAGMA key = " + keyLiteral(key));
        if (pageSize > 0)
            run(db, "PRAGMA cipher_page_size = " + std::to_string(pageSize));
        if (hmacSha256)
            run(db, "PRAGMA cipher_hmac_algorithm = HMAC_SHA256");
        if (quietly)
            firstReadQuietly(db); // a file made otherwise fails this as expected: not logged as an error
        else
            run(db, "SELECT count(*) FROM sqlite_master");
    } catch (const SqliteError &e) {
        sqlite3_close_v2(db);
        throw SqliteError(e.code(),
                          "open " + path + ": " + e.what() + (e.code() == SQLITE_NOTADB ? " (wrong key?)" : ""));
    }
    return db;
}

} // namespace

bool SqliteDb::isPlainFile(const std::string &path)
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return false;
    char header[16] = {0};
    const std::size_t n = std::fread(header, 1, sizeof header, f);
    std::fclose(f);
    return n == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0;
}

SqliteDb SqliteDb::open(const std::string &path, const DbKey &key)
{
    createPrivately(path);
    if (!key.none() && isPlainFile(path))
        encryptInPlace(path, key); // a replica from before encryption
    if (key.none())
        return SqliteDb(openRaw(path));
    // The settings a file was made with are not readable without them: each
    // it may have been made with is tried, the likeliest first (a passphrase
    // costs a key derivation a try). A wrong key fails every way.
    std::vector<int> pageSizes = {key.cipherPageSize};
    if (key.formerPageSize > 0 && key.formerPageSize != key.cipherPageSize) {
        const bool likely = madeWithPagesOf(path, key.formerPageSize);
        pageSizes.insert(likely ? pageSizes.begin() : pageSizes.end(), key.formerPageSize);
    }
    std::vector<std::pair<int, bool>> tries; // page size, HMAC-SHA256
    for (const int pageSize : pageSizes) {
        tries.emplace_back(pageSize, key.hmacSha256);
        if (key.hmacSha256) // a file made before HMAC-SHA256 was asked for keeps SHA-512
            tries.emplace_back(pageSize, false);
    }
    for (std::size_t i = 0;; ++i) {
        const bool last = i + 1 == tries.size();
        try {
            return SqliteDb(openKeyed(path, key, tries[i].first, tries[i].second, !last));
        } catch (const SqliteError &e) {
            if (last || e.code() != SQLITE_NOTADB)
                throw;
        }
    }
}

SqliteDb::SqliteDb(sqlite3 *db)
    : m_db(db), m_cache(std::make_unique<std::map<std::string, CachedStatement, std::less<>>>())
{}

SqliteDb::~SqliteDb()
{
    if (m_cache)
        for (auto &[sql, cached] : *m_cache)
            sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(m_db);
}

SqliteDb::SqliteDb(SqliteDb &&o) noexcept
    : m_db(o.m_db), m_cache(std::move(o.m_cache)), m_beforeCommit(std::move(o.m_beforeCommit)), m_hooked(o.m_hooked)
{
    o.m_db = nullptr;
}

SqliteDb &SqliteDb::operator=(SqliteDb &&o) noexcept
{
    std::swap(m_db, o.m_db);
    std::swap(m_cache, o.m_cache);
    std::swap(m_beforeCommit, o.m_beforeCommit);
    std::swap(m_hooked, o.m_hooked);
    return *this;
}

Statement SqliteDb::prepare(std::string_view sql)
{
    auto it = m_cache->find(sql);
    if (it == m_cache->end()) {
        CachedStatement cached;
        check(m_db,
              sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                 &cached.stmt, nullptr),
              "prepare");
        it = m_cache->emplace(std::string(sql), cached).first;
    }
    if (it->second.inUse) // the same SQL already running further up the stack
        return Statement(m_db, sql, m_hooked);
    return Statement(m_db, &it->second, m_hooked);
}

void SqliteDb::exec(std::string_view sql)
{
    if (m_hooked)
        beforeStatement();
    char *err = nullptr;
    const int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, "exec: " + msg);
    }
}

std::optional<std::int64_t> SqliteDb::queryInt(std::string_view sql)
{
    Statement st = prepare(sql);
    if (!st.step() || st.isNull(0))
        return std::nullopt;
    return st.integer(0);
}

DeferredWalCheckpoint::DeferredWalCheckpoint(SqliteDb &db)
    : m_db(db), m_previous(db.queryInt("PRAGMA wal_autocheckpoint").value_or(1000))
{
    m_db.exec("PRAGMA wal_autocheckpoint=0");
}

DeferredWalCheckpoint::~DeferredWalCheckpoint()
{
    // The value found on entry: a push inside a sync leaves the sync's deferral on.
    const std::string restore = "PRAGMA wal_autocheckpoint=" + std::to_string(m_previous);
    sqlite3_exec(m_db.handle(), restore.c_str(), nullptr, nullptr, nullptr);
}

RelaxedDurability::RelaxedDurability(SqliteDb &db) : m_db(db) { m_db.exec("PRAGMA synchronous=NORMAL"); }

RelaxedDurability::~RelaxedDurability()
{
    sqlite3_exec(m_db.handle(), "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
}

Transaction::Transaction(SqliteDb &db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction()
{
    if (!m_done)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.beforeCommit();
    m_db.exec("COMMIT");
    m_done = true;
}

} // namespace kyodo
