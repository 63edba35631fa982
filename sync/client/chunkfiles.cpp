#include "chunkfiles.h"

#include "attachment.h"
#include "messages.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

namespace kyodo {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "KYC1"; // the format of a chunk file, should it ever change
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kKeySize = 32;
constexpr const char *kPartial = ".part";
constexpr std::size_t kMaxFile =
    kMagic.size() + kNonceSize + static_cast<std::size_t>(kBlobChunkSize) + kTagSize; // a sealed chunk at most

std::string randomBytes(std::size_t n)
{
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("no random bytes for a chunk's seal");
    return out;
}

std::string hex(std::string_view bytes)
{
    static const char *digits = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

// What the seal binds besides the bytes: whose chunk, and which.
std::string placeOf(const ChunkSeal &seal, std::int64_t index) { return seal.name + '.' + std::to_string(index); }

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *u8(std::string_view s) { return reinterpret_cast<const unsigned char *>(s.data()); }
unsigned char *u8(std::string &s) { return reinterpret_cast<unsigned char *>(s.data()); }

// magic, nonce, ciphertext, tag.
std::string sealed(const ChunkSeal &seal, std::int64_t index, std::string_view bytes)
{
    if (seal.key.size() != kKeySize)
        throw std::runtime_error("a chunk's seal has no key of 32 bytes");
    const std::string nonce = randomBytes(kNonceSize);
    const std::string aad = placeOf(seal, index);
    std::string out(kMagic);
    out += nonce;
    const std::size_t head = out.size();
    out.resize(head + bytes.size() + kTagSize);
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int n = 0, tail = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(seal.key), u8(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &n, u8(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), u8(out) + head, &n, u8(bytes), static_cast<int>(bytes.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), u8(out) + head + n, &tail) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, u8(out) + head + bytes.size()) != 1)
        throw std::runtime_error("AES-256-GCM failed to seal a chunk");
    return out;
}

