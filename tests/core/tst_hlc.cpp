#include "hlc.h"

#include <gtest/gtest.h>

using namespace kyodo;

TEST(HybridClock, isMonotonicWhenTheWallClockStandsStill)
{
    std::uint64_t wall = 1'000'000;
    HybridClock clock([&] { return wall; });
    std::uint64_t prev = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t t = clock.now();
        EXPECT_GT(t, prev);
        prev = t;
    }
    EXPECT_EQ(HybridClock::physical(prev), wall);
}

TEST(HybridClock, neverGoesBackwardsWhenTheWallClockDoes)
{
    std::uint64_t wall = 5'000'000;
    HybridClock clock([&] { return wall; });
    const std::uint64_t before = clock.now();
    wall -= 3'600'000; // the device clock was set back an hour
    EXPECT_GT(clock.now(), before);
}

TEST(HybridClock, followsTheWallClockForward)
{
    std::uint64_t wall = 1000;
    HybridClock clock([&] { return wall; });
    clock.now();
    wall = 2000;
    EXPECT_EQ(clock.now(), HybridClock::pack(2000, 0));
}

TEST(HybridClock, receiveMovesPastARemoteTimestamp)
{
    std::uint64_t wall = 1000;
    HybridClock clock([&] { return wall; });
    const std::uint64_t remote = HybridClock::pack(1500, 7);
    EXPECT_GT(clock.receive(remote), remote);
    EXPECT_GT(clock.now(), remote);
}

TEST(HybridClock, clampsARemoteTimeFarInTheFuture)
{
    std::uint64_t wall = 1'000'000;
    HybridClock clock([&] { return wall; });
    const std::uint64_t farFuture = HybridClock::pack(wall + 86'400'000ull * 365, 0);
    const std::uint64_t clamped = clock.clamp(farFuture);
    EXPECT_LE(HybridClock::physical(clamped), wall + HybridClock::kMaxDriftMs);
    const std::uint64_t merged = clock.receive(farFuture);
    EXPECT_LE(HybridClock::physical(merged), wall + HybridClock::kMaxDriftMs + 1);
    // A time within the allowed drift is kept as it is.
    const std::uint64_t near = HybridClock::pack(wall + 1000, 3);
    EXPECT_EQ(clock.clamp(near), near);
}

TEST(HybridClock, resumesFromAPersistedValue)
{
    std::uint64_t wall = 10;
    const std::uint64_t persisted = HybridClock::pack(99'999, 12);
    HybridClock clock([&] { return wall; }, persisted);
    EXPECT_GT(clock.now(), persisted);
}
