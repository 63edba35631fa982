// The default Store: one SQLite file in WAL mode. cpp-httplib serves
// requests on a thread pool, so connections come from a small pool and each
// transaction holds one for its lifetime. Writers serialize on BEGIN
// IMMEDIATE (store.h invariant 2); readers run beside them on WAL snapshots.
// The schema carries its version in PRAGMA user_version and is migrated
// when the file is opened.
#pragma once

#include "store.h"

#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace kyodo::server {

struct SqliteConn;

class SqliteStore final : public Store {
public:
    static constexpr int kSchemaVersion = 2;

    // Opens (creating if needed) and migrates the database; throws StoreError.
    explicit SqliteStore(std::string path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    std::unique_ptr<StoreTx> beginWrite() override;
    std::unique_ptr<StoreTx> beginRead() override;
    // One writer at a time: a push locks each scope when it first writes there.
    bool locksScopesUpFront() const override { return false; }

    const std::string &path() const { return m_path; }

    // Used by transactions to hand their connection back.
    void release(SqliteConn *conn);
    // Held by each write transaction for its whole life.
    std::mutex &writerMutex() { return m_writer; }

private:
    SqliteConn *acquire();
    void migrate(SqliteConn &conn);

    std::string m_path;
    std::mutex m_mutex;
    std::mutex m_writer;
    std::vector<SqliteConn *> m_idle;
    std::vector<SqliteConn *> m_all;
};

} // namespace kyodo::server
