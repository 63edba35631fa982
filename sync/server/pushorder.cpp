#include "pushorder.h"

#include <algorithm>

namespace kyodo::server {

namespace {

// Two requests sent one after the other on two connections arrive close
// together; a second covers any scheduling between them.
constexpr std::chrono::milliseconds kArrivalGrace{1000};

} // namespace

PushOrder::Active::Active(PushOrder &order, std::string clientId) : m_order(order), m_clientId(std::move(clientId))
{
    {
        std::lock_guard lock(m_order.m_mutex);
        ++m_order.m_active[m_clientId];
        ++m_order.m_events; // a push waiting on this one may now wait longer
    }
    m_order.m_changed.notify_all();
}

PushOrder::Active::~Active()
{
    {
        std::lock_guard lock(m_order.m_mutex);
        if (--m_order.m_active[m_clientId] == 0)
            m_order.m_active.erase(m_clientId);
        ++m_order.m_events;
    }
    m_order.m_changed.notify_all();
}

std::uint64_t PushOrder::events()
{
    std::lock_guard lock(m_mutex);
    return m_events;
}

bool PushOrder::waitForPredecessor(const std::string &clientId, std::uint64_t seen, Clock::time_point start)
{
    std::unique_lock lock(m_mutex);
    const bool predecessorUnderWay = m_active[clientId] > 1; // more than the waiting push itself
    const auto until = start + (predecessorUnderWay ? m_wait : std::min(m_wait, kArrivalGrace));
    return m_changed.wait_until(lock, until, [&] { return m_events != seen; });
}

void PushOrder::committed()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_events;
    }
    m_changed.notify_all();
}

} // namespace kyodo::server
