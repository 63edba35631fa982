// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids made
// offline on many devices never collide and sort roughly by creation time.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo {

std::string newUuidV7();
std::string newUuidV7At(std::uint64_t unixMillis);
bool isUuid(const std::string &text);

} // namespace kyodo
