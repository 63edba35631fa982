#include "pgpool.h"

#include <chrono>

namespace kyodo::server {

namespace {
constexpr auto kAcquireWait = std::chrono::seconds(30);
}

PgPool::PgPool(std::string conninfo, int size) : m_conninfo(std::move(conninfo)), m_size(size > 0 ? size : 1) {}

std::unique_ptr<PgConn> PgPool::acquire()
{
    {
        std::unique_lock lock(m_mutex);
        if (!m_freed.wait_for(lock, kAcquireWait, [this] { return !m_idle.empty() || m_open < m_size; }))
            throw StoreError("postgresql: all " + std::to_string(m_size) + " pooled connections stayed busy");
        if (!m_idle.empty()) {
            auto conn = std::move(m_idle.back());
            m_idle.pop_back();
            return conn;
        }
        ++m_open; // reserve the slot; connect outside the lock
    }
    try {
        return std::make_unique<PgConn>(m_conninfo);
    } catch (...) {
        std::lock_guard lock(m_mutex);
        --m_open;
        m_freed.notify_one();
        throw;
    }
}

void PgPool::release(std::unique_ptr<PgConn> conn)
{
    const bool keep = conn && conn->reusable();
    std::unique_ptr<PgConn> dropped; // closed outside the lock
    {
        std::lock_guard lock(m_mutex);
        if (keep) {
            m_idle.push_back(std::move(conn));
        } else {
            dropped = std::move(conn);
            --m_open;
        }
    }
    m_freed.notify_one();
}

int PgPool::openCount() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

int PgPool::busyCount() const
{
    std::lock_guard lock(m_mutex);
    return m_open - static_cast<int>(m_idle.size());
}

} // namespace kyodo::server
