// Hybrid logical clock (Kulkarni et al.): a 64-bit timestamp whose upper 48
// bits are wall-clock milliseconds and lower 16 bits a counter. It never goes
// backwards even when the wall clock does, and a remote timestamp far in the
// future (a device with a wrong clock) is clamped so it cannot win every
// last-writer-wins contest for days.
#pragma once

#include <cstdint>
#include <functional>

namespace kyodo {

class HybridClock {
public:
    using WallClock = std::function<std::uint64_t()>; // Unix milliseconds

    static constexpr std::uint64_t kMaxDriftMs = 60'000;

    explicit HybridClock(WallClock wall = systemMillis, std::uint64_t last = 0);

    // A timestamp for a local event, strictly greater than every earlier one.
    std::uint64_t now();
    // Merges a timestamp seen from elsewhere; returns a local timestamp after both.
    std::uint64_t receive(std::uint64_t remote);
    // The remote timestamp, limited to at most kMaxDriftMs ahead of our wall clock.
    std::uint64_t clamp(std::uint64_t remote) const;

    std::uint64_t last() const { return m_last; }

    static std::uint64_t physical(std::uint64_t hlc) { return hlc >> 16; }
    static std::uint64_t counter(std::uint64_t hlc) { return hlc & 0xffff; }
    static std::uint64_t pack(std::uint64_t ms, std::uint64_t counter) { return (ms << 16) | (counter & 0xffff); }
    static std::uint64_t systemMillis();
    // Test seam: the deterministic simulation replaces the wall clock of the
    // whole process (devices and server). Empty function = the real clock.
    static void overrideSystemMillis(WallClock clock);

private:
    WallClock m_wall;
    std::uint64_t m_last;
};

} // namespace kyodo
