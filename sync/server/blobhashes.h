// The whole-file SHA-256 of blobs whose chunks are arriving, kept running as
// they come in order, so the last chunk's check (blobservice.h, 4) hashes
// what is in memory instead of reading every chunk back from the store.
//
// Only a speed-up: a running hash counts for nothing unless the chunks it
// covers are, by their hashes, the ones the store holds now (a rolled-back
// write, chunks dropped and sent again, another server process on the same
// PostgreSQL). Whatever it lacks is read back. Kept in memory for a bounded
// number of blobs; a restart only costs a read.
#pragma once

#include "attachment.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyodo::server {

class RunningBlobHashes {
public:
    using ChunkHashes = std::map<std::int64_t, std::string>; // index -> the chunk's SHA-256, as the store holds them
    using LoadChunk = std::function<std::optional<std::string>(std::int64_t)>;

    explicit RunningBlobHashes(std::size_t capacity = 256) : m_capacity(capacity) {}

    // Chunk `index` of `sha256` was just stored (`held` includes it): taken
    // into the running hash when it is the next in order.
    void stored(const std::string &sha256, const ChunkHashes &held, std::int64_t index, std::string_view bytes);

    // The whole file's SHA-256 (hex) once `held` has every chunk: the running
    // hash, then chunk `index` from `bytes` and the others from `load`;
    // nullopt when a chunk cannot be read. Forgets the blob.
    std::optional<std::string> whole(const std::string &sha256, const ChunkHashes &held, std::int64_t chunks,
                                     std::int64_t index, std::string_view bytes, const LoadChunk &load);

    void forget(const std::string &sha256);

private:
    struct Running {
        std::unique_ptr<Sha256Stream> hash = std::make_unique<Sha256Stream>();
        std::vector<std::string> covered; // the hashes of chunks 0..n-1 it has taken
        std::uint64_t used = 0;
    };
    // Takes the blob's running hash out while it is used (hashing happens
    // outside the lock), if it covers a prefix of what the store holds.
    std::optional<Running> take(const std::string &sha256, const ChunkHashes &held);
    void put(const std::string &sha256, Running running);

    std::mutex m_mutex;
    std::map<std::string, Running> m_running;
    std::size_t m_capacity;
    std::uint64_t m_clock = 0;
};

} // namespace kyodo::server
