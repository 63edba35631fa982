#include "walcheckpointer.h"

#include "sqlite.h"

#include <chrono>

#include <pthread.h>
#include <signal.h>

namespace kyodo::server {

namespace {
// Often enough that the WAL stays a few megabytes under a steady upload.
constexpr auto kInterval = std::chrono::milliseconds(200);
} // namespace

WalCheckpointer::WalCheckpointer(const std::string &path) : m_db(std::make_unique<SqliteDb>(SqliteDb::open(path)))
{
    // The thread takes no signals: SIGTERM must reach the thread of `serve`
    // that waits for it, whenever the store was opened.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    m_thread = std::thread([this] { run(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void WalCheckpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        const bool stopping = m_wake.wait_for(lock, kInterval, [this] { return m_stop; });
        // PASSIVE: copies what no reader still needs, never waits for anyone.
        try {
            m_db->exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const SqliteError &) {
            // Busy or a transient fault: the next round tries again; the WAL
            // keeps every commit meanwhile, so nothing is lost.
        }
        if (stopping)
            return;
    }
}

} // namespace kyodo::server
