// Attachments (photos, meeting papers): a record field of type
// "attachments" holds a list of references {sha256, name, mime, size,
// taken_at?, thumb?}; the bytes are a blob named by the SHA-256 of its
// content and travel on their own queue in chunks of kBlobChunkSize, after
// the records (PROTOCOL.md, "Attachments"). The list syncs like any field but
// merges by union: two people adding photos to one visit note keep both.
#pragma once

#include "result.h"
#include "schema.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kyodo {

using json = nlohmann::json;

// One chunk travels in one request; the server refuses a larger body (413).
inline constexpr std::int64_t kBlobChunkSize = 1024 * 1024;
// The header that carries a chunk's SHA-256, both ways.
inline constexpr const char *kChunkShaHeader = "Kyodo-Chunk-Sha256";
// The largest file a schema may take (max_mb), and files per field.
inline constexpr std::int64_t kMaxAttachmentMb = 200;
inline constexpr std::size_t kMaxAttachmentsPerField = 100;

struct AttachmentRef {
    std::string sha256; // 64 lowercase hex digits
    std::string name;
    std::string mime;
    std::int64_t size = 0;
    std::string takenAt; // optional
    std::string thumb;   // optional: the blob of a small preview made where it was attached

    json toJson() const;
};

bool isSha256Hex(std::string_view text);
std::string sha256Hex(std::string_view bytes);

// SHA-256 over bytes given in pieces (a file read chunk by chunk).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream &) = delete;
    Sha256Stream &operator=(const Sha256Stream &) = delete;
    void add(std::string_view bytes);
    std::string finishHex();

private:
    void *m_ctx;
};

std::int64_t chunkCount(std::int64_t size);
std::int64_t chunkLength(std::int64_t size, std::int64_t index);

// The kind a file's first kKindHeadBytes show, for the kinds with a
// signature (JPEG, PNG, GIF, WebP, PDF, HEIC); "" for any other.
inline constexpr std::size_t kKindHeadBytes = 16;
std::string kindOfBytes(std::string_view head);
// Whether a file beginning with `head` can be what `mime` says: a kind with
// a signature must show it; one without cannot be told from its bytes.
bool bytesMayBe(std::string_view mime, std::string_view head);
// The extension a file of `mime` is opened by ("pdf", "jpg"); "" for a kind without a signature.
std::string extensionOfKind(std::string_view mime);

// Whether `mime` is one of `accept` ("image/*" takes every image type).
bool mimeAccepted(const std::vector<std::string> &accept, std::string_view mime);
std::string humanSize(std::int64_t bytes); // "2.4 MB"

// The value of an attachments field, checked against its definition.
Result<std::vector<AttachmentRef>> parseAttachments(const FieldDef &def, const json &value);

// The union merge: what the server holds, plus what the editor added since
// what it saw, minus what the editor removed since then; an entry both kept
// and changed by the editor (renamed) takes the editor's version.
json mergeAttachmentLists(const json &server, const json &seen, const json &mine);

bool hasAttachmentFields(const TypeDef &type);

// One file a record lists, as stored: every walk over "the files of a
// record" (what a device keeps, fetches, finds; what the server counts)
// reads them through forEachListedFile, which skips what is not an entry
// with a hash. `thumb` and `size` are empty / 0 when the entry has none.
struct ListedFile {
    const FieldDef &field;
    const json &entry;
    std::string sha256;
    std::string thumb;
    std::int64_t size = 0;
};
void forEachListedFile(const TypeDef &type, const json &fields, const std::function<void(const ListedFile &)> &visit);
// One blob as a record lists it: the size its entry gives (0 for a
// thumbnail) and the kinds its entries say it is (a thumbnail is a JPEG),
// sorted and separated by spaces, so the server can hold the bytes to them.
struct ListedBlob {
    std::int64_t size = 0;
    std::string kinds;
    bool operator==(const ListedBlob &) const = default;
};
// The blobs a record of `type` lists; empty for a type without attachments fields.
std::map<std::string, ListedBlob> blobsListed(const TypeDef &type, const json &fields);
// The kinds of ListedBlob::kinds, one by one.
std::vector<std::string> listedKinds(const std::string &kinds);

// Every blob (files and thumbnails) the record's attachment fields name.
std::set<std::string> referencedBlobs(const TypeDef &type, const json &fields);

} // namespace kyodo
