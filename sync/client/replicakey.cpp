#include "replicakey.h"

#include "messages.h"

#include <openssl/rand.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>

namespace kyodo {

namespace {

std::mutex g_mutex;
ReplicaKeySource g_source;

bool isHexKey(const std::string &s)
{
    if (s.size() != 64)
        return false;
    for (const char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

} // namespace

std::string newRawKey()
{
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw std::runtime_error("no random bytes for a key");
    static const char *digits = "0123456789abcdef";
    std::string hex;
    for (const unsigned char b : bytes) {
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    return hex;
}

void setReplicaKeySource(ReplicaKeySource source)
{
    std::lock_guard lock(g_mutex);
    g_source = std::move(source);
}

Result<DbKey> replicaKey(const std::string &path)
{
    ReplicaKeySource source;
    {
        std::lock_guard lock(g_mutex);
        source = g_source;
    }
    return source ? source(path) : defaultReplicaKey(path);
}

Result<DbKey> defaultReplicaKey(const std::string &path)
{
    if (const char *pass = std::getenv("KYODO_REPLICA_PASSPHRASE"); pass && *pass)
        return DbKey{{}, pass};
    return keyFromFile(path + ".key", path);
}

Result<DbKey> keyFromFile(const std::string &keyPath, const std::string &replicaPath)
{
    struct stat st {};
    if (::stat(keyPath.c_str(), &st) != 0) {
        // No key yet: only for a replica that is new or still plain.
        struct stat db {};
        if (::stat(replicaPath.c_str(), &db) == 0 && db.st_size > 0 && !SqliteDb::isPlainFile(replicaPath))
            return errorOf(Msg::KeyFileMissing, {keyPath});
        const std::string hex = newRawKey();
        const int fd = ::open(keyPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return errorOf(Msg::KeyFileCannotCreate, {keyPath});
        const std::string line = hex + "\n";
        const bool written =
            ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
        ::close(fd);
        if (!written)
            return errorOf(Msg::KeyFileCannotWrite, {keyPath});
        return DbKey{hex, {}};
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
        return errorOf(Msg::KeyFileNotPrivate, {keyPath});
    std::ifstream in(keyPath);
    std::string hex;
    std::getline(in, hex);
    if (!isHexKey(hex))
        return errorOf(Msg::KeyFileNotAKey, {keyPath});
    return DbKey{hex, {}};
}

} // namespace kyodo
