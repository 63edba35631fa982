// Telling systemd how the service is (Type=notify in
// packaging/kyodo-server/kyodo-server.service), through libsystemd's
// sd_notify: ready once it listens, the watchdog pinged while it serves,
// stopping when asked to. Outside systemd ($NOTIFY_SOCKET unset) every call
// does nothing.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace kyodo::server {

class ServiceNotifier {
public:
    // Ready to serve: READY=1 with a status line, and the watchdog started
    // when the unit asks for one (WatchdogSec).
    void ready(const std::string &status);
    // Stopping: STOPPING=1, and the watchdog ends.
    void stopping();
    ~ServiceNotifier() { stopWatchdog(); }

private:
    void stopWatchdog();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_watchdog;
};

} // namespace kyodo::server
