// Room left on the disk that holds the store. Attachments' bytes stop
// before records do: a chunk that would leave less than the reserve free is
// refused (507 storage_full), so photos never fill the disk under the
// records' own writes (a push, a conflict, the audit log), which keep going.
#pragma once

#include <cstdint>
#include <string>

namespace kyodo::server {

struct DiskRoom {
    std::string path;              // a directory on the store's disk; "": not watched (PostgreSQL's disk is its own)
    std::int64_t reserveBytes = 0; // --blob-reserve-mb
};

// The default reserve (--blob-reserve-mb).
inline constexpr std::int64_t kDefaultBlobReserveMb = 1024;

// Whether `incoming` more bytes leave the reserve free. A disk that cannot
// be asked (the path is gone) takes them: the store's own write then says
// what is wrong.
bool roomFor(const DiskRoom &room, std::int64_t incoming);

} // namespace kyodo::server
