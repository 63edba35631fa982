// Copies the SQLite store's WAL into the database file on a thread of its
// own. SQLite's automatic checkpoint runs inside whichever commit crosses
// 1,000 WAL pages: with files' chunks in the store (1 MiB each) that was
// every fourth chunk, and a record push landing there waited for megabytes
// to be copied. Here the request threads only append to the WAL.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace kyodo {
class SqliteDb;
}

namespace kyodo::server {

class WalCheckpointer {
public:
    explicit WalCheckpointer(const std::string &path);
    ~WalCheckpointer(); // stops the thread, after a last checkpoint
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

private:
    void run();
    std::unique_ptr<SqliteDb> m_db;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kyodo::server
