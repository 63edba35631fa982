// Keeps one device's pushes in cseq order when they travel on separate
// connections (PROTOCOL.md, prev_cseq). A push naming the batch before it
// waits here, outside any transaction, until that batch commits; it wakes at
// every commit and at every push that starts or ends, and looks again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kyodo::server {

class PushOrder {
public:
    using Clock = std::chrono::steady_clock;

    // A push of one device under way, for the pushes waiting on it.
    class Active {
    public:
        Active(PushOrder &order, std::string clientId);
        ~Active();
        Active(const Active &) = delete;
        Active &operator=(const Active &) = delete;

    private:
        PushOrder &m_order;
        std::string m_clientId;
    };

    // How long a push may wait for a predecessor that is under way.
    void setWait(std::chrono::milliseconds wait) { m_wait = wait; }

    // What has happened so far; read before looking at the client's last_cseq.
    std::uint64_t events();
    // Waits for anything to happen after `seen`. False once waiting is over:
    // the predecessor failed, or has not arrived within a second while no
    // other push of the device is under way, or the whole wait ran out.
    bool waitForPredecessor(const std::string &clientId, std::uint64_t seen, Clock::time_point start);
    void committed();

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::uint64_t m_events = 0;
    std::map<std::string, int> m_active; // pushes under way per client id
    std::chrono::milliseconds m_wait{10'000};
};

} // namespace kyodo::server
