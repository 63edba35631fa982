// The bytes of the device's attachments, one file per chunk in a folder
// beside the blob store (REPLICA.blobs.d), each sealed with AES-256-GCM.
//
// Why not in the SQLCipher file with the bookkeeping: there every megabyte
// went through AES-CBC (serial), an HMAC per page and the WAL twice, and the
// one thread that writes the store was the whole device's limit on a
// download. GCM seals and checks in one pass at several GB/s.
//
// Each blob has a key and a name of its own (ChunkSeal), kept in its row of
// the SQLCipher store: a file is readable only while its row is there, so
// forgetting the row (SQLCipher's secure_delete zeroes it) leaves whatever
// a flash disk still holds of the files unreadable. A new row, or a file
// evicted and fetched again, gets a new seal, so a name is never reused and
// removing an old blob's files can never take a newer one's.
//
// The chunk's position is sealed with it (GCM's additional data): a file
// moved or renamed to another chunk's place does not open.
#pragma once

#include "result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace kyodo {

struct ChunkSeal {
    std::string name; // 16 hex digits: the files' names are NAME.INDEX
    std::string key;  // 32 random bytes

    static ChunkSeal fresh();
    bool empty() const { return name.empty(); }
};

// A download's chunk sealed and written whole beside its place on the
// connection that fetched it, while the store records the one before; put in
// place (ChunkFiles::place) once the store has its row, otherwise removed
// when this goes. A crash in between leaves a half-written file the next
// sweep takes.
class StagedChunk {
public:
    StagedChunk() = default;
    StagedChunk(StagedChunk &&other) noexcept { *this = std::move(other); }
    StagedChunk &operator=(StagedChunk &&other) noexcept;
    StagedChunk(const StagedChunk &) = delete;
    StagedChunk &operator=(const StagedChunk &) = delete;
    ~StagedChunk();
    bool empty() const { return m_path.empty(); }
    const std::string &sealName() const { return m_sealName; }

private:
    friend class ChunkFiles;
    StagedChunk(std::string path, std::string place, std::string sealName)
        : m_path(std::move(path)), m_place(std::move(place)), m_sealName(std::move(sealName))
    {}
    std::string m_path, m_place, m_sealName;
};

class ChunkFiles {
public:
    explicit ChunkFiles(std::string folder);

    // `durable`: on the disk before this returns (the only copy of a
    // user's photo); otherwise a power loss may take it, and the store
    // notices (read fails) and fetches it again.
    Status write(const ChunkSeal &seal, std::int64_t index, std::string_view bytes, bool durable);
    // The same in two steps (StagedChunk): on any thread, and then under the
    // store's write lock. Not flushed: a fetched chunk is fetched again.
    Result<StagedChunk> stage(const ChunkSeal &seal, std::int64_t index, std::string_view bytes) const;
    Status place(StagedChunk &staged) const;
    // Fails with AttachmentNotOnDevice when the chunk is lost: the file is
    // gone, cut short, or not what was sealed under this seal at this index;
    // with DeviceDatabaseError when the disk cannot be read right now.
    Result<std::string> read(const ChunkSeal &seal, std::int64_t index) const;
    void remove(const std::string &name, std::int64_t chunks);
    // Every file for which `keep(name, index)` is false goes, and every
    // half-written one: call while no one else writes (the store's write
    // lock is held).
    void sweep(const std::function<bool(const std::string &name, std::int64_t index)> &keep);
    void removeAll();

private:
    Status writeWhole(const std::string &partial, const ChunkSeal &seal, std::int64_t index, std::string_view bytes,
                      bool durable) const;
    Status putInPlace(const std::string &partial, const std::string &path, bool durable) const;
    std::string pathOf(const std::string &name, std::int64_t index) const;
    std::string m_folder;
    // false once the file system refused to move a file around its cache;
    // reads run on several threads at once (BlobSync's lanes)
    mutable std::atomic<bool> m_direct{true};
};

} // namespace kyodo
