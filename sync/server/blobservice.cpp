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
    // …and may write: the scopes the caller's upload is for. Those where the
    // caller listed the file on a record themselves, when there are any:
    // another's reference to the hash, in a scope the caller may also write,
    // draws no bytes there. Otherwise (the caller sends what someone else
    // attached on a shared device) every scope the caller may write.
    std::set<std::string> own;
    std::int64_t claimedSize = 0;     // the largest size those records give; 0: a thumbnail's, unknown
    std::set<std::int64_t> ownClaims; // the sizes the references in those scopes give
    std::set<std::string> ownKinds;   // …and the kinds they say the file is
    // The kinds the records the caller may read say the file is; unknown
    // when one of them says none (listed before the server kept kinds).
    std::set<std::string> readableKinds;
    bool readableKindsKnown = true;
    std::int64_t layout = 0;     // the caller's upload's size: what it sent for, if still claimed, else the largest
    std::optional<BlobRow> blob; // what the server holds, if anything
    std::map<std::int64_t, std::string> chunkHashes;                   // the complete file's: index -> SHA-256
    std::map<std::int64_t, BlobPart> callerParts;                      // until then, everything the caller sent
    std::map<std::int64_t, std::string> ownParts;                      // …of it, what was sent for its layout
    std::map<std::string, std::map<std::int64_t, std::string>> proofs; // scope -> index -> what its writers sent

    bool complete() const { return blob && blob->complete; }
    // The file's once it is whole and has reached one of the caller's
    // scopes; until then what the caller's records say. A record naming
    // another ward's hash learns neither that the server holds the file nor
    // how large it is.
    bool reachedCaller = false; // a readable scope's writers sent a chunk of the whole file (loadHoldings)
    std::int64_t size() const
    {
        if (complete() && reachedCaller)
            return blob->size;
        return own.empty() ? claimedSize : layout;
    }
    std::int64_t chunks() const { return size() > 0 ? chunkCount(size()) : 1; }

    // A scope's writers sent chunk `index` of the file as it is.
    bool proven(const std::string &scope, std::int64_t index) const
    {
        const auto sent = proofs.find(scope);
        const auto real = chunkHashes.find(index);
        if (sent == proofs.end() || real == chunkHashes.end())
            return false;
        const auto it = sent->second.find(index);
        return it != sent->second.end() && it->second == real->second;
    }

    // A writer is told what its own scopes lack, so it sends whatever any of
    // them has not had from its writers (a dedupe does not hand over bytes),
    // and before the file is whole what it sent itself; a reader what any
    // scope it reads can give it.
    std::vector<std::int64_t> have() const
    {
        std::vector<std::int64_t> out;
        for (std::int64_t i = 0; i < chunks(); ++i) {
            auto provenIn = [&](const std::string &s) { return proven(s, i); };
            bool ok = false;
            if (!complete())
                ok = !own.empty() && ownParts.count(i) > 0;
            else if (own.empty())
                ok = std::any_of(readable.begin(), readable.end(), provenIn);
            else
                ok = std::all_of(own.begin(), own.end(), provenIn);
            if (ok)
                out.push_back(i);
        }
        return out;
    }
    bool readableChunk(std::int64_t index) const
    {
        return std::any_of(readable.begin(), readable.end(), [&](const std::string &s) { return proven(s, index); });
    }
    // Whether a reader's records let it have a file beginning with `head`:
    // one of them must say the kind it is. A file whole on the server may
    // since have been listed as another kind (an edit of the entry), and a
    // reader would get a GIF named as a PDF.
    bool readableAs(std::string_view head) const
    {
        return !readableKindsKnown || std::any_of(readableKinds.begin(), readableKinds.end(),
                                                  [&](const std::string &kind) { return bytesMayBe(kind, head); });
    }
    std::string readableKindsText() const
    {
        std::string out;
        for (const std::string &kind : readableKinds)
            out += (out.empty() ? "" : ", ") + kind;
        return out;
    }
};

