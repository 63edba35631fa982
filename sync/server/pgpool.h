// A bounded pool of PostgreSQL connections. cpp-httplib serves requests on a
// thread pool; each transaction borrows one connection for its lifetime and
// hands it back. A connection that libpq lost, or that is somehow still
// inside a transaction, is closed on return instead of being reused.
#pragma once

#include "pgconn.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kyodo::server {

class PgPool {
public:
    static constexpr int kDefaultSize = 8;

    PgPool(std::string conninfo, int size);
    PgPool(const PgPool &) = delete;
    PgPool &operator=(const PgPool &) = delete;

    // An idle connection, or a new one while fewer than `size` are open. When
    // all are busy it waits; after a bounded wait it throws StoreError so the
    // request answers 503 instead of hanging.
    std::unique_ptr<PgConn> acquire();
    void release(std::unique_ptr<PgConn> conn);
    int openCount() const;
    int busyCount() const;

private:
    std::string m_conninfo;
    int m_size;
    int m_open = 0; // idle + lent out
    mutable std::mutex m_mutex;
    std::condition_variable m_freed;
    std::vector<std::unique_ptr<PgConn>> m_idle;
};

} // namespace kyodo::server
