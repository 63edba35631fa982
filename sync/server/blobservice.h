// The bytes of attachments (PROTOCOL.md "Attachments"): a blob's status, its
// chunks up and down. It speaks Store, answers with the HTTP status the
// protocol gives each outcome, and httpapi.cpp only carries them.
//
// Who may do what, decided anew on every request from the records as they
// are now (a record moved or deleted takes its rights along):
//  1. A blob is reachable through the LIVE records that list it (as sha256 or
//     thumb); blob_refs is kept in the transaction of every record write
//     (pushservice.cpp), so it always agrees with the records.
//  2. Upload: one such record in a scope the caller may write. The chunk's
//     bytes must match the header's SHA-256 and the length the record's size
//     gives; the server keeps them once and notes, for the scopes the upload
//     is for, that their writers sent that chunk (a proof of possession).
//     Those are the scopes where the caller listed the file themselves
//     (blob_refs.added_by; a reference from before that was kept is
//     everyone's), or, when there are none, every such scope of the caller.
//     Someone else's reference to the hash in a scope the caller may also
//     write draws no proof there: a file uploaded for one ward does not
//     reach another ward whose record only names its hash.
//  3. Download and status: one such record in a scope the caller may read,
//     and for a chunk, that scope's proof of it. Knowing a hash, or listing
//     it in a record, is never enough to be handed bytes that someone else
//     sent elsewhere: a scope's writers send every chunk once themselves.
//  4. Until a blob is whole, each uploader's chunks are kept apart, laid out
//     by the size that uploader's records give: nobody's bytes or size claim
//     can mix into another's upload, so nobody can stop one. When the last of
//     an uploader's chunks arrives, the whole SHA-256 of theirs is checked; on
//     a mismatch they are dropped (422), else they are the blob and everyone
//     else's are dropped.
//  5. A whole blob is fixed: its size and each chunk's hash. Other bytes for
//     a chunk are refused (422); the same bytes are a proof of possession. A
//     proof keeps the hash of what was sent, and counts only for the chunk of
//     the whole file with that hash: bytes sent before it was whole give a
//     scope nothing unless they were the file's.
// A thumbnail's entry gives no size: it is one chunk, as long as it comes.
#pragma once

#include "auth.h"
#include "blobhashes.h"
#include "diskroom.h"
#include "schema.h"
#include "store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kyodo::server {

class Metrics;

struct BlobReply {
    int status = 200;
    nlohmann::json body;          // JSON, unless binary
    bool binary = false;          // body is `bytes`, application/octet-stream
    std::string bytes = {};       // a chunk's bytes
    std::string chunkSha256 = {}; // sent as Kyodo-Chunk-Sha256 (attachment.h) with the bytes
};

class BlobService {
public:
    explicit BlobService(Store &store, Metrics *metrics = nullptr, DiskRoom room = {})
        : m_store(store), m_metrics(metrics), m_room(std::move(room))
    {}

    BlobReply status(const Caller &caller, const std::string &sha256);
    BlobReply upload(const Caller &caller, const std::string &sha256, std::int64_t index,
                     const std::string &chunkSha256, std::string_view bytes);
    BlobReply download(const Caller &caller, const std::string &sha256, std::int64_t index);
    // The 403 an upload of a chunk of `sha256` gets from this caller (2.),
    // or the 400 of a name that is no SHA-256, decided before its body is
    // read; nothing when it may send.
    std::optional<BlobReply> refuseSender(const Caller &caller, const std::string &sha256);

private:
    Store &m_store;
    Metrics *m_metrics;
    DiskRoom m_room;
    RunningBlobHashes m_running;
};

} // namespace kyodo::server
