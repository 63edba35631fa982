// The default Store: one SQLite file in WAL mode, through the same SQLite
// wrapper as the device replica (sync/sqlite). cpp-httplib serves requests on
// a thread pool, so connections come from a small pool and each transaction
// holds one for its lifetime. Writers serialize on a mutex and BEGIN
// IMMEDIATE (store.h invariant 2); readers run beside them on WAL snapshots.
// The schema (storesql.h) carries its version in PRAGMA user_version and is
// migrated when the file is opened.
#pragma once

#include "store.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kyodo {
class SqliteDb;
}

namespace kyodo::server {

class WalCheckpointer;

class SqliteStore final : public Store {
public:
    // Opens (creating if needed) and migrates the database; throws StoreError.
    explicit SqliteStore(std::string path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    std::unique_ptr<StoreTx> beginWrite() override;
    std::unique_ptr<StoreTx> beginRead() override;
    // One writer at a time: a push locks each scope when it first writes there.
    bool locksScopesUpFront() const override { return false; }
    PoolUse poolUse() const override;

    const std::string &path() const { return m_path; }

    // A pooled connection; transactions hand it back with release().
    std::unique_ptr<SqliteDb> acquire();
    void release(std::unique_ptr<SqliteDb> conn);
    // Held by each write transaction for its whole life.
    std::mutex &writerMutex() { return m_writer; }

private:
    std::unique_ptr<SqliteDb> open();
    void migrate(SqliteDb &db);

    std::string m_path;
    mutable std::mutex m_mutex;
    int m_open = 0; // connections made, idle or lent
    std::mutex m_writer;
    std::vector<std::unique_ptr<SqliteDb>> m_idle;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // after the pool: stopped first
};

} // namespace kyodo::server
