#include "sqlitestore.h"

#include "sqlite.h"
#include "sqltx.h"
#include "walcheckpointer.h"

namespace kyodo::server {

namespace {

// The wrapper's faults as the store's: the services answer 503 on StoreError.
template <typename F>
auto asStoreError(F &&f) -> decltype(f())
{
    try {
        return f();
    } catch (const SqliteError &e) {
        throw StoreError(std::string("sqlite: ") + e.what());
    }
}

class SqliteRow final : public SqlRow {
public:
    explicit SqliteRow(const Statement &st) : m_st(st) {}
    std::string text(int col) const override { return m_st.text(col); }
    std::int64_t i64(int col) const override { return m_st.integer(col); }
    std::string bytes(int col) const override { return m_st.blob(col); }

private:
    const Statement &m_st;
};

void bindAll(Statement &st, std::initializer_list<SqlValue> params)
{
    int i = 0;
    for (const SqlValue &v : params) {
        ++i;
        if (const auto *n = std::get_if<std::int64_t>(&v))
            st.bind(i, *n);
        else if (const auto *b = std::get_if<SqlBytes>(&v))
            st.bindBlobInPlace(i, b->bytes); // query and execute end the statement before the bytes (keep so)
        else
            st.bind(i, std::get<std::string_view>(v));
    }
}

class SqliteTx final : public SqlTx {
public:
    SqliteTx(SqliteStore &store, bool write)
        : SqlTx(write),
          m_store(store),
          // Writers of this process queue on a mutex (woken at once) rather
          // than on SQLite's busy handler, which sleeps and lets late comers
          // overtake: with 50 devices that made the slowest push wait seconds
          // (tests/bench).
          m_writerLock(write ? std::unique_lock(store.writerMutex()) : std::unique_lock<std::mutex>()),
          m_db(store.acquire())
    {
        try {
            asStoreError([&] { m_db->exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); });
        } catch (...) {
            m_store.release(std::move(m_db));
            throw;
        }
    }
    ~SqliteTx() override
    {
        if (!m_done)
            sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        m_store.release(std::move(m_db));
    }

    void commit() override
    {
        asStoreError([&] { m_db->exec("COMMIT"); });
        m_done = true;
    }

protected:
    void query(Q statement, Params params, const OnRow &onRow) override
    {
        asStoreError([&] {
            Statement st = m_db->prepare(sql(statement, Dialect::Sqlite));
            bindAll(st, params);
            const SqliteRow row(st);
            while (st.step())
                onRow(row);
        });
    }
    int execute(Q statement, Params params) override
    {
        return asStoreError([&] {
            Statement st = m_db->prepare(sql(statement, Dialect::Sqlite));
            bindAll(st, params);
            st.run();
            return st.changes();
        });
    }

private:
    SqliteStore &m_store;
    std::unique_lock<std::mutex> m_writerLock;
    std::unique_ptr<SqliteDb> m_db;
    bool m_done = false;
};

} // namespace

SqliteStore::SqliteStore(std::string path) : m_path(std::move(path))
{
    std::unique_ptr<SqliteDb> db = acquire();
    try {
        migrate(*db);
    } catch (...) {
        release(std::move(db));
        throw;
    }
    release(std::move(db));
    if (m_path != ":memory:")
        m_checkpointer = asStoreError([&] { return std::make_unique<WalCheckpointer>(m_path); });
}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<SqliteDb> SqliteStore::acquire()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            std::unique_ptr<SqliteDb> db = std::move(m_idle.back());
            m_idle.pop_back();
            return db;
        }
    }
    auto db = open();
    std::lock_guard lock(m_mutex);
    ++m_open;
    return db;
}

Store::PoolUse SqliteStore::poolUse() const
{
    std::lock_guard lock(m_mutex);
    return {m_open, m_open - static_cast<int>(m_idle.size())};
}

void SqliteStore::release(std::unique_ptr<SqliteDb> db)
{
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(db));
}

std::unique_ptr<SqliteDb> SqliteStore::open()
{
    return asStoreError([&] {
        // Readable by the server's own user only (SqliteDb::open).
        auto db = std::make_unique<SqliteDb>(SqliteDb::open(m_path));
        // Pages of 64 KiB, for a new file (an existing one keeps its own): a
        // chunk of an attachment is 16 pages to write instead of 256, and
        // each page is a write() on the WAL and again on the checkpoint.
        // Measured with kyodo-bench-attachments and -server: the server's
        // CPU per uploaded MiB fell by a fifth, and pushes of records were
        // no slower (rather faster: fewer system calls per commit).
        db->exec("PRAGMA page_size = 65536");
        // WAL lets pulls read while a push writes; NORMAL is durable across
        // crashes of the server in WAL mode and only risks the last commits on
        // power loss.
        db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
        // A push of 1,000 records dirties about 3 MB of pages; with SQLite's
        // 2 MB default the writer spills pages to the WAL mid-transaction and
        // writes the busy index pages again at commit. The cache fills only as
        // far as a connection's work needs.
        db->exec("PRAGMA cache_size = -16384");
        // The WAL is copied back by the store's own thread (walcheckpointer.h),
        // never inside a request's commit.
        db->exec("PRAGMA wal_autocheckpoint = 0");
        return db;
    });
}

void SqliteStore::migrate(SqliteDb &db)
{
    asStoreError([&] {
        Transaction tx(db);
        const int version = static_cast<int>(db.queryInt("PRAGMA user_version").value_or(0));
        if (version > kStoreSchemaVersion)
            throw StoreError("database " + m_path + " has schema version " + std::to_string(version) +
                             ", newer than this server (" + std::to_string(kStoreSchemaVersion) + ")");
        const auto steps = migrations(Dialect::Sqlite);
        for (int v = version; v < kStoreSchemaVersion; ++v)
            db.exec(steps[static_cast<std::size_t>(v)]);
        if (version != kStoreSchemaVersion)
            db.exec("PRAGMA user_version = " + std::to_string(kStoreSchemaVersion));
        tx.commit();
    });
}

std::unique_ptr<StoreTx> SqliteStore::beginWrite() { return std::make_unique<SqliteTx>(*this, true); }

std::unique_ptr<StoreTx> SqliteStore::beginRead() { return std::make_unique<SqliteTx>(*this, false); }

} // namespace kyodo::server
