// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids made
// offline on many devices never collide and sort roughly by creation time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace kyodo {

std::string newUuidV7();
std::string newUuidV7At(std::uint64_t unixMillis);
bool isUuid(const std::string &text);

// Test seam: the deterministic simulation draws the random bits of new ids
// from its seeded generator. Empty function = OpenSSL's RAND_bytes.
void overrideUuidRandomness(std::function<std::uint64_t()> next);

} // namespace kyodo