std::optional<std::string> opened(const ChunkSeal &seal, std::int64_t index, std::string_view file)
{
    const std::size_t head = kMagic.size() + kNonceSize;
    if (file.size() < head + kTagSize || file.substr(0, kMagic.size()) != kMagic || seal.key.size() != kKeySize)
        return std::nullopt;
    const std::string_view nonce = file.substr(kMagic.size(), kNonceSize);
    const std::string_view body = file.substr(head, file.size() - head - kTagSize);
    std::string tag(file.substr(file.size() - kTagSize));
    const std::string aad = placeOf(seal, index);
    std::string out(body.size(), '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int n = 0, tail = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u8(seal.key), u8(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &n, u8(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), u8(out), &n, u8(body), static_cast<int>(body.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), u8(out) + n, &tail) != 1)
        return std::nullopt; // not sealed with this key, here: damaged, moved or forged
    return out;
}

Error fileError(const std::string &path, int err)
{
    return errorOf(Msg::DeviceDatabaseError, {path + ": " + std::strerror(err)});
}

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

bool writeAll(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

constexpr std::size_t kBlock = 4096; // what O_DIRECT moves: whole blocks, to and from aligned memory

// A block-aligned buffer of at least `size` bytes, one per thread, kept for
// the next chunk; nullptr when there is no memory for it.
char *alignedBuffer(std::size_t size)
{
    struct Free {
        void operator()(char *p) const { std::free(p); }
    };
    thread_local std::unique_ptr<char, Free> buffer;
    thread_local std::size_t capacity = 0;
    size = std::max(size, kBlock); // an empty file too gets a buffer to point at
    if (capacity < size) {
        void *p = nullptr;
        if (::posix_memalign(&p, kBlock, size) != 0)
            return nullptr;
        buffer.reset(static_cast<char *>(p));
        capacity = size;
    }
    return buffer.get();
}

std::size_t wholeBlocks(std::size_t size) { return (size + kBlock - 1) / kBlock * kBlock; }

enum class Direct { Done, NotHere, Failed };

// A chunk file written around the page cache (O_DIRECT). A download keeps
// every MiB it moves; put through the page cache, each new MiB took 2 to 4 ms
// of CPU on the test machine, several times the write itself (and about 0.7
// ms this way: the sealed chunk files figure of kyodo-bench-attachments).
// Whole blocks go out from the aligned buffer, and the file is cut to its
// length after.
// NotHere: this file system does not take such writes; the caller writes the
// usual way. Failed: errno says why.
Direct writeDirect(const std::string &path, std::string_view bytes, bool durable)
{
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0600));
    if (fd.get() < 0)
        return errno == EINVAL ? Direct::NotHere : Direct::Failed;
    const std::size_t whole = wholeBlocks(bytes.size());
    char *buffer = alignedBuffer(whole);
    if (!buffer) {
        errno = ENOMEM;
        return Direct::Failed;
    }
    std::memcpy(buffer, bytes.data(), bytes.size());
    std::memset(buffer + bytes.size(), 0, whole - bytes.size());
    std::size_t written = 0;
    while (written < whole) {
        const ssize_t n = ::pwrite(fd.get(), buffer + written, whole - written, static_cast<off_t>(written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EINVAL && written == 0)
            return Direct::NotHere; // blocks larger than 4 KiB, say
        if (n < 0)
            return Direct::Failed;
        // A short write stays aligned only in whole blocks; the next one then
        // says why it stopped (the disk is full, most likely).
        if (n == 0 || n % static_cast<ssize_t>(kBlock) != 0) {
            errno = ENOSPC;
            return Direct::Failed;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::ftruncate(fd.get(), static_cast<off_t>(bytes.size())) != 0 || (durable && ::fdatasync(fd.get()) != 0))
        return Direct::Failed;
    return ::close(fd.release()) == 0 ? Direct::Done : Direct::Failed;
}

// A chunk file read around the page cache, into the aligned buffer: an
// upload reads each chunk once, and through the cache every MiB was new
// pages to fill and then drop again. A file cut short mid-block ends the
// read there (its seal then fails to open). `file` views the buffer.
Direct readDirect(const std::string &path, std::string_view &file)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT));
    if (fd.get() < 0)
        return errno == EINVAL ? Direct::NotHere : Direct::Failed;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return Direct::Failed;
    // Longer than any sealed chunk: not one of ours, and not worth a buffer
    // each thread keeps (read as empty, which never opens).
    const auto size = std::min(static_cast<std::size_t>(st.st_size), kMaxFile + 1);
    if (size > kMaxFile) {
        file = {};
        return Direct::Done;
    }
    const std::size_t whole = wholeBlocks(size);
    char *buffer = alignedBuffer(whole);
    if (!buffer) {
        errno = ENOMEM;
        return Direct::Failed;
    }
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::pread(fd.get(), buffer + got, whole - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EINVAL && got == 0)
            return Direct::NotHere;
        if (n < 0)
            return Direct::Failed;
        got += static_cast<std::size_t>(n);
        if (n == 0 || got % kBlock != 0)
            break; // the end of the file, or a file cut short under us
    }
    file = std::string_view(buffer, std::min(got, size));
    return Direct::Done;
}

Direct readBuffered(const std::string &path, std::string &file)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0)
        return Direct::Failed;
    if (static_cast<std::size_t>(st.st_size) > kMaxFile) {
        file.clear();
        return Direct::Done;
    }
    file.assign(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < file.size()) {
        const ssize_t n = ::read(fd.get(), file.data() + got, file.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Direct::Failed;
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    file.resize(got);
    return Direct::Done;
}

} // namespace

ChunkSeal ChunkSeal::fresh() { return {hex(randomBytes(8)), randomBytes(kKeySize)}; }

ChunkFiles::ChunkFiles(std::string folder) : m_folder(std::move(folder)) {}

std::string ChunkFiles::pathOf(const std::string &name, std::int64_t index) const
{
    return m_folder + '/' + name + '.' + std::to_string(index);
}

