#include "hlc.h"

#include <algorithm>
#include <chrono>

namespace kyodo {

HybridClock::HybridClock(WallClock wall, std::uint64_t last) : m_wall(std::move(wall)), m_last(last) {}

namespace {
HybridClock::WallClock &wallOverride()
{
    static HybridClock::WallClock clock;
    return clock;
}
} // namespace

void HybridClock::overrideSystemMillis(WallClock clock) { wallOverride() = std::move(clock); }

std::uint64_t HybridClock::systemMillis()
{
    if (const WallClock &fake = wallOverride())
        return fake();
    using namespace std::chrono;
    return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

std::uint64_t HybridClock::now()
{
    const std::uint64_t wall = pack(m_wall(), 0);
    // Counter overflow rolls into the millisecond part, which keeps the order.
    m_last = std::max(wall, m_last + 1);
    return m_last;
}

std::uint64_t HybridClock::clamp(std::uint64_t remote) const
{
    const std::uint64_t limit = pack(m_wall() + kMaxDriftMs, 0xffff);
    return std::min(remote, limit);
}

std::uint64_t HybridClock::receive(std::uint64_t remote)
{
    const std::uint64_t wall = pack(m_wall(), 0);
    m_last = std::max({wall, m_last + 1, clamp(remote) + 1});
    return m_last;
}

} // namespace kyodo
