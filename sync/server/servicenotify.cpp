#include "servicenotify.h"

#include <systemd/sd-daemon.h>

#include <chrono>

namespace kyodo::server {

void ServiceNotifier::ready(const std::string &status)
{
    sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return;
    // Pinged at half the interval: a process that hangs (not one that is
    // only busy serving) is restarted by systemd.
    const auto interval = std::chrono::microseconds(usec / 2);
    m_watchdog = std::thread([this, interval] {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, interval, [this] { return m_stop; }))
            sd_notify(0, "WATCHDOG=1");
    });
}

void ServiceNotifier::stopping()
{
    sd_notify(0, "STOPPING=1");
    stopWatchdog();
}

void ServiceNotifier::stopWatchdog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_watchdog.joinable())
        m_watchdog.join();
}

} // namespace kyodo::server
