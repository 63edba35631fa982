#include "diskroom.h"

#include <sys/statvfs.h>

namespace kyodo::server {

bool roomFor(const DiskRoom &room, std::int64_t incoming)
{
    if (room.path.empty())
        return true;
    struct statvfs disk {};
    if (statvfs(room.path.c_str(), &disk) != 0)
        return true;
    // What an unprivileged writer may still use: root's own reserve is not ours.
    const auto free = static_cast<std::int64_t>(disk.f_bavail) * static_cast<std::int64_t>(disk.f_frsize);
    return free - incoming >= room.reserveBytes;
}

} // namespace kyodo::server
