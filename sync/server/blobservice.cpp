#include "blobservice.h"

#include "apierror.h"
#include "attachment.h"
#include "messages.h"
#include "metrics.h"
#include "protocol.h"

#include <algorithm>
#include <set>
#include <vector>

namespace kyodo::server {

namespace {

BlobReply failure(const Error &e) { return {httpStatusOf(e), errorJson(e)}; }

BlobReply notASha() { return failure(malformedRequest("the blob must be named by its SHA-256 (64 lowercase hex)")); }

// What the caller's scopes can do with one blob, from the live records that list it.
struct Standing {
    std::set<std::string> readable; // scopes the caller may read where a record lists it
    std::set<std::string> writable; // …and may write
    std::int64_t claimedSize = 0;   // the largest size those records give; 0: a thumbnail's, unknown
    std::int64_t writableClaim = 0; // …of those in scopes the caller may write (an upload's layout)
    std::optional<BlobRow> blob;    // what the server holds, if anything
    std::map<std::string, std::set<std::int64_t>> proofs; // scope -> chunks its writers sent

    // The size pinned when the blob's first chunk came (verified once
    // complete), else what the records say.
    std::int64_t size() const { return blob && blob->size > 0 ? blob->size : claimedSize; }
    std::int64_t chunks() const { return size() > 0 ? chunkCount(size()) : 1; }

