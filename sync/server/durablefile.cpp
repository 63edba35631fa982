#include "durablefile.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

namespace kyodo::server {

namespace {

void syncPath(const std::string &path)
{
    if (const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

std::string partialOf(const std::string &dest) { return dest + ".partial"; }

std::error_code publishPartial(const std::string &partial, const std::string &dest)
{
    syncPath(partial);
    std::error_code ec;
    std::filesystem::rename(partial, dest, ec);
    if (ec)
        return ec;
    const std::string parent = std::filesystem::path(dest).parent_path().string();
    syncPath(parent.empty() ? "." : parent);
    return {};
}

} // namespace kyodo::server