Status ChunkFiles::writeWhole(const std::string &partial, const ChunkSeal &seal, std::int64_t index,
                              std::string_view bytes, bool durable) const
{
    if (::mkdir(m_folder.c_str(), 0700) == 0) {
        // The folder itself on the disk, or a flushed chunk could vanish with it.
        const std::string parent = fs::path(m_folder).parent_path().string();
        Fd dir(::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (dir.get() < 0 || ::fsync(dir.get()) != 0)
            return fileError(parent, errno);
    } else if (errno != EEXIST) {
        return fileError(m_folder, errno);
    }
    const std::string file = sealed(seal, index, bytes);
    const Direct direct = m_direct ? writeDirect(partial, file, durable) : Direct::NotHere;
    m_direct = direct != Direct::NotHere;
    if (direct == Direct::Failed) {
        const int err = errno;
        ::unlink(partial.c_str());
        return fileError(partial, err);
    }
    if (direct == Direct::NotHere) {
        Fd fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (fd.get() < 0)
            return fileError(partial, errno);
        if (!writeAll(fd.get(), file) || (durable && ::fdatasync(fd.get()) != 0)) {
            const int err = errno;
            ::unlink(partial.c_str());
            return fileError(partial, err);
        }
        if (::close(fd.release()) != 0) {
            const int err = errno;
            ::unlink(partial.c_str());
            return fileError(partial, err);
        }
    }
    return {};
}

// Whole or not there: a chunk is never seen half-written under its name.
Status ChunkFiles::putInPlace(const std::string &partial, const std::string &path, bool durable) const
{
    if (::rename(partial.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(partial.c_str());
        return fileError(path, err);
    }
    if (durable) {
        Fd dir(::open(m_folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (dir.get() < 0 || ::fsync(dir.get()) != 0)
            return fileError(m_folder, errno);
    }
    return {};
}

Status ChunkFiles::write(const ChunkSeal &seal, std::int64_t index, std::string_view bytes, bool durable)
{
    const std::string path = pathOf(seal.name, index);
    const std::string partial = path + kPartial;
    if (Status st = writeWhole(partial, seal, index, bytes, durable); !st)
        return st;
    return putInPlace(partial, path, durable);
}

Result<StagedChunk> ChunkFiles::stage(const ChunkSeal &seal, std::int64_t index, std::string_view bytes) const
{
    // Not the chunk's own half-written name: this device may be writing
    // that very chunk meanwhile (the same photo attached here).
    const std::string path = pathOf(seal.name, index);
    std::string staged = path + ".fetched" + kPartial;
    if (Status st = writeWhole(staged, seal, index, bytes, false); !st)
        return st.error();
    return StagedChunk(std::move(staged), path, seal.name);
}

Status ChunkFiles::place(StagedChunk &staged) const
{
    const std::string partial = std::exchange(staged.m_path, {}); // moved, or removed on failure
    return putInPlace(partial, staged.m_place, false);
}

StagedChunk::~StagedChunk()
{
    if (!m_path.empty())
        ::unlink(m_path.c_str());
}

StagedChunk &StagedChunk::operator=(StagedChunk &&other) noexcept
{
    if (this != &other) {
        if (!m_path.empty())
            ::unlink(m_path.c_str());
        m_path = std::exchange(other.m_path, {});
        m_place = std::move(other.m_place);
        m_sealName = std::move(other.m_sealName);
    }
    return *this;
}

Result<std::string> ChunkFiles::read(const ChunkSeal &seal, std::int64_t index) const
{
    const std::string path = pathOf(seal.name, index);
    std::string_view file;
    std::string buffered;
    Direct how = m_direct ? readDirect(path, file) : Direct::NotHere;
    if (how == Direct::NotHere) {
        m_direct = false;
        how = readBuffered(path, buffered);
        file = buffered;
    }
    if (how == Direct::Failed && errno == ENOENT)
        return errorOf(Msg::AttachmentNotOnDevice, {placeOf(seal, index)});
    if (how == Direct::Failed)
        return fileError(path, errno); // there, but not readable now: not lost
    auto bytes = opened(seal, index, file);
    if (!bytes)
        return errorOf(Msg::AttachmentNotOnDevice, {placeOf(seal, index)});
    return std::move(*bytes);
}

void ChunkFiles::remove(const std::string &name, std::int64_t chunks)
{
    for (std::int64_t i = 0; i < std::max<std::int64_t>(1, chunks); ++i)
        ::unlink(pathOf(name, i).c_str());
}

void ChunkFiles::sweep(const std::function<bool(const std::string &name, std::int64_t index)> &keep)
{
    std::error_code ec;
    for (const fs::directory_entry &e : fs::directory_iterator(m_folder, ec)) {
        const std::string file = e.path().filename().string();
        const auto dot = file.find('.');
        bool known = false;
        if (dot != std::string::npos && file.find(kPartial) == std::string::npos) {
            const std::string index = file.substr(dot + 1);
            known = !index.empty() && index.find_first_not_of("0123456789") == std::string::npos && index.size() < 12 &&
                    keep(file.substr(0, dot), std::stoll(index));
        }
        if (!known)
            fs::remove(e.path(), ec);
    }
}

void ChunkFiles::removeAll()
{
    std::error_code ec;
    for (const fs::directory_entry &e : fs::directory_iterator(m_folder, ec))
        fs::remove(e.path(), ec);
}

} // namespace kyodo