Standing standingOf(StoreTx &tx, const Caller &caller, const std::string &sha256)
{
    Standing s;
    std::vector<const BlobReferrer *> writable;
    const std::vector<BlobReferrer> referrers = tx.blobReferrers(sha256);
    for (const BlobReferrer &r : referrers) {
        if (!caller.mayRead(r.scope))
            continue;
        s.readable.insert(r.scope);
        const std::vector<std::string> kinds = listedKinds(r.kinds);
        s.readableKinds.insert(kinds.begin(), kinds.end());
        s.readableKindsKnown = s.readableKindsKnown && !kinds.empty();
        if (caller.mayWrite(r.scope))
            writable.push_back(&r);
        s.claimedSize = std::max(s.claimedSize, r.size);
    }
    // References from before their adder was kept ("") count as everyone's.
    auto listedByCaller = [&](const BlobReferrer *r) { return r->addedBy.empty() || r->addedBy == caller.user; };
    const bool listedAny = std::any_of(writable.begin(), writable.end(), listedByCaller);
    for (const BlobReferrer *r : writable)
        if (!listedAny || listedByCaller(r)) {
            s.own.insert(r->scope);
            s.ownClaims.insert(r->size);
            for (std::string &kind : listedKinds(r->kinds))
                s.ownKinds.insert(std::move(kind));
        }
    return s;
}

std::map<std::int64_t, std::string> hashesOf(const std::map<std::int64_t, BlobPart> &parts)
{
    std::map<std::int64_t, std::string> out;
    for (const auto &[index, part] : parts)
        out[index] = part.hash;
    return out;
}

void loadHoldings(StoreTx &tx, const Caller &caller, const std::string &sha256, Standing &s)
{
    s.blob = tx.loadBlob(sha256);
    s.chunkHashes.clear();
    s.callerParts.clear();
    s.ownParts.clear();
    if (!s.own.empty())
        s.layout = *s.ownClaims.rbegin();
    if (s.complete()) {
        s.chunkHashes = hashesOf(tx.blobParts(sha256, s.blob->uploader));
    } else if (!s.own.empty()) {
        // A record listing the same hash with another size, even in the
        // same scope, does not change the layout of an upload under way.
        s.callerParts = tx.blobParts(sha256, caller.user);
        const std::map<std::int64_t, BlobPart> &parts = s.callerParts;
        if (!parts.empty() && s.ownClaims.count(parts.begin()->second.size))
            s.layout = parts.begin()->second.size;
        for (const auto &[index, part] : parts)
            if (part.size == s.layout)
                s.ownParts[index] = part.hash;
    }
    for (const BlobProof &p : tx.blobProofs(sha256))
        s.proofs[p.scope][p.index] = p.hash;
    s.reachedCaller = std::any_of(s.readable.begin(), s.readable.end(), [&](const std::string &scope) {
        const auto sent = s.proofs.find(scope);
        return sent != s.proofs.end() && std::any_of(sent->second.begin(), sent->second.end(),
                                                     [&](const auto &entry) { return s.proven(scope, entry.first); });
    });
}

nlohmann::json progress(const Standing &s)
{
    const std::vector<std::int64_t> have = s.have();
    const bool complete = s.complete() && static_cast<std::int64_t>(have.size()) == s.chunks();
    return {{"have", have.size()}, {"chunks", s.chunks()}, {"complete", complete}};
}

// The running hash of one uploader's chunks of one blob.
std::string runningKey(const std::string &sha256, const std::string &uploader) { return sha256 + '/' + uploader; }

// Takes a chunk into the uploader's own parts of a blob not yet whole; the
// last one makes the whole, checked against its name.
Status takePart(StoreTx &tx, RunningBlobHashes &running, const std::string &uploader, const std::string &sha256,
                std::int64_t size, std::int64_t index, const std::string &hash, std::string_view bytes, Standing &s)
{
    const std::string key = runningKey(sha256, uploader);
    std::map<std::int64_t, BlobPart> &parts = s.callerParts; // read under the blob's lock (loadHoldings)
    // Sent for another size (the uploader's record said another then): not this file's layout.
    if (std::any_of(parts.begin(), parts.end(), [&](const auto &p) { return p.second.size != size; })) {
        tx.dropBlobParts(sha256, uploader, false);
        running.forget(key);
        parts.clear();
    }
    tx.saveBlobPart(sha256, uploader, size, index, hash, bytes, unixNow());
    parts[index] = BlobPart{hash, size};
    std::map<std::int64_t, std::string> held = hashesOf(parts);
    running.stored(key, held, index, bytes);
    s.ownParts = held;
    if (static_cast<std::int64_t>(held.size()) < s.chunks())
        return {};
    const std::optional<std::string> whole = running.whole(
        key, held, s.chunks(), index, bytes, [&](std::int64_t i) { return tx.loadBlobPart(sha256, uploader, i); });
    if (whole != sha256) {
        tx.dropBlobParts(sha256, uploader, false);
        return errorOf(Msg::ChunkHashMismatch);
    }
    // The file is whole, from this uploader's bytes; what others were
    // sending is compared with it from now on, no longer kept.
    tx.completeBlob(sha256, size, uploader);
    tx.dropBlobParts(sha256, uploader, true);
    s.blob->complete = true;
    s.blob->size = size;
    s.blob->uploader = uploader;
    s.chunkHashes = held;
    return {};
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
    loadHoldings(*tx, caller, sha256, s);
    nlohmann::json body = progress(s);
    body["have"] = s.have();
    body["sha256"] = sha256;
    body["size"] = s.size();
    return {200, std::move(body)};
}

