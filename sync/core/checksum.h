// Replica checksums (DESIGN.md §3): a record's checksum is the first 8 bytes
// of SHA-256 over its canonical document, read big-endian; a scope's checksum
// is the sum of its records' checksums mod 2^64, so the server can keep it
// incrementally (subtract the old, add the new) and a device can verify a
// whole scope without the server sending every record again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kyodo {

std::uint64_t recordChecksum(std::string_view canonicalDoc);
std::string checksumHex(std::uint64_t sum);
std::optional<std::uint64_t> parseChecksumHex(std::string_view hex);

// SQLite and PostgreSQL store signed 64-bit integers; these keep the bits.
inline std::int64_t toStored(std::uint64_t v) { return static_cast<std::int64_t>(v); }
inline std::uint64_t fromStored(std::int64_t v) { return static_cast<std::uint64_t>(v); }

} // namespace kyodo