    // A writer is told what its own scopes lack, so it sends whatever any of
    // them has not had from its writers (a dedupe does not hand over bytes);
    // a reader what any scope it reads can give it.
    std::vector<std::int64_t> have() const
    {
        std::vector<std::int64_t> out;
        for (std::int64_t i = 0; i < chunks(); ++i) {
            auto proven = [&](const std::string &s) {
                auto it = proofs.find(s);
                return it != proofs.end() && it->second.count(i) > 0;
            };
            const bool ok = writable.empty() ? std::any_of(readable.begin(), readable.end(), proven)
                                             : std::all_of(writable.begin(), writable.end(), proven);
            if (ok)
                out.push_back(i);
        }
        return out;
    }
    bool readableChunk(std::int64_t index) const
    {
        return std::any_of(readable.begin(), readable.end(), [&](const std::string &s) {
            auto it = proofs.find(s);
            return it != proofs.end() && it->second.count(index) > 0;
        });
    }
};

Standing standingOf(StoreTx &tx, const Caller &caller, const std::string &sha256)
{
    Standing s;
    for (const BlobReferrer &r : tx.blobReferrers(sha256)) {
        if (!caller.mayRead(r.scope))
            continue;
        s.readable.insert(r.scope);
        if (caller.mayWrite(r.scope)) {
            s.writable.insert(r.scope);
            s.writableClaim = std::max(s.writableClaim, r.size);
        }
        s.claimedSize = std::max(s.claimedSize, r.size);
    }
    return s;
}

void loadHoldings(StoreTx &tx, const std::string &sha256, Standing &s)
{
    s.blob = tx.loadBlob(sha256);
    for (const BlobProof &p : tx.blobProofs(sha256))
        s.proofs[p.scope].insert(p.index);
}

nlohmann::json progress(const Standing &s)
{
    const std::vector<std::int64_t> have = s.have();
    const bool complete = s.blob && s.blob->complete && static_cast<std::int64_t>(have.size()) == s.chunks();
    return {{"have", have.size()}, {"chunks", s.chunks()}, {"complete", complete}};
}

} // namespace

BlobReply BlobService::status(const Caller &caller, const std::string &sha256)
{
    if (!isSha256Hex(sha256))
        return notASha();
    auto tx = m_store.beginRead();
    Standing s = standingOf(*tx, caller, sha256);
    if (s.readable.empty())
        return failure(errorOf(Msg::BlobNotReferenced));
    loadHoldings(*tx, sha256, s);
    nlohmann::json body = progress(s);
    body["have"] = s.have();
    body["sha256"] = sha256;
    body["size"] = s.size();
    return {200, std::move(body)};
}

BlobReply BlobService::upload(const Caller &caller, const std::string &sha256, std::int64_t index,
                              const std::string &chunkSha256, std::string_view bytes)
{
    if (!isSha256Hex(sha256))
        return notASha();
    if (!isSha256Hex(chunkSha256))
        return failure(malformedRequest("Kyodo-Chunk-Sha256 must be the chunk's SHA-256 (64 lowercase hex)"));
    if (static_cast<std::int64_t>(bytes.size()) > kBlobChunkSize)
        return failure(errorOf(Msg::ChunkTooLarge, {kBlobChunkSize}));
    // Hashed before the blob's lock is taken (a megabyte takes a while); the
    // answer it gives waits until the caller is known to be allowed.
    const std::string hash = sha256Hex(bytes);
    auto tx = m_store.beginWrite();
    Standing s = standingOf(*tx, caller, sha256);
    if (s.writable.empty())
        return failure(errorOf(Msg::BlobNotReferenced));
    // The row first, then its lock: uploads of one blob take turns (on
    // PostgreSQL two last chunks would otherwise each miss the other's).
    const std::int64_t now = unixNow();
    tx->ensureBlob(sha256, s.writableClaim, now);
    loadHoldings(*tx, sha256, s);
    std::map<std::int64_t, std::string> held = tx->chunkHashes(sha256);
    // The size is pinned by the first chunk stored: the uploader's records
    // said it when the row was made. Until a chunk is held it follows what
    // the records say now, so a blob dropped for a wrong whole (or made by a
    // claim no record makes any more) starts over under the sender's claim.
    if (!s.blob->complete && held.empty() && s.blob->size != s.writableClaim) {
        tx->deleteBlob(sha256);
        tx->ensureBlob(sha256, s.writableClaim, now);
        loadHoldings(*tx, sha256, s);
    }
    // A thumbnail (no size given) is one chunk, as long as it comes.
    const std::int64_t size = s.size() > 0 ? s.size() : static_cast<std::int64_t>(bytes.size());
    const std::int64_t chunks = s.chunks();
    if (index < 0 || index >= chunks)
        return failure(errorOf(Msg::ChunkOutOfRange, {index, chunks}));
    if (hash != chunkSha256 || bytes.empty() || static_cast<std::int64_t>(bytes.size()) != chunkLength(size, index))
        return failure(errorOf(Msg::ChunkHashMismatch));
    if (auto it = held.find(index); it == held.end()) {
        tx->saveChunk(sha256, index, hash, bytes);
        held[index] = hash;
        m_running.stored(sha256, held, index, bytes);
    } else if (it->second != hash) {
        // A chunk whose bytes matched their hash stays as it is: a second
        // sender cannot swap it. If it was someone's lie, the whole hash
        // says so when the last chunk comes, and drops them all.
        return failure(errorOf(Msg::ChunkHashMismatch));
    }
    // Sent by someone who may write in each of these scopes: their readers may have it.
    for (const std::string &scope : s.writable) {
        tx->addBlobProof(sha256, scope, index);
        s.proofs[scope].insert(index);
    }
    if (!s.blob->complete && static_cast<std::int64_t>(held.size()) == chunks) {
        const std::optional<std::string> whole = m_running.whole(
            sha256, held, chunks, index, bytes, [&](std::int64_t i) { return tx->loadChunk(sha256, i); });
        if (whole != sha256) {
            // Every chunk and proof goes, and the pinned size with them.
            tx->deleteBlob(sha256);
            tx->commit(); // the dropped chunks stay dropped
            return failure(errorOf(Msg::ChunkHashMismatch));
        }
        tx->completeBlob(sha256, size);
        s.blob->complete = true;
        s.blob->size = size;
    }
    nlohmann::json body = progress(s);
    tx->commit();
    if (m_metrics)
        m_metrics->blobChunk(static_cast<std::int64_t>(bytes.size()));
    return {200, std::move(body)};
}

BlobReply BlobService::download(const Caller &caller, const std::string &sha256, std::int64_t index)
{
    if (!isSha256Hex(sha256))
        return notASha();
    auto tx = m_store.beginRead();
    Standing s = standingOf(*tx, caller, sha256);
    if (s.readable.empty())
        return failure(errorOf(Msg::BlobNotReferenced));
    loadHoldings(*tx, sha256, s);
    if (index < 0 || index >= s.chunks())
        return failure(errorOf(Msg::ChunkOutOfRange, {index, s.chunks()}));
    if (!s.readableChunk(index))
        return failure(errorOf(Msg::BlobChunkMissing));
    auto bytes = tx->loadChunk(sha256, index);
    const std::map<std::int64_t, std::string> hashes = tx->chunkHashes(sha256);
    const auto hash = hashes.find(index);
    if (!bytes || hash == hashes.end())
        return failure(errorOf(Msg::BlobChunkMissing));
    BlobReply r;
    r.binary = true;
    r.chunkSha256 = hash->second; // checked against these bytes when they came
    r.bytes = std::move(*bytes);
    return r;
}

} // namespace kyodo::server
