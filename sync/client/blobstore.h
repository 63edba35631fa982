// The device's attachment bytes (PROTOCOL.md, "Attachments"): a second
// SQLCipher file beside the replica (REPLICA.blobs), opened through the same
// SqliteDb::open with the replica's own key, keeps what is known of each file;
// the bytes are chunk files beside it (REPLICA.blobs.d, chunkfiles.h), each
// sealed with a key kept in that encrypted store. So photos are encrypted at
// rest like the records, and writing megabytes of a photo never holds the
// replica's write lock that a user's save waits for.
//
// A blob is kept in chunks of kBlobChunkSize as they arrive, so an upload or
// a download interrupted anywhere (app killed, network lost, server
// restarted) resumes with the next missing chunk. States a person sees:
//
//   local (on this device only) ──upload──▶ uploading n% ──▶ on the server
//   wanted ──download──▶ downloading n% ──▶ here (evictable from the cache)
//
// Files this device attached stay until the server has them all; files
// fetched from the server are a cache under a size limit (least recently
// used go first), except the pinned ones (papers of upcoming meetings).
#pragma once

#include "attachment.h"
#include "chunkfiles.h"
#include "result.h"
#include "sqlite.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kyodo {

struct BlobState {
    std::string sha256;
    std::int64_t size = 0;
    std::int64_t chunksHere = 0; // chunks held on this device
    bool complete = false;       // every byte here and checked against the hash
    bool local = false;          // attached on this device (not fetched)
    bool uploaded = false;       // the server holds all of it for this device's scope
    std::int64_t sentChunks = 0; // chunks the server confirmed while uploading
    bool pinned = false;
    bool wanted = false; // asked for, not here yet (an evicted file is not)
    std::int64_t percentHere() const;
    std::int64_t percentSent() const;
};

class BlobStore {
public:
    static constexpr std::int64_t kDefaultCacheBytes = 512LL * 1024 * 1024;

    // REPLICA.blobs with the replica's key (replicakey.h).
    static Result<std::unique_ptr<BlobStore>> openBeside(const std::string &replicaPath);
    static std::string pathBeside(const std::string &replicaPath) { return replicaPath + ".blobs"; }
    static Result<std::unique_ptr<BlobStore>> open(const std::string &path, const DbKey &key);
    // The store's key from the replica's: the same secret, the store's own page settings.
    static DbKey keyFrom(const DbKey &replicaKey);

    // A file chosen by the user, read in chunks: refused (nothing stored)
    // when it cannot be read, or changes size while read (truncated).
    Result<AttachmentRef> addFile(const std::string &path, const std::string &name, const std::string &mime);
    // Bytes made on the device (a thumbnail, a downscaled photo).
    Result<AttachmentRef> addBytes(std::string_view bytes, const std::string &name, const std::string &mime);

    std::optional<BlobState> state(const std::string &sha256);
    // The whole file, checked against its hash.
    Result<std::string> read(const std::string &sha256);
    Status writeTo(const std::string &sha256, const std::string &path);

    // Transfer bookkeeping (blobsync.h).
    std::vector<std::string> pendingUploads();
    Result<std::string> chunk(const std::string &sha256, std::int64_t index);
    Status markSent(const std::string &sha256, std::int64_t chunksOnServer, bool complete);
    // The n-th server restore this device has seen: when it is new, files
    // marked as sent are sent again where the server lacks them.
    Status recheckUploadsAfter(std::int64_t serverRestores);
    // Something to fetch from the server, of a known size (from the record).
    Status want(const std::string &sha256, std::int64_t size, bool pinned);
    std::vector<std::int64_t> missingChunks(const std::string &sha256);
    // Stores a downloaded chunk after checking its length; the last one
    // checks the whole file and drops it all when the hash does not match.
    // `wholeHash`: the caller hashed every chunk of this file in order as it
    // stored them (a download from the start), which spares reading it back.
    // `staged`: these bytes already sealed and written beside their place
    // (stageChunk), put there instead of written again when the blob's seal
    // is still the one they were staged under.
    Status putChunk(const std::string &sha256, std::int64_t index, std::string_view bytes,
                    const std::string *wholeHash = nullptr, StagedChunk *staged = nullptr);
    // So that a download seals and writes each chunk on the connection that
    // fetched it: the seal its chunks go under (made now if it has none),
    // and a chunk staged under it, on any thread (the store is not touched).
    Result<ChunkSeal> downloadSeal(const std::string &sha256);
    Result<StagedChunk> stageChunk(const ChunkSeal &seal, std::int64_t index, std::string_view bytes) const
    {
        return m_files.stage(seal, index, bytes);
    }
    std::vector<std::string> wanted(); // incomplete, in the order asked

    // Only these blobs are still named by a record here: the others go (a
    // revoked scope, a deleted record), except a file attached less than
    // `graceSeconds` ago that no record has named yet (its edit is under way).
    Result<std::int64_t> keepOnly(const std::set<std::string> &referenced, std::int64_t graceSeconds = 86400);
    Status setPinned(const std::set<std::string> &pinned);
    // Fetched files beyond the cache limit go, least recently used first;
    // `keep` (the thumbnails a gallery shows) stay.
    Result<std::int64_t> evictToLimit(const std::set<std::string> &keep = {});
    void setCacheLimit(std::int64_t bytes) { m_cacheLimit = bytes; }
    std::int64_t bytesHere();
    Status wipe(); // everything, for a remote wipe

private:
    BlobStore(SqliteDb db, const std::string &path);
    void touch(const std::string &sha256);
    std::optional<ChunkSeal> existingSeal(const std::string &sha256);
    ChunkSeal sealOf(const std::string &sha256); // made with the first chunk, or as its download starts
    Status putSealed(const std::string &sha256, const ChunkSeal &seal, std::int64_t index, std::string_view bytes,
                     bool durable);
    // The row saying a chunk's file is there (written in the same transaction).
    void recordChunkFile(const std::string &sha256, std::int64_t index, std::int64_t length);
    // `sealName`: set to the seal of the file it read (left empty for a row's own bytes).
    Result<std::string> chunkHere(const std::string &sha256, std::int64_t index, std::string *sealName = nullptr);
    bool readsBackWhole(const std::string &sha256, std::int64_t size);
    // The blob's chunks and seal go; its files are the caller's to remove once committed.
    std::optional<ChunkSeal> forgetBytes(const std::string &sha256);
    // A chunk under `sealName` did not read back whole: a fetched file is
    // forgotten, to be fetched again; one only here is kept.
    Error lostChunk(const std::string &sha256, const std::string &sealName);
    void sweepFiles();    // under a transaction: files no row names go
    Status truncateWal(); // the WAL emptied into the file, waiting out other readers a while
    Result<AttachmentRef> store(const std::string &sha256, std::int64_t size, const std::string &name,
                                const std::string &mime,
                                const std::function<Result<std::string>(std::int64_t)> &chunkAt);
    SqliteDb m_db;
    ChunkFiles m_files; // the bytes, beside the store (REPLICA.blobs.d)
    std::int64_t m_cacheLimit = kDefaultCacheBytes;
};

} // namespace kyodo