std::optional<BlobReply> BlobService::refuseSender(const Caller &caller, const std::string &sha256)
{
    if (!isSha256Hex(sha256))
        return notASha();
    auto tx = m_store.beginRead();
    if (standingOf(*tx, caller, sha256).own.empty())
        return failure(errorOf(Msg::BlobNotReferenced));
    return std::nullopt;
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
    // Hashed before the blob's lock is taken (a megabyte takes a while).
    // Over HTTP a sender who may not send it was refused from the head
    // (refuseSender); whether it still may is decided under the lock.
    const std::string hash = sha256Hex(bytes);
    auto tx = m_store.beginWrite();
    Standing s = standingOf(*tx, caller, sha256);
    if (s.own.empty())
        return failure(errorOf(Msg::BlobNotReferenced));
    // The row first, then its lock: uploads of one blob take turns (on
    // PostgreSQL two last chunks would otherwise each miss the other's).
    tx->ensureBlob(sha256, unixNow());
    loadHoldings(*tx, caller, sha256, s);
    // A thumbnail (no size given) is one chunk, as long as it comes.
    const std::int64_t size = s.size() > 0 ? s.size() : static_cast<std::int64_t>(bytes.size());
    const std::int64_t chunks = s.chunks();
    if (index < 0 || index >= chunks)
        return failure(errorOf(Msg::ChunkOutOfRange, {index, chunks}));
    if (hash != chunkSha256 || bytes.empty() || static_cast<std::int64_t>(bytes.size()) != chunkLength(size, index))
        return failure(errorOf(Msg::ChunkHashMismatch));
    // The first bytes are held to what the sender's records say the file
    // is: a page of script does not reach other devices named as a photo.
    if (index == 0)
        for (const std::string &kind : s.ownKinds)
            if (!bytesMayBe(kind, bytes))
                return failure(errorOf(Msg::ChunkKindMismatch, {kind}));
    if (s.complete()) {
        // The file is whole: bytes are compared with it, never stored again.
        if (s.chunkHashes[index] != hash)
            return failure(errorOf(Msg::ChunkHashMismatch));
    } else if (!roomFor(m_room, static_cast<std::int64_t>(bytes.size()))) {
        return failure(errorOf(Msg::BlobRoomFull)); // only bytes to be stored wait for room
    } else if (const Status st = takePart(*tx, m_running, caller.user, sha256, size, index, hash, bytes, s); !st) {
        tx->commit(); // a wrong whole stays dropped
        return failure(st.error());
    }
    // Sent by someone who may write in each of these scopes and listed the
    // file there: their readers may have it, if these are the file's bytes.
    for (const std::string &scope : s.own) {
        tx->addBlobProof(sha256, scope, index, hash);
        s.proofs[scope][index] = hash;
        s.reachedCaller = s.reachedCaller || s.proven(scope, index);
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
    loadHoldings(*tx, caller, sha256, s);
    if (index < 0 || index >= s.chunks())
        return failure(errorOf(Msg::ChunkOutOfRange, {index, s.chunks()}));
    if (!s.readableChunk(index))
        return failure(errorOf(Msg::BlobChunkMissing));
    auto bytes = tx->loadBlobPart(sha256, s.blob->uploader, index);
    if (!bytes)
        return failure(errorOf(Msg::BlobChunkMissing));
    if (index == 0 && !s.readableAs(*bytes))
        return failure(errorOf(Msg::ChunkKindMismatch, {s.readableKindsText()}));
    BlobReply r;
    r.binary = true;
    r.chunkSha256 = s.chunkHashes[index]; // checked against these bytes when they came
    r.bytes = std::move(*bytes);
    return r;
}

} // namespace kyodo::server
